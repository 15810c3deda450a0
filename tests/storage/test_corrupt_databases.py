"""Corrupt and unusual databases: each is refused with a message naming the file, never overwritten.

Cases already in ``test_database.py`` (text file, damaged header, another program's
database, newer schema, read-only file) are not repeated; this adds truncated files,
random bytes, a read-only folder, a full disk at save time and the messages of storage errors.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage import database
from desktop_app.storage.database import DatabaseError, open_database, storage_error_message
from desktop_app.storage.repository import PostmortemRepository


def _full_database(path: Path, count: int = 40) -> bytes:
    """A checkpointed database of ``count`` postmortems (the file alone is complete); its bytes."""
    engine = open_database(f"sqlite:///{path}")
    repo = PostmortemRepository(engine)
    for index in range(count):
        repo.add(
            Postmortem(
                id=f"pm-{index}",
                title=f"Outage {index} <&> — 障害",
                timeline=[TimelineEvent(id=f"e{n}", description="x" * 200) for n in range(10)],
            )
        )
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    return path.read_bytes()


def _refused(path: Path, pattern: str) -> None:
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=pattern):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before, "the original file was changed"


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.1])
def test_a_truncated_database_is_refused_untouched(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "cut.db"
    whole = _full_database(path)
    path.write_bytes(whole[: int(len(whole) * keep)])
    _refused(path, rf"{path} is not a Hindsight database: .*\(it is cut short: \d+ of its {len(whole)} bytes are there\)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.db"]


def test_a_database_cut_inside_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.db"
    path.write_bytes(_full_database(path)[:60])
    _refused(path, rf"{path} is not a Hindsight database")


def test_with_a_wal_beside_it_sqlite_judges_a_short_file(tmp_path: Path) -> None:
    """A crash mid-checkpoint leaves the file shorter than its header with the WAL beside it: no size verdict."""
    path = tmp_path / "wal.db"
    whole = _full_database(path, count=5)
    path.write_bytes(whole[: len(whole) // 2])
    Path(f"{path}-wal").write_bytes(b"\x00" * 32)  # a WAL that is there but not valid
    with pytest.raises(DatabaseError, match=str(path)):  # SQLite itself then finds the damage
        open_database(f"sqlite:///{path}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_refused_untouched(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "random.db"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.choice((1, 100, 4096, 65536)))))
    _refused(path, rf"{path} is not a Hindsight database: it is not an SQLite file or it is damaged")


def test_random_pages_after_a_valid_header_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pages.db"
    whole = _full_database(path, count=3)
    rng = random.Random(7)
    path.write_bytes(whole[:100] + bytes(rng.randrange(256) for _ in range(len(whole) - 100)))
    _refused(path, rf"{path}")


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "h.db"
    _full_database(path, count=1)
    real_access = database.os.access
    # simulated: the suite may run as root, which ignores folder modes
    monkeypatch.setattr(
        database.os, "access",
        lambda p, mode: False if (Path(p) == folder and mode == database.os.W_OK) else real_access(p, mode),
    )
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=rf"{path} is read-only \(the file or its folder\).*the original was left untouched"):
        open_database(f"sqlite:///{path}", read_only=False)  # asked to write (by default it opens read-only)
    assert path.read_bytes() == before


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    engine = open_database(f"sqlite:///{path}")
    try:
        assert PostmortemRepository(engine).list_summaries() == []
    finally:
        engine.dispose()


@pytest.fixture
def full_disk(engine: Engine) -> Iterator[list[str]]:
    """While active, every INSERT/UPDATE/DELETE fails as SQLite does when the disk is full."""
    failed: list[str] = []

    def fail(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE"):
            failed.append(statement.split(" ", 1)[0])
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", fail)
    yield failed
    event.remove(engine, "before_cursor_execute", fail)


def test_a_full_disk_at_save_keeps_the_stored_state(
    engine: Engine, db_path: Path, db_url: str, maximal: Postmortem
) -> None:
    repo = PostmortemRepository(engine)
    repo.add(maximal)
    stored_before = repo.get(maximal.id)
    edited = repo.get(maximal.id)
    edited.title = "Edited while the disk was full"
    edited.timeline.append(TimelineEvent(id="new", description="lost? no"))
    del edited.action_items[0]

    def fail(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("UPDATE postmortems"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(OperationalError, match="database or disk is full") as caught:
            repo.save(edited, expected_version=1)
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert storage_error_message(caught.value, db_url) == (
        f"The disk holding {db_path} is full. Free some space; saving is tried again on the next edit."
    )
    # the child rows written before the failure were rolled back with it
    assert repo.get_with_version(maximal.id) == (stored_before, 1)
    # once there is space again the same edit is saved whole
    assert repo.save(edited, expected_version=1) == 2
    again = repo.get(maximal.id)
    assert (again.title, [e.id for e in again.timeline][-1], len(again.action_items)) == (
        "Edited while the disk was full", "new", 1,
    )
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_a_full_disk_at_add_stores_nothing(engine: Engine, full_disk: list[str]) -> None:
    repo = PostmortemRepository(engine)
    with pytest.raises(OperationalError, match="database or disk is full"):
        repo.add(Postmortem(id="new", title="never half stored"))
    assert full_disk == ["INSERT"]
    assert not repo.exists("new")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("database is locked", "{path} is busy in another window or program."),
        ("attempt to write a readonly database", "{path} cannot be written any more (it became read-only)."),
        ("database disk image is malformed", "{path} is damaged (database disk image is malformed)."),
        ("disk I/O error", "Reading or writing {path} failed (disk I/O error)."),
        ("something else", "Could not use the database {path}: something else"),
    ],
)
def test_storage_error_messages_name_the_file(tmp_path: Path, error: str, message: str) -> None:
    path = tmp_path / "h.db"
    text = storage_error_message(sqlite3.OperationalError(error), f"sqlite:///{path}")
    assert text.startswith(message.format(path=path))
