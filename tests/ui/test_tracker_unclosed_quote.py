"""A tracker CSV with an unclosed quote changes nothing at all, not even its readable first rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import ActionItem, ActionStatus, Postmortem
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.ui.tracker.dialogs import TrackerDialogs
from desktop_app.ui.tracker.window import TrackerWindow


def test_an_unclosed_quote_changes_nothing(
    qtbot: QtBot, repo: PostmortemRepository, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add(Postmortem(id="pm-a", title="DB", action_items=[
        ActionItem(id=f"a{n}", title=f"Item {n}", status=ActionStatus.OPEN) for n in (1, 2, 3, 4)
    ]))
    tracker = TrackerWindow(repo, settings=settings)
    qtbot.addWidget(tracker)
    tracker.show()
    csv_file = tmp_path / "tracker.csv"
    csv_file.write_text(
        "Postmortem ID,External ID,Summary,Status\n"
        "pm-a,a1,Item 1,Done\n"
        'pm-a,a2,"Item 2,Done\n'
        "pm-a,a3,Item 3,Done\n"
        "pm-a,a4,Item 4,Done\n",
        encoding="utf-8",
    )
    errors: list[tuple[str, ...]] = []
    monkeypatch.setattr(TrackerDialogs, "show_error", classmethod(lambda cls, _parent, *a: errors.append(a)))
    monkeypatch.setattr(TrackerDialogs, "show_import_summary",
                        classmethod(lambda cls, *a, **k: pytest.fail("a summary was shown")))
    assert tracker.import_csv(csv_file) is None
    assert errors == [(
        "Import failed", "Nothing was changed: tracker.csv could not be read.",
        "Row 3: a quote opened here is never closed; the rows after it could not be read.",
    )]
    assert [i.status for i in repo.get("pm-a").action_items] == [ActionStatus.OPEN] * 4
    assert repo.version_of("pm-a") == 1
