"""Autosave: debounced, flushed on switch and close, conflicts and errors never lose edits."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from desktop_app.ui.dialogs import ConflictChoice, Dialogs
from desktop_app.ui.main_window import MainWindow


def test_autosave_is_debounced_and_marks_the_window(qtbot, window, repo):
    window.new_postmortem()
    pm_id = window.document.pm.id
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Slow queries")
    assert window.isWindowModified()
    assert window.autosaver.pending
    assert repo.get(pm_id).title == ""
    with qtbot.waitSignal(window.document.dirty_changed, timeout=5000):
        pass
    assert repo.get(pm_id).title == "Slow queries"
    assert not window.isWindowModified()
    assert window.save_label.text().startswith("Saved ")


def test_switching_postmortems_flushes_the_pending_edit(qtbot, window, repo):
    window.new_postmortem()
    first = window.document.pm.id
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Second")
    window.open_postmortem(first)
    assert [s.title for s in repo.list_summaries() if s.title] == ["Second"]


def test_close_flushes_and_remembers_window_state(qtbot, make_window, repo, settings: QSettings, monkeypatch):
    window = make_window(repo)
    window.new_postmortem()
    pm_id = window.document.pm.id
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Closing")
    window.library_toggle.trigger()
    window.close()
    assert repo.get(pm_id).title == "Closing"
    saved = settings.value("window/geometry")
    assert saved == window.saveGeometry()

    restored: list[QByteArray] = []
    original = MainWindow.restoreGeometry
    monkeypatch.setattr(MainWindow, "restoreGeometry", lambda self, g: restored.append(g) or original(self, g))
    again = make_window(repo)
    assert restored == [saved]
    assert not again.library_toggle.isChecked()
    assert not again.library.isVisible()


def test_conflict_keep_mine_as_copy(qtbot, window, repo, monkeypatch):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Mine")
    window.flush_autosave()
    pm_id = window.document.pm.id
    theirs = repo.get(pm_id)
    theirs.title = "Theirs"
    repo.save(theirs)
    monkeypatch.setattr(
        Dialogs, "resolve_conflict", classmethod(lambda cls, p, t, m: ConflictChoice.KEEP_MINE_AS_COPY)
    )
    qtbot.keyClicks(window.wizard.restoration.title_edit, "!")
    assert window.flush_autosave()
    assert repo.get(pm_id).title == "Theirs"
    assert sorted(s.title for s in repo.list_summaries()) == ["Mine! (my copy)", "Theirs"]
    assert window.document.pm.title == "Mine! (my copy)"
    assert window.document.pm.id != pm_id


def test_conflict_reload_theirs(qtbot, window, repo, monkeypatch):
    window.new_postmortem()
    pm_id = window.document.pm.id
    theirs = repo.get(pm_id)
    theirs.title = "Theirs"
    repo.save(theirs)
    monkeypatch.setattr(
        Dialogs, "resolve_conflict", classmethod(lambda cls, p, t, m: ConflictChoice.RELOAD_THEIRS)
    )
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Mine")
    window.flush_autosave()
    assert window.wizard.restoration.title_edit.text() == "Theirs"
    assert [s.title for s in repo.list_summaries()] == ["Theirs"]


def test_save_error_keeps_edits_and_tells(qtbot, window, repo, monkeypatch):
    window.new_postmortem()
    errors: list[str] = []
    monkeypatch.setattr(Dialogs, "show_error", classmethod(lambda cls, p, title, text, details="": errors.append(details)))

    def broken_save(pm, expected_version=None):
        raise OSError("disk I/O error")

    monkeypatch.setattr(repo, "save", broken_save)
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Unsaved")
    assert window.flush_autosave() is False
    assert errors == ["disk I/O error"]
    assert window.save_label.text() == "Not saved: your edits are kept in this window"
    assert window.document.pm.title == "Unsaved"
    assert window.isWindowModified()
    monkeypatch.undo()
    assert window.flush_autosave() is True
    assert repo.get(window.document.pm.id).title == "Unsaved"
