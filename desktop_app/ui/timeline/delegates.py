"""Cell editors for the timeline table: typed time, kind drop-down, multi-line description."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.domain.models import EventKind
from desktop_app.ui.timeline.model import TimelineModel, kind_label
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit

Index = QModelIndex | QPersistentModelIndex
DESCRIPTION_LINES = 4


class DescriptionEdit(PlainTextEdit):
    """The in-cell description editor: Enter finishes, Shift+Enter starts a new line, Esc cancels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Event description")


class TimelineDelegate(QStyledItemDelegate):
    """Chooses the editor by column: line edit (time, actor), combo (kind), multi-line (description)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        column = index.column()
        if column == TimelineModel.KIND:
            combo = QComboBox(parent)
            combo.setAccessibleName("Event kind")
            for kind in EventKind:
                combo.addItem(kind_label(kind), kind)
            combo.activated.connect(lambda _i: self._commit_and_close(combo))
            return combo
        if column == TimelineModel.DESCRIPTION:
            editor: QWidget = DescriptionEdit(parent)
            editor.installEventFilter(self)
            return editor
        line = LineEdit(parent)
        line.setFrame(False)
        if column == TimelineModel.TIME:
            line.setAccessibleName("Event time")
            line.setPlaceholderText("YYYY-MM-DD HH:MM")
            line.setToolTip("YYYY-MM-DD HH:MM[:SS] in the postmortem's time zone; HH:MM uses the incident "
                            "date; ~ in front marks an approximate time; other text is kept as written.")
        else:
            line.setAccessibleName("Event actor")
        return line

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(editor, DescriptionEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    editor.insertPlainText("\n")
                    return True
                self._commit_and_close(editor)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, DescriptionEdit):
            editor.setPlainText("" if value is None else str(value))
            editor.selectAll()
        elif isinstance(editor, LineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, DescriptionEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, LineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        rect = QRect(option.rect)
        if isinstance(editor, DescriptionEdit):
            lines = editor.fontMetrics().lineSpacing() * DESCRIPTION_LINES + 10
            rect.setHeight(max(rect.height(), lines))
            parent = editor.parentWidget()
            if parent is not None and rect.bottom() > parent.height():
                rect.moveBottom(max(parent.height() - 1, rect.height() - 1))
        editor.setGeometry(rect)
