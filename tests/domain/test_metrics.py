"""Derived figures: spans between key times, with the timeline as fallback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desktop_app.domain.metrics import format_span, incident_metrics
from desktop_app.domain.models import EventKind, IncidentTimes, KeyMoment, Postmortem, Restoration, TimelineEvent

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
