"""Evidence and attachment files: where they live, and paths that cannot escape that folder.

An evidence item's ``file_path`` is text from the user or from an imported file. Before
any file is opened for it, ``resolve_attachment`` turns it into a path inside the
attachments folder, refusing ``..`` steps, absolute paths (POSIX, Windows drives and
UNC shares) and links that lead outside.
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


def resolve_attachment(folder: Path, file_path: str) -> Path:
    """The file ``file_path`` names inside ``folder``; ``UnsafePathError`` if it would lead elsewhere.

    ``file_path`` is relative, with ``/`` or ``\\`` between folders. Links are followed
    and the result must still be inside ``folder``. The file need not exist.
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
    base = Path(folder).resolve()
    target = base.joinpath(*parts)
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise UnsafePathError(
            f"The evidence file {shown} is a link to {resolved}, outside the attachments folder."
        )
    return resolved


__all__ = ["ATTACHMENTS_FOLDER", "UnsafePathError", "attachments_folder", "resolve_attachment"]
