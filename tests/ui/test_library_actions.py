"""Import through the (patched) file dialog, deletion with confirmation, the empty state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.dialogs import Dialogs


def test_empty_library_shows_a_friendly_start(window):
    assert window.right.currentWidget() is window.empty_state
    assert window.empty_state.heading.text() == "No postmortems yet"
    assert window.windowTitle() == "Hindsight"
    assert not window.export_pdf_action.isEnabled()


def test_import_good_and_bad_files(qtbot, window, corpus_dir, corpus_manifest, tmp_path, monkeypatch):
    bad = tmp_path / "broken.md"
    bad.write_bytes(b"# Title\n\x00\xff\xfe binary \x89PNG\r\n\x1a\n" * 4)
    good = [corpus_dir / "chia-2021-05-26-website-outage.md", corpus_dir / "hachyderm-2022-12-13-root-fs-full.md"]
    reports: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(Dialogs, "ask_import_files", classmethod(lambda cls, parent: [good[0], bad, good[1]]))
    monkeypatch.setattr(
        Dialogs,
        "show_import_report",
        classmethod(lambda cls, parent, text, details, *, failed: reports.append((text, details, failed))),
    )

    window.import_action.trigger()

    titles = {f["file"]: f["title"] for f in corpus_manifest["files"]}
    assert sorted(window.library.visible_titles()) == sorted(titles[p.name] for p in good)
    assert window.library.model.rowCount() == 2
    [(text, details, failed)] = reports
    assert text == "Imported 2 of 3 files."
    assert failed is True
    assert "Could not import:\n• broken.md" in details
    assert "line " in details.split("broken.md", 1)[1].split("\n", 1)[0]
    # the good files are only told what they kept as extra text
    assert [line for line in details.splitlines() if "chia-2021" in line or "hachyderm" in line] == [
        "• chia-2021-05-26-website-outage.md, line 35: kept the text of 'Corrective and Preventative Measures' "
        "that is not an action item as extra text",
        "• hachyderm-2022-12-13-root-fs-full.md, line 18: kept the text of 'Timeline' that is not a timeline "
        "entry as extra text",
        "• hachyderm-2022-12-13-root-fs-full.md, line 69: kept section 'Opportunities' as extra text",
    ]
    # The last good file is open.
    assert window.document.pm.title == titles[good[1].name]
    assert window.right.currentWidget() is window.wizard


def test_search_filters_by_title_and_service(qtbot, window):
    for title, services in (("Disk full", "mastodon"), ("Token leak", "pypi, github"), ("DNS outage", "edge")):
        window.new_postmortem()
        qtbot.keyClicks(window.wizard.restoration.title_edit, title)
        qtbot.keyClicks(window.wizard.restoration.services_edit, services)
        window.flush_autosave()
    qtbot.keyClicks(window.library.search, "GITHUB")
    assert window.library.visible_titles() == ["Token leak"]
    window.library.search.clear()
    qtbot.keyClicks(window.library.search, "out")
    assert window.library.visible_titles() == ["DNS outage"]
    window.library.search.clear()
    window.library.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.library.visible_titles() == ["Disk full", "DNS outage", "Token leak"]


@pytest.mark.parametrize("answer", [True, False])
def test_delete_asks_first(qtbot, window, repo, monkeypatch, answer):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "To be deleted")
    window.flush_autosave()
    pm_id = window.document.pm.id
    asked: list[str] = []

    def confirm(cls, parent, title):
        asked.append(title)
        return answer

    monkeypatch.setattr(Dialogs, "confirm_delete", classmethod(confirm))
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_Delete)

    assert asked == ["To be deleted"]
    if answer:
        assert repo.list_summaries() == []
        assert window.library.model.rowCount() == 0
        assert not window.document.is_loaded
        assert window.right.currentWidget() is window.empty_state
        assert window.windowTitle() == "Hindsight"
    else:
        assert [s.id for s in repo.list_summaries()] == [pm_id]
        assert window.document.pm.id == pm_id


def test_export_json_writes_the_open_postmortem(qtbot, window, tmp_path, monkeypatch):
    from desktop_app.formats.json_format import from_json

    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "R&D <export>")
    target = tmp_path / "out.json"
    monkeypatch.setattr(Dialogs, "ask_save_path", classmethod(lambda cls, *a: target))
    window.wizard.share.json_button.click()
    assert from_json(target.read_text(encoding="utf-8")).title == "R&D <export>"


def test_export_pdf_writes_a_pdf(qtbot, window, tmp_path, monkeypatch):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "AT&T outage")
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(Dialogs, "ask_save_path", classmethod(lambda cls, *a: target))
    window.export_pdf_action.trigger()
    assert Path(target).read_bytes().startswith(b"%PDF")


def test_a_postmortem_without_incident_date_shows_a_dash(qtbot, window):
    window.new_postmortem()
    window.flush_autosave()
    model = window.library.model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "—"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("No incident date yet (last edited ")


def test_markdown_csv_and_ics_exports_from_the_share_page(qtbot, window, tmp_path, monkeypatch):
    from desktop_app.formats.markdown_import import import_markdown

    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "AT&T outage; R&D & QA")
    targets = iter([tmp_path / "pm.md", tmp_path / "actions.csv", tmp_path / "review.ics"])
    monkeypatch.setattr(Dialogs, "ask_save_path", classmethod(lambda cls, *a: next(targets)))
    errors: list[str] = []
    monkeypatch.setattr(Dialogs, "show_error", classmethod(lambda cls, parent, title, text, detail="": errors.append(detail)))
    share = window.wizard.share
    share.markdown_button.click()
    assert import_markdown((tmp_path / "pm.md").read_text(encoding="utf-8")).postmortem.title == (
        "AT&T outage; R&D & QA"
    )
    share.csv_button.click()
    assert (tmp_path / "actions.csv").read_bytes().startswith(b"\xef\xbb\xbfSummary,Description,Assignee")
    share.ics_button.click()  # no review meeting time yet: a clear refusal, no file
    assert not (tmp_path / "review.ics").exists()
    assert len(errors) == 1 and "review meeting time is not set" in errors[0]


def test_importing_the_same_incident_twice_says_so(qtbot, window, corpus_dir, monkeypatch):
    path = corpus_dir / "chia-2025-02-13-fastforward-mempool.md"
    reports: list[str] = []
    monkeypatch.setattr(Dialogs, "ask_import_files", classmethod(lambda cls, parent: [path]))
    monkeypatch.setattr(
        Dialogs, "show_import_report",
        classmethod(lambda cls, parent, text, details, *, failed: reports.append(details)),
    )
    window.import_action.trigger()
    [first] = [s.id for s in window.repository.list_summaries()]
    assert reports == []
    window.import_action.trigger()
    [second] = [s.id for s in window.repository.list_summaries() if s.id != first]
    title = window.document.pm.title
    assert reports == [f"• {path.name}: “{title}” was already in the library; it is stored again as a second copy "
                       "(File ▸ Delete postmortem… removes one if it is not wanted)"]
    assert window.document.pm.id == second
