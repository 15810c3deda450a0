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

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from desktop_app.formats.pdf_text import clean, clip, escape, runs_markup
from desktop_app.formats.text_direction import starts_right_to_left

CODE = "\ue000"  # the line is code (monospaced, indentation kept)
HEADING = "\ue001"  # the line was a Markdown heading (bold)
QUOTE = "\ue002"  # the line was quoted with ``>`` (muted)
MARKERS = (CODE, HEADING, QUOTE)
BULLET = "•"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_ITEM = re.compile(r"^([ \t]*)[-*+][ \t]+(.*)$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
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
    ``•``; thematic breaks (``---``) disappear; table rows are shown as code so their
    columns stay readable.
    """
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    fence = ""
    fenced = 0
    for line in text.split("\n"):
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
            out.append(CODE + line.strip())
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


def line_markup(line: str, *, bold: bool = False) -> str:
    """Paragraph markup for one line of ``mark_blocks`` output (indentation kept)."""
    if line.startswith(CODE):
        return runs_markup(_indent(line[1:]), mono=True)
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
    return "\n".join(_plain_inline(line.lstrip("".join(MARKERS))) for line in marked.split("\n"))


__all__ = ["CODE", "HEADING", "QUOTE", "aligned", "line_markup", "mark_blocks", "plain_prose", "prose", "prose_lines",
           "starts_right_to_left"]
