"""The command line on a damaged file or another program's database: one friendly message for every
command (``backup`` too), command-line ways out (``--database``, ``hindsight restore``), exit code 2."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.__main__ import main as cli_main
from desktop_app.domain.models import Postmortem
from desktop_app.storage.backups import make_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

GARBAGE = b"SQLite format 3\x00" + b"\x13" * 5000


def _damaged_message(db: Path) -> str:
    return (f"hindsight: error: {db} is not a Hindsight database: it is not an SQLite file or it is damaged "
            "(file is not a database). The file was left untouched. ")


@pytest.mark.parametrize("command", [["backup"], ["list"], ["import", "x.md"]])
def test_a_damaged_file_without_backups(tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(GARBAGE)
    assert cli_main([*command, "--database", str(db)]) == 2
    assert capsys.readouterr().err == (
        _damaged_message(db) + "Use --database to open another file; it has no backups to restore.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db"]
    assert db.read_bytes() == GARBAGE


def test_backing_up_a_damaged_file_with_backups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    PostmortemRepository(engine).add(Postmortem(id="pm-1", title="Kept"))
    engine.dispose()
    make_backup(db, now=datetime(2024, 6, 1, 9, 30))
    make_backup(db, now=datetime(2024, 6, 2, 9, 30))
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    db.write_bytes(GARBAGE)
    assert cli_main(["backup", "--database", str(db)]) == 2
    assert capsys.readouterr().err == _damaged_message(db) + (
        "Use --database to open another file, or 'hindsight restore' to restore a backup: "
        "'hindsight backups' lists its 2 backups; 'hindsight restore N' goes back to backup number N.\n"
    )
    assert len(list((tmp_path / "backups").iterdir())) == 2


def test_another_programs_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    connection.close()
    before = db.read_bytes()
    assert cli_main(["list", "--database", str(db)]) == 2
    assert capsys.readouterr().err == (
        f"hindsight: error: {db} is an SQLite database of another program, not a Hindsight database. "
        "The file was left untouched. Use --database to open another file.\n"
    )
    assert db.read_bytes() == before
