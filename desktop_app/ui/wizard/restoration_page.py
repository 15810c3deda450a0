"""Step 1 — Restoration: identity, severity, restoration, scope, key times and the review clock."""

from __future__ import annotations

from datetime import datetime, time, timezone
from operator import attrgetter
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QGridLayout, QLabel, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.metrics import (
    MOMENT_FIELDS,
    KeyTime,
    TimeSource,
    format_span,
    incident_metrics,
    key_time,
    restoration_time,
)
from desktop_app.domain.limits import MAX_TITLE_CHARS
from desktop_app.domain.models import Kind, KeyMoment, Postmortem, Severity, Status
from desktop_app.domain.zones import check_zone, to_zone, zone, zone_label
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.datetime_edit import OptionalDateEdit, OptionalDateTimeEdit
from desktop_app.ui.widgets.text_edits import LineEdit, mute, plain_label
from desktop_app.ui.wizard.bindings import (
    CheckBinding,
    ComboBinding,
    DateBinding,
    DateTimeBinding,
    LineBinding,
    SplitLineBinding,
    fill_combo,
)
from desktop_app.ui.wizard.page import WizardPage

KEY_TIMES = (
    ("started_at", "Started"),
    ("detected_at", "Detected"),
    ("acknowledged_at", "Acknowledged"),
    ("mitigated_at", "Mitigated"),
    ("resolved_at", "Resolved"),
)
REVIEW_WINDOW_HOURS = (24, 72)
_FIGURE_FIELDS = frozenset({"occurred_at", "key_moment"})
"""Fields of a timeline event that the derived figures read."""
_KEY_MOMENT = attrgetter("key_moment")


def affects_figures(path: tuple) -> bool:
    """Whether a change at ``path`` (a ``field_changed`` path) can change the derived figures.

    The figures and the review clock read the stated key times, the restoration and, on
    the timeline, each event's time and key-moment mark; a description edit cannot move them.
    """
    if not path:
        return True
    if path[0] in ("times", "restoration"):
        return True
    if path[0] == "timeline":
        return len(path) <= 2 or path[2] in _FIGURE_FIELDS
    return False


def derived_text(found: KeyTime, zone_name: str, moment: KeyMoment = KeyMoment.RESOLUTION) -> str:
    """Where an unset field's effective value comes from, e.g. ``from the timeline: 2025-03-18 14:30,
    marked Resolution`` (the date alone for an event known to the day); ``""`` when the value is
    stated or unknown (the field says "not set")."""
    if not found.derived or found.at is None:
        return ""
    when = to_zone(found.at, zone_name).strftime("%Y-%m-%d" if found.day_only else "%Y-%m-%d %H:%M")
    if found.source is TimeSource.RESTORATION:
        return f"from the time of restoration: {when}"
    if found.event_id is not None:
        return f"from the timeline: {when}, marked {moment.label}"
    return f"from the Resolved key time: {when}"


RESTORED_AT_TIP = (
    "Tick to set the time of restoration. It starts at the time marked Resolution on the timeline "
    "(or the Resolved key time), else at the latest timed event of the timeline, else at noon on the "
    "incident date; change it as needed. Untick to leave it unknown."
)
KEY_TIME_TIP = (
    "Tick to set this key time. It starts at the timeline event marked {moment}, else at noon on the "
    "incident date; change it as needed. Untick to leave it unknown."
)


def _noon_of_incident(pm: Postmortem) -> datetime | None:
    """Noon on the incident date in the postmortem's zone (``None`` without a date)."""
    if pm.incident_date is None:
        return None
    return datetime.combine(pm.incident_date, time(12, 0), tzinfo=zone(pm.time_zone))


def restored_at_start(pm: Postmortem) -> datetime | None:
    """Where a ticked "Restored at" starts: the Resolution (a stated Resolved key time, else the
    event marked Resolution), else the latest timed timeline event, else noon on the incident date;
    ``None`` (the field then starts now) when the postmortem has none of these."""
    resolved = key_time(pm, KeyMoment.RESOLUTION).at
    if resolved is not None:
        return resolved
    timed = [event.occurred_at for event in pm.timeline if event.occurred_at is not None]
    if timed:
        return max(timed)
    return _noon_of_incident(pm)


def key_time_start(pm: Postmortem, moment: KeyMoment) -> datetime | None:
    """Where a ticked key time starts: the event marked ``moment`` (for the resolution also the time
    of restoration), else noon on the incident date; ``None`` (now) without either."""
    found = key_time(pm, moment).at
    return found if found is not None else _noon_of_incident(pm)


def review_clock_text(pm: Postmortem, now: datetime) -> str:
    """Hours since restoration against the 24–72 h review target, in words."""
    restored = restoration_time(pm).at
    if restored is None:
        return "The review clock starts once the time of restoration is known."
    elapsed = now - restored
    hours = int(elapsed.total_seconds() // 3600)
    low, high = REVIEW_WINDOW_HOURS
    ago = format_span(elapsed)
    if elapsed.total_seconds() < 0:
        return "The time of restoration is in the future."
    meeting = pm.review_meeting_at
    if meeting is not None and meeting >= restored:
        gap = meeting - restored
        held = "was held" if meeting <= now else "is set for"
        verdict = (f"within the {high} h target" if gap.total_seconds() <= high * 3600
                   else f"later than the {high} h target")
        return f"Restored {ago} ago; the review meeting {held} {format_span(gap)} after restoration, {verdict}."
    if hours < low:
        return f"Restored {ago} ago. Hold the review {low}–{high} h after restoration (opens in {low - hours} h)."
    if hours <= high:
        return f"Restored {ago} ago: inside the {low}–{high} h review window ({high - hours} h left)."
    return f"Restored {ago} ago: past the {high} h review target."


class TimeZoneBox(QComboBox):
    """An editable list of IANA zone names with completion; only valid names are applied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(sorted(available_timezones()))
        self.setMaxVisibleItems(16)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)


class RestorationPage(WizardPage):
    """Step 1 page."""

    step = Step.RESTORATION
    intro = (
        "Confirm the service is fully restored and when, how severe it was and what it touched. "
        "Times are shown in the postmortem's time zone."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        form = self.add_group("Incident")
        self.title_edit = LineEdit()
        self.title_edit.setMaxLength(MAX_TITLE_CHARS)  # as an import cuts it
        self.title_edit.setPlaceholderText("A short, blameless title, e.g. “Checkout errors after config push”")
        self.title_edit.setAccessibleName("Title")
        LineBinding(doc, self.title_edit, ("title",))
        form.addRow("&Title", self.title_edit)

        self.kind_combo = QComboBox()
        fill_combo(self.kind_combo, list(Kind), lambda k: "Incident" if k is Kind.INCIDENT else "Near miss")
        self.kind_combo.setAccessibleName("Kind")
        ComboBinding(doc, self.kind_combo, ("kind",))
        self.severity_combo = QComboBox()
        fill_combo(self.severity_combo, [None, *Severity], lambda s: "Not set" if s is None else str(s.value))
        self.severity_combo.setAccessibleName("Severity")
        ComboBinding(doc, self.severity_combo, ("severity",))
        self.status_combo = QComboBox()
        fill_combo(self.status_combo, list(Status))
        self.status_combo.setAccessibleName("Status")
        ComboBinding(doc, self.status_combo, ("status",))
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        severity_label = QLabel("Se&verity")
        severity_label.setBuddy(self.severity_combo)
        grid.addWidget(self.kind_combo, 0, 0)
        grid.addWidget(severity_label, 0, 1)
        grid.addWidget(self.severity_combo, 0, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        form.addRow("&Kind", row)
        form.addRow("Stat&us", self.status_combo)

        self.incident_date_edit = OptionalDateEdit()
        self.incident_date_edit.setAccessibleName("Incident date")
        DateBinding(doc, self.incident_date_edit, ("incident_date",))
        form.addRow("Incident &date", self.incident_date_edit)

        self.zone_box = TimeZoneBox()
        self.zone_box.setAccessibleName("Time zone")
        self.zone_status = plain_label()
        mute(self.zone_status)
        zone_row = QWidget()
        zone_layout = QGridLayout(zone_row)
        zone_layout.setContentsMargins(0, 0, 0, 0)
        zone_layout.addWidget(self.zone_box, 0, 0)
        zone_layout.addWidget(self.zone_status, 0, 1)
        zone_layout.setColumnStretch(1, 1)
        form.addRow("Time &zone", zone_row)
        self.zone_box.editTextChanged.connect(self._zone_typed)

        form = self.add_group("Restoration")
        self.restored_check = QCheckBox("The service is fully restored")
        self.restored_check.setAccessibleName("Service restored")
        CheckBinding(doc, self.restored_check, ("restoration", "restored"))
        form.addRow("", self.restored_check)
        self.restored_at_edit = OptionalDateTimeEdit()
        self.restored_at_edit.setAccessibleName("Restored at")
        self.restored_at_edit.check.setToolTip(RESTORED_AT_TIP)
        self.restored_at_edit.starting_value = lambda: restored_at_start(doc.pm) if doc.is_loaded else None
        DateTimeBinding(doc, self.restored_at_edit, ("restoration", "restored_at"))
        form.addRow("Restored &at", self.restored_at_edit)
        self.clock_label = plain_label()
        self.clock_label.setWordWrap(True)
        self.clock_label.setAccessibleName("Review clock")
        form.addRow("Review clock", self.clock_label)

        form = self.add_group("Scope")
        self.services_edit = LineEdit()
        self.services_edit.setPlaceholderText("Comma-separated, e.g. checkout, payments-api")
        self.services_edit.setAccessibleName("Affected services")
        SplitLineBinding(doc, self.services_edit, ("restoration", "affected_services"))
        form.addRow("Affected &services", self.services_edit)
        self.regions_edit = LineEdit()
        self.regions_edit.setPlaceholderText("Comma-separated, e.g. eu-west-1, us-east-1")
        self.regions_edit.setAccessibleName("Affected regions")
        SplitLineBinding(doc, self.regions_edit, ("restoration", "affected_regions"))
        form.addRow("Affected &regions", self.regions_edit)
        self.customers_edit = LineEdit()
        self.customers_edit.setPlaceholderText("Who was affected, and how many")
        self.customers_edit.setAccessibleName("Affected customers")
        LineBinding(doc, self.customers_edit, ("restoration", "affected_customers"))
        form.addRow("Affected &customers", self.customers_edit)

        times = self.add_group("Key times")
        self.time_edits: dict[str, OptionalDateTimeEdit] = {}
        moments = {attr: moment for moment, attr in MOMENT_FIELDS.items()}
        for attr, label in KEY_TIMES:
            edit = OptionalDateTimeEdit()
            edit.setAccessibleName(f"{label} at")
            moment = moments[attr]
            edit.check.setToolTip(KEY_TIME_TIP.format(moment=moment.label))
            edit.starting_value = (
                lambda m=moment: key_time_start(doc.pm, m) if doc.is_loaded else None
            )
            DateTimeBinding(doc, edit, ("times", attr))
            self.time_edits[attr] = edit
            times.addRow(label, edit)

        figures = self.add_group("Derived figures")
        self.figure_labels: dict[str, QLabel] = {}
        for key, label in (
            ("duration", "Duration"),
            ("time_to_detect", "Time to detect"),
            ("time_to_acknowledge", "Time to acknowledge"),
            ("time_to_mitigate", "Time to mitigate"),
            ("time_to_resolve", "Time to resolve"),
        ):
            value = plain_label("—")
            value.setAccessibleName(label)
            self.figure_labels[key] = value
            figures.addRow(label, value)
        self.figures_note = plain_label(
            "A key time left unset here is taken from the timeline event marked as that key moment "
            "(Findings and timeline ▸ Timeline ▸ Mark as). Spans need a start before their end."
        )
        self.figures_note.setWordWrap(True)
        mute(self.figures_note)
        figures.addRow("", self.figures_note)
        self.body_layout.addStretch(1)
        self.align_labels()

        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._update_derived)
        doc.loaded.connect(self._on_loaded)
        doc.field_changed.connect(self._on_field_changed)
        doc.list_changed.connect(self._on_list_changed)
        doc.rows_moved.connect(self._on_rows_moved)
        doc.list_reordered.connect(self._on_list_reordered)

    def showEvent(self, event: object) -> None:  # noqa: N802
        self._clock.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self._clock.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def _on_loaded(self) -> None:
        self._show_zone()
        self._update_derived()

    def _on_field_changed(self, path: tuple) -> None:
        if path == ("time_zone",):
            self._show_zone()
        if affects_figures(path) or path == ("time_zone",):
            self._update_derived()

    def _on_list_changed(self, path: tuple, op: str, *_: int) -> None:
        if path == ("timeline",) and (op != "move" or self._order_matters()):
            self._update_derived()

    def _on_rows_moved(self, path: tuple, *_: int) -> None:
        if path == ("timeline",) and self._order_matters():
            self._update_derived()

    def _on_list_reordered(self, path: tuple) -> None:
        if path == ("timeline",) and self._order_matters():
            self._update_derived()

    def _order_matters(self) -> bool:
        """Whether moving events can change a figure: some key moment is marked on two events.

        A figure takes the first marked event, so only then does the order count; this scan
        is far cheaper than recomputing the figures on every drag of a long timeline.
        """
        marks = [moment for moment in map(_KEY_MOMENT, self.doc.pm.timeline) if moment is not None]
        return len(set(marks)) != len(marks)

    def _show_zone(self) -> None:
        if not self.doc.is_loaded:
            return
        name = self.doc.pm.time_zone
        if self.zone_box.currentText() != name:
            self.zone_box.blockSignals(True)
            index = self.zone_box.findText(name)
            if index >= 0:
                self.zone_box.setCurrentIndex(index)
            self.zone_box.setEditText(name)
            self.zone_box.blockSignals(False)
        self.zone_status.setText(self._zone_note(name))

    @staticmethod
    def _zone_note(name: str) -> str:
        """For a fixed offset (``Etc/GMT+8``, whose POSIX sign is inverted): what it means."""
        label = zone_label(name)
        return f"{label}, a fixed offset (no daylight saving)" if label != name else ""

    def _zone_typed(self, text: str) -> None:
        if not self.doc.is_loaded:
            return
        try:
            name = check_zone(text)
        except ValueError:
            self.zone_status.setText("Not a known time zone: the previous one stays in use")
            return
        self.zone_status.setText(self._zone_note(name))
        if name != self.doc.pm.time_zone:
            self.doc.edit(("time_zone",), name)

    def _update_derived(self) -> None:
        if not self.doc.is_loaded:
            return
        pm = self.doc.pm
        for moment, attr in MOMENT_FIELDS.items():
            self.time_edits[attr].set_unset_text(derived_text(key_time(pm, moment), pm.time_zone, moment))
        self.restored_at_edit.set_unset_text(derived_text(restoration_time(pm), pm.time_zone))
        metrics = incident_metrics(pm)
        for key, label in self.figure_labels.items():
            label.setText(format_span(getattr(metrics, key)))
        self.clock_label.setText(review_clock_text(pm, datetime.now(timezone.utc)))
