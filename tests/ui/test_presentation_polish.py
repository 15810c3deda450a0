"""Presentation mode polish: the timeline's optional columns follow the data, hidden names match the
export redaction's labels, long parking lot questions wrap, and the fishbone page fits the room."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.models import ActionItem, KeyMoment, Postmortem, Stakeholder, StakeholderRole, TimelineEvent
from desktop_app.ui.presentation.window import PresentationWindow
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.model import TimelineModel

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def now(self) -> float:
        return self.t


def plain_timeline() -> Postmortem:
    """Three events: no actor, no key moment."""
    return Postmortem(
        title="Queue backlog",
        timeline=[
            TimelineEvent(id="e1", occurred_at=T0, description="Backlog grew"),
            TimelineEvent(id="e2", occurred_at=T0.replace(minute=5), description="Alert fired"),
            TimelineEvent(id="e3", occurred_at=T0.replace(minute=9), description="Workers scaled"),
        ],
    )


def _present(qtbot, window, repo, pm: Postmortem) -> PresentationWindow:
    repo.add(pm)
    window.refresh_library()
    assert window.open_postmortem(pm.id)
    window.presentation_clock = FakeClock()
    presentation = window.present()
    assert presentation is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation, timeout=2000)
    return presentation


def _at(qtbot, p: PresentationWindow, width: int, height: int) -> None:
    p.showNormal()
    p.resize(width, height)
    qtbot.waitUntil(lambda: (p.width(), p.height()) == (width, height), timeout=2000)


def _shown_headers(p: PresentationWindow) -> list[str]:
    view = p.timeline_editor.view
    model = view.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            if c != TimelineModel.KIND and not view.isColumnHidden(c)]  # the kind column follows the width


# -- 1. the timeline's optional columns ------------------------------------------------------------------


def test_key_moment_and_actor_columns_show_only_with_data(qtbot, window, repo):
    p = _present(qtbot, window, repo, plain_timeline())
    _at(qtbot, p, 1920, 1080)
    p.go_to(1)
    view = p.timeline_editor.view
    assert view.isColumnHidden(TimelineModel.KEY) is True
    assert view.isColumnHidden(TimelineModel.ACTOR) is True
    assert _shown_headers(p) == ["Time (UTC)", "Description"]

    p.doc.edit(("timeline", "e2", "key_moment"), KeyMoment.DETECTION, text="Mark")
    qtbot.waitUntil(lambda: not view.isColumnHidden(TimelineModel.KEY), timeout=2000)
    assert view.isColumnHidden(TimelineModel.ACTOR) is True
    assert _shown_headers(p) == ["Time (UTC)", "Description", "Key moment"]

    p.doc.edit(("timeline", "e1", "actor"), "Ana Ruiz", text="Actor")
    qtbot.waitUntil(lambda: not view.isColumnHidden(TimelineModel.ACTOR), timeout=2000)
    assert _shown_headers(p) == ["Time (UTC)", "Description", "Actor", "Key moment"]

    p.doc.undo_stack.undo()  # the actor goes again, and so does its column
    qtbot.waitUntil(lambda: view.isColumnHidden(TimelineModel.ACTOR), timeout=2000)
    p.doc.undo_stack.undo()
    qtbot.waitUntil(lambda: view.isColumnHidden(TimelineModel.KEY), timeout=2000)
    assert _shown_headers(p) == ["Time (UTC)", "Description"]


def test_a_chat_lines_actor_is_shown_once_and_stays_in_the_stored_text(qtbot, window, repo):
    from desktop_app.ui.presentation.name_mask import shown_text

    pm = Postmortem(title="Disk full", timeline=[
        TimelineEvent(id="e1", occurred_at=T0, description="`@nova` First report of slow responses", actor="@nova"),
        TimelineEvent(id="e2", occurred_at=T0.replace(minute=2), description="Ana Ruiz restarted redis", actor="Ana Ruiz"),
    ])
    p = _present(qtbot, window, repo, pm)
    p.go_to(1)
    view = p.timeline_editor.view
    assert [shown_text(view, r, TimelineModel.DESCRIPTION) for r in range(2)] == [
        "First report of slow responses", "Ana Ruiz restarted redis"]  # a sentence stays whole
    assert [shown_text(view, r, TimelineModel.ACTOR) for r in range(2)] == ["@nova", "Ana Ruiz"]
    index = view.model().index(0, TimelineModel.DESCRIPTION)
    assert index.data(Qt.ItemDataRole.EditRole) == "`@nova` First report of slow responses"
    [editor] = [e for e in window.findChildren(TimelineEditor) if e is not p.timeline_editor]  # step 5's
    assert editor.model.index(0, TimelineModel.DESCRIPTION).data() == "`@nova` First report of slow responses"


# -- 2. hidden names are the export redaction's labels -------------------------------------------------


def people_and_actors() -> Postmortem:
    return Postmortem(
        title="Login outage",
        stakeholders=[
            Stakeholder(id="s1", name="Ana Ruiz", role=StakeholderRole.INCIDENT_COMMANDER, email="ana@example.org"),
            Stakeholder(id="s2", name="Bo Chen", role=StakeholderRole.RESPONDER),
            Stakeholder(id="s3", name="Cy Díaz", role=StakeholderRole.RESPONDER),
            Stakeholder(id="s4", name="Dee Park", role=StakeholderRole.OBSERVER),
        ],
        timeline=[
            TimelineEvent(id="e1", occurred_at=T0, description="Deploy", actor="Bo Chen"),
            TimelineEvent(id="e2", occurred_at=T0.replace(minute=3), description="Alert", actor="@ana"),
            TimelineEvent(id="e3", occurred_at=T0.replace(minute=6), description="Paged", actor="Dmitri Volkov"),
            TimelineEvent(id="e4", occurred_at=T0.replace(minute=8), description="Scaled", actor="SRE team"),
            TimelineEvent(id="e5", occurred_at=T0.replace(minute=9), description="Watched", actor="Dee"),
        ],
        action_items=[
            ActionItem(id="a1", title="Add a canary", owner="Cy Díaz"),
            ActionItem(id="a2", title="Alert on 5xx", owner="Eve Stone"),
            ActionItem(id="a3", title="Runbook", owner="ana@example.org"),
        ],
    )


def test_hidden_names_match_the_export_redaction(qtbot, window, repo):
    from desktop_app.domain.redaction import redact
    from desktop_app.ui.presentation.name_mask import shown_text
    from desktop_app.ui.wizard.actions_page import OWNER

    pm = people_and_actors()
    redacted, _plan = redact(pm)
    p = _present(qtbot, window, repo, pm)
    p.set_names_hidden(True)
    timeline, actions = p.timeline_editor.view, p.actions_editor.view
    shown_actors = [shown_text(timeline, r, TimelineModel.ACTOR) for r in range(5)]
    shown_owners = [shown_text(actions, r, OWNER) for r in range(3)]
    assert shown_actors == [e.actor for e in redacted.timeline]
    assert shown_owners == [a.owner for a in redacted.action_items]
    assert p.context_page.people_label.text() == ", ".join(s.name for s in redacted.stakeholders)
    # The exact labels, so a change on either side is seen.
    assert shown_actors == ["Responder 1", "Incident commander", "Responder 3", "SRE team", "Observer"]
    assert shown_owners == ["Responder 2", "Responder 4", "Incident commander"]
    assert p.context_page.people_label.text() == "Incident commander, Responder 1, Responder 2, Observer"


# -- 3. long parking lot questions wrap --------------------------------------------------------------------

LONG_QUESTION = ("Why did the alert not page anyone " * 12)[:400]
LONG_URL = "https://grafana.example.org/d/abc/checkout?var-pod=" + "x" * 150


def test_long_parking_lot_questions_are_wrapped_whole(qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyleOptionViewItem

    from desktop_app.domain.models import ParkingLotItem
    from desktop_app.ui.document import PostmortemDocument
    from desktop_app.ui.presentation.parking_lot import ParkingLotPanel
    from desktop_app.ui.widgets.wrap_text import wrapped_height, wrapped_lines

    doc = PostmortemDocument()
    doc.load(Postmortem(parking_lot=[ParkingLotItem(text=LONG_QUESTION), ParkingLotItem(text=LONG_URL),
                                     ParkingLotItem(text="Short")]), 1)
    panel = ParkingLotPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(360, 700)
    panel.show()
    qtbot.waitExposed(panel)
    view = panel.list
    assert len(LONG_QUESTION) == 400 and "\n" not in LONG_QUESTION
    assert view.wordWrap() is True and view.textElideMode() == Qt.TextElideMode.ElideNone
    delegate = view.itemDelegate()
    short_height = view.visualItemRect(view.item(2)).height()
    for row, text in ((0, LONG_QUESTION), (1, LONG_URL)):
        rect = view.visualItemRect(view.item(row))
        opt = QStyleOptionViewItem()
        delegate.initStyleOption(opt, view.model().index(row, 0))
        opt.widget = view
        opt.rect = QRect(0, 0, view.viewport().width(), rect.height())
        width = delegate.text_rect(opt).width()
        assert 0 < width < view.viewport().width()  # beside the check box
        lines = wrapped_lines(view.font(), text, width)
        assert len(lines) >= 3  # wrapped, the URL broken inside its one word
        assert sum(length for _start, length in lines) == len(text)  # every character on some line
        assert rect.height() >= wrapped_height(view.font(), text, width) > 2 * short_height
        assert rect.right() <= view.viewport().width()
        # What is painted: ink over as many lines as measured (Qt's own painting stopped at the long word).
        top, bottom = _ink_rows(view, rect)
        assert bottom - top > (len(lines) - 1) * view.fontMetrics().lineSpacing()


def _ink_rows(view, rect) -> tuple[int, int]:
    """The first and last pixel rows of ``rect`` in ``view``'s viewport with any text drawn."""
    image = view.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 1, rect.bottom())
    inked = [y for y in range(rect.top(), rect.bottom() + 1)
             if any(image.pixelColor(x, y) != background for x in range(rect.left() + 30, rect.right() - 1))]
    return inked[0], inked[-1]


# -- 4. the fishbone page ------------------------------------------------------------------------------------


def test_fishbone_page_fills_the_room_shows_every_tool_and_marks_an_empty_effect(qtbot, window, repo):
    from PySide6.QtWidgets import QToolButton

    from desktop_app.ui.presentation.fishbone_room import NO_EFFECT

    p = _present(qtbot, window, repo, plain_timeline())
    _at(qtbot, p, 1280, 720)
    p.go_to(2)
    editor = p.fishbone
    qtbot.waitUntil(lambda: editor.view.isVisible(), timeout=2000)
    assert editor.effect_edit.text() == ""
    assert editor.effect_edit.placeholderText() == "No problem statement yet" == NO_EFFECT
    # The canvas takes the page's height but for the problem statement, the tools and the notice line.
    assert editor.geometry() == p.stack.currentWidget().rect()
    assert editor.view.width() == editor.width()
    assert editor.splitter.height() >= 0.8 * editor.height()
    # Every tool is on the bar: none pushed into the overflow menu, none cut at the right.
    toolbar = editor.toolbar
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    shown = [a for a in toolbar.actions() if a.isVisible() and not a.isSeparator()]
    assert [toolbar.widgetForAction(a).text() for a in shown
            if isinstance(toolbar.widgetForAction(a), QToolButton)] == [
        "Add", "Sub-cause", "Delete", "Root cause", "Note", "Link", "−", "+", "Fit", "Close-up", "Categories"]
    for action in shown:
        widget = toolbar.widgetForAction(action)
        assert widget.isVisible() and toolbar.rect().contains(widget.geometry()), action.text()

    p.doc.edit(("title",), "Renamed", text="Title")  # the editor's reset to the title is undone at once
    assert editor.effect_edit.placeholderText() == NO_EFFECT
    p.doc.edit(("fishbone_effect",), "Checkout failed", text="Effect")
    assert editor.effect_edit.text() == "Checkout failed"
