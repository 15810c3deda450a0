"""Time-zone names: validation and conversion of aware instants for display."""

from __future__ import annotations

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
