"""Markdown typed into a postmortem reads as formatting in the PDFs: code, bold, headings, quotes, lists, links."""

from __future__ import annotations

import io
import json
import os
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import reportlab.rl_config
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    EventKind,
    ExtraSection,
    Narrative,
    Postmortem,
    TimelineEvent,
)
from desktop_app.formats.importer import import_path
from desktop_app.formats.pdf_fonts import MONO, SANS, SANS_BOLD
from desktop_app.formats.pdf_prose import CODE, HEADING, QUOTE, mark_blocks, prose, prose_lines
from desktop_app.formats.pdf_report import render_full_report
from desktop_app.formats.pdf_report_blocks import RoomFor, body
from desktop_app.formats.pdf_summary import render_summary_pdf

_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
_FILES = (
    [f["file"] for f in json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]]
    if (_CORPUS / "corpus.json").is_file()
    else []
)

NARRATIVE = """The job failed with `OOMKilled` and **no alert** fired; see [the dashboard](https://grafana.example.com/d/x?a=1&b=2).

```bash
  set -e
  kubectl get pods <ns> && echo done
```

#### What we checked
> Quoted from the chat: restart it
- first bullet
- second bullet
---
a * b * c and <b>not bold</b> &amp; literal"""


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _pages(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages], reader


def _font_names(reader: PdfReader) -> set[str]:
    return {
        str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
        for page in reader.pages
        for ref in page["/Resources"]["/Font"].values()
    }


def test_mark_blocks_resolves_block_syntax_into_marked_lines() -> None:
    assert mark_blocks(NARRATIVE).split("\n") == [
        "The job failed with `OOMKilled` and **no alert** fired; see "
        "[the dashboard](https://grafana.example.com/d/x?a=1&b=2).",
        "",
        CODE + "  set -e",
        CODE + "  kubectl get pods <ns> && echo done",
        "",
        HEADING + "What we checked",
        QUOTE + "Quoted from the chat: restart it",
        "• first bullet",
        "• second bullet",
        "a * b * c and <b>not bold</b> &amp; literal",
    ]
    # An unclosed fence runs to the end; a fence line with backticks after it is inline code, not a fence.
    assert mark_blocks("```\nx\n\ny") == f"{CODE}x\n{CODE}\n{CODE}y"
    assert mark_blocks("```a``` stays") == "```a``` stays"


def test_prose_formats_inline_code_bold_and_links_and_escapes_the_rest() -> None:
    assert prose("run `a<b` **now** & [docs](https://x.org/?a=1&b=2)") == (
        f'<font face="{SANS}">run </font><font face="{MONO}">a&lt;b</font><font face="{SANS}"> </font>'
        f'<font face="{SANS_BOLD}">now</font><font face="{SANS}"> &amp; </font>'
        f'<a href="https://x.org/?a=1&amp;b=2" color="#2F4B7C"><font face="{SANS}">docs</font></a>'
    )
    # Unsafe link schemes and single stars stay literal text.
    assert prose("[x](javascript:alert(1)) 2*3*4") == f'<font face="{SANS}">[x](javascript:alert(1)) 2*3*4</font>'
    # Right-to-left lines lose the markers but keep their words, in visual order.
    assert "`" not in prose("שלום `עולם`") and "*" not in prose("**שלום**")


def test_full_report_shows_markdown_as_formatting() -> None:
    pm = Postmortem(
        title="Markdown in the narrative",
        narrative=Narrative(what_happened=NARRATIVE),
        timeline=[TimelineEvent(occurred_at=datetime(2024, 5, 1, 9, tzinfo=UTC), description="`@nova` saw **it**")],
        extra_sections=[ExtraSection(heading="Logs", body="```\nERROR one\n\nERROR two\n```")],
    )
    pages, reader = _pages(render_full_report(pm))
    text = "\n".join(pages)
    for gone in ("```", "####", "`", "**", "](https://"):
        assert gone not in text, gone
    lines = text.splitlines()
    for expected in (
        "The job failed with OOMKilled and no alert fired; see the dashboard.",
        "  set -e",
        "  kubectl get pods <ns> && echo done",
        "What we checked",
        "Quoted from the chat: restart it",
        "a * b * c and <b>not bold</b> &amp; literal",
        "ERROR one",
        "ERROR two",
    ):
        assert any(expected in line for line in lines), expected
    assert "@nova saw it" in text
    assert "\n• first bullet\n• second bullet\n" in text
    assert "DejaVuSansMono" in _font_names(reader)
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])
            if "/URI" in a.get_object().get("/A", {})]
    assert "https://grafana.example.com/d/x?a=1&b=2" in uris


def test_summary_shows_markdown_as_formatting() -> None:
    pm = Postmortem(
        title="t",
        narrative=Narrative(summary="The `config` push **failed**.\n```\ncode line\n```"),
        timeline=[TimelineEvent(occurred_at=datetime(2024, 5, 1, 9, tzinfo=UTC), description="`@dma` paged")],
    )
    pages, reader = _pages(render_summary_pdf(pm))
    text = "\n".join(pages)
    assert "The config push failed." in text and "@dma paged" in text
    # leadership reads no code: a block is one line saying where it is
    assert "code line" not in text and "[1 line of code, in the full report]" in text
    assert "`" not in text and "**" not in text
    assert "DejaVuSansMono" in _font_names(reader)


def test_right_to_left_paragraphs_are_right_aligned_and_mixed_ones_split_by_line() -> None:
    [hebrew] = body("שלום עולם, השירות חזר.")
    assert isinstance(hebrew, Paragraph) and hebrew.style.alignment == TA_RIGHT
    [latin] = body("All good.")
    assert latin.style.alignment == TA_LEFT
    mixed = [f for f in body("Japanese 東京\nשלום עולם\nمرحبا بالعالم") if isinstance(f, Paragraph)]
    assert [p.style.alignment for p in mixed] == [TA_LEFT, TA_RIGHT, TA_RIGHT]


def test_short_columns_fit_their_words() -> None:
    pm = Postmortem(
        title="Columns",
        timeline=[TimelineEvent(occurred_at=datetime(2024, 5, 1, 9, tzinfo=UTC), kind=EventKind.ACKNOWLEDGEMENT,
                                actor="@stevekuznetsov", description="Acknowledged the page")],
        action_items=[ActionItem(title="Fix it", status=ActionStatus.IN_PROGRESS, owner="Dana")],
    )
    text = "\n".join(_pages(render_full_report(pm))[0])
    # Table cells come out of text extraction one per line: each short cell is one line, unbroken.
    assert "\n09:00\nAcknowledged\n@stevekuznetsov\nAcknowledged the page\n" in text
    assert "\nFix it\nOther\nDana\n—\nIn progress\n" in text
    assert "1 action item, 1 open." in text


def test_room_for_a_heading_is_what_follows_it_up_to_the_cap() -> None:
    from reportlab.lib.styles import ParagraphStyle

    short = [Paragraph("Heading", ParagraphStyle("h", fontSize=10, leading=12)),
             Paragraph("One line", ParagraphStyle("b", fontSize=8, leading=10))]
    room = RoomFor(120)
    room.following = short
    assert room.wrap(400, 1000) == (0, 0)
    assert room.height == 22
    room = RoomFor(30)
    room.following = short * 5
    room.wrap(400, 1000)
    assert room.height == 30


def _headings(reader: PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", _FILES)
def test_no_heading_is_left_alone_at_the_foot_of_a_page(corpus_dir: Path, name: str) -> None:
    pm = import_path(corpus_dir / name).postmortem
    pages, reader = _pages(render_full_report(pm))
    total = len(pages)
    headings = _headings(reader)
    for index, (title, page) in enumerate(headings):
        if index == len(headings) - 1 and page == total - 1:
            continue  # the document's last heading may have nothing under it (an empty section)
        flat = " ".join(pages[page].split())
        heading = " ".join(title.split())
        assert heading in flat, (title, page)
        after = flat[flat.rindex(heading) + len(heading):]
        after = after.split("Generated ")[0] if f"Page {page + 1} of {total}" in after else after
        assert after.strip(), f"{title!r} ends page {page + 1}"
    # The last page holds more than a line or two.
    last = [line for line in pages[-1].splitlines()[1:] if "Page " not in line]
    assert len(" ".join(last)) > 40 or total <= 3, last


def test_a_short_last_section_shares_the_page_before_it() -> None:
    base = datetime(2024, 5, 1, 9, tzinfo=UTC)
    pm = Postmortem(
        title="Short tail",
        timeline=[TimelineEvent(occurred_at=base + timedelta(minutes=i), description=f"Event {i}") for i in range(56)],
        extra_sections=[ExtraSection(heading="Appendix", body="One line of notes.")],
    )
    pages, reader = _pages(render_full_report(pm))
    outline = dict(_headings(reader))
    page = outline["Appendix"]
    assert outline["Additional sections"] == page
    assert "One line of notes." in pages[page]
    assert "Event 55" in pages[page]  # the end of the timeline is on the same page


def test_list_items_take_indented_lines_and_leave_unindented_ones() -> None:
    flowables = body("Intro\n- first\n  still first\n- second\nAfter the list")
    paragraphs = [f for f in flowables if isinstance(f, Paragraph)]
    assert [p.bulletText for p in paragraphs] == [None, "•", "•", None]
    assert "still first" in paragraphs[1].text and "After" not in paragraphs[2].text
    assert type(flowables[-2]).__name__ == "Spacer"  # air between the list and the paragraph after it


_MARKDOWNISH = "`*_[]()<>&\"' #>-\n\t\\!:/.abcxyz 09שلا東🔥\u200f\ue000\ue001\ue002"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_MARKDOWNISH)) | st.characters(), max_size=300))
def test_any_text_makes_valid_paragraph_markup(text: str) -> None:
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("fuzz", fontSize=8, leading=10)
    Paragraph(prose(text), style).wrap(300, 10_000)
    Paragraph(prose(text, limit=60, max_lines=2), style).wrap(300, 10_000)
    for flowable in body(text):
        flowable.wrap(300, 10_000)


def test_a_quote_in_a_link_cannot_break_the_markup() -> None:
    markup = prose('[x](https://a.example/"onmouseover="y)')
    assert 'href="https://a.example/%22onmouseover=%22y"' in markup


def test_urls_and_hashes_in_a_timeline_event_wrap_in_their_column_and_links_are_clickable() -> None:
    url = ("https://grafana.example.com/d/abc?" + "&".join(f"var-k{i}=v{i}" for i in range(40)))[:300]
    digest = "sha256:" + "0123456789abcdef" * 8
    log = "2024-05-01T09:00:00Z ERROR pool=primary " + "x" * 240
    pm = Postmortem(
        title="Wrapping",
        timeline=[TimelineEvent(occurred_at=datetime(2024, 5, 1, 9, tzinfo=UTC), actor="@oncall",
                                description=f"Dashboard {url} then {digest}\n{log}")],
    )
    pages, reader = _pages(render_full_report(pm))
    text = "\n".join(pages)
    for long in (url, digest, log):
        assert long not in text.splitlines() and long in text.replace("\n", "")
    page = next(p for p in reader.pages if "Dashboard" in p.extract_text())
    links = [a.get_object() for a in page.get("/Annots", []) if "/URI" in a.get_object().get("/A", {})]
    assert {a["/A"]["/URI"] for a in links} == {url}
    timeline_x = min(a["/Rect"][0] for a in links)
    assert all(a["/Rect"][2] <= 595.3 - 16 * 72 / 25.4 + 1 for a in links)  # inside the right margin
    assert timeline_x > 100  # in the description column, not from the page's left edge


def test_a_fishbone_diagram_is_never_squeezed_into_the_foot_of_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.domain.models import Cause, CauseKind
    from desktop_app.formats.pdf_fishbone import FishboneFlowable, fit_scale

    drawn: list[tuple[float, float]] = []
    original = FishboneFlowable.draw

    def record(self: FishboneFlowable) -> None:
        drawn.append((self.scale, fit_scale(self.layout, self.max_width, self.max_height)))
        original(self)

    monkeypatch.setattr(FishboneFlowable, "draw", record)
    moved = 0
    for count in (12, 16, 24, 36):
        pm = Postmortem(title=f"{count} causes", causes=[
            Cause(text=f"Cause {i}: the retry budget was spent", category="Process",
                  kind=CauseKind.ROOT_CAUSE if i == 0 else CauseKind.CONTRIBUTING_FACTOR)
            for i in range(count)
        ])
        drawn.clear()
        pages, reader = _pages(render_full_report(pm))
        assert drawn  # one drawing per build pass of the document
        for scale, ideal in drawn:
            assert scale >= 0.85 * ideal - 1e-6, (count, scale, ideal)
        page = dict(_headings(reader))["Fishbone diagram"]
        moved += "Contributing factor: Cause" not in pages[page]  # the list's lines, not the diagram's boxes
    assert moved >= 1  # at least one list left too little room, and the diagram took the next page


def test_summary_lines_in_both_directions_are_each_aligned_to_their_side() -> None:
    from desktop_app.formats.pdf_summary import _body

    [one] = _body("All good.\nStill fine.", 400)
    assert one.style.alignment == TA_LEFT
    lines = _body("Japanese 東京\nשלום עולם\nمرحبا بالعالم", 400)
    assert [p.style.alignment for p in lines] == [TA_LEFT, TA_RIGHT, TA_RIGHT]


def test_comments_footnote_marks_and_clipped_code_read_cleanly() -> None:
    """What a wiki page holds besides prose: an HTML comment, footnote marks, a diff clipped mid-block."""
    diff = "\n".join(f"+ line {n} & <more>" for n in range(30))
    text = f"Token leaked.[^5]\n<!-- more -->\nWe rotated it.\n```diff\n{diff}\n```\nDone <!-- hidden\nnote -->now."
    marked = mark_blocks(text)
    assert "<!--" not in marked and "hidden" not in marked
    sans = '<font face="HindsightSans">'
    assert prose("Token leaked.[^5] See [^note].") == (
        f"{sans}Token leaked.</font><super>{sans}5</font></super>{sans} See </font>"
        f"<super>{sans}note</font></super>{sans}.</font>"
    )
    # clipped to 12 lines, the last ones are joined: no code marker may be left inside a line
    lines = prose_lines(text, limit=2000, max_lines=12)
    assert all(CODE not in plain[1:] for _, plain in lines)
    pm = Postmortem(title="t", narrative=Narrative(root_cause=text))
    summary = "\n".join(_pages(render_summary_pdf(pm))[0])
    assert "[30 lines of code, in the full report]" in summary
    assert "Token leaked.5" in summary and "We rotated it." in summary and "Done now." in summary
    assert not any(ch in summary for ch in (CODE, HEADING, QUOTE, "<!--", "[^"))
    report = "\n".join(_pages(render_full_report(pm))[0])
    assert "+ line 29 & <more>" in report and "<!--" not in report and "hidden" not in report


def test_an_autolink_shows_its_address_without_brackets_and_links() -> None:
    markup = prose("Post-mortem: <https://github.com/pypi/x/pull/120> & <mailto:sec@python.org>")
    assert '<a href="https://github.com/pypi/x/pull/120"' in markup and '<a href="mailto:sec@python.org"' in markup
    assert "&lt;https" not in markup
    pm = Postmortem(title="t", narrative=Narrative(summary="Post-mortem: <https://github.com/pypi/x/pull/120> & a<b"))
    text = "\n".join(_pages(render_summary_pdf(pm))[0])
    assert "Post-mortem: https://github.com/pypi/x/pull/120 & a<b" in text
