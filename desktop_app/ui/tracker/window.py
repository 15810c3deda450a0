"""The follow-up tracker window: every postmortem's action items, filtered, sorted and edited in place or in bulk.

Every write (a cell edit, *Set status ▸*, *Set owner…*, a CSV import, undo, redo) goes
through ``_write``: it first calls ``before_write`` (the main window saves its pending
edits there, so nothing typed is lost), writes in one transaction, shows the new states,
and emits ``items_written`` with the postmortems it changed (the main window reloads the
open one). Writes are undoable while the window is open: undo writes the items' earlier
status, status date and owner back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QRectF,
    QSettings,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMainWindow,
    QMenu,
    QStyle,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import ActionStatus
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.csv_status_import import (
    CsvStatusError,
    ImportPlan,
    not_applied_heading,
    plan_status_import,
    read_status_csv,
)
from desktop_app.formats.errors import ExportFailure
from desktop_app.storage.action_tracker import (
    BulkResult,
    ItemChange,
    ItemKey,
    ItemState,
    TrackedItem,
    apply_changes,
    list_items,
    restore,
)
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.tracker.commands import BulkChangeCommand
from desktop_app.ui.tracker.csv_io import tracker_csv
from desktop_app.ui.tracker.delegate import TrackerDelegate
from desktop_app.ui.tracker.dialogs import TrackerDialogs
from desktop_app.ui.tracker.filter_bar import FilterBar
from desktop_app.ui.tracker.model import COLUMNS, DUE, ITEM, KeyRole, TrackerModel, TrackerProxy
from desktop_app.ui.widgets.links import Links, tracker_link
from desktop_app.ui.widgets.text_edits import mute, plain_label

MAX_LISTED_ROWS = 25
_WIDTHS = {ITEM: 300, 1: 200, 2: 120, DUE: 176, 4: 96, 5: 64, 6: 76, 7: 96, 8: 70}


def person_icon(color: QColor, size: int = 32) -> QIcon:
    """A drawn head and shoulders (for when the icon theme has no person icon)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    head = size * 0.36
    painter.drawEllipse(QRectF((size - head) / 2, size * 0.08, head, head))
    shoulders = QPainterPath()
    shoulders.moveTo(size * 0.12, size * 0.94)
    shoulders.cubicTo(size * 0.12, size * 0.52, size * 0.88, size * 0.52, size * 0.88, size * 0.94)
    shoulders.closeSubpath()
    painter.drawPath(shoulders)
    painter.end()
    return QIcon(pixmap)


def counted(n: int, noun: str) -> str:
    """``no owner changes``, ``1 owner change``, ``2 owner changes``."""
    if n == 0:
        return f"no {noun}s"
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def and_list(words: list[str]) -> str:
    """``4``, ``4 and 7``, ``4, 7 and 9``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class TrackerWindow(QMainWindow):
    """The follow-up tracker.

    Attributes:
        repository: where the items are read and written.
        today: what "today" is for overdue, due-soon and status dates (tests replace it).
        before_write: called before every write; a False return cancels it (the main
            window saves its pending edits there).
        undo_stack: this window's writes.

    Signals:
        open_requested(str, str): open the postmortem (id) at the action item (id).
        items_written(list): the ids of the postmortems a write changed.
    """

    open_requested = Signal(str, str)
    items_written = Signal(list)

    def __init__(
        self,
        repository: PostmortemRepository,
        *,
        settings: QSettings | None = None,
        before_write: Callable[[], bool] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Follow-up tracker — Hindsight")
        self.setObjectName("follow-up-tracker")
        self.repository = repository
        self.settings = settings
        self.today = today
        self.before_write = before_write
        self.undo_stack = QUndoStack(self)
        self._stale = False

        self.model = TrackerModel(self)
        self.model.edit_handler = self._edit_cell
        self.proxy = TrackerProxy(lambda: self.today(), self)
        self.proxy.setSourceModel(self.model)
        self.filters = FilterBar(self)
        self.view = self._build_view()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.empty_label = mute(plain_label("", self.view.viewport()))
        self.empty_label.setAccessibleName("No items shown")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.view.viewport().installEventFilter(self)
        self.count_label = plain_label()
        self.count_label.setAccessibleName("Items shown")
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_actions()
        self._build_toolbar()
        self.filters.changed.connect(self._filters_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        # Counting after every proxy signal would cost O(rows) per removed range: count once per burst.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._update_count)
        proxy = self.proxy
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, self.model.dataChanged):
            signal.connect(lambda *_: self._count_timer.start())
        self.resize(1200, 700)
        self.restore_state()
        self.reload()

    # -- construction ----------------------------------------------------------------------

    def _build_view(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.proxy)
        view.setAccessibleName("Action items of all postmortems")
        view.setItemDelegate(TrackerDelegate(self.model.owners, view))
        view.setSortingEnabled(True)
        view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, _WIDTHS[column])
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        # Enter, or a double-click that does not start editing the owner or status
        view.activated.connect(lambda _index: self.open_current())
        return view

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        style = self.style()
        self.status_menu = QMenu("Set &status", self)
        self.status_actions: dict[ActionStatus, QAction] = {}
        for number, status in enumerate(ActionStatus, start=1):
            action = self.status_menu.addAction(status.label)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, s=status: self.set_status_selected(s))
            self.status_actions[status] = action
        self.addActions(list(self.status_actions.values()))
        owner_icon = QIcon.fromTheme("user-identity")
        if owner_icon.isNull():
            owner_icon = person_icon(self.palette().color(QPalette.ColorRole.WindowText))
        self.owner_action = QAction(owner_icon, "Set &owner…", self)
        self.owner_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.owner_action.triggered.connect(self.set_owner_selected)
        self.open_action = QAction(style.standardIcon(sp.SP_FileDialogDetailedView), "&Open postmortem", self)
        self.open_action.setToolTip("Open the item in its postmortem (Enter or double-click)")
        self.open_action.triggered.connect(self.open_current)
        self.link_action = QAction("Open &tracker link", self)
        self.link_action.setToolTip("Open the item's tracker link (when it is a web address) in the browser")
        self.link_action.triggered.connect(self.open_tracker_link)
        self.export_action = QAction(style.standardIcon(sp.SP_DialogSaveButton), "&Export CSV…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Export the items shown as CSV (Jira-style columns)")
        self.export_action.triggered.connect(self.export_dialog)
        self.import_action = QAction(
            style.standardIcon(sp.SP_DialogOpenButton), "&Import status changes from CSV…", self
        )
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_dialog)
        self.refresh_action = QAction(style.standardIcon(sp.SP_BrowserReload), "&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self.reload)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setIcon(style.standardIcon(sp.SP_ArrowBack))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(style.standardIcon(sp.SP_ArrowForward))
        self.find_action = QAction("&Find", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(lambda: self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.close_action = QAction("&Close", self)
        self.close_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.close_action.triggered.connect(self.close)
        self.addActions([self.undo_action, self.redo_action, self.find_action, self.close_action,
                         self.owner_action, self.export_action, self.import_action, self.refresh_action])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Tracker toolbar", self)
        toolbar.setObjectName("tracker-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        status_button = QToolButton(toolbar)
        status_button.setText("Set status")
        status_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        status_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        status_button.setMenu(self.status_menu)
        status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        status_button.setToolTip("Set the status of the selected items (Ctrl+1 … Ctrl+4)")
        self.status_button = status_button
        toolbar.addWidget(status_button)
        toolbar.addAction(self.owner_action)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addActions([self.export_action, self.import_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action, self.refresh_action])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # -- state -------------------------------------------------------------------------------

    def restore_state(self) -> None:
        if self.settings is None:
            return
        for key, restore_it in (("tracker/geometry", self.restoreGeometry),
                                ("tracker/header", self.view.horizontalHeader().restoreState)):
            value = self.settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore_it(value)

    def save_state(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("tracker/geometry", self.saveGeometry())
        self.settings.setValue("tracker/header", self.view.horizontalHeader().saveState())
        self.settings.sync()

    def mark_stale(self) -> None:
        """The stored items may have changed elsewhere: reload when this window is next activated."""
        self._stale = True

    def reload(self) -> None:
        """Read every item again, keeping the selection and current row where they still exist."""
        self._stale = False
        selected = set(self.selected_keys())
        current = self.view.currentIndex().data(KeyRole)
        self.model.set_items(list_items(self.repository, self.today()))
        self.filters.set_choices(self.model.owners(), self.model.postmortems())
        self.proxy.set_filter(self.filters.tracker_filter())
        self._select_keys(selected, current)
        self._update_count()
        self._update_actions()

    def _select_keys(self, keys: set[ItemKey], current: ItemKey | None) -> None:
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for key in keys:
            row = self.model.row_of(key)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
            if index.isValid():
                selection.select(index, flags)
        if current is not None:
            row = self.model.row_of(current)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
            if index.isValid():
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _filters_changed(self) -> None:
        self.proxy.set_filter(self.filters.tracker_filter())
        self._update_count()
        self._update_actions()

    def _update_count(self) -> None:
        self._count_timer.stop()
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        overdue = self.proxy.overdue_count()
        text = f"Showing {shown} of {total} items"
        if overdue:
            text += f" · {overdue} overdue"
        self.count_label.setText(text)
        if shown == 0:
            self.empty_label.setText(
                "No action items yet: add them in step 6 of a postmortem." if total == 0
                else "No items match these filters. Clear filters shows every item."
            )
            self.empty_label.setGeometry(self.view.viewport().rect())
        self.empty_label.setVisible(shown == 0)

    def _update_actions(self) -> None:
        has_selection = bool(self.view.selectionModel().selectedRows())
        self.status_button.setEnabled(has_selection)
        for action in (*self.status_actions.values(), self.owner_action):
            action.setEnabled(has_selection)
        self.open_action.setEnabled(self.view.currentIndex().isValid())
        self.link_action.setEnabled(self._current_link() is not None)

    # -- selection ---------------------------------------------------------------------------

    def selected_items(self) -> list[TrackedItem]:
        """The selected rows' items, in the order shown."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.item(self.proxy.mapToSource(self.proxy.index(row, 0)).row()) for row in rows]

    def selected_keys(self) -> list[ItemKey]:
        return [item.key for item in self.selected_items()]

    def visible_items(self) -> list[TrackedItem]:
        return self.proxy.visible_items()

    # -- writing -----------------------------------------------------------------------------

    def _write(self, action: Callable[[], BulkResult]) -> BulkResult | None:
        """Run one write after ``before_write``; show its result and tell listeners. ``None`` if it failed."""
        if self.before_write is not None and not self.before_write():
            TrackerDialogs.show_error(
                self, "Not changed",
                "The open postmortem has edits that could not be saved, so nothing was changed here. "
                "Fix the save problem in the main window and try again.",
            )
            return None
        try:
            result = action()
        except Exception as exc:  # noqa: BLE001 - a database error is shown; nothing was written
            TrackerDialogs.show_error(self, "Not changed", "The action items could not be changed.", str(exc))
            return None
        self.model.apply_states(result.after, self.today())
        if result.missing:
            self.reload()
        self._update_count()
        if result.versions:
            self.items_written.emit(sorted(result.versions))
        return result

    def _write_states(self, states: Mapping[ItemKey, ItemState]) -> bool:
        return self._write(lambda: restore(self.repository, states)) is not None

    def apply(self, changes: Mapping[ItemKey, ItemChange], text: str) -> BulkResult | None:
        """Write ``changes`` as one undoable step named ``text``."""
        result = self._write(lambda: apply_changes(self.repository, changes, self.today()))
        if result is not None and result.before:
            self.undo_stack.push(BulkChangeCommand(text, result.before, result.after, self._write_states))
            noun = "item" if len(result.before) == 1 else "items"
            self.statusBar().showMessage(f"{text}: {len(result.before)} {noun} changed", 6000)
        return result

    def _edit_cell(self, key: ItemKey, change: ItemChange) -> bool:
        text = "Change status" if change.status is not None else "Change owner"
        return self.apply({key: change}, text) is not None

    def _confirm(self, count: int, field_name: str, value: str) -> bool:
        if count <= 1:
            return True
        return TrackerDialogs.confirm_bulk(
            self, f"Set the {field_name} of {count} items to “{value}”?",
            "You can undo this with Ctrl+Z while the tracker is open.",
        )

    def set_status_selected(self, status: ActionStatus) -> BulkResult | None:
        keys = self.selected_keys()
        if not keys or not self._confirm(len(keys), "status", status.label):
            return None
        return self.apply({key: ItemChange(status=status) for key in keys}, f"Set status to {status.label}")

    def set_owner_selected(self) -> BulkResult | None:
        items = self.selected_items()
        if not items:
            return None
        owners = {item.owner_name for item in items}
        owner = TrackerDialogs.ask_owner(self, len(items), owners.pop() if len(owners) == 1 else "")
        if owner is None or not self._confirm(len(items), "owner", owner.strip() or "nobody"):
            return None
        return self.apply({item.key: ItemChange(owner=owner) for item in items}, "Set owner")

    # -- open, export, import ----------------------------------------------------------------

    def _current_link(self) -> QUrl | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return tracker_link(self.model.item(self.proxy.mapToSource(index).row()).tracker_ref)

    def open_tracker_link(self) -> bool:
        """Open the current item's tracker reference in the browser, when it is a web link."""
        url = self._current_link()
        return url is not None and Links.open(url)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            pm_id, item_id = index.data(KeyRole)
            self.open_requested.emit(pm_id, item_id)

    def export_dialog(self) -> None:
        path = TrackerDialogs.ask_save_path(self, "Export follow-up items as CSV", "follow-up-items.csv", "CSV (*.csv)")
        if path is not None:
            self.export_csv(path)

    def export_csv(self, path: Path) -> bool:
        """Write the rows shown, in the order shown, as CSV to ``path``."""
        items = self.visible_items()
        try:
            write_atomically(path, tracker_csv(items))
        except (ExportFailure, OSError) as exc:
            TrackerDialogs.show_error(self, "Export failed", f"Nothing was written to {path}.", str(exc))
            return False
        noun = "item" if len(items) == 1 else "items"
        self.statusBar().showMessage(f"Exported {len(items)} {noun} to {path.name}", 6000)
        return True

    def import_dialog(self) -> None:
        path = TrackerDialogs.ask_open_csv(self)
        if path is not None:
            self.import_csv(path)

    def import_csv(self, path: Path) -> ImportPlan | None:
        """Apply the status and owner changes in the CSV at ``path`` (one undoable step) and report."""
        try:
            parsed = read_status_csv(path)  # a file over 10 MB is refused before it is read
        except (OSError, CsvStatusError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            TrackerDialogs.show_error(self, "Import failed", f"Nothing was changed: {path.name} could not be read.",
                                      detail)
            return None
        self.reload()
        current = {item.key: (item.status, item.owner) for item in self.model.items()}
        plan = plan_status_import(parsed, current)
        changes = {c.key: ItemChange(status=c.status, owner=c.owner) for c in plan.changes}
        if changes and self.apply(changes, f"Import {path.name}") is None:
            return None
        self._report_import(path, plan)
        return plan

    def _report_import(self, path: Path, plan: ImportPlan) -> None:
        changed = len(plan.changes)
        parts = [f"{counted(changed, 'item')} changed"]
        if changed:
            parts[0] += (f" ({counted(plan.status_changes, 'status change')}, "
                         f"{counted(plan.owner_changes, 'owner change')})")
        if plan.unchanged:
            parts.append(f"{plan.unchanged} already up to date")
        text = f"{path.name}: " + "; ".join(parts) + "."
        details = []
        if plan.unmatched:
            numbers = [str(p.row) for p in plan.unmatched]
            which = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {and_list(numbers)}"
            details.append(f"{counted(len(plan.unmatched), 'row')} matched no item and changed nothing ({which}):")
            details += [f"• {p}" for p in plan.unmatched[:MAX_LISTED_ROWS]]
        if plan.problems:
            details.append(not_applied_heading(len(plan.problems)))
            details += [f"• {p}" for p in plan.problems[:MAX_LISTED_ROWS]]
        hidden = max(0, len(plan.unmatched) - MAX_LISTED_ROWS) + max(0, len(plan.problems) - MAX_LISTED_ROWS)
        if hidden:
            details.append(f"… and {hidden} more")
        self.statusBar().showMessage(text, 8000)
        TrackerDialogs.show_import_summary(
            self, text, "\n".join(details), problems=bool(plan.unmatched or plan.problems)
        )

    # -- menus and events --------------------------------------------------------------------

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.link_action)
        menu.addSeparator()
        menu.addMenu(self.status_menu)
        menu.addAction(self.owner_action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.view.viewport().rect())
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and self._stale:
            self.reload()
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        event.accept()

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select these rows of the view (as shown), the first one current."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.proxy.index(row, 0), flags)
        if rows:
            selection.setCurrentIndex(self.proxy.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
