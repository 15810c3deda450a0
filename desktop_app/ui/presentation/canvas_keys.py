"""Lets the fishbone canvas keep its own keys inside presentation mode.

The window's single-letter and zoom shortcuts would otherwise win over the canvas's keys
(N note, R root cause, L link, Ctrl+plus/minus/0 zoom, Escape deselects). Accepting the
``ShortcutOverride`` for those keys hands them to the canvas; Escape is handed over only
while a cause is selected, so a second Escape still leaves presentation mode.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

CANVAS_LETTERS = frozenset({Qt.Key.Key_N, Qt.Key.Key_R, Qt.Key.Key_L})
CANVAS_ZOOM = frozenset({Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0})


class CanvasKeys(QObject):
    """An event filter on the canvas view that claims the canvas's keys before any shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            plain = mods == Qt.KeyboardModifier.NoModifier
            selected = bool(getattr(watched, "current", None))
            if (
                (plain and key in CANVAS_LETTERS and selected)
                or (plain and key == Qt.Key.Key_Escape and selected)
                or (mods & Qt.KeyboardModifier.ControlModifier and key in CANVAS_ZOOM)
            ):
                event.accept()
                return True
        return False
