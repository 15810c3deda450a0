"""CSV with a header naming a time column and a text column (optionally an actor column).

Header names are matched loosely: ``Time (UTC)``, ``timestamp``, ``When`` for the
time; ``message``, ``Event``, ``description`` for the text; ``user``, ``author``,
``who`` for the actor. A zone in the time column's header (``Time (UTC)``) applies
to every time written without one. Separate ``date`` and ``time`` columns are joined.
Quoted fields (commas, line breaks inside) are read by the ``csv`` module.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import tzinfo

from desktop_app.domain.models import TimePrecision
from desktop_app.formats.raw_candidate import (
    Candidate,
    Progress,
    StampResolver,
    Ticker,
    epoch_instant,
    unreadable,
)
from desktop_app.formats.timestamps import parse_leading_stamp, zone_for_label

_TIME_NAMES = {
    "time",
    "timestamp",
    "time stamp",
    "datetime",
    "date time",
    "date/time",
    "when",
    "date",
    "occurred",
    "occurred at",
    "created",
    "created at",
    "ts",
    "at",
    "start",
    "started",
}
_TEXT_NAMES = {
    "message",
    "messages",
    "event",
    "events",
    "description",
    "text",
    "details",
    "detail",
    "summary",
    "what",
    "what happened",
    "msg",
    "body",
    "content",
    "note",
    "notes",
    "entry",
    "activity",
    "action",
}
_ACTOR_NAMES = {
    "user",
    "author",
    "name",
    "who",
    "actor",
    "by",
    "sender",
    "from",
    "owner",
    "person",
    "username",
    "user name",
    "responder",
    "speaker",
}
_PAREN = re.compile(r"\s*[\[(](?P<inner>[^\])]*)[\])]\s*$")


@dataclass(frozen=True)
class CsvLayout:
    """Which columns hold what, found from the header."""

    delimiter: str
    time: int
    text: int
    actor: int | None
    clock: int | None  # a separate time-of-day column joined to a date column
    zone: tzinfo | None


def _normal(name: str) -> tuple[str, tzinfo | None]:
    text = name.strip().strip('"').strip().lower().replace("_", " ")
    zone = None
    m = _PAREN.search(text)
    if m:
        zone = zone_for_label(m.group("inner"))
        text = text[: m.start()].strip()
    return text, zone


def csv_layout(text: str) -> CsvLayout | None:
    """The layout of ``text`` as a CSV timeline, or ``None`` when its first line is no such header."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best: CsvLayout | None = None
    for delimiter in (",", "\t", ";", "|"):
        if delimiter not in first:
            continue
        try:
            header = next(csv.reader([first], delimiter=delimiter))
        except csv.Error:  # a cell over the csv module's size limit: not a header
            continue
        names = [_normal(h) for h in header]
        times = [i for i, (n, _z) in enumerate(names) if n in _TIME_NAMES]
        texts = [i for i, (n, _z) in enumerate(names) if n in _TEXT_NAMES]
        actors = [i for i, (n, _z) in enumerate(names) if n in _ACTOR_NAMES]
        if not times or not texts:
            continue
        date_col = next((i for i in times if names[i][0] == "date"), None)
        clock_col = next((i for i in times if names[i][0] == "time"), None)
        if date_col is not None and clock_col is not None:
            time_col, clock = date_col, clock_col
        else:
            time_col, clock = times[0], None
        zone = names[time_col][1] or (names[clock][1] if clock is not None else None)
        best = CsvLayout(delimiter, time_col, texts[0], actors[0] if actors else None, clock, zone)
        break
    return best


def read_csv(
    text: str, layout: CsvLayout, resolver: StampResolver, *, source: str, progress: Progress | None = None
) -> tuple[list[Candidate], int]:
    """Candidates for every data row, in file order; and how many rows were blank (skipped).

    Raises:
        csv.Error: the text is not readable as CSV (a cell over the csv module's size limit).
    """
    total = text.count("\n") + 1
    ticker = Ticker(progress, total)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter)
    out: list[Candidate] = []
    skipped = 0
    header_seen = False
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        ticker.tick(line)
        if not any(cell.strip() for cell in row):
            skipped += 1
            continue
        if not header_seen:
            header_seen = True
            continue

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        raw = cell(layout.time)
        if layout.clock is not None and cell(layout.clock):
            raw = f"{raw} {cell(layout.clock)}".strip()
        actor, body = cell(layout.actor), cell(layout.text)
        out.append(_candidate(line, raw, actor, body, source, resolver, layout.zone))
    ticker.check(total)
    return out, skipped


def _candidate(
    line: int, raw: str, actor: str, body: str, source: str, resolver: StampResolver, zone: tzinfo | None
) -> Candidate:
    base = Candidate(line, None, raw, TimePrecision.MINUTE, actor, body, source)
    if not raw:
        base.problem = "No time given"
        return base
    instant = epoch_instant(raw)
    if instant is not None:
        base.occurred_at, base.precision = instant, TimePrecision.SECOND
        return base
    stamp = parse_leading_stamp(raw)
    if stamp is None or raw[stamp.end :].strip():
        base.problem = unreadable(raw)
        return base
    resolved = resolver.resolve(stamp, zone=zone)
    base.occurred_at, base.precision = resolved.occurred_at, resolved.precision
    base.problem, base.approximate = resolved.problem, resolved.approximate
    return base
