"""Gapped ranks for ordered child rows: a move rewrites the moved row only.

Rows keep a REAL ``position``. When a list is saved, the rows whose relative
order did not change (the longest run of stored positions that is still
increasing in the new order) keep their positions; every other row (new or
moved) gets a position between its new neighbours. Only when two neighbours are
too close to fit a row between them is the whole list renumbered.

``plan_positions`` plans a list from its stored positions alone; ``plan_moves``
does the same when the stored order is known as well, at a cost that follows
the size of the change (a drag in a 10,000-row list plans the dragged row only).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from itertools import compress, count, islice
from operator import ne

GAP = 1024.0
"""Distance between neighbours when positions are handed out fresh."""

MIN_STEP = 1e-6
"""Closest two neighbours may be before the list is renumbered."""

FEW = 64
"""``plan_moves`` takes a cheap plan that moves at most this many rows without looking for a better one."""


def fresh_positions(count: int) -> list[float]:
    """Evenly gapped positions for ``count`` rows: GAP, 2·GAP, 3·GAP and so on."""
    return [GAP * (index + 1) for index in range(count)]


def _kept_indices(positions: Sequence[float | None]) -> set[int]:
    """Indices of the longest strictly increasing run of known positions (``None`` = new row).

    Patience sorting, O(n log n). Of several equally long runs, one is chosen deterministically.
    """
    tails: list[float] = []  # smallest tail position of an increasing run of each length
    tail_index: list[int] = []  # index (into positions) of that tail
    previous: list[int] = [-1] * len(positions)
    for index, position in enumerate(positions):
        if position is None:
            continue
        length = bisect_left(tails, position)
        if length == len(tails):
            tails.append(position)
            tail_index.append(index)
        else:
            tails[length] = position
            tail_index[length] = index
        previous[index] = tail_index[length - 1] if length > 0 else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def plan_positions(stored: Mapping[str, float], ordered_ids: Sequence[str]) -> list[float]:
    """Positions for ``ordered_ids`` (the new order), reusing ``stored`` ones where possible.

    Args:
        stored: the position each already-stored row has now, by id.
        ordered_ids: every row of the list in its new order (new rows included).

    Returns:
        One strictly increasing position per id, in ``ordered_ids`` order.
    """
    known = [stored.get(row_id) for row_id in ordered_ids]
    if None not in known and all(b > a for a, b in zip(known, known[1:], strict=False)):  # type: ignore[operator]
        return known  # type: ignore[return-value]  # nothing new, nothing moved: the common save
    kept = _kept_indices(known)
    result: list[float | None] = [known[i] if i in kept else None for i in range(len(known))]
    index = 0
    count = len(result)
    while index < count:
        if result[index] is not None:
            index += 1
            continue
        start = index
        while index < count and result[index] is None:
            index += 1
        run = index - start
        low = result[start - 1] if start > 0 else None
        high = result[index] if index < count else None
        values = _fill(low, high, run)
        if values is None:
            return fresh_positions(count)
        result[start:index] = values
    final = [value for value in result if value is not None]
    if any(later <= earlier for earlier, later in zip(final, final[1:], strict=False)):
        return fresh_positions(count)
    return final


def _first_difference(first: Iterable[str], second: Iterable[str], limit: int) -> int:
    """Index of the first place (below ``limit``) where the two sequences differ, else ``limit``."""
    return next(compress(count(), islice(map(ne, first, second), limit)), limit)


def _cheap_reassignments(
    window: list[str], old_window: list[str], stored: Mapping[str, float]
) -> list[int] | None:
    """Window indices to give new positions when the change is a few rows (else ``None``).

    Tries, at C speed, the shapes a drag or an edit makes: rows replaced or swapped in
    place (equal lengths), a block moved to (or inserted at) the front of the window, and
    a block moved to (or inserted at) its back. Every row not returned keeps its stored
    position, and those positions increase along ``window``.
    """
    size, old_size = len(window), len(old_window)
    if not old_window:
        return list(range(size))  # only new rows
    if not window:
        return []  # only deleted rows
    best: list[int] | None = None
    if size == old_size:
        best = list(compress(count(), map(ne, window, old_window)))
    try:  # the old window's first row now sits after a block: that block was moved or inserted
        front = window.index(old_window[0])
    except ValueError:
        front = -1
    if front > 0 and size - front <= old_size and window[front:] == old_window[: size - front]:
        if best is None or front < len(best):
            best = list(range(front))
    if window[0] in stored:  # the window's first row was stored: rows before it moved to the back
        back = old_window.index(window[0])
        kept = old_size - back
        if kept <= size and window[:kept] == old_window[back:]:
            if best is None or size - kept < len(best):
                best = list(range(kept, size))
    return best if best is not None and len(best) <= FEW else None


def plan_moves(
    stored: Mapping[str, float], old_order: Sequence[str], new_order: Sequence[str]
) -> dict[int, float]:
    """New positions for the rows of ``new_order`` that need one, by their index in ``new_order``.

    The incremental form of ``plan_positions`` for a list whose stored order is known: the
    cost follows the size of the change, not the length of the list. Rows before the first
    and after the last difference keep their positions untouched; inside that window a
    single moved block, a swap or a few edits are recognised directly, and anything else
    falls back to keeping the longest increasing run of the window.

    Args:
        stored: the position of every stored row, by id.
        old_order: the stored rows in stored order; ``stored`` must strictly increase along it.
        new_order: every row in its new order (new rows included, ids unique).

    Returns:
        ``{index in new_order: position}`` for every new row and every row whose position
        changes (all rows when the list had to be renumbered). Rows not in the result keep
        their stored position, and the resulting positions strictly increase along ``new_order``.
    """
    old_size, size = len(old_order), len(new_order)
    if old_size == size and old_order == new_order:
        return {}
    prefix = _first_difference(old_order, new_order, min(old_size, size))
    suffix = _first_difference(reversed(old_order), reversed(new_order), min(old_size, size) - prefix)
    end = size - suffix
    window = list(new_order[prefix:end])
    old_window = list(old_order[prefix : old_size - suffix])
    low = stored[new_order[prefix - 1]] if prefix else None
    high = stored[new_order[end]] if suffix else None
    reassigned = _cheap_reassignments(window, old_window, stored)
    if reassigned is None:
        known = [stored.get(row_id) for row_id in window]
        kept = _kept_indices(known)
        reassigned = [index for index in range(len(window)) if index not in kept]
    planned: dict[int, float] = {}
    start = 0
    while start < len(reassigned):
        stop = start + 1
        while stop < len(reassigned) and reassigned[stop] == reassigned[stop - 1] + 1:
            stop += 1
        first, last = reassigned[start], reassigned[stop - 1]
        below = low if first == 0 else stored[window[first - 1]]
        above = high if last == len(window) - 1 else stored[window[last + 1]]
        values = _fill(below, above, stop - start)
        if values is None:
            return dict(enumerate(fresh_positions(size)))
        for offset, value in enumerate(values):
            index = first + offset
            if stored.get(window[index]) != value:
                planned[prefix + index] = value
        start = stop
    return planned


def _fill(low: float | None, high: float | None, run: int) -> list[float] | None:
    """``run`` strictly increasing positions strictly between ``low`` and ``high`` (either may be open).

    ``None`` when they do not fit (the list must be renumbered).
    """
    if low is None and high is None:
        values = fresh_positions(run)
    elif low is None:
        assert high is not None
        values = [high - GAP * (run - offset) for offset in range(run)]
    elif high is None:
        values = [low + GAP * (offset + 1) for offset in range(run)]
    else:
        step = (high - low) / (run + 1)
        if step < MIN_STEP:
            return None
        values = [low + step * (offset + 1) for offset in range(run)]
    bounded = [low, *values, high] if low is not None else [*values, high]
    checked = [value for value in bounded if value is not None]
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        return None
    return values
