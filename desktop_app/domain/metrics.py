"""Figures derived from a postmortem's data, never typed in twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.domain.models import KeyMoment, Postmortem


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


def _marked(pm: Postmortem, moment: KeyMoment) -> datetime | None:
    """The instant of the first timed event the author marked as ``moment``."""
    return next(
        (e.occurred_at for e in pm.timeline if e.key_moment is moment and e.occurred_at is not None), None
    )


def incident_metrics(pm: Postmortem) -> IncidentMetrics:
    """Key instants the author stated: ``pm.times``, else events marked as key moments.

    The restoration time stands in for the resolution; the timeline's extent is kept apart.
    """
    t = pm.times
    times = [e.occurred_at for e in pm.timeline if e.occurred_at is not None]
    return IncidentMetrics(
        started_at=t.started_at or _marked(pm, KeyMoment.START),
        detected_at=t.detected_at or _marked(pm, KeyMoment.DETECTION),
        acknowledged_at=t.acknowledged_at or _marked(pm, KeyMoment.ACKNOWLEDGEMENT),
        mitigated_at=t.mitigated_at or _marked(pm, KeyMoment.MITIGATION),
        resolved_at=t.resolved_at or _marked(pm, KeyMoment.RESOLUTION) or pm.restoration.restored_at,
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
