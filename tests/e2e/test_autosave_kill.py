"""An edit typed in the window is stored by autosave, and survives the process being killed."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository

CHILD = r"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop_app.app import open_repository
from desktop_app.ui.main_window import MainWindow

url, ini = sys.argv[1], sys.argv[2]
app = QApplication(sys.argv[:1])
window = MainWindow(open_repository(url), settings=QSettings(ini, QSettings.Format.IniFormat))
window.show()
window.new_postmortem()

def on_dirty(dirty):
    if not dirty:  # the autosave stored the edit
        print("saved", window.document.pm.id, flush=True)

window.document.dirty_changed.connect(on_dirty)
title = window.wizard.restoration.title_edit
title.setFocus()
QTest.keyClicks(title, "Payments 502s after TLS rotation")
print("typed", flush=True)
app.exec()
"""


class ChildOutput:
    """Lines of a child's stdout, read on a thread so a silent child fails the test instead of hanging it."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self._lines.put(line) for line in stream], daemon=True).start()

    def next(self, timeout: float = 60.0) -> str:
        try:
            return self._lines.get(timeout=timeout).strip()
        except queue.Empty:
            raise AssertionError(f"no output from the child within {timeout} s") from None


def test_sigkill_after_autosave_keeps_the_edit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(tmp_path / "settings.ini")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        output = ChildOutput(proc)
        lines = [output.next(), output.next()]
        assert lines[0] == "typed"
        kind, pm_id = lines[1].split(" ")
        assert kind == "saved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    repo = PostmortemRepository(engine)
    assert [s.title for s in repo.list_summaries()] == ["Payments 502s after TLS rotation"]
    assert repo.get(pm_id).title == "Payments 502s after TLS rotation"
