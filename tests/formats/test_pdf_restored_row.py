"""The full report's "Restored" row reads the same rule as step 1 and the coach
(``metrics.restoration_time``): a Resolution marked on the timeline is the time of restoration."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

import pytest
import reportlab.rl_config
from pypdf import PdfReader

from desktop_app.domain.models import KeyMoment, Postmortem, Restoration, TimelineEvent
from desktop_app.formats.pdf_report import render_full_report

T = datetime(2024, 3, 14, 16, 58, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _restored_line(pm: Postmortem) -> str:
    text = "\n".join(unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(
        render_full_report(pm))).pages)
    lines = [line.strip() for line in text.splitlines()]
    return "RESTORED " + lines[lines.index("RESTORED") + 1]  # the label cell, then its value


def _pm() -> Postmortem:
    return Postmortem(title="Checkout down", timeline=[
        TimelineEvent(occurred_at=T, description="deploy", key_moment=KeyMoment.START),
        TimelineEvent(occurred_at=T.replace(hour=18, minute=46), description="fixed", key_moment=KeyMoment.RESOLUTION),
    ])


def test_a_marked_resolution_is_the_restoration() -> None:
    assert _restored_line(_pm()) == "RESTORED Yes at 14 Mar 2024 18:46 UTC (from the timeline)"


def test_a_stated_restoration_time_wins_and_nothing_known_is_not_yet() -> None:
    pm = _pm()
    pm.restoration = Restoration(restored=True, restored_at=T.replace(hour=18, minute=50))
    assert _restored_line(pm) == "RESTORED Yes at 14 Mar 2024 18:50 UTC"
    assert _restored_line(Postmortem(title="Checkout down")) == "RESTORED Not yet"
