"""Long-paste benchmark: pasting and typing in a narrative field holding one huge unbroken line.

    python tests/benchmarks/bench_long_pastes.py [--repeat R]

A minified JSON blob or a base64 dump pasted into the summary is one "word" that Qt cannot
wrap at word boundaries; the field switches to wrapping anywhere for such lines (a bare
QPlainTextEdit took 3.8 s to paste 200,000 such characters and 1.6 s per key press).
Times are CPU seconds of this process, offscreen. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _table import print_table  # noqa: E402  (the script's own folder is on sys.path)
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.ui.widgets.text_edits import PlainTextEdit  # noqa: E402

MINIFIED = '{"k":"<&>","v":[1,2,3],"s":"例外"},'


def _minified(size: int) -> str:
    return (MINIFIED * (size // len(MINIFIED) + 1))[:size]


def _cpu(step) -> float:
    began = time.process_time()
    step()
    QApplication.processEvents()
    return time.process_time() - began


def _key(edit: PlainTextEdit, char: str) -> None:
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(edit, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = []
    for size in (200_000, 1_000_000):
        text = _minified(size)
        pastes, keys, loads = [], [], []
        for _ in range(args.repeat):
            edit = PlainTextEdit()
            edit.resize(900, 400)
            edit.show()
            app.clipboard().setText(text)
            pastes.append(_cpu(edit.paste))
            keys.append(_cpu(lambda: _key(edit, "x")))
            loads.append(_cpu(lambda: edit.setPlainText(text)))
            edit.close()
            edit.deleteLater()
            QApplication.processEvents()
        rows += [
            (f"paste {size:,} chars on one line", pastes, "Ctrl+V into an empty field"),
            ("one key press after it", keys, "typing at the end of that line"),
            (f"load {size:,} chars (open, undo)", loads, "setPlainText"),
        ]
    print_table("Long pastes in a narrative field (CPU time, offscreen)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
