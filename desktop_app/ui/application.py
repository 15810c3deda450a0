"""Start the GUI: the QApplication, the main window and the event loop."""

from __future__ import annotations

import signal
import socket
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.formats.resources_path import resources_dir
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.fallback_fonts import install_fallback_fonts
from desktop_app.ui.main_window import APP_NAME, MainWindow

DESKTOP_FILE = "org.hindsight.Hindsight"


#: what a log-out, a shutdown, ``kill`` or Ctrl+C in the terminal sends
TERMINATION_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class _SignalWatch(QObject):
    """Turns a termination signal into a normal close of the window, as File > Quit would.

    Python runs signal handlers only between bytecodes, and Qt's event loop runs none while it
    waits; ``signal.set_wakeup_fd`` writes to a socket pair whose read end a ``QSocketNotifier``
    watches, so the handler runs at once. Closing saves the last edits (the autosave is flushed),
    the window state and removes the session marker, so the next start does not report a crash.
    """

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(app)
        self._window = window
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous = {number: signal.signal(number, self._received) for number in TERMINATION_SIGNALS}

    def _drain(self) -> None:
        try:
            self._read.recv(512)
        except OSError:
            pass

    def _received(self, _number: int, _frame: object) -> None:
        QTimer.singleShot(0, self._close)

    def _close(self) -> None:
        if self._window.close():
            app = QApplication.instance()
            if app is not None:
                app.quit()

    def restore(self) -> None:
        """Put back the handlers there were before (once the event loop has returned)."""
        if self._read.fileno() < 0:
            return
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()


def close_on_termination_signals(app: QApplication, window: MainWindow) -> _SignalWatch | None:
    """Close ``window`` cleanly on SIGTERM, SIGHUP or SIGINT (main thread only; elsewhere nothing)."""
    try:
        return _SignalWatch(app, window)
    except ValueError:  # not the main thread: signals cannot be caught here
        return None


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


def run_gui(
    repository: PostmortemRepository, *, argv: list[str], notice: str | None = None, status: str | None = None
) -> int:
    """Show the main window over ``repository`` and run until it closes; returns the exit code.

    ``notice`` (the previous run did not quit cleanly; what the check found) is shown in the
    status bar and in a non-modal notice over the window; ``status`` (a new database was
    created) in the status bar only.
    """
    app = _application(argv)
    window = MainWindow(repository)
    window.show()
    if status:
        window.statusBar().showMessage(status, 30_000)
    watch = close_on_termination_signals(app, window)
    if notice:
        from desktop_app.ui.restore_dialog import show_recovery_notice

        show_recovery_notice(window, notice)
    try:
        return _exec(app)
    finally:
        if watch is not None:
            watch.restore()


def recover_from_startup_error(message: str, db_path: Path | None) -> bool | Path:
    """The database could not be opened: offer to restore a backup, open another file, start anew or quit.

    Returns True when opening the database should be tried again, the file the user chose
    when they pick "Open another database file…", and False to quit.
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
