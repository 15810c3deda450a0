"""Timeline candidates read from raw material, and how their stamps become instants.

A ``Candidate`` is one event pulled out of a chat export, a CSV or a log: its time
(aware, or ``None`` with ``problem`` saying why), the time as written, who and what.
``StampResolver`` turns the ``Stamp``s that ``timestamps.parse_leading_stamp`` finds
into instants, with the rules for raw material: a time with no zone takes the chosen
zone, a time with no date takes the date in effect (the last written date, else the
default date) and rolls past midnight when times go back by more than six hours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from desktop_app.domain.models import TimePrecision
from desktop_app.formats.timestamps import Stamp, to_datetime, zone_for_label

#: Times going back by more than this on an inherited date mean the next day.
ROLLOVER = timedelta(hours=6)

Progress = Callable[[int, int], bool]


class Cancelled(Exception):
    """Reading was cancelled through the progress callback."""


@dataclass
class Candidate:
    """One timeline event read from raw material, before the user accepts it.

    Attributes:
        line: 1-based line (or message number for a JSON export) where it starts.
        occurred_at: the instant (aware), or ``None`` when the time could not be read.
        raw_time: the time as the source wrote it.
        precision: how much of the time the source gave.
        actor: who (a chat name, a program), or ``""``.
        text: what happened; continuation lines are joined with ``\\n``.
        source: where it came from (the file or channel name the user gave).
        problem: why the time could not be read, ``""`` when it could.
        approximate: written as approximate (``~14:00``, ``around 2pm``).
    """

    line: int
    occurred_at: datetime | None
    raw_time: str
    precision: TimePrecision
    actor: str
    text: str
    source: str
    problem: str = ""
    approximate: bool = False


class Ticker:
    """Calls ``progress(done, total)`` every ``every`` steps; raises ``Cancelled`` when it says stop."""

    def __init__(self, progress: Progress | None, total: int, every: int = 500) -> None:
        self.progress, self.total, self.every = progress, total, every

    def tick(self, done: int) -> None:
        if self.progress is not None and done % self.every == 0:
            self.check(done)

    def check(self, done: int) -> None:
        if self.progress is not None and self.progress(done, self.total) is False:
            raise Cancelled()


@dataclass
class Resolved:
    """What ``StampResolver`` made of one stamp."""

    occurred_at: datetime | None
    precision: TimePrecision
    problem: str = ""
    approximate: bool = False


class StampResolver:
    """Turns stamps into instants in document order, remembering the date in effect.

    Args:
        zone: the zone of times written without one.
        default_date: the date of times written without one (until a line gives a date).
    """

    def __init__(self, zone: tzinfo, default_date: date | None) -> None:
        self.zone = zone
        self.default_date = default_date
        self.day: date | None = default_date
        self.clock: time | None = None
        self.month: int | None = None
        self.year_shift = 0

    def enter_day(self, stamp: Stamp) -> None:
        """A line that is only a date (a day header): times below it fall on that day."""
        if self.resolve(stamp).occurred_at is not None:
            self.clock = None  # the first time of the new day never rolls over

    def resolve(self, stamp: Stamp, *, zone: tzinfo | None = None) -> Resolved:
        """The instant of ``stamp``; ``zone`` (a column's zone) beats the default zone."""
        if stamp.invalid:
            return Resolved(None, TimePrecision.MINUTE, _reason(stamp.invalid))
        if stamp.month_day is not None and not stamp.year_given:
            if self.default_date is None:
                return Resolved(
                    None, TimePrecision.MINUTE, "The date has no year, and no date was given to take it from"
                )
            if self.month is not None and stamp.month_day[0] < self.month - 6:
                self.year_shift += 1  # December -> January
            self.month = stamp.month_day[0]
            stamp = stamp.with_year(self.default_date.year + self.year_shift)
            if stamp.invalid:
                return Resolved(None, TimePrecision.MINUTE, _reason(stamp.invalid))
        label = zone_for_label(stamp.zone) if stamp.zone else None
        tz = label or zone or self.zone
        if stamp.day is not None:
            day = stamp.day
        else:
            day = self.day
            if day is None:
                return Resolved(
                    None, TimePrecision.MINUTE, "A time with no date, and no date was given for such times"
                )
            if (
                stamp.clock is not None
                and self.clock is not None
                and (datetime.combine(day, self.clock) - datetime.combine(day, stamp.clock) > ROLLOVER)
            ):
                if day == date.max:
                    return Resolved(
                        None, TimePrecision.MINUTE, "A time past midnight after 9999-12-31, the last day there is"
                    )
                day = day + timedelta(days=1)
        self.day = day
        if stamp.clock is not None:
            self.clock = stamp.clock
        if stamp.clock is None:
            precision = TimePrecision.DAY
        elif stamp.seconds:
            precision = TimePrecision.SECOND
        else:
            precision = TimePrecision.MINUTE
        return Resolved(to_datetime(day, stamp.clock, tz), precision, "", stamp.approximate)


_EPOCH = re.compile(r"^(?P<s>\d{10})(?:\.(?P<f>\d{1,6}))?$|^(?P<ms>\d{13})$")


def epoch_instant(text: str) -> datetime | None:
    """A Unix time (``1714572202``, ``1714572202.000200``, or 13-digit milliseconds) in UTC."""
    m = _EPOCH.match(text.strip())
    if m is None:
        return None
    if m.group("ms"):
        return datetime.fromtimestamp(int(m.group("ms")) / 1000, tz=timezone.utc)
    seconds = datetime.fromtimestamp(int(m.group("s")), tz=timezone.utc)
    fraction = m.group("f") or ""
    return seconds + timedelta(microseconds=int(fraction.ljust(6, "0"))) if fraction else seconds


def _reason(invalid: str) -> str:
    return invalid[:1].upper() + invalid[1:]


def unreadable(raw: str) -> str:
    """The problem text for a time that is not a stamp at all."""
    return f"'{raw}' is not a time Hindsight can read"
