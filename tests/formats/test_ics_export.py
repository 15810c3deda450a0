"""ICS invitation to the review meeting: exact lines, escaping, folding, and a parser's reading of it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.models import Narrative, Postmortem, Severity, Stakeholder, StakeholderRole
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.ics_export import escape_text, fold, review_invite_ics

NOW = datetime(2024, 3, 2, 9, 30, 15, tzinfo=timezone.utc)


def _pm(**changes: object) -> Postmortem:
    pm = Postmortem(
        id="0123456789abcdef0123456789abcdef",
        title="Checkout errors",
        severity=Severity.SEV2,
        time_zone="Europe/Berlin",
        incident_date=date(2024, 3, 1),
        review_meeting_at=datetime(2024, 3, 4, 14, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        narrative=Narrative(summary="Checkout failed for 20 minutes."),
        stakeholders=[
            Stakeholder(name="Ann Lee", role=StakeholderRole.INCIDENT_COMMANDER, email="ann@example.com",
                        is_facilitator=True),
            Stakeholder(name="Bob", role=StakeholderRole.RESPONDER, email="bob@example.com"),
            Stakeholder(name="No Mail", role=StakeholderRole.RESPONDER),
            Stakeholder(name="Vera", role=StakeholderRole.LEADERSHIP, email="vera@example.com"),
        ],
    )
    for key, value in changes.items():
        setattr(pm, key, value)
    return pm


def test_exact_invitation() -> None:
    data = review_invite_ics(_pm(), now=NOW)
    assert data.decode("utf-8").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hindsight//Postmortem review//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:STANDARD",
        "DTSTART:20231029T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20240331T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20241027T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:0123456789abcdef0123456789abcdef-review@hindsight",
        "DTSTAMP:20240302T093015Z",
        "DTSTART;TZID=Europe/Berlin:20240304T140000",
        "DTEND;TZID=Europe/Berlin:20240304T150000",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "SUMMARY:Postmortem review: Checkout errors",
        "DESCRIPTION:Blameless postmortem review: Checkout errors (SEV2\\, incident o",
        " n 2024-03-01).\\nMeeting time in Europe/Berlin: 2024-03-04 14:00.\\n\\nAgenda",
        " :\\n1. Context and impact\\n2. Timeline walk-through\\n3. Root cause analysis",
        " \\n4. What went well\\, what went wrong\\, where we got lucky\\n5. Action item",
        " s: owners and due dates\\n\\nSummary:\\nCheckout failed for 20 minutes.\\n\\nWe",
        "  look at systems and decisions\\, not at people to blame.",
        "ORGANIZER;CN=Ann Lee:mailto:ann@example.com",
        "ATTENDEE;CN=Ann Lee;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ann@e",
        " xample.com",
        "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto",
        " :bob@example.com",
        "ATTENDEE;CN=Vera;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailt",
        " o:vera@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def _unfold(data: bytes) -> list[str]:
    """RFC 5545 3.1: CRLF followed by one space or tab continues the previous line."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def _parse(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in _unfold(data):
        m = re.match(r'^([A-Z-]+)((?:;[A-Z-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$', line)
        assert m, line
        params = dict(re.findall(r';([A-Z-]+)=("[^"]*"|[^";:,]*)', m.group(2)))
        out.append((m.group(1), {k: v.strip('"') for k, v in params.items()}, m.group(3)))
    return out


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_parser_reads_every_property_back() -> None:
    title = 'AT&T outage; R&D & QA, a<b & c>d "q" \\ 東京 שלום مرحبا 🔥'
    pm = _pm(title=title, narrative=Narrative(summary="Line one;\nline two, with 😀"))
    pm.stakeholders[1].name = 'Bob "B", Jr.; 東京'
    props = _parse(review_invite_ics(pm, duration_minutes=90, now=NOW))
    names = [p[0] for p in props]
    # VCALENDAR, VTIMEZONE with its three observances, VEVENT
    assert names.count("BEGIN") == 6 and names.count("END") == 6
    event = props[names.index("UID") - 1 :]
    by_name = {n: (params, value) for n, params, value in event if n != "ATTENDEE"}
    assert _unescape(by_name["SUMMARY"][1]) == f"Postmortem review: {title}"
    description = _unescape(by_name["DESCRIPTION"][1])
    assert description.splitlines()[0] == f"Blameless postmortem review: {title} (SEV2, incident on 2024-03-01)."
    assert "Summary:\nLine one;\nline two, with 😀\n" in description
    assert by_name["DTEND"] == ({"TZID": "Europe/Berlin"}, "20240304T153000")
    attendees = [(params["CN"], params["ROLE"], value) for n, params, value in props if n == "ATTENDEE"]
    assert attendees == [
        ("Ann Lee", "CHAIR", "mailto:ann@example.com"),
        ("Bob 'B', Jr.; 東京", "REQ-PARTICIPANT", "mailto:bob@example.com"),
        ("Vera", "OPT-PARTICIPANT", "mailto:vera@example.com"),
    ]


def test_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    pm = _pm(title="東京" * 40 + "🔥" * 20)
    data = review_invite_ics(pm, now=NOW)
    for raw in data.split(b"\r\n"):
        assert len(raw) <= 75
        raw.decode("utf-8")  # each physical line is valid UTF-8 on its own
    summary = next(line for line in _unfold(data) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Postmortem review: " + "東京" * 40 + "🔥" * 20


def test_fold_exact() -> None:
    assert fold("A" * 75) == "A" * 75
    assert fold("A" * 76) == "A" * 75 + "\r\n " + "A"
    assert fold("X" * 74 + "é") == "X" * 74 + "\r\n é"  # é is two octets: it would make 76
    assert fold("B" * 75 + "C" * 74 + "D") == "B" * 75 + "\r\n " + "C" * 74 + "\r\n D"


def test_escape_text() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg\x07") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_no_meeting_time_is_refused() -> None:
    with pytest.raises(ExportFailure, match="review meeting time is not set"):
        review_invite_ics(_pm(review_meeting_at=None), now=NOW)


def test_without_organizer_it_is_published_not_requested() -> None:
    pm = _pm()
    for s in pm.stakeholders:
        s.is_facilitator = False
    lines = review_invite_ics(pm, now=NOW).decode("utf-8").split("\r\n")
    assert "METHOD:PUBLISH" in lines
    assert not any(line.startswith("ORGANIZER") for line in lines)


def test_explicit_organizer_wins_and_duplicates_are_listed_once() -> None:
    pm = _pm()
    pm.stakeholders.append(Stakeholder(name="Bob again", email="BOB@example.com"))
    pm.stakeholders.append(Stakeholder(name="Bad", email="not an address"))
    props = _parse(review_invite_ics(pm, organizer_email="bob@example.com", now=NOW))
    assert [(n, p.get("CN"), v) for n, p, v in props if n == "ORGANIZER"] == [
        ("ORGANIZER", "Bob", "mailto:bob@example.com")
    ]
    assert [v for n, _, v in props if n == "ATTENDEE"] == [
        "mailto:ann@example.com", "mailto:bob@example.com", "mailto:vera@example.com",
    ]
    with pytest.raises(ExportFailure, match="not an e-mail address"):
        review_invite_ics(pm, organizer_email="nobody", now=NOW)
    with pytest.raises(ExportFailure, match="at least a minute"):
        review_invite_ics(pm, duration_minutes=0, now=NOW)


# -- read by a standard iCalendar library ------------------------------------------------------------


def _icalendar_event(pm: Postmortem, **kw: object) -> tuple[object, object]:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(review_invite_ics(pm, now=NOW, **kw))
    assert calendar.errors == []
    events = calendar.walk("VEVENT")
    assert len(events) == 1 and events[0].errors == []
    return calendar, events[0]


def test_icalendar_reads_the_whole_invitation() -> None:
    pm = _pm()
    pm.stakeholders[1].name = "Zoë Ødegård 東京"
    pm.stakeholders[3].name = "שרה כהן"
    calendar, event = _icalendar_event(pm)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "0123456789abcdef0123456789abcdef-review@hindsight"
    assert str(event["SUMMARY"]) == "Postmortem review: Checkout errors"
    berlin = ZoneInfo("Europe/Berlin")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() is not None and end.utcoffset() is not None  # aware: a fixed instant
    assert start == datetime(2024, 3, 4, 14, 0, tzinfo=berlin)
    assert end == datetime(2024, 3, 4, 15, 0, tzinfo=berlin)
    assert start.astimezone(berlin).strftime("%H:%M %Z") == "14:00 CET"
    # The meeting is planned in the postmortem's zone, which the invitation defines.
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin" == event["DTEND"].params["TZID"]
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    observances = [(c.name, str(c["TZNAME"]), c.decoded("DTSTART")) for c in tz.subcomponents]
    assert observances == [
        ("STANDARD", "CET", datetime(2023, 10, 29, 3, 0)),
        ("DAYLIGHT", "CEST", datetime(2024, 3, 31, 2, 0)),
        ("STANDARD", "CET", datetime(2024, 10, 27, 3, 0)),
    ]
    organizer = event["ORGANIZER"]
    assert (str(organizer), dict(organizer.params)) == ("mailto:ann@example.com", {"CN": "Ann Lee"})
    attendees = [(str(a), dict(a.params)) for a in event["ATTENDEE"]]
    assert attendees == [
        ("mailto:ann@example.com",
         {"CN": "Ann Lee", "ROLE": "CHAIR", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}),
        ("mailto:bob@example.com",
         {"CN": "Zoë Ødegård 東京", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}),
        ("mailto:vera@example.com",
         {"CN": "שרה כהן", "ROLE": "OPT-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}),
    ]
    assert str(event["DESCRIPTION"]) == (
        "Blameless postmortem review: Checkout errors (SEV2, incident on 2024-03-01).\n"
        "Meeting time in Europe/Berlin: 2024-03-04 14:00.\n"
        "\n"
        "Agenda:\n"
        "1. Context and impact\n"
        "2. Timeline walk-through\n"
        "3. Root cause analysis\n"
        "4. What went well, what went wrong, where we got lucky\n"
        "5. Action items: owners and due dates\n"
        "\n"
        "Summary:\n"
        "Checkout failed for 20 minutes.\n"
        "\n"
        "We look at systems and decisions, not at people to blame."
    )


def test_icalendar_reads_hostile_text_and_summer_time_exactly() -> None:
    title = 'AT&T; R&D, a<b & c>d \\ 東京 שלום مرحبا 🔥'
    pm = _pm(
        title=title,
        review_meeting_at=datetime(2024, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        narrative=Narrative(summary="Line one;\nline two, with 😀"),
    )
    pm.stakeholders[1].name = 'Bob "B", Jr.; 東京'
    _, event = _icalendar_event(pm, duration_minutes=45)
    assert str(event["SUMMARY"]) == f"Postmortem review: {title}"
    assert event.decoded("DTSTART") == datetime(2024, 7, 1, 7, 30, tzinfo=UTC)  # CEST is UTC+2
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    description = str(event["DESCRIPTION"])
    assert description.splitlines()[:2] == [
        f"Blameless postmortem review: {title} (SEV2, incident on 2024-03-01).",
        "Meeting time in Europe/Berlin: 2024-07-01 09:30.",
    ]
    assert "\nSummary:\nLine one;\nline two, with 😀\n" in description
    assert [a.params["CN"] for a in event["ATTENDEE"]] == ["Ann Lee", "Bob 'B', Jr.; 東京", "Vera"]


def test_icalendar_reads_a_published_event_without_organizer_or_names() -> None:
    pm = _pm()
    for person in pm.stakeholders:
        person.is_facilitator = False
    pm.stakeholders[2].email = "nomail@example.com"
    pm.stakeholders[2].name = ""
    calendar, event = _icalendar_event(pm)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "ORGANIZER" not in event
    assert [(str(a), a.params.get("CN")) for a in event["ATTENDEE"]] == [
        ("mailto:ann@example.com", "Ann Lee"),
        ("mailto:bob@example.com", "Bob"),
        ("mailto:nomail@example.com", None),
        ("mailto:vera@example.com", "Vera"),
    ]


def test_a_postmortem_in_utc_gets_utc_times_and_a_zone_without_changes_one_observance() -> None:
    pm = _pm(time_zone="UTC")
    calendar, event = _icalendar_event(pm)
    assert calendar.walk("VTIMEZONE") == []
    assert event.decoded("DTSTART") == datetime(2024, 3, 4, 13, 0, tzinfo=UTC)
    assert "DTSTART:20240304T130000Z" in _unfold(review_invite_ics(pm, now=NOW))
    tokyo = _pm(time_zone="Asia/Tokyo")
    calendar, event = _icalendar_event(tokyo)
    [tz] = calendar.walk("VTIMEZONE")
    assert [(c.name, str(c["TZNAME"]), c["TZOFFSETTO"].to_ical()) for c in tz.subcomponents] == [
        ("STANDARD", "JST", "+0900")
    ]
    assert event.decoded("DTSTART") == datetime(2024, 3, 4, 22, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
