"""After a crash: check the database the previous run left behind, and say what was kept.

``check_after_unclean_exit(db_path, engine)`` runs at start-up, after ``open_database``
(opening lets SQLite replay a write-ahead log the crashed process left). When a stale
session marker shows that the last run did not quit cleanly, it runs
``PRAGMA quick_check`` and reads the newest ``updated_at``; if the database is intact the
stale markers are removed (by exactly one of several processes starting at once) and the
report's ``message`` is the notice the window and the command line show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy import exc as sa_exc

from desktop_app.storage import session_marker

NOT_CLOSED = "Hindsight did not close properly last time."


@dataclass(frozen=True)
class UncleanExit:
    """What the start after an unclean exit found.

    Attributes:
        db_path: the database checked.
        problem: ``""`` when the database is intact, else what SQLite reported.
        last_saved: the newest ``updated_at`` of any postmortem (``None`` when there are none).
        markers: the stale markers that showed the unclean exit.
    """

    db_path: Path
    problem: str
    last_saved: datetime | None
    markers: tuple[session_marker.SessionInfo, ...] = ()

    @property
    def intact(self) -> bool:
        """Whether the check passed."""
        return not self.problem

    @property
    def message(self) -> str:
        """One line for the status bar, a notice or stderr."""
        if not self.intact:
            return (
                f"{NOT_CLOSED} The check of {self.db_path} found damage ({self.problem}). "
                "Restore a backup; the damaged file is kept."
            )
        if self.last_saved is None:
            return f"{NOT_CLOSED} The database was checked and is intact; it holds no postmortems."
        kept = format_local(self.last_saved)
        return f"{NOT_CLOSED} Your postmortems were checked and are intact; edits up to {kept} were kept."


def format_local(moment: datetime) -> str:
    """``2024-06-01 14:02:33`` in the computer's time zone."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def quick_check(engine: Engine) -> str:
    """``""`` if SQLite's ``PRAGMA quick_check`` passes, else what it (or the failed read) says."""
    try:
        with engine.connect() as connection:
            rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    except sa_exc.DBAPIError as exc:
        return str(getattr(exc, "orig", None) or exc).strip()
    return "" if rows == ["ok"] else "; ".join(rows[:5])


def last_saved(engine: Engine) -> datetime | None:
    """The newest ``updated_at`` of any stored postmortem (compared as instants, whatever their offsets)."""
    with engine.connect() as connection:
        values = connection.execute(text("SELECT updated_at FROM postmortems")).scalars().all()
    moments = []
    for value in values:
        try:
            moments.append(datetime.fromisoformat(str(value)))
        except ValueError:
            continue
    aware = [m for m in moments if m.tzinfo is not None]
    return max(aware) if aware else None


def check_after_unclean_exit(db_path: Path, engine: Engine) -> UncleanExit | None:
    """``None`` after a clean exit; else the check of the database ``engine`` opened at ``db_path``.

    An intact database's stale markers are removed; a damaged one's stay, so the next start
    checks again until the database is restored or replaced.
    """
    markers = session_marker.stale(db_path)
    if not markers:
        return None
    problem = quick_check(engine)
    newest: datetime | None = None
    if not problem:
        try:
            newest = last_saved(engine)
        except sa_exc.DBAPIError as exc:
            problem = str(getattr(exc, "orig", None) or exc).strip()
    report = UncleanExit(Path(db_path), problem, newest, tuple(markers))
    if report.intact and not session_marker.clear(markers):
        return None  # another process starting at the same moment reported it
    return report


__all__ = [
    "NOT_CLOSED",
    "UncleanExit",
    "check_after_unclean_exit",
    "format_local",
    "last_saved",
    "quick_check",
]
