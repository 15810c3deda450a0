"""The agenda down the side: one row per meeting step, its time box or the time left.

Time boxes are minutes per agenda key, kept in ``QSettings`` (``presentation/boxes``).
All the items stay in view: when the side bar is too short for them at the agenda's type size
(a large zoom on a 720-line screen), their text gets smaller, down to ``SHRINK_SHARE`` of it; if
that is not enough the rows turn compact (the titles only, the current item keeping its time
line) at the largest size that fits, down to ``MIN_TEXT_PX``.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.domain.facilitation import AGENDA, AgendaStep, clamp_minutes

BOXES_KEY = "presentation/boxes"
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ROLE = Qt.ItemDataRole.UserRole + 2
MIN_TEXT_PX = 11
SHRINK_SHARE = 0.7


def load_boxes(settings: QSettings) -> list[int]:
    """The remembered time boxes (minutes, agenda order); defaults where none or unreadable."""
    stored = settings.value(BOXES_KEY, "")
    parts = stored if isinstance(stored, list) else str(stored or "").split(",")
    boxes = []
    for i, step in enumerate(AGENDA):
        try:
            boxes.append(clamp_minutes(int(str(parts[i]).strip())))
        except (IndexError, ValueError):
            boxes.append(step.minutes)
    return boxes


def save_boxes(settings: QSettings, boxes: list[int]) -> None:
    settings.setValue(BOXES_KEY, ",".join(str(b) for b in boxes))


class AgendaList(QListWidget):
    """The agenda: rows in meeting order; two lines each (title, then time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agenda")
        self.setAccessibleName("Agenda")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for step in AGENDA:
            item = QListWidgetItem(step.title)
            item.setData(TITLE_ROLE, step.title)
            self.addItem(item)
        self._max_px = 0
        self._padding = (0, 0)
        self.text_px = 0
        self.compact = False
        self.currentRowChanged.connect(lambda _row: self._render_all())

    def set_text_size(self, px: int, horizontal: int, vertical: int) -> None:
        """The agenda's type size (``px``) and each item's padding and margins (both sides together)."""
        self._max_px, self._padding = px, (horizontal, vertical)
        self.fit_text()

    def needed_height(self, px: int, compact: bool = False) -> int:
        """The height all items take with text of ``px`` pixels at the list's current width."""
        font = QFont(self.font())
        font.setPixelSize(px)
        metrics = QFontMetrics(font)
        horizontal, vertical = self._padding
        width = max(1, self.viewport().width() - horizontal)
        total = 0
        for row in range(self.count()):
            title = str(self.item(row).data(TITLE_ROLE))
            lines = max(1, -(-metrics.horizontalAdvance(title) // width))
            if not compact or row == self.currentRow():
                lines += 1
            total += lines * metrics.lineSpacing() + vertical
        return total

    def fit_text(self) -> None:
        """The largest type size (and the two-line rows while they fit) at which every item is in view."""
        if not self._max_px:
            return
        room = self.viewport().height()
        px, compact = self._max_px, False
        if room > 0:
            floor = max(MIN_TEXT_PX, round(self._max_px * SHRINK_SHARE))
            while px > floor and self.needed_height(px) > room:
                px -= 1
            if self.needed_height(px) > room:
                px, compact = self._max_px, True
                while px > MIN_TEXT_PX and self.needed_height(px, True) > room:
                    px -= 1
        if (px, compact) == (self.text_px, self.compact):
            return
        self.text_px, self.compact = px, compact
        font = QFont(self.font())
        font.setPixelSize(px)
        for row in range(self.count()):
            self.item(row).setFont(font)
        self._render_all()
        self.doItemsLayout()

    def _render(self, row: int) -> None:
        item = self.item(row)
        line = str(item.data(LINE_ROLE) or "")
        shown = line and not (self.compact and row != self.currentRow())
        text = f"{item.data(TITLE_ROLE)}\n{line}" if shown else str(item.data(TITLE_ROLE))
        if item.text() != text:
            item.setText(text)
        item.setToolTip(f"{item.data(TITLE_ROLE)}: {line}" if line else "")

    def _render_all(self) -> None:
        for row in range(self.count()):
            self._render(row)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_text()

    @property
    def steps(self) -> tuple[AgendaStep, ...]:
        return AGENDA

    def titles(self) -> list[str]:
        """The agenda items' titles in order."""
        return [self.item(row).data(TITLE_ROLE) for row in range(self.count())]

    def line(self, row: int) -> str:
        """The time line of row ``row`` (shown under its title, but for other rows than the current
        one while the rows are compact)."""
        return str(self.item(row).data(LINE_ROLE) or "")

    def set_line(self, row: int, line: str, warning: QColor | None = None) -> None:
        """Show ``line`` under the title of ``row``; in ``warning`` colour when given."""
        item = self.item(row)
        if item.data(LINE_ROLE) != line:
            item.setData(LINE_ROLE, line)
        self._render(row)
        item.setForeground(QBrush(warning) if warning is not None else QBrush())
