"""The library: every stored postmortem in a sortable, filterable table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from desktop_app.storage.repository import PostmortemSummary
from desktop_app.ui.widgets.text_edits import LineEdit

Index = QModelIndex | QPersistentModelIndex
UNTITLED = "Untitled postmortem"

COLUMNS = ("Title", "Date", "Severity", "Status", "Services", "Actions")
IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3


def summary_date(summary: PostmortemSummary) -> date:
    if summary.incident_date is not None:
        return summary.incident_date
    updated = summary.updated_at
    return updated.date() if isinstance(updated, datetime) else updated


def actions_text(summary: PostmortemSummary) -> str:
    if summary.open_actions == 0:
        return "—"
    text = f"{summary.open_actions} open"
    if summary.overdue_actions:
        text += f" · {summary.overdue_actions} overdue"
    return text


class LibraryModel(QAbstractTableModel):
    """Rows of ``PostmortemSummary``; ``IdRole`` gives the postmortem id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PostmortemSummary] = []

    def set_summaries(self, summaries: Sequence[PostmortemSummary]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summaries(self) -> list[PostmortemSummary]:
        return list(self._rows)

    def row_of(self, pm_id: str) -> int:
        for row, summary in enumerate(self._rows):
            if summary.id == pm_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                s.title or UNTITLED,
                s.incident_date.isoformat() if s.incident_date else "—",
                s.severity or "—",
                s.status.replace("_", " ").capitalize(),
                ", ".join(s.services),
                actions_text(s),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return s.title or UNTITLED
            if column == 1 and s.incident_date is None:
                return f"No incident date yet (last edited {summary_date(s).isoformat()})"
            if column == 4:
                return ", ".join(s.services) or None
            if column == 5 and s.open_actions:
                return f"{s.open_actions} open action items, {s.overdue_actions} overdue"
            return None
        if role == Qt.ItemDataRole.FontRole and column == 0 and not s.title:
            font = QFont()
            font.setItalic(True)
            return font
        if role == SortRole:
            return (
                (s.title or UNTITLED).casefold(),
                summary_date(s).isoformat(),
                s.severity or "SEV9",
                s.status,
                ", ".join(s.services).casefold(),
                s.open_actions * 10_000 + s.overdue_actions,
            )[column]
        if role == SearchRole:
            return " ".join([s.title, *s.services]).casefold()
        if role == IdRole:
            return s.id
        return None


class LibraryFilter(QSortFilterProxyModel):
    """Sorts on ``SortRole``; keeps rows whose title or services contain every typed word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = str(model.data(model.index(source_row, 0, source_parent), SearchRole))
        return all(word in haystack for word in self._words)


class LibraryPanel(QWidget):
    """Search box over the library table.

    Signals:
        open_requested(str): the user selected a postmortem (its id).
    """

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = LineEdit(self)
        self.search.setPlaceholderText("Search titles and services…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search postmortems")
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Postmortem library")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column, width in ((1, 86), (2, 60), (3, 78), (4, 104), (5, 84)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._quiet = False

    def set_summaries(self, summaries: Sequence[PostmortemSummary], *, select: str | None = None) -> None:
        """Show ``summaries`` and select ``select`` (without asking to open it)."""
        self._quiet = True
        try:
            self.model.set_summaries(summaries)
            if select is not None:
                self.select(select)
        finally:
            self._quiet = False

    def select(self, pm_id: str) -> None:
        row = self.model.row_of(pm_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            was_quiet, self._quiet = self._quiet, True
            self.view.setCurrentIndex(index)
            self.view.selectRow(index.row())
            self._quiet = was_quiet

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(IdRole)) if index.isValid() else None

    def visible_titles(self) -> list[str]:
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        self.open_requested.emit(str(current.data(IdRole)))
