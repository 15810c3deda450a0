"""Follow-up, end to end: items typed into step 6 of three postmortems, the library's counts, the
tracker's filters, a bulk status change, a CSV export and its re-import, checked against the database."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import ActionStatus, Priority, Severity
from desktop_app.storage.action_tracker import NO_OWNER, NO_SEVERITY
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tracker.dialogs import TrackerDialogs
from desktop_app.ui.tracker.filter_bar import NOT_CLOSED
from desktop_app.ui.wizard.actions_page import DUE, OWNER, PRIORITY, STATUS, TITLE

TODAY = date(2024, 6, 10)  # a Monday; "due in 7 days" runs to 2024-06-17

# Postmortem title, severity, then its items: (title, owner as typed, due as typed, status, priority)
PLAN: list[tuple[str, Severity | None, list[tuple[str, str, str, ActionStatus, Priority | None]]]] = [
    ("Checkout <down> & 決済", Severity.SEV1, [
        ("Add lock_timeout of 5 s to checkout-db", "Ana", "2024-06-01", ActionStatus.OPEN, Priority.P1),
        ('=HYPERLINK("x")', "   ", "14/06/2024", ActionStatus.IN_PROGRESS, None),
        ("Page on p99 > 2 s for checkout-api", "Bob", "2024-05-20", ActionStatus.DONE, Priority.P2),
    ]),
    ("DNS שגיאה", Severity.SEV2, [
        ("Lower the resolver TTL to 60 s", "Ana", "16 Jun 2024", ActionStatus.OPEN, Priority.P0),
        ("Runbook for resolver failover in ops/dns.md", "Zoë García", "2024-07-30", ActionStatus.OPEN, None),
    ]),
    ("Queue backlog", None, [
        ("Alert on orders-queue backlog > 10k", "李雷", "5.6.2024", ActionStatus.OPEN, Priority.P3),
        ("Autoscale orders-worker to 40 pods", "Bob", "2024-08-01", ActionStatus.IN_PROGRESS, None),
    ]),
]


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


def _create(window: MainWindow, edit_cell: Callable[[QAbstractItemView, int, int, str], None],
            type_text: Callable[[QWidget, str], None]) -> list[str]:
    """Type the three postmortems and their action items in the wizard; their ids."""
    ids = []
    for title, severity, items in PLAN:
        window.new_postmortem()
        restoration = window.wizard.restoration
        type_text(restoration.title_edit, title)
        if severity is not None:
            combo = restoration.severity_combo
            combo.setCurrentIndex(combo.findData(severity))
            combo.activated.emit(combo.currentIndex())
        window.wizard.go_to(6)
        page = window.wizard.actions
        page.today = lambda: TODAY
        for row, (text, owner, due, status, priority) in enumerate(items):
            page.editor.add()
            edit_cell(page.view, row, TITLE, text)
            edit_cell(page.view, row, OWNER, owner)
            edit_cell(page.view, row, DUE, due)
            if status is not ActionStatus.OPEN:
                page.model.setData(page.model.index(row, STATUS), status)
            if priority is not None:
                page.model.setData(page.model.index(row, PRIORITY), priority)
        ids.append(window.document.pm.id)
    assert window.flush_autosave()
    return ids


def _stored(repo: PostmortemRepository, ids: list[str]) -> list[tuple[str, str, str, date | None, str, date | None]]:
    """Every stored item: (postmortem title, title, owner, due date, status, status date)."""
    return [
        (pm.title, item.title, item.owner, item.due_date, item.status.value, item.status_changed_on)
        for pm in (repo.get(pm_id) for pm_id in ids)
        for item in pm.action_items
    ]


def _library_counts(window: MainWindow) -> dict[str, str]:
    model = window.library.model
    return {model.index(row, 0).data(): model.index(row, 5).data() for row in range(model.rowCount())}


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_items_across_three_postmortems_filtered_changed_exported_and_reimported(
    window: MainWindow, repo: PostmortemRepository, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    edit_cell: Callable[[QAbstractItemView, int, int, str], None], type_text: Callable[[QWidget, str], None],
) -> None:
    window.today = lambda: TODAY
    ids = _create(window, edit_cell, type_text)
    a, b, c = PLAN[0][0], PLAN[1][0], PLAN[2][0]
    created = [
        (a, "Add lock_timeout of 5 s to checkout-db", "Ana", date(2024, 6, 1), "open", None),
        (a, '=HYPERLINK("x")', "   ", date(2024, 6, 14), "in_progress", TODAY),
        (a, "Page on p99 > 2 s for checkout-api", "Bob", date(2024, 5, 20), "done", TODAY),
        (b, "Lower the resolver TTL to 60 s", "Ana", date(2024, 6, 16), "open", None),
        (b, "Runbook for resolver failover in ops/dns.md", "Zoë García", date(2024, 7, 30), "open", None),
        (c, "Alert on orders-queue backlog > 10k", "李雷", date(2024, 6, 5), "open", None),
        (c, "Autoscale orders-worker to 40 pods", "Bob", date(2024, 8, 1), "in_progress", TODAY),
    ]
    assert _stored(repo, ids) == created
    assert [repo.get(i).severity for i in ids] == [Severity.SEV1, Severity.SEV2, None]
    assert [item.priority for i in ids for item in repo.get(i).action_items] == [
        priority for _t, _s, items in PLAN for *_rest, priority in items
    ]
    window.refresh_library()
    assert _library_counts(window) == {a: "2 open · 1 overdue", b: "2 open", c: "2 open · 1 overdue"}

    tracker = window.show_tracker()
    assert tracker.today() == TODAY
    bar = tracker.filters

    def titles() -> list[str]:
        return [item.title for item in tracker.visible_items()]

    # sorted by due date; each filter on its own
    assert titles() == [
        "Page on p99 > 2 s for checkout-api", "Add lock_timeout of 5 s to checkout-db",
        "Alert on orders-queue backlog > 10k", '=HYPERLINK("x")', "Lower the resolver TTL to 60 s",
        "Runbook for resolver failover in ops/dns.md", "Autoscale orders-worker to 40 pods",
    ]
    assert tracker.count_label.text() == "Showing 7 of 7 items · 2 overdue"
    bar.select(bar.owner, "Ana")
    assert titles() == ["Add lock_timeout of 5 s to checkout-db", "Lower the resolver TTL to 60 s"]
    bar.select(bar.owner, NO_OWNER)  # the owner typed as spaces is nobody
    assert titles() == ['=HYPERLINK("x")']
    bar.select(bar.owner, None)
    bar.select(bar.status, ActionStatus.IN_PROGRESS)
    assert titles() == ['=HYPERLINK("x")', "Autoscale orders-worker to 40 pods"]
    bar.select(bar.status, None)
    bar.select(bar.postmortem, ids[1])
    assert titles() == ["Lower the resolver TTL to 60 s", "Runbook for resolver failover in ops/dns.md"]
    bar.select(bar.postmortem, None)
    bar.select(bar.severity, Severity.SEV1.value)
    assert titles() == [
        "Page on p99 > 2 s for checkout-api", "Add lock_timeout of 5 s to checkout-db", '=HYPERLINK("x")',
    ]
    bar.select(bar.severity, NO_SEVERITY)
    assert titles() == ["Alert on orders-queue backlog > 10k", "Autoscale orders-worker to 40 pods"]
    bar.select(bar.severity, None)
    bar.due_soon.setChecked(True)
    assert titles() == ['=HYPERLINK("x")', "Lower the resolver TTL to 60 s"]
    bar.due_soon.setChecked(False)

    # the overdue items, all selected, set to done in one go
    confirm = _patch(monkeypatch, "confirm_bulk", True)
    bar.overdue.setChecked(True)
    assert titles() == ["Add lock_timeout of 5 s to checkout-db", "Alert on orders-queue backlog > 10k"]
    tracker.view.selectAll()
    tracker.status_actions[ActionStatus.DONE].trigger()
    assert confirm.calls == [("Set the status of 2 items to “Done”?",
                              "You can undo this with Ctrl+Z while the tracker is open.")]
    after_bulk = list(created)
    after_bulk[0] = (a, "Add lock_timeout of 5 s to checkout-db", "Ana", date(2024, 6, 1), "done", TODAY)
    after_bulk[5] = (c, "Alert on orders-queue backlog > 10k", "李雷", date(2024, 6, 5), "done", TODAY)
    assert _stored(repo, ids) == after_bulk
    assert titles() == []
    assert tracker.count_label.text() == "Showing 0 of 7 items"
    assert _library_counts(window) == {a: "1 open", b: "2 open", c: "1 open"}
    bar.clear_button.click()

    # the open items, exported: a formula is neutralised, every script survives
    out = tmp_path / "open items.csv"
    monkeypatch.setattr(TrackerDialogs, "ask_save_path", classmethod(lambda cls, *args: out))
    bar.select(bar.status, NOT_CLOSED)
    tracker.export_action.trigger()
    rows = _read_csv(out)
    assert rows[0] == [
        "Summary", "Description", "Assignee", "Due Date", "Status", "Priority", "Issue Type", "Labels",
        "External ID", "Postmortem", "Postmortem ID",
    ]
    item_ids = {item.title: item.id for pm_id in ids for item in repo.get(pm_id).action_items}
    assert [(r[0], r[2], r[3], r[4], r[5], r[7], r[8], r[9], r[10]) for r in rows[1:]] == [
        ("'=HYPERLINK(\"x\")", "", "2024-06-14", "In progress", "", "postmortem action-other sev1",
         item_ids['=HYPERLINK("x")'], a, ids[0]),
        ("Lower the resolver TTL to 60 s", "Ana", "2024-06-16", "Open", "Highest", "postmortem action-other sev2",
         item_ids["Lower the resolver TTL to 60 s"], b, ids[1]),
        ("Runbook for resolver failover in ops/dns.md", "Zoë García", "2024-07-30", "Open", "",
         "postmortem action-other sev2", item_ids["Runbook for resolver failover in ops/dns.md"], b, ids[1]),
        ("Autoscale orders-worker to 40 pods", "Bob", "2024-08-01", "In progress", "", "postmortem action-other",
         item_ids["Autoscale orders-worker to 40 pods"], c, ids[2]),
    ]
    assert b"'=HYPERLINK(\"\"x\"\")" in out.read_bytes()

    # edited as a spreadsheet would: two statuses and an owner changed, and three rows that match nothing
    rows[1][2] = "Kim"
    rows[2][4] = "Done"
    rows[4][4] = "Closed"
    rows.append(["Not ours", "", "", "", "Done", "", "Task", "", "zz-1", "Elsewhere", "pm-elsewhere"])
    rows.append(["Copied from another file", "", "Ana", "", "Won't do", "", "Task", "", item_ids["Lower the resolver TTL to 60 s"], b, "pm-other"])
    rows.append(["Deleted meanwhile", "", "", "", "Done", "", "Task", "", "gone", a, ids[0]])
    edited = tmp_path / "edited.csv"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    edited.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    monkeypatch.setattr(TrackerDialogs, "ask_open_csv", classmethod(lambda cls, *args: edited))
    summary = _patch(monkeypatch, "show_import_summary")
    tracker.import_action.trigger()

    expected = list(after_bulk)
    expected[1] = (a, '=HYPERLINK("x")', "Kim", date(2024, 6, 14), "in_progress", TODAY)
    expected[3] = (b, "Lower the resolver TTL to 60 s", "Ana", date(2024, 6, 16), "done", TODAY)
    expected[6] = (c, "Autoscale orders-worker to 40 pods", "Bob", date(2024, 8, 1), "done", TODAY)
    assert _stored(repo, ids) == expected
    assert summary.calls == [(
        "edited.csv: 3 items changed (2 status changes, 1 owner change); 1 already up to date.",
        "3 rows matched no item and changed nothing (rows 6, 7 and 8):\n"
        "• Row 6: “Not ours” matches no action item (item 'zz-1' of postmortem 'pm-elsewhere').\n"
        f"• Row 7: “Copied from another file” matches no action item (item "
        f"'{item_ids['Lower the resolver TTL to 60 s']}' of postmortem 'pm-other').\n"
        f"• Row 8: “Deleted meanwhile” matches no action item (item 'gone' of postmortem '{ids[0]}').",
        True,
    )]
    # the stored title keeps its "=": only the CSV cell was neutralised
    assert repo.get(ids[0]).action_items[1].title == '=HYPERLINK("x")'
    assert _library_counts(window) == {a: "1 open", b: "1 open", c: "—"}
    assert tracker.count_label.text() == "Showing 2 of 7 items"

    # the import is one undo step, back to the state after the bulk change
    tracker.undo_action.trigger()
    assert _stored(repo, ids) == after_bulk
    assert _library_counts(window) == {a: "1 open", b: "2 open", c: "1 open"}
