"""Undo commands that make "add an event, then fill in its cells" one undo step.

``AddEventCommand`` inserts an event and stays *open* while the user is still filling in
the new row cell after cell: once a cell of it is committed with Tab, each
``EditNewEventCommand`` pushed on top of it merges into it, so one undo removes the row
with everything typed into it. The model closes it when the in-place editing ends
(anything but Tab / Shift+Tab to the next cell); after that, after any other command, and
for one cell typed and closed with Enter, edits are undo steps of their own.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop_app.domain.models import TimelineEvent
from desktop_app.ui.document import Path, PostmortemDocument

_NEW_ROW_ID = 2001
Change = tuple[Path, Any, Any]
"""``(path, old, new)`` of one field of the new event."""


class AddEventCommand(QUndoCommand):
    """Insert ``event`` at ``row`` of the list at ``list_path``; absorbs the row's first edits.

    Attributes:
        event: the event as it is re-inserted on redo (first edits included).
        open: whether edits of the new row may still merge into this step.
        chained: whether a cell was committed by Tab: from then on, until the editing ends,
            every edit of the row merges (a single cell edited and closed with Enter does not).
    """

    def __init__(self, doc: PostmortemDocument, list_path: Path, row: int, event: TimelineEvent,
                 *, text: str = "Add event") -> None:
        super().__init__(text)
        self.doc, self.list_path, self.row = doc, list_path, row
        self.event = event.model_copy(deep=True)
        self.open = True
        self.chained = False

    def id(self) -> int:  # noqa: A003
        return _NEW_ROW_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not (self.open and isinstance(other, EditNewEventCommand) and other.event_id == self.event.id):
            return False
        update = {path[-1]: copy.deepcopy(new) for path, _old, new in other.changes}
        self.event = self.event.model_copy(update=update, deep=True)
        return True

    def redo(self) -> None:
        self.doc.insert_item(self.list_path, self.row, self.event.model_copy(deep=True))

    def undo(self) -> None:
        self.open = False
        self.doc.remove_item(self.list_path, self.row)


class EditNewEventCommand(QUndoCommand):
    """Field edits of the event an open ``AddEventCommand`` just added (they merge into it)."""

    def __init__(self, doc: PostmortemDocument, event_id: str, changes: Sequence[Change], *, text: str) -> None:
        super().__init__(text)
        self.doc, self.event_id = doc, event_id
        self.changes = [(p, copy.deepcopy(old), copy.deepcopy(new)) for p, old, new in changes]

    def id(self) -> int:  # noqa: A003
        return _NEW_ROW_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        return False

    def redo(self) -> None:
        for path, _old, new in self.changes:
            self.doc.apply_field(path, copy.deepcopy(new))

    def undo(self) -> None:
        for path, old, _new in reversed(self.changes):
            self.doc.apply_field(path, copy.deepcopy(old))
