"""Column types: aware time stamps keep their offset, naive ones are refused, JSON lists round-trip."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.exc import StatementError

from desktop_app.domain.models import Postmortem
from desktop_app.storage.mappers import CHILD_LISTS
from desktop_app.storage.types import AwareDateTime, JSONList

_meta = MetaData()
_things = Table(
    "things",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("at", AwareDateTime),
    Column("entries", JSONList),
)


@pytest.fixture
def engine():  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    _meta.create_all(engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 1, 1, 13, 30, 45, tzinfo=timezone(timedelta(hours=-8))),
        datetime(2024, 1, 1, 13, 30, 45, 1, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        datetime(1, 1, 1, tzinfo=timezone.utc),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=14))),
    ],
)
def test_aware_datetime_round_trip_keeps_offset(engine, moment: datetime) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        connection.execute(insert(_things).values(id=1, at=moment))
        raw = connection.execute(text("SELECT at FROM things")).scalar()
        loaded = connection.execute(select(_things.c.at)).scalar()
    assert raw == moment.isoformat()
    assert loaded == moment
    assert loaded.utcoffset() == moment.utcoffset()
    assert loaded.isoformat() == moment.isoformat()


def test_aware_datetime_refuses_naive_and_non_datetimes(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StatementError, match="naive datetime"), engine.begin() as connection:
        connection.execute(insert(_things).values(id=1, at=datetime(2024, 1, 1, 12, 0)))
    with pytest.raises(StatementError, match="expected an aware datetime"), engine.begin() as connection:
        connection.execute(insert(_things).values(id=2, at="2024-01-01T12:00:00"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM things")).scalar() == 0


def test_json_list_keeps_any_script_exactly(engine) -> None:  # type: ignore[no-untyped-def]
    items = ["<b>&amp;", "決済", "فشل", "שגיאה", "🚨", {"heading": "H", "body": "b\n"}]
    with engine.begin() as connection:
        connection.execute(insert(_things).values(id=1, entries=items))
        raw = connection.execute(text("SELECT entries FROM things")).scalar()
        loaded = connection.execute(select(_things.c.entries)).scalar()
    assert loaded == items
    assert "決済" in raw


def test_every_domain_field_has_a_home_in_the_schema() -> None:
    """Adding a field to the domain must be matched here, in mappers.py and in a migration."""
    assert set(Postmortem.model_fields) == {
        "schema_version",
        "id",
        "title",
        "kind",
        "status",
        "severity",
        "tags",
        "created_at",
        "updated_at",
        "time_zone",
        "incident_date",
        "restoration",
        "times",
        "evidence",
        "stakeholders",
        "review_meeting_at",
        "discussion_notes",
        "open_questions",
        "narrative",
        "timeline",
        "causes",
        "action_items",
        "extra_sections",
        "dismissals",
        "fishbone_effect",
        "fishbone_categories",
        "why_chains",
        "parking_lot",
    }
    for child in CHILD_LISTS:
        assert set(child.fields) <= set(child.table.c.keys())
        assert set(child.table.c.keys()) - set(child.fields) == {"postmortem_id", "position"}
