"""Full-text search over every text field of every postmortem (SQLite FTS5).

The index is derived data kept beside the postmortems:

* ``search_rows`` holds one row per indexed text: ``(postmortem_id, part, child_id,
  field, label, body)``. ``part`` is the child list a row belongs to (``timeline``,
  ``action_items`` …) or ``''`` for the postmortem's own fields; ``field`` is the
  dotted field name (``narrative.summary``, ``timeline.description``); ``body`` is
  the text as the user wrote it.
* ``search_words`` is a contentless FTS5 table (``unicode61``) over a *folded* body:
  case-folded, combining marks removed (so ``تعطل`` finds ``تعطّل`` and ``cafe``
  finds ``café``), and every CJK ideograph, kana and pictograph spaced out as a
  token of its own. ``unicode61`` does not split Chinese or Japanese written without
  spaces; with one token per character a query becomes a phrase of characters, so
  ``障害`` finds ``決済サービスの障害`` at any length, and emoji are searchable.
* ``search_grams`` is a contentless FTS5 table with the ``trigram`` tokenizer over
  the same folded text without the spacing: it finds substrings inside words that
  the word index cannot (Arabic and Hebrew attach ``ال``/``ה`` "the" to the word, so
  ``خادم`` must find ``الخادم``; ``ployment`` finds ``deployment``). Terms under three
  characters cannot use it.

Queries are never FTS syntax: each typed term is quoted (``"`` doubled), the last
one prefix-matches while typing, and terms with no letters, digits or symbols are
dropped, so ``"``, ``*``, ``NEAR``, ``-``, ``AND``, ``(``, ``title:`` never raise.
Hits from the word index come first, ranked by bm25; substring-only hits follow, the
naming texts (``HEAD_FIELDS``: titles, names, causes) first, then the others, each newest
first (``_SUBSTRING_SQL``).

A row of ``search_state`` records the index format; when it is missing or older
(a database migrated to 0003, or a fold that changed), ``ensure_index`` rebuilds
the whole index from the stored postmortems.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from desktop_app.domain.models import Postmortem, TimePrecision
from desktop_app.domain.zones import to_zone

FORMAT_VERSION = "1"
"""Bumped whenever what is indexed or how it is folded changes: the index is then rebuilt."""

INDEX_CHARS = 1_000_000
"""Characters of one text that are indexed (and kept in ``search_rows`` for snippets).

The editor holds at most 1,000,000 characters per field; only an import (a pasted log
in a Markdown file) brings more. Indexing a 10 MB text costs seconds on every save that
changes it (FTS5 tokenises it into ~10 million trigrams, and a contentless table must
tokenise the old text again to delete it); a word past the first million characters of
one text is not found.

Not a format change: a longer text indexed whole by an earlier version stays so until it
changes, and removing it repeats the stored body, so the index stays consistent.
"""

WORD_TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co So'"
GRAM_TOKENIZER = "trigram"
HEAD_FIELDS = frozenset(
    {"title", "action_items.title", "evidence.title", "extra_sections.heading", "stakeholders.name", "causes.text"}
)
"""Short naming texts, indexed in the ``head`` column that bm25 weighs ``HEAD_WEIGHT`` times more."""
HEAD_WEIGHT = 4.0
DEFAULT_LIMIT = 50
SNIPPET_CHARS = 160
"""Longest snippet shown for a hit (the match is kept near its start)."""

CHILD_PARTS = ("timeline", "action_items", "stakeholders", "evidence", "causes")
"""Child lists with their own tables; ``save`` re-indexes the changed elements of these only."""

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)`` while the index is rebuilt."""


def create_search_tables(connection: Connection) -> None:
    """Create the index tables (empty, no state row); migration 0003 runs a frozen copy of this."""
    for statement in _DDL:
        connection.exec_driver_sql(statement)


_DDL = (
    "CREATE TABLE IF NOT EXISTS search_rows ("
    " id INTEGER PRIMARY KEY,"
    " postmortem_id VARCHAR NOT NULL REFERENCES postmortems (id) ON DELETE CASCADE,"
    " part VARCHAR NOT NULL DEFAULT '',"
    " child_id VARCHAR NOT NULL DEFAULT '',"
    " field VARCHAR NOT NULL,"
    " label TEXT NOT NULL DEFAULT '',"
    " body TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_rows_postmortem_id_part_child_id"
    " ON search_rows (postmortem_id, part, child_id)",
    "CREATE TABLE IF NOT EXISTS search_state (key VARCHAR PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_words USING fts5(head, body, content='', tokenize=\"{WORD_TOKENIZER}\")",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_grams USING fts5(head, body, content='', tokenize='{GRAM_TOKENIZER}')",
)

SEARCH_TABLE_PREFIX = "search_"
"""Every table of the index (and FTS5's shadow tables) starts with this; none is in ``schema.metadata``."""


# -- folding -----------------------------------------------------------------------------------


def _spaced(char: str) -> bool:
    """Characters indexed as a token each: CJK ideographs, kana, and pictographs (emoji)."""
    code = ord(char)
    if (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
        or 0x31F0 <= code <= 0x31FF  # katakana phonetic extensions
        or 0xFF66 <= code <= 0xFF9D  # half-width katakana
    ):
        return True
    return unicodedata.category(char) == "So"


def _is_mark(char: str) -> bool:
    """A combining mark, dropped by ``fold`` (``é`` is ``e`` + U+0301 once decomposed)."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) == "Mn"


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """One character case-folded, compatibility-decomposed, without combining marks."""
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not _is_mark(c))
    return kept.casefold()


@lru_cache(maxsize=4096)
def _astral_fold(char: str) -> str:
    return "" if _is_mark(char) else char


@lru_cache(maxsize=4096)
def _astral_spaced(char: str) -> str:
    return f" {char} " if _spaced(char) else char


def _bmp_class(test: Callable[[str], bool]) -> str:
    """A character class body, as ranges, of the non-ASCII BMP characters passing ``test``.

    Only the BMP: Python's ``re`` tests a BMP class with one bitmap lookup, but checks
    every range above U+FFFF in turn; characters there are handled one by one instead.
    """
    parts: list[str] = []
    first = last = -2
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code <= 0xDFFF and test(chr(code)):
            if code == last + 1:
                last = code
                continue
            if first >= 0:
                parts.append(f"\\u{first:04x}-\\u{last:04x}")
            first = last = code
    if first >= 0:
        parts.append(f"\\u{first:04x}-\\u{last:04x}")
    return "".join(parts)


@dataclass(frozen=True)
class _Classes:
    marks: re.Pattern[str]
    spaced_runs: re.Pattern[str]


@lru_cache(maxsize=1)
def _classes() -> _Classes:
    """The BMP character classes ``fold`` and ``fold_words`` substitute, built once (~30 ms)."""
    return _Classes(re.compile(f"[{_bmp_class(_is_mark)}]+"), re.compile(f"[{_bmp_class(_spaced)}]+"))


_ASTRAL_RUNS = re.compile("[\\U00010000-\\U0010FFFF]+")
"""Characters above the BMP (emoji, CJK extension B…), folded and spaced one by one."""


def _spaced_run(match: re.Match[str]) -> str:
    return " " + "  ".join(match.group()) + " "


def fold(value: str) -> str:
    """The text as compared: case-folded, marks removed (substring index and highlighting).

    Equal to folding character by character (``_fold_char``), done on the whole text:
    NFKD, marks dropped by one substitution, then ``casefold``. (Decomposing a whole text
    only reorders combining marks, which are all dropped; case folding is per character.)
    """
    if value.isascii():
        return value.lower()
    return _without_marks(value).casefold()


def _without_marks(value: str) -> str:
    """``value`` compatibility-decomposed, without combining marks (``fold`` before case folding)."""
    kept = _classes().marks.sub("", unicodedata.normalize("NFKD", value))
    if _ASTRAL_RUNS.search(kept):
        kept = _ASTRAL_RUNS.sub(lambda m: "".join(map(_astral_fold, m.group())), kept)
    return kept


def fold_words(value: str) -> str:
    """The text as given to the word index: ``fold`` plus one token per CJK character or emoji.

    Each such character ``c`` becomes `` c ``: a run of them is joined in one step instead
    of testing every character of the text in Python (10 s for a 10 MB field).
    """
    return _spaced_out(fold(value))


def _spaced_out(folded: str) -> str:
    """``fold_words`` of a text already folded."""
    if folded.isascii():
        return folded
    spaced = _classes().spaced_runs.sub(_spaced_run, folded)
    if _ASTRAL_RUNS.search(spaced):
        spaced = _ASTRAL_RUNS.sub(lambda m: "".join(map(_astral_spaced, m.group())), spaced)
    return spaced


_TOKEN = re.compile(r"[^\W_]", re.UNICODE)


def _has_token(term: str) -> bool:
    return bool(_TOKEN.search(term)) or any(unicodedata.category(c) == "So" for c in term)


MAX_TERMS = 12
MAX_TERM_CHARS = 64
"""A search uses the first ``MAX_TERMS`` terms, each cut to ``MAX_TERM_CHARS`` characters: FTS5
phrase and trigram queries grow much faster than the text pasted into the search field (a
5,000-character term took minutes), and no real word is longer."""


def query_terms(query: str) -> list[str]:
    """The user's terms, folded; terms without a letter, digit or symbol are dropped."""
    parts = query.split(maxsplit=4 * MAX_TERMS)[: 4 * MAX_TERMS]  # a pasted page stays cheap
    terms = [term for term in (fold(part[: 2 * MAX_TERM_CHARS]) for part in parts) if _has_token(term)]
    return [term[:MAX_TERM_CHARS] for term in terms[:MAX_TERMS]]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def word_query(terms: Sequence[str], prefix_last: bool = True) -> str:
    """An FTS5 expression: every term as a quoted phrase (implicitly AND), the last one a prefix."""
    parts = [_quote(fold_words(term).strip()) for term in terms]
    if prefix_last and parts and not _spaced(terms[-1][-1]):
        parts[-1] += "*"
    return " ".join(parts)


def gram_query(terms: Sequence[str], column: str | None = None) -> str | None:
    """A trigram expression over the terms of three or more characters, or ``None`` if there are none;
    with ``column`` (``head`` or ``body``), matched in that column only."""
    long_terms = [_quote(term) for term in terms if len(term) >= 3]
    if not long_terms:
        return None
    joined = " ".join(long_terms)
    return f"{column} : ({joined})" if column else joined


# -- what is indexed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One indexed text of a postmortem; ``body`` is cut to its first ``INDEX_CHARS`` characters."""

    part: str
    child_id: str
    field: str
    label: str
    body: str

    def __post_init__(self) -> None:
        if len(self.body) > INDEX_CHARS:
            object.__setattr__(self, "body", self.body[:INDEX_CHARS])

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.part, self.child_id, self.field)


NARRATIVE_LABELS = {
    "summary": "Summary",
    "what_happened": "What happened",
    "impact": "Impact",
    "trigger": "Trigger",
    "root_cause": "Root cause",
    "resolution": "Resolution",
    "detection": "Detection",
    "went_well": "What went well",
    "went_wrong": "What went wrong",
    "got_lucky": "Where we got lucky",
    "surprised_us": "What surprised us",
}


def _short(value: str, width: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def parent_docs(pm: Postmortem) -> list[Doc]:
    """The texts of the postmortem itself (not of its child lists with tables)."""
    docs = [
        Doc("", "", "title", "Title", pm.title),
        Doc("", "", "tags", "Tags", ", ".join(pm.tags)),
        Doc("", "", "restoration.affected_services", "Affected services", ", ".join(pm.restoration.affected_services)),
        Doc("", "", "restoration.affected_regions", "Affected regions", ", ".join(pm.restoration.affected_regions)),
        Doc("", "", "restoration.affected_customers", "Affected customers", pm.restoration.affected_customers),
        Doc("", "", "discussion_notes", "Discussion notes", pm.discussion_notes),
    ]
    for name, label in NARRATIVE_LABELS.items():
        docs.append(Doc("", "", f"narrative.{name}", label, getattr(pm.narrative, name, "")))
    for index, question in enumerate(pm.open_questions):
        docs.append(Doc("", str(index), "open_questions", f"Open question {index + 1}", question))
    for index, section in enumerate(pm.extra_sections):
        heading = _short(section.heading) or f"Section {index + 1}"
        docs.append(Doc("", str(index), "extra_sections.heading", f"Section · {heading}", section.heading))
        docs.append(Doc("", str(index), "extra_sections.body", f"Section · {heading}", section.body))
    docs.extend(_later_parent_docs(pm))
    return [doc for doc in docs if doc.body.strip()]


def _later_parent_docs(pm: Postmortem) -> Iterator[Doc]:
    """Fields of schema 2 (fishbone effect, 5 Whys, parking lot), read defensively."""
    effect = getattr(pm, "fishbone_effect", "")
    if effect:
        yield Doc("", "", "fishbone_effect", "Fishbone · effect", effect)
    for chain in getattr(pm, "why_chains", ()):
        name = _short(chain.problem) or "5 Whys"
        yield Doc("", chain.id, "why_chains.problem", f"5 Whys · {name}", chain.problem)
        for number, why in enumerate(chain.whys, start=1):
            child = f"{chain.id}/{why.id}"
            yield Doc("", child, "why_chains.whys.question", f"5 Whys · why {number}", why.question)
            yield Doc("", child, "why_chains.whys.answer", f"5 Whys · why {number}", why.answer)
    for item in getattr(pm, "parking_lot", ()):
        yield Doc("", item.id, "parking_lot.text", "Parking lot", item.text)


def _event_label(event: Any, zone_name: str) -> str:
    if event.occurred_at is None:
        return f"Timeline · {event.raw_time}" if event.raw_time else "Timeline"
    try:
        moment = to_zone(event.occurred_at, zone_name)
    except ValueError:
        moment = event.occurred_at
    if event.precision is TimePrecision.DAY:
        return f"Timeline · {moment.strftime('%Y-%m-%d')}"
    clock = "%H:%M:%S" if event.precision is TimePrecision.SECOND else "%H:%M"
    return f"Timeline · {'~' if event.approximate else ''}{moment.strftime(clock)}"


def child_docs(pm: Postmortem, part: str, items: Iterable[Any]) -> Iterator[Doc]:
    """The texts of some elements of one child list."""
    if part == "timeline":
        for event in items:
            label = _event_label(event, pm.time_zone)
            yield Doc(part, event.id, "timeline.description", label, event.description)
            yield Doc(part, event.id, "timeline.actor", label, event.actor)
            yield Doc(part, event.id, "timeline.source", label, event.source)
    elif part == "action_items":
        for item in items:
            label = f"Action item · {_short(item.title)}" if item.title.strip() else "Action item"
            for name in ("title", "description", "owner", "tracker_ref"):
                yield Doc(part, item.id, f"action_items.{name}", label, getattr(item, name))
    elif part == "stakeholders":
        for person in items:
            label = f"Stakeholder · {_short(person.name)}" if person.name.strip() else "Stakeholder"
            for name in ("name", "team", "email"):
                yield Doc(part, person.id, f"stakeholders.{name}", label, getattr(person, name))
    elif part == "evidence":
        for item in items:
            label = f"Evidence · {_short(item.title)}" if item.title.strip() else "Evidence"
            for name in ("title", "note", "url", "file_path"):
                yield Doc(part, item.id, f"evidence.{name}", label, getattr(item, name))
    elif part == "causes":
        for cause in items:
            for name in ("text", "note", "category"):
                yield Doc(part, cause.id, f"causes.{name}", cause.kind.label, getattr(cause, name))


def all_docs(pm: Postmortem) -> list[Doc]:
    """Every indexed text of ``pm``."""
    docs = parent_docs(pm)
    for part in CHILD_PARTS:
        docs.extend(doc for doc in child_docs(pm, part, getattr(pm, part)) if doc.body.strip())
    return docs


# -- keeping the index in step -----------------------------------------------------------------


def _insert(connection: Connection, pm_id: str, docs: Sequence[Doc]) -> None:
    if not docs:
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        for doc in docs:
            cursor.execute(
                "INSERT INTO search_rows (postmortem_id, part, child_id, field, label, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (pm_id, doc.part, doc.child_id, doc.field, doc.label, doc.body),
            )
            rowid = cursor.lastrowid
            words, grams = _folded(doc.body)
            for table, folded in (("search_words", words), ("search_grams", grams)):
                head, body = (folded, "") if doc.field in HEAD_FIELDS else ("", folded)
                cursor.execute(f"INSERT INTO {table} (rowid, head, body) VALUES (?, ?, ?)", (rowid, head, body))
    finally:
        cursor.close()


FOLD_PIECE = 65_536
"""Long texts are folded in pieces of this many characters (the same result: folding is per character)."""


def _folded(body: str) -> tuple[str, str]:
    """``(fold_words(body), fold(body))``, a long text folded piece by piece.

    Each piece is one short call into C, so a background indexing thread lets the window's
    thread run between pieces instead of holding Python's lock for a whole megabyte.
    """
    if len(body) <= FOLD_PIECE:
        grams = fold(body)
        return _spaced_out(grams), grams
    pieces = [fold(body[start : start + FOLD_PIECE]) for start in range(0, len(body), FOLD_PIECE)]
    return "".join(_spaced_out(piece) for piece in pieces), "".join(pieces)


def _delete_rows(connection: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Remove ``(rowid, field, body)`` rows from both FTS tables and from ``search_rows``.

    The FTS tables are contentless: a delete must repeat the exact folded values inserted.
    """
    if not rows:
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        values: dict[str, list[tuple[int, str, str]]] = {"search_words": [], "search_grams": []}
        for rowid, name, body in rows:
            words, grams = _folded(body)
            for table, folded in (("search_words", words), ("search_grams", grams)):
                values[table].append((rowid, *((folded, "") if name in HEAD_FIELDS else ("", folded))))
        for table, table_values in values.items():
            cursor.executemany(
                f"INSERT INTO {table} ({table}, rowid, head, body) VALUES ('delete', ?, ?, ?)", table_values
            )
        cursor.executemany("DELETE FROM search_rows WHERE id = ?", [(row[0],) for row in rows])
    finally:
        cursor.close()


def index_postmortem(connection: Connection, pm: Postmortem) -> None:
    """Index a postmortem that has no rows yet (``add``)."""
    _insert(connection, pm.id, all_docs(pm))


def remove_postmortem(connection: Connection, pm_id: str) -> None:
    """Drop every indexed text of a postmortem (``delete``; call before deleting its row)."""
    rows = connection.execute(
        text("SELECT id, field, body FROM search_rows WHERE postmortem_id = :pm"), {"pm": pm_id}
    ).all()
    _delete_rows(connection, [(int(r[0]), str(r[1]), str(r[2])) for r in rows])
    if _has_pending_table(connection):
        connection.execute(text("DELETE FROM search_pending WHERE postmortem_id = :pm"), {"pm": pm_id})


def _sync(connection: Connection, pm_id: str, stored: dict[tuple[str, str, str], tuple[int, str, str]],
          docs: Iterable[Doc], *, defer: bool = False) -> None:
    """Make the stored rows ``stored`` (key → rowid, label, body) equal to ``docs``.

    ``defer``: a changed text longer than ``DEFER_CHARS`` (before or after) is left as it is
    and marked pending instead (``index_pending`` brings it up to date after the save).
    """
    wanted = {doc.key: doc for doc in docs if doc.body.strip()}
    gone = [(key, rowid, body) for key, (rowid, label, body) in stored.items()
            if key not in wanted or wanted[key].body != body or wanted[key].label != label]
    fresh = [doc for key, doc in wanted.items()
             if key not in stored or stored[key][2] != doc.body or stored[key][1] != doc.label]
    if defer and not shares_one_connection(connection.engine):
        big = {key for key, _, body in gone if len(body) > DEFER_CHARS}
        big |= {doc.key for doc in fresh if len(doc.body) > DEFER_CHARS}
        if big:
            _mark_pending(connection, pm_id, big)
            gone = [row for row in gone if row[0] not in big]
            fresh = [doc for doc in fresh if doc.key not in big]
    _delete_rows(connection, [(rowid, key[2], body) for key, rowid, body in gone])
    _insert(connection, pm_id, fresh)


# -- texts indexed after the save ----------------------------------------------------------------

DEFER_CHARS = 100_000
"""A changed text longer than this is re-indexed just after the save, not inside it.

Re-indexing a text costs time in proportion to its length, twice (the old text is tokenised
again to delete it): about 0.2 s for a million characters of a log, 0.7 s of Japanese. Inside
the save it would hold the window up on every autosave of a pasted log; instead the save
notes the text in ``search_pending`` (in its own transaction, so a crash loses nothing) and a
background thread re-indexes it a moment later. Until then a search brings it up to date
first, so search results are never out of step with what is stored.
"""

_PENDING_DDL = (
    "CREATE TABLE IF NOT EXISTS search_pending ("
    " postmortem_id VARCHAR NOT NULL, part VARCHAR NOT NULL, child_id VARCHAR NOT NULL, field VARCHAR NOT NULL,"
    " PRIMARY KEY (postmortem_id, part, child_id, field))"
)


def _mark_pending(connection: Connection, pm_id: str, keys: Iterable[tuple[str, str, str]]) -> None:
    connection.exec_driver_sql(_PENDING_DDL)
    connection.execute(
        text("INSERT OR IGNORE INTO search_pending (postmortem_id, part, child_id, field) VALUES (:pm, :p, :c, :f)"),
        [{"pm": pm_id, "p": part, "c": child, "f": field} for part, child, field in sorted(keys)],
    )
    _index_later(connection.engine)


def _has_pending_table(connection: Connection) -> bool:
    return connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_pending'")
    ).first() is not None


def has_pending(engine: Engine) -> bool:
    """Whether some texts wait to be re-indexed (``index_pending`` does it)."""
    if engine.url.get_backend_name() != "sqlite":
        return False
    with engine.connect() as connection:
        return _has_pending_table(connection) and connection.execute(
            text("SELECT 1 FROM search_pending LIMIT 1")
        ).first() is not None


def index_pending(engine: Engine) -> int:
    """Re-index the texts saves left pending, in one write transaction; returns how many were done."""
    from desktop_app.storage.database import for_writing, is_read_only

    if is_read_only(engine) or not has_pending(engine):
        return 0
    with for_writing(engine).begin() as connection:
        return _index_pending_in(connection)


def _index_pending_in(connection: Connection) -> int:
    if not _has_pending_table(connection):
        return 0
    pending: dict[str, set[tuple[str, str, str]]] = {}
    for pm_id, part, child, field in connection.execute(
        text("SELECT postmortem_id, part, child_id, field FROM search_pending")
    ):
        pending.setdefault(str(pm_id), set()).add((str(part), str(child), str(field)))
    done = 0
    for pm_id, keys in pending.items():
        exists = connection.execute(text("SELECT 1 FROM postmortems WHERE id = :pm"), {"pm": pm_id}).first()
        if exists is not None:
            docs = [doc for doc in all_docs(_load(connection, pm_id)) if doc.key in keys]
            stored: dict[tuple[str, str, str], tuple[int, str, str]] = {}
            for r in connection.execute(
                text("SELECT id, part, child_id, field, label, body FROM search_rows WHERE postmortem_id = :pm"),
                {"pm": pm_id},
            ):
                key = (str(r[1]), str(r[2]), str(r[3]))
                if key in keys:
                    stored[key] = (int(r[0]), str(r[4]), str(r[5]))
            _sync(connection, pm_id, stored, docs)
        connection.execute(text("DELETE FROM search_pending WHERE postmortem_id = :pm"), {"pm": pm_id})
        done += len(keys)
    return done


_workers = threading.Lock()
_again: dict[str, bool] = {}
"""Per database URL with an indexing thread running: whether more was marked since it began."""
_threads: dict[str, threading.Thread] = {}


def _index_later(engine: Engine) -> None:
    """Run ``index_pending`` on a background thread (one per database), once the save has committed.

    Its ``BEGIN IMMEDIATE`` waits for the save's transaction to end; if that rolled back,
    nothing is pending any more and the thread has nothing to do.
    """
    key = engine.url.render_as_string(hide_password=False)
    with _workers:
        if key in _again:
            _again[key] = True
            return
        _again[key] = False
        thread = threading.Thread(target=_index_worker, args=(engine, key), name="hindsight-search-index", daemon=True)
        _threads[key] = thread
    thread.start()


def _index_worker(engine: Engine, key: str) -> None:
    while True:
        try:
            index_pending(engine)
        except Exception:  # noqa: BLE001 - left pending: the next search, save or start does it
            pass
        with _workers:
            if not _again.get(key):
                _again.pop(key, None)
                _threads.pop(key, None)
                return
            _again[key] = False


def wait_for_indexing(timeout: float | None = 30.0) -> None:
    """Wait for the background indexing threads (tests and benchmarks; the app never waits)."""
    while True:
        with _workers:
            running = list(_threads.values())
        if not running:
            return
        for thread in running:
            thread.join(timeout)
            if thread.is_alive():
                return


def update_postmortem(
    connection: Connection,
    pm: Postmortem,
    changed: dict[str, set[str]],
    *,
    parent_changed: bool = True,
    zone_changed: bool = False,
) -> None:
    """Re-index what a ``save`` changed, in its transaction.

    ``changed`` maps a child list (``timeline`` …) to the ids of its elements that were
    inserted, updated or deleted; elements not named are not looked at, so one edited
    event of a 10,000-event timeline costs one event. When the parent row changed, the
    postmortem's own texts are compared with the stored ones (a few dozen rows); a
    changed time zone relabels every timeline row.
    """
    if parent_changed:
        rows = connection.execute(
            text("SELECT id, child_id, field, label, body FROM search_rows WHERE postmortem_id = :pm AND part = ''"),
            {"pm": pm.id},
        ).all()
        stored = {("", str(r[1]), str(r[2])): (int(r[0]), str(r[3]), str(r[4])) for r in rows}
        _sync(connection, pm.id, stored, parent_docs(pm), defer=True)
    if zone_changed:  # timeline labels show times in the display zone
        changed = {**changed, "timeline": {e.id for e in pm.timeline} | _stored_ids(connection, pm.id, "timeline")}
    for part, ids in changed.items():
        if not ids:
            continue
        stored = {}
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            marks = ", ".join(f":c{i}" for i in range(len(chunk)))
            params: dict[str, Any] = {"pm": pm.id, "part": part, **{f"c{i}": v for i, v in enumerate(chunk)}}
            for r in connection.execute(
                text(
                    "SELECT id, child_id, field, label, body FROM search_rows"
                    f" WHERE postmortem_id = :pm AND part = :part AND child_id IN ({marks})"
                ),
                params,
            ):
                stored[(part, str(r[1]), str(r[2]))] = (int(r[0]), str(r[3]), str(r[4]))
        items = [item for item in getattr(pm, part) if item.id in ids]
        _sync(connection, pm.id, stored, child_docs(pm, part, items), defer=True)


def reindex_elements(connection: Connection, pm_id: str, part: str, ids: Iterable[str]) -> None:
    """Re-index some elements of one child list from their stored rows, in the caller's transaction.

    For writers that change child rows without a ``Postmortem`` at hand (the follow-up
    tracker changes action items' owners in bulk): call after the rows are written.
    """
    from sqlalchemy import select

    from desktop_app.domain.models import TimelineEvent
    from desktop_app.storage import mappers

    wanted = set(ids)
    if not wanted:
        return
    child = next(c for c in mappers.CHILD_LISTS if c.attribute == part)
    table = child.table
    id_list = sorted(wanted)
    items = []
    for start in range(0, len(id_list), 500):
        rows = connection.execute(
            select(*(table.c[name] for name in child.fields)).where(
                table.c.postmortem_id == pm_id, table.c.id.in_(id_list[start : start + 500])
            )
        )
        items.extend(child.to_model(tuple(row)) for row in rows)
    zone = connection.execute(
        select(mappers.POSTMORTEMS.c.time_zone).where(mappers.POSTMORTEMS.c.id == pm_id)
    ).scalar_one_or_none()
    holder = Postmortem(id=pm_id, time_zone=zone or "UTC")
    if part == "timeline":
        holder.timeline = [item for item in items if isinstance(item, TimelineEvent)]
    else:
        setattr(holder, part, items)
    update_postmortem(connection, holder, {part: wanted}, parent_changed=False)


def _stored_ids(connection: Connection, pm_id: str, part: str) -> set[str]:
    rows = connection.execute(
        text("SELECT DISTINCT child_id FROM search_rows WHERE postmortem_id = :pm AND part = :part"),
        {"pm": pm_id, "part": part},
    )
    return {str(r[0]) for r in rows}


# -- state and rebuild -------------------------------------------------------------------------


def index_is_current(engine: Engine) -> bool:
    """Whether the index exists and was built by this format version."""
    with engine.connect() as connection:
        return _state(connection) == FORMAT_VERSION


def _state(connection: Connection) -> str | None:
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_state'")
    ).first()
    if exists is None:
        return None
    value = connection.execute(text("SELECT value FROM search_state WHERE key = 'format'")).scalar()
    return None if value is None else str(value)


def _load(connection: Connection, pm_id: str) -> Postmortem:
    """One stored postmortem, read on ``connection`` (inside the rebuild's transaction)."""
    from sqlalchemy import select

    from desktop_app.storage import mappers
    from desktop_app.storage.repository import PostmortemRepository  # the repository imports this module

    row = connection.execute(select(mappers.POSTMORTEMS).where(mappers.POSTMORTEMS.c.id == pm_id)).mappings().one()
    children = {
        child.attribute: [values for _, values in PostmortemRepository._load_rows(connection, child, pm_id)]
        for child in mappers.CHILD_LISTS
    }
    return mappers.postmortem_from_rows(row, children)


def rebuild_index(engine: Engine, progress: ProgressCallback | None = None) -> int:
    """Rebuild the whole index from the stored postmortems; returns how many were indexed.

    Runs in one write transaction; ``progress(done, total)`` is called after each postmortem.
    """
    from desktop_app.storage.database import for_writing

    with for_writing(engine).begin() as connection:
        for name in ("search_words", "search_grams"):
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        create_search_tables(connection)
        connection.exec_driver_sql("DELETE FROM search_rows")
        if _has_pending_table(connection):
            connection.exec_driver_sql("DELETE FROM search_pending")
        ids = [str(r[0]) for r in connection.execute(text("SELECT id FROM postmortems ORDER BY id"))]
        total = len(ids)
        if progress is not None:
            progress(0, total)
        for done, pm_id in enumerate(ids, start=1):
            pm = _load(connection, pm_id)
            index_postmortem(connection, pm)
            if progress is not None:
                progress(done, total)
        connection.execute(
            text("INSERT OR REPLACE INTO search_state (key, value) VALUES ('format', :v)"), {"v": FORMAT_VERSION}
        )
    return total


def ensure_index(engine: Engine, progress: ProgressCallback | None = None) -> bool:
    """Rebuild the index if it is missing or stale; returns whether it was rebuilt."""
    if index_is_current(engine):
        index_pending(engine)  # texts a save left pending when the process ended before indexing them
        return False
    rebuild_index(engine, progress)
    return True


# -- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One matching text.

    Attributes:
        postmortem_id, title: the postmortem it belongs to.
        field: dotted field name (``timeline.description``); ``child_id`` the element's id
            (or list index) inside its list, ``''`` for the postmortem's own fields.
        label: where, for people: ``Timeline · 14:05``, ``Summary``.
        body: the whole matched text; ``terms`` the folded query terms.
        snippet: plain text around the match (never HTML; the UI escapes it).
        spans: ``(start, end)`` character offsets of the matches inside ``snippet``.

    The snippet is worked out when first asked for, so a long result list costs the rows
    shown, not every row found.
    """

    postmortem_id: str
    title: str
    field: str
    child_id: str
    label: str
    body: str = dataclass_field(repr=False)
    terms: tuple[str, ...] = dataclass_field(repr=False, default=())

    @property
    def snippet(self) -> str:
        return self._excerpt()[0]

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(self._excerpt()[1])

    def _excerpt(self) -> tuple[str, list[tuple[int, int]]]:
        cached = self.__dict__.get("_excerpt_cache")
        if cached is None:
            cached = make_snippet(self.body, match_spans(self.body, self.terms))
            object.__setattr__(self, "_excerpt_cache", cached)
        return cached

    @property
    def path(self) -> tuple[str | int, ...]:
        """The document path of the matched text (as the wizard's field bindings name it)."""
        parts: list[str | int] = list(self.field.split("."))
        if not self.child_id:
            return tuple(parts)
        if parts[0] in ("open_questions", "extra_sections"):
            return (parts[0], int(self.child_id), *parts[1:])
        if parts[0] == "why_chains" and "/" in self.child_id:
            chain, why = self.child_id.split("/", 1)
            return ("why_chains", chain, "whys", why, *parts[2:])
        return (parts[0], self.child_id, *parts[1:])


_WORD_PIECES = re.compile(r"[^\W_]+", re.UNICODE)


def match_spans(body: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the (folded) terms occur in ``body``, merged and sorted, as offsets in ``body``."""
    folded, origin = _fold_with_origin(body)
    spans: list[tuple[int, int]] = []
    for term in terms:
        # The term as typed; where it does not occur (``<cache>`` matched the word ``cache``),
        # the words inside it.
        pieces = [term] if term and term in folded else _WORD_PIECES.findall(term)
        for piece in pieces:
            start = folded.find(piece)
            while start >= 0:
                end = start + len(piece)
                spans.append((origin[start], origin[end - 1] + 1))
                start = folded.find(piece, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def _fold_with_origin(body: str) -> tuple[str, Sequence[int]]:
    """``fold(body)`` and, for each of its characters, the offset in ``body`` it came from."""
    if body.isascii():
        return body.lower(), range(len(body))
    kept = _without_marks(body)
    folded = kept.casefold()
    if len(kept) == len(body) == len(folded):
        # Nothing removed, and neither decomposing nor case folding ever gives less than
        # one character for one: every character folded to exactly one.
        return folded, range(len(body))
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for run in _ASCII_OR_NOT.findall(body):
        if run.isascii():
            pieces.append(run.lower())
            origin.extend(range(position, position + len(run)))
        else:
            for index, char in enumerate(run, start=position):
                piece = _fold_char(char)
                pieces.append(piece)
                origin.extend([index] * len(piece))
        position += len(run)
    return "".join(pieces), origin


_FLAT = str.maketrans({c: " " for c in "\r\n\t\v\f\u2028\u2029\x85"})


def make_snippet(body: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of ``body`` starting shortly before the first match, with the spans shifted into it.

    At most ``width // 4`` characters (fewer to start at a word where a space is near) come
    before the first match, however short or long the body, so the match stays on the first line or
    two the library shows (a body of three lines used to be shown whole, its match past
    the lines shown). The excerpt and the spans never cut a character sequence shown as
    one (``_cluster_start``): a highlight covers a whole "é", 👍🏽, 🇺🇦 or 👩‍💻. Line breaks
    become spaces (one for one, so offsets hold) in the excerpt only, not in the whole body.
    """
    length = len(body)
    spans = _whole_clusters(body, spans)
    first = spans[0][0] if spans else 0
    lead = width // 4
    begin = 0
    if first > lead:
        begin = first - lead
        space = body[begin : min(first, begin + 12)].translate(_FLAT).find(" ")
        if space >= 0:
            begin += space + 1  # at a word's start, a little closer to the match
        begin = _cluster_start(body, begin)
    end = _cluster_end(body, min(length, begin + width))
    flat = body[begin:end].translate(_FLAT)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < length else ""
    shift = len(prefix) - begin
    inside = [
        (max(start, begin) + shift, min(stop, end) + shift) for start, stop in spans if stop > begin and start < end
    ]
    return prefix + flat + suffix, inside


_ZWJ = "\u200d"


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _continues(body: str, index: int) -> bool:
    """Whether ``body[index]`` is shown as one with the character before it: a combining mark, a
    variation selector, a skin tone, a tag, either side of a zero-width joiner, a flag's second letter."""
    if index <= 0 or index >= len(body):
        return False
    char, before = body[index], body[index - 1]
    code = ord(char)
    if char == _ZWJ or before == _ZWJ or _is_mark(char) or unicodedata.category(char) in ("Mc", "Me"):
        return True
    if (0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF  # variation selectors, skin tones
            or 0xE0020 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF):  # tags, more selectors
        return True
    if _regional(char) and _regional(before):
        run = 1
        while run < 64 and index - run - 1 >= 0 and _regional(body[index - run - 1]):
            run += 1  # (a run of flags longer than that is read in pairs from its last 64 letters)
        return run % 2 == 1
    return False


def _cluster_start(body: str, index: int) -> int:
    """``index`` moved back to the start of the character sequence shown as one that it is inside."""
    while _continues(body, index):
        index -= 1
    return index


def _cluster_end(body: str, index: int) -> int:
    """``index`` (an end offset) moved on past the rest of the sequence shown as one that it cuts."""
    while _continues(body, index):
        index += 1
    return index


def _whole_clusters(body: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans widened to whole character sequences shown as one, merged where they then meet."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = _cluster_start(body, start), _cluster_end(body, end)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


FIRST_PAGE_POOL = 4000
"""A limited search ranks the newest this many matching texts, not all of them.

bm25 is computed for every row a query ranks (about 1.7 µs each): a word found in
80,000 texts costs 140 ms to rank in full. A first page ranks the most recently
written ``FIRST_PAGE_POOL`` matches (FTS5 walks rowids backwards without scoring),
which is exact for every query with fewer matches and favours recent postmortems
for the very common ones. ``limit=None`` always ranks everything.
"""

_HITS_SQL = (
    "SELECT r.id, r.postmortem_id, p.title, r.field, r.child_id, r.label, r.body"
    " FROM ({inner}) AS m"
    " JOIN search_rows AS r ON r.id = m.rowid JOIN postmortems AS p ON p.id = r.postmortem_id"
    " ORDER BY m.rank, m.rowid"
)
_RANKED = "SELECT rowid, bm25({table}, {weight}, 1.0) AS rank FROM {table} WHERE {table} MATCH :q ORDER BY rank, rowid"
_POOLED = (
    "SELECT rowid, rank FROM (SELECT rowid, bm25({table}, {weight}, 1.0) AS rank FROM {table}"
    " WHERE {table} MATCH :q ORDER BY rowid DESC LIMIT {pool}) ORDER BY rank, rowid"
)


_SUBSTRING_SQL = (
    "SELECT r.id, r.postmortem_id, p.title, r.field, r.child_id, r.label, r.body FROM search_grams AS g"
    " JOIN search_rows AS r ON r.id = g.rowid JOIN postmortems AS p ON p.id = r.postmortem_id"
    " WHERE search_grams MATCH :q ORDER BY g.rowid DESC"
)
"""Substring order: newest first, straight from the trigram index (FTS5 walks its rowids backwards and
the rows are read as they come, no sort, no score).

Ranking substring hits by bm25, as word hits are, cost 40 to 80 ms for a first page of a common
fragment ("nnection" in 77,000 of 770,000 texts): bm25 first counts every matching row, and each
score sums up to a dozen trigram phrases. Read in order, the first page costs a millisecond or two
and stops as soon as it is full; the naming texts are read first (a query per column), as bm25's
``HEAD_WEIGHT`` put them first."""


def _hits_sql(table: str, limit: int | None) -> str:
    if limit is None:
        inner = _RANKED.format(table=table, weight=HEAD_WEIGHT)
    else:
        inner = _POOLED.format(table=table, weight=HEAD_WEIGHT, pool=max(FIRST_PAGE_POOL, int(limit)))
        if table == "search_words":
            inner += f" LIMIT {int(limit)}"
    return _HITS_SQL.format(inner=inner)


class SearchThreadError(RuntimeError):
    """``search`` was called off the main thread on an engine whose one connection is shared."""


def shares_one_connection(engine: Engine) -> bool:
    """Whether ``engine`` hands every caller the same connection (SQLite ``:memory:``).

    Such a connection must stay on the thread that writes through it: a search on
    another thread would end (roll back) that thread's transaction. File databases
    open a connection per use (``NullPool``), so a search may run on any thread.
    """
    return isinstance(engine.pool, (StaticPool, SingletonThreadPool))


def search(engine: Engine, query: str, limit: int | None = DEFAULT_LIMIT) -> list[SearchHit]:
    """The texts matching every term of ``query``, best first; ``limit=None`` for all of them.

    Word matches (the last term as a prefix) come first, ranked by bm25; then texts
    where every term occurs inside a word (substring, three characters or more): naming
    texts first, then the others, each newest first.
    Any input is accepted: an empty query or one with no letters returns nothing.
    Safe on a worker thread (it opens its own connection), except on an engine that
    ``shares_one_connection``: there it raises ``SearchThreadError`` instead.
    """
    terms = query_terms(query)
    if not terms or (limit is not None and limit <= 0):
        return []
    if threading.current_thread() is not threading.main_thread() and shares_one_connection(engine):
        raise SearchThreadError("this database has one connection, owned by the main thread")
    index_pending(engine)  # a text saved a moment ago is found (and one removed is not)
    with engine.connect() as connection:
        return search_in(connection, terms, limit)


def search_in(connection: Connection, terms: Sequence[str], limit: int | None) -> list[SearchHit]:
    """``search`` on an open connection, for already folded ``terms``."""
    rows: list[Any] = []
    seen: set[int] = set()
    for row in connection.execute(text(_hits_sql("search_words", limit)), {"q": word_query(terms)}):
        rows.append(row)
        seen.add(int(row[0]))
    for column in ("head", "body"):
        grams = gram_query(terms, column)
        if grams is None or (limit is not None and len(rows) >= limit):
            break
        result = connection.execute(text(_SUBSTRING_SQL), {"q": grams})
        try:
            for row in result:
                if int(row[0]) in seen:
                    continue
                body = fold(str(row[6]))
                if all(term in body for term in terms):
                    rows.append(row)
                    seen.add(int(row[0]))
                    if limit is not None and len(rows) >= limit:
                        break
        finally:
            result.close()
    folded_terms = tuple(terms)
    return [
        SearchHit(str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]), folded_terms)
        for row in rows
    ]


def first_page(engine: Engine, query: str, limit: int = 20) -> list[SearchHit]:
    """The fast path while typing: the best ``limit`` hits only."""
    return search(engine, query, limit)


__all__ = [
    "FORMAT_VERSION",
    "INDEX_CHARS",
    "SEARCH_TABLE_PREFIX",
    "Doc",
    "SearchHit",
    "SearchThreadError",
    "all_docs",
    "create_search_tables",
    "DEFER_CHARS",
    "ensure_index",
    "has_pending",
    "index_pending",
    "first_page",
    "fold",
    "fold_words",
    "index_is_current",
    "index_postmortem",
    "make_snippet",
    "match_spans",
    "query_terms",
    "rebuild_index",
    "reindex_elements",
    "remove_postmortem",
    "search",
    "shares_one_connection",
    "update_postmortem",
    "wait_for_indexing",
]
