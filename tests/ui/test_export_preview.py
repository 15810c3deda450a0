"""The export dialog's PDF page preview: a real page drawn by PDFium, its shape, colours and page turning."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QColor, QImage

from desktop_app.domain.models import (
    ActionItem,
    EventKind,
    Narrative,
    Postmortem,
    Severity,
    Stakeholder,
    StakeholderRole,
    TimelineEvent,
)
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.pdf_page_image import PdfPreviewError, render_page

A4_RATIO = 841.89 / 595.28


def _pm() -> Postmortem:
    start = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    return Postmortem(
        title="Cache stampede",
        severity=Severity.SEV1,
        stakeholders=[Stakeholder(name="Maya Patel", role=StakeholderRole.INCIDENT_COMMANDER)],
        narrative=Narrative(summary="Maya restarted the cache tier.", impact="Checkout was slow for an hour"),
        timeline=[
            TimelineEvent(occurred_at=start + timedelta(minutes=i), kind=EventKind.OBSERVATION,
                          description=f"Step {i}: latency still above the objective")
            for i in range(120)
        ],
        action_items=[ActionItem(title="Add jitter to retries", owner="Maya Patel")],
    )


@pytest.fixture
def dialog(qtbot, settings: QSettings, pool: QThreadPool) -> ExportDialog:
    d = ExportDialog(_pm(), settings, pool=pool, initial_kind="summary-pdf")
    qtbot.addWidget(d)
    d.show()
    return d


def _wait_page(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.preview_pending and dialog.page_view.page is not None, timeout=30000)


def _non_white_share(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    step = 3
    total = dark = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            if image.pixelColor(x, y).lightness() < 245:
                dark += 1
    return dark / total


def test_summary_preview_is_a_drawn_a4_page_in_the_right_colours(qtbot, dialog: ExportDialog) -> None:
    _wait_page(qtbot, dialog)
    view = dialog.page_view
    assert dialog.preview_stack.currentWidget() is view
    image = view.image
    assert image is not None
    assert math.isclose(image.height() / image.width(), A4_RATIO, rel_tol=0.005)
    share = _non_white_share(image)
    assert 0.05 < share < 0.6, share  # text, tiles and the header band, on a white page
    # The header band is dark navy: blue above red proves the channels are not swapped.
    band = image.pixelColor(image.width() // 2, int(image.height() * 0.07))
    assert band.lightness() < 80 and band.blue() > band.red() + 15, band.name()
    shown = view.page_label.pixmap()
    assert not shown.isNull()
    size = shown.deviceIndependentSize()
    assert math.isclose(size.height() / size.width(), A4_RATIO, rel_tol=0.02)
    assert size.width() <= view.page_label.width() and size.height() <= view.page_label.height()
    assert view.count_label.text() == "Page 1 of 1"
    assert not view.previous_button.isEnabled() and not view.next_button.isEnabled()


def test_full_report_pages_turn_with_buttons_and_keys(qtbot, dialog: ExportDialog) -> None:
    _wait_page(qtbot, dialog)
    dialog.select_kind("full-pdf")
    assert dialog.page_view.page is None  # the summary's page is not left on show
    _wait_page(qtbot, dialog)
    view = dialog.page_view
    count = view.page.count
    assert count >= 3
    assert view.count_label.text() == f"Page 1 of {count}"
    first = view.image
    assert not view.previous_button.isEnabled() and view.next_button.isEnabled()
    view.next_button.click()
    qtbot.waitUntil(lambda: view.page is not None and view.page.index == 1, timeout=10000)
    assert view.count_label.text() == f"Page 2 of {count}"
    assert view.image != first
    assert view.previous_button.isEnabled()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: view.page is not None and view.page.index == 0, timeout=10000)
    assert view.image == first
    qtbot.keyClick(view, Qt.Key.Key_PageUp)  # already on the first page: nothing happens
    assert not dialog.preview_pending


def test_option_changes_redraw_the_page(qtbot, dialog: ExportDialog) -> None:
    _wait_page(qtbot, dialog)
    before = dialog.page_view.image
    qtbot.keyClicks(dialog.organisation_edit, "Acme")  # debounced: one redraw after the typing
    qtbot.waitUntil(lambda: dialog.preview_pending, timeout=5000)
    _wait_page(qtbot, dialog)
    assert dialog.page_view.image != before
    dialog.select_kind("markdown")
    assert dialog.preview_stack.currentWidget() is dialog.preview
    dialog.select_kind("summary-pdf")  # same PDF as before: shown again without a redraw
    assert not dialog.preview_pending and dialog.page_view.count_label.text() == "Page 1 of 1"


def test_an_unmakeable_export_says_why_in_the_preview(qtbot, dialog: ExportDialog, tmp_path) -> None:
    _wait_page(qtbot, dialog)
    missing = tmp_path / "logo.png"
    dialog.logo_edit.setText(str(missing))
    dialog.refresh_page_preview()  # no need to wait for the pause in typing
    qtbot.waitUntil(lambda: not dialog.preview_pending, timeout=10000)
    assert dialog.page_view.page is None
    assert dialog.page_view.page_label.text() == (
        f"This export cannot be made yet: The logo file {missing} does not exist."
    )
    assert dialog.page_view.count_label.text() == ""


def test_render_page_clamps_the_index_and_refuses_a_non_pdf(qapp) -> None:
    from desktop_app.formats.pdf_summary import render_summary_pdf

    page = render_page(render_summary_pdf(Postmortem(title="One")), 7, dpi=36)
    assert (page.index, page.count) == (0, 1)
    assert (page.image.width(), page.image.height()) == (298, 421)
    assert page.image.pixelColor(0, 0) == QColor("white")
    with pytest.raises(PdfPreviewError, match="cannot be opened for the preview"):
        render_page(b"not a pdf")
