"""Every modal question the window asks, as small class methods tests can replace."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

IMPORT_FILTER = "Postmortems (*.md *.markdown *.txt *.json);;Markdown (*.md *.markdown *.txt);;JSON (*.json)"


class ConflictChoice(Enum):
    """What to do when someone else saved the postmortem first."""

    RELOAD_THEIRS = "reload"
    KEEP_MINE_AS_COPY = "copy"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    return box


class Dialogs:
    """Thin wrappers over ``QFileDialog`` / ``QMessageBox``; patch them in tests."""

    @classmethod
    def ask_import_files(cls, parent: QWidget | None) -> list[Path]:
        files, _filter = QFileDialog.getOpenFileNames(parent, "Import postmortems", "", IMPORT_FILTER)
        return [Path(f) for f in files]

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, caption: str, suggested: str, file_filter: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
        return Path(path) if path else None

    @classmethod
    def confirm_delete(cls, parent: QWidget | None, title: str) -> bool:
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            "Delete postmortem",
            f"Delete “{title}”?",
            "The postmortem and all its timeline, evidence and action items are removed. "
            "This cannot be undone.",
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    @classmethod
    def show_import_report(cls, parent: QWidget | None, text: str, details: str, *, failed: bool) -> None:
        icon = QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information
        box = _box(parent, icon, "Import", text, details)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    @classmethod
    def show_error(cls, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = _box(parent, QMessageBox.Icon.Critical, title, text, details)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    @classmethod
    def resolve_conflict(cls, parent: QWidget | None, title: str, message: str) -> ConflictChoice:
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            "Saved elsewhere",
            f"“{title}” was changed in another window or by someone else.",
            message + "\n\nYour edits are still here. Load the stored version (your edits are "
            "dropped), or keep your edits as a separate copy?",
        )
        reload = box.addButton("Load theirs", QMessageBox.ButtonRole.DestructiveRole)
        copy = box.addButton("Keep mine as a copy", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(copy)
        box.exec()
        return ConflictChoice.RELOAD_THEIRS if box.clickedButton() is reload else ConflictChoice.KEEP_MINE_AS_COPY

    @classmethod
    def confirm_close_unsaved(cls, parent: QWidget | None, problem: str) -> bool:
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            "Not saved",
            "Your latest edits could not be saved.",
            problem + "\n\nClose anyway and lose them?",
        )
        close = box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is close

    @classmethod
    def about(cls, parent: QWidget | None) -> None:
        QMessageBox.about(
            parent,
            "About Hindsight",
            "<h3>Hindsight</h3><p>Blameless incident postmortems: a guided review, the timeline, "
            "action items and an executive summary for leadership.</p>",
        )
