"""The follow-up tracker window: filter, sort, edit in place and in bulk, undo, CSV out and back in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus, Postmortem, Priority, Severity
from desktop_app.storage.action_tracker import NO_OWNER, NO_SEVERITY
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tracker.dialogs import TrackerDialogs
from desktop_app.ui.tracker.filter_bar import NOT_CLOSED
from desktop_app.ui.tracker.model import (
    DUE,
    ITEM,
    OVERDUE_COLOUR,
    OVERDUE_TINT,
    OWNER,
    PRIORITY,
    SEVERITY,
    STATUS,
    TRACKER,
    SortRole,
)
from desktop_app.ui.tracker.window import TrackerWindow

TODAY = date(2024, 6, 10)


def _postmortems() -> list[Postmortem]:
    return [
        Postmortem(
            id="pm-a", title="Checkout <down> & 決済", severity=Severity.SEV1, incident_date=date(2024, 5, 1),
            action_items=[
                ActionItem(id="a1", title="Add lock_timeout of 5 s", owner="Ana", due_date=date(2024, 6, 1),
                           kind=ActionKind.PREVENT, priority=Priority.P1, tracker_ref="OPS-1"),
                ActionItem(id="a2", title="=HYPERLINK(\"x\")", owner="   ", due_date=date(2024, 6, 17),
                           status=ActionStatus.IN_PROGRESS),
                ActionItem(id="a3", title="Page on lock waits", owner="Bob", due_date=date(2024, 5, 2),
                           status=ActionStatus.DONE, status_changed_on=date(2024, 5, 20)),
            ],
        ),
        Postmortem(
            id="pm-b", title="DNS שגיאה", incident_date=date(2024, 5, 20),
            action_items=[
                ActionItem(id="b1", title="Lower TTL to 60 s", owner="ana ", due_date=date(2024, 6, 18),
                           priority=Priority.P0),
                ActionItem(id="b2", title="Runbook for resolver failover", due_text="Q3"),
            ],
        ),
        Postmortem(
            id="pm-c", title="Queue backlog", severity=Severity.SEV3, incident_date=date(2024, 4, 2),
            action_items=[
                ActionItem(id="c1", title="Alert on backlog > 10k", owner="李雷", due_date=date(2024, 6, 9),
                           status=ActionStatus.WONT_DO, priority=Priority.P3, tracker_ref="MON-7"),
                ActionItem(id="c2", title="Autoscale consumers", owner="Bob", due_date=date(2024, 6, 5)),
            ],
        ),
    ]


@pytest.fixture
def stored(repo: PostmortemRepository) -> PostmortemRepository:
    for pm in _postmortems():
        repo.add(pm)
    return repo


@pytest.fixture
def tracker(qtbot: QtBot, stored: PostmortemRepository, settings: QSettings) -> TrackerWindow:
    window = TrackerWindow(stored, settings=settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


class Recorder:
    """Stands in for a dialog: records each call's arguments after the parent, returns a fixed answer."""

    def __init__(self, answer: Any = None) -> None:
        self.answer = answer
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args[1:] + tuple(kwargs.values()))
        return self.answer


def _patch(monkeypatch: pytest.MonkeyPatch, name: str, answer: Any = None) -> Recorder:
    recorder = Recorder(answer)
    monkeypatch.setattr(TrackerDialogs, name, classmethod(lambda cls, *a, **k: recorder(*a, **k)))
    return recorder


def _titles(tracker: TrackerWindow) -> list[str]:
    return [item.title for item in tracker.visible_items()]


def _stored(repo: PostmortemRepository) -> dict[str, tuple[str, str, date | None]]:
    """Every item's status, owner and status date, by item id."""
    return {
        item.id: (item.status.value, item.owner, item.status_changed_on)
        for pm_id in ("pm-a", "pm-b", "pm-c")
        for item in repo.get(pm_id).action_items
    }


def test_models_pass_the_model_tester(qtmodeltester: Any, tracker: TrackerWindow) -> None:
    qtmodeltester.check(tracker.model)
    qtmodeltester.check(tracker.proxy)


def test_rows_sorted_by_due_date_and_overdue_rows_stand_out(tracker: TrackerWindow) -> None:
    assert _titles(tracker) == [
        "Page on lock waits", "Add lock_timeout of 5 s", "Autoscale consumers", "Alert on backlog > 10k",
        "=HYPERLINK(\"x\")", "Lower TTL to 60 s", "Runbook for resolver failover",
    ]
    assert tracker.count_label.text() == "Showing 7 of 7 items · 2 overdue"
    proxy = tracker.proxy
    overdue = proxy.index(1, DUE)
    assert overdue.data() == "2024-06-01 · Overdue"
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert overdue.data(Qt.ItemDataRole.DecorationRole) is not None
    assert proxy.index(1, ITEM).data(Qt.ItemDataRole.FontRole).bold()
    # the row is tinted; only the due date is red, the other cells keep their colour and weight
    assert [proxy.index(1, c).data(Qt.ItemDataRole.BackgroundRole) for c in (ITEM, OWNER, DUE)] == [OVERDUE_TINT] * 3
    assert proxy.index(1, ITEM).data(Qt.ItemDataRole.ForegroundRole) is None
    assert proxy.index(1, OWNER).data(Qt.ItemDataRole.FontRole) is None
    done = proxy.index(0, DUE)  # past due but done: not overdue
    assert done.data() == "2024-05-02"
    assert done.data(Qt.ItemDataRole.DecorationRole) is None
    assert done.data(Qt.ItemDataRole.FontRole) is None
    assert done.data(Qt.ItemDataRole.BackgroundRole) is None
    # the row with an owner of only spaces shows nobody
    assert [proxy.index(4, c).data() for c in (ITEM, OWNER, STATUS, SEVERITY)] == [
        "=HYPERLINK(\"x\")", "—", "In progress", "SEV1",
    ]
    assert proxy.index(6, DUE).data() == "Q3"
    assert proxy.index(5, SEVERITY).data() == "—"


@pytest.mark.parametrize(
    ("column", "order", "expected"),
    [
        (OWNER, Qt.SortOrder.AscendingOrder, ["a1", "b1", "a3", "c2", "c1", "a2", "b2"]),
        (PRIORITY, Qt.SortOrder.AscendingOrder, ["b1", "a1", "c1", "a3", "c2", "a2", "b2"]),
        (STATUS, Qt.SortOrder.DescendingOrder, ["c1", "a3", "a2", "a1", "c2", "b1", "b2"]),
        (TRACKER, Qt.SortOrder.AscendingOrder, ["c1", "a1", "a3", "c2", "a2", "b1", "b2"]),
        (SEVERITY, Qt.SortOrder.AscendingOrder, ["a3", "a1", "a2", "c2", "c1", "b1", "b2"]),
    ],
)
def test_sort_by_any_column(tracker: TrackerWindow, column: int, order: Qt.SortOrder, expected: list[str]) -> None:
    tracker.view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)  # ties keep this order
    tracker.view.sortByColumn(column, order)
    assert [item.item_id for item in tracker.visible_items()] == expected


def test_filters(tracker: TrackerWindow, qtbot: QtBot) -> None:
    bar = tracker.filters
    owners = [bar.owner.itemText(i) for i in range(bar.owner.count())]
    assert owners == ["All owners", "Nobody", "Ana", "Bob", "李雷"]
    bar.select(bar.owner, "Ana")
    assert _titles(tracker) == ["Add lock_timeout of 5 s", "Lower TTL to 60 s"]
    bar.select(bar.owner, NO_OWNER)
    assert _titles(tracker) == ["=HYPERLINK(\"x\")", "Runbook for resolver failover"]
    bar.select(bar.owner, None)
    bar.select(bar.status, NOT_CLOSED)
    assert len(_titles(tracker)) == 5
    bar.select(bar.postmortem, "pm-c")
    assert _titles(tracker) == ["Autoscale consumers"]
    bar.select(bar.status, None)
    assert _titles(tracker) == ["Autoscale consumers", "Alert on backlog > 10k"]
    bar.select(bar.postmortem, None)
    bar.select(bar.severity, NO_SEVERITY)
    assert _titles(tracker) == ["Lower TTL to 60 s", "Runbook for resolver failover"]
    bar.select(bar.severity, None)
    bar.overdue.setChecked(True)
    assert _titles(tracker) == ["Add lock_timeout of 5 s", "Autoscale consumers"]
    assert tracker.count_label.text() == "Showing 2 of 7 items · 2 overdue"
    bar.overdue.setChecked(False)
    bar.due_soon.setChecked(True)
    assert _titles(tracker) == ["=HYPERLINK(\"x\")"]
    bar.due_soon.setChecked(False)
    # typing filters once it pauses, not on every key
    qtbot.keyClicks(bar.search, "LOCK")
    assert bar.pending and len(_titles(tracker)) == 7
    qtbot.waitUntil(lambda: not bar.pending, timeout=2000)
    assert _titles(tracker) == ["Page on lock waits", "Add lock_timeout of 5 s"]
    bar.search.setText("שגיאה")
    qtbot.keyClick(bar.search, Qt.Key.Key_Return)  # Enter filters at once
    assert not bar.pending
    assert _titles(tracker) == ["Lower TTL to 60 s", "Runbook for resolver failover"]
    # another filter applies the typed text with it, at once
    bar.search.setText("lock")
    bar.select(bar.status, NOT_CLOSED)
    assert not bar.pending
    assert _titles(tracker) == ["Add lock_timeout of 5 s"]  # "Page on lock waits" is done
    bar.select(bar.status, None)
    bar.search.clear()  # cleared: everything shows at once
    assert not bar.pending and len(_titles(tracker)) == 7
    bar.search.setText("שגיאה")
    bar.flush()
    bar.clear_button.click()
    assert len(_titles(tracker)) == 7
    assert tracker.count_label.text() == "Showing 7 of 7 items · 2 overdue"


def test_bulk_status_change_confirm_undo_redo(
    tracker: TrackerWindow, stored: PostmortemRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _stored(stored)
    confirm = _patch(monkeypatch, "confirm_bulk", False)
    tracker.filters.select(tracker.filters.status, NOT_CLOSED)
    tracker.select_rows([0, 1, 2])  # a1, c2, a2
    assert [i.item_id for i in tracker.selected_items()] == ["a1", "c2", "a2"]
    assert tracker.status_actions[ActionStatus.DONE].shortcut().toString() == "Ctrl+3"
    tracker.status_actions[ActionStatus.DONE].trigger()
    assert confirm.calls == [("Set the status of 3 items to “Done”?",
                              "You can undo this with Ctrl+Z while the tracker is open.")]
    assert _stored(stored) == before  # declined: nothing written

    confirm.answer = True
    tracker.status_actions[ActionStatus.DONE].trigger()
    after = dict(before)
    after.update({"a1": ("done", "Ana", TODAY), "a2": ("done", "   ", TODAY), "c2": ("done", "Bob", TODAY)})
    assert _stored(stored) == after
    assert (stored.version_of("pm-a"), stored.version_of("pm-b"), stored.version_of("pm-c")) == (2, 1, 2)
    # the done items left the "open or in progress" view
    assert _titles(tracker) == ["Lower TTL to 60 s", "Runbook for resolver failover"]
    assert tracker.count_label.text() == "Showing 2 of 7 items"

    tracker.undo_action.trigger()
    assert _stored(stored) == before
    assert len(_titles(tracker)) == 5
    tracker.redo_action.trigger()
    assert _stored(stored) == after
    assert tracker.undo_stack.undoText() == "Set status to Done"


def test_set_owner_in_bulk_and_spaces_mean_nobody(
    tracker: TrackerWindow, stored: PostmortemRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _patch(monkeypatch, "confirm_bulk", True)
    ask = _patch(monkeypatch, "ask_owner", "  Zoë García ")
    tracker.select_rows([1, 2])  # a1 (Ana), c2 (Bob)
    tracker.owner_action.trigger()
    assert ask.calls == [(2, "")]
    assert [stored.get("pm-a").action_items[0].owner, stored.get("pm-c").action_items[1].owner] == [
        "Zoë García", "Zoë García",
    ]
    ask.answer = "    "
    tracker.select_rows([1])
    tracker.owner_action.trigger()
    assert ask.calls[1] == (1, "Zoë García")
    assert stored.get("pm-a").action_items[0].owner == ""
    assert tracker.proxy.index(1, OWNER).data() == "—"


def test_edit_status_and_owner_in_place(
    tracker: TrackerWindow, stored: PostmortemRepository, qtbot: QtBot,
    edit_cell: Callable[[QAbstractItemView, int, int, str], None],
) -> None:
    view = tracker.view
    index = tracker.proxy.index(2, STATUS)  # c2, open
    view.setCurrentIndex(index)
    view.edit(index)
    combo = next(c for c in view.viewport().findChildren(QComboBox) if c.isVisible())
    combo.setCurrentIndex(combo.findData(ActionStatus.IN_PROGRESS))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert stored.get("pm-c").action_items[1].status is ActionStatus.IN_PROGRESS
    assert stored.get("pm-c").action_items[1].status_changed_on == TODAY
    assert tracker.proxy.index(2, STATUS).data() == "In progress"

    edit_cell(view, 1, OWNER, "   ")  # a1: Ana -> nobody
    assert stored.get("pm-a").action_items[0].owner == ""
    edit_cell(view, 1, OWNER, "Kim")
    assert stored.get("pm-a").action_items[0].owner == "Kim"
    assert [tracker.undo_stack.text(i) for i in range(tracker.undo_stack.count())] == [
        "Change status", "Change owner", "Change owner",
    ]
    tracker.undo_stack.undo()
    tracker.undo_stack.undo()
    assert stored.get("pm-a").action_items[0].owner == "Ana"


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_priority_shows_a_dash_when_unset_but_sorts_and_exports_as_before(
    tracker: TrackerWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    proxy = tracker.proxy
    assert [proxy.index(row, PRIORITY).data() for row in range(proxy.rowCount())] == [
        "—", "P1", "—", "P3", "—", "P0", "—"]
    assert [item.item_id for item in tracker.visible_items()] == ["a3", "a1", "c2", "c1", "a2", "b1", "b2"]
    assert proxy.index(0, PRIORITY).data(SortRole) == 4  # after P0..P3, as before
    tracker.view.sortByColumn(PRIORITY, Qt.SortOrder.DescendingOrder)
    assert [item.item_id for item in tracker.visible_items()][:4] == ["a3", "c2", "a2", "b2"]
    out = tmp_path / "priorities.csv"
    monkeypatch.setattr(TrackerDialogs, "ask_save_path", classmethod(lambda cls, *a: out))
    tracker.view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    tracker.export_action.trigger()
    rows = _read_csv(out)
    assert rows[0][5] == "Priority"
    assert [(r[8], r[5]) for r in rows[1:]] == [
        ("a3", ""), ("a1", "High"), ("c2", ""), ("c1", "Low"), ("a2", ""), ("b1", "Highest"), ("b2", "")]


def test_export_edit_and_reimport_csv(
    tracker: TrackerWindow, stored: PostmortemRepository, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "items.csv"
    monkeypatch.setattr(TrackerDialogs, "ask_save_path", classmethod(lambda cls, *a: out))
    tracker.filters.select(tracker.filters.status, NOT_CLOSED)
    tracker.export_action.trigger()
    rows = _read_csv(out)
    assert rows[0][:5] == ["Summary", "Description", "Assignee", "Due Date", "Status"]
    assert [(r[0], r[2], r[4], r[8], r[9], r[10]) for r in rows[1:]] == [
        ("Add lock_timeout of 5 s", "Ana", "Open", "a1", "Checkout <down> & 決済", "pm-a"),
        ("Autoscale consumers", "Bob", "Open", "c2", "Queue backlog", "pm-c"),
        ("'=HYPERLINK(\"x\")", "", "In progress", "a2", "Checkout <down> & 決済", "pm-a"),
        ("Lower TTL to 60 s", "ana", "Open", "b1", "DNS שגיאה", "pm-b"),
        ("Runbook for resolver failover", "", "Open", "b2", "DNS שגיאה", "pm-b"),
    ]
    assert tracker.statusBar().currentMessage() == "Exported 5 items to items.csv"

    # as a spreadsheet would save it back: two statuses changed, one row added that matches nothing
    rows[1][4] = "Done"
    rows[4][4] = "In Progress"
    rows.append(["Not ours", "", "", "", "Done", "", "Task", "", "zz", "Elsewhere", "pm-zz"])
    edited = tmp_path / "edited.csv"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    edited.write_bytes(buffer.getvalue().encode("utf-8"))
    before = _stored(stored)
    monkeypatch.setattr(TrackerDialogs, "ask_open_csv", classmethod(lambda cls, *a: edited))
    summary = _patch(monkeypatch, "show_import_summary")
    tracker.import_action.trigger()

    expected = dict(before)
    expected["a1"] = ("done", "Ana", TODAY)
    expected["b1"] = ("in_progress", "ana ", TODAY)
    assert _stored(stored) == expected
    assert summary.calls == [(
        "edited.csv: 2 items changed (2 status changes, no owner changes); 3 already up to date.",
        "1 row matched no item and changed nothing (row 7):\n"
        "• Row 7: “Not ours” matches no action item (item 'zz' of postmortem 'pm-zz').",
        True,
    )]
    assert stored.get("pm-a").action_items[1].title == "=HYPERLINK(\"x\")"
    # the import is one undo step
    tracker.undo_action.trigger()
    assert _stored(stored) == before


def test_unchanged_export_reimports_as_no_change(
    tracker: TrackerWindow, stored: PostmortemRepository, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    assert tracker.export_csv(out)
    assert b"'=HYPERLINK(\"\"x\"\")" in out.read_bytes()
    summary = _patch(monkeypatch, "show_import_summary")
    plan = tracker.import_csv(out)
    assert plan is not None and plan.changes == [] and plan.unchanged == 7
    assert summary.calls == [("all.csv: no items changed; 7 already up to date.", "", False)]
    assert [stored.version_of(p) for p in ("pm-a", "pm-b", "pm-c")] == [1, 1, 1]
    assert tracker.undo_stack.count() == 0


def test_unreadable_csv_says_why_and_changes_nothing(
    tracker: TrackerWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Summary,Status\nA,Done\n")
    error = Recorder()
    monkeypatch.setattr(TrackerDialogs, "show_error", classmethod(lambda cls, *a: error(*a)))
    assert tracker.import_csv(bad) is None
    assert error.calls[0][:2] == ("Import failed", "Nothing was changed: bad.csv could not be read.")
    assert error.calls[0][2].startswith("The first row is not a Hindsight action-items header")


def test_a_33_mb_csv_is_refused_at_once_and_bad_rows_are_listed_briefly(
    tracker: TrackerWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    error = Recorder()
    monkeypatch.setattr(TrackerDialogs, "show_error", classmethod(lambda cls, *a: error(*a)))
    assert tracker.import_csv(big) is None
    assert error.calls == [(
        "Import failed", "Nothing was changed: huge.csv could not be read.",
        "The file is 33.0 MB; an action-items CSV can be at most 10 MB. Import only the rows you changed.",
    )]
    monkeypatch.undo()
    bad = tmp_path / "bad rows.csv"
    bad.write_text("Postmortem ID,External ID,Summary,Status\n" + "pm-a,,Fix <&>,Done\n" * 60, encoding="utf-8")
    summary = _patch(monkeypatch, "show_import_summary")
    plan = tracker.import_csv(bad)
    assert plan is not None and len(plan.problems) == 60
    [(text, details, problems)] = summary.calls
    lines = details.split("\n")
    assert (text, problems, len(lines)) == ("bad rows.csv: no items changed.", True, 27)
    assert lines[0] == "60 rows were not applied:"
    assert lines[1] == "• Row 2: “Fix <&>” has no External ID, so it matches no item."
    assert lines[-1] == "… and 35 more"


def test_open_postmortem_from_the_tracker(tracker: TrackerWindow, qtbot: QtBot) -> None:
    tracker.select_rows([5])  # b1
    tracker.activateWindow()
    tracker.view.setFocus()
    qtbot.waitUntil(tracker.view.hasFocus, timeout=2000)
    with qtbot.waitSignal(tracker.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(tracker.view, Qt.Key.Key_Return)
    assert blocker.args == ["pm-b", "b1"]
    rect = tracker.view.visualRect(tracker.proxy.index(0, ITEM))
    viewport = tracker.view.viewport()
    with qtbot.waitSignal(tracker.open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first press
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["pm-a", "a3"]
    # a double-click on the status edits it in place instead of opening
    status = tracker.view.visualRect(tracker.proxy.index(0, STATUS)).center()
    with qtbot.assertNotEmitted(tracker.open_requested):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=status)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=status)
    assert tracker.view.state() == QAbstractItemView.State.EditingState


def test_main_window_tracker_flushes_reloads_and_opens(
    make_window: Callable[..., MainWindow], stored: PostmortemRepository, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch, settings: QSettings,
) -> None:
    window = make_window(stored, autosave_delay_ms=60_000)
    assert window.tracker_action.shortcut().toString() == "Ctrl+Shift+T"
    assert window.open_postmortem("pm-a")
    window.wizard.go_to(Step.ACTION_ITEMS)
    window.document.edit(("title",), "Checkout down (edited)")
    assert window.autosaver.pending  # an edit waiting for the (long) autosave delay

    window.tracker_action.trigger()
    tracker = window._tracker
    assert tracker is not None and tracker.isVisible()
    tracker.today = lambda: TODAY
    tracker.reload()
    _patch(monkeypatch, "confirm_bulk", True)
    keys = [item.key for item in tracker.visible_items()]
    tracker.select_rows([keys.index(("pm-a", "a1"))])
    tracker.status_actions[ActionStatus.WONT_DO].trigger()

    # the pending edit was saved before the write, and the open document now shows the change
    assert stored.get("pm-a").title == "Checkout down (edited)"
    assert window.document.pm.action_items[0].status is ActionStatus.WONT_DO
    assert window.document.version == stored.version_of("pm-a") == 3
    assert window.wizard.current_step is Step.ACTION_ITEMS
    # Ctrl+Z in the tracker undoes the tracker's change (the main window's shortcut does not compete)
    tracker.activateWindow()
    qtbot.waitUntil(tracker.isActiveWindow, timeout=2000)
    qtbot.keyClick(tracker.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored.get("pm-a").action_items[0].status is ActionStatus.OPEN
    assert window.document.pm.action_items[0].status is ActionStatus.OPEN
    assert window.document.version == stored.version_of("pm-a") == 4

    # an edit saved in the main window shows in the tracker when it is next activated
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.document.edit(("title",), "Checkout down (edited twice)")
    assert window.flush_autosave()  # no conflict
    assert stored.get("pm-a").action_items[0].status is ActionStatus.OPEN
    tracker.activateWindow()
    qtbot.waitUntil(lambda: tracker.visible_items()[0].postmortem_title == "Checkout down (edited twice)",
                    timeout=2000)

    # opening an item shows its postmortem on step 6 with the item selected
    tracker.select_rows([keys.index(("pm-c", "c2"))])
    tracker.open_action.trigger()
    assert window.document.pm.id == "pm-c"
    assert window.wizard.current_step is Step.ACTION_ITEMS
    assert window.wizard.actions.selected_item().id == "c2"

    tracker.close()
    assert not settings.value("tracker/geometry").isEmpty()


def test_context_menu_and_actions_follow_the_selection(tracker: TrackerWindow) -> None:
    menu = tracker.context_menu()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "&Open postmortem", "Open &tracker link", "Set &status", "Set &owner…", "&Export CSV…",
    ]
    assert [a.text() for a in tracker.status_menu.actions()] == ["Open", "In progress", "Done", "Won't do"]
    assert not tracker.owner_action.isEnabled() and not tracker.status_button.isEnabled()
    tracker.select_rows([3])
    assert tracker.owner_action.isEnabled() and tracker.open_action.isEnabled()


def test_reload_keeps_filters_and_selection(tracker: TrackerWindow, stored: PostmortemRepository) -> None:
    bar = tracker.filters
    bar.select(bar.owner, "Bob")
    tracker.select_rows([1])  # c2
    pm = stored.get("pm-c")
    pm.action_items.append(ActionItem(id="c3", title="Bob's new item", owner="Bob"))
    stored.save(pm)
    tracker.reload()
    assert bar.owner.currentData() == "Bob"
    assert _titles(tracker) == ["Page on lock waits", "Autoscale consumers", "Bob's new item"]
    assert [i.item_id for i in tracker.selected_items()] == ["c2"]
    assert tracker.count_label.text() == "Showing 3 of 8 items · 1 overdue"


def test_a_tracker_link_opens_in_the_browser(
    tracker: TrackerWindow, stored: PostmortemRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.widgets.links import Links

    opened: list[str] = []
    monkeypatch.setattr(Links, "open", classmethod(lambda cls, url: opened.append(url.toString()) or True))
    pm = stored.get("pm-c")
    pm.action_items[1].tracker_ref = " https://jira.example.com/browse/OPS-9?focus=李 "
    stored.save(pm)
    tracker.reload()
    tracker.select_rows([1])  # a1: "OPS-1", a key, not a link
    assert not tracker.link_action.isEnabled()
    assert tracker.open_tracker_link() is False
    tracker.select_rows([2])  # c2
    assert tracker.link_action.isEnabled()
    tracker.link_action.trigger()
    assert opened == ["https://jira.example.com/browse/OPS-9?focus=李"]


def test_an_empty_list_says_why(tracker: TrackerWindow, qtbot: QtBot) -> None:
    assert tracker.empty_label.isHidden()
    tracker.filters.search.setText("nothing matches this 🔥")
    qtbot.waitUntil(lambda: not tracker.empty_label.isHidden(), timeout=2000)
    assert tracker.empty_label.text() == "No items match these filters. Clear filters shows every item."
    assert tracker.empty_label.geometry() == tracker.view.viewport().rect()
    tracker.filters.clear_button.click()
    qtbot.waitUntil(tracker.empty_label.isHidden, timeout=2000)


def test_a_tracker_over_no_items_says_where_they_come_from(
    qtbot: QtBot, repo: PostmortemRepository, settings: QSettings
) -> None:
    window = TrackerWindow(repo, settings=settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    assert not window.empty_label.isHidden()
    assert window.empty_label.text() == "No action items yet: add them in step 6 of a postmortem."
