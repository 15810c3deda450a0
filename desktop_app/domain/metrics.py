"""Figures derived from a postmortem's data, never typed in twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from desktop_app.domain.models import KeyMoment, Postmortem, TimelineEvent, TimePrecision
from desktop_app.domain.zones import to_zone


class TimeSource(StrEnum):
    """Where an effective key time comes from."""

    STATED = "stated"
    """Typed in step 1 (``Postmortem.times`` or ``restoration.restored_at``)."""
    TIMELINE = "timeline"
    """The first timed timeline event the author marked as that key moment."""
    RESTORATION = "restoration"
    """The time of restoration, standing in for the Resolved key time."""
    RESOLVED = "resolved"
    """The Resolved key time (stated or marked), standing in for the time of restoration."""


@dataclass(frozen=True)
class KeyTime:
    """An effective key time: the instant (``None`` when unknown), its source and, for a
    timeline mark, the event's id; ``day_only`` when that event gives a date without a time."""

    at: datetime | None
    source: TimeSource | None = None
    event_id: str | None = None
    day_only: bool = False

    @property
    def derived(self) -> bool:
        """Known, but not typed into the field it answers."""
        return self.at is not None and self.source is not TimeSource.STATED


class DaySpan(timedelta):
    """A span with an end known to the day only: ``calendar_days`` whole calendar days apart.

    ``approximate`` when the other end has a clock time (the span is then known to within a day).
    It compares and computes as a plain ``timedelta``; ``format_span`` shows it in days only.
    """

    calendar_days: int
    approximate: bool

    def __new__(cls, span: timedelta, calendar_days: int, *, approximate: bool) -> DaySpan:
        self = super().__new__(cls, span.days, span.seconds, span.microseconds)
        self.calendar_days = calendar_days
        self.approximate = approximate
        return self

    def __reduce__(self) -> tuple[object, ...]:  # copies and pickles (timedelta's own takes 3 numbers)
        return (_day_span, (timedelta(self.days, self.seconds, self.microseconds), self.calendar_days,
                            self.approximate))


def _day_span(span: timedelta, calendar_days: int, approximate: bool) -> DaySpan:
    return DaySpan(span, calendar_days, approximate=approximate)


#: ``IncidentMetrics`` instants that can come from a day-precision timeline event.
INSTANTS = ("started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at",
            "first_event_at", "last_event_at")


@dataclass(frozen=True)
class IncidentMetrics:
    """Key instants as the author stated them, and the spans between them.

    Only stated key times count (``Postmortem.times``, events marked as key moments, and
    the restoration time as the end): event kinds guessed by an importer are no basis
    for figures leadership reads.
    The timeline's own extent is kept apart as ``first_event_at``/``last_event_at``.
    """

    started_at: datetime | None
    detected_at: datetime | None
    acknowledged_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None
    first_event_at: datetime | None = None
    last_event_at: datetime | None = None
    day_only: frozenset[str] = frozenset()
    """The names of the instants (see ``INSTANTS``) known to the day only."""
    zone_name: str = "UTC"
    """The zone whose calendar counts the days of a span with a day-only end."""

    def is_day_only(self, name: str) -> bool:
        """Whether the instant ``name`` (``"started_at"``, ``"last_event_at"`` …) is a date alone."""
        return name in self.day_only

    def _span(self, start_name: str, end_name: str) -> timedelta | None:
        start: datetime | None = getattr(self, start_name)
        end: datetime | None = getattr(self, end_name)
        if start is None or end is None or end < start:
            return None
        start_day, end_day = self.is_day_only(start_name), self.is_day_only(end_name)
        if not (start_day or end_day):
            return end - start
        days = (to_zone(end, self.zone_name).date() - to_zone(start, self.zone_name).date()).days
        return DaySpan(end - start, days, approximate=not (start_day and end_day))

    @property
    def time_to_detect(self) -> timedelta | None:
        return self._span("started_at", "detected_at")

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        return self._span("started_at", "acknowledged_at")

    @property
    def time_to_mitigate(self) -> timedelta | None:
        return self._span("started_at", "mitigated_at")

    @property
    def time_to_resolve(self) -> timedelta | None:
        return self._span("started_at", "resolved_at")

    @property
    def duration(self) -> timedelta | None:
        """Start to resolution (or to mitigation when not yet resolved)."""
        return self._span("started_at", "resolved_at" if self.resolved_at is not None else "mitigated_at")

    @property
    def timeline_span(self) -> timedelta | None:
        """From the earliest to the latest timed event of the timeline."""
        return self._span("first_event_at", "last_event_at")


#: The ``Postmortem.times`` field that states each key moment.
MOMENT_FIELDS = {
    KeyMoment.START: "started_at",
    KeyMoment.DETECTION: "detected_at",
    KeyMoment.ACKNOWLEDGEMENT: "acknowledged_at",
    KeyMoment.MITIGATION: "mitigated_at",
    KeyMoment.RESOLUTION: "resolved_at",
}


def _marked(pm: Postmortem, moment: KeyMoment) -> KeyTime:
    """The first timed event the author marked as ``moment``."""
    event = next((e for e in pm.timeline if e.key_moment is moment and e.occurred_at is not None), None)
    if event is None:
        return KeyTime(None)
    return KeyTime(event.occurred_at, TimeSource.TIMELINE, event.id, event.precision is TimePrecision.DAY)


def key_time(pm: Postmortem, moment: KeyMoment) -> KeyTime:
    """The effective time of ``moment``: the stated key time, else the first event marked as it.

    For the resolution, the time of restoration comes last.
    """
    stated = getattr(pm.times, MOMENT_FIELDS[moment])
    if stated is not None:
        return KeyTime(stated, TimeSource.STATED)
    marked = _marked(pm, moment)
    if marked.at is None and moment is KeyMoment.RESOLUTION and pm.restoration.restored_at is not None:
        return KeyTime(pm.restoration.restored_at, TimeSource.RESTORATION)
    return marked


def restoration_time(pm: Postmortem) -> KeyTime:
    """When service came back: the stated restoration time, else the Resolved key time (stated,
    else the event marked Resolution). One rule for step 1, the review clock, the coach and exports."""
    if pm.restoration.restored_at is not None:
        return KeyTime(pm.restoration.restored_at, TimeSource.STATED)
    resolved = key_time(pm, KeyMoment.RESOLUTION)
    if resolved.at is None:
        return resolved
    return KeyTime(resolved.at, TimeSource.RESOLVED, resolved.event_id, resolved.day_only)


def service_restored(pm: Postmortem) -> bool:
    """The box "fully restored" is ticked, or a time of restoration is known (a resolution
    stated or marked on the timeline says the service came back)."""
    return pm.restoration.restored or restoration_time(pm).at is not None


def incident_metrics(pm: Postmortem) -> IncidentMetrics:
    """Key instants the author stated: ``pm.times``, else events marked as key moments.

    The restoration time stands in for the resolution; the timeline's extent is kept apart.
    """
    keys = {name: key_time(pm, moment) for moment, name in MOMENT_FIELDS.items()}
    timed = [e for e in pm.timeline if e.occurred_at is not None]
    first, last = _extreme(timed, min), _extreme(timed, max)
    day_only = {name for name, key in keys.items() if key.day_only}
    day_only |= {name for name, event in (("first_event_at", first), ("last_event_at", last))
                 if event is not None and event.precision is TimePrecision.DAY}
    return IncidentMetrics(
        **{name: key.at for name, key in keys.items()},
        first_event_at=first.occurred_at if first else None,
        last_event_at=last.occurred_at if last else None,
        day_only=frozenset(day_only),
        zone_name=pm.time_zone,
    )


def _extreme(
    events: list[TimelineEvent], pick: Callable[[Iterable[datetime]], datetime]
) -> TimelineEvent | None:
    """The earliest (``min``) or latest (``max``) event; at a tie, one with a clock time if any."""
    if not events:
        return None
    instant = pick(e.occurred_at for e in events if e.occurred_at is not None)
    tied = [e for e in events if e.occurred_at == instant]
    return next((e for e in tied if e.precision is not TimePrecision.DAY), tied[0])


def format_span(span: timedelta | None) -> str:
    """A short human duration: ``45 min``, ``2 h 05 min``, ``3 d 4 h``; ``—`` when unknown.

    A ``DaySpan`` is shown in days only (``451 days``, ``~7 days``, ``same day``): no invented hours.
    """
    if span is None:
        return "—"
    if isinstance(span, DaySpan):
        return format_days(span.calendar_days, approximate=span.approximate)
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def format_days(days: int, *, approximate: bool = False) -> str:
    """Whole calendar days: ``1 day``, ``451 days``, ``same day``; ``~7 days`` when ``approximate``."""
    if days == 0:
        return "same day"
    return f"{'~' if approximate else ''}{days:,} {'day' if days == 1 else 'days'}"
