"""Gapped ranks for ordered child rows: a move rewrites the moved row only.

Rows keep a REAL ``position``. When a list is saved, the rows whose relative
order did not change (the longest run of stored positions that is still
increasing in the new order) keep their positions; every other row (new or
moved) gets a position between its new neighbours. Only when two neighbours are
too close to fit a row between them is the whole list renumbered.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

GAP = 1024.0
"""Distance between neighbours when positions are handed out fresh."""

MIN_STEP = 1e-6
"""Closest two neighbours may be before the list is renumbered."""


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
                return fresh_positions(count)
            values = [low + step * (offset + 1) for offset in range(run)]
        result[start:index] = values
    final = [value for value in result if value is not None]
    if any(later <= earlier for earlier, later in zip(final, final[1:], strict=False)):
        return fresh_positions(count)
    return final
