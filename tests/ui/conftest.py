"""Fixtures for the GUI tests: a real SQLite repository in tmp_path and a main window over it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 't.db'}"


@pytest.fixture
def repo(db_url: str) -> PostmortemRepository:
    return PostmortemRepository(open_database(db_url))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot: QtBot, settings: QSettings) -> Callable[..., MainWindow]:
    def make(repository: PostmortemRepository, **kw: object) -> MainWindow:
        window = MainWindow(repository, settings=settings, **kw)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow], repo: PostmortemRepository) -> MainWindow:
    return make_window(repo)


def _edit_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int, text: str) -> None:
    """Open the cell's editor, type ``text`` into it and press Enter, as a user would."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editors = [
        e for kind in (QLineEdit, QPlainTextEdit) for e in view.viewport().findChildren(kind) if e.isVisible()
    ]
    assert len(editors) == 1, "expected exactly one open cell editor"
    editor = editors[0]
    editor.selectAll()
    _type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor in a queued call.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=2000)


def _wait_saved(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the debounced autosave to run and succeed."""
    qtbot.waitUntil(lambda: not window.autosaver.pending and not window.document.dirty, timeout=5000)


def _type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key. QTest only knows ASCII keys, so any other character is sent as
    a key event carrying that text, as a keyboard layout or input method delivers it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def pool() -> QThreadPool:
    """A thread pool of the test's own (export renders), drained before the test ends."""
    pool = QThreadPool()
    yield pool
    pool.waitForDone()


@pytest.fixture
def type_text(qtbot: QtBot) -> Callable[[QWidget, str], None]:
    return lambda widget, text: _type_text(qtbot, widget, text)


@pytest.fixture
def edit_cell(qtbot: QtBot) -> Callable[[QAbstractItemView, int, int, str], None]:
    return lambda view, row, column, text: _edit_cell(qtbot, view, row, column, text)


@pytest.fixture
def wait_saved(qtbot: QtBot) -> Callable[[MainWindow], None]:
    return lambda window: _wait_saved(qtbot, window)
