"""Undo for the tracker's writes: a bulk change is undone by writing the items' earlier states back."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand

from desktop_app.storage.action_tracker import ItemKey, ItemState

StateWriter = Callable[[Mapping[ItemKey, ItemState]], bool]


class BulkChangeCommand(QUndoCommand):
    """One tracker write (a cell edit, a bulk change or a CSV import), already done when pushed.

    ``redo`` after an undo and ``undo`` write exact states (status, its date, owner) through
    ``write``, which also updates the table and tells the main window.
    """

    def __init__(
        self, text: str, before: Mapping[ItemKey, ItemState], after: Mapping[ItemKey, ItemState], write: StateWriter
    ) -> None:
        super().__init__(text)
        self.before = dict(before)
        self.after = dict(after)
        self._write = write
        self._done = True

    def redo(self) -> None:
        if self._done:  # the first redo: the change was written before the push
            self._done = False
            return
        self._write(self.after)

    def undo(self) -> None:
        self._write(self.before)
