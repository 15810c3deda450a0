"""``hindsight export --format markdown|csv|ics|pdf`` run as real processes (the data is stored in-process)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.models import ActionItem, ActionStatus, Postmortem, Stakeholder
from desktop_app.formats.importer import import_path
from desktop_app.formats.json_format import to_json
from desktop_app.formats.markdown_import import import_markdown
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository


def hindsight(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--database", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def _import(path: Path, db: Path) -> str:
    """Store ``path`` as ``hindsight import`` does, in this process (``test_cli.py`` runs the real import;
    here only the export under test pays for a process start)."""
    engine = open_database(f"sqlite:///{db}")
    try:
        return PostmortemRepository(engine).add_imported(import_path(path).postmortem).id
    finally:
        engine.dispose()


def test_markdown_export_imports_back(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    pm_id = _import(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md", db)
    out = tmp_path / "eks.md"
    done = hindsight("export", pm_id[:8], "--format", "markdown", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Bad AWS EKS AMI\n")
    assert "| Time (UTC) | Event |" in text
    again = import_markdown(text).postmortem
    assert again.title == "Bad AWS EKS AMI"
    assert len(again.timeline) == 20
    assert again.timeline[0].occurred_at == datetime(2022, 10, 29, 1, 2, tzinfo=ZoneInfo("UTC"))
    assert len(again.action_items) == 7
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_csv_export_of_one_postmortem(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    pm_id = _import(corpus_dir / "hachyderm-2023-07-16-redis-exposed.md", db)
    out = tmp_path / "actions.csv"
    done = hindsight("export", pm_id, "--format", "csv", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfSummary,Description,Assignee,Due Date,Status,")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert len(rows) == 1 + 9
    assert {r[10] for r in rows[1:]} == {pm_id}
    assert all(r[6] == "Task" for r in rows[1:])


def _with_meeting(tmp_path: Path) -> Path:
    pm = Postmortem(
        title="Review me; please, 東京",
        time_zone="America/New_York",
        incident_date=date(2024, 7, 1),
        review_meeting_at=datetime(2024, 7, 3, 10, 30, tzinfo=ZoneInfo("America/New_York")),
        stakeholders=[Stakeholder(name="Ann", email="ann@example.com", is_facilitator=True)],
        action_items=[ActionItem(title="Alert on lag", owner="Ann", due_date=date(2024, 8, 1),
                                 status=ActionStatus.OPEN)],
    )
    path = tmp_path / "meeting.json"
    path.write_text(to_json(pm), encoding="utf-8")
    return path


def test_ics_export(db: Path, tmp_path: Path) -> None:
    pm_id = _import(_with_meeting(tmp_path), db)
    out = tmp_path / "review.ics"
    done = hindsight("export", pm_id, "--format", "ics", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    lines = out.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert f"UID:{pm_id}-review@hindsight" in lines
    assert "DTSTART;TZID=America/New_York:20240703T103000" in lines
    assert "DTEND;TZID=America/New_York:20240703T113000" in lines
    assert "TZID:America/New_York" in lines
    assert "SUMMARY:Postmortem review: Review me\\; please\\, 東京" in lines
    assert "ORGANIZER;CN=Ann:mailto:ann@example.com" in lines
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_ics_without_meeting_time_fails_cleanly(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    pm_id = _import(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md", db)
    out = tmp_path / "review.ics"
    done = hindsight("export", pm_id, "--format", "ics", "-o", str(out), db=db)
    assert done.returncode == 2
    assert "review meeting time is not set" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.glob(".review.ics.*")) == []


def test_unknown_format_is_rejected(db: Path, tmp_path: Path) -> None:
    done = hindsight("export", "abc", "--format", "docx", "-o", str(tmp_path / "x"), db=db)
    assert done.returncode == 2
    assert "invalid choice: 'docx'" in done.stderr


def _with_people(tmp_path: Path) -> Path:
    pm = Postmortem(
        title="Queue stalled after Priya Raman's deploy",
        stakeholders=[
            Stakeholder(name="Priya Raman", email="priya@example.com", is_facilitator=True),
            Stakeholder(name="Олег Смирнов"),
        ],
        action_items=[ActionItem(title="Add a canary for Олег", owner="Priya Raman")],
    )
    path = tmp_path / "people.json"
    path.write_text(to_json(pm), encoding="utf-8")
    return path


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.slow
def test_full_pdf_export(db: Path, tmp_path: Path, corpus_dir: Path) -> None:
    pm_id = _import(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md", db)
    out = tmp_path / "report.pdf"
    done = hindsight("export", pm_id, "--format", "full-pdf", "--organisation", "DFDS",
                     "--confidentiality", "Internal", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    text = _pdf_text(out)
    assert "Bad AWS EKS AMI" in text
    assert "DFDS · INTERNAL" in text
    assert "Page 1 of " in text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["full-pdf", "summary-pdf", "markdown", "json", "csv"])
def test_redact_removes_every_name(db: Path, tmp_path: Path, fmt: str) -> None:
    pm_id = _import(_with_people(tmp_path), db)
    out = tmp_path / f"out.{fmt}"
    done = hindsight("export", pm_id, "--format", fmt, "--redact", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    text = _pdf_text(out) if fmt.endswith("pdf") else out.read_text(encoding="utf-8-sig")
    for name in ("Priya", "Raman", "priya@example.com", "Олег", "Смирнов"):
        assert name not in text
    assert "Queue stalled after Responder 1's deploy" in " ".join(text.split())
    assert "Responder 2" in text


def test_bad_logo_fails_cleanly(db: Path, tmp_path: Path) -> None:
    pm_id = _import(_with_people(tmp_path), db)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    out = tmp_path / "summary.pdf"
    done = hindsight("export", pm_id, "--format", "summary-pdf", "--logo", str(logo), "-o", str(out), db=db)
    assert done.returncode == 2
    assert f"The logo file {logo} is not a PNG or JPEG image." in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


_NO_QT = (
    "import sys; from desktop_app.__main__ import main; rc = main(sys.argv[1:]); "
    "print('Qt loaded' if any(m.split('.')[0] == 'PySide6' for m in sys.modules) else 'no Qt', file=sys.stderr); "
    "sys.exit(rc)"
)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["summary-pdf", "full-pdf", "markdown", "json", "csv", "ics"])
def test_every_format_exports_without_a_display(db: Path, tmp_path: Path, fmt: str) -> None:
    """No DISPLAY, no Wayland, no Qt platform: the export runs and never loads Qt."""
    import json
    import os

    from pypdf import PdfReader

    pm_id = _import(_with_meeting(tmp_path), db)
    out = tmp_path / "out" / f"export.{fmt}"
    out.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-c", _NO_QT, "export", pm_id[:10], "--format", fmt, "-o", str(out),
         "--database", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "no Qt"
    assert done.stdout.strip() == str(out)
    data = out.read_bytes()
    if fmt.endswith("pdf"):
        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata.title == "Review me; please, 東京"
        assert "Review me; please, 東京" in reader.pages[0].extract_text()
        assert (len(reader.pages) <= 2) if fmt == "summary-pdf" else (len(reader.pages) >= 3)
    elif fmt == "markdown":
        assert data.decode("utf-8").startswith("# Review me; please, 東京\n")
    elif fmt == "json":
        assert json.loads(data)["title"] == "Review me; please, 東京"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert [r[0] for r in rows[1:]] == ["Alert on lag"]
    else:
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"\r\nORGANIZER;CN=Ann:mailto:ann@example.com\r\n" in data
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary file left


def _stdout_export(pm_id: str, fmt: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "export", pm_id, "--format", fmt, "-o", "-",
         "--database", f"sqlite:///{db}"],
        capture_output=True, timeout=120, check=False, cwd=cwd,
        env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def test_dash_output_writes_markdown_and_pdf_to_standard_output(db: Path, tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{db}")
    try:
        pm_id = PostmortemRepository(engine).add_imported(Postmortem(title="Cache <stampede> & retries")).id
    finally:
        engine.dispose()
    work = tmp_path / "work"
    work.mkdir()
    done = _stdout_export(pm_id, "markdown", db, work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").startswith("# Cache \\<stampede> & retries\n")
    pdf = _stdout_export(pm_id, "summary-pdf", db, work)
    assert pdf.returncode == 0, pdf.stderr
    assert pdf.stdout.startswith(b"%PDF-") and pdf.stdout.rstrip().endswith(b"%%EOF")
    from pypdf import PdfReader

    assert "Cache <stampede> & retries" in PdfReader(io.BytesIO(pdf.stdout)).pages[0].extract_text()
    assert list(work.iterdir()) == []  # no file called "-"
