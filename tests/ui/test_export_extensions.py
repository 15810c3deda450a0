"""Export file names typed without their extension get it; a format switch clears the last export's status."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from desktop_app.domain.models import ActionItem, Cause, Postmortem
from desktop_app.formats.file_names import with_extension
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.fishbone import export
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, PngOptions
from desktop_app.ui.fishbone.editor import FishboneEditor


def _pm() -> Postmortem:
    return Postmortem(
        title="Cache stampede",
        incident_date=date(2024, 5, 2),
        action_items=[ActionItem(title="Add jitter to retries", owner="Maya Patel")],
        causes=[Cause(id="pool", text="Connection pool too small", category="Technology")],
    )


@pytest.fixture
def dialog(qtbot, settings: QSettings, pool: QThreadPool) -> ExportDialog:
    dialog = ExportDialog(_pm(), settings, pool=pool)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _export(qtbot, dialog: ExportDialog, typed: Path) -> str:
    dialog.path_edit.setText(str(typed))
    with qtbot.waitSignal(dialog.exported, timeout=30000) as blocker:
        assert dialog.start_export()
    return blocker.args[0]


@pytest.mark.parametrize(
    ("key", "typed", "written"),
    [
        ("summary-pdf", "summary", "summary.pdf"),
        ("full-pdf", "report", "report.pdf"),
        ("markdown", "notes", "notes.md"),
        ("markdown", "notes.v2", "notes.v2.md"),
        ("markdown", "NOTES.MD", "NOTES.MD"),
        ("json", "data", "data.json"),
        ("csv", "actions", "actions.csv"),
        ("csv", "actions.txt", "actions.txt.csv"),
        ("json", "Data.Json", "Data.Json"),
    ],
)
def test_a_name_without_its_extension_gets_it(qtbot, dialog, tmp_path, key, typed, written) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dialog.select_kind(key)
    assert _export(qtbot, dialog, out / typed) == str(out / written)
    assert sorted(p.name for p in out.iterdir()) == [written]
    assert (out / written).stat().st_size > 0
    assert dialog.path_edit.text() == str(out / written)
    assert dialog.status_label.text().startswith(f"Exported {written} (")


def test_an_invitation_without_its_extension_gets_ics(qtbot, settings, pool, tmp_path) -> None:
    pm = _pm()
    pm.review_meeting_at = datetime(2024, 5, 9, 14, 0, tzinfo=UTC)
    dialog = ExportDialog(pm, settings, pool=pool, initial_kind="ics")
    qtbot.addWidget(dialog)
    assert _export(qtbot, dialog, tmp_path / "review") == str(tmp_path / "review.ics")
    assert (tmp_path / "review.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_switching_format_clears_the_last_exports_status(qtbot, dialog, tmp_path) -> None:
    dialog.select_kind("markdown")
    _export(qtbot, dialog, tmp_path / "pm.md")
    assert dialog.status_label.text().startswith("Exported pm.md (")
    assert dialog.open_button.isVisible()
    dialog.select_kind("json")
    assert dialog.status_label.text() == ""
    assert not dialog.open_button.isVisible()
    # An error is about the format it was made for, too.
    dialog.path_edit.setText(str(tmp_path / "nope" / "pm.json"))
    assert not dialog.start_export()
    assert dialog.status_label.text() == f"The folder {tmp_path / 'nope'} does not exist."
    dialog.select_kind("csv")
    assert dialog.status_label.text() == ""
    assert dialog.status_label.styleSheet() == ""


@pytest.fixture
def editor(qtbot) -> FishboneEditor:
    doc = PostmortemDocument()
    doc.load(_pm(), 1)
    editor = FishboneEditor(doc)
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: not editor._start_pending, timeout=2000)
    return editor


@pytest.mark.parametrize(("typed", "written"), [("diagram", "diagram.png"), ("Diagram.PNG", "Diagram.PNG"),
                                                 ("diagram.svg", "diagram.svg.png")])
def test_fishbone_png_without_its_extension_gets_it(editor, tmp_path, monkeypatch, typed, written) -> None:
    monkeypatch.setattr(FishboneDialogs, "ask_png_options", classmethod(lambda cls, p: PngOptions(1, False)))
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: tmp_path / typed))
    assert editor.export_png()
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]
    assert (tmp_path / written).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert editor.notice.text() == f"Exported {written}"


@pytest.mark.parametrize(("typed", "written"), [("diagram", "diagram.svg"), ("diagram.SVG", "diagram.SVG")])
def test_fishbone_svg_without_its_extension_gets_it(editor, tmp_path, monkeypatch, typed, written) -> None:
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: tmp_path / typed))
    assert editor.export_svg()
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]
    assert b"<svg" in (tmp_path / written).read_bytes()
    assert editor.notice.text() == f"Exported {written}"


def test_with_extension_keeps_a_right_one_in_any_case() -> None:
    assert with_extension(Path("/x/fish"), ".png") == Path("/x/fish.png")
    assert with_extension(Path("/x/fish.Png"), ".png") == Path("/x/fish.Png")
    assert with_extension(Path("/x/fish.png.bak"), ".png") == Path("/x/fish.png.bak.png")
