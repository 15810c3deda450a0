"""The command line on a read-only database: list, export and backups work; import and restore
say why they cannot, and the database is left exactly as it was.

Read-only comes from ``--read-only``, ``$HINDSIGHT_READ_ONLY=1``, or (where the machine lets a
test make one: ``unshare`` of a mount namespace) a real read-only bind mount, which even root
cannot write.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

READ_ONLY_MESSAGE = "is read-only: changes cannot be saved. Copy it to a writable folder and open the copy to change it."


def hindsight(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--database", str(db)],
        capture_output=True, text=True, timeout=120, check=False, env={**os.environ, **(env or {})},
    )


@pytest.fixture()
def archive(tmp_path: Path, corpus_dir: Path) -> tuple[Path, str]:
    """A database holding one imported postmortem, and its id."""
    db = tmp_path / "archive" / "h.db"
    db.parent.mkdir()
    done = hindsight("import", str(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md"), db=db)
    assert done.returncode == 0, done.stderr
    return db, done.stdout.split("\t")[0]


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith("-shm")}


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_list_and_export_work_and_import_and_restore_are_refused(
    archive: tuple[Path, str], tmp_path: Path, corpus_dir: Path, how: str
) -> None:
    db, pm_id = archive
    flag = ("--read-only",) if how == "flag" else ()
    env = {"HINDSIGHT_READ_ONLY": "1"} if how == "environment" else {}
    before = db.read_bytes()

    listed = hindsight("list", *flag, db=db, env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[0] == pm_id and listed.stdout.rstrip().endswith("Bad AWS EKS AMI")

    out = tmp_path / "eks.md"
    exported = hindsight("export", pm_id[:8], "--format", "markdown", "-o", str(out), *flag, db=db, env=env)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8").startswith("# Bad AWS EKS AMI")

    backups = hindsight("backups", *flag, db=db, env=env)
    assert backups.returncode == 0, backups.stderr
    assert backups.stderr == f"No backups of {db} yet ('hindsight backup' makes one).\n"

    imported = hindsight("import", str(corpus_dir / "hachyderm-2022-12-13-root-fs-full.md"), *flag, db=db, env=env)
    assert imported.returncode == 2
    assert imported.stderr == f"hindsight: error: {db} {READ_ONLY_MESSAGE}\n"

    restored = hindsight("restore", str(db), "--yes", *flag, db=db, env=env)
    assert restored.returncode == 2
    assert restored.stderr == (
        f"hindsight: error: {db} is read-only (opened with --read-only or $HINDSIGHT_READ_ONLY): restoring would "
        "replace it, so nothing was changed. Copy the database and its backups to a writable folder to restore there.\n"
    )

    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["h.db"]  # no backups
    assert [line.split("\t")[4] for line in hindsight("list", db=db).stdout.splitlines()] == ["Bad AWS EKS AMI"]


def _can_mount_read_only(folder: Path) -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"],
        capture_output=True, timeout=30, check=False,
    )
    return probe.returncode == 0


def _in_read_only_mount(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``hindsight ARGS`` in a private mount namespace where ``folder`` is mounted read-only."""
    command = " ".join(f"'{a}'" for a in [sys.executable, "-m", "desktop_app", *args])
    return subprocess.run(
        ["unshare", "-m", "sh", "-c",
         f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && exec {command}"],
        capture_output=True, text=True, timeout=120, check=False, cwd=Path(__file__).resolve().parents[2],
    )


def test_a_real_read_only_mount_opens_read_only_by_itself(
    archive: tuple[Path, str], tmp_path: Path, corpus_dir: Path
) -> None:
    db, pm_id = archive
    if not _can_mount_read_only(db.parent):
        pytest.skip("this machine does not let the test make a read-only mount (unshare -m)")
    before = _folder_state(db.parent)
    assert sorted(before) == ["h.db"]  # cleanly closed: no -wal, so SQLite needs immutable=1 there

    listed = _in_read_only_mount(db.parent, "list", "--database", str(db))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[0] == pm_id
    assert listed.stderr == ""  # no warning about markers or backups: nothing is written

    out = tmp_path / "eks.json"
    exported = _in_read_only_mount(db.parent, "export", pm_id, "--format", "json", "-o", str(out), "--database", str(db))
    assert exported.returncode == 0, exported.stderr
    assert '"title": "Bad AWS EKS AMI"' in out.read_text(encoding="utf-8")

    imported = _in_read_only_mount(
        db.parent, "import", str(corpus_dir / "hachyderm-2022-12-13-root-fs-full.md"), "--database", str(db)
    )
    assert imported.returncode == 2
    assert imported.stderr == f"hindsight: error: {db} {READ_ONLY_MESSAGE}\n"
    assert _folder_state(db.parent) == before
