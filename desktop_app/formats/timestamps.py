"""Time stamps as people write them in postmortems: recognise, interpret, resolve.

The *extent* of a stamp (where it starts and ends in a line of text) is found
with the project's own rules below; the date/time text inside that extent is
interpreted by ``dateutil.parser`` (month names, ordinals, am/pm, weekdays),
which also rejects impossible values such as ``2024-02-30 25:61``.

What dateutil does not know is handled here:

* a time with no date (``18:53``) - the caller supplies the context date;
* zone labels: abbreviations map to *fixed offsets as labelled* (``PST`` is
  always -08:00, even in June), region names (``Eastern``) map to IANA zones;
* placeholders (``2023-MM-DD``, ``--:--``) and typos (5-digit years such as
  ``20202-01-16``) are recognised as stamps but reported as invalid, with a
  suggested correction for the year typo;
* numeric dates whose day/month order cannot be told (``3.4.2020``) are
  flagged ``ambiguous``;
* approximate markers (``~``, ``approx.``, ``around``) and ranges
  (``Between 2023-07-10 to 2023-07-16``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser

# --------------------------------------------------------------------------- zones

#: Abbreviations and their offsets in hours, used exactly as labelled.
FIXED_ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "BST": 1, "CET": 1, "WAT": 1, "WEST": 1,
    "CEST": 2, "EET": 2, "SAST": 2,
    "EEST": 3, "MSK": 3,
    "IST": 5.5,
    "SGT": 8, "HKT": 8, "AWST": 8, "CST8": 8,
    "JST": 9, "KST": 9,
    "ACST": 9.5,
    "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13,
    "BRT": -3,
    "EDT": -4, "AST": -4,
    "EST": -5, "CDT": -5,
    "CST": -6, "MDT": -6,
    "MST": -7, "PDT": -7,
    "PST": -8, "AKDT": -8,
    "AKST": -9,
    "HST": -10,
}

#: Region names whose offset depends on the date: real IANA zones.
REGION_ZONES: dict[str, str] = {
    "eastern": "America/New_York", "et": "America/New_York",
    "central": "America/Chicago", "ct": "America/Chicago",
    "mountain": "America/Denver", "mt": "America/Denver",
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles",
}

_IANA_FOR_OFFSET: dict[float, str] = {5.5: "Asia/Kolkata", 9.5: "Australia/Darwin"}

_ABBREV = "|".join(sorted((k for k in FIXED_ZONES if k != "Z" and not k[-1].isdigit()), key=len, reverse=True))
_REGION = r"(?i:eastern|central|mountain|pacific)(?:\s+(?i:time))?|ET|CT|MT|PT"
ZONE_TOKEN = (
    rf"(?:\+?(?:UTC|GMT)\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?|[+-]\d{{2}}:?\d{{2}}|\+?(?:{_ABBREV})|{_REGION})"
)
_ZONE_ANYWHERE = re.compile(rf"(?<![\w+-])(?P<z>{ZONE_TOKEN})(?![\w-])")


_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")
#: The UTC offsets in use on Earth run from -12:00 (Baker Island) to +14:00 (Line Islands).
MIN_OFFSET, MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)


def offset_problem(label: str) -> str:
    """Why a numeric offset label (``+99:00``, ``UTC+5:75``) cannot be a UTC offset, or ``""``.

    Labels that are not numeric offsets (``PST``, ``Eastern``) have no problem here.
    """
    text = label.strip().strip("()").strip().upper()
    if text.lstrip("+").startswith(("UTC", "GMT")):
        text = text.lstrip("+")
    m = _OFFSET.fullmatch(text)
    if m is None:
        return ""
    minutes = int(m.group(3) or 0)
    sign = -1 if m.group(1) == "-" else 1
    delta = timedelta(hours=int(m.group(2)), minutes=minutes) * sign
    if minutes >= 60 or not MIN_OFFSET <= delta <= MAX_OFFSET:
        return f"'{label.strip().strip('()').strip()}' is not a real UTC offset (offsets run from -12:00 to +14:00)"
    return ""


def zone_for_label(label: str) -> tzinfo | None:
    """The ``tzinfo`` a zone label stands for, or ``None`` when unknown.

    >>> zone_for_label("PST")
    datetime.timezone(datetime.timedelta(days=-1, seconds=57600), 'PST')
    """
    text = label.strip().strip("()").strip()
    if not text:
        return None
    text = text.lstrip("+") if text.upper().lstrip("+").startswith(("UTC", "GMT")) else text
    upper = text.upper()
    if upper in FIXED_ZONES:
        hours = FIXED_ZONES[upper]
        if hours == 0:
            return timezone.utc
        return timezone(timedelta(hours=hours), upper)
    m = _OFFSET.fullmatch(upper)
    if m:
        if offset_problem(label):
            return None
        sign = -1 if m.group(1) == "-" else 1
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
        return timezone.utc if not delta else timezone(delta)
    region = re.sub(r"\s+time$", "", text.lower())
    if region in REGION_ZONES:
        return ZoneInfo(REGION_ZONES[region])
    return None


def iana_name(zone: tzinfo) -> str:
    """An IANA name that shows instants of ``zone`` with the same offset.

    Fixed offsets become ``UTC`` or ``Etc/GMT±N`` (note POSIX's inverted sign),
    so the display never silently switches to daylight-saving time.
    """
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(None)
    if offset is None or not offset:
        return "UTC"
    hours = offset.total_seconds() / 3600
    if hours in _IANA_FOR_OFFSET:
        return _IANA_FOR_OFFSET[hours]
    if hours.is_integer():
        whole = int(hours)
        return f"Etc/GMT{-whole:+d}"
    return "UTC"


def find_zone_label(text: str) -> str | None:
    """The first zone label written in ``text`` (``'All times in CET.'`` -> ``'CET'``)."""
    for m in _ZONE_ANYWHERE.finditer(text):
        label = m.group("z")
        if zone_for_label(label) is not None:
            return label
    return None


# --------------------------------------------------------------------------- grammar

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
    r"\.?,?\s+)?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = [
    # 2024-01-31, 2024/01/31, 20202-01-16 (typo), 2023-MM-DD (placeholder)
    ("iso", rf"(?P<y>\d{{4,5}})(?P<s>[-/.])(?P<m>\d{{1,2}}|[A-Za-z?]{{2}})(?P=s)(?P<d>\d{{1,2}}|[A-Za-z?]{{2}})(?![\d])"),
    # 02-13-2025, 3.4.2020, 4/21/23
    ("num", r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d])"),
    # June 14th, 2022 / Jan 14 / Aug-27-2021 / January 14-19, 2026
    ("mdy", rf"{_WEEKDAY}{_MONTH}[\s-]+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}}{_ORD})?(?![\d:])"
            rf"(?:(?:,\s*|\s+|-)(?P<y>\d{{4}})(?!\d|:\d))?"),
    # 29 November 2019 / Friday 29 November 2019
    ("dmy", rf"{_WEEKDAY}(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>\d{{4}}))?(?!\d|:\d)"),
]
_TIME = (
    r"(?P<time>(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\b\.?)?"
    r"|(?P<H2>\d{1,2})\s*(?P<ap2>[AaPp])\.?[Mm]\b\.?"
    r"|(?P<ph>--:--|\?\?:\?\?|[Hh]{2}:[Mm]{2}|[Xx]{2}:[Xx]{2}))"
)
_ZONE = rf"(?:(?:\s*|(?<=\d))\(?(?P<zone>Z(?![\w])|{ZONE_TOKEN})\)?(?![\w]))?"
_PREFIX = (
    r"(?P<approx>~\s*|≈\s*|(?i:approx(?:\.|imately)?|around|about|circa|ca\.|roughly)\s+)?"
    r"(?P<range>(?i:between|from)\s+)?(?:(?i:at|on)\s+)?"
)
_DT_SEP = r"(?:\s*,\s*|\s+(?i:at)\s+|T|\s+|\s*@\s*)"
_FOOTNOTES = r"(?P<notes>(?:\[\^[^\]\s]+\])*)"
_END = r"(?=$|[\s:;,.\-–—|)\]]|\*)"

_LEADING: list[tuple[str, re.Pattern[str]]] = []
for _name, _form in _DATE_FORMS:
    _LEADING.append(
        (_name, re.compile(rf"^\s*{_PREFIX}(?P<date>{_form})(?:{_DT_SEP}{_TIME})?{_ZONE}{_FOOTNOTES}{_END}", re.I))
    )
_LEADING.append(("time", re.compile(rf"^\s*{_PREFIX}{_TIME}{_ZONE}{_FOOTNOTES}{_END}", re.I)))
_RANGE_TAIL = re.compile(r"\s*(?:to|and|until|till|through|-|–|—)\s+", re.I)

_SEARCH: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"(?<![\w/.:-])(?P<date>{form})(?![\w/])", re.I)) for name, form in _DATE_FORMS
]
_MONTH_DAY = re.compile(r"(?<![\w/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/.])")

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


@dataclass(frozen=True)
class Stamp:
    """A time stamp recognised in text, not yet tied to a context date or zone.

    Attributes:
        raw: the stamp as written (footnote markers included).
        day: the calendar date when the stamp names one (year may be borrowed, see ``year_given``).
        clock: the time of day, when written.
        zone: the zone label as written, or ``""``.
        year_given: whether the year was written in the stamp.
        month_day: (month, day) when a date without year was written.
        seconds: whether the time had seconds.
        invalid: why the stamp cannot be an instant (placeholder, impossible date, typo), or ``""``.
        suggested: a corrected date for a recognisable typo (5-digit year), for context only.
        ambiguous: the numeric day/month order could not be told; ``day`` is a guess.
        approximate: written with ``~``/approx/around or as a range.
        end: index in the source text just after the stamp.
    """

    raw: str
    day: date | None = None
    clock: time | None = None
    zone: str = ""
    year_given: bool = False
    month_day: tuple[int, int] | None = None
    seconds: bool = False
    invalid: str = ""
    suggested: date | None = None
    ambiguous: bool = False
    approximate: bool = False
    end: int = 0

    @property
    def has_date(self) -> bool:
        return self.day is not None or self.month_day is not None or (bool(self.invalid) and self.kind_date)

    kind_date: bool = False

    def with_year(self, year: int) -> Stamp:
        """This stamp with a year supplied for a month/day written without one."""
        if self.month_day is None or self.year_given:
            return self
        try:
            return replace(self, day=date(year, *self.month_day))
        except ValueError:
            return replace(self, invalid=f"no such date {self.month_day[1]}/{self.month_day[0]} in {year}")


_RANGE = re.compile(r"^(?P<what>\w+) must be in (?P<low>\d+)\.\.(?P<high>\d+)")


def plain_reason(exc: Exception) -> str:
    """dateutil's reason in plain words, with no copy of the text: ``hour must be in 0..23: 25:61``
    becomes ``the hour must be 0 to 23``; ``day is out of range for month`` ``the month has no such day``."""
    reason = str(exc).split(": ", 1)[0].strip()
    if m := _RANGE.match(reason):
        return f"the {m['what']} must be {m['low']} to {m['high']}"
    if reason.startswith("day is out of range for month"):
        return "the month has no such day"
    return reason


def _clock(m: re.Match[str]) -> tuple[time | None, str, bool]:
    """The time of day from the TIME groups: (time, error, has_seconds)."""
    if m.group("time") is None:
        return None, "", False
    if m.group("ph"):
        return None, f"placeholder time {m.group('ph')!r}", False
    text = m.group("time")
    try:
        parsed = du_parser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError) as exc:
        return None, f"impossible time {text!r}: {plain_reason(exc)}", False
    hour_text = m.group("H") or m.group("H2")
    if (m.group("ap") or m.group("ap2")) and int(hour_text) > 12:
        return None, f"impossible time {text!r}", False
    return parsed.time(), "", m.group("S") is not None


def _numeric_order(a: int, b: int, sep: str) -> tuple[int, int, bool]:
    """(month, day, ambiguous) for a numeric date ``a<sep>b<sep>year``."""
    if a > 12 >= b:
        return b, a, False
    if b > 12 >= a:
        return a, b, False
    if a == b:
        return a, b, False
    if sep == ".":
        return b, a, True  # European day.month.year reading
    return a, b, True  # US month/day/year reading


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _interpret_date(kind: str, m: re.Match[str], year_hint: int | None) -> dict[str, object]:
    """Turn the DATE groups of a match into Stamp fields."""
    out: dict[str, object] = {"kind_date": True}
    if kind == "iso":
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        if not (mo.isdigit() and d.isdigit()):
            out["invalid"] = f"placeholder date {m.group('date')!r}"
            return out
        if len(y) == 5:
            out["invalid"] = f"impossible year {y!r} in {m.group('date')!r}"
            for fixed in (y[:4], y[:3] + y[4], y[1:]):
                if 1970 <= int(fixed) <= 2100:
                    try:
                        out["suggested"] = date(int(fixed), int(mo), int(d))
                    except ValueError:
                        continue
                    break
            return out
        out["year_given"] = True
        try:
            out["day"] = du_parser.parse(f"{y}-{int(mo):02d}-{int(d):02d}", yearfirst=True).date()
        except (ValueError, OverflowError) as exc:
            why = calendar_problem(int(y), int(mo), int(d)) or plain_reason(exc)
            out["invalid"] = f"impossible date {m.group('date')!r}: {why}"
        return out
    if kind == "num":
        month, day, ambiguous = _numeric_order(int(m.group("a")), int(m.group("b")), m.group("s"))
        out["ambiguous"] = ambiguous
        out["year_given"] = True
        try:
            out["day"] = date(_full_year(m.group("y")), month, day)
        except ValueError as exc:
            why = calendar_problem(_full_year(m.group("y")), month, day) or plain_reason(exc)
            out["invalid"] = f"impossible date {m.group('date')!r}: {why}"
        return out
    # month names: let dateutil read the text (ordinals, commas, weekdays)
    mon = _MONTHS[m.group("mon")[:3].lower()]
    day_num = int(m.group("d"))
    if m.group("y"):
        out["year_given"] = True
        try:
            out["day"] = du_parser.parse(f"{m.group('y')} {m.group('mon')} {day_num}").date()
        except (ValueError, OverflowError) as exc:
            why = calendar_problem(int(m.group("y")), mon, day_num) or plain_reason(exc)
            out["invalid"] = f"impossible date {m.group('date')!r}: {why}"
        return out
    out["month_day"] = (mon, day_num)
    if not 1 <= day_num <= 31:
        out["invalid"] = f"impossible date {m.group('date')!r}"
        return out
    if year_hint is not None:
        try:
            out["day"] = date(year_hint, mon, day_num)
        except ValueError:
            out["invalid"] = f"impossible date {m.group('date')!r} in {year_hint}"
    return out


def parse_leading_stamp(text: str, *, year_hint: int | None = None) -> Stamp | None:
    """The time stamp that ``text`` starts with, or ``None``.

    ``year_hint`` completes dates written without a year (``Jan 14, 10:18 AM``).
    Recognised but impossible stamps come back with ``invalid`` set.
    """
    for kind, pattern in _LEADING:
        m = pattern.match(text)
        if not m:
            continue
        fields: dict[str, object] = {}
        if kind != "time":
            fields.update(_interpret_date(kind, m, year_hint))
        clock, error, seconds = _clock(m)
        if error and not fields.get("invalid"):
            # a placeholder time on a real date still gives the day
            if m.group("ph") and fields.get("day"):
                pass
            else:
                fields["invalid"] = error
        fields["clock"] = clock
        fields["seconds"] = seconds
        end = m.end()
        approximate = bool(m.group("approx"))
        if m.group("range"):
            approximate = True
            tail = _RANGE_TAIL.match(text, end)
            if tail:
                rest = parse_leading_stamp(text[tail.end():], year_hint=year_hint)
                if rest is not None:
                    end = tail.end() + rest.end
        start = m.start("approx") if m.group("approx") else (m.start("range") if m.group("range") else None)
        if start is None:
            start = m.start("date") if kind != "time" else m.start("time")
        raw = text[start:end].strip()
        return Stamp(raw=raw, zone=(m.group("zone") or "").strip(), approximate=approximate, end=end,
                     **fields)  # type: ignore[arg-type]
    return None


@dataclass(frozen=True)
class FoundDate:
    """A calendar date found inside free text."""

    day: date | None
    text: str
    ambiguous: bool = False
    year_given: bool = True
    month_day: tuple[int, int] | None = None


def find_dates(text: str, *, year_hint: int | None = None, month_day_slash: bool = False) -> list[FoundDate]:
    """Every calendar date written in ``text``, in order of appearance.

    Dates without a year are completed with ``year_hint`` (or returned with
    ``day=None``). ``month_day_slash`` also accepts ``4/26`` (month/day).
    """
    hits: list[tuple[int, int, FoundDate]] = []
    for kind, pattern in _SEARCH:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e, _ in hits):
                continue
            f = _interpret_date(kind, m, year_hint)
            if f.get("invalid"):
                continue
            hits.append((m.start(), m.end(), FoundDate(
                day=f.get("day"),  # type: ignore[arg-type]
                text=m.group("date").strip(),
                ambiguous=bool(f.get("ambiguous")),
                year_given=bool(f.get("year_given")),
                month_day=f.get("month_day"),  # type: ignore[arg-type]
            )))
    if month_day_slash:
        for m in _MONTH_DAY.finditer(text):
            if any(s <= m.start() < e for s, e, _ in hits):
                continue
            a, b = int(m.group("a")), int(m.group("b"))
            if not (1 <= a <= 12 and 1 <= b <= 31):
                continue
            ambiguous = b <= 12 and a != b
            day = None
            if year_hint is not None:
                try:
                    day = date(year_hint, a, b)
                except ValueError:
                    continue
            hits.append((m.start(), m.end(), FoundDate(day, m.group(0), ambiguous, False, (a, b))))
    hits.sort(key=lambda h: h[0])
    return [h[2] for h in _share_range_years(text, hits)]


_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*", re.I)


def _share_range_years(text: str, hits: list[tuple[int, int, FoundDate]]) -> list[tuple[int, int, FoundDate]]:
    """``November 11 and November 15, 2025``: the first date of a range takes the year of the second."""
    out = list(hits)
    for i in range(len(out) - 1):
        start, end, first = out[i]
        following = out[i + 1][2]
        if first.year_given or first.month_day is None or not following.year_given or following.day is None:
            continue
        if not _RANGE_JOIN.fullmatch(text[end : out[i + 1][0]]):
            continue
        try:
            day = date(following.day.year, *first.month_day)
        except ValueError:
            continue
        out[i] = (start, end, replace(first, day=day, year_given=True))
    return out


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def calendar_problem(year: int, month: int, day: int) -> str:
    """Why ``year-month-day`` names no calendar day (``'February has no 30th'``), or ``""``."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if day <= last:
        return ""
    if month == 2 and day == 29:
        return f"February {year} has no 29th; {year} is not a leap year"
    return f"{_MONTH_NAMES[month - 1]} has no {_ordinal(day)}"


#: as ``_SEARCH``, but an ISO date may run into its time (``2024-04-31T10:00``)
_IMPOSSIBLE_SEARCH = [
    (name, re.compile(rf"(?<![\w/.:-])(?P<date>{form})(?![\d/]|[A-SU-Za-su-z])", re.I)) for name, form in _DATE_FORMS
]


def impossible_date(text: str) -> tuple[str, str] | None:
    """The first date written in ``text`` that names no calendar day, and why: ``('31/02/2024',
    'February has no 31st')``. Placeholders (``2023-MM-DD``) and five-digit years are not reported here.
    """
    for kind, pattern in _IMPOSSIBLE_SEARCH:
        for m in pattern.finditer(text):
            if kind == "iso":
                y, mo, d = m.group("y"), m.group("m"), m.group("d")
                if len(y) != 4 or not (mo.isdigit() and d.isdigit()):
                    continue
                problem = calendar_problem(int(y), int(mo), int(d))
            elif kind == "num":
                a, b = int(m.group("a")), int(m.group("b"))
                if a > 12 and b > 12 and a != b:
                    problem = f"neither {a} nor {b} can be a month"
                else:
                    month, day, _ = _numeric_order(a, b, m.group("s"))
                    problem = calendar_problem(_full_year(m.group("y")), month, day)
            else:
                year = int(m.group("y")) if m.group("y") else 2000  # a leap year: any 29 February may be real
                problem = calendar_problem(year, _MONTHS[m.group("mon")[:3].lower()], int(m.group("d")))
            if problem:
                return m.group("date").strip(), problem
    return None


_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?:\d{4}|\d{2})(?![\d/.-])")


def numeric_orders(text: str) -> dict[str, str]:
    """The day/month order that unambiguous numeric dates in ``text`` show, per separator.

    ``{'-': 'mdy'}`` when ``02-28-2024`` appears; a separator used both ways is left out.
    """
    seen: dict[str, set[str]] = {}
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            seen.setdefault(m.group("s"), set()).add("dmy")
        elif b > 12 >= a:
            seen.setdefault(m.group("s"), set()).add("mdy")
    return {sep: orders.pop() for sep, orders in seen.items() if len(orders) == 1}


def confirms_guess(raw: str, orders: dict[str, str]) -> bool:
    """Whether ``orders`` (from the same document) confirm the reading guessed for an ambiguous ``raw`` date."""
    m = _NUMERIC.search(raw)
    if m is None:
        return False
    guess = "dmy" if m.group("s") == "." else "mdy"
    return orders.get(m.group("s")) == guess


def to_datetime(day: date, clock: time | None, zone: tzinfo) -> datetime:
    """An aware datetime: ``day`` at ``clock`` (midnight when absent) in ``zone``."""
    return whole_minute_offset(datetime.combine(day, clock or time(0, 0), tzinfo=zone))


def whole_minute_offset(instant: datetime) -> datetime:
    """``instant`` with a UTC offset JSON can carry: whole minutes.

    Old local mean times (``-07:52:58`` in Los Angeles before 1883) have seconds that the
    JSON export would drop, moving the instant; such an instant is given in UTC instead
    (or, at the very edge of the calendar, with the offset rounded to the minute).
    """
    offset = instant.utcoffset()
    if offset is None or offset.seconds % 60 == 0 and offset.microseconds == 0:
        return instant
    try:
        return instant.astimezone(timezone.utc)
    except OverflowError:
        minutes = round(offset.total_seconds() / 60)
        return instant.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def parse_timestamp(
    text: str, *, default_date: date | None = None, zone: tzinfo = timezone.utc
) -> datetime | None:
    """One-shot interpretation of a stand-alone stamp such as ``'4:49 PM UTC'``.

    Returns ``None`` when ``text`` is not a stamp, names an impossible or
    placeholder value, or is a time with no ``default_date`` to attach it to.
    """
    stamp = parse_leading_stamp(text, year_hint=default_date.year if default_date else None)
    if stamp is None or stamp.invalid or text[stamp.end:].strip(" :-–—"):
        return None
    day = stamp.day or default_date
    if day is None:
        return None
    stamp_zone = zone_for_label(stamp.zone) if stamp.zone else None
    return to_datetime(day, stamp.clock, stamp_zone or zone)
