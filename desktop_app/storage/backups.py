"""Backups of the SQLite database: online copies, a rolling daily schedule, listing and restore.

Copies are made with SQLite's online backup API (``sqlite3.Connection.backup``), so a
backup taken while another window is writing is still a consistent database. Every copy
is created readable by its owner only (0600) and checked with ``PRAGMA integrity_check``.

Where they live, for the database ``<folder>/hindsight.db``:

* ``<folder>/hindsight.db.before-<revision>.bak`` — made before a schema migration
  (``database.backup_database``); never pruned.
* ``<folder>/backups/hindsight.db.<YYYYmmdd-HHMMSS>.<kind>.bak`` — ``daily`` (automatic,
  at most one a day; the newest ``KEEP_DAILY`` are kept), ``manual`` (``hindsight backup``)
  and ``before-restore`` (what was replaced by a restore); only daily ones are pruned.

``restore_backup`` first sets the current file aside (an online copy, or the raw bytes if
it is damaged), verifies the backup, and then replaces the database atomically. It (and
``move_aside``) refuses while another live process holds the database (its session marker,
see ``session_marker``) and afterwards forgets earlier unclean exits: the file they concern
is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.storage import session_marker
from desktop_app.storage.database import (
    DamagedDatabaseError,
    DatabaseError,
    DiskFullError,
    check_database_file,
    format_free,
    io_failure,
)

BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
DAILY, MANUAL, BEFORE_RESTORE, BEFORE_MIGRATION = "daily", "manual", "before-restore", "before-migration"
KINDS = (DAILY, MANUAL, BEFORE_RESTORE)
_STAMP = "%Y%m%d-%H%M%S"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_BUSY_TIMEOUT_MS = 5000


class BackupError(Exception):
    """A backup could not be made, read or restored; the message is meant for the user as is."""


class DamagedSourceError(BackupError, DamagedDatabaseError):
    """The database to back up is not SQLite or is damaged: no backup was made, nothing was created."""


class DatabaseInUse(BackupError):
    """Another running Hindsight has the database open, so it cannot be replaced now."""

    def __init__(self, db_path: Path, holders: list[session_marker.SessionInfo]) -> None:
        self.holders = holders
        super().__init__(in_use_message(db_path, holders))


def in_use_message(db_path: Path, holders: list[session_marker.SessionInfo]) -> str:
    """Why the database cannot be replaced now, and what to do.

    ``… is open in the other Hindsight window (pid 12). Close it first, then restore.``
    """
    if len(holders) == 1:
        return f"{db_path} is open in {holders[0].holder()}. Close it first, then restore."
    pids = ", ".join(str(h.pid) for h in holders)
    kinds = "windows" if all(h.purpose == session_marker.WINDOW for h in holders) else "windows and commands"
    return f"{db_path} is open in {len(holders)} other Hindsight {kinds} (pids {pids}). Close them first, then restore."


def ensure_not_in_use(db_path: Path) -> None:
    """Raise ``DatabaseInUse`` while another live process holds ``db_path`` (this process does not count)."""
    holders = session_marker.others_alive(Path(db_path))
    if holders:
        raise DatabaseInUse(Path(db_path), holders)


@dataclass(frozen=True)
class Backup:
    """One backup file of a database.

    Attributes:
        path: the backup file.
        kind: ``daily``, ``manual``, ``before-restore`` or ``before-migration``.
        created: when it was made (local time, to the second).
        size: its size in bytes.
        label: for a pre-migration backup, the schema revision it preceded; else "".
    """

    path: Path
    kind: str
    created: datetime
    size: int
    label: str = ""

    @property
    def kind_label(self) -> str:
        """The kind in plain words: ``Daily``, ``Manual``, ``Before restore``, ``Before upgrade``."""
        return KIND_LABELS.get(self.kind, self.kind)

    def when(self) -> str:
        """When it was made, in words: ``Sunday 2 June 2024, 09:00``."""
        return f"{self.created:%A} {self.created.day} {self.created:%B %Y, %H:%M}"

    def describe(self) -> str:
        """``2024-05-01 10:15  Daily  1.2 MB`` — one line for lists."""
        return f"{self.created:%Y-%m-%d %H:%M}  {self.kind_label}  {format_size(self.size)}"


KIND_LABELS = {
    DAILY: "Daily",
    MANUAL: "Manual",
    BEFORE_RESTORE: "Before restore",
    BEFORE_MIGRATION: "Before upgrade",
}
"""Each kind of backup in plain words, for lists and dialogs."""


def format_size(size: int) -> str:
    """A byte count for people: ``812 B``, ``14.2 KB``, ``3.4 MB``, ``2.1 GB``."""
    return format_free(size)


def backup_folder(db_path: Path) -> Path:
    """The folder of the automatic and manual backups of ``db_path`` (``backups`` beside it)."""
    return Path(db_path).parent / BACKUP_FOLDER


def _create_private_file(path: Path) -> None:
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def _read_only_uri(path: Path) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def check_integrity(path: Path) -> str:
    """``"ok"`` if ``path`` is an intact SQLite database, else what SQLite says is wrong.

    The file is opened read-only and never changed.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if header != b"SQLite format 3\x00":
        return "not an SQLite database"
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        return "ok" if rows == ["ok"] else "; ".join(rows[:5])
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        connection.close()


def online_copy(source: Path, target: Path) -> Path:
    """Copy the SQLite database ``source`` to the new file ``target`` with the online backup API.

    ``target`` is created 0600 (it must not exist), holds everything committed in
    ``source`` (its WAL included) and is checked for integrity. The copy is written under a
    hidden temporary name and renamed to ``target`` only once whole, so a process killed
    half-way never leaves a cut-short backup to be listed. On failure nothing is left at
    ``target`` and ``BackupError`` says why.
    """
    source, target = Path(source), Path(target)
    if target.exists():
        raise BackupError(f"Cannot create the backup {target}: it exists already")
    partial = target.with_name(f".{target.name}.part")
    _remove(partial)  # left by a process killed while copying
    try:
        _create_private_file(partial)
    except OSError as exc:
        raise _disk_full(target, exc) or BackupError(f"Cannot create the backup {target}: {exc.strerror or exc}") from exc
    try:
        src = sqlite3.connect(_read_only_uri(source), uri=True)
        try:
            src.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            copy = sqlite3.connect(partial)
            try:
                src.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                copy.close()
        finally:
            src.close()
        problem = check_integrity(partial)
        if problem != "ok":
            raise BackupError(f"The backup of {source} is damaged ({problem}).")
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except sqlite3.Error as exc:
        _remove(partial)
        raise _disk_full(target, exc) or BackupError(f"Cannot back up {source}: {exc}") from exc
    except OSError as exc:
        _remove(partial)
        raise _disk_full(target, exc) or BackupError(f"Cannot back up {source}: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(partial)
        raise
    finally:
        for suffix in _SIDE_FILES:
            _remove(Path(f"{partial}{suffix}"))
    return target


def _disk_full(target: Path, exc: BaseException) -> BackupError | None:
    """``BackupError`` saying the disk is full, when that is why writing ``target`` failed."""
    failure = io_failure(target, exc)
    if not isinstance(failure, DiskFullError):
        return None
    left = "" if failure.free is None else f" ({format_size(failure.free)} free)"
    return BackupError(f"The disk holding {target.parent} is full{left}: no backup was made. Free some space, then try again.")


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - best effort clean-up
        pass


def _unique(path: Path) -> Path:
    candidate, counter = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    return candidate


def _new_backup_path(db_path: Path, kind: str, now: datetime) -> Path:
    folder = backup_folder(db_path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {folder}: {exc.strerror or exc}") from exc
    return _unique(folder / f"{Path(db_path).name}.{now.strftime(_STAMP)}.{kind}.bak")


def make_backup(db_path: Path, kind: str = MANUAL, now: datetime | None = None) -> Backup:
    """Back ``db_path`` up now into its backup folder; returns the new backup.

    Raises ``BackupError`` if the database is missing, damaged or cannot be copied.
    """
    db_path = Path(db_path)
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    try:  # before SQLite or the backup folder could create anything beside a damaged file
        check_database_file(db_path)
    except DamagedDatabaseError as exc:
        raise DamagedSourceError(str(exc)) from exc
    except DatabaseError:
        pass  # not damaged (a full disk, say): the copy below says what is wrong
    now = (now or datetime.now()).replace(microsecond=0)
    target = online_copy(db_path, _new_backup_path(db_path, kind, now))
    _fsync_folder(target.parent)
    return Backup(target, kind, now, target.stat().st_size)


def _parse(db_name: str, path: Path) -> Backup | None:
    name = path.name
    size = path.stat().st_size
    if path.parent.name == BACKUP_FOLDER:
        match = re.fullmatch(
            re.escape(db_name) + r"\.(\d{8}-\d{6})(?:-\d+)?\.(" + "|".join(map(re.escape, KINDS)) + r")(?:-\d+)?\.bak",
            name,
        )
        if match is None:
            return None
        return Backup(path, match[2], datetime.strptime(match[1], _STAMP), size)
    match = re.fullmatch(re.escape(db_name) + r"\.before-(.+?)(?:-\d+)?\.bak", name)
    if match is None:
        return None
    created = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return Backup(path, BEFORE_MIGRATION, created, size, label=match[1])


def _sequence(name: str) -> int:
    """2, 3 … for the second, third backup made in one second (``…manual-2.bak``), else 1."""
    match = re.search(r"-(\d+)\.bak$", name)
    return int(match[1]) if match else 1


def list_backups(db_path: Path) -> list[Backup]:
    """Every backup of ``db_path``, newest first (pre-migration ones beside it included)."""
    db_path = Path(db_path)
    found: list[Backup] = []
    for folder in (backup_folder(db_path), db_path.parent):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.suffix == ".bak" and entry.is_file() and not entry.is_symlink():
                backup = _parse(db_path.name, entry)
                if backup is not None:
                    found.append(backup)
    found.sort(key=lambda b: (b.created, _sequence(b.path.name), b.path.name), reverse=True)
    return found


def prune_daily(db_path: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest ``keep`` daily backups; returns what was deleted."""
    daily = [b for b in list_backups(db_path) if b.kind == DAILY]
    removed = []
    for backup in daily[keep:]:
        try:
            backup.path.unlink()
        except OSError:
            continue
        removed.append(backup.path)
    return removed


def auto_backup(db_path: Path, now: datetime | None = None) -> Backup | None:
    """The rolling schedule: a daily backup unless one was made today; old ones pruned.

    Called at start-up and on quit. Returns the new backup, or ``None`` when today's
    already exists or there is nothing to back up. Raises ``BackupError`` on failure.
    """
    db_path = Path(db_path)
    now = now or datetime.now()
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    if any(b.kind == DAILY and b.created.date() == now.date() for b in list_backups(db_path)):
        return None
    backup = make_backup(db_path, DAILY, now)
    prune_daily(db_path)
    return backup


class DailyBackups:
    """The rolling schedule while Hindsight runs: ``auto_backup`` now and then on a background thread.

    A window may stay open for days; every ``interval_s`` seconds ``tick()`` makes the day's backup
    if there is none yet (so one a day, however long the window stays open). ``clock`` gives the
    time (tests pass their own); ``report`` is told about a backup that failed.
    """

    def __init__(
        self,
        db_path: Path,
        *,
        interval_s: float = 3600.0,
        clock: Callable[[], datetime] = datetime.now,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.interval_s = interval_s
        self.clock = clock
        self.report = report
        self.made: list[Backup] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> Backup | None:
        """Make today's backup if it is missing; returns it (``None`` if there was one or nothing to do)."""
        try:
            made = auto_backup(self.db_path, now=self.clock())
        except (BackupError, OSError) as exc:
            if self.report is not None:
                self.report(f"no automatic backup was made: {exc}")
            return None
        if made is not None:
            self.made.append(made)
        return made

    def start(self) -> DailyBackups:
        """Run ``tick`` every ``interval_s`` seconds on a daemon thread until ``stop``."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hindsight-daily-backup", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.tick()

    def stop(self) -> None:
        """Stop the thread (waits for a backup in progress to finish)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def _copy_bytes_aside(db_path: Path, target: Path) -> Path:
    """Copy a (perhaps damaged) database file and its WAL byte for byte to ``target``."""
    _create_private_file(target)
    shutil.copyfile(db_path, target)
    wal = Path(f"{db_path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:  # an empty log holds nothing worth keeping
        side = Path(f"{target}-wal")
        _create_private_file(side)
        shutil.copyfile(wal, side)
    return target


def set_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Keep the current database before it is replaced: an online copy, or its raw bytes if damaged.

    Returns the ``before-restore`` backup made.
    """
    db_path = Path(db_path)
    now = (now or datetime.now()).replace(microsecond=0)
    target = _new_backup_path(db_path, BEFORE_RESTORE, now)
    try:
        if check_integrity(db_path) == "ok":
            try:
                return online_copy(db_path, target)
            except BackupError:
                pass  # fall back to the bytes
        return _copy_bytes_aside(db_path, target)
    except OSError as exc:
        _remove(target)
        _remove(Path(f"{target}-wal"))
        raise _disk_full(target, exc) or BackupError(
            f"Cannot keep a copy of {db_path} before replacing it: {exc.strerror or exc}"
        ) from exc


def move_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Rename an unusable database (and its WAL) to ``<name>.damaged-<stamp>``; never deletes it.

    Used by "Start a new database". Returns the new name of the file.
    """
    db_path = Path(db_path)
    ensure_not_in_use(db_path)
    now = (now or datetime.now()).replace(microsecond=0)
    base = db_path.with_name(f"{db_path.name}.damaged-{now.strftime(_STAMP)}")
    target, counter = base, 2
    while target.exists():
        target = base.with_name(f"{base.name}-{counter}")
        counter += 1
    try:
        os.replace(db_path, target)
        for suffix in _SIDE_FILES:
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
    except OSError as exc:
        raise BackupError(f"Cannot move {db_path} aside: {exc.strerror or exc}") from exc
    _fsync_folder(db_path.parent)
    session_marker.clear_stale(db_path)
    return target


def verify_backup(backup: Path) -> None:
    """Raise ``BackupError`` unless ``backup`` is an intact Hindsight database."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"There is no backup file {backup}.")
    problem = check_integrity(backup)
    if problem != "ok":
        raise BackupError(f"The backup {backup} cannot be restored: it is damaged ({problem}).")
    connection = sqlite3.connect(_read_only_uri(backup), uri=True)
    try:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.Error as exc:  # pragma: no cover - integrity_check passed
        raise BackupError(f"The backup {backup} cannot be read: {exc}") from exc
    finally:
        connection.close()
    if not row or row[0] != 1:
        raise BackupError(f"{backup} is not a backup of a Hindsight database.")


def _checkpoint(db_path: Path) -> None:
    """Write an intact database's log into the file and empty it (best effort: a damaged one is kept aside)."""
    if check_integrity(db_path) != "ok":
        return
    try:
        connection = sqlite3.connect(db_path, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        connection.close()


def restore_backup(backup: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the database ``db_path`` with ``backup``; returns where the replaced file was kept.

    Steps: verify the backup (intact, a Hindsight database); keep the current file as a
    ``before-restore`` backup (even a damaged one, byte for byte); copy the backup to a
    temporary file beside the database; remove the old WAL; rename the copy over the
    database. Every other window or process using the database must have closed it first
    (``DatabaseInUse`` otherwise). Returns ``None`` when there was no current file to keep.
    """
    backup, db_path = Path(backup), Path(db_path)
    ensure_not_in_use(db_path)
    verify_backup(backup)
    if backup.resolve() == db_path.resolve():
        raise BackupError(f"{backup} is the database itself, not a backup of it.")
    kept = set_aside(db_path, now) if db_path.exists() and db_path.stat().st_size else None
    if kept is not None:
        _checkpoint(db_path)  # the log is then empty: removing it below loses nothing, even if killed there
    temporary = db_path.with_name(f".{db_path.name}.restoring")
    _remove(temporary)
    online_copy(backup, temporary)
    try:
        for suffix in _SIDE_FILES:
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                side.unlink()
        os.replace(temporary, db_path)
    except OSError as exc:
        _remove(temporary)
        raise BackupError(f"Cannot replace {db_path} with the backup: {exc.strerror or exc}") from exc
    _fsync_folder(db_path.parent)
    session_marker.clear_stale(db_path)
    return kept


__all__ = [
    "Backup",
    "BackupError",
    "DailyBackups",
    "DatabaseInUse",
    "auto_backup",
    "backup_folder",
    "check_integrity",
    "ensure_not_in_use",
    "format_size",
    "in_use_message",
    "list_backups",
    "make_backup",
    "move_aside",
    "online_copy",
    "prune_daily",
    "restore_backup",
    "set_aside",
    "verify_backup",
]
