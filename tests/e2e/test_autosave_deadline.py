"""Typing without a pause is still saved within a second: the autosave deadline does not wait for the debounce."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot

from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import MAX_UNSAVED_MS, MainWindow


def test_continuous_typing_is_saved_before_the_pause(qtbot: QtBot, tmp_path: Path) -> None:
    repo = PostmortemRepository(open_database(f"sqlite:///{tmp_path / 'd.db'}"))
    window = MainWindow(
        repo, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), autosave_delay_ms=600
    )
    qtbot.addWidget(window)
    window.show()
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    saves: list[tuple[float, int, bool]] = []
    typer = QTimer(window)
    window.autosaver.saving.connect(
        lambda: saves.append((time.monotonic(), len(title.text()), typer.isActive()))
    )
    typer.setInterval(40)  # a key every 40 ms: the 600 ms debounce never runs out
    typer.timeout.connect(lambda: qtbot.keyClicks(title, "x"))
    started = time.monotonic()
    typer.start()
    qtbot.waitUntil(lambda: len(saves) >= 2, timeout=5000)
    typer.stop()
    assert MAX_UNSAVED_MS == 750
    first, second = saves[0], saves[1]
    assert first[2] and second[2]  # saved while typing went on: by the deadline, not the debounce
    assert first[0] - started < 1.0 and second[0] - first[0] < 1.0
    assert 0 < first[1] < second[1]
    qtbot.waitUntil(lambda: not window.document.dirty and not window.autosaver.pending, timeout=5000)
    assert repo.get(window.document.pm.id).title == title.text()
    repo.engine.dispose()
