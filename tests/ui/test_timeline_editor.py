"""The timeline editor widget: keys, in-place editing, drag and drop on the view, filtering."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QPlainTextEdit

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.editor import DEBOUNCE_FROM_ROWS, FILTER_HINT, TimelineEditor
from desktop_app.ui.timeline.model import TimelineModel

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def editor(qtbot) -> TimelineEditor:
    doc = PostmortemDocument()
    kinds = [EventKind.TRIGGER, EventKind.ALERT, EventKind.ACTION, EventKind.ALERT, EventKind.RESOLUTION]
    doc.load(Postmortem(incident_date=T0.date(), timeline=[
        TimelineEvent(id=c, description=f"{c} event", occurred_at=T0 + timedelta(minutes=i), kind=kinds[i])
        for i, c in enumerate("abcde")
    ]), 1)
    widget = TimelineEditor(doc)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.setFocus()
    return widget


def ids(editor: TimelineEditor) -> str:
    return "".join(editor.model.ids())


def visible(editor: TimelineEditor) -> str:
    return "".join(editor.shown_model().index(r, 0).data(TimelineModel.EventIdRole) for r in range(editor.shown_model().rowCount()))


def test_alt_up_and_down_move_the_selection_one_undo_step_each(qtbot, editor):
    editor.select_rows([1, 2])
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, ALT)
    assert ids(editor) == "adbce"
    assert editor.selected_rows() == [2, 3]
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, ALT)  # already at the bottom: nothing
    assert ids(editor) == "adebc"
    assert not editor.down_button.isEnabled()
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, ALT)
    assert ids(editor) == "adbce"
    stack = editor.doc.undo_stack
    assert stack.count() == 3
    assert stack.text(0) == "Move 2 events down"
    stack.undo()
    stack.undo()
    stack.undo()
    assert ids(editor) == "abcde"


def test_buttons_say_their_shortcuts(editor):
    assert editor.add_button.toolTip() == "Add an event below the selection (Ins)"
    assert editor.up_button.toolTip() == "Move the selected events up (Alt+Up)"
    assert editor.down_button.toolTip() == "Move the selected events down (Alt+Down)"
    assert editor.duplicate_button.toolTip() == "Duplicate the selected events (Ctrl+D)"
    assert editor.remove_button.toolTip() == "Delete the selected events (Del)"


def test_insert_duplicate_and_delete_keys(qtbot, editor):
    editor.select_rows([1])
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 6 and editor.selected_rows() == [2]
    assert editor.model.event_at(2).description == ""
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_rows() == [2] and editor.model.event_at(3).description == ""
    editor.select_rows([0])
    qtbot.keyClick(editor.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [e.description for e in editor.doc.pm.timeline][:3] == ["a event", "a event", "b event"]
    assert editor.selected_rows() == [1]
    editor.select_rows([0, 1, 2])
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == 5
    assert [e.description for e in editor.doc.pm.timeline] == ["", "", "c event", "d event", "e event"]
    stack = editor.doc.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Add event", "Add event", "Duplicate event", "Delete 3 events"
    ]
    for _ in range(4):
        stack.undo()
    assert ids(editor) == "abcde"


def _open_editor(qtbot, editor: TimelineEditor, row: int, column: int, key: Qt.Key) -> None:
    editor.view.setCurrentIndex(editor.shown_model().index(row, column))
    qtbot.keyClick(editor.view, key)
    assert editor.view.state() == QAbstractItemView.State.EditingState


def _wait_closed(qtbot, editor: TimelineEditor) -> None:
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState, timeout=2000)


def test_f2_edits_description_in_place_with_several_lines(qtbot, editor, type_text):
    _open_editor(qtbot, editor, 1, TimelineModel.DESCRIPTION, Qt.Key.Key_F2)
    [text_edit] = [e for e in editor.view.viewport().findChildren(QPlainTextEdit) if e.isVisible()]
    assert text_edit.toPlainText() == "b event"
    assert text_edit.height() > editor.view.rowHeight(1)
    text_edit.selectAll()
    type_text(text_edit, "Paged <on-call> & 事件")
    qtbot.keyClick(text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_text(text_edit, "עברית 🔥")
    qtbot.keyClick(text_edit, Qt.Key.Key_Return)
    _wait_closed(qtbot, editor)
    assert editor.doc.pm.timeline[1].description == "Paged <on-call> & 事件\nעברית 🔥"
    assert editor.shown_model().index(1, TimelineModel.DESCRIPTION).data() == "Paged <on-call> & 事件 …"
    assert editor.doc.undo_stack.text(0) == "Edit description"


def test_enter_edits_the_time_and_typed_times_parse(qtbot, editor, type_text):
    from PySide6.QtWidgets import QLineEdit

    _open_editor(qtbot, editor, 4, TimelineModel.TIME, Qt.Key.Key_Return)
    [line] = [e for e in editor.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    line.selectAll()
    type_text(line, "08:30")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    _wait_closed(qtbot, editor)
    assert editor.doc.pm.timeline[4].occurred_at == datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)
    assert editor.model.index(4, 0).data(TimelineModel.OutOfOrderRole) is True
    assert editor.status_label.text() == "5 events · ⚠ 1 event is earlier than the event above (Sort by time puts them in order)"
    qtbot.mouseClick(editor.sort_button, Qt.MouseButton.LeftButton)
    assert ids(editor) == "eabcd"
    assert editor.status_label.text() == "5 events"
    editor.doc.undo_stack.undo()
    assert ids(editor) == "abcde"


def test_kind_edits_with_a_drop_down(qtbot, editor):
    _open_editor(qtbot, editor, 0, TimelineModel.KIND, Qt.Key.Key_F2)
    [combo] = [c for c in editor.view.viewport().findChildren(QComboBox) if c.isVisible()]
    assert combo.currentText() == "Trigger"
    combo.setCurrentIndex(combo.findText("Mitigation"))
    combo.activated.emit(combo.currentIndex())
    _wait_closed(qtbot, editor)
    assert editor.doc.pm.timeline[0].kind is EventKind.MITIGATION


def _drop_events(editor: TimelineEditor, data: QMimeData, pos: QPoint) -> QDropEvent:
    """Deliver DragEnter, DragMove and Drop to the viewport, as the platform's drag would."""
    viewport = editor.view.viewport()
    actions = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, actions, data, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, actions, data, buttons, mods))
    drop = QDropEvent(QPointF(pos), actions, data, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop


def _row_point(editor: TimelineEditor, row: int, dy: int) -> QPoint:
    rect = editor.view.visualRect(editor.shown_model().index(row, TimelineModel.DESCRIPTION))
    return rect.center() + QPoint(0, dy)


@pytest.mark.parametrize(
    ("rows", "target", "dy", "expected"),
    [
        ([0], 3, 3, "bcdae"),  # lower half of d: below it
        ([0], 3, -3, "bcade"),  # upper half of d: above it
        ([4], 0, -3, "eabcd"),
        ([1, 3], 4, 3, "acebd"),
        ([2], 2, 3, "abcde"),  # onto itself
        ([2], 2, -3, "abcde"),
    ],
)
def test_drop_on_the_view_moves_once_and_removes_nothing(qtbot, editor, monkeypatch, rows, target, dy, expected):
    # Offscreen Qt has no drag manager (QDrag.exec returns at once), so the platform's part of a
    # drag is played here: the drop events go to the viewport; the event's source is the view.
    monkeypatch.setattr(editor.view, "is_own_drag", lambda _event: True)
    editor.select_rows(rows)
    before = {e.id: e for e in editor.doc.pm.timeline}
    data = editor.shown_model().mimeData(editor.view.selectionModel().selectedIndexes())
    drop = _drop_events(editor, data, _row_point(editor, target, dy))
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.IgnoreAction  # the source removes nothing
    assert ids(editor) == expected
    assert editor.model.rowCount() == 5
    assert all(before[e.id] is e for e in editor.doc.pm.timeline)
    assert editor.doc.undo_stack.count() == (0 if expected == "abcde" else 1)
    # The selection follows the moved events.
    assert sorted(editor.model.event_at(r).id for r in editor.selected_rows()) == ["abcde"[r] for r in rows]
    if expected != "abcde":
        editor.doc.undo_stack.undo()
        assert ids(editor) == "abcde"


def test_drop_below_the_last_row_goes_to_the_end(editor, monkeypatch):
    monkeypatch.setattr(editor.view, "is_own_drag", lambda _event: True)
    editor.select_rows([0])
    data = editor.shown_model().mimeData(editor.view.selectionModel().selectedIndexes())
    _drop_events(editor, data, QPoint(40, editor.view.viewport().height() - 4))
    assert ids(editor) == "bcdea"


def test_a_drop_from_elsewhere_is_ignored(editor):
    editor.select_rows([0])
    data = editor.shown_model().mimeData(editor.view.selectionModel().selectedIndexes())
    drop = _drop_events(editor, data, _row_point(editor, 3, 3))  # no drag of this view: source is None
    assert not drop.isAccepted()
    assert ids(editor) == "abcde"


def test_a_real_mouse_drag_moves_the_pressed_row(qtbot, editor, monkeypatch):
    # The mouse part is real (press, moves past the drag distance, release on the viewport).
    # QDrag.exec returns at once offscreen, so the view's startDrag is replaced by what the
    # platform would deliver: the model's MIME data dropped at the pointer's release position.
    started: list[list[int]] = []
    monkeypatch.setattr(editor.view, "is_own_drag", lambda _event: True)
    monkeypatch.setattr(editor.view, "startDrag", lambda _actions: started.append(editor.selected_rows()))
    viewport = editor.view.viewport()
    start = _row_point(editor, 1, 0)
    end = _row_point(editor, 3, 4)  # lower half of d
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for dy in (5, 12, 20):
        qtbot.mouseMove(viewport, start + QPoint(0, dy))
    assert started == [[1]]
    data = editor.model.mimeData([editor.model.index(row, 0) for row in started[0]])
    _drop_events(editor, data, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert ids(editor) == "acdbe"
    assert editor.model.rowCount() == 5
    assert editor.doc.undo_stack.count() == 1
    editor.doc.undo_stack.undo()
    assert ids(editor) == "abcde"


def test_filter_hides_rows_keeps_order_and_turns_reordering_off(qtbot, editor, type_text):
    type_text(editor.search_edit, "EVENT")
    assert visible(editor) == "abcde"
    editor.search_edit.clear()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("Alert"))
    assert visible(editor) == "bd"
    assert editor.status_label.text() == f"Showing 2 of 5 events · {FILTER_HINT}"
    assert not editor.view.dragEnabled()
    editor.select_rows([1, 3])
    assert editor.selected_rows() == [1, 3]
    assert not editor.up_button.isEnabled() and not editor.sort_button.isEnabled()
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, ALT)
    assert ids(editor) == "abcde" and editor.doc.undo_stack.count() == 0
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)  # a new event shows although it does not match
    assert editor.model.rowCount() == 6 and visible(editor) == "bd" + editor.model.event_at(4).id
    editor.kind_combo.setCurrentIndex(0)
    type_text(editor.search_edit, "d ev")
    assert visible(editor) == "d"
    editor.search_edit.clear()
    assert editor.view.dragEnabled() and editor.status_label.text() == "6 events"


def test_search_on_a_long_timeline_waits_for_a_pause_and_follows_edits(qtbot, type_text):
    doc = PostmortemDocument()
    events = [
        TimelineEvent(id=f"e{i}", description=f"step {i} ok", occurred_at=T0 + timedelta(seconds=i))
        for i in range(DEBOUNCE_FROM_ROWS)
    ]
    doc.load(Postmortem(incident_date=T0.date(), timeline=events), 1)
    widget = TimelineEditor(doc)
    qtbot.addWidget(widget)
    widget.show()
    type_text(widget.search_edit, "step 19")
    assert not widget.proxy.is_active  # nothing filtered while typing
    qtbot.waitUntil(lambda: widget.proxy.is_active, timeout=2000)
    assert widget.shown_model().rowCount() == 111  # 19 and 190-199 and 1900-1999
    # An edit reaches the search text: the cached texts are forgotten.
    doc.edit(("timeline", "e5", "description"), "step 19 again", text="Edit description")
    widget.search_edit.setText("again")
    widget.search_edit.returnPressed.emit()
    assert visible(widget) == "e5"
    widget.search_edit.clear()
    assert widget.shown_model() is widget.model


def test_a_narrow_editor_keeps_the_description_readable_and_words_come_back(qtbot, editor):
    header = editor.view.horizontalHeader()
    wide = {c: header.sectionSize(c) for c in (TimelineModel.KIND, TimelineModel.KEY, TimelineModel.ACTOR)}
    assert editor.up_button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon  # 900 px: room
    editor.resize(600, 400)
    qtbot.waitUntil(lambda: editor.up_button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly)
    viewport = editor.view.viewport().width()
    assert header.sectionSize(TimelineModel.DESCRIPTION) >= int(viewport * 0.35) - 1
    for column, width in wide.items():
        assert width // 2 <= header.sectionSize(column) < width
    assert editor.up_button.toolTip() == "Move the selected events up (Alt+Up)"
    editor.resize(900, 400)
    qtbot.waitUntil(lambda: editor.up_button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    assert {c: header.sectionSize(c) for c in wide} == wide
