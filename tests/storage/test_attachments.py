"""Evidence file paths stay inside the attachments folder: no '..', no absolute paths, no links out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.storage.attachments import UnsafePathError, attachments_folder, resolve_attachment


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = attachments_folder(tmp_path / "hindsight.db")
    (folder / "logs").mkdir(parents=True)
    return folder


@pytest.mark.parametrize(
    ("given", "inside"),
    [
        ("logs/db.log", "logs/db.log"),
        ("logs\\db.log", "logs/db.log"),
        ("./logs//db.log", "logs/db.log"),
        ("グラフ <1> & 2.png", "グラフ <1> & 2.png"),
        ("not-there-yet.txt", "not-there-yet.txt"),
    ],
)
def test_relative_paths_resolve_inside(folder: Path, given: str, inside: str) -> None:
    assert resolve_attachment(folder, given) == folder.resolve() / inside


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("../secrets.txt", "leads out of the attachments folder (it uses '..')"),
        ("logs/../../etc/passwd", "leads out of the attachments folder (it uses '..')"),
        ("..\\..\\boot.ini", "leads out of the attachments folder (it uses '..')"),
        ("/etc/passwd", "is an absolute path"),
        ("C:\\Windows\\win.ini", "is an absolute path"),
        ("c:relative-to-drive.txt", "is an absolute path"),
        ("\\\\server\\share\\x", "is an absolute path"),
        ("~/.ssh/id_rsa", "is an absolute path"),
    ],
)
def test_escaping_paths_are_refused(folder: Path, given: str, reason: str) -> None:
    with pytest.raises(UnsafePathError) as caught:
        resolve_attachment(folder, given)
    assert str(caught.value).startswith(f"The evidence file {given!r} {reason}")


def test_empty_and_nul_names_are_refused(folder: Path) -> None:
    with pytest.raises(UnsafePathError, match="The evidence file name is empty"):
        resolve_attachment(folder, "  ")
    with pytest.raises(UnsafePathError, match="contains a NUL character"):
        resolve_attachment(folder, "a\x00b")


def test_links_that_lead_out_are_refused(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    os.symlink(secret, folder / "innocent.log")
    os.symlink(tmp_path, folder / "logs" / "up")
    os.symlink(folder / "logs", folder / "inside-link")
    with pytest.raises(UnsafePathError, match=f"is a link to {secret}, outside the attachments folder"):
        resolve_attachment(folder, "innocent.log")
    with pytest.raises(UnsafePathError, match="outside the attachments folder"):
        resolve_attachment(folder, "logs/up/secret.txt")
    assert resolve_attachment(folder, "inside-link/db.log") == folder.resolve() / "logs" / "db.log"
