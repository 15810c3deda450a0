"""Step 6: a due date typed without a year is its next occurrence; one out of range is refused."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.domain.models import ActionItem
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
    assert page.due_message.isHidden()
