"""An iCalendar (RFC 5545) invitation to a postmortem's review meeting.

One ``VCALENDAR`` with one ``VEVENT``. Times are written in UTC (``Z`` form),
which every calendar accepts and shows in the reader's own zone; that needs
no ``VTIMEZONE`` component, whose rules would have to be generated from the
tz database. The postmortem's own display zone is named in the description.

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
from datetime import datetime, timedelta, timezone

from desktop_app.domain.models import Postmortem, Stakeholder, StakeholderRole, utc_now
from desktop_app.domain.zones import to_zone
from desktop_app.formats.errors import ExportFailure

PRODID = "-//Hindsight//Postmortem review//EN"
AGENDA = (
    "Context and impact",
    "Timeline walk-through",
    "Root cause analysis",
    "What went well, what went wrong, where we got lucky",
    "Action items: owners and due dates",
)
_EMAIL = re.compile(r"[^\s@<>\"',;:]+@[^\s@<>\"',;:]+\.[^\s@<>\"',;:]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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
    return email if _EMAIL.fullmatch(email) else ""


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
    if organizer and not _EMAIL.fullmatch(organizer):
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
        "BEGIN:VEVENT",
        f"UID:{pm.id}-review@hindsight",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
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


__all__ = ["AGENDA", "PRODID", "escape_text", "fold", "param_value", "review_invite_ics"]
