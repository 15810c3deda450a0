"""Time stamps as written in postmortems: recognition, zones, invalid and ambiguous values."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from desktop_app.formats.timestamps import (
    find_dates,
    find_zone_label,
    iana_name,
    parse_leading_stamp,
    parse_timestamp,
    zone_for_label,
)

DAY = date(2021, 5, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:45", datetime(2021, 5, 26, 10, 45, tzinfo=timezone.utc)),
        ("4:49 PM UTC", datetime(2021, 5, 26, 16, 49, tzinfo=timezone.utc)),
        ("2019-11-29 12:00", datetime(2019, 11, 29, 12, 0, tzinfo=timezone.utc)),
        ("June 14th, 2022, 10:00 AM", datetime(2022, 6, 14, 10, 0, tzinfo=timezone.utc)),
        ("Jan 14, 10:18 AM", datetime(2021, 1, 14, 10, 18, tzinfo=timezone.utc)),
        ("02-13-2025 11:00 pm", datetime(2025, 2, 13, 23, 0, tzinfo=timezone.utc)),
        ("2024-01-01T13:30:45-08:00", datetime(2024, 1, 1, 13, 30, 45, tzinfo=timezone(timedelta(hours=-8)))),
        ("2:54 PM PST", datetime(2021, 5, 26, 14, 54, tzinfo=timezone(timedelta(hours=-8)))),
        ("2024-06-28 7:09 AM Eastern", datetime(2024, 6, 28, 11, 9, tzinfo=timezone.utc)),
        ("August 1st 2022", datetime(2022, 8, 1, tzinfo=timezone.utc)),
        ("29 November 2019 08:24 CET", datetime(2019, 11, 29, 7, 24, tzinfo=timezone.utc)),
    ],
)
def test_parse_timestamp(text: str, expected: datetime) -> None:
    got = parse_timestamp(text, default_date=DAY)
    assert got == expected
    assert got is not None and got.utcoffset() is not None


def test_labelled_pst_in_june_keeps_the_label_offset() -> None:
    got = parse_timestamp("June 14th, 2022, 10:00 AM PST")
    assert got is not None and got.utcoffset() == timedelta(hours=-8)


def test_eastern_follows_daylight_saving() -> None:
    winter = parse_timestamp("2024-01-10 7:00 AM Eastern")
    summer = parse_timestamp("2024-06-28 7:00 AM Eastern")
    assert winter is not None and winter.utcoffset() == timedelta(hours=-5)
    assert summer is not None and summer.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize("text", ["2024-02-30 25:61", "2024-02-30", "2023-MM-DD", "20202-01-16 12:00", "13:75"])
def test_impossible_or_placeholder_stamps_are_recognised_but_invalid(text: str) -> None:
    stamp = parse_leading_stamp(text)
    assert stamp is not None
    assert stamp.invalid
    assert parse_timestamp(text, default_date=DAY) is None


def test_year_typo_suggests_a_correction() -> None:
    stamp = parse_leading_stamp("20202-01-16 12:00")
    assert stamp is not None and stamp.suggested == date(2020, 1, 16) and stamp.day is None


@pytest.mark.parametrize("text", ["10 nodes were added", "2021 was a year", "1915 UTC", "v3.5 release", ""])
def test_not_a_stamp(text: str) -> None:
    assert parse_leading_stamp(text) is None


def test_leading_stamp_extent_and_footnote() -> None:
    stamp = parse_leading_stamp("2023-MM-DD[^1]: A token was created")
    assert stamp is not None and stamp.raw == "2023-MM-DD[^1]"
    stamp = parse_leading_stamp("16:58 UTC - Writer database")
    assert stamp is not None
    assert (stamp.raw, stamp.clock, stamp.zone) == ("16:58 UTC", time(16, 58), "UTC")


def test_approximate_and_range() -> None:
    approx = parse_leading_stamp("~10:00 something")
    assert approx is not None and approx.approximate and approx.raw == "~10:00"
    span = parse_leading_stamp("Between 2023-07-10 to 2023-07-16")
    assert span is not None and span.approximate and span.day == date(2023, 7, 10)
    assert span.raw == "Between 2023-07-10 to 2023-07-16"


def test_ambiguous_numeric_date_is_flagged() -> None:
    [found] = find_dates("## 3.4.2020")
    assert found.ambiguous
    [clear] = find_dates("Website Outage 5-26-21")
    assert not clear.ambiguous and clear.day == date(2021, 5, 26)


def test_find_dates_in_text() -> None:
    texts = [d.text for d in find_dates("On Friday 29 November 2019, and January 14-19, 2026 and 2022-04-20")]
    assert texts == ["Friday 29 November 2019", "January 14-19, 2026", "2022-04-20"]
    [md] = find_dates("[Public] 4/26 Transaction Delays", month_day_slash=True)
    assert md.month_day == (4, 26) and md.day is None


@pytest.mark.parametrize(
    ("label", "hours", "iana"),
    [("UTC", 0, "UTC"), ("GMT", 0, "UTC"), ("CET", 1, "Etc/GMT-1"), ("CEST", 2, "Etc/GMT-2"),
     ("PST", -8, "Etc/GMT+8"), ("PDT", -7, "Etc/GMT+7"), ("EST", -5, "Etc/GMT+5"), ("EDT", -4, "Etc/GMT+4"),
     ("+05:30", 5.5, "Asia/Kolkata"), ("UTC-3", -3, "Etc/GMT+3")],
)
def test_zone_labels(label: str, hours: float, iana: str) -> None:
    zone = zone_for_label(label)
    assert zone is not None
    assert zone.utcoffset(None) == timedelta(hours=hours)
    assert iana_name(zone) == iana


def test_region_zone_and_statements() -> None:
    zone = zone_for_label("Eastern")
    assert zone is not None and iana_name(zone) == "America/New_York"
    assert find_zone_label("All times in CET.") == "CET"
    assert find_zone_label("Timeline (all times PST). All times approximations") == "PST"
    assert find_zone_label("Nothing about zones, EST-ablished") is None
