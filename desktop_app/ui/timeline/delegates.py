"""Cell editors for the timeline table: typed time, kind and key-moment drop-downs, multi-line description.

A typed time in a DST gap or overlap is never stored as a guess: ``setModelData`` asks
through ``TimelineDelegate.ask_wall_time`` (a class method tests replace) and stores the
chosen instant, or nothing on Cancel.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.domain.models import EventKind, KeyMoment
from desktop_app.domain.zones import zone_label
from desktop_app.ui.timeline.model import TimelineModel, kind_label
from desktop_app.ui.timeline.wall_time_choice import WallTimeQuestion, wall_time_question
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit

Index = QModelIndex | QPersistentModelIndex
DESCRIPTION_LINES = 4


class DescriptionEdit(PlainTextEdit):
    """The in-cell description editor: Enter finishes, Shift+Enter starts a new line, Esc cancels,
    Tab / Shift+Tab go on to the next / previous cell's editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Event description")


def _timeline_model(model: QAbstractItemModel) -> tuple[TimelineModel, QAbstractProxyModel | None]:
    if isinstance(model, QAbstractProxyModel):
        source = model.sourceModel()
        assert isinstance(source, TimelineModel)
        return source, model
    assert isinstance(model, TimelineModel)
    return model, None


class TimelineDelegate(QStyledItemDelegate):
    """Chooses the editor by column: line edit (time, actor), combo (kind, key moment), multi-line (description)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._asking = False
        self._tabbing = False

    @classmethod
    def ask_wall_time(cls, parent: QWidget | None, question: WallTimeQuestion) -> datetime | None:
        """Show ``question`` with one button per option and Cancel; the chosen instant or None."""
        box = QMessageBox(QMessageBox.Icon.Question, question.title, question.text,
                          QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(question.detail)
        buttons = [(box.addButton(label, QMessageBox.ButtonRole.AcceptRole), instant)
                   for label, instant in question.options]
        box.setDefaultButton(buttons[0][0])
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return next((instant for button, instant in buttons if button is clicked), None)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        column = index.column()
        if column in (TimelineModel.KIND, TimelineModel.KEY):
            combo = QComboBox(parent)
            if column == TimelineModel.KIND:
                combo.setAccessibleName("Event kind")
                for kind in EventKind:
                    combo.addItem(kind_label(kind), kind)
            else:
                combo.setAccessibleName("Key moment")
                combo.addItem("None", None)
                for moment in KeyMoment:
                    combo.addItem(moment.label, moment)
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
            model, _proxy = _timeline_model(index.model())
            line.setToolTip(f"YYYY-MM-DD HH:MM[:SS] in {zone_label(model.zone_name())}; HH:MM uses the incident "
                            "date; ~ in front marks an approximate time; an impossible time (25:61, 31 February) is "
                            "refused; other text is kept as written.")
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
        if isinstance(editor, QWidget) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):  # on to the next cell's editor
                self._tabbing = True
                try:
                    self.commitData.emit(editor)
                finally:
                    self._tabbing = False
                backwards = event.key() == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                hint = (QAbstractItemDelegate.EndEditHint.EditPreviousItem if backwards
                        else QAbstractItemDelegate.EndEditHint.EditNextItem)
                self.closeEditor.emit(editor, hint)
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value) if value is not None else 0
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, DescriptionEdit):
            editor.setPlainText("" if value is None else str(value))
            editor.selectAll()
        elif isinstance(editor, LineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        """Commit the editor's value; a commit by Tab tells the model the row is still being filled in."""
        timeline, _proxy = _timeline_model(model)
        timeline.tab_commit = self._tabbing
        try:
            self._set_model_data(editor, model, index)
        finally:
            timeline.tab_commit = False

    def _set_model_data(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, DescriptionEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, LineEdit):
            if index.column() == TimelineModel.TIME:
                self._set_time(editor.text(), model, index)
            else:
                model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def _set_time(self, text: str, model: QAbstractItemModel, index: Index) -> None:
        """Store a typed time; a time in a DST gap or overlap is asked about first."""
        if self._asking:  # the question took focus from the editor: that commit is not a new one
            return
        timeline, _proxy = _timeline_model(model)
        parsed = timeline.parse_time(text)
        if parsed.needs_choice:
            target = QPersistentModelIndex(index)
            self._asking = True
            try:
                parent = self.parent()
                chosen = type(self).ask_wall_time(parent if isinstance(parent, QWidget) else None,
                                                  wall_time_question(parsed))
            finally:
                self._asking = False
            if chosen is None or not target.isValid():
                return  # Cancel: nothing changes
            parsed = parsed.choose(chosen)
            index = model.index(target.row(), target.column())
        model.setData(index, parsed, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        rect = QRect(option.rect)
        if isinstance(editor, DescriptionEdit):
            lines = editor.fontMetrics().lineSpacing() * DESCRIPTION_LINES + 10
            rect.setHeight(max(rect.height(), lines))
            parent = editor.parentWidget()
            if parent is not None and rect.bottom() > parent.height():
                rect.moveBottom(max(parent.height() - 1, rect.height() - 1))
        editor.setGeometry(rect)
