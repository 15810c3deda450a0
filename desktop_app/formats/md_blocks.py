"""Markdown as a tree of sections and blocks, built from markdown-it-py's token stream.

The importer never looks at raw lines to find structure: headings, lists,
tables, code and paragraphs come from a CommonMark parser with GFM tables.
Inline content is rendered to plain text (emphasis dropped, links reduced to
their text, code spans and autolinks kept as written, HTML kept verbatim) and
split at line breaks, because postmortems often put several time-stamped
lines into one paragraph.

HTML entities (``AT&amp;T``) mean their character wherever the importer takes
text: markdown-it decodes them in inline text, and ``decode_entities`` does the
same for text taken from source lines (front matter, timeline lines indented by
accident). Code (spans and fenced blocks) and raw HTML blocks stay as written:
there ``&amp;`` is literal text or markup.

A ``---`` front-matter block at the very top is cut off before parsing (and
replaced by blank lines so line numbers stay true); its simple ``key: value``
lines are read without a YAML dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

_MD = MarkdownIt("commonmark").enable("table")
_BR = re.compile(r"<br\s*/?>", re.I)
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """HTML entities (``&amp;``, ``&#39;``) as the characters they stand for, as markdown-it reads them.

    For text the importer takes from source lines rather than from the parser (front matter,
    timeline lines indented by accident), so ``AT&amp;T`` reads ``AT&T`` wherever it is written.
    Unknown names (``&nosuch;``) stay as written.
    """
    return _ENTITY.sub(lambda m: unescapeAll(m.group(0)), text) if "&" in text else text


@dataclass
class Inline:
    """Plain text of one inline run, as lines (soft and hard breaks split lines)."""

    lines: list[str]
    #: indices of lines that begin after a hard break (two spaces or a backslash at the end)
    hard: set[int] = field(default_factory=set)
    #: the first bold run of the first line: (where it starts in that line, its text), or ``None``
    first_strong: tuple[int, str] | None = None

    @property
    def strong_lead(self) -> str | None:
        """The text of a bold run that opens the inline (``**Root cause:** ...``), or ``None``."""
        return self.first_strong[1] if self.first_strong is not None and self.first_strong[0] == 0 else None

    @property
    def prose(self) -> str:
        """The paragraph as a reader sees it: soft breaks become spaces, hard breaks stay newlines."""
        out = ""
        for i, line in enumerate(self.lines):
            line = line.strip()
            if i == 0:
                out = line
            elif i in self.hard:
                out += "\n" + line
            elif line:
                out += (" " if out and not out.endswith("\n") else "") + line
        return out.strip()

    @property
    def text(self) -> str:
        """The lines joined by single spaces, as a reader would see them in one paragraph."""
        return " ".join(line.strip() for line in self.lines if line.strip()).strip()


@dataclass
class Block:
    """One block of the document.

    Attributes:
        kind: ``paragraph``, ``heading``, ``list``, ``table``, ``code``, ``html``, ``hr`` or ``quote``.
        line: 1-based first line in the source.
        inline: text of a paragraph or heading.
        level: heading level (1-6).
        items: list items (each a list of blocks), for ``list``.
        item_lines: first line of each item.
        ordered: whether a list is numbered.
        header, rows: cells of a table.
        text: raw content of code, html, or the joined text of a quote.
        info, fenced: the language tag of a code block, and whether it was fenced (not indented).
        children: blocks inside a block quote.
    """

    kind: str
    line: int
    inline: Inline | None = None
    level: int = 0
    items: list[list[Block]] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)
    ordered: bool = False
    header: list[Inline] = field(default_factory=list)
    rows: list[list[Inline]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)
    text: str = ""
    info: str = ""
    fenced: bool = False
    children: list[Block] = field(default_factory=list)


@dataclass
class Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """A parsed Markdown document."""

    front_matter: dict[str, str]
    root: Section  # level 0, holds text before the first heading and every top section
    line_count: int


# --------------------------------------------------------------------------- front matter

_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Read a leading ``---`` block of ``key: value`` lines; blank it out of the text.

    Nested or list values are skipped; quoted values are unquoted; indented
    continuation lines extend the previous value.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, text
    for end in range(start + 1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text
    values: dict[str, str] = {}
    last: str | None = None
    for raw in lines[start + 1 : end]:
        if raw[:1] in (" ", "\t") and last is not None and values.get(last) is not None:
            if raw.strip() and not raw.strip().startswith(("-", "#")) and ":" not in raw.strip()[:1]:
                values[last] = (values[last] + " " + raw.strip()).strip()
            continue
        m = _FM_KEY.match(raw)
        if not m:
            last = None
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        value = decode_entities(value)
        values.setdefault(key, value)
        last = key
    blanked = [""] * (end + 1) + lines[end + 1 :]
    return values, "\n".join(blanked)


# --------------------------------------------------------------------------- inline text


def render_inline(token: Token) -> Inline:
    """Plain text of an ``inline`` token, split into lines at soft and hard breaks."""
    lines: list[str] = [""]
    hard: set[int] = set()
    children = token.children or []
    lead: tuple[int, str] | None = None
    depth, parts, offset = 0, [], 0
    for child in children:  # the first bold run of the first line
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close" and depth:
            depth -= 1
            if depth == 0:
                lead = (offset, "".join(parts))
                break
        elif child.type in ("softbreak", "hardbreak") or (child.type == "html_inline" and _BR.fullmatch(child.content)):
            break
        elif child.type in ("text", "code_inline", "html_inline"):
            piece = child.content if child.type != "code_inline" else (
                f"{child.markup or '`'}{child.content}{child.markup or '`'}")
            if depth:
                parts.append(piece)
            else:
                offset += len(piece)
    for child in children:
        t = child.type
        if t in ("softbreak", "hardbreak"):
            if t == "hardbreak":
                hard.add(len(lines))
            lines.append("")
        elif t == "text":
            lines[-1] += child.content
        elif t == "code_inline":
            tick = child.markup or "`"
            lines[-1] += f"{tick}{child.content}{tick}"
        elif t == "link_open" and child.markup == "autolink":
            lines[-1] += "<"
        elif t == "link_close" and child.markup == "autolink":
            lines[-1] += ">"
        elif t == "image":
            alt = child.content
            src = str(child.attrs.get("src", ""))
            lines[-1] += f"![{alt}]({src})"
        elif t == "html_inline" and _BR.fullmatch(child.content):
            hard.add(len(lines))  # '<br>': the usual line break inside a table cell
            lines.append("")
        elif t in ("html_inline",):
            lines[-1] += child.content
        # emphasis, strong and link markers are dropped: only their text remains
    return Inline(lines, hard, lead)


# --------------------------------------------------------------------------- blocks


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _blocks(tokens: list[Token], i: int, stop: str | None) -> tuple[list[Block], int]:
    """Blocks from ``tokens[i:]`` until a token of type ``stop`` (exclusive)."""
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if stop is not None and tok.type == stop:
            return out, i
        if tok.type == "paragraph_open":
            out.append(Block("paragraph", _line(tok), inline=render_inline(tokens[i + 1])))
            i += 3
        elif tok.type == "heading_open":
            out.append(Block("heading", _line(tok), inline=render_inline(tokens[i + 1]), level=int(tok.tag[1])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            close = tok.type.replace("_open", "_close")
            block = Block("list", _line(tok), ordered=tok.type.startswith("ordered"))
            i += 1
            while tokens[i].type != close:
                if tokens[i].type == "list_item_open":
                    block.item_lines.append(_line(tokens[i]))
                    children, i = _blocks(tokens, i + 1, "list_item_close")
                    block.items.append(children)
                i += 1
            out.append(block)
            i += 1
        elif tok.type == "table_open":
            block = Block("table", _line(tok))
            i += 1
            row: list[Inline] | None = None
            in_head = False
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "thead_open":
                    in_head = True
                elif t.type == "thead_close":
                    in_head = False
                elif t.type == "tr_open":
                    row = []
                    if not in_head:
                        block.row_lines.append(_line(t))
                elif t.type == "inline" and row is not None:
                    row.append(render_inline(t))
                elif t.type == "tr_close" and row is not None:
                    if in_head:
                        block.header = row
                    else:
                        block.rows.append(row)
                    row = None
                i += 1
            out.append(block)
            i += 1
        elif tok.type in ("fence", "code_block"):
            out.append(Block("code", _line(tok), text=tok.content, info=tok.info or "", fenced=tok.type == "fence"))
            i += 1
        elif tok.type == "html_block":
            out.append(Block("html", _line(tok), text=tok.content))
            i += 1
        elif tok.type == "hr":
            out.append(Block("hr", _line(tok)))
            i += 1
        elif tok.type == "blockquote_open":
            children, i = _blocks(tokens, i + 1, "blockquote_close")
            out.append(Block("quote", _line(tok), children=children))
            i += 1
        else:
            i += 1
    return out, i


def parse_document(text: str) -> Document:
    """Front matter, then the section tree of ``text`` (line endings normalised)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body = split_front_matter(text)
    tokens = _MD.parse(body)
    blocks, _ = _blocks(tokens, 0, None)
    root = Section(title="", level=0, line=1)
    stack = [root]
    for block in blocks:
        if block.kind == "heading":
            section = Section(title=block.inline.text if block.inline else "", level=block.level, line=block.line)
            while stack[-1].level >= block.level:
                stack.pop()
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].blocks.append(block)
    return Document(front_matter=front, root=root, line_count=text.count("\n") + 1)


# --------------------------------------------------------------------------- back to text


def block_text(block: Block) -> str:
    """A block as Markdown-ish plain text (lists keep markers, tables keep pipes)."""
    if block.kind in ("paragraph", "heading"):
        assert block.inline is not None
        return block.inline.prose
    if block.kind == "list":
        parts = []
        for n, item in enumerate(block.items, start=1):
            marker = f"{n}." if block.ordered else "-"
            body = blocks_text(item).replace("\n", "\n  ")
            parts.append(f"{marker} {body}".rstrip())
        return "\n".join(parts)
    if block.kind == "table":
        rows = [block.header, *block.rows] if block.header else block.rows
        return "\n".join("| " + " | ".join(c.text for c in row) + " |" for row in rows)
    if block.kind == "code":
        return f"```{block.info}\n{block.text.rstrip()}\n```"
    if block.kind == "html":
        return block.text.rstrip()
    if block.kind == "quote":
        return "\n".join("> " + line for line in blocks_text(block.children).split("\n"))
    return ""


def blocks_text(blocks: list[Block]) -> str:
    """Several blocks as text, separated by blank lines."""
    return "\n\n".join(t for t in (block_text(b) for b in blocks) if t)


def section_text(section: Section, *, with_children: bool = True) -> str:
    """A section's body (and its sub-sections, headings included) as text."""
    parts = [blocks_text(section.blocks)]
    if with_children:
        for child in section.children:
            parts.append("#" * child.level + " " + child.title)
            parts.append(section_text(child))
    return "\n\n".join(p for p in parts if p).strip()
