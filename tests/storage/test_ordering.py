"""Gapped positions: kept where order is unchanged, interpolated for moved and new rows."""

from __future__ import annotations

import pytest

from desktop_app.storage.ordering import GAP, MIN_STEP, fresh_positions, plan_positions


def _stored(ids: str) -> dict[str, float]:
    return {row_id: GAP * (index + 1) for index, row_id in enumerate(ids)}


def _strictly_increasing(values: list[float]) -> bool:
    return all(b > a for a, b in zip(values, values[1:], strict=False))


def test_new_list_gets_fresh_gapped_positions() -> None:
    assert plan_positions({}, ["a", "b", "c"]) == [1024.0, 2048.0, 3072.0]
    assert fresh_positions(0) == []


@pytest.mark.parametrize(
    ("new_order", "expected"),
    [
        ("abcde", [1024.0, 2048.0, 3072.0, 4096.0, 5120.0]),
        ("eabcd", [0.0, 1024.0, 2048.0, 3072.0, 4096.0]),  # e moved to the front
        ("bcdea", [2048.0, 3072.0, 4096.0, 5120.0, 6144.0]),  # a moved to the end
        ("acbde", [1024.0, 1536.0, 2048.0, 4096.0, 5120.0]),  # swap of neighbours: one row moves
        ("adbce", [1024.0, 1536.0, 2048.0, 3072.0, 5120.0]),  # d moved up two places
    ],
)
def test_one_move_changes_one_position(new_order: str, expected: list[float]) -> None:
    stored = _stored("abcde")
    positions = plan_positions(stored, list(new_order))
    assert positions == expected
    changed = [row_id for row_id, pos in zip(new_order, positions, strict=True) if stored[row_id] != pos]
    assert len(changed) == 1 or new_order == "abcde" and changed == []


def test_new_rows_between_kept_rows_and_deleted_rows_leave_no_trace() -> None:
    stored = _stored("abc")  # 1024, 2048, 3072
    positions = plan_positions(stored, ["x", "a", "y", "z", "c", "w"])
    assert positions == pytest.approx([0.0, 1024.0, 1024.0 + 2048 / 3, 1024.0 + 4096 / 3, 3072.0, 4096.0])
    assert positions[1] == 1024.0 and positions[4] == 3072.0


def test_renumbers_everything_when_neighbours_are_too_close() -> None:
    stored = {"a": 1.0, "b": 1.0 + MIN_STEP / 2}
    assert plan_positions(stored, ["a", "x", "b"]) == [1024.0, 2048.0, 3072.0]


def test_repeated_insertion_at_the_same_place_stays_ordered() -> None:
    stored = _stored("ab")
    order = ["a", "b"]
    renumbered = 0
    for index in range(80):
        order.insert(1, f"n{index}")
        positions = plan_positions(stored, order)
        assert _strictly_increasing(positions)
        if positions == fresh_positions(len(order)):
            renumbered += 1
        stored = dict(zip(order, positions, strict=True))
    assert 1 <= renumbered <= 3


def test_duplicate_stored_positions_are_repaired() -> None:
    positions = plan_positions({"a": 5.0, "b": 5.0, "c": 5.0}, ["a", "b", "c"])
    assert positions == [-2043.0, -1019.0, 5.0]
