"""Part files left by exports killed mid-write are removed by the next export into the folder, an hour later.

Only regular files named exactly as ``write_atomically`` names its temporary files
(``.<name>.<8 of [a-z0-9_]>.part``) and at least an hour old are removed; anything else
in the folder is left alone. The last test runs the real ``hindsight export``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from desktop_app.domain.models import Postmortem
from desktop_app.formats.atomic import PART_PATTERN, clean_stale_parts, write_atomically
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

HOUR = 3600.0


def _age(path: Path, seconds: float) -> Path:
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)
    return path


def _scene(folder: Path) -> dict[str, Path]:
    """Leftovers of interrupted writes, fresh part files, and look-alikes that are not ours."""
    made = {}
    for name, age in (
        (".report.pdf.k3j_9x0a.part", HOUR + 60),   # ours, stale
        (".actions.csv.abcdefgh.part", 5 * HOUR),   # ours, stale, another export's name
        (".report.pdf.zzzzzzzz.part", 60),          # ours, but written a minute ago
        (".report.pdf.short.part", 5 * HOUR),       # wrong random part
        (".report.pdf.ABCDEFGH.part", 5 * HOUR),    # upper case: not tempfile's
        ("report.pdf.abcdefgh.part", 5 * HOUR),     # not hidden
        (".report.pdf.abcdefgh.part.bak", 5 * HOUR),
        ("notes — 注意 <&>.md", 5 * HOUR),
    ):
        path = folder / name
        path.write_bytes(b"x")
        made[name] = _age(path, age)
    folder.joinpath(".dir.abcdefgh.part").mkdir()
    target = folder / "kept.txt"
    target.write_text("not a part file")
    link = folder / ".link.abcdefgh.part"
    link.symlink_to(target)
    _age(link, 5 * HOUR)
    return made


def test_only_stale_part_files_of_our_pattern_are_removed(tmp_path: Path) -> None:
    _scene(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    removed = clean_stale_parts(tmp_path)
    assert sorted(p.name for p in removed) == [".actions.csv.abcdefgh.part", ".report.pdf.k3j_9x0a.part"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        set(before) - {".actions.csv.abcdefgh.part", ".report.pdf.k3j_9x0a.part"}
    )
    assert (tmp_path / "kept.txt").read_text() == "not a part file"  # the link was not followed
    assert PART_PATTERN.fullmatch(".résumé 報告.pdf.a_b1c2d3.part")


def test_a_folder_that_cannot_be_listed_is_no_error(tmp_path: Path) -> None:
    assert clean_stale_parts(tmp_path / "missing") == []


def test_the_next_export_cleans_the_folder(tmp_path: Path) -> None:
    _scene(tmp_path)
    write_atomically(tmp_path / "report.pdf", b"%PDF new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        ".dir.abcdefgh.part", ".link.abcdefgh.part", ".report.pdf.ABCDEFGH.part",
        ".report.pdf.abcdefgh.part.bak", ".report.pdf.short.part", ".report.pdf.zzzzzzzz.part", "kept.txt",
        "notes — 注意 <&>.md", "report.pdf", "report.pdf.abcdefgh.part",
    ])
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF new"


def test_hindsight_export_removes_leftovers_of_a_killed_export(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    engine = open_database(f"sqlite:///{db}")
    PostmortemRepository(engine).add(Postmortem(id="abc123", title="Export <me> & — 輸出"))
    engine.dispose()
    out = tmp_path / "out"
    out.mkdir()
    leftover = out / ".summary.json.q1w2e3r4.part"
    leftover.write_bytes(b'{"half": ')
    _age(leftover, HOUR + 1)
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "export", "abc", "--format", "json",
         "-o", str(out / "summary.json"), "--database", str(db)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["summary.json"]
