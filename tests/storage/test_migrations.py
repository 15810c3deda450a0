"""Databases written by earlier schema versions upgrade to the current one, every field intact.

``tests/data/schema_NNNN.sqlite`` was written by Hindsight at schema revision NNNN
(a maximal postmortem in every script plus two imported corpus postmortems) and
``schema_NNNN.json`` holds those postmortems as that version exported them. The
files are never regenerated: they stand for databases users already have.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext

from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES, Postmortem
from desktop_app.storage.database import HEAD_REVISION, open_database
from desktop_app.storage.repository import PostmortemRepository

DATA = Path(__file__).resolve().parent.parent / "data"
OLD_REVISIONS = ("0001", "0002")


def _copy(revision: str, tmp_path: Path) -> Path:
    target = tmp_path / "hindsight.db"
    shutil.copyfile(DATA / f"schema_{revision}.sqlite", target)
    return target


def _expected(revision: str) -> list[dict]:
    return json.loads((DATA / f"schema_{revision}.json").read_text(encoding="utf-8"))


def _stored_revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    return str(revision)


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_fixture_is_really_at_its_revision(revision: str) -> None:
    assert _stored_revision(DATA / f"schema_{revision}.sqlite") == revision


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_old_database_upgrades_with_every_field_intact(revision: str, tmp_path: Path) -> None:
    path = _copy(revision, tmp_path)
    engine = open_database(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == HEAD_REVISION
        repo = PostmortemRepository(engine)
        expected = _expected(revision)
        assert [s.title for s in sorted(repo.list_summaries(), key=lambda s: s.title)] == sorted(
            item["title"] for item in expected
        )
        for old in expected:
            loaded = repo.get(old["id"])
            if revision == "0001":
                # Fields of later versions take their defaults.
                assert loaded.fishbone_effect == ""
                assert loaded.fishbone_categories == list(DEFAULT_FISHBONE_CATEGORIES)
                assert loaded.why_chains == [] and loaded.parking_lot == []
            # Everything the old version stored is equal.
            assert loaded.model_dump(mode="json", exclude={"schema_version"}) == Postmortem.model_validate(
                old
            ).model_dump(mode="json", exclude={"schema_version"})
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_old_database_is_backed_up_before_migrating(revision: str, tmp_path: Path) -> None:
    path = _copy(revision, tmp_path)
    original = path.read_bytes()
    open_database(f"sqlite:///{path}").dispose()
    backup = tmp_path / f"hindsight.db.before-{HEAD_REVISION}.bak"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak") == [backup.name]
    assert _stored_revision(backup) == revision
    assert backup.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() != original


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_upgraded_database_takes_the_new_fields(revision: str, tmp_path: Path) -> None:
    path = _copy(revision, tmp_path)
    engine = open_database(f"sqlite:///{path}")
    try:
        repo = PostmortemRepository(engine)
        pm_id = _expected(revision)[0]["id"]
        pm, version = repo.get_with_version(pm_id)
        pm.fishbone_effect = "Checkout failed <for> 決済 & フ"
        pm.fishbone_categories = ["Skills", "Systems"]
        pm.why_chains = [{"problem": "Why did payments fail?", "whys": [{"question": "Why?", "answer": "pool"}]}]
        pm.parking_lot = [{"text": "Do we page on queue depth? 🤔"}]
        repo.save(pm, expected_version=version)
        again = PostmortemRepository(engine).get(pm_id)
        assert again.fishbone_effect == "Checkout failed <for> 決済 & フ"
        assert again.fishbone_categories == ["Skills", "Systems"]
        assert [(w.question, w.answer) for w in again.why_chains[0].whys] == [("Why?", "pool")]
        assert again.why_chains[0].problem == "Why did payments fail?"
        assert [(item.text, item.resolved) for item in again.parking_lot] == [
            ("Do we page on queue depth? 🤔", False)
        ]
    finally:
        engine.dispose()


def test_schema_0002_fields_survive_and_are_searchable_after_the_upgrade(tmp_path: Path) -> None:
    """0002 added the fishbone head and categories, 5 Whys and the parking lot; 0003 the search index."""
    from desktop_app.storage import search

    path = _copy("0002", tmp_path)
    engine = open_database(f"sqlite:///{path}")
    try:
        pm = PostmortemRepository(engine).get("pm-maximal")
        assert pm.fishbone_effect == "Checkout <down> & 決済 failed"
        assert pm.fishbone_categories == ["People", "Process", "Technology", "Подрядчики"]
        assert [(c.id, c.problem, c.cause_id) for c in pm.why_chains] == [
            ("w-1", "Why did checkout fail?", "c-1"),
            ("w-2", "למה לא זיהינו?", None),
        ]
        assert [w.answer for w in pm.why_chains[0].whys] == ["Locks held & waited", "Migration without lock_timeout"]
        assert [(p.text, p.resolved) for p in pm.parking_lot] == [("Do other services migrate like this? 🤔", True)]
        assert [(c.id, c.parent_id, c.note) for c in pm.causes] == [("c-1", None, ""), ("c-2", "c-1", "checklist")]
        # The index the upgrade created is filled from the old rows on first open.
        assert search.ensure_index(engine) is True
        hits = search.search(engine, "lock_timeout")
        assert sorted({hit.postmortem_id for hit in hits}) == ["pm-maximal"]
        assert {hit.postmortem_id for hit in search.search(engine, "למה")} == {"pm-maximal"}
    finally:
        engine.dispose()
