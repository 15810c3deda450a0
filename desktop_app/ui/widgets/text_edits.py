"""Plain-text editors that leave Undo/Redo to the document's undo stack.

Qt's text widgets keep their own undo history and claim Ctrl+Z before the window's
shortcuts see it; these subclasses let the key through so Edit ▸ Undo undoes the
document edit (one history, not two).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QToolTip, QWidget

_DOC_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

MAX_FIELD_CHARS = 1_000_000
"""A text field holds at most this many characters; a longer paste is refused with a message."""


def _is_document_key(event: QEvent) -> bool:
    return (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and any(event.matches(k) for k in _DOC_KEYS)
    )


class LineEdit(QLineEdit):
    """A single-line plain-text field whose Undo/Redo keys reach the window."""

    def event(self, event: QEvent) -> bool:
        if _is_document_key(event):
            event.ignore()
            return False
        return super().event(event)


class PlainTextEdit(QPlainTextEdit):
    """A multi-line plain-text field (no rich text), Undo/Redo left to the window.

    Signals:
        paste_refused(str): a paste was refused (it would pass ``MAX_FIELD_CHARS``); the message.
    """

    paste_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        """Paste, unless the field would then hold more than ``MAX_FIELD_CHARS`` characters."""
        pasted = len(source.text()) if source.hasText() else 0
        kept = len(self.toPlainText()) - len(self.textCursor().selectedText())
        if kept + pasted > MAX_FIELD_CHARS:
            message = (
                f"Not pasted: that is {pasted:,} characters and a field holds at most {MAX_FIELD_CHARS:,}. "
                "Paste the part that matters, or attach the whole file as evidence."
            )
            QApplication.beep()
            QToolTip.showText(self.mapToGlobal(self.cursorRect().bottomLeft()), message, self)
            self.paste_refused.emit(message)
            return
        super().insertFromMimeData(source)

    def event(self, event: QEvent) -> bool:
        if _is_document_key(event):
            event.ignore()
            return False
        return super().event(event)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows ``text`` literally (never as rich text)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def mute(label: QLabel) -> QLabel:
    """Give ``label`` a secondary, palette-derived text colour (readable in light and dark themes)."""
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        round(text.red() * 0.62 + window.red() * 0.38),
        round(text.green() * 0.62 + window.green() * 0.38),
        round(text.blue() * 0.62 + window.blue() * 0.38),
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    return label
