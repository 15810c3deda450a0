"""The tracker's table: one row per action item of any postmortem, and the filtering/sorting proxy.

The model holds ``TrackedItem`` rows (read by ``storage.action_tracker.list_items``) and
never writes: an edit in a cell is handed to ``edit_handler`` (the window writes it to the
database and then calls ``apply_states``). Overdue rows have a faint red background, a bold
title and a red, bold due cell with a warning icon and the word "Overdue", so the state is
not told by colour alone.

The model sorts itself on one key per row (``SortRole`` gives the same values); the proxy
filters only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.domain.models import ActionStatus, Priority, Severity
from desktop_app.storage.action_tracker import (
    ItemChange,
    ItemKey,
    ItemState,
    TrackedItem,
    TrackerFilter,
    is_overdue,
)

Index = QModelIndex | QPersistentModelIndex

ITEM, POSTMORTEM, OWNER, DUE, STATUS, PRIORITY, KIND, TRACKER, SEVERITY = range(9)
COLUMNS = ("Item", "Postmortem", "Owner", "Due", "Status", "Priority", "Kind", "Tracker", "Severity")
EDITABLE = (OWNER, STATUS)
KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
ItemRole = Qt.ItemDataRole.UserRole + 3

OVERDUE_COLOUR = QColor(192, 57, 43)
#: An overdue row's background: the same red, faint enough for dark text on light and light on dark.
OVERDUE_TINT = QColor(192, 57, 43, 30)
NO_OWNER_TEXT = "—"
UNTITLED_ITEM = "Untitled action item"
UNTITLED_POSTMORTEM = "Untitled postmortem"
_LAST = "\U0010ffff"  # sorts empty text after every real value
_STATUS_RANK = {status: rank for rank, status in enumerate(ActionStatus)}
_PRIORITY_RANK = {priority: rank for rank, priority in enumerate(Priority)}
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}
_NO_DUE = 10**7


def due_text(item: TrackedItem) -> str:
    """The due cell: the date (or the due text as written), and "Overdue" when it is."""
    if item.due_date is None:
        return item.due_text.strip()
    text = item.due_date.isoformat()
    return f"{text} · Overdue" if item.overdue else text


def item_tooltip(item: TrackedItem) -> str:
    lines = [item.title or UNTITLED_ITEM]
    if item.description.strip():
        lines.append(item.description.strip())
    if item.overdue and item.due_date is not None:
        lines.append(f"Overdue: was due {item.due_date.isoformat()}.")
    if item.status_changed_on is not None:
        lines.append(f"{item.status.label} since {item.status_changed_on.isoformat()}.")
    return "\n".join(lines)


class TrackerModel(QAbstractTableModel):
    """Every tracked action item; edits of owner and status go to ``edit_handler``.

    Attributes:
        edit_handler: called with ``(key, ItemChange)`` for a cell edit; returns whether it was written.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[TrackedItem] = []
        self._rows: dict[ItemKey, int] = {}
        self.edit_handler: Callable[[ItemKey, ItemChange], bool] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._warning: QIcon | None = None
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- content -------------------------------------------------------------------------------

    def set_items(self, items: Sequence[TrackedItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._sort_items()
        self.endResetModel()

    def _sort_items(self) -> None:
        column, order = self._sort
        if column >= 0:
            value = self._sort_value
            self._items.sort(key=lambda item: value(item, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = {item.key: row for row, item in enumerate(self._items)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` (stable: equal rows keep their order), keeping persistent indexes."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self._items[index.row()].key for index in persistent]
        self._sort_items()
        self.changePersistentIndexList(
            persistent, [self.index(self._rows[key], index.column()) for key, index in zip(keys, persistent)]
        )
        self.layoutChanged.emit()

    def items(self) -> list[TrackedItem]:
        return list(self._items)

    def item(self, row: int) -> TrackedItem:
        return self._items[row]

    def row_of(self, key: ItemKey) -> int:
        return self._rows.get(key, -1)

    def apply_states(self, states: Mapping[ItemKey, ItemState], today: date) -> None:
        """Show items as written (after a bulk change, undo or redo) without reloading everything.

        One ``dataChanged`` spans the changed rows, so the proxy re-filters and re-sorts once.
        """
        rows = []
        for key, state in states.items():
            row = self._rows.get(key)
            if row is None:
                continue
            old = self._items[row]
            self._items[row] = replace(
                old,
                status=state.status,
                status_changed_on=state.status_changed_on,
                owner=state.owner,
                overdue=is_overdue(state.status, old.due_date, today),
            )
            rows.append(row)
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1))
            if self._sort[0] in (OWNER, STATUS):
                self.sort(*self._sort)

    def owners(self) -> list[str]:
        """Every owner name (without surrounding spaces; "Ana" and "ana" once), sorted without case."""
        spellings: dict[str, Counter[str]] = {}
        for item in self._items:
            if item.owner_name:
                spellings.setdefault(item.owner_name.casefold(), Counter())[item.owner_name] += 1
        # the most used spelling of each name; on a tie the capitalised one ("Ana" before "ana")
        names = [min(c, key=lambda name, c=c: (-c[name], name)) for c in spellings.values()]
        return sorted(names, key=str.casefold)

    def postmortems(self) -> list[tuple[str, str]]:
        """``(id, title)`` of every postmortem with items, in the model's order."""
        seen: dict[str, str] = {}
        for item in self._items:
            seen.setdefault(item.postmortem_id, item.postmortem_title or UNTITLED_POSTMORTEM)
        return list(seen.items())

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == STATUS:
                return item.status
            if column == OWNER:
                return item.owner_name
            return self._display(item, column)
        if role == SortRole:
            return self._sort_value(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue and column == DUE:
                return OVERDUE_COLOUR
            if column == OWNER and not item.owner_name or not item.is_open:
                return QApplication.palette().placeholderText().color()
            return None
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return OVERDUE_TINT
        if role == Qt.ItemDataRole.FontRole:
            if item.overdue and column in (ITEM, DUE):
                return self._bold
            if column == OWNER and not item.owner_name:
                return self._italic
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == DUE and item.overdue:
            return self._warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (ITEM, DUE):
                return item_tooltip(item)
            if column == POSTMORTEM:
                return item.postmortem_title or UNTITLED_POSTMORTEM
            if column == OWNER and not item.owner_name:
                return "Nobody owns this item yet."
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == DUE and item.overdue:
            return f"{due_text(item)}: overdue"
        if role == KeyRole:
            return item.key
        if role == ItemRole:
            return item
        return None

    @staticmethod
    def _display(item: TrackedItem, column: int) -> str:
        if column == ITEM:
            return " ".join(item.title.split()) or UNTITLED_ITEM
        if column == POSTMORTEM:
            return " ".join(item.postmortem_title.split()) or UNTITLED_POSTMORTEM
        if column == OWNER:
            return item.owner_name or NO_OWNER_TEXT
        if column == DUE:
            return due_text(item)
        if column == STATUS:
            return item.status.label
        if column == PRIORITY:
            return item.priority.value if item.priority else ""
        if column == KIND:
            return item.kind.value.capitalize()
        if column == TRACKER:
            return item.tracker_ref.strip()
        return item.severity.value if item.severity else "—"

    @staticmethod
    def _sort_value(item: TrackedItem, column: int) -> Any:
        if column == ITEM:
            return item.title.casefold() or _LAST
        if column == POSTMORTEM:
            return item.postmortem_title.casefold() or _LAST
        if column == OWNER:
            return item.owner_name.casefold() or _LAST
        if column == DUE:
            return item.due_date.toordinal() if item.due_date else _NO_DUE
        if column == STATUS:
            return _STATUS_RANK[item.status]
        if column == PRIORITY:
            return _PRIORITY_RANK[item.priority] if item.priority else len(_PRIORITY_RANK)
        if column == KIND:
            return item.kind.value
        if column == TRACKER:
            return item.tracker_ref.strip().casefold() or _LAST
        return _SEVERITY_RANK[item.severity] if item.severity else len(_SEVERITY_RANK)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.edit_handler is None:
            return False
        item = self._items[index.row()]
        if index.column() == STATUS:
            status = ActionStatus(value)
            return status == item.status or self.edit_handler(item.key, ItemChange(status=status))
        if index.column() == OWNER:
            owner = str(value).strip()
            return owner == item.owner_name or self.edit_handler(item.key, ItemChange(owner=owner))
        return False


class TrackerProxy(QSortFilterProxyModel):
    """Keeps the rows ``TrackerFilter`` accepts (as of ``today``); sorting is done by the source model.

    Qt's own sorting would call the Python ``data()`` for every comparison (about a second for
    10,000 rows); the source model sorts its list with one key per row instead, and this proxy
    keeps the source order.
    """

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        model.sort(column, order)

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)  # re-filter rows whose data changed
        self._filter = TrackerFilter()
        self._accept_all = True
        self._today = today
        self._day = today()

    @property
    def tracker_filter(self) -> TrackerFilter:
        return self._filter

    def set_filter(self, tracker_filter: TrackerFilter) -> None:
        if tracker_filter == self._filter and self._day == self._today():
            return
        self.beginFilterChange()
        self._filter = tracker_filter
        self._accept_all = tracker_filter.is_empty
        self._day = self._today()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if self._accept_all:
            return True
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        return self._filter.matches(model.item(source_row), self._day)

    def overdue_count(self) -> int:
        """How many of the rows shown are overdue."""
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        if self._accept_all:
            return sum(1 for item in model.items() if item.overdue)
        return sum(1 for item in model.items() if item.overdue and self._filter.matches(item, self._day))

    def visible_items(self) -> list[TrackedItem]:
        """The rows shown, in the order shown."""
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        return [model.item(self.mapToSource(self.index(row, 0)).row()) for row in range(self.rowCount())]
