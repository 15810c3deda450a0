"""``FishboneEditor``: the problem statement, a tool bar, the canvas and the category panel.

Reusable wherever a document is open (the findings step, presentation mode). Every edit goes
through ``FishboneEdits`` (one undo step each); the canvas is rebuilt from a fresh layout once
per change that touches the diagram, keeping the selection and the scroll position.

The category panel is about ``PANEL_WIDTH`` wide and collapsible (the Categories button or the
splitter); its width and whether it is shown are remembered. ``set_presenting`` turns the
editor into its presentation-mode shape: panel collapsed, compact tools, no key hint, and a
canvas that fits the diagram to the room (up to 250 %) after every change until zoomed by hand.

"Open in a window" (F11) moves the whole editor into a large window of its own (``window.py``) and
back: the same scene, document and undo stack, so nothing is copied or re-loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import CauseKind
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.file_names import file_stem, with_extension
from desktop_app.formats.fishbone_layout import CATEGORY_PREFIX, EFFECT_ID, OTHER_CATEGORY
from desktop_app.ui.dialogs import Dialogs
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import cause_tree, export, style
from desktop_app.ui.fishbone.categories import CategoryPanel
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, cause_label
from desktop_app.ui.fishbone.edits import FishboneEdits, MoveRefused
from desktop_app.ui.fishbone.inline_editor import InlineEditor
from desktop_app.ui.fishbone.scene import FishboneScene, Target
from desktop_app.ui.fishbone.view import DESK_FIT_LIMIT, FishboneView
from desktop_app.ui.fishbone.window import FishboneWindow, OwnerWatcher, Placeholder, home_of
from desktop_app.ui.widgets.text_edits import LineEdit, mute
from desktop_app.ui.wizard.bindings import LineBinding

NOTICE_MS = 6000
KEY_HINT = ("Tab moves through the bones and causes · Enter edits · Insert adds · Delete deletes · "
            "R marks root cause · drag a cause onto another bone or cause (or press M) to move it")
_WATCHED = ("causes", "fishbone_effect", "fishbone_categories", "title")
PANEL_WIDTH = 180
PANEL_MIN_WIDTH = 150
PRESENTING_FIT_LIMIT = 2.5
"""In presentation mode a fitted diagram may be enlarged up to 250 %, to read from the back of a room."""
PANEL_WIDTH_KEY = "fishbone/categories_width"
PANEL_SHOWN_KEY = "fishbone/categories_shown"


def zoom_text(zoom: float, *, fitted: bool = False) -> str:
    """The zoom label: whole percent; a fitted zoom (an odd number the window size gave) is rounded
    down to a multiple of 5 % from 20 % on, so a fit at 101.3 % reads "100 %"."""
    percent = zoom * 100
    if fitted and percent >= 20:
        return f"{int((percent + 1e-6) // 5 * 5)} %"
    return f"{max(1, round(percent))} %"


def _file_stem(title: str) -> str:
    return file_stem(title, fallback="fishbone", limit=60)


class FishboneEditor(QWidget):
    """The fishbone canvas with its tools, over one ``PostmortemDocument``.

    Attributes:
        edits: the undoable edit operations; scene, view: the canvas; categories: the side panel;
        effect_edit: the problem statement; inline: the in-place editor; notice: the message line.
        presenting: the presentation-mode shape is on (see ``set_presenting``).

    Signals:
        message(str): a notice was shown (also put in the window's status bar).
    """

    message = Signal(str)

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.edits = FishboneEdits(doc)
        self.presenting = False
        self._settings = settings
        self._panel_restored = False
        self._panel_width = PANEL_WIDTH
        self._stale = False
        self._start_pending = True
        self._new_cause: tuple[str, int] | None = None
        self.big_window: FishboneWindow | None = None
        self._home: tuple = ()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)

        effect_row = QHBoxLayout()
        effect_label = QLabel("Problem statement")
        self.effect_edit = LineEdit()
        self.effect_edit.setAccessibleName("Problem statement")
        effect_label.setBuddy(self.effect_edit)
        self.effect_binding = LineBinding(doc, self.effect_edit, ("fishbone_effect",))
        effect_row.addWidget(effect_label)
        effect_row.addWidget(self.effect_edit, 1)
        self.window_button = QToolButton()
        self.window_button.setAccessibleName("Open in a window")
        effect_row.addWidget(self.window_button)
        outer.addLayout(effect_row)

        self.toolbar = QToolBar("Fishbone tools")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        outer.addWidget(self.toolbar)

        self.scene = FishboneScene(self)
        self.view = FishboneView(self.scene)
        self.view.subtree_of = self._subtree_of
        self.categories = CategoryPanel(doc, self.edits)
        self.categories.setMinimumWidth(PANEL_MIN_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.categories)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.setSizes([1000, PANEL_WIDTH])
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._panel_moved())
        outer.addWidget(self.splitter, 1)

        bottom = QHBoxLayout()
        self.notice = QLabel()
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName("Fishbone notice")
        self.notice.setWordWrap(True)
        self.hint = QLabel(KEY_HINT)
        self.hint.setWordWrap(True)
        mute(self.hint)
        bottom.addWidget(self.notice, 1)
        outer.addLayout(bottom)
        outer.addWidget(self.hint)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._clear_notice)
        self._notice_step: int | None = None
        doc.undo_stack.indexChanged.connect(self._undo_index_changed)

        self.inline = InlineEditor(self.view.viewport())
        self.inline.committed.connect(self._inline_committed)
        self.inline.cancelled.connect(self._inline_cancelled)

        self._build_actions()
        self.view.current_changed.connect(lambda _id: self._update_actions())
        self.view.edit_requested.connect(self.start_edit)
        self.view.insert_requested.connect(self.insert_at)
        self.view.delete_requested.connect(self.delete_box)
        self.view.kind_requested.connect(self.toggle_kind)
        self.view.note_requested.connect(self.edit_note)
        self.view.link_requested.connect(self.link_actions)
        self.view.move_requested.connect(self.move_to)
        self.view.drop_requested.connect(self.drop)
        self.view.menu_requested.connect(self._show_menu)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.view.horizontalScrollBar().valueChanged.connect(lambda _v: self._place_inline())
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._place_inline())
        self.categories.message.connect(self.show_notice)

        doc.loaded.connect(self._on_loaded)
        doc.field_changed.connect(self._on_field_changed)
        doc.list_changed.connect(self._on_list_changed)
        doc.list_reordered.connect(self._on_list_path)
        doc.rows_moved.connect(lambda path, *_: self._on_list_path(path))
        doc.changed.connect(self._on_changed)
        self._on_loaded()

    # -- tool bar ----------------------------------------------------------------------------------

    def _action(self, text: str, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if tip:
            action.setToolTip(tip)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("Add cause", lambda: self.insert_at(self._category_for_add()),
                                       "Add a cause to the selected bone (Insert)")
        self.add_sub_action = self._action("Add sub-cause", lambda: self.insert_at(self.view.current or ""),
                                           "Add a sub-cause to the selected cause (Insert)")
        self.delete_action = self._action("Delete", lambda: self.delete_box(self.view.current or ""),
                                          "Delete the selected cause and its sub-causes (Delete)")
        self.root_action = self._action("Root cause", lambda: self.toggle_kind(self.view.current or ""),
                                        "Mark the selected cause as root cause or contributing factor (R)")
        self.root_action.setCheckable(True)
        self.note_action = self._action("Note…", lambda: self.edit_note(self.view.current or ""),
                                        "Attach a note to the selected cause (N)")
        self.link_action = self._action("Link actions…", lambda: self.link_actions(self.view.current or ""),
                                        "Choose the action items that address the selected cause (L)")
        self.zoom_out_action = self._action("−", self.view.zoom_out, "Zoom out (Ctrl+minus)")
        self.zoom_in_action = self._action("+", self.view.zoom_in, "Zoom in (Ctrl+plus)")
        self.fit_action = self._action("Fit", self.view.fit_to_window, "Fit the diagram to the window")
        self.actual_action = self._action("1:1", self.view.reset_zoom, "Actual size, 100 % (Ctrl+0)")
        self.png_action = self._action("Export diagram as PNG…", self.export_png)
        self.svg_action = self._action("Export as SVG…", self.export_svg)
        self.categories_action = self._action("Categories", self._toggle_categories,
                                              "Show or hide the category panel")
        self.categories_action.setCheckable(True)
        self.categories_action.setChecked(True)
        self.window_action = self._action("Open in a window", self.toggle_window,
                                          "Show the diagram in a large window of its own (F11)")
        self.window_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.window_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.window_action)
        self.window_button.setDefaultAction(self.window_action)
        for action in (self.add_action, self.add_sub_action, self.delete_action, self.root_action,
                       self.note_action, self.link_action):
            self.toolbar.addAction(action)
        # Desk label and the short one used on the shared screen (tool tips keep the full story).
        self._labels = {action: (action.text(), short) for action, short in (
            (self.add_action, "Add"), (self.add_sub_action, "Sub-cause"), (self.link_action, "Link…"))}
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.zoom_out_action)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction(self.zoom_in_action)
        self.toolbar.addAction(self.fit_action)
        self.toolbar.addAction(self.actual_action)
        self.toolbar.addAction(self.categories_action)  # before Export: the first to stay on a narrow page
        self.export_separator = self.toolbar.addSeparator()
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.png_action)
        export_menu.addAction(self.svg_action)
        self.export_button.setMenu(export_menu)
        self.export_tool = self.toolbar.addWidget(self.export_button)
        self._update_actions()

    def _update_actions(self) -> None:
        loaded = self.doc.is_loaded
        current = self.view.current or ""
        cause = self._cause(current)
        self.add_action.setEnabled(loaded)
        self.add_sub_action.setEnabled(cause is not None)
        for action in (self.delete_action, self.note_action, self.link_action, self.root_action):
            action.setEnabled(cause is not None)
        self.delete_action.setEnabled(cause is not None or current.startswith(CATEGORY_PREFIX))
        self.root_action.setChecked(cause is not None and cause.kind is CauseKind.ROOT_CAUSE)
        for action in (self.png_action, self.svg_action, self.fit_action):
            action.setEnabled(loaded)
        in_window = self.big_window is not None
        self.window_action.setText("Back to the page" if in_window else "Open in a window")
        self.window_action.setToolTip("Put the diagram back in its page (F11)" if in_window
                                      else "Show the diagram in a large window of its own (F11)")

    # -- the category panel and presentation shape ---------------------------------------------------

    def settings(self) -> QSettings:
        """Where the panel's width and visibility are kept: the given settings, the nearest ancestor's
        ``settings`` (the main window's), else the application's."""
        if self._settings is None:
            widget = self.parentWidget()
            while widget is not None and not isinstance(getattr(widget, "settings", None), QSettings):
                widget = widget.parentWidget()
            found = getattr(widget, "settings", None) if widget is not None else None
            self._settings = found if isinstance(found, QSettings) else QSettings()
        return self._settings

    def _toggle_categories(self) -> None:
        self.set_categories_shown(self.categories_action.isChecked())

    def set_categories_shown(self, shown: bool) -> None:
        """Show the category panel at its remembered width, or collapse it (remembered off the stage)."""
        if self.categories_action.isChecked() != shown:
            self.categories_action.setChecked(shown)
        total = sum(self.splitter.sizes()) or self.splitter.width()
        if shown:
            self.categories.show()
            width = max(PANEL_MIN_WIDTH, self._panel_width)
            self.splitter.setSizes([max(1, total - width), width])
        else:
            self.categories.hide()
        self._remember_panel()

    def _panel_moved(self) -> None:
        width = self.splitter.sizes()[1]
        shown = width > 0 and self.categories.isVisible()
        if shown:
            self._panel_width = width
        if self.categories_action.isChecked() != shown:
            self.categories_action.setChecked(shown)
            if not shown:
                self.categories.hide()
        self._remember_panel()

    def _remember_panel(self) -> None:
        if self.presenting or not self._panel_restored:
            return
        settings = self.settings()
        settings.setValue(PANEL_WIDTH_KEY, self._panel_width)
        settings.setValue(PANEL_SHOWN_KEY, self.categories_action.isChecked())

    def _restore_panel(self) -> None:
        if self._panel_restored or self.presenting:
            return
        settings = self.settings()
        try:
            width = int(settings.value(PANEL_WIDTH_KEY, PANEL_WIDTH))
        except (TypeError, ValueError):
            width = PANEL_WIDTH
        self._panel_width = max(PANEL_MIN_WIDTH, min(width, 600))
        shown = settings.value(PANEL_SHOWN_KEY, True) not in (False, "false")
        self.set_categories_shown(shown)
        self._panel_restored = True

    def set_dark(self, dark: bool) -> None:
        """Paint the canvas in the dark palette (presentation mode's dark theme) or the PDF's light one."""
        look = style.DARK if dark else style.LIGHT
        if self.scene.look is look:
            return
        self.scene.look = look
        self.view.setBackgroundBrush(look.background)
        self.rebuild()

    def set_presenting(self, on: bool) -> None:
        """The presentation-mode shape: the category panel collapsed (the toggle stays), compact tools
        without the export and 1:1 buttons, no key hint or scroll bars, and a canvas that fits the
        diagram to the room after every change (up to 250 %) until zoomed by hand."""
        self.presenting = on
        self.toolbar.setObjectName("fishboneToolsCompact" if on else "")
        for action, (desk, short) in self._labels.items():
            action.setText(short if on else desk)
        for action in (self.actual_action, self.export_tool, self.export_separator):
            action.setVisible(not on)
        self.window_button.setVisible(not on)
        self.window_action.setEnabled(not on)
        self.hint.setVisible(not on)
        self.view.auto_fit = on
        self.view.fit_limit = PRESENTING_FIT_LIMIT if on else DESK_FIT_LIMIT
        # On the shared screen the diagram fills the canvas; panning is by dragging or the keyboard.
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.view.setHorizontalScrollBarPolicy(policy)
        self.view.setVerticalScrollBarPolicy(policy)
        self.view.manual_zoom = False
        if on:
            self.set_categories_shown(False)
        self.view.refit()

    # -- a window of its own --------------------------------------------------------------------------

    def toggle_window(self) -> None:
        if self.big_window is None:
            self.open_in_window()
        else:
            self.close_window()

    def open_in_window(self) -> FishboneWindow | None:
        """Move the editor into a large top-level window (its page shows a note and a button to bring
        it back); the same scene, document and undo stack. None when it cannot leave its place."""
        if self.big_window is not None or self.presenting:
            return self.big_window
        home = home_of(self)
        if home is None:
            return None
        layout, index = home
        owner = self.window()
        placeholder = Placeholder(self.close_window)
        layout.insertWidget(index, placeholder, layout.stretch(index))
        layout.removeWidget(self)
        watcher = OwnerWatcher(self.close_window, self)
        owner.installEventFilter(watcher)
        window = FishboneWindow(self.doc, owner)
        window.closing.connect(self.close_window)
        window.setCentralWidget(self)
        self._home = (layout, placeholder, owner, watcher)
        self.big_window = window
        self._start_pending = True
        self._update_actions()
        window.show_large()
        self.show()
        self.view.setFocus()
        return window

    def close_window(self) -> None:
        """Put the editor back in its page and close its window."""
        window = self.big_window
        if window is None:
            return
        layout, placeholder, owner, watcher = self._home
        self.big_window = None
        self._home = ()
        owner.removeEventFilter(watcher)
        watcher.deleteLater()
        window.takeCentralWidget()
        index = layout.indexOf(placeholder)
        layout.insertWidget(max(0, index), self, layout.stretch(index) if index >= 0 else 1)
        layout.removeWidget(placeholder)
        placeholder.deleteLater()
        self.show()
        window.closing.disconnect(self.close_window)
        window.close()
        window.deleteLater()
        self._start_pending = True
        self._update_actions()
        QTimer.singleShot(0, self._show_start)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(zoom_text(zoom, fitted=not self.view.manual_zoom))
        self._place_inline()

    # -- rebuilding ----------------------------------------------------------------------------------

    def _on_loaded(self) -> None:
        self.inline.cancel()
        self._new_cause = None
        self.view.current = None
        self.setEnabled(self.doc.is_loaded)
        if self.doc.is_loaded:
            self.effect_edit.setPlaceholderText(self.doc.pm.title or "What went wrong, in one line")
            self.effect_binding.refresh()
        self.rebuild()
        self._start_pending = True
        self._show_start()

    def _show_start(self) -> None:
        if self._start_pending and self.doc.is_loaded and self.view.isVisible() and self.view.viewport().width() > 50:
            self._start_pending = False
            self.view.show_start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._restore_panel()
        QTimer.singleShot(0, self._show_start)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show_start()

    def _watched(self, path: tuple) -> bool:
        if not path:
            return False
        if path[0] in _WATCHED:
            return True
        return path[0] == "action_items" and (len(path) == 1 or path[-1] == "cause_ids")

    def _on_field_changed(self, path: tuple) -> None:
        if path == ("title",) and self.doc.is_loaded:
            self.effect_edit.setPlaceholderText(self.doc.pm.title or "What went wrong, in one line")
        if self._watched(path):
            self._stale = True

    def _on_list_changed(self, path: tuple, *_args: object) -> None:
        self._on_list_path(path)

    def _on_list_path(self, path: tuple) -> None:
        if self._watched(path):
            self._stale = True

    def _on_changed(self) -> None:
        if self._stale:
            self.rebuild()

    def rebuild(self) -> None:
        """Lay the diagram out afresh and repaint it, keeping the selection and the view."""
        self._stale = False
        centre = self.view.visible_centre()
        if not self.doc.is_loaded:
            self.scene.clear()
            self.scene.layout = None
            self.scene.items_by_id = {}
            self._update_actions()
            return
        self.scene.show_postmortem(self.doc.pm)
        self.view.restore_after_rebuild(None if self.view.refit() else centre)
        if self.inline.is_open:
            if self.inline.box_id not in self.scene.items_by_id:
                self.inline.cancel()
            else:
                self._place_inline()
        self._update_actions()

    # -- helpers -------------------------------------------------------------------------------------

    def _cause(self, box_id: str):
        if not self.doc.is_loaded or not box_id or box_id.startswith(CATEGORY_PREFIX) or box_id == EFFECT_ID:
            return None
        return cause_tree.find(self.doc.pm.causes, box_id)

    def _subtree_of(self, cause_id: str) -> set[str]:
        return set(cause_tree.subtree_ids(self.doc.pm.causes, cause_id)) if self.doc.is_loaded else {cause_id}

    def _category_for_add(self) -> str:
        current = self.view.current or ""
        if current.startswith(CATEGORY_PREFIX):
            return current
        if self._cause(current) is not None:
            pm = self.doc.pm
            return CATEGORY_PREFIX + cause_tree.bone_of(pm.causes, pm.fishbone_categories, current)
        return ""

    def show_notice(self, text: str, *, until_undo: bool = False) -> None:
        """Show ``text`` for a while; with ``until_undo`` (a notice about the step just done, such as
        "… Ctrl+Z brings it back") it also goes as soon as that step is undone or another is done."""
        self._notice_step = self.doc.undo_stack.index() if until_undo else None
        self.notice.setText(text)
        self._notice_timer.start(NOTICE_MS)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, NOTICE_MS)
        self.message.emit(text)

    def _clear_notice(self) -> None:
        self._notice_timer.stop()
        self._notice_step = None
        text = self.notice.text()
        self.notice.clear()
        window = self.window()
        if text and isinstance(window, QMainWindow) and window.statusBar().currentMessage() == text:
            window.statusBar().clearMessage()

    def _undo_index_changed(self, index: int) -> None:
        if self._notice_step is not None and index != self._notice_step:
            self._clear_notice()

    # -- edits -----------------------------------------------------------------------------------------

    def insert_at(self, box_id: str) -> str | None:
        """Add a cause on the bone ``category:<name>``, a sub-cause under a cause id, or on the first bone
        for ""; opens the in-place editor on it and returns its id."""
        if not self.doc.is_loaded:
            return None
        pm = self.doc.pm
        if self._cause(box_id) is not None:
            new_id = self.edits.add_cause(parent_id=box_id)
        else:
            if box_id.startswith(CATEGORY_PREFIX):
                category = box_id[len(CATEGORY_PREFIX):]
            else:
                category = pm.fishbone_categories[0] if pm.fishbone_categories else OTHER_CATEGORY
            new_id = self.edits.add_cause(category=category)
        self._new_cause = (new_id, self.doc.undo_stack.index())
        self.view.set_current(new_id)
        self.start_edit(new_id)
        return new_id

    def start_edit(self, box_id: str) -> None:
        """Open the in-place editor over a cause, a category label or the head."""
        if not self.doc.is_loaded or box_id not in self.scene.items_by_id:
            return
        if box_id == EFFECT_ID:
            text, single = self.doc.pm.fishbone_effect, True
        elif box_id.startswith(CATEGORY_PREFIX):
            name = box_id[len(CATEGORY_PREFIX):]
            if name not in self.doc.pm.fishbone_categories and name != OTHER_CATEGORY:
                return
            text, single = name, True
        else:
            cause = self._cause(box_id)
            if cause is None:
                return
            text, single = cause.text, False
        self.view.ensureVisible(self.scene.items_by_id[box_id].sceneBoundingRect(), 60, 60)
        self.inline.open(box_id, text, self._box_rect(box_id), single_line=single)

    def _box_rect(self, box_id: str):
        item = self.scene.items_by_id[box_id]
        rect = item.mapRectToScene(item.rect())
        return self.view.mapFromScene(rect).boundingRect()

    def _place_inline(self) -> None:
        if self.inline.is_open and self.inline.box_id in self.scene.items_by_id:
            self.inline.place(self._box_rect(self.inline.box_id))

    def _inline_committed(self, box_id: str, text: str) -> None:
        new = self._new_cause
        self._new_cause = None
        if not self.doc.is_loaded:
            return
        if box_id == EFFECT_ID:
            self.edits.set_effect(text)
        elif box_id.startswith(CATEGORY_PREFIX):
            old = box_id[len(CATEGORY_PREFIX):]
            if text and text != old and not self.categories.rename(old, text):
                return
            if text and text != old:
                self.view.set_current(CATEGORY_PREFIX + text)
        elif self._cause(box_id) is not None:
            if new is not None and new[0] == box_id:
                if not text:
                    self._drop_new(new)
                    return
                if self._fold_new(new, text):
                    return
            self.edits.set_text(box_id, text)

    def _inline_cancelled(self, box_id: str) -> None:
        new = self._new_cause
        self._new_cause = None
        if new is not None and new[0] == box_id:
            self._drop_new(new)

    def _drop_new(self, new: tuple[str, int]) -> None:
        """A cause added and left empty is taken back (its add is undone)."""
        cause = self._cause(new[0])
        stack = self.doc.undo_stack
        if cause is not None and not cause.text and stack.index() == new[1]:
            stack.undo()

    def _fold_new(self, new: tuple[str, int], text: str) -> bool:
        """The first text of a cause just added joins its add: one undo step takes the whole cause back.

        The empty cause's add (still the last step) is undone and the cause is added again with its
        text, same id and place. False when something else was done in between."""
        cause = self._cause(new[0])
        stack = self.doc.undo_stack
        if cause is None or cause.text or stack.index() != new[1] or stack.index() != stack.count():
            return False
        row = [c.id for c in self.doc.pm.causes].index(cause.id)
        stack.undo()
        self.edits.put_back_cause(cause.model_copy(update={"text": text}), row)
        self.view.set_current(cause.id)
        return True

    def delete_box(self, box_id: str) -> None:
        if not self.doc.is_loaded:
            return
        if box_id.startswith(CATEGORY_PREFIX):
            name = box_id[len(CATEGORY_PREFIX):]
            if name in self.doc.pm.fishbone_categories and self.categories.remove_category(name):
                self.show_notice(f"Removed the category “{name}”.")
            return
        cause = self._cause(box_id)
        if cause is None:
            return
        pm = self.doc.pm
        order = self.view.order()
        index = order.index(box_id) if box_id in order else 0
        fallback = cause.parent_id or CATEGORY_PREFIX + cause_tree.bone_of(pm.causes, pm.fishbone_categories, box_id)
        removed = self.edits.delete_cause(box_id)
        extra = f" and {len(removed) - 1} sub-causes" if len(removed) > 1 else ""
        self.show_notice(f"Deleted “{' '.join(cause.text.split())[:60]}”{extra}. Ctrl+Z brings it back.",
                         until_undo=True)
        remaining = self.view.order()
        after = [i for i in order[index + 1:] if i in remaining and i not in removed]
        self.view.set_current(fallback if fallback in remaining else (after[0] if after else None))

    def toggle_kind(self, box_id: str) -> None:
        if self._cause(box_id) is not None:
            self.edits.toggle_kind(box_id)

    def set_kind(self, box_id: str, kind: CauseKind) -> None:
        if self._cause(box_id) is not None:
            self.edits.set_kind(box_id, kind)

    def edit_note(self, box_id: str) -> None:
        cause = self._cause(box_id)
        if cause is None:
            return
        note = FishboneDialogs.ask_note(self, cause.text, cause.note)
        if note is not None:
            self.edits.set_note(box_id, note)

    def link_actions(self, box_id: str) -> None:
        cause = self._cause(box_id)
        if cause is None:
            return
        items = self.doc.pm.action_items
        linked = [item.id for item in items if box_id in item.cause_ids]
        chosen = FishboneDialogs.ask_action_links(self, cause.text, items, linked)
        if chosen is not None:
            self.edits.link_actions(box_id, chosen)

    def drop(self, cause_id: str, target: Target | None) -> bool:
        """Re-parent after a drag; a move into the cause itself or its descendants is refused."""
        if target is None or not self.doc.is_loaded:
            return False
        try:
            if target.kind == "cause":
                moved = self.edits.reparent(cause_id, target.id)
            else:
                moved = self.edits.reparent(cause_id, None, target.id)
        except MoveRefused as refused:
            self.show_notice(f"Not moved: {refused}")
            return False
        if moved:
            self.view.set_current(cause_id)
            where = f"“{target.id}”" if target.kind == "category" else "another cause"
            self.show_notice(f"Moved the cause onto {where}. Ctrl+Z moves it back.", until_undo=True)
        return moved

    def move_targets(self, cause_id: str) -> list[tuple[Target, str, int]]:
        """Where a cause can move, in diagram order: every bone, then its causes (a ``Target``, a label
        and the depth), leaving out the cause itself and its sub-causes."""
        layout = self.scene.layout
        if layout is None:
            return []
        own = self._subtree_of(cause_id)
        targets: list[tuple[Target, str, int]] = []
        for box in layout.boxes:
            if box.kind == "category":
                targets.append((Target("category", box.category), box.category, 0))
            elif box.kind == "cause" and box.id not in own:
                cause = self._cause(box.id)
                if cause is not None:
                    targets.append((Target("cause", box.id), cause_label(cause), box.depth))
        return targets

    def move_to(self, box_id: str) -> bool:
        """Move a cause from the keyboard: choose a bone or another cause in a list (M, or the menu)."""
        cause = self._cause(box_id)
        if cause is None:
            return False
        targets = self.move_targets(box_id)
        choices = [(label, depth, target.kind == "category") for target, label, depth in targets]
        index = FishboneDialogs.ask_move_target(self, cause.text, len(self._subtree_of(box_id)) - 1, choices)
        if index is None:
            return False
        moved = self.drop(box_id, targets[index][0])
        self.view.setFocus()
        return moved

    # -- context menu ------------------------------------------------------------------------------------

    def context_menu(self, box_id: str) -> QMenu:
        """The menu for a cause, a category label or the background ("")."""
        menu = QMenu(self)
        cause = self._cause(box_id)

        def add(text: str, slot, shortcut: str = "", enabled: bool = True) -> QAction:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(enabled)
            return action

        if cause is not None:
            add("Add sub-cause", lambda: self.insert_at(box_id), "Ins")
            add("Edit text", lambda: self.start_edit(box_id), "F2")
            add("Move to…", lambda: self.move_to(box_id), "M")
            menu.addSeparator()
            root = add("Root cause", lambda: self.set_kind(box_id, CauseKind.ROOT_CAUSE), "R")
            root.setCheckable(True)
            root.setChecked(cause.kind is CauseKind.ROOT_CAUSE)
            factor = add("Contributing factor", lambda: self.set_kind(box_id, CauseKind.CONTRIBUTING_FACTOR))
            factor.setCheckable(True)
            factor.setChecked(cause.kind is CauseKind.CONTRIBUTING_FACTOR)
            menu.addSeparator()
            add("Note…", lambda: self.edit_note(box_id), "N")
            add("Link action items…", lambda: self.link_actions(box_id), "L")
            menu.addSeparator()
            add("Delete", lambda: self.delete_box(box_id), "Del")
        elif box_id.startswith(CATEGORY_PREFIX):
            name = box_id[len(CATEGORY_PREFIX):]
            known = name in self.doc.pm.fishbone_categories
            # the fallback bone of causes that name no bone: renaming or moving it makes it a bone of its own
            other = not known and name == OTHER_CATEGORY
            add("Add cause", lambda: self.insert_at(box_id), "Ins")
            add("Rename category", lambda: self.start_edit(box_id), "F2", known or other)
            add("Move up", lambda: self._move_category_up(name), "", known or other)
            add("Move down", lambda: self.edits.move_category(name, 1), "", known)
            menu.addSeparator()
            add("Remove category", lambda: self.delete_box(box_id), "Del", known)
        else:
            add("Add cause", lambda: self.insert_at(""), "Ins", self.doc.is_loaded)
            add("Add category…", self.categories.add_category, "", self.doc.is_loaded)
            menu.addSeparator()
            menu.addAction(self.fit_action)
            menu.addAction(self.png_action)
            menu.addAction(self.svg_action)
        return menu

    def _move_category_up(self, name: str) -> None:
        if name in self.doc.pm.fishbone_categories:
            self.edits.move_category(name, -1)
        else:
            self.edits.adopt_other(name, len(self.doc.pm.fishbone_categories) - 1)

    def _show_menu(self, box_id: str, at: QPoint) -> None:
        menu = self.context_menu(box_id)
        menu.exec(at)
        menu.deleteLater()

    # -- export ------------------------------------------------------------------------------------------

    @contextmanager
    def busy(self, text: str) -> Iterator[None]:
        """A wait cursor and ``text`` in the notice line while a long paint runs (a PNG of 500 causes
        takes over a second); the notice is painted before the work starts."""
        self.show_notice(text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        try:
            yield
        finally:
            QApplication.restoreOverrideCursor()

    def export_png(self) -> bool:
        if not self.doc.is_loaded:
            return False
        options = FishboneDialogs.ask_png_options(self)
        if options is None:
            return False
        stem = _file_stem(self.doc.pm.title)
        path = FishboneDialogs.ask_save_path(self, "Export diagram as PNG", f"{stem}-fishbone.png", "PNG images (*.png)")
        if path is None:
            return False
        path = with_extension(path, ".png")
        try:
            with self.busy(f"Exporting {path.name}…"):
                scale = export.write_png(self.doc.pm, path, options.scale, transparent=options.transparent)
        except ExportFailure as exc:
            Dialogs.show_error(self, "Export failed", f"Nothing was written to {path}.", str(exc))
            return False
        if scale < options.scale - 1e-9:
            self.show_notice(f"Exported {path.name} at {scale:.2f}× instead of {options.scale}×: "
                             "the diagram is too big for a larger image")
        else:
            self.show_notice(f"Exported {path.name}")
        return True

    def export_svg(self) -> bool:
        if not self.doc.is_loaded:
            return False
        stem = _file_stem(self.doc.pm.title)
        path = FishboneDialogs.ask_save_path(self, "Export diagram as SVG", f"{stem}-fishbone.svg", "SVG images (*.svg)")
        if path is None:
            return False
        path = with_extension(path, ".svg")
        try:
            with self.busy(f"Exporting {path.name}…"):
                export.write_svg(self.doc.pm, path)
        except ExportFailure as exc:
            Dialogs.show_error(self, "Export failed", f"Nothing was written to {path}.", str(exc))
            return False
        self.show_notice(f"Exported {path.name}")
        return True
