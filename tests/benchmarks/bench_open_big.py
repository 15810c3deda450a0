"""Open a postmortem with 75,000 timeline events in the main window (run as a script).

    python tests/benchmarks/bench_open_big.py [--events N] [--repeat R] [--blaming-every K]

Each run: a fresh SQLite file holding one postmortem of N events (about 130 characters each,
every K-th one with blaming words), a main window shown offscreen. "open + first paint" is
``open_postmortem`` plus one repaint and one pass of the event loop: how long the window does
not answer. The coach then reviews the timeline in slices; "coach done" is the time until its
findings are listed, and "longest pause while the coach reads" the longest single pass of the
event loop meanwhile. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _table import print_table  # noqa: E402  # the script's own folder is on sys.path
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402

WORDS = (
    "the api pod restarted after deploy on-call engineer noticed error rate spike in checkout "
    "service rollback failed latency alerts database replica lag paged team"
).split()


def _postmortem(events: int, blaming_every: int) -> Postmortem:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc)
    kinds = list(EventKind)
    rng = random.Random(7)
    return Postmortem(
        id="big",
        title="75,000-event import",
        timeline=[
            TimelineEvent(
                occurred_at=None if i % 50 == 0 else start + timedelta(seconds=7 * i),
                kind=kinds[i % len(kinds)],
                actor=f"person{i % 40}",
                description=" ".join(rng.choice(WORDS) for _ in range(14))
                + (" because Zoë forgot the runbook" if i % blaming_every == 0 else "")
                + f" <{i}> & 事件",
            )
            for i in range(events)
        ],
    )


def _one_run(app: QApplication, folder: Path, events: int, blaming_every: int) -> dict[str, float]:
    engine = open_database(f"sqlite:///{folder / 'bench.db'}")
    try:
        repo = PostmortemRepository(engine)
        repo.add(_postmortem(events, blaming_every))
        repo.forget_all()  # as after a restart: nothing remembered of the stored rows
        window = MainWindow(repo, settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        began = time.perf_counter()
        window.open_postmortem("big")
        window.repaint()
        app.processEvents()
        opened = time.perf_counter() - began
        coach = window.wizard.coach
        longest = 0.0
        while coach.pending:
            step = time.perf_counter()
            app.processEvents()
            longest = max(longest, time.perf_counter() - step)
        done = time.perf_counter() - began
        window.close()
        window.deleteLater()
        app.processEvents()
        return {
            "open + first paint": opened,
            "coach done (findings listed)": done,
            "longest pause while the coach reads": longest,
        }
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table of timings in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=75_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--blaming-every", type=int, default=100)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(_one_run(app, Path(folder), args.events, args.blaming_every))  # type: ignore[arg-type]
    notes = {
        "open + first paint": "the window does not answer meanwhile",
        "longest pause while the coach reads": "the last one lists the findings",
    }
    print_table(
        f"Open a postmortem with {args.events:,} events in the main window (1 in {args.blaming_every} blaming), offscreen",
        [(step, [run[step] for run in runs], notes.get(step, "")) for step in runs[0]],
    )


if __name__ == "__main__":
    main()
