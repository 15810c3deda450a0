"""The command line, run as a real process: import, list, export, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.storage.database import open_database


def hindsight(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--database", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """An existing, empty database (a new one would be announced on stderr; see the test for that)."""
    path = tmp_path / "cli.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


def test_import_list_export(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    files = [corpus_dir / "dfds-pm2022-009-bad-eks-ami.md", corpus_dir / "hachyderm-2022-12-13-root-fs-full.md"]
    done = hindsight("import", *map(str, files), db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == [str(f) for f in files]
    ids = [line.split("\t")[0] for line in lines]
    assert all(len(i) == 32 for i in ids)

    listed = hindsight("list", db=db)
    assert listed.returncode == 0, listed.stderr
    rows = sorted(line.split("\t") for line in listed.stdout.splitlines())
    assert sorted((r[0], r[4]) for r in rows) == sorted(
        zip(ids, ["Bad AWS EKS AMI", "Global Outage: 504 Timeouts"], strict=True)
    )

    out_json = tmp_path / "eks.json"
    exported = hindsight("export", ids[0][:8], "--format", "json", "-o", str(out_json), db=db)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["title"] == "Bad AWS EKS AMI"
    assert len(data["timeline"]) == 20
    assert data["timeline"][0]["occurred_at"] == "2022-10-29T01:02:00Z"

    out_pdf = tmp_path / "eks.pdf"
    exported = hindsight("export", ids[0], "--format", "summary-pdf", "-o", str(out_pdf), db=db)
    assert exported.returncode == 0, exported.stderr
    reader = PdfReader(out_pdf)
    assert 1 <= len(reader.pages) <= 2
    assert "Bad AWS EKS AMI" in reader.pages[0].extract_text()


def test_json_export_imports_back_as_a_copy(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    done = hindsight("import", str(corpus_dir / "etcd-2022-v3.5-data-inconsistency.md"), db=db)
    first_id = done.stdout.split("\t")[0]
    out_json = tmp_path / "etcd.json"
    hindsight("export", first_id, "--format", "json", "-o", str(out_json), db=db)
    again = hindsight("import", str(out_json), db=db)
    assert again.returncode == 0, again.stderr
    second_id = again.stdout.split("\t")[0]
    assert second_id != first_id
    titles = [line.split("\t")[4] for line in hindsight("list", db=db).stdout.splitlines()]
    assert titles == ["v3.5 data inconsistency postmortem"] * 2


def test_bad_files_are_reported_and_good_ones_stored(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    binary = tmp_path / "dump.md"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    good = corpus_dir / "status-github-phishing.md"
    done = hindsight("import", str(binary), str(good), str(empty), db=db)
    assert done.returncode == 1
    assert [line.split("\t")[1] for line in done.stdout.splitlines()] == [str(good)]
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2
    assert str(binary) in errors[0]
    assert str(empty) in errors[1]
    listed = hindsight("list", db=db).stdout.splitlines()
    assert [line.split("\t")[4] for line in listed] == ["GitHub account phishing"]


def test_export_unknown_id_fails_cleanly(db: Path, tmp_path: Path) -> None:
    done = hindsight("export", "deadbeef", "--format", "json", "-o", str(tmp_path / "x.json"), db=db)
    assert done.returncode == 2
    assert "no postmortem with id 'deadbeef'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.json").exists()


def test_database_that_is_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database\n" * 100)
    before = bogus.read_bytes()
    done = hindsight("list", db=bogus)
    assert done.returncode == 2
    assert str(bogus) in done.stderr
    assert "Traceback" not in done.stderr
    assert bogus.read_bytes() == before


def test_a_file_naming_a_folder_of_zones_is_reported_and_the_batch_goes_on(
    db: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    bad = tmp_path / "badzone.json"
    bad.write_text('{"title": "x", "time_zone": "America"}', encoding="utf-8")
    good = corpus_dir / "status-github-phishing.md"
    done = hindsight("import", str(bad), str(good), db=db)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{bad}:1: time_zone: unknown time zone 'America'" in done.stderr
    assert [line.split("\t")[1] for line in done.stdout.splitlines()] == [str(good)]


def test_list_into_a_closed_pipe_is_quiet(db: Path, corpus_dir: Path) -> None:
    hindsight("import", *map(str, sorted(corpus_dir.glob("*.md"))[:5]), db=db)
    done = subprocess.run(
        f"'{sys.executable}' -m desktop_app list --database 'sqlite:///{db}' | head -1",
        shell=True, capture_output=True, text=True, timeout=120, check=False,
    )
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_before_anything_is_imported(url: str, corpus_dir: Path) -> None:
    done = _run("import", str(corpus_dir / "etcd-2022-v3.5-data-inconsistency.md"), "--database", url)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"hindsight: error: {url} (--database) is an in-memory database: every postmortem in it would be "
        "lost when Hindsight quits. Give a file instead, e.g. sqlite:///path/to/hindsight.db or a plain path.\n"
    )


def test_an_sqlite_url_with_a_host_names_the_slashes_it_needs(tmp_path: Path) -> None:
    done = _run("list", "--database", "sqlite://data/team/h.db")
    assert done.returncode == 2
    assert done.stderr == (
        "hindsight: error: sqlite://data/team/h.db (--database) names the SQLite file team/h.db on a host "
        "'data', but SQLite has no hosts. For the file /data/team/h.db write sqlite:////data/team/h.db "
        "(four slashes before an absolute path, three before a relative one).\n"
    )


def test_a_new_database_is_announced_once_and_an_empty_list_says_so(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    first = _run("list", "--database", str(path))
    assert (first.returncode, first.stdout) == (0, "")
    assert first.stderr == (
        f"hindsight: created a new, empty database at {path}\n"
        f"hindsight: no postmortems are stored in {path} yet (hindsight import FILE... adds some)\n"
    )
    again = _run("list", "--database", str(path))
    assert again.stderr == f"hindsight: no postmortems are stored in {path} yet (hindsight import FILE... adds some)\n"


def test_an_unknown_kind_of_database_is_named() -> None:
    done = _run("list", "--database", "foo://bar")
    assert done.returncode == 2
    assert done.stderr == (
        "hindsight: error: foo:// is not a kind of database Hindsight can use. Give an SQLite file (a plain "
        "path, or sqlite:///path/to/hindsight.db) or a PostgreSQL server (postgresql://user@host/dbname).\n"
    )


def test_text_without_structure_imports_with_a_warning(db: Path, tmp_path: Path) -> None:
    notes = tmp_path / "shadow"
    notes.write_text("root:x:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    done = hindsight("import", str(notes), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{notes}: warning: no headings, lists or timeline found: the whole text was kept as the summary",
    ]
    listed = hindsight("list", db=db).stdout.splitlines()
    assert [line.split("\t")[4] for line in listed] == ["root:x:19000:0:99999:7:::"]


def test_importing_the_same_file_twice_says_so(db: Path, corpus_dir: Path) -> None:
    path = corpus_dir / "chia-2025-02-13-fastforward-mempool.md"
    first = hindsight("import", str(path), db=db)
    assert (first.returncode, first.stderr) == (0, "")
    second = hindsight("import", str(path), db=db)
    assert second.returncode == 0, second.stderr
    first_id, second_id = first.stdout.split("\t")[0], second.stdout.split("\t")[0]
    assert second.stderr.splitlines() == [
        f"{path}: warning: already imported as {first_id}; stored as a new copy {second_id}",
    ]
    assert len(hindsight("list", db=db).stdout.splitlines()) == 2


def test_sections_kept_as_extra_text_are_reported_by_line(db: Path, corpus_dir: Path) -> None:
    path = corpus_dir / "posthog-2025-09-29-flags-outage.md"
    done = hindsight("import", str(path), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{path}:11: warning: kept the text of 'Timeline' that is not a timeline entry as extra text",
        f"{path}:82: warning: kept section 'Lessons Learned' as extra text: it is not split into what went well, "
        "what went wrong, where we got lucky or what surprised us",
    ]
