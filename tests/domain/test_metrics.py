"""Derived figures: spans between key times, with the timeline as fallback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desktop_app.domain.metrics import DaySpan, format_days, format_span, incident_metrics
from desktop_app.domain.models import (
    EventKind,
    IncidentTimes,
    KeyMoment,
    Postmortem,
    Restoration,
    TimelineEvent,
    TimePrecision,
)
from desktop_app.domain.zones import zone as tz

UTC = timezone.utc


def at(hour: int, minute: int) -> datetime:
    return datetime(2022, 10, 31, hour, minute, tzinfo=UTC)


def test_spans_from_key_times() -> None:
    pm = Postmortem(
        times=IncidentTimes(
            started_at=at(10, 0), detected_at=at(10, 12), acknowledged_at=at(10, 20),
            mitigated_at=at(11, 5), resolved_at=at(13, 30),
        )
    )
    m = incident_metrics(pm)
    assert m.time_to_detect == timedelta(minutes=12)
    assert m.time_to_acknowledge == timedelta(minutes=20)
    assert m.time_to_mitigate == timedelta(minutes=65)
    assert m.time_to_resolve == timedelta(hours=3, minutes=30)
    assert m.duration == timedelta(hours=3, minutes=30)


def test_guessed_event_kinds_give_no_key_times() -> None:
    pm = Postmortem(
        timeline=[
            TimelineEvent(occurred_at=at(16, 58), kind=EventKind.OBSERVATION, description="saturation"),
            TimelineEvent(occurred_at=at(17, 25), kind=EventKind.ALERT, description="page"),
            TimelineEvent(occurred_at=None, kind=EventKind.MITIGATION, description="undated"),
            TimelineEvent(occurred_at=at(18, 15), kind=EventKind.TRIGGER, description="config deployed"),
            TimelineEvent(occurred_at=at(18, 46), kind=EventKind.RESOLUTION, description="restored"),
        ]
    )
    m = incident_metrics(pm)
    assert (m.started_at, m.detected_at, m.mitigated_at, m.resolved_at) == (None, None, None, None)
    assert m.duration is None
    assert (m.first_event_at, m.last_event_at) == (at(16, 58), at(18, 46))
    assert m.timeline_span == timedelta(hours=1, minutes=48)


def test_restoration_time_is_the_end() -> None:
    pm = Postmortem(
        times=IncidentTimes(started_at=at(10, 0)),
        restoration=Restoration(restored=True, restored_at=at(12, 30)),
    )
    assert incident_metrics(pm).duration == timedelta(hours=2, minutes=30)


def test_end_before_start_gives_no_span() -> None:
    pm = Postmortem(times=IncidentTimes(started_at=at(12, 0), resolved_at=at(11, 0)))
    assert incident_metrics(pm).duration is None


def test_format_span() -> None:
    assert format_span(None) == "—"
    assert format_span(timedelta(minutes=45)) == "45 min"
    assert format_span(timedelta(hours=2, minutes=5)) == "2 h 05 min"
    assert format_span(timedelta(days=3, hours=4, minutes=59)) == "3 d 4 h"


def test_marked_key_moments_feed_the_figures_and_stated_times_win() -> None:
    pm = Postmortem(
        times=IncidentTimes(resolved_at=at(12, 0)),
        timeline=[
            TimelineEvent(occurred_at=at(9, 40), description="deploy", key_moment=KeyMoment.START),
            TimelineEvent(occurred_at=at(9, 52), description="page", key_moment=KeyMoment.DETECTION),
            TimelineEvent(occurred_at=None, description="undated", key_moment=KeyMoment.MITIGATION),
            TimelineEvent(occurred_at=at(10, 30), description="rollback", key_moment=KeyMoment.MITIGATION),
            TimelineEvent(occurred_at=at(11, 0), description="fixed?", key_moment=KeyMoment.RESOLUTION),
        ],
    )
    m = incident_metrics(pm)
    assert m.time_to_detect == timedelta(minutes=12)
    assert m.time_to_mitigate == timedelta(minutes=50)
    assert m.resolved_at == at(12, 0)
    assert m.duration == timedelta(hours=2, minutes=20)


# -- one rule for key times and restoration: stated, else marked on the timeline --------------------

from desktop_app.domain.completeness import Step, step_status  # noqa: E402
from desktop_app.domain.metrics import KeyTime, TimeSource, key_time, restoration_time, service_restored  # noqa: E402


def _marked_only() -> Postmortem:
    return Postmortem(timeline=[
        TimelineEvent(id="s", occurred_at=at(16, 58), description="deploy", key_moment=KeyMoment.START),
        TimelineEvent(id="d", occurred_at=at(17, 25), description="page", key_moment=KeyMoment.DETECTION),
        TimelineEvent(id="r", occurred_at=at(18, 46), description="fixed", key_moment=KeyMoment.RESOLUTION),
    ])


def test_marked_moments_are_the_key_times_when_none_is_stated() -> None:
    pm = _marked_only()
    assert key_time(pm, KeyMoment.START) == KeyTime(at(16, 58), TimeSource.TIMELINE, "s")
    assert key_time(pm, KeyMoment.MITIGATION) == KeyTime(None)
    assert restoration_time(pm) == KeyTime(at(18, 46), TimeSource.RESOLVED, "r")
    assert service_restored(pm) is True
    m = incident_metrics(pm)
    assert (format_span(m.duration), format_span(m.time_to_detect)) == ("1 h 48 min", "27 min")
    # Step 1 no longer asks whether the service is restored, nor when.
    assert step_status(pm, Step.RESTORATION).missing == ("title", "severity", "affected services")


def test_stated_times_win_over_marks_and_restoration_comes_first() -> None:
    pm = _marked_only()
    pm.times.resolved_at = at(19, 0)
    assert restoration_time(pm) == KeyTime(at(19, 0), TimeSource.RESOLVED)
    pm.restoration.restored_at = at(18, 50)
    assert restoration_time(pm) == KeyTime(at(18, 50), TimeSource.STATED)
    assert key_time(pm, KeyMoment.RESOLUTION) == KeyTime(at(19, 0), TimeSource.STATED)
    pm.times.resolved_at = None
    assert key_time(pm, KeyMoment.RESOLUTION) == KeyTime(at(18, 46), TimeSource.TIMELINE, "r")
    pm.timeline.pop()
    assert key_time(pm, KeyMoment.RESOLUTION) == KeyTime(at(18, 50), TimeSource.RESTORATION)


def test_no_time_of_restoration_means_not_restored_unless_ticked() -> None:
    pm = Postmortem(title="t", severity="SEV2", restoration=Restoration(affected_services=["a"]))
    assert restoration_time(pm) == KeyTime(None)
    assert service_restored(pm) is False
    assert step_status(pm, Step.RESTORATION).missing == ("service restored",)
    pm.restoration.restored = True
    assert step_status(pm, Step.RESTORATION).missing == ("time of restoration",)


# --- day precision: a date without a time gives no invented hours ------------------------------


def _day(year: int, month: int, day: int, zone: str = "UTC") -> datetime:
    return datetime(year, month, day, tzinfo=tz(zone))


def test_a_span_between_two_dates_counts_whole_days_and_never_hours() -> None:
    pm = Postmortem(timeline=[
        TimelineEvent(occurred_at=_day(2021, 1, 28), precision=TimePrecision.DAY, description="first report"),
        TimelineEvent(occurred_at=_day(2022, 4, 24), precision=TimePrecision.DAY, description="fix released"),
    ])
    m = incident_metrics(pm)
    assert m.day_only == frozenset({"first_event_at", "last_event_at"})
    span = m.timeline_span
    assert isinstance(span, DaySpan)
    assert (span.calendar_days, span.approximate) == (451, False)
    assert span == timedelta(days=451)  # still a timedelta for comparisons
    assert format_span(span) == "451 days"


def test_a_span_with_one_dated_end_is_approximate_in_days() -> None:
    zone = "America/New_York"
    pm = Postmortem(time_zone=zone, timeline=[
        TimelineEvent(occurred_at=_day(2024, 6, 21, zone), precision=TimePrecision.DAY,
                      description="removed"),
        TimelineEvent(occurred_at=datetime(2024, 6, 28, 11, 26, tzinfo=UTC), description="token destroyed"),
    ])
    m = incident_metrics(pm)
    assert m.day_only == frozenset({"first_event_at"})
    assert format_span(m.timeline_span) == "~7 days"


def test_marked_dates_give_day_spans_and_say_so_on_the_key_time() -> None:
    pm = Postmortem(timeline=[
        TimelineEvent(id="s", occurred_at=_day(2021, 5, 8), precision=TimePrecision.DAY,
                      key_moment=KeyMoment.START),
        TimelineEvent(id="d", occurred_at=_day(2021, 5, 8), precision=TimePrecision.DAY,
                      key_moment=KeyMoment.DETECTION),
        TimelineEvent(id="r", occurred_at=_day(2021, 5, 9), precision=TimePrecision.DAY,
                      key_moment=KeyMoment.RESOLUTION),
    ])
    assert key_time(pm, KeyMoment.START) == KeyTime(_day(2021, 5, 8), TimeSource.TIMELINE, "s", True)
    assert restoration_time(pm) == KeyTime(_day(2021, 5, 9), TimeSource.RESOLVED, "r", True)
    m = incident_metrics(pm)
    assert m.day_only == frozenset(
        {"started_at", "detected_at", "resolved_at", "first_event_at", "last_event_at"})
    assert format_span(m.time_to_detect) == "same day"
    assert format_span(m.duration) == "1 day"
    # a stated start keeps its clock time: the span to a dated resolution is about a day
    pm.times.started_at = datetime(2021, 5, 8, 22, 0, tzinfo=UTC)
    assert format_span(incident_metrics(pm).duration) == "~1 day"


def test_a_timed_event_wins_a_tie_for_the_timeline_extent() -> None:
    pm = Postmortem(timeline=[
        TimelineEvent(occurred_at=_day(2024, 3, 1), precision=TimePrecision.DAY, description="that day"),
        TimelineEvent(occurred_at=_day(2024, 3, 1), description="at midnight exactly"),
        TimelineEvent(occurred_at=datetime(2024, 3, 1, 2, 30, tzinfo=UTC), description="later"),
    ])
    m = incident_metrics(pm)
    assert m.day_only == frozenset()
    assert format_span(m.timeline_span) == "2 h 30 min"


def test_format_days() -> None:
    shown = [format_days(n) for n in (0, 1, 2, 1451)] + [format_days(7, approximate=True)]
    assert shown == ["same day", "1 day", "2 days", "1,451 days", "~7 days"]


def test_a_day_span_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    from desktop_app.domain.metrics import DaySpan

    span = DaySpan(timedelta(days=451), 451, approximate=True)
    for again in (copy.deepcopy(span), pickle.loads(pickle.dumps(span))):
        assert (type(again), again, again.calendar_days, again.approximate) == (DaySpan, span, 451, True)
