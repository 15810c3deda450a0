"""Hindsight makes no network connection: the CLI (import, list, every export) and the window, proven in a subprocess.

The child process replaces ``socket.socket.connect``/``connect_ex``, ``socket.getaddrinfo``
and ``socket.create_connection`` before Hindsight is imported; each records the attempt
and fails it. The test asserts the record is empty (and that the trap itself works).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TRAP = r'''
import json, socket, sys
attempts = []

def _record(what, target):
    attempts.append(f"{what} {target!r}")
    raise OSError(f"network disabled by the test: {what} {target!r}")

def _connect(self, address, _real=socket.socket.connect):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record("connect", address)
    return _real(self, address)

def _connect_ex(self, address, _real=socket.socket.connect_ex):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record("connect_ex", address)
    return _real(self, address)

socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
socket.getaddrinfo = lambda host, *a, **k: _record("getaddrinfo", host)
socket.create_connection = lambda address, *a, **k: _record("create_connection", address)
'''

SCRIPT = TRAP + r'''
import atexit
atexit.register(lambda: print("ATTEMPTS " + json.dumps(attempts), flush=True))
db, corpus_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
if db == "canary":
    try:
        socket.create_connection(("example.org", 80), timeout=1)
    except OSError:
        pass
    raise SystemExit(0)

from desktop_app.__main__ import EXPORT_FORMATS, main

codes = {"import": main(["import", corpus_file, "--database", db]), "list": main(["list", "--database", db])}
from datetime import datetime, timezone
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
engine = open_database(db)
repo = PostmortemRepository(engine)
[summary] = repo.list_summaries()
pm = repo.get(summary.id)
pm.review_meeting_at = datetime(2024, 6, 3, 15, 0, tzinfo=timezone.utc)
repo.save(pm)
engine.dispose()
for fmt in EXPORT_FORMATS:
    codes[fmt] = main(["export", summary.id, "--format", fmt, "-o", f"{out}/export-{fmt}", "--database", db])

from PySide6.QtCore import QTimer
from desktop_app.ui import application
shown = []

def _exec(app):
    from desktop_app.ui.main_window import MainWindow
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    shown.append(len(windows))
    windows[0].open_postmortem(summary.id)
    QTimer.singleShot(0, windows[0].close)
    return int(app.exec())

application._exec = _exec
codes["gui"] = main(["--database", db])
codes["gui windows"] = shown
print("CODES " + json.dumps(codes), flush=True)
'''


def _run(*args: str, cwd: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=180, env=env, cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("ATTEMPTS", "CODES"):
            found[key] = json.loads(value)
    return found


def test_the_trap_catches_a_connection(tmp_path: Path) -> None:
    assert _run("canary", "-", "-", cwd=tmp_path) == {"ATTEMPTS": ["create_connection ('example.org', 80)"]}


def test_cli_and_window_make_no_network_connection(tmp_path: Path, corpus_dir: Path) -> None:
    from desktop_app.__main__ import EXPORT_FORMATS

    found = _run(
        f"sqlite:///{tmp_path / 'h.db'}", str(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md"), str(tmp_path),
        cwd=tmp_path,
    )
    assert found["ATTEMPTS"] == []
    codes = found["CODES"]
    assert codes == {"import": 0, "list": 0, **{fmt: 0 for fmt in EXPORT_FORMATS}, "gui": 0, "gui windows": [1]}
    assert all((tmp_path / f"export-{fmt}").stat().st_size > 0 for fmt in EXPORT_FORMATS)
