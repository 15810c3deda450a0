"""Text cut short for lack of room (step captions, coach headings and findings) shows whole in a tool tip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem, QToolTip
from pytestqt.qtbot import QtBot

from desktop_app.domain.completeness import Step
from desktop_app.ui.coach.panel import StepRole
from desktop_app.ui.main_window import MainWindow


def _hover(qtbot: QtBot, view: QListWidget, item: QListWidgetItem) -> str:
    """Rest the mouse on ``item`` and return the tool tip that shows."""
    view.scrollToItem(item)
    center = view.visualItemRect(item).center()
    event = QHelpEvent(QEvent.Type.ToolTip, center, view.viewport().mapToGlobal(center))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def test_a_cut_step_caption_shows_whole_on_hover(qtbot: QtBot, window: MainWindow) -> None:
    window.new_postmortem()
    steps = window.wizard.steps
    steps.setFixedWidth(220)
    item = steps.item(2)
    caption = "Missing: stakeholders, review meeting time"
    # the painted caption is cut at this width ...
    assert steps.fontMetrics().horizontalAdvance(caption) > steps.viewport().width() - 40
    # ... the tool tip is not
    assert _hover(qtbot, steps, item) == f"3. Stakeholders\n{caption}"


def test_coach_headings_and_findings_show_whole_on_hover(qtbot: QtBot, window: MainWindow) -> None:
    window.new_postmortem()
    coach = window.wizard.coach
    coach.refresh()
    tree = coach.tree
    [heading] = [tree.item(i) for i in range(tree.count()) if tree.item(i).data(StepRole) == int(Step.DISCUSSION)]
    assert _hover(qtbot, tree, heading) == (
        "4. Blameless discussion · 0/100\n1 open finding; click to go to the step"
    )
    finding = tree.item(tree.row(heading) + 1)
    assert finding.text() == "• Missing: discussion notes."
    assert _hover(qtbot, tree, finding) == "Missing: discussion notes."
