"""A table model over one list of entities in the open postmortem (evidence, timeline, …).

The model wraps the document's list and keeps no copy of its own. Edits go through the
document as undo commands; the model follows the document's list signals with proper
begin/end insert, remove and move calls, so views keep their selection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.ui.document import Path, PostmortemDocument

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Column:
    """How one attribute of the entities shows and edits.

    Attributes:
        header: column title.
        attr: attribute name on the entity.
        choices: allowed values for a drop-down editor (``None`` allowed when listed).
        check: shown as a check box instead of text.
        display: entity → shown text (default: the attribute as text).
        parse: typed text → list of (attribute, value) changes; raise ``ValueError`` to refuse.
        tooltip: entity → tool tip text.
        editable: False for a column that only shows (edited elsewhere, e.g. in a form).
    """

    header: str
    attr: str
    choices: Sequence[Any] | None = None
    check: bool = False
    display: Callable[[Any], str] | None = None
    parse: Callable[[Any, str], list[tuple[str, Any]]] | None = None
    tooltip: Callable[[Any], str] | None = None
    width: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    editable: bool = True


def choice_label(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value).replace("_", " ").capitalize())
    return str(value)


class EntityListModel(QAbstractTableModel):
    """Rows = items of the list at ``list_path``; columns as given."""

    ChoicesRole = Qt.ItemDataRole.UserRole + 1
    ItemRole = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self,
        doc: PostmortemDocument,
        list_path: Sequence[str | int],
        columns: Sequence[Column],
        *,
        noun: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.list_path: Path = tuple(list_path)
        self.columns = list(columns)
        self.noun = noun
        self.row_tooltip: Callable[[Any], str] | None = None
        self.row_background: Callable[[Any], Any] | None = None
        doc.loaded.connect(self._reset)
        doc.list_about_to_change.connect(self._about_to_change)
        doc.list_changed.connect(self._changed)
        doc.field_changed.connect(self._field_changed)

    # -- the list ---------------------------------------------------------------------------

    def items(self) -> list[Any]:
        if not self.doc.is_loaded:
            return []
        return self.doc.get(self.list_path)

    def item(self, row: int) -> Any:
        return self.items()[row]

    # -- document signals -------------------------------------------------------------------

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _about_to_change(self, path: tuple, op: str, row: int, other: int) -> None:
        if path != self.list_path:
            return
        if op == "insert":
            self.beginInsertRows(QModelIndex(), row, row)
        elif op == "remove":
            self.beginRemoveRows(QModelIndex(), row, row)
        elif op == "move":
            destination = other + 1 if other > row else other
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)

    def _changed(self, path: tuple, op: str, row: int, other: int) -> None:
        if path != self.list_path:
            return
        if op == "insert":
            self.endInsertRows()
        elif op == "remove":
            self.endRemoveRows()
        elif op == "move":
            self.endMoveRows()

    def _field_changed(self, path: tuple) -> None:
        n = len(self.list_path)
        if path[:n] == self.list_path and len(path) > n:
            ids = [getattr(i, "id", None) for i in self.items()]
            if path[n] in ids:
                row = ids.index(path[n])
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        elif path == ("time_zone",) or (len(path) == n and path == self.list_path):
            self._reset()

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].header
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.columns[index.column()].check:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if not self.columns[index.column()].editable:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        entity = self.item(index.row())
        value = getattr(entity, column.attr)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.check:
                return None
            if column.display is not None:
                return column.display(entity)
            return choice_label(value) if column.choices is not None else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.EditRole:
            if column.choices is not None:
                return value
            return column.display(entity) if column.display is not None else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.CheckStateRole and column.check:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(entity) or None
            if self.row_tooltip is not None:
                return self.row_tooltip(entity) or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole and self.row_background is not None:
            return self.row_background(entity)
        if role == self.ChoicesRole:
            return list(column.choices) if column.choices is not None else None
        if role == self.ItemRole:
            return entity
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.doc.is_loaded:
            return False
        column = self.columns[index.column()]
        entity = self.item(index.row())
        item_path = (*self.list_path, entity.id)
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self.doc.edit((*item_path, column.attr), checked, text=f"Edit {column.header.lower()}")
            return True
        if role != Qt.ItemDataRole.EditRole or not column.editable:
            return False
        if column.parse is not None:
            try:
                changes = column.parse(entity, str(value))
            except ValueError:
                return False
            self.doc.edit_many(
                [((*item_path, attr), v) for attr, v in changes], text=f"Edit {column.header.lower()}"
            )
            return True
        self.doc.edit((*item_path, column.attr), value, text=f"Edit {column.header.lower()}", merge=False)
        return True

    # -- row operations (undoable) ----------------------------------------------------------------

    def add_row(self, item: Any, row: int | None = None) -> int:
        row = self.rowCount() if row is None else row
        self.doc.add_item(self.list_path, row, item, text=f"Add {self.noun}")
        return row

    def remove_row(self, row: int) -> None:
        self.doc.delete_item(self.list_path, row, text=f"Remove {self.noun}")

    def move_row(self, row: int, to_row: int) -> bool:
        if not (0 <= to_row < self.rowCount()) or row == to_row:
            return False
        self.doc.reorder_item(self.list_path, row, to_row, text=f"Move {self.noun}")
        return True
