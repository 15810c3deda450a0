"""``TimelineView``: the timeline table, set up for internal drag-to-reorder of whole rows.

Drops are resolved here, not left to ``QTableView``: the drop row comes from the pointer
(upper half of a row → above it, lower half → below it, empty space → the end), the move
goes through the model's ``dropMimeData`` (which moves through ``moveRows`` logic and
returns False), and the event is accepted as ``IgnoreAction`` so the drag source never
removes anything afterwards. That keeps the behaviour the same on every Qt 6 release,
whatever ``QTableView.dropEvent`` does on its own.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.ui.timeline.delegates import TimelineDelegate
from desktop_app.ui.timeline.model import TimelineModel

DESCRIPTION_SHARE = 0.35
"""In a narrow table the description keeps at least this share of the width (see ``fit_columns``)."""
MIN_DESCRIPTION = 160


class TimelineView(QTableView):
    """A row-selecting table with internal move by drag; Enter and F2 edit in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.squeeze_columns = True
        """Narrow kind, key moment and actor in a narrow table (presentation mode fits its own)."""
        self._side_widths: dict[int, int] = {}
        self._squeezed = False
        self.setAccessibleName("Timeline")
        self.setItemDelegate(TimelineDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        vertical.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000") + 8)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """Show ``model``; column widths and order survive a switch between model and filter."""
        header = self.horizontalHeader()
        previous = header.saveState() if self.model() is not None and header.count() else None
        super().setModel(model)
        if previous is not None and header.restoreState(previous):
            return
        metrics = self.fontMetrics()
        time_width = metrics.horizontalAdvance("~2024-03-05 14:02 PDT") + 30
        for column, mode, width in (
            (TimelineModel.TIME, QHeaderView.ResizeMode.Interactive, time_width),
            (TimelineModel.KIND, QHeaderView.ResizeMode.Interactive, metrics.horizontalAdvance(
                "Communication") + 20),
            (TimelineModel.KEY, QHeaderView.ResizeMode.Interactive, metrics.horizontalAdvance(
                "Acknowledgement") + 16),
            (TimelineModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch, 0),
            (TimelineModel.ACTOR, QHeaderView.ResizeMode.Interactive, 100),
        ):
            header.setSectionResizeMode(column, mode)
            if width:
                header.resizeSection(column, width)
                if column != TimelineModel.TIME:
                    self._side_widths[column] = width
        self._squeezed = False
        self.fit_columns()
        # Key moment reads best beside the kind; the model's column numbers stay as they are.
        header.moveSection(header.visualIndex(TimelineModel.KEY), TimelineModel.KIND + 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Keep the description readable in a narrow table: below ``DESCRIPTION_SHARE`` of the width,
        kind, key moment and actor give up width (to at most half each; their text elides, the tool tip
        has it), and get it back when the table widens. Widths set by hand are left alone otherwise."""
        if not self.squeeze_columns or not self._side_widths or self.model() is None:
            return
        header = self.horizontalHeader()
        room = self.viewport().width() - header.sectionSize(TimelineModel.TIME)
        wanted = sum(self._side_widths.values())
        description = max(int(self.viewport().width() * DESCRIPTION_SHARE), MIN_DESCRIPTION)
        if room - wanted >= description:
            if self._squeezed:
                self._squeezed = False
                for column, width in self._side_widths.items():
                    header.resizeSection(column, width)
            return
        scale = max((room - description) / wanted, 0.5)
        self._squeezed = True
        for column, width in self._side_widths.items():
            header.resizeSection(column, int(width * scale))

    # -- keyboard -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter edits the current cell (F2 does so through ``EditKeyPressed``).

        Alt+Up/Down belong to the editor's move actions; when a move is not possible (the
        action is disabled) the key must not fall through to plain cursor movement.
        """
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            event.accept()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().isValid()
        ):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)

    # -- drops ----------------------------------------------------------------------------------

    def drop_row_at(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` (viewport coordinates) goes before; ``rowCount()`` = the end."""
        model = self.model()
        index = self.indexAt(pos)
        if not index.isValid():
            return model.rowCount() if model is not None else 0
        rect = self.visualRect(index)
        return index.row() if pos.y() < rect.center().y() else index.row() + 1

    def is_own_drag(self, event: QDropEvent) -> bool:
        """Whether the drag started in this view (the only drags this view takes)."""
        return event.source() is self

    def _can_take(self, event: QDropEvent) -> bool:
        model = self.model()
        return (
            model is not None
            and self.is_own_drag(event)
            and model.canDropMimeData(
                event.mimeData(), Qt.DropAction.MoveAction, self.drop_row_at(event.position().toPoint()), 0,
                QModelIndex(),
            )
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._can_take(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.setState(QAbstractItemView.State.DraggingState)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        super().dragMoveEvent(event)  # drop indicator and auto-scroll
        if self._can_take(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        model = self.model()
        if model is None or not self.is_own_drag(event):
            event.ignore()
            return
        row = self.drop_row_at(event.position().toPoint())
        model.dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, row, 0, QModelIndex())
        # Accept as IgnoreAction: the move is done; nothing must be removed by the drag source.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
