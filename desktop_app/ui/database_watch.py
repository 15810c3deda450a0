"""Noticing that another process changed the SQLite database (``hindsight import`` from the command
line, a second window), so the library can show it.

``DatabaseWatch`` keeps one connection of its own open and asks it ``PRAGMA data_version`` every
``POLL_MS`` (and whenever asked, e.g. when the window is activated). SQLite changes that number for a
connection when any *other* connection commits, this process's included; the window says when it
has read the library itself (``mark_seen``), so only changes it has not shown yet count. A file
replaced as a whole (a restore by another process) is noticed by its identity on disk, and the
connection is opened anew on it. Other databases (PostgreSQL) and in-memory ones are not watched.

``follow_open_postmortem(window)`` makes a window reload its open postmortem quietly when another
window or process saved it and this window has no unsaved edits (with edits, the save that
follows meets the stored version and asks, as before), keeping the step and the selection.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import Engine

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

POLL_MS = 2000
"""How often the database is asked whether it changed (a cheap pragma on an open connection)."""
RELOADED_NOTE = "Reloaded: changed by another window or process."
"""The status bar's note after the open postmortem was reloaded because it was saved elsewhere."""
RELOADED_NOTE_MS = 10_000


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class DatabaseWatch(QObject):
    """Emits ``changed`` when the database was changed by a connection other than its own.

    Signals:
        changed(): something was committed since the last ``mark_seen`` (or the file was replaced).
    """

    changed = Signal()

    def __init__(self, engine: Engine, *, interval_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        database = engine.url.database or ""
        watchable = engine.dialect.name == "sqlite" and database not in ("", ":memory:") \
            and not database.startswith("file::memory:")
        self._path = Path(database).expanduser() if watchable else None
        self._connection: Any = None
        self._identity: tuple[int, int] | None = None
        self._seen: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        if self._path is not None:
            self._timer.start()

    @property
    def active(self) -> bool:
        """Whether the database is being watched (an SQLite file, and not closed)."""
        return self._path is not None and self._timer.isActive()

    def _version(self) -> int | None:
        """This connection's ``data_version`` (opening the connection first if needed); None if unreadable."""
        if self._path is None:
            return None
        identity = _file_identity(self._path)
        if self._connection is not None and identity != self._identity:
            self._drop()  # replaced (or removed): read the file that is there now
        try:
            if self._connection is None:
                if identity is None:
                    return None  # never create the file: the repository does that
                self._connection = self._engine.raw_connection()
                self._identity = identity
            cursor = self._connection.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                row = cursor.fetchone()
            finally:
                cursor.close()
        except Exception:  # noqa: BLE001 - a busy or vanished file: asked again at the next poll
            self._drop()
            return None
        return int(row[0]) if row else None

    def mark_seen(self) -> None:
        """The window is about to read the database: what is in it now counts as shown."""
        if self.active:
            self._seen = self._version()

    def check(self) -> bool:
        """Emit ``changed`` (and return True) if another connection changed the database since last seen.

        After the connection was lost or the file replaced, the versions cannot be compared:
        that counts as a change.
        """
        if not self.active:
            return False
        now = self._version()
        if now is None or now == self._seen:
            return False
        self._seen = now
        self.changed.emit()
        return True

    def _drop(self) -> None:
        self._seen = None
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001 - it is being let go of anyway
                pass
            self._connection = None

    def close(self) -> None:
        """Stop watching and close the connection (before the file is replaced, and on quitting)."""
        self._timer.stop()
        self._drop()

    def resume(self) -> None:
        """Watch again after ``close`` (what is in the file then counts as seen)."""
        if self._path is not None:
            self._timer.start()
            self.mark_seen()


def reload_open_postmortem(window: MainWindow) -> bool:
    """Show the stored version of the window's open postmortem if it was saved elsewhere and the
    window has no unsaved edits; True when it was reloaded.

    The wizard stays on its step and the library keeps the postmortem selected; the status bar says
    why the content changed. A postmortem with edits waiting to be saved is left alone (its save
    meets the newer stored version and asks what to do); one deleted elsewhere too.
    """
    document = window.document
    if not document.is_loaded or document.version is None:
        return False
    if document.dirty or window.autosaver.pending:
        return False
    pm_id = document.pm.id
    try:
        if window.repository.version_of(pm_id) == document.version:
            return False
        pm, version = window.repository.get_with_version(pm_id)
    except Exception:  # noqa: BLE001 - deleted, busy or vanished: what is shown stays
        return False
    step = window.wizard.current_step
    document.load(pm, version)
    window.wizard.go_to(step)
    window.library.select(pm_id, scroll=False)
    window.statusBar().showMessage(RELOADED_NOTE, RELOADED_NOTE_MS)
    return True


def follow_open_postmortem(window: MainWindow) -> None:
    """Reload ``window``'s open postmortem whenever its database watch sees a change made elsewhere."""
    window.database_watch.changed.connect(lambda: reload_open_postmortem(window))
