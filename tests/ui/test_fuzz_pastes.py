"""Hostile pastes: generated clipboard text reaches the timeline editor and the text fields.

Whatever is pasted, nothing raises, every event the editor holds is a valid event, and
one undo step gives back exactly the timeline (or the field) there was before.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline.clipboard import EVENTS_MIME
from desktop_app.ui.timeline.editor import TimelineEditor

PASTES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
T0 = datetime(2024, 5, 1, 16, 0, tzinfo=timezone.utc)

_CHARS = st.characters(blacklist_categories=("Cs",))
_PIECES = st.sampled_from([
    "14:03", "2024-05-01 14:03:22", "25:61", "2024-02-30", "~14:05", "\t", "\n", "\r\n", '"', '""', ",",
    "Alert", "page <b>&amp;</b>", "東京", "שלום", "مرحبا", "🔥👩‍💻", "\x00", "\u202e", "=1+1", "Key moment",
    "Time\tKind\tKey moment\tDescription\tActor", "detection", "Start", "x" * 300,
])
clipboard_text = st.lists(st.one_of(_PIECES, st.text(_CHARS, max_size=25)), max_size=40).map("".join)


@pytest.fixture
def editor(qtbot) -> TimelineEditor:
    doc = PostmortemDocument()
    doc.load(Postmortem(incident_date=T0.date(), time_zone="Asia/Tokyo", timeline=[
        TimelineEvent(id=c, description=f"event {c}", occurred_at=T0 + timedelta(minutes=i))
        for i, c in enumerate("abc")
    ]), 1)
    widget = TimelineEditor(doc)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _put(text: str, private: bytes | None = None) -> None:
    data = QMimeData()
    data.setText(text)
    if private is not None:
        data.setData(EVENTS_MIME, private)
    QApplication.clipboard().setMimeData(data)


def _snapshot(editor: TimelineEditor) -> list[dict]:
    return [e.model_dump(mode="json") for e in editor.doc.pm.timeline]


@PASTES
@given(text=clipboard_text, private=st.one_of(st.none(), st.binary(max_size=200),
                                              clipboard_text.map(lambda t: t.encode("utf-8"))))
@example(text="14:03\tAlert\t\tdb down <&>\tops\n25:61\t\t\tbad time\t", private=None)
@example(text="", private=b'{"postmortem": "x", "events": [{"id": 1}]}')
def test_any_paste_into_the_timeline_is_valid_and_one_undo_step(editor, text: str, private: bytes | None) -> None:
    before = _snapshot(editor)
    stack = editor.doc.undo_stack
    steps = stack.index()
    _put(text, private)
    new_rows = editor.paste()
    after = editor.doc.pm.timeline
    for item in after:
        TimelineEvent.model_validate(item.model_dump())
        assert item.occurred_at is None or item.occurred_at.utcoffset() is not None
    assert len(after) == len(before) + len(new_rows)
    assert editor.model.rowCount() == len(after)
    if new_rows:
        event("pasted events")
        assert stack.index() == steps + 1
        stack.undo()
        assert _snapshot(editor) == before
        stack.redo()
        assert len(editor.doc.pm.timeline) == len(before) + len(new_rows)
        stack.undo()
    else:
        event("nothing pasted")
        assert stack.index() == steps
    assert _snapshot(editor) == before


def _as_qt_keeps_it(text: str) -> str:
    """What a pasted text becomes in a Qt text field: line breaks of any kind are line breaks,
    a no-break space is a space (``QPlainTextEdit.toPlainText``), and the clipboard drops one
    leading byte order mark."""
    text = text.removeprefix("\ufeff").replace("\xa0", " ")
    for brk in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(brk, "\n")
    return text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=clipboard_text)
@example(text="\x00\u202e" * 1000)
@example(text="\ufeffline\r\nnext\u2028last\xa0€")
def test_any_paste_into_a_narrative_field_is_stored_as_shown_and_undone(qtbot, window, text: str) -> None:
    if not window.document.is_loaded:
        window.new_postmortem()
        window.wizard.go_to(5)
    edit = window.wizard.findings.narrative_edits["summary"]
    edit.setFocus()
    assert window.document.pm.narrative.summary == ""
    QApplication.clipboard().setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == _as_qt_keeps_it(text)
    assert window.document.pm.narrative.summary == edit.toPlainText()
    window.undo_action.trigger()
    assert (window.document.pm.narrative.summary, edit.toPlainText()) == ("", "")
