"""The step list shows each step's completeness, updated live as fields are filled."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt

from desktop_app.domain.models import Status


def _marks(window) -> list[str]:
    steps = window.wizard.steps
    return [steps.item(i).text()[0] for i in range(steps.count())]


def test_step_marks_follow_the_data(qtbot, window, edit_cell):
    window.new_postmortem()
    wizard = window.wizard
    assert wizard.steps.complete_count() == 0
    assert wizard.steps.item(0).toolTip() == (
        "1. Restoration\nMissing: title, severity, service restored, affected services"
    )
    assert wizard.restoration.missing_label.text() == (
        "Still missing: title, severity, service restored, affected services"
    )

    qtbot.keyClicks(wizard.restoration.title_edit, "Disk full")
    assert wizard.steps.item(0).toolTip() == "1. Restoration\nMissing: severity, service restored, affected services"
    wizard.restoration.severity_combo.setFocus()
    qtbot.keyClick(wizard.restoration.severity_combo, Qt.Key.Key_Down)
    check = wizard.restoration.restored_check
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))
    assert wizard.steps.item(0).toolTip() == (
        "1. Restoration\nMissing: time of restoration, affected services"
    )
    qtbot.keyClicks(wizard.restoration.services_edit, "mastodon")
    wizard.restoration.restored_at_edit.check.click()
    assert _marks(window) == ["✓", "○", "○", "○", "○", "○", "○"]
    assert wizard.steps.complete_count() == 1
    assert wizard.restoration.missing_label.text() == "✓ This step is complete."

    qtbot.keyClicks(wizard.discussion.notes_edit, "We talked.")
    assert wizard.steps.complete_count() == 2

    wizard.go_to(7)
    wizard.share.status_combo.setFocus()
    qtbot.keyClick(wizard.share.status_combo, Qt.Key.Key_Down)
    assert window.document.pm.status is Status.IN_REVIEW
    assert _marks(window) == ["✓", "○", "○", "✓", "○", "○", "✓"]

    # An action item without owner and due date leaves step 6 incomplete, naming both.
    wizard.go_to(6)
    qtbot.mouseClick(wizard.actions.editor.add_button, Qt.MouseButton.LeftButton)
    # An item with no text is no action item yet.
    assert wizard.steps.item(5).toolTip() == "6. Action items\nMissing: action items"
    model = wizard.actions.model
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Missing a title, an owner and a due date."
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    edit_cell(wizard.actions.editor.view, 0, 0, "Rotate /var/log daily")
    assert wizard.steps.item(5).toolTip() == (
        "6. Action items\nMissing: an owner for every action item, a due date for every action item"
    )
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Missing an owner and a due date."
    edit_cell(wizard.actions.editor.view, 0, 1, "Kris")
    edit_cell(wizard.actions.editor.view, 0, 2, "2025-01-31")
    assert window.document.pm.action_items[0].due_date == date(2025, 1, 31)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert wizard.steps.complete_count() == 4

    # Undo brings the mark back.
    window.undo_action.trigger()
    assert window.document.pm.action_items[0].due_date is None
    assert wizard.steps.complete_count() == 3


def test_next_back_and_shortcuts_move_between_steps(qtbot, window):
    window.new_postmortem()
    wizard = window.wizard
    assert wizard.current_step == 1
    assert not wizard.back_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step == 2
    assert wizard.position_label.text() == "Step 2 of 7"
    window.next_step_action.trigger()
    assert wizard.current_step == 3
    window.previous_step_action.trigger()
    window.previous_step_action.trigger()
    window.previous_step_action.trigger()
    assert wizard.current_step == 1
    wizard.steps.setCurrentRow(6)
    assert wizard.current_step == 7
    assert wizard.stack.currentWidget() is wizard.share
    assert not wizard.next_button.isEnabled()
    assert window.next_step_action.shortcut().toString() == "Ctrl+PgDown"
    assert window.previous_step_action.shortcut().toString() == "Ctrl+PgUp"
