"""Saving a long postmortem costs what changed: exact rows written, in-place edits caught, order kept."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, text

from desktop_app.domain.models import ActionItem, Cause, Postmortem, TimelineEvent
from desktop_app.storage import mappers
from desktop_app.storage.repository import PostmortemRepository

PACIFIC = timezone(timedelta(hours=-8))
BASE = datetime(2024, 1, 1, 9, 0, tzinfo=PACIFIC)


@contextmanager
def recorded_writes(engine: Engine) -> Iterator[list[tuple[str, int]]]:
    """(first words of the SQL, number of parameter rows) for every INSERT, UPDATE and DELETE."""
    writes: list[tuple[str, int]] = []

    def listener(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        words = statement.split()
        if words[0] in {"INSERT", "UPDATE", "DELETE"}:
            table = words[2] if words[0] in {"INSERT", "DELETE"} else words[1]
            writes.append((f"{words[0]} {table}", len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _rows(writes: list[tuple[str, int]], what: str) -> int:
    return sum(rows for sql, rows in writes if sql == what)


def _long_postmortem(count: int = 300) -> Postmortem:
    return Postmortem(
        id="pm-long",
        title="Long timeline",
        timeline=[
            TimelineEvent(
                id=f"e{i:04d}", occurred_at=BASE + timedelta(minutes=i), description=f"event {i} <&> 事件"
            )
            for i in range(count)
        ],
        causes=[Cause(id="c-1", text="lock"), Cause(id="c-2", text="retry")],
        action_items=[ActionItem(id="a-1", title="Add timeout", cause_ids=["c-1"])],
    )


def _same(stored: Postmortem, edited: Postmortem) -> bool:
    return stored.model_dump(exclude={"updated_at"}) == edited.model_dump(exclude={"updated_at"})


def _move(index: int, to: int) -> Callable[[list[Any]], None]:
    def apply(items: list[Any]) -> None:
        items.insert(to, items.pop(index))

    return apply


def _swap(first: int, second: int) -> Callable[[list[Any]], None]:
    def apply(items: list[Any]) -> None:
        items[first], items[second] = items[second], items[first]

    return apply


def _block(first: int, size: int, to: int) -> Callable[[list[Any]], None]:
    def apply(items: list[Any]) -> None:
        block = items[first : first + size]
        del items[first : first + size]
        items[to:to] = block

    return apply


@pytest.mark.parametrize("loaded", [True, False], ids=["after-load", "after-add"])
@pytest.mark.parametrize(
    ("change", "rows"),
    [
        (_move(0, 299), 1),  # first to last
        (_move(299, 0), 1),  # last to first
        (_move(150, 10), 1),
        (_swap(20, 280), 2),  # two far apart: two rows, not the 260 between them
        (_swap(40, 41), 1),  # neighbours: one row
        (_block(100, 3, 250), 3),  # a block of three moved down
        (_block(250, 3, 5), 3),  # and up
    ],
    ids=[
        "first-to-last", "last-to-first", "middle-up", "swap-far", "swap-neighbours", "block-down", "block-up"
    ],
)
def test_a_reorder_updates_only_the_moved_rows(
    engine: Engine, repo: PostmortemRepository, loaded: bool, change: Callable[[list[Any]], None], rows: int
) -> None:
    pm = _long_postmortem()
    repo.add(pm)
    version = 1
    if loaded:
        pm, version = repo.get_with_version("pm-long")
    change(pm.timeline)
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=version) == 2
    assert writes == [("UPDATE timeline_events", rows), ("UPDATE postmortems", 1)]
    assert _same(PostmortemRepository(engine).get("pm-long"), pm)


def test_an_edit_and_a_move_in_one_save(engine: Engine, repo: PostmortemRepository) -> None:
    repo.add(_long_postmortem())
    pm, version = repo.get_with_version("pm-long")
    pm.timeline[5].description = "edited in place — 編集"
    _move(200, 3)(pm.timeline)
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=version) == 2
    assert writes == [("UPDATE timeline_events", 2), ("UPDATE postmortems", 1)]
    stored = PostmortemRepository(engine).get("pm-long")
    assert stored.timeline[3].id == "e0200"
    assert stored.timeline[6].description == "edited in place — 編集"
    assert _same(stored, pm)


def test_a_child_changed_in_place_after_a_save_is_written(engine: Engine, repo: PostmortemRepository) -> None:
    pm = _long_postmortem()
    repo.add(pm)
    event_ = pm.timeline[7]
    event_.description = "changed on the very object that was saved"  # validate_assignment: same object
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=1) == 2
    assert writes == [("UPDATE timeline_events", 1), ("UPDATE postmortems", 1)]
    assert pm.timeline[7] is event_
    assert event_.occurred_at is not None
    event_.occurred_at = event_.occurred_at.astimezone(timezone.utc)  # the same instant, another offset
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=2) == 3
    assert writes == [("UPDATE timeline_events", 1), ("UPDATE postmortems", 1)]
    stored = PostmortemRepository(engine).get("pm-long").timeline[7]
    assert stored.description == "changed on the very object that was saved"
    assert stored.occurred_at is not None and stored.occurred_at.isoformat() == "2024-01-01T17:07:00+00:00"


def test_a_list_inside_a_child_changed_in_place_is_written(
    engine: Engine, repo: PostmortemRepository
) -> None:
    pm = _long_postmortem()
    repo.add(pm)
    pm.action_items[0].cause_ids.append("c-2")  # no assignment at all: the list itself changes
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=1) == 2
    assert writes == [("UPDATE action_items", 1), ("UPDATE postmortems", 1)]
    pm.action_items[0].cause_ids[0] = "c-9"
    assert repo.save(pm, expected_version=2) == 3
    assert PostmortemRepository(engine).get("pm-long").action_items[0].cause_ids == ["c-9", "c-2"]


def test_an_equal_replacement_object_writes_nothing(engine: Engine, repo: PostmortemRepository) -> None:
    repo.add(_long_postmortem())
    pm, version = repo.get_with_version("pm-long")
    pm.timeline[9] = pm.timeline[9].model_copy()
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=version) == 1
    assert writes == []


def test_unchanged_children_are_not_read_field_by_field(
    engine: Engine, repo: PostmortemRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add(_long_postmortem(2000))
    pm, version = repo.get_with_version("pm-long")
    read: list[str] = []
    original = mappers.ChildList.values_of

    def counting(self: mappers.ChildList, item: Any) -> tuple[Any, ...]:
        read.append(item.id)
        return original(self, item)

    monkeypatch.setattr(mappers.ChildList, "values_of", counting)
    assert repo.save(pm, expected_version=version) == 1
    assert read == []
    _move(1500, 10)(pm.timeline)
    pm.timeline[600].actor = "someone"
    assert repo.save(pm, expected_version=1) == 2
    assert sorted(read) == ["e0599", "e1500"]


def test_inserts_and_deletes_with_a_move(engine: Engine, repo: PostmortemRepository) -> None:
    pm = _long_postmortem()
    repo.add(pm)
    del pm.timeline[0]
    del pm.timeline[100]
    pm.timeline.insert(50, TimelineEvent(id="new-1", description="inserted"))
    pm.timeline.append(TimelineEvent(id="new-2", description="appended"))
    _move(10, 200)(pm.timeline)
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=1) == 2
    assert sorted(writes) == [
        ("DELETE timeline_events", 1),
        ("INSERT timeline_events", 2),
        ("UPDATE postmortems", 1),
        ("UPDATE timeline_events", 1),
    ]
    assert _same(PostmortemRepository(engine).get("pm-long"), pm)


def test_stored_positions_that_do_not_increase_are_repaired(
    engine: Engine, repo: PostmortemRepository
) -> None:
    repo.add(_long_postmortem(5))
    with engine.begin() as connection:  # as an old or damaged database might hold them
        connection.execute(text("UPDATE timeline_events SET position = 7.0"))
    pm, version = PostmortemRepository(engine).get_with_version("pm-long")
    order = [e.id for e in pm.timeline]
    fresh = PostmortemRepository(engine)
    fresh.get("pm-long")
    _move(0, 4)(pm.timeline)
    assert fresh.save(pm, expected_version=version) == 2
    assert [e.id for e in PostmortemRepository(engine).get("pm-long").timeline] == order[1:] + order[:1]


_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 10_000)),
        st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
        st.tuples(st.just("edit"), st.integers(0, 10_000), st.text(max_size=5)),
        st.tuples(st.just("offset"), st.integers(0, 10_000), st.integers(-12, 12)),
        st.tuples(st.just("insert"), st.integers(0, 10_000), st.text(max_size=5)),
        st.tuples(st.just("delete"), st.integers(0, 10_000), st.none()),
        st.tuples(st.just("save"), st.none(), st.none()),
    ),
    max_size=25,
)


def _apply_op(pm: Postmortem, op: tuple[str, Any, Any]) -> None:
    name, first, second = op
    items = pm.timeline
    if name == "insert":
        items.insert(first % (len(items) + 1), TimelineEvent(description=second, occurred_at=BASE))
        return
    if not items:
        return
    index = first % len(items)
    if name == "move":
        _move(index, second % len(items))(items)
    elif name == "swap":
        _swap(index, second % len(items))(items)
    elif name == "edit":
        items[index].description = second
    elif name == "offset":
        moment = items[index].occurred_at or BASE
        items[index].occurred_at = moment.astimezone(timezone(timedelta(hours=second)))
    elif name == "delete":
        del items[index]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS, size=st.integers(0, 30))
def test_any_sequence_of_edits_and_saves_round_trips(
    engine: Engine, ops: list[tuple[str, Any, Any]], size: int
) -> None:
    repo = PostmortemRepository(engine)  # one repository across saves: its snapshots are exercised
    pm = Postmortem(
        id=uuid.uuid4().hex,
        timeline=[
            TimelineEvent(id=f"e{i}", occurred_at=BASE + timedelta(minutes=i), description=str(i))
            for i in range(size)
        ],
    )
    version = repo.add(pm)
    for op in [*ops, ("save", None, None)]:
        if op[0] == "save":
            version = repo.save(pm, expected_version=version)
            stored = PostmortemRepository(engine).get(pm.id)  # read back by a repository that knows nothing
            assert _same(stored, pm)
            assert [e.occurred_at.isoformat() if e.occurred_at else None for e in stored.timeline] == [
                e.occurred_at.isoformat() if e.occurred_at else None for e in pm.timeline
            ]
        else:
            _apply_op(pm, op)


def test_a_deleted_child_put_back_as_the_same_object_is_inserted_again(
    engine: Engine, repo: PostmortemRepository
) -> None:
    pm = _long_postmortem(20)
    repo.add(pm)
    removed = pm.timeline.pop(4)  # as an undo command keeps it
    assert repo.save(pm, expected_version=1) == 2
    pm.timeline.insert(4, removed)
    with recorded_writes(engine) as writes:
        assert repo.save(pm, expected_version=2) == 3
    assert writes == [("INSERT timeline_events", 1), ("UPDATE postmortems", 1)]
    assert _same(PostmortemRepository(engine).get("pm-long"), pm)
