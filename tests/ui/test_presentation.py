"""Presentation mode: enter and leave, the agenda by keyboard, the timer on a fake clock, hidden names,
the parking lot, live undoable edits, remembered zoom and theme, and the themes' contrast."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication

from desktop_app.domain.facilitation import BLAMELESS_PROMPTS
from desktop_app.domain.models import (
    ActionItem,
    Cause,
    KeyMoment,
    Narrative,
    Postmortem,
    Stakeholder,
    StakeholderRole,
    TimelineEvent,
)
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.presentation.contrast import AAA_BODY, contrast_ratio, relative_luminance
from desktop_app.ui.presentation.name_labels import NameLabels
from desktop_app.ui.presentation.name_mask import shown_text
from desktop_app.ui.presentation.theme import DARK, LIGHT
from desktop_app.ui.presentation.window import PresentationWindow, base_pixels
from desktop_app.ui.timeline.model import TimelineModel
from desktop_app.ui.wizard.actions_page import OWNER

AGENDA_TITLES = [
    "Context and impact",
    "Timeline walk-through",
    "Root cause analysis",
    "Went well, wrong, lucky",
    "Action items",
    "Parking lot review",
]
T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.t = 5000.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def sample() -> Postmortem:
    return Postmortem(
        title="Checkout 502s <after> deploy & rollback",
        narrative=Narrative(summary="Checkout failed for 40 minutes.", impact="12 % of orders failed."),
        stakeholders=[
            Stakeholder(id="s1", name="Ana Ruiz", role=StakeholderRole.INCIDENT_COMMANDER,
                        email="ana@example.org"),
            Stakeholder(id="s2", name="Bo Chen", role=StakeholderRole.RESPONDER),
            Stakeholder(id="s3", name="Cy Díaz", role=StakeholderRole.RESPONDER),
        ],
        timeline=[
            TimelineEvent(id="e1", occurred_at=T0, description="Deploy started", actor="Bo Chen"),
            TimelineEvent(id="e2", occurred_at=T0.replace(minute=7), description="Alert fired", actor="@ana"),
            TimelineEvent(id="e3", occurred_at=T0.replace(minute=9), description="Paged the DBA",
                          actor="Dmitri"),
        ],
        action_items=[
            ActionItem(id="a1", title="Add a canary stage", owner="Cy Díaz"),
            ActionItem(id="a2", title="Alert on 5xx rate", owner="Dmitri & Ana Ruiz"),
        ],
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def opened(window, repo):
    """The main window with the sample postmortem open and a fake meeting clock."""
    pm = sample()
    repo.add(pm)
    window.refresh_library()
    assert window.open_postmortem(pm.id)
    return window


@pytest.fixture
def presenting(qtbot, opened, clock) -> PresentationWindow:
    opened.presentation_clock = clock
    presentation = opened.present()
    assert presentation is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation, timeout=2000)
    return presentation


def key(qtbot, presentation: PresentationWindow, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the focus is, as a user would."""
    qtbot.keyClick(QApplication.focusWidget() or presentation, k, modifiers)


# -- entering and leaving ------------------------------------------------------------------------------


def test_f5_enters_full_screen_and_escape_returns_to_the_same_step(qtbot, opened, clock):
    opened.presentation_clock = clock
    opened.wizard.go_to(4)
    assert opened.present_action.isEnabled()
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened, timeout=2000)
    qtbot.keyClick(opened, Qt.Key.Key_F5)
    presentation = opened.presentation
    assert presentation is not None and presentation.isVisible()
    assert presentation.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation, timeout=2000)
    assert presentation.document_title() == "Checkout 502s <after> deploy & rollback"

    key(qtbot, presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened, timeout=2000)
    assert opened.wizard.current_step == 4
    assert opened.document.pm.title == "Checkout 502s <after> deploy & rollback"


def test_present_is_disabled_without_a_postmortem(window):
    assert not window.present_action.isEnabled()
    assert window.present() is None
    assert window.presentation is None


# -- the agenda ----------------------------------------------------------------------------------------


def test_agenda_moves_by_keyboard_and_by_click(qtbot, presenting):
    p = presenting
    assert p.agenda.titles() == AGENDA_TITLES
    assert [p.agenda.line(r) for r in range(6)] == [
        "5:00 left", "15 min", "20 min", "10 min", "10 min", "5 min"]
    assert p.heading.text() == "Context and impact"

    key(qtbot, p, Qt.Key.Key_PageDown)
    assert (p.current, p.heading.text()) == (1, "Timeline walk-through")
    assert p.stack.currentWidget() is p.timeline_editor
    key(qtbot, p, Qt.Key.Key_Down, CTRL)
    assert (p.current, p.heading.text()) == (2, "Root cause analysis")
    key(qtbot, p, Qt.Key.Key_PageDown)
    key(qtbot, p, Qt.Key.Key_PageDown)
    key(qtbot, p, Qt.Key.Key_PageDown)
    key(qtbot, p, Qt.Key.Key_PageDown)  # stays on the last item
    assert (p.current, p.heading.text()) == (5, "Parking lot review")
    assert p.agenda.currentRow() == 5
    key(qtbot, p, Qt.Key.Key_PageUp)
    key(qtbot, p, Qt.Key.Key_Up, CTRL)
    assert (p.current, p.heading.text()) == (3, "Went well, wrong, lucky")
    assert p.stack.currentWidget() is p.lessons

    rect = p.agenda.visualItemRect(p.agenda.item(4))
    qtbot.mouseClick(p.agenda.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (p.current, p.heading.text()) == (4, "Action items")
    assert p.stack.currentWidget() is p.actions_editor


# -- the timer -------------------------------------------------------------------------------------------


def test_timer_counts_on_the_clock_and_warns_when_over(qtbot, presenting, clock):
    p = presenting
    assert (p.clock_label.text(), p.remaining_label.text()) == ("0:00", "5:00 left")
    clock.advance(61)
    p.refresh_timer()
    assert (p.clock_label.text(), p.remaining_label.text()) == ("1:01", "3:59 left")

    key(qtbot, p, Qt.Key.Key_PageDown)  # the timeline: 15 minutes
    clock.advance(180)
    p.refresh_timer()
    assert (p.clock_label.text(), p.remaining_label.text()) == ("4:01", "12:00 left")
    assert p.agenda.line(0) == "1:01 of 5 min"
    assert p.agenda.line(1) == "12:00 left"
    assert p.remaining_label.property("over") is False

    clock.advance(12 * 60 + 30)
    qtbot.waitUntil(lambda: p.remaining_label.text() == "+0:30 over", timeout=2500)  # one tick of the QTimer
    assert p.agenda.line(1) == "+0:30 over"
    assert p.remaining_label.property("over") is True
    assert p.remaining_label.palette().color(QPalette.ColorRole.WindowText).name() == LIGHT.warning
    assert p.agenda.item(1).foreground().color().name() == LIGHT.warning
    assert p.clock_label.text() == "16:31"

    key(qtbot, p, Qt.Key.Key_Space)  # pause
    assert p.pause_button.text() == "Resume"
    clock.advance(100)
    p.refresh_timer()
    assert (p.clock_label.text(), p.remaining_label.text()) == ("16:31", "+0:30 over")
    key(qtbot, p, Qt.Key.Key_Space)  # resume
    clock.advance(2)
    p.refresh_timer()
    assert (p.clock_label.text(), p.remaining_label.text()) == ("16:33", "+0:32 over")


def test_time_boxes_are_editable_and_remembered(qtbot, presenting, settings, clock):
    p = presenting
    key(qtbot, p, Qt.Key.Key_PageDown)
    p.box_spin.setValue(12)
    assert p.remaining_label.text() == "12:00 left"
    assert settings.value("presentation/boxes") == "5,12,20,10,10,5"
    again = PresentationWindow(p.doc, settings=settings, clock=clock)
    qtbot.addWidget(again)
    assert again.boxes == [5, 12, 20, 10, 10, 5]


# -- prompts ---------------------------------------------------------------------------------------------


def test_prompts_rotate_on_the_clock_and_on_demand_during_discussion_items(
    qtbot, presenting, clock, settings
):
    p = presenting
    assert not p.prompt_card.isVisible()  # context: no prompts
    key(qtbot, p, Qt.Key.Key_PageDown)
    assert p.prompt_card.isVisible()
    assert p.prompt_card.text == BLAMELESS_PROMPTS[0] == "What allowed this to happen?"
    clock.advance(44)
    p.refresh_timer()
    assert p.prompt_card.text == BLAMELESS_PROMPTS[0]
    clock.advance(1)
    p.refresh_timer()
    assert p.prompt_card.text == "What did the responders know at that moment?"
    key(qtbot, p, Qt.Key.Key_Right, CTRL)
    assert p.prompt_card.text == "What made the right action hard?"
    assert p.prompt_card.position_label.text() == "3 / 12"
    key(qtbot, p, Qt.Key.Key_Left, CTRL)
    key(qtbot, p, Qt.Key.Key_Left, CTRL)
    key(qtbot, p, Qt.Key.Key_Left, CTRL)
    assert p.prompt_card.text == BLAMELESS_PROMPTS[-1]

    key(qtbot, p, Qt.Key.Key_B)
    assert not p.prompt_card.isVisible()
    assert settings.value("presentation/prompts") in (False, "false")
    key(qtbot, p, Qt.Key.Key_B)
    assert p.prompt_card.isVisible()
    key(qtbot, p, Qt.Key.Key_PageDown)  # root cause: still shown
    assert p.prompt_card.isVisible()
    key(qtbot, p, Qt.Key.Key_PageDown)  # lessons: not shown
    assert not p.prompt_card.isVisible()


# -- names -------------------------------------------------------------------------------------------------


def test_hide_names_shows_roles_and_stores_nothing(qtbot, presenting):
    p = presenting
    timeline = p.timeline_editor.view
    actions = p.actions_editor.view
    people = p.context_page.people_label
    assert people.text() == "Ana Ruiz (Incident commander), Bo Chen (Responder), Cy Díaz (Responder)"
    assert [shown_text(timeline, r, TimelineModel.ACTOR) for r in range(3)] == ["Bo Chen", "@ana", "Dmitri"]

    key(qtbot, p, Qt.Key.Key_N)
    assert p.names_hidden and p.names_button.text() == "Show names"
    assert people.text() == "Incident commander, Responder 1, Responder 2"
    # The export redaction's labels: "Dmitri" and "Dmitri & Ana Ruiz" are people of their own there.
    assert [shown_text(timeline, r, TimelineModel.ACTOR) for r in range(3)] == [
        "Responder 1", "Incident commander", "Responder 3"]
    assert [shown_text(actions, r, OWNER) for r in range(2)] == ["Responder 2", "Responder 4"]
    # Read-only while hidden: no editor opens on a name cell, so no label can be typed back.
    key(qtbot, p, Qt.Key.Key_PageDown)
    index = timeline.model().index(0, TimelineModel.ACTOR)
    timeline.setCurrentIndex(index)
    timeline.edit(index)
    assert timeline.state() != QAbstractItemView.State.EditingState
    assert [e.actor for e in p.doc.pm.timeline] == ["Bo Chen", "@ana", "Dmitri"]
    assert [a.owner for a in p.doc.pm.action_items] == ["Cy Díaz", "Dmitri & Ana Ruiz"]
    assert [s.name for s in p.doc.pm.stakeholders] == ["Ana Ruiz", "Bo Chen", "Cy Díaz"]
    assert p.doc.undo_stack.count() == 0

    key(qtbot, p, Qt.Key.Key_N)
    assert not p.names_hidden and p.names_button.text() == "Hide names"
    assert [shown_text(timeline, r, TimelineModel.ACTOR) for r in range(3)] == ["Bo Chen", "@ana", "Dmitri"]
    assert [shown_text(actions, r, OWNER) for r in range(2)] == ["Cy Díaz", "Dmitri & Ana Ruiz"]
    assert people.text() == "Ana Ruiz (Incident commander), Bo Chen (Responder), Cy Díaz (Responder)"


def test_name_labels_match_names_emails_and_first_names():
    labels = NameLabels(sample())
    assert labels.stakeholder_labels == {"s1": "Incident commander", "s2": "Responder 1", "s3": "Responder 2"}
    assert labels.label("  ana@example.org ") == "Incident commander"
    assert labels.label("ANA") == "Incident commander"
    assert labels.label("bo chen") == "Responder 1"
    assert labels.label("Ana Ruiz and Bo Chen") == "Incident commander and Responder 1"
    assert labels.label("Dmitri") == "Responder 3"
    assert labels.label("SRE team") == "SRE team"  # a team, kept as the export keeps it
    assert labels.label("") == ""


# -- the parking lot ---------------------------------------------------------------------------------------


def test_parking_lot_items_are_undoable_and_persist(
    qtbot, presenting, opened, db_url, make_window, clock, type_text, wait_saved
):
    p = presenting
    key(qtbot, p, Qt.Key.Key_P)
    assert p.parking_panel.isVisible()
    entry = p.parking_panel.entry
    assert QApplication.focusWidget() is entry
    type_text(entry, "Why did the alert <not> page?")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    type_text(entry, "谁负责 Redis & 备份？")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    type_text(entry, "Temporary")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert entry.text() == ""
    assert p.parking_panel.texts() == ["Why did the alert <not> page?", "谁负责 Redis & 备份？", "Temporary"]
    assert p.parking_button.text() == "Parking lot (3)"
    assert p.agenda.line(5) == "5 min · 3 open"

    p.parking_panel.list.setFocus()
    p.parking_panel.list.setCurrentRow(2)
    key(qtbot, p, Qt.Key.Key_Delete)
    assert p.parking_panel.texts() == ["Why did the alert <not> page?", "谁负责 Redis & 备份？"]
    p.parking_panel.list.setCurrentRow(1)
    key(qtbot, p, Qt.Key.Key_Space)  # on the list, Space resolves the item (the timer keeps running)
    assert [i.resolved for i in p.doc.pm.parking_lot] == [False, True]
    assert p.timer.running
    assert p.parking_panel.count_label.text() == "1 open · 1 resolved"
    assert p.agenda.line(5) == "5 min · 1 open"
    key(qtbot, p, Qt.Key.Key_Z, CTRL)
    assert [i.resolved for i in p.doc.pm.parking_lot] == [False, False]
    key(qtbot, p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [i.resolved for i in p.doc.pm.parking_lot] == [False, True]

    key(qtbot, p, Qt.Key.Key_PageDown)  # the review page lists the same items
    assert p.parking_review.texts() == p.parking_panel.texts()

    key(qtbot, p, Qt.Key.Key_Escape)  # the first Escape closes the parking lot
    assert (p.isVisible(), p.parking_panel.isVisible()) == (True, False)
    key(qtbot, p, Qt.Key.Key_Escape)
    assert not p.isVisible()
    wait_saved(opened)
    stored = PostmortemRepository(open_database(db_url)).get(p.doc.pm.id)
    assert [(i.text, i.resolved) for i in stored.parking_lot] == [
        ("Why did the alert <not> page?", False), ("谁负责 Redis & 备份？", True)]

    # Reloaded: another window over the same database presents the same parking lot.
    again = make_window(PostmortemRepository(open_database(db_url)))
    again.presentation_clock = clock
    assert again.open_postmortem(p.doc.pm.id)
    reloaded = again.present()
    assert reloaded is not None and reloaded is not p
    assert reloaded.parking_panel.texts() == ["Why did the alert <not> page?", "谁负责 Redis & 备份？"]
    assert reloaded.parking_panel.count_label.text() == "1 open · 1 resolved"
    assert reloaded.parking_button.text() == "Parking lot (1)"
    assert reloaded.agenda.line(5) == "5 min · 1 open"


def test_an_open_parking_lot_leaves_the_action_titles_their_width(qtbot, presenting):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(4)
    view = p.actions_editor.view
    shown = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6) if not view.isColumnHidden(c)]
    assert shown == ["Action", "Owner", "Due date", "Status"]  # priority and causes step aside at 1280
    key(qtbot, p, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: p.parking_panel.isVisible(), timeout=2000)
    shown = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6) if not view.isColumnHidden(c)]
    assert shown == ["Action", "Owner", "Due date"]
    qtbot.waitUntil(lambda: view.columnWidth(0) >= 0.33 * view.viewport().width(), timeout=2000)
    assert p.width() == 1280
    key(qtbot, p, Qt.Key.Key_Escape)  # leaves the entry
    key(qtbot, p, Qt.Key.Key_Escape)  # closes the panel
    shown = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6) if not view.isColumnHidden(c)]
    assert shown == ["Action", "Owner", "Due date", "Status"]
    _at(qtbot, p, 1920, 1080)
    qtbot.waitUntil(lambda: not view.isColumnHidden(4), timeout=2000)
    shown = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6) if not view.isColumnHidden(c)]
    assert shown == ["Action", "Owner", "Due date", "Status", "Priority"]


def test_escape_backs_out_of_the_parking_lot_one_step_at_a_time(qtbot, presenting, type_text):
    p = presenting
    key(qtbot, p, Qt.Key.Key_P)
    entry = p.parking_panel.entry
    type_text(entry, "Who owns <DNS> & 証明書?")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    type_text(entry, "Half typed")
    key(qtbot, p, Qt.Key.Key_Escape)  # clears the input
    assert (entry.text(), QApplication.focusWidget() is entry, p.parking_panel.isVisible()) == ("", True, True)
    key(qtbot, p, Qt.Key.Key_Escape)  # leaves the input; the panel stays
    assert QApplication.focusWidget() is p.agenda
    assert (p.parking_panel.isVisible(), p.parking_button.isChecked(), p.isVisible()) == (True, True, True)
    key(qtbot, p, Qt.Key.Key_Escape)  # closes the panel
    assert (p.parking_panel.isVisible(), p.parking_button.isChecked(), p.isVisible()) == (False, False, True)
    assert p.doc.pm.parking_lot[0].text == "Who owns <DNS> & 証明書?" and len(p.doc.pm.parking_lot) == 1
    key(qtbot, p, Qt.Key.Key_Escape)  # leaves the presentation
    assert not p.isVisible()


def test_the_side_bar_hint_says_escape_steps_back_before_leaving(qtbot, presenting):
    p = presenting
    assert p.keys_label.text() == "Esc steps back, then leaves · Space pauses"
    assert p.keys_label.isVisible() and p.sidebar.isAncestorOf(p.keys_label)
    assert p.keys_label.toolTip().endswith("Esc: back out (parking lot first), then leave")
    key(qtbot, p, Qt.Key.Key_P)  # from the parking lot's empty input: three steps, as the hint says
    assert QApplication.focusWidget() is p.parking_panel.entry
    key(qtbot, p, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is p.agenda
    assert (p.parking_panel.isVisible(), p.isVisible()) == (True, True)
    key(qtbot, p, Qt.Key.Key_Escape)
    assert (p.parking_panel.isVisible(), p.isVisible()) == (False, True)
    key(qtbot, p, Qt.Key.Key_Escape)
    assert not p.isVisible()


def test_f5_leaves_at_once_even_from_the_parking_lot(qtbot, presenting, type_text):
    p = presenting
    key(qtbot, p, Qt.Key.Key_P)
    type_text(p.parking_panel.entry, "Pending")
    key(qtbot, p, Qt.Key.Key_F5)
    assert not p.isVisible()


# -- live edits ----------------------------------------------------------------------------------------------


def test_live_edits_are_stored_and_undoable(
    qtbot, presenting, opened, db_url, edit_cell, type_text, wait_saved
):
    p = presenting
    key(qtbot, p, Qt.Key.Key_PageDown)
    editor = p.timeline_editor
    editor.select_row(2)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    edit_cell(editor.view, 3, TimelineModel.DESCRIPTION, "Rolled back 版本 <v2>")
    editor.select_row(1)
    editor.view.setFocus()
    key(qtbot, p, Qt.Key.Key_2, ALT)  # Alt+2: detection
    assert [e.description for e in p.doc.pm.timeline] == [
        "Deploy started", "Alert fired", "Paged the DBA", "Rolled back 版本 <v2>"]
    assert p.doc.pm.timeline[1].key_moment is KeyMoment.DETECTION
    editor.select_row(0)
    editor.view.setFocus()
    key(qtbot, p, Qt.Key.Key_Down, ALT)  # Alt+Down moves the event one row down
    assert [e.id for e in p.doc.pm.timeline][:3] == ["e2", "e1", "e3"]
    assert editor.view.currentIndex().row() == 1  # the moved event stays selected
    key(qtbot, p, Qt.Key.Key_Z, CTRL)
    assert [e.id for e in p.doc.pm.timeline][:3] == ["e1", "e2", "e3"]
    key(qtbot, p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [e.id for e in p.doc.pm.timeline][:3] == ["e2", "e1", "e3"]

    key(qtbot, p, Qt.Key.Key_PageDown)
    key(qtbot, p, Qt.Key.Key_PageDown)
    went_well = p.lessons.edits["went_well"]
    went_well.setFocus()
    type_text(went_well, "Rollback took 3 min")
    assert p.doc.pm.narrative.went_well == "Rollback took 3 min"
    assert opened.wizard.findings.narrative_edits["went_well"].toPlainText() == "Rollback took 3 min"

    key(qtbot, p, Qt.Key.Key_Z, CTRL)  # the typing (one step)
    assert p.doc.pm.narrative.went_well == ""
    assert went_well.toPlainText() == ""
    key(qtbot, p, Qt.Key.Key_Z, CTRL)  # the move
    key(qtbot, p, Qt.Key.Key_Z, CTRL)  # the key moment
    assert p.doc.pm.timeline[1].key_moment is None
    assert [e.id for e in p.doc.pm.timeline][:3] == ["e1", "e2", "e3"]
    key(qtbot, p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [(e.id, e.key_moment) for e in p.doc.pm.timeline][:3] == [
        ("e2", KeyMoment.DETECTION), ("e1", None), ("e3", None)]

    key(qtbot, p, Qt.Key.Key_Escape)
    wait_saved(opened)
    stored = PostmortemRepository(open_database(db_url)).get(p.doc.pm.id)
    assert [e.description for e in stored.timeline] == [
        "Alert fired", "Deploy started", "Paged the DBA", "Rolled back 版本 <v2>"]
    assert stored.timeline[0].key_moment is KeyMoment.DETECTION
    assert stored.narrative.went_well == ""


# -- look: zoom, theme, contrast ---------------------------------------------------------------------------


def test_zoom_is_remembered(qtbot, presenting, make_window, repo, settings, clock):
    p = presenting
    assert p.zoom == 100
    assert p.base_px == base_pixels(p.height(), 100)
    key(qtbot, p, Qt.Key.Key_Plus, CTRL)
    key(qtbot, p, Qt.Key.Key_Equal, CTRL)
    key(qtbot, p, Qt.Key.Key_Minus, CTRL)
    assert p.zoom == 110
    assert p.base_px == base_pixels(p.height(), 110)
    assert p.font().pixelSize() == p.base_px
    key(qtbot, p, Qt.Key.Key_Escape)
    assert int(settings.value("presentation/zoom")) == 110

    other = make_window(repo)
    other.presentation_clock = clock
    assert other.open_postmortem(p.doc.pm.id)
    again = other.present()
    assert again is not None and again is not p
    assert again.zoom == 110
    qtbot.waitUntil(lambda: QApplication.activeWindow() is again, timeout=2000)
    key(qtbot, again, Qt.Key.Key_0, CTRL)
    assert again.zoom == 100
    assert int(settings.value("presentation/zoom")) == 100


def test_theme_toggle_is_remembered(qtbot, presenting, settings, clock):
    p = presenting
    assert p.theme is LIGHT
    assert p.palette().color(QPalette.ColorRole.Window).name() == LIGHT.background
    key(qtbot, p, Qt.Key.Key_T)
    assert p.theme is DARK
    assert p.palette().color(QPalette.ColorRole.Window).name() == DARK.background
    assert p.palette().color(QPalette.ColorRole.Text).name() == DARK.text
    assert settings.value("presentation/theme") == "dark"
    again = PresentationWindow(p.doc, settings=settings, clock=clock)
    qtbot.addWidget(again)
    assert again.theme is DARK
    key(qtbot, p, Qt.Key.Key_T)
    assert settings.value("presentation/theme") == "light"


def test_font_follows_the_window_height():
    assert base_pixels(720, 100) == 25
    assert base_pixels(1080, 100) == 38
    assert base_pixels(1080, 150) == 57
    assert base_pixels(200, 50) == 12


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_window_never_outgrows_the_screen_at_any_zoom(qtbot, presenting, width, height):
    """A page's button row at 200 % once made the window wider than a 720p projector, the timer cut off."""
    p = presenting
    for zoom in (100, 150, 200, 250):
        p.set_zoom(zoom)
        _at(qtbot, p, width, height)
        for index in range(6):
            p.go_to(index)
            assert p.minimumSizeHint().width() <= width, (zoom, index)
            assert p.minimumSizeHint().height() <= height, (zoom, index)
        assert p.sidebar.width() <= round(width * 0.28)
        assert p.remaining_label.geometry().right() < width
    # the parking lot open beside any page: the window still fits, and keeps its size when it closes
    p.set_zoom(100)
    _at(qtbot, p, width, height)
    key(qtbot, p, Qt.Key.Key_P)
    assert p.parking_panel.isVisible()
    for index in range(6):
        p.go_to(index)
        assert p.minimumSizeHint().width() <= width, ("parking lot", index)
    qtbot.waitUntil(lambda: p.width() == width, timeout=2000)
    assert p.parking_panel.geometry().right() < width


def test_timeline_times_drop_the_shared_day_and_short_labels(qtbot, presenting, opened, repo):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(1)
    view = p.timeline_editor.view
    assert [shown_text(view, r, TimelineModel.TIME) for r in range(3)] == ["09:00", "09:07", "09:09"]
    assert (p.day_label.isVisible(), p.day_label.text()) == (True, "1 May 2024")
    p.doc.edit(("timeline", "e2", "key_moment"), KeyMoment.ACKNOWLEDGEMENT, text="Mark")
    assert shown_text(view, 1, TimelineModel.KEY) == "Ack"
    assert view.model().index(1, TimelineModel.KEY).data() == "Acknowledgement"  # the model keeps the label
    assert not view.isColumnHidden(TimelineModel.ACTOR)
    assert view.isColumnHidden(TimelineModel.KIND)  # 1280 wide: the description needs the room
    p.go_to(2)
    assert not p.day_label.isVisible()

    pm = sample()
    pm.timeline[2].occurred_at = T0.replace(day=2)  # the next day: full dates again
    for event in pm.timeline:
        event.actor = ""
    repo.add(pm)
    assert opened.open_postmortem(pm.id)
    p.go_to(1)
    assert [shown_text(view, r, TimelineModel.TIME) for r in range(3)] == [
        "2024-05-01 09:00", "2024-05-01 09:07", "2024-05-02 09:00"]
    assert not p.day_label.isVisible()
    assert view.isColumnHidden(TimelineModel.ACTOR)  # no event names anyone


def test_contrast_ratio_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)
    with pytest.raises(ValueError, match="not a #rrggbb colour: 'red'"):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize(
    ("theme", "text_ratio", "muted_ratio", "warning_ratio", "accent_ratio"),
    [(LIGHT, 18.47, 10.46, 8.96, 8.79), (DARK, 17.45, 11.44, 10.88, 11.17)],
)
def test_both_themes_reach_seven_to_one(theme, text_ratio, muted_ratio, warning_ratio, accent_ratio):
    assert contrast_ratio(theme.text, theme.background) == pytest.approx(text_ratio, abs=0.01)
    assert contrast_ratio(theme.muted, theme.background) == pytest.approx(muted_ratio, abs=0.01)
    assert contrast_ratio(theme.warning, theme.background) == pytest.approx(warning_ratio, abs=0.01)
    assert contrast_ratio(theme.on_accent, theme.accent) == pytest.approx(accent_ratio, abs=0.01)
    for fg, bg in ((theme.text, theme.background), (theme.text, theme.surface), (theme.muted, theme.surface),
                   (theme.text, theme.alternate), (theme.warning, theme.surface),
                   (theme.on_accent, theme.accent)):
        assert contrast_ratio(fg, bg) >= AAA_BODY, (fg, bg)


def test_fishbone_is_live_by_keyboard_and_keeps_its_keys(qtbot, presenting, opened, db_url, type_text, wait_saved):
    p = presenting
    key(qtbot, p, Qt.Key.Key_PageDown)
    key(qtbot, p, Qt.Key.Key_PageDown)
    assert p.heading.text() == "Root cause analysis"
    assert p.stack.currentWidget() is p.fishbone
    view = p.fishbone.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current == "category:Process"
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    type_text(p.fishbone.inline, "No canary <stage> & no alert")
    qtbot.keyClick(p.fishbone.inline, Qt.Key.Key_Return)
    assert [(c.category, c.text) for c in p.doc.pm.causes] == [("Process", "No canary <stage> & no alert")]
    wait_saved(opened)
    stored = PostmortemRepository(open_database(db_url)).get(p.doc.pm.id)
    assert [(c.category, c.text) for c in stored.causes] == [("Process", "No canary <stage> & no alert")]

    key(qtbot, p, Qt.Key.Key_Escape)  # first Escape: the canvas drops its selection
    assert p.isVisible() and view.current is None
    key(qtbot, p, Qt.Key.Key_Z, CTRL)  # the text
    key(qtbot, p, Qt.Key.Key_Z, CTRL)  # the cause
    assert p.doc.pm.causes == []
    key(qtbot, p, Qt.Key.Key_Escape)  # nothing selected: leaves
    assert not p.isVisible()
    wait_saved(opened)
    assert PostmortemRepository(open_database(db_url)).get(p.doc.pm.id).causes == []


# -- fitting the room: the fishbone and the timeline ------------------------------------------------------


def _at(qtbot, p: PresentationWindow, width: int, height: int) -> None:
    p.showNormal()
    p.resize(width, height)
    qtbot.waitUntil(lambda: (p.width(), p.height()) == (width, height), timeout=2000)


def test_fishbone_fills_the_room_with_the_category_panel_collapsed(qtbot, presenting):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(2)
    editor = p.fishbone
    view = editor.view
    qtbot.waitUntil(lambda: view.isVisible() and view.zoom == pytest.approx(min(2.5, view.fit_zoom())),
                    timeout=2000)
    assert view.zoom > 1.1  # the six empty bones are enlarged for the room
    assert not editor.categories.isVisible() and editor.categories_action.isVisible()
    assert not editor.hint.isVisible() and editor.add_action.text() == "Add"
    diagram = view.mapFromScene(editor.scene.diagram_rect()).boundingRect()
    assert view.viewport().rect().contains(diagram)
    editor.categories_action.trigger()  # the toggle stays: the panel opens, the diagram re-fits beside it
    assert editor.categories.isVisible()
    qtbot.waitUntil(lambda: view.zoom == pytest.approx(min(2.5, view.fit_zoom())), timeout=2000)


def test_closeup_zooms_onto_the_selected_bone_and_is_remembered(qtbot, presenting, opened, repo, settings):
    pm = sample()
    pm.causes = [Cause(id="c1", text="No canary <stage>", category="Process"),
                 Cause(id="c2", text="Config applied to every instance at once", category="Process"),
                 Cause(id="c3", text="Pool sized from the weekly average", category="Methods")]
    repo.add(pm)
    assert opened.open_postmortem(pm.id)
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(2)
    view = p.fishbone.view
    qtbot.waitUntil(lambda: view.isVisible() and view.zoom == pytest.approx(min(2.5, view.fit_zoom())),
                    timeout=2000)
    fit = view.zoom
    assert not p.closeup_action.isChecked() and p.closeup_action in p.fishbone.toolbar.actions()
    view.setFocus()
    view.set_current("c1")
    assert view.zoom == fit  # off: selecting changes nothing

    key(qtbot, p, Qt.Key.Key_Z)
    assert p.closeup_action.isChecked() and settings.value("presentation/closeup") in (True, "true")
    assert view.zoom > 1.5 * fit  # the Process bone fills the canvas
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    items = view.fish_scene.items_by_id
    for box_id in ("c1", "c2", "category:Process"):
        assert shown.contains(items[box_id].sceneBoundingRect()), box_id
    assert not shown.contains(items["c3"].sceneBoundingRect())  # another bone
    view.set_current("c3")
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(items["c3"].sceneBoundingRect()) and not shown.contains(items["c1"].sceneBoundingRect())
    key(qtbot, p, Qt.Key.Key_Escape)  # the canvas drops its selection: the whole diagram again
    assert view.current is None and view.zoom == pytest.approx(fit)
    assert p.isVisible()
    key(qtbot, p, Qt.Key.Key_Z)
    assert settings.value("presentation/closeup") in (False, "false")


def _long_timeline() -> Postmortem:
    pm = sample()
    long = "The primary database's root filesystem filled up and Redis refused writes " * 6
    medium = "Confirmed the archive was destroyed and 187 GB were recovered on the primary"
    pm.timeline = [
        TimelineEvent(id=f"e{i}", occurred_at=T0.replace(hour=9 + i // 60, minute=i % 60),
                      description=(long, medium, "Paged")[i % 3], actor="Bo Chen")
        for i in range(300)
    ]
    return pm


def test_timeline_descriptions_wrap_on_screen_rows_only(qtbot, presenting, opened, repo):
    pm = _long_timeline()
    repo.add(pm)
    assert opened.open_postmortem(pm.id)
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(1)
    view = p.timeline_editor.view
    header = view.verticalHeader()
    base = header.defaultSectionSize()
    spacing = QFontMetrics(view.font()).lineSpacing()
    three_lines = base - spacing + 3 * spacing
    qtbot.waitUntil(lambda: header.sectionSize(0) == three_lines, timeout=2000)
    assert view.wordWrap()
    assert header.sectionSize(1) in (base - spacing + 2 * spacing, three_lines)  # two or three lines
    assert header.sectionSize(2) == base  # a short one keeps one line
    assert header.sectionSize(3) == three_lines  # never more than three lines
    assert header.sectionSize(297) == base  # off screen: not measured
    # The description takes the width the other columns leave.
    columns = view.horizontalHeader()
    others = sum(columns.sectionSize(c) for c in range(columns.count())
                 if c != TimelineModel.DESCRIPTION and not view.isColumnHidden(c))
    assert columns.sectionSize(TimelineModel.DESCRIPTION) == view.viewport().width() - others
    view.scrollToBottom()
    qtbot.waitUntil(lambda: header.sectionSize(297) == three_lines, timeout=2000)
    # The grown rows did not push the last one out of sight: the table still shows its end.
    qtbot.waitUntil(lambda: view.rowAt(view.viewport().height() - 1) == 299, timeout=2000)
    assert header.sectionSize(298) > base and header.sectionSize(299) == base
    assert header.sectionSize(150) == base  # scrolled past without stopping: never measured
