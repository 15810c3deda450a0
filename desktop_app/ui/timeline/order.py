"""Pure rules for the order of timeline rows: block moves, time-order checks, sort by time.

Nothing here imports Qt, so the rules are unit-tested on plain lists. (They could move to
``desktop_app.domain`` later; they live here while only the timeline editor uses them.)

A *block move* is ``(first, last, destination)`` with Qt's ``moveRows`` meaning: the rows
``first..last`` are moved so that they end up just before the row that was at ``destination``
*before* the move (``destination == len`` means "to the end").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from desktop_app.domain.models import TimelineEvent, TimePrecision

T = TypeVar("T")
BlockMove = tuple[int, int, int]
_DAY = timedelta(days=1)


def is_noop_move(first: int, last: int, destination: int) -> bool:
    """Whether a block move leaves the list unchanged (Qt's rule: ``first <= dest <= last + 1``)."""
    return first <= destination <= last + 1


def apply_block_move(items: list[T], first: int, last: int, destination: int) -> None:
    """Move ``items[first:last + 1]`` in place so they land before the row once at ``destination``."""
    block = items[first : last + 1]
    del items[first : last + 1]
    at = destination if destination < first else destination - len(block)
    items[at:at] = block


def inverse_block_move(first: int, last: int, destination: int) -> BlockMove:
    """The block move that undoes ``(first, last, destination)``."""
    count = last - first + 1
    if destination > last:  # moved down: now at destination - count .. destination - 1
        return destination - count, destination - 1, first
    return destination, destination + count - 1, last + 1  # moved up: now at destination ..


def runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted, distinct ``rows`` grouped into maximal contiguous ``(first, last)`` runs."""
    result: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if result and result[-1][1] == row - 1:
            result[-1] = (result[-1][0], row)
        else:
            result.append((row, row))
    return result


def plan_drop(rows: Sequence[int], destination: int) -> list[BlockMove]:
    """Block moves that gather ``rows`` (kept in their order) just before ``destination``.

    ``destination`` counts rows before the move, as a drop position does. Rows below the
    destination are pulled up first, then rows above are pushed down, nearest run first, so
    every later move's indices are still valid when it runs.
    """
    moves: list[BlockMove] = []
    below: list[tuple[int, int]] = []
    above: list[tuple[int, int]] = []
    for first, last in runs(rows):
        if first < destination <= last:  # a run the destination cuts in two
            above.append((first, destination - 1))
            below.append((destination, last))
        elif first >= destination:
            below.append((first, last))
        else:
            above.append((first, last))
    insert_at = destination
    for first, last in below:
        if first != insert_at:
            moves.append((first, last, insert_at))
        insert_at += last - first + 1
    before = destination
    for first, last in reversed(above):
        if last + 1 != before:
            moves.append((first, last, before))
        before -= last - first + 1
    return moves


def plan_step(rows: Sequence[int], step: int, count: int) -> list[BlockMove]:
    """Block moves that shift each selected run one row up (``step=-1``) or down (``step=1``).

    A run already at the top (or bottom) stays; the others still move, so Alt+Up on a
    scattered selection gathers it against the edge.
    """
    moves: list[BlockMove] = []
    if step < 0:
        for first, last in runs(rows):  # top run first: a run moving up never shifts the runs below
            if first > 0:
                moves.append((first, last, first - 1))
        return moves
    for first, last in reversed(runs(rows)):  # bottom run first, for the same reason
        if last < count - 1:
            moves.append((first, last, last + 2))
    return moves


def order_after(moves: Sequence[BlockMove], count: int) -> list[int]:
    """The old row indices in their new order after applying ``moves`` to ``count`` rows."""
    order = list(range(count))
    for move in moves:
        apply_block_move(order, *move)
    return order


def out_of_order_rows(times: Sequence[datetime | None], spans: Sequence[timedelta] | None = None) -> list[bool]:
    """For each row: is it earlier than the nearest timed row above it?

    ``spans`` (default: none) widen a time to the period it stands for: a date without a clock
    time covers its whole day, so ``2021-12-17`` after ``2021-12-17 14:40`` is not early, but
    ``2021-12-16`` is.
    """
    flags: list[bool] = []
    previous: datetime | None = None
    for index, moment in enumerate(times):
        if moment is None:
            flags.append(False)
            continue
        span = spans[index] if spans is not None else timedelta(0)
        if previous is None:
            flags.append(False)
        elif span:
            flags.append(moment + span <= previous)
        else:
            flags.append(moment < previous)
        previous = moment
    return flags


def out_of_order_events(events: Sequence[TimelineEvent]) -> list[bool]:
    """``out_of_order_rows`` for events; a date-only event covers its whole day."""
    return out_of_order_rows(
        [event.occurred_at for event in events],
        [_DAY if event.precision is TimePrecision.DAY else timedelta(0) for event in events],
    )


def time_sorted_order(events: Sequence[TimelineEvent]) -> list[int]:
    """Old indices of ``events`` sorted by time, stably.

    An event without a time travels with the timed event it followed; untimed events at the very
    top stay at the top.
    """
    head: list[int] = []
    groups: list[tuple[datetime, list[int]]] = []
    for index, event in enumerate(events):
        if event.occurred_at is None:
            (groups[-1][1] if groups else head).append(index)
        else:
            groups.append((event.occurred_at, [index]))
    groups.sort(key=lambda group: group[0])  # list.sort is stable
    return head + [index for _, members in groups for index in members]


def inverse_order(order: Sequence[int]) -> list[int]:
    """The permutation that undoes ``order`` (``new[i] = old[order[i]]``)."""
    inverse = [0] * len(order)
    for new_index, old_index in enumerate(order):
        inverse[old_index] = new_index
    return inverse


def _span(event: TimelineEvent) -> timedelta:
    return _DAY if event.precision is TimePrecision.DAY else timedelta(0)


def flag_at(events: Sequence[TimelineEvent], row: int) -> bool:
    """``out_of_order_events(events)[row]``, computed from the nearest timed event above only."""
    moment = events[row].occurred_at
    if moment is None:
        return False
    above = row - 1
    while above >= 0 and events[above].occurred_at is None:
        above -= 1
    if above < 0:
        return False
    previous = events[above].occurred_at
    assert previous is not None
    span = _span(events[row])
    return moment + span <= previous if span else moment < previous


def refresh_flags(
    events: Sequence[TimelineEvent], flags: list[bool], rows: Sequence[int], starts: Sequence[int]
) -> list[int]:
    """Recompute ``flags`` (already the right length) where a change can have moved them.

    ``rows`` are rows whose own time or place changed; each of ``starts`` is a position whose
    nearest timed event above may have changed, so the first timed event at or after it is
    recomputed too. Returns the rows whose flag changed. Cost: the rows touched, not the list.
    """
    todo: set[int] = {r for r in rows if 0 <= r < len(events)}
    for start in starts:
        row = max(start, 0)
        while row < len(events) and events[row].occurred_at is None:
            row += 1
        if row < len(events):
            todo.add(row)
    changed: list[int] = []
    for row in sorted(todo):
        flag = flag_at(events, row)
        if flags[row] != flag:
            flags[row] = flag
            changed.append(row)
    return changed
