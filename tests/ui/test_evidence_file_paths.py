"""Step 2's File column: a typed name that would lead out of the attachments folder is refused and
said so; one that came in with an import is kept as text, marked, and its tip says why."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.models import Evidence, Postmortem

FILE = 3  # Kind, Title, Link, File, Note


def test_typed_evidence_file_names_stay_inside_the_attachments_folder(qtbot, window, repo, edit_cell) -> None:
    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(2)
    page = window.wizard.evidence
    table = page.editor
    assert table.model.headerData(FILE, Qt.Orientation.Horizontal) == "File"
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)

    edit_cell(table.view, 0, FILE, "logs/db.log")
    assert doc.pm.evidence[0].file_path == "logs/db.log"
    assert not page.file_message.isVisible()
    count = doc.undo_stack.count()

    for bad in ("../../etc/passwd", "/etc/shadow", "C:\\Windows\\win.ini"):
        edit_cell(table.view, 0, FILE, bad)
        assert doc.pm.evidence[0].file_path == "logs/db.log"
        assert page.file_message.isVisible()
        assert page.file_message.text().endswith("Give a name inside the attachments folder, e.g. logs/db.log.")
        assert doc.undo_stack.count() == count
    assert page.file_message.text().startswith("The evidence file 'C:\\\\Windows\\\\win.ini' is an absolute path")
    edit_cell(table.view, 0, FILE, "graphs/cpu.png")
    assert doc.pm.evidence[0].file_path == "graphs/cpu.png"
    assert not page.file_message.isVisible()


def test_an_imported_name_that_escapes_is_marked(qtbot, window, repo) -> None:
    repo.add(Postmortem(id="imp", title="Imported", evidence=[
        Evidence(id="e1", title="Secrets", file_path="../../home/me/.ssh/id_rsa"),
        Evidence(id="e2", title="Log", file_path="logs/app.log"),
    ]))
    window.refresh_library()
    assert window.open_postmortem("imp")
    window.wizard.go_to(2)
    model = window.wizard.evidence.editor.model
    assert model.index(0, FILE).data() == "⚠ ../../home/me/.ssh/id_rsa"
    assert model.index(0, FILE).data(Qt.ItemDataRole.ToolTipRole) == (
        "The evidence file '../../home/me/.ssh/id_rsa' leads out of the attachments folder (it uses '..'). "
        "Hindsight never opens it."
    )
    assert model.index(1, FILE).data() == "logs/app.log"
    assert model.index(1, FILE).data(Qt.ItemDataRole.ToolTipRole) is None
    assert window.document.pm.evidence[0].file_path == "../../home/me/.ssh/id_rsa"  # kept as it came
