"""The "Build timeline from chat or logs" dialog on step 2: paste, read, choose, add as one undo step."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QProgressDialog

from desktop_app.domain.models import EventKind, TimelineEvent
from desktop_app.ui.gather.candidate_model import ACTOR, TIME, CandidateTableModel
from desktop_app.ui.gather.raw_timeline_dialog import RawTimelineDialog

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc

CHAT = (
    "[14:03] alice: checkout is returning 502s, a<b & c>d\n"
    "[14:05] bob: rolling back the 13:50 deploy\n"
    "still rolling back, alice can you watch?\n"
    "[25:99] carol: this time is wrong\n"
    "[14:02] alice: مرحبا שלום"
)


def _existing(doc) -> None:
    doc.edit(("time_zone",), "Europe/Berlin")
    doc.edit(("incident_date",), date(2024, 5, 1))
    doc.add_item(
        ("timeline",),
        0,
        TimelineEvent(occurred_at=datetime(2024, 5, 1, 14, 4, tzinfo=BERLIN), description="Existing alert"),
        text="Add event",
    )


def _open_dialog(qtbot, window) -> RawTimelineDialog:
    window.wizard.go_to(2)
    page = window.wizard.evidence
    qtbot.mouseClick(page.build_timeline_button, Qt.MouseButton.LeftButton)
    dialog = page.timeline_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Build timeline from chat or logs"
    return dialog


def _events(doc) -> list[tuple]:
    return [(e.occurred_at, e.raw_time, e.actor, e.description, e.source, e.kind) for e in doc.pm.timeline]


def test_paste_read_untick_ok_adds_events_in_time_order_as_one_undo_step(qtbot, window, type_text):
    window.new_postmortem()
    doc = window.document
    _existing(doc)
    before = _events(doc)
    dialog = _open_dialog(qtbot, window)
    assert dialog.zone_box.currentText() == "Europe/Berlin"
    assert dialog.date_edit.date() == QDate(2024, 5, 1)
    assert not dialog.read_button.isEnabled()

    qtbot.keyClicks(dialog.source_edit, "#inc-2041")
    dialog.paste_edit.setPlainText(CHAT)
    dialog.paste_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(dialog.paste_edit, Qt.Key.Key_Return)
    type_text(dialog.paste_edit, "[14:09] 李雷: 好了 🔥")
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)

    model = dialog.model
    assert dialog.status_label.text() == (
        "Read as chat transcript from “#inc-2041”: 5 events; "
        "1 line without a time joined to the event before or left blank."
    )
    assert [model.index(r, TIME).data() for r in range(model.rowCount())] == [
        "2024-05-01 14:03",
        "2024-05-01 14:05",
        "25:99",
        "2024-05-01 14:02",
        "2024-05-01 14:09",
    ]
    assert model.index(2, TIME).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, TIME).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(2, TIME).data(Qt.ItemDataRole.ToolTipRole) == (
        "<p style='white-space:pre-wrap'>Line 4: Impossible time &#x27;25:99&#x27;: "
        "the hour must be 0 to 23</p>"
    )
    assert (
        model.index(1, 3).data() == "rolling back the 13:50 deploy ↵ still rolling back, alice can you watch?"
    )
    assert dialog.count_label.text() == "5 of 5 events selected; 1 time could not be read"
    assert dialog.ok_button.text() == "Add 5 events to timeline"

    # untick the second event with the keyboard
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert not model.is_accepted(1)
    assert dialog.count_label.text() == "4 of 5 events selected; 1 time could not be read"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.added == 4
    chat = EventKind.COMMUNICATION
    assert _events(doc) == [
        (datetime(2024, 5, 1, 14, 2, tzinfo=BERLIN), "14:02", "alice", "مرحبا שלום", "#inc-2041", chat),
        (
            datetime(2024, 5, 1, 14, 3, tzinfo=BERLIN),
            "14:03",
            "alice",
            "checkout is returning 502s, a<b & c>d",
            "#inc-2041",
            chat,
        ),
        before[0],
        (datetime(2024, 5, 1, 14, 9, tzinfo=BERLIN), "14:09", "李雷", "好了 🔥", "#inc-2041", chat),
        (None, "25:99", "carol", "this time is wrong", "#inc-2041", chat),
    ]
    assert window.undo_action.text() == "&Undo Add 4 timeline events from #inc-2041"

    window.activateWindow()
    window.wizard.setFocus()
    qtbot.keyClick(window.wizard, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _events(doc) == before
    assert doc.pm.time_zone == "Europe/Berlin"  # only the one step was undone
    window.redo_action.trigger()
    assert len(doc.pm.timeline) == 5


def test_cancel_adds_nothing(qtbot, window):
    window.new_postmortem()
    doc = window.document
    _existing(doc)
    before, steps = _events(doc), doc.undo_stack.count()
    dialog = _open_dialog(qtbot, window)
    dialog.paste_edit.setPlainText(CHAT)
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 4
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _events(doc) == before
    assert doc.undo_stack.count() == steps


def test_reject_all_disables_ok_and_accept_all_restores(qtbot, window):
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    assert dialog.count_label.text() == "Press Read to find the events in the text."
    assert not dialog.ok_button.isEnabled()
    dialog.paste_edit.setPlainText(CHAT)
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.reject_all_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "0 of 4 events selected; 1 time could not be read"
    assert not dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Add to timeline"
    qtbot.mouseClick(dialog.accept_all_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "4 of 4 events selected; 1 time could not be read"
    assert dialog.ok_button.isEnabled()


def test_replace_names_with_roles_reaches_preview_and_timeline(qtbot, window):
    window.new_postmortem()
    doc = window.document
    doc.edit(("incident_date",), date(2024, 5, 1))
    dialog = _open_dialog(qtbot, window)
    dialog.paste_edit.setPlainText(CHAT)
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    dialog.names_check.setChecked(True)
    model = dialog.model
    assert [model.index(r, ACTOR).data() for r in range(4)] == [
        "Responder 1",
        "Responder 2",
        "Responder 3",
        "Responder 1",
    ]
    assert (
        model.index(1, 3).data()
        == "rolling back the 13:50 deploy ↵ still rolling back, Responder 1 can you watch?"
    )
    dialog.names_check.setChecked(False)
    assert model.index(0, ACTOR).data() == "alice"
    dialog.names_check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [(e.actor, e.source) for e in doc.pm.timeline] == [
        ("Responder 1", "Pasted text"),
        ("Responder 1", "Pasted text"),
        ("Responder 2", "Pasted text"),
        ("Responder 3", "Pasted text"),
    ]
    assert doc.pm.timeline[0].occurred_at == datetime(2024, 5, 1, 14, 2, tzinfo=UTC)


def test_open_file_reads_a_csv_and_names_the_source(qtbot, window, tmp_path: Path, monkeypatch):
    path = tmp_path / "pagerduty-incident.csv"
    path.write_text(
        'Time (UTC),Who,Description\n2024-05-01 14:03,alice,"Paged, acknowledged"\n'
        "2024-05-01 14:01,system,Alert triggered\n",
        encoding="utf-8-sig",
    )
    monkeypatch.setattr(RawTimelineDialog, "ask_open_file", classmethod(lambda cls, parent: path))
    window.new_postmortem()
    doc = window.document
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.source_edit.text() == "pagerduty-incident.csv"
    assert dialog.result is not None and dialog.result.format == "csv"
    assert dialog.count_label.text() == "2 of 2 events selected"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    obs = EventKind.OBSERVATION
    assert _events(doc) == [
        (
            datetime(2024, 5, 1, 14, 1, tzinfo=UTC),
            "2024-05-01 14:01",
            "system",
            "Alert triggered",
            "pagerduty-incident.csv",
            obs,
        ),
        (
            datetime(2024, 5, 1, 14, 3, tzinfo=UTC),
            "2024-05-01 14:03",
            "alice",
            "Paged, acknowledged",
            "pagerduty-incident.csv",
            obs,
        ),
    ]


def test_open_file_cancelled_changes_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(RawTimelineDialog, "ask_open_file", classmethod(lambda cls, parent: None))
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.paste_edit.toPlainText() == "" and dialog.result is None


def test_ten_thousand_line_paste_reads_under_a_progress_dialog(qtbot, window, monkeypatch):
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    seen: list[int] = []
    original = QProgressDialog.setValue
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: (seen.append(v), original(self, v))[1])
    dialog.paste_edit.setPlainText(
        "\n".join(f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z INFO req {i}" for i in range(10_000))
    )
    assert dialog.read() is True
    assert dialog.model.rowCount() == 10_000
    assert seen == [0, *range(500, 20_001, 500), 20_000]  # per chunk of 500 steps (two passes)
    assert dialog.count_label.text() == "10000 of 10000 events selected"


def test_cancelling_the_progress_dialog_reads_nothing(qtbot, window, monkeypatch):
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    monkeypatch.setattr(RawTimelineDialog, "PROGRESS_LINES", 3)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    dialog.paste_edit.setPlainText("\n".join(f"14:{i % 60:02d} line {i}" for i in range(600)))
    assert dialog.read() is False
    assert dialog.status_label.text() == "Reading was cancelled; nothing was read."
    assert dialog.model.rowCount() == 0 and dialog.result is None


def test_bad_zone_is_reported(qtbot, window):
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    dialog.paste_edit.setPlainText(CHAT)
    dialog.zone_box.setEditText("Mars/Olympus")
    assert dialog.read() is False
    assert (
        dialog.status_label.text()
        == "Unknown time zone 'Mars/Olympus' (use an IANA name such as 'Europe/Berlin')."
    )


def test_candidate_model_passes_the_model_tester(qtmodeltester, qapp):
    from desktop_app.formats.raw_timeline import parse_raw

    model = CandidateTableModel("UTC")
    model.set_candidates(parse_raw(CHAT, source="s", zone="UTC", default_date=date(2024, 5, 1)).candidates)
    qtmodeltester.check(model)
    assert model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (UTC)"


@pytest.mark.parametrize("text", ["a<b & c>d", "Saw <b>bold</b> &amp; more"])
def test_tooltips_show_text_literally(qapp, text):
    from desktop_app.formats.raw_timeline import parse_raw

    model = CandidateTableModel("UTC")
    model.set_candidates(
        parse_raw(f"14:03 {text}", source="s", zone="UTC", default_date=date(2024, 5, 1)).candidates
    )
    assert model.index(0, 3).data() == text
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == (
        "<p style='white-space:pre-wrap'>"
        + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</p>"
    )


@pytest.mark.parametrize("limit", [100, 2], ids=["row-inserts", "one-list-command"])
def test_both_insert_paths_merge_in_time_order_as_one_step(qapp, monkeypatch, limit):
    from desktop_app.domain.models import Postmortem
    from desktop_app.ui.document import PostmortemDocument
    from desktop_app.ui.gather import timeline_insert

    monkeypatch.setattr(timeline_insert, "ROW_INSERT_LIMIT", limit)

    def at(minute: int | None) -> TimelineEvent:
        moment = None if minute is None else datetime(2024, 5, 1, 14, minute, tzinfo=UTC)
        return TimelineEvent(
            occurred_at=moment, description=f"{'old' if minute in (0, 10, 20) else 'new'} {minute}"
        )

    doc = PostmortemDocument()
    doc.load(Postmortem(timeline=[at(0), at(10), at(20)]), 1)
    before = [e.model_copy() for e in doc.pm.timeline]
    added = timeline_insert.add_events_in_time_order(
        doc, [at(15), at(None), at(5), at(30)], text="Add events"
    )
    assert added == 4
    assert [e.description for e in doc.pm.timeline] == [
        "old 0",
        "new 5",
        "old 10",
        "new 15",
        "old 20",
        "new 30",
        "new None",
    ]
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Add events"
    doc.undo_stack.undo()
    assert doc.pm.timeline == before
    doc.undo_stack.redo()
    assert len(doc.pm.timeline) == 7


def test_a_second_opened_file_names_the_source_unless_one_was_typed(qtbot, window, tmp_path: Path, monkeypatch):
    first, second = tmp_path / "incident.csv", tmp_path / "app.log"
    first.write_text("Time,Event\n2024-05-01 14:01,Alert triggered\n", encoding="utf-8")
    second.write_text("2024-05-01T14:05:00Z ERROR pool exhausted\n", encoding="utf-8")
    chosen = iter([first, second, first])
    monkeypatch.setattr(RawTimelineDialog, "ask_open_file", classmethod(lambda cls, parent: next(chosen)))
    window.new_postmortem()
    dialog = _open_dialog(qtbot, window)
    dialog.open_file()
    assert dialog.source_edit.text() == "incident.csv"
    dialog.open_file()
    assert dialog.source_edit.text() == "app.log"
    dialog.source_edit.setText("#inc-2041")
    dialog.open_file()
    assert dialog.source_edit.text() == "#inc-2041"
