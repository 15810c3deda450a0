"""Import of the whole corpus (parse only, and parse + store) and summary PDF export.

Run: ``make bench`` or ``.venv/bin/python tests/benchmarks/bench_import_export.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402

from desktop_app.formats.importer import import_path  # noqa: E402
from desktop_app.formats.pdf_report import render_full_report  # noqa: E402
from desktop_app.formats.pdf_summary import render_summary_pdf  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402

RUNS = 5
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    files = sorted(CORPUS.glob("*.md"))
    parse = [timed(lambda: [import_path(f) for f in files]) for _ in range(RUNS)]

    def parse_and_store() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            repo = PostmortemRepository(open_database(f"sqlite:///{Path(tmp) / 'b.db'}"))
            for f in files:
                repo.add(import_path(f).postmortem)

    store = [timed(parse_and_store) for _ in range(RUNS)]
    results = [import_path(f).postmortem for f in files]
    render_summary_pdf(results[0])  # fonts registered once per process
    slowest = max(results, key=lambda pm: timed(lambda: render_summary_pdf(pm)))
    one_pdf = [timed(lambda: render_summary_pdf(slowest)) for _ in range(RUNS)]
    all_pdf = [timed(lambda: [render_summary_pdf(pm) for pm in results]) for _ in range(RUNS)]
    all_reports = [timed(lambda: [render_full_report(pm) for pm in results]) for _ in range(RUNS)]
    print_table(
        "Import and export",
        [
            (f"parse corpus ({len(files)} Markdown files)", parse, "markdown-it + timestamps"),
            ("parse + store corpus (new SQLite db)", store, "includes migrations"),
            (f"summary PDF, slowest file ({slowest.title[:24]})", one_pdf, "render to bytes"),
            (f"summary PDF, all {len(results)}", all_pdf, "render to bytes"),
            (f"full report PDF, all {len(results)}", all_reports, "render to bytes (multi-pass: contents)"),
        ],
    )


if __name__ == "__main__":
    main()
