"""Step 7 (Share) in a main window 1400 px wide or more, the library beside the wizard: the export
buttons sit in a grid, every one fully shown, and the page needs no horizontal scroll bar."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from desktop_app.ui.wizard.share_page import EXPORT_COLUMNS


@pytest.mark.parametrize("width", [1400, 1500, 1920])
def test_export_buttons_all_fit_without_horizontal_scrolling(qtbot, window, width) -> None:
    window.resize(width, 950)
    window.new_postmortem()
    window.wizard.go_to(7)
    page = window.wizard.share
    qtbot.waitExposed(window)
    qtbot.waitUntil(page.isVisible, timeout=2000)
    area = page.findChild(QScrollArea)
    qtbot.waitUntil(lambda: page.body.width() > 0 and area.viewport().width() > 0, timeout=2000)
    assert window.library.isVisible()
    assert not area.horizontalScrollBar().isVisible()
    assert [b.text() for b in page.export_buttons] == [
        "Executive summary PDF…", "Markdown…", "JSON…", "Action items CSV…", "Invitation (.ics)…"]
    for button in page.export_buttons:
        assert button.isVisible()
        assert button.parentWidget().visibleRegion().boundingRect().contains(button.geometry()), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
    rows = sorted({b.y() for b in page.export_buttons})
    assert len(rows) == 2 and EXPORT_COLUMNS == 3


def test_export_buttons_are_tabbed_in_reading_order(qtbot, window) -> None:
    page = window.wizard.share
    order = [page.export_buttons[0]]
    while len(order) < len(page.export_buttons):
        order.append(order[-1].nextInFocusChain())
    assert order == list(page.export_buttons)
