"""Fishbone canvas benchmark for 50 and 500 causes (run as a script, offscreen).

    python tests/benchmarks/bench_fishbone_ui.py [--repeat R]

"first render" loads the postmortem into a shown ``FishboneEditor`` (layout, items) and paints
the visible canvas once; "full paint" paints the whole diagram into an image at 100 %;
"re-parent + save" is one drag's worth of work: the undo command, the re-layout and repaint
of the canvas, and saving the postmortem to a SQLite repository. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain.models import Cause, CauseKind, Postmortem  # noqa: E402
from desktop_app.formats.fishbone_layout import DEFAULT_CATEGORIES  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402
from desktop_app.ui.document import PostmortemDocument  # noqa: E402
from desktop_app.ui.fishbone.editor import FishboneEditor  # noqa: E402
from desktop_app.ui.fishbone.export import render_image  # noqa: E402

WORDS = ("database connection timeout retry storm alert pager configuration deploy rollback canary cache DNS "
         "certificate expired quota limit region failover queue backlog runbook on-call review 数据库 <probe> &").split()


def postmortem(count: int) -> Postmortem:
    """A realistic tree: about two thirds top-level causes, the rest sub-causes up to four levels deep."""
    rng = random.Random(count)
    causes: list[Cause] = []
    depth: dict[str, int] = {}
    for index in range(count):
        parents = [c.id for c in causes[-30:] if depth[c.id] < 4]
        parent = rng.choice(parents) if parents and rng.random() < 0.35 else None
        cause_id = f"cause-{index:04d}"
        depth[cause_id] = depth[parent] + 1 if parent else 1
        causes.append(Cause(
            id=cause_id, text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))),
            category=rng.choice(DEFAULT_CATEGORIES), parent_id=parent,
            kind=CauseKind.ROOT_CAUSE if rng.random() < 0.05 else CauseKind.CONTRIBUTING_FACTOR))
    return Postmortem(title=f"Benchmark with {count} causes", causes=causes)


def first_render(app: QApplication, count: int) -> tuple[float, float]:
    doc = PostmortemDocument()
    editor = FishboneEditor(doc)
    editor.resize(1400, 900)
    editor.show()
    app.processEvents()
    pm = postmortem(count)
    began = time.perf_counter()
    doc.load(pm, 1)
    editor.view.viewport().grab()
    elapsed = time.perf_counter() - began
    began = time.perf_counter()
    render_image(pm, 1.0)
    full = time.perf_counter() - began
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return elapsed, full


def reparent_and_save(app: QApplication, count: int, folder: Path, run: int) -> float:
    repo = PostmortemRepository(open_database(f"sqlite:///{folder / f'bench-{count}-{run}.db'}"))
    pm = postmortem(count)
    version = repo.add(pm)
    doc = PostmortemDocument()
    editor = FishboneEditor(doc)
    editor.resize(1400, 900)
    editor.show()
    doc.load(repo.get(pm.id), version)
    app.processEvents()
    tops = [c for c in doc.pm.causes if c.parent_id is None]
    moving, target = tops[len(tops) // 2], tops[-1]
    began = time.perf_counter()
    editor.edits.reparent(moving.id, target.id)
    editor.view.viewport().grab()
    doc.mark_saved(repo.save(doc.pm, expected_version=doc.version))
    elapsed = time.perf_counter() - began
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in (50, 500):
            renders = [first_render(app, count) for _ in range(args.repeat)]
            rows.append((f"first render, {count} causes", [r[0] for r in renders], "load + layout + items + paint"))
            rows.append((f"full paint to image, {count} causes", [r[1] for r in renders], "PNG export path, 1x"))
            saves = [reparent_and_save(app, count, Path(tmp), run) for run in range(args.repeat)]
            rows.append((f"re-parent + save, {count} causes", saves, "command, re-layout, repaint, SQLite save"))
    print_table("Fishbone canvas", rows)


if __name__ == "__main__":
    main()
