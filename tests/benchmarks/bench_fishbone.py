"""Fishbone layout and PDF drawing benchmark for 50 and 500 causes (run as a script).

    python tests/benchmarks/bench_fishbone.py [--repeat R]

"layout, cold widths" clears the text-width caches first (the first layout of a new
diagram's words); "layout, warm" is a re-layout after an edit. "Drawing" builds the
reportlab drawing of a layout; "PDF" builds the whole document (title, legend, diagram,
tiled over pages when one page would make the text unreadable). Not a pytest test.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402

from desktop_app.domain.models import Cause, CauseKind  # noqa: E402
from desktop_app.formats.fishbone_layout import DEFAULT_CATEGORIES, layout_fishbone  # noqa: E402
from desktop_app.formats.fishbone_measure import font_runs, pdf_text_width  # noqa: E402
from desktop_app.formats.pdf_fishbone import fishbone_drawing, render_fishbone_pdf  # noqa: E402
from desktop_app.formats.pdf_fonts import fonts  # noqa: E402

WORDS = (
    "database connection timeout retry storm alert pager configuration deploy rollback canary cache "
    "DNS certificate expired quota limit region failover queue backlog runbook on-call review 数据库 "
    "连接池 <probe> & health-check"
).split()


def _causes(count: int) -> list[Cause]:
    """A realistic tree: two thirds top-level, the rest sub-causes up to four levels deep."""
    rng = random.Random(count)
    causes: list[Cause] = []
    depth: dict[str, int] = {}
    for index in range(count):
        parents = [c.id for c in causes[-30:] if depth[c.id] < 4]
        parent = rng.choice(parents) if parents and rng.random() < 0.35 else None
        cause_id = f"cause-{index:04d}"
        depth[cause_id] = depth[parent] + 1 if parent else 1
        causes.append(
            Cause(id=cause_id, text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 16))),
                  category=rng.choice(DEFAULT_CATEGORIES), parent_id=parent,
                  kind=CauseKind.ROOT_CAUSE if rng.random() < 0.05 else CauseKind.CONTRIBUTING_FACTOR)
        )
    return causes


def _timed(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    return time.perf_counter() - began


def _cold_layout(causes: list[Cause]) -> None:
    pdf_text_width.cache_clear()
    font_runs.cache_clear()
    layout_fishbone("Checkout API returned errors for 27 minutes", DEFAULT_CATEGORIES, causes)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table of timings in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    rows: list[tuple[str, list[float], str]] = []
    rows.append(("register PDF fonts (once per process)", [_timed(fonts)], ""))
    for count in (50, 500):
        causes = _causes(count)
        cold = [_timed(lambda: _cold_layout(causes)) for _ in range(args.repeat)]
        warm = [_timed(lambda: layout_fishbone("Checkout API", DEFAULT_CATEGORIES, causes))
                for _ in range(args.repeat)]
        layout = layout_fishbone("Checkout API", DEFAULT_CATEGORIES, causes)
        drawing = [_timed(lambda: fishbone_drawing(layout)) for _ in range(args.repeat)]
        pdf_bytes = render_fishbone_pdf(layout, title="Benchmark")
        pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
        pdf = [_timed(lambda: render_fishbone_pdf(layout, title="Benchmark")) for _ in range(args.repeat)]
        size = f"{layout.width:,.0f} x {layout.height:,.0f} pt"
        rows += [
            (f"{count} causes: layout, cold widths", cold, size),
            (f"{count} causes: layout, warm (re-layout)", warm, ""),
            (f"{count} causes: reportlab Drawing", drawing,
             f"{len(layout.boxes)} boxes, {len(layout.bones)} bones"),
            (f"{count} causes: PDF document (drawing + build)", pdf, f"{pages} page(s)"),
        ]
    print_table("Fishbone layout and PDF drawing", rows)


if __name__ == "__main__":
    main()
