"""Right-to-left text (Hebrew, Arabic) put into the visual order reportlab draws it in.

reportlab's own bidi support needs ``rlbidi``, which is not on PyPI. When the
optional packages ``arabic-reshaper`` and ``python-bidi`` are installed, Arabic is
shaped into its joined presentation forms and each line is reordered with the
Unicode bidi algorithm. Without them a small fallback reverses each right-to-left
run (keeping digit groups readable), so Hebrew reads correctly and Arabic shows
its letters unjoined. Either way no glyph is missing.

Limitation: reordering is per source line, before reportlab wraps it, so a single
right-to-left line long enough to wrap has its wrapped pieces in left-to-right line order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
