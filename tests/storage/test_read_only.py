"""Read-only databases: opened without a write (``mode=ro``, ``immutable=1`` or a private copy),
every write refused with ``ReadOnlyDatabaseError``, and clear messages for what cannot be read.

The suite may run as root, which ignores file modes: read-only is asked for explicitly
(``read_only=True``), simulated through ``os.access``, or SQLite's failure to open a WAL
database in a read-only folder is simulated (``tests/e2e/test_read_only_cli.py`` uses a real
read-only mount where the machine allows one).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage import database
from desktop_app.storage.database import (
    DatabaseError,
    ReadOnlyDatabaseError,
    ensure_writable,
    for_writing,
    is_read_only,
    open_database,
    read_only_requested,
)
from desktop_app.storage.repository import PostmortemRepository

TITLE = "Paiement <refusé> & 決済 — שגיאה 🔥"


def _stored(path: Path) -> Postmortem:
    engine = open_database(f"sqlite:///{path}")
    try:
        pm = Postmortem(title=TITLE, timeline=[TimelineEvent(description="a & <b>")])
        PostmortemRepository(engine).add(pm)
        return pm
    finally:
        engine.dispose()


def test_read_only_reads_and_refuses_every_write_by_name(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    pm = _stored(path)
    before = path.read_bytes()
    engine = open_database(f"sqlite:///{path}", read_only=True)
    try:
        repo = PostmortemRepository(engine)
        assert is_read_only(engine)
        assert [s.title for s in repo.list_summaries()] == [TITLE]
        loaded = repo.get(pm.id)
        assert loaded.timeline[0].description == "a & <b>"
        message = f"{path} is read-only: changes cannot be saved. Copy it to a writable folder and open the copy to change it."
        loaded.title = "changed"
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            repo.save(loaded)
        assert str(caught.value) == message
        with pytest.raises(ReadOnlyDatabaseError, match="is read-only: changes cannot be saved"):
            repo.add(Postmortem(title="new"))
        with pytest.raises(ReadOnlyDatabaseError, match="is read-only: changes cannot be saved"):
            repo.delete(pm.id)
        with pytest.raises(ReadOnlyDatabaseError), for_writing(engine).begin() as connection:
            connection.execute(text("DELETE FROM postmortems"))  # any write transaction, not only the repository's
        with pytest.raises(Exception, match="attempt to write a readonly database"), engine.begin() as connection:
            connection.execute(text("DELETE FROM postmortems"))  # even a plain transaction cannot write
        assert repo.get(pm.id).title == TITLE  # still readable after the refusals
    finally:
        engine.dispose()
    assert path.read_bytes() == before


def test_a_file_that_cannot_be_written_opens_read_only_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    _stored(path)
    monkeypatch.setattr(database.os, "access", lambda p, mode: mode != database.os.W_OK)  # as a 0444 file in a 0555 folder
    engine = open_database(f"sqlite:///{path}")
    try:
        assert is_read_only(engine)
        assert [s.title for s in PostmortemRepository(engine).list_summaries()] == [TITLE]
    finally:
        engine.dispose()


def test_a_writable_database_is_not_read_only(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    _stored(path)
    engine = open_database(f"sqlite:///{path}")
    try:
        assert not is_read_only(engine)
        ensure_writable(engine)  # no error
    finally:
        engine.dispose()


def test_an_older_schema_is_not_upgraded_read_only(tmp_path: Path, shared_datadir_0001: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(shared_datadir_0001, path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{path}", read_only=True)
    assert str(caught.value) == (
        f"{path}: this database is from an older Hindsight (schema revision '0001', this version needs "
        f"'{database.HEAD_REVISION}') and is read-only, so it cannot be upgraded; copy it somewhere writable "
        "and open the copy. The file was left untouched."
    )
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))  # no backup attempted beside a read-only file


@pytest.fixture
def shared_datadir_0001() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "schema_0001.sqlite"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path} does not exist, so there is nothing to open read-only."),
        (b"", "{path} is empty and read-only: there is no Hindsight database in it to read."),
        (b"not a database at all" * 10, "{path} is not a Hindsight database: it is not an SQLite file or it is damaged."),
    ],
)
def test_nothing_to_read_is_named(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{path}", read_only=True)
    assert str(caught.value).startswith(message.format(path=path))
    assert not path.exists() if content is None else path.read_bytes() == content


def test_another_programs_database_is_refused_read_only(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (x)")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseError, match=f"{path} is an SQLite database of another program"):
        open_database(f"sqlite:///{path}", read_only=True)


def _fail_plain_read_only(monkeypatch: pytest.MonkeyPatch, original: Path) -> list[str]:
    """SQLite cannot open the WAL database ``original`` with ``mode=ro`` (no ``-shm`` in a read-only folder)."""
    tried: list[str] = []
    real_probe = database._probe

    def probe(uri: str) -> None:
        tried.append(uri)
        if uri.startswith(original.resolve().as_uri()) and "immutable=1" not in uri:
            raise sqlite3.OperationalError("unable to open database file")
        real_probe(uri)

    monkeypatch.setattr(database, "_probe", probe)
    return tried


def test_a_wal_database_in_a_read_only_folder_is_read_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    _stored(path)
    assert not Path(f"{path}-wal").exists()  # a clean close leaves no log
    tried = _fail_plain_read_only(monkeypatch, path)
    engine = open_database(f"sqlite:///{path}", read_only=True)
    try:
        assert tried == [f"{path.resolve().as_uri()}?mode=ro", f"{path.resolve().as_uri()}?mode=ro&immutable=1"]
        assert [s.title for s in PostmortemRepository(engine).list_summaries()] == [TITLE]
    finally:
        engine.dispose()


def test_a_wal_database_with_a_log_is_read_from_a_private_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "live.db"
    _stored(source)
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE postmortems SET title = 'only in the log'")
    writer.commit()
    archive = tmp_path / "archive"
    archive.mkdir()
    path = archive / "h.db"
    shutil.copyfile(source, path)  # as a crash or a copy while open leaves it: the change only in -wal
    shutil.copyfile(f"{source}-wal", f"{path}-wal")
    writer.close()
    before = (path.read_bytes(), Path(f"{path}-wal").read_bytes())
    tried = _fail_plain_read_only(monkeypatch, path)
    engine = open_database(f"sqlite:///{path}", read_only=True)
    try:
        assert [s.title for s in PostmortemRepository(engine).list_summaries()] == ["only in the log"]
        assert len(tried) == 2 and "immutable" not in tried[-1] and archive.as_uri() not in tried[-1]
        copy_folder = Path(tried[-1].removeprefix("file://").split("?")[0]).parent
        assert copy_folder.is_dir()
        with pytest.raises(ReadOnlyDatabaseError, match=f"{path} is read-only"):
            PostmortemRepository(engine).add(Postmortem())
    finally:
        engine.dispose()
    del engine
    import gc

    gc.collect()
    assert not copy_folder.exists()  # the private copy goes with the engine
    assert (path.read_bytes(), Path(f"{path}-wal").read_bytes()) == before


def test_read_only_requested_by_the_environment() -> None:
    assert read_only_requested({"HINDSIGHT_READ_ONLY": "1"})
    assert read_only_requested({"HINDSIGHT_READ_ONLY": " yes "})
    assert not read_only_requested({"HINDSIGHT_READ_ONLY": "0"})
    assert not read_only_requested({})


def test_asking_to_write_a_read_only_file_still_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.db"
    _stored(path)
    monkeypatch.setattr(database.os, "access", lambda p, mode: mode != database.os.W_OK)
    with pytest.raises(DatabaseError, match=r"is read-only \(the file or its folder\).*hindsight --read-only"):
        open_database(f"sqlite:///{path}", read_only=False)
