"""JSON export is lossless and import names what is wrong."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    Cause,
    CauseKind,
    EventKind,
    Postmortem,
    Priority,
    Severity,
    TimePrecision,
    TimelineEvent,
)
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.json_format import from_json, to_json

PST = timezone(timedelta(hours=-8))


def sample() -> Postmortem:
    return Postmortem(
        title="AT&T outage; R&D & QA",
        severity=Severity.SEV1,
        time_zone="America/Los_Angeles",
        incident_date=date(2024, 1, 1),
        tags=["東京", "שלום", "مرحبا"],
        timeline=[
            TimelineEvent(
                occurred_at=datetime(2024, 1, 1, 13, 30, 45, tzinfo=PST),
                precision=TimePrecision.SECOND,
                kind=EventKind.ALERT,
                description="a<b & c>d `grep -E 'a\\|b'`",
                raw_time="13:30:45 PST",
            ),
            TimelineEvent(occurred_at=None, raw_time="2023-MM-DD", description="unknown day"),
        ],
        causes=[Cause(text="No canary", kind=CauseKind.ROOT_CAUSE)],
        action_items=[
            ActionItem(
                title="Canary 5% for 30 min", owner="@nova", due_date=date(2024, 2, 1),
                due_text="Feb 1, 2024", status=ActionStatus.IN_PROGRESS, priority=Priority.P1,
            )
        ],
    )


def test_round_trip_is_lossless() -> None:
    first = to_json(sample())
    again = to_json(from_json(first))
    assert again == first
    assert json.loads(again)["timeline"][0]["occurred_at"] == "2024-01-01T13:30:45-08:00"


def test_round_trip_equality_of_the_model() -> None:
    pm = sample()
    assert from_json(to_json(pm)) == pm


def test_interchange_keys() -> None:
    data = json.loads(to_json(sample()))
    assert data["schema_version"] == 2
    assert data["fishbone_categories"] == ["People", "Process", "Technology", "Environment", "Monitoring", "Dependencies"]
    assert data["title"] == "AT&T outage; R&D & QA"
    assert data["severity"] == "SEV1"
    assert data["status"] == "draft"
    assert data["timeline"][0]["occurred_at"] == "2024-01-01T13:30:45-08:00"
    assert data["timeline"][0]["description"] == "a<b & c>d `grep -E 'a\\|b'`"
    assert data["timeline"][1]["occurred_at"] is None
    item = data["action_items"][0]
    assert (item["title"], item["owner"], item["due_date"], item["status"]) == (
        "Canary 5% for 30 min", "@nova", "2024-02-01", "in_progress",
    )


def test_malformed_json_names_the_line() -> None:
    with pytest.raises(ImportFailure) as info:
        from_json('{\n "title": "x",\n oops\n}', source="broken.json")
    assert info.value.line == 3
    assert str(info.value).startswith("broken.json:3: not valid JSON")


def test_invalid_field_is_named() -> None:
    text = to_json(sample()).replace('"2024-01-01T13:30:45-08:00"', '"2024-02-30T25:61:00"')
    with pytest.raises(ImportFailure) as info:
        from_json(text, source="bad.json")
    expected = text.splitlines().index('      "occurred_at": "2024-02-30T25:61:00",') + 1
    assert info.value.line == expected
    assert info.value.message == (
        "timeline event 1, occurred_at: '2024-02-30T25:61:00' is not a real date (February has no 30th)"
    )


def test_unknown_field_names_its_line() -> None:
    lines = to_json(sample()).splitlines()
    lines.insert(3, '  "bogus_field": 1,')
    with pytest.raises(ImportFailure) as info:
        from_json("\n".join(lines), source="bad.json")
    assert str(info.value) == "bad.json:4: unknown field 'bogus_field' (this file may come from a newer Hindsight)"


def test_not_an_object() -> None:
    with pytest.raises(ImportFailure, match="not an object"):
        from_json("[1, 2]", source="list.json")


def test_version_one_json_still_reads() -> None:
    data = json.loads(to_json(sample()))
    data["schema_version"] = 1
    for newer in ("fishbone_effect", "fishbone_categories", "why_chains", "parking_lot"):
        del data[newer]
    pm = from_json(json.dumps(data))
    assert pm.title == "AT&T outage; R&D & QA"
    assert pm.why_chains == [] and pm.fishbone_categories[0] == "People"

