"""User text into safe reportlab Paragraph markup: escaped, clipped, and set in fonts that have its glyphs.

Every user string goes through ``markup`` before it reaches a ``Paragraph``: ``<``,
``>`` and ``&`` are escaped (so ``a<b & c>d`` and a literal ``&amp;`` print exactly as
typed), newlines become line breaks, Arabic is shaped, and the text is split into
runs each wrapped in the font whose character map covers it. The markup stays in
logical order: ``BidiParagraph`` wraps it and then draws each wrapped line of
right-to-left text in visual order, so every paragraph made from it must be one.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from desktop_app.formats.pdf_bidi import base_is_rtl, has_rtl, shape, visual_line, visual_order
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


def markup(text: str, *, bold: bool = False, limit: int | None = None, max_lines: int = 12,
           visual: bool = False) -> str:
    """Paragraph markup for plain user ``text``: escaped, font-tagged per script, newlines as ``<br/>``.

    The markup is in logical order, for a ``BidiParagraph``. ``visual`` puts each line in
    visual order instead, for a one-line text that a plain reportlab ``Paragraph``
    draws (the table of contents).
    """
    text = clip(text, limit, max_lines=max_lines) if limit is not None else clean(text)
    order = visual_line if visual else shape
    return "<br/>".join(_line_markup(order(line), bold) for line in text.split("\n"))


def _line_markup(line: str, bold: bool) -> str:
    return runs_markup(line, bold=bold)


def runs_markup(line: str, *, bold: bool = False, mono: bool = False) -> str:
    """One line of text escaped and split into runs, each in a font that has its glyphs.

    ``mono`` sets it in the monospaced font (code), falling back like the others.
    """
    font_set = fonts()
    line = shape(line)
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


class BidiParagraph(Paragraph):
    """A ``Paragraph`` that wraps right-to-left text in logical order, then draws each line in visual order.

    reportlab breaks lines left to right over the text as given, so text reordered
    before wrapping comes out with its lines in the wrong order (the last words of a
    Hebrew sentence on the first line). Here the markup stays logical; wrapping and
    splitting across pages work on it unchanged, and only drawing reorders the
    characters of each wrapped line with the bidi algorithm (the paragraph's
    direction taken from its first strong character, anew after each ``<br/>``).
    A paragraph that starts right-to-left and is set flush left is drawn flush right.
    """

    def draw(self) -> None:
        lines_holder = getattr(self, "blPara", None)
        if lines_holder is None or not any(has_rtl(_line_text(line)) for line in lines_holder.lines):
            super().draw()
            return
        style = self.style
        visual, starts_rtl = _visual_lines(lines_holder.lines)
        reordered = copy.copy(lines_holder)
        reordered.lines = visual
        self.blPara = reordered
        if starts_rtl and style.alignment == TA_LEFT:
            self.style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        try:
            super().draw()
        finally:
            self.blPara = lines_holder
            self.style = style


def _line_text(line: Any) -> str:
    if isinstance(line, tuple):
        return " ".join(str(word) for word in line[1])
    return "".join(getattr(frag, "text", "") or "" for frag in line.words if not hasattr(frag, "cbDefn"))


def _ends_paragraph(line: Any) -> bool:
    return not isinstance(line, tuple) and bool(getattr(line, "lineBreak", False))


def _visual_lines(lines: list[Any]) -> tuple[list[Any], bool]:
    """The wrapped ``lines`` each in visual order, and whether the first source line is right-to-left."""
    out: list[Any] = []
    first_rtl: bool | None = None
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) - 1 and not _ends_paragraph(lines[end]):
            end += 1
        rtl = base_is_rtl("".join(_line_text(line) for line in lines[start : end + 1]))
        if first_rtl is None:
            first_rtl = rtl
        out.extend(_visual_line(line, rtl) for line in lines[start : end + 1])
        start = end + 1
    return out, bool(first_rtl)


def _visual_line(line: Any, rtl: bool) -> Any:
    text = _line_text(line)
    if not has_rtl(text):
        return line
    order = visual_order(text, rtl=rtl)
    if isinstance(line, tuple):
        return (line[0], "".join(char for _, char in order).split(" "))
    owners: list[int] = []
    for number, frag in enumerate(line.words):
        if not hasattr(frag, "cbDefn"):
            owners.extend([number] * len(getattr(frag, "text", "") or ""))
    words: list[Any] = [frag for frag in line.words if hasattr(frag, "cbDefn")]
    run: list[str] = []
    owner = -1
    for index, char in order:
        if owners[index] != owner and run:
            words.append(_frag_with(line.words[owner], "".join(run)))
            run = []
        owner = owners[index]
        run.append(char)
    if run:
        words.append(_frag_with(line.words[owner], "".join(run)))
    reordered = copy.copy(line)
    reordered.words = words
    return reordered


def _frag_with(frag: Any, text: str) -> Any:
    piece = copy.copy(frag)
    piece.text = text
    return piece
