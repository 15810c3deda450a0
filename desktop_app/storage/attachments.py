"""Evidence and attachment files: where they live, and paths that cannot escape that folder.

An evidence item's ``file_path`` is text from the user or from an imported file. Before
any file is opened for it, ``resolve_attachment`` turns it into a path inside the
attachments folder, refusing ``..`` steps, absolute paths (POSIX, Windows drives and
UNC shares) and links that lead outside. Hindsight itself opens no evidence file: the
Gather data page refuses a typed name that would escape (``attachment_problem``) and marks
one that came in with an import.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

ATTACHMENTS_FOLDER = "attachments"


class UnsafePathError(ValueError):
    """An attachment path points outside the attachments folder; the message names it."""


def attachments_folder(db_path: Path) -> Path:
    """The attachments folder of the database ``db_path`` (``attachments`` beside it; not created)."""
    return Path(db_path).parent / ATTACHMENTS_FOLDER


def _safe_parts(file_path: str) -> list[str]:
    """The folders and name ``file_path`` gives, checked without touching the disk.

    Raises ``UnsafePathError`` for an empty name, a NUL, an absolute path (POSIX, a Windows
    drive or UNC share, ``~``) or a ``..`` step.
    """
    shown = repr(file_path)
    text = file_path.strip()
    if not text:
        raise UnsafePathError("The evidence file name is empty.")
    if "\x00" in text:
        raise UnsafePathError(f"The evidence file name {shown} contains a NUL character.")
    windows = PureWindowsPath(text)
    if PurePosixPath(text).is_absolute() or windows.drive or windows.root or re.match(r"^~", text):
        raise UnsafePathError(
            f"The evidence file {shown} is an absolute path; only files inside the attachments folder can be opened."
        )
    parts = [part for part in re.split(r"[\\/]+", text) if part not in ("", ".")]
    if ".." in parts:
        raise UnsafePathError(f"The evidence file {shown} leads out of the attachments folder (it uses '..').")
    return parts


def attachment_problem(file_path: str) -> str | None:
    """Why the evidence file name ``file_path`` would lead out of the attachments folder, or ``None``.

    The check needs no folder (links are checked by ``resolve_attachment`` when a file is opened);
    an empty name is no problem here: the evidence then has no file.
    """
    if not file_path.strip():
        return None
    try:
        _safe_parts(file_path)
    except UnsafePathError as exc:
        return str(exc)
    return None


def resolve_attachment(folder: Path, file_path: str) -> Path:
    """The file ``file_path`` names inside ``folder``; ``UnsafePathError`` if it would lead elsewhere.

    ``file_path`` is relative, with ``/`` or ``\\`` between folders. Links are followed
    and the result must still be inside ``folder``. The file need not exist.
    """
    parts = _safe_parts(file_path)
    base = Path(folder).resolve()
    target = base.joinpath(*parts)
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise UnsafePathError(
            f"The evidence file {file_path!r} is a link to {resolved}, outside the attachments folder."
        )
    return resolved


__all__ = [
    "ATTACHMENTS_FOLDER", "UnsafePathError", "attachment_problem", "attachments_folder", "resolve_attachment",
]
