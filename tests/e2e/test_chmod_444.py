"""A database file whose mode gives its owner no write permission (``chmod 444``) is read-only for
everyone, root included (``os.access`` lets root write anything): it opens read-only, an import and a
restore are refused, and its bytes never change."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.__main__ import main as cli_main
from desktop_app.domain.models import Postmortem
from desktop_app.storage.database import ReadOnlyDatabaseError, is_read_only, open_database
from desktop_app.storage.repository import PostmortemRepository

READ_ONLY_MESSAGE = "is read-only: changes cannot be saved. Copy it to a writable folder and open the copy to change it."


@pytest.fixture()
def locked(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    PostmortemRepository(engine).add(Postmortem(id="pm-1", title="Archived"))
    engine.dispose()
    db.chmod(0o444)
    yield db
    db.chmod(0o644)


def test_a_chmod_444_file_opens_read_only(locked: Path) -> None:
    before = locked.read_bytes()
    engine = open_database(f"sqlite:///{locked}")
    try:
        assert is_read_only(engine)
        repo = PostmortemRepository(engine)
        assert [s.title for s in repo.list_summaries()] == ["Archived"]
        with pytest.raises(ReadOnlyDatabaseError):
            repo.add(Postmortem(id="pm-2", title="New"))
    finally:
        engine.dispose()
    assert locked.read_bytes() == before


def test_the_command_line_refuses_to_import_into_or_restore_over_it(
    locked: Path, tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = locked.read_bytes()
    assert cli_main(["import", str(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md"), "--database", str(locked)]) == 2
    assert capsys.readouterr().err == f"hindsight: error: {locked} {READ_ONLY_MESSAGE}\n"
    assert cli_main(["restore", str(locked), "--yes", "--database", str(locked)]) == 2
    assert capsys.readouterr().err == (
        f"hindsight: error: {locked} is read-only (the file or its folder cannot be written): restoring would "
        "replace it, so nothing was changed. Copy the database and its backups to a writable folder to restore there.\n"
    )
    assert cli_main(["list", "--database", str(locked)]) == 0
    assert capsys.readouterr().out == "pm-1\t-\t-\tdraft\tArchived\n"
    assert locked.read_bytes() == before
    assert os.stat(locked).st_mode & 0o777 == 0o444
