"""Start the GUI: the QApplication, the main window and the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.formats.resources_path import resources_dir
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.fallback_fonts import install_fallback_fonts
from desktop_app.ui.main_window import APP_NAME, MainWindow

DESKTOP_FILE = "org.hindsight.Hindsight"


def _exec(app: QApplication) -> int:
    return int(app.exec())


def _application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "hindsight.svg")))
    install_fallback_fonts(app)
    return app


def run_gui(repository: PostmortemRepository, *, argv: list[str], notice: str | None = None) -> int:
    """Show the main window over ``repository`` and run until it closes; returns the exit code.

    ``notice`` (the previous run did not quit cleanly; what the check found) is shown in the
    status bar and in a non-modal notice over the window.
    """
    app = _application(argv)
    window = MainWindow(repository)
    window.show()
    if notice:
        from desktop_app.ui.restore_dialog import show_recovery_notice

        show_recovery_notice(window, notice)
    return _exec(app)


def recover_from_startup_error(message: str, db_path: Path | None) -> bool:
    """The database could not be opened: offer to restore a backup, start a new database or quit.

    Returns True when opening the database should be tried again.
    """
    from desktop_app.ui.restore_dialog import recover_at_startup

    _application(sys.argv[:1])
    return recover_at_startup(message, db_path)


def show_startup_error(message: str) -> None:
    """Tell the user, in a window, why Hindsight could not start (the database could not be opened)."""
    _application(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Hindsight could not open its database.")
    box.setInformativeText(message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
