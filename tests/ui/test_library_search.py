"""Library search and filters: type, see highlighted hits, open the match in place; filter; the sample."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import (
    ActionItem,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Status,
    TimelineEvent,
)
from desktop_app.ui.library_filters import LibraryFilters
from desktop_app.ui.library_search import HtmlRole, SpansRole


def _library(repo) -> dict[str, Postmortem]:
    pms = {
        "dns": Postmortem(
            title="DNS outage",
            severity=Severity.SEV1,
            status=Status.PUBLISHED,
            tags=["network"],
            incident_date=date(2024, 1, 10),
            restoration=Restoration(affected_services=["edge"]),
            narrative=Narrative(summary="Resolver <cache> & walrus expired at 決済サービスの障害"),
            timeline=[
                TimelineEvent(id="t1", occurred_at=datetime(2024, 1, 10, 9, 0, tzinfo=timezone.utc),
                              description="Paged the network team"),
                TimelineEvent(id="t2", occurred_at=datetime(2024, 1, 10, 14, 5, tzinfo=timezone.utc),
                              description="Flushed the walrus resolver cache"),
            ],
        ),
        "disk": Postmortem(
            title="Disk full",
            severity=Severity.SEV3,
            status=Status.DRAFT,
            tags=["storage"],
            incident_date=date(2024, 6, 2),
            restoration=Restoration(affected_services=["mastodon"]),
            action_items=[ActionItem(title="Alert on disk usage", owner="Okapi team")],
        ),
        "token": Postmortem(
            title="Token leak",
            severity=Severity.SEV1,
            status=Status.DRAFT,
            tags=["security", "network"],
            incident_date=date(2024, 9, 20),
            restoration=Restoration(affected_services=["pypi", "github"]),
            narrative=Narrative(impact="الخادم تعطّل لمدة ساعة"),
        ),
    }
    for pm in pms.values():
        repo.add(pm)
    return pms


def _search(qtbot, window, text: str, type_text) -> None:
    window.library.search.clear()
    type_text(window.library.search, text)
    assert window.library.search_pending  # debounced: nothing runs per key
    qtbot.waitUntil(lambda: not window.library.search_pending and window.library.results_box.isVisible(),
                    timeout=3000)


def test_typing_shows_highlighted_hits_and_enter_opens_the_field(qtbot, make_window, repo, type_text):
    pms = _library(repo)
    window = make_window(repo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.find_action.trigger()
    assert QApplication.focusWidget() is window.library.search
    _search(qtbot, window, "walrus", type_text)
    model = window.library.results_model
    hits = model.hits()
    assert [(h.title, h.field, h.label) for h in hits] == [
        ("DNS outage", "timeline.description", "Timeline · 14:05"),
        ("DNS outage", "narrative.summary", "Summary"),
    ]
    assert model.index(1, 0).data(SpansRole) == [(19, 25)]
    assert model.index(1, 0).data(HtmlRole) == (
        'Resolver &lt;cache&gt; &amp; <b style="background-color:#ffe58a; color:#000">walrus</b> expired at '
        "決済サービスの障害"
    )
    assert window.library.results_label.text() == "2 matches in the text:"
    # Down moves into the results; Enter opens the postmortem at the summary field.
    qtbot.keyClick(window.library.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.library.results
    qtbot.keyClick(window.library.results, Qt.Key.Key_Down)
    qtbot.keyClick(window.library.results, Qt.Key.Key_Return)
    assert window.document.pm.id == pms["dns"].id
    assert window.wizard.current_step == Step.FINDINGS
    assert QApplication.focusWidget() is window.wizard.findings.narrative_edits["summary"]


def test_results_model_is_a_sound_qt_model(qtbot, qtmodeltester, make_window, repo, type_text):
    _library(repo)
    window = make_window(repo)
    _search(qtbot, window, "network", type_text)
    assert window.library.result_count() == 3
    qtmodeltester.check(window.library.results_model)


def test_a_timeline_hit_selects_its_event(qtbot, make_window, repo, type_text):
    pms = _library(repo)
    window = make_window(repo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    _search(qtbot, window, "flushed", type_text)
    assert window.library.result_count() == 1
    qtbot.keyClick(window.library.search, Qt.Key.Key_Return)  # Enter in the field opens the best hit
    assert window.document.pm.id == pms["dns"].id
    assert window.wizard.current_step == Step.FINDINGS
    view = QApplication.focusWidget()
    index = view.currentIndex()
    assert index.row() == 1
    assert window.document.pm.timeline[1].description == "Flushed the walrus resolver cache"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("障害", ["DNS outage"]),
        ("خادم", ["Token leak"]),
        ("Okapi", ["Disk full"]),
        ("<cache>", ["DNS outage", "DNS outage"]),  # the word "cache" in the summary and in the timeline
    ],
)
def test_any_script_and_markup_is_found(qtbot, make_window, repo, type_text, query, titles):
    _library(repo)
    window = make_window(repo)
    _search(qtbot, window, query, type_text)
    hits = window.library.results_model.hits()
    assert [h.title for h in hits] == titles
    for hit in hits:
        marked = [hit.snippet[a:b] for a, b in hit.spans]
        assert marked in ([query], [query.strip("<>")])


def test_syntax_characters_and_escape(qtbot, make_window, repo, type_text):
    _library(repo)
    window = make_window(repo)
    for query in ['"', "*", "NEAR", "-", "(", "title:"]:
        _search(qtbot, window, query, type_text)
        assert window.library.result_count() == 0
        assert window.library.results_label.text() == "No matches in the text of any postmortem."
    window.library.search.setFocus()
    qtbot.keyClick(window.library.search, Qt.Key.Key_Escape)
    assert window.library.search.text() == ""
    assert not window.library.results_box.isVisible()
    assert len(window.library.visible_titles()) == 3


def test_an_edit_is_found_after_autosave(qtbot, make_window, repo, type_text, wait_saved):
    pms = _library(repo)
    window = make_window(repo)
    window.open_postmortem(pms["disk"].id)
    type_text(window.wizard.findings.narrative_edits["summary"], " quokka")
    wait_saved(window)
    _search(qtbot, window, "quokka", type_text)
    assert [(h.title, h.field) for h in window.library.results_model.hits()] == [("Disk full", "narrative.summary")]


def test_filters_narrow_the_table_and_are_remembered(qtbot, make_window, repo, settings):
    _library(repo)
    window = make_window(repo)
    bar = window.library.filter_bar
    window.library.filters_button.setChecked(True)
    assert sorted(window.library.visible_titles()) == ["DNS outage", "Disk full", "Token leak"]
    bar.severity_combo.setCurrentIndex(bar.severity_combo.findData("SEV1"))
    assert sorted(window.library.visible_titles()) == ["DNS outage", "Token leak"]
    bar.status_combo.setCurrentIndex(bar.status_combo.findData("draft"))
    assert window.library.visible_titles() == ["Token leak"]
    bar.clear_button.click()
    assert len(window.library.visible_titles()) == 3
    assert [bar.tag_combo.itemText(i) for i in range(bar.tag_combo.count())] == [
        "Any", "network", "security", "storage"
    ]
    bar.tag_combo.setCurrentIndex(bar.tag_combo.findData("network"))
    assert sorted(window.library.visible_titles()) == ["DNS outage", "Token leak"]
    bar.service_combo.setCurrentIndex(bar.service_combo.findData("github"))
    assert window.library.visible_titles() == ["Token leak"]
    bar.clear_button.click()
    bar.from_edit.setDate(QDate(2024, 3, 1))
    bar.to_edit.setDate(QDate(2024, 9, 20))
    assert sorted(window.library.visible_titles()) == ["Disk full", "Token leak"]
    assert bar.filters() == LibraryFilters(date_from=date(2024, 3, 1), date_to=date(2024, 9, 20))
    window.library.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert window.library.visible_titles() == ["Disk full", "Token leak"]
    window.close()

    again = make_window(repo)
    assert again.library.filter_bar.filters() == LibraryFilters(date_from=date(2024, 3, 1), date_to=date(2024, 9, 20))
    assert again.library.filters_button.isChecked()
    assert sorted(again.library.visible_titles()) == ["Disk full", "Token leak"]


def test_filters_also_narrow_the_search_hits(qtbot, make_window, repo, type_text):
    _library(repo)
    window = make_window(repo)
    _search(qtbot, window, "network", type_text)
    assert sorted(h.title for h in window.library.results_model.hits()) == ["DNS outage", "DNS outage", "Token leak"]
    window.library.set_filters(LibraryFilters(status=Status.DRAFT))
    assert [h.title for h in window.library.results_model.hits()] == ["Token leak"]


def test_sample_button_imports_and_opens_the_sample(qtbot, window, repo):
    assert window.empty_state.sample_button.isVisible()
    qtbot.mouseClick(window.empty_state.sample_button, Qt.MouseButton.LeftButton)
    pm = window.document.pm
    assert pm.title == "Checkout payments failed after a connection-pool change"
    assert pm.severity == Severity.SEV2
    assert pm.time_zone == "Europe/Amsterdam"
    assert len(pm.timeline) == 15
    assert [e.occurred_at.strftime("%H:%M") for e in pm.timeline[:3]] == ["11:52", "11:58", "12:04"]
    assert pm.timeline[0].occurred_at.utcoffset().total_seconds() == 3600
    assert [(a.owner, a.due_date.isoformat()) for a in pm.action_items] == [
        ("Priya Natarajan", "2025-04-15"),
        ("Tom Berger", "2025-04-01"),
        ("Lena Hofmann", "2025-04-08"),
        ("Tom Berger", "2025-04-22"),
        ("Priya Natarajan", "2025-04-30"),
        ("Samir Haddad", "2025-05-06"),
    ]
    assert all(getattr(pm.narrative, name) for name in (
        "summary", "impact", "trigger", "root_cause", "detection", "resolution", "went_well", "went_wrong", "got_lucky"
    ))
    assert [s.heading for s in pm.extra_sections] == ["Takeaways for other teams"]
    assert {a.status.value for a in pm.action_items} == {"done"}
    assert window.right.currentWidget() is window.wizard
    assert window.library.visible_titles() == [pm.title]
    assert repo.get(pm.id).title == pm.title


def test_the_sample_is_a_finished_review() -> None:
    """The sample shows what "done" looks like: the coach finds nothing, whatever today is."""
    from datetime import UTC, date, datetime

    from desktop_app.domain.coach import review
    from desktop_app.formats.importer import import_path
    from desktop_app.formats.resources_path import resources_dir
    from desktop_app.ui.main_window import SAMPLE_FILE

    pm = import_path(resources_dir() / "samples" / SAMPLE_FILE).postmortem
    for today in (date(2026, 12, 3), date(2031, 1, 1)):
        report = review(pm, today=today, now=datetime(today.year, today.month, today.day, tzinfo=UTC))
        assert (report.overall, report.findings) == (100, [])
    assert (len(pm.stakeholders), len(pm.evidence), len(pm.causes), len(pm.why_chains[0].whys)) == (6, 5, 7, 5)
    assert [c.text for c in pm.causes if c.kind.value == "root_cause"] == [
        "Pool size taken from the weekly average (5), not the lunchtime peak (31)",
        "Config service applies a change to every instance at once",
    ]


def test_typing_a_search_never_switches_the_open_postmortem(qtbot, make_window, repo, type_text):
    pms = _library(repo)
    window = make_window(repo)
    assert window.open_postmortem(pms["token"].id)
    for letter in "di":  # "d" keeps DNS and Disk (Token filtered out), "di" keeps Disk only
        type_text(window.library.search, letter)
        assert window.document.pm.id == pms["token"].id
    qtbot.waitUntil(lambda: not window.library.search_pending, timeout=3000)
    assert window.document.pm.id == pms["token"].id


def test_the_table_also_lists_postmortems_found_in_their_text(qtbot, make_window, repo, type_text):
    _library(repo)
    window = make_window(repo)
    _search(qtbot, window, "walrus", type_text)  # no title has it; the DNS summary and timeline do
    assert window.library.visible_titles() == ["DNS outage"]
    assert window.library.result_count() == 2
    window.library.search.clear()
    assert window.library.visible_titles() == ["Token leak", "Disk full", "DNS outage"]


def test_no_text_matches_but_title_matches_says_so(qtbot, make_window, repo, type_text):
    """A title the table shows for the typed text is not denied below it."""
    _library(repo)
    repo.add(Postmortem(title='The "quoted" outage'))
    window = make_window(repo)
    window.library.set_search_function(lambda query, limit: [])  # the full-text search finds nothing
    _search(qtbot, window, '"', type_text)
    assert window.library.visible_titles() == ['The "quoted" outage']
    assert window.library.results_label.text() == "No matches in the text; 1 title matches above."
    _search(qtbot, window, "outage", type_text)
    assert sorted(window.library.visible_titles()) == ["DNS outage", 'The "quoted" outage']
    assert window.library.results_label.text() == "No matches in the text; 2 titles match above."
    _search(qtbot, window, "zzz", type_text)
    assert window.library.results_label.text() == "No matches in the text of any postmortem."


SNIPPET_SUMMARY = (
    "Line one of the summary text here.\n"
    "Second line describes the impact on users.\n"
    "Third line: more details about what happened.\n"
    "数据库连接池耗尽导致服务中断 🔥 rollback done\n"
    "On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة"
)


def _row_document(view, row: int):
    from PySide6.QtWidgets import QStyleOptionViewItem

    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    option.font = view.font()
    return view.itemDelegate()._document(option, index)


@pytest.mark.parametrize(
    ("query", "snippet", "spans"),
    [
        ("🔥", "…about what happened. 数据库连接池耗尽导致服务中断 🔥 rollback done On call 👩‍💻 paged; "
               "الخادم تعطّل لمدة ساعة", [(37, 38)]),
        ("👩‍💻", "…数据库连接池耗尽导致服务中断 🔥 rollback done On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة", [(40, 43)]),
        ("连接池", "…more details about what happened. 数据库连接池耗尽导致服务中断 🔥 rollback done On call 👩‍💻 paged; "
                   "الخادم تعطّل لمدة ساعة", [(38, 41)]),
        ("الخادم", "…🔥 rollback done On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة", [(36, 42)]),
    ],
)
def test_a_match_after_several_lines_is_shown_highlighted(
    qtbot, make_window, repo, type_text, query, snippet, spans
):
    from desktop_app.ui.library_search import match_line

    repo.add(Postmortem(title="Pool exhausted", narrative=Narrative(summary=SNIPPET_SUMMARY)))
    window = make_window(repo)
    _search(qtbot, window, query, type_text)
    (hit,) = window.library.results_model.hits()
    assert (hit.snippet, hit.spans) == (snippet, spans)
    index = window.library.results_model.index(0, 0)
    (start, end), = spans
    assert f'<b style="background-color:#ffe58a; color:#000">{snippet[start:end]}</b>' in index.data(HtmlRole)
    assert index.data(SpansRole) == spans
    view = window.library.results
    qtbot.waitUntil(lambda: view.visualRect(index).width() > 0, timeout=3000)
    line = match_line(_row_document(view, 0))
    assert line is not None and line < view.itemDelegate().SNIPPET_LINES  # on a line the row shows


def test_a_narrow_list_starts_the_snippet_at_the_match(qtbot) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from desktop_app.storage.search import SearchHit
    from desktop_app.ui.library_search import (
        HitDelegate,
        SearchResultsModel,
        SearchResultsView,
        from_first_match,
        match_line,
    )

    body = "服务中断" * 12 + " 🔥 rollback done"
    hit = SearchHit("pm", "Pool", "narrative.summary", "", "Summary", body, ("🔥",))
    assert (hit.snippet, hit.spans) == ("…务中断" + "服务中断" * 9 + " 🔥 rollback done", [(41, 42)])
    view = SearchResultsView()
    qtbot.addWidget(view)
    model = SearchResultsModel(view)
    model.set_hits([hit])
    view.setModel(model)
    delegate = view.itemDelegate()
    assert isinstance(delegate, HitDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.rect.setRect(0, 0, 140, 60)
    document = delegate._document(option, model.index(0, 0))
    assert match_line(document) == 0
    assert document.begin().next().text() == "…🔥 rollback done"
    assert from_first_match(hit.snippet, hit.spans) == ("…🔥 rollback done", [(1, 2)])
    assert from_first_match("🔥 first", [(0, 1)]) == ("🔥 first", [(0, 1)])
