"""Write a file so that readers see the old content or the new, never half of it.

The new content goes to ``.<name>.<8 random characters>.part`` beside the target and is
renamed over it. The file gets the mode a new file of the user gets (``0666`` less the
umask: ``0644`` with the usual umask 022), so a report saved to a shared folder is
readable by the team; ``private=True`` makes it ``0600`` whatever the umask. A process killed mid-write leaves that part file behind; the next export
into the same folder removes such leftovers once they are an hour old (only regular
files of this process's user that match the exact pattern).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from desktop_app.formats.errors import ExportFailure

PART_PATTERN = re.compile(r"\..+\.[a-z0-9_]{8}\.part")
"""``tempfile.mkstemp(prefix=".<name>.", suffix=".part")``: eight of ``[a-z0-9_]`` in between."""
STALE_PART_SECONDS = 3600.0
_PART_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
PUBLIC_MODE = 0o666
"""A new export's mode before the umask (the kernel applies it, as for any new file)."""
PRIVATE_MODE = 0o600


def clean_stale_parts(
    folder: Path, *, older_than: float = STALE_PART_SECONDS, now: float | None = None
) -> list[Path]:
    """Remove part files left in ``folder`` by interrupted writes, ``older_than`` seconds old; returns them.

    Best effort: a file that cannot be examined or removed is left alone.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not PART_PATTERN.fullmatch(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
            if uid is not None and info.st_uid != uid:
                continue
            if now - info.st_mtime < older_than:
                continue  # perhaps another export writing right now
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _part_file(folder: Path, name: str, mode: int) -> tuple[int, str]:
    """A new, exclusively created part file for ``name`` in ``folder``, opened for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tag = "".join(secrets.choice(_PART_LETTERS) for _ in range(8))
        tmp = os.path.join(folder, f".{name}.{tag}.part")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free part file name for {name}")


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    The file's mode is ``0666`` less the umask (``private``: ``0600``). Afterwards, stale
    part files of earlier interrupted writes in that folder are removed.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = _part_file(folder, path.name, PRIVATE_MODE if private else PUBLIC_MODE)
    except OSError as exc:
        reason = f"{exc.strerror or exc} ({folder})"
        raise ExportFailure(f"cannot write to {folder}: {exc.strerror or exc}", reason=reason) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportFailure(f"cannot write {path}: {exc.strerror or exc}", reason=str(exc.strerror or exc)) from exc
    clean_stale_parts(folder)
