"""Markdown export -> import -> export is a fixed point, and what the round trip keeps, field by field."""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.models import (
    ActionKind,
    ActionStatus,
    CauseKind,
    EvidenceKind,
    Kind,
    ParkingLotItem,
    Postmortem,
    Priority,
    Stakeholder,
    StakeholderRole,
    Status,
)
from desktop_app.formats.markdown_export import to_markdown
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file

_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
_FILES = (
    [f["file"] for f in json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]]
    if (_CORPUS / "corpus.json").is_file()
    else []
)
PACIFIC = timezone(timedelta(hours=-8))


def _maximal() -> Postmortem:
    """The storage tests' postmortem with every field set (tests/storage/conftest.py)."""
    path = Path(__file__).resolve().parents[1] / "storage" / "conftest.py"
    spec = importlib.util.spec_from_file_location("storage_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.maximal_postmortem()


def _second_export(first: str) -> str:
    return to_markdown(import_markdown(first).postmortem)


@pytest.mark.parametrize("name", _FILES)
def test_corpus_export_is_a_fixed_point(corpus_dir: Path, name: str) -> None:
    first = to_markdown(import_markdown_file(corpus_dir / name).postmortem)
    assert _second_export(first) == first


def test_maximal_export_is_a_fixed_point() -> None:
    first = to_markdown(_maximal())
    second = _second_export(first)
    assert second == first
    assert _second_export(second) == first


def test_maximal_round_trip_keeps_every_exported_field() -> None:
    pm = _maximal()
    result = import_markdown(to_markdown(pm))
    again = result.postmortem
    assert (again.title, again.kind, again.status, again.severity, again.incident_date, again.time_zone) == (
        pm.title, Kind.NEAR_MISS, Status.IN_REVIEW, pm.severity, date(2024, 1, 1), "America/Los_Angeles")
    assert again.tags == ["payments", "database", "שגיאה", "<tag>&"]
    assert (again.fishbone_effect, again.fishbone_categories) == (
        "Checkout <down> & 決済 failed", ["People", "Process", "Technology", "Подрядчики"])
    assert [(s.name, s.role, s.team, s.email, s.is_facilitator) for s in again.stakeholders] == [
        ("Ana García", StakeholderRole.INCIDENT_COMMANDER, "SRE", "ana@example.org", False),
        ("李雷", StakeholderRole.LEADERSHIP, "平台", "", True),
    ]
    assert again.review_meeting_at == datetime(2024, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    r = again.restoration
    assert (r.restored, r.restored_at, r.affected_services, r.affected_regions, r.affected_customers) == (
        True, datetime(2024, 1, 1, 15, 0, tzinfo=PACIFIC), ["checkout", "payments-api"],
        ["us-west-2", "eu-central-1"], "About 12% of EU customers saw errors.")
    assert again.times == pm.times  # the same instants, written in the display zone
    assert again.narrative == pm.narrative
    assert again.discussion_notes == "We agreed <b>not</b> to blame & to fix."
    assert again.open_questions == ["Why no alert?", "なぜ?"]
    assert [(p.text, p.resolved) for p in again.parking_lot] == [("Do other services migrate like this? 🤔", True)]
    index = {c.id: i for i, c in enumerate(again.causes)}
    assert [(c.text, c.kind, c.category, c.note, index.get(c.parent_id)) for c in again.causes] == [
        ("Unbounded lock wait", CauseKind.ROOT_CAUSE, "Technology", "", None),
        ("Review missed it", CauseKind.CONTRIBUTING_FACTOR, "Process", "checklist", 0),
    ]
    chains = [(c.problem, [(w.question, w.answer) for w in c.whys], index.get(c.cause_id)) for c in again.why_chains]
    assert chains == [
        ("Why did checkout fail?", [("Why did requests time out?", "Locks held & waited"),
                                    ("Why were locks held?", "Migration without lock_timeout")], 0),
        ("למה לא זיהינו?", [], None),
    ]
    assert [(a.title, a.kind, a.owner, a.due_date, a.status, a.priority, a.tracker_ref, a.description)
            for a in again.action_items] == [
        ("Add lock_timeout", ActionKind.PREVENT, "Ana", date(2024, 2, 1), ActionStatus.IN_PROGRESS, Priority.P1,
         "OPS-12", "Set lock_timeout=5s for migrations"),
        ("Alert on lock waits", ActionKind.OTHER, "", None, ActionStatus.DONE, None, "", ""),
    ]
    assert [(e.kind, e.title, e.url, e.file_path, e.note) for e in again.evidence] == [
        (EvidenceKind.GRAPH, "Error rate", "https://grafana.example/d/1?a=1&b=<2>", "", ""),
        (EvidenceKind.LOG, "db log", "", "logs/db.log", "tail -n 100"),
    ]
    assert [(e.occurred_at, e.description, e.kind, e.key_moment, e.actor) for e in again.timeline] == [
        (e.occurred_at, e.description, e.kind, e.key_moment, e.actor) for e in pm.timeline
    ]
    assert [(x.heading, x.body) for x in again.extra_sections] == [("Glossary", "PST = Pacific <Standard> Time & more")]
    # only the section Hindsight has no field for is reported, and the raw time it cannot read
    assert [w.message for w in result.warnings] == [
        "timeline time 'later that day' is not a time stamp Hindsight can read; kept as text",
        "kept section 'Glossary' as extra text",
    ]


def test_a_custom_fishbone_category_reads_back_and_a_parenthesis_stays_text() -> None:
    from desktop_app.domain.models import Cause

    pm = Postmortem(title="Vendors", fishbone_categories=["People", "Подрядчики"], causes=[
        Cause(text="Late vendor (again)", kind=CauseKind.ROOT_CAUSE, category="Подрядчики"),
        Cause(text="Cache (x)")])
    first = to_markdown(pm)
    assert "**Fishbone categories:** People; Подрядчики\n" in first
    again = import_markdown(first).postmortem
    assert again.fishbone_categories == ["People", "Подрядчики"]
    assert [(c.text, c.kind, c.category) for c in again.causes] == [
        ("Late vendor (again)", CauseKind.ROOT_CAUSE, "Подрядчики"), ("Cache (x)", CauseKind.CONTRIBUTING_FACTOR, "")]
    assert again.extra_sections == []
    assert _second_export(first) == first


def test_edited_posthog_postmortem_reads_back(corpus_dir: Path) -> None:
    """The QA scenario: an imported corpus postmortem with review data added, exported and imported again."""
    pm = import_markdown_file(corpus_dir / "posthog-2025-09-29-flags-outage.md").postmortem
    pm.stakeholders.append(Stakeholder(name="Dana Whitfield", role=StakeholderRole.INCIDENT_COMMANDER,
                                       team="Flags", email="dana@example.com", is_facilitator=True))
    pm.review_meeting_at = datetime(2025, 10, 2, 15, 0, tzinfo=timezone.utc)
    pm.discussion_notes = "Retries amplified the load.\n\nNobody was paged for 20 minutes."
    pm.parking_lot.append(ParkingLotItem(text="Should flags fail open?"))
    causes_before = [(c.text, c.kind) for c in pm.causes]
    root_cause_before = pm.narrative.root_cause
    first = to_markdown(pm)
    again = import_markdown(first).postmortem
    assert [(s.name, s.role, s.team, s.email, s.is_facilitator) for s in again.stakeholders] == [
        ("Dana Whitfield", StakeholderRole.INCIDENT_COMMANDER, "Flags", "dana@example.com", True),
    ]
    assert again.review_meeting_at == datetime(2025, 10, 2, 15, 0, tzinfo=timezone.utc)
    assert again.discussion_notes == "Retries amplified the load.\n\nNobody was paged for 20 minutes."
    assert [(p.text, p.resolved) for p in again.parking_lot] == [("Should flags fail open?", False)]
    assert [x.heading for x in again.extra_sections] == [x.heading for x in pm.extra_sections]
    assert [(c.text, c.kind) for c in again.causes] == causes_before
    assert again.narrative.root_cause == root_cause_before  # no '- Root cause: ...' bullets added
    assert [a.description for a in again.action_items] == [a.description for a in pm.action_items]
    assert not any("Type:" in a.description for a in again.action_items)
    assert _second_export(first) == first


def test_a_marked_resolution_is_exported_as_the_time_of_restoration() -> None:
    """The rule step 1 and the PDFs follow: with no restoration stated, the event marked Resolution says when."""
    from desktop_app.domain.models import KeyMoment, TimelineEvent

    pm = Postmortem(title="Queue backlog", time_zone="UTC", incident_date=date(2024, 3, 14), timeline=[
        TimelineEvent(description="Queue drained", occurred_at=datetime(2024, 3, 14, 18, 46, tzinfo=timezone.utc),
                      key_moment=KeyMoment.RESOLUTION)])
    first = to_markdown(pm)
    assert [line for line in first.splitlines() if line.startswith("**Service restored:**")] == [
        "**Service restored:** 2024-03-14 18:46"
    ]
    assert "Service restored" not in to_markdown(Postmortem(title="Still down"))
    again = import_markdown(first).postmortem
    assert again.restoration.restored_at == datetime(2024, 3, 14, 18, 46, tzinfo=timezone.utc)
    assert _second_export(first) == first
