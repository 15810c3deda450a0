"""Undo commands: one class per kind of user-visible mutation of a postmortem."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from desktop_app.ui.document import Path, PostmortemDocument

_SET_FIELD_ID = 1001


def _label(path: Path) -> str:
    name = str([p for p in path if isinstance(p, str)][-1])
    return name.replace("_", " ")


class SetFieldCommand(QUndoCommand):
    """Set one value; consecutive typing in the same field merges into one step.

    Attributes:
        path: where the value lives; old, new: the values before and after.
    """

    def __init__(
        self,
        doc: PostmortemDocument,
        path: Path,
        old: Any,
        new: Any,
        *,
        text: str = "",
        merge: bool = True,
    ) -> None:
        super().__init__(text or f"Edit {_label(path)}")
        self.doc = doc
        self.path = path
        self.old = copy.deepcopy(old)
        self.new = copy.deepcopy(new)
        self.merge = merge

    def id(self) -> int:  # noqa: A003
        return _SET_FIELD_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetFieldCommand) or not other.merge or other.path != self.path:
            return False
        self.new = copy.deepcopy(other.new)
        if self.new == self.old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.doc.apply_field(self.path, copy.deepcopy(self.new))

    def undo(self) -> None:
        self.doc.apply_field(self.path, copy.deepcopy(self.old))


class SetFieldsCommand(QUndoCommand):
    """Set several values at once (a re-parent, a delete with its links): one undo step, one re-layout.

    Attributes:
        changes: ``(path, old, new)`` for each value; undo restores them in reverse order.
    """

    def __init__(
        self, doc: PostmortemDocument, changes: Sequence[tuple[Path, Any, Any]], *, text: str
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.changes = [(tuple(p), copy.deepcopy(old), copy.deepcopy(new)) for p, old, new in changes]

    def redo(self) -> None:
        self.doc.apply_fields([(p, copy.deepcopy(new)) for p, _old, new in self.changes])

    def undo(self) -> None:
        self.doc.apply_fields([(p, copy.deepcopy(old)) for p, old, _new in reversed(self.changes)])


class InsertItemCommand(QUndoCommand):
    """Insert an item (a row) into a list."""

    def __init__(self, doc: PostmortemDocument, list_path: Path, row: int, item: Any, *, text: str) -> None:
        super().__init__(text)
        self.doc, self.list_path, self.row, self.item = doc, list_path, row, copy.deepcopy(item)

    def redo(self) -> None:
        self.doc.insert_item(self.list_path, self.row, copy.deepcopy(self.item))

    def undo(self) -> None:
        self.doc.remove_item(self.list_path, self.row)


class RemoveItemCommand(QUndoCommand):
    """Remove the item at a row of a list (kept for undo)."""

    def __init__(self, doc: PostmortemDocument, list_path: Path, row: int, *, text: str) -> None:
        super().__init__(text)
        self.doc, self.list_path, self.row = doc, list_path, row
        self.item = copy.deepcopy(doc.get(list_path)[row])

    def redo(self) -> None:
        self.doc.remove_item(self.list_path, self.row)

    def undo(self) -> None:
        self.doc.insert_item(self.list_path, self.row, copy.deepcopy(self.item))


class MoveItemCommand(QUndoCommand):
    """Move an item within a list from one index to another."""

    def __init__(self, doc: PostmortemDocument, list_path: Path, row: int, to_row: int, *, text: str) -> None:
        super().__init__(text)
        self.doc, self.list_path, self.row, self.to_row = doc, list_path, row, to_row

    def redo(self) -> None:
        self.doc.move_item(self.list_path, self.row, self.to_row)

    def undo(self) -> None:
        self.doc.move_item(self.list_path, self.to_row, self.row)


class MoveBlocksCommand(QUndoCommand):
    """Move blocks of rows within a list (a drag or a keyboard move of a selection): one undo step.

    The items themselves move (same objects, same ids); nothing is removed and re-inserted.

    Attributes:
        moves: ``(first, last, destination)`` block moves in Qt's ``moveRows`` meaning, applied
            in order by ``redo`` and undone in reverse order by ``undo``.
    """

    def __init__(
        self, doc: PostmortemDocument, list_path: Path, moves: Sequence[tuple[int, int, int]], *, text: str
    ) -> None:
        super().__init__(text)
        self.doc, self.list_path, self.moves = doc, list_path, [tuple(m) for m in moves]

    def redo(self) -> None:
        for first, last, destination in self.moves:
            self.doc.move_block(self.list_path, first, last, destination)

    def undo(self) -> None:
        for first, last, destination in reversed(self.moves):
            count = last - first + 1
            if destination > last:
                self.doc.move_block(self.list_path, destination - count, destination - 1, first)
            else:
                self.doc.move_block(self.list_path, destination, destination + count - 1, last + 1)


class ReorderListCommand(QUndoCommand):
    """Put a whole list in a new order (for example, sort by time): one undo step.

    Attributes:
        order: the item now at ``i`` after ``redo`` is the one that was at ``order[i]``.
    """

    def __init__(self, doc: PostmortemDocument, list_path: Path, order: Sequence[int], *, text: str) -> None:
        super().__init__(text)
        self.doc, self.list_path, self.order = doc, list_path, list(order)
        self.inverse = [0] * len(self.order)
        for new_index, old_index in enumerate(self.order):
            self.inverse[old_index] = new_index

    def redo(self) -> None:
        self.doc.reorder(self.list_path, self.order)

    def undo(self) -> None:
        self.doc.reorder(self.list_path, self.inverse)
