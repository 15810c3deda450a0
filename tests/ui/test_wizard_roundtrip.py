"""A postmortem typed into the wizard's real widgets is saved and comes back field for field."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime, QTimeZone

from desktop_app.domain.models import (
    ActionStatus,
    EventKind,
    EvidenceKind,
    Kind,
    Priority,
    Severity,
    StakeholderRole,
    Status,
    TimePrecision,
)
from desktop_app.ui.widgets.datetime_edit import OptionalDateTimeEdit

BERLIN = ZoneInfo("Europe/Berlin")


def _tick(qtbot, check) -> None:
    """Click a check box on its indicator."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))


def _set_time(qtbot, widget: OptionalDateTimeEdit, y: int, mo: int, d: int, h: int, mi: int) -> None:
    _tick(qtbot, widget.check)
    widget.editor.setDateTime(QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone(QTimeZone.Initialization.UTC)))


def _choose(qtbot, combo, text: str) -> None:
    """Pick an entry of a combo box with the keyboard, as a user would."""
    combo.setFocus()
    while combo.currentText() != text:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{text!r} not reachable in the combo box"


def test_typed_postmortem_survives_close_and_reopen(qtbot, make_window, repo, db_url, edit_cell, wait_saved):
    window = make_window(repo)
    window.new_postmortem()
    wizard = window.wizard
    page1 = wizard.restoration

    qtbot.keyClicks(page1.title_edit, "Checkout errors after config push")
    _choose(qtbot, page1.severity_combo, "SEV2")
    _choose(qtbot, page1.kind_combo, "Near miss")
    page1.zone_box.setEditText("Europe/Berlin")
    _tick(qtbot, page1.restored_check)
    _set_time(qtbot, page1.restored_at_edit, 2024, 3, 5, 16, 45)
    _tick(qtbot, page1.incident_date_edit.check)
    page1.incident_date_edit.editor.setDate(QDate(2024, 3, 5))
    qtbot.keyClicks(page1.services_edit, "checkout, payments-api")
    qtbot.keyClicks(page1.regions_edit, "eu-west-1")
    qtbot.keyClicks(page1.customers_edit, "About 4% of EU shoppers")
    _set_time(qtbot, page1.time_edits["started_at"], 2024, 3, 5, 14, 0)
    _set_time(qtbot, page1.time_edits["detected_at"], 2024, 3, 5, 14, 12)
    assert page1.figure_labels["time_to_detect"].text() == "12 min"

    wizard.next_step()
    assert wizard.current_step == 2
    evidence = wizard.evidence.editor
    qtbot.mouseClick(evidence.add_button, Qt.MouseButton.LeftButton)
    evidence.model.setData(evidence.model.index(0, 0), EvidenceKind.GRAPH)
    edit_cell(evidence.view, 0, 1, "Error rate dashboard")
    edit_cell(evidence.view, 0, 2, "https://grafana.example/d/abc")

    wizard.next_step()
    people = wizard.stakeholders.editor
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    edit_cell(people.view, 0, 0, "Dana Øster")
    people.model.setData(people.model.index(0, 1), StakeholderRole.INCIDENT_COMMANDER)
    edit_cell(people.view, 0, 2, "SRE")
    people.model.setData(people.model.index(0, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    _set_time(qtbot, wizard.stakeholders.meeting_edit, 2024, 3, 7, 10, 0)

    wizard.next_step()
    qtbot.keyClicks(wizard.discussion.notes_edit, "The config linter did not know the new key.")
    qtbot.keyClicks(wizard.discussion.questions_edit, "Why no canary?")

    wizard.next_step()
    findings = wizard.findings
    qtbot.keyClicks(findings.narrative_edits["summary"], "A config push broke checkout for 40 minutes.")
    qtbot.keyClicks(findings.narrative_edits["impact"], "Failed checkouts in the EU")
    qtbot.keyClicks(findings.narrative_edits["root_cause"], "Unvalidated config key")
    qtbot.keyClicks(findings.narrative_edits["went_well"], "Fast rollback")
    findings.tabs.setCurrentIndex(2)
    timeline = findings.timeline_editor
    qtbot.mouseClick(timeline.add_button, Qt.MouseButton.LeftButton)
    edit_cell(timeline.view, 0, 0, "2024-03-05 14:02")
    timeline.model.setData(timeline.model.index(0, 1), EventKind.TRIGGER)
    edit_cell(timeline.view, 0, 2, "Config pushed to production")
    edit_cell(timeline.view, 0, 3, "deploy bot")

    wizard.next_step()
    actions = wizard.actions.editor
    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    edit_cell(actions.view, 0, 0, "Validate config keys in CI")
    edit_cell(actions.view, 0, 1, "Dana")
    edit_cell(actions.view, 0, 2, "2024-04-01")
    actions.model.setData(actions.model.index(0, 4), Priority.P1)

    wizard.next_step()
    _choose(qtbot, wizard.share.status_combo, "In review")
    qtbot.keyClicks(wizard.share.tags_edit, "config, checkout")
    assert wizard.share.progress_label.text() == "1 action item: 1 open, 0 done"

    pm_id = window.document.pm.id
    wait_saved(window)
    assert window.save_label.text().startswith("Saved ")
    window.close()

    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    again = make_window(PostmortemRepository(open_database(db_url)))
    assert again.library.visible_titles() == ["Checkout errors after config push"]
    again.library.view.selectRow(0)
    assert again.document.pm.id == pm_id
    pm = again.document.pm

    assert pm.title == "Checkout errors after config push"
    assert pm.kind is Kind.NEAR_MISS
    assert pm.severity is Severity.SEV2
    assert pm.status is Status.IN_REVIEW
    assert pm.time_zone == "Europe/Berlin"
    assert pm.incident_date == date(2024, 3, 5)
    assert pm.tags == ["config", "checkout"]
    assert pm.restoration.restored is True
    assert pm.restoration.restored_at == datetime(2024, 3, 5, 16, 45, tzinfo=BERLIN)
    assert pm.restoration.affected_services == ["checkout", "payments-api"]
    assert pm.restoration.affected_regions == ["eu-west-1"]
    assert pm.restoration.affected_customers == "About 4% of EU shoppers"
    assert pm.times.started_at == datetime(2024, 3, 5, 14, 0, tzinfo=BERLIN)
    assert pm.times.detected_at == datetime(2024, 3, 5, 14, 12, tzinfo=BERLIN)
    assert pm.times.resolved_at is None
    assert [(e.kind, e.title, e.url, e.file_path, e.note) for e in pm.evidence] == [
        (EvidenceKind.GRAPH, "Error rate dashboard", "https://grafana.example/d/abc", "", "")
    ]
    assert [(s.name, s.role, s.team, s.is_facilitator) for s in pm.stakeholders] == [
        ("Dana Øster", StakeholderRole.INCIDENT_COMMANDER, "SRE", True)
    ]
    assert pm.review_meeting_at == datetime(2024, 3, 7, 10, 0, tzinfo=BERLIN)
    assert pm.discussion_notes == "The config linter did not know the new key."
    assert pm.open_questions == ["Why no canary?"]
    assert pm.narrative.summary == "A config push broke checkout for 40 minutes."
    assert pm.narrative.impact == "Failed checkouts in the EU"
    assert pm.narrative.root_cause == "Unvalidated config key"
    assert pm.narrative.went_well == "Fast rollback"
    assert pm.narrative.what_happened == ""
    [event] = pm.timeline
    assert event.occurred_at == datetime(2024, 3, 5, 14, 2, tzinfo=BERLIN)
    assert (event.precision, event.approximate, event.raw_time) == (TimePrecision.MINUTE, False, "")
    assert (event.kind, event.description, event.actor) == (
        EventKind.TRIGGER,
        "Config pushed to production",
        "deploy bot",
    )
    [action] = pm.action_items
    assert (action.title, action.owner, action.due_date, action.status, action.priority) == (
        "Validate config keys in CI",
        "Dana",
        date(2024, 4, 1),
        ActionStatus.OPEN,
        Priority.P1,
    )

    # ... and the widgets show it again.
    w = again.wizard
    assert w.restoration.title_edit.text() == "Checkout errors after config push"
    assert w.restoration.severity_combo.currentText() == "SEV2"
    assert w.restoration.services_edit.text() == "checkout, payments-api"
    assert w.restoration.restored_at_edit.editor.text() == "2024-03-05 16:45"
    assert w.restoration.zone_box.currentText() == "Europe/Berlin"
    assert w.findings.narrative_edits["summary"].toPlainText() == "A config push broke checkout for 40 minutes."
    assert w.findings.timeline_model.index(0, 0).data() == "2024-03-05 14:02"
    assert w.share.status_combo.currentText() == "In review"
    assert w.steps.complete_count() == 7
    assert again.windowTitle() == "Checkout errors after config push[*] — Hindsight"
    assert not again.isWindowModified()
