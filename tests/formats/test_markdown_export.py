"""Markdown export: the SRE-template shape, plain-text escaping, and the round trip through the importer."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.models import (
    ActionItem,
    ActionKind,
    ActionStatus,
    EventKind,
    KeyMoment,
    Cause,
    CauseKind,
    ExtraSection,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Stakeholder,
    StakeholderRole,
    TimelineEvent,
    TimePrecision,
    ParkingLotItem,
    WhyChain,
    WhyStep,
)
from desktop_app.formats.markdown_export import cell, plain, to_markdown
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file
from desktop_app.formats.md_blocks import parse_document

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def _small() -> Postmortem:
    return Postmortem(
        title="Checkout errors",
        severity=Severity.SEV2,
        time_zone="UTC",
        incident_date=date(2024, 3, 1),
        restoration=Restoration(affected_services=["checkout", "payments"]),
        stakeholders=[Stakeholder(name="Ann Lee", role=StakeholderRole.INCIDENT_COMMANDER, team="SRE",
                                  is_facilitator=True)],
        narrative=Narrative(summary="Checkout failed for 20 minutes.", went_well="Rollback was fast."),
        causes=[Cause(text="Config push without canary", kind=CauseKind.ROOT_CAUSE),
                Cause(text="No alert on 5xx", kind=CauseKind.CONTRIBUTING_FACTOR)],
        timeline=[
            TimelineEvent(occurred_at=datetime(2024, 3, 1, 10, 0, tzinfo=UTC), description="Config pushed",
                          kind=EventKind.TRIGGER, key_moment=KeyMoment.START, actor="deploy-bot"),
            TimelineEvent(occurred_at=datetime(2024, 3, 1, 10, 20, 5, tzinfo=UTC),
                          precision=TimePrecision.SECOND, description="Rolled back"),
        ],
        action_items=[ActionItem(title="Canary config pushes", kind=ActionKind.PREVENT, owner="@ann",
                                 due_date=date(2024, 4, 1), status=ActionStatus.IN_PROGRESS, tracker_ref="OPS-12")],
    )


def test_small_postmortem_exact_document() -> None:
    assert to_markdown(_small()) == (
        "# Checkout errors\n"
        "\n"
        "**Status:** Draft\\\n"
        "**Severity:** SEV2\\\n"
        "**Date:** 2024-03-01\\\n"
        "**Time zone:** UTC\\\n"
        "**Authors and stakeholders:** Ann Lee (Incident commander, SRE, facilitator)\\\n"
        "**Affected services:** checkout, payments\n"
        "\n"
        "## Summary\n"
        "\n"
        "Checkout failed for 20 minutes.\n"
        "\n"
        "## Root causes\n"
        "\n"
        "- **Root cause:** Config push without canary\n"
        "- **Contributing factor:** No alert on 5xx\n"
        "\n"
        "## Lessons learned\n"
        "\n"
        "### What went well\n"
        "\n"
        "Rollback was fast.\n"
        "\n"
        "## Timeline\n"
        "\n"
        "| Time (UTC) | Event | Kind | Key moment | Actor |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 2024-03-01 10:00 | Config pushed | Trigger | Start | deploy-bot |\n"
        "| 2024-03-01 10:20:05 | Rolled back | Observation |  |  |\n"
        "\n"
        "## Action items\n"
        "\n"
        "| Action | Type | Owner | Due | Status | Tracker |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| Canary config pushes | Prevent | @ann | 2024-04-01 | In progress | OPS-12 |\n"
    )


def _maximal() -> Postmortem:
    return Postmortem(
        title="AT&T outage; R&D & QA | a<b & c>d *not bold* 東京 🔥",
        severity=Severity.SEV1,
        time_zone="Europe/Berlin",
        incident_date=date(2024, 3, 30),
        tags=["東京", "שלום"],
        restoration=Restoration(affected_services=["api|edge", "مرحبا"], affected_customers="EU & UK"),
        stakeholders=[
            Stakeholder(name="محمد", role=StakeholderRole.RESPONDER, email="m@example.com"),
            Stakeholder(name="José *Q*", role=StakeholderRole.INCIDENT_COMMANDER, is_facilitator=True),
        ],
        narrative=Narrative(
            summary="a<b & c>d, &amp; stays &amp;\nsecond line # not a heading\n\n# looks like a heading\n---",
            impact="- users in 東京\n- users in تل אביב\n\n1) odd numbering\n\n3. starts at three",
            root_cause="Action point: this is prose, not a new item\n\n```\n*code* <kept> as is\n```",
            resolution="Going forward, we will do the following:\n\n- Restate the plan",
            got_lucky="[1]: https://example.com looks like a link definition",
        ),
        causes=[Cause(text="cache | stampede", kind=CauseKind.ROOT_CAUSE, category="Machine")],
        timeline=[
            # the night the clocks changed in Berlin: +01:00 before, +02:00 after
            TimelineEvent(occurred_at=datetime(2024, 3, 31, 1, 30, tzinfo=BERLIN), description="Before DST | pipe"),
            TimelineEvent(occurred_at=datetime(2024, 3, 31, 3, 5, tzinfo=BERLIN),
                          description="After DST: a<b & c>d `code|pipe`"),
            TimelineEvent(occurred_at=datetime(2024, 3, 30, tzinfo=BERLIN), precision=TimePrecision.DAY,
                          description="Date-only event 東京"),
            TimelineEvent(occurred_at=datetime(2024, 3, 31, 4, 0, tzinfo=BERLIN), approximate=True,
                          description="Approximately: 🔥 emoji, עברית, العربية"),
            TimelineEvent(occurred_at=datetime(2024, 3, 31, 2, 15, 30, tzinfo=UTC), precision=TimePrecision.SECOND,
                          description="Given in UTC, shown in Berlin"),
            TimelineEvent(occurred_at=None, raw_time="2023-MM-DD", description="Token created *sometime*"),
            TimelineEvent(occurred_at=None, raw_time="", description="No time at all\nsecond line"),
            TimelineEvent(occurred_at=datetime(2024, 3, 31, 5, 0, tzinfo=BERLIN), description="# #hash [x] - dash"),
        ],
        action_items=[
            ActionItem(title="Fix `a|b` & <tags>", owner="Zoë Ωmega", due_date=date(2024, 5, 1),
                       status=ActionStatus.OPEN, kind=ActionKind.DETECT, description="why | how"),
            ActionItem(title="TODO: 東京 capacity", owner="", due_date=None, status=ActionStatus.DONE),
            ActionItem(title="=HYPERLINK(\"x\")", owner="@bob", due_date=date(2024, 6, 30),
                       status=ActionStatus.WONT_DO),
            ActionItem(title="Runbook *update*", owner="@carol", due_text="next sprint",
                       status=ActionStatus.IN_PROGRESS),
        ],
    )


def _assert_round_trip(original: Postmortem, again: Postmortem) -> None:
    assert again.title == original.title
    assert len(again.timeline) == len(original.timeline)
    for before, after in zip(original.timeline, again.timeline, strict=True):
        assert after.occurred_at == before.occurred_at
        if before.occurred_at is None:
            assert after.raw_time == before.raw_time
        assert after.description == before.description
        assert (after.kind, after.key_moment, after.actor) == (before.kind, before.key_moment, before.actor)
    assert [(a.title, a.owner, a.due_date, a.status) for a in again.action_items] == [
        (a.title, a.owner, a.due_date, a.status) for a in original.action_items
    ]
    assert (again.status, again.time_zone) == (original.status, original.time_zone)


def test_small_postmortem_round_trips_kinds_key_moments_and_actors() -> None:
    pm = _small()
    again = import_markdown(to_markdown(pm)).postmortem
    _assert_round_trip(pm, again)
    assert again.timeline[0].key_moment is KeyMoment.START


def test_maximal_postmortem_round_trips() -> None:
    pm = _maximal()
    again = import_markdown(to_markdown(pm)).postmortem
    # the TODO label is how the importer reads a title; Hindsight's own title keeps it
    expected = pm.model_copy(deep=True)
    expected.action_items[1].title = "東京 capacity"
    _assert_round_trip(expected, again)
    assert again.severity is Severity.SEV1
    assert again.restoration.affected_services == ["api|edge", "مرحبا"]
    assert [e.approximate for e in again.timeline] == [False, False, False, True, False, False, False, False]
    assert [e.precision for e in again.timeline][2] is TimePrecision.DAY
    assert again.narrative.impact == pm.narrative.impact
    assert again.narrative.summary == pm.narrative.summary
    assert again.narrative.got_lucky == pm.narrative.got_lucky
    assert again.narrative.root_cause.startswith("Action point — this is prose, not a new item\n\n```\n*code*")
    assert again.narrative.resolution.startswith("Going forward, we will do the following.\n\n- Restate the plan")


def test_maximal_postmortem_rows() -> None:
    lines = to_markdown(_maximal()).splitlines()
    assert lines[0] == r"# AT&T outage; R&D & QA | a\<b & c>d \*not bold\* 東京 🔥"
    start = lines.index("| Time (Europe/Berlin) | Event | Kind | Key moment | Actor |")
    rest = " | Observation |  |  |"
    assert lines[start + 2 : start + 10] == [
        r"| 2024-03-31 01:30 +01:00 | Before DST \| pipe" + rest,
        r"| 2024-03-31 03:05 +02:00 | After DST: a\<b & c>d \`code\|pipe\`" + rest,
        "| 2024-03-30 +01:00 | Date-only event 東京" + rest,
        "| ~2024-03-31 04:00 +02:00 | Approximately: 🔥 emoji, עברית, العربية" + rest,
        "| 2024-03-31 04:15:30 +02:00 | Given in UTC, shown in Berlin" + rest,
        r"| 2023-MM-DD | Token created \*sometime\*" + rest,
        "|  | No time at all<br>second line" + rest,
        "| 2024-03-31 05:00 +02:00 | # #hash [x] - dash" + rest,
    ]
    start = lines.index("| Action | Type | Owner | Due | Status | Tracker |")
    assert lines[start + 2 : start + 6] == [
        r"| Fix \`a\|b\` & \<tags> | Detect | Zoë Ωmega | 2024-05-01 | Open |  |",
        "| TODO: 東京 capacity | Other |  |  | Done |  |",
        r'| =HYPERLINK("x") | Other | @bob | 2024-06-30 | Won' + "'t do |  |",
        r"| Runbook \*update\* | Other | @carol | next sprint | In progress |  |",
    ]


def _cause_shape(pm: Postmortem) -> list[tuple[str, CauseKind, str, str, int | None]]:
    index = {c.id: i for i, c in enumerate(pm.causes)}
    return [(c.text, c.kind, c.category, c.note, index.get(c.parent_id)) for c in pm.causes]


_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
_FILES = (
    [f["file"] for f in json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]]
    if (_CORPUS / "corpus.json").is_file()
    else []
)
#: corpus files whose import finds fishbone causes (root cause / contributing factor lists)
_WITH_CAUSES = 5


@pytest.mark.parametrize("name", _FILES)
def test_corpus_round_trip(corpus_dir: Path, name: str) -> None:
    """import -> export -> import keeps title, timeline (times, texts), action items and causes."""
    original = import_markdown_file(corpus_dir / name).postmortem
    assert original.timeline or original.action_items, "the corpus file holds a timeline or action items"
    again = import_markdown(to_markdown(original)).postmortem
    _assert_round_trip(original, again)
    assert _cause_shape(again) == _cause_shape(original)


def test_corpus_files_with_causes(corpus_dir: Path) -> None:
    with_causes = [n for n in _FILES if import_markdown_file(corpus_dir / n).postmortem.causes]
    assert len(with_causes) == _WITH_CAUSES, with_causes


def test_every_corpus_file_is_covered(corpus_dir: Path, corpus_manifest: dict) -> None:
    assert sorted(f["file"] for f in corpus_manifest["files"]) == sorted(p.name for p in corpus_dir.glob("*.md"))
    assert len(corpus_manifest["files"]) == 20


def test_empty_postmortem() -> None:
    md = to_markdown(Postmortem())
    assert md == "# Untitled postmortem\n\n**Status:** Draft\\\n**Time zone:** UTC\n"
    assert import_markdown(md).postmortem.title == "Untitled postmortem"


def test_extra_sections_follow_and_action_notes_stay_notes() -> None:
    pm = _small()
    pm.extra_sections = [
        ExtraSection(heading="Follow-ups", body="Notes about follow-ups.\n\n- not an item"),
        ExtraSection(heading="Thanks", body="To everyone 🙏"),
    ]
    md = to_markdown(pm)
    assert md.endswith("### Follow-ups\n\nNotes about follow-ups.\n\n- not an item\n\n## Thanks\n\nTo everyone 🙏\n")
    again = import_markdown(md).postmortem
    assert [a.title for a in again.action_items] == ["Canary config pushes"]
    assert [(x.heading, x.body) for x in again.extra_sections] == [
        ("Thanks", "To everyone 🙏"), ("Follow-ups", "Notes about follow-ups.\n\n- not an item"),
    ]


def _cell_back(markdown_cell: str) -> str:
    doc = parse_document(f"| h |\n| --- |\n| {markdown_cell} |\n")
    table = doc.root.blocks[0]
    assert table.kind == "table"
    return table.rows[0][0].prose


def _paragraph_back(markdown: str) -> str:
    doc = parse_document(markdown)
    assert [b.kind for b in doc.root.blocks] == ["paragraph"], markdown
    return doc.root.blocks[0].inline.prose  # type: ignore[union-attr]


_TEXT = st.lists(
    st.sampled_from(list("ab _*`\\|<>&#;[]()!~-+=.:1@/x") + ["東", "ع", "ש", "🔥", "&amp;", "&#35;", "<br>"]),
    min_size=1, max_size=30,
).map(lambda parts: "".join(parts).strip()).filter(bool)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_cell_text_reads_back_exactly(text: str) -> None:
    assert _cell_back(cell(text)) == text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_plain_line_reads_back_exactly(text: str) -> None:
    assert _paragraph_back(plain(text)) == text


def test_escaping_examples() -> None:
    assert plain("a<b & c>d") == r"a\<b & c>d"
    assert plain("AT&T outage; R&D & QA") == "AT&T outage; R&D & QA"
    assert plain("&amp; &#35;") == r"\&amp; \&#35;"
    assert plain("snake_case_name and _emph_") == r"snake_case_name and \_emph\_"
    assert plain("# 1. - > heading") == r"\# 1. - > heading"
    assert plain("1. item") == r"1\. item"
    assert cell("a|b\nc") == r"a\|b<br>c"
    assert plain("run `make test` now") == "run `make test` now"
    assert plain("_`a`_") == r"\_`a`\_"


def test_narrative_keeps_line_breaks_lists_and_code() -> None:
    text = "First line\nsecond line *x*\n\n- one\n- two\n\n```\n# not escaped *\n```\n\n> quoted"
    pm = Postmortem(title="T", narrative=Narrative(what_happened=text))
    md = to_markdown(pm)
    assert "First line  \nsecond line \\*x\\*\n\n- one\n- two\n\n```\n# not escaped *\n```\n\n> quoted" in md
    assert import_markdown(md).postmortem.narrative.what_happened == text


def test_times_in_display_zone_with_offsets_outside_utc() -> None:
    pm = Postmortem(title="T", time_zone="America/New_York", timeline=[
        TimelineEvent(occurred_at=datetime(2024, 7, 1, 16, 0, tzinfo=UTC), description="summer"),
        TimelineEvent(occurred_at=datetime(2024, 1, 1, 16, 0, tzinfo=timezone(timedelta(hours=1))),
                      description="winter"),
    ])
    md = to_markdown(pm)
    assert "| 2024-07-01 12:00 -04:00 | summer |" in md
    assert "| 2024-01-01 10:00 -05:00 | winter |" in md
    again = import_markdown(md).postmortem
    assert [e.occurred_at for e in again.timeline] == [e.occurred_at for e in pm.timeline]


def test_indented_code_is_written_as_is() -> None:
    text = "Run this:\n\n    make *all* <now>\n    echo done\n\nThen wait."
    md = to_markdown(Postmortem(title="T", narrative=Narrative(detection=text)))
    assert "Run this:\n\n    make *all* <now>\n    echo done\n\nThen wait.\n" in md
    assert import_markdown(md).postmortem.narrative.detection == "Run this:\n\n```\nmake *all* <now>\necho done\n```\n\nThen wait."


def test_five_whys_and_parking_lot_sections() -> None:
    cause = Cause(id="c1", text="No lock_timeout <on> migrations", kind=CauseKind.ROOT_CAUSE)
    pm = Postmortem(
        title="Locks",
        causes=[cause],
        why_chains=[
            WhyChain(
                problem="Why did checkout fail?",
                whys=[WhyStep(question="Why did requests time out?", answer="Locks held & waited"),
                      WhyStep(question="", answer="決済 migration")],
                cause_id="c1",
            ),
            WhyChain(problem="למה לא זיהינו?"),
            WhyChain(),
        ],
        parking_lot=[ParkingLotItem(text="Page on *queue* depth?", resolved=True), ParkingLotItem(text="  ")],
    )
    markdown = to_markdown(pm)
    start = markdown.index("## 5 Whys")
    assert markdown[start:markdown.index("## Parking lot")] == (
        "## 5 Whys\n\n"
        "### Why did checkout fail?\n\n"
        "1. **Why did requests time out?** Locks held & waited\n"
        "2. **Why?** 決済 migration\n\n"
        "Led to the root cause: No lock_timeout \\<on> migrations\n\n"
        "### למה לא זיהינו?\n\n"
    )
    assert markdown.endswith("## Parking lot\n\n- [x] Page on \\*queue\\* depth?\n")


def test_a_narratives_own_subheadings_stay_headings_and_read_back() -> None:
    pm = Postmortem(title="T")
    pm.narrative.root_cause = "Because.\n\n### Why *it* failed <b>&</b>\n\nText.\n\n### Impact\n\nx\n\n#### שלום 数据库"
    pm.narrative.went_well = "Good.\n\n### Sub\n\n#### Deeper\n\nMore."
    md = to_markdown(pm)
    root = md[md.index("## Root causes"):md.index("## Lessons learned")]
    assert root.split("\n") == [
        "## Root causes", "", "Because.", "",
        "### Why \\*it\\* failed \\<b>&\\</b>", "", "Text.", "",
        "\\### Impact", "", "x", "",  # a heading the importer reads as a section of its own stays text
        "#### שלום 数据库", "", "",
    ]
    lessons = md[md.index("### What went well"):]
    assert "\\### Sub\n\n#### Deeper\n\nMore." in lessons  # not deeper than its level-3 section
    back = import_markdown(md).postmortem
    assert back.narrative.root_cause == pm.narrative.root_cause
    assert back.narrative.went_well == pm.narrative.went_well
    assert to_markdown(back) == md
