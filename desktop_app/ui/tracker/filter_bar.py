"""The tracker's filters: free text, owner, status, postmortem, severity, overdue, due within a week.

Typing in the search field filters once the typing pauses (``TYPING_PAUSE_MS``), not on every key
press; Enter, clearing the field or any other filter applies it at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPushButton, QWidget

from desktop_app.domain.models import ActionStatus, Severity
from desktop_app.storage.action_tracker import DUE_SOON_DAYS, NO_OWNER, NO_SEVERITY, TrackerFilter
from desktop_app.ui.widgets.text_edits import LineEdit

ALL = None
TYPING_PAUSE_MS = 200
"""How long typing in the search field must pause before the list is filtered."""
#: the status choice "Open or in progress"
NOT_CLOSED = "not-closed"


def _combo(name: str, width: int) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.setMinimumContentsLength(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class FilterBar(QWidget):
    """Filter widgets over one row; ``tracker_filter()`` is what they say.

    Signals:
        changed(): any filter changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = LineEdit(self)
        self.search.setPlaceholderText("Search items, owners, postmortems…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search action items")
        self.owner = _combo("Owner", 12)
        self.status = _combo("Status", 12)
        self.status.addItem("All statuses", ALL)
        self.status.addItem("Open or in progress", NOT_CLOSED)
        for status in ActionStatus:
            self.status.addItem(status.label, status)
        self.postmortem = _combo("Postmortem", 18)
        self.severity = _combo("Severity", 8)
        self.severity.addItem("All severities", ALL)
        for severity in Severity:
            self.severity.addItem(severity.value, severity.value)
        self.severity.addItem("No severity", NO_SEVERITY)
        self.overdue = QCheckBox("Overdue only", self)
        self.due_soon = QCheckBox(f"Due in {DUE_SOON_DAYS} days", self)
        self.due_soon.setToolTip(f"Open items due today or in the next {DUE_SOON_DAYS} days")
        self.clear_button = QPushButton("Clear filters", self)
        self.set_choices([], [])

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.search, 2)
        for widget in (self.owner, self.status, self.postmortem, self.severity):
            layout.addWidget(widget, 1)
        layout.addWidget(self.overdue)
        layout.addWidget(self.due_soon)
        layout.addWidget(self.clear_button)

        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.changed)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self.flush)
        for combo in (self.owner, self.status, self.postmortem, self.severity):
            combo.currentIndexChanged.connect(self._now)
        self.overdue.toggled.connect(self._now)
        self.due_soon.toggled.connect(self._now)
        self.clear_button.clicked.connect(self.clear)

    def _text_changed(self, text: str) -> None:
        if text:
            self.typing.start()
        else:
            self._now()  # cleared: everything shows again at once

    def _now(self) -> None:
        """A filter changed: apply every filter now, typed text included."""
        self.typing.stop()
        self.changed.emit()

    @property
    def pending(self) -> bool:
        """Typed text waits for the typing to pause before it filters."""
        return self.typing.isActive()

    def flush(self) -> None:
        """Apply typed text now, if it is waiting."""
        if self.typing.isActive():
            self._now()

    def set_choices(self, owners: Sequence[str], postmortems: Sequence[tuple[str, str]]) -> None:
        """Refill the owner and postmortem lists, keeping the current choice where it still exists."""
        self.blockSignals(True)
        try:
            for combo, first, entries in (
                (self.owner, "All owners", [("Nobody", NO_OWNER), *((o, o) for o in owners)]),
                (self.postmortem, "All postmortems", [(title, pm_id) for pm_id, title in postmortems]),
            ):
                current = combo.currentData()
                combo.blockSignals(True)
                combo.clear()
                combo.addItem(first, ALL)
                for text, value in entries:
                    combo.addItem(" ".join(text.split()), value)
                found = combo.findData(current) if current is not None else 0
                combo.setCurrentIndex(max(found, 0))
                combo.blockSignals(False)
        finally:
            self.blockSignals(False)

    def clear(self) -> None:
        """Show everything again (one ``changed``)."""
        self.typing.stop()
        self.blockSignals(True)
        try:
            self.search.clear()
            for combo in (self.owner, self.status, self.postmortem, self.severity):
                combo.setCurrentIndex(0)
            self.overdue.setChecked(False)
            self.due_soon.setChecked(False)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def select(self, combo: QComboBox, value: object) -> None:
        """Choose ``value`` in one of the drop-downs (tests and keyboard helpers)."""
        index = combo.findData(value)
        if index < 0:
            raise ValueError(f"{combo.accessibleName()} has no choice {value!r}")
        combo.setCurrentIndex(index)

    def tracker_filter(self) -> TrackerFilter:
        owner = self.owner.currentData()
        status = self.status.currentData()
        if status == NOT_CLOSED:
            statuses: frozenset[ActionStatus] | None = frozenset(s for s in ActionStatus if not s.is_closed)
        else:
            statuses = None if status is None else frozenset({ActionStatus(status)})
        postmortem = self.postmortem.currentData()
        severity = self.severity.currentData()
        return TrackerFilter(
            owners=None if owner is None else frozenset({owner}),
            statuses=statuses,
            postmortem_ids=None if postmortem is None else frozenset({postmortem}),
            severities=None if severity is None else frozenset({severity}),
            overdue_only=self.overdue.isChecked(),
            due_soon=self.due_soon.isChecked(),
            text=self.search.text(),
        )
