"""The fishbone canvas in a large window of its own, for a facilitator who needs the room.

``FishboneEditor.open_in_window`` moves the editor itself (same scene, same document and undo
stack) out of its page into a ``FishboneWindow`` and leaves a note with a button in its place;
closing the window, F11 or the editor's "Back to the page" button puts it back where it was. The window has its own
Undo and Redo (the main window's shortcuts do not reach a separate window) and follows the open
postmortem's title.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QVBoxLayout, QWidget

from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import mute

WINDOW_SHARE = 0.9
"""The window takes this share of the screen's free area (and is maximised where the system allows)."""


class FishboneWindow(QMainWindow):
    """A top-level window around a fishbone editor. Signals: closing() when it is closed."""

    closing = Signal()

    def __init__(self, doc: PostmortemDocument, owner: QWidget | None) -> None:
        super().__init__(owner, Qt.WindowType.Window)
        self.doc = doc
        self.setObjectName("fishboneWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        tools = QToolBar("Window")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.undo_action = doc.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = doc.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo)])
        tools.addAction(self.undo_action)
        tools.addAction(self.redo_action)
        self.addToolBar(tools)
        self.setContentsMargins(8, 0, 8, 4)
        doc.loaded.connect(self._title)
        doc.field_changed.connect(lambda path: path == ("title",) and self._title())
        self._title()

    def _title(self) -> None:
        title = self.doc.pm.title.strip() if self.doc.is_loaded else ""
        self.setWindowTitle(f"Fishbone — {title}" if title else "Fishbone")

    def show_large(self) -> None:
        """Show over most of the screen the owner is on, maximised where the window system allows."""
        owner = self.parentWidget()
        screen = owner.screen() if owner is not None else QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(round(area.width() * WINDOW_SHARE), round(area.height() * WINDOW_SHARE))
            self.move(area.center() - self.rect().center())
        self.showMaximized()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.closing.emit()
        super().closeEvent(event)


class Placeholder(QWidget):
    """What the page shows while the editor is in its own window."""

    def __init__(self, bring_back, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        text = QLabel("The fishbone diagram is open in its own window.")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("F11 or closing that window brings it back here.")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mute(hint)
        self.button = QPushButton("Bring the diagram back here")
        self.button.clicked.connect(bring_back)
        layout.addWidget(text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(hint)
        layout.addStretch(1)


class OwnerWatcher(QObject):
    """Brings the editor back before its owner window closes or hides (the big window goes with it)."""

    def __init__(self, bring_back, parent: QObject) -> None:
        super().__init__(parent)
        self._bring_back = bring_back

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            self._bring_back()
        return False


def home_of(widget: QWidget) -> tuple[QBoxLayout, int] | None:
    """The box layout holding ``widget`` and its index there (where it goes back to), if any."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if not isinstance(layout, QBoxLayout):
        return None
    index = layout.indexOf(widget)
    return (layout, index) if index >= 0 else None
