"""Composition root: opens the database and wires storage, formats and the window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure, ImportFailure
from desktop_app.storage import search
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.storage.database import (
    DamagedDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    ReadOnlyDatabaseError,
    database_file,
    io_failure,
    is_read_only,
    open_database,
    resolve_database_url,
    storage_error_message,
    writable_file,
)
from desktop_app.storage.repository import NotFoundError, PostmortemRepository

if TYPE_CHECKING:
    from desktop_app.storage.session_marker import Session
    from desktop_app.storage.unclean_exit import UncleanExit


BACKUP_CHECK_S = 3600.0
"""How often a running window checks whether today's rolling backup is made yet."""


def _err(message: str) -> None:
    print(f"hindsight: {message}", file=sys.stderr)


def open_repository(url: str | None, *, read_only: bool = False) -> PostmortemRepository:
    """The repository on ``url`` (or the configured/default database), migrated, its search index current.

    ``read_only`` opens it read-only; a database that cannot be written opens read-only anyway
    (then nothing is migrated or indexed, and every write raises ``ReadOnlyDatabaseError``).
    """
    resolved = resolve_database_url(url)
    file = database_file(resolved)
    fresh = _is_new(file)
    engine = open_database(resolved, read_only=True if read_only else None)
    if fresh and _named_by_user(url):
        _err(f"created a new, empty database at {file}")
    if not is_read_only(engine):
        try:
            search.ensure_index(engine)  # derived data: built once after an upgrade, like the window does
        except SQLAlchemyError as exc:  # e.g. a full disk: the same message as a failed open
            engine.dispose()
            failure = io_failure(file, exc) if file is not None else None
            raise failure or DatabaseError(storage_error_message(exc, resolved) or str(exc)) from exc
    return PostmortemRepository(engine)


def _is_new(file: Path | None) -> bool:
    """Opening ``file`` will create a new database (it is missing or empty)."""
    return file is not None and not (file.is_file() and file.stat().st_size > 0)


def _named_by_user(url: str | None) -> bool:
    """The database was named with ``--database`` or the environment, not the default one."""
    from desktop_app.storage.database import ENV_VAR

    return bool((url and url.strip()) or os.environ.get(ENV_VAR, "").strip())


def find_by_prefix(repo: PostmortemRepository, prefix: str) -> str:
    """The one stored id that starts with ``prefix``; raises ``LookupError`` otherwise."""
    prefix = prefix.strip().lower()
    matches = [s.id for s in repo.list_summaries() if s.id.startswith(prefix)] if prefix else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no postmortem with id {prefix!r} (see 'hindsight list')")
    raise LookupError(f"id {prefix!r} is ambiguous: {len(matches)} postmortems start with it")


def _cmd_import(repo: PostmortemRepository, files: list[Path]) -> int:
    from desktop_app.formats.importer import already_imported, copy_note, duplicate_note, import_path

    failed = 0
    stored = [(s.id, s.title, s.incident_date) for s in repo.list_summaries()] if files else []
    for path in files:
        try:
            result = import_path(path)
        except ImportFailure as exc:
            _err(f"error: {exc}")
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            _err(f"error: {path}: could not be imported ({type(exc).__name__}: {exc})")
            failed += 1
            continue
        stored_title = repo.get(result.postmortem.id).title if repo.exists(result.postmortem.id) else None
        same = already_imported(result.postmortem.title, result.postmortem.incident_date, stored)
        pm = repo.add_imported(result.postmortem)
        stored.append((pm.id, pm.title, pm.incident_date))
        for w in result.warnings:
            where = f"{path}:{w.line}" if w.line else str(path)
            print(f"{where}: warning: {w.message}", file=sys.stderr)
        if stored_title is not None:
            print(f"{path}: {copy_note(stored_title)}", file=sys.stderr)
        elif same is not None:
            print(f"{path}: warning: {duplicate_note(same, pm.id)}", file=sys.stderr)
        print(f"{pm.id}\t{path}")
    return 1 if failed else 0


def _cmd_list(repo: PostmortemRepository, where: str) -> int:
    summaries = repo.list_summaries()
    if not summaries:
        _err(f"no postmortems are stored in {where} yet (hindsight import FILE... adds some)")
    for s in summaries:
        date = s.incident_date.isoformat() if s.incident_date else "-"
        severity = s.severity.value if s.severity else "-"
        print(f"{s.id}\t{date}\t{severity}\t{s.status.value}\t{s.title}")
    return 0


STDOUT = "-"
"""``-o -`` writes the export to standard output."""


def _cmd_export(repo: PostmortemRepository, args: argparse.Namespace) -> int:
    from desktop_app.formats.export_options import ExportOptions
    from desktop_app.formats.export_render import render_export

    pm = repo.get(find_by_prefix(repo, args.id))
    out: Path = args.output
    options = ExportOptions(
        organisation=getattr(args, "organisation", "") or "",
        confidentiality=getattr(args, "confidentiality", "") or "",
        logo_path=str(getattr(args, "logo", "") or ""),
        redact=bool(getattr(args, "redact", False)),
    )
    data = render_export(args.format, pm, options)
    if str(out) == STDOUT:
        stream = sys.stdout.buffer
        stream.write(data)  # bytes as they are (a PDF too), nothing else: the path is not printed
        stream.flush()
        return 0
    write_atomically(out, data)
    print(out)
    return 0


def _database_path(url: str | None) -> Path:

    path = database_file(resolve_database_url(url))
    if path is None:
        raise DatabaseError("Backups are made of SQLite database files only (this database is not one).")
    return path


def _cmd_backup(url: str | None) -> int:
    from desktop_app.storage.backups import make_backup

    print(make_backup(_database_path(url)).path)
    return 0


LAST_RESTORE_NOTE = "(the database the last restore replaced: restoring it undoes that restore)"
"""How ``hindsight backups`` marks the newest before-restore copy."""


def _backup_lines(path: Path) -> list[tuple[Path, str]]:
    """``hindsight backups``' rows: each backup's path and description, the last restore's copy marked."""
    from desktop_app.storage.backups import BEFORE_RESTORE, list_backups

    found = list_backups(path)
    last_restore = next((b.path for b in found if b.kind == BEFORE_RESTORE), None)
    return [(b.path, f"{b.describe()}  {LAST_RESTORE_NOTE}" if b.path == last_restore else b.describe())
            for b in found]


def _cmd_backups(url: str | None) -> int:
    path = _database_path(url)
    lines = _backup_lines(path)
    if not lines:
        print(f"No backups of {path} yet ('hindsight backup' makes one).", file=sys.stderr)
    for number, (backup, description) in enumerate(lines, start=1):
        print(f"{number}\t{description}\t{backup}")
    return 0


def _renumbered(path: Path, kept: Path, restored: Path) -> str:
    """After a restore the list is numbered anew (the kept copy is the newest): say where both are now."""
    from desktop_app.storage.backups import check_integrity

    numbers = {backup.resolve(): number for number, (backup, _) in enumerate(_backup_lines(path), start=1)}
    kept, restored = kept.resolve(), restored.resolve()
    undoable = kept in numbers and check_integrity(kept) == "ok"  # a damaged copy is kept, not restorable
    hint = (f"It is #{numbers[kept]} in 'hindsight backups' now: 'hindsight restore {numbers[kept]}' "
            "would undo this restore." if undoable else "")
    if restored in numbers:
        hint += f" The backup you restored is #{numbers[restored]}."
    return hint.strip()


def _ensure_replaceable(path: Path, read_only: bool) -> None:
    """Refuse to restore over a database opened read-only, or one whose file or folder cannot be written."""
    if read_only:
        reason = "opened with --read-only or $HINDSIGHT_READ_ONLY"
    elif path.exists() and not (writable_file(path) and os.access(path.parent, os.W_OK)):
        reason = "the file or its folder cannot be written"
    else:
        return
    raise DatabaseError(
        f"{path} is read-only ({reason}): restoring would replace it, so nothing was changed. "
        "Copy the database and its backups to a writable folder to restore there."
    )


def _cmd_restore(url: str | None, args: argparse.Namespace) -> int:
    from desktop_app.storage.backups import ensure_not_in_use, list_backups, restore_backup

    path = _database_path(url)
    _ensure_replaceable(path, bool(getattr(args, "read_only", False)))
    ensure_not_in_use(path)  # before asking: another window or command has the database open
    choice = str(args.backup).strip()
    if choice.isdigit():
        found = list_backups(path)
        if not 1 <= int(choice) <= len(found):
            raise LookupError(f"there is no backup number {choice} (see 'hindsight backups': {len(found)} listed)")
        backup = found[int(choice) - 1].path
    else:
        backup = Path(choice).expanduser()
    if not args.yes:
        if not sys.stdin.isatty():
            raise LookupError("restoring replaces the database: add --yes to confirm")
        answer = input(f"Replace {path} with {backup}? The current database is kept as a backup first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.", file=sys.stderr)
            return 1
    kept = restore_backup(backup, path)
    if kept is not None:
        print(f"The replaced database was kept as {kept}", file=sys.stderr)
        hint = _renumbered(path, kept, backup)
        if hint:
            print(hint, file=sys.stderr)
    print(path)
    return 0


def run_command(command: str, args: argparse.Namespace, url: str | None) -> int:
    """Run a command-line subcommand; errors go to stderr with a non-zero exit code."""
    from desktop_app.storage.backups import BackupError

    try:
        if command == "backup":
            return _cmd_backup(url)
        if command == "backups":
            return _cmd_backups(url)
        if command == "restore":
            return _cmd_restore(url, args)
        repo = open_repository(url, read_only=bool(getattr(args, "read_only", False)))
        try:
            if command == "import" and is_read_only(repo.engine):
                raise ReadOnlyDatabaseError(_where(url, repo))  # before reading any file
            with _session(url, repo, command):
                if command == "import":
                    return _cmd_import(repo, args.files)
                if command == "list":
                    return _cmd_list(repo, _where(url, repo))
                if command == "export":
                    return _cmd_export(repo, args)
        finally:
            repo.engine.dispose()
    except DamagedDatabaseError as exc:
        _err(f"error: {exc} {_restore_hint(url)}".rstrip())
        return 2
    except ForeignDatabaseError as exc:
        _err(f"error: {exc} {OPEN_ANOTHER}")
        return 2
    except (DatabaseError, BackupError, LookupError, NotFoundError, ExportFailure) as exc:
        _err(f"error: {exc}")
        return 2
    raise AssertionError(f"unknown command {command}")


OPEN_ANOTHER = "Use --database to open another file."
"""The command line's way to another database (the window has a button for it)."""


def _restore_hint(url: str | None) -> str:
    """The command line's ways out for a damaged database: another file, or a backup when it has some."""
    from desktop_app.storage.backups import list_backups

    try:
        path = _database_path(url)
    except DatabaseError:
        return OPEN_ANOTHER
    found = list_backups(path)
    if not found:
        return "Use --database to open another file; it has no backups to restore."
    return (f"Use --database to open another file, or 'hindsight restore' to restore a backup: "
            f"'hindsight backups' lists its {len(found)} backup{'s' if len(found) > 1 else ''}; "
            "'hindsight restore N' goes back to backup number N.")


def _where(url: str | None, repo: PostmortemRepository) -> str:
    """The database file (or URL) for messages."""

    path = database_file(resolve_database_url(url))
    return str(path) if path is not None else repo.engine.url.render_as_string(hide_password=True)


def run_gui(url: str | None, *, read_only: bool = False) -> int:
    """Open the main window on the database; a database that cannot be opened is reported.

    A database opened read-only (``read_only``, or one that cannot be written) gets no session
    marker, crash check or automatic backup: the window only reads it.
    """
    from desktop_app.ui.application import run_gui as start

    try:
        db_path = database_file(resolve_database_url(url))
    except DatabaseError as exc:
        _err(f"error: {exc}")
        from desktop_app.ui.application import show_startup_error

        show_startup_error(str(exc))
        return 2
    created = f"Created a new, empty database at {db_path}." if _is_new(db_path) and _named_by_user(url) else None
    while True:
        try:
            repo = open_repository(url, read_only=read_only)
            if is_read_only(repo.engine):
                report = None
                break
            report = _check_unclean_exit(db_path, repo)
            if report is None or report.intact:
                break
            repo.engine.dispose()
            problem = report.message
        except DatabaseError as exc:
            problem = str(exc)
        _err(f"error: {problem}")
        from desktop_app.ui.application import recover_from_startup_error

        answer: bool | Path = recover_from_startup_error(problem, db_path)
        if answer is False:
            return 2
        if isinstance(answer, Path):  # "Open another database file…"
            url, db_path = str(answer), answer
    notice = None
    if report is not None:
        notice = report.message
        print(notice, file=sys.stderr)
    writable = not is_read_only(repo.engine)
    marker = _open_marker(db_path, "window") if writable else None
    schedule = None
    try:
        if writable:
            _daily_backup(db_path)
            if db_path is not None:  # a window left open for days still gets one backup a day
                from desktop_app.storage.backups import DailyBackups

                schedule = DailyBackups(
                    db_path, interval_s=BACKUP_CHECK_S, report=lambda text: _err(f"warning: {text}")
                ).start()
        code = start(repo, argv=sys.argv, notice=notice, status=created)
    finally:
        if schedule is not None:
            schedule.stop()
        repo.engine.dispose()
        if marker is not None:
            marker.close()
    if writable:
        _daily_backup(db_path)
    return code


def _check_unclean_exit(db_path: Path | None, repo: PostmortemRepository) -> UncleanExit | None:
    """The check after a run that did not quit cleanly (``None`` after a clean one)."""
    from desktop_app.storage.unclean_exit import check_after_unclean_exit

    return None if db_path is None else check_after_unclean_exit(db_path, repo.engine)


def _open_marker(db_path: Path | None, purpose: str) -> Session | None:
    """This process's session marker beside the database; a folder that refuses it only warns."""
    from desktop_app.storage.session_marker import Session

    if db_path is None:
        return None
    try:
        return Session(db_path, purpose).open()
    except OSError as exc:
        _err(f"warning: cannot mark {db_path} as open ({exc.strerror or exc}); a crash would go unnoticed")
        return None


@contextmanager
def _session(url: str | None, repo: PostmortemRepository, command: str) -> Iterator[None]:
    """A command's run on the database: check after an unclean exit (one line on stderr), mark it open."""

    if is_read_only(repo.engine):  # nothing to check or mark: this run cannot change the database
        yield
        return
    db_path = database_file(resolve_database_url(url))
    report = _check_unclean_exit(db_path, repo)
    if report is not None:
        if not report.intact:
            raise DamagedDatabaseError(report.message)
        print(report.message, file=sys.stderr)
    marker = _open_marker(db_path, command)
    try:
        yield
    finally:
        if marker is not None:
            marker.close()


def _daily_backup(db_path: Path | None) -> None:
    """The rolling backup at start-up and on quit (one a day, the last seven kept); failures are reported only."""
    from desktop_app.storage.backups import BackupError, auto_backup

    if db_path is None:
        return
    try:
        auto_backup(db_path)
    except (BackupError, OSError) as exc:
        _err(f"warning: no automatic backup was made: {exc}")
