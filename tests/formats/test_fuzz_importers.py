"""Hostile input: property-based tests feeding generated text to every importer and paste handler.

Each importer below the UI must survive anything a user can paste or open: only the documented
exception escapes (``ImportFailure`` from ``from_json``, nothing from the others), whatever comes
back re-validates as a ``Postmortem``, carries only aware datetimes, serialises to JSON, and never
holds more timeline events than the text had lines.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.json_format import from_json, to_json
from desktop_app.formats.markdown_import import import_markdown
from desktop_app.formats.raw_timeline import event_kind, parse_raw, to_events
from desktop_app.formats.timeline_tsv import tsv_to_events
from desktop_app.formats.timestamps import Stamp, parse_leading_stamp

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies

_CHARS = st.characters(blacklist_categories=("Cs",))
_CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1c", "\x7f", "\x85",
                            "\u2028", "\u2029", "\ufeff", "\u200f", "\u202e", "\r", "\r\n", "\t"])

arbitrary_text = st.one_of(
    st.text(_CHARS, max_size=300),
    st.lists(st.one_of(st.text(_CHARS, max_size=20), _CONTROL), max_size=40).map("".join),
    st.builds(lambda ch, n: ch * n, st.text(_CHARS, min_size=1, max_size=3), st.integers(1000, 5000)),
)

_TIME_TOKENS = [
    "14:03", "14:03:22", "2024-02-30 25:61", "20202-01-01", "Jan 32", "12:60 PM", "24:00", "T",
    "2024-05-01T14:03:22.123Z", "2024-05-01 14:03", "May  1 14:03:22", "[14:03]", "~14:00",
    "around 2pm", "14:00-14:30", "14:00 – 15:00 UTC", "01/02/2024 3:04", "31/12/24", "0000-00-00",
    "9999-12-31 23:59", "0001-01-01 00:00", "Feb 29", "Feb 29, 2023", "2024-13-01", "XX:XX",
    "??:??", "TBD", "2:61am", "00:00:60", "1.1.1970", "Monday, Jan 14", "T+5m", "-05:00", "+14:00",
]
_ZONES = ["UTC", "PST", "PDT", "EST", "CET", "CEST", "IST", "JST", "GMT+5", "UTC-12", "UTC+14",
          "America/Los_Angeles", "Europe/Nowhere", "Z", "(UTC)", "Time zone: PDT", "Zone: Mars/Olympus"]
_WORDS = ["@alice", "@bob.smith", "🔥", "👩‍💻", "مرحبا بالعالم", "שלום", "日本語のテキスト", "<b>&amp;</b>",
          "**bold**", "`code`", "[link](http://x)", "Severity: SEV1", "Severity: SEV9", "Status: published",
          "Affected services: api, db;", "Detected at: 14:03", "Resolved at: 2024-02-30 25:61",
          "Date: 2024-05-01", "Incident date: Jan 32", "Owner: @alice", "Due: 2024-13-45", "P0", "—"]

_fragment = st.one_of(
    st.sampled_from([
        "# ", "## Timeline", "## Action items", "## Summary", "## Root cause", "### 2024-05-01",
        "### Jan 32", "- ", "* ", "* [ ] ", "* [x] ", "1. ", "> ", "| a | b |", "|---|---|",
        "| Time | Event |", "| --- | --- |", "|", "```", "~~~", "---\ntitle: x\n---", "---", "***",
        "\n", "\n\n", "    ", "\t", ": ", " - ", " | ",
    ]),
    st.sampled_from(_TIME_TOKENS),
    st.sampled_from(_ZONES),
    st.sampled_from(_WORDS),
    st.text(_CHARS, max_size=12),
)

markdown_text = st.lists(st.lists(_fragment, max_size=8).map(" ".join), max_size=30).map("\n".join)

_line_fragment = st.one_of(st.sampled_from(_TIME_TOKENS), st.sampled_from(_ZONES), st.sampled_from(_WORDS),
                           st.sampled_from(["INFO", "ERROR", "host app[123]:", "<alice>", "alice:", ",",
                                            '"', '""', ";", "\t", "time,message,actor",
                                            "timestamp,text", "Time\tDescription\tActor"]),
                           st.text(_CHARS, max_size=10))
raw_lines_text = st.lists(st.lists(_line_fragment, max_size=6).map(" ".join), max_size=25).map("\n".join)

_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                       st.text(_CHARS, max_size=15))
json_value = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(_CHARS, max_size=10), inner, max_size=4)),
    max_leaves=20,
)
_slack_message = st.fixed_dictionaries(
    {"ts": st.one_of(st.text(_CHARS, max_size=12), st.sampled_from(["1714572202.000100", "-1", "1e400",
                                                                    "99999999999999", "nan", ""]),
                     st.integers(), st.floats(allow_nan=True)),
     "text": st.one_of(st.text(_CHARS, max_size=20), st.integers(), st.none())},
    optional={"user": st.one_of(st.text(_CHARS, max_size=8), st.none(), st.integers()),
              "user_profile": json_value, "subtype": st.text(max_size=8), "thread_ts": json_value},
)
slack_text = st.lists(st.one_of(_slack_message, json_value), max_size=6).map(json.dumps)


def _sample_postmortem() -> Postmortem:
    pm = Postmortem(title="DB failover <&>", time_zone="America/Los_Angeles", incident_date=date(2024, 5, 1))
    pm.timeline.append(TimelineEvent(occurred_at=datetime.fromisoformat("2024-05-01T14:03:00+00:00"),
                                     description="page", actor="on-call"))
    return pm


_EXPORT: dict[str, Any] = json.loads(_sample_postmortem().model_dump_json())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path into a JSON value (the containers included)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


_EXPORT_PATHS = _paths(_EXPORT)


@st.composite
def corrupted_export(draw: st.DrawFn) -> str:
    """A real Postmortem JSON export with one field replaced by a random JSON value."""
    data = json.loads(json.dumps(_EXPORT))
    path = draw(st.sampled_from(_EXPORT_PATHS))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = draw(json_value)
    return json.dumps(data, indent=draw(st.sampled_from([None, 2])))


json_text = st.one_of(json_value.map(json.dumps), corrupted_export(), slack_text,
                      corrupted_export().map(lambda t: t[: len(t) // 2]))

any_text = st.one_of(arbitrary_text, markdown_text, raw_lines_text, json_text)

# --------------------------------------------------------------------------- checks


def _line_count(text: str) -> int:
    return max(len(text.splitlines()), text.count("\n") + 1)


def _walk_datetimes(value: Any) -> list[datetime]:
    if isinstance(value, datetime):
        return [value]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _walk_datetimes(v)]
    if isinstance(value, list):
        return [d for v in value for d in _walk_datetimes(v)]
    return []


def _check_postmortem(pm: Postmortem) -> None:
    dumped = pm.model_dump()
    assert Postmortem.model_validate(dumped) == pm
    for instant in _walk_datetimes(dumped):
        assert instant.tzinfo is not None and instant.utcoffset() is not None
    assert Postmortem.model_validate_json(pm.model_dump_json()) == pm


def _check_events(events: list[TimelineEvent]) -> None:
    for event in events:
        TimelineEvent.model_validate(event.model_dump())
        if event.occurred_at is not None:
            assert event.occurred_at.utcoffset() is not None
        event.model_dump_json()


# --------------------------------------------------------------------------- properties


@FUZZ
@given(any_text)
@example("\x00")
@example("# \x00\n## Timeline\n- 2024-02-30 25:61 x")
@example("# Outage\nTime zone: PST\n## Timeline\n- 0001-01-01 00:00 start\n- 00:01 next")
def test_import_markdown_survives_anything(text: str) -> None:
    result = import_markdown(text, source="fuzz.md")
    _check_postmortem(result.postmortem)
    assert len(result.postmortem.timeline) <= _line_count(text)
    assert result.source == "fuzz.md"


@FUZZ
@given(any_text)
@example("[]")
@example('{"schema_version": 99}')
@example("1" * 4301)  # int() refuses over 4300 digits: was a bare ValueError
@example("[" * 100_000)  # was a RecursionError
def test_from_json_raises_only_import_failure(text: str) -> None:
    try:
        pm = from_json(text, source="fuzz.json")
    except ImportFailure as failure:
        assert failure.source == "fuzz.json"
        assert failure.line is None or failure.line >= 1
        return
    _check_postmortem(pm)
    assert from_json(to_json(pm)) == pm


@FUZZ
@given(corrupted_export())
def test_from_json_corrupted_export(text: str) -> None:
    try:
        pm = from_json(text, source="export.json")
    except ImportFailure as failure:
        assert failure.line is None or 1 <= failure.line <= _line_count(text)
        return
    _check_postmortem(pm)


@FUZZ
@given(any_text, st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati"]),
       st.sampled_from([date(2024, 5, 1), date(1, 1, 1), date(9999, 12, 31), None]))
@example("0:00", "America/Los_Angeles", date(1, 1, 1))  # LMT offset -07:52:58 lost its seconds in JSON
@example("0001/1/1", "Asia/Kolkata", date(2024, 5, 1))
@example('[{"ts":"","":null,"user":"","user_profile":[null]}]', "UTC", date(2024, 5, 1))  # list profile
@example("[" * 100_000, "UTC", date(2024, 5, 1))  # RecursionError in the Slack sniffing
@example('time,message\n2024-05-01 14:03,"' + "x" * 200_000, "UTC", date(2024, 5, 1))  # csv field limit
@example('time,message,"' + "x" * 200_000, "UTC", date(2024, 5, 1))
@example("9999/12/31 10:00\r0:00", "UTC", date(2024, 5, 1))  # past midnight after the last day: OverflowError
def test_parse_raw_survives_anything(text: str, zone: str, default_date: date | None) -> None:
    parsed = parse_raw(text, source="paste", zone=zone, default_date=default_date)
    assert parsed.format in ("slack-json", "chat", "csv", "log", "text")
    for c in parsed.candidates:
        assert c.occurred_at is None or c.occurred_at.utcoffset() is not None
        assert c.source == "paste"
    if parsed.format != "slack-json":  # a Slack export holds many messages on one line
        assert len(parsed.candidates) <= _line_count(text)
    events = to_events(parsed.candidates, event_kind(parsed.format))
    _check_events(events)
    pm = Postmortem(time_zone=zone, timeline=events)
    _check_postmortem(pm)


@FUZZ
@given(st.one_of(any_text, raw_lines_text.map(lambda t: t.replace(" ", "\t"))),
       st.sampled_from(["UTC", "America/New_York", "Australia/Lord_Howe"]),
       st.sampled_from([date(2024, 3, 10), date(1, 1, 1), date(9999, 12, 31), None]))
@example('"' + "x" * 200_000, "UTC", None)  # csv field limit: was csv.Error
@example("0001-01-01 00:00\tstart", "America/New_York", None)  # LMT offset with seconds
@example("00:00\tstart", "Australia/Lord_Howe", date(1, 1, 1))
def test_tsv_to_events_survives_anything(text: str, zone: str, incident: date | None) -> None:
    pm = Postmortem(time_zone=zone, incident_date=incident)
    events, problems = tsv_to_events(text, pm, zone)
    assert all(isinstance(p, str) for p in problems)
    assert len(events) <= _line_count(text)
    _check_events(events)
    pm.timeline.extend(events)
    _check_postmortem(pm)


@FUZZ
@given(st.one_of(any_text, st.lists(st.sampled_from(_TIME_TOKENS + _ZONES + [" ", "-", "–", "to", "~"]),
                                    max_size=6).map(" ".join)),
       st.one_of(st.none(), st.integers(1, 9999)))
def test_parse_leading_stamp_survives_anything(text: str, year_hint: int | None) -> None:
    stamp = parse_leading_stamp(text, year_hint=year_hint)
    if stamp is None:
        return
    assert isinstance(stamp, Stamp)
    assert 0 <= stamp.end <= len(text)
    if stamp.month_day is not None and year_hint is not None:
        stamp.with_year(year_hint)


def test_lmt_instant_keeps_its_second_through_json() -> None:
    """A pre-1883 local mean time (offset -07:52:58) is given in UTC so the export keeps the instant."""
    parsed = parse_raw("0:00 start", source="paste", zone="America/Los_Angeles", default_date=date(1, 1, 1))
    instant = parsed.candidates[0].occurred_at
    assert instant is not None
    assert instant.isoformat() == "0001-01-01T07:52:58+00:00"


def test_json_number_too_long_is_an_import_failure() -> None:
    try:
        from_json('{"schema_version": ' + "1" * 5000 + "}", source="big.json")
    except ImportFailure as failure:
        assert failure.source == "big.json"
        assert failure.message.startswith("not valid JSON: Exceeds the limit (4300 digits)")
    else:
        raise AssertionError("no ImportFailure")


def test_tsv_with_an_unclosed_quote_over_the_csv_limit_reads_plain_lines() -> None:
    events, problems = tsv_to_events('"' + "x" * 200_000 + "\tnext", Postmortem(), "UTC")
    assert [e.description for e in events] == ["next"]
    assert events[0].raw_time == '"' + "x" * 200_000
    assert problems == ['Row 1: time not understood: "' + "x" * 200_000 + " (kept as text)"]
