"""The coach panel: findings by step with scores, click to go to the field, dismiss with a reason."""

from __future__ import annotations

from datetime import date, datetime, timezone

from PySide6.QtCore import Qt

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionItem, Stakeholder
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.coach.dismiss_dialog import DismissDialog

TODAY = date(2024, 6, 10)
NOW = datetime(2024, 6, 10, 9, 0, tzinfo=timezone.utc)


def _coach(window):
    coach = window.wizard.coach
    coach.today = lambda: TODAY
    coach.now = lambda: NOW
    window.wizard.actions.today = lambda: TODAY
    return coach


def _new(window):
    window.new_postmortem()
    doc = window.document
    doc.edit(("title",), "Checkout <down> & out")
    doc.edit(("discussion_notes",), "Root cause: human error. Zoë forgot the flag.")
    doc.add_item(("action_items",), 0, ActionItem(title="Investigate", owner="Ada", due_date=date(2024, 6, 1)),
                 text="Add action item")
    return doc


def _click(qtbot, coach, key: str) -> None:
    item = coach.item_for(key)
    assert item is not None
    coach.tree.scrollToItem(item)
    rect = coach.tree.visualItemRect(item)
    qtbot.mouseClick(coach.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_findings_are_listed_by_step_with_scores(window) -> None:
    coach = _coach(window)
    assert coach.summary_label.text() == "Open a postmortem to see the coach's findings."
    doc = _new(window)
    coach.refresh()
    item_id = doc.pm.action_items[0].id
    # Restoration 25 (the title of 4 checks), discussion 100 − 2 × 10 for the blaming words, action
    # items 100 − 10 (vague) − 10 (overdue), the other steps empty: (25 + 80 + 80) / 7 = 26
    assert coach.score_label.text() == "26/100"
    assert coach.group_text(Step.DISCUSSION) == "4. Blameless discussion · 80/100"
    assert coach.finding_texts(Step.DISCUSSION) == [
        "• Discussion notes: “human error” makes a person the cause.",
        "• Discussion notes: “Zoë forgot” makes a person the cause.",
    ]
    assert coach.finding_texts(Step.ACTION_ITEMS) == [
        "• Action item 1 “Investigate”: Overdue: due 2024-06-01, 9 days ago, still open.",
        "• Action item 1 “Investigate”: Vague wording: “Investigate” with no target, system or date.",
    ]
    assert coach.item_for(f"action:{item_id}:vague").toolTip() == (
        "Action item 1 “Investigate”: Vague wording: “Investigate” with no target, system or date.\n"
        "Name the question to answer, the system concerned and what decision the answer feeds."
    )
    assert coach.finding_texts(Step.RESTORATION) == [
        "• Missing: severity.", "• Missing: service restored.", "• Missing: affected services.",
    ]
    assert coach.summary_label.text() == "15 findings to look at."


def test_the_panel_follows_edits(qtbot, window) -> None:
    coach = _coach(window)
    doc = _new(window)
    doc.edit(("discussion_notes",), "We walked the timeline.")
    qtbot.waitUntil(lambda: not coach.pending, timeout=2000)
    assert coach.finding_texts(Step.DISCUSSION) == []
    assert coach.group_text(Step.DISCUSSION) == "4. Blameless discussion · 100/100"


def test_clicking_a_finding_goes_to_its_field(qtbot, window) -> None:
    coach = _coach(window)
    doc = _new(window)
    coach.refresh()
    wizard = window.wizard
    _click(qtbot, coach, "blame:discussion_notes:zoë forgot")
    assert wizard.current_step is Step.DISCUSSION
    assert wizard.discussion.notes_edit.hasFocus()

    item_id = doc.pm.action_items[0].id
    _click(qtbot, coach, f"action:{item_id}:overdue")
    assert wizard.current_step is Step.ACTION_ITEMS
    view = wizard.actions.view
    assert view.hasFocus()
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 2)

    _click(qtbot, coach, "empty:1:severity")
    assert wizard.current_step is Step.RESTORATION
    assert wizard.restoration.severity_combo.hasFocus()

    _click(qtbot, coach, "empty:5:summary")
    assert wizard.current_step is Step.FINDINGS
    assert wizard.findings.tabs.currentIndex() == 0


def test_dismissal_is_undoable_and_survives_autosave_and_reload(
    qtbot, window, make_window, db_url, wait_saved, monkeypatch
) -> None:
    coach = _coach(window)
    doc = _new(window)
    doc.add_item(("stakeholders",), 0, Stakeholder(name="Łukasz", is_facilitator=True), text="Add")
    coach.refresh()
    asked = []
    monkeypatch.setattr(
        DismissDialog, "ask_reason", classmethod(lambda cls, parent, finding: asked.append(finding.key) or "Quoted from chat <log> & kept")
    )
    assert not coach.dismiss_button.isEnabled()
    _click(qtbot, coach, "blame:discussion_notes:human error")
    assert coach.dismiss_button.isEnabled()
    qtbot.mouseClick(coach.dismiss_button, Qt.MouseButton.LeftButton)
    assert asked == ["blame:discussion_notes:human error"]
    assert [(d.key, d.reason) for d in doc.pm.dismissals] == [
        ("blame:discussion_notes:human error", "Quoted from chat <log> & kept")
    ]
    assert coach.finding_texts(Step.DISCUSSION) == ["• Discussion notes: “Zoë forgot” makes a person the cause."]
    assert coach.group_text(Step.DISCUSSION) == "4. Blameless discussion · 90/100"
    assert coach.summary_label.text().endswith(" 1 dismissed.")

    window.undo_action.trigger()
    coach.refresh()
    assert doc.pm.dismissals == []
    window.redo_action.trigger()
    coach.refresh()
    assert len(doc.pm.dismissals) == 1

    # A cancelled dialog changes nothing.
    monkeypatch.setattr(DismissDialog, "ask_reason", classmethod(lambda cls, parent, finding: None))
    coach.tree.setCurrentItem(coach.item_for("blame:discussion_notes:zoë forgot"))
    assert coach.dismiss_selected() is False
    assert len(doc.pm.dismissals) == 1

    pm_id = doc.pm.id
    wait_saved(window)
    window.close()

    again = make_window(PostmortemRepository(open_database(db_url)))
    again.library.view.selectRow(0)
    assert again.document.pm.id == pm_id
    [dismissal] = again.document.pm.dismissals
    assert (dismissal.key, dismissal.reason) == ("blame:discussion_notes:human error", "Quoted from chat <log> & kept")
    coach = _coach(again)
    coach.refresh()
    assert coach.finding_texts(Step.DISCUSSION) == ["• Discussion notes: “Zoë forgot” makes a person the cause."]
    coach.show_dismissed.setChecked(True)
    assert coach.finding_texts(Step.DISCUSSION) == [
        "• Discussion notes: “Zoë forgot” makes a person the cause.",
        "• Dismissed: Discussion notes: “human error” makes a person the cause.",
    ]
    dismissed = coach.item_for("blame:discussion_notes:human error")
    assert dismissed.toolTip().startswith(
        "Discussion notes: “human error” makes a person the cause.\nDismissed: Quoted from chat <log> & kept\n"
    )
    coach.tree.setCurrentItem(dismissed)
    assert coach.restore_button.isEnabled() and not coach.dismiss_button.isEnabled()
    assert coach.restore_selected() is True
    assert again.document.pm.dismissals == []


def test_collapsing_hides_the_list(window) -> None:
    coach = _coach(window)
    _new(window)
    coach.refresh()
    coach.toggle.setChecked(False)
    assert coach.body.isHidden()
    assert coach.score_label.text() == "26/100"
    coach.toggle.setChecked(True)
    assert coach.body.isVisible()


def test_headings_have_room_above_and_findings_hang_under_their_first_word(window) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from desktop_app.ui.coach.delegate import BULLET, HEADING_GAP

    coach = _coach(window)
    _new(window)
    coach.refresh()
    tree, delegate = coach.tree, coach.tree.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.widget = tree
    from desktop_app.ui.coach.panel import StepRole

    headings = [tree.item(i) for i in range(tree.count()) if tree.item(i).data(StepRole) is not None]
    assert [h.text() for h in headings[:2]] == ["1. Restoration · 25/100", "2. Gather data · 0/100"]
    first, second = (tree.indexFromItem(h) for h in headings[:2])
    assert delegate.sizeHint(option, second).height() == delegate.sizeHint(option, first).height() + HEADING_GAP
    finding = tree.indexFromItem(coach.item_for("blame:discussion_notes:zoë forgot"))
    indent, gap, text = delegate._text_rect(option, finding, 200)
    assert (indent, gap, text) == (
        option.fontMetrics.horizontalAdvance(BULLET), 0, "Discussion notes: “Zoë forgot” makes a person the cause."
    )


def test_a_field_checked_only_in_part_is_said_under_the_findings(window, qtbot) -> None:
    coach = _coach(window)
    window.new_postmortem()
    doc = window.document
    doc.edit(("title",), "Log pasted whole")
    log = "May 14 09:12:01 api-7 upstream timed out after 30000 ms & retrying\n" * 20_000  # 1,340,000 characters
    doc.edit(("discussion_notes",), log)
    coach.refresh()
    assert coach.summary_label.text().endswith(
        " 1 long field was checked for blaming words at its start and end only.")
    (partly,) = coach.report.partly_checked
    assert coach.summary_label.toolTip() == partly.message
    assert partly.length == 1_340_000
