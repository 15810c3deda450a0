"""Full-text search index: texts of every postmortem, a word index and a substring index.

Creates ``search_rows`` (one row per indexed text), ``search_state`` (the index
format) and two contentless FTS5 tables, ``search_words`` (unicode61) and
``search_grams`` (trigram). The index starts empty; a database that already holds
postmortems gets no state row, so the application rebuilds the index from the
stored postmortems the first time it opens the database (``desktop_app.storage.search.ensure_index``): a migration must not
import the live indexing code, which will move on.

Frozen copy of ``desktop_app.storage.search.create_search_tables`` at format 1.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_words USING fts5(head, body, content='',"
    " tokenize=\"unicode61 remove_diacritics 2 categories 'L* N* Co So'\")",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_grams USING fts5(head, body, content='', tokenize='trigram')",
)


def upgrade() -> None:
    for statement in _DDL:
        op.execute(statement)
    # A database with no postmortems has a complete (empty) index: mark it current at format 1,
    # so a new database is never "rebuilt". One with postmortems is indexed on first open.
    op.execute(
        "INSERT OR IGNORE INTO search_state (key, value) "
        "SELECT 'format', '1' WHERE NOT EXISTS (SELECT 1 FROM postmortems)"
    )


def downgrade() -> None:
    for name in ("search_grams", "search_words", "search_state", "search_rows"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
