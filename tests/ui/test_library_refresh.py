"""The library shows postmortems another process added (``hindsight import``) while the window is open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.domain.models import Narrative, Postmortem, Severity
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.library_filters import LibraryFilters


def _day(n: int) -> date:
    return date(2025, 1, n)


def _other_process(db_url: str) -> PostmortemRepository:
    """A second repository on the same file: as ``hindsight import`` from a terminal would write it."""
    return PostmortemRepository(open_database(db_url))


def test_a_postmortem_added_elsewhere_appears_by_itself(qtbot, window, repo, db_url) -> None:
    for n in range(1, 41):
        repo.add(Postmortem(title=f"Incident {n:02}", incident_date=_day(n % 28 + 1), severity=Severity.SEV2))
    window.refresh_library()
    window.resize(1400, 880)
    view = window.library.view
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    window.library.set_filters(LibraryFilters(severity="SEV2"))
    window.open_postmortem(repo.list_summaries()[5].id)
    opened = window.document.pm.id
    view.verticalScrollBar().setValue(3)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == 3)

    other = _other_process(db_url)
    other.add(Postmortem(title="Incident 00 imported", incident_date=_day(2), severity=Severity.SEV2))
    other.add(Postmortem(title="Filtered out", incident_date=_day(2), severity=Severity.SEV1))

    qtbot.waitUntil(lambda: "Incident 00 imported" in window.library.visible_titles(), timeout=5000)
    titles = window.library.visible_titles()
    assert titles[0] == "Incident 00 imported"  # still sorted by title
    assert "Filtered out" not in titles  # the filter stays
    assert len(titles) == 41
    assert window.library.selected_id() == opened  # the selection stays
    assert view.verticalScrollBar().value() == 3  # and the scroll position
    assert view.horizontalHeader().sortIndicatorSection() == 0


def test_the_windows_own_saves_do_not_reload_the_library_again(qtbot, window, repo) -> None:
    window.new_postmortem()
    window.wizard.restoration.title_edit.setText("Mine")
    qtbot.waitUntil(lambda: not window.autosaver.pending and not window.document.dirty, timeout=5000)
    assert window.check_database() is False


def test_refresh_library_action_is_ctrl_r_in_the_view_menu(qtbot, window, repo, db_url) -> None:
    window.database_watch.close()  # only the action reads the database again here
    _other_process(db_url).add(Postmortem(title="Imported by hand"))
    assert window.library.visible_titles() == []
    assert window.refresh_action.shortcut().toString() == "Ctrl+R"
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.refresh_action in view_menu.actions()
    window.refresh_action.trigger()
    assert window.library.visible_titles() == ["Imported by hand"]


def test_a_search_hit_for_a_postmortem_not_in_the_table_opens_with_enter(qtbot, window, repo, db_url) -> None:
    window.database_watch.close()  # the table has not caught up yet
    pm = Postmortem(title="Imported from a terminal", narrative=Narrative(summary="the quokka cable was cut"))
    _other_process(db_url).add(pm)
    assert window.library.visible_titles() == []
    search = window.library.search
    search.setFocus()
    qtbot.keyClicks(search, "quokka")
    window.library.run_search_now()
    assert window.library.result_count() == 1
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert window.library.results.hasFocus()
    qtbot.keyClick(window.library.results, Qt.Key.Key_Return)
    assert window.document.is_loaded and window.document.pm.id == pm.id
    assert window.library.visible_titles() == ["Imported from a terminal"]
    assert window.library.selected_id() == pm.id
