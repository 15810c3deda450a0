"""Fixtures for the storage tests: a migrated file database in tmp_path and sample postmortems."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop_app.domain.models import (
    ParkingLotItem,
    WhyChain,
    WhyStep,
    ActionItem,
    ActionKind,
    ActionStatus,
    Cause,
    CauseKind,
    Dismissal,
    EventKind,
    Evidence,
    EvidenceKind,
    ExtraSection,
    IncidentTimes,
    KeyMoment,
    Kind,
    Narrative,
    Postmortem,
    Priority,
    Restoration,
    Severity,
    Stakeholder,
    StakeholderRole,
    Status,
    TimelineEvent,
    TimePrecision,
)
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

PACIFIC = timezone(timedelta(hours=-8))
INDIA = timezone(timedelta(hours=5, minutes=30))
UTC = timezone.utc


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hindsight.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> PostmortemRepository:
    return PostmortemRepository(engine)


def maximal_postmortem() -> Postmortem:
    """A postmortem with every field set away from its default, in several scripts and offsets."""
    return Postmortem(
        id="pm-maximal",
        title="Checkout <down> & payments 決済 failed — فشل الدفع 🚨",
        kind=Kind.NEAR_MISS,
        status=Status.IN_REVIEW,
        severity=Severity.SEV2,
        tags=["payments", "database", "שגיאה", "<tag>&"],
        created_at=datetime(2024, 1, 2, 9, 0, 0, tzinfo=INDIA),
        updated_at=datetime(2024, 1, 3, 10, 15, 30, 123456, tzinfo=UTC),
        time_zone="America/Los_Angeles",
        incident_date=date(2024, 1, 1),
        restoration=Restoration(
            restored=True,
            restored_at=datetime(2024, 1, 1, 15, 0, tzinfo=PACIFIC),
            affected_services=["checkout", "payments-api"],
            affected_regions=["us-west-2", "eu-central-1"],
            affected_customers="About 12% of EU customers\nsaw errors.",
        ),
        times=IncidentTimes(
            started_at=datetime(2024, 1, 1, 13, 30, 45, tzinfo=PACIFIC),
            detected_at=datetime(2024, 1, 1, 13, 41, tzinfo=PACIFIC),
            acknowledged_at=datetime(2024, 1, 1, 22, 45, tzinfo=UTC),
            mitigated_at=datetime(2024, 1, 2, 4, 30, tzinfo=INDIA),
            resolved_at=datetime(2024, 1, 1, 15, 0, tzinfo=PACIFIC),
        ),
        evidence=[
            Evidence(
                id="ev-1",
                kind=EvidenceKind.GRAPH,
                title="Error rate",
                url="https://grafana.example/d/1?a=1&b=<2>",
            ),
            Evidence(
                id="ev-2", kind=EvidenceKind.LOG, title="db log", file_path="logs/db.log", note="tail -n 100"
            ),
        ],
        stakeholders=[
            Stakeholder(
                id="st-1", name="Ana García", role=StakeholderRole.INCIDENT_COMMANDER, team="SRE",
                email="ana@example.org",
            ),
            Stakeholder(
                id="st-2", name="李雷", role=StakeholderRole.LEADERSHIP, team="平台", is_facilitator=True
            ),
        ],
        review_meeting_at=datetime(2024, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=1))),
        discussion_notes="We agreed <b>not</b> to blame & to fix.",
        open_questions=["Why no alert?", "なぜ?"],
        narrative=Narrative(
            summary="Payments failed for 80 minutes.",
            what_happened="A migration locked a table.",
            impact="12% of checkouts failed.",
            trigger="Deploy 4512",
            root_cause="Long-running ALTER TABLE.",
            resolution="Killed the migration.",
            detection="Customer reports.",
            went_well="Fast rollback.",
            went_wrong="No alert on lock waits.",
            got_lucky="Low traffic hour.",
            surprised_us="The ORM retried forever.",
        ),
        timeline=[
            TimelineEvent(
                id="ev-a",
                occurred_at=datetime(2024, 1, 1, 13, 30, 45, tzinfo=PACIFIC),
                precision=TimePrecision.SECOND,
                raw_time="1:30:45 PM PST",
                kind=EventKind.TRIGGER,
                key_moment=KeyMoment.START,
                description="Deploy starts <migration> & lock",
                actor="deploy-bot",
                source="deploys.log",
            ),
            TimelineEvent(
                id="ev-b",
                occurred_at=datetime(2024, 1, 2, 3, 11, 0, 500000, tzinfo=INDIA),
                precision=TimePrecision.MINUTE,
                approximate=True,
                raw_time="~03:11 IST",
                kind=EventKind.DETECTION,
                description="تنبيه من العميل",
                actor="Support",
            ),
            TimelineEvent(
                id="ev-c",
                occurred_at=None,
                precision=TimePrecision.DAY,
                raw_time="later that day",
                kind=EventKind.RESOLUTION,
                description="Fixed 🎉",
            ),
        ],
        causes=[
            Cause(id="c-1", text="Unbounded lock wait", kind=CauseKind.ROOT_CAUSE, category="Technology"),
            Cause(id="c-2", text="Review missed it", category="Process", parent_id="c-1", note="checklist"),
        ],
        fishbone_effect="Checkout <down> & 決済 failed",
        fishbone_categories=["People", "Process", "Technology", "Подрядчики"],
        why_chains=[
            WhyChain(
                id="w-1",
                problem="Why did checkout fail?",
                whys=[
                    WhyStep(id="w-1-1", question="Why did requests time out?", answer="Locks held & waited"),
                    WhyStep(id="w-1-2", question="Why were locks held?", answer="Migration without lock_timeout"),
                ],
                cause_id="c-1",
            ),
            WhyChain(id="w-2", problem="למה לא זיהינו?"),
        ],
        parking_lot=[
            ParkingLotItem(
                id="p-1",
                text="Do other services migrate like this? 🤔",
                raised_at=datetime(2024, 1, 8, 10, 15, tzinfo=timezone(timedelta(hours=-8))),
                resolved=True,
            )
        ],
        action_items=[
            ActionItem(
                id="ai-1",
                title="Add lock_timeout",
                description="Set lock_timeout=5s for migrations",
                kind=ActionKind.PREVENT,
                owner="Ana",
                due_date=date(2024, 2, 1),
                due_text="by Feb 1",
                status=ActionStatus.IN_PROGRESS,
                status_changed_on=date(2024, 1, 9),
                priority=Priority.P1,
                tracker_ref="OPS-12",
                cause_ids=["c-1", "c-2"],
            ),
            ActionItem(id="ai-2", title="Alert on lock waits", status=ActionStatus.DONE, priority=None),
        ],
        extra_sections=[ExtraSection(heading="Glossary", body="PST = Pacific <Standard> Time & more")],
        dismissals=[
            Dismissal(
                key="blame:narrative.went_wrong:0", reason="quoted from the customer, not blame",
                dismissed_at=datetime(2024, 1, 6, 9, 0, tzinfo=timezone(timedelta(hours=1))),
            )
        ],
    )


@pytest.fixture
def maximal() -> Postmortem:
    return maximal_postmortem()
