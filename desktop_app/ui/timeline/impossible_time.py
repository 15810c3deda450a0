"""Whether text typed into a Time cell is a date or clock time that cannot be: ``2024-06-28 25:61``,
``2024-02-31 10:00``, ``25:61``.

Such text is refused (the stored time stays) with ``typed_times``' message. Any other text that
is not a time ("around lunch") is kept as written, as a time that comes in with an import is:
only the typed shape of a date and time with an impossible part is refused. No Qt.
"""

from __future__ import annotations

import re

from desktop_app.domain.typed_times import DATETIME, check_clock, parse_typed_datetime
from desktop_app.ui.wizard.timeline_columns import APPROXIMATE

KEPT = "The previous value is kept."
_ZONE = re.compile(r"\s+[A-Za-z]{2,5}$")
_CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2}))?$")


def impossible_time(text: str) -> str | None:
    """Why typed ``text`` names no real time (``There is no time 25:61: the hour must be 0 to 23.``),
    or None when it is a time or text that is kept as written."""
    body = APPROXIMATE.sub("", " ".join(text.split()))
    body = _ZONE.sub("", body)
    try:
        if DATETIME.match(body):
            parse_typed_datetime(body)
        elif (clock := _CLOCK.match(body)) is not None:
            check_clock(int(clock["h"]), int(clock["mi"]), int(clock["s"] or 0))
    except ValueError as error:
        return str(error)
    return None
