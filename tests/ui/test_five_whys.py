"""The 5 Whys panel: chains, ordered whys with pre-filled questions, a conclusion turned into a fishbone
cause or linked to one; every step undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.domain.cause_categories import guess_category
from desktop_app.domain.models import Cause, CauseKind, Postmortem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, NewCause
from desktop_app.ui.fishbone.edits import why_question
from desktop_app.ui.fishbone.five_whys import FiveWhysPanel


@pytest.fixture
def doc() -> PostmortemDocument:
    document = PostmortemDocument()
    pm = Postmortem(title="Checkout errors")
    pm.causes = [Cause(id="pool", text="Connection pool too small", category="Technology")]
    document.load(pm, 1)
    return document


@pytest.fixture
def panel(qtbot: QtBot, doc: PostmortemDocument) -> FiveWhysPanel:
    widget = FiveWhysPanel(doc)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def whys(doc: PostmortemDocument, index: int = 0) -> list[tuple[str, str]]:
    return [(w.question, w.answer) for w in doc.pm.why_chains[index].whys]


def test_question_prefill() -> None:
    assert why_question("The pool ran out of connections.") == "Why did “The pool ran out of connections” happen?"
    assert why_question("  ") == "Why?"


def test_a_chain_of_whys_typed_reordered_and_undone(qtbot, panel, doc, type_text) -> None:
    qtbot.mouseClick(panel.add_chain_button, Qt.MouseButton.LeftButton)
    assert len(doc.pm.why_chains) == 1
    assert panel.chains.currentRow() == 0
    qtbot.keyClicks(panel.problem_edit, "Checkout <502> & timeouts")
    assert doc.pm.why_chains[0].problem == "Checkout <502> & timeouts"
    assert panel.chains.item(0).text() == "Checkout <502> & timeouts"
    assert len(panel.rows) == 1
    type_text(panel.rows[0].answer, "The pool ran out")
    qtbot.mouseClick(panel.add_why_button, Qt.MouseButton.LeftButton)
    assert whys(doc) == [("Why?", "The pool ran out"), ("Why did “The pool ran out” happen?", "")]
    type_text(panel.rows[1].answer, "Pool sized for 2019 traffic 数据库")
    qtbot.mouseClick(panel.add_why_button, Qt.MouseButton.LeftButton)
    assert whys(doc)[2] == ("Why did “Pool sized for 2019 traffic 数据库” happen?", "")
    assert [row.number.text() for row in panel.rows] == ["Why 1", "Why 2", "Why 3"]

    qtbot.mouseClick(panel.rows[2].up, Qt.MouseButton.LeftButton)
    assert [q for q, _a in whys(doc)] == [
        "Why?", "Why did “Pool sized for 2019 traffic 数据库” happen?", "Why did “The pool ran out” happen?"]
    assert panel.rows[1].question.text() == "Why did “Pool sized for 2019 traffic 数据库” happen?"
    qtbot.mouseClick(panel.rows[1].remove, Qt.MouseButton.LeftButton)
    assert whys(doc) == [("Why?", "The pool ran out"),
                         ("Why did “The pool ran out” happen?", "Pool sized for 2019 traffic 数据库")]

    # chain, problem, answer, why, answer, why, move, remove
    assert doc.undo_stack.count() == 8
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert [q for q, _a in whys(doc)] == [
        "Why?", "Why did “The pool ran out” happen?", "Why did “Pool sized for 2019 traffic 数据库” happen?"]
    assert panel.rows[2].question.text() == "Why did “Pool sized for 2019 traffic 数据库” happen?"
    for _ in range(6):
        doc.undo_stack.undo()
    assert doc.pm.why_chains == []
    assert panel.stack.currentIndex() == 0


def test_turn_the_last_answer_into_a_root_cause(qtbot, panel, doc, monkeypatch) -> None:
    chain_id = panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "Checkout errors")
    panel.rows[0].answer.setPlainText("Retries had no jitter")
    offered: list[tuple] = []

    def ask(cls, parent, text, categories, category=""):
        offered.append((text, list(categories), category))
        return NewCause("Client retries had no jitter", "Technology", True)

    monkeypatch.setattr(FishboneDialogs, "ask_new_cause", classmethod(ask))
    steps = doc.undo_stack.count()
    cause_id = panel.turn_into_cause()
    assert offered == [("Retries had no jitter", ["People", "Process", "Technology", "Environment", "Monitoring",
                                                   "Dependencies"], "Technology")]
    assert [(c.id, c.text, c.category, c.kind, c.parent_id) for c in doc.pm.causes] == [
        ("pool", "Connection pool too small", "Technology", CauseKind.CONTRIBUTING_FACTOR, None),
        (cause_id, "Client retries had no jitter", "Technology", CauseKind.ROOT_CAUSE, None),
    ]
    assert doc.pm.why_chains[0].cause_id == cause_id
    assert panel.outcome_label.text() == "Cause on the fishbone: “Client retries had no jitter” (Technology, root cause)"
    assert panel.chains.item(0).text() == "Checkout errors  → cause"
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert [c.id for c in doc.pm.causes] == ["pool"]
    assert doc.pm.why_chains[0].cause_id is None
    assert panel.outcome_label.text() == "Not a fishbone cause yet."
    assert doc.pm.why_chains[0].id == chain_id


def _answer_dialog(qtbot: QtBot, answer) -> list:
    """Run ``answer(dialog)`` on the modal dialog as soon as it is open (the real one, not a stand-in)."""
    seen: list = []

    def when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, when_open)
            return
        seen.append(answer(dialog))

    QTimer.singleShot(0, when_open)
    return seen


def _combo(dialog) -> QComboBox:
    return next(c for c in dialog.findChildren(QComboBox) if c.accessibleName() == "Category")


def test_the_new_cause_goes_on_the_bone_its_words_name(qtbot, panel, doc) -> None:
    panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "Checkout errors")
    panel.rows[0].answer.setPlainText("Pool was exhausted")
    panel.add_why()
    panel.rows[1].answer.setPlainText("A config change went out with no review")
    assert guess_category("A config change went out with no review") == "Technology"

    def accept(dialog):
        offered = _combo(dialog).currentText()
        dialog.accept()
        return offered

    seen = _answer_dialog(qtbot, accept)
    cause_id = panel.turn_into_cause()
    assert seen == ["Technology"]
    assert [(c.id, c.text, c.category, c.kind) for c in doc.pm.causes][-1] == (
        cause_id, "A config change went out with no review", "Technology", CauseKind.ROOT_CAUSE)
    assert panel.outcome_label.text() == (
        "Cause on the fishbone: “A config change went out with no review” (Technology, root cause)")


def test_the_bone_follows_the_edited_text_until_chosen_by_hand(qtbot, panel, doc) -> None:
    panel.add_chain()
    panel.rows[0].answer.setPlainText("Nobody knew why")  # no keyword: the first bone, as before
    assert guess_category("Nobody knew why") == ""
    assert guess_category("Runbook had no escalation step") == "Process"

    def retype(dialog, *, by_hand: bool):
        combo = _combo(dialog)
        first = combo.currentText()
        if by_hand:
            combo.setFocus()
            qtbot.keyClick(combo, Qt.Key.Key_Down)  # People -> Process, chosen by hand
        text = next(e for e in dialog.findChildren(QLineEdit) if e.accessibleName() == "Cause text")
        text.setFocus()
        text.selectAll()
        qtbot.keyClicks(text, "Alert threshold too high" if by_hand else "Runbook had no escalation step")
        followed = combo.currentText()
        dialog.accept()
        return first, followed

    seen = _answer_dialog(qtbot, lambda dialog: retype(dialog, by_hand=False))
    panel.turn_into_cause()
    assert seen == [("People", "Process")]
    assert (doc.pm.causes[-1].text, doc.pm.causes[-1].category) == ("Runbook had no escalation step", "Process")

    panel.add_chain()
    panel.rows[0].answer.setPlainText("Nobody knew why")
    seen = _answer_dialog(qtbot, lambda dialog: retype(dialog, by_hand=True))
    panel.turn_into_cause()
    assert seen == [("People", "Process")]  # "Alert…" would say Monitoring: the hand's choice stays
    assert (doc.pm.causes[-1].text, doc.pm.causes[-1].category) == ("Alert threshold too high", "Process")


def test_link_to_an_existing_cause_and_unlink(qtbot, panel, doc, monkeypatch) -> None:
    panel.add_chain()
    monkeypatch.setattr(FishboneDialogs, "ask_existing_cause",
                        classmethod(lambda cls, parent, causes: (causes[0].id, True)))
    assert panel.link_to_cause()
    assert doc.pm.why_chains[0].cause_id == "pool"
    assert doc.pm.causes[0].kind is CauseKind.ROOT_CAUSE
    assert panel.outcome_label.text() == "Cause on the fishbone: “Connection pool too small” (Technology, root cause)"
    doc.undo_stack.undo()
    assert doc.pm.why_chains[0].cause_id is None and doc.pm.causes[0].kind is CauseKind.CONTRIBUTING_FACTOR
    doc.undo_stack.redo()
    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    assert doc.pm.why_chains[0].cause_id is None
    assert doc.pm.causes[0].kind is CauseKind.ROOT_CAUSE


def test_an_empty_answer_cannot_become_a_cause(qtbot, panel, doc) -> None:
    panel.add_chain()
    with qtbot.waitSignal(panel.message, timeout=1000) as blocker:
        assert panel.turn_into_cause() is None
    assert blocker.args == ["Answer the last why first: its answer becomes the cause."]
    assert [c.id for c in doc.pm.causes] == ["pool"]


def test_several_chains_and_the_findings_tab(qtbot, window) -> None:
    window.new_postmortem()
    findings = window.wizard.findings
    assert [findings.tabs.tabText(i) for i in range(findings.tabs.count())] == [
        "Narrative", "Lessons learned", "Timeline", "Causes", "Fishbone", "5 Whys", "Other sections"]
    panel = findings.five_whys
    first = panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "First")
    second = panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "Second")
    assert [c.id for c in window.document.pm.why_chains] == [first, second]
    assert [panel.chains.item(i).text() for i in range(2)] == ["First", "Second"]
    panel.chains.setCurrentRow(0)
    assert panel.problem_edit.text() == "First"
    qtbot.mouseClick(panel.remove_chain_button, Qt.MouseButton.LeftButton)
    assert [c.id for c in window.document.pm.why_chains] == [second]
    assert panel.problem_edit.text() == "Second"


def test_chains_and_their_causes_are_autosaved(qtbot, window, repo, wait_saved, monkeypatch) -> None:
    window.new_postmortem()
    pm_id = window.document.pm.id
    panel = window.wizard.findings.five_whys
    first = panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "Checkout <502> & timeouts")
    panel.rows[0].answer.setPlainText("The pool ran out")
    qtbot.mouseClick(panel.add_why_button, Qt.MouseButton.LeftButton)
    panel.rows[1].answer.setPlainText("Pool sized for 2019 traffic")
    monkeypatch.setattr(FishboneDialogs, "ask_new_cause",
                        classmethod(lambda cls, parent, text, categories, category="": NewCause(text, "Technology", True)))
    cause_id = panel.turn_into_cause()
    second = panel.add_chain()
    qtbot.keyClicks(panel.problem_edit, "Alert came late")
    panel.rows[0].answer.setPlainText("数据库 alert threshold too high")
    monkeypatch.setattr(FishboneDialogs, "ask_existing_cause",
                        classmethod(lambda cls, parent, causes: (cause_id, False)))
    assert panel.link_to_cause()
    wait_saved(window)
    stored = repo.get(pm_id)
    assert [(c.id, c.problem, c.cause_id, [(w.question, w.answer) for w in c.whys]) for c in stored.why_chains] == [
        (first, "Checkout <502> & timeouts", cause_id,
         [("Why?", "The pool ran out"), ("Why did “The pool ran out” happen?", "Pool sized for 2019 traffic")]),
        (second, "Alert came late", cause_id, [("Why?", "数据库 alert threshold too high")]),
    ]
    assert [(c.id, c.text, c.category, c.kind, c.parent_id) for c in stored.causes] == [
        (cause_id, "Pool sized for 2019 traffic", "Technology", CauseKind.ROOT_CAUSE, None)]
    window.undo_action.trigger()  # the link
    wait_saved(window)
    assert repo.get(pm_id).why_chains[1].cause_id is None


def test_add_why_sits_right_under_the_last_why_and_the_chain_list_is_short(qtbot, panel, doc) -> None:
    qtbot.mouseClick(panel.add_chain_button, Qt.MouseButton.LeftButton)
    for count in (2, 3):
        qtbot.mouseClick(panel.add_why_button, Qt.MouseButton.LeftButton)
        assert len(panel.rows) == count
        last = panel.rows[-1]
        qtbot.waitUntil(lambda last=last: panel.add_why_button.isVisible() and last.isVisible(), timeout=1000)
        button = panel.add_why_button.geometry()
        assert panel.add_why_button.parentWidget() is last.parentWidget()
        assert 0 <= button.top() - last.geometry().bottom() <= 12
        assert button.left() == last.geometry().left()
    # the list of chains is as tall as its rows, not the whole column
    assert panel.chains.height() < 150
    assert panel.chains.geometry().bottom() < panel.add_chain_button.geometry().top()


def _three_whys(qtbot: QtBot, panel: FiveWhysPanel) -> None:
    panel.add_chain()
    for answer in ("The pool ran out", "Pool sized for 2019 traffic", "Nobody owned capacity"):
        if panel.rows[-1].answer.toPlainText():
            panel.add_why()
        panel.rows[-1].answer.setPlainText(answer)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)


def test_alt_arrows_move_a_why_and_the_focus_follows_it(qtbot, panel, doc) -> None:
    _three_whys(qtbot, panel)

    def answers() -> list[str]:
        return [a for _q, a in whys(doc)]

    editor = panel.rows[2].answer
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=1000)
    cursor = editor.textCursor()
    cursor.setPosition(5)
    editor.setTextCursor(cursor)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert answers() == ["The pool ran out", "Nobody owned capacity", "Pool sized for 2019 traffic"]
    assert QApplication.focusWidget() is panel.rows[1].answer
    assert panel.rows[1].answer.textCursor().position() == 5
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # again
    assert answers() == ["Nobody owned capacity", "The pool ran out", "Pool sized for 2019 traffic"]
    assert QApplication.focusWidget() is panel.rows[0].answer
    steps = doc.undo_stack.count()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # at the top
    assert answers() == ["Nobody owned capacity", "The pool ran out", "Pool sized for 2019 traffic"]
    assert doc.undo_stack.count() == steps
    assert panel.rows[0].answer.toPlainText() == "Nobody owned capacity"  # nothing typed by Alt+↑

    panel.rows[0].question.setFocus()
    qtbot.waitUntil(panel.rows[0].question.hasFocus, timeout=1000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert answers() == ["The pool ran out", "Nobody owned capacity", "Pool sized for 2019 traffic"]
    assert QApplication.focusWidget() is panel.rows[1].question


def test_the_arrow_buttons_keep_the_focus_on_the_moved_why(qtbot, panel, doc) -> None:
    _three_whys(qtbot, panel)
    button = panel.rows[0].down
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=1000)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert [a for _q, a in whys(doc)] == ["Pool sized for 2019 traffic", "The pool ran out", "Nobody owned capacity"]
    assert QApplication.focusWidget() is panel.rows[1].down
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # again: now the last, ↓ is off
    assert [a for _q, a in whys(doc)] == ["Pool sized for 2019 traffic", "Nobody owned capacity", "The pool ran out"]
    assert QApplication.focusWidget() is panel.rows[2].answer
    assert not panel.rows[2].down.isEnabled()


def test_the_outcome_box_ends_the_chain_lined_up_with_the_whys(qtbot, panel, doc) -> None:
    panel.resize(1400, 900)
    _three_whys(qtbot, panel)
    panel.add_why()
    panel.add_why()
    panel.rows[-1].answer.setPlainText("Nobody owned the payments configuration after the team reorganisation")
    assert len(panel.rows) == 5
    last = panel.rows[-1]
    box = panel.outcome
    qtbot.waitUntil(lambda: box.isVisible() and last.isVisible() and box.height() > 0, timeout=1000)
    assert box.parentWidget() is last.parentWidget()
    assert box.geometry().left() == last.geometry().left()
    assert box.geometry().right() == last.geometry().right()
    assert 0 < box.geometry().top() - panel.add_why_button.geometry().bottom() <= 16
    assert panel.outcome_label.text() == "Not a fishbone cause yet."
    # the text, then the buttons on one line under it, nothing cut off
    label = panel.outcome_label.geometry()
    buttons = [panel.to_cause_button, panel.link_button, panel.unlink_button]
    assert all(b.geometry().top() >= label.bottom() for b in buttons)
    assert len({b.geometry().top() for b in buttons}) == 1
    assert all(b.width() >= b.sizeHint().width() for b in buttons)
    assert box.geometry().bottom() <= panel.rows_area.viewport().height()
