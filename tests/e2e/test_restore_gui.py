"""Recovery in the GUI: the start-up choice for an unusable database, and File ▸ Restore from backup…."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app import app as composition
from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.storage.backups import Backup, list_backups, make_backup
from desktop_app.storage.database import DatabaseError, open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_dialog import (
    BackupChooser,
    RecoveryDialogs,
    StartupChoice,
    recover_at_startup,
    startup_details,
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

        def startup_choice(cls, message: str, *, can_restore: bool, can_start_new: bool) -> StartupChoice:
            self.asked.append((message, can_restore, can_start_new))
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
    assert script.told == [f"Restored the backup of 2024-06-01 09:30. | The file it replaced was kept as {kept}."]
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


def test_hindsight_starts_after_choosing_a_new_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(GARBAGE)
    script = Script(monkeypatch, [StartupChoice.NEW_DATABASE])
    shown: list[list[str]] = []

    def fake_exec(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.addWidget(window)
        shown.append([s.title for s in window.repository.list_summaries()])
        window.close()
        return 0

    monkeypatch.setattr(application, "_exec", fake_exec)
    monkeypatch.setattr(application, "_application", lambda argv: QApplication.instance())
    assert composition.run_gui(str(db)) == 0
    assert shown == [[]]
    assert f"{db} is not a Hindsight database" in script.asked[0][0]
    assert [b.kind for b in list_backups(db)] == ["daily"]  # the start-up backup of the new database


def test_the_start_up_dialog_buttons(qtbot: QtBot) -> None:
    clicked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        clicked.append(",".join(f"{t}:{b.isEnabled()}" for t, b in sorted(buttons.items())))
        clicked.append(box.informativeText())
        buttons["Start a new database"].click()

    QTimer.singleShot(0, answer)
    choice = RecoveryDialogs.startup_choice("h.db <is> damaged", can_restore=False, can_start_new=True)
    assert choice is StartupChoice.NEW_DATABASE
    assert clicked == [
        "Quit:True,Restore a backup…:False,Start a new database:True",
        "h.db <is> damaged\n\nThere are no backups of this database to restore. Start a new database begins "
        "with an empty one; the file that could not be opened is renamed aside, not deleted. "
        "Quit leaves everything as it is.",
    ]


def test_the_startup_text_offers_only_what_the_buttons_do(tmp_path: Path) -> None:
    bad = tmp_path / "notes <&> 例.db"
    bad.write_bytes(b"not a database at all")
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{bad}")
    message = str(caught.value)
    assert message.endswith("Choose another file; this one was left untouched.")
    assert startup_details(message, can_restore=True, can_start_new=True) == (
        f"{bad} is not a Hindsight database: it is not an SQLite file or it is damaged. "
        "The file was left untouched.\n\n"
        "Restore a backup… goes back to an earlier copy; the current file is kept as a backup first. "
        "Start a new database begins with an empty one; the file that could not be opened is renamed aside, "
        "not deleted. Quit leaves everything as it is."
    )
    assert "Choose another file" not in startup_details(message, can_restore=False, can_start_new=False)
    assert startup_details("gone", can_restore=False, can_start_new=False) == (
        "gone\n\nThere are no backups of this database to restore. Quit leaves everything as it is."
    )


def test_the_backup_chooser_lists_date_kind_and_size(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _store(db, Postmortem(id="a", title="x"))
    older, newer = make_backup(db, now=datetime(2024, 6, 1, 9, 0)), make_backup(db, now=datetime(2024, 6, 2, 9, 0))
    chooser = BackupChooser(list_backups(db))
    qtbot.addWidget(chooser)
    rows = [chooser.list.item(i).text() for i in range(chooser.list.count())]
    assert rows == [newer.describe(), older.describe()]
    assert rows[0].startswith("2024-06-02 09:00  manual  ")
    assert chooser.selected() == newer
    chooser.list.setCurrentRow(1)
    assert chooser.selected() == older
    empty = BackupChooser([])
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.selected() is None


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
    assert script.told == [f"Restored the backup of 2024-06-01 09:00. | The replaced database was kept as {kept.path}."]
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
