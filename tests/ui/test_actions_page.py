"""Step 6: findings next to each action item, live as the user types; status dates; typed due dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus

TODAY = date(2024, 6, 10)
HEADER = Qt.Orientation.Vertical


def _page(window):
    window.new_postmortem()
    window.wizard.go_to(6)
    page = window.wizard.actions
    page.today = lambda: TODAY
    return page


def _flags(page, row: int) -> tuple[str, str]:
    model = page.model
    return model.headerData(row, HEADER, Qt.ItemDataRole.DisplayRole), model.headerData(
        row, HEADER, Qt.ItemDataRole.ToolTipRole
    )


def test_findings_follow_the_typing(qtbot, window, type_text) -> None:
    page = _page(window)
    page.editor.add()
    assert _flags(page, 0) == (
        "2",
        "No owner. Give the item one owner: a person, not a team.\n"
        "No due date. Pick the date by which it will be done.",
    )
    index = page.model.index(0, 0)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    [editor] = [e for e in page.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    type_text(editor, "Improve monitoring")
    # Still typing: the item already carries the title and its flag.
    assert page.view.state() == QAbstractItemView.State.EditingState
    assert window.document.pm.action_items[0].title == "Improve monitoring"
    assert _flags(page, 0)[0] == "3"
    assert page.details.text() == (
        "Action item 1:\n"
        "⚠ No owner. Give the item one owner: a person, not a team.\n"
        "⚠ No due date. Pick the date by which it will be done.\n"
        "⚠ Vague wording: “Improve” with no target, system or date. "
        "Say what will be measurably better and where, e.g. 'alert when p99 > 2 s on checkout-api'."
    )
    type_text(editor, " of checkout-api p99 < 300 ms")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert _flags(page, 0)[0] == "2"
    # The typing was one undo step.
    assert window.document.undo_stack.count() == 2  # add + title
    window.undo_action.trigger()
    assert window.document.pm.action_items[0].title == ""


def test_owner_of_spaces_is_empty_and_any_script_owns(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, 2, "2024-07-01")
    edit_cell(page.view, 0, 1, "   ")
    assert _flags(page, 0)[0] == "1"
    edit_cell(page.view, 0, 1, "李雷")
    assert _flags(page, 0) == ("✓", "Specific, owned and dated.")
    assert page.details.text() == "Action item 1: ✓ Specific, owned and dated."
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_overdue_items_are_flagged(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_date=date(2024, 6, 1)))
    page.editor.select_row(0)
    assert _flags(page, 0) == (
        "1",
        "Overdue: due 2024-06-01, 9 days ago, still open. Finish it, move the date with a reason, or mark it won't do.",
    )


def test_impossible_due_date_is_refused_with_a_message(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, 2, "31/02")
    assert window.document.pm.action_items[0].due_date is None
    assert not page.due_message.isHidden()
    assert page.due_message.text() == "There is no 31 February."
    edit_cell(page.view, 0, 2, "29 Feb 2028")
    assert window.document.pm.action_items[0].due_date == date(2028, 2, 29)
    assert page.due_message.isHidden()
    assert page.model.index(0, 2).data() == "2028-02-29"


def test_status_change_records_the_day_in_one_undo_step(window) -> None:
    page = _page(window)
    page.editor.add()
    page.model.setData(page.model.index(0, 3), ActionStatus.DONE)
    item = window.document.pm.action_items[0]
    assert (item.status, item.status_changed_on) == (ActionStatus.DONE, TODAY)
    assert page.details.text() == "Action item 1 · Done since 2024-06-10: ✓ Specific, owned and dated."
    assert window.undo_action.text() == "&Undo Change status"
    window.undo_action.trigger()
    item = window.document.pm.action_items[0]
    assert (item.status, item.status_changed_on) == (ActionStatus.OPEN, None)


def test_kind_tracker_and_description_of_the_selected_item(qtbot, window, type_text) -> None:
    page = _page(window)
    page.editor.add()
    page.editor.add()
    page.editor.select_row(1)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ActionKind.DETECT))
    page.kind_combo.activated.emit(page.kind_combo.currentIndex())
    type_text(page.tracker_edit, "OPS-42 <&>")
    type_text(page.description_edit, "Alert on «disk» > 90 %")
    second = window.document.pm.action_items[1]
    assert (second.kind, second.tracker_ref, second.description) == (
        ActionKind.DETECT, "OPS-42 <&>", "Alert on «disk» > 90 %"
    )
    assert window.document.pm.action_items[0].tracker_ref == ""
    page.editor.select_row(0)
    assert (page.kind_combo.currentData(), page.tracker_edit.text(), page.description_edit.toPlainText()) == (
        ActionKind.OTHER, "", ""
    )
    page.editor.select_row(1)
    assert page.tracker_edit.text() == "OPS-42 <&>"
    window.undo_action.trigger()  # the description, typed as one step
    assert page.description_edit.toPlainText() == ""


def test_duplicate_copies_the_item_with_a_new_id(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    page.editor.select_row(0)
    page.duplicate_button.click()
    first, copy = window.document.pm.action_items
    assert (copy.title, copy.owner) == ("Rotate keys", "Zoë")
    assert copy.id != first.id
    assert page.editor.current_row() == 1
