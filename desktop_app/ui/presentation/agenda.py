"""The agenda down the side: one row per meeting step, its time box or the time left.

Time boxes are minutes per agenda key, kept in ``QSettings`` (``presentation/boxes``).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.domain.facilitation import AGENDA, AgendaStep, clamp_minutes

BOXES_KEY = "presentation/boxes"
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


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

    @property
    def steps(self) -> tuple[AgendaStep, ...]:
        return AGENDA

    def titles(self) -> list[str]:
        """The agenda items' titles in order."""
        return [self.item(row).data(TITLE_ROLE) for row in range(self.count())]

    def line(self, row: int) -> str:
        """The time line shown under row ``row``'s title."""
        text = self.item(row).text()
        return text.split("\n", 1)[1] if "\n" in text else ""

    def set_line(self, row: int, line: str, warning: QColor | None = None) -> None:
        """Show ``line`` under the title of ``row``; in ``warning`` colour when given."""
        item = self.item(row)
        text = f"{item.data(TITLE_ROLE)}\n{line}"
        if item.text() != text:
            item.setText(text)
        item.setForeground(QBrush(warning) if warning is not None else QBrush())
