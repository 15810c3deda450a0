"""Wall-clock times in a DST gap or overlap are told apart, with the instants they could mean."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.domain.wall_clock import WallKind, abbreviation, describe, offset_text, resolve_wall_time

LA = "America/Los_Angeles"
PDT = timezone(timedelta(hours=-7))
PST = timezone(timedelta(hours=-8))


def test_a_time_in_the_spring_gap_does_not_exist():
    wall = resolve_wall_time(datetime(2021, 3, 14, 2, 30), LA)
    assert wall.kind is WallKind.GAP
    forward, back = wall.candidates
    assert forward == datetime(2021, 3, 14, 10, 30, tzinfo=timezone.utc)
    assert forward.utcoffset() == timedelta(hours=-7)
    assert forward.replace(tzinfo=None) == datetime(2021, 3, 14, 3, 30)
    assert back == datetime(2021, 3, 14, 9, 30, tzinfo=timezone.utc)
    assert back.utcoffset() == timedelta(hours=-8)
    assert back.replace(tzinfo=None) == datetime(2021, 3, 14, 1, 30)
    assert (wall.jump_from, wall.jump_to) == (datetime(2021, 3, 14, 2, 0), datetime(2021, 3, 14, 3, 0))
    assert [describe(c, LA) for c in wall.candidates] == ["03:30 PDT (UTC−7)", "01:30 PST (UTC−8)"]


def test_a_time_in_the_autumn_overlap_happens_twice():
    wall = resolve_wall_time(datetime(2021, 11, 7, 1, 30), LA)
    assert wall.kind is WallKind.OVERLAP
    first, second = wall.candidates
    assert first == datetime(2021, 11, 7, 1, 30, tzinfo=PDT) == datetime(2021, 11, 7, 8, 30, tzinfo=timezone.utc)
    assert first.utcoffset() == timedelta(hours=-7)
    assert second == datetime(2021, 11, 7, 1, 30, tzinfo=PST) == datetime(2021, 11, 7, 9, 30, tzinfo=timezone.utc)
    assert second.utcoffset() == timedelta(hours=-8)
    assert (wall.jump_from, wall.jump_to) == (datetime(2021, 11, 7, 2, 0), datetime(2021, 11, 7, 1, 0))
    assert [describe(c, LA) for c in wall.candidates] == ["01:30 PDT (UTC−7)", "01:30 PST (UTC−8)"]


@pytest.mark.parametrize(
    ("naive", "utc"),
    [
        (datetime(2021, 3, 14, 1, 59), datetime(2021, 3, 14, 9, 59)),  # just before the gap
        (datetime(2021, 3, 14, 3, 0), datetime(2021, 3, 14, 10, 0)),  # just after it
        (datetime(2021, 11, 7, 0, 59), datetime(2021, 11, 7, 7, 59)),  # just before the overlap
        (datetime(2021, 11, 7, 2, 0), datetime(2021, 11, 7, 10, 0)),  # just after it
        (datetime(2021, 7, 1, 12, 0), datetime(2021, 7, 1, 19, 0)),
    ],
)
def test_times_around_the_changes_are_normal(naive, utc):
    wall = resolve_wall_time(naive, LA)
    assert wall.kind is WallKind.NORMAL and wall.is_normal
    assert wall.candidates == (utc.replace(tzinfo=timezone.utc),)
    assert wall.instant.replace(tzinfo=None) == naive


def test_half_hour_dst_and_zones_without_dst():
    wall = resolve_wall_time(datetime(2021, 10, 3, 2, 15), "Australia/Lord_Howe")
    assert wall.kind is WallKind.GAP
    assert (wall.jump_from, wall.jump_to) == (datetime(2021, 10, 3, 2, 0), datetime(2021, 10, 3, 2, 30))
    assert [describe(c, "Australia/Lord_Howe") for c in wall.candidates] == ["02:45 UTC+11", "01:45 UTC+10:30"]
    assert resolve_wall_time(datetime(2021, 3, 14, 2, 30), "UTC").kind is WallKind.NORMAL


def test_offsets_and_abbreviations_read_well():
    assert offset_text(timedelta(hours=-7)) == "UTC−7"
    assert offset_text(timedelta(hours=5, minutes=30)) == "UTC+5:30"
    assert offset_text(timedelta(0)) == "UTC"
    moment = datetime(2021, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert abbreviation(moment, "Europe/Berlin") == "CET"
    assert abbreviation(moment, "Asia/Dubai") == "UTC+4"
    assert abbreviation(moment, "UTC") == "UTC"
    assert describe(moment, "UTC") == "12:00 UTC"


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        resolve_wall_time(datetime(2021, 1, 1, tzinfo=timezone.utc), LA)
    with pytest.raises(ValueError):
        resolve_wall_time(datetime(2021, 1, 1), "Mars/Olympus")


def test_wall_times_at_the_edge_of_the_calendar_are_normal() -> None:
    for naive in (datetime(1, 1, 1, 0, 0), datetime(9999, 12, 31, 23, 59)):
        wall = resolve_wall_time(naive, "Australia/Lord_Howe")
        assert wall.kind is WallKind.NORMAL
        assert wall.candidates[0].replace(tzinfo=None) == naive
