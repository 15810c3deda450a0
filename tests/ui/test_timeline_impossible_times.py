"""An impossible time typed into a Time cell (``25:61``, ``31 February``) is refused with a message and the
stored time stays; other text typed there, and any unreadable time that comes in with a paste or an
import, is kept as text as before."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.impossible_time import impossible_time
from desktop_app.ui.timeline.model import TimelineModel

GOOD = datetime(2024, 6, 28, 7, 26, tzinfo=timezone.utc)
TIME = TimelineModel.TIME
HOUR_25 = "There is no time 25:61: the hour must be 0 to 23. The previous value is kept."
FEB_31 = "There is no 31 February. The previous value is kept."


@pytest.fixture
def editor(qtbot) -> TimelineEditor:
    doc = PostmortemDocument()
    doc.load(Postmortem(incident_date=GOOD.date(), timeline=[
        TimelineEvent(id="a", description="Pager fired", occurred_at=GOOD),
        TimelineEvent(id="b", description="Rolled back", occurred_at=GOOD.replace(minute=40)),
    ]), 1)
    widget = TimelineEditor(doc)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.setFocus()
    return widget


def _type_into_time(qtbot, editor: TimelineEditor, row: int, text: str) -> None:
    """F2 on the Time cell, Ctrl+A, type ``text``, Enter: as the user does."""
    editor.view.setCurrentIndex(editor.shown_model().index(row, TIME))
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    [line] = [e for e in editor.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState, timeout=2000)


@pytest.mark.parametrize(("text", "message"), [
    ("2024-06-28 25:61", HOUR_25),
    ("2024-02-31 10:00", FEB_31),
    ("~2024-06-28 23:61", "There is no time 23:61: the minute must be 0 to 59. The previous value is kept."),
    ("25:61", HOUR_25),
])
def test_an_impossible_typed_time_is_refused_and_the_time_stays(qtbot, editor, text, message):
    undo_count = editor.doc.undo_stack.count()
    with qtbot.waitSignal(editor.model.time_refused) as refused:
        _type_into_time(qtbot, editor, 0, text)
    assert refused.args == [message]
    event = editor.doc.pm.timeline[0]
    assert (event.occurred_at, event.raw_time) == (GOOD, "")
    assert editor.model.index(0, TIME).data() == "2024-06-28 07:26"
    assert editor.model.index(0, TIME).data(TimelineModel.UnreadableTimeRole) is False
    assert editor.doc.undo_stack.count() == undo_count
    assert editor.status_label.text() == f"2 events · {message}"


def test_a_valid_time_then_stores_and_the_message_goes(qtbot, editor):
    _type_into_time(qtbot, editor, 0, "2024-06-28 25:61")
    assert editor.status_label.text() == f"2 events · {HOUR_25}"
    _type_into_time(qtbot, editor, 0, "2024-06-28 07:30")
    assert editor.doc.pm.timeline[0].occurred_at == datetime(2024, 6, 28, 7, 30, tzinfo=timezone.utc)
    assert editor.doc.undo_stack.text(editor.doc.undo_stack.count() - 1) == "Edit time"
    assert editor.status_label.text() == "2 events"


def test_typed_text_that_is_no_time_is_still_kept_as_text(qtbot, editor):
    _type_into_time(qtbot, editor, 1, "around lunch")
    event = editor.doc.pm.timeline[1]
    assert (event.occurred_at, event.raw_time) == (None, "around lunch")
    assert editor.status_label.text() == "2 events · ? 1 time not understood: kept as text"


def test_a_pasted_impossible_time_is_kept_as_text_as_an_import(qtbot, editor):
    QApplication.clipboard().setText("Time (UTC)\tDescription\r\n2024-02-31 10:00\tFrom a spreadsheet\r\n")
    editor.select_rows([1])
    assert editor.paste() == [2]
    event = editor.model.event_at(2)
    assert (event.occurred_at, event.raw_time) == (None, "2024-02-31 10:00")
    assert editor.model.index(2, TIME).data(TimelineModel.UnreadableTimeRole) is True


@pytest.mark.parametrize(("text", "problem"), [
    ("2024-06-28 25:61", "There is no time 25:61: the hour must be 0 to 23."),
    ("around 2024-02-30 10:00 PST", "There is no 30 February."),
    ("2024-06-28 10:00:61", "There is no time 10:00:61: the second must be 0 to 59."),
    ("2024-06-28 07:26", None),
    ("09:05", None),
    ("around lunch", None),
    ("after 25 minutes", None),
    ("", None),
])
def test_impossible_time(text, problem):
    assert impossible_time(text) == problem


def test_in_the_window_the_status_bar_says_it_too(qtbot, window, edit_cell):
    window.new_postmortem()
    window.wizard.go_to(5)
    window.wizard.findings.tabs.setCurrentIndex(2)
    editor = window.wizard.findings.timeline_editor
    editor.add_below()
    edit_cell(editor.view, 0, TIME, "2024-06-28 07:26")
    stored = editor.doc.pm.timeline[0].occurred_at
    edit_cell(editor.view, 0, TIME, "2024-02-31 10:00")
    assert editor.doc.pm.timeline[0].occurred_at == stored
    assert window.statusBar().currentMessage() == FEB_31
    assert editor.status_label.text() == f"1 event · {FEB_31}"
