"""Two writers on one database: separate processes, two repositories, two windows in one process.

Different postmortems never interfere; a second save of the same postmortem from a stale
version raises ``ConflictError`` (never a silent overwrite); heavy concurrent writing
never lets ``database is locked`` escape.
"""

from __future__ import annotations

import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import ConflictError, PostmortemRepository
from desktop_app.ui.dialogs import ConflictChoice, Dialogs
from desktop_app.ui.main_window import MainWindow

WORKER = Path(__file__).with_name("writer_worker.py")


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )


def ask(proc: subprocess.Popen[str], command: str) -> str:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(command + "\n")
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready, f"no answer to {command!r} within 60 s"
    return proc.stdout.readline().strip()


def finish(procs: list[subprocess.Popen[str]]) -> list[str]:
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "OperationalError" not in err and "database is locked" not in err
        outputs.append(out.strip())
    return outputs


@pytest.fixture(scope="module")
def two_postmortems(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with ``pm-a`` and ``pm-b``, built once; every test gets its own copy."""
    path = tmp_path_factory.mktemp("two-writers") / "two.db"
    engine = open_database(f"sqlite:///{path}")
    repo = PostmortemRepository(engine)
    repo.add(Postmortem(id="pm-a", title="A"))
    repo.add(Postmortem(id="pm-b", title="B"))
    engine.dispose()  # the last connection checkpoints the WAL: the file alone is the database
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def db(two_postmortems: Path, tmp_path: Path) -> str:
    copy = tmp_path / "two.db"
    shutil.copyfile(two_postmortems, copy)
    return f"sqlite:///{copy}"


def _stored(url: str, pm_id: str) -> tuple[Postmortem, int]:
    engine = open_database(url)
    try:
        return PostmortemRepository(engine).get_with_version(pm_id)
    finally:
        engine.dispose()


def test_two_processes_editing_different_postmortems_both_land(db: str) -> None:
    procs = [start("loop", db, "pm-a", "40", "a"), start("loop", db, "pm-b", "40", "b")]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert finish(procs) == ["done 0 41", "done 0 41"]
    for pm_id, tag in (("pm-a", "a"), ("pm-b", "b")):
        pm, version = _stored(db, pm_id)
        assert version == 41
        assert pm.title == f"{tag} 39"
        assert [e.id for e in pm.timeline] == [f"{tag}-{i}" for i in range(40)]
        assert pm.timeline[7].description == f"{tag} edit 7 <&> 編集"


def test_two_processes_on_the_same_postmortem_detect_the_conflict(db: str) -> None:
    first, second = start("step", db, "pm-a"), start("step", db, "pm-a")
    try:
        assert ask(first, "load") == "loaded 1"
        assert ask(second, "load") == "loaded 1"
        first.stdin.write("title First writer’s title\n")  # type: ignore[union-attr]
        second.stdin.write("title Second writer <would overwrite>\n")  # type: ignore[union-attr]
        assert ask(first, "save") == "saved 2"
        assert ask(second, "save") == "conflict 1 2"
        # the second writer reloads (what "Load theirs" does) and saves on top: no conflict now
        assert ask(second, "load") == "loaded 2"
        second.stdin.write("title Second writer, after reloading\n")  # type: ignore[union-attr]
        assert ask(second, "save") == "saved 3"
        assert ask(first, "save") == "conflict 2 3"
        for proc in (first, second):
            proc.stdin.write("quit\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
    finally:
        outputs = finish([first, second])
    assert outputs == ["", ""]
    pm, version = _stored(db, "pm-a")
    assert (pm.title, version) == ("Second writer, after reloading", 3)


def test_heavy_concurrent_writes_to_one_postmortem_lose_nothing_and_never_lock(db: str) -> None:
    """Both processes append to the same timeline as fast as they can; conflicts are retried."""
    count = 40
    procs = [start("loop", db, "pm-a", str(count), "x"), start("loop", db, "pm-a", str(count), "y")]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = finish(procs)
    conflicts = sum(int(out.split(" ")[1]) for out in outputs)
    pm, version = _stored(db, "pm-a")
    assert version == 1 + 2 * count
    assert sorted(e.id for e in pm.timeline) == sorted(f"{t}-{i}" for t in "xy" for i in range(count))
    assert [e.id for e in pm.timeline if e.id.startswith("x")] == [f"x-{i}" for i in range(count)]
    print(f"\n{2 * count} saves by two processes on one postmortem: {conflicts} conflicts detected and retried")


def test_two_repositories_in_one_process(db: str) -> None:
    one = PostmortemRepository(open_database(db))
    two = PostmortemRepository(open_database(db))
    try:
        mine, version = one.get_with_version("pm-a")
        theirs, their_version = two.get_with_version("pm-a")
        mine.timeline.append(TimelineEvent(id="e1", description="mine"))
        assert one.save(mine, expected_version=version) == 2
        theirs.title = "theirs"
        with pytest.raises(ConflictError) as caught:
            two.save(theirs, expected_version=their_version)
        assert (caught.value.postmortem_id, caught.value.expected, caught.value.actual) == ("pm-a", 1, 2)
        assert "you have version 1, the stored one is version 2" in str(caught.value)
        # `two` remembers version 1's rows; a save after the other's change must not trust them
        fresh, fresh_version = two.get_with_version("pm-a")
        fresh.timeline.append(TimelineEvent(id="e2", description="theirs"))
        assert two.save(fresh, expected_version=fresh_version) == 3
        stored = one.get("pm-a")
        assert [e.id for e in stored.timeline] == ["e1", "e2"]
        # editing different postmortems from the two repositories does not interfere
        other = two.get("pm-b")
        other.title = "B from two"
        two.save(other)
        mine = one.get("pm-a")
        mine.title = "A from one"
        one.save(mine)
        assert (one.get("pm-b").title, two.get("pm-a").title) == ("B from two", "A from one")
    finally:
        one._engine.dispose()
        two._engine.dispose()


def test_two_windows_in_one_process_offer_the_choice(
    qtbot: QtBot, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(parent: object, title: str, message: str) -> ConflictChoice:
        asked.append(title)
        return ConflictChoice.KEEP_MINE_AS_COPY

    monkeypatch.setattr(Dialogs, "resolve_conflict", classmethod(lambda cls, *a: choose(*a)))
    monkeypatch.setattr(Dialogs, "show_error", classmethod(lambda cls, *a: pytest.fail(f"error shown: {a[1:]}")))
    windows = []
    for name in ("one", "two"):
        settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(PostmortemRepository(open_database(db)), settings=settings, autosave_delay_ms=10_000)
        qtbot.addWidget(window)
        window.show()
        assert window.open_postmortem("pm-a")
        windows.append(window)
    first, second = windows
    first.document.edit(("title",), "Edited in window one")
    assert first.flush_autosave()
    second.document.edit(("title",), "Edited in window two — 二")
    assert second.flush_autosave()
    assert asked == ["Edited in window two — 二"]
    titles = sorted(s.title for s in first.repository.list_summaries())
    assert titles == ["B", "Edited in window one", "Edited in window two — 二 (my copy)"]
    assert second.document.pm.title == "Edited in window two — 二 (my copy)"
    for window in windows:
        window.repository._engine.dispose()
