"""Fishbone set-up, 5 Whys chains and the meeting's parking lot.

Adds four columns to ``postmortems``: the fishbone's effect (problem statement)
and its ordered category bones, the 5 Whys chains and the parking lot, the last
two as JSON text like the other small lists. Existing postmortems get the 6M
categories, no chains and an empty parking lot.

Frozen like every migration: it names its own default categories instead of
importing the live domain.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SIX_M = '["People","Process","Technology","Environment","Monitoring","Dependencies"]'


def upgrade() -> None:
    op.add_column("postmortems", sa.Column("fishbone_effect", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "postmortems", sa.Column("fishbone_categories", sa.Text(), nullable=False, server_default=_SIX_M)
    )
    op.add_column("postmortems", sa.Column("why_chains", sa.Text(), nullable=False, server_default="[]"))
    op.add_column("postmortems", sa.Column("parking_lot", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("postmortems") as batch:
        for name in ("parking_lot", "why_chains", "fishbone_categories", "fishbone_effect"):
            batch.drop_column(name)
