"""Right-to-left text (Hebrew, Arabic) put into the visual order reportlab draws it in.

reportlab's own bidi support needs ``rlbidi``, which is not on PyPI. When the
optional packages ``arabic-reshaper`` and ``python-bidi`` are installed, Arabic is
shaped into its joined presentation forms and each line is reordered with the
Unicode bidi algorithm. Without them a small fallback reverses each right-to-left
run (keeping digit groups readable), so Hebrew reads correctly and Arabic shows
its letters unjoined. Either way no glyph is missing.

Paragraphs are wrapped in logical order and only then is each wrapped line put in
visual order (``visual_order``, used by ``pdf_text.BidiParagraph`` when it draws), so
a right-to-left paragraph long enough to wrap reads line by line from the top, each
line from the right. ``visual_line`` reorders one whole line at once, for text drawn
on a single line (diagram labels, table of contents entries).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from desktop_app.formats.text_direction import starts_right_to_left

_RTL_CLASS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_CHAR = re.compile(f"[{_RTL_CLASS}]")
# An RTL run: RTL letters with any spaces, digits or neutral punctuation between them.
_RTL_RUN = re.compile(f"[{_RTL_CLASS}](?:[{_RTL_CLASS}0-9\\s.,:;!?'\"()\\-]*[{_RTL_CLASS}])?")
_DIGITS = re.compile(r"[0-9]+(?:[.,:][0-9]+)*")
_MIRROR = str.maketrans("()[]{}<>", ")(][}{><")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any Hebrew or Arabic character."""
    return _RTL_CHAR.search(text) is not None


def _reverse_run(run: str) -> str:
    parts = []
    last = 0
    for match in _DIGITS.finditer(run):
        parts.append(run[last : match.start()][::-1].translate(_MIRROR))
        parts.append(match.group(0))
        last = match.end()
    parts.append(run[last:][::-1].translate(_MIRROR))
    return "".join(reversed(parts))


def _fallback_visual(line: str) -> str:
    return _RTL_RUN.sub(lambda m: _reverse_run(m.group(0)), line)


def _library_visual() -> Callable[[str], str] | None:
    try:
        import arabic_reshaper  # type: ignore[import-not-found]
        from bidi import get_display  # type: ignore[import-not-found]
    except ImportError:
        return None

    def visual(line: str) -> str:
        return str(get_display(arabic_reshaper.reshape(line)))

    return visual


_VISUAL = _library_visual()


def uses_shaping_library() -> bool:
    """Whether ``arabic-reshaper`` and ``python-bidi`` are available and used."""
    return _VISUAL is not None


def visual_line(line: str) -> str:
    """One line of logical-order text in the order it must be drawn left to right."""
    if not has_rtl(line):
        return line
    if _VISUAL is not None:
        return _VISUAL(line)
    return _fallback_visual(line)


def _library_shape() -> Callable[[str], str] | None:
    try:
        import arabic_reshaper  # type: ignore[import-not-found]
    except ImportError:
        return None
    return lambda text: str(arabic_reshaper.reshape(text))


_SHAPE = _library_shape()
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def shape(text: str) -> str:
    """``text`` in logical order with Arabic letters in their joined presentation forms (when ``arabic-reshaper`` is installed).

    Shaping depends only on neighbouring letters, so it is done before the text is
    wrapped; each wrapped line is put in visual order afterwards.
    """
    if _SHAPE is None or _ARABIC.search(text) is None:
        return text
    return _SHAPE(text)


# The paragraph's direction: its first strongly directional character.
base_is_rtl = starts_right_to_left


def _library_order(text: str, base_level: int) -> list[tuple[int, str]] | None:
    try:
        from bidi import algorithm  # type: ignore[import-not-found]
    except ImportError:
        return None
    storage: dict[str, Any] = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = "LR"[base_level]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    return [(char["index"], char["ch"]) for char in storage["chars"]]


def _fallback_order(text: str, base_level: int) -> list[tuple[int, str]]:
    """A small version of the bidi algorithm: strong letters, numbers kept left-to-right, neutrals between."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    base = "R" if base_level else "L"
    resolved: list[str] = []
    previous = base
    for kind in kinds:
        if kind in ("R", "AL"):
            previous = "R"
            resolved.append("R")
        elif kind == "L":
            previous = "L"
            resolved.append("L")
        elif kind in ("EN", "AN"):
            resolved.append("L" if previous == "L" else "N")
        else:
            resolved.append("")
    for index, kind in enumerate(kinds):  # A separator between two digits belongs to the number.
        if (kind in ("CS", "ES") and 0 < index < len(text) - 1 and resolved[index - 1] == resolved[index + 1]
                and kinds[index - 1] in ("EN", "AN") and kinds[index + 1] in ("EN", "AN")):
            resolved[index] = resolved[index - 1]
    side = [("R" if r == "N" else r) for r in resolved]
    before: list[str] = []
    previous = base
    for direction in side:
        before.append(previous)
        previous = direction or previous
    after = [base] * len(text)
    following = base
    for index in range(len(text) - 1, -1, -1):
        after[index] = following
        following = side[index] or following
    levels: list[int] = []
    for index, direction in enumerate(resolved):
        if not direction:
            direction = before[index] if before[index] == after[index] else base
        if direction == "R":
            levels.append(1)
        elif direction == "N":
            levels.append(2)
        else:
            levels.append(2 if base_level else 0)
    end = len(text)  # Trailing spaces take the paragraph's level.
    while end > 0 and text[end - 1].isspace():
        end -= 1
        levels[end] = base_level
    order = list(range(len(text)))
    top = max(levels, default=0)
    lowest_odd = min((level for level in levels if level % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        start = None
        for pos in range(len(order) + 1):
            inside = pos < len(order) and levels[order[pos]] >= level
            if inside and start is None:
                start = pos
            elif not inside and start is not None:
                order[start:pos] = reversed(order[start:pos])
                start = None
    return [(i, text[i].translate(_MIRROR) if levels[i] % 2 else text[i]) for i in order]


def visual_order(text: str, *, rtl: bool) -> list[tuple[int, str]]:
    """One wrapped line's characters in drawing order: ``(logical index, character)``, mirrored where drawn right-to-left.

    ``rtl`` is the direction of the paragraph the line belongs to (``base_is_rtl``).
    """
    base_level = 1 if rtl else 0
    order = _library_order(text, base_level)
    return order if order is not None else _fallback_order(text, base_level)
