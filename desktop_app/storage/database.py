"""Finding, opening and migrating the database.

``open_database(url)`` is the one way the app gets an engine: it refuses files
that are not SQLite and databases written by a newer Hindsight (without touching
them), backs an existing SQLite file up before any migration runs, and then
upgrades the schema to the Alembic head. Migrations run programmatically from
the ``migrations`` folder next to this module; no ``alembic.ini`` is needed.

SQLite connections get ``foreign_keys=ON``, WAL journaling, a 5 s busy timeout
and ``synchronous=NORMAL``. SQLAlchemy (not the ``sqlite3`` module) emits
``BEGIN``, so transactions are real; an engine from ``for_writing`` begins with
``BEGIN IMMEDIATE``, taking the write lock up front so that two processes queue
on the busy timeout instead of failing with "database is locked" mid-transaction.

A database that cannot be written (a read-only file, folder or mount, an archive) opens
*read-only* instead (``open_database(url, read_only=True)`` asks for that explicitly):
no migration or backup runs, the connections are SQLite ``mode=ro`` (or ``immutable=1``
when SQLite cannot even create its shared-memory file there, or a private temporary
copy when a write-ahead log would otherwise be ignored), and every write raises
``ReadOnlyDatabaseError`` (see ``is_read_only`` / ``ensure_writable``).

Errors say what kind of trouble it is: ``DamagedDatabaseError`` (not SQLite, or damaged),
``NewerDatabaseError`` (written by a newer Hindsight; no revision ids in its message) and
``DiskFullError``: SQLite reports a full disk as "disk I/O error" as often as SQLITE_FULL, so
an I/O error on a disk with less than ``DISK_FULL_MARGIN`` free (``shutil.disk_usage``) is a
full disk, with the free space named, never a damaged database.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool, StaticPool

if TYPE_CHECKING:  # Alembic is imported only when a database needs migrating (start-up time)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

#: The newest schema revision; a database already at it opens without loading Alembic.
#: ``tests/storage`` checks that it matches the migration scripts' head.
HEAD_REVISION = "0003"

ENV_VAR = "HINDSIGHT_DATABASE_URL"
"""Environment variable naming the database URL (the ``--database`` option wins over it)."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
BEGIN_OPTION = "hindsight_sqlite_begin"
"""Execution option read by the ``begin`` listener: DEFERRED, IMMEDIATE or EXCLUSIVE."""
READ_ONLY_OPTION = "hindsight_read_only"
"""Execution option marking an engine opened read-only; its value names the database for messages."""
READ_ONLY_ENV_VAR = "HINDSIGHT_READ_ONLY"
"""Environment variable that, set to ``1``, opens the database read-only (like ``--read-only``)."""

_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


class DatabaseError(Exception):
    """The database cannot be used; the message is meant for the user as is."""


class DamagedDatabaseError(DatabaseError):
    """The file is not an SQLite database, or SQLite found it damaged; it was left untouched."""


class ForeignDatabaseError(DatabaseError):
    """The file is an SQLite database of another program; it was left untouched."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is an SQLite database of another program, not a Hindsight database. "
            "The file was left untouched."
        )


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer Hindsight; ``revision`` is its schema revision (not for users)."""

    def __init__(self, where: str, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"{where} was saved by a newer version of Hindsight, which stores postmortems in a way this "
            "version does not know. Update Hindsight to open it; the file was left untouched."
        )


class DiskFullError(DatabaseError):
    """SQLite could not read or write the database because the disk holding it is full."""

    def __init__(self, where: Path | str, free: int | None, *, doing: str = "open") -> None:
        self.where, self.free = str(where), free
        left = "" if free is None else f" ({format_free(free)} free)"
        then = (
            "Free some space, then try again; the database was left untouched."
            if doing == "open"
            else "Free some space; saving is tried again on the next edit."
        )
        super().__init__(f"The disk holding {where} is full{left}. {then}")


DISK_FULL_MARGIN = 1024 * 1024
"""Below this many free bytes, a disk I/O error of SQLite is taken for a full disk (SQLite needs room
for its shared-memory file, its log and whole pages, and reports their failure as "disk I/O error")."""


def format_free(size: int) -> str:
    """A byte count for people: ``0 B``, ``812 B``, ``14.2 KB``, ``3.4 MB``, ``2.1 GB``."""
    if size < 1024:
        return f"{size} B"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f} {unit}"


def free_space(path: Path | str) -> int | None:
    """Free bytes on the file system holding ``path`` (its nearest existing folder); ``None`` if unknown."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_is_full(path: Path | str) -> bool:
    """Whether the disk holding ``path`` has less than ``DISK_FULL_MARGIN`` bytes free."""
    free = free_space(path)
    return free is not None and free < DISK_FULL_MARGIN


def _is_io_failure(exc: BaseException) -> bool:
    """SQLite's (or the OS's) way of saying a read or write of the disk failed, perhaps for lack of space."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EIO):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "disk i/o error" in text or "disk is full" in text or "no space" in text


def io_failure(path: Path, exc: BaseException, *, doing: str = "open") -> DatabaseError | None:
    """What a failed read or write of ``path`` means, when it was the disk's fault; ``None`` otherwise.

    A full disk (``shutil.disk_usage`` decides, or SQLite says so) gives ``DiskFullError``; another
    I/O error says the disk failed, never that the database is damaged.
    """
    if not _is_io_failure(exc):
        return None
    text = str(getattr(exc, "orig", None) or exc).lower()
    free = free_space(path)
    if (free is not None and free < DISK_FULL_MARGIN) or "full" in text or "no space" in text:
        return DiskFullError(path, free if free is not None and free < DISK_FULL_MARGIN else None, doing=doing)
    return DatabaseError(
        f"Reading or writing {path} failed (disk I/O error). Check the disk it is on, then try again; "
        "the file was left untouched."
    )


class ReadOnlyDatabaseError(DatabaseError):
    """A write was asked of a database opened read-only; nothing was written."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"{where} is read-only: changes cannot be saved. "
            "Copy it to a writable folder and open the copy to change it."
        )


def read_only_requested(environ: dict[str, str] | None = None) -> bool:
    """Whether ``$HINDSIGHT_READ_ONLY`` asks for read-only (``1``, ``true``, ``yes`` or ``on``)."""
    value = (os.environ if environ is None else environ).get(READ_ONLY_ENV_VAR, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def is_read_only(engine: Engine) -> bool:
    """Whether ``engine`` was opened read-only (by ``open_database``)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def ensure_writable(engine: Engine) -> None:
    """Raise ``ReadOnlyDatabaseError`` if ``engine`` was opened read-only."""
    where = engine.get_execution_options().get(READ_ONLY_OPTION)
    if where:
        raise ReadOnlyDatabaseError(str(where))


def default_database_path() -> Path:
    """``hindsight.db`` in the user's data folder, creating the folder (private) if needed."""
    folder = platformdirs.user_data_path("Hindsight", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / "hindsight.db"


def _as_url(value: str) -> str:
    """``value`` if it is a URL, else the SQLite URL of the file path it names."""
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def _checked_user_url(value: str, where: str) -> str:
    """``value`` as a URL, refusing what would lose the user's work or is a typo of a file URL.

    An in-memory SQLite database (``sqlite://``, ``sqlite:///:memory:``) would forget every
    postmortem when Hindsight quits; an SQLite URL with a host (``sqlite://data/x.db``) is an
    absolute path written with one slash too few.
    """
    url = _as_url(value)
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return url  # open_database names the problem
    if parsed.get_backend_name() != "sqlite":
        return url
    if parsed.host:
        absolute = f"/{parsed.host}/{parsed.database or ''}".rstrip("/")
        raise DatabaseError(
            f"{value} ({where}) names the SQLite file {parsed.database or '(none)'!s} on a host "
            f"{parsed.host!r}, but SQLite has no hosts. For the file {absolute} write "
            f"sqlite:///{absolute} (four slashes before an absolute path, three before a relative one)."
        )
    if _sqlite_file(parsed) is None:
        raise DatabaseError(
            f"{value} ({where}) is an in-memory database: every postmortem in it would be lost when "
            "Hindsight quits. Give a file instead, e.g. sqlite:///path/to/hindsight.db or a plain path."
        )
    return url


def resolve_database_url(cli_url: str | None = None) -> str:
    """The database to open: ``cli_url``, else ``$HINDSIGHT_DATABASE_URL``, else the default file.

    A plain file path (no ``scheme://``) is accepted for either and means that SQLite file.

    Raises:
        DatabaseError: the URL given is an in-memory SQLite database, or an SQLite URL with a host.
    """
    if cli_url and cli_url.strip():
        return _checked_user_url(cli_url.strip(), "--database")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _checked_user_url(from_env, ENV_VAR)
    return URL.create("sqlite", database=str(default_database_path())).render_as_string()


def _sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL, or ``None`` for another backend or an in-memory database."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return None
    return Path(database).expanduser()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" listener emit BEGIN (SQLite dialect docs, "Transactions with
    # SQLite and the sqlite3 driver"): the sqlite3 module's own transaction handling would
    # skip BEGIN before SELECT and DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _on_read_only_connect(dbapi_connection: Any, _record: Any) -> None:
    # As _on_sqlite_connect, without the journal pragmas (they would write) and with query_only,
    # so that even a statement that bypasses the repository cannot change the file.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    options = connection.get_execution_options()
    mode = str(options.get(BEGIN_OPTION, "DEFERRED")).upper()
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    if mode != "DEFERRED" and options.get(READ_ONLY_OPTION):
        raise ReadOnlyDatabaseError(str(options[READ_ONLY_OPTION]))  # a write transaction on a read-only engine
    connection.exec_driver_sql(f"BEGIN {mode}")


_SCHEME_TYPOS = {
    "postgres": "postgresql://user@host/hindsight",
    "pg": "postgresql://user@host/hindsight",
    "sqlite3": "sqlite:///path/to/hindsight.db",
}
"""Schemes people copy from other tools' URLs, and an example of what SQLAlchemy expects instead."""


def _parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except sa_exc.ArgumentError as exc:
        raise DatabaseError(f"{url!r} is not a database URL (e.g. sqlite:///path/to/hindsight.db)") from exc


def create_engine_for(url: str) -> Engine:
    """An engine for ``url``; SQLite gets our pragmas and explicit BEGIN handling.

    File databases use ``NullPool`` (a connection is closed when returned, so no
    stale handle keeps the file locked); ``:memory:`` uses ``StaticPool`` so every
    checkout sees the same database. Other URLs (PostgreSQL) are passed through.
    """
    parsed = _parse_url(url)
    example = _SCHEME_TYPOS.get(parsed.drivername.split("+")[0])
    if example is not None:
        raise DatabaseError(
            f"{parsed.drivername}:// is not a database URL scheme Hindsight's SQLAlchemy knows: "
            f"write it as {example.split(':')[0]}:// (e.g. {example})."
        )
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed)
        except sa_exc.NoSuchModuleError as exc:
            known = parsed.get_backend_name() in ("postgresql", "mysql", "mariadb", "oracle", "mssql")
            if not known:
                raise DatabaseError(
                    f"{parsed.drivername}:// is not a kind of database Hindsight can use. Give an SQLite file "
                    "(a plain path, or sqlite:///path/to/hindsight.db) or a PostgreSQL server "
                    "(postgresql://user@host/dbname)."
                ) from exc
            raise DatabaseError(
                f"Cannot use {parsed.render_as_string(hide_password=True)}: its database driver is not "
                f"installed ({exc}). Install the driver into Hindsight's environment (for PostgreSQL: "
                "pip install psycopg)."
            ) from exc
        except ImportError as exc:
            raise DatabaseError(
                f"Cannot use {parsed.render_as_string(hide_password=True)}: its database driver is not "
                f"installed ({exc}). Install the driver into Hindsight's environment (for PostgreSQL: "
                "pip install psycopg)."
            ) from exc
    if _sqlite_file(parsed) is None:
        engine = create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(parsed, poolclass=NullPool)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def for_writing(engine: Engine) -> Engine:
    """The same engine, but its SQLite transactions start with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for our migrations, with no ``alembic.ini``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def script_directory() -> ScriptDirectory:
    """The migration scripts shipped with this version of Hindsight."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest schema revision this version of Hindsight knows."""
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the baseline always exists
        raise RuntimeError("no migrations found")
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of Hindsight knows."""
    return {script.revision for script in script_directory().walk_revisions()}


def _newer_database(where: str, revision: str) -> DatabaseError:
    return NewerDatabaseError(where, revision)


def _not_sqlite(path: Path, detail: str = "") -> DatabaseError:
    extra = f" ({detail})" if detail else ""
    return DamagedDatabaseError(
        f"{path} is not a Hindsight database: it is not an SQLite file or it is damaged{extra}. "
        "The file was left untouched."
    )


def _writable(path: Path) -> bool:
    """Whether SQLite could write ``path`` and create its journal files beside it."""
    return writable_file(path) and os.access(path.parent, os.W_OK)


def writable_file(path: Path) -> bool:
    """Whether the database file ``path`` may be written: this process can, and its permission bits
    let its owner write (a ``chmod 444`` file is read-only whoever runs Hindsight, root included,
    whom ``os.access`` would let write anything). A missing file is writable (it is created)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _check_file(path: Path) -> int | None:
    """The size of the existing file ``path`` after checking it looks like SQLite; ``None`` if missing.

    Raises ``DatabaseError`` for a folder, an unreadable file, another kind of file or a cut-short one.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatabaseError(f"Cannot read the database {path}: {exc.strerror or exc}") from exc
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if size == 0:
        return 0
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseError(f"Cannot read the database {path}: {exc.strerror or exc}") from exc
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise _not_sqlite(path)
    expected = _size_in_header(header)
    if expected is not None and size < expected and not _has_wal(path):
        raise _not_sqlite(path, f"it is cut short: {size} of its {expected} bytes are there")
    return size


def _read_state(path: Path, uri: str) -> tuple[str | None, bool]:
    """``(revision, has_tables)`` of the SQLite database at ``uri`` (read-only), which is ``path``'s."""
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise io_failure(path, exc) or DatabaseError(f"Cannot open the database {path}: {exc}") from exc
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        names = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(row[0]).startswith("sqlite_")
        }
        revision: str | None = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
        return revision, bool(names - {"alembic_version"})
    except sqlite3.DatabaseError as exc:
        raise io_failure(path, exc) or _not_sqlite(path, str(exc)) from exc
    finally:
        connection.close()


def _inspect_sqlite_file(path: Path) -> tuple[str | None, bool] | None:
    """Read an existing file without changing it: ``(revision, has_tables)``, or ``None`` if new.

    Raises ``DatabaseError`` if the file is not an SQLite database or cannot be written.
    """
    size = _check_file(path)
    if size is None:
        return None
    if size and not _writable(path):
        raise DatabaseError(
            f"{path} is read-only (the file or its folder): Hindsight keeps every edit in its database "
            "and needs to write there. Open it read-only (hindsight --read-only) to read and export, or "
            "copy the file to a writable folder and open the copy with --database; the original was left "
            "untouched."
        )
    if size == 0:
        return None
    return _checked_state(path)


def _size_in_header(header: bytes) -> int | None:
    """The file size an SQLite header promises (page size × page count), if the header says."""
    if len(header) < 100:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    if pages == 0 or change_counter != valid_for or page_size < 512 or page_size & (page_size - 1):
        return None
    return page_size * pages


_SIDE_FILES = ("-wal", "-shm", "-journal")


def _side_files(path: Path) -> set[str]:
    """Which of SQLite's files beside ``path`` (``-wal``, ``-shm``, ``-journal``) exist."""
    return {suffix for suffix in _SIDE_FILES if os.path.lexists(f"{path}{suffix}")}


def _checked_state(path: Path) -> tuple[str | None, bool]:
    """``(revision, has_tables)`` of the existing SQLite file ``path``, read without creating anything beside it.

    With no ``-wal``, ``-shm`` or ``-journal`` beside it no process has the file open and the file alone
    is the whole database, so it is read ``immutable=1``: SQLite then creates no file (a ``mode=ro``
    connection to a WAL database creates ``-shm`` and ``-wal``, even when the file turns out to be
    damaged). Otherwise (or when they appeared while reading) it is read ``mode=ro``; if that finds the
    file damaged, a ``-wal`` or ``-shm`` that this read created and left empty is removed again.

    Raises ``DamagedDatabaseError`` if SQLite finds the file damaged.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    before = _side_files(path)
    if not before:
        try:
            return _read_state(path, f"{uri}&immutable=1")
        except DatabaseError:
            if not _side_files(path):
                raise
            before = _side_files(path)  # another process opened it meanwhile: read it as it is now
    try:
        return _read_state(path, uri)
    except DatabaseError:
        # Damaged: no one can be using what this read created. (A good file's side files stay: another
        # process may have just opened it, and its log must never be taken away from under it.)
        for suffix in ("-wal", "-shm"):
            created = Path(f"{path}{suffix}")
            if suffix not in before and _is_empty_file(created):
                created.unlink(missing_ok=True)
        raise


def _is_empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def check_database_file(path: Path) -> None:
    """Raise ``DamagedDatabaseError`` if the existing, non-empty file ``path`` is not a readable SQLite
    database; nothing is written and no file is created beside it. A missing or empty file passes."""
    size = _check_file(path)
    if size:
        _checked_state(path)


def _has_wal(path: Path) -> bool:
    """Whether a write-ahead log with frames lies beside ``path``; the file alone is then not the
    whole database (a checkpoint may have stopped half-way), so its size proves nothing."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def storage_error_message(exc: BaseException, url: str) -> str | None:
    """What a failed read or write of the database at ``url`` means for the user, naming the file.

    ``None`` when ``exc`` is not an error of the database (SQLAlchemy's or ``sqlite3``'s).
    """
    if not isinstance(exc, (sa_exc.DBAPIError, sqlite3.Error)):
        return None
    parsed = _parse_url(url)
    where = str(_sqlite_file(parsed) or parsed.render_as_string(hide_password=True))
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip()
    lowered = text.lower()
    file = _sqlite_file(parsed)
    if file is not None:
        failure = io_failure(file, cause, doing="save")
        if isinstance(failure, DiskFullError):
            return str(failure)
    if "disk is full" in lowered or "no space" in lowered:
        return f"The disk holding {where} is full. Free some space; saving is tried again on the next edit."
    if "locked" in lowered or "busy" in lowered:
        return f"{where} is busy in another window or program. Saving is tried again on the next edit."
    if "readonly" in lowered or "read-only" in lowered:
        return f"{where} cannot be written any more (it became read-only). Copy your work elsewhere."
    if "malformed" in lowered or "not a database" in lowered:
        return f"{where} is damaged ({text}). Use File ▸ Restore from backup… to go back to a backup."
    if "i/o" in lowered:
        return f"Reading or writing {where} failed (disk I/O error). Check the disk; saving is tried again."
    return f"Could not use the database {where}: {text}"


def _backup_name(path: Path, revision: str) -> Path:
    candidate = path.with_name(f"{path.name}.before-{revision}.bak")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.before-{revision}-{counter}.bak")
        counter += 1
    return candidate


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (fails if it exists)."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def backup_database(path: Path, revision: str) -> Path:
    """Copy the SQLite file ``path`` with SQLite's online backup API, before migrating to ``revision``.

    The copy is ``<name>.before-<revision>.bak`` beside the file (``-2``, ``-3`` … if that
    exists), readable by the owner only. Returns the copy's path.
    """
    from desktop_app.storage.backups import BackupError, online_copy

    try:
        return online_copy(path, _backup_name(path, revision))
    except BackupError as exc:
        if disk_is_full(path):
            raise DiskFullError(path, free_space(path)) from exc
        raise DatabaseError(f"Could not back up {path} before migrating it: {exc}") from exc


def database_file(url: str) -> Path | None:
    """The SQLite file a database URL (or plain path) names; ``None`` for in-memory or other backends."""
    try:
        return _sqlite_file(make_url(_as_url(url)))
    except sa_exc.ArgumentError:
        return None


def _upgrade(engine: Engine) -> None:
    """Upgrade to head inside one write transaction (a racing second process waits, then no-ops)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with for_writing(engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _check_revision(engine: Engine, where: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    if revision is not None and revision not in known_revisions():
        raise _newer_database(where, revision)
    return revision


def _probe(uri: str) -> None:
    """Open ``uri`` and read its schema (SQLite opens lazily: connecting alone proves nothing)."""
    connection = sqlite3.connect(uri, uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def _read_only_target(path: Path) -> tuple[str, Path | None]:
    """The SQLite URI that reads ``path`` without writing it, and the temporary folder it needs, if any.

    ``mode=ro`` first. A WAL database in a folder SQLite cannot write fails that (it cannot create the
    ``-shm`` file): without a ``-wal`` file it is whole, so ``immutable=1`` reads it; with one, its log
    would be ignored, so the file and its log are copied to a private temporary folder and read there.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        _probe(uri)
        return uri, None
    except sqlite3.OperationalError as exc:
        failure: sqlite3.Error = exc
    except sqlite3.DatabaseError as exc:
        raise io_failure(path, exc) or _not_sqlite(path, str(exc)) from exc
    if not _has_wal(path):
        try:
            _probe(f"{uri}&immutable=1")
            return f"{uri}&immutable=1", None
        except sqlite3.Error as exc:
            failure = exc
    else:
        folder = Path(tempfile.mkdtemp(prefix="hindsight-read-only-"))
        try:
            copy = folder / path.name
            shutil.copyfile(path, copy)
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
            copy_uri = f"{copy.as_uri()}?mode=ro"
            _probe(copy_uri)
            return copy_uri, folder
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            failure = exc
    raise DatabaseError(f"Cannot read the database {path} read-only: {failure}")


def written_by_newer_version(path: Path) -> bool:
    """Whether the SQLite file ``path`` was written by a newer Hindsight (read without changing it)."""
    try:
        if not _has_content(path):
            return False
        revision, _ = _checked_state(path)
    except (DatabaseError, OSError):
        return False
    return revision is not None and revision != HEAD_REVISION and revision not in known_revisions()


def _older_read_only(path: Path, revision: str | None) -> DatabaseError:
    found = "no Hindsight tables yet" if revision is None else f"schema revision {revision!r}"
    return DatabaseError(
        f"{path}: this database is from an older Hindsight ({found}, this version needs "
        f"{HEAD_REVISION!r}) and is read-only, so it cannot be upgraded; copy it somewhere writable "
        "and open the copy. The file was left untouched."
    )


def _has_content(path: Path) -> bool:
    """Whether ``path`` is a file with at least one byte (a database to read, not one to create)."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _open_read_only(parsed: URL, path: Path) -> Engine:
    """An engine that reads the SQLite file ``path`` and refuses every write (see the module docstring)."""
    size = _check_file(path)
    if size is None:
        raise DatabaseError(f"{path} does not exist, so there is nothing to open read-only.")
    if size == 0:
        raise DatabaseError(f"{path} is empty and read-only: there is no Hindsight database in it to read.")
    # Alone, the file is the whole database: read it as it is (a damaged one is refused before SQLite
    # could create anything beside it); with a log beside it, read it through the target below.
    state = None if _side_files(path) else _checked_state(path)
    uri, temporary = _read_only_target(path)
    try:
        revision, has_tables = state if state is not None else _read_state(path, uri)
        if revision is None and has_tables:
            raise ForeignDatabaseError(path)
        if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
            raise _newer_database(str(path), revision)
        if revision != HEAD_REVISION:
            raise _older_read_only(path, revision)
    except DatabaseError:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    engine = create_engine(parsed, poolclass=NullPool, creator=lambda: sqlite3.connect(uri, uri=True))
    event.listen(engine, "connect", _on_read_only_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    engine.update_execution_options(**{READ_ONLY_OPTION: str(path)})
    if temporary is not None:
        weakref.finalize(engine, shutil.rmtree, temporary, True)
    return engine


def open_database(url: str, *, read_only: bool | None = None) -> Engine:
    """Open (creating or migrating as needed) the database at ``url`` and return its engine.

    ``read_only``: ``True`` opens it read-only (no migration, backup or write; see
    ``ensure_writable``); ``False`` refuses a file that cannot be written; ``None`` (the default)
    opens an existing SQLite file read-only when it or its folder cannot be written.

    Raises:
        DatabaseError: the file is not SQLite, is damaged, belongs to another program,
            was written by a newer Hindsight, or cannot be opened or migrated; or, read-only,
            it is missing, empty or from an older Hindsight (it cannot be upgraded).
    """
    parsed = _parse_url(url)
    path = _sqlite_file(parsed)
    if path is None:
        engine = create_engine_for(url)
        try:
            revision = _check_revision(engine, parsed.render_as_string(hide_password=True))
            if read_only:
                if revision != head_revision():
                    raise DatabaseError(
                        f"{parsed.render_as_string(hide_password=True)}: this database is from an older "
                        "Hindsight (or empty) and is opened read-only, so it cannot be upgraded."
                    )
                engine.update_execution_options(
                    **{READ_ONLY_OPTION: parsed.render_as_string(hide_password=True)}
                )
                return engine
            _upgrade(engine)
        except DatabaseError:
            engine.dispose()
            raise
        except sa_exc.SQLAlchemyError as exc:
            engine.dispose()
            raise DatabaseError(f"Cannot open the database {parsed!r}: {exc}") from exc
        return engine

    if read_only is None:
        read_only = _has_content(path) and not _writable(path)
    if read_only:
        return _open_read_only(parsed, path)

    state = _inspect_sqlite_file(path)
    if state is not None:
        revision, has_tables = state
        if revision is None and has_tables:
            raise ForeignDatabaseError(path)
        if revision == HEAD_REVISION:
            return create_engine_for(url)
        if revision is not None and revision not in known_revisions():
            raise _newer_database(str(path), revision)
        head = head_revision()
        if revision is not None and revision != head:
            backup_database(path, head)
    elif not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(
                f"Cannot create the database {path}: the folder {path.parent} does not exist."
            )
        try:
            _create_private_file(path)
        except FileExistsError:
            pass  # another process created it a moment ago; it will be migrated in a transaction
        except OSError as exc:
            raise DatabaseError(f"Cannot create the database {path}: {exc.strerror or exc}") from exc

    engine = create_engine_for(url)
    try:
        _upgrade(engine)
    except sa_exc.SQLAlchemyError as exc:
        engine.dispose()
        raise io_failure(path, exc) or DatabaseError(f"Cannot open or update the database {path}: {exc}") from exc
    return engine
