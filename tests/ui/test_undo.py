"""Undo and redo of typing and of list edits, through the Edit menu's actions."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt


def test_typing_in_one_field_is_one_undo_step(qtbot, window):
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    qtbot.keyClicks(title, "Cache stampede")
    summary = window.wizard.findings.narrative_edits["summary"]
    qtbot.keyClicks(summary, "Hot key")
    assert window.undo_action.text() == "&Undo Edit summary"

    window.undo_action.trigger()
    assert window.document.pm.narrative.summary == ""
    assert summary.toPlainText() == ""
    assert window.document.pm.title == "Cache stampede"

    window.undo_action.trigger()
    assert window.document.pm.title == ""
    assert title.text() == ""
    assert window.windowTitle() == "Untitled postmortem[*] — Hindsight"
    assert not window.undo_action.isEnabled()

    window.redo_action.trigger()
    assert title.text() == "Cache stampede"
    assert window.windowTitle() == "Cache stampede[*] — Hindsight"
    window.redo_action.trigger()
    assert summary.toPlainText() == "Hot key"
    assert not window.redo_action.isEnabled()


def test_ctrl_z_in_a_field_undoes_the_document_edit(qtbot, window):
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    title.setFocus()
    qtbot.keyClicks(title, "Abc")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.pm.title == ""
    assert title.text() == ""
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert title.text() == "Abc"


def test_adding_editing_and_moving_timeline_rows_undo_exactly(qtbot, window, edit_cell):
    window.new_postmortem()
    findings = window.wizard.findings
    window.wizard.go_to(5)
    findings.tabs.setCurrentIndex(2)
    editor = findings.timeline_editor
    model = findings.timeline_model

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    edit_cell(editor.view, 0, 0, "2024-05-01 09:30")
    edit_cell(editor.view, 0, 2, "Alert fired")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    edit_cell(editor.view, 1, 2, "Rolled back")
    assert [e.description for e in window.document.pm.timeline] == ["Alert fired", "Rolled back"]

    editor.select_row(1)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [model.index(r, 2).data() for r in range(2)] == ["Rolled back", "Alert fired"]

    window.undo_action.trigger()  # the move
    assert [model.index(r, 2).data() for r in range(2)] == ["Alert fired", "Rolled back"]
    window.undo_action.trigger()  # the second description
    window.undo_action.trigger()  # the second row
    assert model.rowCount() == 1
    window.undo_action.trigger()  # the first description
    assert window.document.pm.timeline[0].description == ""
    assert window.document.pm.timeline[0].occurred_at == datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
    window.undo_action.trigger()  # the time (one step for time, precision and raw text)
    assert window.document.pm.timeline[0].occurred_at is None
    assert model.index(0, 0).data() == ""
    window.undo_action.trigger()  # the first row
    assert model.rowCount() == 0
    assert window.document.pm.timeline == []

    window.redo_action.trigger()
    window.redo_action.trigger()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "2024-05-01 09:30"
    assert window.document.pm.timeline[0].occurred_at == datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


def test_loading_does_not_touch_the_undo_stack(qtbot, window):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "First")
    first = window.document.pm.id
    window.new_postmortem()
    assert window.document.undo_stack.count() == 0
    assert window.open_postmortem(first)
    assert window.document.undo_stack.count() == 0
    assert window.wizard.restoration.title_edit.text() == "First"
    assert not window.isWindowModified()
