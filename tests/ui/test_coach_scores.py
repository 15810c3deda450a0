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
    # a concrete question built from the sentence, under the finding (no need to select it)
    assert item.data(DetailRole) == "Ask instead: “What allowed the flag to be forgotten?”"
    assert item.toolTip() == (
        "Discussion notes: “Zoë forgot” makes a person the cause.\n"
        "Ask instead: “What allowed the flag to be forgotten?”\n"
        "Describe the conditions: what made this easy to miss, and what safeguard was absent."
    )
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


def test_without_a_concrete_question_the_general_rewording_shows(window) -> None:
    coach = _coach(window)
    window.new_postmortem()
    window.document.edit(("discussion_notes",), "The outage was human error.")
    coach.refresh()
    item = coach.item_for("blame:discussion_notes:human error")
    assert item.data(DetailRole) == (
        "Reword: Describe what in the system made this step error-prone, and what would have caught it."
    )


def test_step_headings_are_one_line_with_the_score_at_the_right(qtbot, window) -> None:
    from PySide6.QtGui import QFontMetrics

    from desktop_app.ui.coach.delegate import CoachDelegate, heading_parts

    coach = _coach(window)
    window.new_postmortem()
    window.show()
    qtbot.waitExposed(window)
    coach.refresh()
    tree, delegate = coach.tree, coach.tree.itemDelegate()
    heading = next(tree.item(i) for i in range(tree.count()) if tree.item(i).text().startswith("5. "))
    assert heading_parts(heading.text()) == ("5. Findings and timeline", "0/100")
    assert heading_parts("No score here") == ("No score here", "")
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.widget = tree
    option.font = heading.font()
    metrics = QFontMetrics(heading.font())
    assert delegate.sizeHint(option, tree.indexFromItem(heading)).height() < 2 * metrics.lineSpacing() + 8
    # wide enough: the whole name; narrow: the name is cut, the score stays whole
    assert CoachDelegate.heading_layout(metrics, heading.text(), 400) == ("5. Findings and timeline", "0/100")
    name, score = CoachDelegate.heading_layout(metrics, heading.text(), 150)
    assert score == "0/100" and name.endswith("…") and "5. Findings and timeline".startswith(name[:-1])
    assert metrics.horizontalAdvance(name) + 8 + metrics.horizontalAdvance(score) <= 150


def test_the_coach_gets_its_share_of_the_width_but_step_5_may_take_it(qtbot, window) -> None:
    from desktop_app.ui.wizard.wizard import LEFT_SHARE

    window.resize(1400, 880)
    window.new_postmortem()
    window.show()
    qtbot.waitExposed(window)
    wizard = window.wizard

    def shared() -> bool:
        sizes = wizard.splitter.sizes()
        return abs(sizes[0] - round(sum(sizes) * LEFT_SHARE / 1120)) <= 1

    qtbot.waitUntil(shared, timeout=2000)
    assert wizard.coach.width() >= 240
    # the wide fishbone page takes room from the coach while it shows, not on the other steps
    wizard.go_to(5)
    qtbot.waitUntil(lambda: wizard.splitter.widget(1).width() >= wizard.findings.minimumSizeHint().width(),
                    timeout=2000)
    wizard.go_to(6)
    assert wizard.stack.minimumSizeHint() == wizard.actions.minimumSizeHint()
