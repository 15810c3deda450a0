"""Big-field benchmark: blameless scan, fishbone, editor, search folding and indexing of 1 and 10 MB texts.

    python tests/benchmarks/bench_big_fields.py [--repeat R] [--skip-index]

A 10 MB field comes from an import (a pasted log or stack trace); the editor holds 1 MB.
The coach scans every text for blaming language when a postmortem opens (a text over
1,000,000 characters at its start and end only), the fishbone lays out the start of each
cause's text, a field's editor follows undo and redo by replacing what differs, and every
save re-indexes the texts that changed. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _table import print_table  # the script's own folder is on sys.path

from desktop_app.domain.blameless import find_blame, unscanned
from desktop_app.domain.models import Cause, Narrative, Postmortem
from desktop_app.formats.fishbone_layout import layout_fishbone
from desktop_app.formats.fishbone_measure import pdf_text_width
from desktop_app.storage import search
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

MB = 1_000_000
TRACE = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n    charge() # <&> 例外\n'
LOG = "2024-05-01T12:00:03Z ERROR payment-api: request to the ledger failed after 3 retries (user=42, config=v7)\n"
WORDS = (
    "the database connection pool was exhausted after the deploy and the on-call engineer rolled back the "
    "config change while we paged the team because error rates on checkout rose to forty percent for an hour"
).split()
CJK = "決済サービスの障害が発生しました。原因は設定の変更です。"


def _filled(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _prose(size: int) -> str:
    rng = random.Random(7)
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + ". "
        out.append(sentence)
        length += len(sentence)
    return "".join(out)[:size]


def _timed(step: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        step()
        samples.append(time.perf_counter() - began)
    return samples


def blame_rows(repeat: int) -> list[tuple[str, list[float], str]]:
    rows = []
    for name, text in (("stack trace", _filled(TRACE, 10 * MB)), ("log lines", _filled(LOG, 10 * MB)),
                       ("English prose", _prose(10 * MB))):
        for size in (MB, 10 * MB):
            part = text[:size]
            found = len(find_blame(part))
            skipped = unscanned(part)
            note = f"{found} findings"
            if skipped:
                note += f", {skipped[1] - skipped[0]:,} characters not scanned"
            rows.append((f"find_blame {size // MB} MB {name}", _timed(lambda p=part: find_blame(p), repeat),
                         note))
    return rows


def fishbone_rows(repeat: int) -> list[tuple[str, list[float], str]]:
    layout_fishbone("Effect", ["People"], [], measure=pdf_text_width)  # load the fonts first
    rows = []
    for name, text in (("stack trace", _filled(TRACE, 10 * MB)), ("English prose", _prose(10 * MB))):
        causes = [Cause(id="c", text=text, category="People")]
        rows.append((f"layout a fishbone with a 10 MB {name} cause",
                     _timed(lambda c=causes: layout_fishbone("Effect", ["People"], c, measure=pdf_text_width),
                            repeat), "six lines shown"))
    return rows


def editor_rows(repeat: int) -> list[tuple[str, list[float], str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.widgets.text_edits import PlainTextEdit
    from desktop_app.ui.wizard.bindings import replace_text

    app = QApplication.instance() or QApplication([])
    text = _filled(TRACE, 10 * MB)
    edited = text[: 5 * MB] + "X" + text[5 * MB :]
    edit = PlainTextEdit()
    edit.setPlainText(text)
    rows = []
    flip = [edited, text]

    def reset() -> None:
        flip.reverse()
        edit.setPlainText(flip[0])

    def patch() -> None:
        flip.reverse()
        replace_text(edit, flip[0])

    rows.append(("undo one typed character: whole text reset", _timed(reset, repeat), "as before"))
    rows.append(("undo one typed character: replace_text", _timed(patch, repeat), "the binding now"))
    rows.append(("document change the field already shows",
                 _timed(lambda: replace_text(edit, flip[0]), repeat), "nothing replaced"))
    app.processEvents()
    return rows


def fold_rows(repeat: int) -> list[tuple[str, list[float], str]]:
    rows = []
    for name, text in (("stack trace", _filled(TRACE, 10 * MB)), ("Japanese", _filled(CJK, 10 * MB))):
        for size in (MB, 10 * MB):
            part = text[:size]
            rows.append((f"fold_words {size // MB} MB {name}",
                         _timed(lambda p=part: search.fold_words(p), repeat), ""))
    return rows


def index_rows(repeat: int) -> list[tuple[str, list[float], str]]:
    rows = []
    for name, unit in (("stack trace", TRACE), ("Japanese", CJK)):
        big = _filled(unit, 10 * MB)
        adds: list[float] = []
        saves: list[float] = []
        for n in range(max(1, repeat // 2)):
            with tempfile.TemporaryDirectory() as folder:
                engine = open_database(f"sqlite:///{Path(folder) / 'big.db'}")
                try:
                    repo = PostmortemRepository(engine)
                    pm = Postmortem(id=f"big{n}", title="Big", narrative=Narrative(what_happened=big))
                    began = time.perf_counter()
                    repo.add(pm)
                    adds.append(time.perf_counter() - began)
                    pm.narrative.what_happened = "walrus " + big
                    began = time.perf_counter()
                    repo.save(pm, expected_version=1)
                    saves.append(time.perf_counter() - began)
                    assert [h.postmortem_id for h in search.search(engine, "walrus")] == [pm.id]
                finally:
                    engine.dispose()
        rows.append((f"add a postmortem with a 10 MB {name} field", adds, "store + index"))
        rows.append((f"save an edit at the start of it", saves, "store + re-index"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-index", action="store_true", help="leave out search folding and indexing")
    args = parser.parse_args()
    print_table("Blameless scan (the coach, when a postmortem opens)", blame_rows(args.repeat))
    print_table("Fishbone layout (the canvas, when a postmortem opens)", fishbone_rows(args.repeat))
    print_table("A 10 MB field in its editor (undo, redo, programmatic edits)", editor_rows(args.repeat))
    if not args.skip_index:
        print_table("Search folding (what the word index is given)", fold_rows(args.repeat))
        print_table("Storing and indexing a 10 MB field", index_rows(args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
