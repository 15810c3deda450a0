"""Recovery in the GUI: the start-up choice for an unusable database, and File ▸ Restore from backup…."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import app as composition
from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage.backups import Backup, format_size, list_backups, make_backup, set_aside
from desktop_app.storage.database import DatabaseError, NewerDatabaseError, open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_dialog import (
    BackupChooser,
    RecoveryDialogs,
    StartupChoice,
    StartupDialog,
    StartupProblem,
    confirm_text,
    recover_at_startup,
    startup_problem,
)

GARBAGE = b"SQLite format 3\x00" + b"\x42" * 3000


def _store(db: Path, *pms: Postmortem) -> None:
    engine = open_database(f"sqlite:///{db}")
    try:
        for pm in pms:
            PostmortemRepository(engine).add(pm)
    finally:
        engine.dispose()


def _titles(db: Path) -> list[str]:
    engine = open_database(f"sqlite:///{db}")
    try:
        return sorted(s.title for s in PostmortemRepository(engine).list_summaries())
    finally:
        engine.dispose()


class Script:
    """Answers for ``RecoveryDialogs``, recording what was asked and told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, choices: list[StartupChoice], pick: int | None = 0) -> None:
        self.asked: list[tuple[str, bool, bool]] = []
        self.told: list[str] = []
        self.offered: list[list[str]] = []
        self.confirmed: list[str] = []

        def startup_choice(cls, problem: StartupProblem) -> StartupChoice:
            self.asked.append((problem.message, problem.can_restore, problem.can_start_new))
            return choices.pop(0)

        def choose_backup(cls, parent, backups: list[Backup]) -> Backup | None:  # type: ignore[no-untyped-def]
            self.offered.append([b.describe() for b in backups])
            return None if pick is None else backups[pick]

        def confirm_restore(cls, parent, backup: Backup, db_path: Path) -> bool:  # type: ignore[no-untyped-def]
            self.confirmed.append(backup.path.name)
            return True

        def tell(cls, parent, text: str, details: str = "") -> None:  # type: ignore[no-untyped-def]
            self.told.append(f"{text} | {details}")

        for name, function in (
            ("startup_choice", startup_choice), ("choose_backup", choose_backup),
            ("confirm_restore", confirm_restore), ("inform", tell), ("error", tell),
        ):
            monkeypatch.setattr(RecoveryDialogs, name, classmethod(function))


def test_start_up_restore_of_a_corrupt_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="From the backup — من النسخة"))
    backup = make_backup(db, now=datetime(2024, 6, 1, 9, 30))
    db.write_bytes(GARBAGE)
    script = Script(monkeypatch, [StartupChoice.RESTORE])
    assert recover_at_startup("the message", db) is True
    assert script.asked == [("the message", True, True)]
    assert script.offered == [[backup.describe()]]
    [kept] = [b.path for b in list_backups(db) if b.kind == "before-restore"]
    assert script.told == [
        f"Restored the backup of Saturday 1 June 2024, 09:30. | The file it replaced was kept as {kept}."
    ]
    assert kept.read_bytes() == GARBAGE
    assert _titles(db) == ["From the backup — من النسخة"]


def test_start_up_new_database_moves_the_bad_file_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(GARBAGE)
    script = Script(monkeypatch, [StartupChoice.NEW_DATABASE])
    assert recover_at_startup("bad", db) is True
    assert script.asked == [("bad", False, True)]
    [moved] = [p for p in tmp_path.iterdir() if p.name.startswith("h.db.damaged-")]
    assert moved.read_bytes() == GARBAGE
    assert script.told == [f"Hindsight starts with a new, empty database. | The file that could not be opened was kept as {moved}."]
    assert not db.exists()


def test_start_up_quit_and_a_cancelled_choice_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="x"))
    make_backup(db)
    db.write_bytes(GARBAGE)
    script = Script(monkeypatch, [StartupChoice.RESTORE, StartupChoice.QUIT], pick=None)
    assert recover_at_startup("bad", db) is False
    assert len(script.asked) == 2 and script.told == []
    assert db.read_bytes() == GARBAGE


def _titles_shown_by_the_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Make ``run_gui`` return at once; the list gets, per window shown, the titles its library holds."""
    shown: list[list[str]] = []

    def fake_exec(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.addWidget(window)
        shown.append([s.title for s in window.repository.list_summaries()])
        window.close()
        return 0

    monkeypatch.setattr(application, "_exec", fake_exec)
    monkeypatch.setattr(application, "_application", lambda argv: QApplication.instance())
    return shown


def test_hindsight_starts_after_choosing_a_new_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(GARBAGE)
    script = Script(monkeypatch, [StartupChoice.NEW_DATABASE])
    shown = _titles_shown_by_the_window(qtbot, monkeypatch)
    assert composition.run_gui(str(db)) == 0
    assert shown == [[]]
    assert f"{db} is not a Hindsight database" in script.asked[0][0]
    assert [b.kind for b in list_backups(db)] == ["daily"]  # the start-up backup of the new database


def _answer_with(qtbot: QtBot, title: str, seen: list[object]) -> None:
    """When the start-up dialog shows, record its headline, text and buttons, then click ``title``."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StartupDialog)
        seen.append(dialog.headline.text())
        seen.append(dialog.message.text().replace("\u2060", ""))  # without the joiners that keep paths whole
        seen.append([(b.text(), b.description(), b.isEnabled()) for b in dialog.findChildren(QCommandLinkButton)])
        [button] = [b for b in dialog.findChildren(QCommandLinkButton) if b.text() == title]
        button.click()

    QTimer.singleShot(0, answer)


OPEN_OTHER = ("Open another database file…", "Choose a different Hindsight database. This file is left as it is.", True)
QUIT = ("Quit", "Leave everything as it is.", True)


def test_the_start_up_dialog_says_what_each_button_does(qtbot: QtBot) -> None:
    seen: list[object] = []
    _answer_with(qtbot, "Start a new database", seen)
    problem = StartupProblem(
        "Hindsight could not open its database", "h.db <is> damaged",
        (StartupChoice.RESTORE, StartupChoice.NEW_DATABASE, StartupChoice.OPEN_OTHER, StartupChoice.QUIT),
    )
    assert RecoveryDialogs.startup_choice(problem) is StartupChoice.NEW_DATABASE
    assert seen == [
        "Hindsight could not open its database",
        "h.db <is> damaged",
        [
            ("Restore a backup…", "There are no backups of this database yet.", False),
            ("Start a new database",
             "Begin with an empty one. The file that could not be opened is renamed aside, not deleted.", True),
            OPEN_OTHER,
            QUIT,
        ],
    ]


def test_what_the_start_up_dialog_offers_for_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "notes <&> 例.db"
    bad.write_bytes(b"not a database at all")
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{bad}")
    message = str(caught.value)
    assert message.endswith("it is damaged. The file was left untouched.")
    damaged = startup_problem(message, bad)
    assert damaged == StartupProblem(
        "Hindsight could not open its database",
        f"{bad} is not a Hindsight database: it is not an SQLite file or it is damaged. The file was left untouched.",
        (StartupChoice.RESTORE, StartupChoice.NEW_DATABASE, StartupChoice.OPEN_OTHER, StartupChoice.QUIT),
        can_restore=False, path=bad,
    )
    missing = startup_problem("gone", tmp_path / "missing.db")
    assert missing.offers == (StartupChoice.RESTORE, StartupChoice.OPEN_OTHER, StartupChoice.QUIT)

    newer = _newer_database(tmp_path / "newer.db")
    with pytest.raises(NewerDatabaseError) as caught_newer:
        open_database(f"sqlite:///{newer}")
    problem = startup_problem(str(caught_newer.value), newer)
    assert (problem.headline, problem.offers) == (
        "This database needs a newer Hindsight", (StartupChoice.OPEN_OTHER, StartupChoice.QUIT)
    )


def test_a_full_disk_offers_try_again_not_a_new_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.storage import database

    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="x"))
    make_backup(db)
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: _usage(free=0))
    problem = startup_problem(f"The disk holding {db} is full (0 B free). Free some space, then try again; "
                              "the database was left untouched.", db)
    assert (problem.headline, problem.offers) == (
        "The disk is full", (StartupChoice.RETRY, StartupChoice.OPEN_OTHER, StartupChoice.QUIT)
    )
    # SQLite said only "disk I/O error": the free space decides, and the dialog says so first
    problem = startup_problem("Reading or writing h.db failed (disk I/O error).", db)
    assert problem.message.startswith(f"The disk holding {db} is full (0 B free).")
    assert StartupChoice.NEW_DATABASE not in problem.offers


def _usage(free: int) -> object:
    import shutil

    return shutil._ntuple_diskusage(1 << 30, (1 << 30) - free, free)  # type: ignore[attr-defined]


def _newer_database(db: Path) -> Path:
    db.parent.mkdir(exist_ok=True)
    _store(db, Postmortem(id="n", title="From the future"))
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return db


def test_a_newer_database_at_start_up_offers_another_file_or_quit(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = _newer_database(tmp_path / "newer" / "h.db")
    before = newer.read_bytes()
    other = tmp_path / "other.db"
    _store(other, Postmortem(id="o", title="The other database"))
    asked: list[Path | None] = []
    monkeypatch.setattr(RecoveryDialogs, "choose_database",
                        classmethod(lambda cls, parent, near: asked.append(near) or other))
    shown = _titles_shown_by_the_window(qtbot, monkeypatch)
    seen: list[object] = []
    _answer_with(qtbot, "Open another database file…", seen)
    assert composition.run_gui(str(newer)) == 0
    headline, message, buttons = seen
    assert headline == "This database needs a newer Hindsight"
    assert message == (
        f"{newer} was saved by a newer version of Hindsight, which stores postmortems in a way this version "
        "does not know. Update Hindsight to open it; the file was left untouched."
    )
    assert "0099" not in message and "revision" not in message
    assert buttons == [OPEN_OTHER, QUIT]
    assert asked == [newer]
    assert shown == [["The other database"]]
    assert newer.read_bytes() == before
    assert sorted(p.name for p in newer.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["h.db"]

    seen.clear()  # Quit leaves it as it is
    _answer_with(qtbot, "Quit", seen)
    assert composition.run_gui(str(newer)) == 2
    assert newer.read_bytes() == before


def test_the_backup_chooser_is_a_table_of_when_kind_and_size(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="x"))
    older = make_backup(db, now=datetime(2024, 6, 1, 9, 0))
    newer = make_backup(db, "daily", now=datetime(2024, 6, 2, 9, 0))
    kept = set_aside(db, now=datetime(2024, 6, 3, 18, 5))
    chooser = BackupChooser(list_backups(db))
    qtbot.addWidget(chooser)
    header = chooser.table.headerItem()
    assert [header.text(i) for i in range(3)] == ["When", "Kind", "Size"]
    size = format_size(older.size)
    assert chooser.rows() == [
        ("Monday 3 June 2024, 18:05", "Before restore", format_size(kept.stat().st_size)),
        ("Sunday 2 June 2024, 09:00", "Daily", size),
        ("Saturday 1 June 2024, 09:00", "Manual", size),
    ]
    selected = chooser.selected()
    assert selected is not None and selected.path == kept
    chooser.table.setCurrentItem(chooser.table.topLevelItem(2))
    assert chooser.selected() == older
    assert [b.text() for b in chooser.buttons.buttons()] == ["Restore…", "Cancel"]
    assert all(b.icon().isNull() for b in chooser.buttons.buttons())
    empty = BackupChooser([])
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.selected() is None
    assert newer.kind_label == "Daily"


def test_the_restore_confirmation_names_the_backup_by_date_and_kind(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="x"))
    backup = make_backup(db, "daily", now=datetime(2024, 6, 2, 9, 0))
    question, details = confirm_text(backup, db)
    assert question == "Go back to the backup of Sunday 2 June 2024, 09:00?"
    assert details == (
        f"Daily backup, {format_size(backup.size)}. The database h.db becomes what it was then: edits made since "
        "are not in the backup. The current database is kept as a backup first, so this can be undone."
    )
    assert backup.path.name not in question + details
    seen: list[object] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.text(), [(b.text(), b.icon().isNull()) for b in box.buttons()]))
        [cancel] = [b for b in box.buttons() if b.text() == "Cancel"]
        cancel.click()

    QTimer.singleShot(0, answer)
    assert RecoveryDialogs.confirm_restore(None, backup, db) is False
    [(text, buttons)] = seen
    assert text == question
    assert sorted(buttons) == [("Cancel", True), ("Restore", True)]


def test_file_restore_from_backup_in_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="Original", timeline=[TimelineEvent(id="e1", description="first")]))
    backup = make_backup(db, now=datetime(2024, 6, 1, 9, 0))
    script = Script(monkeypatch, [])
    window = MainWindow(
        PostmortemRepository(open_database(f"sqlite:///{db}")),
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), autosave_delay_ms=60_000,
    )
    qtbot.addWidget(window)
    window.show()
    assert window.open_postmortem("a")
    window.document.edit(("title",), "Edited after the backup")  # pending: saved before the restore
    assert window.restore_backup_action.text() == "&Restore from backup…"
    window.restore_backup_action.trigger()
    assert script.confirmed == [backup.path.name]
    [kept] = [b for b in list_backups(db) if b.kind == "before-restore"]
    assert script.told == [
        f"Restored the backup of Saturday 1 June 2024, 09:00. | The replaced database was kept as {kept.path}."
    ]
    assert _titles(kept.path) == ["Edited after the backup"]
    assert not window.document.is_loaded
    assert [s.title for s in window.repository.list_summaries()] == ["Original"]
    # the restored postmortem has the version the window saw before: its edits must save whole
    assert window.open_postmortem("a")
    window.document.edit(("title",), "After the restore")
    window.document.delete_item(("timeline",), 0, text="Delete event")
    assert window.flush_autosave()
    stored = window.repository.get("a")
    assert (stored.title, stored.timeline) == ("After the restore", [])
    window.repository.engine.dispose()


def test_a_database_in_a_missing_folder_is_not_called_a_file_left_as_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.ui.restore_dialog import OPEN_OTHER_NO_FILE, WORD_JOINER, StartupDialog, unbroken_paths

    db = tmp_path / "no such-folder" / "deeper" / "hindsight.db"
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{db}")
    problem = startup_problem(str(caught.value), db)
    assert (problem.file_exists, problem.path) == (False, db)
    dialog = StartupDialog(problem)
    qtbot.addWidget(dialog)
    button = dialog.buttons[StartupChoice.OPEN_OTHER]
    assert button.description() == OPEN_OTHER_NO_FILE == (
        "Choose an existing Hindsight database file instead. Nothing is created here.")
    assert "left as it is" not in button.description()
    # the path never breaks after a "/" or "-": lines wrap at spaces only; the whole path is there to copy
    assert dialog.message.text() == unbroken_paths(problem.message)
    assert dialog.message.text().replace(WORD_JOINER, "") == problem.message
    assert f"/{WORD_JOINER}deeper/{WORD_JOINER}hindsight.{WORD_JOINER}db" in dialog.message.text()
    assert "no such-" + WORD_JOINER + "folder" in dialog.message.text()
    assert dialog.path_field is not None and dialog.path_field.text() == str(db)
    assert dialog.path_field.isReadOnly()
    # an existing damaged file keeps the usual wording
    existing = startup_problem("damaged", tmp_path)
    assert existing.file_exists
    assert unbroken_paths("plain words, no path") == "plain words, no path"
