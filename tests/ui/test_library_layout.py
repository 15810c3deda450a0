"""The library at the window's first size: every column in view without sideways scrolling (on a
1080-line screen; at 1400 wide it takes ``LIBRARY_SHARE``), and
search hits as high as the lines they show (no blank bands under one-line snippets)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import ActionItem, Postmortem, Restoration, Severity
from desktop_app.storage import search
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.storage.search import SearchHit
from desktop_app.ui.library import COLUMN_SAMPLES, MIN_TITLE_WIDTH, LibraryPanel
from desktop_app.ui.main_window import LIBRARY_SHARE


def test_every_column_shows_at_the_first_window_size(qtbot: QtBot, make_window, repo: PostmortemRepository):
    repo.add(Postmortem(title="Payments failed after a connection-pool change " * 3, severity=Severity.SEV2,
                        incident_date=date(2025, 3, 18),
                        restoration=Restoration(affected_services=["checkout-api", "payments-gateway"]),
                        action_items=[ActionItem(title="Alert on pool waits")]))
    window = make_window(repo)
    assert window.size() == QSize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1920, 1000)  # a 1080-line screen: room for every column within LIBRARY_SHARE
    qtbot.waitUntil(lambda: window.centralWidget().width() == 1920, timeout=2000)
    window.fit_library_width()  # as on a first start at this size
    view = window.library.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == window.library.preferred_width(), timeout=2000)
    assert window.library.preferred_width() <= round(window.width() * LIBRARY_SHARE)
    qtbot.waitUntil(lambda: header.length() <= view.viewport().width(), timeout=2000)
    assert not view.horizontalScrollBar().isVisible()
    assert view.columnWidth(0) >= MIN_TITLE_WIDTH
    metrics = view.fontMetrics()
    for column, sample in COLUMN_SAMPLES.items():
        assert view.columnWidth(column) >= metrics.horizontalAdvance(sample)
    title = view.model().index(0, 0)
    assert title.data(0x0003) == title.data()  # the elided title's tool tip has all of it


def test_at_1400_the_library_takes_its_share_and_the_wizard_keeps_the_rest(qtbot: QtBot, make_window, repo):
    window = make_window(repo)
    window.show()
    qtbot.waitExposed(window)
    expected = min(window.library.preferred_width(), round(window.centralWidget().width() * LIBRARY_SHARE))
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == expected, timeout=2000)
    assert expected > 400  # wider than the old fixed split


def test_a_saved_split_is_kept(qtbot: QtBot, make_window, repo: PostmortemRepository, settings):
    window = make_window(repo)
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([300, window.width() - 300])
    window.save_state()
    again = make_window(repo)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes()[0] == 300


def _hit(pm_id: str, body: str) -> SearchHit:
    return SearchHit(pm_id, "Kubernetes network", "narrative.summary", "", "Summary", body,
                     tuple(search.query_terms("kubernetes")))


def test_search_hits_are_as_high_as_their_lines(qtbot: QtBot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_search_function(lambda query, limit: [
        _hit("a", "Kubernetes clusters"),
        _hit("b", "Separate Kubernetes node autoscaling groups per availability zone: this allows more "
                  "organic scheduling of workloads, as Kubernetes is not aware of our zones at all " * 2),
        _hit("c", "Kubernetes"),
    ])
    panel.search.setText("kubernetes")
    panel.run_search_now()
    results = panel.results
    qtbot.waitUntil(lambda: panel.result_count() == 3, timeout=2000)
    line = results.fontMetrics().lineSpacing()
    heights = [results.visualRect(panel.results_model.index(row, 0)).height() for row in range(3)]
    assert heights[0] == heights[2] < heights[1]
    assert heights[1] - heights[0] >= line - 1  # one snippet line more, no more
    assert heights[0] < 3 * line  # the head line and one snippet line


def test_action_counts_come_before_services_and_overdue_reads_red(qtbot: QtBot, make_window, repo):
    repo.add(Postmortem(title="Late follow-up", restoration=Restoration(affected_services=["checkout-api"]),
                        action_items=[ActionItem(title="Alert on pool waits at 80 % for 5 min",
                                                 owner="Ana", due_date=date(2020, 1, 31))]))
    window = make_window(repo)
    qtbot.waitExposed(window)
    view = window.library.view
    header = view.horizontalHeader()
    assert [view.model().headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
            for v in range(header.count())] == ["Title", "Date", "Severity", "Status", "Actions", "Services"]
    cell = view.model().index(0, 5)
    assert cell.data() == "1 open · 1 overdue"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == QColor(192, 57, 43)
    assert view.model().index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_library_keeps_its_width_on_every_step(qtbot: QtBot, make_window, repo: PostmortemRepository):
    """The library is not narrowed by a wide step (which cut its Status heading short), and at
    1400 × 880 every step fits beside it: the timeline's move buttons drop their words instead."""
    window = make_window(repo)
    window.resize(1400, 880)
    qtbot.waitExposed(window)
    window.new_postmortem()
    qtbot.waitUntil(lambda: window.wizard.isVisible(), timeout=2000)
    before = window.library.width()
    assert window.splitter.sizes()[0] == before
    for step in (5, 6, 1, 5):
        window.wizard.go_to(step)
        qtbot.waitUntil(lambda: window.wizard.current_step == step, timeout=2000)
        QApplication.processEvents()
        assert window.library.width() == before
        assert window.splitter.sizes()[0] == before
        scroll = window.right_scroll
        assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
        assert not scroll.horizontalScrollBar().isVisible()
