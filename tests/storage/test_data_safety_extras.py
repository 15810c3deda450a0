"""Data safety details: a full disk told apart from damage, the rolling backup of a running window,
texts re-indexed just after a save, an empty log never copied, evidence names checked."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from desktop_app.domain.models import Narrative, Postmortem, TimelineEvent
from desktop_app.storage import database, search
from desktop_app.storage.attachments import attachment_problem
from desktop_app.storage.backups import DailyBackups, list_backups, make_backup, restore_backup, set_aside
from desktop_app.storage.database import (
    DamagedDatabaseError,
    DatabaseError,
    DiskFullError,
    format_free,
    io_failure,
    open_database,
    storage_error_message,
)
from desktop_app.storage.repository import PostmortemRepository


def _usage(free: int) -> object:
    return shutil._ntuple_diskusage(1 << 30, (1 << 30) - free, free)  # type: ignore[attr-defined]


# -- a full disk -----------------------------------------------------------------------------------


def test_format_free() -> None:
    assert [format_free(n) for n in (0, 812, 14_541, 3_565_158, 2_254_857_830)] == [
        "0 B", "812 B", "14.2 KB", "3.4 MB", "2.1 GB",
    ]


def test_an_io_error_on_a_nearly_full_disk_is_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    failure = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: _usage(free=12_288))
    found = io_failure(db, failure)
    assert isinstance(found, DiskFullError)
    assert str(found) == (
        f"The disk holding {db} is full (12.0 KB free). Free some space, then try again; the database was left untouched."
    )
    assert storage_error_message(failure, f"sqlite:///{db}") == (
        f"The disk holding {db} is full (12.0 KB free). Free some space; saving is tried again on the next edit."
    )
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: _usage(free=50 << 30))
    other = io_failure(db, failure)
    assert type(other) is DatabaseError and str(other) == (
        f"Reading or writing {db} failed (disk I/O error). Check the disk it is on, then try again; "
        "the file was left untouched."
    )
    assert io_failure(db, sqlite3.DatabaseError("file is not a database")) is None


def test_opening_on_a_full_disk_says_full_not_damaged(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(f"sqlite:///{db_path}").dispose()
    real_connect = sqlite3.connect

    def failing(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        return _Failing(connection)  # type: ignore[return-value]

    class _Failing:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith("SELECT name FROM sqlite_master"):
                raise sqlite3.OperationalError("disk I/O error")
            return self.connection.execute(sql, *args)

        def close(self) -> None:
            self.connection.close()

    monkeypatch.setattr(database.sqlite3, "connect", failing)
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: _usage(free=0))
    with pytest.raises(DiskFullError, match=r"is full \(0 B free\)"):
        open_database(f"sqlite:///{db_path}")


def test_a_damaged_file_is_a_damaged_database_error(tmp_path: Path) -> None:
    bad = tmp_path / "h.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x42" * 3000)
    with pytest.raises(DamagedDatabaseError):
        open_database(f"sqlite:///{bad}")


# -- the rolling backup of a running window --------------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_window_left_open_gets_one_backup_a_day(db_path: Path, engine: Engine) -> None:
    PostmortemRepository(engine).add(Postmortem(id="a", title="x"))
    clock = Clock(datetime(2024, 6, 1, 23, 0))
    schedule = DailyBackups(db_path, clock=clock)
    first = schedule.tick()
    assert first is not None and first.created == datetime(2024, 6, 1, 23, 0)
    clock.now += timedelta(minutes=59)  # still the same day
    assert schedule.tick() is None
    clock.now += timedelta(minutes=2)  # past midnight
    second = schedule.tick()
    assert second is not None and second.created == datetime(2024, 6, 2, 0, 1)
    for day in range(3, 12):
        clock.now = datetime(2024, 6, day, 12, 0)
        schedule.tick()
    assert [b.created.day for b in list_backups(db_path)] == [11, 10, 9, 8, 7, 6, 5]  # the last seven kept
    assert len(schedule.made) == 11


def test_the_schedule_runs_on_its_thread_until_stopped(db_path: Path, engine: Engine) -> None:
    PostmortemRepository(engine).add(Postmortem(id="a", title="x"))
    ticked = threading.Event()
    clock = Clock(datetime(2024, 6, 1, 9, 0))

    class Schedule(DailyBackups):
        def tick(self):  # type: ignore[no-untyped-def]
            made = super().tick()
            if self.made:
                ticked.set()
            return made

    schedule = Schedule(db_path, interval_s=0.01, clock=clock).start()
    assert ticked.wait(30)
    schedule.stop()
    assert [b.created for b in list_backups(db_path)] == [datetime(2024, 6, 1, 9, 0)]


def test_a_failed_scheduled_backup_is_reported(tmp_path: Path) -> None:
    told: list[str] = []
    db = tmp_path / "h.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x42" * 3000)
    assert DailyBackups(db, report=told.append).tick() is None
    assert told == [
        f"no automatic backup was made: {db} is not a Hindsight database: it is not an SQLite file or it is "
        "damaged (file is not a database). The file was left untouched."
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db"]


# -- set aside: an empty log is not copied ---------------------------------------------------------


def test_an_empty_log_is_not_kept_beside_a_damaged_copy(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    PostmortemRepository(engine).add(Postmortem(id="a", title="x"))
    engine.dispose()
    backup = make_backup(db)
    db.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    Path(f"{db}-wal").write_bytes(b"")
    kept = set_aside(db, now=datetime(2024, 6, 1, 9, 0))
    assert kept.read_bytes().startswith(b"SQLite format 3\x00\x13")
    assert not Path(f"{kept}-wal").exists()
    Path(f"{db}-wal").write_bytes(b"log bytes")
    kept2 = set_aside(db, now=datetime(2024, 6, 1, 9, 1))
    assert Path(f"{kept2}-wal").read_bytes() == b"log bytes"
    restore_backup(backup.path, db)


# -- texts re-indexed just after the save ------------------------------------------------------------


def _big(word: str) -> str:
    line = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n'
    return word + " " + line * (search.DEFER_CHARS // len(line) + 10)


def test_a_long_text_is_reindexed_after_the_save_and_found_at_once(
    db_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = PostmortemRepository(engine)
    pm = Postmortem(id="big", title="Big", narrative=Narrative(what_happened=_big("walrus")),
                    timeline=[TimelineEvent(id="e1", description=_big("narwhal"))])
    version = repo.add(pm)  # a new postmortem is indexed in its own transaction
    assert not search.has_pending(engine)
    later: list[object] = []
    monkeypatch.setattr(search, "_index_later", later.append)  # as if the process ended before indexing
    pm.narrative.what_happened = _big("pangolin")
    pm.timeline[0].description = _big("quokka")
    pm.title = "Bigger"
    version = repo.save(pm, expected_version=version)
    assert len(later) == 2 and search.has_pending(engine)
    with engine.connect() as connection:  # the save changed the short title only; the long texts wait
        bodies = {r[0]: r[1][:8] for r in connection.execute(text("SELECT field, body FROM search_rows"))}
    assert bodies == {"title": "Bigger", "narrative.what_happened": "walrus T", "timeline.description": "narwhal "}
    # a search first brings the index up to date: never a stale hit
    assert [h.field for h in search.search(engine, "pangolin")] == ["narrative.what_happened"]
    assert search.search(engine, "walrus") == []
    assert [h.field for h in search.search(engine, "quokka")] == ["timeline.description"]
    assert not search.has_pending(engine)

    # left pending by a crash: the next start (ensure_index) does it
    pm.narrative.what_happened = _big("axolotl")
    repo.save(pm, expected_version=version)
    assert search.has_pending(engine)
    assert search.ensure_index(engine) is False
    assert not search.has_pending(engine)
    with engine.connect() as connection:
        assert connection.execute(
            text("SELECT count(*) FROM search_rows WHERE body LIKE 'axolotl%'")
        ).scalar() == 1
    repo.delete("big")
    assert search.search(engine, "axolotl") == []


def test_the_background_indexer_catches_up(db_path: Path, engine: Engine) -> None:
    repo = PostmortemRepository(engine)
    pm = Postmortem(id="big", title="Big", narrative=Narrative(what_happened=_big("walrus")))
    version = repo.add(pm)
    for word in ("pangolin", "quokka", "okapi"):
        pm.narrative.what_happened = _big(word)
        version = repo.save(pm, expected_version=version)
    search.wait_for_indexing()
    assert not search.has_pending(engine)
    with engine.connect() as connection:
        [body] = connection.execute(text("SELECT body FROM search_rows WHERE field = 'narrative.what_happened'"))
    assert body[0].startswith("okapi ")
    assert [h.postmortem_id for h in search.search(engine, "okapi")] == ["big"]


def test_folding_a_long_text_in_pieces_gives_the_same_result() -> None:
    text_ = ("aZé\u0301 決済サ🙂𝔘 ßİﬁ①\n" * 20_000)[: 3 * search.FOLD_PIECE + 17]
    assert search._folded(text_) == (search.fold_words(text_), search.fold(text_))


# -- evidence file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("logs/db.log", None),
        ("", None),
        ("../secrets.txt", "The evidence file '../secrets.txt' leads out of the attachments folder (it uses '..')."),
        ("/etc/passwd", "The evidence file '/etc/passwd' is an absolute path; only files inside the attachments "
                        "folder can be opened."),
        ("C:\\boot.ini", "The evidence file 'C:\\\\boot.ini' is an absolute path; only files inside the attachments "
                         "folder can be opened."),
        ("~/notes", "The evidence file '~/notes' is an absolute path; only files inside the attachments folder "
                    "can be opened."),
    ],
)
def test_attachment_problem(given: str, problem: str | None) -> None:
    assert attachment_problem(given) == problem
