"""The order the timeline editor shows is the order autosave stores (reloaded from the repository)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.dialogs import Dialogs

LOG4SHELL = "dfds-pm2021-011-log4shell.md"


def _timeline_editor(window):
    window.wizard.go_to(5)
    findings = window.wizard.findings
    findings.tabs.setCurrentIndex(2)
    return findings.timeline_editor


def test_moves_sort_and_undo_reach_storage_in_view_order(
    qtbot, window, wait_saved, db_url, corpus_dir, monkeypatch
):
    reports: list[str] = []
    monkeypatch.setattr(Dialogs, "show_import_report", classmethod(lambda cls, _p, summary, *_a, **_k: reports.append(summary)))
    [pm] = window.import_files([corpus_dir / LOG4SHELL])
    editor = _timeline_editor(window)
    model = editor.model
    assert model.rowCount() == 26
    first = model.index(0, 2).data()
    assert first == "The Log4Shell vulnerability was published"

    data = model.mimeData([model.index(0, 0), model.index(5, 0)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 20, 0, QModelIndex()) is False  # one undo step
    editor.select_rows([25])
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    view_order = [editor.shown_model().index(r, 0).data(model.EventIdRole) for r in range(editor.shown_model().rowCount())]
    assert view_order.index(model.ids()[18]) == 18
    assert model.index(18, 2).data() == first
    wait_saved(window)
    stored = PostmortemRepository(open_database(db_url)).get(pm.id)
    assert [e.id for e in stored.timeline] == view_order

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert model.index(0, 2).data() == first
    wait_saved(window)
    stored = PostmortemRepository(open_database(db_url)).get(pm.id)
    assert [e.id for e in stored.timeline] == model.ids()
    assert stored.timeline[0].description == first

    late = model.out_of_order_count()
    editor.sort_by_time()
    assert model.out_of_order_count() == 0
    wait_saved(window)
    stored = PostmortemRepository(open_database(db_url)).get(pm.id)
    assert [e.id for e in stored.timeline] == model.ids()
    assert window.undo_action.text() == "&Undo Sort by time"
    window.undo_action.trigger()
    assert model.out_of_order_count() == late
