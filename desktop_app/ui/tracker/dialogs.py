"""The tracker's modal questions, as class methods tests replace (like ``ui.dialogs.Dialogs``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.ui.dialogs import Dialogs, _box

CSV_FILTER = "CSV (*.csv *.txt);;All files (*)"


class TrackerDialogs(Dialogs):
    """``Dialogs`` plus what the tracker asks: CSV to import, new owner, bulk confirmation, import summary."""

    @classmethod
    def ask_open_csv(cls, parent: QWidget | None) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(parent, "Import status changes from CSV", "", CSV_FILTER)
        return Path(path) if path else None

    @classmethod
    def ask_owner(cls, parent: QWidget | None, count: int, current: str) -> str | None:
        """The new owner for ``count`` items ("" for nobody), or ``None`` when cancelled."""
        noun = "item" if count == 1 else f"{count} items"
        text, ok = QInputDialog.getText(
            parent, "Set owner", f"Owner of the selected {noun} (leave empty for nobody):",
            QLineEdit.EchoMode.Normal, current,
        )
        return text if ok else None

    @classmethod
    def confirm_bulk(cls, parent: QWidget | None, text: str, details: str) -> bool:
        box = _box(parent, QMessageBox.Icon.Question, "Change several items", text, details)
        change = box.addButton("Change", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(change)
        box.exec()
        return box.clickedButton() is change

    @classmethod
    def show_import_summary(cls, parent: QWidget | None, text: str, details: str, *, problems: bool) -> None:
        icon = QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information
        box = _box(parent, icon, "Import status changes", text, details)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
