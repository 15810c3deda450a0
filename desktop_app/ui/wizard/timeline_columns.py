"""How timeline times show and parse in the table: wall-clock text in the postmortem's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.domain.models import Postmortem, TimelineEvent, TimePrecision
from desktop_app.domain.zones import to_zone, zone

_FORMATS = (
    ("%Y-%m-%d %H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%dT%H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%d %H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%dT%H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%d", TimePrecision.DAY),
)
_CLOCK_FORMATS = (("%H:%M:%S", TimePrecision.SECOND), ("%H:%M", TimePrecision.MINUTE))


def event_time_text(pm: Postmortem, event: TimelineEvent) -> str:
    """The event's time in the postmortem's zone (or its raw text when it has no instant)."""
    if event.occurred_at is None:
        return event.raw_time
    local = to_zone(event.occurred_at, pm.time_zone)
    if event.precision is TimePrecision.DAY:
        text = local.strftime("%Y-%m-%d")
    elif event.precision is TimePrecision.SECOND:
        text = local.strftime("%Y-%m-%d %H:%M:%S")
    else:
        text = local.strftime("%Y-%m-%d %H:%M")
    return f"~{text}" if event.approximate else text


def parse_event_time(pm: Postmortem, text: str) -> list[tuple[str, Any]]:
    """Changes to an event for typed ``text``: an instant in the postmortem's zone, else raw text.

    ``HH:MM`` alone uses the incident date when there is one. ``~`` in front marks it approximate.
    """
    text = text.strip()
    approximate = text.startswith("~")
    body = text.lstrip("~").strip()
    tz = zone(pm.time_zone)
    for fmt, precision in _FORMATS:
        try:
            naive = datetime.strptime(body, fmt)
        except ValueError:
            continue
        return _changes(naive.replace(tzinfo=tz), precision, approximate, "")
    if pm.incident_date is not None:
        for fmt, precision in _CLOCK_FORMATS:
            try:
                clock = datetime.strptime(body, fmt).time()
            except ValueError:
                continue
            return _changes(datetime.combine(pm.incident_date, clock, tzinfo=tz), precision, approximate, "")
    return _changes(None, TimePrecision.MINUTE, False, text)


def _changes(
    when: datetime | None, precision: TimePrecision, approximate: bool, raw: str
) -> list[tuple[str, Any]]:
    return [("occurred_at", when), ("precision", precision), ("approximate", approximate), ("raw_time", raw)]
