"""A full disk while typing: a message naming the file, the editor keeps the text, nothing stored is harmed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from desktop_app.domain.models import Postmortem
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.dialogs import Dialogs
from desktop_app.ui.main_window import MainWindow


def test_disk_full_while_typing(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "full.db"
    engine = open_database(f"sqlite:///{db}")
    repo = PostmortemRepository(engine)
    repo.add(Postmortem(id="pm", title="Stored title"))
    errors: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        Dialogs, "show_error", classmethod(lambda cls, parent, title, text, details="": errors.append((title, text, details)))
    )
    window = MainWindow(
        repo, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), autosave_delay_ms=60_000
    )
    qtbot.addWidget(window)
    window.show()
    assert window.open_postmortem("pm")

    def disk_full(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith(("UPDATE", "INSERT", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", disk_full)
    title = window.wizard.restoration.title_edit
    title.selectAll()
    qtbot.keyClicks(title, "Typed <while> full & more")
    assert window.flush_autosave() is False
    assert errors == [(
        "Could not save",
        "Your latest edits could not be saved. They are kept in this window; saving is tried again on the next edit.",
        f"The disk holding {db} is full. Free some space; saving is tried again on the next edit.",
    )]
    assert window.save_label.text() == "Not saved: your edits are kept in this window"
    assert title.text() == "Typed <while> full & more"
    assert window.document.pm.title == "Typed <while> full & more"
    assert window.isWindowModified()
    assert repo.get_with_version("pm")[0].title == "Stored title"
    qtbot.keyClicks(title, "!")  # still full: tried again, told only once
    assert window.flush_autosave() is False
    assert len(errors) == 1

    event.remove(engine, "before_cursor_execute", disk_full)
    qtbot.keyClicks(title, "?")
    assert window.flush_autosave() is True
    assert repo.get("pm").title == "Typed <while> full & more!?"
    assert not window.isWindowModified()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    engine.dispose()
