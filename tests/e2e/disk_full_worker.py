"""Runs inside a small tmpfs (see ``test_disk_full_real.py``): fills it, then saves, opens, lists and
backs up the database there, and prints what each said as JSON. Not a test by itself."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.__main__ import main  # noqa: E402
from desktop_app.domain.models import Postmortem, TimelineEvent  # noqa: E402
from desktop_app.storage.database import DatabaseError, open_database, storage_error_message  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402


def fill(folder: Path) -> None:
    """Write a file until the disk refuses more."""
    chunk = b"\0" * 4096
    with (folder / "filler").open("wb", buffering=0) as handle:
        for size in (4096, 512, 1):
            try:
                while True:
                    handle.write(chunk[:size])
            except OSError:
                pass


def cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def run(folder: Path) -> dict[str, object]:
    db = folder / "h.db"
    url = f"sqlite:///{db}"
    result: dict[str, object] = {}
    engine = open_database(url)
    repo = PostmortemRepository(engine)
    repo.add(Postmortem(id="pm", title="Stored title"))
    pm, version = repo.get_with_version("pm")
    fill(folder)
    result["free"] = shutil.disk_usage(folder).free

    pm.title = "Typed while the disk is full"
    pm.timeline = [TimelineEvent(id=f"e{i}", description="x" * 2000) for i in range(300)]
    try:
        repo.save(pm, expected_version=version)
        result["save"] = "saved"
    except Exception as exc:  # noqa: BLE001 - what the window would show
        result["save"] = storage_error_message(exc, url)
    engine.dispose()

    try:
        open_database(url).dispose()
        result["open"] = "opened"
    except DatabaseError as exc:
        result["open"] = [type(exc).__name__, str(exc)]
    result["list"] = cli("list", "--database", str(db))
    result["backup"] = cli("backup", "--database", str(db))

    from desktop_app.ui.restore_dialog import startup_problem

    problem = startup_problem(str(result["open"][1]) if isinstance(result["open"], list) else "", db)
    result["dialog"] = [problem.headline, [choice.value for choice in problem.offers]]

    (folder / "filler").unlink()
    engine = open_database(url)
    stored = PostmortemRepository(engine).get("pm")
    result["after"] = [stored.title, len(stored.timeline)]
    engine.dispose()
    connection = sqlite3.connect(db)
    result["integrity"] = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    result["files"] = sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))
    return result


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))
