"""Building blocks of the full report PDF: headings with bookmarks, body text, tables that split.

Table cells cannot split across pages in reportlab, so any text that may be long (a
pasted stack trace, a long note) is cut by ``split_for_cell`` into pieces that each fit
well inside one page; ``long_table`` puts every further piece in its own row marked
"(continued)". Body text outside tables is one paragraph per source paragraph, which
platypus splits across pages by itself.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    LongTable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app.formats import pdf_styles as look
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_prose import (
    BULLET,
    CODE,
    CONTINUATION,
    HEADING,
    MARKERS,
    NOTE,
    QUOTE,
    TABLE,
    aligned,
    code_markup,
    line_markup,
    mark_blocks,
    note_parts,
    pipe_table,
    prose_lines,
    starts_right_to_left,
    wrap_code,
)
from desktop_app.formats.pdf_pieces import pieces
from desktop_app.formats.pdf_text import BidiParagraph, clean, clean_keep_blank, clip, escape, markup

CONTINUED = "(continued)"
CELL_TOP_PADDING = 2.5
#: A fishbone diagram moves to the next page rather than be drawn smaller than this share of its page size.
DIAGRAM_MIN_SHARE = 0.85
#: A table cell piece is cut to about this many lines: small, so the pieces of a long cell fill each
#: page (a page holds about 70 lines of cell text) instead of leaving the foot of every page empty.
CELL_MAX_LINES = 8
#: Average width of a narrow character as a share of the font size (DejaVu Sans averages about 0.55).
NARROW_EM = 0.5
LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
#: A heading shows at most about this many characters (three lines), its bookmark and contents line fewer.
HEADING_LIMIT = 240
OUTLINE_LIMIT = 120
#: A longer address is shown as text, not made a link (PDF readers and browsers refuse such links anyway).
MAX_LINK_CHARS = 8000


class Heading(BidiParagraph):
    """A section heading that becomes a PDF bookmark, an outline entry and a contents line.

    ``key`` names the bookmark; ``level`` 0 is a section, 1 a subsection.
    """

    def __init__(self, title: str, style: ParagraphStyle, *, key: str, level: int, text: str | None = None) -> None:
        super().__init__(text if text is not None else markup(title, bold=True, limit=HEADING_LIMIT, max_lines=3),
                         style)
        self.outline_title = clip(title, OUTLINE_LIMIT, max_lines=1)
        self.key = key
        self.level = level


class HeadingKeys:
    """Bookmark keys, the same on every build pass of the document."""

    def __init__(self) -> None:
        self._count = 0

    def next(self) -> str:
        self._count += 1
        return f"section-{self._count}"


def _width_units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def chars_per_line(width: float, font_size: float) -> int:
    """How many narrow characters surely fit on one line of ``width`` points."""
    return max(8, int(width / (font_size * NARROW_EM)))


def _cut_at(line: str, start: int, room: int) -> int:
    """The end of the part of ``line`` from ``start`` that takes at most ``room`` width units (at a space if one is near)."""
    used = 0
    for index in range(start, len(line)):
        used += 2 if unicodedata.east_asian_width(line[index]) in ("W", "F") else 1
        if used > room:
            space = line.rfind(" ", start, index)
            return space + 1 if space - start >= (index - start) * 0.7 else max(index, start + 1)
    return len(line)


def _lines_needed(units: int, per_line: int) -> int:
    return max(1, math.ceil(units / per_line))


def split_for_cell(text: str, *, per_line: int, max_lines: int = CELL_MAX_LINES) -> list[str]:
    """``text`` cut into pieces that each wrap to at most about ``max_lines`` lines of ``per_line`` characters.

    Pieces break between source lines where possible, and inside a line (at a space if
    one is near) only when the line alone is too long. Always returns at least one piece.
    Linear in the length of ``text``: a long line is walked once, never copied per cut.
    """
    text = _squeeze(text)
    pieces_out: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        start = 0
        units = _width_units(line)  # of the part of the line not yet placed
        need = _lines_needed(units, per_line)
        while True:
            if not line and not current:
                break  # a paragraph break never opens a piece
            if used + need <= max_lines:
                current.append(line[start:] if start else line)
                used += need
                break
            if current and need <= max_lines:
                pieces_out.append("\n".join(current))
                current, used = [], 0
                continue
            # The (rest of the) line overflows what is left: take what fits, carry the rest.
            room_lines = max_lines - used
            if room_lines <= 0:
                pieces_out.append("\n".join(current))
                current, used = [], 0
                room_lines = max_lines
            end = _cut_at(line, start, room_lines * per_line)
            current.append(line[start:end])
            pieces_out.append("\n".join(current))
            current, used = [], 0
            if end >= len(line):
                break
            units -= _width_units(line[start:end])
            need = _lines_needed(units, per_line)
            start = end
    if current or not pieces_out:
        pieces_out.append("\n".join(current))
    return [piece.rstrip("\n") for piece in pieces_out]


def _squeeze(text: str) -> str:
    """``text`` cleaned (``pdf_text.clean_keep_blank``), each run of blank lines between paragraphs one empty line."""
    lines = clean_keep_blank(text).split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip():
            out.append(line)
        elif out and out[-1]:
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _unblank(text: str) -> str:
    """``text`` cleaned (``pdf_text.clean_keep_blank``) without blank lines, every line's indentation kept."""
    return "\n".join(line for line in clean_keep_blank(text).split("\n") if line.strip())


def indented(text: str) -> str:
    """Markup for ``text`` (Markdown resolved, see ``pdf_prose``) with each line's leading spaces kept."""
    return "<br/>".join(line_markup(line) for line in _unblank(text).split("\n") if line not in MARKERS)


def cell_content(piece: str, style: ParagraphStyle, prefix: str = "") -> Any:
    """A piece of a long cell (``split_for_cell`` of ``mark_blocks`` output) as the cell's content.

    Plain lines are one paragraph (``prefix`` markup opens it); a piece with paragraph
    breaks, code, a table or footnotes is a list of flowables like ``body`` makes, code
    in its shaded box.
    """
    lines = piece.split("\n") if piece else []
    if not any(not line or line[:1] in (CODE, TABLE, NOTE) for line in lines):
        text = indented(piece) if piece else ""
        return CellParagraph(prefix + ("<br/>" + text if prefix and text else text), style)
    content = blocks(lines, style)
    if content and isinstance(content[-1], (CodeBlock, PipeTable)):
        content.append(Spacer(1, 3))  # the box's shading stays clear of the rule under the row
    return [CellParagraph(prefix, style), *content] if prefix else content


@lru_cache(maxsize=1)
def _block_styles() -> dict[str, ParagraphStyle]:
    s = look.styles()
    f = fonts()
    return {
        "code": ParagraphStyle("b-code", parent=s.body, fontName=f.mono, fontSize=7.6, leading=9.8,
                               backColor=look.CODE_BACK, borderPadding=(3, 5, 3, 5), leftIndent=5,
                               rightIndent=5, spaceBefore=4, spaceAfter=4, textColor=look.INK, splitLongWords=1),
        "note": ParagraphStyle("b-note", parent=s.note, spaceBefore=1.5, leftIndent=12, bulletIndent=0,
                               bulletFontName=f.regular, bulletFontSize=s.note.fontSize),
    }


class FitToWidth(Flowable):
    """Flowables built for the width they are given (code wrapped to it, a table's columns shared out).

    Subclasses say what to build in ``build``; the parts are built once per width and
    stack without gaps of their own. Across pages the block splits into its parts.
    """

    def __init__(self, space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._built: tuple[float, list[Flowable]] | None = None

    def build(self, width: float) -> list[Flowable]:
        raise NotImplementedError

    def parts(self, width: float) -> list[Flowable]:
        if self._built is None or self._built[0] != width:
            self._built = (width, self.build(width))
        return self._built[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._heights = [part.wrap(availWidth, availHeight)[1] for part in self.parts(availWidth)]
        self.width, self.height = availWidth, sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self.parts(availWidth)
        return list(parts) if len(parts) > 1 else parts[0].split(availWidth, availHeight)

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self._built[1] if self._built else [], self._heights, strict=False):
            y -= height
            part.drawOn(self.canv, 0, y)


class CodeBlock(FitToWidth):
    """Lines of code in a shaded monospaced box: every space kept, a long line wrapped with ``↪`` marks."""

    def __init__(self, lines: list[str]) -> None:
        self.style = _block_styles()["code"]
        super().__init__(self.style.spaceBefore, self.style.spaceAfter)
        self.lines = lines

    def visual_lines(self, width: float) -> list[str]:
        """The lines as drawn at ``width`` (long ones wrapped, see ``pdf_prose.wrap_code``)."""
        style = self.style
        char = stringWidth("0", style.fontName, style.fontSize)
        per_line = int((width - style.leftIndent - style.rightIndent) / char)
        return [part for line in self.lines for part in wrap_code(line, per_line)]

    def build(self, width: float) -> list[Flowable]:
        mark = f'<font color="{look.MUTED.hexval()}">{code_markup(CONTINUATION)}</font>'

        def convert(line: str) -> str:
            if line.startswith(CONTINUATION + " "):
                return mark + code_markup(line[1:])
            return code_markup(line)

        return list(paragraphs(self.visual_lines(width), self.style, convert=convert))


#: A cell of a pipe table shows at most about this many characters (a table cell cannot split across pages).
TABLE_CELL_LIMIT = 1200


class PipeTable(FitToWidth):
    """A Markdown pipe table as a table in the report's look: header shaded, cells wrapped, text escaped.

    The columns share the width in proportion to their longest cell (within bounds).
    ``compact`` (the executive summary) uses smaller padding.
    """

    def __init__(self, header: list[str] | None, rows: list[list[str]], *, compact: bool = False) -> None:
        super().__init__(3 if compact else 4, 3 if compact else 6)
        self.header, self.rows, self.compact = header, rows, compact

    def cells(self) -> list[list[str]]:
        """Every row's cell texts, the header first when there is one."""
        return [*([self.header] if self.header else []), *self.rows]

    def column_widths(self, width: float) -> list[float]:
        """Each column as wide as its longest cell when all fit in ``width``; else the narrow columns
        keep their width and the wide ones share the rest in proportion to theirs."""
        texts = self.cells()
        size = look.styles().cell.fontSize
        natural = [max(stringWidth(clean(row[c])[:400], fonts().bold if self.header and row is texts[0]
                                   else fonts().regular, size) for row in texts) + 12 for c in range(len(texts[0]))]
        if sum(natural) <= width:
            return natural
        fair = width / len(natural)
        fixed = {c: w for c, w in enumerate(natural) if w <= fair * 0.8}
        rest = width - sum(fixed.values())
        wide = sum(w for c, w in enumerate(natural) if c not in fixed)
        return [fixed.get(c, rest * w / wide) for c, w in enumerate(natural)]

    def build(self, width: float) -> list[Flowable]:
        s = look.styles()
        texts = self.cells()
        widths = self.column_widths(width)

        def cell(text: str, style: ParagraphStyle) -> BidiParagraph:
            text = clip(text, TABLE_CELL_LIMIT, max_lines=20)
            return BidiParagraph(line_markup(text), aligned(style, text))

        data = [[cell(text, s.cell) for text in row] for row in texts]
        commands = style_commands(zebra=False, hairlines=True)
        pad = 2 if self.compact else 3
        commands += [("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                     ("LINEABOVE", (0, 0), (-1, 0), 0.4, look.RULE)]
        if self.header:
            data[0] = [cell(text, s.cell_strong) for text in self.header]
            commands += [("BACKGROUND", (0, 0), (-1, 0), look.TILE)]
        else:
            commands = [c for c in commands if c[:3] != ("LINEBELOW", (0, 0), (-1, 0))]
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.4, look.RULE))
        table = LongTable(data, colWidths=widths, repeatRows=1 if self.header else 0, hAlign="LEFT",
                          style=TableStyle(commands), spaceBefore=self.spaceBefore, spaceAfter=self.spaceAfter)
        return [table]


def paragraphs(lines: list[str], style: ParagraphStyle, *, bullet: str | None = None,
               convert: Callable[[str], str] | None = None, prefix: str = "", suffix: str = "") -> list[BidiParagraph]:
    """``lines`` (``mark_blocks`` output) as one paragraph, or as several that read as one when long.

    The lines are cut into pieces of at most ``pdf_pieces.PIECE_CHARS`` characters
    (reportlab's page splitting of one huge paragraph is quadratic); the pieces after the
    first get no space above and no bullet, those before the last no space below.
    ``convert`` turns one line into markup (``pdf_prose.line_markup`` by default);
    ``prefix`` and ``suffix`` (markup) open the first piece and close the last.
    """
    convert = convert or line_markup
    groups = pieces(lines)
    texts = ["<br/>".join(convert(x) for x in group) for group in groups]
    texts[0] = prefix + texts[0]
    texts[-1] += suffix
    if len(groups) == 1:
        return [BidiParagraph(texts[0], style, bulletText=bullet)]
    middle = ParagraphStyle(f"{style.name}-piece", parent=style, spaceBefore=0, spaceAfter=0)
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0)
    out: list[BidiParagraph] = []
    for index, text in enumerate(texts):
        chosen = first if index == 0 else last if index == len(texts) - 1 else middle
        out.append(BidiParagraph(text, chosen, bulletText=bullet if index == 0 else None))
    return out


def prose_paragraphs(text: str, style: ParagraphStyle, **kw: Any) -> list[BidiParagraph]:
    """A field of user prose (Markdown resolved, see ``pdf_prose``) as ``paragraphs``; its blank lines dropped."""
    lines = [line for line in clean(mark_blocks(text)).split("\n") if line not in MARKERS]
    return paragraphs(lines, style, **kw)


def plain_paragraphs(text: str, style: ParagraphStyle, *, bold: bool = False, **kw: Any) -> list[BidiParagraph]:
    """Plain user text (no Markdown) as ``paragraphs``, each line escaped and set in fonts that have its glyphs."""
    return paragraphs(clean(text).split("\n"), style, convert=lambda line: markup(line, bold=bold), **kw)


def body(text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
    """User prose as flowables: paragraphs (blank lines separate them; single newlines are line breaks),
    code blocks in a shaded monospaced box, pipe tables as tables, headings, quotes, bullet items and
    footnotes (see ``pdf_prose``).

    Every flowable splits across pages by itself.
    """
    return blocks(mark_blocks(clean_keep_blank(text)).split("\n"), style or look.styles().body)


def _block_style(style: ParagraphStyle, kind: str, depth: int = 0) -> ParagraphStyle:
    if kind == "heading":
        return ParagraphStyle(f"{style.name}-heading", parent=style, fontName=fonts().bold, spaceBefore=4,
                              keepWithNext=1)
    if kind == "quote":
        return ParagraphStyle(f"{style.name}-quote", parent=style, leftIndent=10, textColor=look.MUTED)
    return ParagraphStyle(f"{style.name}-item-{depth}", parent=style, leftIndent=10 + 12 * depth,
                          bulletIndent=12 * depth, spaceBefore=1.5, bulletFontName=fonts().regular)


def _table_or_code(lines: list[str], *, compact: bool = False) -> Flowable:
    """Marked ``TABLE`` lines as a ``PipeTable``, or as code when they are not a table."""
    table = pipe_table([line[1:] for line in lines])
    if table is None:
        return CodeBlock([line[1:] for line in lines])
    return PipeTable(*table, compact=compact)


def blocks(marked: list[str], style: ParagraphStyle) -> list[Flowable]:
    """Lines of ``mark_blocks`` output as flowables (see ``body``); ``style`` sets the text's look."""
    out: list[Flowable] = []
    kind = ""
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind, lines
        text_lines = [line for line in lines if line not in MARKERS] if kind != "code" else lines
        if kind == "code":
            while text_lines and not text_lines[-1][1:].strip():
                text_lines.pop()
        if text_lines:
            plain = " ".join(text_lines)
            if kind != "item" and out and getattr(out[-1], "bulletText", None) == BULLET:
                out.append(Spacer(1, 3))  # a little air between a list and what follows it
            if kind == "item":
                first = text_lines[0].lstrip()
                depth = min(3, (len(text_lines[0]) - len(first)) // 2)
                item_lines = [x.strip() for x in [first[len(BULLET) + 1:], *text_lines[1:]]]
                out.extend(paragraphs(item_lines, aligned(_block_style(style, "item", depth), plain), bullet=BULLET))
            elif kind == "code":
                out.append(CodeBlock([line[1:] for line in text_lines]))
            elif kind == "table":
                out.append(_table_or_code(text_lines))
            elif kind == "note":
                if not out or not getattr(out[-1], "footnote", False):
                    out.append(Spacer(1, 3))
                for line in text_lines:
                    label, text = note_parts(line)
                    note = BidiParagraph(line_markup(text), aligned(_block_styles()["note"], text),
                                         bulletText=f"{label}.")
                    note.footnote = True
                    out.append(note)
            elif kind == "" and len({starts_right_to_left(x) for x in text_lines}) > 1:
                # Lines in both directions: each line aligned to its own side.
                for x in text_lines:
                    out.extend(paragraphs([x], aligned(style, x)))
                out.append(Spacer(1, 3))
            else:
                chosen = _block_style(style, kind) if kind else style
                out.extend(paragraphs(text_lines, aligned(chosen, plain)))
                if kind == "":
                    out.append(Spacer(1, 3))
        kind, lines = "", []

    for line in marked:
        grouped = {CODE: "code", TABLE: "table", QUOTE: "quote", NOTE: "note"}.get(line[:1])
        if grouped:
            if kind != grouped:
                flush()
                kind = grouped
            lines.append(line)
            continue
        if kind in ("code", "table", "note"):
            flush()
        if not line.strip():
            flush()
        elif line.startswith(HEADING):
            flush()
            kind, lines = "heading", [line]
            flush()
        elif line.lstrip().startswith(BULLET + " "):
            flush()
            kind, lines = "item", [line]
        else:
            # An indented line continues a list item; an unindented one starts a paragraph.
            if kind not in ("", "item") or (kind == "item" and not line[:1].isspace()):
                flush()
            lines.append(line)
    flush()
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


def clipped_blocks(text: str, limit: int, *, max_lines: int = 12, code: bool = True, compact: bool = False,
                   lines_flowables: Callable[[list[tuple[str, str]]], list[Flowable]] | None = None) -> list[Flowable]:
    """A field of user prose cut to about ``limit`` narrow characters and ``max_lines`` lines, as flowables.

    Text between tables is shown by ``lines_flowables`` (given ``pdf_prose.prose_lines``
    output; by default one body paragraph); each pipe table is a ``PipeTable`` of as many
    rows as fit. ``code=False`` shows code blocks as one line each (``pdf_prose``).
    """
    style = look.styles().body
    convert = lines_flowables or (
        lambda lines: [BidiParagraph("<br/>".join(m for m, _ in lines), aligned(style, lines[0][1]))])
    segments: list[tuple[str, list[str]]] = []
    for line in mark_blocks(text, code=code).split("\n"):
        kind = "table" if line.startswith(TABLE) else "text"
        if segments and segments[-1][0] == kind:
            segments[-1][1].append(line)
        else:
            segments.append((kind, [line]))
    out: list[Flowable] = []
    budget, lines_left = limit, max_lines
    for kind, lines in segments:
        if budget <= 0 or lines_left <= 0:
            break
        table = pipe_table([line[1:] for line in lines]) if kind == "table" else None
        if table is None:
            shown = prose_lines("\n".join(lines), limit=budget, max_lines=lines_left, code=code)
            shown = [(m, p) for m, p in shown if p.strip()]
            if shown:
                out += convert(shown)
                budget -= sum(len(p) for _, p in shown) + 40 * len(shown)
                lines_left -= len(shown)
            continue
        header, rows = table
        kept: list[list[str]] = []
        budget -= sum(len(c) for c in header or [])
        for row in rows:
            if budget <= 0 or lines_left <= 0:
                break
            kept.append([clip(c, max(budget, 20), max_lines=3) for c in row])
            budget -= sum(len(c) for c in row) + 40
            lines_left -= 1
        if kept or header:
            out.append(PipeTable(header, kept, compact=compact))
    return out


def link_target(url: str) -> str | None:
    """``url`` when it is safe to make clickable (http, https, mailto, ftp), else ``None``."""
    stripped = url.strip()
    if not stripped or any(c.isspace() for c in stripped) or '"' in stripped:
        return None
    return stripped if stripped.lower().startswith(LINK_SCHEMES) else None


def link(url: str, *, limit: int = 600) -> str:
    """Markup for ``url``: a clickable, underlined link when its scheme is safe, else plain escaped text.

    The text shown is cut to about ``limit`` characters (a pasted address can be huge); the link keeps all of it.
    """
    target = link_target(url)
    if target is None or len(target) > MAX_LINK_CHARS:
        return markup(url, limit=limit, max_lines=4)
    colour = look.ACCENT.hexval()
    return f'<a href="{escape(target)}" color="{colour}"><u>{markup(target, limit=limit, max_lines=1)}</u></a>'


def style_commands(*, zebra: bool = True, hairlines: bool = True) -> list[tuple[Any, ...]]:
    """The table look shared with the summary: accent rule under the header, hairlines between rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, look.ACCENT),
    ]
    if hairlines:
        commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.4, look.RULE))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, look.ZEBRA]))
    return commands


@dataclass
class Row:
    """One logical table row: the cells' markup, and the plain text of the one cell that may be long."""

    cells: list[str]
    long_text: str = ""
    long_prefix: str = ""  # markup shown before the long text in its first piece (e.g. a bold title)


class CellParagraph(BidiParagraph):
    """A table cell's paragraph that remembers its line breaking for a given width.

    reportlab wraps every cell again each time a long table is measured or split and
    again in the second pass that numbers the contents; a cell's text never changes, so
    the lines broken for one width are reused (the timeline of 1,000 events wraps each
    cell once per width instead of three to six times).
    """

    _memo: tuple[float, float, Any, Any] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        memo = self._memo
        if memo is not None and memo[0] == availWidth:
            self.width, self.height, self.blPara, self._wrapWidths = availWidth, memo[1], memo[2], memo[3]
            return availWidth, memo[1]
        width, height = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara") and width == availWidth:
            self._memo = (availWidth, height, self.blPara, self._wrapWidths)
        return width, height


def long_table(
    headers: Sequence[str],
    rows: Sequence[Row],
    widths: Sequence[float],
    *,
    long_column: int,
    styles: Sequence[ParagraphStyle] | None = None,
    zebra: bool = True,
) -> LongTable:
    """A table with a header row repeated on every page it spans; long cells continue over several rows.

    ``rows[i].cells[long_column]`` is ignored: that cell is ``long_prefix`` followed by the
    pieces of ``long_text``; each further piece gets its own row with ``(continued)`` in
    the first column.
    """
    s = look.styles()
    cell_styles = list(styles) if styles is not None else [s.cell] * len(headers)
    empty = [
        column
        for column in range(1, len(headers))
        if column != long_column and all(not row.cells[column].strip() for row in rows)
    ]
    if empty and rows:
        widths = list(widths)
        spare = sum(widths[c] for c in empty)
        widths[long_column] += spare
        keep = [c for c in range(len(headers)) if c not in empty]
        headers = [headers[c] for c in keep]
        widths = [widths[c] for c in keep]
        cell_styles = [cell_styles[c] for c in keep]
        rows = [Row([row.cells[c] for c in keep], row.long_text, row.long_prefix) for row in rows]
        long_column = keep.index(long_column)
    per_line = chars_per_line(widths[long_column] - 8, cell_styles[long_column].fontSize)
    data: list[list[Any]] = [[BidiParagraph(escape(h.upper()), s.cell_head) for h in headers]]
    commands = style_commands(zebra=False, hairlines=False)
    shade = False
    for row in rows:
        pieces = split_for_cell(mark_blocks(row.long_text), per_line=per_line) if row.long_text.strip() else [""]
        first_index = len(data)
        for number, piece in enumerate(pieces):
            cells: list[Any] = []
            for column in range(len(headers)):
                style = cell_styles[column]
                if column == long_column:
                    cells.append(cell_content(piece, style, row.long_prefix if number == 0 else ""))
                elif number == 0:
                    cells.append(CellParagraph(row.cells[column], style))
                elif column == 0:
                    cells.append(_ContinuationMark("", s.cell_muted))
                else:
                    cells.append("")
            data.append(cells)
        last_index = len(data) - 1
        commands.append(("LINEBELOW", (0, last_index), (-1, last_index), 0.4, look.RULE))
        if last_index > first_index:  # the pieces of one cell run on without a gap
            commands.append(("BOTTOMPADDING", (0, first_index), (-1, last_index - 1), 0))
            commands.append(("TOPPADDING", (0, first_index + 1), (-1, last_index), 0))
        if zebra and shade:
            commands.append(("BACKGROUND", (0, first_index), (-1, last_index), look.ZEBRA))
        shade = not shade
    return _ContinuingTable(data, colWidths=list(widths), style=TableStyle(commands), repeatRows=1, hAlign="LEFT")


class _ContinuationMark(BidiParagraph):
    """The empty first cell of a row that continues the long cell of the row above."""


class _ContinuingTable(LongTable):
    """A long table whose continued row, when it opens a page, says so: "(continued)" in its first cell.

    The pieces of one long cell follow each other without a label or a rule, so they read
    as one cell; only the piece at the top of a page, under the repeated header, is marked.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], LongTable):
            rest = parts[1]
            top = rest.repeatRows if isinstance(rest.repeatRows, int) else len(rest.repeatRows)
            rows = list(rest._cellvalues)  # noqa: SLF001 - a fresh list: the original rows stay unlabelled
            first = rows[top][0] if top < len(rows) else None
            if isinstance(first, (list, tuple)) and len(first) == 1:  # reportlab wraps measured cells in a tuple
                first = first[0]
            if isinstance(first, _ContinuationMark):
                rows[top] = [BidiParagraph(escape(CONTINUED), look.styles().cell_muted), *rows[top][1:]]
                rest._cellvalues = rows  # noqa: SLF001
                # Under the header the piece gets back the top padding it gave up to run on (copies:
                # the original table's styles serve the next build pass unchanged).
                cell_styles = list(rest._cellStyles)  # noqa: SLF001
                padded = [style.copy() for style in cell_styles[top]]
                for style in padded:
                    style.topPadding = CELL_TOP_PADDING
                cell_styles[top] = padded
                rest._cellStyles = cell_styles  # noqa: SLF001
        return parts


def key_value_table(rows: Sequence[tuple[str, str]], label_width: float, width: float) -> LongTable:
    """Label/value pairs (values are markup) in two columns without rules."""
    s = look.styles()
    data = [[BidiParagraph(escape(label.upper()), s.cell_head), BidiParagraph(value, s.body)] for label, value in rows]
    return LongTable(
        data,
        colWidths=[label_width, width - label_width],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (0, -1), 3),
            ]
        ),
    )


class RoomFor(CondPageBreak):
    """A page break before a heading when what must stay with it does not fit in what is left of the page.

    What must stay is the heading and the start of its content, up to ``cap`` points:
    a short section moves whole, a long one keeps at least ``cap`` points with its
    heading, so no heading is left alone at the foot of a page and no page holds only a
    small tail. ``RoomFor.link(story)`` gives each one the flowables that follow it.
    """

    def __init__(self, cap: float) -> None:
        super().__init__(cap)
        self.cap = cap
        self.following: list[Flowable] = []
        self._need: tuple[float, float] | None = None

    @staticmethod
    def link(story: list[Flowable]) -> None:
        """Tell every ``RoomFor`` in ``story`` which flowables follow it."""
        for index, flowable in enumerate(story):
            if isinstance(flowable, RoomFor):
                flowable.following = story[index + 1 : index + 40]

    def _measure(self, width: float) -> float:
        from desktop_app.formats.pdf_fishbone import FishboneFlowable

        total = 0.0
        for flowable in self.following:
            if isinstance(flowable, (PageBreak, NextPageTemplate)):
                break
            if isinstance(flowable, (CondPageBreak, ActionFlowable)):
                continue
            if isinstance(flowable, FishboneFlowable):
                # A diagram scales down into the room it gets: it goes to the next page rather
                # than shrink below DIAGRAM_MIN_SHARE of the size it has on a page of its own.
                _, height = flowable.wrap(width, 1e6)
                return max(self.cap, total + height * DIAGRAM_MIN_SHARE)
            if isinstance(flowable, Table):  # measuring a long table is costly; assume it needs the cap
                return self.cap
            _, height = flowable.wrap(width, 1e6)
            total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            if total >= self.cap:
                return self.cap
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._need is None or self._need[0] != availWidth:
            self._need = (availWidth, self._measure(availWidth))
        self.height = self._need[1]
        frame = self._doctemplateAttr("frame")
        if frame is not None:  # never ask for more than a whole frame: that would break page after page
            self.height = min(self.height, frame._height - 1)  # noqa: SLF001
        return super().wrap(availWidth, availHeight)


class Rule(Flowable):
    """A thin full-width line under a section heading (as in the summary)."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 0.8

    def draw(self) -> None:
        self.canv.setStrokeColor(look.RULE)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 0.4, self.width, 0.4)
