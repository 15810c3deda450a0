"""Big libraries stay smooth: the table sorts itself with precomputed keys, and searches run off the UI thread."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import Kind, Narrative, Postmortem, Restoration, Severity, Status
from desktop_app.storage import search
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository, PostmortemSummary
from desktop_app.storage.search import SearchHit
from desktop_app.ui.library import MIN_TITLE_WIDTH, LibraryFilter, LibraryModel, LibraryPanel
from desktop_app.ui.library_filters import LibraryFilters

EDITED = datetime(2024, 12, 1, 9, 30, tzinfo=timezone.utc)


def _summary(pm_id: str, title: str, day: date | None, severity: Severity | None = None, *,
             services: tuple[str, ...] = (), open_actions: int = 0, overdue: int = 0,
             status: Status = Status.DRAFT) -> PostmortemSummary:
    return PostmortemSummary(
        id=pm_id, title=title, severity=severity, status=status, kind=Kind.INCIDENT, incident_date=day,
        updated_at=EDITED, services=list(services), open_actions=open_actions, overdue_actions=overdue,
    )


SUMMARIES = [
    _summary("a", "Payments down", date(2024, 3, 1), Severity.SEV2, services=("payments",), open_actions=2),
    _summary("b", "dns outage", date(2024, 5, 9), Severity.SEV1, services=("edge", "dns"), open_actions=1, overdue=1),
    _summary("c", "", None, status=Status.PUBLISHED),
    _summary("d", "Ärger mit <Cache> & 障害", date(2024, 5, 9), Severity.SEV3, services=("cache",)),
    _summary("e", "Auth errors", date(2023, 12, 31), Severity.SEV1, open_actions=2),
]


class CountingFilter(LibraryFilter):
    """The proxy, counting any comparison it makes (there should be none)."""

    comparisons = 0

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        CountingFilter.comparisons += 1
        return super().lessThan(left, right)


def _titles(panel: LibraryPanel) -> list[str]:
    return panel.visible_titles()


@pytest.fixture
def panel(qtbot: QtBot) -> LibraryPanel:
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    widget.set_summaries(SUMMARIES)
    return widget


@pytest.mark.parametrize(
    ("column", "order", "titles"),
    [
        # Date, newest first: the library's default; a tie keeps the order the summaries came in
        (1, Qt.SortOrder.DescendingOrder,
         ["Untitled postmortem", "dns outage", "Ärger mit <Cache> & 障害", "Payments down", "Auth errors"]),
        (0, Qt.SortOrder.AscendingOrder,
         ["Auth errors", "dns outage", "Payments down", "Untitled postmortem", "Ärger mit <Cache> & 障害"]),
        (2, Qt.SortOrder.AscendingOrder,  # no severity sorts last
         ["dns outage", "Auth errors", "Payments down", "Ärger mit <Cache> & 障害", "Untitled postmortem"]),
        (5, Qt.SortOrder.DescendingOrder,
         ["Payments down", "Auth errors", "dns outage", "Untitled postmortem", "Ärger mit <Cache> & 障害"]),
        (4, Qt.SortOrder.AscendingOrder,
         ["Untitled postmortem", "Auth errors", "Ärger mit <Cache> & 障害", "dns outage", "Payments down"]),
        (3, Qt.SortOrder.DescendingOrder,
         ["Untitled postmortem", "Payments down", "dns outage", "Ärger mit <Cache> & 障害", "Auth errors"]),
    ],
)
def test_the_model_sorts_itself(panel: LibraryPanel, column: int, order: Qt.SortOrder, titles: list[str]) -> None:
    panel.view.sortByColumn(column, order)
    assert _titles(panel) == titles
    assert panel.model.sort_column() == column and panel.model.sort_order() == order
    assert panel.proxy.sortColumn() == -1  # the proxy keeps the model's order


def test_the_proxy_never_compares_rows(qtbot: QtBot) -> None:
    model = LibraryModel()
    proxy = CountingFilter()
    proxy.setSourceModel(model)
    CountingFilter.comparisons = 0
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_summaries(SUMMARIES)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.set_query("a")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        "dns outage", "Ärger mit <Cache> & 障害", "Payments down", "Auth errors",
    ]
    assert CountingFilter.comparisons == 0


def test_the_selection_follows_its_row_through_a_sort(panel: LibraryPanel, qtbot: QtBot) -> None:
    opened: list[str] = []
    panel.open_requested.connect(opened.append)
    panel.select("a")
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert panel.selected_id() == "a"
    assert panel.view.currentIndex().row() == 2
    panel.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert panel.selected_id() == "a" and panel.view.currentIndex().row() == 2
    panel.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert panel.selected_id() == "a" and panel.view.currentIndex().row() == 2
    assert opened == []  # re-sorting is not asking to open anything


def test_the_model_is_a_sound_qt_model(qtmodeltester, qtbot: QtBot) -> None:  # noqa: ANN001
    model = LibraryModel()
    model.set_summaries(SUMMARIES)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)
    assert model.row_of("d") == 4 and model.row_of("nope") == -1
    assert model.index(4, 0).data() == "Ärger mit <Cache> & 障害"


def test_filters_and_typed_words_still_narrow_the_sorted_rows(panel: LibraryPanel) -> None:
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    panel.search.setText("<cache>")
    assert _titles(panel) == ["Ärger mit <Cache> & 障害"]
    panel.search.setText("")
    panel.proxy.set_filters(LibraryFilters(severity="SEV1"))
    assert _titles(panel) == ["Auth errors", "dns outage"]
    panel.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _titles(panel) == ["Auth errors", "dns outage"]


def _many(count: int) -> list[PostmortemSummary]:
    return [
        _summary(f"pm{n:05d}", f"{('Checkout', 'Search', 'Edge')[n % 3]} outage #{n}",
                 date(2020, 1, 1) + timedelta(days=(n * 7919) % 2000), list(Severity)[n % 5],
                 services=(("payments", "edge", "dns")[n % 3],), open_actions=n % 4, overdue=n % 2)
        for n in range(count)
    ]


def test_ten_thousand_rows_fill_and_sort_without_the_proxy_comparing(qtbot: QtBot) -> None:
    """How fast is for ``tests/benchmarks/bench_search.py``; here: right, and no row comparisons."""
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    rows = _many(10_000)
    panel.set_summaries(rows)
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert panel.proxy.rowCount() == 10_000
    titles = [panel.proxy.index(r, 0).data() for r in range(3)]
    assert titles == sorted((s.title for s in rows), key=str.casefold)[:3]
    assert titles == ["Checkout outage #0", "Checkout outage #1002", "Checkout outage #1005"]
    panel.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert [panel.proxy.index(r, 5).data() for r in range(2)] == ["3 open · 1 overdue"] * 2


# -- search off the UI thread ------------------------------------------------------------------


def _hit(pm_id: str, title: str, body: str) -> SearchHit:
    return SearchHit(pm_id, title, "narrative.summary", "", "Summary", body, tuple(search.query_terms(body)[:1]))


class SlowSearch:
    """A search function that holds each query until released, noting the thread it ran on."""

    def __init__(self) -> None:
        self.release = {"first": threading.Event(), "second": threading.Event()}
        self.threads: list[bool] = []
        self.ran: list[str] = []

    def __call__(self, query: str, limit: int | None) -> list[SearchHit]:
        self.threads.append(threading.current_thread() is threading.main_thread())
        self.ran.append(query)
        self.release[query].wait(5)
        return [_hit("a", "Payments down", f"{query} result")]


def test_a_search_runs_on_a_worker_and_a_stale_one_is_dropped(panel: LibraryPanel, qtbot: QtBot) -> None:
    slow = SlowSearch()
    panel.set_search_function(slow)
    shown: list[list[str]] = []
    panel.results_model.modelReset.connect(lambda: shown.append([h.body for h in panel.results_model.hits()]))
    panel.search.setText("first")
    panel.run_search()
    qtbot.waitUntil(lambda: slow.ran == ["first"], timeout=3000)
    # The UI thread is free while the search runs: typing still narrows the table at once.
    panel.search.setText("second")
    assert _titles(panel) == []  # no title or service contains "second"
    assert panel.search_pending
    panel.run_search()
    slow.release["first"].set()
    slow.release["second"].set()
    qtbot.waitUntil(lambda: not panel.search_pending, timeout=3000)
    assert slow.ran == ["first", "second"] and slow.threads == [False, False]
    assert shown == [["second result"]]  # the first query's hits never appeared
    assert panel.results_label.text() == "1 match in the text:"
    assert panel._runner.wait(3000)


def test_a_query_typed_over_before_it_ran_never_runs(panel: LibraryPanel, qtbot: QtBot) -> None:
    slow = SlowSearch()
    slow.release["second"].set()
    blocker = threading.Event()
    calls: list[str] = []

    def function(query: str, limit: int | None) -> list[SearchHit]:
        calls.append(query)
        if query == "first":
            blocker.wait(5)
        return slow(query, limit) if query != "first" else []

    panel.set_search_function(function)
    panel.search.setText("first")
    panel.run_search()
    qtbot.waitUntil(lambda: calls == ["first"], timeout=3000)
    for query in ("third", "second"):  # queued behind "first": only the newest runs
        panel.search.setText(query)
        panel.run_search()
    blocker.set()
    qtbot.waitUntil(lambda: not panel.search_pending, timeout=3000)
    assert calls == ["first", "second"]
    assert [h.body for h in panel.results_model.hits()] == ["second result"]
    assert panel._runner.wait(3000)


def test_enter_while_a_search_is_due_searches_at_once_and_opens_the_best_hit(
    panel: LibraryPanel, qtbot: QtBot
) -> None:
    panel.set_search_function(lambda query, limit: [_hit("b", "dns outage", "walrus in the resolver")])
    opened: list[SearchHit] = []
    panel.hit_activated.connect(opened.append)
    panel.search.setText("walrus")
    assert panel.search_pending
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert [(h.postmortem_id, h.body) for h in opened] == [("b", "walrus in the resolver")]
    assert not panel.search_pending


def test_a_failing_search_says_so(panel: LibraryPanel, qtbot: QtBot) -> None:
    def broken(query: str, limit: int | None) -> list[SearchHit]:
        raise RuntimeError("disk I/O error")

    panel.set_search_function(broken)
    panel.search.setText("walrus")
    qtbot.waitUntil(lambda: not panel.search_pending, timeout=3000)
    assert panel.results_label.text() == "Search failed: disk I/O error"
    assert panel.result_count() == 0


def test_changing_a_filter_narrows_the_hits_without_searching_again(panel: LibraryPanel, qtbot: QtBot) -> None:
    calls: list[str] = []

    def function(query: str, limit: int | None) -> list[SearchHit]:
        calls.append(query)
        return [_hit("a", "Payments down", "walrus one"), _hit("b", "dns outage", "walrus two")]

    panel.set_search_function(function)
    panel.search.setText("walrus")
    qtbot.waitUntil(lambda: not panel.search_pending and panel.result_count() == 2, timeout=3000)
    panel.set_filters(LibraryFilters(severity="SEV1"))
    assert [h.postmortem_id for h in panel.results_model.hits()] == ["b"]
    panel.set_filters(LibraryFilters())
    assert [h.postmortem_id for h in panel.results_model.hits()] == ["a", "b"]
    assert calls == ["walrus"]


def _stored(repo: PostmortemRepository) -> None:
    repo.add(Postmortem(id="w", title="Walrus outage", restoration=Restoration(affected_services=["edge"]),
                        narrative=Narrative(summary="The walrus resolver <cache> & 障害")))


def test_search_may_run_on_a_worker_thread_over_a_file_database(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        _stored(PostmortemRepository(engine))
        found: list[object] = []
        worker = threading.Thread(target=lambda: found.append(search.search(engine, "walrus")))
        worker.start()
        worker.join(10)
        (hits,) = found
        assert [(h.postmortem_id, h.field) for h in hits] == [("w", "title"), ("w", "narrative.summary")]
    finally:
        engine.dispose()


def test_an_in_memory_database_is_searched_on_the_ui_thread(qtbot: QtBot) -> None:
    engine = open_database("sqlite://")
    try:
        assert search.shares_one_connection(engine)
        _stored(PostmortemRepository(engine))
        errors: list[BaseException] = []
        worker = threading.Thread(target=lambda: errors.append(
            pytest.raises(search.SearchThreadError, search.search, engine, "walrus").value))
        worker.start()
        worker.join(10)
        assert len(errors) == 1
        panel = LibraryPanel()
        qtbot.addWidget(panel)
        panel.set_search_function(lambda query, limit: search.search(engine, query, limit))
        panel.search.setText("障害")
        qtbot.waitUntil(lambda: not panel.search_pending and panel.result_count() == 1, timeout=3000)
        assert not panel._runner.in_background
        (hit,) = panel.results_model.hits()
        assert (hit.postmortem_id, hit.snippet) == ("w", "The walrus resolver <cache> & 障害")
    finally:
        engine.dispose()


def test_a_narrow_library_scrolls_sideways_rather_than_hide_columns(panel: LibraryPanel, qtbot: QtBot) -> None:
    header = panel.view.horizontalHeader()
    panel.resize(900, 500)
    panel.show()
    qtbot.waitUntil(lambda: header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch, timeout=2000)
    assert panel.view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    panel.resize(380, 500)
    qtbot.waitUntil(lambda: header.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive, timeout=2000)
    assert header.sectionSize(0) == MIN_TITLE_WIDTH
    assert panel.view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    panel.view.horizontalScrollBar().setValue(panel.view.horizontalScrollBar().maximum())
    actions = header.sectionViewportPosition(5)
    assert 0 <= actions < panel.view.viewport().width()  # the Actions column can be scrolled to


def test_a_hit_head_shortens_the_title_before_the_place(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from desktop_app.ui.library_search import hit_head

    metrics = QFontMetrics(QFont())
    hit = SearchHit("a", "Security incident: Redis cache exposed to the public internet", "timeline.description",
                    "e1", "Timeline · 10:56", "x")
    head = hit_head(metrics, hit, 300)
    assert head.endswith(" · Timeline · 10:56") and head.startswith("Security incident")
    assert "…" in head and metrics.horizontalAdvance(head) <= 300
    assert hit_head(metrics, hit, 2000) == "Security incident: Redis cache exposed to the public internet · Timeline · 10:56"
    untitled = SearchHit("b", "", "title", "", "", "x")
    assert hit_head(metrics, untitled, 300) == "Untitled postmortem"
