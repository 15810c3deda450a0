"""The open postmortem, saved by another window or process, is reloaded quietly when this window
has no unsaved edits (same step, same selection, a note in the status bar); with edits, the save
that follows still asks (the conflict dialog)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Postmortem
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.database_watch import RELOADED_NOTE
from desktop_app.ui.dialogs import ConflictChoice, Dialogs
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def other(db_url: str) -> Iterator[PostmortemRepository]:
    """A second repository on the same file, as another process would write it."""
    repository = PostmortemRepository(open_database(db_url))
    yield repository
    repository.engine.dispose()


@pytest.fixture
def following(make_window: Callable[..., MainWindow], repo: PostmortemRepository) -> MainWindow:
    repo.add(Postmortem(id="pm-a", title="Before"))
    repo.add(Postmortem(id="pm-b", title="Another"))
    window = make_window(repo)
    window.database_watch._timer.setInterval(50)  # noqa: SLF001 - poll often: the test waits for it
    window.refresh_library()
    assert window.open_postmortem("pm-a")
    window.wizard.go_to(Step.DISCUSSION)
    return window


def test_a_postmortem_saved_elsewhere_is_reloaded_quietly(
    qtbot: QtBot, following: MainWindow, other: PostmortemRepository
) -> None:
    step = following.wizard.current_step
    stored, version = other.get_with_version("pm-a")
    stored.title = "Saved by another process — 別"
    other.save(stored, expected_version=version)

    qtbot.waitUntil(lambda: following.document.pm.title == "Saved by another process — 別", timeout=5000)
    assert following.document.version == other.version_of("pm-a")
    assert not following.document.dirty and not following.autosaver.pending
    assert following.wizard.current_step == step == Step.DISCUSSION
    assert following.library.selected_id() == "pm-a"
    assert following.statusBar().currentMessage() == RELOADED_NOTE
    assert following.wizard.restoration.title_edit.text() == "Saved by another process — 別"


def test_with_unsaved_edits_the_conflict_dialog_still_asks(
    qtbot: QtBot, following: MainWindow, other: PostmortemRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(_cls: object, _parent: object, title: str, _message: str) -> ConflictChoice:
        asked.append(title)
        return ConflictChoice.RELOAD_THEIRS

    monkeypatch.setattr(Dialogs, "resolve_conflict", classmethod(choose))
    following.autosaver.timer._timer.setInterval(60_000)  # noqa: SLF001 - the edit stays pending
    following.document.edit(("title",), "Typed here")
    assert following.autosaver.pending
    stored, version = other.get_with_version("pm-a")
    stored.title = "Saved elsewhere"
    other.save(stored, expected_version=version)

    seen = following.database_watch.changed
    with qtbot.waitSignal(seen, timeout=5000):
        pass
    assert following.document.pm.title == "Typed here"  # not reloaded over the edit
    assert following.statusBar().currentMessage() != RELOADED_NOTE
    assert following.flush_autosave()
    assert asked == ["Typed here"]
    assert following.document.pm.title == "Saved elsewhere"
