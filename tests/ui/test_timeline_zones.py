"""Times in the timeline editor: DST gaps and overlaps ask, the display zone switch stores nothing,
unreadable times stay as text with a visible mark."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.delegates import TimelineDelegate
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.timeline.model import UNREADABLE_TIP, TimelineModel
from desktop_app.ui.timeline.zone_chooser import SETTINGS_KEY

LA = "America/Los_Angeles"
UTC = timezone.utc
TIME = TimelineModel.TIME


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _editor(qtbot, settings, pm: Postmortem) -> TimelineEditor:
    doc = PostmortemDocument()
    doc.load(pm, 1)
    widget = TimelineEditor(doc, settings=settings)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def la_editor(qtbot, settings) -> TimelineEditor:
    pm = Postmortem(time_zone=LA, incident_date=date(2021, 3, 14),
                    timeline=[TimelineEvent(id="a", description="Pager fired")])
    return _editor(qtbot, settings, pm)


@pytest.fixture
def asked(monkeypatch) -> dict:
    """Replace the choice dialog: answer with ``asked["answer"]`` (an option index or None)."""
    record: dict = {"answer": 0, "questions": []}

    def ask(cls, parent, question):
        record["questions"].append(question)
        answer = record["answer"]
        return None if answer is None else question.options[answer][1]

    monkeypatch.setattr(TimelineDelegate, "ask_wall_time", classmethod(ask))
    return record


GAP_TEXT = ("This time does not exist in America/Los_Angeles (clocks jumped from 02:00 to 03:00). "
            "Use 03:30 PDT or 01:30 PST?")
OVERLAP_TEXT = ("01:30 happens twice in America/Los_Angeles on 2021-11-07 (clocks went back from 02:00 to 01:00). "
                "Which one do you mean?")


@pytest.mark.parametrize(
    ("typed", "answer", "instant", "offset_hours", "shown"),
    [
        ("2021-03-14 02:30", 0, datetime(2021, 3, 14, 10, 30, tzinfo=UTC), -7, "2021-03-14 03:30"),
        ("2021-03-14 02:30", 1, datetime(2021, 3, 14, 9, 30, tzinfo=UTC), -8, "2021-03-14 01:30"),
        ("02:30", 0, datetime(2021, 3, 14, 10, 30, tzinfo=UTC), -7, "2021-03-14 03:30"),  # incident date
        ("2021-11-07 01:30", 0, datetime(2021, 11, 7, 8, 30, tzinfo=UTC), -7, "2021-11-07 01:30 PDT"),
        ("2021-11-07 01:30", 1, datetime(2021, 11, 7, 9, 30, tzinfo=UTC), -8, "2021-11-07 01:30 PST"),
    ],
)
def test_a_time_in_a_gap_or_overlap_is_asked_about(la_editor, asked, edit_cell, typed, answer, instant,
                                                    offset_hours, shown):
    asked["answer"] = answer
    edit_cell(la_editor.view, 0, TIME, typed)
    [question] = asked["questions"]
    if typed.endswith("02:30"):
        assert question.text == GAP_TEXT
        assert [label for label, _ in question.options] == ["03:30 PDT", "01:30 PST"]
    else:
        assert question.text == OVERLAP_TEXT
        assert [label for label, _ in question.options] == ["01:30 PDT (UTC−7, first)", "01:30 PST (UTC−8, second)"]
    event = la_editor.doc.pm.timeline[0]
    assert event.occurred_at == instant
    assert event.occurred_at.utcoffset() == timedelta(hours=offset_hours)
    assert la_editor.model.index(0, TIME).data() == shown
    assert la_editor.doc.undo_stack.count() == 1
    la_editor.doc.undo_stack.undo()
    assert la_editor.doc.pm.timeline[0].occurred_at is None


@pytest.mark.parametrize("typed", ["2021-03-14 02:30", "2021-11-07 01:30"])
def test_cancel_changes_nothing(la_editor, asked, edit_cell, typed):
    asked["answer"] = None
    edit_cell(la_editor.view, 0, TIME, typed)
    assert len(asked["questions"]) == 1
    event = la_editor.doc.pm.timeline[0]
    assert (event.occurred_at, event.raw_time) == (None, "")
    assert la_editor.doc.undo_stack.count() == 0


def test_normal_times_and_named_offsets_are_not_asked_about(la_editor, asked, edit_cell):
    edit_cell(la_editor.view, 0, TIME, "2021-03-14 03:00")
    edit_cell(la_editor.view, 0, TIME, "2021-11-07 01:30 PST")  # the abbreviation picks the second
    assert asked["questions"] == []
    event = la_editor.doc.pm.timeline[0]
    assert event.occurred_at == datetime(2021, 11, 7, 9, 30, tzinfo=UTC)
    assert event.occurred_at.utcoffset() == timedelta(hours=-8)


def test_set_data_never_guesses_an_ambiguous_time(la_editor):
    model = la_editor.model
    assert model.setData(model.index(0, TIME), "2021-11-07 01:30") is False
    assert model.setData(model.index(0, TIME), "2021-03-14 02:30") is False
    assert la_editor.doc.pm.timeline[0].occurred_at is None
    assert la_editor.doc.undo_stack.count() == 0


@pytest.fixture
def utc_editor(qtbot, settings) -> TimelineEditor:
    pm = Postmortem(time_zone="UTC", incident_date=date(2021, 3, 14), timeline=[
        TimelineEvent(id="a", occurred_at=datetime(2021, 3, 14, 9, 30, tzinfo=UTC), description="before the jump"),
        TimelineEvent(id="b", occurred_at=datetime(2021, 3, 14, 10, 0, tzinfo=UTC), description="after the jump"),
    ])
    return _editor(qtbot, settings, pm)


def _shown(editor: TimelineEditor) -> list[str]:
    return [editor.model.index(r, TIME).data() for r in range(editor.model.rowCount())]


def test_switching_the_display_zone_changes_what_is_shown_and_nothing_stored(utc_editor, settings):
    editor = utc_editor
    stored = [(e.occurred_at, e.occurred_at.utcoffset()) for e in editor.doc.pm.timeline]
    assert _shown(editor) == ["2021-03-14 09:30", "2021-03-14 10:00"]
    assert editor.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (UTC)"
    assert editor.show_times_in(LA) is True
    assert _shown(editor) == ["2021-03-14 01:30", "2021-03-14 03:00"]
    assert editor.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (PST)"
    editor.view.model().moveRows  # the view still shows the model itself (no filter)
    assert [(e.occurred_at, e.occurred_at.utcoffset()) for e in editor.doc.pm.timeline] == stored
    assert editor.doc.pm.time_zone == "UTC"
    assert editor.doc.undo_stack.count() == 0 and not editor.doc.dirty
    assert settings.value(SETTINGS_KEY) == LA
    assert editor.show_times_in("Asia/Tokyo") is True
    assert _shown(editor) == ["2021-03-14 18:30", "2021-03-14 19:00"]
    assert editor.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (JST)"
    assert editor.show_times_in("Mars/Olympus_Mons") is False  # unknown: nothing changes
    assert _shown(editor) == ["2021-03-14 18:30", "2021-03-14 19:00"]
    assert editor.show_times_in("postmortem") is True
    assert _shown(editor) == ["2021-03-14 09:30", "2021-03-14 10:00"]
    assert editor.doc.undo_stack.count() == 0


def test_the_header_names_the_first_events_abbreviation(utc_editor):
    utc_editor.show_times_in(LA)
    utc_editor.model.move_rows([1], 0)
    assert utc_editor.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (PDT)"


def test_times_are_typed_in_the_display_zone(utc_editor, edit_cell):
    utc_editor.show_times_in(LA)
    edit_cell(utc_editor.view, 0, TIME, "2021-03-14 04:00")
    event = utc_editor.doc.pm.timeline[0]
    assert event.occurred_at == datetime(2021, 3, 14, 11, 0, tzinfo=UTC)
    assert event.occurred_at.utcoffset() == timedelta(hours=-7)
    assert _shown(utc_editor)[0] == "2021-03-14 04:00"


def test_the_display_zone_is_remembered_for_the_app(qtbot, settings, utc_editor):
    utc_editor.show_times_in("Europe/Berlin")
    other = _editor(qtbot, settings, Postmortem(time_zone=LA, timeline=[
        TimelineEvent(occurred_at=datetime(2021, 7, 1, 12, 0, tzinfo=UTC))]))
    assert other.zone_chooser.choice == "Europe/Berlin"
    assert _shown(other) == ["2021-07-01 14:00"]
    assert other.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (CEST)"


def test_the_zone_chooser_takes_a_typed_name(qtbot, utc_editor, settings):
    line = utc_editor.zone_chooser.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "America/Los_Angeles")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert utc_editor.zone_chooser.choice == LA
    assert _shown(utc_editor) == ["2021-03-14 01:30", "2021-03-14 03:00"]
    assert utc_editor.zone_chooser.itemText(0) == "Postmortem — UTC"


def test_following_the_postmortem_zone_tracks_its_changes(utc_editor):
    utc_editor.doc.edit(("time_zone",), LA)
    assert _shown(utc_editor) == ["2021-03-14 01:30", "2021-03-14 03:00"]
    assert utc_editor.zone_chooser.itemText(0) == f"Postmortem — {LA}"


def test_unreadable_text_is_kept_with_a_visible_warning(la_editor, edit_cell):
    edit_cell(la_editor.view, 0, TIME, "shortly after lunch <&> 事件")
    event = la_editor.doc.pm.timeline[0]
    assert (event.occurred_at, event.raw_time) == (None, "shortly after lunch <&> 事件")
    index = la_editor.model.index(0, TIME)
    assert index.data() == "shortly after lunch <&> 事件"
    assert index.data(TimelineModel.UnreadableTimeRole) is True
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert UNREADABLE_TIP in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;&amp;&gt;" not in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == UNREADABLE_TIP
    assert la_editor.status_text() == "1 event · ? 1 time not understood: kept as text"
    edit_cell(la_editor.view, 0, TIME, "2021-03-14 09:00")
    assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert la_editor.status_text() == "1 event"


def test_a_date_without_a_time_keeps_its_date_in_any_zone(utc_editor, edit_cell):
    edit_cell(utc_editor.view, 0, TIME, "2021-12-10")
    utc_editor.show_times_in(LA)
    assert _shown(utc_editor)[0] == "2021-12-10"


def _first_shown_character(line) -> int:
    """The index of the character at the line edit's left edge (0: the text shows from its start)."""
    line.grab()  # a line edit works out how far its text is scrolled as it paints
    return line.cursorPositionAt(QPoint(3, line.height() // 2))


@pytest.mark.parametrize("zone", ["America/New_York", "America/Argentina/ComodRivadavia"])
def test_the_zone_chooser_shows_its_text_from_the_start(qtbot, settings, zone):
    pm = Postmortem(time_zone=zone, timeline=[TimelineEvent(id="a", description="Pager fired")])
    editor = _editor(qtbot, settings, pm)
    editor.resize(1060, 400)  # the timeline's width in a 1500-px window beside the library and steps
    chooser = editor.zone_chooser
    line = chooser.lineEdit()
    text = f"Postmortem — {zone}"
    qtbot.waitUntil(lambda: line.width() >= line.fontMetrics().horizontalAdvance(text) + 4)
    assert (line.text(), _first_shown_character(line)) == (text, 0)
    # with no room for all of it, the end is cut, never the beginning
    editor.resize(560, 400)
    qtbot.waitUntil(lambda: chooser.width() == chooser.minimumSizeHint().width())
    assert line.width() < line.fontMetrics().horizontalAdvance(text) + 4  # its 2-px margins each side
    assert _first_shown_character(line) == 0
    # a typed choice too
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "Europe/Berlin")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    editor.doc.edit(("time_zone",), "America/Indiana/Indianapolis")
    chooser.set_choice("postmortem")
    assert (line.text(), _first_shown_character(line)) == ("Postmortem — America/Indiana/Indianapolis", 0)
