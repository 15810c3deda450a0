"""The executive summary PDF: text survives exactly, every script has an embedded font, ≤ 2 pages."""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import reportlab.rl_config
from pypdf import PdfReader

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    Cause,
    CauseKind,
    EventKind,
    IncidentTimes,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Status,
    TimelineEvent,
)
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.pdf_content import document_author
from desktop_app.formats.pdf_summary import render_summary_pdf, write_summary_pdf

UTC = UTC
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _at(hour: int, minute: int = 0, day: int = 14) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


def _typical() -> Postmortem:
    return Postmortem(
        title="Checkout API returned errors",
        severity=Severity.SEV2,
        status=Status.PUBLISHED,
        time_zone="Europe/Copenhagen",
        restoration=Restoration(restored=True, affected_services=["checkout-api", "payments"]),
        times=IncidentTimes(
            started_at=_at(9, 12), detected_at=_at(9, 20), mitigated_at=_at(10, 5), resolved_at=_at(11, 47)
        ),
        narrative=Narrative(
            summary="A bad configuration push made the checkout API reject one request in five.",
            impact="About 4,000 customers could not pay for 2.5 hours.",
            root_cause="The rollout tool skipped validation for a renamed key.",
        ),
        causes=[Cause(text="Validation skipped for renamed keys", kind=CauseKind.ROOT_CAUSE)],
        timeline=[
            TimelineEvent(occurred_at=_at(9, 12), kind=EventKind.TRIGGER, description="Config pushed"),
            TimelineEvent(occurred_at=_at(9, 20), kind=EventKind.ALERT, description="Error-rate alert fired"),
            TimelineEvent(
                occurred_at=_at(10, 5), kind=EventKind.MITIGATION, description="Config rolled back"
            ),
            TimelineEvent(
                occurred_at=_at(11, 47), kind=EventKind.RESOLUTION, description="Error rate normal"
            ),
        ],
        action_items=[
            ActionItem(
                title="Validate renamed keys in the rollout tool", owner="Dana", due_date=date(2024, 4, 1)
            ),
            ActionItem(title="Page on checkout error rate above 2%", owner="Lee", status=ActionStatus.DONE),
        ],
    )


def _maximal() -> Postmortem:
    long_text = "The quick brown fox jumps over the lazy dog again and again. " * 330  # ~20k characters
    pm = _typical()
    pm.title = "Maximal " + "very long title " * 20
    pm.narrative = Narrative(
        summary=long_text, impact=long_text, root_cause=long_text, what_happened=long_text
    )
    pm.restoration = Restoration(
        affected_services=[f"service-{i}" for i in range(80)], affected_customers=long_text
    )
    pm.timeline = [
        TimelineEvent(
            occurred_at=_at(0) + timedelta(minutes=5 * i),
            kind=EventKind.ALERT if i % 7 == 0 else EventKind.OBSERVATION,
            description=long_text[:600],
            actor="Responder " * 8,
        )
        for i in range(200)
    ]
    pm.action_items = [
        ActionItem(title=long_text[:400], owner="Owner name " * 6, due_date=date(2024, 4, 1))
        for _ in range(60)
    ]
    pm.causes = [Cause(text=long_text[:800], kind=CauseKind.CONTRIBUTING_FACTOR) for _ in range(30)]
    return pm


def _read(data: bytes) -> tuple[str, int, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text), len(reader.pages), reader


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name (subset prefix dropped) -> whether a font file is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descriptor = font.get("/FontDescriptor")
            found[name] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return found


def test_typical_postmortem_is_one_page_with_its_content() -> None:
    text, pages, reader = _read(
        render_summary_pdf(_typical(), organisation="Acme", confidentiality="Internal")
    )
    assert pages == 1
    for expected in (
        "Checkout API returned errors",
        "A bad configuration push made the checkout API reject one request in five.",
        "About 4,000 customers could not pay for 2.5 hours.",
        "The rollout tool skipped validation for a renamed key.",
        "Validate renamed keys in the rollout tool",
        "SEV2",
        "Published",
        "14 Mar 2024 10:12 – 12:47 CET",
        "2 h 35 min",  # duration
        "8 min",  # time to detect
        "53 min",  # time to mitigate
        "1 of 2",  # action items open
        "Config rolled back",
        "10:12",  # trigger shown in Copenhagen time
        "1 Apr 2024",
        "Acme",
        "INTERNAL",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert reader.metadata.title == "Checkout API returned errors"
    assert reader.metadata.author == "Acme"  # no facilitator or commander: the organisation
    assert reader.metadata.subject == "Postmortem executive summary"
    # The cause "Validation skipped for renamed keys" rewords the narrative root cause: not repeated.
    assert "Validation skipped for renamed keys" not in text


def test_markup_characters_survive_exactly() -> None:
    pm = Postmortem(
        title="AT&T outage; R&D & QA",
        narrative=Narrative(summary="a<b & c>d", impact="literal &amp; stays", root_cause="<b>not bold</b>"),
        action_items=[ActionItem(title="x < y && z > w", owner="R&D")],
    )
    text, pages, _ = _read(render_summary_pdf(pm))
    assert pages == 1
    for expected in (
        "AT&T outage; R&D & QA",
        "a<b & c>d",
        "literal &amp; stays",
        "<b>not bold</b>",
        "x < y && z > w",
        "R&D",
    ):
        assert expected in text, expected


def test_every_script_renders_in_an_embedded_font() -> None:
    pm = Postmortem(
        title="東京 data centre outage",
        narrative=Narrative(
            summary="Сбой в Москве. Διακοπή στην Αθήνα. 東京のデータセンター.",
            impact=f"Hebrew: {HEBREW}",
            root_cause=f"Arabic: {ARABIC}",
            went_well="unused",
        ),
        action_items=[ActionItem(title="Korean 서울 장애 and emoji 🔥 ✅")],
    )
    text, _, reader = _read(render_summary_pdf(pm))
    for expected in (
        "東京 data centre outage",
        "Сбой в Москве",
        "Διακοπή στην Αθήνα",
        "東京のデータセンター",
        "서울 장애",
        "🔥 ✅",
    ):
        assert expected in text, expected
    # Right-to-left words come out of text extraction in logical or visual order depending on the reader.
    for word in HEBREW.split() + ARABIC.split():
        assert word in text or word[::-1] in text, word
    fonts = _fonts(reader)
    assert fonts == {
        "DejaVuSans": True,
        "DejaVuSans-Bold": True,
        "WenQuanYiMicroHei-0": True,
        "Symbola": True,
    }


def test_latin_only_document_embeds_no_cjk_font_and_no_base14_font() -> None:
    _, _, reader = _read(render_summary_pdf(_typical()))
    assert _fonts(reader) == {"DejaVuSans": True, "DejaVuSans-Bold": True}


def test_maximal_postmortem_fits_two_pages() -> None:
    text, pages, _ = _read(
        render_summary_pdf(_maximal(), organisation="Acme", confidentiality="Confidential")
    )
    assert pages == 2
    assert "Page 2 of 2" in text
    assert "more action items" in text
    assert "..." in text  # the ellipsis "…", folded by NFKC


def test_long_unbroken_url_wraps_inside_the_page() -> None:
    url = "https://example.com/search?" + "&".join(f"k{i}=v{i}" for i in range(40))
    url = (url + "x" * 300)[:300]
    pm = Postmortem(
        title="URL",
        narrative=Narrative(summary=url),
        action_items=[ActionItem(title=url, owner="sha256:" + "ab" * 32)],
    )
    text, pages, reader = _read(render_summary_pdf(pm))
    assert pages == 1
    assert url not in text.splitlines()  # it was broken over lines...
    assert url in text.replace("\n", "")  # ...and nothing of it was lost
    width = float(reader.pages[0].mediabox.width)
    right_edges: list[float] = []

    def visit(chunk: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if chunk.strip():
            right_edges.append(cm[4] + tm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert right_edges and max(right_edges) < width - 40


def test_postmortem_with_only_a_title_renders_a_clean_page() -> None:
    text, pages, _ = _read(render_summary_pdf(Postmortem(title="Only a title")))
    assert pages == 1
    assert "Only a title" in text
    for absent in ("Summary", "Impact", "Root cause", "Key moments", "Action items", "WHEN"):
        assert absent not in text


def test_untitled_postmortem_gets_a_placeholder_title() -> None:
    text, _, reader = _read(render_summary_pdf(Postmortem()))
    assert "Untitled postmortem" in text
    assert reader.metadata.title == "Untitled postmortem"


def test_newlines_become_line_breaks() -> None:
    pm = Postmortem(title="Lines", narrative=Narrative(summary="first line\nsecond line"))
    text, _, _ = _read(render_summary_pdf(pm))
    lines = text.splitlines()
    assert "first line" in lines
    assert "second line" in lines


def test_write_summary_pdf_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_summary_pdf(_typical(), target, organisation="Acme")
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_write_summary_pdf_reports_an_unwritable_place(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "summary.pdf"
    with pytest.raises(ExportFailure, match="Could not write the PDF summary to .*summary.pdf"):
        write_summary_pdf(_typical(), target)
    assert not target.parent.exists()


def _issue_maximal() -> Postmortem:
    """The issue's maximal postmortem: 1,000 events, 200 causes, 100 action items, a 50 KB narrative."""
    para = "Retries doubled the load on the primary while the replicas caught up. 東京 障害 שלום عالم. " * 12
    narrative = ("\n\n".join([para] * 60))[:50_000]
    start = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)
    pm = _typical()
    pm.title = "Maximal: " + "checkout, payments & 決済 " * 12
    pm.tags = [f"tag-{i}" for i in range(60)]
    pm.narrative = Narrative(summary=narrative, impact=narrative, root_cause=narrative, what_happened=narrative)
    pm.restoration = Restoration(affected_services=[f"service-{i}" for i in range(120)],
                                 affected_regions=[f"region-{i}" for i in range(40)], affected_customers=narrative)
    pm.timeline = [
        TimelineEvent(occurred_at=start + timedelta(minutes=i),
                      kind=[EventKind.ALERT, EventKind.MITIGATION, EventKind.OBSERVATION][i % 3],
                      description=f"Event {i}: " + "東京 データセンター sha256:" + "ab" * 40,
                      actor="Responder with a very long name " * 3)
        for i in range(1000)
    ]
    pm.causes = [Cause(text=f"Cause {i}: " + "retry storm " * 40,
                       kind=CauseKind.ROOT_CAUSE if i % 20 == 0 else CauseKind.CONTRIBUTING_FACTOR)
                 for i in range(200)]
    pm.action_items = [
        ActionItem(title=f"Action {i}: " + "add jitter and a retry budget " * 10, owner="Owner name " * 8,
                   due_date=date(2024, 4, 1) + timedelta(days=i), status=ActionStatus.OPEN)
        for i in range(100)
    ]
    return pm


def test_issue_maximal_postmortem_fits_two_pages_with_more_notes() -> None:
    pm = _issue_maximal()
    assert len(pm.narrative.summary) == 50_000
    text, pages, _ = _read(render_summary_pdf(pm, organisation="Acme", confidentiality="Internal"))
    assert pages <= 2
    assert f"Page {pages} of {pages}" in text
    flat = " ".join(text.split())
    notes = re.findall(r"\.\.\. and ([\d,]+) more (causes|action items|timeline events) in the full report", flat)
    assert [kind for _, kind in notes] == ["causes", "timeline events", "action items"]
    shown = {kind: 0 for _, kind in notes}
    shown["causes"] = len(re.findall(r"Root cause Cause|Contributing factor Cause", flat))
    shown["timeline events"] = len(re.findall(r"Event \d+:", flat))
    shown["action items"] = len(re.findall(r"Action \d+:", flat))
    totals = {"causes": 200, "timeline events": 1000, "action items": 100}
    for hidden, kind in notes:  # what is shown plus what the note counts is everything
        assert shown[kind] >= 3 and shown[kind] + int(hidden.replace(",", "")) == totals[kind], (kind, shown)
    assert "Cause 0:" in flat and "Action 0:" in flat  # root causes and the soonest actions come first


_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
_FILES = (
    [f["file"] for f in json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]]
    if (_CORPUS / "corpus.json").is_file()
    else []
)


def test_the_corpus_has_twenty_files() -> None:
    assert len(_FILES) == 20


@pytest.mark.slow
@pytest.mark.parametrize("name", _FILES)
def test_every_corpus_summary_is_one_or_two_pages(corpus_dir: Path, name: str) -> None:
    from desktop_app.formats.importer import import_path

    pm = import_path(corpus_dir / name).postmortem
    text, pages, reader = _read(render_summary_pdf(pm, organisation="Acme", confidentiality="Internal"))
    assert 1 <= pages <= 2
    assert reader.metadata.title == (pm.title.strip() or "Untitled postmortem")
    assert reader.metadata.author == document_author(pm, "Acme")
    assert reader.metadata.subject == "Postmortem executive summary"
    flat = " ".join(text.split())
    assert " ".join((pm.title.strip() or "Untitled postmortem").split())[:40] in flat
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in flat
    assert flat.count("Acme · INTERNAL") == pages
    assert "```" not in text  # Markdown fences are formatting, not text
