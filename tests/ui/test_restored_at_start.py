"""Ticking "Restored at" (or a key time) starts from the incident's own times, not from today."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop_app.domain.models import KeyMoment, IncidentTimes, Postmortem, TimelineEvent
from desktop_app.ui.wizard.restoration_page import RESTORED_AT_TIP

UTC = timezone.utc


def _open(window, repo, pm: Postmortem):
    repo.add(pm)
    window.open_postmortem(pm.id)
    return window.wizard.restoration


def _events() -> list[TimelineEvent]:
    return [
        TimelineEvent(id="a", occurred_at=datetime(2026, 1, 14, 9, 5, tzinfo=UTC), description="Alert"),
        TimelineEvent(id="b", occurred_at=datetime(2026, 1, 14, 11, 40, tzinfo=UTC), description="Rolled back"),
        TimelineEvent(id="c", occurred_at=None, description="Untimed note"),
        TimelineEvent(id="d", occurred_at=datetime(2026, 1, 14, 10, 30, tzinfo=UTC), description="Fix deployed"),
    ]


def test_restored_at_starts_at_the_resolution_mark(qtbot, window, repo) -> None:
    events = _events()
    events[3] = events[3].model_copy(update={"key_moment": KeyMoment.RESOLUTION})
    page = _open(window, repo, Postmortem(title="t", incident_date=date(2026, 1, 14), time_zone="Europe/Berlin",
                                          timeline=events))
    page.restored_at_edit.check.click()
    assert page.restored_at_edit.editor.text() == "2026-01-14 11:30"  # 10:30 UTC in Berlin
    assert window.document.pm.restoration.restored_at == datetime(2026, 1, 14, 10, 30, tzinfo=UTC)


def test_restored_at_starts_at_the_latest_timed_event(qtbot, window, repo) -> None:
    page = _open(window, repo, Postmortem(title="t", incident_date=date(2026, 1, 14), timeline=_events()))
    page.restored_at_edit.check.click()
    assert page.restored_at_edit.editor.text() == "2026-01-14 11:40"
    assert window.document.pm.restoration.restored_at == datetime(2026, 1, 14, 11, 40, tzinfo=UTC)


def test_restored_at_starts_at_noon_on_the_incident_date(qtbot, window, repo) -> None:
    page = _open(window, repo, Postmortem(title="t", incident_date=date(2026, 1, 14), time_zone="America/New_York"))
    page.restored_at_edit.check.click()
    assert page.restored_at_edit.editor.text() == "2026-01-14 12:00"
    assert window.document.pm.restoration.restored_at == datetime(2026, 1, 14, 17, 0, tzinfo=UTC)
    assert page.restored_at_edit.check.toolTip() == RESTORED_AT_TIP
    assert "noon on the incident date" in RESTORED_AT_TIP


def test_a_stated_resolved_time_wins_over_the_latest_event(qtbot, window, repo) -> None:
    page = _open(window, repo, Postmortem(
        title="t", incident_date=date(2026, 1, 14), timeline=_events(),
        times=IncidentTimes(resolved_at=datetime(2026, 1, 14, 10, 0, tzinfo=UTC)),
    ))
    page.restored_at_edit.check.click()
    assert page.restored_at_edit.editor.text() == "2026-01-14 10:00"


def test_without_any_time_restored_at_starts_now(qtbot, window, repo) -> None:
    page = _open(window, repo, Postmortem(title="t"))
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    page.restored_at_edit.check.click()
    after = datetime.now(UTC)
    assert before <= window.document.pm.restoration.restored_at <= after


def test_key_times_start_at_their_mark_else_noon(qtbot, window, repo) -> None:
    events = _events()
    events[0] = events[0].model_copy(update={"key_moment": KeyMoment.DETECTION})
    page = _open(window, repo, Postmortem(title="t", incident_date=date(2026, 1, 14), timeline=events))
    page.time_edits["detected_at"].check.click()
    page.time_edits["started_at"].check.click()
    assert window.document.pm.times.detected_at == datetime(2026, 1, 14, 9, 5, tzinfo=UTC)
    assert window.document.pm.times.started_at == datetime(2026, 1, 14, 12, 0, tzinfo=UTC)
    assert page.time_edits["detected_at"].check.toolTip().startswith(
        "Tick to set this key time. It starts at the timeline event marked Detection,")


def test_the_title_field_takes_what_an_import_keeps(window) -> None:
    from desktop_app.domain.limits import MAX_TITLE_CHARS

    window.new_postmortem()
    assert window.wizard.restoration.title_edit.maxLength() == MAX_TITLE_CHARS == 500
