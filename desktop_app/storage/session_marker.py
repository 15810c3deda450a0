"""Session markers: which processes have a database open, and whether the last one quit cleanly.

Every Hindsight process that opens a database (the window, and the ``import``, ``list``
and ``export`` commands) writes a small marker file beside it for as long as it runs:
``<name>.session-<host>-<pid>`` (0600) holding its pid, host, start time and the
kernel's start time of the process (so a pid reused later is not mistaken for it). A
clean exit removes the marker. A marker whose process no longer runs is *stale*: that
process crashed, was killed or lost power, and the next start checks the database.

Several live markers are normal (two windows on one database are supported); a restore
refuses to replace the database while another live process holds it. Markers of another
host (a database on a shared drive) cannot be checked and count as live.
"""

from __future__ import annotations

import json
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SUFFIX = ".session-"
WINDOW = "window"
"""The ``purpose`` of a marker written by the GUI; commands use their name (``import`` …)."""


def _safe_host(host: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "_", host)[:64] or "host"


def this_host() -> str:
    """The host name as it appears in marker file names."""
    return _safe_host(socket.gethostname())


def process_start(pid: int) -> str | None:
    """The kernel's start time of process ``pid`` (``/proc/<pid>/stat`` field 22), if the system tells."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


def _pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    except OSError:  # pragma: no cover - e.g. an unsupported platform; assume it runs
        return True
    return True


@dataclass(frozen=True)
class SessionInfo:
    """One marker file and what it says.

    Attributes:
        path: the marker file.
        pid: the process that wrote it.
        host: the host it runs on (as in the file name).
        started: when it started (UTC), or ``None`` if the marker was cut short.
        process_start: the kernel's start time of that process, when known.
        purpose: ``window`` or the command's name.
    """

    path: Path
    pid: int
    host: str
    started: datetime | None = None
    process_start: str | None = None
    purpose: str = WINDOW

    def is_alive(self) -> bool:
        """Whether the process that wrote the marker still runs (markers of other hosts: assumed so)."""
        if self.host != this_host():
            return True
        if not _pid_running(self.pid):
            return False
        if self.process_start is None:
            return True
        return process_start(self.pid) in (None, self.process_start)

    def is_this_process(self) -> bool:
        """Whether the marker was written by the running process."""
        return (
            self.host == this_host()
            and self.pid == os.getpid()
            and self.process_start in (None, process_start(self.pid))
        )

    def holder(self) -> str:
        """Who holds the database, for messages: ``the other Hindsight window (pid 12)`` …"""
        where = "" if self.host == this_host() else f" on {self.host}"
        if self.purpose == WINDOW:
            return f"the other Hindsight window (pid {self.pid}{where})"
        return f"the running 'hindsight {self.purpose}' (pid {self.pid}{where})"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(Path(db_path).name) + re.escape(SUFFIX) + r"(?P<host>.+)-(?P<pid>\d+)")


def marker_path(db_path: Path, pid: int | None = None, host: str | None = None) -> Path:
    """Where the process ``pid`` (default: this one) marks that it has ``db_path`` open."""
    db_path = Path(db_path)
    number = os.getpid() if pid is None else pid
    return db_path.with_name(f"{db_path.name}{SUFFIX}{host or this_host()}-{number}")


def _read(path: Path, host: str, pid: int) -> SessionInfo:
    """The marker at ``path``; one cut short (a kill while it was written) keeps what its name says."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        started = datetime.fromisoformat(str(data["started"]))
        return SessionInfo(
            path, pid, host, started,
            None if data.get("process_start") is None else str(data["process_start"]),
            str(data.get("purpose") or WINDOW),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return SessionInfo(path, pid, host)


def sessions(db_path: Path) -> list[SessionInfo]:
    """Every marker beside ``db_path``, oldest pid first."""
    db_path = Path(db_path)
    pattern = _pattern(db_path)
    found = []
    try:
        entries = list(db_path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or entry.is_symlink() or not entry.is_file():
            continue
        found.append(_read(entry, match["host"], int(match["pid"])))
    return sorted(found, key=lambda s: (s.host, s.pid))


def others_alive(db_path: Path) -> list[SessionInfo]:
    """Markers of other processes that still run: they have the database open now."""
    return [s for s in sessions(db_path) if not s.is_this_process() and s.is_alive()]


def stale(db_path: Path) -> list[SessionInfo]:
    """Markers whose process is gone without removing them: it did not quit cleanly."""
    return [s for s in sessions(db_path) if not s.is_this_process() and not s.is_alive()]


def clear(markers: list[SessionInfo]) -> bool:
    """Remove ``markers``; True if this call removed at least one (another process may race for them)."""
    removed = False
    for marker in markers:
        try:
            marker.path.unlink()
            removed = True
        except FileNotFoundError:
            continue
        except OSError:  # pragma: no cover - e.g. the folder became read-only
            continue
    return removed


def clear_stale(db_path: Path) -> bool:
    """Forget earlier unclean exits (after a restore or a new database there is nothing to check)."""
    return clear(stale(db_path))


class Session:
    """This process's marker for one database; ``close()`` (or leaving the ``with``) removes it."""

    def __init__(self, db_path: Path, purpose: str = WINDOW) -> None:
        self.db_path = Path(db_path)
        self.path = marker_path(self.db_path)
        self.purpose = purpose
        self._open = False

    def open(self) -> Session:
        """Write the marker (0600). Raises ``OSError`` if the folder cannot be written."""
        payload = json.dumps(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "process_start": process_start(os.getpid()),
                "purpose": self.purpose,
            }
        ).encode("utf-8")
        temporary = self.path.with_name(f".{self.path.name}.part")
        descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.write(descriptor, payload)
        finally:
            os.close(descriptor)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)  # a marker is whole or absent
        self._open = True
        return self

    def close(self) -> None:
        """Remove the marker: this process quits cleanly."""
        if self._open:
            self.path.unlink(missing_ok=True)
            self._open = False

    def __enter__(self) -> Session:
        return self.open()

    def __exit__(self, *_exc: object) -> None:
        self.close()


__all__ = [
    "Session",
    "SessionInfo",
    "WINDOW",
    "clear",
    "clear_stale",
    "marker_path",
    "others_alive",
    "process_start",
    "sessions",
    "stale",
    "this_host",
]
