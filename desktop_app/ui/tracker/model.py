"""The tracker's table: one row per action item of any postmortem, and the filtering/sorting proxy.

The model holds ``TrackedItem`` rows (read by ``storage.action_tracker.list_items``) and
never writes: an edit in a cell is handed to ``edit_handler`` (the window writes it to the
database and then calls ``apply_states``). Overdue rows have a faint red background, a bold
title and a red, bold due cell with a warning icon and the word "Overdue", so the state is
not told by colour alone.

The model sorts itself on one key per row (``SortRole`` gives the same values); the proxy
filters only. Filtering is cheap at 10,000 rows: the model keeps, per row, what the filters
compare (``RowKeys``: the owner and search text folded once), the proxy decides every row in one
Python pass when the filter changes (``RowKeys.accepted``, the same rules as
``TrackerFilter.matches``), and ``filterAcceptsRow`` only looks its answer up.
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
    DUE_SOON_DAYS,
    NO_SEVERITY,
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
NO_PRIORITY_TEXT = "—"
"""Shown for an item without a priority, as step 6 shows it (display only: sorting and CSV unchanged)."""
UNTITLED_ITEM = "Untitled action item"
UNTITLED_POSTMORTEM = "Untitled postmortem"
_LAST = "\U0010ffff"  # sorts empty text after every real value
_STATUS_RANK = {status: rank for rank, status in enumerate(ActionStatus)}
_PRIORITY_RANK = {priority: rank for rank, priority in enumerate(Priority)}
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}
_NO_DUE = 10**7


def _search_text(item: TrackedItem) -> str:
    return " ".join((item.title, item.description, item.owner, item.tracker_ref, item.postmortem_title)).casefold()


_KEY_COLUMNS: dict[str, Callable[[Sequence[TrackedItem]], list[Any]]] = {
    "overdue": lambda items: [item.overdue for item in items],
    "status": lambda items: [item.status for item in items],
    "postmortem": lambda items: [item.postmortem_id for item in items],
    "severity": lambda items: [NO_SEVERITY if item.severity is None else item.severity.value for item in items],
    # the owner without surrounding spaces, case-folded
    "owner": lambda items: [item.owner.strip().casefold() for item in items],
    # title, description, owner, tracker reference and postmortem title, case-folded
    "text": lambda items: [_search_text(item) for item in items],
    # the due date's ordinal for an open item (-1: no date, or closed: never "due soon")
    "due": lambda items: [item.due_date.toordinal() if item.due_date is not None and not item.status.is_closed
                          else -1 for item in items],
}


class RowKeys:
    """What the filters compare, one list per criterion in row order, each built on first use
    (a status filter never folds the search text of 10,000 rows)."""

    def __init__(self, items: Sequence[TrackedItem]) -> None:
        self._items = items
        self._columns: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def column(self, name: str) -> list[Any]:
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = _KEY_COLUMNS[name](self._items)
        return found

    def accepted(self, tracker_filter: TrackerFilter, today: date) -> list[bool]:
        """For every row, whether ``tracker_filter`` keeps it as of ``today`` (as ``TrackerFilter.matches``).

        Each criterion in use narrows the rows still in, with one comprehension over plain values.
        """
        f, column = tracker_filter, self.column
        rows: Sequence[int] = range(len(self))
        if f.overdue_only:
            overdue = column("overdue")
            rows = [r for r in rows if overdue[r]]
        if f.due_soon:
            first, due = today.toordinal(), column("due")
            last = first + DUE_SOON_DAYS
            rows = [r for r in rows if first <= due[r] <= last]
        if f.statuses is not None:
            statuses, status = f.statuses, column("status")
            rows = [r for r in rows if status[r] in statuses]
        if f.postmortem_ids is not None:
            ids, postmortem = f.postmortem_ids, column("postmortem")
            rows = [r for r in rows if postmortem[r] in ids]
        if f.severities is not None:
            severities, severity = f.severities, column("severity")
            rows = [r for r in rows if severity[r] in severities]
        if f.owners is not None:
            owners, owner = f.owners, column("owner")
            rows = [r for r in rows if owner[r] in owners]
        words = f.text.casefold().split()
        if words:
            text = column("text")
            for word in words:
                rows = [r for r in rows if word in text[r]]
        shown = [False] * len(self)
        for r in rows:
            shown[r] = True
        return shown


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
        self._keys: RowKeys | None = None  # built when a filter first needs them
        self.generation = 0
        """Changes whenever rows or what the filters compare change (the proxy then decides afresh)."""
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
        self._keys = None
        self._sort_items()
        self.endResetModel()

    def _sort_items(self) -> None:
        column, order = self._sort
        if column >= 0:
            value, items = self._sort_value, self._items
            keys = [value(item, column) for item in items]
            # stable, and descending keeps equal rows in their order, as list.sort(reverse=True) does
            descending = order == Qt.SortOrder.DescendingOrder
            ordered = sorted(range(len(items)), key=keys.__getitem__, reverse=descending)
            if column == DUE and descending:  # items without a date stay last, latest date first
                ordered = [i for i in ordered if keys[i] != _NO_DUE] + [i for i in ordered if keys[i] == _NO_DUE]
            self._items = [items[i] for i in ordered]
        self._keys = None
        self._rows = {item.key: row for row, item in enumerate(self._items)}
        self.generation += 1

    def row_keys(self) -> RowKeys:
        """What the filters compare for every row (built on first use: showing every row needs none)."""
        if self._keys is None:
            self._keys = RowKeys(self._items)
        return self._keys

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
            self._keys = None
            self.generation += 1
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
            return item.priority.value if item.priority else NO_PRIORITY_TEXT
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
        self._accepted: list[bool] = []
        self._generation = -1
        self._overdue_shown = 0

    @property
    def tracker_filter(self) -> TrackerFilter:
        return self._filter

    def set_filter(self, tracker_filter: TrackerFilter) -> None:
        if tracker_filter == self._filter and self._day == self._today():
            return
        self._filter = tracker_filter
        self._accept_all = tracker_filter.is_empty
        self._day = self._today()
        self._generation = -1  # decide every row afresh
        self.invalidate()

    def _model(self) -> TrackerModel:
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        return model

    def accepted(self) -> list[bool]:
        """Whether each source row is shown, decided for all rows at once when the filter or the rows
        changed since the last time."""
        model = self._model()
        if self._generation != model.generation:
            if self._accept_all:
                self._accepted = [True] * model.rowCount()
                self._overdue_shown = sum(1 for item in model.items() if item.overdue)
            else:
                keys = model.row_keys()
                self._accepted = keys.accepted(self._filter, self._day)
                self._overdue_shown = sum(1 for shown, late in zip(self._accepted, keys.column("overdue"),
                                                                   strict=True) if shown and late)
            self._generation = model.generation
        return self._accepted

    def setSourceModel(self, model: TrackerModel) -> None:  # noqa: N802
        self._source = model
        self._generation = -1
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        # called once per row from C++: only a look-up (the decisions are made in ``accepted``)
        if self._accept_all:
            return True
        if self._generation != self._source.generation:
            self.accepted()
        return self._accepted[source_row]

    def overdue_count(self) -> int:
        """How many of the rows shown are overdue."""
        self.accepted()
        return self._overdue_shown

    def visible_items(self) -> list[TrackedItem]:
        """The rows shown, in the order shown."""
        model = self.sourceModel()
        assert isinstance(model, TrackerModel)
        return [model.item(self.mapToSource(self.index(row, 0)).row()) for row in range(self.rowCount())]
