"""How the coach's list draws: step headings with space above them, findings with a hanging indent.

A finding's text starts with "• "; its wrapped lines line up under the first word instead of
under the bullet, so each finding reads as one block in a narrow panel.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex
BULLET = "• "
HEADING_GAP = 6
"""Pixels above each step heading but the first."""
PADDING = 2


class CoachDelegate(QStyledItemDelegate):
    """Draws list items of the coach panel (see the module docstring)."""

    def __init__(self, step_role: int, parent: object = None) -> None:
        super().__init__(parent)
        self.step_role = step_role

    def _is_heading(self, index: Index) -> bool:
        return index.data(self.step_role) is not None

    def _text_rect(self, option: QStyleOptionViewItem, index: Index, width: int) -> tuple[int, int, str]:
        """(indent of the text, top gap, the text drawn after the bullet)."""
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if self._is_heading(index):
            return 0, HEADING_GAP if index.row() > 0 else 0, text
        if text.startswith(BULLET):
            return option.fontMetrics.horizontalAdvance(BULLET), 0, text[len(BULLET):]
        return 0, 0, text

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(40, (opt.widget.viewport().width() if opt.widget is not None else opt.rect.width()) - 8)
        indent, gap, text = self._text_rect(opt, index, width)
        bounds = opt.fontMetrics.boundingRect(
            QRect(0, 0, width - indent - 2 * PADDING, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, bounds.height() + gap + 2 * PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        indent, gap, text = self._text_rect(opt, index, opt.rect.width())
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        # background and selection only below the gap, then the text ourselves
        opt.rect = opt.rect.adjusted(0, gap, 0, 0)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(opt.palette.color(role) if selected or foreground is None else foreground.color()
                       if hasattr(foreground, "color") else foreground)
        area = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
        if indent:
            painter.drawText(area, flags, BULLET.strip())
        painter.drawText(area.adjusted(indent, 0, 0, 0), flags, text)
        painter.restore()
