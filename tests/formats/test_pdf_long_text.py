"""Huge text in every field reaches the PDFs whole (long fields) or cut (one-line fields), never hangs or crashes.

reportlab re-wraps a whole paragraph each time it splits it over a page, so one paragraph
of N characters cost about N × pages; long text is cut into bounded pieces first
(``pdf_pieces``). These tests check what reaches the PDF, not how long it takes (the PDF
benchmark prints that).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from desktop_app.domain.models import (
    ActionItem,
    Cause,
    Evidence,
    ExtraSection,
    Narrative,
    ParkingLotItem,
    Postmortem,
    Stakeholder,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from desktop_app.formats.errors import ExportCancelled
from desktop_app.formats.export_render import render_export
from desktop_app.formats.pdf_pieces import PIECE_CHARS, cut_line, pieces
from desktop_app.formats.pdf_report import render_full_report
from desktop_app.formats.pdf_report_blocks import body, split_for_cell
from desktop_app.formats.pdf_summary import render_summary_pdf

LOG_LINE = "May 14 09:12:01 api-7 ERROR upstream timed out after 30000 ms (request id 5f2c) & retrying <batch>\n"
MILLION = 1_000_000


def _note(size: int, unit: str = LOG_LINE) -> str:
    """``size`` characters: ``START-OF-NOTE``, repeated ``unit``s, ``END-OF-NOTE``."""
    end = " END-OF-NOTE"
    text = "START-OF-NOTE " + unit * (size // len(unit) + 1)
    return text[: size - len(end)] + end


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- cutting ---------------------------------------------------------------------------------


def test_a_long_line_is_cut_after_a_sentence_then_at_a_space_then_hard() -> None:
    sentence = ("The cache filled up. " * 10).strip()  # 209 characters, a sentence end every 21
    assert cut_line(sentence, 50) == ["The cache filled up. The cache filled up."] * 5
    words = "alpha beta gamma delta " * 5  # no sentence ends
    assert cut_line(words.strip(), 30) == ["alpha beta gamma delta alpha", "beta gamma delta alpha beta",
                                           "gamma delta alpha beta gamma", "delta alpha beta gamma delta"]
    assert cut_line("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_a_hard_cut_never_separates_a_combining_mark_and_markers_repeat() -> None:
    text = "e" * 9 + "e\u0301" + "e" * 5  # the 10th character carries an accent
    parts = cut_line(text, 10)
    assert parts == ["e" * 9, "e\u0301" + "e" * 5]
    code = "\ue000" + "y" * 25
    assert cut_line(code, 11) == ["\ue000" + "y" * 10, "\ue000" + "y" * 10, "\ue000" + "y" * 5]


def test_pieces_keep_lines_together_and_lose_nothing() -> None:
    lines = [f"line {n:03} " + "z" * 40 for n in range(100)]  # 49 characters each
    groups = pieces(lines, 500)
    assert [len(g) for g in groups] == [10] * 10
    assert [line for g in groups for line in g] == lines
    assert pieces([]) == [[]]
    one = pieces(["q" * (3 * PIECE_CHARS)])
    assert [len(g[0]) for g in one] == [PIECE_CHARS] * 3


def test_body_of_a_million_characters_is_many_bounded_paragraphs() -> None:
    flowables = body(_note(MILLION))
    texts = [f.text for f in flowables if hasattr(f, "text")]
    assert len(texts) >= MILLION // PIECE_CHARS
    assert max(len(t) for t in texts) < 6 * PIECE_CHARS  # markup adds font tags and escapes
    assert texts[0].startswith('<font face="') and "START-OF-NOTE" in texts[0]
    assert "END-OF-NOTE" in texts[-1]


def test_split_for_cell_of_a_million_character_line_keeps_every_character() -> None:
    line = _note(MILLION, "word" * 7 + " ")
    parts = split_for_cell(line, per_line=60)
    assert "".join(parts) == line
    assert len(parts) == pytest.approx(MILLION / (60 * 8), rel=0.05)


# --- the full report -------------------------------------------------------------------------


def test_a_million_character_discussion_note_builds_a_full_report() -> None:
    pm = Postmortem(title="Big note", discussion_notes=_note(MILLION))
    pages = _pages(render_full_report(pm))
    # About 6,000 characters of log lines fit on a page: 1,000,000 of them take 150 to 200 pages.
    assert 150 <= len(pages) <= 200
    assert "Discussion" in pages[1]  # the contents
    start = next(i for i, text in enumerate(pages) if "\nDiscussion\n" in text and i > 1)
    assert start == 2
    assert "START-OF-NOTE May 14 09:12:01 api-7 ERROR upstream timed out" in pages[start]
    assert "END-OF-NOTE" in pages[-1]
    assert pages[-1].rstrip().endswith(f"Page {len(pages)} of {len(pages)}")


@pytest.mark.parametrize("unit", ["The primary lost quorum. ", "quorum" * 20 + " ", "x"])
def test_one_long_line_reaches_the_report_whole_and_in_order(unit: str) -> None:
    note = _note(120_000, unit)
    pages = _pages(render_full_report(Postmortem(title="T", discussion_notes=note)))
    text = "".join(pages)
    begin, end = text.index("START-OF-NOTE"), text.index("END-OF-NOTE") + len("END-OF-NOTE")
    shown = re.sub(r"Generated \d+ \w+ \d{4}\s*·\s*Page \d+ of \d+|\nT\n", "", text[begin:end])
    assert _squeezed(shown) == _squeezed(note)


def _every_long_field(text: str) -> Postmortem:
    return Postmortem(
        title="All long",
        narrative=Narrative(what_happened=text, impact=text),
        timeline=[TimelineEvent(occurred_at=datetime(2024, 5, 14, 9, 12, tzinfo=UTC), description=text)],
        action_items=[ActionItem(title="Fix it", description=text)],
        evidence=[Evidence(title="Log", note=text)],
        causes=[Cause(text=text, note=text)],
        why_chains=[WhyChain(problem=text, whys=[WhyStep(question="Why?", answer=text)])],
        open_questions=[text],
        parking_lot=[ParkingLotItem(text=text)],
        extra_sections=[ExtraSection(heading="Appendix", body=text)],
    )


def test_every_long_field_at_100000_characters_is_in_the_report_from_start_to_end() -> None:
    note = _note(100_000)
    text = "\n".join(_pages(render_full_report(_every_long_field(note))))
    # what happened, impact, event, action, evidence, cause, cause note, 5 Whys problem and answer,
    # open question, parking lot item, additional section; the fishbone diagram shows the cause's start too
    assert text.count("START-OF-NOTE") == 13
    assert text.count("END-OF-NOTE") == 12


def _every_short_field(text: str) -> Postmortem:
    return Postmortem(
        title=text,
        tags=[text],
        restoration={"affected_services": [text], "affected_regions": [text], "affected_customers": text},
        stakeholders=[Stakeholder(name=text, team=text, email=text)],
        timeline=[TimelineEvent(raw_time=text, actor=text, description="Alert fired")],
        action_items=[ActionItem(title=text, owner=text, due_text=text, tracker_ref=text)],
        evidence=[Evidence(title=text, url="https://example.com/" + text.replace(" ", "&"), file_path=text)],
        causes=[Cause(text="A cause", category=text)],
        fishbone_categories=[text],
        why_chains=[WhyChain(problem="P", whys=[WhyStep(question=text, answer="A")])],
        extra_sections=[ExtraSection(heading=text, body="B")],
    )


def test_huge_one_line_fields_are_cut_with_an_ellipsis_and_the_report_builds() -> None:
    pm = _every_short_field(_note(32_767, "Maya Patel on call "))  # a line edit's most
    data = render_full_report(pm)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("START-OF-NOTE Maya Patel")
    assert reader.metadata.title.endswith("…") and len(reader.metadata.title) <= 500
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "END-OF-NOTE" not in text
    assert text.count("…") >= 10
    assert len(reader.pages) < 30


def test_summary_of_million_character_fields_stays_within_two_pages() -> None:
    note = _note(MILLION, "The replica fell behind and the primary lost quorum. ")
    pm = _every_long_field(note)
    pm.narrative.summary = note
    pm.narrative.root_cause = note
    pages = _pages(render_summary_pdf(pm))
    assert len(pages) <= 2
    assert "START-OF-NOTE The replica fell behind" in pages[0]
    assert "END-OF-NOTE" not in "".join(pages)


# --- cancelling ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["full-pdf", "summary-pdf"])
def test_a_cancelled_pdf_stops_at_its_next_flowable(key: str) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(ExportCancelled):
        render_export(key, Postmortem(title="T", discussion_notes=_note(200_000), narrative=Narrative(
            summary=_note(50_000))), cancelled=cancelled)
    assert len(asked) == 4
