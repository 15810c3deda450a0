"""Composition root: opens the database and wires storage, formats and the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure, ImportFailure
from desktop_app.storage.database import DatabaseError, open_database, resolve_database_url
from desktop_app.storage.repository import NotFoundError, PostmortemRepository


def _err(message: str) -> None:
    print(f"hindsight: {message}", file=sys.stderr)


def open_repository(url: str | None) -> PostmortemRepository:
    """The repository on ``url`` (or the configured/default database), migrated to the current schema."""
    return PostmortemRepository(open_database(resolve_database_url(url)))


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
    from desktop_app.formats.importer import import_path

    failed = 0
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
        pm = repo.add_imported(result.postmortem)
        for w in result.warnings:
            where = f"{path}:{w.line}" if w.line else str(path)
            print(f"{where}: warning: {w.message}", file=sys.stderr)
        print(f"{pm.id}\t{path}")
    return 1 if failed else 0


def _cmd_list(repo: PostmortemRepository) -> int:
    for s in repo.list_summaries():
        date = s.incident_date.isoformat() if s.incident_date else "-"
        severity = s.severity.value if s.severity else "-"
        print(f"{s.id}\t{date}\t{severity}\t{s.status.value}\t{s.title}")
    return 0


def _cmd_export(repo: PostmortemRepository, args: argparse.Namespace) -> int:
    pm = repo.get(find_by_prefix(repo, args.id))
    out: Path = args.output
    if args.format == "json":
        from desktop_app.formats.json_format import to_json

        write_atomically(out, to_json(pm).encode("utf-8"))
    elif args.format == "markdown":
        from desktop_app.formats.markdown_export import to_markdown

        write_atomically(out, to_markdown(pm).encode("utf-8"))
    elif args.format == "csv":
        from desktop_app.formats.csv_export import action_items_csv

        write_atomically(out, action_items_csv([pm]))
    elif args.format == "ics":
        from desktop_app.formats.ics_export import review_invite_ics

        write_atomically(out, review_invite_ics(pm))
    else:
        from desktop_app.formats.pdf_summary import write_summary_pdf

        write_summary_pdf(pm, out)
    print(out)
    return 0


def run_command(command: str, args: argparse.Namespace, url: str | None) -> int:
    """Run a command-line subcommand; errors go to stderr with a non-zero exit code."""
    try:
        repo = open_repository(url)
        if command == "import":
            return _cmd_import(repo, args.files)
        if command == "list":
            return _cmd_list(repo)
        if command == "export":
            return _cmd_export(repo, args)
    except (DatabaseError, LookupError, NotFoundError, ExportFailure) as exc:
        _err(f"error: {exc}")
        return 2
    raise AssertionError(f"unknown command {command}")


def run_gui(url: str | None) -> int:
    """Open the main window on the database; a database that cannot be opened is reported."""
    from desktop_app.ui.application import run_gui as start

    try:
        repo = open_repository(url)
    except DatabaseError as exc:
        _err(f"error: {exc}")
        from desktop_app.ui.application import show_startup_error

        show_startup_error(str(exc))
        return 2
    return start(repo, argv=sys.argv)
