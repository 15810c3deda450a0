"""Storage benchmark: save, load and re-save a 10,000-event postmortem (run as a script).

    python tests/benchmarks/bench_storage.py [--events N] [--repeat R]

Prints the median and best wall time of each step over R runs, each
on a fresh SQLite file in a temporary folder. Not a pytest test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _table import print_table  # the script's own folder is on sys.path

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository


def _postmortem(events: int) -> Postmortem:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=-8)))
    kinds = list(EventKind)
    return Postmortem(
        id="bench",
        title="Benchmark postmortem",
        timeline=[
            TimelineEvent(
                id=f"event-{index:05d}",
                occurred_at=start + timedelta(seconds=7 * index),
                kind=kinds[index % len(kinds)],
                description=f"Event number {index}: something <happened> & was noted — 事件",
                actor="responder",
                raw_time=f"{index} s",
            )
            for index in range(events)
        ],
    )


def _timed(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    return (time.perf_counter() - began) * 1000.0


def _one_run(folder: Path, events: int) -> dict[str, float]:
    engine = open_database(f"sqlite:///{folder / 'bench.db'}")
    try:
        repo = PostmortemRepository(engine)
        pm = _postmortem(events)
        timings = {"save new": _timed(lambda: repo.add(pm))}
        loaded: list[Postmortem] = []
        timings["load"] = _timed(lambda: loaded.append(repo.get("bench")))
        moved = loaded[0]
        moved.timeline.insert(10, moved.timeline.pop(events // 2))
        timings["re-save, one event moved"] = _timed(lambda: repo.save(moved, expected_version=1))
        moved.timeline[3].description = "edited"
        timings["re-save, one event edited"] = _timed(lambda: repo.save(moved, expected_version=2))
        timings["re-save, nothing changed"] = _timed(lambda: repo.save(moved, expected_version=3))
        moved.timeline[100], moved.timeline[events - 100] = moved.timeline[events - 100], moved.timeline[100]
        timings["re-save, two far events swapped"] = _timed(lambda: repo.save(moved, expected_version=3))
        moved.timeline.insert(events - 1, moved.timeline.pop(1))
        stranger = PostmortemRepository(engine)  # knows nothing stored: reads the rows back
        timings["re-save, one move, fresh repository"] = _timed(lambda: stranger.save(moved, expected_version=4))
        return timings
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table of timings in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(_one_run(Path(folder), args.events))
    notes = {
        "re-save, one event moved": "1 timeline row UPDATE",
        "re-save, nothing changed": "no writes",
        "re-save, two far events swapped": "2 timeline row UPDATEs",
        "re-save, one move, fresh repository": "no remembered state: reads all rows first",
    }
    print_table(
        f"Storage: {args.events:,} timeline events, SQLite file (WAL)",
        [(step, [run[step] / 1000.0 for run in runs], notes.get(step, "")) for step in runs[0]],
    )


if __name__ == "__main__":
    main()
