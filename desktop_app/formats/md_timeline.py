"""Timeline entries from the timeline section of a parsed Markdown postmortem.

An entry is one event that starts with its own time or date stamp: a table
data row, a top-level list item, a paragraph line, or a sub-heading. Lines
that only give a date (``2019-01-22``) are day headers: context for the
entries below them. Captions, code, images and nested bullets are notes.

Extraction (``collect_entries``) only recognises stamps; turning them into
instants (``resolve_entries``) needs the incident date and the zone, which
the importer decides afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from desktop_app.domain.models import EventKind, KeyMoment, TimelineEvent, TimePrecision
from desktop_app.formats.md_blocks import Block, Inline, Section, block_text, decode_entities
from desktop_app.formats.md_sections import classify_heading
from desktop_app.formats.timestamps import (
    Stamp,
    find_zone_label,
    offset_problem,
    parse_leading_stamp,
    to_datetime,
    zone_for_label,
)

_SEPARATORS = " \t:;-–—|,."
_TIME_HEADER = re.compile(r"\b(?:time|times|date|dates|day|when|timestamp|datetime|utc|gmt)\b|date/time", re.I)
_EVENT_HEADER = re.compile(
    r"\b(?:event|events|description|what|details|activity|action|summary|happened|note|notes|update)\b", re.I
)
_APPROX = re.compile(r"\bapprox|\bapproximate|\bestimated\b|\broughly\b", re.I)
_YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
#: Table columns that hold who acted, the kind of event, or the key moment, rather than event text.
_ACTOR_HEADER = re.compile(r"^\W*(?:actor|who|by|person|responder|author)\W*$", re.I)
_KIND_HEADER = re.compile(r"^\W*(?:kind|type|event\s+type)\W*$", re.I)
_MOMENT_HEADER = re.compile(r"^\W*key\s+moment\W*$", re.I)
_ACTOR = re.compile(r"^`?(@[\w.\-]+)`?(?=[\s:,]|$)")
_ROLLOVER = timedelta(hours=6)
_BRACKETED = re.compile(r"^\s*(?:\[(?P<inner>[^\]\n]{1,40})\]|`(?P<code>[^`\n]{1,40})`)")
_UNKNOWN_TIME = re.compile(r"\?+|tbd|unknown|n/?a", re.I)
_ALTERNATE = re.compile(r"\s*\((?P<inner>[^)\n]{1,40})\)")
#: What may follow the date of a day header: a weekday name and/or a note in parentheses.
_DAY_HEADER_REST = re.compile(
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?)?\s*(?:\([^)]*\))?\s*:?",
    re.I,
)
#: A kramdown attribute list such as ``{: .timeline }`` (styling, not content).
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}")

_KIND_WORDS: list[tuple[EventKind, re.Pattern[str]]] = [
    (EventKind.RESOLUTION, re.compile(r"\b(?:fully restored|resolved|resolution|recovered|closed)\b", re.I)),
    (EventKind.MITIGATION, re.compile(r"\b(?:mitigat\w*|rolled back|rollback|revert\w*|hotfix|workaround)\b", re.I)),
    (EventKind.ALERT, re.compile(r"\b(?:alert\w*|paged|warning|alarm\w*)\b", re.I)),
    (EventKind.DETECTION, re.compile(r"\b(?:detected|noticed|observed|first report|reported|aware)\b", re.I)),
    (EventKind.ESCALATION, re.compile(r"\b(?:escalat\w*|declared|war-?room)\b", re.I)),
    (EventKind.COMMUNICATION, re.compile(r"\b(?:announce\w*|notif\w*|communicat\w*|status page|e-?mail\w*)\b", re.I)),
    (EventKind.TRIGGER, re.compile(r"\b(?:deployed|merged|released|renamed|triggered|upgrade\w*)\b", re.I)),
]


@dataclass
class RawEntry:
    """A timeline entry before its stamp is resolved into an instant."""

    line: int
    raw: str
    text: str
    stamp: Stamp | None
    day_header: Stamp | None = None
    header_year: int | None = None
    column_zone: str = ""
    approximate: bool = False
    actor: str = ""
    kind: EventKind | None = None
    key_moment: KeyMoment | None = None


@dataclass
class TimelineScan:
    """What the timeline section holds: entries, its stated zone, and leftover notes."""

    heading: str
    line: int
    entries: list[RawEntry] = field(default_factory=list)
    zone_label: str = ""
    approximate: bool = False
    notes: list[str] = field(default_factory=list)
    day_headers: list[Stamp] = field(default_factory=list)
    #: sub-sections with a heading of their own and no entry in them (an "Opportunities" under
    #: '# Timeline'): not timeline notes but sections of their own, kept by the narrative reader
    set_aside: list[Section] = field(default_factory=list)


def find_timeline(root: Section) -> Section | None:
    """The first section whose heading starts with 'Timeline' (any level)."""
    for section in root.walk():
        if section is not root and classify_heading(section.title) == "timeline":
            return section
    return None


def _remainder(text: str, stamp: Stamp) -> str:
    return text[stamp.end :].lstrip(_SEPARATORS).strip()


def leading_stamp(text: str) -> Stamp | None:
    """The stamp ``text`` starts with, also in brackets or code (``[13:26]``, ``[???]``, ```10:02```).

    A second stamp in parentheses right after the first (``13:14 EDT (17:14 UTC)``)
    is the same moment in another zone: it becomes part of the raw text.
    """
    bracketed = _BRACKETED.match(text)
    if bracketed:
        inner = bracketed.group("inner") or bracketed.group("code")
        stamp = parse_leading_stamp(inner)
        if stamp is not None and not inner[stamp.end :].strip(_SEPARATORS):
            return replace(stamp, end=bracketed.end())
        if _UNKNOWN_TIME.fullmatch(inner.strip()):
            return Stamp(raw=inner.strip(), invalid=f"unknown time {inner.strip()!r}", end=bracketed.end())
        return None
    stamp = parse_leading_stamp(text)
    if stamp is None:
        return None
    alt = _ALTERNATE.match(text, stamp.end)
    if alt:
        other = parse_leading_stamp(alt.group("inner"))
        if other is not None and other.clock is not None and not alt.group("inner")[other.end :].strip():
            return replace(stamp, raw=stamp.raw + text[stamp.end : alt.end()], end=alt.end())
    return stamp


def _is_day_header(stamp: Stamp, rest: str) -> bool:
    """A date alone (or with a weekday name or a note in parentheses) that heads the entries below it."""
    return (
        _DAY_HEADER_REST.fullmatch(rest) is not None
        and stamp.clock is None
        and (stamp.day is not None or stamp.month_day is not None)
    )


def _all_lines_stamped(text: str) -> bool:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return bool(lines) and all(leading_stamp(ln) is not None for ln in lines)


class _Collector:
    def __init__(self, scan: TimelineScan) -> None:
        self.scan = scan
        self._day_header: Stamp | None = None

    @property
    def day_header(self) -> Stamp | None:
        return self._day_header

    @day_header.setter
    def day_header(self, stamp: Stamp | None) -> None:
        if stamp is not None and stamp not in self.scan.day_headers:
            self.scan.day_headers.append(stamp)
        self._day_header = stamp

    def add(self, line: int, raw: str, text: str, stamp: Stamp | None, **extra: object) -> None:
        self.scan.entries.append(
            RawEntry(line=line, raw=raw, text=text, stamp=stamp, day_header=self.day_header, **extra)  # type: ignore[arg-type]
        )

    # -- paragraphs: every line that starts with a stamp starts an entry
    def paragraph(self, inline: Inline, line: int) -> None:
        current: RawEntry | None = None
        caption: list[str] = []
        lines = [ln.strip() for ln in inline.lines]
        if len(lines) == 1 or all(not ln for ln in lines[1:]):
            only = lines[0]
            stamp = leading_stamp(only)
            if stamp is not None and _is_day_header(stamp, _remainder(only, stamp)):
                self.day_header = stamp
                if _remainder(only, stamp):
                    self.scan.notes.append(_remainder(only, stamp))
                return
        for offset, text in enumerate(lines):
            if not text:
                continue
            stamp = leading_stamp(text)
            if stamp is not None:
                self.add(line + offset, stamp.raw, _remainder(text, stamp), stamp)
                current = self.scan.entries[-1]
            elif current is not None:
                current.text = (current.text + " " + text).strip()
            else:
                caption.append(text)
        if caption:
            self.scan.notes.append("\n".join(caption))

    # -- lists: one entry per top-level item that starts with a stamp
    def list_block(self, block: Block) -> None:
        for item, line in zip(block.items, block.item_lines, strict=False):
            first = item[0] if item else None
            if first is None or first.kind != "paragraph" or first.inline is None:
                self.scan.notes.append(block_text(Block("list", line, items=[item])))
                continue
            text = first.inline.text
            stamp = leading_stamp(text)
            if stamp is None:
                self.scan.notes.append(block_text(Block("list", line, items=[item])))
                continue
            rest = _remainder(text, stamp)
            nested = [b for b in item[1:] if b.kind == "list"]
            if _is_day_header(stamp, rest) and nested:
                saved = self.day_header
                self.day_header = stamp
                for sub in nested:
                    self.list_block(sub)
                self.day_header = saved
                continue
            more = [block_text(b) for b in item[1:] if b.kind in ("paragraph", "list", "quote")]
            description = "\n".join([rest, *more]).strip() if more else rest
            self.add(line, stamp.raw, description, stamp)

    # -- tables: one entry per data row
    def table(self, block: Block) -> None:
        headers = [c.text for c in block.header]
        width = max([len(headers), *(len(r) for r in block.rows)] or [0])
        time_cols = [i for i, h in enumerate(headers) if _TIME_HEADER.search(h) and not _EVENT_HEADER.search(h)]
        if not time_cols:
            for col in range(width):
                cells = [r[col].text for r in block.rows if col < len(r) and r[col].text]
                if cells and sum(parse_leading_stamp(c) is not None for c in cells) * 2 > len(cells):
                    time_cols = [col]
                    break
        # keep only the contiguous run of time columns that starts first
        if time_cols:
            run = [time_cols[0]]
            for col in time_cols[1:]:
                if col == run[-1] + 1:
                    run.append(col)
            time_cols = run
        event_cols = [i for i, h in enumerate(headers) if i not in time_cols and _EVENT_HEADER.search(h)]
        roles = _role_columns(headers, block, time_cols)
        others = [i for i in range(width) if i not in time_cols and i not in roles.values()]
        event_col = event_cols[0] if event_cols else (others[0] if others else None)
        time_headers = " ".join(headers[i] for i in time_cols if i < len(headers))
        year_match = _YEAR.search(time_headers)
        header_year = int(year_match.group(1)) if year_match else None
        column_zone = find_zone_label(time_headers) or ""
        for row, line in zip(block.rows, block.row_lines, strict=False):
            cells = [c.prose for c in row]  # a '<br>' in a cell is a line break of the event text
            if all(not c.strip() or _ATTRIBUTE_LIST.fullmatch(c.strip()) for c in cells):
                continue  # an empty row or a kramdown '{: .class }' line caught by the table
            time_cells = [cells[i] for i in time_cols if i < len(cells) and cells[i]]
            raw = " | ".join(time_cells)
            joined = " ".join(time_cells)
            stamp = leading_stamp(joined) if joined else None
            if stamp is not None and joined[stamp.end :].strip(_SEPARATORS):
                # the cell says more than a stamp ('Between X to Y', a note): keep it as written
                stamp = replace(stamp, approximate=True)
            text = cells[event_col] if event_col is not None and event_col < len(cells) else ""
            extras = [
                f"{headers[i]}: {cells[i]}"
                for i in others
                if i != event_col and i < len(cells) and cells[i] and i < len(headers) and headers[i]
            ]
            if extras:
                text = f"{text} ({'; '.join(extras)})" if text else "; ".join(extras)
            fields = _role_values(roles, cells)
            self.add(line, raw, text, stamp, header_year=header_year, column_zone=column_zone, **fields)

    def heading(self, section: Section) -> bool:
        """A sub-heading inside the timeline: an entry, a day header, or neither."""
        stamp = leading_stamp(section.title)
        if stamp is None:
            return False
        rest = _remainder(section.title, stamp)
        if _is_day_header(stamp, rest):
            self.day_header = stamp
            return False
        self.add(section.line, stamp.raw, rest, stamp)
        return True

    def blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "paragraph" and block.inline is not None:
                self.paragraph(block.inline, block.line)
            elif block.kind == "list":
                self.list_block(block)
            elif block.kind == "table":
                self.table(block)
            elif block.kind == "code" and not block.fenced and _all_lines_stamped(block.text):
                # timeline lines indented by accident (a tab) render as code; they are still entries
                lines = [decode_entities(ln) for ln in block.text.rstrip("\n").split("\n")]
                self.paragraph(Inline(lines), block.line)
            else:
                text = block_text(block)
                if text:
                    self.scan.notes.append(text)

    def section(self, section: Section, *, top: bool) -> None:
        if not top:
            if self.heading(section):
                entry = self.scan.entries[-1]
                body = [block_text(b) for b in section.blocks]
                entry.text = "\n".join([entry.text, *[b for b in body if b]]).strip()
                return
        self.blocks(section.blocks)
        for child in section.children:
            kind = classify_heading(child.title)
            if kind not in (None, "timeline"):
                continue  # a known section of its own (Root Cause under '# Timeline')
            entries, notes, day = len(self.scan.entries), len(self.scan.notes), self.day_header
            self.section(child, top=False)
            if kind is None and len(self.scan.entries) == entries and self.day_header is day:
                del self.scan.notes[notes:]  # no entry, no day: a section of its own
                self.scan.set_aside.append(child)


def collect_entries(section: Section) -> TimelineScan:
    """Recognise the entries, zone statement and notes of a timeline section."""
    scan = TimelineScan(heading=section.title, line=section.line)
    collector = _Collector(scan)
    collector.section(section, top=True)
    statements = [section.title, *scan.notes]
    for text in statements:
        if not scan.zone_label and re.search(r"\btimes?\b|\bzone\b|\bin\b", text, re.I):
            label = find_zone_label(text)
            if label:
                scan.zone_label = label
        if _APPROX.search(text) and re.search(r"\b(?:all|times?)\b", text, re.I):
            scan.approximate = True
    return scan


def apply_header_years(scan: TimelineScan) -> None:
    """Complete month/day stamps with a year written in their column header."""
    for entry in scan.entries:
        if entry.stamp is not None and entry.header_year and entry.stamp.month_day and not entry.stamp.year_given:
            entry.stamp = replace(entry.stamp.with_year(entry.header_year), year_given=True)


def _enum_value(enum: type[EventKind] | type[KeyMoment], text: str) -> Any:
    key = text.strip().strip("*_`").strip().lower().replace(" ", "_")
    try:
        return enum(key)
    except ValueError:
        return None


def _role_columns(headers: list[str], block: Block, time_cols: list[int]) -> dict[str, int]:
    """Columns for actor, kind and key moment, when their header says so (and, for kind and
    key moment, every filled cell is a known value; otherwise the column stays event text)."""
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        if i in time_cols:
            continue
        values = [r[i].text for r in block.rows if i < len(r) and r[i].text.strip()]
        if "actor" not in found and _ACTOR_HEADER.match(header):
            found["actor"] = i
        elif "kind" not in found and _KIND_HEADER.match(header) and values and all(
            _enum_value(EventKind, v) is not None for v in values
        ):
            found["kind"] = i
        elif "key_moment" not in found and _MOMENT_HEADER.match(header) and all(
            _enum_value(KeyMoment, v) is not None or v.strip() in ("—", "-") for v in values
        ):
            found["key_moment"] = i
    return found


def _role_values(roles: dict[str, int], cells: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, i in roles.items():
        value = cells[i].strip() if i < len(cells) else ""
        if name == "actor":
            out["actor"] = value
        elif name == "kind":
            out["kind"] = _enum_value(EventKind, value)
        else:
            out["key_moment"] = _enum_value(KeyMoment, value)
    return out


def _kind(text: str) -> EventKind:
    for kind, pattern in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return EventKind.OBSERVATION


def resolve_entries(
    scan: TimelineScan,
    *,
    incident_date: date | None,
    year_hint: int | None,
    zone: tzinfo,
    warn: Callable[[int | None, str], None],
) -> list[TimelineEvent]:
    """Turn raw entries into ``TimelineEvent``s with aware instants (or ``None``).

    A time without a date takes the day header in effect, else the previous
    entry's date, else ``incident_date``. When times go backwards by more than
    six hours on an inherited date, the day rolls over (past midnight).
    """
    events: list[TimelineEvent] = []
    prev_day: date | None = None
    prev_clock: time | None = None
    prev_header: Stamp | None = None
    last_zone: tzinfo | None = None
    prev_month: tuple[int, int] | None = None
    year_shift = 0
    for entry in scan.entries:
        stamp = entry.stamp
        occurred: datetime | None = None
        precision = TimePrecision.MINUTE
        if stamp is not None and stamp.month_day and not stamp.year_given and stamp.day is None:
            base = year_hint if year_hint is not None else (incident_date.year if incident_date else None)
            if base is not None:
                if prev_month is not None and stamp.month_day[0] < prev_month[0] - 6:
                    year_shift += 1  # December -> January
                stamp = stamp.with_year(base + year_shift)
            prev_month = stamp.month_day
        if entry.day_header is not prev_header:
            prev_header = entry.day_header
            prev_clock = None
            header = entry.day_header
            if header is not None and header.month_day and header.day is None:
                base = year_hint if year_hint is not None else (incident_date.year if incident_date else None)
                if base is not None:
                    header = header.with_year(base)
            prev_day = header.day if header is not None else prev_day
        if stamp is None:
            if entry.raw:
                warn(entry.line, f"timeline time '{entry.raw}' is not a time stamp Hindsight can read; kept as text")
        elif stamp.invalid:
            warn(entry.line, f"timeline time '{entry.raw}' is not a real date or time ({stamp.invalid}); "
                             "kept without an instant")
        elif stamp.zone and offset_problem(stamp.zone):
            # an impossible offset must not quietly become the document's zone
            warn(entry.line, f"{offset_problem(stamp.zone)}; the time was kept as text")
        else:
            label_zone = zone_for_label(stamp.zone) if stamp.zone else None
            entry_zone = label_zone or zone_for_label(entry.column_zone or "") or (
                zone_for_label(scan.zone_label) if scan.zone_label else None) or last_zone or zone
            if label_zone is not None:
                last_zone = label_zone
            if stamp.day is not None:
                day = stamp.day
                prev_clock = stamp.clock
                prev_day = day
            else:
                day = prev_day or incident_date
                if day is None:
                    warn(entry.line, f"timeline time '{entry.raw}' has no date and the incident date is unknown")
                elif stamp.clock is not None and prev_clock is not None and (
                    datetime.combine(day, prev_clock) - datetime.combine(day, stamp.clock) > _ROLLOVER
                ):
                    day = day + timedelta(days=1)
                prev_clock = stamp.clock or prev_clock
                prev_day = day
            if day is not None:
                occurred = to_datetime(day, stamp.clock, entry_zone)
                if stamp.clock is None:
                    precision = TimePrecision.DAY
                elif stamp.seconds:
                    precision = TimePrecision.SECOND
        actor = _ACTOR.match(entry.text)
        events.append(TimelineEvent(
            occurred_at=occurred,
            precision=precision,
            approximate=scan.approximate or bool(stamp and stamp.approximate),
            raw_time=entry.raw,
            kind=entry.kind or _kind(entry.text),
            key_moment=entry.key_moment,
            description=entry.text,
            actor=entry.actor or (actor.group(1) if actor else ""),
        ))
    return events


__all__ = [
    "RawEntry",
    "leading_stamp",
    "TimelineScan",
    "apply_header_years",
    "collect_entries",
    "find_timeline",
    "resolve_entries",
]
