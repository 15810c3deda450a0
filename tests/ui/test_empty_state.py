"""The empty state's buttons say what they do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.ui.empty_state import EmptyState


def test_the_import_button_names_both_formats(qtbot: QtBot) -> None:
    state = EmptyState()
    qtbot.addWidget(state)
    assert (state.import_button.text(), state.import_button.toolTip()) == (
        "Import a postmortem…", "Markdown or Hindsight JSON"
    )
    with qtbot.waitSignal(state.import_requested, timeout=1000):
        qtbot.mouseClick(state.import_button, Qt.MouseButton.LeftButton)
