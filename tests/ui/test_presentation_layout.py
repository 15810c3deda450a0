"""Presentation mode fits the room's screen: the context page rewraps (parking lot open, zoom 150), the
timeline's description keeps its share, the agenda keeps every item in view, Markdown is rendered
(with anything else shown literally), and ] / [ close up on the fishbone's bones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.domain.models import Cause, Narrative, Postmortem
from desktop_app.ui.presentation.markdown_text import markdown_html
from desktop_app.ui.presentation.window import DESCRIPTION_SHARE, PresentationWindow
from desktop_app.ui.timeline.model import TimelineModel


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def now(self) -> float:
        return self.t


@pytest.fixture
def sample_open(window):
    """The main window with the shipped sample postmortem open (long title, Markdown, 15 events)."""
    assert window.open_sample()
    return window


@pytest.fixture
def presenting(qtbot, sample_open) -> PresentationWindow:
    sample_open.presentation_clock = FakeClock()
    presentation = sample_open.present()
    assert presentation is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation, timeout=2000)
    return presentation


def _at(qtbot, p: PresentationWindow, width: int, height: int) -> None:
    p.showNormal()
    p.resize(width, height)
    qtbot.waitUntil(lambda: (p.width(), p.height()) == (width, height), timeout=2000)


def _fully_shown(label: QLabel, right_edge: int) -> bool:
    """The label's text is all there: on one line within the label, or wrapped; the label within
    ``right_edge`` (the page's visible width)."""
    fits = label.wordWrap() or label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    return fits and label.geometry().right() < right_edge


def _assert_context_fits(qtbot, p: PresentationWindow) -> None:
    page = p.context_page
    body = page.widget()
    qtbot.waitUntil(lambda: body.width() <= page.viewport().width(), timeout=2000)
    assert not page.horizontalScrollBar().isVisible()
    visible = page.viewport().width()
    for label in (page.title_label, page.facts_label, page.summary_label, page.impact_label):
        assert _fully_shown(label, visible), label.text()[:40]
    assert page.title_label.text() == "Checkout payments failed after a connection-pool change"
    for tile in page.tile_frames:
        assert tile.geometry().right() < visible
    assert page.tile_columns < 4  # the four figures wrap onto a second row


def test_context_page_rewraps_with_the_parking_lot_open_at_1280x720(qtbot, presenting):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(0)
    p.show_parking_lot(True)
    qtbot.waitUntil(lambda: p.parking_panel.isVisible(), timeout=2000)
    _assert_context_fits(qtbot, p)


def test_context_page_and_agenda_fit_at_zoom_150(qtbot, presenting):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.set_zoom(150)
    p.go_to(0)
    _assert_context_fits(qtbot, p)
    agenda = p.agenda
    room = agenda.viewport().rect()
    qtbot.waitUntil(lambda: all(room.contains(agenda.visualItemRect(agenda.item(row)))
                                for row in range(agenda.count())), timeout=2000)
    assert agenda.line(1) == "15 min"  # the time lines are kept (shown for the current item)
    p.set_zoom(100)
    qtbot.waitUntil(lambda: not agenda.compact, timeout=2000)
    assert agenda.item(1).text() == "Timeline walk-through\n15 min"


def test_timeline_description_keeps_its_share_with_the_parking_lot_open(qtbot, presenting):
    p = presenting
    _at(qtbot, p, 1280, 720)
    p.go_to(1)
    p.show_parking_lot(True)
    view = p.timeline_editor.view
    qtbot.waitUntil(lambda: p.description_share() >= DESCRIPTION_SHARE - 0.05, timeout=2000)
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible(), timeout=2000)
    assert view.columnWidth(TimelineModel.TIME) > 0 and not view.isColumnHidden(TimelineModel.KEY)
    squeezed = view.columnWidth(TimelineModel.KEY)
    assert squeezed < p._widths[("timeline", TimelineModel.KEY)]  # narrowed, its text elided
    p.show_parking_lot(False)  # the room comes back: the squeezed columns widen again
    assert view.columnWidth(TimelineModel.KEY) > squeezed


# -- Markdown ---------------------------------------------------------------------------------------


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_markdown_is_rendered_and_anything_else_shown_literally():
    html = markdown_html("- a < b & c\n- `pool_size` is **8**\n\n<b>not bold</b> &amp; AT&T")
    assert "<li>a &lt; b &amp; c</li>" in html
    assert "<code>pool_size</code>" in html and "<strong>8</strong>" in html
    assert "<b>" not in html
    assert _plain(html).splitlines() == ["a < b & c", "pool_size is 8", "<b>not bold</b> & AT&T"]


def test_context_and_lessons_render_markdown(qtbot, window, repo):
    pm = Postmortem(title="Pool <tiny> & slow", narrative=Narrative(
        summary="- first `code` point\n- second **bold** one", impact="Checkout <div> & more",
        went_well="- rollback was **fast**\n- `kubectl` worked"))
    repo.add(pm)
    window.refresh_library()
    assert window.open_postmortem(pm.id)
    window.presentation_clock = FakeClock()
    p = window.present()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is p, timeout=2000)
    page = p.context_page
    assert page.title_label.text() == "Pool <tiny> & slow"
    assert _plain(page.summary_label.text()).splitlines() == ["first code point", "second bold one"]
    assert _plain(page.impact_label.text()) == "Checkout <div> & more"
    p.go_to(3)
    lessons = p.lessons
    view = lessons.views["went_well"]
    assert view.toPlainText().splitlines() == ["rollback was fast", "kubectl worked"]
    assert not lessons.editing("went_well")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton)
    assert lessons.editing("went_well")
    edit = lessons.edits["went_well"]
    qtbot.waitUntil(lambda: edit.hasFocus(), timeout=2000)
    assert edit.toPlainText() == "- rollback was **fast**\n- `kubectl` worked"
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "- paged <oncall>")
    assert p.doc.pm.narrative.went_well.endswith("- paged <oncall>")
    p.agenda.setFocus()
    qtbot.waitUntil(lambda: not lessons.editing("went_well"), timeout=2000)
    assert view.toPlainText().splitlines()[-1] == "paged <oncall>"


# -- fishbone close-up by keys ------------------------------------------------------------------------


def test_bracket_keys_close_up_on_each_bone_without_a_selection(qtbot, window, repo):
    pm = Postmortem(title="Bones", causes=[
        Cause(id="c1", text="No canary stage", category="Process"),
        Cause(id="c2", text="Config applied to every instance at once", category="Process"),
        Cause(id="c3", text="Pool sized from the weekly average", category="Other"),
    ])
    repo.add(pm)
    window.refresh_library()
    assert window.open_postmortem(pm.id)
    window.presentation_clock = FakeClock()
    p = window.present()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is p, timeout=2000)
    _at(qtbot, p, 1280, 720)
    p.go_to(2)
    view = p.fishbone.view
    qtbot.waitUntil(lambda: view.isVisible() and view.zoom == pytest.approx(min(2.5, view.fit_zoom())),
                    timeout=2000)
    fit = view.zoom
    assert view.current is None and not p.closeup_action.isChecked()
    first, second = p.closeup.bones()  # the bones with causes, in reading order
    assert {first, second} == {"category:Process", "category:Other"}

    qtbot.keyClick(QApplication.focusWidget() or p, Qt.Key.Key_BracketRight)
    assert p.closeup_action.isChecked() and view.current == first
    assert view.zoom > 1.5 * fit
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    items = view.fish_scene.items_by_id
    on_first = [box.id for box in view.fish_scene.layout.boxes if box.category == first.split(":", 1)[1]]
    for box_id in on_first:
        assert shown.contains(items[box_id].sceneBoundingRect()), box_id

    qtbot.keyClick(QApplication.focusWidget() or p, Qt.Key.Key_BracketRight)
    assert view.current == second
    qtbot.keyClick(QApplication.focusWidget() or p, Qt.Key.Key_BracketRight)
    assert view.current == first  # round again
    qtbot.keyClick(QApplication.focusWidget() or p, Qt.Key.Key_BracketLeft)
    assert view.current == second

    p.set_closeup(False)
    assert view.zoom == pytest.approx(fit)
    view.set_current(None)
    p.set_closeup(True)  # Z with nothing selected: the first bone
    assert view.current == first and view.zoom > 1.5 * fit
    p.go_to(1)
    assert p.step_bone(1) is None  # only while the fishbone is up
