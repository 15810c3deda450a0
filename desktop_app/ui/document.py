"""The open postmortem as an editable document: one undo stack, change signals, field paths.

Every user edit reaches the ``Postmortem`` through an undo command (see ``commands.py``),
and every mutation goes through the few methods here so that views hear about it.

A *path* names a value inside the aggregate: a tuple whose string parts are attribute
names or, inside a list of entities, the entity's ``id``; integer parts index lists of
plain values.  ``("narrative", "summary")``, ``("timeline", "<event id>", "description")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop_app.domain.models import Postmortem

Path = tuple[str | int, ...]


def _step(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part]
    if isinstance(node, list):
        for item in node:
            if getattr(item, "id", None) == part:
                return item
        raise KeyError(f"no item with id {part!r}")
    return getattr(node, part)


def resolve(root: Any, path: Sequence[str | int]) -> Any:
    """The value at ``path`` inside ``root``."""
    node = root
    for part in path:
        node = _step(node, part)
    return node


def assign(root: Any, path: Sequence[str | int], value: Any) -> None:
    """Set the value at ``path`` (validated by pydantic's assignment validation)."""
    parent = resolve(root, path[:-1])
    last = path[-1]
    if isinstance(last, int):
        parent[last] = value
    elif isinstance(parent, BaseModel):
        setattr(parent, last, value)
    else:
        raise TypeError(f"cannot assign {last!r} inside {type(parent).__name__}")


class PostmortemDocument(QObject):
    """The postmortem being edited, with its stored version and undo stack.

    Attributes:
        undo_stack: the per-document ``QUndoStack``; cleared on every load.

    Signals:
        loaded: a different postmortem (or none) was loaded; views rebuild.
        changed: the content changed through an edit, undo or redo.
        field_changed(tuple): the value at a path changed.
        list_about_to_change(tuple, str, int, int): a list at a path is about to get
            ``"insert"``/``"remove"``/``"move"`` at (row, other row).
        list_changed(tuple, str, int, int): that list operation has happened.
        dirty_changed(bool): whether there are edits not yet saved.
        rows_about_to_move(tuple, int, int, int): a list at a path is about to move the block
            ``first..last`` before the row at ``destination`` (Qt's ``moveRows`` meaning).
        rows_moved(tuple, int, int, int): that block move has happened.
        list_about_to_be_reordered(tuple): a list at a path is about to be permuted as a whole.
        list_reordered(tuple): that permutation has happened (same items, new order).
    """

    loaded = Signal()
    changed = Signal()
    field_changed = Signal(tuple)
    list_about_to_change = Signal(tuple, str, int, int)
    list_changed = Signal(tuple, str, int, int)
    dirty_changed = Signal(bool)
    rows_about_to_move = Signal(tuple, int, int, int)
    rows_moved = Signal(tuple, int, int, int)
    list_about_to_be_reordered = Signal(tuple)
    list_reordered = Signal(tuple)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._pm: Postmortem | None = None
        self.version: int | None = None
        self._dirty = False

    # -- state -------------------------------------------------------------------------

    @property
    def postmortem(self) -> Postmortem | None:
        return self._pm

    @property
    def pm(self) -> Postmortem:
        """The loaded postmortem; raises when none is loaded."""
        if self._pm is None:
            raise RuntimeError("no postmortem is loaded")
        return self._pm

    @property
    def is_loaded(self) -> bool:
        return self._pm is not None

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def load(self, pm: Postmortem | None, version: int | None) -> None:
        """Show ``pm`` (or nothing); never touches the undo history except to clear it."""
        self._pm = pm
        self.version = version
        self.undo_stack.clear()
        self.set_dirty(False)
        self.loaded.emit()

    def mark_saved(self, version: int) -> None:
        self.version = version
        self.undo_stack.setClean()
        self.set_dirty(False)

    # -- reading -----------------------------------------------------------------------

    def get(self, path: Sequence[str | int]) -> Any:
        return resolve(self.pm, path)

    # -- mutation (called by undo commands) -----------------------------------------------

    def apply_field(self, path: Path, value: Any) -> None:
        assign(self.pm, path, value)
        self._touched()
        self.field_changed.emit(tuple(path))
        self.changed.emit()

    def apply_fields(self, changes: Sequence[tuple[Path, Any]]) -> None:
        """Set several values together: one ``field_changed`` per path, then a single ``changed``."""
        for path, value in changes:
            assign(self.pm, path, value)
        self._touched()
        for path, _value in changes:
            self.field_changed.emit(tuple(path))
        self.changed.emit()

    def insert_item(self, list_path: Path, row: int, item: Any) -> None:
        items = self.get(list_path)
        self.list_about_to_change.emit(list_path, "insert", row, row)
        items.insert(row, item)
        self._touched()
        self.list_changed.emit(list_path, "insert", row, row)
        self.changed.emit()

    def remove_item(self, list_path: Path, row: int) -> Any:
        items = self.get(list_path)
        self.list_about_to_change.emit(list_path, "remove", row, row)
        item = items.pop(row)
        self._touched()
        self.list_changed.emit(list_path, "remove", row, row)
        self.changed.emit()
        return item

    def move_item(self, list_path: Path, row: int, to_row: int) -> None:
        """Move the item at ``row`` so that it ends up at index ``to_row``."""
        items = self.get(list_path)
        self.list_about_to_change.emit(list_path, "move", row, to_row)
        items.insert(to_row, items.pop(row))
        self._touched()
        self.list_changed.emit(list_path, "move", row, to_row)
        self.changed.emit()

    def move_block(self, list_path: Path, first: int, last: int, destination: int) -> None:
        """Move items ``first..last`` before the item at ``destination`` (counted before the move)."""
        items = self.get(list_path)
        if not (0 <= first <= last < len(items) and 0 <= destination <= len(items)):
            raise IndexError(f"bad block move {first}..{last} -> {destination} in {len(items)} items")
        if first <= destination <= last + 1:
            return
        self.rows_about_to_move.emit(list_path, first, last, destination)
        block = items[first : last + 1]
        del items[first : last + 1]
        at = destination if destination < first else destination - len(block)
        items[at:at] = block
        self._touched()
        self.rows_moved.emit(list_path, first, last, destination)
        self.changed.emit()

    def reorder(self, list_path: Path, order: Sequence[int]) -> None:
        """Permute a list in place: the item now at ``i`` is the one that was at ``order[i]``."""
        items = self.get(list_path)
        if sorted(order) != list(range(len(items))):
            raise ValueError("order must be a permutation of the list's indices")
        self.list_about_to_be_reordered.emit(list_path)
        items[:] = [items[i] for i in order]
        self._touched()
        self.list_reordered.emit(list_path)
        self.changed.emit()

    def _touched(self) -> None:
        self.set_dirty(True)

    # -- edits that push undo commands -------------------------------------------------------

    def edit(self, path: Sequence[str | int], value: Any, *, text: str = "", merge: bool = True) -> None:
        """Set a field as a user edit (one undo step; typing in one field merges)."""
        from desktop_app.ui.commands import SetFieldCommand

        path = tuple(path)
        old = self.get(path)
        if old == value:
            return
        self.undo_stack.push(SetFieldCommand(self, path, old, value, text=text, merge=merge))

    def edit_many(self, changes: Sequence[tuple[Sequence[str | int], Any]], *, text: str) -> None:
        """Several field edits as one undo step."""
        from desktop_app.ui.commands import SetFieldCommand

        real = [(tuple(p), self.get(p), v) for p, v in changes]
        real = [(p, old, v) for p, old, v in real if old != v]
        if not real:
            return
        if len(real) == 1:
            p, old, v = real[0]
            self.undo_stack.push(SetFieldCommand(self, p, old, v, text=text, merge=False))
            return
        self.undo_stack.beginMacro(text)
        for p, old, v in real:
            self.undo_stack.push(SetFieldCommand(self, p, old, v, text=text, merge=False))
        self.undo_stack.endMacro()

    def edit_fields(self, changes: Sequence[tuple[Sequence[str | int], Any]], *, text: str) -> bool:
        """Several field edits applied together as one undo step (views hear one ``changed``).

        Paths must not depend on each other (no path inside a value another change replaces).
        False when nothing would change.
        """
        from desktop_app.ui.commands import SetFieldsCommand

        real = [(tuple(p), self.get(p), v) for p, v in changes]
        real = [(p, old, v) for p, old, v in real if old != v]
        if not real:
            return False
        self.undo_stack.push(SetFieldsCommand(self, real, text=text))
        return True

    def add_item(self, list_path: Sequence[str | int], row: int, item: Any, *, text: str) -> None:
        from desktop_app.ui.commands import InsertItemCommand

        self.undo_stack.push(InsertItemCommand(self, tuple(list_path), row, item, text=text))

    def delete_item(self, list_path: Sequence[str | int], row: int, *, text: str) -> None:
        from desktop_app.ui.commands import RemoveItemCommand

        self.undo_stack.push(RemoveItemCommand(self, tuple(list_path), row, text=text))

    def reorder_item(self, list_path: Sequence[str | int], row: int, to_row: int, *, text: str) -> None:
        from desktop_app.ui.commands import MoveItemCommand

        if row == to_row:
            return
        self.undo_stack.push(MoveItemCommand(self, tuple(list_path), row, to_row, text=text))

    def move_blocks(
        self, list_path: Sequence[str | int], moves: Sequence[tuple[int, int, int]], *, text: str
    ) -> bool:
        """Several block moves (``first, last, destination``) as one undo step; False if none."""
        from desktop_app.ui.commands import MoveBlocksCommand

        moves = [m for m in moves if not (m[0] <= m[2] <= m[1] + 1)]
        if not moves:
            return False
        self.undo_stack.push(MoveBlocksCommand(self, tuple(list_path), moves, text=text))
        return True

    def reorder_list(self, list_path: Sequence[str | int], order: Sequence[int], *, text: str) -> bool:
        """Permute a whole list as one undo step (for example, sort); False if nothing moves."""
        from desktop_app.ui.commands import ReorderListCommand

        if list(order) == list(range(len(order))):
            return False
        self.undo_stack.push(ReorderListCommand(self, tuple(list_path), order, text=text))
        return True
