"""How the coach's list draws: step headings with space above them, findings with a hanging indent.

A step heading ("5. Findings and timeline · 55/100") is one line: the step's name on the left,
cut with "…" when the panel is narrow, and its score right-aligned, always whole. A finding's
text starts with "• "; its wrapped lines line up under the first word instead of under the
bullet, so each finding reads as one block in a narrow panel; a word longer than the line (a URL)
breaks anywhere rather than run past the edge. A finding with a detail
(``detail_role``: the blameless rewording of blaming words) shows it below, muted and italic.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.widgets.wrap_text import draw_wrapped, wrapped_height

Index = QModelIndex | QPersistentModelIndex
BULLET = "• "
HEADING_GAP = 6
"""Pixels above each step heading but the first."""
PADDING = 2
DETAIL_GAP = 2
"""Pixels between a finding and its detail line."""
SCORE_SEPARATOR = " · "
"""Between a heading's step name and its score."""
SCORE_GAP = 8
"""Pixels at least between a heading's (cut) name and its score."""


def heading_parts(text: str) -> tuple[str, str]:
    """A heading's step name and its score ("5. Findings and timeline", "55/100"); no score: ("…", "")."""
    name, separator, score = text.rpartition(SCORE_SEPARATOR)
    return (name, score) if separator else (text, "")


class CoachDelegate(QStyledItemDelegate):
    """Draws list items of the coach panel (see the module docstring)."""

    def __init__(self, step_role: int, parent: object = None, detail_role: int | None = None) -> None:
        super().__init__(parent)
        self.step_role = step_role
        self.detail_role = detail_role

    def detail(self, index: Index) -> str:
        if self.detail_role is None or self._is_heading(index):
            return ""
        return str(index.data(self.detail_role) or "")

    @staticmethod
    def _detail_font(opt: QStyleOptionViewItem) -> QFont:
        font = QFont(opt.font)
        font.setItalic(True)
        return font

    def _detail_height(self, opt: QStyleOptionViewItem, index: Index, width: int) -> int:
        detail = self.detail(index)
        if not detail:
            return 0
        return wrapped_height(self._detail_font(opt), detail, width) + DETAIL_GAP

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

    @staticmethod
    def item_width(opt: QStyleOptionViewItem) -> int:
        """How wide the list lays an item out (its viewport less the spacing on both sides): the
        width the text is wrapped to when painted, so that measuring wraps it the same way."""
        widget = opt.widget
        if widget is None:
            return opt.rect.width()
        spacing = widget.spacing() if isinstance(widget, QListView) else 0
        return widget.viewport().width() - 2 * spacing

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(40, self.item_width(opt))
        indent, gap, text = self._text_rect(opt, index, width)
        if self._is_heading(index):
            return QSize(width, opt.fontMetrics.height() + gap + 2 * PADDING)
        text_width = width - indent - 2 * PADDING
        detail = self._detail_height(opt, index, text_width)
        return QSize(width, wrapped_height(opt.font, text, text_width) + detail + gap + 2 * PADDING)

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
        if self._is_heading(index):
            self._paint_heading(painter, opt, area, text)
            painter.restore()
            return
        if indent:
            painter.drawText(area, flags, BULLET.strip())
        text_area = area.adjusted(indent, 0, 0, 0)
        used = wrapped_height(opt.font, text, text_area.width())
        draw_wrapped(painter, text_area, text)
        detail = self.detail(index)
        if detail:
            painter.setFont(self._detail_font(opt))
            if not selected:
                painter.setPen(opt.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            draw_wrapped(painter, text_area.adjusted(0, used + DETAIL_GAP, 0, 0), detail)
        painter.restore()

    @staticmethod
    def heading_layout(metrics: QFontMetrics, text: str, width: int) -> tuple[str, str]:
        """What a heading shows in ``width`` pixels: its step name (cut with "…" to fit) and its score."""
        name, score = heading_parts(text)
        room = width - (metrics.horizontalAdvance(score) + SCORE_GAP if score else 0)
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(0, room)), score

    def _paint_heading(self, painter: QPainter, opt: QStyleOptionViewItem, area: QRect, text: str) -> None:
        name, score = self.heading_layout(QFontMetrics(opt.font), text, area.width())
        middle = int(Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft) | middle, name)
        if score:
            painter.drawText(area, int(Qt.AlignmentFlag.AlignRight) | middle, score)
