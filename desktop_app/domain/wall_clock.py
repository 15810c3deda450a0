"""Wall-clock times in an IANA zone: normal, in a DST gap (never shown) or an overlap (shown twice).

A typed time such as ``2021-03-14 02:30`` in ``America/Los_Angeles`` does not exist (the
clocks jumped from 02:00 to 03:00), and ``2021-11-07 01:30`` happens twice (first in PDT,
then again in PST). ``resolve_wall_time`` says which case a wall time is and gives the
aware instants it could mean, so the caller can ask instead of shifting silently.

Every candidate instant carries a fixed UTC offset (``datetime.timezone``), so the chosen
offset is stored as chosen (a ``ZoneInfo`` time compares equal across ``fold``).
Pure: no Qt, only ``zoneinfo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from desktop_app.domain.zones import zone as zone_info

MINUS = "\u2212"


class WallKind(StrEnum):
    """What a wall-clock time is in its zone."""

    NORMAL = "normal"
    GAP = "gap"
    OVERLAP = "overlap"


@dataclass(frozen=True)
class WallTime:
    """A naive wall-clock time read in ``zone``, and the instants it can mean.

    Attributes:
        naive: the wall time as typed.
        zone: the IANA name it was read in.
        kind: normal, gap or overlap.
        candidates: aware instants with fixed offsets. Normal: one. Overlap: the first
            occurrence (``fold=0``, the offset before the change) then the second
            (``fold=1``). Gap: the time moved forward across the jump (read with the offset
            before it, e.g. ``03:30 PDT``), then moved back (read with the offset after it,
            e.g. ``01:30 PST``).
        jump_from, jump_to: for a gap or overlap, the wall clock just before and just after
            the change (``02:00`` → ``03:00`` in spring, ``02:00`` → ``01:00`` in autumn).
    """

    naive: datetime
    zone: str
    kind: WallKind
    candidates: tuple[datetime, ...]
    jump_from: datetime | None = None
    jump_to: datetime | None = None

    @property
    def is_normal(self) -> bool:
        return self.kind is WallKind.NORMAL

    @property
    def instant(self) -> datetime:
        """The one instant of a normal time (for a gap or overlap: the first candidate)."""
        return self.candidates[0]


def _fixed(naive: datetime, offset: timedelta) -> datetime:
    return naive.replace(tzinfo=timezone(offset), fold=0)


def _transition(after_utc: datetime, before_utc: datetime, zone: str) -> datetime:
    """The first instant (to the second) in ``(before_utc, after_utc]`` whose offset is the later one."""
    tz = zone_info(zone)
    late = after_utc.astimezone(tz).utcoffset()
    low, high = before_utc, after_utc  # offset(low) != late, offset(high) == late
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            break
        if middle.astimezone(tz).utcoffset() == late:
            high = middle
        else:
            low = middle
    return high


def resolve_wall_time(naive: datetime, zone: str) -> WallTime:
    """Whether ``naive`` (a wall time in the IANA ``zone``) is normal, in a gap or in an overlap.

    Raises ``ValueError`` for an aware ``naive`` or an unknown zone.
    """
    if naive.tzinfo is not None:
        raise ValueError("resolve_wall_time takes a naive wall-clock time")
    tz = zone_info(zone)
    naive = naive.replace(fold=0)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    offset_first = first.utcoffset()
    offset_second = second.utcoffset()
    assert offset_first is not None and offset_second is not None
    try:
        round_trip = first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    except OverflowError:  # within a day of year 1 or 9999: no DST there, take it as it reads
        return WallTime(naive, zone, WallKind.NORMAL, (_fixed(naive, offset_first),))
    if round_trip != naive:  # a gap: fold=0 reads it with the offset before the jump
        forward = _fixed(naive, offset_first).astimezone(timezone(offset_second))
        back = _fixed(naive, offset_second).astimezone(timezone(offset_first))
        change = _transition(forward.astimezone(timezone.utc), back.astimezone(timezone.utc), zone)
        return WallTime(
            naive, zone, WallKind.GAP, (forward, back),
            jump_from=(change + offset_first).replace(tzinfo=None),
            jump_to=(change + offset_second).replace(tzinfo=None),
        )
    if offset_first != offset_second:  # an overlap: the same wall time twice
        early = _fixed(naive, offset_first)
        late = _fixed(naive, offset_second)
        change = _transition(late.astimezone(timezone.utc), early.astimezone(timezone.utc), zone)
        return WallTime(
            naive, zone, WallKind.OVERLAP, (early, late),
            jump_from=(change + offset_first).replace(tzinfo=None),
            jump_to=(change + offset_second).replace(tzinfo=None),
        )
    return WallTime(naive, zone, WallKind.NORMAL, (_fixed(naive, offset_first),))


def offset_text(offset: timedelta | None) -> str:
    """``UTC−7``, ``UTC+5:30``, ``UTC`` for an offset (a real minus sign)."""
    if offset is None or not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def abbreviation(moment: datetime, zone: str) -> str:
    """The zone's short name at ``moment`` (``PDT``, ``CET``, ``UTC``), else its offset text.

    Zones without a letter abbreviation (tzdata writes ``+03``) get ``UTC+3``.
    """
    local = moment.astimezone(zone_info(zone))
    name = local.tzname() or ""
    if name and name[0].isalpha():
        return name
    return offset_text(local.utcoffset())


def describe(moment: datetime, zone: str, fmt: str = "%H:%M") -> str:
    """``01:30 PDT (UTC−7)``: ``moment`` as a wall time in ``zone``, with abbreviation and offset."""
    local = moment.astimezone(zone_info(zone))
    name = abbreviation(moment, zone)
    offset = offset_text(local.utcoffset())
    return f"{local.strftime(fmt)} {name}" if name == offset else f"{local.strftime(fmt)} {name} ({offset})"
