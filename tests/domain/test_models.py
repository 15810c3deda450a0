"""The aggregate validates what it holds: aware times only, known zones, supported schema."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from desktop_app.domain.copying import as_new_copy
from desktop_app.domain.models import (
    SCHEMA_VERSION,
    ActionItem,
    Cause,
    CauseKind,
    Postmortem,
    TimelineEvent,
)

PST = timezone(timedelta(hours=-8))


def test_naive_time_stamp_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        TimelineEvent(occurred_at=datetime(2024, 1, 1, 13, 30), description="naive")


def test_aware_time_keeps_its_offset() -> None:
    event = TimelineEvent(occurred_at=datetime(2024, 1, 1, 13, 30, 45, tzinfo=PST))
    assert event.occurred_at is not None
    assert event.occurred_at.utcoffset() == timedelta(hours=-8)
    assert event.model_dump(mode="json")["occurred_at"] == "2024-01-01T13:30:45-08:00"


def test_unknown_time_zone_is_refused_with_its_name() -> None:
    with pytest.raises(ValidationError, match="Mars/Olympus"):
        Postmortem(title="x", time_zone="Mars/Olympus")


@pytest.mark.parametrize("name", ["America", "Asia/", "../etc/passwd", "", "Europe/Nowhere"])
def test_a_zone_that_is_not_a_zone_is_refused_cleanly(name: str) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Postmortem(title="x", time_zone=name)


def test_newer_schema_version_is_refused() -> None:
    with pytest.raises(ValidationError, match=f"newer than this Hindsight understands \\({SCHEMA_VERSION}\\)"):
        Postmortem(schema_version=SCHEMA_VERSION + 1)


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationError, match="colour"):
        Postmortem.model_validate({"title": "x", "colour": "red"})


def test_new_copy_has_fresh_ids_and_keeps_cause_links() -> None:
    parent = Cause(text="deploy pipeline", kind=CauseKind.ROOT_CAUSE)
    child = Cause(text="no canary", parent_id=parent.id)
    pm = Postmortem(
        title="AT&T outage; R&D & QA",
        causes=[parent, child],
        timeline=[TimelineEvent(description="a")],
        action_items=[ActionItem(title="b")],
    )
    copy = as_new_copy(pm)
    assert copy.id != pm.id
    assert copy.title == "AT&T outage; R&D & QA"
    assert copy.timeline[0].id != pm.timeline[0].id
    assert copy.action_items[0].id != pm.action_items[0].id
    assert copy.causes[1].parent_id == copy.causes[0].id
    assert copy.causes[0].id != parent.id
    assert pm.causes[1].parent_id == parent.id
