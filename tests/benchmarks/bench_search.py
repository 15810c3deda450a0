"""Search benchmark: full-text search over 10,000 postmortems, library load, re-indexing on save.

    python tests/benchmarks/bench_search.py [--postmortems N] [--repeat R] [--rebuild] [--search-only]

The database is generated once (realistic text sizes: ~900 words per postmortem in
narrative, 15 timeline events, 6 action items, stakeholders, evidence, causes) into
the user's cache folder and reused (one file per size and index format); its build time
is printed when it is built (about 2 to 6 minutes for 10,000; ``--postmortems 1000`` for a
quick look). ``--search-only`` prints the search table alone. Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from _table import print_table  # the script's own folder is on sys.path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import platformdirs  # noqa: E402

from desktop_app.domain.models import (  # noqa: E402
    ActionItem,
    Cause,
    Evidence,
    EventKind,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Stakeholder,
    Status,
    TimelineEvent,
)
from desktop_app.storage import search  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.repository import PostmortemRepository  # noqa: E402

WORDS = (
    "database connection pool timeout latency deploy rollback config cache resolver dns certificate expired "
    "queue backlog consumer producer disk full memory leak cpu throttling load balancer health check failover "
    "replica primary lag migration schema index lock contention retry storm rate limit quota token credential "
    "alert page on-call escalation incident commander status customer checkout payment login search api gateway "
    "kubernetes node pod eviction autoscaler region zone network partition packet loss firewall rule proxy "
    "the a of to and in was we that it for on with as at by from this were our which after before during "
    "because when then while team engineer responder service traffic error rate spike dashboard graph log "
    "metric trace runbook manual automated script release version feature flag canary rollout staged"
).split()
SERVICES = ["checkout", "payments", "search", "auth", "edge", "storage", "queue", "mail", "billing", "cdn"]
RARE = ["zeppelin", "quokka", "narwhal", "axolotl", "pangolin"]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while words > 0:
        n = min(words, rng.randint(8, 18))
        out.append(_sentence(rng, n))
        words -= n
    return " ".join(out)


def generate(index: int) -> Postmortem:
    rng = random.Random(index)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(hours=7 * index)
    narrative = Narrative(
        summary=_paragraph(rng, 90),
        what_happened=_paragraph(rng, 160),
        impact=_paragraph(rng, 60),
        trigger=_paragraph(rng, 30),
        root_cause=_paragraph(rng, 120),
        resolution=_paragraph(rng, 70),
        detection=_paragraph(rng, 40),
        went_well=_paragraph(rng, 50),
        went_wrong=_paragraph(rng, 60),
        got_lucky=_paragraph(rng, 30),
    )
    if index % 1000 == 7:  # a rare word in 10 postmortems
        narrative.summary += f" The {RARE[0]} service was involved."
    if index % 2500 == 3:
        narrative.impact += " 決済サービスの障害が発生しました。"
    kinds = list(EventKind)
    return Postmortem(
        title=f"{rng.choice(SERVICES).capitalize()} {rng.choice(['outage', 'degradation', 'errors', 'latency'])} "
        f"#{index}",
        severity=rng.choice(list(Severity)),
        status=rng.choice(list(Status)),
        tags=rng.sample(["network", "database", "config", "security", "capacity"], 2),
        incident_date=date(2020, 1, 1) + timedelta(days=index % 2000),
        restoration=Restoration(affected_services=rng.sample(SERVICES, 2)),
        narrative=narrative,
        discussion_notes=_paragraph(rng, 60),
        open_questions=[_sentence(rng, 10) for _ in range(2)],
        timeline=[
            TimelineEvent(
                occurred_at=start + timedelta(minutes=4 * n),
                kind=kinds[n % len(kinds)],
                description=_sentence(rng, rng.randint(8, 20)),
                actor=rng.choice(["on-call", "IC", "SRE", "DBA"]),
            )
            for n in range(15)
        ],
        action_items=[
            ActionItem(title=_sentence(rng, 8), description=_sentence(rng, 16), owner=f"Owner {n}")
            for n in range(6)
        ],
        stakeholders=[Stakeholder(name=f"Person {n}", team=rng.choice(SERVICES)) for n in range(3)],
        evidence=[Evidence(title=_sentence(rng, 5), url=f"https://grafana.example/d/{index}-{n}") for n in range(2)],
        causes=[Cause(text=_sentence(rng, 10)) for _ in range(3)],
    )


def _timed(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    return time.perf_counter() - began


def build(path: Path, count: int) -> float:
    engine = open_database(f"sqlite:///{path}")
    repo = PostmortemRepository(engine)
    began = time.perf_counter()
    for index in range(count):
        repo.add(generate(index))
        if index % 1000 == 999:
            print(f"  built {index + 1} of {count} ({time.perf_counter() - began:.0f} s)", flush=True)
    search.ensure_index(engine)
    engine.dispose()
    return time.perf_counter() - began


def reindex_on_save(events: int, repeat: int) -> list[tuple[str, list[float], str]]:
    """One timeline edit in a 10,000-event postmortem: save with and without the index hook."""
    rows: list[tuple[str, list[float], str]] = []
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'big.db'}")
        repo = PostmortemRepository(engine)
        pm = Postmortem(
            title="Big timeline",
            timeline=[TimelineEvent(id=f"e{n:05d}", description=f"Event {n}: pool exhausted 事件") for n in range(events)],
        )
        add_time = _timed(lambda: repo.add(pm))
        rows.append((f"add + index {events}-event postmortem", [add_time], "one transaction"))
        pm, version = repo.get_with_version(pm.id)
        with_index: list[float] = []
        for n in range(repeat):
            pm.timeline[events // 2].description = f"Edited {n} walrus"
            began = time.perf_counter()
            version = repo.save(pm, version)
            with_index.append(time.perf_counter() - began)
        assert [h.child_id for h in search.search(engine, "walrus")] == [f"e{events // 2:05d}"]
        original = search.update_postmortem
        search.update_postmortem = lambda *a, **k: None  # type: ignore[assignment]
        without: list[float] = []
        try:
            for n in range(repeat):
                pm.timeline[events // 3].description = f"Edited again {n}"
                began = time.perf_counter()
                version = repo.save(pm, version)
                without.append(time.perf_counter() - began)
        finally:
            search.update_postmortem = original  # type: ignore[assignment]
        rows.append(("save one event edit (with re-index)", with_index, f"{events} events"))
        rows.append(("save one event edit (index hook off)", without, "baseline"))
        engine.dispose()
    return rows


def typing_rows(app: Any, panel: Any, engine: Any, repeat: int) -> list[tuple[str, list[float], str]]:
    """Type a query letter by letter with the debounce firing after each: how long the UI
    thread is busy per letter, and how long until the final hits are on screen."""
    panel.set_search_function(lambda query, limit: search.search(engine, query, limit))
    blocked: list[float] = []
    shown: list[float] = []
    for _ in range(repeat):
        for query in ("connection pool", "database", "the"):
            panel.search.setText("")
            for end in range(1, len(query) + 1):
                panel.search.setText(query[:end])
                began = time.perf_counter()
                panel.run_search()  # what the debounce timer calls
                blocked.append(time.perf_counter() - began)
            began = time.perf_counter()
            while panel.search_pending:
                app.processEvents()
            app.processEvents()
            shown.append(time.perf_counter() - began)
            assert panel.result_count() > 0, query
    panel.search.setText("")
    return [
        ("UI thread busy per search started", blocked, "per letter typed"),
        ("last letter typed -> final hits shown", shown, "connection pool, database, the"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postmortems", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--search-only", action="store_true", help="only the search table")
    args = parser.parse_args()
    folder = platformdirs.user_cache_path("Hindsight-bench", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"search-{args.postmortems}-f{search.FORMAT_VERSION}.db"
    if args.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        part = path.with_name(path.name + ".part")  # a build cut short is never reused
        for leftover in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            leftover.unlink(missing_ok=True)
        seconds = build(part, args.postmortems)
        part.replace(path)
        print(f"built {args.postmortems} postmortems with their index in {seconds:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB) at {path}")
    else:
        print(f"reusing {path} ({path.stat().st_size / 1e6:.0f} MB); --rebuild to build again")
    engine = open_database(f"sqlite:///{path}")
    with engine.connect() as connection:
        texts = connection.exec_driver_sql("SELECT count(*) FROM search_rows").scalar()
    queries = [
        ("rare word", RARE[0]),
        ("common word", "database"),
        ("two words", "connection pool"),
        ("prefix while typing", "conn"),
        ("very common word", "the"),
        ("CJK", "障害"),
        ("substring only", "nnection"),
        ("two substrings", "nnection ool"),
        ("syntax characters", 'NEAR( "*'),
    ]
    rows: list[tuple[str, list[float], str]] = []
    from desktop_app.ui.library import SEARCH_LIMIT

    for what, query in queries:
        search.search(engine, query, 20)  # warm the page cache
        one = [_timed(lambda q=query: search.search(engine, q, 1)) for _ in range(args.repeat)]
        first = [_timed(lambda q=query: search.first_page(engine, q, 20)) for _ in range(args.repeat)]
        listed = [_timed(lambda q=query: search.search(engine, q, SEARCH_LIMIT + 1)) for _ in range(args.repeat)]
        hits = len(search.search(engine, query, None))
        full = [_timed(lambda q=query: search.search(engine, q, None)) for _ in range(max(3, args.repeat // 2))]
        rows.append((f"{what} {query!r}: first result", one, ""))
        rows.append((f"{what} {query!r}: first 20", first, ""))
        rows.append((f"{what} {query!r}: library's list", listed, f"best {SEARCH_LIMIT} + 1"))
        rows.append((f"{what} {query!r}: all {hits}", full, "every match, ranked"))
    print_table(f"Search over {args.postmortems} postmortems ({texts} indexed texts)", rows)
    if args.search_only:
        engine.dispose()
        return 0

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.library import LibraryPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    repo = PostmortemRepository(engine)
    panel = LibraryPanel()
    summaries = [repo.list_summaries()]
    load = [_timed(lambda: summaries.append(repo.list_summaries())) for _ in range(args.repeat)]
    fill = [_timed(lambda: panel.set_summaries(summaries[-1])) for _ in range(args.repeat)]
    both = [_timed(lambda: panel.set_summaries(repo.list_summaries())) for _ in range(args.repeat)]
    clicks = []
    for n in range(args.repeat):
        column = (0, 2, 4)[n % 3]
        clicks.append(_timed(lambda c=column: panel.view.sortByColumn(c, Qt.SortOrder.AscendingOrder)))
        panel.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    narrow = [_timed(lambda w=word: panel.search.setText(w)) for word in ("c", "ch", "che", "chec", "check")]
    panel.search.setText("")
    print_table(
        "Library load",
        [
            (f"list_summaries ({len(summaries[-1])} rows)", load, ""),
            ("model fill + sort + filter", fill, ""),
            ("library refresh (both)", both, ""),
            ("sort by a column (header click)", clicks, "title, severity, services"),
            ("type a letter: narrow titles", narrow, "c, ch, che, chec, check"),
        ],
    )
    print_table("Search as you type (library panel)", typing_rows(app, panel, engine, args.repeat))
    engine.dispose()
    print_table("Re-indexing on save", reindex_on_save(10_000, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
