"""A process for the kill matrix: edits, imports or exports in a loop until it is SIGKILLed.

Run with the venv's python: ``kill_worker.py MODE DATABASE SEED [CORPUS_DIR | EXPORT_FILE]``.

Every write is announced on stdout, flushed, before it starts and after it is committed:

* ``pending <id> <digest>`` — about to store this state of postmortem ``<id>``;
* ``saved <id> <digest>`` — that state is committed (or, for exports, the file is in place).

A kill can land anywhere, also between a commit and its ``saved`` line, so what is stored
afterwards must be exactly the last ``saved`` state or the ``pending`` one after it.

Modes:
    edit    storage-level edit loop over three postmortems (fields, timeline insert/move/
            delete, action items), ``save(expected_version=…)`` after each batch of edits.
    import  imports corpus files through ``formats.importer.import_path`` and adds them.
    export  writes exports (JSON, Markdown, CSV, PDF) of stored postmortems to one file
            with atomic writes; ``<id>`` is ``file`` and the digest is the file's SHA-256.
    gui     the real ``MainWindow`` (offscreen), typing into the title field key by key;
            prints ``typed <n> <monotonic time>`` after each key and ``saved <title length>``
            after each autosave.
    migrate opens (so upgrades, after backing it up) a database of an older schema:
            ``pending migrate head`` before, ``saved migrate head`` after; then exits.
    restore backs the database up and restores random backups in a loop; ``<id>`` is ``db``
            and the digest is ``data_digest`` of the database after the restore (``backup
            <n>`` lines for the backups made).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from desktop_app.domain.models import ActionItem, Postmortem, TimelineEvent

PM_IDS = ("kill-pm-a", "kill-pm-b", "kill-pm-c")
WORDS = ("checkout", "502s", "<b>bold</b>", "a & b", "決済", "فشل", "שגיאה", "🚨", "rollback", "tls", "\n")
GUI_TEXT = "Payments 502s after TLS rotation <again> & again " * 40


def digest(pm: Postmortem) -> str:
    """SHA-256 of everything stored about ``pm`` except ``updated_at`` (set by the database)."""
    data = pm.model_dump(mode="json", exclude={"updated_at"})
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()


def _words(rng: random.Random, low: int = 1, high: int = 6) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _event(rng: random.Random, serial: int) -> TimelineEvent:
    base = datetime(2024, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=rng.choice((-8, 0, 5)))))
    return TimelineEvent(
        id=f"ev-{serial}-{rng.randrange(10**9)}",
        occurred_at=base + timedelta(minutes=rng.randrange(600)),
        description=_words(rng),
        actor=rng.choice(("", "alice", "李雷")),
    )


def edit_once(pm: Postmortem, rng: random.Random, serial: int) -> None:
    """One random edit of ``pm`` in place, of the kinds the wizard and timeline make."""
    timeline = pm.timeline
    choice = rng.randrange(8)
    if choice == 0:
        pm.title = _words(rng, 2, 5).strip() or "t"
    elif choice == 1:
        pm.narrative.summary = (pm.narrative.summary + " " + _words(rng))[-4000:]
    elif choice in (2, 3) or not timeline:
        timeline.insert(rng.randint(0, len(timeline)), _event(rng, serial))
    elif choice == 4 and len(timeline) > 1:
        event = timeline.pop(rng.randrange(len(timeline)))
        timeline.insert(rng.randint(0, len(timeline)), event)
    elif choice == 5:
        del timeline[rng.randrange(len(timeline))]
    elif choice == 6:
        index = rng.randrange(len(timeline))
        timeline[index] = timeline[index].model_copy(update={"description": _words(rng)})
    else:
        pm.action_items.append(ActionItem(id=f"ai-{serial}-{rng.randrange(10**9)}", title=_words(rng)))
        if len(pm.action_items) > 12:
            del pm.action_items[0]


def run_edit(database: str, rng: random.Random) -> None:
    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    repo = PostmortemRepository(open_database(database))
    state: dict[str, tuple[Postmortem, int]] = {}
    for pm_id in PM_IDS:
        if repo.exists(pm_id):
            state[pm_id] = repo.get_with_version(pm_id)
        else:
            pm = Postmortem(id=pm_id, title=f"Kill {pm_id}")
            say("pending", pm_id, digest(pm))
            state[pm_id] = (pm, repo.add(pm))
            say("saved", pm_id, digest(pm))
    serial = 0
    while True:
        pm_id = rng.choice(PM_IDS)
        pm, version = state[pm_id]
        for _ in range(rng.randint(1, 5)):
            serial += 1
            edit_once(pm, rng, serial)
        say("pending", pm_id, digest(pm))
        version = repo.save(pm, expected_version=version)
        say("saved", pm_id, digest(pm))
        state[pm_id] = (pm, version)


def run_import(database: str, rng: random.Random, corpus: Path) -> None:
    import uuid

    from desktop_app.formats.importer import import_path
    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    repo = PostmortemRepository(open_database(database))
    files = sorted(corpus.glob("*.md"))
    while True:
        pm = import_path(rng.choice(files)).postmortem
        pm.id = uuid.UUID(int=rng.getrandbits(128)).hex
        say("pending", pm.id, digest(pm))
        repo.add(pm)
        say("saved", pm.id, digest(pm))


def run_export(database: str, rng: random.Random, target: Path) -> None:
    from desktop_app.formats.atomic import write_atomically
    from desktop_app.formats.csv_export import action_items_csv
    from desktop_app.formats.json_format import to_json
    from desktop_app.formats.markdown_export import to_markdown
    from desktop_app.formats.pdf_summary import render_summary_pdf
    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    repo = PostmortemRepository(open_database(database))
    pms = [repo.get(s.id) for s in repo.list_summaries()]
    renderers: list[Any] = [
        lambda pm: to_json(pm).encode("utf-8"),
        lambda pm: to_markdown(pm).encode("utf-8"),
        lambda pm: action_items_csv([pm]),
        render_summary_pdf,
    ]
    while True:
        pm = rng.choice(pms)
        data = rng.choice(renderers)(pm) + f"\n{rng.random()}".encode()
        say("pending", "file", hashlib.sha256(data).hexdigest()[:20])
        write_atomically(target, data)
        say("saved", "file", file_digest(target))


def run_gui(database: str, rng: random.Random) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository
    from desktop_app.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    settings = QSettings(str(Path(database).with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(PostmortemRepository(open_database(database)), settings=settings, autosave_delay_ms=300)
    window.show()
    window.new_postmortem()
    say("opened", window.document.pm.id)
    window.document.dirty_changed.connect(
        lambda dirty: None if dirty else say("saved", len(window.document.pm.title))
    )
    title = window.wizard.restoration.title_edit
    title.setFocus()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        if typed >= len(GUI_TEXT):
            return
        QTest.keyClicks(title, GUI_TEXT[typed])
        typed += 1
        say("typed", typed, f"{time.monotonic():.4f}")
        QTimer.singleShot(rng.randint(5, 40), type_one)

    QTimer.singleShot(0, type_one)
    app.exec()


def data_digest(path: Path) -> str:
    """SHA-256 of every row of the database's own tables (not the search index, which is derived)."""
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [str(r[0]) for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
            "AND name NOT LIKE 'sqlite%' ORDER BY name")]
        hashed = hashlib.sha256()
        for name in names:
            for row in sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))):
                hashed.update(f"{name}:{row}\n".encode())
        return hashed.hexdigest()[:20]
    finally:
        connection.close()


def run_migrate(database: str) -> None:
    from desktop_app.storage.database import open_database

    say("pending", "migrate", "head")
    open_database(database).dispose()
    say("saved", "migrate", "head")


def run_restore(database: str, rng: random.Random) -> None:
    from desktop_app.storage.backups import MANUAL, list_backups, make_backup, restore_backup

    path = Path(database.removeprefix("sqlite:///"))
    made = 0
    while True:
        backups = [b for b in list_backups(path) if b.kind == MANUAL]
        if not backups or rng.random() < 0.3:
            made += 1
            say("pending", "backup", made)
            make_backup(path)
            say("saved", "backup", made)
            continue
        chosen = rng.choice(backups).path
        say("pending", "db", data_digest(chosen))
        restore_backup(chosen, path)
        say("saved", "db", data_digest(path))


def main(argv: list[str]) -> None:
    mode, database, seed = argv[0], argv[1], int(argv[2])
    rng = random.Random(seed)
    if mode == "edit":
        run_edit(database, rng)
    elif mode == "import":
        run_import(database, rng, Path(argv[3]))
    elif mode == "export":
        run_export(database, rng, Path(argv[3]))
    elif mode == "gui":
        run_gui(database, rng)
    elif mode == "migrate":
        run_migrate(database)
    elif mode == "restore":
        run_restore(database, rng)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
