"""The postmortem repository: exact round trips, change-only saves, versions, summaries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

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
from desktop_app.storage import repository as repository_module
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import (
    AlreadyExistsError,
    ConflictError,
    NotFoundError,
    PostmortemRepository,
    PostmortemSummary,
)

PACIFIC = timezone(timedelta(hours=-8))


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, int]]]:
    """(SQL text, number of parameter rows) for every statement run on ``engine``."""
    statements: list[tuple[str, int]] = []

    def listener(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        statements.append((statement, len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _writes(statements: list[tuple[str, int]], verb: str, table: str) -> int:
    """How many rows of ``table`` the recorded ``verb`` statements addressed."""
    prefix = f"{verb} {'INTO ' if verb == 'INSERT' else 'FROM ' if verb == 'DELETE' else ''}{table} "
    return sum(rows for sql, rows in statements if sql.startswith(prefix))


def test_round_trip_keeps_every_field_after_reopening(db_url: str, maximal: Postmortem) -> None:
    engine = open_database(db_url)
    assert PostmortemRepository(engine).add(maximal) == 1
    engine.dispose()

    reopened = open_database(db_url)
    try:
        loaded, version = PostmortemRepository(reopened).get_with_version("pm-maximal")
    finally:
        reopened.dispose()
    assert version == 1
    assert loaded.model_dump() == maximal.model_dump()
    assert loaded.model_dump_json() == maximal.model_dump_json()
    started = loaded.times.started_at
    assert started is not None
    assert started.utcoffset() == timedelta(hours=-8)
    assert started.isoformat() == "2024-01-01T13:30:45-08:00"
    assert loaded.timeline[0].occurred_at is not None
    assert loaded.timeline[0].occurred_at.isoformat() == "2024-01-01T13:30:45-08:00"
    assert loaded.timeline[1].occurred_at is not None
    assert loaded.timeline[1].occurred_at.isoformat() == "2024-01-02T03:11:00.500000+05:30"


def test_time_stamps_are_stored_as_text_with_their_offset(
    engine: Engine, repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT started_at, restored_at FROM postmortems WHERE id = 'pm-maximal'")
        ).one()
        occurred = connection.execute(
            text("SELECT occurred_at FROM timeline_events WHERE id = 'ev-a'")
        ).scalar()
    assert tuple(stored) == ("2024-01-01T13:30:45-08:00", "2024-01-01T15:00:00-08:00")
    assert occurred == "2024-01-01T13:30:45-08:00"


def test_zoneinfo_time_reads_back_as_the_same_instant_and_offset(repo: PostmortemRepository) -> None:
    from zoneinfo import ZoneInfo

    moment = datetime(2024, 7, 1, 9, 5, tzinfo=ZoneInfo("Europe/Berlin"))
    repo.add(Postmortem(id="pm-z", times={"started_at": moment}))
    started = repo.get("pm-z").times.started_at
    assert started == moment
    assert started is not None and started.utcoffset() == timedelta(hours=2)


def test_a_naive_datetime_cannot_be_saved(engine: Engine, repo: PostmortemRepository) -> None:
    pm = Postmortem(id="pm-naive", title="first")
    repo.add(pm)
    # Bypass pydantic validation the way a careless caller could.
    sneaky = pm.model_copy(update={"updated_at": datetime(2024, 1, 1, 12, 0), "title": "second"})
    sneaky.times.__dict__["started_at"] = datetime(2024, 1, 1, 12, 0)
    with pytest.raises(Exception, match="naive datetime"):
        repo.save(sneaky)
    assert repo.get("pm-naive").title == "first"
    assert repo.get("pm-naive").times.started_at is None
    with pytest.raises(ValueError, match="timezone|time zone"):
        TimelineEvent(occurred_at=datetime(2024, 1, 1, 12, 0))


def test_reordered_children_load_in_the_saved_order(repo: PostmortemRepository, maximal: Postmortem) -> None:
    repo.add(maximal)
    pm = repo.get(maximal.id)
    pm.timeline = [pm.timeline[2], pm.timeline[0], pm.timeline[1]]
    pm.action_items = list(reversed(pm.action_items))
    pm.stakeholders = list(reversed(pm.stakeholders))
    pm.evidence = list(reversed(pm.evidence))
    pm.causes = list(reversed(pm.causes))
    assert repo.save(pm, expected_version=1) == 2
    loaded = repo.get(maximal.id)
    assert [e.id for e in loaded.timeline] == ["ev-c", "ev-a", "ev-b"]
    assert [a.id for a in loaded.action_items] == ["ai-2", "ai-1"]
    assert [s.id for s in loaded.stakeholders] == ["st-2", "st-1"]
    assert [e.id for e in loaded.evidence] == ["ev-2", "ev-1"]
    assert [c.id for c in loaded.causes] == ["c-2", "c-1"]
    assert loaded.model_dump(exclude={"updated_at"}) == pm.model_dump(exclude={"updated_at"})


def test_save_of_edits_inserts_updates_and_deletes_children(
    repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    pm = repo.get(maximal.id)
    pm.timeline[1].description = "edited <b>"
    del pm.timeline[0]
    pm.timeline.insert(1, TimelineEvent(id="ev-new", description="inserted", occurred_at=None))
    pm.action_items.append(ActionItem(id="ai-3", title="New one"))
    pm.narrative.summary = "Rewritten summary"
    pm.restoration = Restoration(restored=False)
    assert repo.save(pm, expected_version=1) == 2
    loaded = repo.get(pm.id)
    assert loaded.model_dump(exclude={"updated_at"}) == pm.model_dump(exclude={"updated_at"})
    assert [e.id for e in loaded.timeline] == ["ev-b", "ev-new", "ev-c"]


@pytest.mark.parametrize("fresh_repository", [False, True], ids=["same-repository", "fresh-repository"])
def test_moving_one_event_of_2000_updates_one_timeline_row(
    engine: Engine, repo: PostmortemRepository, fresh_repository: bool
) -> None:
    base = datetime(2024, 1, 1, tzinfo=PACIFIC)
    pm = Postmortem(
        id="pm-big",
        timeline=[
            TimelineEvent(id=f"e{i:04d}", occurred_at=base + timedelta(seconds=i), description=f"event {i}")
            for i in range(2000)
        ],
    )
    repo.add(pm)
    moved = pm.timeline.pop(1500)
    pm.timeline.insert(10, moved)
    if fresh_repository:  # knows nothing of what was stored: must read it back
        repo = PostmortemRepository(engine)
    with recorded_statements(engine) as statements:
        assert repo.save(pm, expected_version=1) == 2
    assert _writes(statements, "UPDATE", "timeline_events") == 1
    assert _writes(statements, "INSERT", "timeline_events") == 0
    assert _writes(statements, "DELETE", "timeline_events") == 0
    assert _writes(statements, "UPDATE", "postmortems") == 1
    writes = [sql for sql, _ in statements if sql.split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert len(writes) == 2
    assert [e.id for e in repo.get("pm-big").timeline] == [e.id for e in pm.timeline]


def test_two_windows_without_versions_last_writer_wins_exactly(engine: Engine, maximal: Postmortem) -> None:
    window_a, window_b = PostmortemRepository(engine), PostmortemRepository(engine)
    window_a.add(maximal)
    pm_a = window_a.get("pm-maximal")
    pm_b = window_b.get("pm-maximal")
    del pm_b.timeline[0]
    pm_b.action_items[0].title = "B's title"
    assert window_b.save(pm_b) == 2
    pm_a.title = "A's title"  # A still holds the event B deleted and the old action title
    assert window_a.save(pm_a) == 3
    assert window_b.get("pm-maximal").model_dump(exclude={"updated_at"}) == pm_a.model_dump(
        exclude={"updated_at"}
    )


def test_saving_an_unchanged_postmortem_writes_nothing(
    engine: Engine, repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    pm, version = repo.get_with_version("pm-maximal")
    with recorded_statements(engine) as statements:
        assert repo.save(pm, expected_version=version) == 1
    assert [sql for sql, _ in statements if sql.split()[0] in {"INSERT", "UPDATE", "DELETE"}] == []


def test_same_instant_with_another_offset_is_a_change(
    repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    pm = repo.get("pm-maximal")
    started = pm.times.started_at
    assert started is not None
    pm.times.started_at = started.astimezone(timezone.utc)
    assert repo.save(pm) == 2
    reloaded = repo.get("pm-maximal").times.started_at
    assert reloaded is not None and reloaded.isoformat() == "2024-01-01T21:30:45+00:00"


def test_save_bumps_version_and_updated_at(repo: PostmortemRepository, maximal: Postmortem) -> None:
    repo.add(maximal)
    maximal.title = "Changed"
    assert repo.save(maximal, expected_version=1) == 2
    assert repo.version_of(maximal.id) == 2
    loaded = repo.get(maximal.id)
    assert loaded.title == "Changed"
    assert loaded.updated_at > maximal.updated_at
    assert loaded.updated_at.utcoffset() == timedelta(0)


def test_stale_version_raises_conflict_and_keeps_the_newer_save(repo: PostmortemRepository) -> None:
    repo.add(Postmortem(id="pm-c", title="original"))
    first, v1 = repo.get_with_version("pm-c")
    second, v2 = repo.get_with_version("pm-c")
    first.title = "from window one"
    second.title = "from window two"
    assert repo.save(first, expected_version=v1) == 2
    with pytest.raises(ConflictError) as caught:
        repo.save(second, expected_version=v2)
    assert (caught.value.postmortem_id, caught.value.expected, caught.value.actual) == ("pm-c", 1, 2)
    assert "saved elsewhere" in str(caught.value)
    assert repo.get("pm-c").title == "from window one"
    assert repo.version_of("pm-c") == 2


def test_delete_cascades_to_every_child_table(
    engine: Engine, repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    repo.add(Postmortem(id="pm-other", timeline=[TimelineEvent(id="ev-a")]))
    repo.delete("pm-maximal")
    assert not repo.exists("pm-maximal")
    with engine.connect() as connection:
        for table in ("timeline_events", "action_items", "stakeholders", "evidence", "causes"):
            count = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE postmortem_id = 'pm-maximal'")
            ).scalar()
            assert (table, count) == (table, 0)
        assert connection.execute(text("SELECT count(*) FROM timeline_events")).scalar() == 1
    with pytest.raises(NotFoundError):
        repo.delete("pm-maximal")


def test_missing_postmortem_raises_not_found(repo: PostmortemRepository) -> None:
    with pytest.raises(NotFoundError, match="'nope'"):
        repo.get("nope")
    with pytest.raises(NotFoundError):
        repo.version_of("nope")
    with pytest.raises(NotFoundError):
        repo.save(Postmortem(id="nope"))
    assert repo.exists("nope") is False


def test_add_twice_is_refused(repo: PostmortemRepository) -> None:
    repo.add(Postmortem(id="pm-1"))
    with pytest.raises(AlreadyExistsError):
        repo.add(Postmortem(id="pm-1"))


def test_children_with_the_same_ids_in_two_postmortems(
    repo: PostmortemRepository, maximal: Postmortem
) -> None:
    repo.add(maximal)
    copy = maximal.model_copy(deep=True, update={"id": "pm-copy", "title": "Copy"})
    repo.add(copy)
    assert repo.get("pm-copy").model_dump() == copy.model_dump()
    assert repo.get("pm-maximal").model_dump() == maximal.model_dump()


def test_a_failed_add_stores_nothing(repo: PostmortemRepository) -> None:
    pm = Postmortem(
        id="pm-dup", timeline=[TimelineEvent(id="x"), TimelineEvent(id="y"), TimelineEvent(id="x")]
    )
    with pytest.raises(ValueError, match="two timeline entries with the id 'x'"):
        repo.add(pm)
    assert repo.exists("pm-dup") is False
    assert repo.list_summaries(today=date(2024, 1, 1)) == []


def test_duplicate_child_ids_are_refused_before_writing(repo: PostmortemRepository) -> None:
    repo.add(Postmortem(id="pm-d", title="kept"))
    pm = Postmortem(id="pm-d", title="not kept", timeline=[TimelineEvent(id="x"), TimelineEvent(id="x")])
    with pytest.raises(ValueError, match="two timeline entries with the id 'x'"):
        repo.save(pm)
    assert repo.get("pm-d").title == "kept"


def test_a_failing_save_leaves_the_previous_version_intact(
    repo: PostmortemRepository, maximal: Postmortem, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add(maximal)
    before = repo.get(maximal.id)
    edited = before.model_copy(deep=True)
    edited.title = "half-written"
    edited.timeline.reverse()
    edited.timeline[0].description = "changed"
    edited.action_items.append(ActionItem(id="ai-9", title="never stored"))
    original_sync = PostmortemRepository._sync_children
    calls: list[str] = []

    def failing_sync(connection: Any, pm: Postmortem, child: Any, stored: Any) -> Any:
        calls.append(child.attribute)
        if child.attribute == "action_items":
            raise RuntimeError("disk on fire")
        return original_sync(connection, pm, child, stored)

    monkeypatch.setattr(PostmortemRepository, "_sync_children", staticmethod(failing_sync))
    with pytest.raises(RuntimeError, match="disk on fire"):
        repo.save(edited, expected_version=1)
    assert calls == ["timeline", "action_items"]  # the timeline rows were written before the failure
    monkeypatch.undo()
    after, version = repo.get_with_version(maximal.id)
    assert version == 1
    assert after.model_dump() == before.model_dump()


def _summary_fixture(repo: PostmortemRepository) -> None:
    utc = timezone.utc
    repo.add(
        Postmortem(
            id="old",
            title="Old outage",
            severity="SEV1",
            incident_date=date(2023, 5, 1),
            updated_at=datetime(2024, 6, 1, tzinfo=utc),
            restoration=Restoration(affected_services=["dns", "cdn"]),
            timeline=[TimelineEvent(id=f"t{i}") for i in range(3)],
            action_items=[
                ActionItem(id="a1", status=ActionStatus.OPEN, due_date=date(2024, 3, 9)),  # overdue
                ActionItem(id="a2", status=ActionStatus.IN_PROGRESS, due_date=date(2024, 3, 10)),  # due today
                ActionItem(id="a3", status=ActionStatus.DONE, due_date=date(2024, 1, 1)),  # closed
                ActionItem(id="a4", status=ActionStatus.WONT_DO, due_date=date(2024, 1, 1)),  # closed
                ActionItem(id="a5", status=ActionStatus.OPEN, due_date=None),  # open, no date
                ActionItem(id="a6", status=ActionStatus.IN_PROGRESS, due_date=date(2020, 1, 1)),  # overdue
            ],
        )
    )
    repo.add(
        Postmortem(
            id="new",
            title="New outage",
            incident_date=date(2024, 3, 1),
            updated_at=datetime(2024, 3, 2, tzinfo=utc),
        )
    )
    repo.add(
        Postmortem(
            id="same-day-later",
            title="Same day, updated later",
            incident_date=date(2024, 3, 1),
            updated_at=datetime(2024, 3, 5, tzinfo=utc),
        )
    )
    repo.add(
        Postmortem(
            id="undated",
            title="Draft without a date",
            incident_date=None,
            updated_at=datetime(2024, 2, 1, tzinfo=utc),
        )
    )


def test_list_summaries_counts_and_order(repo: PostmortemRepository) -> None:
    _summary_fixture(repo)
    summaries = repo.list_summaries(today=date(2024, 3, 10))
    assert [s.id for s in summaries] == ["same-day-later", "new", "undated", "old"]
    old = summaries[-1]
    assert old == PostmortemSummary(
        id="old",
        title="Old outage",
        severity=Severity.SEV1,
        status=Status.DRAFT,
        kind=Kind.INCIDENT,
        incident_date=date(2023, 5, 1),
        updated_at=datetime(2024, 6, 1, tzinfo=timezone.utc),
        services=["dns", "cdn"],
        open_actions=4,
        overdue_actions=2,
        timeline_count=3,
        version=1,
    )
    assert (type(old.severity), type(old.status), type(old.kind)) == (Severity, Status, Kind)
    assert summaries[0].severity is None
    empty = summaries[0]
    assert (empty.open_actions, empty.overdue_actions, empty.timeline_count, empty.services) == (0, 0, 0, [])
    later = repo.list_summaries(today=date(2024, 3, 11))[-1]
    assert later.overdue_actions == 3


def test_list_summaries_of_an_empty_database(repo: PostmortemRepository) -> None:
    assert repo.list_summaries(today=date(2024, 1, 1)) == []


def test_repository_module_hands_out_no_orm_rows(repo: PostmortemRepository, maximal: Postmortem) -> None:
    repo.add(maximal)
    assert type(repo.get(maximal.id)) is Postmortem
    assert all(type(s) is PostmortemSummary for s in repo.list_summaries(today=date(2024, 1, 1)))
    assert not hasattr(repository_module, "Session")
