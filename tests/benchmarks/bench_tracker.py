"""Follow-up tracker benchmark: 10,000 action items in 1,000 postmortems (run as a script).

    python tests/benchmarks/bench_tracker.py [--postmortems N] [--items-per K] [--repeat R]

One SQLite file in a temporary folder is filled once (through ``repository.add``);
each run then times, on the same database: reading the rows, opening the tracker
window (model fill + show + paint), filtering, sorting, and one bulk status change of
100 items including the write (and its undo). The window is offscreen. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _table import print_table  # noqa: E402  # the script's own folder is on sys.path
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain.models import (  # noqa: E402
    ActionItem,
    ActionKind,
    ActionStatus,
    Postmortem,
    Priority,
    Severity,
)
from desktop_app.storage.action_tracker import list_items  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402
from desktop_app.ui.tracker.dialogs import TrackerDialogs  # noqa: E402
from desktop_app.ui.tracker.filter_bar import NOT_CLOSED  # noqa: E402
from desktop_app.ui.tracker.model import OWNER, PRIORITY  # noqa: E402
from desktop_app.ui.tracker.window import TrackerWindow  # noqa: E402

TODAY = date(2024, 6, 10)
OWNERS = ["Ana García", "Bob", "李雷", "Zoë", "Priya", "Kwame", "Sven", "", "Olu", "Mei"]


def _postmortem(index: int, items: int) -> Postmortem:
    statuses = list(ActionStatus)
    severities = list(Severity)
    kinds = list(ActionKind)
    priorities = [*Priority, None]
    return Postmortem(
        id=f"pm-{index:04d}",
        title=f"Incident {index}: checkout <slow> & retries — 事件 {index}",
        severity=severities[index % len(severities)],
        incident_date=TODAY - timedelta(days=index % 400),
        action_items=[
            ActionItem(
                id=f"a{index:04d}-{n}",
                title=f"Add alert on queue depth > {n * 100} for service {index} (lock waits)",
                description="Measured by the p99 of the consumer lag.",
                kind=kinds[n % len(kinds)],
                owner=OWNERS[(index + n) % len(OWNERS)],
                due_date=TODAY + timedelta(days=(index * 7 + n * 3) % 120 - 60),
                status=statuses[(index + n) % len(statuses)],
                priority=priorities[n % len(priorities)],
                tracker_ref=f"OPS-{index * 10 + n}",
            )
            for n in range(items)
        ],
    )


def _timed(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    QApplication.processEvents()
    return time.perf_counter() - began


def _one_run(repo: PostmortemRepository) -> dict[str, float]:
    timings: dict[str, float] = {}
    timings["load rows (list_items: 2 SELECTs)"] = _timed(lambda: list_items(repo, TODAY))
    window: TrackerWindow | None = None

    def open_window() -> None:
        nonlocal window
        window = TrackerWindow(repo, today=lambda: TODAY)
        window.resize(1400, 900)
        window.show()
        window.view.repaint()

    timings["open tracker (query + model fill + show + paint)"] = _timed(open_window)
    assert window is not None
    bar = window.filters
    timings["reload (F5)"] = _timed(window.reload)
    timings["filter: status open or in progress"] = _timed(lambda: bar.select(bar.status, NOT_CLOSED))
    timings["filter: + owner"] = _timed(lambda: bar.select(bar.owner, "Bob"))
    # typing filters once it pauses (TYPING_PAUSE_MS); timed here is the filtering itself
    timings["filter: + text 'lock waits 12'"] = _timed(lambda: (bar.search.setText("lock waits 12"), bar.flush()))
    timings["filter: overdue only (cleared others)"] = _timed(
        lambda: (bar.clear(), bar.overdue.setChecked(True))
    )
    timings["filter: one postmortem (cleared others)"] = _timed(
        lambda: (bar.clear(), bar.select(bar.postmortem, "pm-0500"))
    )
    timings["filter: severity SEV2 (cleared others)"] = _timed(
        lambda: (bar.clear(), bar.select(bar.severity, "SEV2"))
    )
    timings["filter: due in the next 7 days (cleared others)"] = _timed(
        lambda: (bar.clear(), bar.due_soon.setChecked(True))
    )
    timings["clear filters"] = _timed(bar.clear)
    timings["sort by owner"] = _timed(lambda: window.view.sortByColumn(OWNER, Qt.SortOrder.AscendingOrder))
    timings["sort by priority, descending"] = _timed(
        lambda: window.view.sortByColumn(PRIORITY, Qt.SortOrder.DescendingOrder)
    )
    window.select_rows(list(range(0, 200, 2)))  # 100 items, from many postmortems
    original = TrackerDialogs.confirm_bulk
    TrackerDialogs.confirm_bulk = classmethod(lambda cls, *a: True)  # type: ignore[method-assign]
    try:
        status = ActionStatus.WONT_DO
        timings["bulk status of 100 items (write + view)"] = _timed(lambda: window.set_status_selected(status))
        timings["undo the bulk change"] = _timed(window.undo_stack.undo)
    finally:
        TrackerDialogs.confirm_bulk = original  # type: ignore[method-assign]
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return timings


def main(argv: list[str] | None = None) -> None:
    """Fill a database once, run the benchmark ``--repeat`` times and print a table in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postmortems", type=int, default=1_000)
    parser.add_argument("--items-per", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps the application alive
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            repo = PostmortemRepository(engine)
            began = time.perf_counter()
            for index in range(args.postmortems):
                repo.add(_postmortem(index, args.items_per))
            fill = time.perf_counter() - began
            runs = [_one_run(repo) for _ in range(args.repeat)]
        finally:
            engine.dispose()
    total = args.postmortems * args.items_per
    notes = {
        "load rows (list_items: 2 SELECTs)": f"{total:,} TrackedItem rows",
        "open tracker (query + model fill + show + paint)": "sorted by due date",
        "filter: + text 'lock waits 12'": "after the typing pause",
        "bulk status of 100 items (write + view)": "1 transaction, 100 UPDATEs, versions bumped",
        "undo the bulk change": "writes the earlier states back",
    }
    print(f"(database filled in {fill:.1f} s through repository.add)")
    print_table(
        f"Follow-up tracker: {total:,} action items in {args.postmortems:,} postmortems, offscreen, SQLite file",
        [(step, [run[step] for run in runs], notes.get(step, "")) for step in runs[0]],
    )


if __name__ == "__main__":
    main()
