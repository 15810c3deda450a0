"""The small questions the fishbone and 5 Whys editors ask, as class methods tests can replace.

Each returns the answer, or ``None`` when the user cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cause_categories import guess_category
from desktop_app.domain.models import ActionItem, Cause
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit, plain_label


@dataclass(frozen=True)
class PngOptions:
    """How to render the PNG: ``scale`` 1, 2 or 3 (1 = the canvas at 100 %), transparent or white."""

    scale: int = 2
    transparent: bool = False


@dataclass(frozen=True)
class NewCause:
    """A 5 Whys conclusion to turn into a fishbone cause."""

    text: str
    category: str
    root_cause: bool


def _dialog(parent: QWidget | None, title: str) -> tuple[QDialog, QVBoxLayout, QDialogButtonBox]:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return dialog, layout, buttons


def cause_label(cause: Cause) -> str:
    text = " ".join(cause.text.split()) or "(no text)"
    return text if len(text) <= 90 else text[:89] + "…"


class FishboneDialogs:
    """Modal questions; patch these in tests."""

    @classmethod
    def ask_note(cls, parent: QWidget | None, cause_text: str, note: str) -> str | None:
        dialog, layout, buttons = _dialog(parent, "Cause note")
        label = plain_label(f"Note for “{cause_label(Cause(text=cause_text))}”")
        label.setWordWrap(True)
        edit = PlainTextEdit()
        edit.setPlainText(note)
        edit.setAccessibleName("Note")
        edit.setMinimumSize(380, 140)
        layout.addWidget(label)
        layout.addWidget(edit)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.toPlainText().strip()

    @classmethod
    def ask_action_links(
        cls, parent: QWidget | None, cause_text: str, items: Sequence[ActionItem], linked: Sequence[str]
    ) -> list[str] | None:
        dialog, layout, buttons = _dialog(parent, "Link action items")
        label = plain_label(f"Action items that address “{cause_label(Cause(text=cause_text))}”:")
        label.setWordWrap(True)
        layout.addWidget(label)
        listing = QListWidget()
        listing.setAccessibleName("Action items")
        for item in items:
            entry = QListWidgetItem(item.title or "(untitled action item)")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item.id in linked else Qt.CheckState.Unchecked)
            listing.addItem(entry)
        if not items:
            layout.addWidget(plain_label("This postmortem has no action items yet (step 6 adds them)."))
        layout.addWidget(listing)
        layout.addWidget(buttons)
        dialog.resize(460, 320)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return [
            listing.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(listing.count())
            if listing.item(row).checkState() == Qt.CheckState.Checked
        ]

    @classmethod
    def ask_move_target(cls, parent: QWidget | None, cause_text: str, sub_causes: int,
                        targets: Sequence[tuple[str, int, bool]]) -> int | None:
        """Where to move a cause (with its ``sub_causes``), from the keyboard: the index into ``targets``,
        each a ``(label, depth, is_bone)``; bones are bold, causes indented by depth under their bone."""
        dialog, layout, buttons = _dialog(parent, "Move cause")
        carried = {0: "", 1: " and its sub-cause"}.get(sub_causes, f" and its {sub_causes} sub-causes")
        label = plain_label(f"Move “{cause_label(Cause(text=cause_text))}”{carried} onto:")
        label.setWordWrap(True)
        layout.addWidget(label)
        listing = QListWidget()
        listing.setAccessibleName("Bones and causes")
        for text, depth, is_bone in targets:
            entry = QListWidgetItem(text if is_bone else "    " * depth + text)
            if is_bone:
                font = entry.font()
                font.setBold(True)
                entry.setFont(font)
            listing.addItem(entry)
        if targets:
            listing.setCurrentRow(0)
        listing.itemDoubleClicked.connect(lambda _item: dialog.accept())
        layout.addWidget(listing)
        layout.addWidget(buttons)
        dialog.resize(480, 420)
        if not targets or dialog.exec() != QDialog.DialogCode.Accepted or listing.currentRow() < 0:
            return None
        return listing.currentRow()

    @classmethod
    def ask_move_causes(cls, parent: QWidget | None, category: str, count: int, others: Sequence[str]) -> str | None:
        """Where the causes of a category being removed should go."""
        dialog, layout, buttons = _dialog(parent, "Remove category")
        noun = "cause" if count == 1 else "causes"
        label = plain_label(f"“{category}” holds {count} {noun}. Move them to:")
        label.setWordWrap(True)
        combo = QComboBox()
        combo.addItems(list(others))
        combo.setAccessibleName("Move causes to")
        layout.addWidget(label)
        layout.addWidget(combo)
        layout.addWidget(buttons)
        if not others or dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return combo.currentText()

    @classmethod
    def ask_category_name(cls, parent: QWidget | None, title: str, name: str = "") -> str | None:
        dialog, layout, buttons = _dialog(parent, title)
        edit = LineEdit()
        edit.setText(name)
        edit.setAccessibleName("Category name")
        form = QFormLayout()
        form.addRow("Name", edit)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.text().strip() or None

    @classmethod
    def ask_png_options(cls, parent: QWidget | None) -> PngOptions | None:
        dialog, layout, buttons = _dialog(parent, "Export diagram as PNG")
        form = QFormLayout()
        scale = QComboBox()
        for factor in (1, 2, 3):
            scale.addItem(f"{factor}×", factor)
        scale.setCurrentIndex(1)
        transparent = QCheckBox("Transparent background")
        form.addRow("Scale", scale)
        form.addRow("", transparent)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return PngOptions(int(scale.currentData()), transparent.isChecked())

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, caption: str, suggested: str, file_filter: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
        return Path(path) if path else None

    @classmethod
    def ask_new_cause(
        cls, parent: QWidget | None, text: str, categories: Sequence[str], category: str = ""
    ) -> NewCause | None:
        """The cause's text, bone and kind. The bone starts at ``category`` (else the first bone) and
        follows ``guess_category`` of the text as it is edited, until a bone is chosen by hand."""
        dialog, layout, buttons = _dialog(parent, "Turn into a cause")
        form = QFormLayout()
        edit = LineEdit()
        edit.setText(text)
        edit.setAccessibleName("Cause text")
        combo = QComboBox()
        combo.addItems(list(categories))
        combo.setAccessibleName("Category")
        if category in categories:
            combo.setCurrentText(category)
        chosen = [False]
        combo.activated.connect(lambda _index: chosen.__setitem__(0, True))

        def follow(new_text: str) -> None:
            guess = guess_category(new_text, categories)
            if guess and not chosen[0]:
                combo.setCurrentText(guess)

        edit.textEdited.connect(follow)
        root = QCheckBox("Mark as root cause")
        root.setChecked(True)
        form.addRow("Cause", edit)
        form.addRow("Category", combo)
        form.addRow("", root)
        layout.addLayout(form)
        layout.addWidget(buttons)
        dialog.resize(480, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted or not edit.text().strip():
            return None
        return NewCause(edit.text().strip(), combo.currentText(), root.isChecked())

    @classmethod
    def ask_existing_cause(cls, parent: QWidget | None, causes: Sequence[Cause]) -> tuple[str, bool] | None:
        """A cause to link to, and whether to mark it as root cause."""
        dialog, layout, buttons = _dialog(parent, "Link to an existing cause")
        listing = QListWidget()
        listing.setAccessibleName("Causes")
        for cause in causes:
            entry = QListWidgetItem(cause_label(cause))
            entry.setData(Qt.ItemDataRole.UserRole, cause.id)
            listing.addItem(entry)
        if causes:
            listing.setCurrentRow(0)
        root = QCheckBox("Mark it as root cause")
        layout.addWidget(QLabel("Cause"))
        layout.addWidget(listing)
        layout.addWidget(root)
        layout.addWidget(buttons)
        dialog.resize(460, 320)
        if not causes or dialog.exec() != QDialog.DialogCode.Accepted or listing.currentItem() is None:
            return None
        return listing.currentItem().data(Qt.ItemDataRole.UserRole), root.isChecked()
