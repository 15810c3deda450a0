"""The 5 Whys panel: chains, ordered whys with pre-filled questions, a conclusion turned into a fishbone
cause or linked to one; every step undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

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

    def ask(cls, parent, text, categories):
        offered.append((text, list(categories)))
        return NewCause("Client retries had no jitter", "Technology", True)

    monkeypatch.setattr(FishboneDialogs, "ask_new_cause", classmethod(ask))
    steps = doc.undo_stack.count()
    cause_id = panel.turn_into_cause()
    assert offered == [("Retries had no jitter", ["People", "Process", "Technology", "Environment", "Monitoring",
                                                   "Dependencies"])]
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
                        classmethod(lambda cls, parent, text, categories: NewCause(text, "Technology", True)))
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
