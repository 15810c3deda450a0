"""The full report PDF: outline, metadata, repeated table headers, links, long text, every corpus file."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import reportlab.rl_config
from pypdf import PdfReader
from reportlab.platypus import Table

from desktop_app.domain.models import (
    DEFAULT_FISHBONE_CATEGORIES,
    ActionItem,
    ActionStatus,
    Cause,
    CauseKind,
    EventKind,
    Evidence,
    EvidenceKind,
    ExtraSection,
    KeyMoment,
    Narrative,
    ParkingLotItem,
    Postmortem,
    Severity,
    Stakeholder,
    StakeholderRole,
    Status,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.export_options import ExportOptions
from desktop_app.formats.importer import import_path
from desktop_app.formats.pdf_report import render_full_report, section_titles, write_full_report
from desktop_app.formats.pdf_report_blocks import Row, split_for_cell
from desktop_app.formats.pdf_summary import render_summary_pdf

URL = ("https://grafana.example.com/d/abc?" + "&".join(f"var-k{i}=v{i}" for i in range(40)) + "x" * 300)[:300]
TRACE = "\n".join(f'  File "/srv/app/module_{i}.py", line {i}, in handler_{i}' for i in range(600))
BASE = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _read(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    pages = [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]
    return pages, reader


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found


def _typical() -> Postmortem:
    return Postmortem(
        title="Checkout <API> & payments failed",
        severity=Severity.SEV2,
        status=Status.PUBLISHED,
        time_zone="Europe/Copenhagen",
        incident_date=date(2024, 3, 14),
        tags=["checkout", "config"],
        stakeholders=[
            Stakeholder(name="Dana Scully", role=StakeholderRole.INCIDENT_COMMANDER, is_facilitator=True,
                        email="dana@example.com"),
            Stakeholder(name="Fox Mulder", role=StakeholderRole.RESPONDER),
        ],
        evidence=[Evidence(kind=EvidenceKind.GRAPH, title="Error rate", url=URL, note="see the spike")],
        narrative=Narrative(summary="A bad config push.", root_cause="Validation skipped.", went_well="Rollback"),
        timeline=[
            TimelineEvent(occurred_at=BASE, kind=EventKind.TRIGGER, key_moment=KeyMoment.START,
                          description="Config pushed", actor="Dana Scully"),
            TimelineEvent(occurred_at=BASE + timedelta(minutes=8), kind=EventKind.ALERT,
                          description="Error-rate alert fired"),
        ],
        causes=[Cause(text="Validation skipped for renamed keys", kind=CauseKind.ROOT_CAUSE, category="Process")],
        action_items=[
            ActionItem(title="Validate renamed keys", owner="Dana Scully", due_date=date(2024, 4, 1)),
            ActionItem(title="Page on error rate", owner="Fox Mulder", status=ActionStatus.DONE),
        ],
    )


def _maximal() -> Postmortem:
    para = "The quick brown fox jumps over the lazy dog again and again. " * 40
    narrative = "\n\n".join([para] * 21)[:50_000]
    causes: list[Cause] = []
    for i in range(200):
        parent = causes[i - 1].id if i % 4 and causes else None
        causes.append(Cause(text=f"Cause {i}: retry storm", category=DEFAULT_FISHBONE_CATEGORIES[i % 6],
                            parent_id=parent, kind=CauseKind.ROOT_CAUSE if i == 0 else CauseKind.CONTRIBUTING_FACTOR))
    pm = _typical()
    pm.narrative = Narrative(summary=narrative, what_happened="東京 データセンター 障害 " * 20 + " שלום עולם",
                             went_wrong="Paging was slow")
    pm.timeline = [
        TimelineEvent(occurred_at=BASE + timedelta(minutes=i), kind=EventKind.OBSERVATION, actor="@oncall",
                      description=TRACE if i == 500 else f"Event {i}: sha256:{'ab' * 32}")
        for i in range(1000)
    ]
    pm.causes = causes
    pm.why_chains = [WhyChain(problem="Checkout failed", whys=[WhyStep(question=f"Why {j}?", answer=f"Because {j}")
                                                                for j in range(5)], cause_id=causes[0].id)]
    pm.action_items = [ActionItem(title=f"Action item number {i}", owner="Dana Scully", description="Do it. " * 30)
                       for i in range(100)]
    pm.open_questions = ["Why did the alert not page?"]
    pm.parking_lot = [ParkingLotItem(text="Budget for capacity", raised_at=BASE)]
    pm.extra_sections = [ExtraSection(heading="Appendix", body="Raw notes")]
    return pm


@pytest.fixture(scope="module")
def maximal_pdf() -> bytes:
    return render_full_report(_maximal(), options=ExportOptions(organisation="Acme", confidentiality="Internal"))


def test_typical_report_has_cover_contents_outline_and_metadata() -> None:
    data = render_full_report(_typical(), options=ExportOptions(organisation="Acme", confidentiality="Internal"))
    pages, reader = _read(data)
    assert len(pages) > 2
    cover = _flat(pages[0])
    assert "POSTMORTEM REPORT · INCIDENT POSTMORTEM · 14 MAR 2024 Checkout <API> & payments failed SEV2" in cover
    assert "FACILITATOR Dana Scully INCIDENT COMMANDER Dana Scully PARTICIPANTS 2 ORGANISATION Acme" in cover
    assert "INTERNAL SUMMARY A bad config push." in cover
    assert pages[1].splitlines()[2] == "Contents"
    expected = ["Restoration and impact", "Evidence", "Stakeholders", "Narrative", "Lessons learned", "Timeline",
                "Causes", "Action items"]
    assert [t for depth, t in _outline(reader) if depth == 0] == expected
    assert section_titles(_typical()) == expected
    assert [t for depth, t in _outline(reader) if depth == 1] == [
        "Summary", "Root cause", "What went well", "Fishbone diagram"
    ]
    assert "TIME (CET) KIND KEY MOMENT ACTOR DESCRIPTION 10:00 Trigger Start Dana Scully Config pushed" in _flat(
        "\n".join(pages)
    )
    meta = reader.metadata
    assert meta.title == "Checkout <API> & payments failed"
    assert meta.author == "Dana Scully"
    assert meta.subject == "Postmortem report"
    assert meta.creator == "Hindsight"
    total = len(pages)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {total}" in text
        assert "Acme · INTERNAL" in text


def test_every_section_appears_in_order_in_the_outline(maximal_pdf: bytes) -> None:
    _, reader = _read(maximal_pdf)
    assert [t for depth, t in _outline(reader) if depth == 0] == [
        "Restoration and impact", "Evidence", "Stakeholders", "Narrative", "Lessons learned", "Timeline",
        "Causes", "5 Whys", "Action items", "Open questions", "Parking lot", "Additional sections",
    ]


def test_timeline_header_repeats_on_every_page_it_spans(maximal_pdf: bytes) -> None:
    pages, _ = _read(maximal_pdf)
    with_events = [i for i, text in enumerate(pages) if "Event " in text or "module_" in text]
    assert with_events == list(range(with_events[0], with_events[-1] + 1))
    assert len(with_events) > 20
    for index in with_events:
        assert "TIME (CET) KIND ACTOR DESCRIPTION" in _flat(pages[index]), index


def test_the_600_line_stack_trace_continues_over_pages_without_loss(maximal_pdf: bytes) -> None:
    pages, _ = _read(maximal_pdf)
    text = "\n".join(pages)
    assert all(f'module_{i}.py", line {i}, in handler_{i}' in text for i in range(600))
    trace_pages = [i for i, t in enumerate(pages) if "module_" in t]
    assert len(trace_pages) >= 8
    # Every page the trace runs on to opens with "(continued)" under the repeated header, and only there.
    assert text.count("(continued)") == len(trace_pages) - 1
    for index in trace_pages[1:]:
        after_header = _flat(pages[index]).split("TIME (CET) KIND ACTOR DESCRIPTION ", 1)[1]
        assert after_header.startswith("(continued) File \"/srv/app/module_"), after_header[:80]
    # The pieces fill the pages: all but the last trace page hold at least 60 of its lines.
    for index in trace_pages[:-1]:
        assert pages[index].count("module_") >= 60, (index, pages[index].count("module_"))


def test_every_action_item_and_the_non_latin_text_are_present(maximal_pdf: bytes) -> None:
    text = "\n".join(_read(maximal_pdf)[0])
    for i in range(100):
        assert f"Action item number {i}\n" in text
    assert "東京 データセンター 障害" in text
    assert "Checkout failed" in text and "Because 4" in text
    assert "Budget for capacity" in text


def test_bookmarks_open_the_page_of_their_heading(maximal_pdf: bytes) -> None:
    pages, reader = _read(maximal_pdf)
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))
                assert item["/Type"] == "/XYZ" and 0 < item["/Top"] <= 842, item

    walk(reader.outline)
    assert len(found) > 12
    for title, page in found:
        assert page >= 2, title  # never the cover or the contents
        assert title in pages[page], (title, page)
    assert [p for _, p in found] == sorted(p for _, p in found)


def _uris(reader: PdfReader) -> list[str]:
    return [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]


def test_the_long_url_wraps_and_its_link_is_exact() -> None:
    pages, reader = _read(render_full_report(_typical()))
    text = "\n".join(pages)
    assert URL not in text.splitlines()
    assert URL in text.replace("\n", "")
    # One link annotation per wrapped line of the URL, each with the exact target.
    assert set(_uris(reader)) == {URL, "mailto:dana@example.com"}


def test_unsafe_link_schemes_stay_plain_text() -> None:
    pm = Postmortem(title="x", evidence=[Evidence(title="bad", url="javascript:alert(1)")])
    pages, reader = _read(render_full_report(pm))
    assert _uris(reader) == []
    assert "javascript:alert(1)" in "\n".join(pages)


@pytest.mark.slow
def test_every_corpus_file_renders(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("*.md"))
    assert len(files) == 20
    for path in files:
        pm = import_path(path).postmortem
        pages, reader = _read(render_full_report(pm))
        assert len(pages) >= 3, path.name
        assert reader.metadata.title == (pm.title.strip() or "Untitled postmortem")
        assert _outline(reader)[0] == (0, "Restoration and impact")


def test_split_for_cell_keeps_every_character() -> None:
    pieces = split_for_cell(TRACE, per_line=60, max_lines=40)
    assert len(pieces) == 15
    assert "\n".join(pieces) == "\n".join(line.rstrip() for line in TRACE.split("\n"))  # indentation kept
    one_line = "x" * 10_000
    pieces = split_for_cell(one_line, per_line=50, max_lines=40)
    assert [len(p) for p in pieces] == [2000] * 5
    assert split_for_cell("", per_line=50) == [""]


def test_logo_and_its_errors(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), "navy").save(logo)
    data = render_full_report(_typical(), options=ExportOptions(logo_path=str(logo)))
    _, reader = _read(data)
    assert "/XObject" in reader.pages[0]["/Resources"]
    summary = PdfReader(io.BytesIO(render_summary_pdf(_typical(), options=ExportOptions(
        organisation="Acme", confidentiality="Internal", logo_path=str(logo)))))
    assert "/XObject" in summary.pages[0]["/Resources"]
    assert "Acme · INTERNAL" in summary.pages[0].extract_text()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    with pytest.raises(ExportFailure, match=r"broken.png is damaged"):
        render_full_report(_typical(), options=ExportOptions(logo_path=str(broken)))
    with pytest.raises(ExportFailure, match=r"missing.png does not exist"):
        render_full_report(_typical(), options=ExportOptions(logo_path=str(tmp_path / "missing.png")))
    text = tmp_path / "logo.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ExportFailure, match=r"logo.txt is not a PNG or JPEG image"):
        render_full_report(_typical(), options=ExportOptions(logo_path=str(text)))


def test_write_full_report(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_full_report(_typical(), target)
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(ExportFailure, match="Could not write the PDF report to"):
        write_full_report(_typical(), tmp_path / "missing" / "report.pdf")


def test_fishbone_tags_root_causes_and_the_ones_no_action_item_addresses() -> None:
    pm = Postmortem(
        title="Tags",
        causes=[
            Cause(id="r1", text="Disk filled up", kind=CauseKind.ROOT_CAUSE, category="Technology"),
            Cause(id="r2", text="No retention policy", kind=CauseKind.ROOT_CAUSE, category="Process"),
        ],
        action_items=[ActionItem(title="Keep 7 days of WAL", cause_ids=["r2"])],
    )
    pages, _reader = _read(render_full_report(pm))
    text = _flat(" ".join(pages))
    assert text.count("ROOT CAUSE") == 2
    assert text.count("NO ACTION ITEM") == 2  # the legend's pill and the tag on "Disk filled up"
    assert "NO ACTION ITEM root cause with no action item yet" in text


def test_a_table_that_drops_empty_columns_still_spans_the_text_column() -> None:
    from desktop_app.formats import pdf_styles
    from desktop_app.formats.pdf_report import _Builder, _stakeholders
    from desktop_app.formats.pdf_report_blocks import long_table

    pm = Postmortem(title="T", stakeholders=[Stakeholder(name="Maya Patel", role=StakeholderRole.RESPONDER),
                                            Stakeholder(name="Ali Kaya", role=StakeholderRole.OBSERVER)])
    builder = _Builder(pm, date(2024, 5, 14))
    _stakeholders(builder)
    (table,) = [f for f in builder.story if isinstance(f, Table)]
    assert len(table._colWidths) == 2  # name and role: no team, no e-mail
    assert sum(table._colWidths) == pytest.approx(pdf_styles.CONTENT_WIDTH)
    assert table.hAlign == "LEFT"
    narrow = long_table(["A", "B", "C"], [Row(["", "x", ""], long_text="y")], [50.0, 30.0, 20.0], long_column=0)
    assert narrow._colWidths == [70.0, 30.0] and narrow.hAlign == "LEFT"


def _unembedded_fonts(reader: PdfReader) -> set[str]:
    """Every font a page uses whose glyphs are not in the PDF (Type 0 through its descendant font)."""
    missing: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts is not None else []):
            font = ref.get_object()
            if font.get("/Subtype") == "/Type3":
                continue
            described = font["/DescendantFonts"][0].get_object() if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            files = descriptor.get_object() if descriptor is not None else {}
            if not any(key in files for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font["/BaseFont"]))
    return missing


def test_every_font_of_the_full_report_is_embedded(corpus_dir: Path) -> None:
    pm = _typical()
    pm.causes = []  # the fishbone diagram: see the next test
    _, reader = _read(render_full_report(pm, options=ExportOptions(organisation="Acme")))
    assert _unembedded_fonts(reader) == set()
    pm = import_path(corpus_dir / "pypi-2024-06-28-leaked-token.md").postmortem
    _, reader = _read(render_full_report(pm))
    assert _unembedded_fonts(reader) == set()


def test_every_font_of_a_report_with_a_fishbone_is_embedded() -> None:
    _, reader = _read(render_full_report(_typical()))
    assert _unembedded_fonts(reader) == set()


def test_the_summary_and_the_full_report_name_the_same_author() -> None:
    pm = _typical()
    for organisation in ("", "Acme"):
        options = ExportOptions(organisation=organisation)
        full = PdfReader(io.BytesIO(render_full_report(pm, options=options))).metadata.author
        summary = PdfReader(io.BytesIO(render_summary_pdf(pm, organisation=organisation))).metadata.author
        assert full == summary == "Dana Scully"
    pm.stakeholders = []
    full = PdfReader(io.BytesIO(render_full_report(pm, options=ExportOptions(organisation="Acme")))).metadata.author
    summary = PdfReader(io.BytesIO(render_summary_pdf(pm, organisation="Acme"))).metadata.author
    assert full == summary == "Acme"


def test_an_imported_section_named_like_a_report_section_is_told_apart() -> None:
    pm = _typical()
    pm.extra_sections = [
        ExtraSection(heading="Timeline", body="Notes kept under the timeline heading."),
        ExtraSection(heading="timeline", body="More notes."),
        ExtraSection(heading="Opportunities", body="Cache warming."),
    ]
    pages, reader = _read(render_full_report(pm))
    outline = _outline(reader)
    assert outline[-4:] == [
        (0, "Additional sections"),
        (1, "Timeline (imported notes)"),
        (1, "timeline (imported notes 2)"),
        (1, "Opportunities"),
    ]
    assert [title for _, title in outline].count("Timeline") == 1
    contents = _flat(pages[1])
    assert contents.count("Timeline (imported notes)") == 1 and "timeline (imported notes 2)" in contents


def test_a_chat_timelines_actor_is_said_once_per_row(corpus_dir: Path) -> None:
    pm = import_path(corpus_dir / "hachyderm-2022-12-13-root-fs-full.md").postmortem
    first = pm.timeline[0]
    assert (first.actor, first.description) == ("@nova", "`@nova` First report of slow response times in Discord")
    pages, _ = _read(render_full_report(pm))
    text = _flat(" ".join(pages))
    # the actor column, then the description without the name it started with
    assert "18:53 Detection @nova First report of slow response times in Discord 18:55" in text
    assert "`@" not in text and "@nova @nova" not in text
    assert pm.timeline[0].description.startswith("`@nova`")  # the stored text is the source's
    summary = _flat(" ".join(_read(render_summary_pdf(pm))[0]))
    assert "`@" not in summary
