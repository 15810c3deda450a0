"""Substring hits (inside words, from the trigram index): exact texts, their order, and a first page
that is the start of the full list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop_app.domain.models import ActionItem, Cause, Narrative, Postmortem, TimelineEvent
from desktop_app.storage import search
from desktop_app.storage.repository import PostmortemRepository


def _hits(engine: Engine, query: str, limit: int | None = None) -> list[tuple[str, str, str]]:
    return [(hit.postmortem_id, hit.field, hit.child_id) for hit in search.search(engine, query, limit)]


@pytest.fixture
def stored(repo: PostmortemRepository) -> PostmortemRepository:
    repo.add(Postmortem(
        id="pm-a", title="Checkout outage",
        narrative=Narrative(summary="The connection pool was exhausted.", impact="Reconnections failed."),
        causes=[Cause(id="c1", text="Connection limit too low")],
    ))
    repo.add(Postmortem(
        id="pm-b", title="Interconnection flap",
        narrative=Narrative(what_happened="Peering disconnections for an hour."),
        timeline=[TimelineEvent(id="e1", description="BGP disconnected"), TimelineEvent(id="e2", description="Pool ok")],
        action_items=[ActionItem(id="a1", title="Alert on disconnects", description="Page when connections drop")],
    ))
    repo.add(Postmortem(id="pm-c", title="Nothing to see", narrative=Narrative(summary="Calm weather.")))
    return repo


def test_a_fragment_finds_every_text_containing_it_naming_texts_first_then_newest_first(stored) -> None:
    # "nnection" is inside no indexed word as a whole word: only the substring index finds it
    assert _hits(stored.engine, "nnection") == [
        ("pm-b", "title", ""),  # "Interconnection": a naming text, the newest first
        ("pm-a", "causes.text", "c1"),  # "Connection limit"
        ("pm-b", "action_items.description", "a1"),  # "connections drop"
        ("pm-b", "narrative.what_happened", ""),  # "disconnections"
        ("pm-a", "narrative.impact", ""),  # "Reconnections"
        ("pm-a", "narrative.summary", ""),  # "connection pool"
    ]


def test_word_hits_come_before_substring_hits(stored) -> None:
    # "connection" begins words in pm-a's summary and cause and in "connections" (the last term is a
    # prefix); the other three texts have it inside a word
    fields = [(hit.postmortem_id, hit.field) for hit in search.search(stored.engine, "connection", None)]
    assert sorted(fields[:3]) == [("pm-a", "causes.text"), ("pm-a", "narrative.summary"),
                                  ("pm-b", "action_items.description")]
    assert fields[3:] == [("pm-b", "title"), ("pm-b", "narrative.what_happened"), ("pm-a", "narrative.impact")]


@pytest.mark.parametrize("query", ["nnection", "isconnect", "nnection ool", "onnect ool"])
def test_a_first_page_is_the_start_of_the_full_list(stored, query: str) -> None:
    every = search.search(stored.engine, query, None)
    for limit in range(1, len(every) + 2):
        assert search.search(stored.engine, query, limit) == every[:limit]


def test_every_term_must_occur_and_short_terms_are_checked_in_the_text(stored) -> None:
    assert _hits(stored.engine, "nnection ool") == [("pm-a", "narrative.summary", "")]
    assert _hits(stored.engine, "isconnect ee") == [("pm-b", "narrative.what_happened", "")]  # "Peering"
    assert _hits(stored.engine, "isconnect zz") == []
    assert _hits(stored.engine, "eather") == [("pm-c", "narrative.summary", "")]


def test_substring_hits_mark_the_fragment(stored) -> None:
    (hit,) = search.search(stored.engine, "econnect", None)
    assert hit.snippet == "Reconnections failed."
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["econnect"]


def test_a_fragment_of_a_text_edited_later_follows_the_edit(stored) -> None:
    pm, version = stored.get_with_version("pm-c")
    pm.narrative.summary = "Interconnect saturated."
    stored.save(pm, version)
    assert _hits(stored.engine, "nterconnec") == [
        ("pm-b", "title", ""),
        ("pm-c", "narrative.summary", ""),  # re-indexed on save: the newest row
    ]
    assert _hits(stored.engine, "eather") == []


def test_the_first_hit_of_a_common_fragment_is_read_without_ranking_every_match(tmp_path: Path) -> None:
    from desktop_app.storage.database import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'many.db'}")
    try:
        repo = PostmortemRepository(engine)
        for n in range(300):
            repo.add(Postmortem(id=f"pm{n:03d}", title=f"Outage {n}",
                                narrative=Narrative(summary=f"Reconnection storm number {n}.")))
        statements: list[str] = []
        from sqlalchemy import event

        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        assert _hits(engine, "nnection", 3) == [
            ("pm299", "narrative.summary", ""), ("pm298", "narrative.summary", ""), ("pm297", "narrative.summary", ""),
        ]
        assert not any("bm25(search_grams" in sql for sql in statements)
        assert len(search.search(engine, "nnection", None)) == 300
    finally:
        engine.dispose()
