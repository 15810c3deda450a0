"""A typed date field with a calendar beside it: ``DueDateEdit`` and its ``CalendarPopup``.

The field stays a plain ``LineEdit`` (dates are typed in common formats and read by the
caller), with a calendar button inside its right edge. The button, or Alt+Down, opens a
calendar popup with *Today* and *Clear*; a click, Enter or double click on a day picks it.
A pick writes the ISO date into the field and emits ``date_picked`` (``None`` for Clear),
so callers route it through the same undoable edit as a typed date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.action_checks import EARLIEST_DUE, latest_due
from desktop_app.ui.widgets.text_edits import LineEdit

OPEN_KEYS = QKeySequence("Alt+Down")
"""The key that opens the calendar from the field, as in a combo box."""


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def calendar_icon(color: QColor, size: int = 16) -> QIcon:
    """A small drawn calendar page (for when the icon theme has none): binding, header band, days."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color)
    pen.setWidthF(1.2)
    painter.setPen(pen)
    painter.drawRoundedRect(QRectF(1.5, 2.5, size - 3, size - 4), 1.5, 1.5)
    painter.fillRect(QRectF(1.5, 2.5, size - 3, 3.5), color)
    painter.drawLine(QPointF(5, 1), QPointF(5, 4))
    painter.drawLine(QPointF(size - 5, 1), QPointF(size - 5, 4))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    for row in range(2):
        for column in range(3):
            painter.drawRect(QRectF(4 + column * 3, 8 + row * 3, 1.6, 1.6))
    painter.end()
    return QIcon(pixmap)


class CalendarPopup(QFrame):
    """A calendar in a popup window with Today and Clear; Escape closes it without a pick.

    Signals:
        picked(object): a day was chosen (a ``date``) or Clear was pressed (``None``).
    """

    picked = Signal(object)

    def __init__(self, parent: QWidget, today: Callable[[], date]) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Pick a due date")
        self.calendar = QCalendarWidget(self)
        self.calendar.setAccessibleName("Calendar")
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.today_button = QPushButton("Today", self)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setToolTip("No due date")
        self._today = today
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.today_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.calendar)
        layout.addLayout(buttons)
        self.calendar.clicked.connect(lambda day: self._pick(from_qdate(day)))
        self.calendar.activated.connect(lambda day: self._pick(from_qdate(day)))
        self.today_button.clicked.connect(lambda: self._pick(self._today()))
        self.clear_button.clicked.connect(lambda: self._pick(None))
        self.setFocusProxy(self.calendar)

    def show_for(self, anchor: QWidget, current: date | None) -> None:
        """Open below ``anchor`` (above it when there is no room), on ``current`` or today."""
        today = self._today()
        self.today_button.setToolTip(f"Due today, {today.isoformat()}")
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget the previous "today"
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setFontUnderline(True)
        self.calendar.setDateTextFormat(to_qdate(today), marked)
        self.calendar.setDateRange(to_qdate(EARLIEST_DUE), to_qdate(latest_due(today)))  # what typing takes
        self.calendar.setSelectedDate(to_qdate(current or today))
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry()
        x = min(max(below.x(), screen.left()), screen.right() - self.width())
        y = below.y() if below.y() + self.height() <= screen.bottom() else below.y() - anchor.height() - self.height()
        self.move(x, max(y, screen.top()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        self.show()

    def _pick(self, value: date | None) -> None:
        self.hide()
        self.picked.emit(value)


class DueDateEdit(LineEdit):
    """A date typed as text, with a calendar button (and Alt+Down) that picks one.

    ``current`` returns the date the calendar should open on (the caller knows the stored
    value; typed text is read by the caller too). ``today`` is what *Today* picks.

    Signals:
        date_picked(object): the calendar picked a ``date``, or ``None`` for Clear; the field
            already shows it as ``yyyy-mm-dd`` (empty for Clear).
    """

    date_picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: Callable[[], date] = date.today
        self.current: Callable[[], date | None] = lambda: None
        self.setPlaceholderText("yyyy-mm-dd")
        self.setToolTip(
            "Type a date (2024-05-31, 31/05/2024, 31 May, friday, in 2 weeks) or press Alt+Down for a calendar"
        )
        icon = QIcon.fromTheme("x-office-calendar")
        if icon.isNull():
            icon = calendar_icon(self.palette().color(QPalette.ColorRole.Text))
        self.calendar_action = QAction(icon, "Pick a date", self)
        self.calendar_action.setToolTip("Pick a date from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: CalendarPopup | None = None

    def open_calendar(self) -> CalendarPopup:
        """Show the calendar below the field; returns it (tests pick from it)."""
        if self.popup is None:
            self.popup = CalendarPopup(self, lambda: self.today())
            self.popup.picked.connect(self._picked)
        self.popup.show_for(self, self.current())
        return self.popup

    def _picked(self, value: date | None) -> None:
        self.setText(value.isoformat() if value is not None else "")
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.date_picked.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.keyCombination().toCombined() == OPEN_KEYS[0].toCombined():
            self.open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Claim Alt+Down before a window or view shortcut (the table's Move down) can.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination().toCombined() == OPEN_KEYS[0].toCombined()
        ):
            event.accept()
            return True
        return super().event(event)

