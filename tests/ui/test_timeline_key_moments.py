"""Key moments: marking an event (menu, context menu, cell) is one undo step, one event per moment,
and the live figures above the timeline and on the Restoration page follow."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QSettings

from desktop_app.domain.models import KeyMoment, Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.model import TimelineModel

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
MINUTES = [0, 7, 12, 30, 95, 125]
EMPTY = ("Duration — · Time to detect — · Time to acknowledge — · Time to mitigate — · "
         "Time to resolve —")


@pytest.fixture
def editor(qtbot, tmp_path) -> TimelineEditor:
    doc = PostmortemDocument()
    doc.load(Postmortem(timeline=[
        TimelineEvent(id=c, occurred_at=T0 + timedelta(minutes=m), description=f"{c} event")
        for c, m in zip("abcdef", MINUTES, strict=True)
    ] + [TimelineEvent(id="g", raw_time="later that day", description="untimed")]), 1)
    widget = TimelineEditor(doc, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    return widget


def marks(editor: TimelineEditor) -> dict[str, KeyMoment]:
    return {e.id: e.key_moment for e in editor.doc.pm.timeline if e.key_moment is not None}


def test_marking_feeds_the_live_figures(editor):
    assert editor.metrics_strip.text() == EMPTY
    for row, moment in ((0, KeyMoment.START), (1, KeyMoment.DETECTION), (2, KeyMoment.ACKNOWLEDGEMENT),
                        (3, KeyMoment.MITIGATION), (5, KeyMoment.RESOLUTION)):
        editor.select_row(row)
        assert editor.mark_selected(moment) is True
    assert marks(editor) == {"a": KeyMoment.START, "b": KeyMoment.DETECTION, "c": KeyMoment.ACKNOWLEDGEMENT,
                             "d": KeyMoment.MITIGATION, "f": KeyMoment.RESOLUTION}
    assert editor.metrics_strip.text() == (
        "Duration 2 h 05 min · Time to detect 7 min · Time to acknowledge 12 min · "
        "Time to mitigate 30 min · Time to resolve 2 h 05 min"
    )
    assert editor.model.index(0, TimelineModel.KEY).data() == "Start"
    assert editor.model.index(4, TimelineModel.KEY).data() == ""
    assert editor.doc.undo_stack.count() == 5
    assert editor.doc.undo_stack.text(4) == "Mark as Resolution"
    editor.doc.undo_stack.undo()
    assert editor.metrics_strip.value_labels["time_to_resolve"].text() == "—"
    assert editor.metrics_strip.value_labels["duration"].text() == "30 min"  # to mitigation


def test_marking_another_event_moves_the_mark_in_one_undo_step(editor):
    editor.select_row(0)
    editor.mark_selected(KeyMoment.START)
    editor.select_row(2)
    editor.mark_selected(KeyMoment.DETECTION)
    assert editor.metrics_strip.value_labels["time_to_detect"].text() == "12 min"
    editor.select_row(1)
    assert editor.mark_selected(KeyMoment.DETECTION) is True
    assert marks(editor) == {"a": KeyMoment.START, "b": KeyMoment.DETECTION}
    assert editor.metrics_strip.value_labels["time_to_detect"].text() == "7 min"
    assert editor.doc.undo_stack.count() == 3
    editor.doc.undo_stack.undo()
    assert marks(editor) == {"a": KeyMoment.START, "c": KeyMoment.DETECTION}
    assert editor.metrics_strip.value_labels["time_to_detect"].text() == "12 min"
    editor.doc.undo_stack.redo()
    assert marks(editor) == {"a": KeyMoment.START, "b": KeyMoment.DETECTION}
    assert editor.mark_selected(KeyMoment.DETECTION) is False  # already so: no step
    assert editor.mark_selected(None) is True
    assert marks(editor) == {"a": KeyMoment.START}
    assert editor.doc.undo_stack.text(editor.doc.undo_stack.count() - 1) == "Clear key moment"


def test_the_menus_offer_every_moment_and_mark_the_selection(editor):
    assert [a.text() for a in editor.mark_menu.actions() if not a.isSeparator()] == [
        "Start", "Detection", "Acknowledgement", "Mitigation", "Resolution", "None"
    ]
    assert not editor.mark_button.isEnabled()  # nothing selected
    editor.select_row(3)
    assert editor.mark_button.isEnabled()
    menu = editor.context_menu()
    [sub] = [a.menu() for a in menu.actions() if a.menu() is not None]
    assert sub.title() == "Mark as"
    mitigation = next(a for a in sub.actions() if a.text() == "Mitigation")
    mitigation.trigger()
    assert marks(editor) == {"d": KeyMoment.MITIGATION}
    editor._check_mark_actions()
    assert editor.mark_actions[KeyMoment.MITIGATION].isChecked()
    editor.mark_actions[None].trigger()
    assert marks(editor) == {}
    assert editor.doc.undo_stack.count() == 2


def test_the_key_moment_cell_edits_like_the_menu(editor):
    model = editor.model
    assert model.setData(model.index(4, TimelineModel.KEY), KeyMoment.START) is True
    assert model.setData(model.index(5, TimelineModel.KEY), "resolution") is True
    assert model.setData(model.index(5, TimelineModel.KEY), "not a moment") is False
    assert marks(editor) == {"e": KeyMoment.START, "f": KeyMoment.RESOLUTION}
    assert editor.metrics_strip.value_labels["duration"].text() == "30 min"
    model.setData(model.index(0, TimelineModel.KEY), KeyMoment.START)  # the mark moves to a
    assert editor.metrics_strip.value_labels["duration"].text() == "2 h 05 min"
    model.setData(model.index(0, TimelineModel.TIME), "2024-05-01 10:00")  # its time moves: figures follow
    assert editor.metrics_strip.value_labels["duration"].text() == "1 h 05 min"


def test_an_untimed_mark_gives_no_figure(editor):
    editor.select_row(6)
    editor.mark_selected(KeyMoment.START)
    editor.select_row(5)
    editor.mark_selected(KeyMoment.RESOLUTION)
    assert editor.metrics_strip.text() == EMPTY


def test_the_restoration_page_follows_the_marks(window, qtbot):
    window.new_postmortem()
    wizard = window.wizard
    wizard.go_to(5)
    editor = wizard.findings.timeline_editor
    for minutes in (0, 40):
        row = editor.add_below()
        editor.model.setData(editor.model.index(row, TimelineModel.TIME), f"2024-05-01 09:{minutes:02d}")
    figures = wizard.restoration.figure_labels
    assert figures["duration"].text() == "—"
    editor.select_row(0)
    editor.mark_selected(KeyMoment.START)
    editor.select_row(1)
    editor.mark_selected(KeyMoment.MITIGATION)
    assert figures["time_to_mitigate"].text() == "40 min"
    assert figures["duration"].text() == "40 min"
    assert editor.metrics_strip.value_labels["time_to_mitigate"].text() == "40 min"
    window.undo_action.trigger()
    assert figures["time_to_mitigate"].text() == "—"


def test_an_unreadable_time_leaves_the_other_steps_alone(window, edit_cell):
    window.new_postmortem()
    wizard = window.wizard
    wizard.go_to(5)
    wizard.findings.tabs.setCurrentIndex(2)
    editor = wizard.findings.timeline_editor
    editor.add_below()
    edit_cell(editor.view, 0, TimelineModel.TIME, "when the pager went off")
    assert editor.doc.pm.timeline[0].raw_time == "when the pager went off"
    assert wizard.restoration.figure_labels["duration"].text() == "—"
    assert editor.model.index(0, TimelineModel.TIME).data(TimelineModel.UnreadableTimeRole) is True
    assert wizard.steps.count() == 7
