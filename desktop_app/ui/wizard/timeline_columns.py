"""How timeline times show and parse in the table: wall-clock text in a display zone.

The display zone is the postmortem's ``time_zone`` unless a caller passes another one (the
timeline editor's zone switch). A typed wall time that falls in a DST gap or overlap is not
resolved here: ``ParsedTime.needs_choice`` says so and ``ParsedTime.wall`` holds the
candidate instants, so the editor can ask the user which one is meant.
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from desktop_app.domain.models import Postmortem, TimelineEvent, TimePrecision
from desktop_app.domain.wall_clock import WallKind, WallTime, abbreviation, resolve_wall_time
from desktop_app.domain.zones import to_zone

_FORMATS = (
    ("%Y-%m-%d %H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%dT%H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%d %H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%dT%H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%d", TimePrecision.DAY),
)
_CLOCK_FORMATS = (("%H:%M:%S", TimePrecision.SECOND), ("%H:%M", TimePrecision.MINUTE))


@dataclass(frozen=True)
class ParsedTime:
    """What a typed time means: an instant, or text kept as written.

    Iterating gives the ``(attribute, value)`` changes for the event, so ``dict(parsed)``
    works as the plain list of changes did.

    Attributes:
        occurred_at: the instant (fixed UTC offset); for a gap or overlap the first candidate.
        precision, approximate, raw_time: as on ``TimelineEvent``.
        wall: the wall time read from the text, with its kind and candidates (None for text).
    """

    occurred_at: datetime | None
    precision: TimePrecision = TimePrecision.MINUTE
    approximate: bool = False
    raw_time: str = ""
    wall: WallTime | None = None

    @property
    def needs_choice(self) -> bool:
        """True for a clock time in a DST gap (never shown) or overlap (shown twice)."""
        return self.wall is not None and self.wall.kind is not WallKind.NORMAL

    @property
    def is_gap(self) -> bool:
        return self.wall is not None and self.wall.kind is WallKind.GAP

    @property
    def is_overlap(self) -> bool:
        return self.wall is not None and self.wall.kind is WallKind.OVERLAP

    @property
    def unreadable(self) -> bool:
        """Text that is not a time (kept as written); empty text is simply 'no time'."""
        return self.occurred_at is None and bool(self.raw_time.strip())

    def choose(self, instant: datetime) -> ParsedTime:
        """This parse with one of ``wall.candidates`` chosen as the instant."""
        if self.wall is None or instant not in self.wall.candidates:
            raise ValueError("choose one of the candidate instants")
        chosen = next(c for c in self.wall.candidates if c == instant and c.utcoffset() == instant.utcoffset())
        return replace(self, occurred_at=chosen, wall=replace(self.wall, kind=WallKind.NORMAL, candidates=(chosen,)))

    def changes(self) -> list[tuple[str, Any]]:
        return [
            ("occurred_at", self.occurred_at),
            ("precision", self.precision),
            ("approximate", self.approximate),
            ("raw_time", self.raw_time),
        ]

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.changes())


#: Words in front of a typed time that make it approximate: "~14:05", "around 14:05", "approx. 14:05".
APPROXIMATE = re.compile(r"^\s*(?:~|≈|about\b|around\b|approx(?:\.|imately\b)|ca\.|circa\b)\s*", re.I)

def _twice(local: datetime) -> bool:
    """Whether a local time (from ``astimezone``) is a wall time that happens twice."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def event_time_text(pm: Postmortem, event: TimelineEvent, zone_name: str | None = None) -> str:
    """The event's time in ``zone_name`` (default: the postmortem's zone), or its raw text.

    A date without a clock time shows as the date it was given (in its stored offset).

    A wall time that happens twice in that zone (a DST overlap) carries its abbreviation,
    ``2021-11-07 01:30 PST``, so the two are told apart.
    """
    if event.occurred_at is None:
        return event.raw_time
    name = zone_name or pm.time_zone
    local = to_zone(event.occurred_at, name)
    if event.precision is TimePrecision.DAY:
        text = event.occurred_at.strftime("%Y-%m-%d")  # a date as written: no clock time to convert
    elif event.precision is TimePrecision.SECOND:
        text = local.strftime("%Y-%m-%d %H:%M:%S")
    else:
        text = local.strftime("%Y-%m-%d %H:%M")
    if event.precision is not TimePrecision.DAY and _twice(local):
        text = f"{text} {abbreviation(event.occurred_at, name)}"
    return f"~{text}" if event.approximate else text


def _strip_abbreviation(body: str) -> tuple[str, str]:
    """``2021-11-07 01:30 PST`` → (``2021-11-07 01:30``, ``PST``); other text unchanged."""
    head, _, tail = body.rpartition(" ")
    if head and tail.isalpha() and tail.isupper() and 2 <= len(tail) <= 5:
        return head.strip(), tail
    return body, ""


def _read(body: str, incident_date: date | None) -> tuple[datetime, TimePrecision] | None:
    for fmt, precision in _FORMATS:
        try:
            return datetime.strptime(body, fmt), precision
        except ValueError:
            continue
    if incident_date is not None:
        for fmt, precision in _CLOCK_FORMATS:
            try:
                return datetime.combine(incident_date, datetime.strptime(body, fmt).time()), precision
            except ValueError:
                continue
    return None


def parse_event_time(pm: Postmortem, text: str, zone_name: str | None = None) -> ParsedTime:
    """What typed ``text`` means in ``zone_name`` (default: the postmortem's zone).

    ``HH:MM`` alone uses the incident date when there is one. ``~`` in front marks it
    approximate. A trailing abbreviation that names one of an overlap's two offsets
    (``01:30 PST``) picks that one. Anything else is kept as text (``raw_time``).
    """
    text = text.strip()
    marker = APPROXIMATE.match(text)
    approximate = marker is not None
    body = text[marker.end() :].strip() if marker else text
    name = zone_name or pm.time_zone
    read = _read(body, pm.incident_date)
    named = ""
    if read is None:
        stripped, named = _strip_abbreviation(body)
        read = _read(stripped, pm.incident_date) if named else None
    if read is None:
        return ParsedTime(None, raw_time=text)
    naive, precision = read
    wall = resolve_wall_time(naive, name)
    parsed = ParsedTime(wall.candidates[0], precision, approximate, "", wall)
    if precision is TimePrecision.DAY and not wall.is_normal:
        return parsed.choose(wall.candidates[0])  # a date: which midnight is immaterial
    if named and parsed.is_overlap:
        for candidate in wall.candidates:
            if abbreviation(candidate, name) == named:
                return parsed.choose(candidate)
    return parsed
