"""Step 6: a due date typed without a year is its next occurrence; one out of range is refused."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop_app.domain.models import ActionItem
from desktop_app.ui.widgets.date_picker import DueDateEdit
from desktop_app.ui.wizard.actions_page import DUE

TODAY = date(2024, 6, 10)


def _page(window):
    window.resize(1400, 880)
    window.new_postmortem()
    window.wizard.go_to(6)
    page = window.wizard.actions
    page.today = lambda: TODAY
    return page


def test_a_due_date_out_of_range_is_refused_and_the_stored_one_kept(qtbot, window, type_text) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë", due_date=date(2024, 8, 1)))
    page.editor.select_row(0)
    page.due_edit.selectAll()
    type_text(page.due_edit, "31/12/1999")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2024, 8, 1)
    assert (page.due_message.isHidden(), page.due_message.text()) == (
        False, "Due date “31/12/1999” (1999-12-31) is before 2000-01-01."
    )


def test_a_due_date_too_far_ahead_is_refused_in_the_cell(window, edit_cell) -> None:
    page = _page(window)
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë", due_date=date(2024, 8, 1)))
    edit_cell(page.view, 0, DUE, "2044-06-11")
    assert window.document.pm.action_items[0].due_date == date(2024, 8, 1)
    assert (page.due_message.isHidden(), page.due_message.text()) == (
        False, "Due date “2044-06-11” is more than 20 years from today: the latest is 2044-06-10."
    )
    assert page.model.index(0, DUE).data() == "2024-08-01"


def test_a_due_date_without_a_year_is_its_next_occurrence(window, edit_cell) -> None:
    page = _page(window)
    page.editor.add()
    edit_cell(page.view, 0, DUE, "3 Jun")
    assert window.document.pm.action_items[0].due_date == date(2025, 6, 3)
    edit_cell(page.view, 0, DUE, "Jun 11")
    assert window.document.pm.action_items[0].due_date == date(2024, 6, 11)
    assert (page.is_due_reading_shown(), page.due_message.text()) == (True, "Read as Tue 11 Jun 2024.")


# -- how a typed due date that is not ISO was read --------------------------------------------------

DEC_4 = date(2026, 12, 4)  # a Friday


def _reading(page) -> tuple[bool, str, str]:
    """Whether the line under the Due field shows how a date was read, its text and its style."""
    return page.is_due_reading_shown(), page.due_message.text(), page.due_message.styleSheet()


def test_a_due_date_typed_in_the_form_says_how_it_was_read(qtbot, window, type_text) -> None:
    page = _page(window)
    page.today = lambda: DEC_4
    page.model.day_first = True
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    page.model.add_row(ActionItem(title="Page on 5xx > 1 %", owner="Ada"))
    page.editor.select_row(0)
    type_text(page.due_edit, "12/3")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2027, 3, 12)
    assert _reading(page) == (True, "Read as Fri 12 Mar 2027.", "")  # calm, not the error's red
    assert page.due_message.accessibleName() == "How the due date was read"
    assert page.due_edit.text() == "2027-03-12"
    # the next edit clears it
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Backspace)
    assert page.due_message.isHidden()
    # ISO text is read as typed: nothing to say
    page.due_edit.selectAll()
    type_text(page.due_edit, "2027-01-05")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2027, 1, 5)
    assert page.due_message.isHidden()
    # a year-less date that has passed is next year's, and says so; another item clears it
    page.due_edit.selectAll()
    type_text(page.due_edit, "3 Dec")
    qtbot.keyClick(page.due_edit, Qt.Key.Key_Return)
    assert window.document.pm.action_items[0].due_date == date(2027, 12, 3)
    assert _reading(page) == (True, "Read as Fri 3 Dec 2027.", "")
    page.editor.select_row(1)
    assert page.due_message.isHidden()


def test_a_due_date_typed_in_the_cell_says_how_it_was_read_in_the_status_bar(qtbot, window, edit_cell) -> None:
    page = _page(window)
    page.today = lambda: DEC_4
    page.model.day_first = True
    page.model.add_row(ActionItem(title="Rotate keys", owner="Zoë"))
    edit_cell(page.view, 0, DUE, "3 Dec")
    assert window.document.pm.action_items[0].due_date == date(2027, 12, 3)
    assert window.statusBar().currentMessage() == "Read as Fri 3 Dec 2027."
    assert _reading(page) == (True, "Read as Fri 3 Dec 2027.", "")
    # the next edit in the cell clears both
    index = page.model.index(0, DUE)
    page.view.edit(index)
    [editor] = [e for e in page.view.viewport().findChildren(DueDateEdit) if e.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert page.due_message.isHidden()
    assert window.statusBar().currentMessage() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    # ISO text: nothing to say
    edit_cell(page.view, 0, DUE, "2027-01-05")
    assert window.document.pm.action_items[0].due_date == date(2027, 1, 5)
    assert page.due_message.isHidden()
    assert window.statusBar().currentMessage() == ""
    # a weekday is the first one after today (today is a Friday)
    edit_cell(page.view, 0, DUE, "next fri")
    assert window.document.pm.action_items[0].due_date == date(2026, 12, 11)
    assert window.statusBar().currentMessage() == "Read as Fri 11 Dec 2026."
    edit_cell(page.view, 0, DUE, "in 2 weeks")
    assert window.document.pm.action_items[0].due_date == date(2026, 12, 18)
    assert _reading(page) == (True, "Read as Fri 18 Dec 2026.", "")
