"""The library: every stored postmortem in a sortable, filterable table, and full-text search.

Typing in the search field narrows the table to titles and services at once; after a
short pause (``SEARCH_DELAY_MS``) the full-text hits over every text of every
postmortem appear in a list below the table, the matched words highlighted. The
filter bar (status, severity, tag, service, date range) narrows both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage.repository import PostmortemSummary
from desktop_app.storage.search import SearchHit
from desktop_app.ui.library_filters import FilterBar, LibraryFilters
from desktop_app.ui.library_search import HitRole, SearchFunction, SearchResultsModel, SearchResultsView, result_step
from desktop_app.ui.widgets.text_edits import LineEdit, mute

SEARCH_DELAY_MS = 150
"""Pause in typing before the full-text search runs."""
SEARCH_LIMIT = 200
"""Hits listed at most (the best ones); the label says when there are more."""

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

    def summary_at(self, row: int) -> PostmortemSummary:
        return self._rows[row]

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
    """Sorts on ``SortRole``; keeps rows that pass the filters and whose title or services
    contain every typed word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._words: list[str] = []
        self._filters = LibraryFilters()

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(self, filters: LibraryFilters) -> None:
        self.beginFilterChange()
        self._filters = filters
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filters(self) -> LibraryFilters:
        return self._filters

    def passes_filters(self, summary: PostmortemSummary) -> bool:
        return self._filters.accepts(summary, summary_date(summary))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self._filters.active:
            assert isinstance(model, LibraryModel)
            if not self.passes_filters(model.summary_at(source_row)):
                return False
        if not self._words:
            return True
        haystack = str(model.data(model.index(source_row, 0, source_parent), SearchRole))
        return all(word in haystack for word in self._words)


class LibraryPanel(QWidget):
    """Search field, filter bar, the library table and the full-text results.

    Signals:
        open_requested(str): the user selected a postmortem (its id).
        hit_activated(object): the user opened a search hit (a ``SearchHit``).
    """

    open_requested = Signal(str)
    hit_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self._search_function: SearchFunction | None = None
        self.search = LineEdit(self)
        self.search.setPlaceholderText("Search all postmortems (Ctrl+F)…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search postmortems")
        self.search.setToolTip(
            "Titles and services narrow the table; matches in any text are listed below it. "
            "Down moves into the matches, Escape clears."
        )
        self.filters_button = QToolButton(self)
        self.filters_button.setText("Filters")
        self.filters_button.setCheckable(True)
        self.filters_button.setAccessibleName("Show filters")
        self.filter_bar = FilterBar(settings, self)
        self.filters_button.setChecked(self.filter_bar.filters().active)
        self.filter_bar.setVisible(self.filters_button.isChecked())
        self.filters_button.toggled.connect(self.filter_bar.setVisible)
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

        self.results_model = SearchResultsModel(self)
        self.results = SearchResultsView(self)
        self.results.setModel(self.results_model)
        self.results_label = QLabel(self)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        mute(self.results_label)
        results_box = QWidget(self)
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(0, 4, 0, 0)
        results_layout.setSpacing(2)
        results_layout.addWidget(self.results_label)
        results_layout.addWidget(self.results, 1)
        self.results_box = results_box
        self.results_box.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.results_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.filters_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addLayout(row)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._query_changed)
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.activated.connect(self._open_hit)
        self.results.doubleClicked.connect(self._open_hit)
        self.filter_bar.changed.connect(self._filters_changed)
        self.proxy.set_filters(self.filter_bar.filters())
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._quiet = False

    # -- search --------------------------------------------------------------------------------

    def set_search_function(self, function: SearchFunction | None) -> None:
        """Where full-text hits come from: ``function(query, limit)``; ``None`` disables them."""
        self._search_function = function

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def search_pending(self) -> bool:
        return self._timer.isActive()

    def _query_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        if not text.strip():
            self._timer.stop()
            self._show_hits([], text)
            return
        self._timer.start()

    def run_search(self) -> None:
        """Run the full-text search for the current text now (the debounce timer calls this)."""
        self._timer.stop()
        query = self.search.text()
        if not query.strip() or self._search_function is None:
            self._show_hits([], query)
            return
        hits = self._search_function(query, SEARCH_LIMIT + 1)
        self._show_hits(hits, query)

    def _show_hits(self, hits: list[SearchHit], query: str) -> None:
        more = len(hits) > SEARCH_LIMIT
        hits = hits[:SEARCH_LIMIT]
        if self.proxy.filters().active:
            allowed = {s.id for s in self.model.summaries() if self.proxy.passes_filters(s)}
            hits = [hit for hit in hits if hit.postmortem_id in allowed]
        self.results_model.set_hits(hits)
        if not query.strip():
            self.results_box.hide()
            return
        count = len(hits)
        if count == 0:
            text = "No matches in the text of any postmortem."
        elif more:
            text = f"The best {count} matches in the text:"
        else:
            text = f"{count} match{'es' if count != 1 else ''} in the text:"
        self.results_label.setText(text)
        self.results_box.show()

    def result_count(self) -> int:
        return self.results_model.rowCount()

    def _open_hit(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hit_activated.emit(index.data(HitRole))

    def open_current_hit(self) -> bool:
        """Open the current hit (else the first); False when there is none."""
        index = self.results.currentIndex()
        if not index.isValid():
            index = self.results_model.index(0, 0)
        if not index.isValid():
            return False
        self._open_hit(index)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    return True
                if key == Qt.Key.Key_Down:
                    if self._timer.isActive():
                        self.run_search()
                    target = self.results if self.results_model.rowCount() else self.view
                    model = target.model()
                    if model.rowCount():
                        target.setFocus(Qt.FocusReason.TabFocusReason)
                        if not target.currentIndex().isValid():
                            target.setCurrentIndex(model.index(0, 0))
                        return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if self._timer.isActive():
                        self.run_search()
                    if self.open_current_hit():
                        return True
            elif watched is self.results:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._open_hit(self.results.currentIndex())
                    return True
                if key == Qt.Key.Key_Escape:
                    self.search.clear()
                    self.focus_search()
                    return True
                if key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
                    self.focus_search()
                    return True
        return super().eventFilter(watched, event)

    # -- filters -------------------------------------------------------------------------------

    def _filters_changed(self, filters: LibraryFilters) -> None:
        self.proxy.set_filters(filters)
        if self.search.text().strip():
            self.run_search()

    def set_filters(self, filters: LibraryFilters) -> None:
        self.filters_button.setChecked(True)
        self.filter_bar.set_filters(filters)

    # -- rows ----------------------------------------------------------------------------------

    def set_summaries(self, summaries: Sequence[PostmortemSummary], *, select: str | None = None) -> None:
        """Show ``summaries`` and select ``select`` (without asking to open it)."""
        self._quiet = True
        try:
            self.model.set_summaries(summaries)
            self.filter_bar.set_choices(
                [tag for s in summaries for tag in s.tags], [service for s in summaries for service in s.services]
            )
            if select is not None:
                self.select(select)
        finally:
            self._quiet = False
        if self.search.text().strip() and not self._timer.isActive():
            self._timer.start()  # the texts may have changed: refresh the hits after a pause

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


__all__ = ["COLUMNS", "LibraryFilter", "LibraryModel", "LibraryPanel", "result_step"]
