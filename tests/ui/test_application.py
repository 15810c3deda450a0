"""``run_gui`` names the application, shows the main window and runs the event loop."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow


def test_run_gui_names_the_app_and_shows_the_window(qapp, qtbot, repo, monkeypatch: pytest.MonkeyPatch):
    names = (qapp.applicationName(), qapp.organizationName(), qapp.desktopFileName())
    seen: list[tuple[str, str, str, bool]] = []

    def fake_exec(app: QApplication) -> int:
        # Running the real loop would end this test process's event loop for good (quit() is final).
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.addWidget(window)
        seen.append((app.applicationName(), app.organizationName(), app.desktopFileName(), window.isVisible()))
        return 0

    monkeypatch.setattr(application, "_exec", fake_exec)
    try:
        assert application.run_gui(repo, argv=["hindsight"]) == 0
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
        qapp.setDesktopFileName(names[2])
    assert seen == [("Hindsight", "Hindsight", "org.hindsight.Hindsight", True)]


def test_a_window_on_a_new_database_says_it_was_created(qapp, qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A mistyped --database path opens an empty library; the status bar says why it is empty."""
    from desktop_app import app as composition

    path = tmp_path / "typo.db"
    seen: list[str] = []

    def fake_exec(_app: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.addWidget(window)
        seen.append(window.statusBar().currentMessage())
        window.close()
        return 0

    monkeypatch.setattr(application, "_exec", fake_exec)
    monkeypatch.setattr(application, "_application", lambda argv: QApplication.instance())
    assert composition.run_gui(str(path)) == 0
    assert composition.run_gui(str(path)) == 0  # the second start opens it: nothing to say
    assert seen == [f"Created a new, empty database at {path}.", ""]


@pytest.mark.parametrize(("screen", "size"), [
    ((1920, 1040), (1400, 880)),  # a 1080p desktop: the default
    ((1280, 680), (1177, 625)),  # 1280 × 720 less a panel: the status bar stays on screen
    ((960, 620), (900, 600)),  # just above the minimum: the minimum
    ((800, 600), (1400, 880)),  # below the minimum (the offscreen platform): the default
])
def test_the_first_window_fits_its_screen(screen: tuple[int, int], size: tuple[int, int]) -> None:
    from PySide6.QtCore import QSize

    from desktop_app.ui.main_window import first_size

    got = first_size(QSize(*screen))
    assert (got.width(), got.height()) == size
