"""Huge pastes: a long unbroken line wraps anywhere (which keeps pasting and typing quick);
an over-long one-line paste is refused."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextOption
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.widgets.text_edits import LONG_LINE_CHARS, LineEdit, PlainTextEdit, longest_line

MINIFIED = '{"k":"<&>","v":[1,2,3],"s":"例外"},'  # no space, no line break: one unbreakable word


def _minified(size: int) -> str:
    return (MINIFIED * (size // len(MINIFIED) + 1))[:size]


def test_longest_line() -> None:
    assert [longest_line(t) for t in ("", "abc", "a\nbcd\n", "\n\n")] == [0, 3, 3, 0]


def test_pasting_200000_characters_on_one_line_into_the_summary_is_quick(
    qtbot: QtBot, window: MainWindow, type_text
) -> None:
    window.new_postmortem()
    window.wizard.go_to(5)
    edit = window.wizard.findings.narrative_edits["summary"]
    edit.setFocus()
    big = _minified(200_000)
    QApplication.clipboard().setText(big)
    # A bare QPlainTextEdit wrapping 200,000 unbroken characters at word boundaries took 3.8 s to paste
    # and 1.6 s per key press (offscreen); wrapped anywhere, 0.1 s and 0.04 s (bench_long_pastes.py).
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert window.document.pm.narrative.summary == big
    assert edit.wraps_anywhere
    assert edit.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    type_text(edit, "!?")
    QApplication.processEvents()
    assert window.document.pm.narrative.summary == big + "!?"
    # Once no line is that long, words wrap whole again.
    edit.selectAll()
    type_text(edit, "Short again, <&> 例外")
    assert window.document.pm.narrative.summary == "Short again, <&> 例外"
    assert not edit.wraps_anywhere
    assert edit.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    # Typing in one field is one undo step, the paste included.
    window.undo_action.trigger()
    assert (window.document.pm.narrative.summary, edit.toPlainText()) == ("", "")
    window.redo_action.trigger()
    assert edit.toPlainText() == "Short again, <&> 例外"


def test_the_wrap_mode_follows_the_longest_line(qtbot: QtBot) -> None:
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    edit.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    edit.setPlainText("x" * LONG_LINE_CHARS + "\nshort")
    assert not edit.wraps_anywhere and edit.wordWrapMode() == QTextOption.WrapMode.WordWrap
    cursor = edit.textCursor()
    cursor.setPosition(0)
    edit.setTextCursor(cursor)
    qtbot.keyClicks(edit, "y")  # the line now has one character too many
    assert edit.wraps_anywhere and edit.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert not edit.wraps_anywhere and edit.wordWrapMode() == QTextOption.WrapMode.WordWrap
    assert edit.toPlainText() == "y" + "x" * (LONG_LINE_CHARS - 1) + "\nshort"
    # setPlainText (loading, undo) picks the mode before the layout, which is the slow part
    edit.setPlainText(_minified(200_000))
    QApplication.processEvents()
    assert edit.wraps_anywhere
    edit.setPlainText("short")
    assert not edit.wraps_anywhere
    # lines split at the breaks: 15,000 characters in lines of 100 is not a long line
    data = QMimeData()
    data.setText(("z" * 99 + "\n") * 150)
    edit.insertFromMimeData(data)
    assert not edit.wraps_anywhere


def test_a_one_line_paste_over_the_limit_is_refused_not_cut(qtbot: QtBot) -> None:
    edit = LineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setText("kept <&> قبل")
    refused: list[str] = []
    edit.paste_refused.connect(refused.append)
    QApplication.clipboard().setText("x" * 40_000)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "kept <&> قبل"
    assert refused == [
        "Not pasted: that is 40,000 characters and this field holds at most 32,767. "
        "Paste the part that matters, or attach the whole text as evidence."
    ]
    # the context menu's Paste is checked too
    menu = edit.context_menu()
    qtbot.addWidget(menu)
    [paste] = [a for a in menu.actions() if a.objectName() == "edit-paste"]
    paste.trigger()
    assert edit.text() == "kept <&> قبل" and len(refused) == 2
    # and so is a drop
    data = QMimeData()
    data.setText("y" * 32_760)
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    edit.dropEvent(drop)
    assert edit.text() == "kept <&> قبل"
    assert refused[-1] == (
        "Not pasted: that would make 32,772 characters and this field holds at most 32,767. "
        "Paste the part that matters, or attach the whole text as evidence."
    )
    # replacing the selection counts what is left: exactly the limit fits
    edit.selectAll()
    QApplication.clipboard().setText("z" * 32_767)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "z" * 32_767 and len(refused) == 3
    # typing at the limit just stops, as it always did
    qtbot.keyClicks(edit, "w")
    assert edit.text() == "z" * 32_767 and len(refused) == 3


def test_a_field_with_a_smaller_limit_names_it(qtbot: QtBot) -> None:
    edit = LineEdit()
    qtbot.addWidget(edit)
    edit.setMaxLength(10)
    refused: list[str] = []
    edit.paste_refused.connect(refused.append)
    QApplication.clipboard().setText("0123456789A")
    edit.paste()
    assert (edit.text(), refused) == ("", [
        "Not pasted: that is 11 characters and this field holds at most 10. "
        "Paste the part that matters, or attach the whole text as evidence."
    ])
    QApplication.clipboard().setText("例外 <&> 😀")
    edit.paste()
    assert edit.text() == "例外 <&> 😀"
