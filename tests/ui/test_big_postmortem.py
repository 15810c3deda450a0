"""A postmortem with a very long timeline opens at once: the coach reviews it in slices afterwards.

The tester's 75,000-event import froze the window for ~22 s, most of it the coach scanning every
event for blaming language before the window could paint. Timings are in
``tests/benchmarks/bench_open_big.py``; these tests check what the user sees, without timing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.coach import panel
from desktop_app.ui.main_window import MainWindow

EVENTS = 10_000
BLAMING_EVERY = 1_000
MISSING = ["• Missing: summary.", "• Missing: impact.", "• Missing: root cause."]
"""What the coach lists first under step 4 for these postmortems (no narrative, no causes)."""


def _big(events: int, blaming_every: int) -> Postmortem:
    start = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
    return Postmortem(
        id="big",
        title="Big import — 大きい",
        timeline=[
            TimelineEvent(
                id=f"e{i:05d}",
                occurred_at=start + timedelta(seconds=7 * i),
                description=(
                    "Zoë forgot to renew the certificate" if i % blaming_every == blaming_every - 1
                    else f"checkout latency {i} ms <p99> & rising"
                ),
            )
            for i in range(events)
        ],
    )


def test_a_long_timeline_opens_before_the_coach_has_read_it(
    qtbot: QtBot, repo: PostmortemRepository, make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo.add(_big(EVENTS, BLAMING_EVERY))
    monkeypatch.setattr(panel, "SLICE_S", 0.0)  # one small slice per window event, however fast the machine
    window = make_window(repo)
    coach = window.wizard.coach

    assert window.open_postmortem("big")
    # The window shows the postmortem now; the coach is still reading.
    assert window.right.currentWidget() is window.wizard
    assert window.wizard.findings.timeline_model.rowCount() == EVENTS
    assert coach.pending
    assert coach.summary_label.text() == "Reviewing 10,000 timeline events…"
    assert coach.report is None
    assert coach.finding_texts(Step.FINDINGS) == []

    qtbot.waitUntil(lambda: not coach.pending, timeout=20_000)
    assert coach.report is not None
    assert coach.finding_texts(Step.FINDINGS) == MISSING + [
        f"• Timeline event {n}: “Zoë forgot to” makes a person the cause."
        for n in range(BLAMING_EVERY, EVENTS + 1, BLAMING_EVERY)
    ]
    assert coach.summary_label.text() == f"{len(coach.report.findings)} findings to look at."


def test_an_edit_during_the_review_is_reviewed_too(
    qtbot: QtBot, repo: PostmortemRepository, make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo.add(_big(3_000, 10_000))  # no blaming event
    monkeypatch.setattr(panel, "SLICE_S", 0.0)
    window = make_window(repo)
    coach = window.wizard.coach
    assert window.open_postmortem("big")
    assert coach.pending
    window.document.edit(("timeline", "e02999", "description"), "the operator was careless", text="Edit")
    qtbot.waitUntil(lambda: not coach.pending, timeout=20_000)
    assert coach.finding_texts(Step.FINDINGS) == MISSING + [
        "• Timeline event 3000: “careless” makes a person the cause."
    ]


def test_opening_another_postmortem_drops_the_old_findings_while_reading(
    qtbot: QtBot, repo: PostmortemRepository, make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = Postmortem(title="Small", discussion_notes="Zoë forgot the runbook")
    repo.add(small)
    repo.add(_big(3_000, 10_000))
    monkeypatch.setattr(panel, "SLICE_S", 0.0)
    window = make_window(repo)
    coach = window.wizard.coach
    assert window.open_postmortem(small.id)
    assert not coach.pending  # a short postmortem is reviewed at once
    assert coach.finding_texts(Step.DISCUSSION) == ["• Discussion notes: “Zoë forgot” makes a person the cause."]

    assert window.open_postmortem("big")
    assert coach.pending
    assert coach.finding_texts(Step.DISCUSSION) == []  # not the other postmortem's findings
    assert coach.score_label.text() == ""
    qtbot.waitUntil(lambda: not coach.pending, timeout=20_000)
    assert coach.report is not None and coach.report_id == "big"


def test_a_step_lists_at_most_200_findings_and_counts_the_rest(
    qtbot: QtBot, repo: PostmortemRepository, make_window: Callable[..., MainWindow],
) -> None:
    repo.add(_big(250, 1))  # every event blames
    window = make_window(repo)
    assert window.open_postmortem("big")
    coach = window.wizard.coach
    qtbot.waitUntil(lambda: not coach.pending, timeout=20_000)
    texts = coach.finding_texts(Step.FINDINGS)
    assert len(texts) == panel.MAX_LISTED_PER_STEP + 1
    assert texts[:4] == [*MISSING, "• Timeline event 1: “Zoë forgot to” makes a person the cause."]
    assert texts[-2] == "• Timeline event 197: “Zoë forgot to” makes a person the cause."
    assert texts[-1] == "… and 53 more findings in this step"  # 3 empty sections + 250 blame − 200 listed
