"""Editors for an optional date or instant, shown in the postmortem's time zone."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.zones import to_zone, zone
from desktop_app.ui.widgets.text_edits import mute

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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.editor)
        layout.addWidget(self.unset_label)
        layout.addWidget(self.suffix)
        layout.addStretch(1)
        self._updating = False
        self.check.toggled.connect(self._on_toggled)
        self._show_set(False)
        self.setFocusProxy(self.check)

    def set_unset_text(self, text: str) -> None:
        """What shows while no value is set: "not set", or where a value comes from instead."""
        self.unset_label.setText(text or "not set")

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.check.setAccessibleName(f"{name} is set")
        self.editor.setAccessibleName(name)

    def _show_set(self, is_set: bool) -> None:
        self.editor.setVisible(is_set)
        self.unset_label.setVisible(not is_set)

    def _on_toggled(self, checked: bool) -> None:
        self._show_set(checked)
        if not self._updating:
            self._emit()

    def _on_edited(self) -> None:
        if not self._updating:
            self._emit()

    def _emit(self) -> None:
        self.value_edited.emit(self.value())  # type: ignore[attr-defined]  # each subclass's signal


class OptionalDateTimeEdit(_OptionalBase):
    """An aware instant or ``None``, edited as wall-clock time in an IANA zone.

    Signals:
        value_edited(object): the user changed the value (an aware datetime or None).
    """

    value_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        edit = QDateTimeEdit()
        edit.setDisplayFormat(DATETIME_FORMAT)
        # Wall-clock values in our own zone: keep Qt's local-time rules out of the way.
        edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        super().__init__(edit, parent)
        self._zone = "UTC"
        self.suffix.setText(self._zone)
        edit.dateTimeChanged.connect(self._on_edited)

    @property
    def zone_name(self) -> str:
        return self._zone

    def set_zone(self, name: str, value: datetime | None) -> None:
        """Change the display zone (the instant ``value`` is kept)."""
        self._zone = name
        self.suffix.setText(name)
        self.set_value(value)

    def value(self) -> datetime | None:
        if not self.check.isChecked():
            return None
        qdt = self.editor.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone(self._zone))

    def set_value(self, value: datetime | None) -> None:
        self._updating = True
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
            # Start from now (in the zone) rather than from Qt's default of 2000-01-01.
            self._updating = True
            now = datetime.now(zone(self._zone))
            self.editor.setDateTime(
                QDateTime(
                    QDate(now.year, now.month, now.day),
                    QTime(now.hour, now.minute),
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
        edit = QDateEdit()
        edit.setDisplayFormat(DATE_FORMAT)
        super().__init__(edit, parent)
        edit.dateChanged.connect(self._on_edited)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        d = self.editor.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self._updating = True
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

