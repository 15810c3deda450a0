"""Copy, cut and paste of timeline rows with the keyboard: spreadsheet text and undo."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.domain.models import EventKind, KeyMoment, Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.clipboard import EVENTS_MIME
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.model import TimelineModel

T0 = datetime(2024, 5, 1, 16, 0, tzinfo=timezone.utc)
CTRL = Qt.KeyboardModifier.ControlModifier
FIELDS = ("occurred_at", "precision", "approximate", "raw_time", "kind", "description", "actor")
DESCRIPTIONS = ["a<b & c>d", "数据库 failover 🚒", "line one\nline \"two\"\twith tab", "plain", "last"]


@pytest.fixture
def editor(qtbot) -> TimelineEditor:
    doc = PostmortemDocument()
    kinds = [EventKind.TRIGGER, EventKind.ALERT, EventKind.ACTION, EventKind.DECISION, EventKind.RESOLUTION]
    doc.load(Postmortem(incident_date=T0.date(), time_zone="America/Los_Angeles", timeline=[
        TimelineEvent(id=c, description=DESCRIPTIONS[i], occurred_at=T0 + timedelta(minutes=i), kind=kinds[i],
                      actor=f"Role {c}", key_moment=KeyMoment.DETECTION if c == "b" else None)
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


def fields(event: TimelineEvent) -> tuple:
    return tuple(getattr(event, f) for f in FIELDS)


def text_only_clipboard() -> None:
    """Keep only the clipboard's plain text, as when it went through a spreadsheet."""
    text = QApplication.clipboard().text()
    data = QMimeData()
    data.setText(text)
    QApplication.clipboard().setMimeData(data)


def test_ctrl_c_puts_spreadsheet_text_and_the_private_format(qtbot, editor):
    editor.select_rows([0, 2])
    qtbot.keyClick(editor.view, Qt.Key.Key_C, CTRL)
    data = QApplication.clipboard().mimeData()
    assert data.hasFormat(EVENTS_MIME)
    assert data.text() == (
        "Time\tKind\tKey moment\tDescription\tActor\n"
        "2024-05-01 09:00\tTrigger\t\ta<b & c>d\tRole a\n"
        '2024-05-01 09:02\tAction\t\t"line one\nline ""two""\twith tab"\tRole c\n'
    )


@pytest.mark.parametrize("through_spreadsheet", [False, True])
def test_copy_then_paste_gives_the_same_events_with_new_ids_in_one_undo_step(qtbot, editor, through_spreadsheet):
    editor.select_rows([1, 2])
    qtbot.keyClick(editor.view, Qt.Key.Key_C, CTRL)
    if through_spreadsheet:
        text_only_clipboard()
    editor.select_rows([4])
    stack = editor.doc.undo_stack
    before = stack.count()
    qtbot.keyClick(editor.view, Qt.Key.Key_V, CTRL)
    events = editor.model.events()
    assert len(events) == 7 and ids(editor).startswith("abcde")
    assert [fields(e) for e in events[5:]] == [fields(events[1]), fields(events[2])]
    assert not {events[5].id, events[6].id} & set("abcde") and events[5].id != events[6].id
    assert events[5].key_moment is None  # "b" keeps the detection mark: one event holds it
    assert editor.selected_rows() == [5, 6]
    assert stack.count() == before + 1 and stack.text(stack.count() - 1) == "Paste 2 events"
    assert editor.paste_problems == []
    editor.doc.undo_stack.undo()  # Ctrl+Z is the main window's action
    assert ids(editor) == "abcde"


def test_paste_from_a_spreadsheet_with_a_quoted_multiline_cell(qtbot, editor):
    QApplication.clipboard().setText(
        "Time (PDT)\tDescription\tWho\r\n"
        '09:10\t"Paged DB team\r\nsaid ""wait"""\tIncident lead\r\n'
        "teatime\tUnclear\t\r\n")
    editor.select_rows([0])
    rows = editor.paste()
    assert rows == [1, 2]
    first, second = editor.model.event_at(1), editor.model.event_at(2)
    assert (first.occurred_at, first.description, first.actor) == (
        T0 + timedelta(minutes=10), 'Paged DB team\nsaid "wait"', "Incident lead")
    assert (second.occurred_at, second.raw_time, second.description) == (None, "teatime", "Unclear")
    assert editor.paste_problems == ["Row 3: time not understood: teatime (kept as text)"]
    assert "Pasted with problems: Row 3: time not understood: teatime" in editor.status_label.text()
    editor.doc.undo_stack.undo()
    assert ids(editor) == "abcde"


def test_cut_is_one_undo_step_and_undo_restores_the_exact_order(qtbot, editor):
    editor.select_rows([1, 3])
    qtbot.keyClick(editor.view, Qt.Key.Key_X, CTRL)
    assert ids(editor) == "ace"
    editor.select_rows([2])
    qtbot.keyClick(editor.view, Qt.Key.Key_V, CTRL)
    assert editor.model.rowCount() == 5
    assert [e.description for e in editor.model.events()][3:] == [DESCRIPTIONS[1], DESCRIPTIONS[3]]
    assert editor.model.event_at(3).key_moment is KeyMoment.DETECTION  # the cut one's mark comes along
    editor.doc.undo_stack.undo()  # Ctrl+Z is the main window's action
    assert ids(editor) == "ace"
    editor.doc.undo_stack.undo()  # Ctrl+Z is the main window's action
    assert ids(editor) == "abcde"
    assert editor.model.event_at(1).key_moment is KeyMoment.DETECTION


def test_copy_and_cut_need_a_selection_and_empty_clipboard_pastes_nothing(qtbot, editor):
    editor.view.clearSelection()
    assert not editor.copy_action.isEnabled() and not editor.copy_selected() and not editor.cut_selected()
    QApplication.clipboard().setText("")
    assert editor.paste() == [] and ids(editor) == "abcde"


def _open_editor(editor: TimelineEditor, column: int) -> QWidget:
    index = editor.shown_model().index(editor.current_row(), column)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    return current_cell_editor(editor)


def current_cell_editor(editor: TimelineEditor) -> QWidget:
    found = [e for kind in (QLineEdit, QPlainTextEdit) for e in editor.view.viewport().findChildren(kind)
             if e.isVisible()]
    assert len(found) == 1, "expected exactly one open cell editor"
    return found[0]


def test_add_event_then_tab_out_is_one_undo_step(qtbot, editor, type_text):
    stack = editor.doc.undo_stack
    editor.select_rows([1])
    before = stack.count()
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    description = _open_editor(editor, TimelineModel.DESCRIPTION)
    type_text(description, "DB <primary> & 🚒")
    qtbot.keyClick(description, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.view.currentIndex().column() == TimelineModel.ACTOR
                    and editor.view.state() == QAbstractItemView.State.EditingState)
    actor = current_cell_editor(editor)
    type_text(actor, "On-call")
    qtbot.keyClick(actor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState)
    new = editor.model.event_at(2)
    assert (new.description, new.actor) == ("DB <primary> & 🚒", "On-call")
    assert stack.count() == before + 1
    assert stack.text(stack.count() - 1) == "Add event"
    stack.undo()
    assert ids(editor) == "abcde"
    stack.redo()
    assert (editor.model.event_at(2).description, editor.model.event_at(2).actor) == ("DB <primary> & 🚒", "On-call")
    # A later edit of that row, after the editor closed, is its own step.
    editor.select_rows([2])
    _open_editor(editor, TimelineModel.ACTOR)
    actor = current_cell_editor(editor)
    actor.selectAll()
    type_text(actor, "SRE")
    qtbot.keyClick(actor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState)
    assert stack.count() == before + 2 and editor.model.event_at(2).actor == "SRE"
    stack.undo()
    assert editor.model.event_at(2).actor == "On-call"



def test_add_event_then_one_cell_closed_with_enter_stays_two_steps(qtbot, editor, type_text):
    stack = editor.doc.undo_stack
    editor.select_rows([4])
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    description = _open_editor(editor, TimelineModel.DESCRIPTION)
    type_text(description, "only this")
    qtbot.keyClick(description, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState)
    assert [stack.text(i) for i in range(stack.count())] == ["Add event", "Edit description"]
    stack.undo()
    assert editor.model.event_at(5).description == ""
