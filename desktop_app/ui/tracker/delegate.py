"""In-place editors for the tracker: a drop-down for the status, a line edit (with completion) for the owner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.domain.models import ActionStatus
from desktop_app.ui.tracker.model import OWNER, STATUS
from desktop_app.ui.widgets.text_edits import LineEdit

Index = QModelIndex | QPersistentModelIndex


class TrackerDelegate(QStyledItemDelegate):
    """Status: pick from the four statuses (committed on pick); owner: type a name (Enter commits)."""

    def __init__(self, owners: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._owners = owners

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        if index.column() == STATUS:
            combo = QComboBox(parent)
            combo.setAccessibleName("Status")
            for status in ActionStatus:
                combo.addItem(status.label, status)
            combo.activated.connect(lambda _i: self._commit(combo))
            return combo
        editor = LineEdit(parent)
        editor.setFrame(False)
        editor.setAccessibleName("Owner")
        editor.setPlaceholderText("Nobody")
        if index.column() == OWNER:
            completer = QCompleter(self._owners(), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, LineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, LineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
