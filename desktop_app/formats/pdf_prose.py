"""The Markdown people type into postmortems, shown in PDFs as formatting rather than as punctuation.

Narrative sections, timeline descriptions and notes often hold Markdown pasted from a
wiki or a chat: fenced code blocks, `code` spans, **bold**, headings, quotes, bullet
lists and links (``[text](url)`` and bare ``https://`` addresses become clickable). Printed as typed they read as noise (```` ``` ````, ``####``, backticks);
this module turns them into what the writer meant, for reportlab paragraphs:

* ``mark_blocks`` reads the block structure line by line (fences, headings, quotes,
  list bullets, table rows) and returns plain lines, each code, heading or quote line
  tagged with a private-use marker character that survives clipping and splitting;
* ``line_markup`` turns one marked line into safe paragraph markup: code in the
  monospaced font with its indentation kept, headings bold, quotes muted, and in
  other lines `code`, **bold** and ``[text](https://…)`` links formatted;
* ``prose`` does both for a whole field, optionally clipped like ``pdf_text.markup``.

Everything else is literal: ``<b>``, ``&amp;`` and single ``*`` print exactly as typed,
and every piece of user text is escaped (``pdf_text``). The markup is in logical order;
``pdf_text.BidiParagraph`` puts each wrapped line of right-to-left text in visual order.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from desktop_app.formats.pdf_text import clean, clip, escape, runs_markup
from desktop_app.formats.text_direction import starts_right_to_left

CODE = "\ue000"  # the line is code (monospaced, indentation kept)
HEADING = "\ue001"  # the line was a Markdown heading (bold)
QUOTE = "\ue002"  # the line was quoted with ``>`` (muted)
TABLE = "\ue003"  # the line is a row of a pipe table (``| a | b |``)
NOTE = "\ue004"  # a footnote definition: NOTE, its label, ``]``, its text
MARKERS = (CODE, HEADING, QUOTE, TABLE, NOTE)
BULLET = "•"
#: Starts each continuation of a wrapped code line.
CONTINUATION = "↪"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_ITEM = re.compile(r"^([ \t]*)[-*+][ \t]+(.*)$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]{1,20})\]:[ \t]*(.*)$")
_NOTE_NEXT = re.compile(r"[ \t]+(?=\[\^[^\]\s]{1,20}\]:(?:[ \t]|$))")  # another definition on the same line
_INLINE = re.compile(
    r"(?P<ticks>`+)(?P<code>[^`\n]|[^\n]*?[^`\n])(?P=ticks)(?!`)"
    r"|\*\*(?P<bold>[^\s*](?:[^\n]*?[^\s*])?)\*\*"
    r"|(?<!\w)__(?P<bold2>[^\s_](?:[^\n]*?[^\s_])?)__(?!\w)"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s)]+)\)"
    r"|(?<![\w/])(?P<bare>https?://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]])"
    r"|\[\^(?P<note>[^\]\s]{1,20})\]"  # a footnote reference, [^5]: shown as a superscript 5
    r"|<(?P<auto>(?:https?://|mailto:)[^\s<>]+)>"  # a CommonMark autolink: the address, without its brackets
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)  # HTML comments are never shown by a Markdown renderer
_MARKER_RUN = re.compile(f"[{''.join(MARKERS)}]")
_LINK_COLOUR = "#2F4B7C"  # pdf_styles.ACCENT
_MUTED_COLOUR = "#616E7C"  # pdf_styles.MUTED


def mark_blocks(text: str, *, code: bool = True) -> str:
    """``text`` with Markdown block syntax resolved into marked lines (see the module docstring).

    Fence lines disappear and the lines between them are code (an unclosed fence runs to
    the end, as in CommonMark); blank lines inside code are kept as empty code lines.
    With ``code=False`` (the executive summary) a fenced block becomes one muted line
    saying how long it is. HTML comments (``<!-- more -->``) disappear, as in any
    Markdown renderer. Headings lose their ``#``, quotes their ``>``, bullets become
    ``•``; thematic breaks (``---``) disappear; table rows are marked ``TABLE`` (see
    ``pipe_table``). A footnote definition (``[^1]: text``, its indented continuation
    lines joined to it, several on one line split) becomes one ``NOTE`` line each.
    """
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    fence = ""
    fenced = 0
    note = -1  # the index in ``out`` of the footnote definition that indented lines continue
    for line in text.split("\n"):
        if note >= 0 and not fence and line[:1].isspace() and line.strip():
            out[note] += (" " if out[note][-1] != "]" else "") + line.strip()
            continue
        note = -1
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = ""
                if not code:
                    out.append(_code_left_out(fenced))
            elif code:
                out.append(CODE + line.expandtabs(4))
            else:
                fenced += 1
            continue
        if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end():]):
            fence, fenced = opening.group(1), 0
            continue
        if _RULE.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append(HEADING + heading.group(1) if heading.group(1).strip() else "")
            continue
        quote = _QUOTE.match(line)
        if quote:
            out.append(QUOTE + quote.group(1) if quote.group(1).strip() else "")
            continue
        if _TABLE_ROW.match(line):
            out.append(TABLE + line.strip())
            continue
        definition = _NOTE_DEF.match(line)
        if definition:
            for part in _NOTE_NEXT.split(f"[^{definition.group(1)}]: {definition.group(2)}"):
                label, _, rest = part[2:].partition("]:")
                out.append(f"{NOTE}{label}]{rest.strip()}")
            note = len(out) - 1
            continue
        item = _ITEM.match(line)
        if item:
            out.append(f"{item.group(1)}{BULLET} {item.group(2)}")
            continue
        out.append(line)
    if fence and not code:
        out.append(_code_left_out(fenced))
    return "\n".join(out)


def _code_left_out(lines: int) -> str:
    noun = "line" if lines == 1 else "lines"
    return f"{QUOTE}[{lines:,} {noun} of code, in the full report]"


def _plain_inline(line: str) -> str:
    """``line`` with its inline Markdown markers dropped (for right-to-left lines)."""

    def plain(match: re.Match[str]) -> str:
        for name in ("code", "bold", "bold2", "label", "bare", "note", "auto"):
            if match.group(name) is not None:
                return match.group(name)
        return match.group(0)

    return _INLINE.sub(plain, line)


def _indent(line: str) -> str:
    """Leading spaces as no-break spaces, so reportlab keeps them."""
    stripped = line.lstrip(" ")
    return "\u00a0" * (len(line) - len(stripped)) + stripped


def code_markup(line: str) -> str:
    """Markup for one line of code: monospaced, every space kept (as a no-break space)."""
    return runs_markup(line.replace(" ", "\u00a0"), mono=True)


def wrap_code(line: str, per_line: int) -> list[str]:
    """``line`` of code cut into lines of at most ``per_line`` width units (wide characters count two).

    Each continuation line starts with ``CONTINUATION`` and a space (so it holds two
    units less). A cut falls after a space when one is in the last half of the room;
    joined without those marks, the lines give back ``line`` exactly.
    """
    per_line = max(8, per_line)
    out: list[str] = []
    start = 0
    while True:
        room = per_line if not out else per_line - 2
        used = 0
        end = len(line)
        for index in range(start, len(line)):
            used += 2 if unicodedata.east_asian_width(line[index]) in ("W", "F") else 1
            if used > room:
                end = _code_cut(line, start, index, room)
                break
        piece = line[start:end]
        out.append(piece if not out else f"{CONTINUATION} {piece}")
        if end >= len(line):
            return out
        start = end


def _code_cut(line: str, start: int, index: int, room: int) -> int:
    """Where a code line that overflows at ``index`` is cut: after a space in the last half of the room
    (an earlier one when the later would leave a stub of a few characters), else at ``index``."""
    space = line.rfind(" ", start, index)
    if space < 0 or space + 1 - start < room * 0.5:
        return max(index, start + 1)
    if len(line) - space - 1 < 8:
        earlier = line.rfind(" ", start, space)
        if earlier >= 0 and earlier + 1 - start >= room * 0.5:
            return earlier + 1
    return space + 1


def pipe_table(lines: list[str]) -> tuple[list[str] | None, list[list[str]]] | None:
    """The header (or ``None``) and body rows of a Markdown pipe table, each a list of cell texts.

    ``lines`` are the table's rows (without their ``TABLE`` marker). A separator row
    (``| --- | :-: |``) makes the row above it the header; a header or first row whose
    cells are all empty is dropped. ``None`` when ``lines`` are not a table: fewer than
    two rows of cells. ``\\|`` is a literal pipe inside a cell.
    """
    rows: list[list[str]] = []
    header: list[str] | None = None
    for line in lines:
        if _TABLE_SEPARATOR.match(line):
            if len(rows) == 1 and header is None:
                header = rows.pop()
            continue
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
        rows.append([cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(inner)])
    if header is not None and not any(header):
        header = None
    elif header is None and rows and not any(rows[0]) and len(rows) > 1:
        rows.pop(0)
    if header is None and len(lines) < 2 or not (rows or header):
        return None
    width = max(len(row) for row in [*rows, *([header] if header else [])])
    def pad(row: list[str]) -> list[str]:
        return row + [""] * (width - len(row))
    return (pad(header) if header else None), [pad(row) for row in rows]


def note_parts(line: str) -> tuple[str, str]:
    """The label and text of a ``NOTE`` line."""
    label, _, text = line[1:].partition("]")
    return label, text


def line_markup(line: str, *, bold: bool = False) -> str:
    """Paragraph markup for one line of ``mark_blocks`` output (indentation kept)."""
    if line.startswith((CODE, TABLE)):
        return code_markup(line[1:])
    if line.startswith(NOTE):
        label, text = note_parts(line)
        return f"<super>{runs_markup(label)}</super>\u00a0{_inline_markup(text, bold)}"
    colour = None
    if line.startswith(HEADING):
        line, bold = line[1:], True
    elif line.startswith(QUOTE):
        line, colour = line[1:], _MUTED_COLOUR
    result = _inline_markup(_indent(line), bold)
    return f'<font color="{colour}">{result}</font>' if colour and result else result


def _inline_markup(line: str, bold: bool) -> str:
    parts: list[str] = []
    last = 0
    for match in _INLINE.finditer(line):
        parts.append(runs_markup(line[last : match.start()], bold=bold))
        last = match.end()
        if match.group("code") is not None:
            code = match.group("code")
            if len(code) > 2 and code.startswith(" ") and code.endswith(" "):
                code = code[1:-1]
            parts.append(runs_markup(code, mono=True))
        elif match.group("note") is not None:
            parts.append(f"<super>{runs_markup(match.group('note'), bold=bold)}</super>")
        elif match.group("label") is not None or match.group("bare") is not None or match.group("auto") is not None:
            url = match.group("url") or match.group("bare") or match.group("auto")
            label = runs_markup(match.group("label") or url, bold=bold)
            href = escape(url).replace('"', "%22").replace("'", "%27")
            parts.append(f'<a href="{href}" color="{_LINK_COLOUR}">{label}</a>')
        else:
            parts.append(runs_markup(match.group("bold") or match.group("bold2"), bold=True))
    parts.append(runs_markup(line[last:], bold=bold))
    return "".join(parts)


def aligned(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, right-aligned when the paragraph ``text`` starts in a right-to-left script."""
    if not starts_right_to_left(text):
        return style
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


def _one_marker(line: str) -> str:
    """``line`` with its leading marker only: clipping joins the last lines into one, and a
    marker left inside a line would print as a missing-glyph box."""
    head = line[:1] if line[:1] in MARKERS else ""
    return head + _MARKER_RUN.sub(" ", line[len(head):])


def prose_lines(text: str, *, bold: bool = False, limit: int | None = None,
                max_lines: int = 12, code: bool = True) -> list[tuple[str, str]]:
    """``(markup, plain text)`` of each line ``prose`` would show (the plain text tells its direction).

    ``code=False`` shows each fenced code block as one line saying how long it is."""
    marked = mark_blocks(text, code=code)
    marked = clip(marked, limit, max_lines=max_lines) if limit is not None else clean(marked)
    lines = [_one_marker(line) for line in marked.split("\n")]
    return [(line_markup(line, bold=bold), line.lstrip("".join(MARKERS))) for line in lines if line not in MARKERS]


def prose(text: str, *, bold: bool = False, limit: int | None = None, max_lines: int = 12) -> str:
    """Markup for a field of user prose: Markdown resolved, escaped, font-tagged, newlines as ``<br/>``.

    ``limit``/``max_lines`` clip as ``pdf_text.markup`` does (code and heading lines keep their look).
    """
    return "<br/>".join(m for m, _ in prose_lines(text, bold=bold, limit=limit, max_lines=max_lines))


def plain_prose(text: str) -> str:
    """``text`` as a reader sees it in the PDF, without markers or Markdown punctuation (for measuring)."""
    marked = mark_blocks(text)
    return "\n".join(_plain_inline(_plain_line(line)) for line in marked.split("\n"))


def _plain_line(line: str) -> str:
    if line.startswith(NOTE):
        label, text = note_parts(line)
        return f"{label} {text}"
    return line.lstrip("".join(MARKERS))


__all__ = ["CODE", "CONTINUATION", "HEADING", "NOTE", "QUOTE", "TABLE", "aligned", "code_markup", "line_markup",
           "mark_blocks", "note_parts", "pipe_table", "plain_prose", "prose", "prose_lines", "starts_right_to_left",
           "wrap_code"]
