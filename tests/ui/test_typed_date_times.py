"""Typed dates and times: an impossible one is refused with a message beside the field and the
previous value stays (Qt alone turned ``2024-02-30 25:61`` into ``2026-02-03 02:56`` silently)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.domain.typed_times import parse_typed_date, parse_typed_datetime
from desktop_app.ui.widgets.datetime_edit import OptionalDateTimeEdit

UTC = timezone.utc
MEETING = datetime(2026, 1, 20, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "message"), [
    ("2024-02-30 25:61", "There is no 30 February."),
    ("2024-02-28 25:61", "There is no time 25:61: the hour must be 0 to 23."),
    ("2024-02-28 23:61", "There is no time 23:61: the minute must be 0 to 59."),
    ("2023-02-29 10:00", "There is no 29 February in 2023."),
    ("2024-13-01 10:00", "There is no month 13."),
    ("2024-02", "“2024-02” is not a date and time. Type it like 2024-03-14 09:05."),
])
def test_impossible_typed_times_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_typed_datetime(text)
    assert str(caught.value) == message


def test_possible_typed_times() -> None:
    assert parse_typed_datetime("2024-02-29 23:59") == datetime(2024, 2, 29, 23, 59)
    assert parse_typed_datetime(" 2024/3/5T9:05:07 ") == datetime(2024, 3, 5, 9, 5, 7)
    assert parse_typed_date("2024.02.29") == date(2024, 2, 29)
    with pytest.raises(ValueError, match="^There is no 31 April.$"):
        parse_typed_date("2024-04-31")


def _type(qtbot, widget: OptionalDateTimeEdit, text: str) -> None:
    editor = widget.editor
    editor.setFocus()
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_review_meeting_refuses_an_impossible_time_and_keeps_the_previous(qtbot, window) -> None:
    window.new_postmortem()
    doc = window.document
    doc.edit(("review_meeting_at",), MEETING)
    window.wizard.go_to(3)
    field = window.wizard.stakeholders.meeting_edit
    assert field.editor.lineEdit().text() == "2026-01-20 10:00"
    undo_count = doc.undo_stack.count()

    _type(qtbot, field, "2024-02-30 25:61")
    assert doc.pm.review_meeting_at == MEETING
    assert field.editor.lineEdit().text() == "2026-01-20 10:00"
    assert field.error_label.isVisible()
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    # next to the field: on its row, right of the editor
    assert field.error_label.geometry().left() >= field.editor.geometry().right()
    assert doc.undo_stack.count() == undo_count

    # a possible time is stored and the message goes
    _type(qtbot, field, "2026-01-21 09:30")
    assert doc.pm.review_meeting_at == datetime(2026, 1, 21, 9, 30, tzinfo=UTC)
    assert not field.error_label.isVisible()


def test_restored_at_and_key_times_refuse_impossible_times(qtbot, window) -> None:
    window.new_postmortem()
    doc = window.document
    page = window.wizard.restoration
    for field, path in ((page.restored_at_edit, ("restoration", "restored_at")),
                        (page.time_edits["started_at"], ("times", "started_at"))):
        doc.edit(path, MEETING)
        _type(qtbot, field, "2024-02-28 24:00")
        assert doc.get(path) == MEETING
        assert field.error_label.text() == "There is no time 24:00: the hour must be 0 to 23. The previous value is kept."
        _type(qtbot, field, "2024-02-29 23:59")
        assert doc.get(path) == datetime(2024, 2, 29, 23, 59, tzinfo=UTC)
        assert field.error_label.text() == ""
    date_field = page.incident_date_edit
    doc.edit(("incident_date",), date(2026, 1, 20))
    _type(qtbot, date_field, "2023-02-29")
    assert doc.pm.incident_date == date(2026, 1, 20)
    assert date_field.error_label.text() == "There is no 29 February in 2023. The previous value is kept."


TESTER_VALUE = datetime(2026, 12, 4, 12, 34, tzinfo=UTC)


def _click_minutes_select_all_and_type(qtbot, field: OptionalDateTimeEdit, text: str,
                                       enter: bool = True) -> None:
    """The tester's steps: click the field (on the minutes), Ctrl+A, type, Return."""
    line = field.editor.lineEdit()
    field.editor.setFocus()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(line.width() - 6, line.height() // 2))
    qtbot.keyClick(field.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert line.selectedText() == line.text()
    qtbot.keyClicks(field.editor, text)
    assert line.text() == text
    if enter:
        qtbot.keyClick(field.editor, Qt.Key.Key_Return)


@pytest.mark.parametrize(("page_name", "field_name", "path"), [
    ("stakeholders", "meeting_edit", ("review_meeting_at",)),
    ("restoration", "restored_at_edit", ("restoration", "restored_at")),
])
def test_ctrl_a_and_refused_typing_keep_exactly_the_previous_value(
        qtbot, window, page_name: str, field_name: str, path: tuple) -> None:
    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(3 if page_name == "stakeholders" else 1)
    field = getattr(getattr(window.wizard, page_name), field_name)
    qtbot.mouseClick(field.check, Qt.MouseButton.LeftButton)  # tick: fills in now
    assert field.check.isChecked() and doc.get(path) is not None
    doc.edit(path, TESTER_VALUE, merge=False)
    assert field.editor.lineEdit().text() == "2026-12-04 12:34"
    undo_count = doc.undo_stack.count()

    _click_minutes_select_all_and_type(qtbot, field, "2025-02-30 25:61")
    assert doc.get(path) == TESTER_VALUE
    assert field.editor.lineEdit().text() == "2026-12-04 12:34"
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    assert doc.undo_stack.count() == undo_count

    # nothing is committed while typing, even text that reads as a complete time on the way
    _click_minutes_select_all_and_type(qtbot, field, "2025-02-28 23:15", enter=False)
    assert doc.get(path) == TESTER_VALUE
    assert doc.undo_stack.count() == undo_count
    # a good value typed is one undo step, on Return
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)
    assert doc.get(path) == datetime(2025, 2, 28, 23, 15, tzinfo=UTC)
    assert doc.undo_stack.count() == undo_count + 1
    assert field.error_label.text() == ""
    doc.undo_stack.undo()
    assert doc.get(path) == TESTER_VALUE
    assert field.editor.lineEdit().text() == "2026-12-04 12:34"

    # stepping a section with the arrow keys still commits each step
    line = field.editor.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(line.width() - 6, line.height() // 2))
    qtbot.keyClick(field.editor, Qt.Key.Key_Up)
    assert doc.get(path) == datetime(2026, 12, 4, 12, 35, tzinfo=UTC)


def test_refused_typing_then_leaving_the_field_keeps_the_value(qtbot, window) -> None:
    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(1)
    page = window.wizard.restoration
    field = page.restored_at_edit
    doc.edit(("restoration", "restored_at"), TESTER_VALUE, merge=False)
    undo_count = doc.undo_stack.count()
    _click_minutes_select_all_and_type(qtbot, field, "2025-02-30 25:61", enter=False)
    page.title_edit.setFocus()  # Tab away / click elsewhere
    qtbot.waitUntil(lambda: field.error_label.text() != "", timeout=2000)
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    assert field.editor.lineEdit().text() == "2026-12-04 12:34"
    assert doc.get(("restoration", "restored_at")) == TESTER_VALUE
    assert doc.undo_stack.count() == undo_count


def test_ctrl_a_in_a_date_field_selects_the_whole_date(qtbot, window) -> None:
    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(1)
    field = window.wizard.restoration.incident_date_edit
    doc.edit(("incident_date",), date(2026, 12, 4), merge=False)
    undo_count = doc.undo_stack.count()
    line = field.editor.lineEdit()
    field.editor.setFocus()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(line.width() - 6, line.height() // 2))
    qtbot.keyClick(field.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert line.selectedText() == "2026-12-04"
    qtbot.keyClicks(field.editor, "2025-02-30")
    assert line.text() == "2025-02-30"
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)
    assert doc.pm.incident_date == date(2026, 12, 4)
    assert line.text() == "2026-12-04"
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    assert doc.undo_stack.count() == undo_count


def test_a_refused_date_message_goes_with_a_valid_value_or_after_ten_seconds(qtbot, window) -> None:
    from desktop_app.ui.widgets.text_edits import REFUSAL_TIP_MS

    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(1)
    field = window.wizard.restoration.incident_date_edit
    doc.edit(("incident_date",), date(2026, 1, 14), merge=False)
    _type(qtbot, field, "2026-02-30")
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    assert field._error_timer.isActive() and field._error_timer.interval() == REFUSAL_TIP_MS == 10_000
    # the same, valid date typed again: nothing changes, but the field has a valid value: the message goes
    _type(qtbot, field, "2026-01-14")
    assert doc.pm.incident_date == date(2026, 1, 14)
    assert field.error_label.text() == "" and not field.error_label.isVisible()
    assert not field._error_timer.isActive()

    # edits elsewhere leave it, but only for its ten seconds
    _type(qtbot, field, "2026-02-30")
    assert field.error_label.isVisible()
    window.wizard.restoration.title_edit.setText("Later edit")
    assert field.error_label.text() == "There is no 30 February. The previous value is kept."
    field._error_timer.start(20)  # the ten seconds, shortened
    qtbot.waitUntil(lambda: not field.error_label.isVisible(), timeout=2000)
    assert field.error_label.text() == ""
