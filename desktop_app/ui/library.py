"""The library: every stored postmortem in a sortable, filterable table, and full-text search.

Typing in the search field narrows the table to titles and services at once; after a
short pause (``SEARCH_DELAY_MS``) the full-text hits over every text of every
postmortem appear in a list below the table, the matched words highlighted. The
search runs on a worker thread (``SearchRunner``): typing goes on while it runs, and
hits for a query already typed over are dropped. Enter or Down while a search is due
runs it at once. The filter bar (status, severity, tag, service, date range) narrows
both; changing a filter narrows the hits already found without searching again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QStyleOptionViewItem,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage.repository import PostmortemSummary
from desktop_app.storage.search import SearchHit
from desktop_app.ui.library_filters import FilterBar, LibraryFilters
from desktop_app.ui.library_search import (
    HitDelegate,
    HitRole,
    SearchFunction,
    SearchResultsModel,
    SearchResultsView,
    SearchRunner,
    result_step,
)
from desktop_app.ui.widgets.text_edits import LineEdit, mute

SEARCH_DELAY_MS = 150
"""Pause in typing before the full-text search runs."""
SEARCH_LIMIT = 200
"""Hits listed at most (the best ones); the label says when there are more."""

Index = QModelIndex | QPersistentModelIndex
UNTITLED = "Untitled postmortem"

COLUMNS = ("Title", "Date", "Severity", "Status", "Services", "Actions")
SERVICES_COLUMN, ACTIONS_COLUMN = 4, 5
OVERDUE_INK = QColor(192, 57, 43)
"""Action counts with overdue items in them read in red, as in the tracker."""
MIN_TITLE_WIDTH = 160
"""Narrower than the other columns plus this, the table scrolls sideways instead of squeezing the titles."""
COLUMN_SAMPLES = {1: "2026-01-14", 2: "SEV1", 3: "In review", 4: "payments-api", 5: "3 open · 1 overdue"}
"""Each short column is as wide as this text or its title (longer services elide; the tool tip has them)."""
CELL_PADDING = 14
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


_SORT_KEYS: tuple[Callable[[PostmortemSummary], Any], ...] = (
    lambda s: (s.title or UNTITLED).casefold(),
    summary_date,
    lambda s: s.severity.value if s.severity is not None else "SEV9",
    lambda s: s.status.value,
    lambda s: ", ".join(s.services).casefold(),
    lambda s: (s.open_actions, s.overdue_actions),
)
"""What each column sorts by (no incident date: the day it was last edited; no severity: last)."""


class LibraryModel(QAbstractTableModel):
    """Rows of ``PostmortemSummary``, kept sorted by the model itself; ``IdRole`` gives the id.

    ``sort(column, order)`` computes each row's key for that column once and sorts with one
    ``sorted`` call (stable, from the order the summaries came in), then emits
    ``layoutChanged``; a ``QSortFilterProxyModel`` sorting 10,000 rows would call Python
    for every comparison (1.8 s). The keys of a column are kept until the rows change.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._given: list[PostmortemSummary] = []
        self._rows: list[PostmortemSummary] = []
        self._row_of: dict[str, int] | None = None
        self._keys: dict[int, list[Any]] = {}
        self._haystacks: list[str] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_summaries(self, summaries: Sequence[PostmortemSummary]) -> None:
        self.beginResetModel()
        self._given = list(summaries)
        self._keys = {}
        self._rows = self._sorted()
        self._forget_positions()
        self.endResetModel()

    def summaries(self) -> list[PostmortemSummary]:
        return list(self._rows)

    def summary_at(self, row: int) -> PostmortemSummary:
        return self._rows[row]

    def row_of(self, pm_id: str) -> int:
        if self._row_of is None:
            self._row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        return self._row_of.get(pm_id, -1)

    def haystack(self, row: int) -> str:
        """Title and services, case-folded: what typed words are looked for in."""
        if self._haystacks is None:
            self._haystacks = [" ".join([s.title, *s.services]).casefold() for s in self._rows]
        return self._haystacks[row]

    def _forget_positions(self) -> None:
        self._row_of = None
        self._haystacks = None

    # -- sorting -------------------------------------------------------------------------------

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sorted(self) -> list[PostmortemSummary]:
        column = self._sort_column
        if not 0 <= column < len(COLUMNS):
            return list(self._given)
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = list(map(_SORT_KEYS[column], self._given))
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        order = sorted(range(len(self._given)), key=keys.__getitem__, reverse=descending)
        return [self._given[i] for i in order]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        if not self._given:
            return
        # Emitted without arguments: PySide6 crashes emitting the (parents, hint) overload.
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[index.row()].id, index.column()) for index in persistent]
        self._rows = self._sorted()
        self._forget_positions()
        self.changePersistentIndexList(
            persistent, [self.index(self.row_of(pm_id), column) for pm_id, column in held]
        )
        self.layoutChanged.emit()

    # -- Qt model ------------------------------------------------------------------------------

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
            if column == 0:
                return s.title or UNTITLED
            if column == 1:
                return s.incident_date.isoformat() if s.incident_date else "—"
            if column == 2:
                return s.severity or "—"
            if column == 3:
                return s.status.replace("_", " ").capitalize()
            if column == 4:
                return ", ".join(s.services)
            return actions_text(s)
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
        if role == Qt.ItemDataRole.ForegroundRole and column == ACTIONS_COLUMN and s.overdue_actions:
            return OVERDUE_INK
        if role == Qt.ItemDataRole.FontRole and column == 0 and not s.title:
            font = QFont()
            font.setItalic(True)
            return font
        if role == SortRole:
            key = _SORT_KEYS[column](s)
            return key.isoformat() if isinstance(key, date) else key[0] * 10_000 + key[1] if column == 5 else key
        if role == SearchRole:
            return self.haystack(index.row())
        if role == IdRole:
            return s.id
        return None


class LibraryFilter(QSortFilterProxyModel):
    """Keeps rows that pass the filters and whose title or services contain every typed word.

    Sorting is the source model's (``sort`` is passed on to it), so the proxy keeps the
    source's order and never compares rows itself.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._words: list[str] = []
        self._filters = LibraryFilters()
        self._text_hits: frozenset[str] = frozenset()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, LibraryModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_query(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(self, filters: LibraryFilters) -> None:
        self.beginFilterChange()
        self._filters = filters
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text_hits(self, postmortem_ids: frozenset[str]) -> None:
        """Also keep these postmortems while words are typed: the full-text search found them."""
        if postmortem_ids == self._text_hits:
            return
        self.beginFilterChange()
        self._text_hits = postmortem_ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filters(self) -> LibraryFilters:
        return self._filters

    def passes_filters(self, summary: PostmortemSummary) -> bool:
        return self._filters.accepts(summary, summary_date(summary))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words and not self._filters.active:
            return True
        model = self.sourceModel()
        assert isinstance(model, LibraryModel)
        if self._filters.active and not self.passes_filters(model.summary_at(source_row)):
            return False
        haystack = model.haystack(source_row)
        if all(word in haystack for word in self._words):
            return True
        return bool(self._text_hits) and model.summary_at(source_row).id in self._text_hits


class FittedHitDelegate(HitDelegate):
    """A hit row as high as its head line and the snippet lines it shows (one or two), measured at the
    list's width; ``HitDelegate`` gives every row room for two."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        full = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QListView) or index.data(HitRole) is None:
            return full
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, view.viewport().width(), full.height())
        height = math.ceil(self._visible_height(self._document(measured, index))) + self.MARGIN + 4
        return QSize(full.width(), min(full.height(), max(option.fontMetrics.lineSpacing() * 2, height)))


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
        # Tab leaves the table (to the wizard); moving cell by cell would open the next row's postmortem.
        self.view.setTabKeyNavigation(False)
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
        for column, width in self.column_widths().items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # The open/overdue counts before the services: in a narrow library it is the services
        # (also in each title's filters) that wait behind the sideways scroll, not the follow-up.
        header.moveSection(header.visualIndex(ACTIONS_COLUMN), header.visualIndex(SERVICES_COLUMN))
        self.view.viewport().installEventFilter(self)  # its size is final when it hears of it

        self.results_model = SearchResultsModel(self)
        self.results = SearchResultsView(self)
        self.results.setModel(self.results_model)
        # Each hit as high as its own lines (a one-line snippet leaves no blank band under it); at
        # most SEARCH_LIMIT rows, laid out in batches so typing stays smooth.
        self.results.setItemDelegate(FittedHitDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)  # heights again at a new width
        self.results.setLayoutMode(QListView.LayoutMode.Batched)
        self.results.setBatchSize(40)
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
        self._runner = SearchRunner(self)
        self._runner.finished.connect(self._search_finished)
        self._runner.failed.connect(self._search_failed)
        self._found: tuple[str, list[SearchHit]] = ("", [])
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
        """Whether hits for the typed text are still to come (waiting for a pause, or searching)."""
        return self._timer.isActive() or self._runner.busy

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Rows come and go (filtering): the current row may move, which opens nothing."""
        was_quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was_quiet

    def _query_changed(self, text: str) -> None:
        with self._quietly():
            self.proxy.set_query(text)  # the last search's postmortems stay until the new hits come
        if not text.strip():
            self._timer.stop()
            self._runner.cancel()
            self._show_hits([], text)
            return
        self._timer.start()

    def run_search(self) -> None:
        """Start the full-text search for the current text (the debounce timer calls this).

        The hits arrive later, from the worker thread; ``search_pending`` is true until then.
        """
        self._timer.stop()
        query = self.search.text()
        if not query.strip() or self._search_function is None:
            self._runner.cancel()
            self._show_hits([], query)
            return
        self._runner.start(self._search_function, query, SEARCH_LIMIT + 1)

    def run_search_now(self) -> None:
        """Search for the current text on this thread, the hits shown on return (Enter, Down)."""
        self._timer.stop()
        query = self.search.text()
        if not query.strip() or self._search_function is None:
            self._runner.cancel()
            self._show_hits([], query)
            return
        self._runner.run_now(self._search_function, query, SEARCH_LIMIT + 1)

    def _search_finished(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.search.text():
            return  # typed over while it ran (and the timer will search again)
        self._show_hits(hits, query)

    def _search_failed(self, query: str, message: str) -> None:
        if query != self.search.text():
            return
        self._found = (query, [])
        self.results_model.set_hits([])
        self.results_label.setText(f"Search failed: {message}")
        self.results_box.show()

    def _show_hits(self, hits: list[SearchHit], query: str) -> None:
        self._found = (query, list(hits))
        more = len(hits) > SEARCH_LIMIT
        hits = hits[:SEARCH_LIMIT]
        if self.proxy.filters().active:
            allowed = {s.id for s in self.model.summaries() if self.proxy.passes_filters(s)}
            hits = [hit for hit in hits if hit.postmortem_id in allowed]
        self.results_model.set_hits(hits)
        with self._quietly():
            self.proxy.set_text_hits(frozenset(hit.postmortem_id for hit in hits) if query.strip() else frozenset())
        if not query.strip():
            self.results_box.hide()
            return
        count = len(hits)
        titles = self.proxy.rowCount() if count == 0 else 0  # the table: titles and services typed words match
        if count == 0 and titles:
            text = f"No matches in the text; {titles} {'title matches' if titles == 1 else 'titles match'} above."
        elif count == 0:
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

    def column_widths(self) -> dict[int, int]:
        """The short columns' widths in this font: their sample text or their title, whichever is wider."""
        cells = self.view.fontMetrics()
        titles = self.view.horizontalHeader().fontMetrics()
        return {column: max(cells.horizontalAdvance(sample), titles.horizontalAdvance(COLUMNS[column])) + CELL_PADDING
                for column, sample in COLUMN_SAMPLES.items()}

    def preferred_width(self) -> int:
        """The panel's width at which every column shows without scrolling sideways (titles at least
        ``MIN_TITLE_WIDTH``, the vertical scroll bar and the margins included)."""
        margins = self.layout().contentsMargins()
        scroll_bar = self.view.style().pixelMetric(self.view.style().PixelMetric.PM_ScrollBarExtent, None, self.view)
        return (sum(self.column_widths().values()) + MIN_TITLE_WIDTH + scroll_bar + 2 * self.view.frameWidth()
                + margins.left() + margins.right() + 2)

    def fit_title_column(self) -> None:
        """Titles stretch to the table's width, but never below ``MIN_TITLE_WIDTH``: a narrower library
        scrolls sideways so every column (services, action items) can still be reached."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count()) if not header.isSectionHidden(c))
        narrow = self.view.viewport().width() < others + MIN_TITLE_WIDTH
        mode = QHeaderView.ResizeMode.Interactive if narrow else QHeaderView.ResizeMode.Stretch
        if header.sectionResizeMode(0) != mode:
            header.setSectionResizeMode(0, mode)
            if narrow:
                header.resizeSection(0, MIN_TITLE_WIDTH)
            self.view.setHorizontalScrollBarPolicy(
                Qt.ScrollBarPolicy.ScrollBarAsNeeded if narrow else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit_title_column()
            return False
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    return True
                if key == Qt.Key.Key_Down:
                    if self.search_pending:
                        self.run_search_now()
                    target = self.results if self.results_model.rowCount() else self.view
                    model = target.model()
                    if model.rowCount():
                        target.setFocus(Qt.FocusReason.TabFocusReason)
                        if not target.currentIndex().isValid():
                            target.setCurrentIndex(model.index(0, 0))
                        return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if self.search_pending:
                        self.run_search_now()
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
        with self._quietly():
            self.proxy.set_filters(filters)
        query, hits = self._found
        if query.strip() and query == self.search.text():
            self._show_hits(hits, query)  # the hits found, narrowed again: no new search

    def set_filters(self, filters: LibraryFilters) -> None:
        self.filters_button.setChecked(True)
        self.filter_bar.set_filters(filters)

    # -- rows ----------------------------------------------------------------------------------

    def set_summaries(self, summaries: Sequence[PostmortemSummary], *, select: str | None = None) -> None:
        """Show ``summaries`` and select ``select`` (without asking to open it); without ``select``
        the row selected before stays selected. The sort order, filters and scroll position stay."""
        if select is None:
            select = self.selected_id()
        bars = (self.view.verticalScrollBar(), self.view.horizontalScrollBar())
        scrolled = [bar.value() for bar in bars]
        current = self.view.currentIndex()
        in_view = current.isValid() and self.view.viewport().rect().intersects(self.view.visualRect(current))
        self._quiet = True
        try:
            self.model.set_summaries(summaries)
            self.filter_bar.set_choices(
                [tag for s in summaries for tag in s.tags], [service for s in summaries for service in s.services]
            )
            if select is not None:
                self.select(select, scroll=False)
            self.view.doItemsLayout()  # the scroll ranges for the new rows, so the old position can be set
            for bar, value in zip(bars, scrolled):
                bar.setValue(value)
            moved = self.view.visualRect(self.view.currentIndex())
            viewport = self.view.viewport().rect()
            if in_view and (moved.top() < viewport.top() or moved.bottom() > viewport.bottom()):
                self.view.scrollTo(self.view.currentIndex())  # the selected row moved (a new date): follow it
        finally:
            self._quiet = False
        if self.search.text().strip() and not self._timer.isActive():
            self._timer.start()  # the texts may have changed: refresh the hits after a pause

    def select(self, pm_id: str, *, scroll: bool = True) -> None:
        """Make ``pm_id``'s row the selected one (without asking to open it); ``scroll``: into view."""
        row = self.model.row_of(pm_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            was_quiet, self._quiet = self._quiet, True
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            if scroll:
                self.view.scrollTo(index)
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
