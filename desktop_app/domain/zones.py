"""Time-zone names: validation and conversion of aware instants for display."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo:
    """The ``tzinfo`` for an IANA name such as ``Europe/Copenhagen`` or ``UTC``."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "America" is a folder of tzdata
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Europe/Berlin')") from exc


def check_zone(name: str) -> str:
    """Return ``name`` if it is a known IANA zone, else raise ``ValueError``."""
    name = name.strip()
    if not name:
        raise ValueError("time zone is empty")
    zone(name)
    return name


def to_zone(moment: datetime, name: str) -> datetime:
    """``moment`` (aware) expressed in the zone ``name``."""
    return moment.astimezone(zone(name))


_POSIX_OFFSET = re.compile(r"^Etc/GMT(?P<sign>[+-])(?P<hours>\d{1,2})$")
MINUS_SIGN = "\u2212"


def zone_label(name: str) -> str:
    """How a zone name reads to a person: the stored name, except fixed offsets.

    POSIX's ``Etc/GMT+8`` is eight hours *behind* UTC (the sign is inverted), so it shows as
    ``UTC−08:00``; ``Etc/GMT-5`` as ``UTC+05:00``; ``Etc/GMT``/``Etc/UTC`` as ``UTC``. The stored
    value is never changed.
    """
    if name in ("Etc/GMT", "Etc/UTC", "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "Etc/UCT", "Etc/Zulu"):
        return "UTC"
    m = _POSIX_OFFSET.match(name)
    if m is None:
        return name
    hours = int(m["hours"])
    if hours == 0:
        return "UTC"
    sign = MINUS_SIGN if m["sign"] == "+" else "+"
    return f"UTC{sign}{hours:02d}:00"
