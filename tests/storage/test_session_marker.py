"""Session markers and the check after an unclean exit, without subprocesses.

A marker of "a process that is gone" is made deterministically: this process's pid with
another kernel start time (what a reused pid looks like), or the pid of a child that exited.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from desktop_app.domain.models import Postmortem
from desktop_app.storage import session_marker
from desktop_app.storage.backups import DatabaseInUse, make_backup, move_aside, restore_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.storage.session_marker import Session, SessionInfo, marker_path
from desktop_app.storage.unclean_exit import NOT_CLOSED, check_after_unclean_exit, format_local


def write_marker(
    db: Path, pid: int, *, process_start: str | None, purpose: str = "window", host: str | None = None
) -> Path:
    path = marker_path(db, pid, host)
    path.write_text(json.dumps({
        "pid": pid, "host": "h", "started": "2024-06-01T09:00:00+00:00",
        "process_start": process_start, "purpose": purpose,
    }), encoding="utf-8")
    return path


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(child.stdout)


def crashed_marker(db: Path) -> Path:
    """A marker left by a process that is gone."""
    return write_marker(db, dead_pid(), process_start="1")


@pytest.fixture
def waiting_child() -> Iterator[subprocess.Popen[bytes]]:
    """A process that runs until the test ends (it waits for its stdin to close)."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        yield child
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def test_a_session_writes_a_private_marker_and_removes_it(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Session(db, "import") as session:
        assert session.path == tmp_path / f"h.db.session-{session_marker.this_host()}-{os.getpid()}"
        assert stat.S_IMODE(session.path.stat().st_mode) == 0o600
        data = json.loads(session.path.read_text(encoding="utf-8"))
        assert (data["pid"], data["purpose"]) == (os.getpid(), "import")
        assert data["process_start"] == session_marker.process_start(os.getpid()) is not None
        [info] = session_marker.sessions(db)
        assert info.is_this_process() and info.is_alive()
        assert session_marker.others_alive(db) == [] and session_marker.stale(db) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_markers_of_gone_reused_live_and_foreign_processes(
    tmp_path: Path, waiting_child: subprocess.Popen[bytes]
) -> None:
    db = tmp_path / "h.db"
    gone = write_marker(db, dead_pid(), process_start=None)
    reused = write_marker(db, os.getppid(), process_start="1")  # that pid runs, but started at another time
    live = write_marker(db, waiting_child.pid, process_start=session_marker.process_start(waiting_child.pid))
    foreign = write_marker(db, 1, process_start="1", host="far-away")
    cut_short = marker_path(db, dead_pid())
    cut_short.write_bytes(b'{"pid": ')  # killed while writing its marker
    (tmp_path / "h.db.session-x").write_text("not ours")
    (tmp_path / "other.db.session-h-1").write_text("another database's")
    assert {s.path for s in session_marker.stale(db)} == {gone, reused, cut_short}
    alive = sorted(session_marker.others_alive(db), key=lambda s: s.pid)
    assert [s.path for s in alive] == [foreign, live]
    assert [s.holder() for s in alive] == [
        "the other Hindsight window (pid 1 on far-away)",
        f"the other Hindsight window (pid {waiting_child.pid})",
    ]
    assert session_marker.clear(session_marker.stale(db)) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [foreign.name, live.name, "h.db.session-x", "other.db.session-h-1"]
    )


def test_a_reused_pid_is_not_mistaken_for_the_process(tmp_path: Path) -> None:
    info = SessionInfo(tmp_path / "m", os.getppid(), session_marker.this_host(), process_start="1")
    assert not info.is_alive()
    same = SessionInfo(tmp_path / "m", os.getppid(), session_marker.this_host(),
                       process_start=session_marker.process_start(os.getppid()))
    assert same.is_alive()


def _db_with(tmp_path: Path, *pms: Postmortem) -> Path:
    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    repo = PostmortemRepository(engine)
    for pm in pms:
        repo.add(pm)
    engine.dispose()
    return db


def test_after_a_clean_exit_nothing_is_reported(tmp_path: Path) -> None:
    db = _db_with(tmp_path, Postmortem(id="a", title="A"))
    with Session(db):
        pass
    engine = open_database(f"sqlite:///{db}")
    try:
        assert check_after_unclean_exit(db, engine) is None
    finally:
        engine.dispose()


def test_after_an_unclean_exit_the_check_reports_the_last_save_and_clears_the_marker(tmp_path: Path) -> None:
    newest = datetime(2024, 6, 1, 14, 2, 33, tzinfo=timezone.utc)
    db = _db_with(
        tmp_path,
        Postmortem(id="a", title="A", updated_at=datetime.fromisoformat("2024-06-01T15:00:00+02:00")),
        Postmortem(id="b", title="B", updated_at=newest),  # later as an instant, earlier as text
        Postmortem(id="c", title="C", updated_at=datetime.fromisoformat("2024-05-31T20:00:00-05:00")),
    )
    marker = crashed_marker(db)
    engine = open_database(f"sqlite:///{db}")
    try:
        report = check_after_unclean_exit(db, engine)
        assert report is not None and report.intact
        assert report.last_saved == newest
        assert report.message == (
            "Hindsight did not close properly last time. Your postmortems were checked and are intact; "
            f"edits up to {newest.astimezone():%Y-%m-%d %H:%M:%S} were kept."
        )
        assert format_local(newest) == f"{newest.astimezone():%Y-%m-%d %H:%M:%S}"
        assert not marker.exists()
        assert check_after_unclean_exit(db, engine) is None  # said once
    finally:
        engine.dispose()


def test_an_empty_database_after_an_unclean_exit(tmp_path: Path) -> None:
    db = _db_with(tmp_path)
    crashed_marker(db)
    engine = open_database(f"sqlite:///{db}")
    try:
        report = check_after_unclean_exit(db, engine)
    finally:
        engine.dispose()
    assert report is not None
    assert report.message == f"{NOT_CLOSED} The database was checked and is intact; it holds no postmortems."


def damage_a_table_page(db: Path) -> None:
    """Overwrite the middle of a page of the timeline table: the file still opens, the check fails."""
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


def test_a_damaged_database_after_an_unclean_exit_keeps_the_marker(tmp_path: Path) -> None:
    db = _db_with(tmp_path, *[Postmortem(id=f"p{i}", title="x") for i in range(3)])
    marker = crashed_marker(db)
    damage_a_table_page(db)
    engine = open_database(f"sqlite:///{db}")
    try:
        report = check_after_unclean_exit(db, engine)
    finally:
        engine.dispose()
    assert report is not None and not report.intact
    assert report.message.startswith(f"{NOT_CLOSED} The check of {db} found damage (")
    assert report.message.endswith("). Restore a backup; the damaged file is kept.")
    assert marker.exists(), "the next start must check again"


def test_restore_is_refused_while_another_process_holds_the_database(tmp_path: Path) -> None:
    db = _db_with(tmp_path, Postmortem(id="a", title="A"))
    backup = make_backup(db).path
    holder = write_marker(db, os.getppid(), process_start=session_marker.process_start(os.getppid()))
    before = db.read_bytes()
    with pytest.raises(DatabaseInUse) as caught:
        restore_backup(backup, db)
    assert str(caught.value) == (
        f"{db} is open in the other Hindsight window (pid {os.getppid()}). Close it first, then restore."
    )
    with pytest.raises(DatabaseInUse):
        move_aside(db)
    assert db.read_bytes() == before
    holder.unlink()
    running = session_marker.process_start(os.getppid())
    command = write_marker(db, os.getppid(), process_start=running, purpose="import")
    with pytest.raises(DatabaseInUse, match=r"is open in the running 'hindsight import' \(pid \d+\)\. "
                       r"Close it first, then restore\.$"):
        restore_backup(backup, db)
    command.unlink()
    stale = crashed_marker(db)
    with Session(db):  # this process's own marker never blocks it
        assert restore_backup(backup, db) is not None
    assert not stale.exists(), "a restore forgets unclean exits of the replaced file"
