"""Keyboard-only use: Tab leaves tables, walks the forms in visual order; menus, shortcuts and keys."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from desktop_app.domain.models import Postmortem


def _focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def _tab(qtbot, backwards: bool = False) -> QWidget:
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    qtbot.keyClick(QApplication.focusWidget(), key)
    return QApplication.focusWidget()


@pytest.fixture
def library_window(make_window, repo):
    for n in (1, 2, 3):
        repo.add(Postmortem(title=f"Incident {n}", incident_date=date(2026, 1, n)))
    return make_window(repo)


# -- 1. the library table ---------------------------------------------------------------------------


@pytest.mark.parametrize("backwards", [False, True])
def test_tab_leaves_the_library_without_opening_another_postmortem(qtbot, library_window, backwards):
    window = library_window
    view = window.library.view
    assert window.library.visible_titles() == ["Incident 3", "Incident 2", "Incident 1"]
    for row in (0, 2):  # the first row, and the last (which used to wrap to the first)
        view.setCurrentIndex(view.model().index(row, 0))
        opened = window.document.pm.id
        assert window.document.pm.title == ("Incident 3" if row == 0 else "Incident 1")
        _focus(qtbot, view)
        focused = _tab(qtbot, backwards)
        assert focused is (window.library.filters_button if backwards else window.wizard.steps)
        assert window.document.pm.id == opened
        assert view.currentIndex().row() == row


def test_tab_from_the_library_goes_on_to_the_step_list(qtbot, library_window):
    window = library_window
    view = window.library.view
    view.setCurrentIndex(view.model().index(1, 0))
    _focus(qtbot, view)
    assert _tab(qtbot) is window.wizard.steps
    assert _tab(qtbot, backwards=True) is view
    assert _tab(qtbot, backwards=True) is window.library.filters_button
    assert window.document.pm.title == "Incident 2"


def test_arrow_keys_still_open_the_next_postmortem(qtbot, library_window):
    window = library_window
    view = window.library.view
    view.setCurrentIndex(view.model().index(0, 0))
    _focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.document.pm.title == "Incident 2"


# -- 2. the wizard's tables ---------------------------------------------------------------------------


def test_tab_leaves_the_stakeholder_table_for_its_buttons(qtbot, window):
    window.new_postmortem()
    window.wizard.go_to(3)
    editor = window.wizard.stakeholders.editor
    editor.add()
    editor.add()
    editor.select_row(0)
    _focus(qtbot, editor.view)
    assert _tab(qtbot) is editor.add_button
    assert _tab(qtbot) is editor.remove_button
    assert _tab(qtbot) is window.wizard.stakeholders.meeting_edit.check
    assert _tab(qtbot, backwards=True) is editor.remove_button
    assert _tab(qtbot, backwards=True) is editor.add_button
    assert _tab(qtbot, backwards=True) is editor.view
    assert editor.view.currentIndex().row() == 0


def test_tab_in_a_stakeholder_cell_editor_still_goes_to_the_next_cell(qtbot, window, type_text):
    window.new_postmortem()
    window.wizard.go_to(3)
    editor = window.wizard.stakeholders.editor
    editor.add()
    view = editor.view
    view.edit(view.model().index(0, 0))
    cell = QApplication.focusWidget()
    assert view.state() == QAbstractItemView.State.EditingState
    type_text(cell, "Ada")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    assert [s.name for s in window.document.pm.stakeholders] == ["Ada"]
    assert view.state() == QAbstractItemView.State.EditingState
    assert view.currentIndex().column() == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is view
    assert _tab(qtbot) is editor.add_button


@pytest.mark.parametrize("step", [2, 3])
def test_evidence_and_causes_tables_let_tab_out(qtbot, window, step):
    window.new_postmortem()
    window.wizard.go_to(step if step == 2 else 5)
    if step == 2:
        editor = window.wizard.evidence.editor
    else:
        findings = window.wizard.findings
        findings.tabs.setCurrentIndex(3)
        assert findings.tabs.tabText(3) == "Causes"
        editor = findings.causes_editor
    editor.add()
    _focus(qtbot, editor.view)
    assert _tab(qtbot) is editor.add_button
    assert _tab(qtbot) is editor.remove_button


def test_action_items_table_keeps_tab_between_cells(window):
    assert window.wizard.actions.editor.view.tabKeyNavigation()


# -- 3. step 1's tab order ------------------------------------------------------------------------------


def _names(qtbot, presses: int) -> list[str]:
    names = []
    for _ in range(presses):
        widget = _tab(qtbot)
        names.append(widget.accessibleName() or widget.objectName() or type(widget).__name__)
    return names


STEP_1_FIELDS = [
    "Kind", "Severity", "Status", "Incident date is set", "Time zone", "Service restored", "Restored at is set",
    "Affected services", "Affected regions", "Affected customers", "Started at is set", "Detected at is set",
    "Acknowledged at is set", "Mitigated at is set", "Resolved at is set",
]


def test_tab_walks_step_1_top_to_bottom_then_the_buttons_library_steps_and_coach(qtbot, window):
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    _focus(qtbot, title)
    assert _names(qtbot, len(STEP_1_FIELDS)) == STEP_1_FIELDS
    # Back is disabled on step 1
    assert _names(qtbot, 9) == [
        "Next step", "Search postmortems", "Show filters", "Postmortem library", "Steps",
        "Show or hide the review coach", "Coach findings", "Show dismissed findings", "Title",
    ]
    assert QApplication.focusWidget() is title
    assert _tab(qtbot, backwards=True).accessibleName() == "Show dismissed findings"


def test_a_set_date_is_visited_after_its_check_box(qtbot, make_window, repo):
    repo.add(Postmortem(title="Dated", incident_date=date(2026, 1, 5)))
    window = make_window(repo)
    window.open_postmortem(window.library.model.summary_at(0).id)
    _focus(qtbot, window.wizard.restoration.title_edit)
    # the date's three sections (year, month, day) each take a Tab, as in any Qt date field
    assert _names(qtbot, 9) == [
        "Kind", "Severity", "Status", "Incident date is set", "Incident date", "Incident date", "Incident date",
        "Time zone", "Service restored",
    ]


def test_scroll_areas_take_no_focus(window):
    assert window.right_scroll.objectName() == "wizard-scroll"
    assert window.right_scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert window.wizard.restoration.body.parentWidget().parentWidget().focusPolicy() == Qt.FocusPolicy.NoFocus


# -- 4. menus and the Delete key ----------------------------------------------------------------------------


def _mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].casefold()
            i += 1
        i += 1
    return None


def test_every_menu_has_unique_mnemonics(window):
    window.new_postmortem()
    menus = [action.menu() for action in window.menuBar().actions()]
    titles = [_mnemonic(action.text()) for action in window.menuBar().actions()]
    assert titles == ["f", "e", "v", "h"]
    checked = 0
    for menu in menus:
        letters = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        assert None not in letters, [a.text() for a in menu.actions()]
        assert len(letters) == len(set(letters)), (menu.title(), letters)
        checked += len(letters)
    assert checked == 21  # 11 in File, 2 in Edit, 7 in View, 1 in Help
    assert window.export_ics_action.text() == "Export review in&vitation (.ics)…"
    assert window.previous_step_action.text() == "Pre&vious step"


def test_delete_shows_its_key_in_the_menu_and_works_in_the_library_only(qtbot, window, monkeypatch):
    from desktop_app.ui.dialogs import Dialogs

    assert window.delete_action.shortcut().toString() == "Del"
    assert window.delete_action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    asked: list[str] = []
    monkeypatch.setattr(Dialogs, "confirm_delete", classmethod(lambda cls, parent, title: asked.append(title)))
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    _focus(qtbot, title)
    qtbot.keyClicks(title, "abc")
    qtbot.keyClick(title, Qt.Key.Key_Home)
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    assert title.text() == "bc"
    assert window.document.pm.title == "bc"
    assert asked == []
    _focus(qtbot, window.library.view)
    qtbot.keyClick(window.library.view, Qt.Key.Key_Delete)
    assert asked == ["bc"]


# -- 5. the tracker's due dates; the read-only empty state --------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (Qt.SortOrder.AscendingOrder, ["First", "Second", "Third", "No date", "Some day"]),
        (Qt.SortOrder.DescendingOrder, ["Third", "Second", "First", "No date", "Some day"]),
    ],
)
def test_tracker_due_sort_puts_items_without_a_date_last(qtbot, repo, settings, order, expected):
    from desktop_app.domain.models import ActionItem
    from desktop_app.ui.tracker.model import DUE
    from desktop_app.ui.tracker.window import TrackerWindow

    repo.add(Postmortem(title="Dates", action_items=[
        ActionItem(title="No date"),
        ActionItem(title="Second", due_date=date(2026, 3, 2)),
        ActionItem(title="Some day", due_text="Q3"),
        ActionItem(title="First", due_date=date(2026, 3, 1)),
        ActionItem(title="Third", due_date=date(2026, 3, 3)),
    ]))
    tracker = TrackerWindow(repo, settings=settings, today=lambda: date(2026, 1, 1))
    qtbot.addWidget(tracker)
    tracker.show()
    tracker.view.sortByColumn(DUE, order)
    assert [item.title for item in tracker.visible_items()] == expected


def test_the_read_only_empty_state_offers_only_what_can_be_done(qtbot):
    from desktop_app.ui.empty_state import EmptyState

    state = EmptyState()
    qtbot.addWidget(state)
    state.set_library_empty(False)
    state.set_read_only("Read-only: this database cannot be changed")
    assert state.heading.text() == "No postmortem open"
    assert state.message.text() == (
        "Pick one from the library to read, present or export it. This database is read-only: "
        "nothing can be added or changed."
    )
    assert not state.new_button.isEnabled() and not state.import_button.isEnabled()
    state.set_library_empty(True)
    assert state.heading.text() == "No postmortems yet"
    assert state.message.text() == (
        "This database is read-only and holds no postmortems. To write a review, open a database "
        "that can be changed."
    )
    writable = EmptyState()
    qtbot.addWidget(writable)
    writable.set_library_empty(False)
    assert writable.message.text() == "Pick one from the library, or start a new review."


def test_a_read_only_window_says_what_can_be_done(tmp_path, make_window):
    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    path = tmp_path / "archive.db"
    writable = open_database(f"sqlite:///{path}")
    PostmortemRepository(writable).add(Postmortem(title="Archived"))
    writable.dispose()
    window = make_window(PostmortemRepository(open_database(f"sqlite:///{path}", read_only=True)))
    assert window.right.currentWidget() is window.empty_state
    assert window.empty_state.message.text() == (
        "Pick one from the library to read, present or export it. This database is read-only: "
        "nothing can be added or changed."
    )
