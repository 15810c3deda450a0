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
    message = ("Not pasted: that is 40,000 characters and this field holds at most 500. "
               "Paste the part that matters, or attach the whole text as evidence.")
    [(point, text, widget, _rect, msecs)] = shown
    tip = ("Not pasted: that is 40,000 characters and this field holds at most 500.\n"
           "Paste the part that matters, or attach the whole text as evidence.")
    assert (text, widget, msecs) == (tip, title, text_edits.REFUSAL_TIP_MS)
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
    assert text.startswith("Not pasted: that is 1,000,001 characters and a field holds at most 1,000,000.\n")
    assert widget is notes
    assert _global_rect(notes).contains(point)
    assert window.statusBar().currentMessage() == text.replace("\n", " ")


def test_a_refusal_tip_right_of_the_middle_stays_at_its_field(qtbot) -> None:
    """A long one-line tip did not fit right of a field in the right half of the screen, and Qt put
    it left of the field (over the library): the tip is two lines, moved left only as far as the field."""
    field = text_edits.LineEdit()
    qtbot.addWidget(field)
    screen = field.screen().availableGeometry()
    field.setGeometry(screen.left() + screen.width() // 2 - 100, screen.top() + 100, screen.width() // 2, 24)
    field.show()
    qtbot.waitExposed(field)
    field.setText("About 2,100 customers could not pay by card")
    field.setFocus()
    QApplication.clipboard().setText("x" * 40_000)
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    tips = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label" and w.isVisible()]
    assert len(tips) == 1
    tip = tips[0].geometry()
    left = field.mapToGlobal(field.rect().topLeft()).x()
    assert tips[0].text().count("\n") == 1
    assert left <= tip.left() <= left + field.width()
    assert tip.right() <= screen.right()
