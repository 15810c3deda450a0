"""Snippets of search hits: the match is always inside the excerpt, near its start, highlighted whole.

A summary of three lines followed by the matched line used to be shown whole (it is shorter
than ``SNIPPET_CHARS``), so the library's two snippet lines ended before the match and
nothing was highlighted; emoji made of several characters could also be cut in half.
"""

from __future__ import annotations

from sqlalchemy import Engine

from desktop_app.domain.models import Narrative, Postmortem
from desktop_app.storage import search
from desktop_app.storage.repository import PostmortemRepository

LINES = (
    "Line one of the summary text here.\n"
    "Second line describes the impact on users.\n"
    "Third line: more details about what happened.\n"
)
SUMMARY = (
    LINES
    + "数据库连接池耗尽导致服务中断 🔥 rollback done\n"
    + "On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة\n"
    + "Flags 🇺🇦🇩🇪 and 👍🏽 thanks"
)


def _hit(repo: PostmortemRepository, engine: Engine, query: str) -> search.SearchHit:
    repo.add(Postmortem(id="pm", title="Pool exhausted", narrative=Narrative(summary=SUMMARY)))
    (hit,) = search.search(engine, query)
    return hit


def test_an_emoji_after_three_lines_is_in_the_snippet_and_highlighted(repo, engine) -> None:
    hit = _hit(repo, engine, "🔥")
    assert hit.snippet == (
        "…about what happened. 数据库连接池耗尽导致服务中断 🔥 rollback done "
        "On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة Flags 🇺🇦🇩🇪 and 👍🏽 thanks"
    )
    assert hit.spans == [(37, 38)]
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["🔥"]


def test_a_cjk_word_after_three_lines(repo, engine) -> None:
    hit = _hit(repo, engine, "连接池")
    assert hit.snippet.startswith("…more details about what happened. 数据库连接池耗尽")
    assert hit.spans == [(38, 41)]
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["连接池"]


def test_a_zwj_emoji_is_highlighted_whole(repo, engine) -> None:
    hit = _hit(repo, engine, "👩‍💻")
    assert hit.snippet == (
        "…数据库连接池耗尽导致服务中断 🔥 rollback done On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة Flags 🇺🇦🇩🇪 and 👍🏽 thanks"
    )
    assert hit.spans == [(40, 43)]
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["👩‍💻"]


def test_an_arabic_word_after_several_lines(repo, engine) -> None:
    hit = _hit(repo, engine, "الخادم")
    assert hit.snippet == (
        "…🔥 rollback done On call 👩‍💻 paged; الخادم تعطّل لمدة ساعة Flags 🇺🇦🇩🇪 and 👍🏽 thanks")
    assert hit.spans == [(36, 42)]
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["الخادم"]


def test_part_of_an_emoji_sequence_highlights_the_whole_sequence() -> None:
    body = LINES + "Flags 🇺🇦🇩🇪 and 👍🏽 by 👩‍💻, café"
    cases = {"💻": "👩‍💻", "👍": "👍🏽", "🇩🇪": "🇩🇪", "cafe": "café"}
    for term, shown in cases.items():
        snippet, spans = search.make_snippet(body, search.match_spans(body, [term]))
        assert [snippet[a:b] for a, b in spans] == [shown], term
        assert spans[0][0] <= 1 + search.SNIPPET_CHARS // 4, term


def test_the_match_starts_the_snippet_within_a_quarter_of_its_width() -> None:
    body = "x" * 500 + " needle " + "y" * 30
    snippet, spans = search.make_snippet(body, search.match_spans(body, ["needle"]))
    assert snippet == "…" + "x" * 39 + " needle " + "y" * 30
    assert spans == [(41, 47)]
    short = "A match near the start stays whole: needle"
    assert search.make_snippet(short, search.match_spans(short, ["needle"])) == (short, [(36, 42)])
