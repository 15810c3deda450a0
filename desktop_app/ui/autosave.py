"""Debounced autosave: every change restarts a short timer; on timeout the document is saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

DEFAULT_DELAY_MS = 700


class DebounceTimer(QObject):
    """A single-shot timer that restarts on every ``poke()``; tests call ``fire()``.

    Signals:
        timeout: the quiet period passed (or ``fire()`` was called while pending).
    """

    timeout = Signal()

    def __init__(self, delay_ms: int = DEFAULT_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.timeout)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    def fire(self) -> None:
        """Run the pending timeout now (no-op when nothing is pending)."""
        if self._timer.isActive():
            self._timer.stop()
            self.timeout.emit()


class Autosaver(QObject):
    """Saves through ``save`` after each quiet period; ``flush()`` saves a pending change now.

    Signals:
        saving: a save is about to run.
    """

    saving = Signal()

    def __init__(
        self, save: Callable[[], bool], delay_ms: int = DEFAULT_DELAY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.timer = DebounceTimer(delay_ms, self)
        self.timer.timeout.connect(self._run)
        self._needs_save = False

    @property
    def pending(self) -> bool:
        return self._needs_save

    def schedule(self) -> None:
        self._needs_save = True
        self.timer.poke()

    def cancel(self) -> None:
        self._needs_save = False
        self.timer.cancel()

    def flush(self) -> bool:
        """Save now if a change is pending; True when nothing is left unsaved."""
        self.timer.cancel()
        if not self._needs_save:
            return True
        return self._run()

    def _run(self) -> bool:
        self.saving.emit()
        self._needs_save = False
        ok = self._save()
        if not ok:
            self._needs_save = True
        return ok
