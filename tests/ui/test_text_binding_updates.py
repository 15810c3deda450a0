"""A multi-line field follows its document by replacing only what differs, never the whole text needlessly.

How fast: tests/benchmarks/bench_big_fields.py; these tests pin the behaviour.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from desktop_app.domain.models import Narrative, Postmortem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import PlainTextEdit
from desktop_app.ui.wizard import bindings
from desktop_app.ui.wizard.bindings import (
    PATCH_MAX_CHARS,
    LinesBinding,
    PlainTextBinding,
    _common_prefix,
    _common_suffix,
    replace_text,
)

PATH = ("narrative", "what_happened")
LINE = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n    charge()\n'


class CountingEdit(PlainTextEdit):
    """Counts whole-text resets and content changes."""

    def __init__(self) -> None:
        super().__init__()
        self.resets = 0
        self.changes: list[tuple[int, int, int]] = []
        self.document().contentsChange.connect(lambda *change: self.changes.append(change))

    def setPlainText(self, text: str) -> None:  # noqa: N802
        self.resets += 1
        super().setPlainText(text)


@pytest.fixture
def bound(qtbot):
    def make(text: str) -> tuple[PostmortemDocument, CountingEdit]:
        doc = PostmortemDocument()
        edit = CountingEdit()
        qtbot.addWidget(edit)
        PlainTextBinding(doc, edit, PATH)
        doc.load(Postmortem(id="pm", narrative=Narrative(what_happened=text)), 1)
        edit.resets = 0
        edit.changes.clear()
        return doc, edit

    return make


def _caret(edit: QPlainTextEdit, position: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(position)
    edit.setTextCursor(cursor)


def test_undo_and_redo_of_one_typed_character_touch_only_that_character(bound) -> None:
    text = LINE * 3000  # 252,000 characters
    doc, edit = bound(text)
    _caret(edit, 100_000)
    edit.textCursor().insertText("X")  # typed: the binding pushes the edit and shows nothing
    assert doc.get(PATH) == text[:100_000] + "X" + text[100_000:]
    assert (edit.resets, edit.changes) == (0, [(100_000, 0, 1)])

    doc.undo_stack.undo()
    assert edit.toPlainText() == text
    assert (edit.resets, edit.changes[1:]) == (0, [(100_000, 1, 0)])
    assert edit.textCursor().position() == 100_000  # the caret stays where it was

    doc.undo_stack.redo()
    assert edit.toPlainText() == doc.get(PATH) == text[:100_000] + "X" + text[100_000:]
    assert (edit.resets, edit.changes[2:]) == (0, [(100_000, 0, 1)])


def test_a_document_change_the_field_already_shows_leaves_it_alone(bound) -> None:
    doc, edit = bound(LINE * 100)
    _caret(edit, 500)
    doc.load(doc.pm, 2)  # the same postmortem again (after a save, a reload)
    doc.field_changed.emit(PATH)
    assert (edit.resets, edit.changes) == (0, [])
    assert edit.textCursor().position() == 500


def test_a_programmatic_edit_replaces_only_the_changed_span(bound) -> None:
    text = LINE * 1000
    doc, edit = bound(text)
    doc.edit(PATH, text[:40_000] + "walrus" + text[40_010:])
    assert edit.toPlainText() == doc.get(PATH)
    assert (edit.resets, edit.changes) == (0, [(40_000, 10, 6)])


def test_characters_beyond_the_basic_plane_before_the_change_count_twice_in_qt(bound) -> None:
    text = "😀 例外 incident\n" * 50 + "tail"
    doc, edit = bound(text)
    doc.edit(PATH, text.replace("tail", "tale"))
    assert edit.toPlainText() == "😀 例外 incident\n" * 50 + "tale"
    assert edit.resets == 0
    assert edit.changes == [(50 * len("😀 例外 incident\n".encode("utf-16-le")) // 2 + 2, 2, 2)]  # "il" -> "le"


@pytest.mark.parametrize(
    ("new", "resets"),
    [
        ("x" * (PATCH_MAX_CHARS + 1), 1),  # a big insertion: the whole text is set (wrap mode chosen first)
        ("a\r\nb" + LINE, 1),  # a carriage return could pair with a newline already shown
        ("", 0),
        ("a\u00a0b\u2028c" + LINE, 0),  # shown as Qt shows them: a space and a line break
    ],
    ids=["large", "carriage-return", "emptied", "nbsp-line-separator"],
)
def test_a_large_or_tricky_change_still_shows_the_new_text(bound, new: str, resets: int) -> None:
    doc, edit = bound(LINE * 5)
    doc.edit(PATH, new)
    reference = QPlainTextEdit()
    reference.setPlainText(new)
    assert edit.toPlainText() == reference.toPlainText()
    assert edit.resets == resets


def test_loading_into_an_empty_field_sets_the_text_once(qtbot) -> None:
    doc = PostmortemDocument()
    edit = CountingEdit()
    qtbot.addWidget(edit)
    PlainTextBinding(doc, edit, PATH)
    doc.load(Postmortem(id="pm", narrative=Narrative(what_happened=LINE)), 1)
    assert edit.toPlainText() == LINE
    assert edit.resets == 1


def test_lines_binding_shows_a_new_item_by_inserting_it(qtbot) -> None:
    doc = PostmortemDocument()
    edit = CountingEdit()
    qtbot.addWidget(edit)
    LinesBinding(doc, edit, ("open_questions",))
    doc.load(Postmortem(id="pm", open_questions=["Why?", "Who knew?"]), 1)
    edit.resets = 0
    edit.changes.clear()
    doc.edit(("open_questions",), ["Why?", "What helped?", "Who knew?"])
    assert edit.toPlainText() == "Why?\nWhat helped?\nWho knew?"
    assert (edit.resets, edit.changes) == (0, [(7, 0, 13)])  # "Why?\nWh" kept, "at helped?\nWh" inserted


def test_replace_text_says_whether_it_changed_anything(qtbot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    assert replace_text(edit, "abc") is True
    assert replace_text(edit, "abc") is False
    assert replace_text(edit, "abXc") is True
    assert edit.toPlainText() == "abXc"


def test_random_edits_of_a_long_text_always_end_with_the_exact_text(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(bindings, "_CHUNK", 64)  # small chunks: the chunk loops and searches run many times
    rng = random.Random(8)
    alphabet = "ab \n例😀"
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    text = "".join(rng.choice(alphabet) for _ in range(3000))
    edit.setPlainText(text)
    for _ in range(200):
        start = rng.randrange(len(text) + 1)
        stop = min(len(text), start + rng.choice((0, 1, 2, 70, 300)))
        text = text[:start] + "".join(rng.choice(alphabet) for _ in range(rng.choice((0, 1, 3, 130)))) + text[stop:]
        replace_text(edit, text)
        assert edit.toPlainText() == text
    cursor = QTextCursor(edit.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    assert cursor.position() == len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("chunk", [4, 64, 1 << 16])
def test_common_prefix_and_suffix_are_exact(monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(bindings, "_CHUNK", chunk)
    base = "".join(chr(97 + (i * 7) % 26) for i in range(1000))
    for at in (0, 1, 3, 4, 5, 63, 64, 65, 500, 999):
        changed = base[:at] + "#" + base[at + 1 :]
        assert _common_prefix(base, changed) == at
        assert _common_suffix(base, changed, 1000) == 999 - at
    assert _common_prefix(base, base[:700]) == 700
    assert _common_suffix(base, base[300:], 700) == 700
    assert _common_suffix("aaaa", "aaaaaa", 4) == 4
    assert _common_prefix("", "abc") == 0
