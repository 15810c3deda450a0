"""``list_summaries`` reads every stored value as it is and converts in bulk: same summaries, damaged values named."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    Kind,
    Postmortem,
    Restoration,
    Severity,
    Status,
    TimelineEvent,
)
from desktop_app.storage.repository import PostmortemRepository, PostmortemSummary

PLUS_TWO = timezone(timedelta(hours=2))


def test_every_field_of_a_summary(repo: PostmortemRepository) -> None:
    edited = datetime(2024, 5, 1, 23, 30, tzinfo=PLUS_TWO)
    repo.add(Postmortem(
        id="full", title="Ärger <mit> & 障害", severity=Severity.SEV2, status=Status.IN_REVIEW, kind=Kind.NEAR_MISS,
        incident_date=date(2024, 4, 30), updated_at=edited, tags=["网络", "db"],
        restoration=Restoration(affected_services=["payments", "تعطّل"]),
        timeline=[TimelineEvent(description="one"), TimelineEvent(description="two")],
        action_items=[
            ActionItem(title="late", due_date=date(2024, 1, 1)),
            ActionItem(title="going", status=ActionStatus.IN_PROGRESS, due_date=date(2030, 1, 1)),
            ActionItem(title="done", status=ActionStatus.DONE, due_date=date(2024, 1, 1)),
        ],
    ))
    repo.add(Postmortem(id="bare", updated_at=datetime(2024, 6, 1, 8, 0, tzinfo=timezone.utc)))
    summaries = repo.list_summaries(today=date(2025, 1, 1))
    assert summaries == [
        PostmortemSummary(
            id="bare", title="", severity=None, status=Status.DRAFT, kind=Kind.INCIDENT, incident_date=None,
            updated_at=datetime(2024, 6, 1, 8, 0, tzinfo=timezone.utc), services=[], open_actions=0,
            overdue_actions=0, timeline_count=0, version=1, tags=[],
        ),
        PostmortemSummary(
            id="full", title="Ärger <mit> & 障害", severity=Severity.SEV2, status=Status.IN_REVIEW,
            kind=Kind.NEAR_MISS, incident_date=date(2024, 4, 30), updated_at=edited,
            services=["payments", "تعطّل"], open_actions=2, overdue_actions=1, timeline_count=2, version=1,
            tags=["网络", "db"],
        ),
    ]
    full = summaries[1]
    assert full.updated_at.utcoffset() == timedelta(hours=2)  # kept with its offset
    assert type(full.severity) is Severity and type(full.status) is Status and type(full.kind) is Kind


@pytest.mark.parametrize(
    ("stored", "error"),
    [
        ('{"not": "a list"}', "stored JSON is not a list: '{\"not\": \"a list\"}'"),
        ("[1],[2]", "Extra data: line 1 column 4 (char 3)"),
        ("[unquoted]", "Expecting value: line 1 column 2 (char 1)"),
    ],
)
def test_a_damaged_list_fails_as_the_column_type_says(repo: PostmortemRepository, stored: str, error: str) -> None:
    repo.add(Postmortem(id="ok", tags=["fine"]))
    repo.add(Postmortem(id="bad"))
    with repo.engine.begin() as connection:
        connection.execute(text("UPDATE postmortems SET tags = :t WHERE id = 'bad'"), {"t": stored})
    with pytest.raises(ValueError) as caught:
        repo.list_summaries()
    assert str(caught.value) == error


def test_many_summaries_equal_the_stored_values(repo: PostmortemRepository) -> None:
    for n in range(60):
        repo.add(Postmortem(
            id=f"pm{n:02d}", title=f"Outage {n}", tags=[f"t{n % 3}"] * (n % 2),
            restoration=Restoration(affected_services=[f"svc{n % 5}", "edge"][: n % 3]),
            incident_date=date(2024, 1, 1) + timedelta(days=n % 7) if n % 4 else None,
            updated_at=datetime(2024, 2, 1, tzinfo=timezone.utc) + timedelta(hours=n),
        ))
    summaries = repo.list_summaries()
    with repo.engine.connect() as connection:
        stored = {
            row[0]: (json.loads(row[1]), json.loads(row[2]))
            for row in connection.execute(text("SELECT id, affected_services, tags FROM postmortems"))
        }
    assert {s.id: (s.services, s.tags) for s in summaries} == stored
    keys = [(s.incident_date or s.updated_at.date(), s.updated_at, s.id) for s in summaries]
    assert keys == sorted(keys, reverse=True)
