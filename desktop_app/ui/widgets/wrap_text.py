"""Text wrapped at word boundaries or, for a word longer than the line (a URL), anywhere.

Qt's item views wrap at word boundaries only, so a long unbroken string ran past the right edge
and was cut. ``wrapped_height`` measures and ``draw_wrapped`` paints with the same
``QTextOption``, so a row measured with one is exactly as tall as what the other draws.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def wrap_option(alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) -> QTextOption:
    option = QTextOption(alignment)
    option.setWrapMode(WRAP)
    return option


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\u2028")  # as QPainter.drawText lays out newlines


def wrapped_lines(font: QFont, text: str, width: int) -> list[tuple[int, int]]:
    """(start, length) of each line ``text`` takes in ``width`` pixels."""
    layout = QTextLayout(_lines(text), font)
    layout.setTextOption(wrap_option())
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return lines


def wrapped_height(font: QFont, text: str, width: int) -> int:
    """Pixels ``text`` takes wrapped to ``width`` (at least one line), as ``draw_wrapped`` draws it."""
    layout = QTextLayout(_lines(text), font)
    layout.setTextOption(wrap_option())
    leading = QFontMetricsF(font).leading()
    height = -leading
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        height += leading + line.height()
    layout.endLayout()
    return max(math.ceil(height), math.ceil(QFontMetricsF(font).height()))


def draw_wrapped(painter: QPainter, rect: QRect, text: str) -> None:
    """Draw ``text`` in ``rect`` (top left), wrapped as ``wrapped_height`` measured it."""
    painter.drawText(QRectF(rect), _lines(text), wrap_option())
