"""The Qt models pass Qt's model tester; timeline times show and parse in the postmortem's zone."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.models import Postmortem, TimelineEvent, TimePrecision
from desktop_app.ui.wizard.timeline_columns import event_time_text, parse_event_time


def test_models_pass_the_model_tester(qtmodeltester, window, qtbot, edit_cell):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Modelled")
    window.flush_autosave()
    qtmodeltester.check(window.library.model)
    qtmodeltester.check(window.library.proxy)
    actions = window.wizard.actions
    window.wizard.go_to(6)
    actions.editor.add()
    actions.editor.add()
    qtmodeltester.check(actions.model)
    actions.editor.select_row(0)
    actions.editor.move_selected(1)
    window.undo_action.trigger()
    qtmodeltester.check(actions.model)


@pytest.mark.parametrize(
    ("text", "occurred", "precision", "approximate", "raw"),
    [
        ("2024-03-05 14:02", datetime(2024, 3, 5, 13, 2, tzinfo=timezone.utc), TimePrecision.MINUTE, False, ""),
        ("2024-03-05 14:02:09", datetime(2024, 3, 5, 13, 2, 9, tzinfo=timezone.utc), TimePrecision.SECOND, False, ""),
        ("~2024-03-05", datetime(2024, 3, 4, 23, 0, tzinfo=timezone.utc), TimePrecision.DAY, True, ""),
        ("09:15", datetime(2024, 3, 5, 8, 15, tzinfo=timezone.utc), TimePrecision.MINUTE, False, ""),
        ("around 14:05", datetime(2024, 3, 5, 13, 5, tzinfo=timezone.utc), TimePrecision.MINUTE, True, ""),
        ("approx. 14:05", datetime(2024, 3, 5, 13, 5, tzinfo=timezone.utc), TimePrecision.MINUTE, True, ""),
        ("shortly after lunch", None, TimePrecision.MINUTE, False, "shortly after lunch"),
        ("", None, TimePrecision.MINUTE, False, ""),
    ],
)
def test_parse_event_time(text, occurred, precision, approximate, raw):
    pm = Postmortem(time_zone="Europe/Berlin", incident_date=date(2024, 3, 5))
    changes = dict(parse_event_time(pm, text))
    assert changes == {"occurred_at": occurred, "precision": precision, "approximate": approximate, "raw_time": raw}
    event = TimelineEvent(**changes)
    shown = {"09:15": "2024-03-05 09:15", "around 14:05": "~2024-03-05 14:05", "approx. 14:05": "~2024-03-05 14:05"}
    shown = shown.get(text, text)
    assert event_time_text(pm, event) == shown


def test_event_time_text_uses_the_display_zone():
    event = TimelineEvent(occurred_at=datetime(2024, 7, 1, 22, 30, tzinfo=ZoneInfo("UTC")), raw_time="22:30 UTC")
    assert event_time_text(Postmortem(time_zone="Asia/Tokyo"), event) == "2024-07-02 07:30"
    assert event_time_text(Postmortem(time_zone="UTC"), event) == "2024-07-01 22:30"
