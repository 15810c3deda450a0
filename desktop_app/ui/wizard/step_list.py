"""The step list beside the wizard: each step with ✓ / ○ and what it still misses."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.domain.completeness import Step, StepStatus

COMPLETE_MARK = "✓"
INCOMPLETE_MARK = "○"
COMPLETE_ACCENT = QColor(46, 160, 67)  # a subtle green that reads on light and dark
CaptionRole = Qt.ItemDataRole.UserRole + 1
CompleteRole = Qt.ItemDataRole.UserRole + 2
TitleRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def caption_for(status: StepStatus, problems: int = 0) -> str:
    """``Complete``, ``Complete · 2 coach findings`` (filled in, not yet clean) or ``Missing: …``."""
    if not status.complete:
        return "Missing: " + ", ".join(status.missing)
    return f"Complete · {problems} coach finding{'s' if problems != 1 else ''}" if problems else "Complete"


class StepDelegate(QStyledItemDelegate):
    """Paints a mark, the step title and a muted one-line caption."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        fm = option.fontMetrics
        return QSize(200, fm.height() * 2 + fm.leading() + self.PADDING * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(group, text_role)
        muted = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        muted_color = opt.palette.color(group, muted)

        complete = bool(index.data(CompleteRole))
        rect = opt.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        fm = opt.fontMetrics
        mark_width = fm.horizontalAdvance("✓○") // 2 + 10
        painter.save()
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_color if selected else (COMPLETE_ACCENT if complete else muted_color))
        mark_rect = QRect(rect.left(), rect.top(), mark_width, fm.height())
        painter.drawText(mark_rect, int(Qt.AlignmentFlag.AlignLeft), COMPLETE_MARK if complete else INCOMPLETE_MARK)
        painter.setPen(text_color)
        title_rect = QRect(rect.left() + mark_width, rect.top(), rect.width() - mark_width, fm.height())
        title = str(index.data(TitleRole))
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft), fm.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
        caption_font = QFont(opt.font)
        caption_font.setPointSizeF(opt.font.pointSizeF() * 0.88)
        painter.setFont(caption_font)
        painter.setPen(muted_color)
        caption = str(index.data(CaptionRole))
        caption_rect = QRect(title_rect.left(), rect.top() + fm.height() + 2, title_rect.width(), fm.height())
        painter.drawText(
            caption_rect,
            int(Qt.AlignmentFlag.AlignLeft),
            painter.fontMetrics().elidedText(caption, Qt.TextElideMode.ElideRight, caption_rect.width()),
        )
        painter.restore()


class StepList(QListWidget):
    """Seven rows, one per ``Step``; ``update_statuses`` refreshes marks and captions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Steps")
        self.setItemDelegate(StepDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setMinimumWidth(220)
        self._statuses: dict[Step, StepStatus] = {}
        self._problems: dict[Step, int] = {}
        for step in Step:
            item = QListWidgetItem()
            item.setData(TitleRole, f"{int(step)}. {step.title}")
            self.addItem(item)
            self._set(item, StepStatus(step, ()), known=False)

    def _set(self, item: QListWidgetItem, status: StepStatus, *, known: bool = True) -> None:
        mark = COMPLETE_MARK if status.complete and known else INCOMPLETE_MARK
        title = f"{int(status.step)}. {status.step.title}"
        caption = caption_for(status, self._problems.get(status.step, 0)) if known else ""
        item.setText(f"{mark} {title}")
        item.setData(CompleteRole, status.complete and known)
        item.setData(CaptionRole, caption)
        item.setToolTip(f"{title}\n{caption}" if caption else title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {caption.lower() or 'not started'}")

    def update_statuses(self, statuses: list[StepStatus]) -> None:
        for status in statuses:
            self._statuses[status.step] = status
            self._set(self.item(int(status.step) - 1), status)

    def set_problems(self, problems: dict[Step, int]) -> None:
        """How many coach findings about quality each step has (shown beside "Complete")."""
        self._problems = dict(problems)
        for status in self._statuses.values():
            self._set(self.item(int(status.step) - 1), status)

    def complete_count(self) -> int:
        return sum(1 for i in range(self.count()) if self.item(i).text().startswith(COMPLETE_MARK))
