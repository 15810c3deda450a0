"""Editors for an optional date or instant, shown in the postmortem's time zone.

A date or time can be typed over as a whole (``2024-03-14 09:05``) as well as stepped section by
section. Typed text is read by ``typed_times``: an impossible date or time (``2024-02-30 25:61``)
is refused with a message beside the field, and the previous value stays. Typing is committed
only on Return or on leaving the field (never section by section on the way), and Ctrl+A selects
the whole text so that typing replaces it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence, QPalette, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.typed_times import TYPING, parse_typed_date, parse_typed_datetime
from desktop_app.domain.zones import to_zone, zone, zone_label
from desktop_app.ui.widgets.text_edits import REFUSAL_TIP_MS, mute

ERROR_COLOR = QColor(190, 40, 40)
STRICT_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
STRICT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _TypedMixin:
    """Lets the whole text be typed over (Qt's own section logic turns ``2024-02-30 25:61`` into
    another date without a word) and reads it with ``typed_times``.

    Signals (on the subclass): ``rejected(str)``: typed text was refused, with the message.
    """

    with_time = True
    _typing_over = False
    """The whole text was selected and is being typed over: keys go to the line edit as they are,
    not through Qt's section-by-section editing."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        line = self.lineEdit()  # type: ignore[attr-defined]
        if event.matches(QKeySequence.StandardKey.SelectAll):
            # Qt selects only the section under the cursor; select it all so typing replaces it.
            line.selectAll()
            event.accept()
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
                   Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                   Qt.Key.Key_PageDown):
            self._typing_over = False
        elif line.hasSelectedText() and line.selectedText() == line.text() and event.text().isprintable() \
                and event.text():
            self._typing_over = True
        if self._typing_over:
            QAbstractSpinBox.keyPressEvent(self, event)  # type: ignore[arg-type]
            return
        super().keyPressEvent(event)  # type: ignore[misc]

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._typing_over = False
        super().focusOutEvent(event)  # type: ignore[misc]

    def _parse(self, text: str) -> QDateTime:
        utc = QTimeZone(QTimeZone.Initialization.UTC)
        if self.with_time:
            value = parse_typed_datetime(text)
            return QDateTime(QDate(value.year, value.month, value.day),
                             QTime(value.hour, value.minute, value.second), utc)
        day = parse_typed_date(text)
        return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0), utc)

    def _complete(self, text: str) -> bool:
        """Typed out in the display format (``2024-03-14 09:05``): only then does typing commit."""
        return STRICT_DATETIME.match(text) is not None if self.with_time else STRICT_DATE.match(text) is not None

    def validate(self, text: str, pos: int) -> object:
        if self._complete(text):
            try:
                self._parse(text)
            except ValueError:
                pass
            else:
                return QValidator.State.Acceptable, text, pos
        ok = TYPING.match(text) is not None
        return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802
        try:
            return self._parse(text)
        except ValueError:
            return self.dateTime()  # type: ignore[attr-defined]

    def fixup(self, text: str) -> str:
        # Called with what was typed when it is not a complete valid value, just before Qt puts
        # the previous value back: read it leniently (``2024-3-5 9:05``), else say why.
        try:
            value = self._parse(text)
        except ValueError as error:
            self.rejected.emit(f"{error} The previous value is kept.")  # type: ignore[attr-defined]
            return text
        return value.toString(self.displayFormat())  # type: ignore[attr-defined]


class TypedDateTimeEdit(_TypedMixin, QDateTimeEdit):
    rejected = Signal(str)


class TypedDateEdit(_TypedMixin, QDateEdit):
    rejected = Signal(str)
    with_time = False

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
DATE_FORMAT = "yyyy-MM-dd"


class _OptionalBase(QWidget):
    """A check box ("set") beside an editor; unchecked means the value is unknown."""

    def __init__(self, editor: QDateTimeEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.check.setToolTip("Tick to set a value; untick to leave it unknown")
        self.editor = editor
        self.editor.setParent(self)
        self.editor.setCalendarPopup(True)
        self.unset_label = QLabel("not set", self)
        mute(self.unset_label)
        self.suffix = QLabel(self)
        mute(self.suffix)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Date and time error")
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
        self.error_label.setPalette(palette)
        self.error_label.hide()
        # The message goes once the field gets a valid value, or after REFUSAL_TIP_MS (as a refused paste's).
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.setInterval(REFUSAL_TIP_MS)
        self._error_timer.timeout.connect(lambda: self.show_error(""))
        self._typed_valid = False
        editor.lineEdit().textEdited.connect(self._text_typed)
        editor.editingFinished.connect(self._typing_finished)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.editor)
        layout.addWidget(self.unset_label)
        layout.addWidget(self.suffix)
        layout.addWidget(self.error_label, 1)
        layout.addStretch(0)
        self._updating = False
        self._shown: object = None
        """The value last set or emitted."""
        self.check.toggled.connect(self._on_toggled)
        rejected = getattr(editor, "rejected", None)
        if rejected is not None:
            rejected.connect(self.show_error)
        self._show_set(False)
        self.setFocusProxy(self.check)

    def set_unset_text(self, text: str) -> None:
        """What shows while no value is set: "not set", or where a value comes from instead."""
        self.unset_label.setText(text or "not set")

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.check.setAccessibleName(f"{name} is set")
        self.editor.setAccessibleName(name)

    def show_error(self, message: str) -> None:
        """Say beside the field why typed text was refused ("" clears it); it goes by itself after
        ``REFUSAL_TIP_MS`` or when a valid value is typed or chosen."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        if message:
            self._typed_valid = False
            self._error_timer.start()
        else:
            self._error_timer.stop()

    def _text_typed(self, text: str) -> None:
        state = self.editor.validate(text, len(text))
        self._typed_valid = (state[0] if isinstance(state, tuple) else state) == QValidator.State.Acceptable

    def _typing_finished(self) -> None:
        # A valid value typed and committed (Return, leaving the field), even the value it already had.
        if self._typed_valid:
            self._typed_valid = False
            self.show_error("")

    def _show_set(self, is_set: bool) -> None:
        self.editor.setVisible(is_set)
        self.unset_label.setVisible(not is_set)

    def _on_toggled(self, checked: bool) -> None:
        self._show_set(checked)
        if not self._updating:
            self._emit()

    def _on_edited(self) -> None:
        # Qt also signals when it puts the previous value back after refused typing: only a
        # real change is an edit (and clears the message).
        if not self._updating and self.value() != self._shown:  # type: ignore[attr-defined]
            self.show_error("")
            self._emit()

    def _emit(self) -> None:
        self._shown = self.value()  # type: ignore[attr-defined]
        self.value_edited.emit(self._shown)  # type: ignore[attr-defined]  # each subclass's signal


class OptionalDateTimeEdit(_OptionalBase):
    """An aware instant or ``None``, edited as wall-clock time in an IANA zone.

    Signals:
        value_edited(object): the user changed the value (an aware datetime or None).
    """

    value_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        edit = TypedDateTimeEdit()
        edit.setDisplayFormat(DATETIME_FORMAT)
        # Typing commits on Return or leaving the field, not section by section as it is typed.
        edit.setKeyboardTracking(False)
        # Wall-clock values in our own zone: keep Qt's local-time rules out of the way.
        edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        super().__init__(edit, parent)
        self._zone = "UTC"
        self.suffix.setText(self._zone)
        #: where a ticked box starts (e.g. a time the timeline gives); ``None`` or no answer: now
        self.starting_value: Callable[[], datetime | None] | None = None
        edit.dateTimeChanged.connect(self._on_edited)

    @property
    def zone_name(self) -> str:
        return self._zone

    def set_zone(self, name: str, value: datetime | None) -> None:
        """Change the display zone (the instant ``value`` is kept)."""
        self._zone = name
        self.suffix.setText(zone_label(name))
        self.set_value(value)

    def value(self) -> datetime | None:
        if not self.check.isChecked():
            return None
        qdt = self.editor.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone(self._zone))

    def set_value(self, value: datetime | None) -> None:
        self._updating = True
        self._shown = value
        self.show_error("")
        try:
            self.check.setChecked(value is not None)
            self._show_set(value is not None)
            if value is not None:
                local = to_zone(value, self._zone)
                self.editor.setDateTime(
                    QDateTime(
                        QDate(local.year, local.month, local.day),
                        QTime(local.hour, local.minute, local.second),
                        QTimeZone(QTimeZone.Initialization.UTC),
                    )
                )
        finally:
            self._updating = False

    def _on_toggled(self, checked: bool) -> None:
        if checked and not self._updating:
            # Start from ``starting_value`` (else now, in the zone), not from Qt's default of 2000-01-01.
            self._updating = True
            start = self.starting_value() if self.starting_value is not None else None
            local = to_zone(start, self._zone) if start is not None else datetime.now(zone(self._zone))
            self.editor.setDateTime(
                QDateTime(
                    QDate(local.year, local.month, local.day),
                    QTime(local.hour, local.minute),
                    QTimeZone(QTimeZone.Initialization.UTC),
                )
            )
            self._updating = False
        super()._on_toggled(checked)



class OptionalDateEdit(_OptionalBase):
    """A calendar date or ``None``.

    Signals:
        value_edited(object): the user changed the value (a date or None).
    """

    value_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        edit = TypedDateEdit()
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setKeyboardTracking(False)
        super().__init__(edit, parent)
        edit.dateChanged.connect(self._on_edited)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        d = self.editor.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self._updating = True
        self._shown = value
        self.show_error("")
        try:
            self.check.setChecked(value is not None)
            self._show_set(value is not None)
            if value is not None:
                self.editor.setDate(QDate(value.year, value.month, value.day))
        finally:
            self._updating = False

    def _on_toggled(self, checked: bool) -> None:
        if checked and not self._updating:
            self._updating = True
            today = date.today()
            self.editor.setDate(QDate(today.year, today.month, today.day))
            self._updating = False
        super()._on_toggled(checked)

