"""Start-up to the first painted main window, beside a bare PySide6 window for reference.

Each run is a fresh process; the time is from just before the process is spawned
until the child reports its window's first paint event.
Run: ``make bench`` or ``.venv/bin/python tests/benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402

RUNS = 5
CHILD = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
mode, url = sys.argv[1], sys.argv[2]

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

if mode == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
else:
    from desktop_app.app import open_repository
    from desktop_app.ui.main_window import MainWindow
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    window = MainWindow(open_repository(url))
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def _run(mode: str, url: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, url], stdout=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"{mode} window did not paint")
    return elapsed


def main() -> None:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        files = sorted(str(p) for p in corpus.glob("*.md"))
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "import", "--database", url, *files],
            check=True, capture_output=True,
        )
        _run("app", url)  # warm the file cache once
        bare = [_run("bare", url) for _ in range(RUNS)]
        app = [_run("app", url) for _ in range(RUNS)]
    print_table(
        f"Start-up to first paint (platform {os.environ.get('QT_QPA_PLATFORM', 'offscreen')})",
        [
            ("bare PySide6 QMainWindow", bare, "reference"),
            ("Hindsight main window", app, f"library of {len(files)} imported postmortems"),
        ],
    )


if __name__ == "__main__":
    main()
