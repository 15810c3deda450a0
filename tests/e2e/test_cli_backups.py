"""``hindsight backup``, ``backups`` and ``restore``, run as real processes."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

from desktop_app.domain.models import Postmortem
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository


def hindsight(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--database", str(db)],
        capture_output=True, text=True, timeout=120, check=False, input=stdin,
    )


def _titles(db: Path) -> list[str]:
    engine = open_database(f"sqlite:///{db}")
    try:
        return sorted(s.title for s in PostmortemRepository(engine).list_summaries())
    finally:
        engine.dispose()


def _add(db: Path, pm_id: str, title: str) -> None:
    engine = open_database(f"sqlite:///{db}")
    try:
        PostmortemRepository(engine).add(Postmortem(id=pm_id, title=title))
    finally:
        engine.dispose()


def test_backup_list_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _add(db, "one", "First <one> — 一")
    made = hindsight("backup", db=db)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == tmp_path / "backups"
    assert re.fullmatch(r"h\.db\.\d{8}-\d{6}\.manual\.bak", backup.name)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    _add(db, "two", "Second")
    listed = hindsight("backups", db=db)
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    number, description, path = line.split("\t")
    assert (number, path) == ("1", str(backup))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d  Manual  \d+\.\d KB", description)

    refused = hindsight("restore", "1", db=db, stdin="")
    assert refused.returncode == 2
    assert refused.stderr == "hindsight: error: restoring replaces the database: add --yes to confirm\n"
    assert _titles(db) == ["First <one> — 一", "Second"]

    restored = hindsight("restore", "1", "--yes", db=db)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == f"{db}\n"
    kept_line, hint = restored.stderr.splitlines()
    kept = Path(kept_line.removeprefix("The replaced database was kept as "))
    assert kept.parent == tmp_path / "backups" and kept.name.endswith(".before-restore.bak")
    # the numbers moved: the kept copy is the newest, so a second 'restore 1' would undo the first
    assert hint == (
        "It is #1 in 'hindsight backups' now: 'hindsight restore 1' would undo this restore. "
        "The backup you restored is #2."
    )
    assert _titles(db) == ["First <one> — 一"]
    assert _titles(kept) == ["First <one> — 一", "Second"]
    listed = hindsight("backups", db=db)
    first, second = (line.split("\t") for line in listed.stdout.splitlines())
    assert (first[0], first[2], second[0], second[2]) == ("1", str(kept), "2", str(backup))
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d  Before restore  \d+\.\d KB  "
        r"\(the database the last restore replaced: restoring it undoes that restore\)",
        first[1],
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d  Manual  \d+\.\d KB", second[1])

    # the restore itself can be undone by restoring the kept file by path
    undone = hindsight("restore", str(kept), "--yes", db=db)
    assert undone.returncode == 0, undone.stderr
    assert _titles(db) == ["First <one> — 一", "Second"]


def test_restore_over_a_corrupt_database_and_bad_choices(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _add(db, "one", "Kept safe")
    assert hindsight("backup", db=db).returncode == 0
    garbage = b"SQLite format 3\x00" + b"\x13" * 5000
    db.write_bytes(garbage)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)

    Path(f"{db}-wal").write_bytes(b"")  # an empty log, as a crash may leave: not worth a copy
    listed = hindsight("list", db=db)
    assert listed.returncode == 2
    assert listed.stderr.startswith(f"hindsight: error: {db} is not a Hindsight database")
    assert listed.stderr.endswith(
        "'hindsight backups' lists its 1 backup; 'hindsight restore N' goes back to backup number N.\n"
    )
    assert db.read_bytes() == garbage

    no_backup = hindsight("backup", db=db)
    assert no_backup.returncode == 2
    assert no_backup.stderr == (
        f"hindsight: error: {db} is not a Hindsight database: it is not an SQLite file or it is damaged "
        "(file is not a database). The file was left untouched. Use --database to open another file, or "
        "'hindsight restore' to restore a backup: 'hindsight backups' lists its 1 backup; "
        "'hindsight restore N' goes back to backup number N.\n"
    )
    assert len(list((tmp_path / "backups").iterdir())) == 1  # nothing half-made is left

    missing = hindsight("restore", "7", "--yes", db=db)
    assert missing.returncode == 2
    assert missing.stderr == "hindsight: error: there is no backup number 7 (see 'hindsight backups': 1 listed)\n"

    restored = hindsight("restore", "1", "--yes", db=db)
    assert restored.returncode == 0, restored.stderr
    assert _titles(db) == ["Kept safe"]
    kept_line, hint = restored.stderr.splitlines()
    kept = Path(kept_line.removeprefix("The replaced database was kept as "))
    assert kept.read_bytes() == garbage
    assert hint == "The backup you restored is #2."  # restoring the damaged copy would undo nothing useful
    assert not Path(f"{kept}-wal").exists()


def test_backups_of_a_database_without_any(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _add(db, "one", "x")
    listed = hindsight("backups", db=db)
    assert (listed.returncode, listed.stdout) == (0, "")
    assert listed.stderr == f"No backups of {db} yet ('hindsight backup' makes one).\n"
