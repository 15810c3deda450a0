"""Recovering the database: the start-up choice, the backup chooser and File ▸ Restore from backup….

When the database cannot be opened at start-up, ``recover_at_startup`` says why in a few
lines and offers what fits (``startup_problem``): for a damaged file "Restore a backup…",
"Start a new database" (the unusable file is renamed aside, never deleted), "Open another
database file…" and Quit; for a full disk "Try again", another file or Quit; for a database
from a newer Hindsight another file or Quit. ``restore_in_window`` restores a backup under a running window. Every question goes
through ``RecoveryDialogs`` class methods, which tests replace. A restore is refused while
another Hindsight process has the database open. ``show_recovery_notice`` tells, without
blocking the window, that the previous run did not quit cleanly and what the check found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage import session_marker
from desktop_app.storage.backups import (
    Backup,
    BackupError,
    format_size,
    in_use_message,
    list_backups,
    move_aside,
    restore_backup,
)
from desktop_app.storage.database import (
    DatabaseError,
    DiskFullError,
    database_file,
    disk_is_full,
    free_space,
    open_database,
    written_by_newer_version,
)
from desktop_app.ui.widgets.text_edits import plain_label

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

APP_NAME = "Hindsight"
NOTICE_NAME = "recoveryNotice"
"""Object name of the non-modal notice after an unclean exit (tests and accessibility find it by it)."""
NOTICE_STATUS_MS = 60_000


class StartupChoice(Enum):
    """What to do when the database could not be opened."""

    RESTORE = "restore"
    NEW_DATABASE = "new"
    RETRY = "retry"
    OPEN_OTHER = "open"
    QUIT = "quit"


DAMAGED_HEADLINE = "Hindsight could not open its database"
DISK_FULL_HEADLINE = "The disk is full"
NEWER_HEADLINE = "This database needs a newer Hindsight"

CHOICE_TEXTS: dict[StartupChoice, tuple[str, str]] = {
    StartupChoice.RESTORE: (
        "Restore a backup…", "Go back to an earlier copy. The current file is kept as a backup first."
    ),
    StartupChoice.NEW_DATABASE: (
        "Start a new database", "Begin with an empty one. The file that could not be opened is renamed aside, not deleted."
    ),
    StartupChoice.RETRY: ("Try again", "Open the database again once some space is free on its disk."),
    StartupChoice.OPEN_OTHER: (
        "Open another database file…", "Choose a different Hindsight database. This file is left as it is."
    ),
    StartupChoice.QUIT: ("Quit", "Leave everything as it is."),
}
"""Each start-up button's title and the line under it that says what it does."""
OPEN_OTHER_NO_FILE = "Choose an existing Hindsight database file instead. Nothing is created here."
"""The line under "Open another database file…" when the database file does not exist (a missing folder)."""

NO_BACKUPS = "There are no backups of this database yet."

_PATH = re.compile(r"\S*[\\/]\S*")
"""A word with a "/" or "\\" in it: a file or folder path (or the part of one after a space)."""
WORD_JOINER = "\u2060"
MAX_PATH_WIDTH = 900
"""The start-up dialog widens for its database path up to this many pixels (a longer one scrolls)."""


def unbroken_paths(text: str) -> str:
    """``text`` for a word-wrapped label in which no path breaks after a "/" or "-" (a label would
    break there): an invisible word joiner follows each such mark, so lines wrap at spaces only."""
    return _PATH.sub(lambda found: re.sub(r"([^\w\s])", rf"\1{WORD_JOINER}", found.group()), text)


@dataclass(frozen=True)
class StartupProblem:
    """What the start-up dialog says and offers: a headline, the problem, and the buttons to show.

    ``can_restore`` is False when there are no backups (the restore button is shown disabled,
    saying so).
    """

    headline: str
    message: str
    offers: tuple[StartupChoice, ...]
    can_restore: bool = False
    file_exists: bool = True
    path: Path | None = None

    @property
    def can_start_new(self) -> bool:
        return StartupChoice.NEW_DATABASE in self.offers


def startup_problem(message: str, db_path: Path | None) -> StartupProblem:
    """What to say and offer about a database that could not be opened.

    A full disk offers Try again, another file or Quit (restoring or starting anew needs space too,
    and the file is not damaged); a database from a newer Hindsight offers another file or Quit
    (it is not damaged either: renaming it aside would only hide it); anything else also offers
    a restore (when there are backups) and a new database (when the file exists).
    """
    text = message.strip()
    if db_path is not None and disk_is_full(db_path):
        if "is full" not in text:
            text = f"{DiskFullError(db_path, free_space(db_path))}\n\n{text}"
        return StartupProblem(DISK_FULL_HEADLINE, text, (
            StartupChoice.RETRY, StartupChoice.OPEN_OTHER, StartupChoice.QUIT), path=db_path)
    if db_path is not None and written_by_newer_version(db_path):
        return StartupProblem(NEWER_HEADLINE, text, (StartupChoice.OPEN_OTHER, StartupChoice.QUIT), path=db_path)
    offers = [StartupChoice.RESTORE]
    exists = db_path is None or db_path.exists()
    if db_path is not None and exists:
        offers.append(StartupChoice.NEW_DATABASE)
    offers += [StartupChoice.OPEN_OTHER, StartupChoice.QUIT]
    can_restore = db_path is not None and bool(list_backups(db_path))
    return StartupProblem(DAMAGED_HEADLINE, text, tuple(offers), can_restore=can_restore, file_exists=exists,
                          path=db_path)


def default_choice(problem: StartupProblem) -> StartupChoice:
    """The button Enter presses: the safest way out, never one that moves or creates a file.

    Restoring a backup when there is one (it asks which, and keeps the current file first), trying
    again after a full disk, else Quit; "Start a new database" (it renames the file aside) never is.
    """
    if problem.can_restore and StartupChoice.RESTORE in problem.offers:
        return StartupChoice.RESTORE
    if StartupChoice.RETRY in problem.offers:
        return StartupChoice.RETRY
    return StartupChoice.QUIT


class StartupDialog(QDialog):
    """The start-up question: a headline, the problem in a few lines, and one button per way out,
    each saying what it does (``QCommandLinkButton``)."""

    def __init__(self, problem: StartupProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(problem.headline)
        self.choice = StartupChoice.QUIT
        icon = QLabel(self)
        kind = (QStyle.StandardPixmap.SP_MessageBoxWarning if problem.headline != DAMAGED_HEADLINE
                else QStyle.StandardPixmap.SP_MessageBoxCritical)
        icon.setPixmap(self.style().standardIcon(kind).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = plain_label(problem.headline, self)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.headline.setFont(font)
        self.message_text = problem.message
        self.message = plain_label(unbroken_paths(problem.message), self)
        self.message.setWordWrap(True)
        self.path_field: QLineEdit | None = None
        if problem.path is not None:
            # The path to copy (the message's own, with its invisible joiners, is not for copying).
            self.path_field = QLineEdit(str(problem.path), self)
            self.path_field.setReadOnly(True)
            self.path_field.setFrame(False)
            self.path_field.setAccessibleName("Database file")
            self.path_field.setToolTip("The database file; select it to copy it")
            self.path_field.setCursorPosition(0)
            self.path_field.setMinimumWidth(min(MAX_PATH_WIDTH, self.path_field.fontMetrics().horizontalAdvance(
                self.path_field.text()) + 12))
        self.buttons: dict[StartupChoice, QCommandLinkButton] = {}
        text_column = QVBoxLayout()
        text_column.addWidget(self.headline)
        text_column.addWidget(self.message)
        if self.path_field is not None:
            path_row = QHBoxLayout()
            path_row.addWidget(plain_label("File:", self))
            path_row.addWidget(self.path_field, 1)
            text_column.addLayout(path_row)
        text_column.addSpacing(8)
        for choice in problem.offers:
            title, description = CHOICE_TEXTS[choice]
            if choice is StartupChoice.RESTORE and not problem.can_restore:
                description = NO_BACKUPS
            if choice is StartupChoice.OPEN_OTHER and not problem.file_exists:
                description = OPEN_OTHER_NO_FILE
            button = QCommandLinkButton(title, description, self)
            button.setEnabled(choice is not StartupChoice.RESTORE or problem.can_restore)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            self.buttons[choice] = button
            text_column.addWidget(button)
        safest = self.buttons.get(default_choice(problem))
        if safest is not None:
            safest.setDefault(True)
            safest.setFocus()
        row = QHBoxLayout(self)
        row.addWidget(icon)
        row.addLayout(text_column, 1)
        self.setMinimumWidth(520)

    def _choose(self, choice: StartupChoice) -> None:
        self.choice = choice
        self.accept()


class BackupChooser(QDialog):
    """A table of backups (when, kind, size; newest first) to pick one from."""

    HEADERS = ("When", "Kind", "Size")

    def __init__(self, backups: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.backups = backups
        intro = plain_label(
            "Choose the backup to go back to. The current database is kept as a backup first, "
            "so a restore can itself be undone. Close Hindsight in other windows first.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setAccessibleName("Backups")
        self.table.setHeaderLabels(list(self.HEADERS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        for backup in backups:
            item = QTreeWidgetItem([backup.when(), backup.kind_label, format_size(backup.size)])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column in range(3):
                item.setToolTip(column, str(backup.path))
            self.table.addTopLevelItem(item)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if backups:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's rows as shown: ``(when, kind, size)``."""
        return [
            (item.text(0), item.text(1), item.text(2))
            for item in (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
            if item is not None
        ]

    def selected(self) -> Backup | None:
        item = self.table.currentItem()
        row = self.table.indexOfTopLevelItem(item) if item is not None else -1
        return self.backups[row] if 0 <= row < len(self.backups) else None


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, details: str) -> QMessageBox:
    box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(details)
    return box


def _ok(box: QMessageBox) -> None:
    """An OK button without a style icon, like every other button of these dialogs."""
    ok = box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)


def confirm_text(backup: Backup, db_path: Path) -> tuple[str, str]:
    """The restore confirmation's question and explanation, the backup named by its date and kind."""
    return (
        f"Go back to the backup of {backup.when()}?",
        f"{backup.kind_label} backup, {format_size(backup.size)}. The database {db_path.name} becomes what it "
        "was then: edits made since are not in the backup. The current database is kept as a backup first, "
        "so this can be undone.",
    )


class RecoveryDialogs:
    """The questions of recovery, as class methods tests can replace."""

    @classmethod
    def startup_choice(cls, problem: StartupProblem) -> StartupChoice:
        dialog = StartupDialog(problem)
        dialog.exec()
        return dialog.choice

    @classmethod
    def choose_database(cls, parent: QWidget | None, near: Path | None) -> Path | None:
        """Ask for another database file to open; ``None`` when cancelled."""
        folder = str(near.parent) if near is not None else ""
        name, _ = QFileDialog.getOpenFileName(
            parent, "Open another database", folder, "Hindsight databases (*.db *.sqlite *.bak);;All files (*)"
        )
        return Path(name) if name else None

    @classmethod
    def choose_backup(cls, parent: QWidget | None, backups: list[Backup]) -> Backup | None:
        chooser = BackupChooser(backups, parent)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return None
        return chooser.selected()

    @classmethod
    def confirm_restore(cls, parent: QWidget | None, backup: Backup, db_path: Path) -> bool:
        question, details = confirm_text(backup, db_path)
        box = _box(parent, QMessageBox.Icon.Warning, question, details)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is restore

    @classmethod
    def inform(cls, parent: QWidget | None, text: str, details: str = "") -> None:
        box = _box(parent, QMessageBox.Icon.Information, text, details)
        _ok(box)
        box.exec()

    @classmethod
    def error(cls, parent: QWidget | None, text: str, details: str = "") -> None:
        box = _box(parent, QMessageBox.Icon.Critical, text, details)
        _ok(box)
        box.exec()


def recover_at_startup(message: str, db_path: Path | None) -> bool | Path:
    """Ask what to do about a database that cannot be opened.

    Returns True when opening it should be tried again, the path of another database file to
    open instead, or False to quit. Nothing is ever deleted: a restore keeps the current file as
    a backup first, and "Start a new database" renames the unusable file aside.
    """
    while True:
        problem = startup_problem(message, db_path)
        choice = RecoveryDialogs.startup_choice(problem)
        if choice is StartupChoice.QUIT:
            return False
        if choice is StartupChoice.RETRY:
            return True
        if choice is StartupChoice.OPEN_OTHER:
            other = RecoveryDialogs.choose_database(None, db_path)
            if other is None:
                continue
            return other
        if db_path is None:
            return False
        try:
            if choice is StartupChoice.RESTORE:
                backup = RecoveryDialogs.choose_backup(None, list_backups(db_path))
                if backup is None:
                    continue
                kept = restore_backup(backup.path, db_path)
                RecoveryDialogs.inform(
                    None,
                    f"Restored the backup of {backup.when()}.",
                    f"The file it replaced was kept as {kept}." if kept else "",
                )
            else:
                moved = move_aside(db_path)
                RecoveryDialogs.inform(
                    None,
                    "Hindsight starts with a new, empty database.",
                    f"The file that could not be opened was kept as {moved}.",
                )
            return True
        except BackupError as exc:
            RecoveryDialogs.error(None, "That did not work.", str(exc))


def restore_in_window(window: MainWindow) -> bool:
    """File ▸ Restore from backup…: choose, confirm, save pending edits, restore, reload. True if restored."""
    url = window.repository.engine.url.render_as_string(hide_password=False)
    db_path = database_file(url)
    if db_path is None:
        RecoveryDialogs.error(window, "This database has no backups.", "Backups are made of SQLite files only.")
        return False
    holders = session_marker.others_alive(db_path)
    if holders:
        RecoveryDialogs.error(window, "The backup cannot be restored now.", in_use_message(db_path, holders))
        return False
    backups = list_backups(db_path)
    if not backups:
        RecoveryDialogs.inform(
            window, "There are no backups yet.",
            f"Hindsight backs {db_path} up once a day when it starts or quits, and before every update "
            "of its format; 'hindsight backup' makes one now.",
        )
        return False
    backup = RecoveryDialogs.choose_backup(window, backups)
    if backup is None or not RecoveryDialogs.confirm_restore(window, backup, db_path):
        return False
    if not window.flush_autosave():
        return False
    window.autosaver.cancel()
    window.repository.engine.dispose()
    try:
        kept = restore_backup(backup.path, db_path)
        open_database(url).dispose()  # brings an older backup up to the current schema
    except (BackupError, DatabaseError) as exc:
        RecoveryDialogs.error(window, "The backup could not be restored.", str(exc))
        return False
    finally:
        window.repository.forget_all()  # what it remembered describes the replaced file
    window.document.load(None, None)
    window.refresh_library()
    window.statusBar().showMessage(f"Restored the backup of {backup.when()}", 8000)
    if kept is not None:
        RecoveryDialogs.inform(
            window, f"Restored the backup of {backup.when()}.", f"The replaced database was kept as {kept}."
        )
    return True


def show_recovery_notice(window: QMainWindow, text: str) -> QMessageBox:
    """Tell, in the status bar and a non-modal notice over ``window``, that the last run was recovered."""
    window.statusBar().showMessage(text, NOTICE_STATUS_MS)
    box = _box(window, QMessageBox.Icon.Information, text, "")
    box.setObjectName(NOTICE_NAME)
    box.setAccessibleName("Recovery notice")
    _ok(box)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
