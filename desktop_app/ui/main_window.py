"""The main window: the library on the left, the open postmortem's wizard on the right."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from desktop_app.domain.copying import as_new_copy
from desktop_app.domain.models import Postmortem
from desktop_app.formats.errors import ExportFailure, ImportFailure
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.file_names import file_stem
from desktop_app.storage import search as search_index
from desktop_app.storage.database import READ_ONLY_OPTION, is_read_only, storage_error_message
from desktop_app.storage.repository import ConflictError, NotFoundError, PostmortemRepository
from desktop_app.ui.autosave import DEFAULT_DELAY_MS, Autosaver
from desktop_app.ui.database_watch import DatabaseWatch, follow_open_postmortem
from desktop_app.ui.dialogs import ConflictChoice, Dialogs
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.empty_state import EmptyState
from desktop_app.ui.library import UNTITLED, LibraryPanel
from desktop_app.ui.library_search import result_step
from desktop_app.ui.widgets.text_edits import plain_label
from desktop_app.ui.wizard.wizard import WizardWidget

if TYPE_CHECKING:
    from desktop_app.ui.export_dialog import ExportDialog
    from desktop_app.ui.presentation.meeting_timer import Clock
    from desktop_app.ui.presentation.window import PresentationWindow
    from desktop_app.ui.tracker.window import TrackerWindow

APP_NAME = "Hindsight"
SAMPLE_FILE = "sample-postmortem.json"
"""The sample postmortem in ``resources/samples`` that the first-run view opens: the Markdown
sample beside it, imported, then finished in every step (stakeholders, evidence, causes, 5 Whys)."""
MAX_UNSAVED_MS = 750
"""While edits keep coming (no pause for the debounce), they are still saved this often."""


READ_ONLY_BANNER = "Read-only: this database cannot be changed"
"""The banner over a window whose database was opened read-only (``hindsight --read-only``,
or a file, folder or mount that cannot be written): reading, searching and exporting work;
edits are taken back at once and nothing is saved."""

MAX_LISTED_WARNINGS = 25  # warnings listed one by one in the import report

#: kind -> save dialog title of the one-click text exports (the rest: ``formats.export_render``)
EXPORT_TITLES = {
    "json": "Export JSON",
    "markdown": "Export Markdown",
    "csv": "Export action items as CSV",
    "ics": "Export review invitation",
}

def window_title(title: str | None) -> str:
    """``<title>[*] — Hindsight``; a literal ``[*]`` in the title is escaped for Qt."""
    if title is None:
        return APP_NAME
    return f"{(title or UNTITLED).replace('[*]', '[*][*]')}[*] — {APP_NAME}"


DEFAULT_SIZE = QSize(1400, 880)
LIBRARY_SHARE = 0.33
"""On first start the library takes the width its columns need, at most this share of the window."""
RIGHT_MIN_WIDTH = 480
"""The wizard's side is never narrower than this; a step that needs more scrolls sideways."""


def first_size(available: QSize | None) -> QSize:
    """The window's size on its first start: 1400 × 880, or 92 % of a smaller screen's free area
    (at 1280 × 720 the status bar and the buttons stay on screen), never below the minimum
    900 × 600. A screen smaller than that minimum (the offscreen platform's 800 × 600) gets the default."""
    if available is None or available.width() < 900 or available.height() < 600:
        return DEFAULT_SIZE
    return QSize(max(900, min(DEFAULT_SIZE.width(), int(available.width() * 0.92))),
                 max(600, min(DEFAULT_SIZE.height(), int(available.height() * 0.92))))


class MainWindow(QMainWindow):
    """Library + wizard, menus, autosave and remembered window state.

    Attributes:
        repository: where postmortems are stored.
        document: the open postmortem (with its undo stack).
        autosaver: debounced saving of the document.
        library, wizard, empty_state: the main parts.
    """

    def __init__(
        self,
        repository: PostmortemRepository,
        *,
        settings: QSettings | None = None,
        autosave_delay_ms: int = DEFAULT_DELAY_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repository = repository
        self.settings = settings if settings is not None else QSettings()
        self.document = PostmortemDocument(self)
        self.autosaver = Autosaver(self._save_now, autosave_delay_ms, self)
        self.autosave_deadline = QTimer(self)
        self.autosave_deadline.setSingleShot(True)
        self.autosave_deadline.setInterval(max(MAX_UNSAVED_MS, autosave_delay_ms))
        self.autosave_deadline.timeout.connect(self.flush_autosave)
        self.autosaver.saving.connect(self.autosave_deadline.stop)
        self._save_failed = False
        self._tracker: TrackerWindow | None = None
        self.export_dialog: ExportDialog | None = None
        self.presentation: PresentationWindow | None = None
        self.presentation_clock: Clock | None = None  # the meeting timer's clock (tests set a fake one)
        #: what "today" is for the library's overdue counts and the tracker (tests set a fixed day)
        self.today: Callable[[], date] = date.today

        self.library = LibraryPanel(settings=self.settings)
        #: notices another process's changes (``hindsight import``) so the library shows them
        self.database_watch = DatabaseWatch(repository.engine, parent=self)
        self.database_watch.changed.connect(self._database_changed_elsewhere)
        follow_open_postmortem(self)  # the open postmortem too, when it has no unsaved edits
        self.wizard = WizardWidget(self.document)
        self.empty_state = EmptyState()
        self.right = QStackedWidget()
        self.right.addWidget(self.empty_state)
        self.right.addWidget(self.wizard)
        # The wizard in a scroll area: a step that needs more room than is left beside the library
        # (step 5's timeline) scrolls sideways instead of taking the library's width away (which
        # cut its column headings short) and giving it back on the next step.
        self.right_scroll = QScrollArea()
        self.right_scroll.setObjectName("wizard-scroll")
        self.right_scroll.setWidgetResizable(True)
        self.right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.right_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on from the library to the step list
        self.right_scroll.setWidget(self.right)
        self.right_scroll.setMinimumWidth(RIGHT_MIN_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.right_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 1000])
        self.read_only = is_read_only(repository.engine)
        self.read_only_banner: QLabel | None = None
        if self.read_only:
            self.setCentralWidget(self._with_read_only_banner(self.splitter))
        else:
            self.setCentralWidget(self.splitter)

        self.save_label = plain_label()
        self.save_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.save_label)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        if self.read_only:
            self._disable_editing()

        self.library.open_requested.connect(self.open_postmortem)
        self.library.hit_activated.connect(self.open_hit)
        self.library.set_search_function(lambda query, limit: search_index.search(repository.engine, query, limit))
        self.empty_state.sample_requested.connect(self.open_sample)
        self.empty_state.new_requested.connect(self.new_postmortem)
        self.empty_state.import_requested.connect(self.import_dialog)
        self.wizard.share.export_pdf_requested.connect(self.export_pdf)
        self.wizard.share.export_json_requested.connect(self.export_json)
        self.wizard.share.export_requested.connect(self.export_as)
        self.document.changed.connect(self._on_changed)
        self.document.dirty_changed.connect(lambda _d: self._update_modified())
        self.document.field_changed.connect(self._on_field_changed)
        self.document.loaded.connect(self._on_loaded)
        self.autosaver.saving.connect(lambda: self.save_label.setText("Saving…"))

        self.setMinimumSize(900, 600)
        self.resize(first_size(self.screen().availableGeometry().size() if self.screen() else None))
        self._library_width_pending = True  # until shown: the split needs the window's real width
        self.restore_state()
        self._ensure_search_index()
        self.refresh_library()
        self._on_loaded()

    # -- construction ----------------------------------------------------------------------

    def _icon(self, theme: str, fallback: QStyle.StandardPixmap) -> QIcon:
        return QIcon.fromTheme(theme, self.style().standardIcon(fallback))

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = QAction(self._icon("document-new", sp.SP_FileIcon), "&New postmortem", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setIconText("New")
        self.new_action.triggered.connect(self.new_postmortem)
        self.import_action = QAction(self._icon("document-import", sp.SP_DialogOpenButton), "&Import…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setIconText("Import")
        self.import_action.triggered.connect(self.import_dialog)
        self.export_pdf_action = QAction(
            self._icon("document-export", sp.SP_DialogSaveButton), "Export executive summary &PDF…", self
        )
        self.export_pdf_action.setIconText("Export PDF")
        self.export_pdf_action.triggered.connect(self.export_pdf)
        self.export_action = QAction(self._icon("document-export", sp.SP_DialogSaveButton), "&Export…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setIconText("Export")
        self.export_action.setToolTip("Export as PDF, Markdown, JSON, CSV or calendar invitation (Ctrl+E)")
        self.export_action.triggered.connect(lambda: self.open_export_dialog())
        self.export_json_action = QAction("Export &JSON…", self)
        self.export_json_action.triggered.connect(self.export_json)
        self.export_markdown_action = QAction("Export &Markdown…", self)
        self.export_markdown_action.triggered.connect(lambda: self.export_as("markdown"))
        self.export_csv_action = QAction("Export action items as &CSV…", self)
        self.export_csv_action.triggered.connect(lambda: self.export_as("csv"))
        self.export_ics_action = QAction("Export review in&vitation (.ics)…", self)
        self.export_ics_action.triggered.connect(lambda: self.export_as("ics"))
        self.delete_action = QAction(self._icon("edit-delete", sp.SP_TrashIcon), "&Delete postmortem…", self)
        self.delete_action.triggered.connect(self.delete_current)
        # Del deletes in the library only (the File menu shows it); a text field keeps its own Delete.
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.library.view.addAction(self.delete_action)
        self.library_delete_action = self.delete_action
        self.restore_backup_action = QAction("&Restore from backup…", self)
        self.restore_backup_action.triggered.connect(self.restore_from_backup)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setIcon(self._icon("edit-undo", sp.SP_ArrowBack))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(self._icon("edit-redo", sp.SP_ArrowForward))

        self.library_toggle = QAction("&Library", self)
        self.library_toggle.setCheckable(True)
        self.library_toggle.setChecked(True)
        self.library_toggle.setShortcut(QKeySequence("Ctrl+L"))
        self.library_toggle.toggled.connect(self.library.setVisible)
        self.refresh_action = QAction("&Refresh library", self)
        self.refresh_action.setShortcut(QKeySequence("Ctrl+R"))
        self.refresh_action.setToolTip(
            "Read the library again from the database (changes made elsewhere, e.g. by 'hindsight import', "
            "also show by themselves within a few seconds) (Ctrl+R)"
        )
        self.refresh_action.triggered.connect(self.reload_library)
        self.find_action = QAction("&Search postmortems…", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setToolTip("Search every text of every postmortem (Ctrl+F)")
        self.find_action.triggered.connect(self.focus_search)
        self.tracker_action = QAction("Follow-up &tracker", self)
        self.tracker_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.tracker_action.setToolTip("Action items of all postmortems: filter, update, export (Ctrl+Shift+T)")
        self.tracker_action.triggered.connect(self.show_tracker)
        self.present_action = QAction("&Present review meeting", self)
        self.present_action.setShortcut(QKeySequence("F5"))
        self.present_action.setToolTip("Show the open postmortem full screen for the review meeting (F5)")
        self.present_action.triggered.connect(self.present)
        self.previous_step_action = QAction("Pre&vious step", self)
        self.previous_step_action.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.previous_step_action.triggered.connect(self.wizard.previous_step)
        self.next_step_action = QAction("&Next step", self)
        self.next_step_action.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.next_step_action.triggered.connect(self.wizard.next_step)
        self.about_action = QAction("&About Hindsight", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda: Dialogs.about(self))
        self.document_actions = (
            self.export_action,
            self.export_pdf_action,
            self.export_json_action,
            self.export_markdown_action,
            self.export_csv_action,
            self.export_ics_action,
            self.delete_action,
            self.library_delete_action,
            self.present_action,
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.import_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addActions([
            self.export_pdf_action, self.export_markdown_action, self.export_csv_action,
            self.export_ics_action, self.export_json_action,
        ])
        file_menu.addSeparator()
        file_menu.addAction(self.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(self.restore_backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.library_toggle)
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.tracker_action)
        view_menu.addAction(self.present_action)
        view_menu.addSeparator()
        view_menu.addActions([self.previous_step_action, self.next_step_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.import_action, self.export_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # -- window state ---------------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        for key, splitter in (("window/splitter", self.splitter), ("window/wizard-splitter", self.wizard.splitter)):
            value = self.settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                splitter.restoreState(value)
                if splitter is self.splitter:
                    self._library_width_pending = False  # the user's own split
        visible = self.settings.value("window/library-visible", True)
        self.library_toggle.setChecked(visible not in (False, "false"))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._library_width_pending:
            self._library_width_pending = False
            self.fit_library_width()

    def fit_library_width(self) -> None:
        """The first split: the library wide enough for all its columns, but at most
        ``LIBRARY_SHARE`` of the window (a saved split, restored afterwards, wins)."""
        width = self.centralWidget().width() if self.centralWidget() is not None else self.width()
        library = min(self.library.preferred_width(), round(width * LIBRARY_SHARE))
        self.splitter.setSizes([library, max(1, width - library - self.splitter.handleWidth())])

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/wizard-splitter", self.wizard.splitter.saveState())
        self.settings.setValue("window/library-visible", self.library_toggle.isChecked())
        if self._tracker is not None:
            self._tracker.save_state()
        self.settings.sync()

    # -- library --------------------------------------------------------------------------------

    def refresh_library(self) -> None:
        current = self.document.pm.id if self.document.is_loaded else None
        self.database_watch.mark_seen()  # before reading: a change made while reading shows next time
        summaries = self.repository.list_summaries(self.today())
        self.library.set_summaries(summaries, select=current)
        self.empty_state.set_library_empty(not summaries)
        if self._tracker is not None:
            self._tracker.mark_stale()

    def reload_library(self) -> None:
        """View ▸ Refresh library (Ctrl+R): read the library again; the selection, sort order,
        filters, search and scroll position stay."""
        try:
            self.refresh_library()
        except Exception as exc:  # noqa: BLE001 - a busy or vanished database: say so, keep what is shown
            self.statusBar().showMessage(f"The library could not be read again: {exc}", 8000)

    def _database_changed_elsewhere(self) -> None:
        """Another process (or window) changed the database: show the library as it is now."""
        self.reload_library()

    def check_database(self) -> bool:
        """Whether the database was changed elsewhere since the library was read (it is then reloaded)."""
        return self.database_watch.check()

    def open_postmortem(self, pm_id: str) -> bool:
        """Show the stored postmortem ``pm_id`` (saving the open one first)."""
        if self.document.is_loaded and self.document.pm.id == pm_id:
            self.library.select(pm_id)
            return True
        if not self.flush_autosave():
            self._reselect_current()
            return False
        try:
            pm, version = self.repository.get_with_version(pm_id)
        except NotFoundError as exc:
            Dialogs.show_error(self, "Cannot open", str(exc))
            self.refresh_library()
            return False
        self.document.load(pm, version)
        if self.library.model.row_of(pm_id) < 0:
            self.reload_library()  # added elsewhere (a search hit found it first): list it, selected
        else:
            self.library.select(pm_id)
        return True

    # -- presentation mode ------------------------------------------------------------------

    def present(self) -> PresentationWindow | None:
        """Open presentation mode on the open postmortem (same document and undo stack)."""
        if not self.document.is_loaded:
            return None
        self.flush_autosave()
        if self.presentation is None:
            from desktop_app.ui.presentation.window import PresentationWindow

            self.presentation = PresentationWindow(
                self.document, settings=self.settings, clock=self.presentation_clock, parent=self
            )
            self.presentation.left.connect(self._presentation_left)
        self.presentation.enter()
        return self.presentation

    def _presentation_left(self) -> None:
        self.flush_autosave()
        self.raise_()
        self.activateWindow()

    # -- follow-up tracker ------------------------------------------------------------------

    def restore_from_backup(self) -> bool:
        """File ▸ Restore from backup…: replace the database with a chosen backup (the current one is kept)."""
        from desktop_app.ui.restore_dialog import restore_in_window

        if self._refuse_read_only():
            return False
        self.database_watch.close()  # its connection must not hold the file being replaced
        try:
            return restore_in_window(self)
        finally:
            self.database_watch.resume()

    def show_tracker(self) -> TrackerWindow:
        """Show the follow-up tracker window (created on first use), with fresh rows."""
        if self._tracker is None:
            from desktop_app.ui.tracker.window import TrackerWindow

            self._tracker = TrackerWindow(
                self.repository, settings=self.settings, before_write=self.flush_autosave,
                today=lambda: self.today(), parent=self,
            )
            self._tracker.open_requested.connect(self.open_action_item)
            self._tracker.items_written.connect(self._tracker_wrote)
        else:
            self._tracker.reload()
        self._tracker.show()
        self._tracker.raise_()
        self._tracker.activateWindow()
        return self._tracker

    def open_action_item(self, pm_id: str, item_id: str) -> bool:
        """Open postmortem ``pm_id`` at its action item ``item_id`` (step 6) and bring this window up."""
        from desktop_app.domain.completeness import Step

        if not self.open_postmortem(pm_id):
            return False
        self.wizard.show_field(Step.ACTION_ITEMS, ("action_items", item_id))
        self.raise_()
        self.activateWindow()
        return True

    def _tracker_wrote(self, pm_ids: list[str]) -> None:
        """The tracker changed these postmortems: reload the open one (its edits were saved just before)."""
        doc = self.document
        if doc.is_loaded and doc.pm.id in pm_ids:
            step = self.wizard.current_step
            try:
                pm, version = self.repository.get_with_version(doc.pm.id)
            except NotFoundError:
                pm, version = None, None
            doc.load(pm, version)
            if pm is not None:
                self.wizard.go_to(step)
        self.refresh_library()

    def _reselect_current(self) -> None:
        if self.document.is_loaded:
            self.library.select(self.document.pm.id)

    # -- search ---------------------------------------------------------------------------------

    def _ensure_search_index(self) -> None:
        """Build the search index if this database has none yet (first start after an update)."""
        engine = self.repository.engine
        if search_index.index_is_current(engine):
            return
        if self.read_only:
            self.statusBar().showMessage("Search is unavailable: this read-only database has no current index.", 10000)
            return
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog("Building the search index…", "", 0, 0, self)
        progress.setWindowTitle(APP_NAME)
        progress.setCancelButton(None)
        progress.setMinimumDuration(400)
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        try:
            search_index.rebuild_index(engine, report)
        except Exception as exc:  # noqa: BLE001 - search is derived data: the app works without it
            self.statusBar().showMessage(f"Search is unavailable: the index could not be built ({exc}).", 10000)
        finally:
            progress.close()
            progress.deleteLater()

    def focus_search(self) -> None:
        """Show the library and put the cursor in its search field (Ctrl+F)."""
        self.library_toggle.setChecked(True)
        self.library.focus_search()

    def open_hit(self, hit: search_index.SearchHit) -> bool:
        """Open the postmortem of a search hit and put the cursor on the field that matched."""
        if not self.open_postmortem(hit.postmortem_id):
            return False
        self.wizard.show_field(result_step(hit), hit.path)
        return True

    def open_sample(self) -> bool:
        """Import the shipped sample postmortem and open it (the first-run button)."""
        from desktop_app.formats.resources_path import resources_dir

        if self._refuse_read_only() or not self.flush_autosave():
            return False
        path = resources_dir() / "samples" / SAMPLE_FILE
        try:
            from desktop_app.formats.importer import import_path

            pm = self.repository.add_imported(import_path(path).postmortem)
        except Exception as exc:  # noqa: BLE001 - a broken installation is reported, not raised
            Dialogs.show_error(self, "Cannot open the sample", f"The sample postmortem ({path.name}) could not be read: {exc}")
            return False
        self.refresh_library()
        self.open_postmortem(pm.id)
        self.statusBar().showMessage("Sample postmortem added to the library", 6000)
        return True

    # -- commands -------------------------------------------------------------------------------

    def _refuse_read_only(self) -> bool:
        """True (after saying so in the status bar) when the database was opened read-only."""
        if self.read_only:
            self.statusBar().showMessage(f"{READ_ONLY_BANNER}: nothing was changed.", 6000)
        return self.read_only

    def _with_read_only_banner(self, content: QWidget) -> QWidget:
        """``content`` under the read-only banner."""
        where = self.repository.engine.get_execution_options().get(READ_ONLY_OPTION, "")
        banner = plain_label(READ_ONLY_BANNER)
        banner.setObjectName("read-only-banner")
        banner.setAccessibleName("Read-only database")
        banner.setToolTip(
            f"{where} was opened read-only: read, search and export work; edits are not kept. "
            "To change it, copy the file to a writable folder and open the copy."
        )
        banner.setStyleSheet("QLabel#read-only-banner { background: #fff4ce; color: #3b2f00; padding: 6px 10px; }")
        self.read_only_banner = banner
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        layout.addWidget(content, 1)
        return box

    def _disable_editing(self) -> None:
        """Read-only database: no command that writes, text fields and tables read-only."""
        for action in (self.new_action, self.import_action, self.delete_action, self.library_delete_action,
                       self.restore_backup_action):
            action.setEnabled(False)
            action.setToolTip(f"{READ_ONLY_BANNER}.")
        self.empty_state.set_read_only(READ_ONLY_BANNER)
        self.document_actions = tuple(
            a for a in self.document_actions if a not in (self.delete_action, self.library_delete_action)
        )
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit):
            for edit in self.wizard.findChildren(kind):
                edit.setReadOnly(True)
        for view in self.wizard.findChildren(QAbstractItemView):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_label.setText("Read-only")

    def _take_back_read_only_edit(self) -> None:
        """An edit reached the document of a read-only database (a button, a drop): undo it."""
        stack = self.document.undo_stack
        if stack.count():
            stack.setIndex(0)
            stack.clear()
        self.document.set_dirty(False)
        self.autosaver.cancel()
        self.autosave_deadline.stop()
        self._update_modified()
        self._refuse_read_only()

    def new_postmortem(self) -> None:
        if self._refuse_read_only() or not self.flush_autosave():
            return
        pm = Postmortem()
        version = self.repository.add(pm)
        self.document.load(pm, version)
        self.refresh_library()
        self.wizard.go_to(1)
        self.wizard.restoration.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage("New postmortem created", 4000)

    def import_dialog(self) -> None:
        paths = Dialogs.ask_import_files(self)
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[Path]) -> list[Postmortem]:
        """Import every good file, then report the bad ones (file and line) and the warnings."""
        if self._refuse_read_only() or not self.flush_autosave():
            return []
        imported: list[Postmortem] = []
        failures: list[str] = []
        warnings: list[str] = []
        copies: list[str] = []
        from desktop_app.formats.importer import already_imported, copy_note, import_path  # loaded on first use

        stored = [(s.id, s.title, s.incident_date) for s in self.repository.list_summaries()]
        for path in paths:
            path = Path(path)
            try:
                result = import_path(path)
                clash = result.postmortem.id
                stored_title = self.repository.get(clash).title if self.repository.exists(clash) else None
                same = already_imported(result.postmortem.title, result.postmortem.incident_date, stored)
                pm = self.repository.add_imported(result.postmortem)
            except ImportFailure as exc:
                where = f"{path.name}, line {exc.line}" if exc.line is not None else path.name
                failures.append(f"• {where}: {exc.message}")
                continue
            except Exception as exc:  # noqa: BLE001 - any failure of one file is reported, the rest go on
                failures.append(f"• {path.name}: {exc}")
                continue
            imported.append(pm)
            stored.append((pm.id, pm.title, pm.incident_date))
            if stored_title is not None:
                copies.append(f"• {path.name}: {copy_note(stored_title)}")
            elif same is not None:  # the window names the incident; the command line gives ids for scripts
                copies.append(f"• {path.name}: “{pm.title}” was already in the library; it is stored again as "
                              "a second copy (File ▸ Delete postmortem… removes one if it is not wanted)")
            warnings += [
                f"• {path.name}{f', line {w.line}' if w.line else ''}: {w.message}" for w in result.warnings
            ]
        self.refresh_library()
        if imported:
            self.open_postmortem(imported[-1].id)
        noun = "file" if len(paths) == 1 else "files"
        summary = f"Imported {len(imported)} of {len(paths)} {noun}."
        self.statusBar().showMessage(summary, 8000)
        if failures or warnings or copies:
            details = []
            if failures:
                details.append("Could not import:\n" + "\n".join(failures))
            if copies:
                details.append("\n".join(copies))
            if warnings:
                plural = "warning" if len(warnings) == 1 else "warnings"
                shown = warnings[:MAX_LISTED_WARNINGS]
                if len(warnings) > len(shown):
                    shown.append(f"… and {len(warnings) - len(shown)} more")
                details.append(
                    f"{len(warnings)} import {plural}: parts of the text could not be read for sure; "
                    "they were kept as written.\n" + "\n".join(shown)
                )
            Dialogs.show_import_report(self, summary, "\n\n".join(details), failed=bool(failures))
        return imported

    def export_pdf(self) -> None:
        if not self.document.is_loaded:
            return
        pm = self.document.pm
        path = Dialogs.ask_save_path(
            self, "Export executive summary", f"{file_stem(pm.title)}-summary.pdf", "PDF documents (*.pdf)"
        )
        if path is None:
            return
        from desktop_app.formats.pdf_summary import write_summary_pdf  # reportlab loads on first use

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_summary_pdf(pm.model_copy(deep=True), path)
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing is lost
            QApplication.restoreOverrideCursor()
            Dialogs.show_error(self, "Export failed", f"The PDF could not be written to {path}.", str(exc))
            return
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(f"Exported {path.name}", 6000)

    def export_json(self) -> None:
        self.export_as("json")

    def open_export_dialog(self, kind: str | None = None) -> ExportDialog | None:
        """Open the export dialog on a snapshot of the open postmortem (``kind`` preselects a format)."""
        if not self.document.is_loaded:
            return None
        from desktop_app.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.document.pm.model_copy(deep=True), self.settings, self, initial_kind=kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda path: self.statusBar().showMessage(f"Exported {Path(path).name}", 6000))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export_as(self, kind: str) -> None:
        """Export the open postmortem as ``json``, ``markdown``, ``csv`` (action items) or ``ics``."""
        if not self.document.is_loaded:
            return
        pm = self.document.pm
        from desktop_app.formats.export_render import kind as export_kind
        from desktop_app.formats.export_render import render_export

        spec = export_kind(kind)
        suggested = f"{file_stem(pm.title)}{spec.suffix}"
        path = Dialogs.ask_save_path(self, EXPORT_TITLES[kind], suggested, spec.file_filter)
        if path is None:
            return
        try:
            write_atomically(path, render_export(kind, pm.model_copy(deep=True)))
        except ExportFailure as exc:
            Dialogs.show_error(self, "Export failed", f"Nothing was written to {path}.", str(exc))
            return
        self.statusBar().showMessage(f"Exported {path.name}", 6000)

    def delete_current(self) -> None:
        if not self.document.is_loaded:
            return
        pm = self.document.pm
        if self._refuse_read_only() or not Dialogs.confirm_delete(self, pm.title or UNTITLED):
            return
        self.autosaver.cancel()
        try:
            self.repository.delete(pm.id)
        except NotFoundError:
            pass
        except Exception as exc:  # noqa: BLE001
            Dialogs.show_error(self, "Delete failed", "The postmortem could not be deleted.", str(exc))
            return
        self.document.load(None, None)
        self.refresh_library()
        self.statusBar().showMessage(f"Deleted “{pm.title or UNTITLED}”", 6000)

    # -- saving ---------------------------------------------------------------------------------

    def flush_autosave(self) -> bool:
        """Save a pending change now; False when it could not be saved."""
        return self.autosaver.flush()

    def _save_now(self) -> bool:
        doc = self.document
        if not doc.is_loaded:
            return True
        try:
            version = self.repository.save(doc.pm, expected_version=doc.version)
        except ConflictError as exc:
            return self._resolve_conflict(exc)
        except NotFoundError:
            try:
                version = self.repository.add(doc.pm)
            except Exception as exc:  # noqa: BLE001
                return self._save_error(exc)
        except Exception as exc:  # noqa: BLE001 - DB and OS errors keep the edits in memory
            return self._save_error(exc)
        doc.mark_saved(version)
        self._save_failed = False
        self.save_label.setText(f"Saved {datetime.now().strftime('%H:%M:%S')}")
        self._update_modified()
        self.refresh_library()
        return True

    def _save_error(self, exc: Exception) -> bool:
        self.save_label.setText("Not saved: your edits are kept in this window")
        self._update_modified()
        if not self._save_failed:
            self._save_failed = True
            Dialogs.show_error(
                self,
                "Could not save",
                "Your latest edits could not be saved. They are kept in this window; "
                "saving is tried again on the next edit.",
                storage_error_message(exc, self.repository.engine.url.render_as_string(hide_password=False))
                or str(exc),
            )
        return False

    def _resolve_conflict(self, exc: ConflictError) -> bool:
        doc = self.document
        mine = doc.pm
        choice = Dialogs.resolve_conflict(self, mine.title or UNTITLED, str(exc))
        if choice is ConflictChoice.RELOAD_THEIRS:
            pm, version = self.repository.get_with_version(mine.id)
            doc.load(pm, version)
            self.save_label.setText("Loaded the stored version")
        else:
            copy = as_new_copy(mine, title_suffix=" (my copy)")
            version = self.repository.add(copy)
            doc.load(copy, version)
            self.save_label.setText(f"Saved your edits as a copy {datetime.now().strftime('%H:%M:%S')}")
        self.refresh_library()
        return True

    # -- document signals ---------------------------------------------------------------------

    def _on_changed(self) -> None:
        if self.read_only:  # after the command (or macro) that made the change is complete
            QTimer.singleShot(0, self._take_back_read_only_edit)
            return
        self.autosaver.schedule()
        if not self.autosave_deadline.isActive():
            self.autosave_deadline.start()
        self._update_modified()

    def _on_field_changed(self, path: tuple) -> None:
        if path == ("title",):
            self._update_title()

    def _on_loaded(self) -> None:
        loaded = self.document.is_loaded
        self.right.setCurrentWidget(self.wizard if loaded else self.empty_state)
        for action in self.document_actions:
            action.setEnabled(loaded)
        if not loaded:
            self.library.view.clearSelection()
        self._update_title()
        self._update_modified()

    def _update_title(self) -> None:
        pm = self.document.postmortem
        self.setWindowTitle(window_title(pm.title if pm is not None else None))

    def _update_modified(self) -> None:
        self.setWindowModified(self.document.dirty or self.autosaver.pending)

    # -- Qt events ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_database()  # back from a terminal: show its imports at once

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.flush_autosave() and not Dialogs.confirm_close_unsaved(
            self, "Saving failed; see the status bar."
        ):
            event.ignore()
            return
        self.save_state()
        self.database_watch.close()
        event.accept()
