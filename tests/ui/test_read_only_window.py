"""The window on a database opened read-only: a banner says so, reading and exporting work,
nothing that writes is offered, and an edit that gets through is taken back without an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import READ_ONLY_BANNER, MainWindow

TITLE = "Archive <b> & 日本語 — עברית"


def _read_only_repo(tmp_path: Path) -> tuple[PostmortemRepository, Postmortem, bytes]:
    path = tmp_path / "archive.db"
    writable = open_database(f"sqlite:///{path}")
    pm = Postmortem(title=TITLE, timeline=[TimelineEvent(description="checkout failed")])
    PostmortemRepository(writable).add(pm)
    writable.dispose()
    return PostmortemRepository(open_database(f"sqlite:///{path}", read_only=True)), pm, path.read_bytes()


def test_the_banner_shows_and_writing_commands_are_off(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    repo, pm, _ = _read_only_repo(tmp_path)
    window = make_window(repo)
    banner = window.findChild(QLabel, "read-only-banner")
    assert banner is window.read_only_banner and banner.isVisible()
    assert banner.text() == READ_ONLY_BANNER == "Read-only: this database cannot be changed"
    assert window.save_label.text() == "Read-only"
    assert window.open_postmortem(pm.id)
    assert window.wizard.restoration.title_edit.text() == TITLE
    assert window.wizard.restoration.title_edit.isReadOnly()
    for action in (window.new_action, window.import_action, window.delete_action, window.restore_backup_action):
        assert not action.isEnabled(), action.text()
    for action in (window.export_action, window.export_json_action, window.present_action):
        assert action.isEnabled(), action.text()
    window.new_postmortem()  # e.g. from the empty view's button
    assert [s.title for s in repo.list_summaries()] == [TITLE]
    assert window.statusBar().currentMessage() == f"{READ_ONLY_BANNER}: nothing was changed."


def test_an_edit_is_taken_back_and_nothing_is_saved_or_reported(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    repo, pm, before = _read_only_repo(tmp_path)
    window = make_window(repo, autosave_delay_ms=10)
    assert window.open_postmortem(pm.id)
    window.document.edit(("title",), "changed", text="Edit title")  # as a button or a drop would
    qtbot.waitUntil(lambda: window.document.pm.title == TITLE, timeout=2000)
    assert window.wizard.restoration.title_edit.text() == TITLE
    assert not window.document.dirty and not window.autosaver.pending and not window.isWindowModified()
    assert window.document.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == f"{READ_ONLY_BANNER}: nothing was changed."
    window.close()  # closes without asking about unsaved edits
    assert not window.isVisible()
    assert (tmp_path / "archive.db").read_bytes() == before


def test_a_writable_database_has_no_banner(make_window: Callable[..., MainWindow], repo: PostmortemRepository) -> None:
    window = make_window(repo)
    assert window.read_only_banner is None
    assert window.findChild(QLabel, "read-only-banner") is None
    assert window.new_action.isEnabled()
