"""Timeline candidates from raw material: every format, dates, zones, unreadable times, names."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.models import EventKind, TimePrecision
from desktop_app.formats.raw_timeline import (
    Cancelled,
    Candidate,
    default_roles,
    event_kind,
    merge_rows,
    parse_raw,
    replace_names,
    sorted_new_order,
    to_events,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2024, 5, 1)


def read(text: str, *, zone: str = "Europe/Berlin", day: date | None = DAY, source: str = "src"):
    return parse_raw(text, source=source, zone=zone, default_date=day)


def rows(result) -> list[tuple]:
    """(line, instant, raw, actor, text, problem) per candidate."""
    return [(c.line, c.occurred_at, c.raw_time, c.actor, c.text, c.problem) for c in result.candidates]


# --------------------------------------------------------------------------- Slack


SLACK = [
    {
        "type": "message",
        "user": "U01ALICE",
        "ts": "1714572202.000200",
        "text": "checkout is 502ing, <@U02BOB> can you look? graph: <https://grafana.example/d/abc|error rate>",
        "user_profile": {"real_name": "Alice Ng", "display_name": "alice"},
    },
    {
        "type": "message",
        "user": "U02BOB",
        "ts": "1714572262.000300",
        "text": "on it &amp; rolling back <!here> — a&lt;b",
        "user_profile": {"real_name": "Bob Díaz"},
    },
    {
        "type": "message",
        "user": "U03CAROL",
        "user_name": "carol",
        "ts": "1714573800.000100",
        "text": "recovered, see <#C024BE7LR|inc-2041> and <https://status.example>",
    },
]


def test_slack_export_file_messages_become_candidates_with_plain_text():
    result = read(json.dumps(SLACK), source="#inc-2041")
    assert result.format == "slack-json"
    assert result.skipped == 0
    assert rows(result) == [
        (
            1,
            datetime(2024, 5, 1, 14, 3, 22, tzinfo=UTC),
            "1714572202.000200",
            "Alice Ng",
            "checkout is 502ing, @Bob Díaz can you look? graph: error rate (https://grafana.example/d/abc)",
            "",
        ),
        (
            2,
            datetime(2024, 5, 1, 14, 4, 22, tzinfo=UTC),
            "1714572262.000300",
            "Bob Díaz",
            "on it & rolling back @here — a<b",
            "",
        ),
        (
            3,
            datetime(2024, 5, 1, 14, 30, tzinfo=UTC),
            "1714573800.000100",
            "carol",
            "recovered, see #inc-2041 and https://status.example",
            "",
        ),
    ]
    assert {c.source for c in result.candidates} == {"#inc-2041"}
    assert {c.precision for c in result.candidates} == {TimePrecision.SECOND}


def test_slack_object_with_messages_and_empty_messages_skipped():
    data = {
        "messages": [
            {"ts": "1714572202.000200", "user": "U1", "text": ""},
            {"ts": "1714572203.000200", "user": "U1", "text": "<@U9|dana> hi"},
        ]
    }
    result = read(json.dumps(data))
    assert result.format == "slack-json"
    assert result.skipped == 1
    assert rows(result) == [
        (2, datetime(2024, 5, 1, 14, 3, 23, tzinfo=UTC), "1714572203.000200", "U1", "@dana hi", "")
    ]


# --------------------------------------------------------------------------- chat


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("[14:03] alice: the site is down\n[14:05] bob: looking", ("14:03", "14:05")),
        (
            "2024-05-01 14:03:00 alice: the site is down\n2024-05-01 14:05:00 bob: looking",
            ("2024-05-01 14:03:00", "2024-05-01 14:05:00"),
        ),
        ("14:03 <alice> the site is down\n14:05 <bob> looking", ("14:03", "14:05")),
        (
            "[2024-05-01 14:03] alice: the site is down\n[2024-05-01 14:05] bob: looking",
            ("2024-05-01 14:03", "2024-05-01 14:05"),
        ),
    ],
    ids=["bracket-clock", "date-time", "angle", "bracket-date-time"],
)
def test_chat_layouts(text: str, raw: tuple[str, str]):
    result = read(text)
    assert result.format == "chat"
    assert rows(result) == [
        (1, datetime(2024, 5, 1, 14, 3, tzinfo=BERLIN), raw[0], "alice", "the site is down", ""),
        (2, datetime(2024, 5, 1, 14, 5, tzinfo=BERLIN), raw[1], "bob", "looking", ""),
    ]


def test_chat_continuation_lines_and_blank_lines():
    text = "[14:03] alice: first line\nsecond line\n    indented third\n\n[14:04] bob: next\n"
    result = read(text)
    assert result.format == "chat"
    assert result.skipped == 3
    assert [c.text for c in result.candidates] == ["first line\nsecond line\n    indented third", "next"]


def test_plain_text_survives_exactly():
    text = "[09:00] 李雷: 数据库 a<b & c>d 🔥\n[09:01] سارة: مرحبا\n[09:02] דוד: שלום &amp;"
    result = read(text)
    assert [(c.actor, c.text) for c in result.candidates] == [
        ("李雷", "数据库 a<b & c>d 🔥"),
        ("سارة", "مرحبا"),
        ("דוד", "שלום &amp;"),
    ]


# --------------------------------------------------------------------------- CSV


def test_csv_with_bom_quoted_commas_and_line_breaks():
    text = (
        "\ufeffTime (UTC),Author,Message,Severity\n"
        '2024-05-01 14:03,alice,"Errors up, checkout failing",high\n'
        '14:05,"Bob, Jr.","Rolled back ""v2""\nsecond line",\n'
        "\n"
        "soon,carol,no idea when,\n"
    )
    result = read(text)
    assert result.format == "csv"
    assert result.skipped == 1
    assert rows(result) == [
        (
            2,
            datetime(2024, 5, 1, 14, 3, tzinfo=UTC),
            "2024-05-01 14:03",
            "alice",
            "Errors up, checkout failing",
            "",
        ),
        (
            3,
            datetime(2024, 5, 1, 14, 5, tzinfo=UTC),
            "14:05",
            "Bob, Jr.",
            'Rolled back "v2"\nsecond line',
            "",
        ),
        (6, None, "soon", "carol", "no idea when", "'soon' is not a time Hindsight can read"),
    ]


def test_csv_separate_date_and_time_columns_tab_separated_naive_zone():
    text = "date\ttime\tevent\n2024-05-01\t23:50\tdeploy\n2024-05-02\t00:05\talert\n"
    result = read(text, zone="America/New_York", day=None)
    assert result.format == "csv"
    ny = ZoneInfo("America/New_York")
    assert [(c.occurred_at, c.actor, c.text) for c in result.candidates] == [
        (datetime(2024, 5, 1, 23, 50, tzinfo=ny), "", "deploy"),
        (datetime(2024, 5, 2, 0, 5, tzinfo=ny), "", "alert"),
    ]


# --------------------------------------------------------------------------- logs


def test_iso_log_with_offsets_and_stack_trace():
    text = (
        "2024-05-01T14:03:22.123Z INFO api started\n"
        "2024-05-01T16:03:25+02:00 ERROR db connection refused\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3\n'
        "2024-05-01T14:04:00 WARN retrying\n"
    )
    result = read(text)
    assert result.format == "log"
    assert result.skipped == 2
    assert rows(result) == [
        (
            1,
            datetime(2024, 5, 1, 14, 3, 22, 123000, tzinfo=UTC),
            "2024-05-01T14:03:22.123Z",
            "",
            "INFO api started",
            "",
        ),
        (
            2,
            datetime(2024, 5, 1, 14, 3, 25, tzinfo=UTC),
            "2024-05-01T16:03:25+02:00",
            "",
            'ERROR db connection refused\nTraceback (most recent call last):\n  File "app.py", line 3',
            "",
        ),
        (5, datetime(2024, 5, 1, 14, 4, tzinfo=BERLIN), "2024-05-01T14:04:00", "", "WARN retrying", ""),
    ]
    assert [c.precision for c in result.candidates] == [TimePrecision.SECOND] * 3


def test_syslog_takes_year_from_default_date_and_rolls_into_january():
    text = (
        "Dec 31 23:59:58 web1 nginx[123]: upstream timed out (110: Connection timed out)\n"
        "Jan  1 00:00:03 web1 kernel: Out of memory: Killed process 4242\n"
    )
    result = read(text, zone="UTC", day=date(2023, 12, 31))
    assert result.format == "log"
    assert rows(result) == [
        (
            1,
            datetime(2023, 12, 31, 23, 59, 58, tzinfo=ZoneInfo("UTC")),
            "Dec 31 23:59:58",
            "nginx",
            "upstream timed out (110: Connection timed out)",
            "",
        ),
        (
            2,
            datetime(2024, 1, 1, 0, 0, 3, tzinfo=ZoneInfo("UTC")),
            "Jan  1 00:00:03",
            "kernel",
            "Out of memory: Killed process 4242",
            "",
        ),
    ]


def test_syslog_without_a_default_date_keeps_lines_with_a_problem():
    result = read("May  1 14:03:22 web1 cron[9]: job ran\n", day=None)
    assert rows(result) == [
        (
            1,
            None,
            "May  1 14:03:22",
            "cron",
            "job ran",
            "The date has no year, and no date was given to take it from",
        )
    ]


# --------------------------------------------------------------------------- text, unreadable


def test_mixed_paste_keeps_unreadable_times_with_reasons():
    text = (
        "Notes from the bridge\n"
        "14:03 Alert fired for checkout latency\n"
        "25:99 Someone restarted the cache\n"
        "[yesterday 2pm] dave: no idea when\n"
        "2024-02-30 10:00 Config changed\n"
        "??:?? Customer tweet noticed\n"
        "14:20 Error rate back to normal\n"
    )
    result = read(text)
    assert result.format == "text"
    assert rows(result) == [
        (1, None, "", "", "Notes from the bridge", "No time stamp before this text"),
        (2, datetime(2024, 5, 1, 14, 3, tzinfo=BERLIN), "14:03", "", "Alert fired for checkout latency", ""),
        (
            3,
            None,
            "25:99",
            "",
            "Someone restarted the cache",
            "Impossible time '25:99': the hour must be 0 to 23",
        ),
        (
            4,
            None,
            "yesterday 2pm",
            "",
            "dave: no idea when",
            "'yesterday 2pm' is not a time Hindsight can read",
        ),
        (
            5,
            None,
            "2024-02-30 10:00",
            "",
            "Config changed",
            "Impossible date '2024-02-30': February has no 30th",
        ),
        (6, None, "??:??", "", "Customer tweet noticed", "Placeholder time '??:??'"),
        (7, datetime(2024, 5, 1, 14, 20, tzinfo=BERLIN), "14:20", "", "Error rate back to normal", ""),
    ]
    assert result.unreadable == 5


def test_time_without_date_and_no_default_date_is_a_problem():
    result = read("14:03 alert\n", day=None)
    assert rows(result) == [
        (1, None, "14:03", "", "alert", "A time with no date, and no date was given for such times")
    ]


def test_approximate_and_date_only_stamps():
    result = read("~14:00 roughly then\n2024-05-02 next day noted\n")
    assert [(c.occurred_at, c.approximate, c.precision) for c in result.candidates] == [
        (datetime(2024, 5, 1, 14, 0, tzinfo=BERLIN), True, TimePrecision.MINUTE),
        (datetime(2024, 5, 2, 0, 0, tzinfo=BERLIN), False, TimePrecision.DAY),
    ]


# --------------------------------------------------------------------------- dates and zones


def test_midnight_rollover_on_inherited_dates():
    text = (
        "[22:50] alice: deploy\n[23:58] bob: alert\n[00:04] alice: rollback\n"
        "[01:30] bob: fixed\n[01:20] alice: late note\n"
    )
    result = read(text)
    assert [c.occurred_at for c in result.candidates] == [
        datetime(2024, 5, 1, 22, 50, tzinfo=BERLIN),
        datetime(2024, 5, 1, 23, 58, tzinfo=BERLIN),
        datetime(2024, 5, 2, 0, 4, tzinfo=BERLIN),
        datetime(2024, 5, 2, 1, 30, tzinfo=BERLIN),
        datetime(2024, 5, 2, 1, 20, tzinfo=BERLIN),  # back 10 minutes: not a new day
    ]


def test_a_written_date_resets_the_date_in_effect():
    text = (
        "2024-05-03 23:00 alice: start\n00:30 bob: after midnight\n"
        "2024-05-01 09:00 carol: earlier day\n09:30 dan: same day"
    )
    result = read(text)
    assert [c.occurred_at for c in result.candidates] == [
        datetime(2024, 5, 3, 23, 0, tzinfo=BERLIN),
        datetime(2024, 5, 4, 0, 30, tzinfo=BERLIN),
        datetime(2024, 5, 1, 9, 0, tzinfo=BERLIN),
        datetime(2024, 5, 1, 9, 30, tzinfo=BERLIN),
    ]


def test_offsets_keep_their_instant_and_naive_times_take_the_zone():
    text = "2024-05-01T14:03:00+05:30 INFO a\n2024-05-01T14:03:00Z INFO b\n2024-05-01T14:03:00 INFO c\n"
    result = read(text, zone="America/Los_Angeles")
    instants = [c.occurred_at for c in result.candidates]
    assert [i.astimezone(UTC) for i in instants] == [
        datetime(2024, 5, 1, 8, 33, tzinfo=UTC),
        datetime(2024, 5, 1, 14, 3, tzinfo=UTC),
        datetime(2024, 5, 1, 21, 3, tzinfo=UTC),
    ]
    assert instants[0].utcoffset() == timedelta(hours=5, minutes=30)
    assert instants[2].tzinfo == ZoneInfo("America/Los_Angeles")


def test_zone_abbreviation_in_a_chat_line():
    result = read("[14:03 PST] alice: hello\n[14:05 PST] bob: hi\n")
    assert [c.occurred_at.astimezone(UTC) for c in result.candidates] == [
        datetime(2024, 5, 1, 22, 3, tzinfo=UTC),
        datetime(2024, 5, 1, 22, 5, tzinfo=UTC),
    ]


def test_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone"):
        read("14:03 a", zone="Mars/Olympus")


# --------------------------------------------------------------------------- names


def _cand(actor: str, text: str) -> Candidate:
    return Candidate(1, None, "", TimePrecision.MINUTE, actor, text, "s")


def test_default_roles_number_actors_in_order_of_first_appearance():
    cands = [_cand("bob", "x"), _cand("", "y"), _cand("Alice Smith", "z"), _cand("bob", "w")]
    assert default_roles(cands) == {"bob": "Responder 1", "Alice Smith": "Responder 2"}


def test_replace_names_in_actor_and_whole_words_of_text():
    cands = [
        _cand("alice", "paging Bob and @alice; alice's fix; malice untouched; Alice Smith here"),
        _cand("bob", "thanks alice"),
    ]
    mapping = {"alice": "Responder 1", "bob": "Responder 2", "Alice Smith": "Responder 3"}
    out = replace_names(cands, mapping)
    assert [(c.actor, c.text) for c in out] == [
        (
            "Responder 1",
            "paging Responder 2 and @Responder 1; Responder 1's fix; malice untouched; Responder 3 here",
        ),
        ("Responder 2", "thanks Responder 1"),
    ]
    assert cands[0].actor == "alice"  # the originals are untouched


def test_replace_names_with_empty_mapping_copies():
    cands = [_cand("a", "b")]
    out = replace_names(cands, {})
    assert out == cands and out[0] is not cands[0]


# --------------------------------------------------------------------------- progress, events, merge


def test_progress_is_reported_and_can_cancel():
    text = "\n".join(f"14:{i % 60:02d} line {i}" for i in range(1200))
    calls: list[tuple[int, int]] = []
    parse_raw(
        text, source="s", zone="UTC", default_date=DAY, progress=lambda d, t: calls.append((d, t)) or True
    )
    assert calls[0] == (500, 2400) and calls[-1] == (2400, 2400)
    with pytest.raises(Cancelled):
        parse_raw(text, source="s", zone="UTC", default_date=DAY, progress=lambda d, t: False)


def test_ten_thousand_lines_parse():
    text = "\n".join(
        f"2024-05-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z INFO request {i} took {i % 97} ms"
        for i in range(10_000)
    )
    result = read(text)
    assert result.format == "log"
    assert len(result.candidates) == 10_000
    assert result.candidates[-1].occurred_at == datetime(2024, 5, 1, 2, 46, 39, tzinfo=UTC)
    assert result.unreadable == 0


def test_to_events_and_kinds():
    c = Candidate(
        3,
        datetime(2024, 5, 1, 14, 3, tzinfo=UTC),
        "14:03",
        TimePrecision.SECOND,
        "alice",
        "a<b",
        "chat.txt",
        approximate=True,
    )
    (event,) = to_events([c], event_kind("chat"))
    assert (
        event.occurred_at,
        event.raw_time,
        event.precision,
        event.approximate,
        event.kind,
        event.actor,
        event.description,
        event.source,
    ) == (
        c.occurred_at,
        "14:03",
        TimePrecision.SECOND,
        True,
        EventKind.COMMUNICATION,
        "alice",
        "a<b",
        "chat.txt",
    )
    assert event_kind("slack-json") is EventKind.COMMUNICATION
    assert event_kind("log") is EventKind.OBSERVATION


def _t(minute: int) -> datetime:
    return datetime(2024, 5, 1, 14, minute, tzinfo=UTC)


def test_merge_rows_keeps_time_order_after_equal_and_untimed_last():
    existing = [_t(0), None, _t(10), _t(20)]
    new = [_t(15), None, _t(10), _t(30), _t(0)]
    order = sorted_new_order(new)
    assert order == [4, 2, 0, 3, 1]
    rows = merge_rows(existing, new)
    assert rows == [2, 4, 5, 7, 8]
    merged: list = list(existing)
    for i, row in zip(order, rows):
        merged.insert(row, ("new", new[i]))
    assert merged == [
        _t(0),
        None,
        ("new", _t(0)),
        _t(10),
        ("new", _t(10)),
        ("new", _t(15)),
        _t(20),
        ("new", _t(30)),
        ("new", None),
    ]


def test_markdown_list_markers_and_emphasis_before_a_stamp_are_skipped() -> None:
    text = "- **18:53** First report of slow responses\n* `19:02` - Disk full on fritz\n1. _19:16_ Announcement\n"
    result = parse_raw(text, source="notes.md", zone="UTC", default_date=date(2022, 12, 13))
    assert [(c.occurred_at, c.text) for c in result.candidates] == [
        (datetime(2022, 12, 13, 18, 53, tzinfo=timezone.utc), "First report of slow responses"),
        (datetime(2022, 12, 13, 19, 2, tzinfo=timezone.utc), "Disk full on fritz"),
        (datetime(2022, 12, 13, 19, 16, tzinfo=timezone.utc), "Announcement"),
    ]


def test_a_line_that_is_only_a_date_carries_to_the_times_below_it() -> None:
    text = "2019-01-22\n- 2:54 PM PST: config merged\n- 11:58 PM: hook stops\n2019-01-23\n- 8:36 AM: list notified\n"
    result = parse_raw(text, source="notes", zone="America/Los_Angeles", default_date=date(2019, 1, 23))
    pst = timezone(timedelta(hours=-8))
    assert [c.occurred_at for c in result.candidates] == [
        datetime(2019, 1, 22, 14, 54, tzinfo=pst),
        datetime(2019, 1, 22, 23, 58, tzinfo=ZoneInfo("America/Los_Angeles")),
        datetime(2019, 1, 23, 8, 36, tzinfo=ZoneInfo("America/Los_Angeles")),
    ]
