"""Long user text cut into bounded pieces before it becomes reportlab paragraphs.

reportlab wraps a paragraph again, whole, every time it splits it across a page, so
one paragraph of N characters costs about N × pages: a 200,000-character note took a
minute and a 1,000,000-character one never finished. Cutting the text into pieces of
at most ``PIECE_CHARS`` characters first keeps every paragraph small, and the export
linear in the size of the text.

Pieces break between lines where they can (invisible in the PDF: the next piece starts
on a new line anyway); a single line longer than a piece is cut after a sentence, else
at a space, else hard at the limit (never inside a combining sequence). A line that
starts with a ``pdf_prose`` marker (code, heading, quote) keeps the marker on every
part, so its look carries on.
"""

from __future__ import annotations

import re
import unicodedata

PIECE_CHARS = 3000
#: Markers of ``pdf_prose.mark_blocks`` (private-use characters) that a cut line keeps on each part.
_MARKERS = ("\ue000", "\ue001", "\ue002")
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"')\]»”’]*)\s+|[。！？]")


def cut_point(line: str, start: int, limit: int) -> int:
    """Where to end the part of ``line`` that starts at ``start`` and holds at most ``limit`` characters.

    After the last sentence end in the second half of the window, else after the last
    space there, else at ``start + limit`` moved back off combining characters.
    """
    end = start + limit
    if end >= len(line):
        return len(line)
    window = line[start:end]
    half = limit // 2
    best = -1
    for match in _SENTENCE_END.finditer(window, half):
        best = match.end()
    if best > 0:
        return start + best
    space = max(window.rfind(" "), window.rfind("\n"))
    if space >= half:
        return start + space + 1
    cut = end
    while cut > start + 1 and (unicodedata.combining(line[cut]) or "\u200d" in (line[cut], line[cut - 1])
                               or 0xFE00 <= ord(line[cut]) <= 0xFE0F):
        cut -= 1
    return cut


def cut_line(line: str, limit: int = PIECE_CHARS) -> list[str]:
    """``line`` as parts of at most ``limit`` characters (see ``cut_point``); markers repeat on each part."""
    if len(line) <= limit:
        return [line]
    marker = line[0] if line[:1] in _MARKERS else ""
    body = line[len(marker):]
    room = max(1, limit - len(marker))
    parts: list[str] = []
    start = 0
    while start < len(body):
        end = cut_point(body, start, room)
        parts.append(marker + body[start:end].rstrip(" ") if end < len(body) else marker + body[start:end])
        start = end
    return parts


def pieces(lines: list[str], limit: int = PIECE_CHARS) -> list[list[str]]:
    """``lines`` grouped into pieces of at most about ``limit`` characters each, in order, nothing lost.

    Lines stay whole and together while they fit; a longer line is cut (``cut_line``).
    Always at least one piece (which may be empty when ``lines`` is).
    """
    out: list[list[str]] = []
    current: list[str] = []
    used = 0
    for line in lines:
        for part in cut_line(line, limit):
            cost = len(part) + 1
            if current and used + cost > limit:
                out.append(current)
                current, used = [], 0
            current.append(part)
            used += cost
    if current or not out:
        out.append(current)
    return out


__all__ = ["PIECE_CHARS", "cut_line", "cut_point", "pieces"]
