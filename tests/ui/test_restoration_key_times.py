"""Step 1 shows the key times and the time of restoration the timeline supplies, and the coach
and step list read the same rule (``metrics.restoration_time``)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import KeyMoment, Postmortem, TimelineEvent

UTC = timezone.utc
NOW = datetime(2024, 3, 15, 9, 0, tzinfo=UTC)


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 3, 14, hour, minute, tzinfo=UTC)


def test_marked_moments_show_in_step_1_and_satisfy_the_coach(qtbot, window, repo) -> None:
    pm = Postmortem(title="Checkout down", time_zone="Europe/Amsterdam", timeline=[
        TimelineEvent(occurred_at=_at(16, 58), description="Config pushed"),
        TimelineEvent(occurred_at=_at(17, 25), description="Alert fires"),
        TimelineEvent(occurred_at=_at(18, 46), description="Errors back to normal"),
    ])
    repo.add(pm)
    window.open_postmortem(pm.id)
    coach = window.wizard.coach
    coach.today, coach.now = (lambda: date(2024, 3, 15)), (lambda: NOW)
    page = window.wizard.restoration
    started, resolved = page.time_edits["started_at"], page.time_edits["resolved_at"]
    assert (started.unset_label.text(), page.restored_at_edit.unset_label.text()) == ("not set", "not set")
    coach.refresh()
    assert "• Missing: service restored." in coach.finding_texts(Step.RESTORATION)

    editor = window.wizard.findings.timeline_editor
    for row, moment in ((0, KeyMoment.START), (1, KeyMoment.DETECTION), (2, KeyMoment.RESOLUTION)):
        editor.select_row(row)
        assert editor.mark_selected(moment) is True

    # Times shown in the postmortem's zone (CET: UTC+1), named for where they come from.
    assert [page.time_edits[a].unset_label.text() for a in page.time_edits] == [
        "from the timeline: 2024-03-14 17:58, marked Start",
        "from the timeline: 2024-03-14 18:25, marked Detection",
        "not set",
        "not set",
        "from the timeline: 2024-03-14 19:46, marked Resolution",
    ]
    assert not started.check.isChecked() and started.unset_label.isVisibleTo(page)
    assert page.restored_at_edit.unset_label.text() == "from the timeline: 2024-03-14 19:46, marked Resolution"
    assert page.figure_labels["duration"].text() == "1 h 48 min"
    assert page.figure_labels["time_to_detect"].text() == "27 min"
    assert page.clock_label.text().startswith("Restored ")
    assert page.missing_label.text() == "Still missing: severity, affected services"
    coach.refresh()
    assert "• Missing: service restored." not in coach.finding_texts(Step.RESTORATION)
    assert "• Missing: time of restoration." not in coach.finding_texts(Step.RESTORATION)

    # A typed time of restoration wins over the mark: the field shows it, the hint goes.
    page.restored_at_edit.check.click()
    assert page.restored_at_edit.value() is not None
    resolved_text = resolved.unset_label.text()
    assert resolved_text.startswith("from the timeline: ")  # the Resolved key time is still the mark
    window.undo_action.trigger()
    assert window.document.pm.restoration.restored_at is None
    assert page.restored_at_edit.unset_label.text() == "from the timeline: 2024-03-14 19:46, marked Resolution"

    # Unmarking brings "not set" back.
    editor.select_row(2)
    assert editor.mark_selected(None) is True
    assert resolved.unset_label.text() == "not set"
    assert page.restored_at_edit.unset_label.text() == "not set"
    assert page.missing_label.text() == "Still missing: severity, service restored, affected services"


def test_a_key_time_from_an_event_known_to_the_day_shows_the_date_alone() -> None:
    from desktop_app.domain.metrics import KeyTime, TimeSource
    from desktop_app.ui.wizard.restoration_page import derived_text

    day = datetime(2021, 5, 8, tzinfo=timezone.utc)
    assert derived_text(KeyTime(day, TimeSource.TIMELINE, "e1", day_only=True), "UTC", KeyMoment.START) == (
        "from the timeline: 2021-05-08, marked Start")
    assert derived_text(KeyTime(day, TimeSource.TIMELINE, "e1"), "UTC", KeyMoment.START) == (
        "from the timeline: 2021-05-08 00:00, marked Start")
