"""Plain-text editors that leave Undo/Redo to the document's undo stack.

Qt's text widgets keep their own undo history and claim Ctrl+Z before the window's
shortcuts see it; these subclasses let the key through so Edit ▸ Undo undoes the
document edit (one history, not two).

Both refuse an oversized paste with a message (``paste_refused``) instead of freezing or
cutting it short. A multi-line field holding a line of more than ``LONG_LINE_CHARS``
characters wraps at any character: Qt's word-boundary wrapping of one huge unbroken line
can cost time quadratic in its length (a bare QPlainTextEdit with 200,000 characters:
3.8 s per paste and 1.6 s per key press; wrapped anywhere: 0.1 s and 0.04 s).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QClipboard,
    QColor,
    QContextMenuEvent,
    QDropEvent,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QPlainTextEdit, QToolTip, QWidget

from desktop_app.domain.limits import MAX_FIELD_CHARS

_DOC_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

# A text field holds at most MAX_FIELD_CHARS characters; a longer paste is refused with a message.

LONG_LINE_CHARS = 10_000
"""A multi-line field with a line longer than this wraps anywhere, not at word boundaries."""


def longest_line(text: str) -> int:
    """The length of the longest line of ``text`` (0 for empty text)."""
    return max(map(len, text.split("\n")))


REFUSAL_TIP_MS = 10_000
"""How long a refusal stays beside the field (the status bar keeps it as long)."""


def refusal_point(widget: QWidget, anchor: QPoint, anchor_widget: QWidget | None = None) -> QPoint:
    """Where a refusal's tip goes, in global coordinates: under the text cursor (``anchor``, in
    ``anchor_widget``'s coordinates, e.g. a plain-text edit's viewport), kept inside the field."""
    local = (anchor_widget or widget).mapTo(widget, anchor) if anchor_widget not in (None, widget) else anchor
    rect = widget.rect().adjusted(4, 4, -4, -4)
    x = min(max(local.x(), rect.left()), rect.right())
    y = min(max(local.y(), rect.top()), rect.bottom())
    return widget.mapToGlobal(QPoint(x, y))


def refusal_tip(message: str) -> str:
    """The tip's text: the message's sentences on lines of their own (one 850-pixel line does not fit
    right of a field in the right half of the screen, and Qt then flips it to the left of the point,
    over the library)."""
    return message.replace(". ", ".\n")


def fit_tip(point: QPoint, tip: str, widget: QWidget) -> QPoint:
    """``point`` moved left, as far as the field's left edge, so that a tip of ``tip`` shown there
    fits on the screen (Qt would otherwise put it left of the point, away from the field)."""
    screen = QApplication.screenAt(point)
    if screen is None:  # off every screen (a window larger than its screen): Qt places it as it can
        return point
    metrics = QFontMetrics(QToolTip.font())
    width = max(metrics.horizontalAdvance(line) for line in tip.split("\n")) + 24  # the tip's margins and frame
    left = widget.mapToGlobal(QPoint(0, 0)).x()
    x = max(left, min(point.x(), screen.availableGeometry().right() - width))
    return QPoint(x, point.y())


def _refuse(widget: QWidget, anchor: QPoint, message: str, anchor_widget: QWidget | None = None) -> None:
    """Beep, show ``message`` beside the field for ``REFUSAL_TIP_MS`` and in the window's status bar."""
    QApplication.beep()
    tip = refusal_tip(message)
    point = fit_tip(refusal_point(widget, anchor, anchor_widget), tip, widget)
    QToolTip.showText(point, tip, widget, widget.rect(), REFUSAL_TIP_MS)
    status_bar = getattr(widget.window(), "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(message, REFUSAL_TIP_MS)


def _is_document_key(event: QEvent) -> bool:
    return (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and any(event.matches(k) for k in _DOC_KEYS)
    )


class LineEdit(QLineEdit):
    """A single-line plain-text field whose Undo/Redo keys reach the window.

    A paste (keys, context menu, drag and drop, middle click) that would pass ``maxLength()``
    is refused whole, with a message, where ``QLineEdit`` would silently cut it short.
    Typing at the limit stops there, as usual.

    Signals:
        paste_refused(str): a paste was refused (it would pass ``maxLength()``); the message.
    """

    paste_refused = Signal(str)

    def event(self, event: QEvent) -> bool:
        if _is_document_key(event):
            event.ignore()
            return False
        return super().event(event)

    def refusal(self, pasted: str) -> str | None:
        """Why pasting ``pasted`` over the selection is refused, or None when it fits."""
        kept = len(self.text()) - len(self.selectedText())
        total, limit = kept + len(pasted), self.maxLength()
        if total <= limit:
            return None
        if len(pasted) > limit:
            size = f"that is {len(pasted):,} characters"
        else:
            size = f"that would make {total:,} characters"
        return (
            f"Not pasted: {size} and this field holds at most {limit:,}. "
            "Paste the part that matters, or attach the whole text as evidence."
        )

    def _refused(self, pasted: str) -> bool:
        message = self.refusal(pasted)
        if message is None:
            return False
        _refuse(self, self.cursorRect().bottomLeft(), message)
        self.paste_refused.emit(message)
        return True

    def paste(self, mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> None:
        """Paste from the clipboard (or the X11 selection), unless it would pass ``maxLength()``."""
        if self.isReadOnly() or self._refused(QApplication.clipboard().text(mode)):
            return
        if mode == QClipboard.Mode.Clipboard:
            super().paste()
        else:
            self.insert(QApplication.clipboard().text(mode))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        """The standard context menu, its Paste checked against ``maxLength()`` first."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(lambda _checked=False: self.paste())
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        data = event.mimeData()
        if data.hasText() and not self.isReadOnly() and event.source() is not self and self._refused(data.text()):
            event.ignore()
            return
        super().dropEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        clipboard = QApplication.clipboard()
        if event.button() == Qt.MouseButton.MiddleButton and clipboard.supportsSelection() and not self.isReadOnly():
            if self._refused(clipboard.text(QClipboard.Mode.Selection)):
                event.accept()
                return
        super().mouseReleaseEvent(event)


class PlainTextEdit(QPlainTextEdit):
    """A multi-line plain-text field (no rich text), Undo/Redo left to the window.

    While a line is longer than ``LONG_LINE_CHARS`` the field wraps anywhere (see the module
    docstring); the chosen word wrap mode comes back once no line is that long.

    Signals:
        paste_refused(str): a paste was refused (it would pass ``MAX_FIELD_CHARS``); the message.
    """

    paste_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self._word_wrap = self.wordWrapMode()
        self._wrapping_anywhere = False
        self.document().contentsChange.connect(self._contents_changed)

    @property
    def wraps_anywhere(self) -> bool:
        """Whether a long line has the field wrapping at any character."""
        return self._wrapping_anywhere

    def setWordWrapMode(self, policy: QTextOption.WrapMode) -> None:  # noqa: N802
        """Set the word wrap used while no line is longer than ``LONG_LINE_CHARS``."""
        self._word_wrap = policy
        if not self._wrapping_anywhere:
            super().setWordWrapMode(policy)

    def _wrap_for(self, longest: int) -> None:
        anywhere = longest > LONG_LINE_CHARS
        if anywhere != self._wrapping_anywhere:
            self._wrapping_anywhere = anywhere
            super().setWordWrapMode(QTextOption.WrapMode.WrapAnywhere if anywhere else self._word_wrap)

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        if self._wrapping_anywhere and removed == 0:
            return  # adding text makes no line shorter
        if self._wrapping_anywhere or added > LONG_LINE_CHARS:
            self._wrap_for(longest_line(self.toPlainText()))
            return
        block = self.document().findBlock(position)
        while block.isValid() and block.position() <= position + added:
            if block.length() - 1 > LONG_LINE_CHARS:
                self._wrap_for(block.length() - 1)
                return
            block = block.next()

    def setPlainText(self, text: str) -> None:  # noqa: N802
        """Replace the text, choosing the wrap mode first (laying out a huge line is the slow part)."""
        self._wrap_for(longest_line(text))
        super().setPlainText(text)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        """Paste, unless the field would then hold more than ``MAX_FIELD_CHARS`` characters."""
        text = source.text() if source.hasText() else ""
        kept = len(self.toPlainText()) - len(self.textCursor().selectedText())
        if kept + len(text) > MAX_FIELD_CHARS:
            message = (
                f"Not pasted: that is {len(text):,} characters and a field holds at most {MAX_FIELD_CHARS:,}. "
                "Paste the part that matters, or attach the whole file as evidence."
            )
            _refuse(self, self.cursorRect().bottomLeft(), message, self.viewport())
            self.paste_refused.emit(message)
            return
        # at most the line the cursor is in plus the longest pasted line; settled exactly afterwards
        if not self._wrapping_anywhere:
            self._wrap_for(self.textCursor().block().length() + longest_line(text))
        super().insertFromMimeData(source)
        self._wrap_for(longest_line(self.toPlainText()))

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
