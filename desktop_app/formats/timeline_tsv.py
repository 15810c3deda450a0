"""Timeline rows as tab-separated text, to and from a spreadsheet's clipboard.

``rows_to_tsv`` writes a header line (``Time, Kind, Key moment, Description, Actor``) and one
line per event, times as shown in the display zone. A cell holding a tab, a line break or a
``"`` is wrapped in ``"`` with ``""`` for a quote, as Excel and LibreOffice copy and paste.

``tsv_to_events`` reads such text back: the header is optional (recognised by its names, in
any order, ``Time (PDT)`` included); without one the columns are Time, Description, Actor.
A time that cannot be read is kept as written (``raw_time``) and reported in the problems.

How a time is shown and read is passed in (the editor uses the table's own rules); the
defaults here read ISO-like ``YYYY-MM-DD HH:MM[:SS]`` or ``HH:MM`` on the incident date.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from desktop_app.domain.models import EventKind, KeyMoment, Postmortem, TimelineEvent, TimePrecision
from desktop_app.domain.wall_clock import resolve_wall_time
from desktop_app.domain.zones import to_zone
from desktop_app.formats.timestamps import whole_minute_offset

HEADERS = ("Time", "Kind", "Key moment", "Description", "Actor")

TimeText = Callable[[Postmortem, TimelineEvent, str], str]
TimeFields = dict[str, Any]
"""``occurred_at``, ``precision``, ``approximate``, ``raw_time`` for an event."""
ParseTime = Callable[[Postmortem, str, str], TimeFields | None]
"""Reads a time cell; None when the text needs a choice (a DST gap or overlap)."""

_NAMES = {
    "time": "time", "when": "time", "timestamp": "time", "date": "time", "date/time": "time",
    "kind": "kind", "type": "kind",
    "key moment": "key", "key": "key",
    "description": "description", "event": "description", "what": "description",
    "message": "description", "text": "description", "details": "description",
    "actor": "actor", "who": "actor", "role": "actor", "owner": "actor",
    "source": "source",
}
_POSITIONAL = ("time", "description", "actor")


def default_time_text(pm: Postmortem, event: TimelineEvent, zone: str) -> str:
    """The event's time in ``zone`` as ``YYYY-MM-DD HH:MM[:SS]`` (``~`` if approximate), else its raw text."""
    if event.occurred_at is None:
        return event.raw_time
    if event.precision is TimePrecision.DAY:
        text = event.occurred_at.strftime("%Y-%m-%d")
    else:
        fmt = "%Y-%m-%d %H:%M:%S" if event.precision is TimePrecision.SECOND else "%Y-%m-%d %H:%M"
        text = to_zone(event.occurred_at, zone).strftime(fmt)
    return f"~{text}" if event.approximate else text


_FORMATS = (
    ("%Y-%m-%d %H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%dT%H:%M:%S", TimePrecision.SECOND),
    ("%Y-%m-%d %H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%dT%H:%M", TimePrecision.MINUTE),
    ("%Y-%m-%d", TimePrecision.DAY),
)


def default_parse_time(pm: Postmortem, text: str, zone: str) -> TimeFields | None:
    """Read ``text`` as a wall time in ``zone``; unreadable text is kept as ``raw_time``."""
    text = text.strip()
    body = text.lstrip("~").strip()
    read: tuple[datetime, TimePrecision] | None = None
    for fmt, precision in _FORMATS:
        try:
            read = datetime.strptime(body, fmt), precision
            break
        except ValueError:
            continue
    if read is None and pm.incident_date is not None:
        for fmt, precision in (("%H:%M:%S", TimePrecision.SECOND), ("%H:%M", TimePrecision.MINUTE)):
            try:
                read = datetime.combine(pm.incident_date, datetime.strptime(body, fmt).time()), precision
                break
            except ValueError:
                continue
    if read is None:
        return {"occurred_at": None, "raw_time": text}
    try:
        wall = resolve_wall_time(read[0], zone)
    except OverflowError:  # at the very edge of the calendar (year 1 or 9999) the zone cannot apply
        return {"occurred_at": None, "raw_time": text}
    if not wall.is_normal and read[1] is not TimePrecision.DAY:
        return None
    return {"occurred_at": whole_minute_offset(wall.candidates[0]), "precision": read[1],
            "approximate": text.startswith("~"), "raw_time": ""}


def _cell(text: str) -> str:
    if any(c in text for c in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def kind_label(kind: EventKind) -> str:
    return kind.value.capitalize()


def rows_to_tsv(
    pm: Postmortem, events: Iterable[TimelineEvent], zone: str, *, time_text: TimeText = default_time_text
) -> str:
    """The events as tab-separated text with a header line, lines ending in ``\\n``."""
    lines = ["\t".join(HEADERS)]
    for event in events:
        cells = (
            time_text(pm, event, zone),
            kind_label(event.kind),
            "" if event.key_moment is None else event.key_moment.label,
            event.description,
            event.actor,
        )
        lines.append("\t".join(_cell(c) for c in cells))
    return "\n".join(lines) + "\n"


def split_tsv(text: str) -> list[list[str]]:
    """Rows of cells of spreadsheet TSV (quoted cells may hold tabs, line breaks and ``""``).
    Blank lines are left out."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', doublequote=True)
    try:
        rows = [[cell.replace("\r\n", "\n") for cell in row] for row in reader]
    except csv.Error:  # a cell over the csv module's size limit (an unclosed quote): plain lines
        rows = [line.split("\t") for line in text.splitlines()]
    return [row for row in rows if any(cell.strip() for cell in row)]


def _header_name(cell: str) -> str | None:
    name = re.sub(r"\s*\(.*\)\s*$", "", cell).strip().lower()
    return _NAMES.get(name)


def _columns(first: list[str]) -> tuple[dict[str, int], bool]:
    """Which column holds what, and whether ``first`` is a header line."""
    names = [_header_name(cell) for cell in first]
    known = [n for n in names if n is not None]
    if known and ("time" in known or "description" in known) and (len(known) >= 2 or len(first) == 1):
        columns: dict[str, int] = {}
        for i, name in enumerate(names):
            if name is not None and name not in columns:
                columns[name] = i
        return columns, True
    return {name: i for i, name in enumerate(_POSITIONAL)}, False


def _kind(text: str) -> EventKind | None:
    text = text.strip().lower()
    return next((k for k in EventKind if k.value == text), None)


def _moment(text: str) -> KeyMoment | None:
    text = text.strip().lower()
    return next((m for m in KeyMoment if m.value == text or m.label.lower() == text), None)


def tsv_to_events(
    text: str, pm: Postmortem, zone: str, *, parse_time: ParseTime = default_parse_time
) -> tuple[list[TimelineEvent], list[str]]:
    """New events (fresh ids) read from tab-separated text, and the problems met (one line each).

    Nothing is dropped: an unreadable time, an unknown kind or key moment is kept as text
    (the time) or left at its default (kind, key moment) with a problem saying so.
    """
    rows = split_tsv(text)
    if not rows:
        return [], []
    columns, has_header = _columns(rows[0])
    body = rows[1:] if has_header else rows
    first_line = 2 if has_header else 1
    events: list[TimelineEvent] = []
    problems: list[str] = []
    for number, row in enumerate(body, start=first_line):
        def get(name: str, row: list[str] = row) -> str:
            i = columns.get(name)
            return row[i] if i is not None and i < len(row) else ""

        fields: dict[str, Any] = {"description": get("description"), "actor": get("actor").strip()}
        if "source" in columns:
            fields["source"] = get("source").strip()
        time_cell = get("time").strip()
        if time_cell:
            parsed = parse_time(pm, time_cell, zone)
            if parsed is None:
                fields["raw_time"] = time_cell
                problems.append(f"Row {number}: {time_cell} happens twice or never in {zone}: kept as text")
            else:
                fields.update(parsed)
                if parsed.get("occurred_at") is None:
                    problems.append(f"Row {number}: time not understood: {time_cell} (kept as text)")
        kind_cell = get("kind").strip()
        if kind_cell:
            kind = _kind(kind_cell)
            if kind is None:
                problems.append(f"Row {number}: unknown kind {kind_cell}")
            else:
                fields["kind"] = kind
        moment_cell = get("key").strip()
        if moment_cell:
            moment = _moment(moment_cell)
            if moment is None:
                problems.append(f"Row {number}: unknown key moment {moment_cell}")
            else:
                fields["key_moment"] = moment
        events.append(TimelineEvent(**fields))
    return events, problems
