"""Baseline: postmortems and their ordered child lists.

Written by hand and frozen: it must not import the live mapping in
``desktop_app.storage.schema``, which will move on. Time stamps are ISO-8601 text
with their offset (VARCHAR), small lists are JSON text, and every child list keeps
its order in a REAL ``position`` column indexed with its postmortem.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="[]")


def _moment(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _child_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("postmortem_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["postmortem_id"],
            ["postmortems.id"],
            name=f"fk_{name}_postmortem_id_postmortems",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("postmortem_id", "id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_postmortem_id_position", name, ["postmortem_id", "position"])


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "postmortems",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _text("title"),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=True),
        _json("tags"),
        _moment("created_at", nullable=False),
        _moment("updated_at", nullable=False),
        sa.Column("time_zone", sa.String(), nullable=False, server_default="UTC"),
        sa.Column("incident_date", sa.Date(), nullable=True),
        _flag("restored"),
        _moment("restored_at"),
        _json("affected_services"),
        _json("affected_regions"),
        _text("affected_customers"),
        _moment("started_at"),
        _moment("detected_at"),
        _moment("acknowledged_at"),
        _moment("mitigated_at"),
        _moment("resolved_at"),
        _moment("review_meeting_at"),
        _text("discussion_notes"),
        _json("open_questions"),
        _text("summary"),
        _text("what_happened"),
        _text("impact"),
        _text("trigger"),
        _text("root_cause"),
        _text("resolution"),
        _text("detection"),
        _text("went_well"),
        _text("went_wrong"),
        _text("got_lucky"),
        _text("surprised_us"),
        _json("extra_sections"),
        _json("dismissals"),
        sa.PrimaryKeyConstraint("id", name="pk_postmortems"),
    )
    _child_table(
        "timeline_events",
        _moment("occurred_at"),
        sa.Column("precision", sa.String(), nullable=False),
        _flag("approximate"),
        _text("raw_time"),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("key_moment", sa.String(), nullable=True),
        _text("description"),
        _text("actor"),
        _text("source"),
    )
    _child_table(
        "action_items",
        _text("title"),
        _text("description"),
        sa.Column("kind", sa.String(), nullable=False, server_default="other"),
        _text("owner"),
        sa.Column("due_date", sa.Date(), nullable=True),
        _text("due_text"),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_changed_on", sa.Date(), nullable=True),
        sa.Column("priority", sa.String(), nullable=True),
        _text("tracker_ref"),
        _json("cause_ids"),
    )
    _child_table(
        "stakeholders",
        _text("name"),
        sa.Column("role", sa.String(), nullable=False),
        _text("team"),
        _text("email"),
        _flag("is_facilitator"),
    )
    _child_table(
        "evidence",
        sa.Column("kind", sa.String(), nullable=False),
        _text("title"),
        _text("url"),
        _text("file_path"),
        _text("note"),
    )
    _child_table(
        "causes",
        _text("text"),
        sa.Column("kind", sa.String(), nullable=False),
        _text("category"),
        sa.Column("parent_id", sa.String(), nullable=True),
        _text("note"),
    )


def downgrade() -> None:
    """Drop every table of the first schema."""
    for name in ("causes", "evidence", "stakeholders", "action_items", "timeline_events"):
        op.drop_index(f"ix_{name}_postmortem_id_position", table_name=name)
        op.drop_table(name)
    op.drop_table("postmortems")
