"""The in-place text editor laid over a box of the canvas: Enter commits, Escape cancels.

Shift+Enter starts a new line (cause texts may have several); leaving the editor commits,
as an item view's cell editor does. It is a child of the view's viewport and follows the
box when the canvas scrolls or zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QWidget

from desktop_app.ui.widgets.text_edits import PlainTextEdit

MIN_WIDTH = 240
MAX_HEIGHT = 160


class InlineEditor(PlainTextEdit):
    """A plain-text editor for one box.

    Attributes:
        box_id: the box being edited ("" when closed); single_line: newlines are not allowed.

    Signals:
        committed(str, str): box id and the new text.
        cancelled(str): box id.
    """

    committed = Signal(str, str)
    cancelled = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.box_id = ""
        self.single_line = False
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWrapMode(PlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Edit text")
        self.setStyleSheet("QPlainTextEdit { border: 2px solid #2563EB; border-radius: 3px; background: white;"
                           " color: #1F2933; padding: 2px; }")
        self.hide()

    @property
    def is_open(self) -> bool:
        return bool(self.box_id)

    def open(self, box_id: str, text: str, rect: QRect, *, single_line: bool = False) -> None:
        self.box_id = box_id
        self.single_line = single_line
        self.setPlainText(text)
        self.selectAll()
        self.place(rect)
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def place(self, rect: QRect) -> None:
        """Cover ``rect`` (viewport pixels), at least ``MIN_WIDTH`` wide and tall enough for the text."""
        width = max(rect.width() + 8, MIN_WIDTH)
        lines = max(1, self.toPlainText().count("\n") + 1)
        line_height = self.fontMetrics().lineSpacing()
        height = min(MAX_HEIGHT, max(rect.height() + 8, line_height * min(lines + 1, 6) + 14))
        self.setGeometry(rect.x() - 4, rect.y() - 4, width, height)

    def commit(self) -> None:
        if not self.box_id:
            return
        box_id, text = self.box_id, self.toPlainText()
        if self.single_line:
            text = " ".join(text.split())
        self._close()
        self.committed.emit(box_id, text.strip())

    def cancel(self) -> None:
        if not self.box_id:
            return
        box_id = self.box_id
        self._close()
        self.cancelled.emit(box_id)

    def _close(self) -> None:
        self.box_id = ""
        self.hide()
        parent = self.parentWidget()
        view = parent.parentWidget() if parent is not None else None
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not self.single_line:
                self.insertPlainText("\n")
            else:
                self.commit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Escape and Enter belong to the editor, not to a dialog's default buttons or window shortcuts.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()
                return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if self.box_id and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                                   Qt.FocusReason.ActiveWindowFocusReason):
            self.commit()
