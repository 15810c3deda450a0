"""Step 6: findings live as the user types; status dates; due dates typed or picked; cause links; row edits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from desktop_app.domain.coach import review
from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus, CauseKind
from desktop_app.ui.fishbone.edits import FishboneEdits
from desktop_app.ui.widgets.date_picker import DueDateEdit
from desktop_app.ui.wizard.actions_page import CAUSES, DUE, STATUS

TODAY = date(2024, 6, 10)
HEADER = Qt.Orientation.Vertical


def _page(window):
    window.resize(1400, 880)  # a desktop window (the default fits the small offscreen screen)
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
        "3 issues",
        "No title. Say in a few words what will change, e.g. “Alert when /var is 80 % full”.\n"
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
    assert _flags(page, 0)[0] == "3 issues"
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
    assert _flags(page, 0)[0] == "2 issues"
    # The typing was one undo step.
    assert window.document.undo_stack.count() == 2  # add + title
    window.undo_action.trigger()
    assert window.document.pm.action_items[0].title == ""


def test_owner_of_spaces_is_empty_and_any_script_owns(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, 0, "Upgrade etcd to v3.5.4")
    edit_cell(page.view, 0, 2, "2024-07-01")
    edit_cell(page.view, 0, 1, "   ")
    assert _flags(page, 0)[0] == "1 issue"
    edit_cell(page.view, 0, 1, "李雷")
    assert _flags(page, 0) == ("✓", "Specific, owned and dated.")
    assert page.details.text() == "Action item 1: ✓ Specific, owned and dated."
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_overdue_items_are_flagged(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_date=date(2024, 6, 1)))
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.4", owner="Ada", due_date=TODAY))
    page.editor.select_row(0)
    assert _flags(page, 0) == (
        "1 issue",
        "Overdue: due 2024-06-01, 9 days ago, still open. Finish it, move the date with a reason, or mark it won't do.",
    )
    # The overdue date stands out in red; a date due today does not.
    assert page.model.index(0, DUE).data(Qt.ItemDataRole.ForegroundRole) == QColor(192, 57, 43)
    assert page.model.index(1, DUE).data(Qt.ItemDataRole.ForegroundRole) is None
    page.model.setData(page.model.index(0, STATUS), ActionStatus.DONE)
    assert page.model.index(0, DUE).data(Qt.ItemDataRole.ForegroundRole) is None


def test_impossible_due_date_is_refused_with_a_message(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, 2, "31/02")
    assert window.document.pm.action_items[0].due_date is None
    assert not page.due_message.isHidden()
    assert page.due_message.text() == "There is no 31 February."
    edit_cell(page.view, 0, 2, "0000-01-01")
    assert window.document.pm.action_items[0].due_date is None
    assert page.due_message.text() == "Year 0 does not exist: type a date like 2025-03-01."
    edit_cell(page.view, 0, 2, "29 Feb 2028")
    assert window.document.pm.action_items[0].due_date == date(2028, 2, 29)
    # the refusal is gone; the line now says, muted, how the date was read
    assert (page.is_due_reading_shown(), page.due_message.text()) == (True, "Read as Tue 29 Feb 2028.")
    assert page.model.index(0, 2).data() == "2028-02-29"


def test_a_due_date_imported_as_words_shows_muted_until_a_date_is_picked(window, edit_cell) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_text=" Q3 <&>\n"))
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.4", owner="Ada", due_date=date(2024, 7, 1)))
    cell, dated = page.model.index(0, DUE), page.model.index(1, DUE)
    assert (cell.data(), dated.data()) == ("Q3 <&>", "2024-07-01")
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Not a date: “Q3 <&>” — pick a date to make it trackable"
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    assert dated.data(Qt.ItemDataRole.FontRole) is None
    text = QApplication.palette().color(QPalette.ColorRole.Text)
    muted = cell.data(Qt.ItemDataRole.ForegroundRole)
    assert muted != text and muted.alpha() == 255
    # the editor starts empty: the words are not a date to correct
    assert cell.data(Qt.ItemDataRole.EditRole) == ""
    assert _flags(page, 0) == ("1 issue", "Due “Q3 <&>” is not a date. Pick the date by which it will be done.")
    report = review(window.document.pm, today=TODAY, now=datetime(2024, 6, 10, tzinfo=UTC))
    assert [f.message for f in report.findings if f.key.endswith(":no_due_date")] == [
        "Action item 1 “Upgrade etcd to v3.5.3”: Due “Q3 <&>” is not a date."
    ]
    edit_cell(page.view, 0, DUE, "2024-09-30")
    item = window.document.pm.action_items[0]
    assert (item.due_date, item.due_text) == (date(2024, 9, 30), " Q3 <&>\n")
    assert (cell.data(), cell.data(Qt.ItemDataRole.FontRole), cell.data(Qt.ItemDataRole.ForegroundRole)) == (
        "2024-09-30", None, None
    )
    assert _flags(page, 0) == ("✓", "Specific, owned and dated.")
    window.undo_action.trigger()
    assert cell.data() == "Q3 <&>"


def test_the_row_header_counts_issues_in_words(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.3"))
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.4", owner="Ada"))
    page.model.add_row(ActionItem(title="Upgrade etcd to v3.5.5", owner="Ada", due_date=TODAY))
    assert [_flags(page, row)[0] for row in range(3)] == ["2 issues", "1 issue", "✓"]
    header = page.view.verticalHeader()
    assert header.width() >= header.fontMetrics().horizontalAdvance("99 issues")


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


# -- the due date calendar ------------------------------------------------------------------------


def _pick(qtbot, popup, day: date) -> None:
    """Choose ``day`` in an open calendar popup as a keyboard user does: move to it, press Enter."""
    assert popup.isVisible()
    popup.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    qtbot.keyClick(popup.calendar.findChild(QTableView), Qt.Key.Key_Return)


def test_form_calendar_picks_the_due_date_in_one_undo_step(qtbot, window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate the TLS keys of edge-proxy", owner="Zoë"))
    page.editor.select_row(0)
    popup = page.due_edit.open_calendar()
    # Nothing stored yet: the calendar opens on today.
    assert popup.calendar.selectedDate() == QDate(2024, 6, 10)
    # It offers what typing takes: 2000-01-01 to twenty years from today.
    assert (popup.calendar.minimumDate(), popup.calendar.maximumDate()) == (QDate(2000, 1, 1), QDate(2044, 6, 10))
    _pick(qtbot, popup, date(2024, 7, 15))
    assert not popup.isVisible()
    assert window.document.pm.action_items[0].due_date == date(2024, 7, 15)
    assert page.due_edit.text() == "2024-07-15"
    assert page.model.index(0, DUE).data() == "2024-07-15"
    assert window.undo_action.text() == "&Undo Edit due date"
    # Reopened, the calendar shows the stored date.
    popup = page.due_edit.open_calendar()
    assert popup.calendar.selectedDate() == QDate(2024, 7, 15)
    popup.clear_button.click()
    assert window.document.pm.action_items[0].due_date is None
    assert page.due_edit.text() == ""
    window.undo_action.trigger()
    assert window.document.pm.action_items[0].due_date == date(2024, 7, 15)
    window.undo_action.trigger()
    assert window.document.pm.action_items[0].due_date is None
    assert page.due_edit.text() == ""
    page.due_edit.open_calendar().today_button.click()
    assert window.document.pm.action_items[0].due_date == TODAY


def test_form_due_date_can_still_be_typed(qtbot, window, type_text) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    page.editor.select_row(0)
    type_text(page.due_edit, "31/02")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date is None
    assert (page.due_message.isHidden(), page.due_message.text()) == (False, "There is no 31 February.")
    page.due_edit.selectAll()
    type_text(page.due_edit, "1 Aug 2024")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2024, 8, 1)
    assert (page.is_due_reading_shown(), page.due_message.text()) == (True, "Read as Thu 1 Aug 2024.")
    # The form shows the stored value as ISO once the item is shown again.
    page.view.clearSelection()
    page.editor.select_row(0)
    assert page.due_edit.text() == "2024-08-01"


def test_cell_calendar_opens_with_alt_down_and_commits_the_pick(qtbot, window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë", due_date=date(2024, 6, 30)))
    page.model.add_row(ActionItem(title="Page on 5xx > 1 %", owner="Ada"))
    index = page.model.index(1, DUE)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    [editor] = [e for e in page.view.viewport().findChildren(DueDateEdit) if e.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = editor.popup
    assert popup is not None and popup.isVisible()
    # The cell stays in edit mode while the calendar has the focus.
    assert page.view.state() == QAbstractItemView.State.EditingState
    _pick(qtbot, popup, date(2024, 9, 2))
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert [a.due_date for a in window.document.pm.action_items] == [date(2024, 6, 30), date(2024, 9, 2)]
    assert window.undo_action.text() == "&Undo Edit due date"
    window.undo_action.trigger()
    assert [a.due_date for a in window.document.pm.action_items] == [date(2024, 6, 30), None]
    # Clear in the first row's calendar removes its date; the calendar opened on it.
    index = page.model.index(0, DUE)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    [editor] = [e for e in page.view.viewport().findChildren(DueDateEdit) if e.isVisible()]
    editor.calendar_action.trigger()
    assert editor.popup.calendar.selectedDate() == QDate(2024, 6, 30)
    editor.popup.clear_button.click()
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert [a.due_date for a in window.document.pm.action_items] == [None, None]


def test_typing_in_the_due_cell_still_works(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, DUE, "15.07.2024")
    assert window.document.pm.action_items[0].due_date == date(2024, 7, 15)


# -- links to the causes ----------------------------------------------------------------------------


def _cause_rows(page) -> list[tuple[str, bool]]:
    rows = []
    for i in range(page.causes_list.count()):
        entry = page.causes_list.item(i)
        rows.append((entry.text(), entry.checkState() == Qt.CheckState.Checked))
    return rows


def _toggle(qtbot, page, row: int) -> None:
    """Tick or untick a cause with the keyboard: make it current, press Space."""
    page.causes_list.setFocus()
    page.causes_list.setCurrentRow(row)
    qtbot.keyClick(page.causes_list.viewport(), Qt.Key.Key_Space)


def test_an_item_links_the_causes_it_addresses(qtbot, window) -> None:
    page = _page(window)
    fishbone = FishboneEdits(window.document)
    pool = fishbone.add_cause("Pool sized for <2019> traffic & growth", category="Technology")
    fishbone.set_kind(pool, CauseKind.ROOT_CAUSE)
    lag = fishbone.add_cause("Kein Alarm bei Replikationsverzug", category="Monitoring")
    runbook = fishbone.add_cause("手順書が古い", parent_id=lag)
    page.model.add_row(ActionItem(title="Raise db_pool_size to 80", owner="Ada"))
    page.model.add_row(ActionItem(title="Alert on replica lag > 30 s", owner="Jürgen"))
    page.editor.select_row(1)
    assert _cause_rows(page) == [
        ("Root cause: Pool sized for <2019> traffic & growth", False),
        ("Kein Alarm bei Replikationsverzug", False),
        ("    手順書が古い", False),
    ]
    assert page.causes_list.item(0).font().bold()
    steps = window.document.undo_stack.count()
    _toggle(qtbot, page, 2)
    _toggle(qtbot, page, 1)
    items = window.document.pm.action_items
    assert (items[0].cause_ids, items[1].cause_ids) == ([], [runbook, lag])
    assert window.document.undo_stack.count() == steps + 2
    assert window.undo_action.text() == "&Undo Link cause"
    assert page.model.index(1, CAUSES).data() == "2"
    assert page.model.index(1, CAUSES).data(Qt.ItemDataRole.ToolTipRole) == (
        "Addresses:\n• Kein Alarm bei Replikationsverzug\n• 手順書が古い"
    )
    assert page.model.index(0, CAUSES).data() == ""
    _toggle(qtbot, page, 2)
    assert window.document.pm.action_items[1].cause_ids == [lag]
    assert window.undo_action.text() == "&Undo Unlink cause"
    window.undo_action.trigger()
    assert window.document.pm.action_items[1].cause_ids == [runbook, lag]
    assert _cause_rows(page)[2] == ("    手順書が古い", True)
    # The other item's list shows its own links.
    page.editor.select_row(0)
    assert [checked for _t, checked in _cause_rows(page)] == [False, False, False]
    page.editor.select_row(1)

    # The fishbone deletes the monitoring cause and its sub-cause: they leave the list and the links.
    fishbone.delete_cause(lag)
    assert _cause_rows(page) == [("Root cause: Pool sized for <2019> traffic & growth", False)]
    assert window.document.pm.action_items[1].cause_ids == []
    assert page.model.index(1, CAUSES).data() == ""
    # A cause added or renamed on the fishbone shows at once.
    new = fishbone.add_cause("Faltan pruebas de carga", category="Process")
    fishbone.set_text(pool, "Pool sized for 2019 traffic")
    assert _cause_rows(page) == [("Root cause: Pool sized for 2019 traffic", False), ("Faltan pruebas de carga", False)]
    _toggle(qtbot, page, 1)
    assert window.document.pm.action_items[1].cause_ids == [new]
    # Undoing the delete brings the causes and the links back.
    for _ in range(4):
        window.undo_action.trigger()
    assert window.document.pm.action_items[1].cause_ids == [runbook, lag]
    assert [text for text, _c in _cause_rows(page)] == [
        "Root cause: Pool sized for <2019> traffic & growth", "Kein Alarm bei Replikationsverzug", "    手順書が古い",
    ]


def test_double_click_on_the_causes_cell_goes_to_the_check_list(qtbot, window) -> None:
    page = _page(window)
    FishboneEdits(window.document).add_cause("No alert on replica lag", category="Monitoring")
    page.model.add_row(ActionItem(title="Alert on replica lag > 30 s", owner="Ada"))
    page.editor.select_row(0)
    window.activateWindow()
    rect = page.view.visualRect(page.model.index(0, CAUSES))
    # A double click as the window system delivers it: press and release, then the double click.
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(page.causes_list.hasFocus, timeout=2000)
    assert page.causes_list.currentRow() == 0
    assert page.view.state() != QAbstractItemView.State.EditingState


def test_without_causes_the_list_says_where_they_come_from(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys"))
    page.editor.select_row(0)
    assert page.causes_list.isHidden()
    assert not page.causes_empty.isHidden()
    assert page.causes_empty.text() == (
        "No causes yet: add them on the fishbone in step 5, then tick the ones this item addresses."
    )
    assert not page.model.flags(page.model.index(0, CAUSES)) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(page.model.index(0, CAUSES), "3") is False
    assert window.document.pm.action_items[0].cause_ids == []
    assert page.view.verticalHeader().isVisible()
    page.editor.remove_button.click()
    assert page.view.verticalHeader().isHidden()


# -- reorder, duplicate, delete, undo -----------------------------------------------------------------


def _titles(window) -> list[str]:
    return [a.title for a in window.document.pm.action_items]


def test_keyboard_reorder_duplicate_delete_and_undo(qtbot, window) -> None:
    page = _page(window)
    for title in ("Rotate keys", "Alarm bei >80 % Speicher in prod-db", "監視を追加"):
        page.model.add_row(ActionItem(title=title, owner="Ada"))
    page.editor.select_row(0)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"]
    assert page.editor.current_row() == 1
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "監視を追加", "Rotate keys"]
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # already last: stays
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "監視を追加", "Rotate keys"]
    qtbot.keyClick(page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"]
    assert window.undo_action.text() == "&Undo Move action item"

    qtbot.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "Rotate keys", "監視を追加"]
    assert page.editor.current_row() == 2
    items = window.document.pm.action_items
    assert len({a.id for a in items}) == 4
    assert window.undo_action.text() == "&Undo Add action item"

    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys"]
    assert page.editor.current_row() == 1
    assert window.undo_action.text() == "&Undo Remove action item"

    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", ""]
    assert page.editor.current_row() == 2

    expected = [
        ["Alarm bei >80 % Speicher in prod-db", "Rotate keys"],
        ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"],
        ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "Rotate keys", "監視を追加"],
        ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"],
        ["Alarm bei >80 % Speicher in prod-db", "監視を追加", "Rotate keys"],
        ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"],
        ["Rotate keys", "Alarm bei >80 % Speicher in prod-db", "監視を追加"],
    ]
    for titles in expected:
        window.undo_action.trigger()
        assert _titles(window) == titles
    window.redo_action.trigger()
    assert _titles(window) == ["Alarm bei >80 % Speicher in prod-db", "Rotate keys", "監視を追加"]


def test_buttons_reorder_duplicate_and_remove(window) -> None:
    page = _page(window)
    for title in ("A 1", "B 2", "C 3"):
        page.model.add_row(ActionItem(title=title, owner="Ada"))
    page.editor.select_row(2)
    page.editor.up_button.click()
    assert _titles(window) == ["A 1", "C 3", "B 2"]
    page.duplicate_button.click()
    assert _titles(window) == ["A 1", "C 3", "C 3", "B 2"]
    page.editor.remove_button.click()
    assert _titles(window) == ["A 1", "C 3", "B 2"]
    page.editor.select_row(0)
    page.editor.down_button.click()
    assert _titles(window) == ["C 3", "A 1", "B 2"]
    assert page.editor.current_row() == 1
    assert page.editor.up_button.isEnabled() and page.editor.down_button.isEnabled()
    page.view.clearSelection()
    assert not page.duplicate_button.isEnabled()
    assert not page.editor.remove_button.isEnabled()


def test_long_titles_wrap_to_at_most_three_lines(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Ada", due_date=TODAY))
    page.model.add_row(ActionItem(title="Alert when replica lag > 30 s for 5 min on orders-db " * 2, owner="Ada"))
    page.model.add_row(ActionItem(title="Alert when replica lag > 30 s for 5 min on orders-db " * 40, owner="Ada"))
    header = page.view.verticalHeader()
    page.view.resizeRowsToContents()
    line = page.view.fontMetrics().lineSpacing()
    short, wrapped, long = (header.sectionSize(row) for row in range(3))
    assert short == page.view.fontMetrics().height() + 12
    assert wrapped >= short + line
    # cut at three lines (and the grid line); the tool tip and the form hold the rest
    assert long == line * 3 + 10 + int(page.view.showGrid())


def test_a_tracker_link_opens_from_the_form(window, type_text, monkeypatch) -> None:
    from desktop_app.ui.widgets.links import Links, tracker_link

    opened = []
    monkeypatch.setattr(Links, "open", classmethod(lambda cls, url: opened.append(url.toString()) or True))
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë", tracker_ref="OPS-12"))
    page.editor.select_row(0)
    assert not page.tracker_open.isEnabled()
    page.tracker_edit.selectAll()
    type_text(page.tracker_edit, "https://jira.example.com/browse/OPS-12")
    assert window.document.pm.action_items[0].tracker_ref == "https://jira.example.com/browse/OPS-12"
    assert page.tracker_open.isEnabled()
    page.tracker_open.click()
    assert opened == ["https://jira.example.com/browse/OPS-12"]
    for ref in ("OPS-12", "javascript:alert(1)", "file:///etc/passwd", "https://", "see https://x.org later", ""):
        assert tracker_link(ref) is None, ref


def test_done_and_wont_do_items_are_not_highlighted_or_counted_as_missing(window) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Enable nftables on fritz", status=ActionStatus.DONE))
    page.model.add_row(ActionItem(title="Rewrite the proxy in Rust", status=ActionStatus.WONT_DO))
    page.model.add_row(ActionItem(title="Bind Redis to 10.0.0.0/8", owner="Ana", status=ActionStatus.OPEN))
    amber = page.model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert amber == QColor(255, 176, 32, 56)
    assert [page.model.index(row, column).data(Qt.ItemDataRole.BackgroundRole)
            for row in (0, 1) for column in range(6)] == [None] * 12
    assert [_flags(page, row)[0] for row in range(3)] == ["✓", "✓", "1 issue"]
    assert page.missing_label.text() == "Still missing: a due date for every action item"
    # reopened, the item needs an owner and a date again
    page.model.setData(page.model.index(0, STATUS), ActionStatus.OPEN)
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == amber
    assert page.missing_label.text() == (
        "Still missing: an owner for every action item, a due date for every action item"
    )
    page.model.setData(page.model.index(0, STATUS), ActionStatus.DONE)
    page.model.setData(page.model.index(2, DUE), "2024-07-01")
    assert page.model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.missing_label.text() == "✓ This step is complete."


def test_the_action_column_takes_the_width_the_others_fit_their_text(qtbot, window, edit_cell) -> None:
    from PySide6.QtWidgets import QHeaderView

    from desktop_app.ui.wizard.actions_page import CELL_MARGIN, EDITOR_BUTTON, OWNER, PRIORITY

    page = _page(window)
    window.resize(1400, 880)
    page.model.add_row(ActionItem(title="Alert when replica lag > 30 s on orders-db", owner="Zoë",
                                  due_date=date(2024, 7, 1), status=ActionStatus.IN_PROGRESS))
    header, metrics = page.view.horizontalHeader(), page.view.fontMetrics()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    # Owner: its header or its longest name; Status: its longest choice and the drop-down arrow
    assert header.sectionSize(OWNER) == max(header.sectionSizeFromContents(OWNER).width(),
                                            metrics.horizontalAdvance("Zoë") + CELL_MARGIN)
    assert header.sectionSize(STATUS) == max(metrics.horizontalAdvance(s.label) for s in ActionStatus) \
        + CELL_MARGIN + EDITOR_BUTTON
    assert header.sectionSize(DUE) == metrics.horizontalAdvance("2024-05-31") + CELL_MARGIN + EDITOR_BUTTON
    assert header.sectionSize(PRIORITY) == header.sectionSizeFromContents(PRIORITY).width()
    # on a wide window the Action column has more width than all the others together
    window.resize(1900, 1000)
    qtbot.waitUntil(lambda: header.sectionSize(0) > sum(header.sectionSize(c) for c in range(1, 6)), timeout=2000)
    # a long owner widens the column up to a limit; the Action column keeps the rest
    edit_cell(page.view, 0, OWNER, "Ana María García-Fernández de la Torre (SRE, on call)")
    assert header.sectionSize(OWNER) == 200
    edit_cell(page.view, 0, OWNER, "李雷")
    assert header.sectionSize(OWNER) == header.sectionSizeFromContents(OWNER).width()


def test_a_refused_due_date_is_said_beside_the_cell_and_under_the_due_field(qtbot, window, edit_cell,
                                                                             monkeypatch) -> None:
    from PySide6.QtCore import QRect

    from desktop_app.ui.widgets import text_edits

    shown: list[tuple] = []
    monkeypatch.setattr(text_edits.QToolTip, "showText", lambda *args: shown.append(args))
    page = _page(window)
    for n in range(3):
        page.model.add_row(ActionItem(title=f"Rotate key {n}", owner="Ada", due_date=TODAY))
    edit_cell(page.view, 2, DUE, "31/02")
    [(point, text, widget, _rect, msecs)] = shown
    assert (text, widget, msecs) == ("There is no 31 February.", page.view.viewport(), text_edits.REFUSAL_TIP_MS)
    cell = page.view.visualRect(page.model.index(2, DUE))
    assert QRect(page.view.viewport().mapToGlobal(cell.topLeft()), cell.size()).adjusted(-8, -8, 8, 8) \
        .contains(point)
    assert window.statusBar().currentMessage() == "There is no 31 February."
    # also right under the form's Due field, which shows the same item
    assert page.editor.current_row() == 2
    assert page.due_message.isVisible() and page.due_message.text() == "There is no 31 February."
    assert page.due_message.parentWidget() is page.form
    below = page.due_message.geometry()
    assert below.top() >= page.due_edit.geometry().bottom()
    assert below.left() + page.due_message.indent() == page.due_edit.geometry().left()
    # typed in the form: the tip is beside the form's field
    shown.clear()
    page.due_edit.setText("2024-13-40")
    page._due_typed()
    [(point, text, widget, _rect, _msecs)] = shown
    assert widget is page.due_edit
    assert QRect(page.due_edit.mapToGlobal(page.due_edit.rect().topLeft()), page.due_edit.size()).contains(point)
    assert page.due_message.text() == text
    edit_cell(page.view, 2, DUE, "2024-07-01")
    assert page.due_message.isHidden()


def test_a_long_cause_wraps_in_a_list_tall_enough_to_read_it(qtbot, window) -> None:
    from desktop_app.ui.wizard.actions_page import CAUSE_LINES

    page = _page(window)
    window.show()
    qtbot.waitExposed(window)
    long = ("Configuration change timing: a connection timeout reduction deployed during a period of "
            "database stress created conditions where pods could not establish connections in time.")
    fishbone = FishboneEdits(window.document)
    fishbone.add_cause(long, category="Technology")
    fishbone.add_cause("Retry logic lacked circuit breakers", category="Technology")
    page.model.add_row(ActionItem(title="Add circuit breakers to the flags client", owner="Ada"))
    page.editor.select_row(0)
    line = page.causes_list.fontMetrics().lineSpacing()
    assert page.causes_list.height() >= line * CAUSE_LINES
    first = page.causes_list.visualItemRect(page.causes_list.item(0))
    second = page.causes_list.visualItemRect(page.causes_list.item(1))
    # the whole text shows, on several lines, inside the list's width, and the next cause follows it
    assert first.height() >= 3 * line
    assert first.right() <= page.causes_list.viewport().width()
    assert second.top() >= first.bottom()
    assert second.bottom() <= page.causes_list.viewport().height()


def _open_due_cell_with_f2(qtbot, page, row: int) -> DueDateEdit:
    page.view.setCurrentIndex(page.model.index(row, DUE))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.view.state() == QAbstractItemView.State.EditingState, timeout=2000)
    [editor] = [e for e in page.view.viewport().findChildren(DueDateEdit) if e.isVisible()]
    return editor


def _close_cell(qtbot, page, editor: DueDateEdit) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState, timeout=2000)


def test_a_refused_due_date_stays_in_the_cell_editor_to_be_corrected(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    page.model.add_row(ActionItem(title="Page on 5xx > 1 %", owner="Ada", due_date=date(2024, 7, 1)))
    edit_cell(page.view, 0, DUE, "2026-02-31")
    assert window.document.pm.action_items[0].due_date is None
    assert page.due_message.text() == "There is no 31 February."
    # F2 opens the cell on the refused text, not on an empty editor
    editor = _open_due_cell_with_f2(qtbot, page, 0)
    assert editor.text() == "2026-02-31"
    _close_cell(qtbot, page, editor)
    editor = _open_due_cell_with_f2(qtbot, page, 0)
    assert editor.text() == "2026-02-31"  # Escape keeps it too
    _close_cell(qtbot, page, editor)
    # corrected and taken: F2 shows the stored date again
    edit_cell(page.view, 0, DUE, "2026-02-28")
    assert window.document.pm.action_items[0].due_date == date(2026, 2, 28)
    editor = _open_due_cell_with_f2(qtbot, page, 0)
    assert editor.text() == "2026-02-28"
    _close_cell(qtbot, page, editor)
    # the refused text belongs to its item: another row opens on its own date; leaving the item forgets it
    edit_cell(page.view, 0, DUE, "31/02")
    editor = _open_due_cell_with_f2(qtbot, page, 1)
    assert editor.text() == "2024-07-01"
    _close_cell(qtbot, page, editor)
    page.editor.select_row(0)
    editor = _open_due_cell_with_f2(qtbot, page, 0)
    assert editor.text() == "2026-02-28"
    _close_cell(qtbot, page, editor)


def test_a_due_date_taken_clears_the_stale_refusal_in_the_status_bar(qtbot, window, type_text, edit_cell) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    page.editor.select_row(0)
    type_text(page.due_edit, "31/02")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "There is no 31 February."
    page.due_edit.selectAll()
    type_text(page.due_edit, "2024-08-01")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2024, 8, 1)
    assert (window.statusBar().currentMessage(), page.due_message.isHidden()) == ("", True)
    # refused in the cell, then taken in the form as text that is not ISO: the error goes, the reading shows
    edit_cell(page.view, 0, DUE, "31/02")
    assert window.statusBar().currentMessage() == "There is no 31 February."
    page.due_edit.selectAll()
    type_text(page.due_edit, "2 Aug 2024")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2024, 8, 2)
    assert window.statusBar().currentMessage() == ""
    assert (page.is_due_reading_shown(), page.due_message.text()) == (True, "Read as Fri 2 Aug 2024.")
    # another message in the status bar since is left alone
    edit_cell(page.view, 0, DUE, "31/02")
    window.statusBar().showMessage("Exported review.md", 6000)
    edit_cell(page.view, 0, DUE, "2024-08-03")
    assert window.statusBar().currentMessage() == "Exported review.md"
