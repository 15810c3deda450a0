"""Reading a date or a wall-clock time as the user typed it into a field, with a plain message
for what cannot be: ``2024-02-30`` ("There is no 30 February.") or ``25:61`` ("the hour must
be 0 to 23"). Pure: no Qt. The field keeps its previous value when this raises.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop_app.domain.action_checks import build_date

_DATE = r"(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})"
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2}))?"
DATETIME = re.compile(rf"^{_DATE}(?:[ T]+{_TIME})?$")
DATE = re.compile(rf"^{_DATE}$")
TYPING = re.compile(r"^[0-9 :\-/.T]*$")
"""Characters a date or time is typed with: anything else is refused as it is typed."""


def check_clock(hour: int, minute: int, second: int = 0) -> None:
    """``ValueError`` naming the part out of range: ``There is no time 25:61: the hour must be 0 to 23.``"""
    shown = f"{hour:02d}:{minute:02d}"
    if not 0 <= hour <= 23:
        raise ValueError(f"There is no time {shown}: the hour must be 0 to 23.")
    if not 0 <= minute <= 59:
        raise ValueError(f"There is no time {shown}: the minute must be 0 to 59.")
    if not 0 <= second <= 59:
        raise ValueError(f"There is no time {shown}:{second:02d}: the second must be 0 to 59.")


def parse_typed_datetime(text: str) -> datetime:
    """A naive wall-clock ``datetime`` from ``2024-03-14 09:05`` (or ``/``, ``.``, ``T``; seconds
    optional; a date alone is midnight). ``ValueError`` with a message for anything else."""
    value = " ".join(text.split())
    m = DATETIME.match(value)
    if m is None:
        raise ValueError(f"“{value}” is not a date and time. Type it like 2024-03-14 09:05.")
    day = build_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    hour, minute, second = (int(m[g]) if m[g] else 0 for g in ("h", "mi", "s"))
    check_clock(hour, minute, second)
    return datetime(day.year, day.month, day.day, hour, minute, second)


def parse_typed_date(text: str) -> date:
    """A ``date`` from ``2024-03-14`` (or ``/``, ``.``); ``ValueError`` with a message otherwise."""
    value = " ".join(text.split())
    m = DATE.match(value)
    if m is None:
        raise ValueError(f"“{value}” is not a date. Type it like 2024-03-14.")
    return build_date(int(m["y"]), int(m["mo"]), int(m["d"]))
