"""``TimelineEditor``: the timeline tab — figures, tool bar, zone and filter, the table, a status line.

Keys while the table has focus: Insert adds an event below the selection (Shift+Insert
above), Ctrl+D duplicates, Delete deletes, Alt+Up / Alt+Down move the selected rows, F2 or
Enter edits the current cell. Every one of these is a single undo step, as is "Mark as"
(tool bar or right-click), which makes the selected event a key moment. Ctrl+C copies the
selected rows as tab-separated text (a spreadsheet takes it), Ctrl+X cuts them and Ctrl+V
pastes rows (from Hindsight or a spreadsheet) below the current one: each one undo step.

With no filter the table shows the model itself; the filter proxy is attached only while a
filter is on, so a move in a 10,000-event timeline is not a full re-filter and re-layout.
The display zone ("Show times in") is a view setting kept in ``QSettings``.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import EventKind, KeyMoment, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.clipboard import events_from_mime, rows_mime
from desktop_app.ui.timeline.filter import TimelineFilter
from desktop_app.ui.timeline.metrics_strip import MetricsStrip
from desktop_app.ui.timeline.model import OUT_OF_ORDER_TIP, TimelineModel, kind_label
from desktop_app.ui.timeline.view import TimelineView
from desktop_app.ui.timeline.zone_chooser import POSTMORTEM, ZoneChooser, load_choice, save_choice
from desktop_app.ui.widgets.text_edits import REFUSAL_TIP_MS, LineEdit, mute

FILTER_HINT = "Clear the filter to reorder events."
SEARCH_DEBOUNCE_MS = 200
"""On a long timeline the search runs once typing pauses this long (or on Enter)."""
DEBOUNCE_FROM_ROWS = 2_000


class TimelineEditor(QWidget):
    """The timeline editor over one document.

    Attributes:
        model: the ``TimelineModel`` (source rows = the document's order).
        proxy: the filter in front of it; ``view`` shows the proxy.
        view: the table.
        add_button, add_above_button, duplicate_button, remove_button, up_button,
        down_button, sort_button: the tool bar's buttons (each runs the matching action).
        mark_button, mark_menu, mark_actions: "Mark as ▸" and its actions (KeyMoment or None).
        search_edit, kind_combo: the filter inputs.
        zone_chooser: "Show times in" (a view setting; stores nothing in the postmortem).
        metrics_strip: the live derived figures.
        status_label: counts, order warnings, the filter hint and why a typed time was refused.
    """

    def __init__(
        self, doc: PostmortemDocument, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self._settings = settings
        self.model = TimelineModel(doc, self)
        self.proxy = TimelineFilter(self.model, self)
        self.proxy.attach(False)  # attached only while a filter is on (see _filter)
        self.view = TimelineView(self)
        self.view.setModel(self.model)

        style = self.style()
        self.add_action = self._action("Add event", "Insert", "list-add", style, None,
                                       "Add an event below the selection", self.add_below)
        self.add_above_action = self._action("Add above", "Shift+Insert", "", style, None,
                                             "Add an event above the selection", self.add_above)
        self.duplicate_action = self._action("Duplicate", "Ctrl+D", "edit-copy", style, None,
                                             "Duplicate the selected events", self.duplicate_selected)
        self.remove_action = self._action("Remove", QKeySequence(QKeySequence.StandardKey.Delete), "list-remove",
                                          style, None, "Delete the selected events", self.remove_selected)
        self.copy_action = self._action("Copy", QKeySequence(QKeySequence.StandardKey.Copy), "edit-copy", style,
                                        None, "Copy the selected events (a spreadsheet takes them too)",
                                        self.copy_selected)
        self.cut_action = self._action("Cut", QKeySequence(QKeySequence.StandardKey.Cut), "edit-cut", style,
                                       None, "Cut the selected events", self.cut_selected)
        self.paste_action = self._action("Paste", QKeySequence(QKeySequence.StandardKey.Paste), "edit-paste",
                                         style, None, "Paste events (from Hindsight or a spreadsheet) below "
                                         "the selection", self.paste)
        self.paste_problems: list[str] = []
        self.time_problem = ""
        """Why the last typed time was refused; in the status line until the document next changes."""
        self.up_action = self._action("Move up", "Alt+Up", "go-up", style, QStyle.StandardPixmap.SP_ArrowUp,
                                      "Move the selected events up", lambda: self.move_selected(-1))
        self.down_action = self._action("Move down", "Alt+Down", "go-down", style,
                                        QStyle.StandardPixmap.SP_ArrowDown, "Move the selected events down",
                                        lambda: self.move_selected(1))
        self.sort_action = self._action("Sort by time", "", "view-sort-ascending", style, None,
                                        "Put the events in time order (events without a time stay after the "
                                        "event they follow)", self.sort_by_time)

        self.mark_menu = QMenu("Mark as", self)
        self.mark_menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.mark_actions: dict[KeyMoment | None, QAction] = {}
        for moment in (*KeyMoment, None):
            if moment is None:
                self.mark_menu.addSeparator()
            action = self.mark_menu.addAction(moment.label if moment is not None else "None")
            action.setCheckable(True)
            action.setToolTip(f"Mark the selected event as the incident's {moment.label.lower()} moment"
                              if moment is not None else "The selected event is no key moment")
            action.triggered.connect(lambda _checked=False, m=moment: self.mark_selected(m))
            group.addAction(action)
            self.mark_actions[moment] = action
        self.mark_menu.aboutToShow.connect(self._check_mark_actions)
        self.mark_button = QToolButton(self)
        self.mark_button.setText("Mark as")
        self.mark_button.setMenu(self.mark_menu)
        self.mark_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.mark_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.mark_button.setAutoRaise(True)
        self.mark_button.setAccessibleName("Mark as key moment")
        self.mark_button.setToolTip("Mark the selected event as a key moment: it feeds the derived figures")

        self.add_button = self._button(self.add_action)
        self.add_above_button = self._button(self.add_above_action)
        self.duplicate_button = self._button(self.duplicate_action)
        self.remove_button = self._button(self.remove_action)
        self.up_button = self._button(self.up_action)
        self.down_button = self._button(self.down_action)
        self.sort_button = self._button(self.sort_action)
        self._compact_buttons = (self.up_button, self.down_button, self.sort_button)
        for button in self._compact_buttons:  # icons only until the editor is known to have room for words
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            # the row's minimum is the icons' whatever is shown, so a narrower window can take the words away
            button.setMinimumWidth(button.sizeHint().width())

        self.search_edit = LineEdit(self)
        self.search_edit.setPlaceholderText("Filter events…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Filter timeline events")
        self.search_edit.setMinimumWidth(150)
        self.search_edit.setMaximumWidth(360)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Show events of kind")
        self.kind_combo.addItem("All kinds", None)
        for kind in EventKind:
            self.kind_combo.addItem(kind_label(kind), kind)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        for widget in (self.add_button, self.add_above_button, self.duplicate_button, self.remove_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (self.up_button, self.down_button, self.sort_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.mark_button)
        bar.addStretch(1)
        self._bar = bar
        self.zone_chooser = ZoneChooser(self)
        zone_label = QLabel("Show times &in", self)
        zone_label.setBuddy(self.zone_chooser)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.kind_combo)
        filters.addStretch(1)
        filters.addWidget(zone_label)
        filters.addWidget(self.zone_chooser)
        self.metrics_strip = MetricsStrip(doc, self)

        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleName("Timeline status")
        self.status_label.setWordWrap(True)
        mute(self.status_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.metrics_strip)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._apply_search)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._filter(kind=self.chosen_kind()))
        self.view.selectionModel().selectionChanged.connect(self._update)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.rowsMoved,
                       self.model.modelReset, self.model.layoutChanged, self.model.dataChanged,
                       self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged):
            signal.connect(self._update)
        self.view.itemDelegate().closeEditor.connect(self._editor_closed)
        self.model.time_refused.connect(self._time_refused)
        doc.undo_stack.indexChanged.connect(self._forget_time_problem)
        doc.loaded.connect(self._forget_time_problem)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.zone_chooser.choice_changed.connect(self._zone_chosen)
        doc.loaded.connect(self._follow_postmortem_zone)
        doc.field_changed.connect(lambda path: path == ("time_zone",) and self._follow_postmortem_zone())
        self._zone_loaded = False
        self._follow_postmortem_zone()
        self._update()

    # -- the display zone (a view setting) ------------------------------------------------------------

    def settings(self) -> QSettings:
        """The settings the display zone is kept in: the given ones, the main window's, else the app's."""
        if self._settings is None:
            widget = self.parentWidget()
            while widget is not None and not isinstance(getattr(widget, "settings", None), QSettings):
                widget = widget.parentWidget()
            found = getattr(widget, "settings", None) if widget is not None else None
            self._settings = found if isinstance(found, QSettings) else QSettings()
        return self._settings

    def _load_zone_choice(self) -> None:
        if not self._zone_loaded:
            self._zone_loaded = True
            self.zone_chooser.blockSignals(True)
            self.zone_chooser.set_choice(load_choice(self.settings()))
            self.zone_chooser.blockSignals(False)
            self._apply_zone()

    def showEvent(self, event: object) -> None:  # noqa: N802
        self._load_zone_choice()
        super().showEvent(event)  # type: ignore[arg-type]

    def _follow_postmortem_zone(self) -> None:
        if self.doc.is_loaded:
            self.zone_chooser.set_postmortem_zone(self.doc.pm.time_zone)
            self._load_zone_choice()
        self._apply_zone()

    def _apply_zone(self) -> None:
        choice = self.zone_chooser.choice
        self.model.set_display_zone(None if choice == POSTMORTEM else self.zone_chooser.zone_name())

    def _zone_chosen(self, choice: str) -> None:
        save_choice(self.settings(), choice)
        self._apply_zone()

    def show_times_in(self, choice: str) -> bool:
        """Show (and type) times in ``choice``: ``postmortem``, ``local`` or an IANA name. Stores nothing
        in the postmortem; the choice is remembered for the app. False for an unknown name."""
        self._load_zone_choice()
        return self.zone_chooser.set_choice(choice)

    # -- key moments -------------------------------------------------------------------------------

    def mark_selected(self, moment: KeyMoment | None) -> bool:
        """Mark the current event as ``moment`` (None: no key moment): one undo step."""
        row = self.current_row()
        if row < 0:
            return False
        return self.model.mark_key_moment(row, moment)

    def _check_mark_actions(self) -> None:
        row = self.current_row()
        current = self.model.event_at(row).key_moment if row >= 0 else None
        for moment, action in self.mark_actions.items():
            action.setChecked(row >= 0 and moment is current)

    def context_menu(self) -> QMenu:
        """The right-click menu for the selection (built fresh each time)."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        for action in (self.add_action, self.add_above_action, self.duplicate_action, self.remove_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.cut_action, self.copy_action, self.paste_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.up_action, self.down_action):
            menu.addAction(action)
        menu.addSeparator()
        self._check_mark_actions()
        sub = menu.addMenu("Mark as")
        for action in self.mark_actions.values():
            if action is self.mark_actions[None]:
                sub.addSeparator()
            sub.addAction(action)
        sub.setEnabled(bool(self.selected_rows()))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu().exec(self.view.viewport().mapToGlobal(pos))

    def _action(self, text: str, keys: str | QKeySequence, theme: str, style: QStyle,
                fallback: QStyle.StandardPixmap | None, tip: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        icon = QIcon.fromTheme(theme) if theme else QIcon()
        if icon.isNull() and fallback is not None:
            icon = style.standardIcon(fallback)
        if not icon.isNull():
            action.setIcon(icon)
        sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
        if not sequence.isEmpty():
            action.setShortcut(sequence)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({shown})")
        else:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if hasattr(self, "_bar"):
            self._fit_buttons(event.size().width())

    def _fit_buttons(self, width: int) -> None:
        """Move up, Move down and Sort show their words when the row has room for them, else their
        icons only (tool tips and accessible names keep the words): step 5 fits a 1400-px window
        beside the library without the page scrolling sideways."""
        words = 0  # what the icon-only buttons would add with their words beside the icon
        for button in self._compact_buttons:
            if button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                words += button.fontMetrics().horizontalAdvance(button.text()) + 12
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if width >= self._bar.sizeHint().width() + words
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        changed = False
        for button in self._compact_buttons:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)
                changed = True
        if changed:  # a hidden tab does not pass its new minimum up by itself: the page keeps the old one
            widget: QWidget | None = self
            while widget is not None:
                widget.updateGeometry()
                widget = widget.parentWidget()

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setAccessibleName(action.text())
        return button

    # -- selection (in source rows) ------------------------------------------------------------------

    def shown_model(self) -> QAbstractItemModel:
        """What the table shows: the model itself, or the filter while a filter is on."""
        model = self.view.model()
        assert model is not None
        return model

    def _from_source(self, index: QModelIndex) -> QModelIndex:
        return self.proxy.mapFromSource(index) if self.view.model() is self.proxy else index

    def selected_rows(self) -> list[int]:
        """The selected events' rows in the document's order."""
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        if self.view.model() is self.proxy:
            return self.proxy.source_rows(sorted(rows))
        return sorted(rows)

    def current_row(self) -> int:
        rows = self.selected_rows()
        return rows[0] if rows else -1

    def select_rows(self, rows: list[int]) -> None:
        """Select the events at these source rows; the first becomes current and visible."""
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        proxy_rows = []
        shown = self.shown_model()
        for row in rows:
            index = self._from_source(self.model.index(row, 0))
            if index.isValid():
                proxy_rows.append(index.row())
                selection.select(index, shown.index(index.row(), last_column))
        selection_model = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        selection_model.select(selection, flags)
        if proxy_rows:
            current = shown.index(proxy_rows[0], 0)
            selection_model.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(current)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.select_rows([row])

    # -- commands ----------------------------------------------------------------------------------

    @property
    def reorder_allowed(self) -> bool:
        return self.doc.is_loaded and not self.proxy.is_active

    def _add(self, row: int) -> int:
        event = TimelineEvent()
        if self.proxy.is_active:
            self.proxy.pinned.add(event.id)
        row = self.model.insert_event(row, event)
        self.select_rows([row])
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def add_below(self) -> int:
        """Insert an empty event below the selection (or at the end) and select it."""
        if not self.doc.is_loaded:
            return -1
        rows = self.selected_rows()
        return self._add(rows[-1] + 1 if rows else self.model.rowCount())

    def add_above(self) -> int:
        if not self.doc.is_loaded:
            return -1
        rows = self.selected_rows()
        return self._add(rows[0] if rows else 0)

    add = add_below

    def duplicate_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            copies = self.model.duplicate_rows(rows)
            if self.proxy.is_active:
                self.proxy.pinned.update(self.model.event_at(r).id for r in copies)
                self.proxy.invalidateRowsFilter()
            self.select_rows(copies)

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.delete_rows(rows)
            self.select_row(min(rows[0], self.model.rowCount() - 1))

    def copy_selected(self) -> bool:
        """Put the selected events on the clipboard (tab-separated text and the private format)."""
        rows = self.selected_rows()
        if not rows:
            return False
        events = [self.model.event_at(r) for r in rows]
        QApplication.clipboard().setMimeData(rows_mime(self.doc.pm, events, self.model.zone_name()))
        return True

    def cut_selected(self) -> bool:
        """Copy the selected events, then delete them: one undo step."""
        if not self.copy_selected():
            return False
        self.remove_selected()
        return True

    def paste(self) -> list[int]:
        """Paste the clipboard's events below the selection (or at the end): one undo step, new ids.
        Problems reading pasted text (times kept as text, unknown kinds) show in the status line."""
        if not self.doc.is_loaded:
            return []
        events, self.paste_problems = events_from_mime(
            QApplication.clipboard().mimeData(), self.doc.pm, self.model.zone_name())
        if not events:
            self._update()
            return []
        rows = self.selected_rows()
        if self.proxy.is_active:
            self.proxy.pinned.update(e.id for e in events)
        new_rows = self.model.insert_events(rows[-1] + 1 if rows else self.model.rowCount(), events)
        if self.proxy.is_active:
            self.proxy.invalidateRowsFilter()
        self.select_rows(new_rows)
        self._update()
        return new_rows

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Tab / Shift+Tab go on filling in a new row; any other end of editing finishes it."""
        if hint not in (QAbstractItemDelegate.EndEditHint.EditNextItem,
                        QAbstractItemDelegate.EndEditHint.EditPreviousItem):
            self.model.close_new_row()

    def _time_refused(self, message: str) -> None:
        """A typed time was refused: beep and say why in the status line (as paste problems are), which
        keeps it until the document changes, and in the window's status bar. (A tip by the cell would
        go at once: the Enter key's release and the editor closing hide any tool tip.)"""
        QApplication.beep()
        self.time_problem = message
        self._update()
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(message, REFUSAL_TIP_MS)

    def _forget_time_problem(self, *_: object) -> None:
        if self.time_problem:
            self.time_problem = ""
            self._update()

    def move_selected(self, step: int) -> bool:
        """Alt+Up (-1) / Alt+Down (+1): move the selected rows one step; the selection follows."""
        if not self.reorder_allowed:
            return False
        moved = self.model.step_rows(self.selected_rows(), step)
        if moved:
            self.view.scrollTo(self.view.currentIndex())
        return moved

    def sort_by_time(self) -> bool:
        if not self.reorder_allowed:
            return False
        return self.model.sort_by_time()

    def chosen_kind(self) -> EventKind | None:
        data = self.kind_combo.currentData()
        return None if data is None else EventKind(data)

    def _search_changed(self, text: str) -> None:
        """Filter at once on a short timeline or when cleared; on a long one, once typing pauses."""
        if not text.strip() or self.model.rowCount() < DEBOUNCE_FROM_ROWS:
            self._search_timer.stop()
            self._filter(text=text)
        else:
            self._search_timer.start()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.search_edit.text() != self.proxy.text:
            self._filter(text=self.search_edit.text())

    def _filter(self, **change: object) -> None:
        rows = self.selected_rows()
        self.proxy.attach(True)
        self.proxy.set_filter(**change)  # type: ignore[arg-type]
        wanted: QAbstractItemModel = self.proxy if self.proxy.is_active else self.model
        if self.view.model() is not wanted:
            self.view.setModel(wanted)
            self.view.selectionModel().selectionChanged.connect(self._update)
            if rows:
                self.select_rows(rows)
        if not self.proxy.is_active:
            self.proxy.attach(False)
        self._update()

    # -- state ---------------------------------------------------------------------------------------

    def _update(self, *_: object) -> None:
        loaded = self.doc.is_loaded
        rows = self.selected_rows() if loaded else []
        count = self.model.rowCount()
        reorder = self.reorder_allowed
        self.add_action.setEnabled(loaded)
        self.add_above_action.setEnabled(loaded)
        self.duplicate_action.setEnabled(bool(rows))
        self.remove_action.setEnabled(bool(rows))
        self.copy_action.setEnabled(bool(rows))
        self.cut_action.setEnabled(bool(rows))
        self.paste_action.setEnabled(loaded)
        self.up_action.setEnabled(reorder and bool(rows) and rows != list(range(len(rows))))
        self.down_action.setEnabled(reorder and bool(rows) and rows != list(range(count - len(rows), count)))
        self.sort_action.setEnabled(reorder and count > 1)
        self.view.setDragEnabled(reorder)
        self.mark_button.setEnabled(bool(rows))
        self.status_label.setText(self.status_text())

    def status_text(self) -> str:
        count = self.model.rowCount()
        parts = [f"{count} event" if count == 1 else f"{count:,} events"]
        if self.proxy.is_active:
            parts = [f"Showing {self.proxy.rowCount():,} of {count:,} events", FILTER_HINT]
        late = self.model.out_of_order_count()
        if late:
            what = "1 event is" if late == 1 else f"{late} events are"
            parts.append(f"⚠ {what} {OUT_OF_ORDER_TIP.lower()} (Sort by time puts them in order)")
        unread = self.model.unreadable_count()
        if unread:
            parts.append(f"? {unread} time{'s' if unread != 1 else ''} not understood: kept as text")
        if self.paste_problems:
            shown = "; ".join(self.paste_problems[:3])
            more = len(self.paste_problems) - 3
            parts.append(f"Pasted with problems: {shown}" + (f" (and {more} more)" if more > 0 else ""))
        if self.time_problem:
            parts.append(self.time_problem)
        return " · ".join(parts)
