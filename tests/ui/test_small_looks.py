"""Small things a user reads: role labels, fixed-offset zones, plurals, read-only buttons,
flat reasons for impossible times, and prompts that wrap instead of being cut."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QStyle

from desktop_app.domain.models import Postmortem, Stakeholder, StakeholderRole, TimelineEvent
from desktop_app.formats.timestamps import parse_leading_stamp
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import READ_ONLY_BANNER, MainWindow
from desktop_app.ui.tracker.window import and_list, counted

MINUS = "\u2212"


def test_the_role_editor_shows_labels_and_stores_values(qtbot, window) -> None:
    window.new_postmortem()
    window.wizard.go_to(3)
    page = window.wizard.stakeholders
    page.model.add_row(Stakeholder(name="Ada"))
    view = page.editor.view
    index = page.model.index(0, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    [combo] = [c for c in view.viewport().findChildren(QComboBox) if c.isVisible()]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Incident commander", "Responder", "Observer", "Engineering", "Product", "Reliability", "Leadership", "Other",
    ]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    view.commitData(combo)
    assert window.document.pm.stakeholders[0].role is StakeholderRole.INCIDENT_COMMANDER
    assert index.data() == "Incident commander"


def test_a_fixed_offset_zone_reads_as_utc_minus_8(qtbot, window, repo) -> None:
    pm = Postmortem(title="PST import", time_zone="Etc/GMT+8",
                    timeline=[TimelineEvent(occurred_at=datetime(2024, 3, 14, 17, 0, tzinfo=timezone.utc),
                                            description="alert")])
    repo.add(pm)
    window.open_postmortem(pm.id)
    page = window.wizard.restoration
    assert page.zone_box.currentText() == "Etc/GMT+8"  # what is stored, and typed
    assert page.zone_status.text() == f"UTC{MINUS}08:00, a fixed offset (no daylight saving)"
    assert page.restored_at_edit.suffix.text() == f"UTC{MINUS}08:00"
    assert window.wizard.stakeholders.meeting_edit.suffix.text() == f"UTC{MINUS}08:00"
    model = window.wizard.findings.timeline_editor.model
    assert model.headerData(model.TIME, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        f"Times are shown and typed in UTC{MINUS}08:00"
    )
    assert window.document.pm.time_zone == "Etc/GMT+8"


def test_import_summary_plurals() -> None:
    assert [counted(n, "owner change") for n in (0, 1, 2, 1200)] == [
        "no owner changes", "1 owner change", "2 owner changes", "1,200 owner changes",
    ]
    assert [and_list(w) for w in (["4"], ["4", "7"], ["4", "7", "9"])] == ["4", "4 and 7", "4, 7 and 9"]


def _read_only_repo(tmp_path: Path) -> PostmortemRepository:
    path = tmp_path / "empty.db"
    open_database(f"sqlite:///{path}").dispose()
    return PostmortemRepository(open_database(f"sqlite:///{path}", read_only=True))


def test_read_only_empty_view_buttons_are_off_and_say_why(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(_read_only_repo(tmp_path))
    empty = window.empty_state
    assert window.right.currentWidget() is empty
    for button in (empty.new_button, empty.import_button, empty.sample_button):
        assert not button.isEnabled(), button.text()
        assert button.toolTip() == f"{READ_ONLY_BANNER}: nothing can be added to it."


def test_impossible_times_are_said_flatly() -> None:
    assert parse_leading_stamp("25:61 paged").invalid == "impossible time '25:61': the hour must be 0 to 23"
    assert parse_leading_stamp("2024-02-28 23:61 x").invalid == "impossible time '23:61': the minute must be 0 to 59"
    assert parse_leading_stamp("2024-02-30 10:00 x").invalid == "impossible date '2024-02-30': February has no 30th"
    assert parse_leading_stamp("2024-13-01 10:00 x").invalid == "impossible date '2024-13-01': there is no month 13"
    for text in ("25:61 paged", "2024-02-30 10:00 x", "Feb 30, 2024 x", "31/04/2024 10:00 x"):
        assert parse_leading_stamp(text).invalid.count("(") == 0, text


def test_blameless_prompts_wrap_at_any_width(qtbot, window) -> None:
    window.new_postmortem()
    window.wizard.go_to(4)
    prompts = window.wizard.discussion.prompts
    assert prompts.textElideMode() == Qt.TextElideMode.ElideNone
    for width in (320, 150, 110):
        prompts.setFixedWidth(width)
        qtbot.waitUntil(lambda w=width: prompts.viewport().width() < w)
        prompts.doItemsLayout()
        margin = prompts.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, prompts) + 1
        for i in range(prompts.count()):
            item = prompts.item(i)
            rect = prompts.visualItemRect(item)
            room = rect.width() - 2 * margin
            needed = prompts.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), int(Qt.TextFlag.TextWordWrap),
                                                        item.text()).height()
            assert prompts.visualItemRect(item).height() >= needed, (width, item.text())
