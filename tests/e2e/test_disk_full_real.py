"""A real full disk: a 1 MB tmpfs, filled to the last byte, in a private mount namespace.

Saving, opening, listing and backing up there say the disk is full (and how much is free),
never that the database is damaged; the start-up dialog offers Try again, not a new database;
and once space is free again everything stored is there, intact. Skipped where the machine
does not let the test mount (CI runs as root, where it runs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("disk_full_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _can_mount_tmpfs(folder: Path) -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs '{folder}'"],
        capture_output=True, timeout=30, check=False,
    )
    return probe.returncode == 0


def test_a_real_full_disk_is_reported_as_full_not_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    if not _can_mount_tmpfs(folder):
        pytest.skip("this machine does not let the test mount a small tmpfs (unshare -m)")
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c",
         f"mount -t tmpfs -o size=1m,mode=0700 tmpfs '{folder}' && exec '{sys.executable}' '{WORKER}' '{folder}'"],
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    db = folder / "h.db"
    assert result["free"] == 0
    assert result["save"] == f"The disk holding {db} is full (0 B free). Free some space; saving is tried again on the next edit."
    full = f"The disk holding {db} is full (0 B free). Free some space, then try again; the database was left untouched."
    assert result["open"] == ["DiskFullError", full]
    assert result["list"] == [2, f"hindsight: error: {full}\n"]
    assert result["backup"] == [
        2, f"hindsight: error: The disk holding {folder / 'backups'} is full (0 B free): no backup was made. "
        "Free some space, then try again.\n",
    ]
    assert result["dialog"] == ["The disk is full", ["retry", "open", "quit"]]
    assert result["after"] == ["Stored title", 0]
    assert result["integrity"] == "ok"
    assert "damaged" not in done.stdout
    assert [name for name in result["files"] if name not in ("backups",)] == ["h.db"]
