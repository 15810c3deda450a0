"""Exported files get the mode the umask gives (readable by the team); default file names are tidy."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.file_names import file_stem


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    yield set_mask
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600), (0o027, 0o640)])
def test_an_export_gets_the_mode_the_umask_gives(tmp_path: Path, umask, mask: int, mode: int) -> None:
    umask(mask)
    target = tmp_path / "report.pdf"
    write_atomically(target, b"%PDF-1.4 new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    write_atomically(target, b"%PDF-1.4 again")  # replacing keeps to the same rule
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"%PDF-1.4 again"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # no part file left


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_private_write_is_0600_whatever_the_umask(tmp_path: Path, umask) -> None:
    umask(0o000)
    target = tmp_path / "secret.json"
    write_atomically(target, b"{}", private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Database Outage - September 2024", "Database-Outage-September-2024"),
        ("a - b -- summary", "a-b-summary"),
        ("  --Cache <stampede> & retries--  ", "Cache-stampede-retries"),
        ("Outage / EU: 14:00–15:30 (CET)", "Outage-EU-14-00-15-30-CET"),
        ("障害報告 — 東京リージョン", "障害報告-東京リージョン"),
        ("हिन्दी सेवा बाधित", "हिन्दी-सेवा-बाधित"),
        ("انقطاع الخدمة", "انقطاع-الخدمة"),
        ("Cafe\u0301 down", "Café-down"),
        ("snake_case_title", "snake_case_title"),
        ("🔥🔥", "postmortem"),
        ("", "postmortem"),
    ],
)
def test_file_stem_collapses_runs_and_keeps_every_script(title: str, stem: str) -> None:
    assert file_stem(title) == stem


def test_file_stem_is_cut_without_a_trailing_hyphen() -> None:
    assert file_stem("word " * 40) == "-".join(["word"] * 16)  # 79 characters, not 80 ending in "-"
    assert file_stem("a b", fallback="fishbone", limit=60) == "a-b"
    assert file_stem("", fallback="fishbone") == "fishbone"
