"""An iCalendar (RFC 5545) invitation to a postmortem's review meeting.

One ``VCALENDAR`` with one ``VTIMEZONE`` and one ``VEVENT``. The meeting's start
and end are local times in the postmortem's display zone (``DTSTART;TZID=Europe/Berlin:…``),
so the invitation says which zone the meeting was planned in and a calendar shows
it in each reader's own zone. The ``VTIMEZONE`` is generated from the tz database
(``zoneinfo``): the offset change in force at the meeting and those of the year
after it, each as a ``STANDARD`` or ``DAYLIGHT`` observance. A postmortem in UTC
gets plain UTC times (``Z`` form) and no ``VTIMEZONE``. The zone is also named in
the description.

* ``UID`` is stable per postmortem (``<id>-review@hindsight``): sending a
  corrected invitation updates the same event instead of adding another.
* ``ORGANIZER`` is ``organizer_email`` when given, else the facilitator's
  e-mail; with an organizer the file is an invitation (``METHOD:REQUEST``),
  without one it is a plain event to publish (``METHOD:PUBLISH``).
* ``ATTENDEE`` lines name every stakeholder with an e-mail address, once.
* TEXT values are escaped (``\\``, ``;``, ``,``, newlines as ``\\n``); lines
  are folded at 75 octets without splitting a UTF-8 character; line ends are
  CRLF.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from desktop_app.domain.emails import EMAIL
from desktop_app.domain.models import Postmortem, Stakeholder, StakeholderRole, utc_now
from desktop_app.domain.zones import to_zone, zone
from desktop_app.formats.errors import ExportFailure

PRODID = "-//Hindsight//Postmortem review//EN"
AGENDA = (
    "Context and impact",
    "Timeline walk-through",
    "Root cause analysis",
    "What went well, what went wrong, where we got lucky",
    "Action items: owners and due dates",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Zulu", "Etc/Zulu", "Universal", "Etc/Universal"})


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped; controls dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def param_value(value: str) -> str:
    """A parameter value (``CN=``): quoted when it holds ``:;,``; a double quote cannot appear."""
    value = _CONTROL.sub("", " ".join(value.split())).replace('"', "'")
    return f'"{value}"' if re.search(r"[:;,]", value) else value


def fold(line: str) -> str:
    """``line`` folded into CRLF-joined pieces of at most 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines begin with one space
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _offset(delta: timedelta | None) -> str:
    """``+0100``, ``-0930``, ``+053030``: an RFC 5545 UTC-OFFSET."""
    seconds = int((delta or timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _transitions(tz: tzinfo, start: datetime, end: datetime) -> list[datetime]:
    """The UTC instants in ``start``..``end`` at which ``tz`` changes its offset (to the minute)."""
    found: list[datetime] = []
    step = timedelta(days=1)
    moment = start
    before = moment.astimezone(tz).utcoffset()
    while moment < end:
        later = moment + step
        after = later.astimezone(tz).utcoffset()
        if after != before:
            low, high = moment, later  # offset(low) == before, offset(high) != before
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if middle.astimezone(tz).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            found.append(high)
        moment, before = later, after
    return found


def vtimezone(name: str, meeting: datetime) -> list[str]:
    """The ``VTIMEZONE`` lines for zone ``name`` around ``meeting`` (see the module docstring)."""
    tz = zone(name)
    utc = meeting.astimezone(timezone.utc).replace(second=0, microsecond=0)
    changes = _transitions(tz, utc - timedelta(days=400), utc + timedelta(days=366))
    earlier = [c for c in changes if c <= utc]
    kept = earlier[-1:] + [c for c in changes if c > utc]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    if not kept:  # no change in two years: one standard observance
        local = utc.astimezone(tz)
        lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{_offset(local.utcoffset())}",
                  f"TZOFFSETTO:{_offset(local.utcoffset())}"]
        if local.tzname():
            lines.append(f"TZNAME:{escape_text(local.tzname() or '')}")
        return [*lines, "END:STANDARD", "END:VTIMEZONE"]
    for change in kept:
        old = (change - timedelta(minutes=1)).astimezone(tz)
        new = change.astimezone(tz)
        kind = "DAYLIGHT" if new.dst() else "STANDARD"
        onset = (change + (old.utcoffset() or timedelta())).replace(tzinfo=None)  # local time before the change
        lines += [f"BEGIN:{kind}", f"DTSTART:{onset:%Y%m%dT%H%M%S}", f"TZOFFSETFROM:{_offset(old.utcoffset())}",
                  f"TZOFFSETTO:{_offset(new.utcoffset())}"]
        if new.tzname():
            lines.append(f"TZNAME:{escape_text(new.tzname() or '')}")
        lines.append(f"END:{kind}")
    return [*lines, "END:VTIMEZONE"]


def _local(moment: datetime, name: str) -> str:
    return f"TZID={name}:{to_zone(moment, name):%Y%m%dT%H%M%S}"


def _description(pm: Postmortem, start: datetime) -> str:
    local = to_zone(start, pm.time_zone)
    facts = []
    if pm.severity is not None:
        facts.append(pm.severity.value)
    if pm.incident_date is not None:
        facts.append(f"incident on {pm.incident_date.isoformat()}")
    lines = [f"Blameless postmortem review: {pm.title.strip() or 'untitled postmortem'}"
             + (f" ({', '.join(facts)})" if facts else "") + ".",
             f"Meeting time in {pm.time_zone}: {local:%Y-%m-%d %H:%M}.",
             "",
             "Agenda:"]
    lines += [f"{n}. {step}" for n, step in enumerate(AGENDA, start=1)]
    summary = pm.narrative.summary.strip()
    if summary:
        lines += ["", "Summary:", summary]
    lines += ["", "We look at systems and decisions, not at people to blame."]
    return "\n".join(lines)


def _mail(stakeholder: Stakeholder) -> str:
    email = stakeholder.email.strip()
    return email if EMAIL.fullmatch(email) else ""


def review_invite_ics(
    pm: Postmortem,
    *,
    duration_minutes: int = 60,
    organizer_email: str = "",
    now: datetime | None = None,
) -> bytes:
    """The review meeting of ``pm`` as ``.ics`` bytes; ``now`` (aware) sets ``DTSTAMP`` (tests)."""
    start = pm.review_meeting_at
    if start is None:
        raise ExportFailure(
            "cannot write a review invitation: the review meeting time is not set "
            "(set it on the Stakeholders step)",
            reason="no review meeting time",
        )
    if duration_minutes <= 0:
        raise ExportFailure(f"the review meeting must last at least a minute (got {duration_minutes})")
    end = start + timedelta(minutes=duration_minutes)
    stamp = now or utc_now()

    facilitator = next((s for s in pm.stakeholders if s.is_facilitator and _mail(s)), None)
    organizer = organizer_email.strip()
    organizer_name = ""
    if organizer and not EMAIL.fullmatch(organizer):
        raise ExportFailure(f"the organizer e-mail {organizer!r} is not an e-mail address")
    if not organizer and facilitator is not None:
        organizer, organizer_name = _mail(facilitator), facilitator.name
    elif organizer:
        match = next((s for s in pm.stakeholders if _mail(s).lower() == organizer.lower()), None)
        organizer_name = match.name if match else ""

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'REQUEST' if organizer else 'PUBLISH'}",
    ]
    in_utc = pm.time_zone in _UTC_NAMES
    if not in_utc:
        lines += vtimezone(pm.time_zone, start)
    lines += [
        "BEGIN:VEVENT",
        f"UID:{pm.id}-review@hindsight",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(start)}" if in_utc else f"DTSTART;{_local(start, pm.time_zone)}",
        f"DTEND:{_utc(end)}" if in_utc else f"DTEND;{_local(end, pm.time_zone)}",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        f"SUMMARY:{escape_text('Postmortem review: ' + ' '.join(pm.title.split()))}",
        f"DESCRIPTION:{escape_text(_description(pm, start))}",
    ]
    if organizer:
        cn = f";CN={param_value(organizer_name)}" if organizer_name.strip() else ""
        lines.append(f"ORGANIZER{cn}:mailto:{organizer}")
    seen: set[str] = set()
    for person in pm.stakeholders:
        email = _mail(person)
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        if person.is_facilitator:
            role = "CHAIR"
        elif person.role in (StakeholderRole.OBSERVER, StakeholderRole.LEADERSHIP):
            role = "OPT-PARTICIPANT"
        else:
            role = "REQ-PARTICIPANT"
        cn = f"CN={param_value(person.name)};" if person.name.strip() else ""
        lines.append(f"ATTENDEE;{cn}ROLE={role};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{email}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


__all__ = ["AGENDA", "PRODID", "escape_text", "fold", "param_value", "review_invite_ics", "vtimezone"]
