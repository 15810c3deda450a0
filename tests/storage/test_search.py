"""Full-text search: exact hits over the imported corpus, hostile queries, any script, index upkeep."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from desktop_app.domain.models import (
    ActionItem,
    Cause,
    Evidence,
    Narrative,
    Postmortem,
    Stakeholder,
    TimelineEvent,
)
from desktop_app.formats.importer import import_path
from desktop_app.storage import search
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository
from desktop_app.storage.search import SearchHit


@pytest.fixture(scope="module")
def corpus_db(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, str]]]:
    """Every corpus file imported into one database; maps postmortem id -> file stem."""
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('search') / 'corpus.db'}")
    repo = PostmortemRepository(engine)
    names: dict[str, str] = {}
    for path in sorted(corpus_dir.glob("*.md")):
        pm = repo.add_imported(import_path(path).postmortem)
        names[pm.id] = path.stem
    search.ensure_index(engine)
    yield engine, names
    engine.dispose()


def where(hits: list[SearchHit], names: dict[str, str]) -> Counter[tuple[str, str]]:
    return Counter((names[hit.postmortem_id], hit.field) for hit in hits)


def test_corpus_is_imported_and_indexed(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    assert len(names) == 20
    assert search.index_is_current(engine)


def test_a_word_in_one_postmortem(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    hits = search.search(engine, "log4shell", limit=None)
    assert where(hits, names) == Counter(
        {
            ("dfds-pm2021-011-log4shell", "title"): 1,
            ("dfds-pm2021-011-log4shell", "timeline.description"): 2,
            ("dfds-pm2021-011-log4shell", "narrative.summary"): 1,
            ("dfds-pm2021-011-log4shell", "extra_sections.body"): 1,
        }
    )
    assert hits[0].field == "title"  # titles weigh more
    assert hits[0].snippet == "Log4Shell investigations"
    assert hits[0].spans == [(0, 9)]
    assert hits[0].title == "Log4Shell investigations"
    published = next(hit for hit in hits if hit.snippet.startswith("The Log4Shell"))
    assert published.label == "Timeline · 2021-12-10"
    assert published.snippet == "The Log4Shell vulnerability was published"
    assert published.spans == [(4, 13)]
    assert published.path == ("timeline", published.child_id, "description")


def test_a_word_across_postmortems(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    hits = search.search(engine, "mempool", limit=None)
    assert where(hits, names) == Counter(
        {
            ("chia-2025-02-13-fastforward-mempool", "title"): 1,
            ("chia-2025-02-13-fastforward-mempool", "timeline.description"): 3,
            ("chia-2025-02-13-fastforward-mempool", "narrative.summary"): 1,
            ("chia-2025-02-13-fastforward-mempool", "narrative.resolution"): 1,
            ("optimism-2023-04-26-tx-delays", "narrative.resolution"): 1,
        }
    )
    labels = sorted(hit.label for hit in hits if hit.field == "timeline.description")
    assert labels == ["Timeline · ~11:30", "Timeline · ~13:10", "Timeline · ~23:00"]  # approximate times


def test_every_term_must_match(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    hits = search.search(engine, "fritz nftables", limit=None)
    assert where(hits, names) == Counter(
        {
            ("hachyderm-2023-07-16-redis-exposed", "action_items.title"): 1,
            ("hachyderm-2023-07-16-redis-exposed", "timeline.description"): 3,
        }
    )
    for hit in hits:
        marked = {hit.snippet[a:b].casefold() for a, b in hit.spans}
        assert marked == {"fritz", "nftables"}


def test_the_last_term_is_a_prefix_while_typing(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    assert len(search.search(engine, "log4sh", limit=None)) == 5
    assert len(search.search(engine, "log4shell", limit=None)) == 5
    # "log4sh" is not a whole word: only the substring index finds it, after the word matches.
    hits = search.search(engine, "log4sh investigations", limit=None)
    assert where(hits, names) == Counter(
        {("dfds-pm2021-011-log4shell", "title"): 1, ("dfds-pm2021-011-log4shell", "extra_sections.body"): 1}
    )


def test_every_field_of_one_postmortem(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    """"etcd" in the etcd postmortem: one hit per narrative section that names it, ten action items
    (seven of them also in their tracker link) and eight timeline rows, as ``grep -i etcd`` counts them."""
    engine, names = corpus_db
    hits = search.search(engine, "etcd", limit=None)
    assert where(hits, names) == Counter(
        {
            ("etcd-2022-v3.5-data-inconsistency", "action_items.title"): 10,
            ("etcd-2022-v3.5-data-inconsistency", "action_items.tracker_ref"): 7,
            ("etcd-2022-v3.5-data-inconsistency", "timeline.description"): 8,
            **{("etcd-2022-v3.5-data-inconsistency", f"narrative.{name}"): 1 for name in (
                "summary", "what_happened", "root_cause", "trigger", "detection", "impact",
                "went_well", "went_wrong", "got_lucky")},
        }
    )


def test_operator_words_are_plain_words_over_the_corpus(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    """``AND``, ``OR``, ``NEAR`` and a leading ``-`` are searched as text: ``AND`` must occur too."""
    engine, names = corpus_db
    redis = "hachyderm-2023-07-16-redis-exposed"
    # Lines 37, 41 and 42 (timeline) and 69 (action item) hold fritz, nftables and "and".
    assert where(search.search(engine, "fritz AND nftables", limit=None), names) == Counter(
        {(redis, "timeline.description"): 3, (redis, "action_items.title"): 1}
    )
    # "-fritz" is the word fritz: the same rows as without the dash.
    assert where(search.search(engine, "nftables -fritz", limit=None), names) == Counter(
        {(redis, "timeline.description"): 3, (redis, "action_items.title"): 1}
    )
    # The word "near" (and "nearing", the last term being a prefix) in three texts of the IP
    # starvation postmortem, and "linearizable" as a substring in an etcd action item.
    near = search.search(engine, "NEAR", limit=None)
    assert where(near, names) == Counter(
        {
            ("dfds-pm2019-009-ip-starvation", "causes.text"): 1,
            ("dfds-pm2019-009-ip-starvation", "narrative.root_cause"): 1,
            ("dfds-pm2019-009-ip-starvation", "narrative.summary"): 1,
            ("etcd-2022-v3.5-data-inconsistency", "action_items.title"): 1,
        }
    )
    assert [[h.snippet[a:b] for a, b in h.spans] for h in near] == [["near"]] * 4
    # Quotes, brackets, a column filter and a caret around a word: the word's seven texts.
    fritz = Counter(
        {
            ("hachyderm-2022-12-13-root-fs-full", "extra_sections.body"): 1,
            (redis, "action_items.title"): 1,
            (redis, "timeline.description"): 5,
        }
    )
    for query in ("fritz", '"fritz"', "(fritz", "fritz)", "fritz:", "^fritz", "fritz*", "{fritz}", "+fritz"):
        assert where(search.search(engine, query, limit=None), names) == fritz, query


@pytest.mark.parametrize("query", ["障害", "決済サービス", "خادم", "الخادم", "שרת", "🔥", "Сервер", "'; DROP TABLE x; --"])
def test_other_scripts_over_the_corpus_find_nothing_and_never_raise(
    corpus_db: tuple[Engine, dict[str, str]], query: str
) -> None:
    """No corpus file has CJK, Arabic, Hebrew or Cyrillic text (``grep -P`` finds none)."""
    engine, _names = corpus_db
    assert search.search(engine, query, limit=None) == []


def test_an_emoji_in_the_corpus(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    """The PyPI write-up ends its Thanks section with 💜 (line 202). The ✅ marks of the PostHog
    checklists are read as "done" by the importer and are not part of the items' titles."""
    engine, names = corpus_db
    hits = search.search(engine, "💜", limit=None)
    assert where(hits, names) == Counter({("pypi-2025-04-14-org-team-privileges", "extra_sections.body"): 1})
    assert hits[0].label == "Section · Thanks"
    assert [hits[0].snippet[a:b] for a, b in hits[0].spans] == ["💜"]
    assert search.search(engine, "✅", limit=None) == []
    assert where(search.search(engine, "reverted backwards", limit=None), names) == Counter(
        {("posthog-2025-10-03-surveys-sdk", "action_items.title"): 1}
    )


def test_limit_gives_the_best_first(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, _names = corpus_db
    every = search.search(engine, "etcd", limit=None)
    assert len(every) == 34
    first = search.first_page(engine, "etcd", limit=10)
    assert first == every[:10]
    assert {hit.field for hit in first} == {"action_items.title"}


def test_substrings_inside_words(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    # Line 1 is the title; the Lessons Learned section has "Log4Shell" (line 70) and
    # "investigations" (lines 72 and 79).
    hits = search.search(engine, "shell investigation", limit=None)
    assert where(hits, names) == Counter(
        {("dfds-pm2021-011-log4shell", "title"): 1, ("dfds-pm2021-011-log4shell", "extra_sections.body"): 1}
    )
    assert hits[0].field == "title"
    assert hits[0].spans == [(4, 9), (10, 23)]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR", "-", "AND OR", "(", ")", "title:", '"unbalanced', "a AND (b OR", "NOT", "^", "{}", "+",
     "NEAR(a b)", "''", "\\", "%", "_", "col:val*", "   ", "", "\x00", "😀 *"],
)
def test_fts_syntax_never_raises(corpus_db: tuple[Engine, dict[str, str]], query: str) -> None:
    engine, _names = corpus_db
    assert isinstance(search.search(engine, query, limit=None), list)


def test_syntax_characters_are_searched_as_text(corpus_db: tuple[Engine, dict[str, str]]) -> None:
    engine, names = corpus_db
    assert search.search(engine, "") == []
    assert search.search(engine, '"') == []
    assert search.search(engine, "*") == []
    assert search.search(engine, "-") == []
    # Words that are FTS5 operators are plain words.
    assert where(search.search(engine, '"log4shell', limit=None), names) == where(
        search.search(engine, "log4shell", limit=None), names
    )
    assert where(search.search(engine, "title:log4shell", limit=None), names) == Counter()
    near = search.search(engine, "NEAR", limit=None)
    assert all("near" in hit.snippet.casefold() for hit in near) and len(near) > 0
    assert len(search.search(engine, "(log4shell)", limit=None)) == 5
    assert len(search.search(engine, "log4shell*", limit=None)) == 5


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[PostmortemRepository]:
    engine = open_database(f"sqlite:///{tmp_path / 'search.db'}")
    yield PostmortemRepository(engine)
    engine.dispose()


def _scripts() -> Postmortem:
    return Postmortem(
        title="決済サービスの障害 <checkout> & more",
        tags=["运维", "עברית"],
        narrative=Narrative(
            summary="支付服务在高峰期中断了四十分钟。",
            impact="الخادم تعطّل لمدة ساعة",
            what_happened="השרת נפל באמצע הלילה",
            resolution="Сервер перезапустили, кэш очистили 🔥🚒",
            went_well="Café crème & Straße",
        ),
        timeline=[
            TimelineEvent(
                id="ev1",
                occurred_at=datetime(2024, 3, 5, 14, 5, tzinfo=timezone.utc),
                description="デプロイを取り消した",
                actor="山田",
            )
        ],
    )


@pytest.mark.parametrize(
    ("query", "field", "marked"),
    [
        ("障害", "title", "障害"),
        ("サービス", "title", "サービス"),
        ("<checkout>", "title", "<checkout>"),
        ("运维", "tags", "运维"),
        ("中断", "narrative.summary", "中断"),
        ("高峰期", "narrative.summary", "高峰期"),
        ("خادم", "narrative.impact", "خادم"),
        ("تعطل", "narrative.impact", "تعطّل"),
        ("שרת", "narrative.what_happened", "שרת"),
        ("הלילה", "narrative.what_happened", "הלילה"),
        ("сервер", "narrative.resolution", "Сервер"),
        ("кэш", "narrative.resolution", "кэш"),
        ("🚒", "narrative.resolution", "🚒"),
        ("cafe", "narrative.went_well", "Café"),
        ("strasse", "narrative.went_well", "Straße"),
        ("取り消", "timeline.description", "取り消"),
        ("山田", "timeline.actor", "山田"),
    ],
)
def test_any_script(repo: PostmortemRepository, query: str, field: str, marked: str) -> None:
    pm = _scripts()
    repo.add(pm)
    hits = search.search(repo.engine, query)
    assert [hit.field for hit in hits] == [field]
    hit = hits[0]
    assert [hit.snippet[a:b] for a, b in hit.spans] == [marked]
    assert hit.title == pm.title


def test_timeline_label_uses_the_display_zone(repo: PostmortemRepository) -> None:
    pm = _scripts()
    pm.time_zone = "Asia/Tokyo"
    repo.add(pm)
    assert [hit.label for hit in search.search(repo.engine, "山田")] == ["Timeline · 23:05"]
    stored, version = repo.get_with_version(pm.id)
    stored.time_zone = "Europe/Berlin"
    repo.save(stored, version)
    assert [hit.label for hit in search.search(repo.engine, "山田")] == ["Timeline · 15:05"]


def test_every_kind_of_text_is_indexed(repo: PostmortemRepository) -> None:
    pm = Postmortem(
        title="Alpha",
        discussion_notes="zebra notes",
        open_questions=["why yak?", "what about wombat?"],
        action_items=[ActionItem(id="a1", title="Add quokka alert", description="numbat", owner="Okapi Team")],
        stakeholders=[Stakeholder(id="s1", name="Ibis Person", team="Tapir team")],
        evidence=[Evidence(id="e1", title="Lynx graph", note="jackal note", url="https://example.com/gecko")],
        causes=[Cause(id="c1", text="Marmot config", note="ferret")],
    )
    repo.add(pm)
    expected = {
        "zebra": ("discussion_notes", ""),
        "wombat": ("open_questions", "1"),
        "quokka": ("action_items.title", "a1"),
        "numbat": ("action_items.description", "a1"),
        "okapi": ("action_items.owner", "a1"),
        "ibis": ("stakeholders.name", "s1"),
        "tapir": ("stakeholders.team", "s1"),
        "lynx": ("evidence.title", "e1"),
        "jackal": ("evidence.note", "e1"),
        "gecko": ("evidence.url", "e1"),
        "marmot": ("causes.text", "c1"),
        "ferret": ("causes.note", "c1"),
    }
    for query, (field, child) in expected.items():
        assert [(h.field, h.child_id) for h in search.search(repo.engine, query)] == [(field, child)], query
    assert search.search(repo.engine, "wombat")[0].path == ("open_questions", 1)
    assert search.search(repo.engine, "okapi")[0].path == ("action_items", "a1", "owner")


def _count_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM search_rows")).scalar_one())


def test_index_follows_save_and_delete(repo: PostmortemRepository) -> None:
    pm = _scripts()
    repo.add(pm)
    engine = repo.engine
    stored, version = repo.get_with_version(pm.id)
    stored.timeline[0].description = "Rolled back the canary"
    stored.title = "Checkout outage"
    version = repo.save(stored, version)
    assert search.search(engine, "デプロイ") == []
    assert [h.field for h in search.search(engine, "canary")] == ["timeline.description"]
    assert [h.title for h in search.search(engine, "canary")] == ["Checkout outage"]
    assert search.search(engine, "障害") == []
    stored.timeline.append(TimelineEvent(id="ev2", description="Paged the database owner"))
    version = repo.save(stored, version)
    assert [h.child_id for h in search.search(engine, "paged")] == ["ev2"]
    del stored.timeline[0]
    repo.save(stored, version)
    assert search.search(engine, "canary") == []
    assert [h.child_id for h in search.search(engine, "paged")] == ["ev2"]
    repo.delete(pm.id)
    assert search.search(engine, "paged") == []
    assert _count_rows(engine) == 0


def test_a_moved_event_is_not_reindexed(repo: PostmortemRepository) -> None:
    pm = Postmortem(timeline=[TimelineEvent(id=f"e{i}", description=f"step {i} walrus") for i in range(5)])
    repo.add(pm)
    with repo.engine.connect() as connection:
        before = {r[0]: r[1] for r in connection.execute(text("SELECT child_id, id FROM search_rows"))}
    stored, version = repo.get_with_version(pm.id)
    stored.timeline.insert(0, stored.timeline.pop(3))
    repo.save(stored, version)
    with repo.engine.connect() as connection:
        after = {r[0]: r[1] for r in connection.execute(text("SELECT child_id, id FROM search_rows"))}
    assert after == before
    assert len(search.search(repo.engine, "walrus", limit=None)) == 5


def test_imported_copy_is_indexed_on_its_own(repo: PostmortemRepository) -> None:
    pm = _scripts()
    repo.add_imported(pm)
    copy = repo.add_imported(pm.model_copy(deep=True))
    assert copy.id != pm.id
    assert sorted(h.postmortem_id for h in search.search(repo.engine, "山田")) == sorted([pm.id, copy.id])


def test_rebuild_after_dropping_the_index(repo: PostmortemRepository) -> None:
    engine = repo.engine
    repo.add(_scripts())
    repo.add(Postmortem(title="Second walrus"))
    assert search.ensure_index(engine) is False  # a new database's index is current from the start
    expected = search.search(engine, "walrus")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE search_words"))
        connection.execute(text("DELETE FROM search_rows"))
        connection.execute(text("DELETE FROM search_state"))
    assert not search.index_is_current(engine)
    calls: list[tuple[int, int]] = []
    assert search.ensure_index(engine, lambda done, total: calls.append((done, total))) is True
    assert calls == [(0, 2), (1, 2), (2, 2)]
    assert search.search(engine, "walrus") == expected
    assert [h.field for h in search.search(engine, "山田")] == ["timeline.actor"]


def test_stale_format_is_rebuilt(repo: PostmortemRepository) -> None:
    engine = repo.engine
    repo.add(Postmortem(title="Walrus"))
    search.ensure_index(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE search_state SET value = '0' WHERE key = 'format'"))
    assert search.ensure_index(engine) is True
    assert search.index_is_current(engine)
    assert _count_rows(engine) == 1


def test_snippet_of_a_long_text_keeps_the_match() -> None:
    body = "word " * 100 + "needle <b>&amp;</b>" + " tail" * 100
    spans = search.match_spans(body, ["needle"])
    snippet, inside = search.make_snippet(body, spans)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= search.SNIPPET_CHARS + 2
    assert [snippet[a:b] for a, b in inside] == ["needle"]
    assert "<b>&amp;</b>" in snippet  # plain text: nothing is escaped or interpreted here


def test_query_terms_fold_and_drop_punctuation() -> None:
    assert search.query_terms('  "Café"  *  -  NEAR(  ') == ['"cafe"', "near("]
    assert search.word_query(['"cafe"', "near("]) == '"""cafe""" "near("*'


def test_a_database_from_before_search_is_indexed_on_first_open(tmp_path: Path) -> None:
    """``tests/data/schema_0001.sqlite`` holds postmortems written before the index existed."""
    data = Path(__file__).resolve().parent.parent / "data"
    target = tmp_path / "old.db"
    shutil.copyfile(data / "schema_0001.sqlite", target)
    engine = open_database(f"sqlite:///{target}")
    try:
        assert not search.index_is_current(engine)
        assert _count_rows(engine) == 0
        calls: list[tuple[int, int]] = []
        assert search.ensure_index(engine, lambda done, total: calls.append((done, total))) is True
        summaries = PostmortemRepository(engine).list_summaries()
        assert calls[-1] == (len(summaries), len(summaries)) and len(summaries) >= 2
        for summary in summaries:
            word = re.findall(r"\w{3,}", summary.title)[0]
            assert summary.id in {h.postmortem_id for h in search.search(engine, word, limit=None)}
    finally:
        engine.dispose()


def test_reindex_elements_after_a_direct_row_update(repo: PostmortemRepository) -> None:
    """A bulk writer (the follow-up tracker) changes an owner in SQL, then re-indexes that item."""
    pm = Postmortem(title="Tracker", action_items=[ActionItem(id="a1", title="Rotate keys", owner="Okapi")])
    repo.add(pm)
    with repo.engine.begin() as connection:
        connection.execute(text("UPDATE action_items SET owner = 'Quokka' WHERE id = 'a1'"))
        search.reindex_elements(connection, pm.id, "action_items", ["a1"])
    assert search.search(repo.engine, "okapi") == []
    assert [(h.field, h.child_id) for h in search.search(repo.engine, "quokka")] == [("action_items.owner", "a1")]
    assert [h.field for h in search.search(repo.engine, "rotate")] == ["action_items.title"]


def test_a_huge_pasted_query_is_cut_to_what_a_search_can_use(repo: PostmortemRepository) -> None:
    repo.add(Postmortem(title="Queue", narrative=Narrative(summary="x" * 300 + " tail")))
    terms = search.query_terms("x" * 5000 + " " + " ".join(f"w{n}" for n in range(40)))
    assert terms[0] == "x" * 64 and len(terms) == 12 and terms[-1] == "w10"
    # 5,000 x's once took minutes; cut to 64 they are a substring of the summary's 300
    assert [hit.title for hit in search.search(repo.engine, "x" * 5000)] == ["Queue"]
