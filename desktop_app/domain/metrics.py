"""Figures derived from a postmortem's data, never typed in twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from desktop_app.domain.models import KeyMoment, Postmortem


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
    timeline mark, the event's id."""

    at: datetime | None
    source: TimeSource | None = None
    event_id: str | None = None

    @property
    def derived(self) -> bool:
        """Known, but not typed into the field it answers."""
        return self.at is not None and self.source is not TimeSource.STATED


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

    @staticmethod
    def _span(start: datetime | None, end: datetime | None) -> timedelta | None:
        if start is None or end is None or end < start:
            return None
        return end - start

    @property
    def time_to_detect(self) -> timedelta | None:
        return self._span(self.started_at, self.detected_at)

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        return self._span(self.started_at, self.acknowledged_at)

    @property
    def time_to_mitigate(self) -> timedelta | None:
        return self._span(self.started_at, self.mitigated_at)

    @property
    def time_to_resolve(self) -> timedelta | None:
        return self._span(self.started_at, self.resolved_at)

    @property
    def duration(self) -> timedelta | None:
        """Start to resolution (or to mitigation when not yet resolved)."""
        return self._span(self.started_at, self.resolved_at or self.mitigated_at)

    @property
    def timeline_span(self) -> timedelta | None:
        """From the earliest to the latest timed event of the timeline."""
        return self._span(self.first_event_at, self.last_event_at)


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
    return KeyTime(event.occurred_at, TimeSource.TIMELINE, event.id)


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
    return KeyTime(resolved.at, TimeSource.RESOLVED, resolved.event_id)


def service_restored(pm: Postmortem) -> bool:
    """The box "fully restored" is ticked, or a time of restoration is known (a resolution
    stated or marked on the timeline says the service came back)."""
    return pm.restoration.restored or restoration_time(pm).at is not None


def incident_metrics(pm: Postmortem) -> IncidentMetrics:
    """Key instants the author stated: ``pm.times``, else events marked as key moments.

    The restoration time stands in for the resolution; the timeline's extent is kept apart.
    """
    times = [e.occurred_at for e in pm.timeline if e.occurred_at is not None]
    return IncidentMetrics(
        started_at=key_time(pm, KeyMoment.START).at,
        detected_at=key_time(pm, KeyMoment.DETECTION).at,
        acknowledged_at=key_time(pm, KeyMoment.ACKNOWLEDGEMENT).at,
        mitigated_at=key_time(pm, KeyMoment.MITIGATION).at,
        resolved_at=key_time(pm, KeyMoment.RESOLUTION).at,
        first_event_at=min(times) if times else None,
        last_event_at=max(times) if times else None,
    )


def format_span(span: timedelta | None) -> str:
    """A short human duration: ``45 min``, ``2 h 05 min``, ``3 d 4 h``; ``—`` when unknown."""
    if span is None:
        return "—"
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"
