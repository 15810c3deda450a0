"""Coach scores a user can believe: empty is 0, empty rows count for nothing, blaming words show
their rewording and a click selects them, and a "complete" step with findings says so."""

from __future__ import annotations

from datetime import date, datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop_app.domain.completeness import Step
from desktop_app.ui.coach.panel import DetailRole

TODAY = date(2024, 6, 10)
NOW = datetime(2024, 6, 10, 9, 0, tzinfo=timezone.utc)


def _coach(window):
    coach = window.wizard.coach
    coach.today, coach.now = (lambda: TODAY), (lambda: NOW)
    return coach


def _click(qtbot, coach, key: str) -> None:
    item = coach.item_for(key)
    assert item is not None
    coach.tree.scrollToItem(item)
    qtbot.mouseClick(coach.tree.viewport(), Qt.MouseButton.LeftButton, pos=coach.tree.visualItemRect(item).center())


def test_a_new_postmortem_scores_0_everywhere(window) -> None:
    coach = _coach(window)
    window.new_postmortem()
    coach.refresh()
    assert coach.score_label.text() == "0/100"
    assert [coach.group_text(step) for step in Step] == [
        "1. Restoration · 0/100", "2. Gather data · 0/100", "3. Stakeholders · 0/100",
        "4. Blameless discussion · 0/100", "5. Findings and timeline · 0/100", "6. Action items · 0/100",
        "7. Share and track · 0/100",
    ]


def test_empty_rows_do_not_fill_a_step(qtbot, window) -> None:
    coach = _coach(window)
    window.new_postmortem()
    wizard = window.wizard
    wizard.go_to(3)
    qtbot.mouseClick(wizard.stakeholders.editor.add_button, Qt.MouseButton.LeftButton)
    wizard.go_to(6)
    qtbot.mouseClick(wizard.actions.editor.add_button, Qt.MouseButton.LeftButton)
    coach.refresh()
    assert coach.finding_texts(Step.STAKEHOLDERS) == ["• Missing: stakeholders.", "• Missing: review meeting time."]
    assert wizard.steps.item(2).toolTip() == "3. Stakeholders\nMissing: stakeholders, review meeting time"
    item_id = window.document.pm.action_items[0].id
    assert coach.finding_texts(Step.ACTION_ITEMS) == [
        "• Missing: action items.", "• Action item 1: No title.", "• Action item 1: No owner.",
        "• Action item 1: No due date.",
    ]
    assert coach.group_text(Step.ACTION_ITEMS) == "6. Action items · 0/100"
    _click(qtbot, coach, f"action:{item_id}:no_title")
    view = wizard.actions.view
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 0)


def test_blaming_words_show_their_rewording_and_a_click_selects_them(qtbot, window) -> None:
    coach = _coach(window)
    window.new_postmortem()
    doc = window.document
    notes = "We walked the timeline. Then Zoë forgot the flag."
    doc.edit(("discussion_notes",), notes)
    coach.refresh()
    item = coach.item_for("blame:discussion_notes:zoë forgot")
    assert item.text() == "• Discussion notes: “Zoë forgot” makes a person the cause."
    hint = item.data(DetailRole)
    assert hint.startswith("Reword: ") and len(hint) > 30
    assert hint[len("Reword: "):] in item.toolTip()
    # the detail line takes room of its own under the finding
    delegate, tree = coach.tree.itemDelegate(), coach.tree
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.widget = tree
    plain = coach.item_for("empty:4:discussion notes") or coach.tree.item(1)
    with_detail = delegate.sizeHint(option, tree.indexFromItem(item)).height()
    assert with_detail > delegate.sizeHint(option, tree.indexFromItem(plain)).height()
    assert coach.item_for("empty:1:title").data(DetailRole) is None

    _click(qtbot, coach, "blame:discussion_notes:zoë forgot")
    edit = window.wizard.discussion.notes_edit
    assert window.wizard.current_step is Step.DISCUSSION and edit.hasFocus()
    assert edit.textCursor().selectedText() == "Zoë forgot"
    assert edit.textCursor().selectionStart() == notes.index("Zoë")

    # Filled in, but not clean: the page says so instead of "complete".
    page = window.wizard.discussion
    assert page.missing_label.text() == "Every field is filled in, but there is 1 review coach finding to look at."
    assert window.wizard.steps.item(3).toolTip() == "4. Blameless discussion\nComplete · 1 coach finding"
    assert coach.group_text(Step.DISCUSSION) == "4. Blameless discussion · 90/100"
    doc.edit(("discussion_notes",), "We walked the timeline.")
    coach.refresh()
    assert page.missing_label.text() == "✓ This step is complete."
    assert window.wizard.steps.item(3).toolTip() == "4. Blameless discussion\nComplete"
    assert coach.group_text(Step.DISCUSSION) == "4. Blameless discussion · 100/100"
