"""The kill matrix: SIGKILL a real writer process at random moments, then prove nothing committed is lost.

``kill_worker.py`` runs as a subprocess (the venv's python) and edits, imports, exports or
types in the real window in a loop, announcing each write before it starts and after it
is committed. The test kills it with SIGKILL after a random number of its lines plus a
random short wait (seeded), then checks ``PRAGMA integrity_check``, that ``open_database``
opens the file, and that every stored postmortem is *exactly* the last acknowledged state
or the one being written when the kill landed. The next round starts a new worker on the
same database, so recovery from the previous kill is part of what is tested.

``HINDSIGHT_KILLS`` sets the total number of kills (default 20, ``make torture`` 200);
``HINDSIGHT_KILL_SEED`` changes the random moments (the seed is in every failure message).
Kills during a schema migration and during backups and restores come on top (a few in the
default run, more under ``make torture``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.formats.atomic import write_atomically
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

WORKER = Path(__file__).with_name("kill_worker.py")
TOTAL_KILLS = int(os.environ.get("HINDSIGHT_KILLS", "20"))
SEED = int(os.environ.get("HINDSIGHT_KILL_SEED", "8"))
#: share of the kills per mode (the rest go to ``edit``)
SHARES = {"import": 0.15, "export": 0.15, "gui": 0.1}
MAX_LOST_SECONDS = 1.0


def _load_worker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_worker", WORKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


worker = _load_worker()


#: up to this many kills in all (the default run), the window is killed once: starting it costs
#: most, and ``test_unclean_exit`` and ``test_autosave_kill`` kill two more windows
FEW_KILLS = 20


def kills_for(mode: str) -> int:
    if mode == "edit":
        return TOTAL_KILLS - sum(kills_for(m) for m in SHARES)
    if mode == "gui" and TOTAL_KILLS <= FEW_KILLS:
        return 1
    return max(1, round(TOTAL_KILLS * SHARES[mode]))


class Lines:
    """A child's stdout read on a thread; ``None`` marks its end."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout

        def pump() -> None:
            for line in stream:
                self.queue.put(line.rstrip("\n"))
            self.queue.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def next(self, timeout: float = 60.0) -> str | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output from the worker within {timeout} s") from None

    def rest(self) -> list[str]:
        lines = []
        while (line := self.next()) is not None:
            lines.append(line)
        return lines


@dataclass
class Round:
    """One worker run: every line it printed, and what was read before the kill."""

    lines: list[str]
    stderr: str
    returncode: int


@dataclass
class Stats:
    kills: int = 0
    mid_write: int = 0
    lines: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def run_and_kill(
    args: list[str], rng: random.Random, lines_before: int, tmp_path: Path, wait_s: tuple[float, float] = (0.0, 0.02)
) -> Round:
    """Start the worker, let it print ``lines_before`` lines, wait a random moment (within ``wait_s``), SIGKILL it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", env=env, cwd=tmp_path,
    )
    seen: list[str] = []
    try:
        output = Lines(proc)
        while len(seen) < lines_before:
            line = output.next()
            if line is None:
                break
            seen.append(line)
        # The random kill moment: not a synchronisation sleep, the worker runs on regardless.
        threading.Event().wait(rng.uniform(*wait_s))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    seen += output.rest()
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    proc.stderr.close()
    return Round(seen, stderr, proc.returncode)


def check_file(db: Path) -> PostmortemRepository:
    """The database is intact, opens with ``open_database``; a repository over it."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    return PostmortemRepository(open_database(f"sqlite:///{db}"))


def acknowledged(lines: list[str], saved: dict[str, str]) -> tuple[str, str] | None:
    """Fold ``saved`` lines into ``saved``; the ``(id, digest)`` of a write the kill interrupted, if any."""
    pending: tuple[str, str] | None = None
    for line in lines:
        kind, key, value = line.split(" ")
        if kind == "pending":
            pending = (key, value)
        elif kind == "saved":
            assert pending == (key, value) or pending is None or pending[0] == key, line
            saved[key] = value
            pending = None
    return pending


def _context(mode: str, index: int, seed: int, result: Round) -> str:
    return f"{mode} kill #{index} (seed {seed}); last lines {result.lines[-3:]}; stderr: {result.stderr[-2000:]}"


def _stored_matches(
    stored: dict[str, str], saved: dict[str, str], pending: tuple[str, str] | None, context: str
) -> bool:
    """Every stored digest is the acknowledged one or the interrupted one; returns whether it was the latter."""
    expected_ids = set(saved) | ({pending[0]} if pending else set())
    assert set(saved) <= set(stored) <= expected_ids, context
    took_pending = False
    for key, value in stored.items():
        if pending is not None and key == pending[0] and value == pending[1]:
            took_pending = True
            continue
        assert value == saved.get(key), f"{key}: stored {value}, acknowledged {saved.get(key)}; {context}"
    return took_pending


def _report(stats: Stats, mode: str) -> None:
    print(
        f"\nkill matrix {mode}: {stats.kills} kills survived, {stats.mid_write} mid-write, "
        f"{stats.lines} acknowledged lines, {stats.seconds:.1f} s" + "".join(f"\n  {n}" for n in stats.notes)
    )


def _stored_digests(repo: PostmortemRepository) -> dict[str, str]:
    return {s.id: worker.digest(repo.get(s.id)) for s in repo.list_summaries()}


@pytest.mark.parametrize("mode", ["edit", "import"])
def test_kill_during_writes_loses_nothing_committed(mode: str, tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "kill.db"
    open_database(f"sqlite:///{db}").dispose()
    saved: dict[str, str] = {}
    stats = Stats()
    started = time.monotonic()
    for index in range(kills_for(mode)):
        seed = SEED * 100_003 + index + (0 if mode == "edit" else 50_000)
        rng = random.Random(seed)
        args = [mode, f"sqlite:///{db}", str(seed)] + ([str(corpus_dir)] if mode == "import" else [])
        result = run_and_kill(args, rng, rng.randint(1, 60 if mode == "edit" else 8), tmp_path)
        context = _context(mode, index, seed, result)
        assert result.returncode == -signal.SIGKILL, context
        assert "Traceback" not in result.stderr, context
        pending = acknowledged(result.lines, saved)
        repo = check_file(db)
        try:
            stored = _stored_digests(repo)
        finally:
            repo._engine.dispose()
        if _stored_matches(stored, saved, pending, context):
            stats.mid_write += 1
        saved = dict(stored)  # what is stored now is the truth the next round starts from
        stats.kills += 1
        stats.lines += sum(line.startswith("saved") for line in result.lines)
    stats.seconds = time.monotonic() - started
    assert stats.kills == kills_for(mode)
    assert stats.lines > 0
    _report(stats, mode)


def test_kill_during_exports_leaves_a_whole_file(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "export.db"
    repo = PostmortemRepository(open_database(f"sqlite:///{db}"))
    from desktop_app.formats.importer import import_path

    for name in ("dfds-pm2022-009-bad-eks-ami.md", "hachyderm-2022-12-13-root-fs-full.md"):
        repo.add(import_path(corpus_dir / name).postmortem)
    repo.add(Postmortem(id="tiny", title="<tiny> & small — صغير"))
    repo._engine.dispose()
    target = tmp_path / "out" / "export.bin"
    target.parent.mkdir()
    saved: dict[str, str] = {}
    stats = Stats()
    started = time.monotonic()
    for index in range(kills_for("export")):
        seed = SEED * 100_003 + index + 90_000
        rng = random.Random(seed)
        result = run_and_kill(["export", f"sqlite:///{db}", str(seed), str(target)], rng, rng.randint(1, 12), tmp_path)
        context = _context("export", index, seed, result)
        assert result.returncode == -signal.SIGKILL, context
        assert "Traceback" not in result.stderr, context
        pending = acknowledged(result.lines, saved)
        if not target.exists():
            assert not saved, context
            continue
        actual = worker.file_digest(target)
        if pending is not None and actual == pending[1]:
            stats.mid_write += 1
        else:
            assert actual == saved["file"], context
        saved["file"] = actual
        stats.kills += 1
        stats.lines += sum(line.startswith("saved") for line in result.lines)
    leftovers = sorted(p for p in target.parent.iterdir() if p != target)
    stats.notes.append(f"temporary files left by kills mid-write: {len(leftovers)}")
    assert all(p.name.startswith(".export.bin.") and p.name.endswith(".part") for p in leftovers)
    # an hour later, the next export into the folder removes them
    for path in leftovers:
        os.utime(path, (time.time() - 3601, time.time() - 3601))
    write_atomically(target, b"next export")
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.bin"]
    stats.seconds = time.monotonic() - started
    _report(stats, "export")


def test_kill_while_typing_in_the_window_loses_at_most_the_last_second(tmp_path: Path) -> None:
    db = tmp_path / "gui.db"
    open_database(f"sqlite:///{db}").dispose()
    stats = Stats()
    started = time.monotonic()
    for index in range(kills_for("gui")):
        seed = SEED * 100_003 + index + 70_000
        rng = random.Random(seed)
        result = run_and_kill(["gui", f"sqlite:///{db}", str(seed)], rng, rng.randint(30, 90), tmp_path)
        context = _context("gui", index, seed, result)
        assert result.returncode == -signal.SIGKILL, context
        assert "Traceback" not in result.stderr, context
        pm_id = result.lines[0].split(" ")[1]
        typed_at = {int(n): float(t) for kind, n, t in (line.split(" ") for line in result.lines[1:]
                                                        if line.startswith("typed"))}
        saved_lengths = [int(line.split(" ")[1]) for line in result.lines if line.startswith("saved")]
        repo = check_file(db)
        try:
            title = repo.get(pm_id).title
        finally:
            repo._engine.dispose()
        assert title == worker.GUI_TEXT[: len(title)], context
        assert len(title) >= max(saved_lengths, default=0), context
        last = max(typed_at)
        lost = typed_at[last] - typed_at[len(title) + 1] if len(title) < last else 0.0
        assert lost <= MAX_LOST_SECONDS, f"lost {lost:.3f} s of typing ({len(title)} of {last} keys); {context}"
        stats.notes.append(f"kill #{index}: {last} keys typed, {len(title)} stored, {lost:.3f} s of typing lost")
        stats.kills += 1
        stats.lines += len(saved_lengths)  # the autosaves the window acknowledged
    stats.seconds = time.monotonic() - started
    _report(stats, "gui")


#: kills during a migration and during backups/restores: a few by default, a share of ``make torture``'s
EXTRA_KILLS = max(3, TOTAL_KILLS // 20)
DATA = Path(__file__).resolve().parents[1] / "data"
MIGRATION_S = 0.35


def _backups_intact(db: Path, context: str) -> int:
    """Every listed backup is a whole database (a kill mid-copy leaves none half-made); how many there are."""
    from desktop_app.storage.backups import check_integrity, list_backups

    found = list_backups(db)
    for backup in found:
        assert check_integrity(backup.path) == "ok", f"{backup.path.name}; {context}"
    return len(found)


def test_kill_during_a_migration_leaves_the_old_or_the_new_schema(tmp_path: Path) -> None:
    from desktop_app.storage.database import HEAD_REVISION

    expected = json.loads((DATA / "schema_0001.json").read_text(encoding="utf-8"))
    stats = Stats()
    started = time.monotonic()
    for index in range(EXTRA_KILLS):
        seed = SEED * 100_003 + index + 110_000
        rng = random.Random(seed)
        folder = tmp_path / f"round{index}"
        folder.mkdir()
        db = folder / "old.db"
        shutil.copyfile(DATA / "schema_0001.sqlite", db)
        # the upgrade takes about 0.2-0.4 s after its "pending" line: spread the kills over it
        window = (MIGRATION_S * index / EXTRA_KILLS, MIGRATION_S * (index + 1) / EXTRA_KILLS)
        result = run_and_kill(["migrate", f"sqlite:///{db}", str(seed)], rng, 1, folder, wait_s=window)
        context = _context("migrate", index, seed, result)
        assert "Traceback" not in result.stderr, context
        assert result.returncode in (0, -signal.SIGKILL), context
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
            [(revision,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        connection.close()
        assert revision in ("0001", HEAD_REVISION), context
        stats.mid_write += revision == "0001"
        _backups_intact(db, context)
        repo = check_file(db)  # finishes the upgrade if the kill stopped it
        try:
            stored = [repo.get(s.id).model_dump(mode="json", exclude={"schema_version", "updated_at"})
                      for s in repo.list_summaries()]
        finally:
            repo._engine.dispose()
        want = [Postmortem.model_validate(item).model_dump(mode="json", exclude={"schema_version", "updated_at"})
                for item in expected]
        assert sorted(stored, key=lambda p: p["id"]) == sorted(want, key=lambda p: p["id"]), context
        stats.kills += 1
        stats.lines += sum(line.startswith("saved") for line in result.lines)
    stats.seconds = time.monotonic() - started
    stats.notes.append(f"{stats.mid_write} kills landed before the upgrade committed; the next open finished it")
    _report(stats, "migrate")


def test_kill_during_backups_and_restores_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "restore.db"
    repo = PostmortemRepository(open_database(f"sqlite:///{db}"))
    from desktop_app.storage.backups import make_backup

    for n in range(3):  # three states to go back to
        repo.add(Postmortem(id=f"pm{n}", title=f"State {n} <&> — حالة",
                            timeline=[TimelineEvent(id=f"e{n}{i}", description=f"event {i}") for i in range(n * 20)]))
        make_backup(db)
    repo.add(Postmortem(id="now", title="Not in any backup yet"))
    repo._engine.dispose()
    saved = {"db": worker.data_digest(db)}
    stats = Stats()
    started = time.monotonic()
    for index in range(EXTRA_KILLS):
        seed = SEED * 100_003 + index + 130_000
        rng = random.Random(seed)
        result = run_and_kill(
            ["restore", f"sqlite:///{db}", str(seed)], rng, rng.randint(1, 6), tmp_path, wait_s=(0.0, 0.05)
        )
        context = _context("restore", index, seed, result)
        assert result.returncode == -signal.SIGKILL, context
        assert "Traceback" not in result.stderr, context
        pending = acknowledged(result.lines, saved)
        check_file(db)._engine.dispose()
        actual = worker.data_digest(db)
        if pending is not None and pending[0] == "db" and actual == pending[1]:
            stats.mid_write += 1
        else:
            assert actual == saved["db"], context
        saved = {"db": actual}
        count = _backups_intact(db, context)
        stats.kills += 1
        stats.lines += sum(line.startswith("saved") for line in result.lines)
    stats.seconds = time.monotonic() - started
    stats.notes.append(f"{count} backups listed at the end, every one whole")
    _report(stats, "restore")
