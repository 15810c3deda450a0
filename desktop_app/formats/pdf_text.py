"""User text into safe reportlab Paragraph markup: escaped, clipped, and set in fonts that have its glyphs.

Every user string goes through ``markup`` before it reaches a ``Paragraph``: ``<``,
``>`` and ``&`` are escaped (so ``a<b & c>d`` and a literal ``&amp;`` print exactly as
typed), newlines become line breaks, right-to-left lines are put in visual order, and
the text is split into runs each wrapped in the font whose character map covers it.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.formats.pdf_bidi import visual_line
from desktop_app.formats.pdf_fonts import fonts

ELLIPSIS = "…"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# A line break costs about as much room as this many narrow characters.
_NEWLINE_COST = 40


def escape(text: str) -> str:
    """``text`` with the characters that are markup in reportlab paragraphs escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_HTML_IMAGE = re.compile(r"<img\b[^<>]*?>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")


def _image_label(alt: str) -> str:
    alt = " ".join(alt.split())
    return f"[Image: {alt}]" if alt else "[Image]"


def _html_image(match: re.Match[str]) -> str:
    alt = _ALT.search(match.group(0))
    return _image_label((alt.group(1) or alt.group(2) or "") if alt else "")


def without_images(text: str) -> str:
    """Images pasted from Markdown or HTML (``![alt](url)``, ``<img alt=…>``) as ``[Image: alt]``.

    A PDF cannot fetch them, and their source is noise to a reader.
    """
    if "<" in text:
        text = _HTML_IMAGE.sub(_html_image, text)
    if "![" in text:
        text = _MARKDOWN_IMAGE.sub(lambda m: _image_label(m.group(1)), text)
    return text


def clean(text: str) -> str:
    """Plain text with unified newlines, tabs as spaces, control characters and blank lines removed.

    Images pasted as Markdown or HTML become ``[Image: alt]`` (see ``without_images``).
    """
    text = without_images(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def clean_keep_blank(text: str) -> str:
    """Like ``clean`` but blank lines stay (they separate paragraphs and belong to code blocks)."""
    text = without_images(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(line.expandtabs(4).rstrip() for line in text.split("\n"))


def clip(text: str, limit: int, *, max_lines: int = 12) -> str:
    """``text`` cut to about ``limit`` narrow-character widths and ``max_lines`` lines, ending in ``…``.

    Wide (CJK) characters count twice and each line break counts as a short line, so
    the clipped text takes about the same room on the page whatever its script.
    The cut falls on a word boundary when one is near.
    """
    text = clean(text)
    lines = text.split("\n")
    if len(lines) > max_lines:
        text = "\n".join(lines[: max_lines - 1]) + "\n" + " ".join(lines[max_lines - 1 :])
    used = 0
    for index, char in enumerate(text):
        used += _NEWLINE_COST if char == "\n" else _width(char)
        if used > limit:
            cut = text[:index]
            space = max(cut.rfind(" "), cut.rfind("\n"))
            if space >= index * 0.8:
                cut = cut[:space]
            return cut.rstrip(" \n.,;:") + ELLIPSIS
    return text


METADATA_LIMIT = 500
"""The document's title and author in its metadata are cut to this many characters, its keywords together too."""


def metadata_keywords(tags: list[str]) -> list[str]:
    """The tags for the PDF's keywords: each cleaned to one line, as many as fit in ``METADATA_LIMIT``."""
    out: list[str] = []
    used = 0
    for tag in tags:
        tag = clip(tag, METADATA_LIMIT, max_lines=1)
        if not tag:
            continue
        if out and used + len(tag) > METADATA_LIMIT:
            break
        out.append(tag)
        used += len(tag) + 2
    return out


def markup(text: str, *, bold: bool = False, limit: int | None = None, max_lines: int = 12) -> str:
    """Paragraph markup for plain user ``text``: escaped, font-tagged per script, newlines as ``<br/>``."""
    text = clip(text, limit, max_lines=max_lines) if limit is not None else clean(text)
    return "<br/>".join(_line_markup(visual_line(line), bold) for line in text.split("\n"))


def _line_markup(line: str, bold: bool) -> str:
    return runs_markup(line, bold=bold)


def runs_markup(line: str, *, bold: bool = False, mono: bool = False) -> str:
    """One line of text (already in visual order) escaped and split into runs, each in a font that has its glyphs.

    ``mono`` sets it in the monospaced font (code), falling back like the others.
    """
    font_set = fonts()
    runs: list[tuple[str, list[str]]] = []
    for char in line:
        current = runs[-1][0] if runs else None
        # Spaces stay in the current run so scripts do not fragment into one run per word.
        if current is not None and char.isspace() and ord(char) in font_set.coverage[current]:
            name = current
        else:
            name = font_set.font_for(char, bold, mono)
        if name == current:
            runs[-1][1].append(char)
        else:
            runs.append((name, [char]))
    return "".join(f'<font face="{name}">{escape("".join(chars))}</font>' for name, chars in runs)
