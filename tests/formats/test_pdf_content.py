"""What the executive summary picks and how it words times: key moments, tiles, windows, actions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    EventKind,
    IncidentTimes,
    KeyMoment,
    Postmortem,
    TimelineEvent,
    TimePrecision,
)
from desktop_app.formats.pdf_content import (
    Tile,
    customers_tile,
    due_label,
    event_time_label,
    incident_window,
    key_moments,
    metric_tiles,
    moments_zone_label,
    visible_actions,
)

UTC = UTC


def _event(n: int, kind: EventKind = EventKind.OBSERVATION) -> TimelineEvent:
    return TimelineEvent(description=f"e{n}", kind=kind, occurred_at=datetime(2024, 3, 14, 9, n, tzinfo=UTC))


def _names(events: list[TimelineEvent]) -> list[str]:
    return [e.description for e in events]


def test_key_moments_prefer_key_kinds_and_fill_only_up_to_three_with_others() -> None:
    events = [_event(i) for i in range(20)]
    events[5] = _event(5, EventKind.DETECTION)
    events[12] = _event(12, EventKind.MITIGATION)
    assert _names(key_moments(events, limit=5)) == ["e0", "e5", "e12"]
    events[15] = _event(15, EventKind.DECISION)
    events[17] = _event(17, EventKind.ALERT)
    assert _names(key_moments(events, limit=5)) == ["e5", "e12", "e15", "e17"]


def test_key_moments_spread_when_there_are_too_many_key_events() -> None:
    events = [_event(i, EventKind.ALERT) for i in range(10)]
    assert _names(key_moments(events, limit=4)) == ["e0", "e3", "e6", "e9"]


def test_key_moments_of_a_short_timeline_are_in_time_order() -> None:
    events = [_event(2), _event(1, EventKind.TRIGGER), _event(3)]
    assert _names(key_moments(events)) == ["e1", "e2", "e3"]


def test_event_time_labels_in_the_display_zone() -> None:
    zone = "Europe/Copenhagen"
    minute = TimelineEvent(occurred_at=datetime(2024, 3, 14, 9, 5, tzinfo=UTC))
    second = TimelineEvent(
        occurred_at=datetime(2024, 3, 14, 9, 5, 7, tzinfo=UTC), precision=TimePrecision.SECOND
    )
    day = TimelineEvent(occurred_at=datetime(2024, 3, 14, 0, 0, tzinfo=UTC), precision=TimePrecision.DAY)
    rough = TimelineEvent(occurred_at=datetime(2024, 3, 14, 9, 5, tzinfo=UTC), approximate=True)
    untimed = TimelineEvent(raw_time="shortly after lunch")
    assert event_time_label(minute, zone, with_date=False) == "10:05"
    assert event_time_label(minute, zone, with_date=True) == "14 Mar 10:05"
    assert event_time_label(second, zone, with_date=False) == "10:05:07"
    assert event_time_label(day, zone, with_date=False) == "14 Mar 2024"
    assert event_time_label(rough, zone, with_date=False) == "~10:05"
    assert event_time_label(untimed, zone, with_date=False) == "shortly after lunch"
    assert event_time_label(TimelineEvent(), zone, with_date=False) == "—"


def test_moments_zone_label_names_each_abbreviation_and_asks_for_dates_across_days() -> None:
    winter = TimelineEvent(occurred_at=datetime(2022, 10, 30, 23, 0, tzinfo=UTC))
    summer = TimelineEvent(occurred_at=datetime(2022, 10, 29, 12, 0, tzinfo=UTC))
    assert moments_zone_label([summer], "Europe/Copenhagen") == ("CEST", False)
    assert moments_zone_label([summer, winter], "Europe/Copenhagen") == ("CEST/CET", True)
    assert moments_zone_label([TimelineEvent(raw_time="later")], "UTC") == ("", False)


def test_incident_window_same_day_and_across_days() -> None:
    same_day = Postmortem(
        time_zone="America/New_York",
        times=IncidentTimes(
            started_at=datetime(2024, 7, 1, 13, 0, tzinfo=UTC),
            resolved_at=datetime(2024, 7, 1, 15, 30, tzinfo=UTC),
        ),
    )
    assert incident_window(same_day) == "1 Jul 2024 09:00 – 11:30 EDT"
    across = Postmortem(
        times=IncidentTimes(
            started_at=datetime(2024, 7, 1, 23, 0, tzinfo=UTC),
            resolved_at=datetime(2024, 7, 2, 1, 0, tzinfo=UTC),
        )
    )
    assert incident_window(across) == "1 Jul 2024 23:00 UTC – 2 Jul 2024 01:00 UTC"
    started = Postmortem(times=IncidentTimes(started_at=datetime(2024, 7, 1, 23, 0, tzinfo=UTC)))
    assert incident_window(started) == "Started 1 Jul 2024 23:00 UTC"
    assert incident_window(Postmortem()) == ""


def test_metric_tiles_skip_unknown_spans_and_a_resolve_time_equal_to_the_duration() -> None:
    pm = Postmortem(
        times=IncidentTimes(
            started_at=datetime(2024, 3, 14, 9, 0, tzinfo=UTC),
            detected_at=datetime(2024, 3, 14, 9, 45, tzinfo=UTC),
            resolved_at=datetime(2024, 3, 14, 12, 5, tzinfo=UTC),
        ),
        action_items=[ActionItem(title="a"), ActionItem(title="b", status=ActionStatus.DONE)],
    )
    assert metric_tiles(pm) == [
        Tile("3 h 05 min", "Duration"),
        Tile("45 min", "Time to detect"),
        Tile("1 of 2", "Action items open"),
    ]
    assert metric_tiles(Postmortem()) == []
    pm.restoration.affected_customers = "  12,000 users "
    assert metric_tiles(pm)[2:] == [Tile("12,000", "Users affected"), Tile("1 of 2", "Action items open")]
    pm.restoration.affected_customers = "約12,000人のユーザー"  # not a figure: the facts list it
    assert [t.label for t in metric_tiles(pm)] == ["Duration", "Time to detect", "Action items open"]


def test_customers_tile_takes_short_figures_only() -> None:
    assert customers_tile("3 %") == Tile("3 %", "Customers affected")
    assert customers_tile("~1.2M accounts") == Tile("~1.2M", "Accounts affected")
    assert customers_tile("about 800 merchants") == Tile("about 800", "Merchants affected")
    assert customers_tile("450") == Tile("450", "Customers affected")
    for text in ("", "All EU customers on the legacy plan", "12,000 users in 3 regions", "unknown",
                 "1,234,567,890 users"):
        assert customers_tile(text) is None, text


def test_visible_actions_put_open_ones_first_by_due_date_and_count_the_rest() -> None:
    items = [
        ActionItem(title="done", status=ActionStatus.DONE, due_date=date(2024, 1, 1)),
        ActionItem(title="later", due_date=date(2024, 6, 1)),
        ActionItem(title="undated"),
        ActionItem(title="sooner", status=ActionStatus.IN_PROGRESS, due_date=date(2024, 2, 1)),
    ]
    shown, hidden = visible_actions(items, limit=3)
    assert [i.title for i in shown] == ["sooner", "later", "undated"]
    assert hidden == 1


def test_due_label() -> None:
    assert due_label(ActionItem(due_date=date(2024, 12, 3))) == "3 Dec 2024"
    assert due_label(ActionItem(due_text="Q1 2025")) == "Q1 2025"
    assert due_label(ActionItem()) == "—"


def test_without_stated_key_times_the_timeline_extent_is_shown_as_such() -> None:
    pm = Postmortem(
        timeline=[
            TimelineEvent(description="AMI released", kind=EventKind.TRIGGER,
                          occurred_at=datetime(2022, 10, 29, 1, 2, tzinfo=UTC)),
            TimelineEvent(description="Pipeline reports failure", kind=EventKind.TRIGGER,
                          occurred_at=datetime(2022, 10, 31, 8, 30, tzinfo=UTC)),
            TimelineEvent(description="rollback resolved it", kind=EventKind.RESOLUTION,
                          occurred_at=datetime(2022, 11, 2, 14, 40, tzinfo=UTC)),
        ]
    )
    assert incident_window(pm) == "Timeline: 29 Oct 2022 01:02 UTC – 2 Nov 2022 14:40 UTC"
    assert metric_tiles(pm) == [Tile("4 d 13 h", "Timeline span")]


def test_marked_key_moments_are_always_among_the_key_moments() -> None:
    events = [_event(n, EventKind.DETECTION) for n in range(12)]
    events[5] = events[5].model_copy(update={"kind": EventKind.OBSERVATION, "key_moment": KeyMoment.MITIGATION})
    events[11] = events[11].model_copy(update={"kind": EventKind.OBSERVATION, "key_moment": KeyMoment.RESOLUTION})
    chosen = _names(key_moments(events, limit=4))
    assert chosen == ["e0", "e5", "e10", "e11"]  # the marked ones chosen first, then a spread; in time order
