"""Guard for the pinned PySide6: void Qt calls must not leak or free references to None."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_refcount(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        widget.setEnabled(True)
    after = sys.getrefcount(None)
    assert abs(after - before) < 50
