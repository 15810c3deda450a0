"""The coach list wraps a finding with a long unbroken string (a URL) anywhere: the row grows to
hold every line and nothing runs past the panel's edge or is cut with "…"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyleOptionViewItem

from desktop_app.ui.coach.delegate import BULLET, PADDING, CoachDelegate
from desktop_app.ui.widgets.wrap_text import wrapped_lines

STEP_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
URL = "https://status.example.org/incidents/" + "a1b2c3d4" * 20  # 197 characters, no break
SHORT = BULLET + "Impact: say who was affected."


def _list(qtbot, *texts: str, detail: str = "") -> QListWidget:
    view = QListWidget()
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setItemDelegate(CoachDelegate(STEP_ROLE, view, DETAIL_ROLE))
    for text in texts:
        item = QListWidgetItem(text)
        item.setData(DETAIL_ROLE, detail)
        view.addItem(item)
    qtbot.addWidget(view)
    view.resize(320, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _option(view: QListWidget) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    return option


def _ink_columns(view: QListWidget, row: int) -> tuple[int, int, int]:
    """(rightmost inked x, first inked y, last inked y) of a row as painted."""
    rect = view.visualItemRect(view.item(row))
    image = view.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 1, rect.bottom())
    inked = [(x, y) for y in range(rect.top(), rect.bottom() + 1) for x in range(rect.left(), rect.right() + 1)
             if image.pixelColor(x, y) != background]
    return max(x for x, _ in inked), min(y for _, y in inked), max(y for _, y in inked)


def test_a_long_url_wraps_anywhere_and_the_row_grows(qtbot) -> None:
    finding = BULLET + "Links: " + URL
    view = _list(qtbot, SHORT, finding)
    delegate, option = view.itemDelegate(), _option(view)
    short_height = delegate.sizeHint(option, view.model().index(0, 0)).height()
    long_height = delegate.sizeHint(option, view.model().index(1, 0)).height()
    indent = option.fontMetrics.horizontalAdvance(BULLET)
    width = delegate.item_width(option) - indent - 2 * PADDING
    lines = wrapped_lines(view.font(), "Links: " + URL, width)
    assert len(lines) >= 4  # the URL alone is wider than three lines
    assert sum(length for _start, length in lines) == len("Links: " + URL)  # nothing elided
    assert long_height >= short_height + (len(lines) - 1) * option.fontMetrics.lineSpacing()
    assert view.visualItemRect(view.item(1)).height() == long_height
    right, top, bottom = _ink_columns(view, 1)
    assert right < view.viewport().width() - PADDING  # nothing runs past the edge
    assert bottom - top > (len(lines) - 1) * option.fontMetrics.lineSpacing()  # every line painted


def test_a_long_detail_wraps_too(qtbot) -> None:
    view = _list(qtbot, BULLET + "Summary: see the link.", detail="Try: " + URL)
    delegate, option = view.itemDelegate(), _option(view)
    plain = _list(qtbot, BULLET + "Summary: see the link.")
    one_line = plain.itemDelegate().sizeHint(_option(plain), plain.model().index(0, 0)).height()
    assert delegate.sizeHint(option, view.model().index(0, 0)).height() > one_line + 3 * option.fontMetrics.height()
    right, _top, _bottom = _ink_columns(view, 0)
    assert right < view.viewport().width() - PADDING
