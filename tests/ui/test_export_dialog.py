"""The export dialog: formats, remembered options, redaction preview, worker export, cancel, open/reveal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from pypdf import PdfReader

from desktop_app.domain.models import ActionItem, Narrative, Postmortem, Stakeholder, StakeholderRole
from desktop_app.formats.markdown_import import import_markdown
from desktop_app.ui.export_dialog import ExportDialog, ExportDialogs


def _pm() -> Postmortem:
    return Postmortem(
        title="Cache <stampede> & retries",
        incident_date=date(2024, 5, 2),
        stakeholders=[Stakeholder(name="Maya Patel", role=StakeholderRole.INCIDENT_COMMANDER)],
        narrative=Narrative(summary="Maya restarted the cache tier."),
        action_items=[ActionItem(title="Add jitter to retries", owner="Maya Patel")],
    )


@pytest.fixture
def make_dialog(qtbot, settings: QSettings, pool: QThreadPool):
    def make(**kw: object) -> ExportDialog:
        dialog = ExportDialog(_pm(), settings, pool=pool, **kw)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def test_formats_and_text_preview(make_dialog) -> None:
    dialog = make_dialog()
    labels = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert labels == ["Executive summary (PDF)", "Full report (PDF)", "Markdown", "JSON", "Action items (CSV)",
                      "Review invitation (ICS)"]
    assert dialog.kind.key == "summary-pdf"
    assert dialog.format_description.text() == (
        "One or two designed pages for leadership: metrics, impact, cause and top actions."
    )
    assert dialog.pdf_box.isEnabled()
    assert dialog.preview_stack.currentWidget() is dialog.page_view
    assert dialog.preview_text().startswith("# Cache \\<stampede> & retries\n")
    dialog.select_kind("markdown")
    assert dialog.preview_stack.currentWidget() is dialog.preview
    assert dialog.preview.toPlainText().startswith("# Cache \\<stampede> & retries\n")
    dialog.select_kind("ics")
    assert not dialog.pdf_box.isEnabled()
    assert dialog.path_edit.text().endswith("Cache-stampede-retries-review.ics")
    problem = (
        "This export cannot be made yet: cannot write a review invitation: the review meeting time is not set "
        "(set it on the Stakeholders step)"
    )
    assert dialog.problem == problem and dialog.problem_label.text() == problem
    assert dialog.problem_label.isVisible() and dialog.problem_label.wordWrap()
    assert dialog.preview.toPlainText() == ""
    assert not dialog.export_button.isEnabled()
    assert not dialog.start_export()
    assert dialog.status_label.text() == problem
    dialog.select_kind("csv")
    assert dialog.problem == "" and not dialog.problem_label.isVisible() and dialog.export_button.isEnabled()


def test_redaction_preview_lists_replacements(make_dialog) -> None:
    dialog = make_dialog()
    dialog.select_kind("markdown")
    dialog.redact_check.setChecked(False)
    assert not dialog.replacements_button.isEnabled()
    dialog.redact_check.setChecked(True)
    assert dialog.replacements_button.isEnabled()
    assert "Maya" not in dialog.preview.toPlainText()
    assert "Incident commander restarted the cache tier." in dialog.preview.toPlainText()
    dialog.replacements_button.click()
    assert dialog.replacements_view.isVisible()
    assert dialog.replacements_view.toPlainText() == (
        "Maya Patel → Incident commander  (2×)\nMaya → Incident commander  (1×)"
    )
    assert not dialog.names_list.isVisible()  # no name guessed from the text
    dialog.redact_check.setChecked(False)
    assert not dialog.replacements_view.isVisible() and not dialog.replacements_button.isEnabled()


def test_guessed_names_are_listed_ticked_and_an_unticked_one_is_kept(qtbot, make_dialog, tmp_path) -> None:
    from PySide6.QtCore import Qt

    dialog = make_dialog(initial_kind="markdown")
    dialog.pm.narrative.summary = "Maya restarted the cache tier after Peter Taylor and Søren Iversen called."
    dialog.redact_check.setChecked(True)
    dialog.replacements_button.click()
    names = [dialog.names_list.item(i) for i in range(dialog.names_list.count())]
    assert [item.text() for item in names] == ["Peter Taylor", "Søren Iversen"]
    assert all(item.checkState() == Qt.CheckState.Checked for item in names)
    assert "Incident commander restarted the cache tier after Responder 1 and Responder 2 called." in (
        dialog.preview.toPlainText()
    )
    names[1].setCheckState(Qt.CheckState.Unchecked)
    assert dialog.kept_names == frozenset({"Søren Iversen"})
    assert "after Responder and Søren Iversen called." in dialog.preview.toPlainText()
    assert dialog.replacements_view.toPlainText() == (
        "Maya Patel → Incident commander  (2×)\nMaya → Incident commander  (1×)\nPeter Taylor → Responder  (1×)"
    )
    assert [dialog.names_list.item(i).text() for i in range(dialog.names_list.count())] == [
        "Peter Taylor", "Søren Iversen"]
    target = tmp_path / "pm.md"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export_button.click()
    text = target.read_text(encoding="utf-8")
    assert "Søren Iversen" in text and "Peter Taylor" not in text and "Maya" not in text


def test_full_report_export_runs_on_a_worker_and_is_remembered(qtbot, make_dialog, tmp_path, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog = make_dialog()
    dialog.select_kind("full-pdf")
    dialog.organisation_edit.setText("Acme")
    dialog.confidentiality_combo.setCurrentText("Confidential")
    dialog.redact_check.setChecked(True)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(ExportDialogs, "ask_save_path", classmethod(lambda cls, parent, suggested, f: target))
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(target)
    with qtbot.waitSignal(dialog.exported, timeout=30000) as blocker:
        dialog.export_button.click()
        assert dialog.running and dialog.progress.isVisible()
    assert blocker.args == [str(target)]
    assert not dialog.running and not dialog.progress.isVisible()
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Acme · CONFIDENTIAL" in text and "Maya" not in text
    assert dialog.status_label.text().startswith("Exported report.pdf (")
    dialog.open_button.click()
    dialog.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(target)), QUrl.fromLocalFile(str(tmp_path))]
    dialog.close()

    again = make_dialog()
    assert again.kind.key == "full-pdf"
    assert again.organisation_edit.text() == "Acme"
    assert again.confidentiality_combo.currentText() == "Confidential"
    assert again.redact_check.isChecked()
    assert again.path_edit.text() == str(tmp_path / "Cache-stampede-retries-report.pdf")


def test_cancel_discards_the_result(qtbot, make_dialog, tmp_path, pool) -> None:
    dialog = make_dialog(initial_kind="markdown")
    target = tmp_path / "pm.md"
    dialog.path_edit.setText(str(target))
    written: list[str] = []
    dialog.exported.connect(written.append)
    assert dialog.start_export()
    dialog.cancel_button.click()
    assert dialog.status_label.text() == "Export cancelled; nothing was written."
    pool.waitForDone()
    QCoreApplication.sendPostedEvents()  # the worker's queued result arrives now and must be ignored
    QCoreApplication.processEvents()
    assert written == [] and not target.exists()
    assert dialog.isVisible()
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_bad_logo_and_missing_folder_are_refused_with_a_message(make_dialog, tmp_path) -> None:
    dialog = make_dialog(initial_kind="summary-pdf")
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    dialog.logo_edit.setText(str(logo))
    dialog.path_edit.setText(str(tmp_path / "s.pdf"))
    assert not dialog.start_export()
    assert dialog.status_label.text() == f"The logo file {logo} is damaged and cannot be read as an image."
    dialog.logo_edit.clear()
    dialog.path_edit.setText(str(tmp_path / "nope" / "s.pdf"))
    assert not dialog.start_export()
    assert dialog.status_label.text() == f"The folder {tmp_path / 'nope'} does not exist."


def test_markdown_export_reads_back(qtbot, make_dialog, tmp_path) -> None:
    dialog = make_dialog(initial_kind="markdown")
    target = tmp_path / "pm.md"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export_button.click()
    assert import_markdown(target.read_text(encoding="utf-8")).postmortem.title == "Cache <stampede> & retries"


def test_ctrl_e_opens_the_dialog_from_the_window(qtbot, window) -> None:
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert not window.export_action.isEnabled()
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "Disk full")
    window.export_action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.pm.title == "Disk full"
    dialog.reject()


def _huge() -> Postmortem:
    return Postmortem(title="Huge note", discussion_notes="The primary lost quorum and the replica fell behind.\n" * 20000)


def _held_render(monkeypatch):
    """``render_export`` in the dialog held at its first flowable until ``go`` is set; records how each run ended."""
    import threading

    from desktop_app.formats.errors import ExportCancelled
    from desktop_app.ui import export_dialog

    real = export_dialog.render_export
    started, go = threading.Event(), threading.Event()
    outcomes: list[str] = []

    def held(key, pm, options=None, *, cancelled=None, keep_names=()):
        if not key.endswith("-pdf"):  # the text preview renders on the GUI thread: never hold it
            return real(key, pm, options, cancelled=cancelled, keep_names=keep_names)

        def ask() -> bool:
            started.set()
            go.wait()
            return cancelled() if cancelled is not None else False

        who = "preview" if isinstance(getattr(cancelled, "__self__", None), export_dialog._PreviewJob) else "export"
        try:
            data = real(key, pm, options, cancelled=ask, keep_names=keep_names)
        except ExportCancelled:
            outcomes.append(f"{who} cancelled")
            raise
        outcomes.append(f"{who} finished")
        return data

    monkeypatch.setattr(export_dialog, "render_export", held)
    return started, go, outcomes


def test_cancel_stops_a_long_pdf_export_on_its_worker(qtbot, settings, pool, tmp_path, monkeypatch) -> None:
    started, go, outcomes = _held_render(monkeypatch)
    dialog = ExportDialog(_huge(), settings, pool=pool, initial_kind="markdown")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_kind("full-pdf")
    dialog.path_edit.setText(str(tmp_path / "huge.pdf"))
    assert dialog.start_export()
    assert started.wait(30)  # the worker is inside the render
    assert dialog.cancel_button.text() == "Cancel export"
    dialog.cancel_button.click()
    assert not dialog.running and dialog.cancel_button.text() == "Close"
    go.set()
    pool.waitForDone()
    dialog.preview_pool.waitForDone()
    assert sorted(outcomes) == ["export cancelled", "preview finished"]
    assert not (tmp_path / "huge.pdf").exists()
    assert dialog.status_label.text() == "Export cancelled; nothing was written."


def test_closing_the_dialog_stops_its_page_preview(qtbot, settings, pool, monkeypatch) -> None:
    started, go, outcomes = _held_render(monkeypatch)
    dialog = ExportDialog(_huge(), settings, pool=pool, initial_kind="full-pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview_pending
    assert started.wait(30)  # the preview worker is laying out the report
    assert dialog.page_view.page_label.text() == "Drawing the full report (pdf)…"
    dialog.reject()
    assert not dialog.isVisible()
    go.set()
    dialog.preview_pool.waitForDone()
    assert outcomes == ["preview cancelled"]
