"""Backups: online copies while writing, the rolling daily schedule, listing and restore."""

from __future__ import annotations

import re
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop_app.domain.models import Postmortem
from desktop_app.storage import backups
from desktop_app.storage.backups import (
    BackupError,
    auto_backup,
    check_integrity,
    list_backups,
    make_backup,
    move_aside,
    restore_backup,
)
from desktop_app.storage.database import backup_database, database_file, open_database
from desktop_app.storage.repository import PostmortemRepository


def _titles(url: str) -> list[str]:
    engine = open_database(url)
    try:
        return sorted(s.title for s in PostmortemRepository(engine).list_summaries())
    finally:
        engine.dispose()


def test_a_backup_holds_what_is_committed_in_the_wal(db_path: Path, engine: Engine, maximal: Postmortem) -> None:
    PostmortemRepository(engine).add(maximal)  # still in the WAL: the engine is open
    made = make_backup(db_path, now=datetime(2024, 5, 1, 10, 15, 30))
    assert made.path == db_path.parent / "backups" / "hindsight.db.20240501-101530.manual.bak"
    assert (made.kind, made.created, made.size) == ("manual", datetime(2024, 5, 1, 10, 15, 30), made.path.stat().st_size)
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
    assert check_integrity(made.path) == "ok"
    assert not Path(f"{made.path}-wal").exists()
    copy = open_database(f"sqlite:///{made.path}")
    try:
        assert PostmortemRepository(copy).get(maximal.id) == PostmortemRepository(engine).get(maximal.id)
    finally:
        copy.dispose()


def test_two_backups_in_one_second_get_distinct_names(db_path: Path, engine: Engine) -> None:
    now = datetime(2024, 5, 1, 10, 0, 0)
    first, second = make_backup(db_path, now=now), make_backup(db_path, now=now)
    assert [first.path.name, second.path.name] == [
        "hindsight.db.20240501-100000.manual.bak",
        "hindsight.db.20240501-100000.manual-2.bak",
    ]
    assert [b.path for b in list_backups(db_path)] == [second.path, first.path]


def test_daily_schedule_makes_one_a_day_and_keeps_seven(db_path: Path, engine: Engine) -> None:
    PostmortemRepository(engine).add(Postmortem(id="pm", title="kept"))
    made = [auto_backup(db_path, datetime(2024, 5, day, 9, 0)) for day in range(1, 11)]
    again = auto_backup(db_path, datetime(2024, 5, 10, 18, 0))
    manual = make_backup(db_path, now=datetime(2024, 4, 1, 8, 0))
    migration = backup_database(db_path, "0003")
    assert all(b is not None for b in made)
    assert again is None
    listed = list_backups(db_path)
    daily = [b.created.day for b in listed if b.kind == "daily"]
    assert daily == [10, 9, 8, 7, 6, 5, 4]
    assert manual in listed
    assert [(b.kind, b.label, b.path) for b in listed if b.kind == "before-migration"] == [
        ("before-migration", "0003", migration)
    ]
    assert len(listed) == 9


def test_auto_backup_of_a_missing_database_does_nothing(tmp_path: Path) -> None:
    assert auto_backup(tmp_path / "none.db") is None
    assert not (tmp_path / "backups").exists()


def test_list_ignores_other_files_and_other_databases(db_path: Path, engine: Engine) -> None:
    folder = db_path.parent / "backups"
    made = make_backup(db_path, now=datetime(2024, 1, 2, 3, 4, 5))
    (folder / "other.db.20240102-030405.manual.bak").write_bytes(b"x")
    (folder / "notes.txt").write_text("hi")
    (db_path.parent / "hindsight.db.before-0002.bak.txt").write_text("no")
    assert list_backups(db_path) == [made]
    assert made.describe() == f"2024-01-02 03:04  Manual  {backups.format_size(made.size)}"
    assert made.when() == "Tuesday 2 January 2024, 03:04"


def test_format_size() -> None:
    assert [backups.format_size(n) for n in (812, 14_540, 3_565_158)] == ["812 B", "14.2 KB", "3.4 MB"]


def test_restore_brings_back_the_backup_and_keeps_the_current(db_path: Path, db_url: str) -> None:
    engine = open_database(db_url)
    repo = PostmortemRepository(engine)
    repo.add(Postmortem(id="a", title="Before <the> backup — قبل"))
    made = make_backup(db_path, now=datetime(2024, 5, 1, 9, 0))
    repo.add(Postmortem(id="b", title="After the backup"))
    engine.dispose()
    kept = restore_backup(made.path, db_path, now=datetime(2024, 5, 2, 9, 0))
    assert kept == db_path.parent / "backups" / "hindsight.db.20240502-090000.before-restore.bak"
    assert _titles(db_url) == ["Before <the> backup — قبل"]
    assert _titles(f"sqlite:///{kept}") == ["After the backup", "Before <the> backup — قبل"]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert [b.kind for b in list_backups(db_path)] == ["before-restore", "manual"]


def test_restore_over_a_damaged_file_keeps_its_bytes(db_path: Path, db_url: str) -> None:
    engine = open_database(db_url)
    PostmortemRepository(engine).add(Postmortem(id="a", title="good"))
    engine.dispose()
    made = make_backup(db_path, now=datetime(2024, 5, 1, 9, 0))
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 8
    db_path.write_bytes(damaged)
    kept = restore_backup(made.path, db_path, now=datetime(2024, 5, 3, 9, 0))
    assert kept is not None and kept.read_bytes() == damaged
    assert _titles(db_url) == ["good"]


def test_restore_when_the_database_is_gone(db_path: Path, db_url: str) -> None:
    engine = open_database(db_url)
    PostmortemRepository(engine).add(Postmortem(id="a", title="good"))
    engine.dispose()
    made = make_backup(db_path)
    for path in db_path.parent.glob("hindsight.db*"):
        path.unlink()
    assert restore_backup(made.path, db_path) is None
    assert _titles(db_url) == ["good"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"SQLite format 3\x00" + b"\x00" * 100, "damaged"),
        (b"plain text, not a database", "damaged (not an SQLite database)"),
    ],
)
def test_a_damaged_backup_is_not_restored(db_path: Path, engine: Engine, content: bytes, message: str) -> None:
    bad = db_path.parent / "bad.bak"
    bad.write_bytes(content)
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match=re.escape(f"The backup {bad} cannot be restored: it is {message}")):
        restore_backup(bad, db_path)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


def test_another_programs_database_is_not_restored(db_path: Path, engine: Engine, tmp_path: Path) -> None:
    other = tmp_path / "songs.bak"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    with pytest.raises(BackupError, match=f"{other} is not a backup of a Hindsight database"):
        restore_backup(other, db_path)


def test_backing_up_a_missing_database_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"There is no database at .*missing\.db to back up"):
        make_backup(tmp_path / "missing.db")


def test_move_aside_renames_and_never_deletes(tmp_path: Path) -> None:
    path = tmp_path / "hindsight.db"
    path.write_bytes(b"garbage")
    Path(f"{path}-wal").write_bytes(b"wal")
    moved = move_aside(path, datetime(2024, 5, 1, 12, 0, 0))
    again = tmp_path / "hindsight.db"
    again.write_bytes(b"more garbage")
    moved_again = move_aside(again, datetime(2024, 5, 1, 12, 0, 0))
    assert moved.name == "hindsight.db.damaged-20240501-120000"
    assert moved_again.name == "hindsight.db.damaged-20240501-120000-2"
    assert moved.read_bytes() == b"garbage"
    assert Path(f"{moved}-wal").read_bytes() == b"wal"
    assert moved_again.read_bytes() == b"more garbage"
    assert not path.exists()


def test_database_file_of_urls_and_paths(tmp_path: Path) -> None:
    assert database_file(f"sqlite:///{tmp_path / 'x.db'}") == tmp_path / "x.db"
    assert database_file(str(tmp_path / "y.db")) == tmp_path / "y.db"
    assert database_file("sqlite://") is None
    assert database_file("postgresql://h/db") is None


def test_forget_all_after_a_restore_makes_the_next_save_write_everything(tmp_path: Path) -> None:
    """The repository remembers a version's rows; a restore can bring back the same version with other rows."""
    from desktop_app.domain.models import TimelineEvent

    old = tmp_path / "old.db"
    engine = open_database(f"sqlite:///{old}")
    first = Postmortem(id="a", title="A", timeline=[TimelineEvent(id="e1", description="1")])
    PostmortemRepository(engine).add(first)
    engine.dispose()
    backup = make_backup(old).path

    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    repo = PostmortemRepository(engine)
    repo.add(Postmortem(id="a", title="A", timeline=[TimelineEvent(id="e2", description="2")]))
    pm, version = repo.get_with_version("a")  # remembers version 1 with e2
    engine.dispose()
    restore_backup(backup, db)  # version 1 again, but with e1
    repo.forget_all()
    pm.timeline = [TimelineEvent(id="e3", description="3")]
    assert repo.save(pm, expected_version=version) == 2
    assert [e.id for e in repo.get("a").timeline] == ["e3"]
    engine.dispose()
