"""Import a postmortem written in Markdown into the ``Postmortem`` aggregate.

Understands the common shapes (Google SRE template, Atlassian style,
Summary / When & Where / What Happened / Timeline / Root Cause / Fixes &
Follow-ups, Chia "Issue Summary", blog posts with front matter) and documents
that follow none: whatever fits no known section is kept as extra text.
Lists in root-cause and contributing-factor sections also become fishbone
causes (``md_causes``); the sections' text stays in the narrative.

Which rule gives the incident date (first that applies wins):

1. a date in the title (``Website Outage 5-26-21``; ``4/26`` takes its year
   from the first full date in the text with that month and day);
2. the timeline, when its entries carry full dates (their own, or their day
   header's): the first entry that reports a detection (alert, warning,
   notified, observed, confirmed, ...), else the first dated entry (a year
   typo like ``20202`` is read as ``2020`` here only, with a warning); a
   timeline whose only dates are day headers starts on its first day;
3. a ``date`` in the front matter or a ``Date:`` field (first day of a range);
4. the first full date in the text or a heading (``## 3.4.2020``).

A numeric date whose day/month order cannot be told leaves the incident date
empty, with a warning, rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path

from desktop_app.domain.limits import MAX_TITLE_CHARS, Cut, cut_title, limit_fields
from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES, ExtraSection, Kind, Narrative, Postmortem, Severity, Stakeholder, Status
from desktop_app.domain.zones import check_zone
from desktop_app.domain.zones import zone as iana_zone
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.md_actions import collect_actions
from desktop_app.formats.md_blocks import Block, Document, Section, block_text, blocks_text, parse_document
from desktop_app.formats.md_causes import collect_causes, is_labelled_cause_list
from desktop_app.formats.md_people import (
    PEOPLE_FIELD,
    default_role,
    is_people_heading,
    merge_people,
    people_from_text,
)
from desktop_app.formats.md_review import ReviewScan, take_review_sections
from desktop_app.formats.md_sections import (
    NARRATIVE_FIELDS,
    classify_heading,
    is_placeholder_title,
    is_section_title,
    narrative_field,
)
from desktop_app.formats.md_timeline import (
    RawEntry,
    TimelineScan,
    apply_header_years,
    collect_entries,
    find_timeline,
    resolve_entries,
)
from desktop_app.formats.timestamps import (
    FoundDate,
    confirms_guess,
    find_dates,
    find_zone_label,
    iana_name,
    impossible_date,
    numeric_orders,
    offset_problem,
    parse_leading_stamp,
    to_datetime,
    zone_for_label,
)
from desktop_app.formats.text_check import check_text
from desktop_app.formats.text_decode import decode_text

MAX_BYTES = 10 * 1024 * 1024

_DETECTION = re.compile(
    r"\b(?:detect(?:ed|s)?|notic(?:ed|es)|observ(?:e|ed|es)|alert(?:ed|s)?|warn(?:ing|ed)|"
    r"notif(?:ied|ies|ying|ication)|reports|reported|confirm(?:ed|s)|declared|aware|paged)\b",
    re.I,
)
_DATE_FIELD = re.compile(r"^\s*(?:incident\s+date|date\s+of\s+(?:the\s+)?incident|date|when)\s*:\s*(?P<v>.+)$", re.I)
_ZONE_FIELD = re.compile(r"^\s*(?:time\s*zone|timezone)\s*:\s*(?P<v>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)\s*$", re.I)
_STATUS_FIELD = re.compile(r"^\s*(?:document\s+)?status\s*:\s*(?P<v>.+)$", re.I)
#: Keys of a "Field: value" block under the title that Hindsight reads into fields of its own.
_METADATA_KEYS = frozenset({
    "status", "document status", "date", "incident date", "time zone", "timezone", "severity", "sev",
    "priority", "authors", "author", "owner", "owners", "incident commander", "facilitator",
    "authors and stakeholders", "stakeholders", "participants", "responders", "tags", "labels",
    "affected services", "services", "affected regions", "regions", "affected customers", "customers",
    "start time", "end time", "detected", "resolved", "duration", "last updated", "version",
    # the rest of what Hindsight's own Markdown export writes under the title
    "kind", "started", "acknowledged", "mitigated", "service restored", "review meeting",
    "fishbone effect", "fishbone categories",
})
#: Keys that describe the document rather than the incident; a block under the title whose keys are
#: mostly these (or the keys above) is document metadata, not the start of the summary.
_DOCUMENT_KEYS = frozenset({
    "created", "created by", "created on", "created at", "creation date", "last modified", "last modified by",
    "modified", "modified by", "modified on", "updated", "updated by", "updated on", "updated at", "last edited",
    "last edited by", "last reviewed", "written by", "writer", "editor", "editors", "reviewer", "reviewers",
    "reviewed by", "approver", "approvers", "approved by", "document owner", "doc owner", "postmortem owner",
    "team", "teams", "component", "components", "incident id", "incident number", "ticket",
    "tickets", "jira", "on-call", "on call", "ic", "commander", "audience", "visibility",
    "classification", "document status", "state", "revision",
})
_METADATA_LINE = re.compile(r"^\s*(?P<k>[A-Za-z][A-Za-z /-]{0,30}?)\s*:\s*\S")
_SEVERITY_FIELD = re.compile(r"^\s*(?P<k>severity|sev|priority)\s*:\s*(?P<v>.+)$", re.I)
_SERVICES_FIELD = re.compile(r"^\s*(?:affected\s+services?|services?\s+affected)\s*:\s*(?P<v>.+)$", re.I)
#: 'Start time: 2024-03-01 10:00 UTC' style fields and the IncidentTimes attribute each one fills
_KEY_TIME_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("started_at", re.compile(
        r"^\s*(?:start(?:ed)?(?:\s+(?:time|at))?|incident\s+start(?:ed)?|impact\s+start(?:ed)?|began)\s*:\s*(?P<v>.+)$",
        re.I)),
    ("detected_at", re.compile(r"^\s*(?:detected(?:\s+at)?|detection\s+time|time\s+detected)\s*:\s*(?P<v>.+)$", re.I)),
    ("acknowledged_at", re.compile(r"^\s*(?:acknowledged(?:\s+at)?|acknowledgement\s+time)\s*:\s*(?P<v>.+)$", re.I)),
    ("mitigated_at", re.compile(r"^\s*(?:mitigated(?:\s+at)?|mitigation\s+time)\s*:\s*(?P<v>.+)$", re.I)),
    ("resolved_at", re.compile(
        r"^\s*(?:resolved(?:\s+at)?|resolution\s+time|end(?:ed)?(?:\s+(?:time|at))?|incident\s+end(?:ed)?)"
        r"\s*:\s*(?P<v>.+)$", re.I)),
]
#: fields read only from the block under the title (they are too common words elsewhere)
_KIND_FIELD = re.compile(r"^\s*kind\s*:\s*(?P<v>.+)$", re.I)
_REVIEW_FIELD = re.compile(r"^\s*review(?:\s+meeting)?(?:\s+(?:time|at|on|date))?\s*:\s*(?P<v>.+)$", re.I)
_RESTORED_FIELD = re.compile(r"^\s*(?:service\s+)?restored(?:\s+at)?\s*:\s*(?P<v>.+)$", re.I)
_REGIONS_FIELD = re.compile(r"^\s*(?:affected\s+regions?|regions?\s+affected)\s*:\s*(?P<v>.+)$", re.I)
_CUSTOMERS_FIELD = re.compile(r"^\s*(?:affected\s+customers|customers\s+affected)\s*:\s*(?P<v>.+)$", re.I)
_EFFECT_FIELD = re.compile(r"^\s*fishbone\s+effect\s*:\s*(?P<v>.+)$", re.I)
_BONES_FIELD = re.compile(r"^\s*fishbone\s+categories\s*:\s*(?P<v>.+)$", re.I)
_TAGS_FIELD = re.compile(r"^\s*(?:tags|labels)\s*:\s*(?P<v>.+)$", re.I)
_ZONE_STATEMENT = re.compile(r"\ball\s+(?:times|events|timestamps)\b[^.\n]*", re.I)


@dataclass
class ImportWarning:
    """Something the importer could not take as written; ``line`` is 1-based where known."""

    line: int | None
    message: str


@dataclass
class ImportResult:
    """The imported postmortem, what was doubtful about it, and where it came from."""

    postmortem: Postmortem
    warnings: list[ImportWarning]
    source: str


# --------------------------------------------------------------------------- title


def _first_h1(root: Section) -> Section | None:
    for section in root.walk():
        if section.level == 1:
            return section
    return None


#: a title taken from a line of text is cut to this many characters (at a word, with "…"); the line
#: itself stays in the text. A title the document states (a heading, ``title:`` in the front matter)
#: is cut only past ``MAX_TITLE_CHARS``, with a warning.
MAX_TITLE = 120
_TABLE_LIKE = re.compile(r"^\s*\|")


def _bounded(text: str) -> str:
    """``text`` on one line, cut at a word before ``MAX_TITLE`` characters."""
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE:
        return text
    cut = text[: MAX_TITLE - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_TITLE // 2 else cut).rstrip(" ,;:-") + "…"


def _title_line(block: Block) -> str:
    """The first line of a paragraph that reads as words (not a table row, not punctuation), or ''."""
    if block.kind == "list":
        return next((t for item in block.items for b in item[:1] if (t := _title_line(b))), "")
    if block.kind == "quote":
        return next((t for b in block.children if (t := _title_line(b))), "")
    if block.kind != "paragraph" or block.inline is None:
        return ""
    for line in block.inline.lines:
        line = line.strip()
        if line and not _TABLE_LIKE.match(line) and sum(c.isalnum() for c in line) * 2 >= len(line.replace(" ", "")):
            return _bounded(line)
    return ""


@dataclass
class _Title:
    """The document title, the H1 section it came from (if any), and the line and length of a
    stated title that was cut (``cut_from``: ``None`` when nothing was cut)."""

    text: str
    section: Section | None
    line: int | None = None
    cut_from: int | None = None


def _stated(text: str, section: Section | None, line: int | None) -> _Title:
    """A title the document states (a heading, the front matter), on one line, cut past ``MAX_TITLE_CHARS``."""
    whole = " ".join(text.split())
    kept = cut_title(whole, MAX_TITLE_CHARS)
    return _Title(kept, section, line, len(whole) if kept != whole else None)


def _title(doc: Document) -> _Title:
    """The document title and the H1 section it came from (if any).

    An H1 that only holds template text (``# Title``, ``# ISSUE NAME``) is still the title's
    section (its text is the introduction, never an extra section); the title is then taken
    from the front matter, the first line of its text, or, failing those, the H1 itself.
    """
    h1 = _first_h1(doc.root)
    if h1 is not None and h1.title.strip() and not is_section_title(h1.title) and not is_placeholder_title(h1.title):
        return _stated(h1.title, h1, h1.line)
    placeholder = h1 if h1 is not None and h1.title.strip() and is_placeholder_title(h1.title) else None
    fm_title = doc.front_matter.get("title", "").strip()
    if fm_title:
        return _stated(fm_title, placeholder, None)
    if placeholder is not None:
        for block in placeholder.blocks:
            text = _title_line(block)
            if text:
                return _Title(text, placeholder)
    for section in doc.root.walk():
        if section is not doc.root and section.title.strip():
            if not is_section_title(section.title) and not is_placeholder_title(section.title):
                return _stated(section.title, None, section.line)
        for block in section.blocks:
            text = _title_line(block)
            if text:
                return _Title(text, placeholder)
    if placeholder is not None:
        return _stated(placeholder.title, placeholder, placeholder.line)
    return _Title("", None)


# --------------------------------------------------------------------------- fields


def _paragraph_lines(root: Section) -> list[tuple[int, str]]:
    """(line, text) of every paragraph line and 2-column table row ('key: value'), in order."""
    out: list[tuple[int, str]] = []
    for section in root.walk():
        for block in section.blocks:
            if block.kind == "paragraph" and block.inline is not None:
                out.extend((block.line + i, ln.strip()) for i, ln in enumerate(block.inline.lines))
            elif block.kind == "table":
                rows = ([block.header] if block.header else []) + block.rows
                for row in rows:
                    if len(row) == 2 and row[0].text and row[1].text:
                        out.append((block.line, f"{row[0].text}: {row[1].text}"))
    return out


def _field_value(lines: list[tuple[int, str]], pattern: re.Pattern[str]) -> tuple[int, str] | None:
    for line, text in lines:
        m = pattern.match(text)
        if m:
            return line, m.group("v").strip()
    return None


_SEVERITY_WORDS = {
    "critical": Severity.SEV1, "sev1": Severity.SEV1, "sev-1": Severity.SEV1, "p0": Severity.SEV1,
    "major": Severity.SEV2, "high": Severity.SEV2, "sev2": Severity.SEV2, "sev-2": Severity.SEV2, "p1": Severity.SEV2,
    "medium": Severity.SEV3, "moderate": Severity.SEV3, "sev3": Severity.SEV3, "sev-3": Severity.SEV3,
    "p2": Severity.SEV3,
    "minor": Severity.SEV4, "low": Severity.SEV4, "sev4": Severity.SEV4, "sev-4": Severity.SEV4, "p3": Severity.SEV4,
    "sev5": Severity.SEV5, "sev-5": Severity.SEV5, "trivial": Severity.SEV5,
}


#: ``SEV0``, ``Sev 1``, ``SEV-2``, ``Severity 3``, ``S4``: a level written with its number
_SEVERITY_LEVEL = re.compile(r"^\W*(?:sev(?:erity)?|s)[\s_-]*(?P<n>[0-5])(?![\w.])", re.I)
_BARE_LEVEL = re.compile(r"^\W*(?P<n>[0-5])(?![\w.])")


def _severity(value: str, *, key: str = "severity") -> Severity | None:
    """The severity a field value names; a bare number counts only under a severity key (not priority)."""
    level = _SEVERITY_LEVEL.match(value)
    if level is None and key.lower() != "priority":
        level = _BARE_LEVEL.match(value)
    if level is not None:
        return Severity(f"SEV{level.group('n')}")
    word = re.match(r"\s*([\w-]+)", value)
    if not word:
        return None
    return _SEVERITY_WORDS.get(word.group(1).lower().replace(" ", ""))


def _stated_severity(lines: list[tuple[int, str]], warn: Callable[[int | None, str], None]) -> Severity | None:
    """The first ``Severity:`` (or ``Sev:``, ``Priority:``) field; a value it cannot map is reported."""
    for line, text in lines:
        m = _SEVERITY_FIELD.match(text)
        if m is None:
            continue
        value = m.group("v").strip()
        severity = _severity(value, key=m.group("k"))
        if severity is None:
            shown = value if len(value) <= 60 else value[:59] + "…"
            what = "priority" if m.group("k").lower() == "priority" else "severity"
            warn(line, f"{what} '{shown}' is not one Hindsight knows (SEV0–SEV5); it was left empty")
        return severity
    return None


# --------------------------------------------------------------------------- incident date


def _header_day(entry: RawEntry, orders: dict[str, str]) -> date | None:
    """The full date of the day header an entry sits under, when it names one unambiguously."""
    header = entry.day_header
    if header is None or header.day is None or not header.year_given:
        return None
    if header.ambiguous and not confirms_guess(header.raw, orders):
        return None
    return header.day


class _DateDecider:
    """Applies the incident-date rules in the module docstring."""

    def __init__(self, doc: Document, title: str, scan: TimelineScan | None, lines: list[tuple[int, str]],
                 warn: Callable[[int | None, str], None]) -> None:
        self.doc = doc
        self.title = title
        self.scan = scan
        self.lines = lines
        self.warn = warn
        self.text_dates: list[FoundDate] = [d for _, t in lines for d in find_dates(t)]
        self.heading_dates: list[FoundDate] = [
            d for s in doc.root.walk() if s is not doc.root for d in find_dates(s.title)
        ]
        written = [t for _, t in lines] + [s.title for s in doc.root.walk()]
        if scan is not None:
            written += [e.raw for e in scan.entries] + [e.day_header.raw for e in scan.entries if e.day_header]
        #: the day/month order the document's unambiguous numeric dates show (confirms ambiguous ones)
        self.orders = numeric_orders("\n".join(written))

    def _accept(self, found: FoundDate, where: str, line: int | None = None) -> tuple[bool, date | None]:
        if found.ambiguous:
            self.warn(line, f"the incident date '{found.text}' in {where} could be read day-first or month-first; "
                            "left empty, please set it")
            return True, None
        return True, found.day

    def decide(self) -> date | None:
        """The incident date; ``source`` then says where it came from ("the timeline", ...)."""
        self.source = "the title"
        # 1. the title
        for found in find_dates(self.title, month_day_slash=True):
            if found.year_given and found.day:
                return self._accept(found, "the title")[1]
            if found.month_day:
                month, day = found.month_day
                year = next((d.day.year for d in self.text_dates
                             if d.day and d.year_given and (d.day.month, d.day.day) == (month, day)), None)
                if year is None:
                    year = next((d.day.year for d in self.text_dates if d.day and d.year_given), None)
                if year is not None:
                    if found.ambiguous:
                        return self._accept(found, "the title")[1]
                    try:
                        return date(year, month, day)
                    except ValueError:
                        pass
        # 2. a timeline whose entries carry full dates
        self.source = "the timeline"
        if self.scan is not None:
            entries = self.scan.entries
            # positions, not equality: entries are dataclasses and a timeline may hold thousands
            dated_at = {i for i, e in enumerate(entries) if e.stamp is not None and (
                (e.stamp.year_given and e.stamp.day is not None) or e.stamp.suggested is not None)}
            headed_at = {i for i, e in enumerate(entries)
                         if i not in dated_at and _header_day(e, self.orders) is not None}
            dated = [entries[i] for i in sorted(dated_at)]
            headed = [entries[i] for i in sorted(headed_at)]
            if dated:
                both = [entries[i] for i in sorted(dated_at | headed_at)]
                detection = next((e for e in both if _DETECTION.search(e.text)), None)
                if detection is not None and any(detection is e for e in headed):
                    return _header_day(detection, self.orders)
                chosen = detection or dated[0]
                assert chosen.stamp is not None
                if chosen.stamp.day is not None:
                    if chosen.stamp.ambiguous and not confirms_guess(chosen.raw, self.orders):
                        self.warn(chosen.line, f"the date '{chosen.raw}' could be read day-first or month-first; "
                                               "incident date left empty")
                        return None
                    return chosen.stamp.day
                self.warn(chosen.line, f"incident date taken as {chosen.stamp.suggested} from the mistyped "
                                       f"'{chosen.raw}'")
                return chosen.stamp.suggested
            first_header = next((h for h in self.scan.day_headers if h.day and h.year_given
                                 and (not h.ambiguous or confirms_guess(h.raw, self.orders))), None)
            if first_header is not None:
                # grouped under day headers ('### 2025-07-26'): the first day is where it begins
                return first_header.day
        # 3. front matter date or a Date: field
        candidates = []
        if self.doc.front_matter.get("date"):
            candidates.append(("the front matter", self.doc.front_matter["date"]))
        field = _field_value(self.lines, _DATE_FIELD)
        if field is not None:
            candidates.append((f"line {field[0]}", field[1]))
        for where, value in candidates:
            found = [d for d in find_dates(value) if d.day and d.year_given]
            if found:
                self.source = where
                return self._accept(found[0], where)[1]
        # 4. the first full date in the text or a heading
        ordered: list[tuple[int, FoundDate]] = []
        for section in self.doc.root.walk():
            if section is not self.doc.root:
                ordered.extend((section.line, d) for d in find_dates(section.title))
        ordered.extend((line, d) for line, text in self.lines for d in find_dates(text))
        ordered.sort(key=lambda x: x[0])
        for line, found in ordered:
            if found.day and found.year_given:
                self.source = f"line {line}"
                return self._accept(found, f"line {line}", line)[1]
        return None

    def check_date_field(self, incident: date | None) -> None:
        """Report a ``Date:`` field that names no calendar day, and where the date came from instead."""
        field = _field_value(self.lines, _DATE_FIELD)
        if field is None:
            return
        bad = impossible_date(field[1])
        if bad is None or any(d.day and d.year_given for d in find_dates(field[1])):
            return
        line_text = next(t for n, t in self.lines if n == field[0] and _DATE_FIELD.match(t))
        outcome = (f"the incident date was taken from {self.source} instead" if incident is not None
                   else "the incident date was left empty")
        self.warn(field[0], f"'{line_text}' is not a real date ({bad[1]}); {outcome}")

    def year_hint(self, incident: date | None) -> int | None:
        if incident is not None:
            return incident.year
        for d in self.text_dates + self.heading_dates:
            if d.day and d.year_given:
                return d.day.year
        return None


# --------------------------------------------------------------------------- key times


def _instant(field: tuple[int, str], incident: date | None, zone: tzinfo,
             warn: Callable[[int | None, str], None]) -> datetime | None:
    """The instant a field's value states; only a complete stamp (a clock time, a day) counts."""
    value = field[1].strip()
    stamp = parse_leading_stamp(value, year_hint=incident.year if incident else None)
    if stamp is None or stamp.invalid or stamp.clock is None or value[stamp.end :].strip(" .;"):
        return None
    day = stamp.day or incident
    if day is None:
        return None
    if stamp.zone and offset_problem(stamp.zone):
        warn(field[0], f"{offset_problem(stamp.zone)}; the time was left empty")
        return None
    stamp_zone = zone_for_label(stamp.zone) if stamp.zone else None
    return to_datetime(day, stamp.clock, stamp_zone or zone)


def _key_times(lines: list[tuple[int, str]], incident: date | None, zone: tzinfo,
               warn: Callable[[int | None, str], None]) -> dict[str, datetime]:
    """Instants stated as fields ('Start time:', 'Detected:', 'Resolved:'); only a complete stamp counts."""
    found: dict[str, datetime] = {}
    for name, pattern in _KEY_TIME_FIELDS:
        field = _field_value(lines, pattern)
        if field is None:
            continue
        instant = _instant(field, incident, zone, warn)
        if instant is not None:
            found[name] = instant
    return found


def _head_lines(doc: Document, title_section: Section | None) -> list[tuple[int, str]]:
    """(line, text) of the paragraph lines before the first section heading and under the title."""
    out: list[tuple[int, str]] = []
    for section in (doc.root, title_section):
        if section is None:
            continue
        for block in section.blocks:
            if block.kind == "paragraph" and block.inline is not None:
                out.extend((block.line + i, ln.strip()) for i, ln in enumerate(block.inline.lines))
    return out


def _list_value(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]


def _head_fields(pm: Postmortem, head: list[tuple[int, str]], incident: date | None, zone: tzinfo,
                 warn: Callable[[int | None, str], None]) -> None:
    """Kind, review meeting, restoration, regions, customers and tags from the block under the title."""
    kind = _field_value(head, _KIND_FIELD)
    if kind is not None and re.fullmatch(r"near[\s_-]*miss", kind[1].strip(), re.I):
        pm.kind = Kind.NEAR_MISS
    review = _field_value(head, _REVIEW_FIELD)
    if review is not None:
        pm.review_meeting_at = _instant(review, incident, zone, warn)
        if pm.review_meeting_at is None:
            warn(review[0], f"review meeting time '{review[1]}' is not a date and time Hindsight can read; "
                            "it was left empty")
    restored = _field_value(head, _RESTORED_FIELD)
    if restored is not None:
        value = restored[1].strip().lower()
        if value not in ("no", "false", "not yet"):
            pm.restoration.restored = True
            if value not in ("yes", "true"):
                pm.restoration.restored_at = _instant(restored, incident, zone, warn)
    regions = _field_value(head, _REGIONS_FIELD)
    if regions is not None:
        pm.restoration.affected_regions = _list_value(regions[1])
    customers = _field_value(head, _CUSTOMERS_FIELD)
    if customers is not None:
        pm.restoration.affected_customers = customers[1].strip()
    tags = _field_value(head, _TAGS_FIELD)
    if tags is not None:
        pm.tags = list(dict.fromkeys(_list_value(tags[1])))


# --------------------------------------------------------------------------- narrative


def _metadata_lines(block: Block) -> list[str] | None:
    """The lines of a paragraph of ``Key: value`` lines whose keys are mostly metadata (status, date,
    severity, created by, last modified…), or ``None`` when the paragraph is prose.

    Such a block under the title is document metadata, not the start of the summary.
    """
    if block.kind != "paragraph" or block.inline is None:
        return None
    lines = [line.strip() for line in block.inline.lines if line.strip()]
    if not lines:
        return None
    known = 0
    for line in lines:
        m = _METADATA_LINE.match(line)
        if m is None:
            return None
        key = m.group("k").strip().lower()
        known += key in _METADATA_KEYS or key in _DOCUMENT_KEYS
    return lines if known * 2 > len(lines) else None


def _kept_as_detail(line: str) -> bool:
    """Whether a metadata line goes to "Document details": not when a field of its own reads it
    (status, date, severity…) nor when its key is one of Hindsight's own header keys (what its
    Markdown export writes), so an export imported again gains no extra section."""
    m = _METADATA_LINE.match(line)
    if m is not None and m.group("k").strip().lower() in _METADATA_KEYS:
        return False
    patterns = [_STATUS_FIELD, _DATE_FIELD, _ZONE_FIELD, _SEVERITY_FIELD, _SERVICES_FIELD,
                *(p for _, p in _KEY_TIME_FIELDS)]
    return not any(p.match(line) for p in patterns)


DOCUMENT_DETAILS = "Document details"
"""The extra section that keeps metadata lines under the title that no field holds (created by, ...)."""


def _narrative(
    doc: Document, title_section: Section | None, timeline: Section | None, warn: Callable[[int | None, str], None],
    set_aside: Sequence[Section] = (),
) -> tuple[Narrative, list[ExtraSection], dict[int, int]]:
    fields: dict[str, list[str]] = {name: [] for name in NARRATIVE_FIELDS}
    extras: list[ExtraSection] = []
    details: list[str] = []
    extra_lines: dict[int, int] = {}

    def text_of(section: Section, *, include: bool) -> str:
        parts = [blocks_text(section.blocks)]
        for child in section.children:
            if include or classify_heading(child.title) is None:
                parts.append("#" * child.level + " " + child.title)
                parts.append(text_of(child, include=True))
        return "\n\n".join(p for p in parts if p).strip()

    def visit(section: Section, parent_known: bool) -> None:
        kind = classify_heading(section.title) if section is not doc.root else None
        if section is doc.root or section is title_section:
            prose = []
            for block in section.blocks:
                metadata = _metadata_lines(block)
                if metadata is None:
                    prose.append(block)
                else:
                    details.extend(line for line in metadata if _kept_as_detail(line))
            intro = blocks_text(prose)
            if intro:
                fields["summary"].append(intro)
            for child in section.children:
                visit(child, True)
            return
        if section is timeline or kind == "actions":
            # their entries and items are imported separately; children may be other known sections,
            # or (under the timeline) sections of their own with no entry in them
            aside = {id(c) for c in set_aside} if section is timeline else set()
            for child in section.children:
                if classify_heading(child.title) is not None or id(child) in aside:
                    visit(child, True)
            return
        if kind is None and not parent_known:
            return  # appended to its parent's text
        field = narrative_field(kind)
        if field is not None:
            own = section.blocks
            if field == "root_cause":  # Hindsight's labelled cause list is the causes, not narrative
                own = [b for b in own if not is_labelled_cause_list(b)]
            body = blocks_text(own)
            parts = [body] if body else []
            for child in section.children:
                if classify_heading(child.title) is None:
                    parts.append(f"{'#' * child.level} {child.title}\n\n{text_of(child, include=True)}".strip())
            text = "\n\n".join(parts).strip()
            if text:
                fields[field].append(text)
            for child in section.children:
                if classify_heading(child.title) is not None:
                    visit(child, True)
            return
        # lessons / takeaways (known, no field) and unknown sections: kept as extra text
        blocks = section.blocks
        if kind == "lessons":
            blocks = _split_lessons(blocks, fields)
        body = blocks_text(blocks)
        parts = [body] if body else []
        for child in section.children:
            if classify_heading(child.title) is None:
                parts.append(f"{'#' * child.level} {child.title}\n\n{text_of(child, include=True)}".strip())
        if parts or kind is None:
            extras.append(ExtraSection(heading=section.title, body="\n\n".join(parts).strip()))
            if kind is None:
                warn(section.line, f"kept section '{section.title}' as extra text")
            elif kind == "people":
                extra_lines[id(extras[-1])] = section.line  # read as names by _people, or reported there
            elif kind == "lessons":
                warn(section.line, f"kept section '{section.title}' as extra text: it is not split into "
                                   "what went well, what went wrong, where we got lucky or what surprised us")
            else:
                warn(section.line, f"kept section '{section.title}' as extra text")
        for child in section.children:
            if classify_heading(child.title) is not None:
                visit(child, True)

    visit(doc.root, True)
    narrative = Narrative(**{name: "\n\n".join(parts) for name, parts in fields.items()})
    if details:
        extras.insert(0, ExtraSection(heading=DOCUMENT_DETAILS, body="\n".join(details)))
        first = title_section.line if title_section is not None else 1
        warn(first, f"kept {len(details)} line(s) of document details under the title as the "
                    f"'{DOCUMENT_DETAILS}' section (no field of their own)")
    return narrative, extras, extra_lines


#: a paragraph that is only a lessons label ("What went well:", "**Where we got lucky**")
_LESSON_LABEL_MAX = 60


def _lesson_label(block: Block) -> tuple[str | None, str]:
    """The lessons field a paragraph opens ("What went well: fast rollback"), and its remaining text."""
    if block.kind != "paragraph" or block.inline is None:
        return None, ""
    text = block.inline.prose
    lead = block.inline.strong_lead
    label = lead if lead is not None and text.startswith(lead) else text.split("\n")[0]
    head = label.strip()
    if not head.endswith(":") and lead is None:
        return None, ""
    head = head.rstrip(":").strip()
    if not head or len(head) > _LESSON_LABEL_MAX:
        return None, ""
    field = narrative_field(classify_heading(head))
    if field not in ("went_well", "went_wrong", "got_lucky", "surprised_us"):
        return None, ""
    return field, text[len(label):].strip()


def _split_lessons(blocks: list[Block], fields: dict[str, list[str]]) -> list[Block]:
    """Give the lessons fields the blocks that follow a label naming them; the blocks left, in order."""
    left: list[Block] = []
    current: str | None = None
    taken: dict[str, list[str]] = {}
    for block in blocks:
        field, rest = _lesson_label(block)
        if field is not None:
            current = field
            taken.setdefault(field, [])
            if rest:
                taken[field].append(rest)
            continue
        if current is None:
            left.append(block)
        else:
            text = block_text(block)
            if text:
                taken[current].append(text)
    for field, parts in taken.items():
        if parts:
            fields[field].append("\n\n".join(parts))
    return left


def _people(
    lines: list[tuple[int, str]], extras: list[ExtraSection], extra_lines: dict[int, int],
    warn: Callable[[int | None, str], None],
) -> tuple[list[Stakeholder], list[ExtraSection]]:
    """Stakeholders from a "Stakeholders:" field and from "Attendees"-like sections that list names
    (those sections are then no longer kept as text), and the extra sections left."""
    found = _field_value(lines, PEOPLE_FIELD)
    skipped: list[str] = []
    groups = [people_from_text(found[1], skipped=skipped) or []] if found is not None else []
    if found is not None and skipped:
        shown = "', '".join(e if len(e) <= 60 else e[:59] + "…" for e in skipped[:5])
        warn(found[0], f"'{shown}' in the stakeholders line {'does' if len(skipped) == 1 else 'do'} not read "
                       "as a name; it was left out of the stakeholders")
    kept = []
    for extra in extras:
        people = None
        if is_people_heading(extra.heading):
            people = people_from_text(extra.body, role=default_role(extra.heading))
        if people:
            groups.append(people)
        else:
            kept.append(extra)
            if id(extra) in extra_lines:
                warn(extra_lines[id(extra)], f"kept section '{extra.heading}' as extra text: "
                                             "it does not read as a list of names")
    return merge_people(*groups), kept


# --------------------------------------------------------------------------- import


#: Postmortem document states (not incident states such as "resolved").
_STATUS_WORDS = {
    "draft": Status.DRAFT, "in review": Status.IN_REVIEW, "in_review": Status.IN_REVIEW,
    "review": Status.IN_REVIEW, "published": Status.PUBLISHED, "final": Status.PUBLISHED,
    "closed": Status.CLOSED,
}


def _known_zone(name: str) -> bool:
    try:
        check_zone(name)
    except ValueError:
        return False
    return True


def _document_zone(doc: Document, scan: TimelineScan | None, default: tzinfo) -> tzinfo:
    if scan is not None and scan.zone_label:
        found = zone_for_label(scan.zone_label)
        if found is not None:
            return found
    for section in doc.root.walk():
        for block in section.blocks:
            if block.kind == "paragraph" and block.inline is not None:
                for m in _ZONE_STATEMENT.finditer(block.inline.text):
                    label = find_zone_label(m.group(0))
                    if label and zone_for_label(label) is not None:
                        return zone_for_label(label)  # type: ignore[return-value]
    if scan is not None:
        for entry in scan.entries:
            if entry.stamp is not None and entry.stamp.zone and zone_for_label(entry.stamp.zone) is not None:
                return zone_for_label(entry.stamp.zone)  # type: ignore[return-value]
            if entry.column_zone and zone_for_label(entry.column_zone) is not None:
                return zone_for_label(entry.column_zone)  # type: ignore[return-value]
    return default


def _unstructured(doc: Document) -> bool:
    """Whether a document has no Markdown structure at all: no heading, list, table or quote."""
    if doc.root.children:
        return False
    return all(block.kind in ("paragraph", "code", "html", "hr") for block in doc.root.blocks)


def _apply_review(pm: Postmortem, review: ReviewScan) -> None:
    """The 5 Whys, evidence, discussion notes, open questions and parking lot read by ``md_review``."""
    by_text = {" ".join(c.text.split()).casefold(): c.id for c in pm.causes}
    for chain in review.why_chains:
        cause_text = review.chain_causes.get(chain.id)
        if cause_text is not None:
            chain.cause_id = by_text.get(" ".join(cause_text.split()).casefold())
    pm.why_chains = review.why_chains
    pm.evidence = review.evidence
    pm.discussion_notes = "\n\n".join(review.discussion)
    pm.open_questions = review.questions
    pm.parking_lot = review.parking_lot


def import_markdown(text: str, *, source: str = "<markdown>", default_zone: str = "UTC") -> ImportResult:
    """Import Markdown text; never raises for odd content, reports doubts as warnings."""
    warnings: list[ImportWarning] = []

    def warn(line: int | None, message: str) -> None:
        warnings.append(ImportWarning(line, message))

    doc = parse_document(text)
    found_title = _title(doc)
    title, title_section = found_title.text, found_title.section
    if found_title.cut_from is not None:
        warn(found_title.line, Cut.of_title(found_title.cut_from, title).message())
    review = take_review_sections(doc.root, keep=title_section)
    timeline_section = find_timeline(doc.root)
    scan = collect_entries(timeline_section) if timeline_section is not None else None
    if scan is not None:
        apply_header_years(scan)
    lines = _paragraph_lines(doc.root)
    decider = _DateDecider(doc, title, scan, lines, warn)
    incident = decider.decide()
    decider.check_date_field(incident)

    fallback = timezone.utc if default_zone.upper() == "UTC" else iana_zone(default_zone)
    doc_zone = _document_zone(doc, scan, fallback)
    events = []
    if scan is not None:
        events = resolve_entries(scan, incident_date=incident, year_hint=decider.year_hint(incident),
                                 zone=doc_zone, warn=warn)

    actions = collect_actions(doc.root)
    head = _head_lines(doc, title_section)
    bones = _field_value(head, _BONES_FIELD)
    categories = list(DEFAULT_FISHBONE_CATEGORIES)
    if bones is not None:
        value = bones[1].strip()
        categories = [] if value.lower() == "none" else list(dict.fromkeys(
            c.strip() for c in value.split(";") if c.strip()))
    causes = collect_causes(doc.root, title_section=title_section, categories=categories)
    narrative, extras, extra_lines = _narrative(
        doc, title_section, timeline_section, warn, scan.set_aside if scan is not None else ())
    if scan is not None and scan.notes:
        extras.insert(0, ExtraSection(heading=scan.heading, body="\n\n".join(scan.notes)))
        warn(scan.line, f"kept the text of '{scan.heading}' that is not a timeline entry as extra text")
    for line, problem in actions.problems:
        warn(line, problem)
    for (heading, note), line in zip(actions.notes, actions.note_lines, strict=True):
        extras.append(ExtraSection(heading=heading, body=note))
        warn(line, f"kept the text of '{heading}' that is not an action item as extra text")
    stakeholders, extras = _people(lines, extras, extra_lines, warn)

    severity = _stated_severity(lines, warn)
    zone_name = iana_name(doc_zone)
    stated_zone = _field_value(lines, _ZONE_FIELD)
    if stated_zone is not None and _known_zone(stated_zone[1]):
        zone_name = stated_zone[1]
    status = Status.DRAFT
    stated_status = _field_value(lines, _STATUS_FIELD)
    if stated_status is not None:
        status = _STATUS_WORDS.get(stated_status[1].strip().strip("*_").lower(), Status.DRAFT)
    pm = Postmortem(
        title=title,
        severity=severity,
        status=status,
        time_zone=zone_name,
        incident_date=incident,
        narrative=narrative,
        timeline=events,
        action_items=actions.items,
        causes=causes,
        extra_sections=extras,
        stakeholders=stakeholders,
    )
    _apply_review(pm, review)
    pm.fishbone_categories = categories
    effect = _field_value(head, _EFFECT_FIELD)
    if effect is not None:
        pm.fishbone_effect = effect[1].strip()
    _head_fields(pm, head, incident, doc_zone, warn)
    for name, instant in _key_times(lines, incident, doc_zone, warn).items():
        setattr(pm.times, name, instant)
    services = _field_value(lines, _SERVICES_FIELD)
    if services is not None:
        pm.restoration.affected_services = [s.strip() for s in re.split(r"[,;]", services[1]) if s.strip()]
    if not title and not source.startswith("<"):
        pm.title = _bounded(Path(source).stem)
        warn(None, f"no title found; the file name '{pm.title}' was used")
    if _unstructured(doc) and not events and not pm.action_items:
        warn(None, "no headings, lists or timeline found: the whole text was kept as the summary")
    for cut in limit_fields(pm):
        warn(None, cut.message())
    warnings.sort(key=lambda w: w.line or 0)  # in the order of the document (stable)
    return ImportResult(postmortem=pm, warnings=warnings, source=source)


def import_markdown_file(path: Path) -> ImportResult:
    """Read and import a Markdown file; refuse empty, binary, non-UTF-8 or over-large files."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailure(name, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise ImportFailure(name, f"the file is {size / (1024 * 1024):.1f} MB; Markdown import accepts "
                                  f"at most {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(name, f"cannot read the file: {exc.strerror or exc}") from exc
    text = decode_text(data, name)
    if not text.strip():
        raise ImportFailure(name, "the file is empty")
    check_text(data, text, name)
    return import_markdown(text, source=name)


__all__ = ["ImportResult", "ImportWarning", "import_markdown", "import_markdown_file"]
