"""Importing the same JSON file twice: the import report says the second one became a copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.models import Postmortem
from desktop_app.formats.json_format import to_json
from desktop_app.ui.dialogs import Dialogs


def test_second_import_of_a_json_file_is_reported_as_a_copy(window, repo, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "disk.json"
    path.write_text(to_json(Postmortem(title="Disk full <root> & 東京")), encoding="utf-8")
    reports: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(
        Dialogs,
        "show_import_report",
        classmethod(lambda cls, parent, text, details, *, failed: reports.append((text, details, failed))),
    )

    first = window.import_files([path])
    assert reports == []
    second = window.import_files([path])

    assert [pm.title for pm in first + second] == ["Disk full <root> & 東京"] * 2
    assert second[0].id != first[0].id
    assert reports == [(
        "Imported 1 of 1 file.",
        "• disk.json: imported as a copy: a postmortem with this id is already stored (Disk full <root> & 東京)",
        False,
    )]
    assert window.library.model.rowCount() == 2
