"""Reading 10,000 lines of raw material into timeline candidates, per format; adding them as one undo step.

Run: ``.venv/bin/python tests/benchmarks/bench_raw_timeline.py``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table

from desktop_app.formats.raw_timeline import (
    default_roles,
    event_kind,
    parse_raw,
    replace_names,
    to_events,
)

RUNS = 5
LINES = 10_000
NAMES = ["alice", "bob", "carol", "dave", "李雷", "سارة"]


def _clock(i: int) -> str:
    return f"{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}"


def samples() -> dict[str, str]:
    chat = "\n".join(
        f"[{_clock(i * 7)[:5]}] {NAMES[i % 6]}: message {i} about the checkout errors, see dashboard"
        + ("\n  a continuation line" if i % 10 == 0 else "")
        for i in range(LINES)
    )
    iso = "\n".join(
        f"2024-05-01T{_clock(i)}.{i % 1000:03d}Z INFO api request {i} took {i % 97} ms" for i in range(LINES)
    )
    syslog = "\n".join(
        f"May  1 {_clock(i)} web{i % 4} nginx[{1000 + i}]: upstream timed out ({i})" for i in range(LINES)
    )
    csv_text = "\ufefftimestamp,user,message\n" + "\n".join(
        f'2024-05-01 {_clock(i)},{NAMES[i % 6]},"event {i}, with a comma"' for i in range(LINES)
    )
    slack = json.dumps(
        [
            {
                "ts": f"{1714550400 + i * 5}.000100",
                "user": f"U{i % 6}",
                "text": f"msg {i} <@U{(i + 1) % 6}> <https://x.example/{i}|link>",
                "user_profile": {"real_name": NAMES[i % 6]},
            }
            for i in range(LINES)
        ]
    )
    text = "\n".join(
        f"{_clock(i * 8)[:5]} Observation number {i} while the incident went on" for i in range(LINES)
    )
    return {
        "chat": chat,
        "log (ISO 8601)": iso,
        "log (syslog)": syslog,
        "csv": csv_text,
        "slack-json": slack,
        "text": text,
    }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def window_rows(app: object, events: list) -> tuple[str, list[float], str]:
    """Adding the events with the main window open on step 5 (timeline editor, derived figures)."""
    import tempfile

    from PySide6.QtCore import QSettings

    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository
    from desktop_app.ui.gather.timeline_insert import add_events_in_time_order
    from desktop_app.ui.main_window import MainWindow

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        repo = PostmortemRepository(open_database(f"sqlite:///{Path(tmp) / 'b.db'}"))
        window = MainWindow(repo, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        for _ in range(3):
            window.new_postmortem()
            window.wizard.go_to(5)
            start = time.perf_counter()
            add_events_in_time_order(window.document, events, text="bench")
            app.processEvents()  # type: ignore[attr-defined]
            runs.append(time.perf_counter() - start)
        window.autosaver.cancel()
        window.document.set_dirty(False)
        window.close()
    return ("add 10,000 events, main window on step 5", runs, "timeline editor attached")


def main() -> None:
    rows = []
    parsed = {}
    for name, text in samples().items():

        def run(text: str = text) -> object:
            return parse_raw(text, source="bench", zone="Europe/Berlin", default_date=date(2024, 5, 1))

        result = run()
        parsed[name] = result
        runs = [timed(run) for _ in range(RUNS)]
        rows.append(
            (
                f"parse_raw {name}, {LINES} items",
                runs,
                f"format={result.format}, {len(result.candidates)} candidates, {result.unreadable} unreadable",
            )
        )
    chat = parsed["chat"].candidates
    rows.append(
        (
            "replace_names 10,000 chat candidates",
            [timed(lambda: replace_names(chat, default_roles(chat))) for _ in range(RUNS)],
            "6 names",
        )
    )
    rows.append(
        (
            "to_events 10,000 candidates",
            [timed(lambda: to_events(chat, event_kind("chat"))) for _ in range(RUNS)],
            "pydantic validation",
        )
    )

    from PySide6.QtWidgets import QApplication

    from desktop_app.domain.models import Postmortem
    from desktop_app.ui.document import PostmortemDocument
    from desktop_app.ui.gather.timeline_insert import add_events_in_time_order

    app = QApplication.instance() or QApplication([])
    events = to_events(chat, event_kind("chat"))
    insert_runs = []
    undo_runs = []
    for _ in range(3):
        doc = PostmortemDocument()
        doc.load(Postmortem(time_zone="Europe/Berlin"), 1)
        insert_runs.append(timed(lambda doc=doc: add_events_in_time_order(doc, events, text="bench")))
        undo_runs.append(timed(doc.undo_stack.undo))
    rows.append(("add 10,000 events as one undo step", insert_runs, "document only, no view"))
    rows.append(("undo that step", undo_runs, "document only, no view"))
    rows.append(window_rows(app, events))
    print_table("Timeline from raw material (10,000 lines)", rows)


if __name__ == "__main__":
    main()
