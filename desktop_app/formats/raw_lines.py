"""Line-based raw material: chat transcripts, ISO 8601 and syslog logs, stamped text.

Each line that starts with a time stamp (bare, or in brackets: ``[14:03]``,
``[2024-05-01 14:03]``) starts a candidate; a line without one continues the previous
candidate's text (multi-line messages, stack traces). A bracketed time that cannot be
read, or a stamp naming an impossible value (``25:99``, ``2024-02-30``), still starts a
candidate, with no instant and the reason in ``problem``: nothing is dropped.

The layout is told from the stamped lines as a whole: ``log`` (ISO ``T`` stamps, log
levels, syslog ``host app[pid]:``), ``chat`` (``name: message`` or ``<name> message``
with names that repeat), else ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.domain.models import TimePrecision
from desktop_app.formats.raw_candidate import Candidate, Progress, StampResolver, Ticker, unreadable
from desktop_app.formats.timestamps import Stamp, parse_leading_stamp

_BRACKET = re.compile(r"^\s*[\[(](?P<inner>[^\]\)\n]{1,60})[\])]")
_LEVEL = re.compile(
    r"^[\[(]?(?:TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|CRIT(?:ICAL)?|FATAL|ALERT|EMERG|SEVERE)"
    r"\b[\])]?",
    re.IGNORECASE,
)
_SYSLOG = re.compile(r"^(?P<host>[\w.\-]+)\s+(?P<prog>[\w./\-]+)(?:\[\d+\])?:\s?(?P<msg>.*)$", re.DOTALL)
_ANGLE = re.compile(r"^<(?P<actor>[^<>\n]{1,40})>\s*(?P<text>.*)$", re.DOTALL)
_COLON = re.compile(r"^(?P<actor>[^\s:<>\[\]][^:<>\[\]\n]{0,39}?):\s+(?P<text>.*)$", re.DOTALL)
_LEAD = " \t-–—|:>]"
#: A bracket whose content is not a stamp but sits where a time goes: digits, colons, placeholders.
_TIMEISH = re.compile(r"[\d?]|\b(?:am|pm|noon|midnight|yesterday|today|tbd)\b", re.IGNORECASE)


#: Markdown a pasted source may carry before its time stamp: a list marker, emphasis or code.
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_|`)(?P<inner>[^*_`\n]{1,60}?)\1")


def _unmark(line: str) -> str:
    """``line`` without a leading Markdown list marker, and without emphasis around a leading stamp."""
    m = _LIST_MARKER.match(line)
    body = line[m.end() :] if m else line
    em = _EMPHASIS.match(body)
    if em and parse_leading_stamp(em.group("inner")) is not None:
        return em.group("inner") + body[em.end() :]
    return body if m else line


@dataclass
class _Stamped:
    line: int
    stamp: Stamp | None
    raw: str
    rest: str
    problem: str = ""


def _leading(line: str) -> tuple[Stamp | None, str, str, str] | None:
    """(stamp, raw, rest, problem) when ``line`` starts with a time, readable or not."""
    line = _unmark(line)
    m = _BRACKET.match(line)
    if m:
        inner = m.group("inner").strip()
        stamp = parse_leading_stamp(inner)
        rest = line[m.end() :]
        if stamp is not None and not inner[stamp.end :].strip():
            return stamp, stamp.raw or inner, rest, ""
        if stamp is None and _TIMEISH.search(inner) and _chat_parts(rest.strip().lstrip(_LEAD)) is not None:
            return None, inner, rest, unreadable(inner)
        if stamp is None:
            return None
    stamp = parse_leading_stamp(line)
    if stamp is None:
        return None
    return stamp, stamp.raw, line[stamp.end :], ""


def _chat_parts(rest: str) -> tuple[str, str] | None:
    m = _ANGLE.match(rest)
    if m is None:
        m = _COLON.match(rest)
        if m is None or len(m.group("actor").split()) > 4 or _LEVEL.match(m.group("actor")):
            return None
    return m.group("actor").strip(), m.group("text")


def _is_log(item: _Stamped) -> bool:
    rest = item.rest.strip()
    if item.stamp is not None and "T" in item.raw[8:13] and item.stamp.day is not None:
        return True
    return bool(_LEVEL.match(rest)) or (item.raw[:1].isalpha() and _SYSLOG.match(rest) is not None)


def _layout(stamped: list[_Stamped]) -> str:
    if not stamped:
        return "text"
    n = len(stamped)
    if sum(_is_log(s) for s in stamped) * 10 >= n * 6:
        return "log"
    actors = [p[0] for s in stamped if (p := _chat_parts(s.rest.strip().lstrip(_LEAD))) is not None]
    distinct = len(set(actors))
    # people in a chat speak more than once; lead-ins such as "Alert fired:" rarely repeat
    if len(actors) * 10 >= n * 6 and (distinct <= 3 or distinct < len(actors)):
        return "chat"
    return "text"


def read_lines(
    text: str, resolver: StampResolver, *, source: str, progress: Progress | None = None
) -> tuple[list[Candidate], str, int]:
    """Candidates from stamped lines, the layout found, and the number of skipped lines."""
    lines = text.splitlines()
    total = len(lines)
    ticker = Ticker(progress, total * 2)
    # pass 1: find where candidates start
    starts: dict[int, _Stamped] = {}
    for number, line in enumerate(lines, start=1):
        ticker.tick(number)
        if not line.strip():
            continue
        found = _leading(line)
        if found is not None:
            starts[number] = _Stamped(number, *found)
    stamped = list(starts.values())
    # a date alone on its line, amid clock times, is a day header for the times below it
    clocked = sum(1 for s in stamped if s.stamp is not None and s.stamp.clock is not None)
    day_headers: dict[int, Stamp] = {}
    if clocked:
        for s in stamped:
            if (s.stamp is not None and s.stamp.clock is None and not s.stamp.invalid
                    and not s.rest.strip(_LEAD + "*_`")):
                day_headers[s.line] = s.stamp
                del starts[s.line]
        stamped = list(starts.values())
    # other date-only "stamps" amid clock times are words in a message ("may 5 people…")
    if clocked * 10 >= len(stamped) * 8:
        for s in stamped:
            if s.stamp is not None and s.stamp.clock is None and not s.stamp.invalid:
                del starts[s.line]
        stamped = list(starts.values())
    layout = _layout(stamped)
    # pass 2: build candidates, joining continuation lines
    out: list[Candidate] = []
    skipped = 0
    for number, line in enumerate(lines, start=1):
        ticker.tick(total + number)
        item = starts.get(number)
        if number in day_headers:
            resolver.enter_day(day_headers[number])
            skipped += 1
            continue
        if item is None:
            skipped += 1
            if not line.strip():
                continue
            if out:
                out[-1].text = f"{out[-1].text}\n{line.rstrip()}" if out[-1].text else line.strip()
            else:  # text before the first time stamp is kept, with no time
                skipped -= 1
                out.append(
                    Candidate(
                        number,
                        None,
                        "",
                        TimePrecision.MINUTE,
                        "",
                        line.strip(),
                        source,
                        "No time stamp before this text",
                    )
                )
            continue
        out.append(_candidate(item, layout, resolver, source))
    ticker.check(total * 2)
    return out, layout, skipped


def _candidate(item: _Stamped, layout: str, resolver: StampResolver, source: str) -> Candidate:
    rest = item.rest.strip().lstrip(_LEAD).rstrip()
    actor = ""
    if layout == "log":
        m = _SYSLOG.match(rest) if item.raw[:1].isalpha() else None
        if m is not None:
            actor, rest = m.group("prog"), m.group("msg").strip()
    elif layout == "chat":
        parts = _chat_parts(rest)
        if parts is not None:
            actor, rest = parts[0], parts[1].strip()
    candidate = Candidate(item.line, None, item.raw, TimePrecision.MINUTE, actor, rest, source, item.problem)
    if item.stamp is not None:
        resolved = resolver.resolve(item.stamp)
        candidate.occurred_at, candidate.precision = resolved.occurred_at, resolved.precision
        candidate.problem, candidate.approximate = resolved.problem, resolved.approximate
    return candidate
