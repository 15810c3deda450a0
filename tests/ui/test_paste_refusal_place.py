"""A refused paste is said beside the field it was pasted into (not at a fixed spot of the
window) and in the status bar, for long enough to read."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui.widgets import text_edits


def _capture(monkeypatch) -> list[tuple]:
    shown: list[tuple] = []
    monkeypatch.setattr(text_edits.QToolTip, "showText", lambda *args: shown.append(args))
    return shown


def _global_rect(widget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def test_title_refusal_shows_beside_the_title_and_in_the_status_bar(qtbot, window, monkeypatch) -> None:
    shown = _capture(monkeypatch)
    window.new_postmortem()
    title = window.wizard.restoration.title_edit
    title.setFocus()
    QApplication.clipboard().setText("x" * 40_000)
    qtbot.keyClick(title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    message = ("Not pasted: that is 40,000 characters and this field holds at most 32,767. "
               "Paste the part that matters, or attach the whole text as evidence.")
    [(point, text, widget, _rect, msecs)] = shown
    assert (text, widget, msecs) == (message, title, text_edits.REFUSAL_TIP_MS)
    assert _global_rect(title).contains(point)
    assert not _global_rect(window.library).contains(point)
    assert not _global_rect(window.wizard.steps).contains(point)
    assert window.statusBar().currentMessage() == message
    assert text_edits.REFUSAL_TIP_MS >= 8000


def test_notes_refusal_shows_inside_the_notes_even_scrolled(qtbot, window, monkeypatch) -> None:
    shown = _capture(monkeypatch)
    window.new_postmortem()
    window.wizard.go_to(4)
    notes = window.wizard.discussion.notes_edit
    notes.setPlainText("\n".join(f"line {i}" for i in range(400)))
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    data = QMimeData()
    data.setText("y" * (text_edits.MAX_FIELD_CHARS + 1))
    notes.insertFromMimeData(data)
    [(point, text, widget, _rect, _msecs)] = shown
    assert text.startswith("Not pasted: that is 1,000,001 characters and a field holds at most 1,000,000.")
    assert widget is notes
    assert _global_rect(notes).contains(point)
    assert window.statusBar().currentMessage() == text
