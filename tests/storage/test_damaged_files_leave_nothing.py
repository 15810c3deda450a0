"""A damaged file is refused without anything new beside it: no ``-wal``, ``-shm`` or backup folder.

A ``mode=ro`` connection to a file whose header says WAL creates ``-shm`` and ``-wal`` even when the
file then turns out damaged; the checks read such a file ``immutable=1`` first.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from desktop_app.domain.models import Postmortem
from desktop_app.storage.backups import BackupError, make_backup
from desktop_app.storage.database import DamagedDatabaseError, DatabaseError, open_database
from desktop_app.storage.repository import PostmortemRepository


def _whole_database(folder: Path) -> bytes:
    """A checkpointed WAL database of 30 postmortems whose header does not give its size (so only
    SQLite can tell that a cut-short copy is damaged); its bytes."""
    path = folder / "source.db"
    engine = open_database(f"sqlite:///{path}")
    repo = PostmortemRepository(engine)
    for index in range(30):
        repo.add(Postmortem(id=f"pm-{index}", title="x" * 1000))
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    data[92:96] = b"\x00\x00\x00\x00"  # "version-valid-for" no longer matches: the header size is not trusted
    return bytes(data)


def _damaged(kind: str, folder: Path) -> bytes:
    whole = _whole_database(folder)
    if kind == "truncated":
        return whole[: len(whole) // 3]
    if kind == "tiny":
        return whole[:4096]
    return random.Random(7).randbytes(20_000)


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(params=["truncated", "tiny", "garbage"])
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "h.db"
    path.write_bytes(_damaged(request.param, source))
    return path


def test_opening_a_damaged_file_creates_nothing_beside_it(damaged: Path) -> None:
    before = _listing(damaged.parent)
    with pytest.raises(DamagedDatabaseError):
        open_database(f"sqlite:///{damaged}")
    assert _listing(damaged.parent) == before


def test_opening_a_damaged_file_read_only_creates_nothing_beside_it(damaged: Path) -> None:
    before = _listing(damaged.parent)
    with pytest.raises(DamagedDatabaseError):
        open_database(f"sqlite:///{damaged}", read_only=True)
    assert _listing(damaged.parent) == before


def test_backing_up_a_damaged_file_creates_nothing_beside_it(damaged: Path) -> None:
    before = _listing(damaged.parent)
    with pytest.raises(BackupError) as caught:
        make_backup(damaged)
    assert isinstance(caught.value, DamagedDatabaseError)
    assert str(caught.value).startswith(f"{damaged} is not a Hindsight database: it is not an SQLite file or it is damaged")
    assert _listing(damaged.parent) == before


def test_a_damaged_file_with_a_log_beside_it_keeps_its_log(tmp_path: Path) -> None:
    """With a ``-wal`` there SQLite reads it ``mode=ro``; the log that was there stays, nothing else is added."""
    path = tmp_path / "h.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    Path(f"{path}-wal").write_bytes(b"")
    before = _listing(tmp_path)
    with pytest.raises(DatabaseError):
        open_database(f"sqlite:///{path}")
    assert _listing(tmp_path) == before


def test_a_good_database_still_opens_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    path.write_bytes(_whole_database(tmp_path))
    engine = open_database(f"sqlite:///{path}")
    assert len(PostmortemRepository(engine).list_summaries()) == 30
    engine.dispose()
    assert make_backup(path).path.parent == tmp_path / "backups"
