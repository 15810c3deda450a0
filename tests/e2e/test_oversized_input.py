"""Oversized input: 100 MB files are refused before reading, 10 MB fields are stored or refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import Narrative, Postmortem
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.importer import import_path
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.gather.raw_timeline_dialog import RawTimelineDialog
from desktop_app.ui.widgets.text_edits import MAX_FIELD_CHARS, PlainTextEdit

HUNDRED_AND_ONE_MB = 101 * 1024 * 1024
STACK_TRACE = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n    charge() # <&> 例外\n'


def _huge(path: Path) -> Path:
    """A sparse 101 MB file: its size is real, reading it would be the mistake."""
    with path.open("wb") as handle:
        handle.truncate(HUNDRED_AND_ONE_MB)
    return path


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("huge.md", "the file is 101.0 MB; Markdown import accepts at most 10 MB"),
        ("huge.json", "the file is 106 MB; JSON imports are limited to 50 MB"),
    ],
)
def test_importing_a_101_mb_file_is_refused_before_reading(
    tmp_path: Path, no_reading: None, name: str, message: str
) -> None:
    path = _huge(tmp_path / name)
    with pytest.raises(ImportFailure) as caught:
        import_path(path)
    assert (caught.value.source, caught.value.message) == (str(path), message)


def test_the_raw_timeline_dialog_refuses_a_101_mb_file(qtbot: QtBot, tmp_path: Path, no_reading: None) -> None:
    doc = PostmortemDocument()
    doc.load(Postmortem(title="x"), 1)
    dialog = RawTimelineDialog(doc)
    qtbot.addWidget(dialog)
    path = _huge(tmp_path / "slack-export.json")
    dialog.ask_open_file = lambda parent: path  # type: ignore[method-assign]
    assert dialog.open_file() is False
    assert dialog.status_label.text() == (
        "Not opened: slack-export.json is 101 MB and files up to 20 MB can be read here. "
        "Open the part around the incident."
    )
    assert dialog.paste_edit.toPlainText() == ""


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(MAX_FIELD_CHARS, id="field-limit"),
        # 10 MB (an imported file can bring one); bench_big_fields.py times storing and indexing it
        pytest.param(10_000_000, id="10MB"),
    ],
)
def test_a_huge_field_is_stored_and_loaded_exactly(tmp_path: Path, size: int) -> None:
    big = (STACK_TRACE * (size // len(STACK_TRACE) + 1))[:size]
    engine = open_database(f"sqlite:///{tmp_path / 'big.db'}")
    try:
        repo = PostmortemRepository(engine)
        pm = Postmortem(id="big", title="Big trace", narrative=Narrative(what_happened=big))
        repo.add(pm)
        pm.narrative.what_happened = big + "!"
        assert repo.save(pm, expected_version=1) == 2
        loaded = repo.get("big")
        assert loaded.narrative.what_happened == big + "!"
    finally:
        engine.dispose()


def test_a_paste_over_the_field_limit_is_refused_with_a_message(qtbot: QtBot) -> None:
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("kept <text> & قبل")
    refused: list[str] = []
    edit.paste_refused.connect(refused.append)
    data = QMimeData()
    data.setText("x" * (MAX_FIELD_CHARS + 1))
    edit.insertFromMimeData(data)
    assert edit.toPlainText() == "kept <text> & قبل"
    assert refused == [
        "Not pasted: that is 1,000,001 characters and a field holds at most 1,000,000. "
        "Paste the part that matters, or attach the whole file as evidence."
    ]
    small = QMimeData()
    small.setText(STACK_TRACE)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertFromMimeData(small)
    assert edit.toPlainText() == "kept <text> & قبل" + STACK_TRACE
    # replacing a selection counts what is left, not what was there
    edit.selectAll()
    exact = QMimeData()
    exact.setText("y" * MAX_FIELD_CHARS)
    edit.insertFromMimeData(exact)
    assert len(edit.toPlainText()) == MAX_FIELD_CHARS
    assert len(refused) == 1
