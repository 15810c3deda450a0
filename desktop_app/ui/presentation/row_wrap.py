"""Wrapped rows for a table on the shared screen: long texts take two or three lines, not an ellipsis.

``VisibleRowWrapper`` turns word wrap on and sets the height of the rows that are on screen
only (from the first visible row down to the bottom of the viewport), so a timeline of
thousands of events costs no more than the screenful shown. Rows are measured in the
wrapped column (the description) at its current width; a row is never lower than the
table's default row height and never higher than ``max_lines`` lines. Heights are updated
after scrolling, resizing, a font change and any change to the rows, coalesced into one pass
per event-loop turn. A table scrolled to its end stays at its end: the last rows are measured
from the bottom up and the scroll bar follows them as they grow.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

MAX_LINES = 3
CELL_MARGIN = 6
"""Horizontal room the style leaves around a cell's text (both sides together: about 2 x 3 px)."""


class VisibleRowWrapper(QObject):
    """Keeps the on-screen rows of ``view`` tall enough for ``column``'s text, up to ``max_lines`` lines.

    Attributes:
        view, column, max_lines: what is wrapped; passes: how many height passes ran (for tests).
    """

    def __init__(self, view: QTableView, column: int, *, max_lines: int = MAX_LINES) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.max_lines = max_lines
        self.passes = 0
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.update_rows)
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._follow_end = False
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.schedule())
        view.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._keep_end())
        view.horizontalHeader().sectionResized.connect(lambda *_args: self.schedule())
        view.viewport().installEventFilter(self)
        self._model = None
        self._connect_model()

    def _connect_model(self) -> None:
        model = self.view.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.rowsMoved,
                       model.modelReset, model.layoutChanged):
            signal.connect(lambda *_args: self.schedule())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.schedule()
        return False

    def schedule(self) -> None:
        """Update the visible rows' heights once control returns to the event loop."""
        self._pending.start()

    def row_height(self, row: int) -> int:
        """The height row ``row`` needs: its wrapped text, between one default row and ``max_lines`` lines."""
        view = self.view
        base = view.verticalHeader().defaultSectionSize()
        model = view.model()
        if model is None:
            return base
        text = str(model.index(row, self.column).data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = QFontMetrics(view.font())
        width = max(1, view.columnWidth(self.column) - CELL_MARGIN
                    - 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view))
        bounds = metrics.boundingRect(QRect(0, 0, width, 1_000_000),
                                      int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere), text)
        # Rounded, not ceiled: at some sizes one line's box is a pixel higher than the line spacing.
        lines = max(1, min(self.max_lines, round(bounds.height() / max(1, metrics.lineSpacing()))))
        single = base - metrics.lineSpacing()  # the padding the table's default row leaves around one line
        return max(base, single + lines * metrics.lineSpacing())

    def visible_rows(self) -> range:
        """The rows from the first one shown down to the one at the bottom edge (heights as they are now)."""
        view = self.view
        model = view.model()
        count = model.rowCount() if model is not None else 0
        if count == 0:
            return range(0)
        first = max(0, view.rowAt(0))
        last = view.rowAt(view.viewport().height() - 1)
        return range(first, count if last < 0 else last + 1)

    def update_rows(self) -> None:
        """Set the height of every row on screen: down from the first one shown until the viewport is
        full, or, at the end of the table, up from the last row."""
        self._pending.stop()
        self._connect_model()
        view = self.view
        model = view.model()
        if model is None or self.view.isColumnHidden(self.column):
            return
        self.passes += 1
        header = view.verticalHeader()
        bar = view.verticalScrollBar()
        at_end = bar.maximum() > 0 and bar.value() >= bar.maximum()
        room = view.viewport().height()
        count = model.rowCount()
        row, step = (count - 1, -1) if at_end else (max(0, view.rowAt(0)), 1)
        used = 0
        while 0 <= row < count and used < room:
            height = self.row_height(row)
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)
            used += height
            row += step
        self._follow_end = at_end

    def _keep_end(self) -> None:
        """At the end of the table, stay there when growing rows lengthen the scroll range."""
        bar = self.view.verticalScrollBar()
        if self._follow_end and bar.value() != bar.maximum():
            bar.setValue(bar.maximum())
