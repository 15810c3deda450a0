"""The library's filter bar: status, severity, tag, service and date range, remembered in QSettings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QPushButton, QWidget

from desktop_app.domain.models import Severity, Status
from desktop_app.storage.repository import PostmortemSummary

ANY = "Any"
NO_SEVERITY = "none"
SETTINGS_GROUP = "library/filters"
_EARLIEST = QDate(1900, 1, 1)
"""A date edit at this date shows "Any": no bound (QDateEdit has no empty value)."""


@dataclass(frozen=True)
class LibraryFilters:
    """What the library shows; ``None`` means any value."""

    status: Status | None = None
    severity: str | None = None  # a Severity value, or NO_SEVERITY
    tag: str | None = None
    service: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return self != LibraryFilters()

    def accepts(self, summary: PostmortemSummary, day: date) -> bool:
        """Whether ``summary`` (dated ``day``) passes every filter."""
        if self.status is not None and summary.status != self.status:
            return False
        if self.severity is not None:
            value = summary.severity.value if summary.severity is not None else NO_SEVERITY
            if value != self.severity:
                return False
        if self.tag is not None and self.tag.casefold() not in {t.casefold() for t in summary.tags}:
            return False
        if self.service is not None and self.service.casefold() not in {s.casefold() for s in summary.services}:
            return False
        if self.date_from is not None and day < self.date_from:
            return False
        return self.date_to is None or day <= self.date_to


def _choices(values: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return sorted(seen.values(), key=str.casefold)


class FilterBar(QWidget):
    """Compact combo boxes and date edits above the library table.

    Signals:
        changed(object): the ``LibraryFilters`` now chosen.
    """

    changed = Signal(object)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library filters")
        self._settings = settings
        self._quiet = False
        self.status_combo = self._combo("Status")
        self.status_combo.addItem(ANY, None)
        for status in Status:
            self.status_combo.addItem(status.label, status.value)
        self.severity_combo = self._combo("Severity")
        self.severity_combo.addItem(ANY, None)
        for severity in Severity:
            self.severity_combo.addItem(severity.value, severity.value)
        self.severity_combo.addItem("No severity", NO_SEVERITY)
        self.tag_combo = self._combo("Tag")
        self.service_combo = self._combo("Service")
        self.from_edit = self._date_edit("From date")
        self.to_edit = self._date_edit("To date")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setToolTip("Show every postmortem")
        self.clear_button.setAccessibleName("Clear filters")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        for column, (label, widget) in enumerate(
            (("Status", self.status_combo), ("Severity", self.severity_combo), ("Tag", self.tag_combo))
        ):
            layout.addWidget(self._label(label, widget), 0, 2 * column)
            layout.addWidget(widget, 0, 2 * column + 1)
        layout.addWidget(self._label("Service", self.service_combo), 1, 0)
        layout.addWidget(self.service_combo, 1, 1)
        layout.addWidget(self._label("From", self.from_edit), 1, 2)
        layout.addWidget(self.from_edit, 1, 3)
        layout.addWidget(self._label("To", self.to_edit), 1, 4)
        layout.addWidget(self.to_edit, 1, 5)
        layout.addWidget(self.clear_button, 2, 0, 1, 6)
        for column in (1, 3, 5):
            layout.setColumnStretch(column, 1)
        self.set_choices([], [])
        self.restore()
        for combo in (self.status_combo, self.severity_combo, self.tag_combo, self.service_combo):
            combo.currentIndexChanged.connect(self._emit)
        self.from_edit.dateChanged.connect(self._emit)
        self.to_edit.dateChanged.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)
        self._update_clear()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(f"{text}:")
        label.setBuddy(buddy)
        return label

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(f"Filter by {name.lower()}")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(_EARLIEST)
        edit.setSpecialValueText(ANY)
        edit.setDate(_EARLIEST)
        edit.setToolTip(f"{name} (incident date); the earliest date means any")
        return edit

    # -- state ---------------------------------------------------------------------------------

    def filters(self) -> LibraryFilters:
        status = self.status_combo.currentData()
        return LibraryFilters(
            status=None if status is None else Status(status),
            severity=self.severity_combo.currentData(),
            tag=self.tag_combo.currentData(),
            service=self.service_combo.currentData(),
            date_from=self._date_of(self.from_edit),
            date_to=self._date_of(self.to_edit),
        )

    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _EARLIEST else date(value.year(), value.month(), value.day())

    def set_filters(self, filters: LibraryFilters) -> None:
        """Show ``filters`` (a tag or service not offered yet is added to its list)."""
        self._quiet = True
        try:
            self._select(self.status_combo, None if filters.status is None else filters.status.value)
            self._select(self.severity_combo, filters.severity)
            self._select(self.tag_combo, filters.tag, add=True)
            self._select(self.service_combo, filters.service, add=True)
            for edit, value in ((self.from_edit, filters.date_from), (self.to_edit, filters.date_to)):
                edit.setDate(_EARLIEST if value is None else QDate(value.year, value.month, value.day))
        finally:
            self._quiet = False
        self._emit()

    @staticmethod
    def _select(combo: QComboBox, value: str | None, add: bool = False) -> None:
        index = combo.findData(value)
        if index < 0 and add and value is not None:
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def set_choices(self, tags: Sequence[str], services: Sequence[str]) -> None:
        """Offer these tags and services (keeping the current choice)."""
        self._quiet = True
        try:
            for combo, values in ((self.tag_combo, tags), (self.service_combo, services)):
                current = combo.currentData()
                combo.clear()
                combo.addItem(ANY, None)
                for value in _choices(values):
                    combo.addItem(value, value)
                self._select(combo, current, add=True)
        finally:
            self._quiet = False

    def clear(self) -> None:
        self.set_filters(LibraryFilters())

    def _emit(self, *_args: object) -> None:
        if self._quiet:
            return
        filters = self.filters()
        self._update_clear()
        self.save(filters)
        self.changed.emit(filters)

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(self.filters().active)

    # -- settings ------------------------------------------------------------------------------

    def save(self, filters: LibraryFilters) -> None:
        if self._settings is None:
            return
        values = {
            "status": "" if filters.status is None else filters.status.value,
            "severity": filters.severity or "",
            "tag": filters.tag or "",
            "service": filters.service or "",
            "from": "" if filters.date_from is None else filters.date_from.isoformat(),
            "to": "" if filters.date_to is None else filters.date_to.isoformat(),
        }
        for key, value in values.items():
            self._settings.setValue(f"{SETTINGS_GROUP}/{key}", value)

    def restore(self) -> None:
        """Show the filters remembered in the settings (anything unreadable counts as none)."""
        if self._settings is None:
            return

        def read(key: str) -> str | None:
            value = self._settings.value(f"{SETTINGS_GROUP}/{key}", "") if self._settings else ""
            return str(value) if isinstance(value, str) and value else None

        filters = LibraryFilters()
        status = read("status")
        if status in {s.value for s in Status}:
            filters = replace(filters, status=Status(status))
        severity = read("severity")
        if severity in {*(s.value for s in Severity), NO_SEVERITY}:
            filters = replace(filters, severity=severity)
        filters = replace(filters, tag=read("tag"), service=read("service"))
        for key, attr in (("from", "date_from"), ("to", "date_to")):
            text = read(key)
            try:
                filters = replace(filters, **{attr: date.fromisoformat(text) if text else None})
            except ValueError:
                pass
        self._quiet = True
        try:
            self.set_filters(filters)
        finally:
            self._quiet = False
