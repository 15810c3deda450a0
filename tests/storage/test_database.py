"""Opening the database: URL resolution, pragmas, permissions, refusals, migrations, backups."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from desktop_app.domain.models import Postmortem
from desktop_app.storage import database
from desktop_app.storage.database import (
    ENV_VAR,
    DatabaseError,
    NewerDatabaseError,
    backup_database,
    create_engine_for,
    default_database_path,
    for_writing,
    head_revision,
    open_database,
    resolve_database_url,
    written_by_newer_version,
)
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.storage.schema import metadata
from desktop_app.storage.search import SEARCH_TABLE_PREFIX


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_path_is_in_the_user_data_folder(tmp_path: Path) -> None:
    path = default_database_path()
    assert path.name == "hindsight.db"
    assert path.parent.name == "Hindsight"
    assert path.parent.is_dir()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_url_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_database_url() == f"sqlite:///{default_database_path()}"
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.db")
    assert resolve_database_url() == "sqlite:///from-env.db"
    assert (
        resolve_database_url("postgresql://team@db.example/hindsight")
        == "postgresql://team@db.example/hindsight"
    )
    plain = tmp_path / "plain path.db"
    assert resolve_database_url(str(plain)) == f"sqlite:///{plain}"


def test_pragmas_on_every_connection(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_writes_begin_immediate_and_reads_deferred(engine: Engine) -> None:
    seen: list[str] = []

    from sqlalchemy import event

    def listener(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        with for_writing(engine).begin() as connection:
            connection.execute(text("SELECT 1"))
        with engine.begin() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert seen == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_a_transaction_rolls_back_ddl_and_dml_together(engine: Engine) -> None:
    with pytest.raises(RuntimeError), for_writing(engine).begin() as connection:
        connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
        connection.execute(
            text(
                "INSERT INTO postmortems (id, version, kind, status, created_at, updated_at) "
                "VALUES ('p', 1, 'incident', 'draft', 'x', 'x')"
            )
        )
        raise RuntimeError("abort")
    assert "scratch" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM postmortems")).scalar() == 0


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO causes (postmortem_id, id, position, kind) "
                "VALUES ('missing', 'c', 1, 'root_cause')"
            )
        )


def test_new_database_file_is_private(db_path: Path, engine: Engine) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def _not_search_index(name: str | None, type_: str, _parent: dict) -> bool:
    """The search index (storage/search.py: its tables and FTS5's shadow tables) is derived
    data managed outside the mapping; everything else must match."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_TABLE_PREFIX))


def test_new_database_is_at_head_and_matches_the_mapping(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _not_search_index})
        assert context.get_current_revision() == head_revision() == "0003"
        assert compare_metadata(context, metadata) == []


def test_reopening_a_current_database_makes_no_backup(db_path: Path, db_url: str) -> None:
    open_database(db_url).dispose()
    open_database(db_url).dispose()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.suffix == ".bak") == []


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes("# Not a database\nJust <text> & ünïcode.\n".encode())
    before = _digest(path)
    with pytest.raises(DatabaseError, match=r"notes\.db is not a Hindsight database"):
        open_database(f"sqlite:///{path}")
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = _digest(path)
    with pytest.raises(DatabaseError, match=r"damaged\.db"):
        open_database(f"sqlite:///{path}")
    assert _digest(path) == before


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        open_database(f"sqlite:///{path}")
    assert _digest(path) == before


def test_a_database_from_a_newer_version_is_refused_untouched(db_path: Path, db_url: str) -> None:
    engine = open_database(db_url)
    PostmortemRepository(engine).add(Postmortem(id="pm", title="kept"))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    # Checkpoint the WAL so that the file is complete on its own before it is fingerprinted.
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _digest(db_path)
    with pytest.raises(NewerDatabaseError) as caught:
        open_database(db_url)
    assert str(caught.value) == (
        f"{db_path} was saved by a newer version of Hindsight, which stores postmortems in a way this version "
        "does not know. Update Hindsight to open it; the file was left untouched."
    )
    assert "9999" not in str(caught.value) and caught.value.revision == "9999_future"
    assert written_by_newer_version(db_path)
    assert _digest(db_path) == before
    assert not any(p.suffix == ".bak" for p in db_path.parent.iterdir())


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}")


def test_backup_copies_the_whole_database(db_path: Path, db_url: str) -> None:
    engine = open_database(db_url)
    PostmortemRepository(engine).add(Postmortem(id="pm-b", title="Backed up 備份"))
    copy = backup_database(db_path, "0002")
    second = backup_database(db_path, "0002")
    engine.dispose()
    assert copy.name == "hindsight.db.before-0002.bak"
    assert second.name == "hindsight.db.before-0002-2.bak"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    restored = open_database(f"sqlite:///{copy}")
    try:
        assert PostmortemRepository(restored).get("pm-b").title == "Backed up 備份"
    finally:
        restored.dispose()


def test_in_memory_database(tmp_path: Path) -> None:
    engine = open_database("sqlite://")
    try:
        repo = PostmortemRepository(engine)
        repo.add(Postmortem(id="m", title="in memory"))
        assert repo.get("m").title == "in memory"
    finally:
        engine.dispose()


def test_two_engines_on_one_file_do_not_see_database_is_locked(db_url: str) -> None:
    """Two 'processes' (engines) saving at once queue on the busy timeout instead of failing."""
    first = open_database(db_url)
    second = create_engine_for(db_url)
    try:
        PostmortemRepository(first).add(Postmortem(id="shared", title="v1"))
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def writer(engine: Engine, prefix: str) -> None:
            repo = PostmortemRepository(engine)
            try:
                start.wait()
                for index in range(25):
                    pm = repo.get("shared")
                    pm.title = f"{prefix}{index}"
                    repo.save(pm)
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(e, p)) for e, p in ((first, "a"), (second, "b"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert PostmortemRepository(first).version_of("shared") == 51
    finally:
        first.dispose()
        second.dispose()


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from desktop_app.storage.database import HEAD_REVISION, head_revision

    assert head_revision() == HEAD_REVISION


def test_missing_driver_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match=r"database driver is not installed.*pip install psycopg"):
        open_database("postgresql+psycopg://someone@127.0.0.1:1/hindsight")


def test_not_a_url_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="is not a database URL"):
        open_database("sqlite+nonsense:::")


def test_read_only_database_is_named_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.db"
    open_database(f"sqlite:///{path}").dispose()
    before = path.read_bytes()
    # a read-only mount or file mode (simulated: the suite runs as root in CI, which ignores modes)
    monkeypatch.setattr(database.os, "access", lambda p, mode: mode != database.os.W_OK)
    with pytest.raises(DatabaseError, match=f"{path} is read-only"):
        open_database(f"sqlite:///{path}", read_only=False)  # asked to write: refused by name
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://ana@db.internal/hindsight",
         "postgres:// is not a database URL scheme Hindsight's SQLAlchemy knows: write it as postgresql:// "
         "(e.g. postgresql://user@host/hindsight)."),
        ("sqlite3:///hindsight.db",
         "sqlite3:// is not a database URL scheme Hindsight's SQLAlchemy knows: write it as sqlite:// "
         "(e.g. sqlite:///path/to/hindsight.db)."),
    ],
)
def test_schemes_copied_from_other_tools_get_the_right_spelling(url: str, message: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert str(caught.value) == message
