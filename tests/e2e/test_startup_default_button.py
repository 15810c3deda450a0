"""The start-up dialog's default button (what Enter presses) is the safest way out: a backup to
restore when there is one, Try again after a full disk, else Quit; never "Start a new database"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.ui.restore_dialog import StartupChoice, StartupDialog, StartupProblem

DAMAGED = (StartupChoice.RESTORE, StartupChoice.NEW_DATABASE, StartupChoice.OPEN_OTHER, StartupChoice.QUIT)


def _defaults(dialog: StartupDialog) -> list[StartupChoice]:
    return [choice for choice, button in dialog.buttons.items() if button.isDefault()]


@pytest.mark.parametrize(
    ("offers", "can_restore", "expected"),
    [
        (DAMAGED, False, StartupChoice.QUIT),
        (DAMAGED, True, StartupChoice.RESTORE),
        ((StartupChoice.RESTORE, StartupChoice.OPEN_OTHER, StartupChoice.QUIT), False, StartupChoice.QUIT),
        ((StartupChoice.RETRY, StartupChoice.OPEN_OTHER, StartupChoice.QUIT), False, StartupChoice.RETRY),
        ((StartupChoice.OPEN_OTHER, StartupChoice.QUIT), False, StartupChoice.QUIT),
    ],
)
def test_the_default_button_is_the_safest(
    qtbot: QtBot, tmp_path: Path, offers: tuple[StartupChoice, ...], can_restore: bool, expected: StartupChoice
) -> None:
    problem = StartupProblem("Hindsight could not open its database", "damaged", offers,
                             can_restore=can_restore, path=tmp_path / "h.db")
    dialog = StartupDialog(problem)
    qtbot.addWidget(dialog)
    assert _defaults(dialog) == [expected]
    assert dialog.focusWidget() is dialog.buttons[expected]


def test_enter_on_a_damaged_database_without_backups_quits(qtbot: QtBot, tmp_path: Path) -> None:
    problem = StartupProblem("Hindsight could not open its database", "damaged", DAMAGED, path=tmp_path / "h.db")
    dialog = StartupDialog(problem)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.choice = StartupChoice.NEW_DATABASE  # so that only a press of Quit can make it QUIT
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.choice is StartupChoice.QUIT
