"""``PresentationWindow``: the open postmortem full screen, made for the review meeting's room.

The agenda runs down the side with the meeting timer; the current item's content fills the
rest: context and impact, the live timeline editor, the fishbone (or the causes list), what
went well / wrong / lucky and the action items, then the parking lot. Every edit goes through
the same document and undo stack as the main window, so leaving (Escape) loses nothing.

Keys: PageDown / PageUp or Ctrl+Down / Ctrl+Up move through the agenda; Space pauses and
resumes the timer; T switches light / dark; N hides names (shown as roles); P shows the
parking lot; B shows or hides the blameless prompts, Ctrl+Right / Ctrl+Left change the prompt;
Ctrl+plus / Ctrl+minus / Ctrl+0 zoom; Alt+1..5 mark the selected timeline event as a key
moment (Alt+0 clears); Z turns the fishbone's close-up on or off, ] and [ close up on the next and
previous bone; Ctrl+Z / Ctrl+Shift+Z undo
and redo; F5 leaves. Escape backs out one
step at a time: it clears the parking lot's input, then leaves it, then closes the parking lot,
then leaves the presentation. Single-letter keys and Space act only when no text field has the focus.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QFontMetrics, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.facilitation import (
    AGENDA,
    MAX_BOX_MINUTES,
    MIN_BOX_MINUTES,
    PROMPT_SECONDS,
    PROMPT_STEPS,
    AgendaKey,
    box_text,
    clock_text,
    remaining_text,
)
from desktop_app.domain.models import ActionItem, Cause, CauseKind, KeyMoment
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.presentation.agenda import AgendaList, load_boxes, save_boxes
from desktop_app.ui.presentation.canvas_keys import CanvasKeys
from desktop_app.ui.presentation.day_times import DayTimeDelegate, ShortMomentDelegate, day_caption, short_moment
from desktop_app.ui.presentation.fishbone_closeup import FishboneCloseUp
from desktop_app.ui.presentation.fishbone_room import mark_empty_effect
from desktop_app.ui.presentation.meeting_timer import Clock, MeetingTimer, MonotonicClock
from desktop_app.ui.presentation.name_labels import NameLabels
from desktop_app.ui.presentation.name_mask import NameMaskDelegate
from desktop_app.ui.presentation.pages import ContextPage, LessonsPage
from desktop_app.ui.presentation.parking_lot import ParkingLotPanel, open_count
from desktop_app.ui.presentation.prompt_card import PromptCard
from desktop_app.ui.presentation.row_wrap import VisibleRowWrapper
from desktop_app.ui.presentation.theme import AGENDA_SHARE, Theme, other, palette, style_sheet, theme_named
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.model import TimelineModel
from desktop_app.ui.widgets.text_edits import plain_label
from desktop_app.ui.wizard.actions_page import OWNER, ActionItemsModel
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel

ZOOM_KEY = "presentation/zoom"
THEME_KEY = "presentation/theme"
PROMPTS_KEY = "presentation/prompts"
CLOSEUP_KEY = "presentation/closeup"
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 250, 10
TEXT_HEIGHT_SHARE = 0.035
"""Body text is this share of the window height (25 px at 720 lines, 38 px at 1080) at 100 %.

Scaled down to a quarter, as the back of a room sees it, that is still 6 to 9 pixels of text."""
SIDEBAR_SHARE = 0.28
"""The agenda side bar fits the longest agenda title, but takes at most 28 % of the window."""
PARKING_EMS, PARKING_SHARE = 13, 0.24

DESCRIPTION_SHARE = 0.4
"""The timeline's kind column is shown only while the description keeps this share of the table's width."""
SQUEEZED_EMS = 3.5
"""On a narrow table the key moment and actor columns narrow down to this many ems of body text."""
ACTION_TITLE_SHARE = 0.33
"""The action items' causes, priority and status columns step aside until the titles keep this share."""
TABLE_SHARE = 0.9
"""Table text relative to body text."""

KEYS_HELP = (
    "PageDown / PageUp (or Ctrl+Down / Ctrl+Up): next / previous item\n"
    "Space: pause or resume the timer\n"
    "T: light or dark · N: hide names · P: parking lot · B: prompts\n"
    "Ctrl+Right / Ctrl+Left: next / previous prompt\n"
    "Ctrl+plus / Ctrl+minus / Ctrl+0: zoom\n"
    "Alt+1 … Alt+5: mark the selected event as a key moment (Alt+0 clears)\n"
    "Z: close-up on the selected cause's bone of the fishbone · ] / [: next / previous bone\n"
    "Ctrl+Z / Ctrl+Shift+Z: undo / redo · F5: leave · Esc: back out (parking lot first), then leave"
)
KEYS_HINT = "Esc steps back, then leaves · Space pauses"
"""The side bar's key hint (the whole list is its tool tip)."""
KEY_MOMENT_KEYS = {str(n): moment for n, moment in enumerate(KeyMoment, start=1)}
LONGEST_MOMENT = max((short_moment(moment.label) for moment in KeyMoment), key=len)


def bundled_families() -> tuple[str, ...]:
    """The fonts shipped in ``resources/fonts`` (as the fishbone canvas and the PDFs use them)."""
    try:
        from desktop_app.ui.fishbone.style import font_families
    except ModuleNotFoundError:
        return ()
    return font_families()


def base_pixels(height: int, zoom: int) -> int:
    """Body text size in pixels for a window ``height`` pixels high at ``zoom`` percent."""
    return max(12, round(height * TEXT_HEIGHT_SHARE * zoom / 100))


def _fishbone_editor(doc: PostmortemDocument, parent: QWidget) -> QWidget | None:
    """The fishbone canvas (``FishboneEditor(document, parent)``) when that package provides one."""
    for name in ("desktop_app.ui.fishbone.editor", "desktop_app.ui.fishbone"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and exc.name.startswith("desktop_app.ui.fishbone"):
                continue
            raise
        editor = getattr(module, "FishboneEditor", None)
        if editor is not None:
            return editor(doc, parent)
    return None


class PresentationWindow(QWidget):
    """Presentation (facilitator) mode over one document.

    Attributes:
        doc: the open document (shared with the main window).
        settings: where zoom, theme, prompts and time boxes are remembered.
        timer: the meeting timer; ticker: the 1 s ``QTimer`` that refreshes it.
        boxes: minutes per agenda item.
        heading, remaining_label: the current item's title and its time left.
        agenda, stack, timeline_editor, causes_editor, fishbone, lessons, actions_editor,
        context_page, parking_panel, parking_review, prompt_card: the parts.
        clock_label, pause_button, box_spin, parking_button, keys_label: the side bar.

    Signals:
        left(): the window was left (Escape, F5 or closed).
    """

    left = Signal()

    def __init__(
        self,
        doc: PostmortemDocument,
        *,
        settings: QSettings,
        clock: Clock | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setWindowTitle("Review meeting — Hindsight")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.doc = doc
        self.settings = settings
        self._today = today
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        self.boxes = load_boxes(settings)
        self.timer = MeetingTimer(self.clock, len(AGENDA))
        self.zoom = self._load_zoom()
        self.theme: Theme = theme_named(settings.value(THEME_KEY, "light"))
        self.prompts_visible = settings.value(PROMPTS_KEY, True) not in (False, "false")
        self.names_hidden = False
        self._labels: NameLabels | None = None
        self._prompt_since = self.clock.now()
        self._base_px = 0
        self._pm_id: str | None = doc.pm.id if doc.is_loaded else None
        self._widths: dict[tuple[str, int], int] = {}  # (table, column) -> the width _fit_tables gave it
        # (one shared day, any actor, any key moment) the timeline's columns were fitted for
        self._columns_for = (False, True, True)

        self._build()
        self._build_actions()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.refresh_timer)

        doc.changed.connect(self._on_doc_changed)
        doc.loaded.connect(self._on_loaded)
        self.apply_style()
        self.go_to(0)

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        # Side bar: title, timer, agenda, time box, parking lot, keys.
        self.sidebar = QFrame(self)
        self.sidebar.setObjectName("sidebar")
        self.title_label = plain_label("", self.sidebar)
        self.title_label.setWordWrap(True)
        self.title_label.setProperty("muted", True)
        self.clock_label = plain_label("0:00", self.sidebar)
        self.clock_label.setObjectName("clock")
        self.clock_label.setAccessibleName("Meeting time")
        self.clock_caption = plain_label("Meeting time", self.sidebar)
        self.clock_caption.setProperty("muted", True)
        self.pause_button = QPushButton("Pause", self.sidebar)
        self.pause_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pause_button.setToolTip("Pause or resume the meeting timer (Space)")
        self.pause_button.clicked.connect(self.toggle_pause)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.clock_label)
        timer_row.addStretch(1)
        timer_row.addWidget(self.pause_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.agenda = AgendaList(self.sidebar)
        self.agenda.currentRowChanged.connect(self._agenda_row_changed)
        self.box_spin = QSpinBox(self.sidebar)
        self.box_spin.setRange(MIN_BOX_MINUTES, MAX_BOX_MINUTES)
        self.box_spin.setSuffix(" min")
        self.box_spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.box_spin.setAccessibleName("Time box of this item")
        self.box_spin.setToolTip("How long this agenda item should take (remembered)")
        self.box_spin.valueChanged.connect(self._box_changed)
        box_label = plain_label("Time box", self.sidebar)
        box_label.setProperty("muted", True)
        box_label.setBuddy(self.box_spin)
        box_row = QHBoxLayout()
        box_row.addWidget(box_label)
        box_row.addStretch(1)
        box_row.addWidget(self.box_spin)
        self.parking_button = QPushButton("Parking lot", self.sidebar)
        self.parking_button.setCheckable(True)
        self.parking_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.parking_button.setToolTip("Show the parking lot (P)")
        self.parking_button.toggled.connect(self.show_parking_lot)
        self.names_button = QPushButton("Hide names", self.sidebar)
        self.names_button.setCheckable(True)
        self.names_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.names_button.setToolTip("Show people as their roles while presenting (N)")
        self.names_button.toggled.connect(self.set_names_hidden)
        toggles = QVBoxLayout()
        toggles.setSpacing(6)
        toggles.addWidget(self.parking_button)
        toggles.addWidget(self.names_button)
        # Escape backs out of the parking lot first (see ``escape``), so the hint does not promise
        # that one press leaves.
        self.keys_label = keys = plain_label(KEYS_HINT, self.sidebar)
        keys.setAccessibleName("Keys")
        keys.setToolTip(KEYS_HELP)
        self.agenda.setToolTip(KEYS_HELP)
        keys.setWordWrap(True)
        keys.setProperty("muted", True)
        side = QVBoxLayout(self.sidebar)
        side.addWidget(self.title_label)
        side.addLayout(timer_row)
        side.addWidget(self.clock_caption)
        side.addSpacing(6)
        side.addWidget(self.agenda, 1)
        side.addLayout(box_row)
        side.addLayout(toggles)
        side.addWidget(keys)

        # Main area: heading, prompts, the current item's page.
        self.heading = plain_label("", self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(1)  # wraps onto a second line rather than widen the window or clip
        self.heading.setWordWrap(True)
        self.remaining_label = plain_label("", self)
        self.remaining_label.setObjectName("remaining")
        self.remaining_label.setAccessibleName("Time left for this item")
        self.remaining_label.setProperty("over", False)
        self.day_label = plain_label("", self)
        self.day_label.setObjectName("day")
        self.day_label.setProperty("muted", True)
        self.day_label.setAccessibleName("Day of the events")
        self.day_label.setToolTip("Every event of the timeline is on this day: the times show the clock only")
        self.day_label.setMinimumWidth(1)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.heading, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.day_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.remaining_label, 0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight)
        self.prompt_card = PromptCard(self)

        self.stack = QStackedWidget(self)
        # The widest page (its button row at a large zoom) must never push the window past the
        # screen, hiding the timer: pages get the width there is and their rows clip at the end.
        self.stack.setMinimumSize(1, 1)
        self.context_page = ContextPage(self.doc, self.stack)
        self.timeline_editor = TimelineEditor(self.doc, self.stack, settings=self.settings)
        self.timeline_editor.view.squeeze_columns = False  # _fit_tables sizes its columns for the room
        self.timeline_editor.model.drop_leading_actor = True  # "`@nova` First report": @nova is in its column
        self._trim_timeline_chrome()
        # Descriptions wrap to up to three lines (rows on screen only) and take the remaining width.
        self.timeline_editor.view.horizontalHeader().setSectionResizeMode(TimelineModel.DESCRIPTION,
                                                                         QHeaderView.ResizeMode.Stretch)
        self.timeline_wrap = VisibleRowWrapper(self.timeline_editor.view, TimelineModel.DESCRIPTION)
        view = self.timeline_editor.view
        self.time_delegate = DayTimeDelegate(view.model(), TimelineModel.TIME, view)
        self.moment_delegate = ShortMomentDelegate(view)
        for column, delegate in ((TimelineModel.TIME, self.time_delegate), (TimelineModel.KEY, self.moment_delegate)):
            delegate.closeEditor.connect(self.timeline_editor._editor_closed)  # as the view's own delegate does
            view.setItemDelegateForColumn(column, delegate)
        self.fishbone = _fishbone_editor(self.doc, self.stack)
        presenting = getattr(self.fishbone, "set_presenting", None)
        if callable(presenting):
            presenting(True)
        self.causes_model: EntityListModel | None = None
        self.causes_editor: ListEditor | None = None
        self.closeup: FishboneCloseUp | None = None
        if self.fishbone is not None:
            root_cause_page: QWidget = self.fishbone
            canvas = getattr(self.fishbone, "view", None)
            if isinstance(canvas, QWidget):
                self.canvas_keys = CanvasKeys(self)
                canvas.installEventFilter(self.canvas_keys)
                if hasattr(canvas, "current_changed"):
                    self.closeup = FishboneCloseUp(self.fishbone, self)
        else:
            # The fishbone canvas plugs in here when ``desktop_app.ui.fishbone`` provides FishboneEditor.
            self.causes_model = EntityListModel(
                self.doc, ("causes",),
                [Column("Cause", "text"), Column("Kind", "kind", choices=list(CauseKind), width=260),
                 Column("Category", "category", width=220)],
                noun="cause", parent=self,
            )
            self.causes_editor = ListEditor(self.causes_model, Cause, name="Causes", parent=self.stack)
            root_cause_page = self.causes_editor
        self.lessons = LessonsPage(self.doc, self.stack)
        self.actions_model = ActionItemsModel(self.doc, lambda: self._today(), parent=self)
        self.actions_editor = ListEditor(self.actions_model, ActionItem, name="Action items", movable=True,
                                         parent=self.stack)
        # Short button texts, as on the timeline (the accessible names keep the long ones).
        for button, short in ((self.actions_editor.add_button, "Add"), (self.actions_editor.up_button, "Up"),
                              (self.actions_editor.down_button, "Down")):
            if button is not None:
                button.setText(short)
        # Action titles wrap to up to three lines too, in the width the short columns leave.
        self.actions_editor.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.actions_wrap = VisibleRowWrapper(self.actions_editor.view, 0)
        self.parking_review = ParkingLotPanel(self.doc, self.stack)
        self.pages: dict[AgendaKey, QWidget] = {
            AgendaKey.CONTEXT: self.context_page,
            AgendaKey.TIMELINE: self.timeline_editor,
            AgendaKey.ROOT_CAUSE: root_cause_page,
            AgendaKey.LESSONS: self.lessons,
            AgendaKey.ACTIONS: self.actions_editor,
            AgendaKey.PARKING_LOT: self.parking_review,
        }
        for step in AGENDA:
            self.stack.addWidget(self.pages[step.key])

        main = QVBoxLayout()
        main.setContentsMargins(24, 16, 24, 16)
        main.setSpacing(12)
        main.addLayout(header)
        main.addWidget(self.prompt_card)
        main.addWidget(self.stack, 1)

        self.parking_panel = ParkingLotPanel(self.doc, self)
        self.parking_panel.setObjectName("parking")
        self.parking_panel.hide()
        self.parking_panel.count_changed.connect(lambda _n: self._update_parking_count())

        root = QHBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.sidebar, 0)
        root.addLayout(main, 1)
        root.addWidget(self.parking_panel, 0)

        for view in (self.actions_editor.view, *([self.causes_editor.view] if self.causes_editor else [])):
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            view.horizontalHeader().setDefaultAlignment(left)
        self.names_delegates = {
            "actor": NameMaskDelegate(lambda: self._labels, self.timeline_editor.view),
            "owner": NameMaskDelegate(lambda: self._labels, self.actions_editor.view),
        }
        self._refresh_content()

    def _trim_timeline_chrome(self) -> None:
        """The filter row and zone choice are desk tools; the room needs the table and its buttons."""
        editor = self.timeline_editor
        for widget in (editor.search_edit, editor.kind_combo, editor.zone_chooser, editor.metrics_strip,
                       editor.add_above_button, editor.duplicate_button, editor.sort_button):
            widget.hide()
        for label in editor.findChildren(QLabel):
            if label.buddy() is editor.zone_chooser:
                label.hide()
        # Short button texts (this editor's own actions; menus and tool tips keep the long ones).
        for action, short in ((editor.add_action, "Add"), (editor.up_action, "Up"), (editor.down_action, "Down")):
            action.setIconText(short)
        # The style's menu arrow is a few pixels: the theme hides it and the text carries a large one.
        editor.mark_button.setText("Mark as ▾")

    def _action(self, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.leave_action = self._action("Leave presentation", ["F5"], self.leave)
        self.escape_action = self._action("Back out", ["Esc"], self.escape)
        self.next_action = self._action("Next agenda item", ["PgDown", "Ctrl+Down", "Ctrl+PgDown"],
                                        lambda: self.step(1))
        self.previous_action = self._action("Previous agenda item", ["PgUp", "Ctrl+Up", "Ctrl+PgUp"],
                                            lambda: self.step(-1))
        self.pause_action = self._action("Pause or resume the timer", ["Space"], self._space)
        self.theme_action = self._action("Switch theme", ["T"], self.toggle_theme)
        self.names_action = self._action("Hide names", ["N"], self.names_button.toggle)
        self.parking_action = self._action("Parking lot", ["P"], self.parking_button.toggle)
        self.prompts_action = self._action("Blameless prompts", ["B"], self.toggle_prompts)
        self.closeup_action = self._action("Close-up", ["Z"], lambda: None)
        self.closeup_action.setCheckable(True)
        self.closeup_action.setToolTip("Zoom onto the bone of the selected cause so the room can read it (Z); "
                                       "] and [ step through the bones")
        self.closeup_action.setChecked(self.settings.value(CLOSEUP_KEY, False) in (True, "true"))
        self.closeup_action.toggled.connect(self.set_closeup)
        self.next_bone_action = self._action("Next bone", ["]"], lambda: self.step_bone(1))
        self.previous_bone_action = self._action("Previous bone", ["["], lambda: self.step_bone(-1))
        toolbar = getattr(self.fishbone, "toolbar", None)
        if self.closeup is not None and toolbar is not None:
            categories = getattr(self.fishbone, "categories_action", None)  # beside Fit, before the panel toggle
            if isinstance(categories, QAction) and categories in toolbar.actions():
                toolbar.insertAction(categories, self.closeup_action)
            else:
                toolbar.addAction(self.closeup_action)
            self.closeup.enabled = self.closeup_action.isChecked()
        else:
            self.closeup_action.setEnabled(False)
        for action in (self.next_bone_action, self.previous_bone_action):
            action.setEnabled(self.closeup is not None)
        self.next_prompt_action = self._action("Next prompt", ["Ctrl+Right"], lambda: self.step_prompt(1))
        self.previous_prompt_action = self._action("Previous prompt", ["Ctrl+Left"],
                                                   lambda: self.step_prompt(-1))
        self.zoom_in_action = self._action("Zoom in", ["Ctrl++", "Ctrl+="],
                                           lambda: self.set_zoom(self.zoom + ZOOM_STEP))
        self.zoom_out_action = self._action("Zoom out", ["Ctrl+-"],
                                            lambda: self.set_zoom(self.zoom - ZOOM_STEP))
        self.zoom_reset_action = self._action("Actual size", ["Ctrl+0"], lambda: self.set_zoom(100))
        for digit, moment in (*KEY_MOMENT_KEYS.items(), ("0", None)):
            self._action(f"Mark as {moment.label if moment else 'no key moment'}", [f"Alt+{digit}"],
                         lambda m=moment: self.mark_key_moment(m))
        stack = self.doc.undo_stack
        self.undo_action = stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])

    # -- entering and leaving -------------------------------------------------------------------

    def enter(self) -> None:
        """Show full screen, start (or resume) the meeting timer and refresh everything."""
        if self.doc.is_loaded and self.doc.pm.id != self._pm_id:
            self._reset_meeting()
        self._refresh_content()
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.timer.start()
        self.ticker.start()
        self.refresh_timer()
        self.agenda.setFocus(Qt.FocusReason.OtherFocusReason)

    def leave(self) -> None:
        """Back to the main window; the timer keeps its count (the meeting may go on)."""
        self.close()

    def escape(self) -> None:
        """Escape backs out one step: clear the parking lot's input, leave it, close the panel, leave."""
        entry = self.parking_panel.entry
        if QApplication.focusWidget() is entry:
            if entry.text():
                entry.clear()
            else:
                self.agenda.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.parking_panel.isVisible():
            self.show_parking_lot(False)
        else:
            self.leave()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.ticker.stop()
        save_boxes(self.settings, self.boxes)
        self.settings.sync()
        event.accept()
        self.left.emit()

    def _reset_meeting(self) -> None:
        self._pm_id = self.doc.pm.id if self.doc.is_loaded else None
        self.timer = MeetingTimer(self.clock, len(AGENDA))
        self._prompt_since = self.clock.now()
        self.go_to(0)

    def _on_loaded(self) -> None:
        if not self.doc.is_loaded:
            if self.isVisible():
                self.close()
            return
        if self.doc.pm.id != self._pm_id:
            self._reset_meeting()
        self._refresh_content()

    # -- the agenda -----------------------------------------------------------------------------

    @property
    def current(self) -> int:
        return self.timer.current

    @property
    def current_key(self) -> AgendaKey:
        return AGENDA[self.timer.current].key

    def go_to(self, index: int) -> None:
        """Make agenda item ``index`` current (its time box starts counting)."""
        index = max(0, min(len(AGENDA) - 1, index))
        self.timer.select(index)
        if self.agenda.currentRow() != index:
            self.agenda.blockSignals(True)
            self.agenda.setCurrentRow(index)
            self.agenda.blockSignals(False)
        step = AGENDA[index]
        self.heading.setText(step.title)
        self.stack.setCurrentWidget(self.pages[step.key])
        self.box_spin.blockSignals(True)
        self.box_spin.setValue(self.boxes[index])
        self.box_spin.blockSignals(False)
        self._update_prompt_card()
        self._update_day()
        if step.key is AgendaKey.CONTEXT:
            self.context_page.refresh(self._labels if self.names_hidden else None)
        self.refresh_timer()

    def _update_day(self) -> None:
        """The timeline's one day beside the heading (its rows then show clock times only)."""
        day = self.time_delegate.shared_day()
        self.day_label.setText(day_caption(day) if day else "")
        self.day_label.setVisible(bool(day) and self.current_key is AgendaKey.TIMELINE and self._day_fits())
        columns_for = (day is not None, self._any_actor(), self._any_key_moment())
        if columns_for != self._columns_for:
            self._columns_for = columns_for
            self._fit_tables(self.font())

    def _day_fits(self) -> bool:
        """Whether the day fits beside the heading on one line with the time left (on a narrow main
        area it steps aside: the heading keeps the room; the times still show the clock only)."""
        side, parking = self._side_widths()
        room = self.width() - side - 48 - (parking if self.parking_panel.isVisibleTo(self) else 0)
        needed = sum(label.fontMetrics().horizontalAdvance(text) for label, text in (
            (self.heading, self.heading.text()), (self.day_label, self.day_label.text()),
            (self.remaining_label, "+00:00 over"))) + 2 * 16
        return needed <= room

    def step(self, by: int) -> None:
        self.go_to(self.current + by)

    def _agenda_row_changed(self, row: int) -> None:
        if row >= 0 and row != self.current:
            self.go_to(row)

    def _box_changed(self, minutes: int) -> None:
        self.boxes[self.current] = minutes
        save_boxes(self.settings, self.boxes)
        self.refresh_timer()

    # -- the timer --------------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        self.timer.toggle()
        self.refresh_timer()

    def _space(self) -> None:
        focus = QApplication.focusWidget()
        for panel in (self.parking_panel, self.parking_review):
            if focus is panel.list:
                panel.toggle_current()
                return
        self.toggle_pause()

    def remaining_seconds(self, index: int | None = None) -> int:
        index = self.current if index is None else index
        return self.timer.remaining_seconds(index, self.boxes[index])

    def refresh_timer(self) -> None:
        """Update the clock, the time left of every item and the prompt (once a second)."""
        self.clock_label.setText(clock_text(self.timer.total_seconds()))
        running = self.timer.running
        self.pause_button.setText("Pause" if running else "Resume")
        self.clock_caption.setText("Meeting time" if running else "Meeting time · paused")
        warning = QColor(self.theme.warning)
        for row, step in enumerate(AGENDA):
            spent = self.timer.spent_seconds(row)
            if row == self.current:
                remaining = self.remaining_seconds(row)
                self.agenda.set_line(row, remaining_text(remaining), warning if remaining < 0 else None)
            elif spent:
                self.agenda.set_line(row, f"{clock_text(spent)} of {box_text(self.boxes[row])}",
                                     warning if spent > self.boxes[row] * 60 else None)
            else:
                self.agenda.set_line(row, box_text(self.boxes[row]))
            if step.key is AgendaKey.PARKING_LOT:
                count = open_count(self.doc)
                if count:
                    self.agenda.set_line(row, f"{self.agenda.line(row)} · {count} open")
        remaining = self.remaining_seconds()
        over = remaining < 0
        label = self.remaining_label
        label.setText(remaining_text(remaining))
        if label.property("over") != over:
            label.setProperty("over", over)
            label.style().unpolish(label)
            label.style().polish(label)
        self._rotate_prompt()

    @property
    def is_over(self) -> bool:
        return bool(self.remaining_label.property("over"))

    # -- prompts ----------------------------------------------------------------------------------

    def _update_prompt_card(self) -> None:
        self.prompt_card.setVisible(self.prompts_visible and self.current_key in PROMPT_STEPS)

    def toggle_prompts(self) -> None:
        self.prompts_visible = not self.prompts_visible
        self.settings.setValue(PROMPTS_KEY, self.prompts_visible)
        self._update_prompt_card()

    def step_prompt(self, by: int) -> None:
        self.prompt_card.step(by)
        self._prompt_since = self.clock.now()

    def _rotate_prompt(self) -> None:
        if self.clock.now() - self._prompt_since >= PROMPT_SECONDS:
            self.step_prompt(1)

    # -- names --------------------------------------------------------------------------------------

    def set_names_hidden(self, hidden: bool) -> None:
        """Show person names as roles (display only; those cells cannot be edited meanwhile)."""
        self.names_hidden = hidden
        if self.names_button.isChecked() != hidden:
            self.names_button.setChecked(hidden)
            return
        self.names_button.setText("Show names" if hidden else "Hide names")
        self._labels = NameLabels(self.doc.pm) if hidden and self.doc.is_loaded else None
        for view, column, key in ((self.timeline_editor.view, TimelineModel.ACTOR, "actor"),
                                  (self.actions_editor.view, OWNER, "owner")):
            if view.state() == QAbstractItemView.State.EditingState:
                view.setFocus(Qt.FocusReason.OtherFocusReason)  # the open editor commits and closes
            view.setItemDelegateForColumn(column, self.names_delegates[key] if hidden else None)
            view.viewport().update()
        self.context_page.refresh(self._labels)

    # -- fishbone close-up -------------------------------------------------------------------------

    def set_closeup(self, on: bool) -> None:
        """Z: zoom the fishbone onto the selected cause's bone, or the first bone when nothing is
        selected (remembered)."""
        if self.closeup_action.isChecked() != on:
            self.closeup_action.setChecked(on)
            return
        self.settings.setValue(CLOSEUP_KEY, on)
        if self.closeup is not None:
            if on and self.closeup.enabled:
                return  # step_bone turned it on and zooms itself
            self.closeup.set_enabled(on)

    def step_bone(self, by: int) -> str | None:
        """] / [: close-up on the next / previous bone of the fishbone (the close-up turns on); the
        category label selected, or ``None`` when the fishbone is not up or has no bones."""
        if self.closeup is None or self.current_key is not AgendaKey.ROOT_CAUSE:
            return None
        if not self.closeup_action.isChecked():
            self.closeup.enabled = True  # so turning it on does not step as well
            self.closeup_action.setChecked(True)
        return self.closeup.step_bone(by)

    # -- timeline key moments ---------------------------------------------------------------------

    def mark_key_moment(self, moment: KeyMoment | None) -> bool:
        """Alt+1..5 / Alt+0: mark the selected timeline event (only while the timeline is up)."""
        if self.current_key is not AgendaKey.TIMELINE:
            return False
        return self.timeline_editor.mark_selected(moment)

    # -- parking lot ------------------------------------------------------------------------------

    def show_parking_lot(self, shown: bool) -> None:
        self.parking_panel.setVisible(shown)
        self._fit_action_columns()
        self.timeline_editor.view.setColumnHidden(TimelineModel.KIND, not self._kind_fits())
        self._squeeze_timeline()
        self._update_day()
        if self.parking_button.isChecked() != shown:
            self.parking_button.setChecked(shown)
        if shown:
            self.parking_panel.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.parking_panel.isAncestorOf(QApplication.focusWidget()):
            self.agenda.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_parking_count(self) -> None:
        count = open_count(self.doc)
        self.parking_button.setText(f"Parking lot ({count})" if count else "Parking lot")
        self.refresh_timer()

    # -- look: theme and zoom ---------------------------------------------------------------------

    def _load_zoom(self) -> int:
        try:
            zoom = int(self.settings.value(ZOOM_KEY, 100))
        except (TypeError, ValueError):
            zoom = 100
        return max(ZOOM_MIN, min(ZOOM_MAX, zoom))

    def set_zoom(self, zoom: int) -> None:
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self.settings.setValue(ZOOM_KEY, self.zoom)
        self.apply_style()

    def toggle_theme(self) -> None:
        self.theme = other(self.theme)
        self.settings.setValue(THEME_KEY, self.theme.name)
        self.apply_style()

    @property
    def base_px(self) -> int:
        return self._base_px

    def apply_style(self) -> None:
        """Fonts from the window height and zoom; palette and style sheet from the theme."""
        self._base_px = base_pixels(max(self.height(), 480), self.zoom)
        font = QFont(self.font())
        font.setPixelSize(self._base_px)
        # The bundled fonts as fallbacks: CJK, Arabic, Hebrew and symbols render on any projector's machine.
        font.setFamilies(list(dict.fromkeys([self.font().family(), *bundled_families()])))
        self.setFont(font)
        self.setStyleSheet(style_sheet(self.theme, self._base_px))
        self.setPalette(palette(self.theme))  # after the style sheet, which restores the palette it found
        dark_canvas = getattr(self.fishbone, "set_dark", None)
        if callable(dark_canvas):
            dark_canvas(self.theme.name == "dark")
        zoom_label = getattr(self.fishbone, "zoom_label", None)
        if isinstance(zoom_label, QLabel):  # wide enough for "400 %" in the compact tools' type
            small = QFont(font)
            small.setPixelSize(max(10, round(self._base_px * 0.72)))
            zoom_label.setMinimumWidth(QFontMetrics(small).horizontalAdvance("400 %") + 2)
        toolbar = getattr(self.fishbone, "toolbar", None)
        if isinstance(toolbar, QWidget) and toolbar.layout() is not None:
            # The tool bar lays its buttons out with the sizes they had before the new type size:
            # once the style has reached them, again (else it hides the last ones behind "»").
            QTimer.singleShot(0, toolbar.layout().invalidate)
        self.box_spin.setFixedWidth(QFontMetrics(font).horizontalAdvance("180 min") + self._base_px)
        icon = max(16, round(self._base_px * 0.8))
        for button in self.findChildren(QToolButton):
            if not button.icon().isNull():  # the tables' Up / Down arrows at the size of their text
                button.setIconSize(QSize(icon, icon))
        self._fit_side_panels()
        self._fit_tables(font)
        pad = max(4, self._base_px // 3)
        self.agenda.set_text_size(max(11, round(self._base_px * AGENDA_SHARE)), 2 * pad + 8, 2 * (pad // 2) + 4)
        self.agenda.doItemsLayout()
        self._update_day()
        self.refresh_timer()

    def _side_widths(self) -> tuple[int, int]:
        """The agenda side bar's and the parking lot's widths for this window and type size."""
        width = max(self.width(), 640)
        agenda_font = QFont(self.font())
        agenda_font.setPixelSize(max(11, round(self._base_px * AGENDA_SHARE)))
        longest = max(QFontMetrics(agenda_font).horizontalAdvance(title) for title in self.agenda.titles())
        # The longest agenda title on one line: the side bar's and the items' margins and padding.
        wanted = longest + 2 * max(4, self._base_px // 3) + 40
        side = min(max(220, wanted), round(width * SIDEBAR_SHARE))
        parking = min(max(260, round(self._base_px * PARKING_EMS)), round(width * PARKING_SHARE))
        return side, parking

    def _fit_side_panels(self) -> None:
        side, parking = self._side_widths()
        if self.sidebar.width() != side or self.sidebar.minimumWidth() != side:
            self.sidebar.setFixedWidth(side)
        if self.parking_panel.minimumWidth() != parking:
            self.parking_panel.setFixedWidth(parking)

    def _fit_tables(self, font: QFont) -> None:
        table_font = QFont(font)
        table_font.setPixelSize(max(11, round(self._base_px * TABLE_SHARE)))
        metrics = QFontMetrics(table_font)
        row = metrics.height() + max(8, self._base_px // 2)
        for view in self.findChildren(QTableView):
            view.verticalHeader().setDefaultSectionSize(row)
            view.verticalHeader().setMinimumWidth(metrics.horizontalAdvance("0000") + 8)
        header = self.timeline_editor.view.horizontalHeader()
        bold = QFont(table_font)
        bold.setWeight(QFont.Weight.DemiBold)
        header_metrics = QFontMetrics(bold)
        bold.setWeight(QFont.Weight.Bold)
        bold_metrics = QFontMetrics(bold)
        time_sample = "~14:02" if self.time_delegate.shared_day() else "~2024-03-05 14:02"
        for column, sample in ((TimelineModel.TIME, time_sample), (TimelineModel.KIND, "Observation"),
                               (TimelineModel.KEY, LONGEST_MOMENT), (TimelineModel.ACTOR, "Participant 1")):
            title = str(self.timeline_editor.model.headerData(column, Qt.Orientation.Horizontal))
            cell = bold_metrics if column == TimelineModel.KEY else metrics  # key moments are bold
            width = max(cell.horizontalAdvance(sample) + 16, header_metrics.horizontalAdvance(title)) + 28
            self._widths[("timeline", column)] = width
            header.resizeSection(column, width)
        # On a narrow screen the description needs the room: the kind column steps aside (view only),
        # and so do the actor and key moment columns while no event names anyone or is a key moment.
        view = self.timeline_editor.view
        view.setColumnHidden(TimelineModel.ACTOR, not self._any_actor())
        view.setColumnHidden(TimelineModel.KEY, not self._any_key_moment())
        view.setColumnHidden(TimelineModel.KIND, not self._kind_fits())
        self._squeeze_timeline()
        self.timeline_wrap.schedule()
        actions_header = self.actions_editor.view.horizontalHeader()
        for column, sample in enumerate(("", "Participant 10", "2024-03-05", "In progress", "P1", "1, 2")):
            if sample and actions_header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                title = str(self.actions_model.headerData(column, Qt.Orientation.Horizontal))
                width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title)) + 28
                self._widths[("actions", column)] = width
                actions_header.resizeSection(column, width)
        self._fit_action_columns()
        self.actions_wrap.schedule()
        if self.causes_editor is not None:
            causes_header = self.causes_editor.view.horizontalHeader()
            for column, sample in ((1, "Contributing factor"), (2, "Dependencies")):
                causes_header.resizeSection(column, metrics.horizontalAdvance(sample) + 40)

    def _any_actor(self) -> bool:
        return self.doc.is_loaded and any(event.actor.strip() for event in self.doc.pm.timeline)

    def _any_key_moment(self) -> bool:
        return self.doc.is_loaded and any(event.key_moment is not None for event in self.doc.pm.timeline)

    def _table_room(self, view: QTableView) -> int:
        """The width ``view``'s columns share (the window less the side bar, margins, row numbers,
        scroll bar and the parking lot while it is open)."""
        side, parking = self._side_widths()
        row_numbers = view.verticalHeader().minimumWidth() if view.verticalHeader().isVisible() else 0
        table = self.width() - side - 48 - row_numbers - 24
        if self.parking_panel.isVisibleTo(self):
            table -= parking
        return table

    def _leaves_room(self, view: QTableView, name: str, columns: list[int], share: float = DESCRIPTION_SHARE) -> bool:
        """Whether ``columns`` of ``view`` leave its wrapped text column ``DESCRIPTION_SHARE`` of the table.

        A column counts with the width it was given (a hidden one's section is 0 wide)."""
        header = view.horizontalHeader()
        table = self._table_room(view)
        fixed = sum(self._widths.get((name, c), header.sectionSize(c)) for c in columns)
        return table - fixed >= share * table

    def _squeeze_timeline(self) -> None:
        """Keep the description ``DESCRIPTION_SHARE`` of the table: when the time, key moment and actor
        columns at their full widths would leave it less (a narrow screen, the parking lot open, a
        large zoom), the key moment and actor columns narrow (their text elided) down to
        ``SQUEEZED_EMS`` each; the time column keeps its width."""
        view = self.timeline_editor.view
        header = view.horizontalHeader()
        table = self._table_room(view)
        shown = [c for c in (TimelineModel.TIME, TimelineModel.KIND, TimelineModel.KEY, TimelineModel.ACTOR)
                 if not view.isColumnHidden(c)]
        natural = {c: self._widths.get(("timeline", c), header.sectionSize(c)) for c in shown}
        budget = round(table * (1 - DESCRIPTION_SHARE))
        squeezable = [c for c in shown if c in (TimelineModel.KEY, TimelineModel.ACTOR)]
        fixed = sum(w for c, w in natural.items() if c not in squeezable)
        wanted = sum(natural[c] for c in squeezable)
        room = budget - fixed
        floor = round(self._base_px * SQUEEZED_EMS)
        widths = dict(natural)
        if squeezable and wanted > room:
            scale = max(0.0, room) / wanted
            for c in squeezable:
                widths[c] = max(min(floor, natural[c]), round(natural[c] * scale))
        for c, width in widths.items():
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)

    def description_share(self) -> float:
        """The share of the timeline's viewport its description column has now."""
        view = self.timeline_editor.view
        return view.columnWidth(TimelineModel.DESCRIPTION) / max(1, view.viewport().width())

    def _kind_fits(self) -> bool:
        """Whether the timeline's kind column leaves the description ``DESCRIPTION_SHARE`` of the table."""
        columns = [TimelineModel.TIME, TimelineModel.KIND]
        if self._any_key_moment():
            columns.append(TimelineModel.KEY)
        if self._any_actor():
            columns.append(TimelineModel.ACTOR)
        return self._leaves_room(self.timeline_editor.view, "timeline", columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if (base_pixels(max(self.height(), 480), self.zoom) != self._base_px
                or self._kind_fits() == self.timeline_editor.view.isColumnHidden(TimelineModel.KIND)):
            self.apply_style()
        else:
            self._fit_side_panels()
            self._fit_action_columns()
            self._squeeze_timeline()
            self._update_day()

    def _fit_action_columns(self) -> None:
        """Causes, then priority, then status step aside (view only) while the titles need the width."""
        view = self.actions_editor.view
        count = view.horizontalHeader().count()
        shown = list(range(1, count))
        for column in range(count - 1, 2, -1):  # causes, priority, status; owner and due date stay
            if self._leaves_room(view, "actions", shown, ACTION_TITLE_SHARE):
                break
            shown.remove(column)
        for column in range(1, count):
            if view.isColumnHidden(column) == (column in shown):
                view.setColumnHidden(column, column not in shown)
    # -- content ------------------------------------------------------------------------------------

    def _refresh_content(self) -> None:
        if not self.doc.is_loaded:
            return
        self.title_label.setText(self.doc.pm.title.strip() or "Untitled postmortem")
        mark_empty_effect(self.fishbone)
        if self.names_hidden:
            self._labels = NameLabels(self.doc.pm)
        self.context_page.refresh(self._labels if self.names_hidden else None)
        self._update_parking_count()
        self._update_day()

    def document_title(self) -> str:
        """The open postmortem's title as the side bar shows it."""
        return self.title_label.text()

    def _on_doc_changed(self) -> None:
        if self.isVisible():
            self._refresh_content()
