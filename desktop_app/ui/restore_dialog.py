"""Recovering the database: the start-up choice, the backup chooser and File ▸ Restore from backup….

When the database cannot be opened at start-up, ``recover_at_startup`` offers "Restore a
backup…", "Start a new database" (the unusable file is renamed aside, never deleted) and
Quit. ``restore_in_window`` restores a backup under a running window. Every question goes
through ``RecoveryDialogs`` class methods, which tests replace. A restore is refused while
another Hindsight process has the database open. ``show_recovery_notice`` tells, without
blocking the window, that the previous run did not quit cleanly and what the check found.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage import session_marker
from desktop_app.storage.backups import (
    Backup,
    BackupError,
    in_use_message,
    list_backups,
    move_aside,
    restore_backup,
)
from desktop_app.storage.database import DatabaseError, database_file, open_database
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
    QUIT = "quit"


class BackupChooser(QDialog):
    """A list of backups (date, kind, size; newest first) to pick one from."""

    def __init__(self, backups: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.backups = backups
        intro = plain_label(
            "Choose the backup to go back to. The current database is kept as a backup first, "
            "so a restore can itself be undone by restoring that one. Close Hindsight in other windows first.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups")
        for backup in backups:
            item = QListWidgetItem(backup.describe())
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def selected(self) -> Backup | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, details: str) -> QMessageBox:
    box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(details)
    return box


_COMMAND_LINE_ADVICE = "Choose another file; this one was left untouched."
"""The storage layer's advice for the command line, which the start-up dialog has no button for."""


def startup_details(message: str, *, can_restore: bool, can_start_new: bool) -> str:
    """The start-up dialog's explanation: what went wrong, then what each of its buttons does.

    It only offers what a button does: with no backups, it says there are none to restore.
    """
    problem = message.replace(_COMMAND_LINE_ADVICE, "The file was left untouched.").strip()
    options = [
        "Restore a backup… goes back to an earlier copy; the current file is kept as a backup first."
        if can_restore
        else "There are no backups of this database to restore."
    ]
    if can_start_new:
        options.append("Start a new database begins with an empty one; the file that could not be opened "
                       "is renamed aside, not deleted.")
    options.append("Quit leaves everything as it is.")
    return f"{problem}\n\n{' '.join(options)}"


class RecoveryDialogs:
    """The questions of recovery, as class methods tests can replace."""

    @classmethod
    def startup_choice(cls, message: str, *, can_restore: bool, can_start_new: bool) -> StartupChoice:
        details = startup_details(message, can_restore=can_restore, can_start_new=can_start_new)
        box = _box(None, QMessageBox.Icon.Critical, "Hindsight could not open its database.", details)
        restore = box.addButton("Restore a backup…", QMessageBox.ButtonRole.AcceptRole)
        restore.setEnabled(can_restore)
        new = box.addButton("Start a new database", QMessageBox.ButtonRole.DestructiveRole)
        new.setEnabled(can_start_new)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore if can_restore else quit_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            return StartupChoice.RESTORE
        if clicked is new:
            return StartupChoice.NEW_DATABASE
        return StartupChoice.QUIT

    @classmethod
    def choose_backup(cls, parent: QWidget | None, backups: list[Backup]) -> Backup | None:
        chooser = BackupChooser(backups, parent)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return None
        return chooser.selected()

    @classmethod
    def confirm_restore(cls, parent: QWidget | None, backup: Backup, db_path: Path) -> bool:
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            f"Restore the backup of {backup.created:%Y-%m-%d %H:%M}?",
            f"{db_path} is replaced by {backup.path.name}. Edits made since then are not in the backup; "
            "the current database is kept as a backup first.",
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is restore

    @classmethod
    def inform(cls, parent: QWidget | None, text: str, details: str = "") -> None:
        box = _box(parent, QMessageBox.Icon.Information, text, details)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    @classmethod
    def error(cls, parent: QWidget | None, text: str, details: str = "") -> None:
        box = _box(parent, QMessageBox.Icon.Critical, text, details)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()


def recover_at_startup(message: str, db_path: Path | None) -> bool:
    """Ask what to do about a database that cannot be opened; True when opening should be tried again.

    Nothing is ever deleted: a restore keeps the current file as a backup first, and
    "Start a new database" renames the unusable file aside.
    """
    while True:
        backups = list_backups(db_path) if db_path is not None else []
        choice = RecoveryDialogs.startup_choice(
            message,
            can_restore=bool(backups),
            can_start_new=db_path is not None and db_path.exists(),
        )
        if choice is StartupChoice.QUIT or db_path is None:
            return False
        try:
            if choice is StartupChoice.RESTORE:
                backup = RecoveryDialogs.choose_backup(None, backups)
                if backup is None:
                    continue
                kept = restore_backup(backup.path, db_path)
                RecoveryDialogs.inform(
                    None,
                    f"Restored the backup of {backup.created:%Y-%m-%d %H:%M}.",
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
    window.statusBar().showMessage(f"Restored the backup of {backup.created:%Y-%m-%d %H:%M}", 8000)
    if kept is not None:
        RecoveryDialogs.inform(
            window, f"Restored the backup of {backup.created:%Y-%m-%d %H:%M}.", f"The replaced database was kept as {kept}."
        )
    return True


def show_recovery_notice(window: QMainWindow, text: str) -> QMessageBox:
    """Tell, in the status bar and a non-modal notice over ``window``, that the last run was recovered."""
    window.statusBar().showMessage(text, NOTICE_STATUS_MS)
    box = _box(window, QMessageBox.Icon.Information, text, "")
    box.setObjectName(NOTICE_NAME)
    box.setAccessibleName("Recovery notice")
    box.addButton(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
