"""Command line: the GUI by default, plus ``import``, ``list`` and ``export`` without a display."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import APP_NAME, __version__

EXPORT_FORMATS = ("summary-pdf", "full-pdf", "json", "markdown", "csv", "ics")


def _parser() -> argparse.ArgumentParser:
    db_help = "database URL (default: $HINDSIGHT_DATABASE_URL, else SQLite in the user data folder)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=db_help)
    common.add_argument(
        "--read-only", action="store_true", default=argparse.SUPPRESS,
        help="open the database read-only: read, search and export, but change nothing "
        "(also $HINDSIGHT_READ_ONLY=1; a database that cannot be written opens read-only anyway)",
    )

    parser = argparse.ArgumentParser(
        prog="hindsight",
        description=f"{APP_NAME}: blameless incident postmortems. With no command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_import = sub.add_parser("import", parents=[common], help="import Markdown or JSON postmortems")
    p_import.add_argument("files", nargs="+", type=Path, metavar="FILE")

    sub.add_parser("list", parents=[common], help="list stored postmortems")

    p_export = sub.add_parser("export", parents=[common], help="export one postmortem")
    p_export.add_argument("id", metavar="ID", help="postmortem id (a unique prefix is enough)")
    p_export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p_export.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                          help="the file to write; - writes to standard output")

    sub.add_parser("backup", parents=[common], help="back the database up now and print the backup's path")
    sub.add_parser("backups", parents=[common], help="list the database's backups, newest first")
    p_restore = sub.add_parser("restore", parents=[common], help="replace the database with a backup")
    p_restore.add_argument("backup", metavar="BACKUP", help="a backup file, or its number in 'hindsight backups'")
    p_restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p_export.add_argument(
        "--redact", action="store_true", help="replace person names with their roles (Responder 1, …)"
    )
    p_export.add_argument("--organisation", default="", metavar="NAME", help="organisation name in PDF footers")
    p_export.add_argument(
        "--confidentiality", default="", metavar="LABEL", help="label in PDF footers, e.g. Internal"
    )
    p_export.add_argument("--logo", default="", metavar="IMAGE", help="small PNG or JPEG logo for the PDFs")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run; returns the process exit code."""
    args = _parser().parse_args(argv)
    from desktop_app import app

    url = getattr(args, "database", None)
    from desktop_app.storage.database import read_only_requested

    read_only = bool(getattr(args, "read_only", False)) or read_only_requested()
    args.read_only = read_only
    if args.command is None:
        return app.run_gui(url, read_only=read_only)
    _stop_on_termination_signals()
    try:
        return app.run_command(args.command, args, url)
    except BrokenPipeError:  # `hindsight list | head -1`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt as stop:
        print(f"hindsight: {args.command} interrupted; what was stored before stays, nothing is half-written",
              file=sys.stderr)
        number = stop.args[0] if stop.args and isinstance(stop.args[0], int) else signal.SIGINT
        return 128 + int(number)


def _stop_on_termination_signals() -> None:
    """SIGTERM / SIGHUP stop a command as Ctrl+C does: the transaction in progress rolls back,
    its session marker is removed and the exit status says so (128 + the signal's number)."""

    def stop(number: int, _frame: object) -> None:
        raise KeyboardInterrupt(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


if __name__ == "__main__":
    sys.exit(main())
