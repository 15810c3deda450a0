"""Markdown written in the review (bullets, ``code``, **bold**) as rich text for the shared screen.

markdown-it-py turns the text into HTML with raw HTML switched off, so anything a person typed
between angle brackets or with an ampersand is escaped and shown literally; only Markdown's own
marks become formatting. Links are shown as their text (nothing on the shared screen opens a
browser). Paragraphs and lists get small margins that suit Qt's rich-text engine.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

BLOCK_GAP = 6
"""Pixels between paragraphs and lists (Qt's own default is 12 above and below)."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("strikethrough")
    parser.disable(["image"])
    return parser


def markdown_html(text: str) -> str:
    """``text`` (Markdown) as HTML for a ``QLabel`` / ``QTextBrowser``; raw HTML in it is escaped."""
    html = _parser().render(text or "")
    html = html.replace("<p>", f'<p style="margin-top:0px; margin-bottom:{BLOCK_GAP}px;">')
    html = html.replace("<ul>", f'<ul style="margin-top:0px; margin-bottom:{BLOCK_GAP}px; -qt-list-indent:1;">')
    html = html.replace("<ol>", f'<ol style="margin-top:0px; margin-bottom:{BLOCK_GAP}px; -qt-list-indent:1;">')
    html = html.replace("<a href=", "<span data-href=").replace("</a>", "</span>")
    return html.strip()
