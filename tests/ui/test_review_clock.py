"""Step 1's review clock: hours since restoration against the 24–72 h target, and the meeting once it is set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.models import Postmortem, Restoration
from desktop_app.ui.wizard.restoration_page import review_clock_text

RESTORED = datetime(2025, 3, 18, 12, 51, tzinfo=UTC)


def _pm(meeting: datetime | None = None) -> Postmortem:
    return Postmortem(restoration=Restoration(restored=True, restored_at=RESTORED), review_meeting_at=meeting)


@pytest.mark.parametrize(("meeting", "now", "text"), [
    (None, RESTORED + timedelta(hours=5), "Restored 5 h 00 min ago. Hold the review 24–72 h after restoration "
                                          "(opens in 19 h)."),
    (None, RESTORED + timedelta(hours=30), "Restored 30 h 00 min ago: inside the 24–72 h review window (42 h left)."),
    (None, RESTORED + timedelta(days=626), "Restored 626 d 0 h ago: past the 72 h review target."),
    # the finished sample: the meeting was held 45 h after restoration, long ago
    (RESTORED + timedelta(hours=45, minutes=9), RESTORED + timedelta(days=626),
     "Restored 626 d 0 h ago; the review meeting was held 45 h 09 min after restoration, within the 72 h target."),
    (RESTORED + timedelta(days=5), RESTORED + timedelta(hours=30),
     "Restored 30 h 00 min ago; the review meeting is set for 5 d 0 h after restoration, later than the 72 h target."),
])
def test_review_clock(meeting: datetime | None, now: datetime, text: str) -> None:
    assert review_clock_text(_pm(meeting), now) == text
