"""Figures derived from a postmortem's data, never typed in twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent


@dataclass(frozen=True)
class IncidentMetrics:
    """Key instants (taken from the key times, else from the timeline) and spans between them."""

    started_at: datetime | None
    detected_at: datetime | None
    acknowledged_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None

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


_KIND_FOR = {
    "detected_at": (EventKind.DETECTION, EventKind.ALERT),
    "acknowledged_at": (EventKind.ACKNOWLEDGEMENT,),
    "mitigated_at": (EventKind.MITIGATION,),
    "resolved_at": (EventKind.RESOLUTION,),
}


def _first_of(events: list[TimelineEvent], kinds: tuple[EventKind, ...]) -> datetime | None:
    times = [e.occurred_at for e in events if e.kind in kinds and e.occurred_at is not None]
    return min(times) if times else None


def incident_metrics(pm: Postmortem) -> IncidentMetrics:
    """Key instants from ``pm.times``; a missing one falls back to the timeline's events."""
    t = pm.times
    timed = [e for e in pm.timeline if e.occurred_at is not None]
    # Without a stated start, the incident starts at its earliest timed event: a "trigger"
    # event can come late in a timeline (a second deploy), so it is no start by itself.
    started = t.started_at
    if started is None and timed:
        started = min(e.occurred_at for e in timed if e.occurred_at is not None)
    resolved = t.resolved_at or _first_of(timed, _KIND_FOR["resolved_at"]) or pm.restoration.restored_at
    return IncidentMetrics(
        started_at=started,
        detected_at=t.detected_at or _first_of(timed, _KIND_FOR["detected_at"]),
        acknowledged_at=t.acknowledged_at or _first_of(timed, _KIND_FOR["acknowledged_at"]),
        mitigated_at=t.mitigated_at or _first_of(timed, _KIND_FOR["mitigated_at"]),
        resolved_at=resolved,
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
