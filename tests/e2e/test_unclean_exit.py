"""The start after a crash, and two instances on one database, with real Hindsight processes.

A real ``python -m desktop_app`` window (offscreen) opens a postmortem, saves an edit and
is killed with SIGKILL: its session marker stays behind. The next start, on the command
line or in the window, checks the database and says that the previous run did not close
properly and up to when edits were kept; a damaged database after such a crash leads to
the restore flow. While a window runs, a second window on the same database is allowed
but a restore is refused, naming the window's pid; once it quits cleanly its marker is gone.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import app as composition
from desktop_app.__main__ import main as cli_main
from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage import session_marker
from desktop_app.storage.backups import list_backups, make_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.storage.unclean_exit import last_saved
from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_dialog import (
    NOTICE_NAME,
    NOTICE_STATUS_MS,
    RecoveryDialogs,
    StartupChoice,
    StartupProblem,
    restore_in_window,
)

EDITED = "Edited just before the crash <&> — 編集 🚨"

CHILD = r"""
import os, sys
from PySide6.QtCore import QSocketNotifier
from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow

db, title = sys.argv[1], sys.argv[2]
real_exec = application._exec

def exec_and_report(app):
    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert window.open_postmortem("a")
    window.document.edit(("title",), title)
    assert window.flush_autosave()
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, window)
    quit_on = ("quit", "")  # "" : the test closed our stdin
    notifier.activated.connect(lambda: window.close() if sys.stdin.readline().strip() in quit_on else None)
    print("ready", os.getpid(), flush=True)
    return real_exec(app)

application._exec = exec_and_report
from desktop_app.__main__ import main
sys.exit(main(["--database", db]))
"""


@dataclass
class Window:
    """A Hindsight window in its own process; ``pid`` once it has saved the edit and waits."""

    proc: subprocess.Popen[str]
    pid: int


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stream = proc.stdout
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in stream], daemon=True).start()
    return lines


def start_window(db: Path) -> Window:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), EDITED], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=db.parent,
    )
    try:
        line = _lines(proc).get(timeout=90)
    except queue.Empty:
        proc.kill()
        raise AssertionError(f"the window did not start: {proc.communicate(timeout=30)[1]}") from None
    kind, pid = line.split(" ")
    assert kind == "ready" and int(pid) == proc.pid
    return Window(proc, proc.pid)


def _store(db: Path, *pms: Postmortem) -> None:
    engine = open_database(f"sqlite:///{db}")
    try:
        for pm in pms:
            PostmortemRepository(engine).add(pm)
    finally:
        engine.dispose()


def _newest_save(db: Path) -> str:
    engine = open_database(f"sqlite:///{db}")
    try:
        newest = last_saved(engine)
    finally:
        engine.dispose()
    assert newest is not None
    return f"{newest.astimezone():%Y-%m-%d %H:%M:%S}"


def _notice(db: Path) -> str:
    return (
        "Hindsight did not close properly last time. Your postmortems were checked and are intact; "
        f"edits up to {_newest_save(db)} were kept."
    )


def _markers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".session-" in p.name)


@pytest.fixture(scope="module")
def crash_scene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as a killed window left it: the database, its WAL and the window's stale marker."""
    folder = tmp_path_factory.mktemp("crash")
    db = folder / "h.db"
    _store(db, Postmortem(id="a", title="Before", timeline=[TimelineEvent(id="e1", description="kept")]),
           Postmortem(id="b", title="Other"))
    window = start_window(db)
    window.proc.send_signal(signal.SIGKILL)
    window.proc.communicate(timeout=30)
    assert window.proc.returncode == -signal.SIGKILL
    assert _markers(folder) == [f"h.db.session-{session_marker.this_host()}-{window.pid}"]
    return folder


def _copy_scene(scene: Path, target: Path) -> Path:
    """A copy of the crash scene (one kill serves the command-line and the window start)."""
    for entry in scene.iterdir():
        if entry.is_file():
            shutil.copy2(entry, target / entry.name)
    return target / "h.db"


def test_the_next_command_line_start_says_what_was_kept(crash_scene: Path, tmp_path: Path) -> None:
    db = _copy_scene(crash_scene, tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.run(
        [sys.executable, "-m", "desktop_app", "list", "--database", str(db)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, check=False,
    )
    assert first.returncode == 0, first.stderr
    assert first.stderr == _notice(db) + "\n"
    assert sorted(line.split("\t")[-1] for line in first.stdout.splitlines()) == [EDITED, "Other"]
    assert _markers(tmp_path) == []
    again = subprocess.run(
        [sys.executable, "-m", "desktop_app", "list", "--database", str(db)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, check=False,
    )
    assert (again.returncode, again.stderr) == (0, "")  # said once


def _run_window_in_process(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Path, during: Callable[[MainWindow], None]
) -> list[MainWindow]:
    """``hindsight --database DB`` in this process; ``during`` runs while the window is up, then it closes."""
    shown: list[MainWindow] = []

    def fake_exec(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.addWidget(window)
        shown.append(window)
        during(window)
        window.close()
        return 0

    monkeypatch.setattr(application, "_exec", fake_exec)
    monkeypatch.setattr(application, "_application", lambda argv: QApplication.instance())
    assert composition.run_gui(str(db)) == 0
    return shown


def test_the_next_window_shows_a_notice_that_does_not_block(
    crash_scene: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _copy_scene(crash_scene, tmp_path)
    expected = _notice(db)
    seen: list[tuple[str, str, bool, bool, str]] = []

    def look(window: MainWindow) -> None:
        box = window.findChild(QMessageBox, NOTICE_NAME)
        assert isinstance(box, QMessageBox)
        qtbot.waitExposed(box)
        loaded = window.document.pm.title if window.document.is_loaded else ""
        seen.append((window.statusBar().currentMessage(), box.text(), box.isModal(),
                     QApplication.activeModalWidget() is None, loaded))
        assert window.open_postmortem("a")  # the window is usable while the notice is up

    shown = _run_window_in_process(qtbot, monkeypatch, db, look)
    assert len(shown) == 1
    assert seen == [(expected, expected, False, True, "")]
    assert NOTICE_STATUS_MS == 60_000
    assert capsys.readouterr().err == expected + "\n"
    assert _markers(tmp_path) == []  # the stale marker was cleared, and this run's own removed on quit


def damage_a_table_page(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'timeline_events'"
        ).fetchone()[0]
    connection.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * 200)


def test_a_damaged_database_after_the_crash_offers_the_restore(
    crash_scene: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _copy_scene(crash_scene, tmp_path)
    backup = make_backup(db, now=datetime(2024, 6, 1, 9, 30))
    damage_a_table_page(db)
    [stale] = _markers(tmp_path)

    # the command line refuses, names the damage and the way out, and changes nothing
    damaged = db.read_bytes()
    assert cli_main(["list", "--database", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"hindsight: error: Hindsight did not close properly last time. The check of {db} found damage ("
    )
    assert err.endswith(
        "). Restore a backup; the damaged file is kept. Use --database to open another file, or "
        "'hindsight restore' to restore a backup: 'hindsight backups' lists its 1 backup; "
        "'hindsight restore N' goes back to backup number N.\n"
    )
    assert db.read_bytes() == damaged and _markers(tmp_path) == [stale]

    # the window offers the restore flow; after it the restored database opens without a notice
    asked: list[tuple[str, bool, bool]] = []
    told: list[str] = []
    def startup_choice(cls: object, problem: StartupProblem) -> StartupChoice:
        asked.append((problem.message, problem.can_restore, problem.can_start_new))
        return StartupChoice.RESTORE

    monkeypatch.setattr(RecoveryDialogs, "startup_choice", classmethod(startup_choice))
    monkeypatch.setattr(RecoveryDialogs, "choose_backup", classmethod(lambda cls, parent, backups: backups[0]))
    monkeypatch.setattr(
        RecoveryDialogs, "inform", classmethod(lambda cls, parent, text, details="": told.append(text))
    )
    notices: list[object] = []
    shown = _run_window_in_process(
        qtbot, monkeypatch, db, lambda w: notices.append(w.findChild(QMessageBox, NOTICE_NAME))
    )
    [(message, can_restore, can_start_new)] = asked
    assert message.startswith(f"Hindsight did not close properly last time. The check of {db} found damage (")
    assert (can_restore, can_start_new) == (True, True)
    assert told == [f"Restored the backup of {backup.when()}."]
    assert notices == [None]
    # the backup was made after the crash, so it holds the edit
    assert sorted(s.title for s in shown[0].repository.list_summaries()) == [EDITED, "Other"]
    assert _markers(tmp_path) == []
    [kept] = [b for b in list_backups(db) if b.kind == "before-restore"]
    assert kept.path.read_bytes() == damaged


@pytest.fixture
def running_window(tmp_path: Path) -> Iterator[Window]:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="Before"))
    make_backup(db, now=datetime(2024, 6, 1, 9, 30))
    window = start_window(db)
    try:
        yield window
    finally:
        if window.proc.poll() is None:
            window.proc.kill()
            window.proc.communicate(timeout=30)


def test_a_second_window_is_allowed_but_a_restore_waits_for_the_first(
    running_window: Window, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "h.db"
    refusal = (
        f"{db} is open in the other Hindsight window (pid {running_window.pid}). Close it first, then restore."
    )
    errors: list[str] = []
    monkeypatch.setattr(RecoveryDialogs, "error", classmethod(
        lambda cls, parent, text, details="": errors.append(f"{text} | {details}")))
    monkeypatch.setattr(RecoveryDialogs, "choose_backup", classmethod(
        lambda cls, parent, backups: pytest.fail("the backup chooser must not open")))
    titles: list[list[str]] = []
    restored: list[bool] = []

    def second_window(window: MainWindow) -> None:
        titles.append(sorted(s.title for s in window.repository.list_summaries()))
        assert len(session_marker.sessions(db)) == 2  # both windows hold the database
        restored.append(restore_in_window(window))

    _run_window_in_process(qtbot, monkeypatch, db, second_window)
    assert titles == [[EDITED]] and restored == [False]
    assert errors == [f"The backup cannot be restored now. | {refusal}"]
    assert capsys.readouterr().err == ""  # a live window is no crash: no notice

    before = db.read_bytes()
    assert cli_main(["restore", "1", "--yes", "--database", str(db)]) == 2
    assert capsys.readouterr().err == f"hindsight: error: {refusal}\n"
    assert db.read_bytes() == before

    # the first window quits cleanly: its marker goes, and the restore goes through
    assert running_window.proc.stdin is not None
    running_window.proc.stdin.write("quit\n")
    running_window.proc.stdin.flush()
    _out, err = running_window.proc.communicate(timeout=60)
    assert running_window.proc.returncode == 0, err
    assert _markers(tmp_path) == []
    assert cli_main(["restore", "1", "--yes", "--database", str(db)]) == 0
    assert capsys.readouterr().out == f"{db}\n"
