"""Timeline editor benchmark: open, move, undo and sort a 10,000-event timeline (run as a script).

    python tests/benchmarks/bench_timeline.py [--events N] [--repeat R]

Each run: a fresh SQLite file; the editor is shown offscreen. "move + save" is one
drag-equivalent move through the model (one undo command) plus ``repository.save``.
Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _table import print_table  # noqa: E402  # the script's own folder is on sys.path
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain.models import EventKind, Postmortem, TimelineEvent  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402
from desktop_app.ui.document import PostmortemDocument  # noqa: E402
from desktop_app.ui.timeline.editor import TimelineEditor  # noqa: E402


def _postmortem(events: int) -> Postmortem:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc)
    kinds = list(EventKind)
    rng = random.Random(7)
    minutes = list(range(events))
    for _ in range(events // 20):  # 5 % of the events out of time order
        i, j = rng.randrange(events), rng.randrange(events)
        minutes[i], minutes[j] = minutes[j], minutes[i]
    return Postmortem(
        id="bench",
        title="Timeline benchmark",
        timeline=[
            TimelineEvent(
                id=f"event-{index:05d}",
                occurred_at=None if index % 50 == 0 else start + timedelta(minutes=minutes[index]),
                kind=kinds[index % len(kinds)],
                description=f"Event {index}: something <happened> & was noted — 事件",
                actor="responder",
            )
            for index in range(events)
        ],
    )


def _timed(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    QApplication.processEvents()
    return time.perf_counter() - began


def _one_run(app: QApplication, folder: Path, events: int) -> dict[str, float]:
    engine = open_database(f"sqlite:///{folder / 'bench.db'}")
    try:
        repo = PostmortemRepository(engine)
        repo.add(_postmortem(events))
        pm, version = repo.get_with_version("bench")
        doc = PostmortemDocument()
        editor = TimelineEditor(doc)
        editor.resize(1200, 800)
        timings: dict[str, float] = {}

        def open_editor() -> None:
            doc.load(pm, version)
            editor.show()
            editor.view.repaint()

        timings["open editor (reset + show + paint)"] = _timed(open_editor)
        model = editor.model
        data = model.mimeData([model.index(events // 2, 0)])

        def move_and_save() -> None:
            model.dropMimeData(data, Qt.DropAction.MoveAction, 10, 0, QModelIndex())
            doc.mark_saved(repo.save(doc.pm, expected_version=doc.version))

        timings["move 1 event (drop) + repository.save"] = _timed(move_and_save)
        again = model.mimeData([model.index(events // 2 + 1, 0)])
        timings["  of which: move 1 event (drop), repaint"] = _timed(
            lambda: model.dropMimeData(again, Qt.DropAction.MoveAction, 20, 0, QModelIndex()))
        timings["  of which: repository.save"] = _timed(
            lambda: doc.mark_saved(repo.save(doc.pm, expected_version=doc.version)))
        doc.undo_stack.undo()
        timings["undo the move"] = _timed(doc.undo_stack.undo)
        timings["undo + repository.save"] = _timed(
            lambda: (doc.undo_stack.redo(), doc.undo_stack.undo(),
                     doc.mark_saved(repo.save(doc.pm, expected_version=doc.version)))
        )
        timings["Alt+Down on 1 event"] = _timed(lambda: model.step_rows([events // 3], 1))
        timings["sort by time (one command)"] = _timed(editor.sort_by_time)
        timings["sort + repository.save"] = _timed(
            lambda: (doc.undo_stack.undo(), editor.sort_by_time(),
                     doc.mark_saved(repo.save(doc.pm, expected_version=doc.version)))
        )
        timings["undo the sort"] = _timed(doc.undo_stack.undo)

        def search(text: str) -> None:
            editor.search_edit.setText(text)
            editor.search_edit.returnPressed.emit()  # what the pause after typing triggers

        timings["search 'event 5' (first search)"] = _timed(lambda: search("event 5"))
        timings["refine to 'event 52' (texts cached)"] = _timed(lambda: search("event 52"))
        timings["clear the search"] = _timed(lambda: search(""))
        editor.close()
        editor.deleteLater()
        return timings
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table of timings in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(_one_run(app, Path(folder), args.events))  # type: ignore[arg-type]
    notes = {
        "move 1 event (drop) + repository.save": "1 undo step; 1 timeline row UPDATE",
        "sort by time (one command)": "layoutChanged, selection kept",
        "sort + repository.save": "includes undo of the previous sort",
        "undo + repository.save": "includes a redo",
    }
    print_table(
        f"Timeline editor: {args.events:,} events, offscreen, SQLite file",
        [(step, [run[step] for run in runs], notes.get(step, "")) for step in runs[0]],
    )


if __name__ == "__main__":
    main()
