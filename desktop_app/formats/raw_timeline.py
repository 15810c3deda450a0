"""Timeline candidates from raw material: a Slack export, chat lines, a CSV, a log, stamped text.

``parse_raw`` tells the format from the text, reads every event it holds as a
``Candidate`` (an unreadable time is kept, with the reason, never dropped) and
reports the format and how many lines only continued a message or were blank.
``replace_names`` / ``default_roles`` make the candidates blameless (names to roles),
``to_events`` turns accepted candidates into ``TimelineEvent``s, and ``merge_rows``
says where each new event goes among existing ones so the timeline stays in time order.

Formats (the value of ``RawParse.format``):

* ``slack-json`` — one file of a Slack channel export (a list of messages with ``ts``);
* ``csv`` — a header with a time-like column and a text column (actor optional);
* ``log`` — ISO 8601 log lines (``2024-05-01T14:03:22.123Z INFO …``) or syslog
  (``May  1 14:03:22 host app[123]: …``, the year taken from the default date);
* ``chat`` — ``[14:03] name: message``, ``2024-05-01 14:03:22 name: message``,
  ``14:03 <name> message``, ``[2024-05-01 14:03] name: message``;
* ``text`` — anything else whose lines start with a readable stamp.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from desktop_app.domain.models import EventKind, TimelineEvent
from desktop_app.domain.zones import zone as zone_named
from desktop_app.formats.raw_candidate import Cancelled, Candidate, Progress, StampResolver
from desktop_app.formats.raw_csv import csv_layout, read_csv
from desktop_app.formats.raw_lines import read_lines
from desktop_app.formats.raw_slack import read_slack, slack_messages

__all__ = [
    "Cancelled",
    "Candidate",
    "RawParse",
    "default_roles",
    "event_kind",
    "merge_rows",
    "parse_raw",
    "replace_names",
    "sorted_new_order",
    "to_events",
]

FORMAT_LABELS = {
    "slack-json": "Slack export",
    "chat": "chat transcript",
    "csv": "CSV",
    "log": "log",
    "text": "time-stamped text",
}


@dataclass
class RawParse:
    """What ``parse_raw`` read.

    Attributes:
        candidates: the events, in source order.
        format: ``"slack-json"``, ``"chat"``, ``"csv"``, ``"log"`` or ``"text"``.
        skipped: lines with no time (joined to the previous candidate as continuation) or blank.
    """

    candidates: list[Candidate]
    format: str
    skipped: int = 0

    @property
    def unreadable(self) -> int:
        """How many candidates have no instant."""
        return sum(1 for c in self.candidates if c.occurred_at is None)


def parse_raw(
    text: str,
    *,
    source: str,
    zone: str,
    default_date: date | None,
    progress: Progress | None = None,
) -> RawParse:
    """Read timeline candidates out of pasted or imported raw material.

    Args:
        text: the raw material (a leading UTF-8 byte order mark is ignored).
        source: the name every candidate carries (a file or channel name).
        zone: IANA name of the zone for times written without one.
        default_date: the date for times written without one (and the year of syslog stamps).
        progress: called as ``progress(done, total)`` now and then; returning ``False`` cancels.

    Raises:
        Cancelled: ``progress`` returned ``False``.
        ValueError: ``zone`` is not a known time zone.
    """
    tz = zone_named(zone)
    text = text.removeprefix("\ufeff")
    messages = slack_messages(text)
    if messages is not None:
        candidates, skipped = read_slack(messages, source=source, progress=progress)
        return RawParse(candidates, "slack-json", skipped)
    resolver = StampResolver(tz, default_date)
    layout = csv_layout(text)
    if layout is not None:
        try:
            candidates, skipped = read_csv(text, layout, resolver, source=source, progress=progress)
        except csv.Error:  # not readable as CSV after all (an unclosed quote runs past the size limit)
            pass
        else:
            return RawParse(candidates, "csv", skipped)
    candidates, fmt, skipped = read_lines(text, resolver, source=source, progress=progress)
    return RawParse(candidates, fmt, skipped)


# --------------------------------------------------------------------------- blameless names


def default_roles(candidates: Iterable[Candidate], *, role: str = "Responder") -> dict[str, str]:
    """Each actor name -> ``"Responder N"``, numbered in order of first appearance."""
    mapping: dict[str, str] = {}
    for candidate in candidates:
        name = candidate.actor.strip()
        if name and name not in mapping:
            mapping[name] = f"{role} {len(mapping) + 1}"
    return mapping


def replace_names(candidates: Iterable[Candidate], mapping: dict[str, str]) -> list[Candidate]:
    """Copies of ``candidates`` with actors, and the same names as whole words in the text, replaced.

    Names in the text match case-insensitively and as whole words (``alice`` in
    ``@alice`` or ``alice's`` is replaced; in ``malice`` it is not). Longer names win
    over shorter ones they contain (``Alice Smith`` before ``Alice``).
    """
    names = sorted((n for n in mapping if n.strip()), key=len, reverse=True)
    if not names:
        return [replace(c) for c in candidates]
    lowered = {n.lower(): mapping[n] for n in reversed(names)}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)

    def sub(text: str) -> str:
        return pattern.sub(lambda m: lowered.get(m.group(0).lower(), m.group(0)), text)

    out = []
    for c in candidates:
        actor = mapping.get(c.actor.strip(), sub(c.actor)) if c.actor else c.actor
        out.append(replace(c, actor=actor, text=sub(c.text)))
    return out


# --------------------------------------------------------------------------- into the timeline


def event_kind(fmt: str) -> EventKind:
    """The kind given to events read in format ``fmt``: chat is communication, the rest observation."""
    return EventKind.COMMUNICATION if fmt in ("chat", "slack-json") else EventKind.OBSERVATION


def to_events(candidates: Iterable[Candidate], kind: EventKind) -> list[TimelineEvent]:
    """Timeline events for accepted candidates (same order), each carrying its ``source``."""
    return [
        TimelineEvent(
            occurred_at=c.occurred_at,
            precision=c.precision,
            approximate=c.approximate,
            raw_time=c.raw_time,
            kind=kind,
            description=c.text,
            actor=c.actor,
            source=c.source,
        )
        for c in candidates
    ]


def merge_rows(existing: Sequence[datetime | None], new: Sequence[datetime | None]) -> list[int]:
    """Where each new event goes so the timeline stays in time order; rows for inserting in turn.

    The new events are ordered by time (stably; those with no time keep their order and go
    last) and merged into the existing list, which keeps its own order: a new event goes
    before the first existing event that is later than it, and after events at the same
    instant. Existing events with no time never hold new ones back.

    Returns, for the new events in time order, the row each is inserted at when inserted one
    after another in that order: the row is its index in the merged list.
    ``order[i]`` of ``sorted_new_order(new)`` pairs with ``rows[i]``.
    """
    order = sorted_new_order(new)
    rows: list[int] = []
    i = 0
    for placed, j in enumerate(order):
        t = new[j]
        if t is not None:
            while i < len(existing) and (existing[i] is None or existing[i] <= t):  # type: ignore[operator]
                i += 1
        else:
            i = len(existing)
        rows.append(i + placed)
    return rows


def sorted_new_order(new: Sequence[datetime | None]) -> list[int]:
    """Indices of ``new`` in time order (stable; ``None`` last, in their order)."""
    timed = [(t, i) for i, t in enumerate(new) if t is not None]
    timed.sort(key=lambda pair: pair[0])
    return [i for _t, i in timed] + [i for i, t in enumerate(new) if t is None]
