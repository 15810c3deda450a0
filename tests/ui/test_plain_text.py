"""User text is plain text: markup characters and any script show and save exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

TEXTS = [
    "a<b & c>d",
    "AT&T outage; R&D & QA",
    "<b>not bold</b> &amp; [*] literal",
    "数据库故障 — 東京リージョン",
    "انقطاع الخدمة في المنطقة",
    "הפסקת שירות 🔥🚒",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_survives_widgets_title_and_storage(qtbot, window, repo, text, wait_saved, type_text):
    window.new_postmortem()
    page = window.wizard.restoration
    type_text(page.title_edit, text)
    summary = window.wizard.findings.narrative_edits["summary"]
    type_text(summary, text)

    assert page.title_edit.text() == text
    assert window.document.pm.title == text
    assert window.document.pm.narrative.summary == text
    assert window.windowTitle() == text.replace("[*]", "[*][*]") + "[*] — Hindsight"

    wait_saved(window)
    pm_id = window.document.pm.id
    assert window.library.visible_titles() == [text]
    assert repo.get(pm_id).title == text
    assert repo.get(pm_id).narrative.summary == text


def test_labels_showing_user_text_are_plain(qtbot, window):
    window.new_postmortem()
    qtbot.keyClicks(window.wizard.restoration.title_edit, "a<b & c>d")
    labels = window.findChildren(QLabel)
    user_text_labels = [
        window.save_label,
        window.wizard.restoration.clock_label,
        window.wizard.share.progress_label,
        *(page.missing_label for page in window.wizard.pages),
    ]
    for label in user_text_labels:
        assert label in labels
        assert label.textFormat() == Qt.TextFormat.PlainText
