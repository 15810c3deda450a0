"""Timeline rows as spreadsheet tab-separated text: writing, quoting, reading back."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop_app.domain.models import EventKind, KeyMoment, Postmortem, TimelineEvent, TimePrecision
from desktop_app.formats.timeline_tsv import rows_to_tsv, split_tsv, tsv_to_events

PM = Postmortem(incident_date=date(2024, 5, 1), time_zone="America/Los_Angeles")
T0 = datetime(2024, 5, 1, 16, 5, tzinfo=timezone.utc)


def test_rows_to_tsv_writes_header_times_in_zone_and_quotes_like_a_spreadsheet():
    events = [
        TimelineEvent(occurred_at=T0, kind=EventKind.ALERT, key_moment=KeyMoment.DETECTION,
                      description="a<b & c>d\tnext", actor="On-call"),
        TimelineEvent(raw_time="around lunch", description='two\nlines "quoted"', actor="SRE 🚒"),
    ]
    text = rows_to_tsv(PM, events, "America/Los_Angeles")
    assert text == (
        "Time\tKind\tKey moment\tDescription\tActor\n"
        '2024-05-01 09:05\tAlert\tDetection\t"a<b & c>d\tnext"\tOn-call\n'
        'around lunch\tObservation\t\t"two\nlines ""quoted"""\tSRE 🚒\n'
    )
    assert rows_to_tsv(PM, events[:1], "UTC").splitlines()[1].startswith("2024-05-01 16:05\t")


def test_round_trip_keeps_fields_with_new_ids():
    events = [
        TimelineEvent(occurred_at=T0, precision=TimePrecision.SECOND, kind=EventKind.MITIGATION,
                      key_moment=KeyMoment.MITIGATION, description="回滚 a<b & c>d 🚀\n\"x\"", actor="Incident lead"),
        TimelineEvent(occurred_at=T0, approximate=True, description="approx"),
        TimelineEvent(raw_time="not a time", kind=EventKind.DECISION, description="kept"),
    ]
    back, problems = tsv_to_events(rows_to_tsv(PM, events, "Asia/Tokyo"), PM, "Asia/Tokyo")
    assert problems == ["Row 4: time not understood: not a time (kept as text)"]
    fields = ("occurred_at", "precision", "approximate", "raw_time", "kind", "key_moment", "description", "actor")
    assert [[getattr(e, f) for f in fields] for e in back] == [[getattr(e, f) for f in fields] for e in events]
    assert not {e.id for e in back} & {e.id for e in events}


def test_spreadsheet_paste_with_columns_in_another_order_and_a_multiline_cell():
    text = ('Who\tDescription\tTime (PDT)\r\n'
            'Alice\t"Paged the DB team\r\nthen waited"\t09:05\r\n'
            '\t\t\r\n'
            'Bob\tRolled back\t2024-05-01 09:40\r\n')
    events, problems = tsv_to_events(text, PM, "America/Los_Angeles")
    assert problems == []
    assert [(e.actor, e.description) for e in events] == [
        ("Alice", "Paged the DB team\nthen waited"), ("Bob", "Rolled back")]
    assert [e.occurred_at for e in events] == [T0, datetime(2024, 5, 1, 16, 40, tzinfo=timezone.utc)]


def test_without_header_columns_are_time_then_description():
    events, problems = tsv_to_events("09:05\tAlert fired\n~10:00\tFixed\tOps\n", PM, "UTC")
    assert problems == []
    assert [(e.occurred_at.hour, e.approximate, e.description, e.actor) for e in events] == [
        (9, False, "Alert fired", ""), (10, True, "Fixed", "Ops")]


def test_dst_gap_time_and_unknown_kind_are_reported_not_dropped():
    pm = Postmortem(incident_date=date(2021, 3, 14))
    text = "Time\tKind\tDescription\n2021-03-14 02:30\tBlip\tin the gap\n"
    events, problems = tsv_to_events(text, pm, "America/Los_Angeles")
    assert [(e.occurred_at, e.raw_time, e.kind, e.description) for e in events] == [
        (None, "2021-03-14 02:30", EventKind.OBSERVATION, "in the gap")]
    assert problems == ["Row 2: 2021-03-14 02:30 happens twice or never in America/Los_Angeles: kept as text",
                        "Row 2: unknown kind Blip"]


def test_split_tsv_handles_quotes_inside_unquoted_cells_and_bom():
    assert split_tsv('\ufeffa 5" pipe\tb\n\n"x\ty"\tz') == [['a 5" pipe', "b"], ["x\ty", "z"]]
    assert tsv_to_events("", PM, "UTC") == ([], [])
