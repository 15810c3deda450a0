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


def test_first_run_offers_the_sample_and_a_filled_library_does_not(qtbot: QtBot) -> None:
    state = EmptyState()
    qtbot.addWidget(state)
    state.show()
    assert state.heading.text() == "No postmortems yet"
    assert state.sample_button.isVisible() and state.sample_button.text() == "Open the sample postmortem"
    with qtbot.waitSignal(state.sample_requested, timeout=1000):
        qtbot.mouseClick(state.sample_button, Qt.MouseButton.LeftButton)
    state.set_library_empty(False)
    assert state.heading.text() == "No postmortem open"
    assert not state.sample_button.isVisible()
    assert state.message.text() == "Pick one from the library, or start a new review."


def test_the_first_run_message_wraps_at_a_readable_width_and_the_buttons_share_a_row(qtbot: QtBot) -> None:
    from desktop_app.ui.empty_state import MESSAGE_CHARS

    state = EmptyState()
    qtbot.addWidget(state)
    state.resize(1200, 800)
    state.show()
    qtbot.waitExposed(state)
    limit = state.message.fontMetrics().averageCharWidth() * MESSAGE_CHARS
    assert state.message.wordWrap() and state.message.width() <= limit
    assert state.message.fontMetrics().horizontalAdvance(state.message.text()) > limit  # so it wraps
    centre = state.rect().center().x()
    assert abs(state.message.geometry().center().x() - centre) <= 2
    rows = {button.geometry().center().y() for button in (state.new_button, state.import_button, state.sample_button)}
    assert len(rows) == 1
