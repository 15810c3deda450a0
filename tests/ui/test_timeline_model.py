"""TimelineModel: Qt's model tester, moves by drop and moveRows, undo, time order, sort, sync."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline import order
from desktop_app.ui.timeline.model import MIME_TYPE, TimelineModel

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


def _events(spec: str) -> list[TimelineEvent]:
    """One event per letter, id = description = the letter, a minute apart in letter order."""
    return [
        TimelineEvent(id=c, description=c, occurred_at=T0 + timedelta(minutes=ord(c) - ord("a"))) for c in spec
    ]


@pytest.fixture
def doc(qapp) -> PostmortemDocument:
    document = PostmortemDocument()
    document.load(Postmortem(id="pm-1", timeline=_events("abcde")), 1)
    return document


@pytest.fixture
def model(doc: PostmortemDocument) -> TimelineModel:
    return TimelineModel(doc)


def shown(model: TimelineModel) -> str:
    return "".join(model.index(r, TimelineModel.DESCRIPTION).data() for r in range(model.rowCount()))


def test_model_tester_passes_before_and_after_edits(qtmodeltester, doc, model):
    qtmodeltester.check(model)
    model.move_rows([0, 3], 5)
    model.insert_event(2)
    model.sort_by_time()
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_columns_roles_and_flags(model):
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Time (UTC)", "Kind", "Description", "Actor", "Key moment"
    ]
    index = model.index(1, TimelineModel.TIME)
    assert index.data() == "2024-05-01 09:01"
    assert index.data(TimelineModel.EventIdRole) == "b"
    assert index.data(TimelineModel.EventRole) is model.doc.pm.timeline[1]
    assert model.index(1, TimelineModel.KIND).data() == "Observation"
    assert model.index(1, TimelineModel.KIND).data(Qt.ItemDataRole.EditRole) == "observation"
    assert model.flags(QModelIndex()) == Qt.ItemFlag.ItemIsDropEnabled
    leaf = model.flags(index)
    assert not leaf & Qt.ItemFlag.ItemIsDropEnabled
    assert leaf & Qt.ItemFlag.ItemIsDragEnabled and leaf & Qt.ItemFlag.ItemNeverHasChildren
    assert model.supportedDropActions() == Qt.DropAction.MoveAction
    assert model.mimeTypes() == [MIME_TYPE]


# (selected rows, drop row counted before the move, order afterwards)
DROPS = [
    ([0], 2, "bacde"),
    ([0], 5, "bcdea"),
    ([4], 0, "eabcd"),
    ([3], 1, "adbce"),
    ([1, 3], 0, "bdace"),
    ([1, 3], 5, "acebd"),
    ([0, 4], 2, "baecd"),
    ([0, 2], 1, "acbde"),
    ([1, 2, 4], 0, "bcead"),
    ([0, 1, 2, 3, 4], 3, "abcde"),
    ([2], 2, "abcde"),  # onto itself, upper half
    ([2], 3, "abcde"),  # onto itself, lower half
    ([1, 2], 2, "abcde"),
    ([0, 1, 3], 1, "abdce"),  # the drop row cuts the selection in two
]


@pytest.mark.parametrize(("rows", "dest", "expected"), DROPS)
def test_drop_moves_rows_as_one_undo_step(doc, model, rows, dest, expected):
    before = list(doc.pm.timeline)
    data = model.mimeData([model.index(r, 0) for r in rows] + [model.index(rows[0], 2)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, dest, 0, QModelIndex())
    # False even when the rows moved: a view must never remove the source rows afterwards.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, dest, 0, QModelIndex()) is False
    assert shown(model) == expected
    assert model.rowCount() == 5
    assert sorted(model.ids()) == list("abcde")
    assert {id(e) for e in doc.pm.timeline} == {id(e) for e in before}  # the same objects moved
    assert doc.undo_stack.count() == (0 if expected == "abcde" else 1)
    if doc.undo_stack.count():
        doc.undo_stack.undo()
        assert shown(model) == "abcde"
        assert all(a is b for a, b in zip(doc.pm.timeline, before, strict=True))
        doc.undo_stack.redo()
        assert shown(model) == expected


def test_drop_on_a_row_goes_before_it_and_empty_space_goes_to_the_end(model):
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(3, 0))
    assert shown(model) == "bcade"
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert shown(model) == "cadeb"


def test_foreign_stale_and_copy_drops_are_refused(doc, model):
    text = QMimeData()
    text.setText("0")
    assert not model.canDropMimeData(text, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.dropMimeData(text, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    data = model.mimeData([model.index(4, 0)])
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex()) is False
    other = PostmortemDocument()
    other.load(Postmortem(id="pm-2", timeline=_events("abcde")), 1)
    assert not TimelineModel(other).canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    model.move_rows([4], 0)  # the list changed since the drag began
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert shown(model) == "eabcd"
    assert doc.undo_stack.count() == 1


def test_model_has_no_remove_rows_for_a_view_to_call(model):
    assert model.removeRows(0, 1) is False
    assert model.rowCount() == 5


def test_move_rows_follows_the_destination_rule(qtbot, doc, model):
    root = QModelIndex()
    with qtbot.assertNotEmitted(model.rowsMoved):
        assert model.moveRows(root, 1, 1, root, 1) is False
        assert model.moveRows(root, 1, 1, root, 2) is False
        assert model.moveRows(root, 1, 2, root, 3) is False
        assert model.moveRows(root, 4, 1, root, 6) is False
    with qtbot.waitSignal(model.rowsMoved, timeout=0) as moved:
        assert model.moveRows(root, 1, 1, root, 3) is True  # down one step: destination r + 2
    assert moved.args[1:3] == [1, 1] and moved.args[4] == 3
    assert shown(model) == "acbde"
    assert model.moveRows(root, 3, 2, root, 0) is True
    assert shown(model) == "deacb"
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.text(1) == "Move 2 events"


def test_step_rows_moves_each_run_by_one(doc, model):
    assert model.step_rows([1, 3], -1)
    assert shown(model) == "badce"
    assert model.step_rows([0, 2], -1)  # the top run stays, the other still moves
    assert shown(model) == "bdace"
    assert not model.step_rows([0, 1], -1)
    assert model.step_rows([3, 4], 1) is False
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert shown(model) == "abcde"


def test_events_earlier_than_the_one_above_are_marked(doc):
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=5), None, T0 + timedelta(minutes=7),
             T0 - timedelta(hours=1)]
    doc.load(Postmortem(timeline=[TimelineEvent(id=str(i), occurred_at=t) for i, t in enumerate(times)]), 1)
    model = TimelineModel(doc)
    marks = [model.index(r, 0).data(TimelineModel.OutOfOrderRole) for r in range(6)]
    assert marks == [False, False, True, False, False, True]
    assert model.out_of_order_count() == 2
    assert "Earlier than the event above" in model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(2, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(2, 1).data(Qt.ItemDataRole.DecorationRole) is None
    model.setData(model.index(2, 0), "2024-05-01 09:20")  # edit the time: the marks follow
    assert [model.index(r, 0).data(TimelineModel.OutOfOrderRole) for r in range(6)] == [
        False, False, False, False, True, True
    ]


def test_sort_by_time_is_one_stable_undo_step(doc, qtbot):
    spec = [("x", None), ("a", 30), ("b", 10), ("n1", None), ("c", 10), ("n2", None), ("d", 5)]
    doc.load(Postmortem(timeline=[
        TimelineEvent(id=i, description=i, occurred_at=None if m is None else T0 + timedelta(minutes=m))
        for i, m in spec
    ]), 1)
    model = TimelineModel(doc)
    with qtbot.waitSignal(model.layoutChanged, timeout=0):
        assert model.sort_by_time() is True
    assert model.ids() == ["x", "d", "b", "n1", "c", "n2", "a"]
    assert model.out_of_order_count() == 0
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Sort by time"
    assert model.sort_by_time() is False  # already sorted: no second step
    doc.undo_stack.undo()
    assert model.ids() == ["x", "a", "b", "n1", "c", "n2", "d"]


def test_selection_follows_a_sort(doc, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    doc.load(Postmortem(timeline=_events("cab")), 1)
    model = TimelineModel(doc)
    selection = QItemSelectionModel(model)
    selection.select(model.index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    model.sort_by_time()
    assert [i.row() for i in selection.selectedIndexes()] == [2]
    assert model.ids() == ["a", "b", "c"]


def test_two_models_on_one_document_stay_in_step(doc, model):
    other = TimelineModel(doc)
    model.move_rows([0], 3)
    model.insert_event(0, TimelineEvent(id="new", description="new"))
    model.setData(model.index(1, TimelineModel.DESCRIPTION), "B<&>")
    assert shown(other) == shown(model) == "newB<&>cade"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert shown(other) == "bcade"


def test_edits_go_through_undo(doc, model):
    model.setData(model.index(0, TimelineModel.KIND), EventKind.TRIGGER)
    model.setData(model.index(0, TimelineModel.DESCRIPTION), "Deploy\n\nrolled out 事件 🔥")
    model.setData(model.index(0, TimelineModel.ACTOR), "عمرو")
    model.setData(model.index(0, TimelineModel.TIME), "~2024-05-01 08:55")
    event = doc.pm.timeline[0]
    assert (event.kind, event.description, event.actor) == (EventKind.TRIGGER, "Deploy\n\nrolled out 事件 🔥", "عمرو")
    assert event.occurred_at == T0 - timedelta(minutes=5) and event.approximate
    assert model.index(0, TimelineModel.DESCRIPTION).data() == "Deploy …"
    assert "rolled out 事件 🔥" in model.index(0, TimelineModel.DESCRIPTION).data(Qt.ItemDataRole.ToolTipRole)
    assert doc.undo_stack.count() == 4
    for _ in range(4):
        doc.undo_stack.undo()
    assert doc.pm.timeline[0] == _events("a")[0]


def test_duplicate_and_delete_are_single_steps(doc, model):
    copies = model.duplicate_rows([1, 3])
    assert copies == [4, 5]
    assert shown(model) == "abcdbde"
    assert model.event_at(4).id not in "abcde" and model.event_at(4).description == "b"
    model.delete_rows([0, 2, 4])
    assert shown(model) == "bdde"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert shown(model) == "abcdbde"
    doc.undo_stack.undo()
    assert shown(model) == "abcde"


@pytest.mark.parametrize(("rows", "dest"), [(r, d) for r, d, _ in DROPS])
def test_plan_drop_gives_the_expected_order(rows, dest):
    expected = [i for i in range(5) if i not in rows]
    at = dest - sum(1 for r in rows if r < dest)
    expected[at:at] = sorted(rows)
    assert order.order_after(order.plan_drop(rows, dest), 5) == expected


def test_a_date_without_a_time_covers_its_day(doc):
    from desktop_app.domain.models import TimePrecision

    day = datetime(2021, 12, 17, tzinfo=timezone.utc)
    doc.load(Postmortem(timeline=[
        TimelineEvent(id="a", occurred_at=day.replace(hour=14, minute=40)),
        TimelineEvent(id="b", occurred_at=day, precision=TimePrecision.DAY),  # same day: in order
        TimelineEvent(id="c", occurred_at=day - timedelta(days=1), precision=TimePrecision.DAY),  # the day before
        TimelineEvent(id="d", occurred_at=day - timedelta(hours=1)),
    ]), 1)
    model = TimelineModel(doc)
    assert [model.is_out_of_order(r) for r in range(4)] == [False, False, True, False]
