"""Fixed-offset zones read the human way round: POSIX's Etc/GMT+8 is eight hours behind UTC."""

from __future__ import annotations

import pytest

from desktop_app.domain.zones import zone_label


@pytest.mark.parametrize(("name", "label"), [
    ("Etc/GMT+8", "UTC\u221208:00"),
    ("Etc/GMT-5", "UTC+05:00"),
    ("Etc/GMT-14", "UTC+14:00"),
    ("Etc/GMT+12", "UTC\u221212:00"),
    ("Etc/GMT", "UTC"),
    ("Etc/GMT+0", "UTC"),
    ("Etc/UTC", "UTC"),
    ("UTC", "UTC"),
    ("America/Los_Angeles", "America/Los_Angeles"),
    ("Europe/Amsterdam", "Europe/Amsterdam"),
])
def test_zone_label(name: str, label: str) -> None:
    assert zone_label(name) == label
