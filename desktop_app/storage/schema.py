"""The database tables, as a typed SQLAlchemy 2 declarative mapping.

One row per postmortem in ``postmortems`` (scalar fields, small lists as JSON
text) and one table per ordered child list. Children carry a ``position`` REAL
with gapped ranks, so moving one row rewrites that row only.

Child rows are keyed by ``(postmortem_id, id)``: the domain only promises that a
child id is unique inside its postmortem (a copied or re-imported postmortem keeps
its children's ids), so the key says exactly that.

The baseline migration (``migrations/versions/0001_baseline.py``) creates the
same tables by hand; a test checks the two agree.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, MetaData, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES
from desktop_app.storage.types import AwareDateTime, JSONList

DEFAULT_CATEGORIES_JSON = json.dumps(list(DEFAULT_FISHBONE_CATEGORIES), separators=(",", ":"))

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base: aware datetimes, dates and JSON lists map to our column types."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: AwareDateTime(),
        date: Date(),
        str: Text(),
        list[Any]: JSONList(),
        bool: Boolean(),
        float: Float(),
        int: Integer(),
    }


def _text() -> Mapped[str]:
    return mapped_column(Text, nullable=False, default="", server_default="")


class PostmortemRow(Base):
    """One postmortem: identity, status, times, narrative; small lists as JSON text."""

    __tablename__ = "postmortems"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = _text()
    kind: Mapped[str] = mapped_column(String, nullable=False)
    status: Mapped[str] = mapped_column(String, nullable=False)
    severity: Mapped[str | None] = mapped_column(String)
    tags: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, nullable=False)
    time_zone: Mapped[str] = mapped_column(String, nullable=False, server_default="UTC")
    incident_date: Mapped[date | None] = mapped_column(Date)

    restored: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    restored_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    affected_services: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")
    affected_regions: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")
    affected_customers: Mapped[str] = _text()

    started_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    detected_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    mitigated_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    review_meeting_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    discussion_notes: Mapped[str] = _text()
    open_questions: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")

    summary: Mapped[str] = _text()
    what_happened: Mapped[str] = _text()
    impact: Mapped[str] = _text()
    trigger: Mapped[str] = _text()
    root_cause: Mapped[str] = _text()
    resolution: Mapped[str] = _text()
    detection: Mapped[str] = _text()
    went_well: Mapped[str] = _text()
    went_wrong: Mapped[str] = _text()
    got_lucky: Mapped[str] = _text()
    surprised_us: Mapped[str] = _text()

    extra_sections: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")
    dismissals: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")

    fishbone_effect: Mapped[str] = _text()
    fishbone_categories: Mapped[list[Any]] = mapped_column(
        JSONList, nullable=False, server_default=DEFAULT_CATEGORIES_JSON
    )
    why_chains: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")
    parking_lot: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")

    timeline: Mapped[list[TimelineEventRow]] = relationship(
        back_populates="postmortem",
        order_by="TimelineEventRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    action_items: Mapped[list[ActionItemRow]] = relationship(
        back_populates="postmortem",
        order_by="ActionItemRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    stakeholders: Mapped[list[StakeholderRow]] = relationship(
        back_populates="postmortem",
        order_by="StakeholderRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="postmortem",
        order_by="EvidenceRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    causes: Mapped[list[CauseRow]] = relationship(
        back_populates="postmortem",
        order_by="CauseRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}


def _owner() -> Mapped[str]:
    return mapped_column(
        String, ForeignKey("postmortems.id", ondelete="CASCADE"), primary_key=True, nullable=False
    )


class TimelineEventRow(Base):
    """One timeline event; ``position`` orders events inside their postmortem."""

    __tablename__ = "timeline_events"

    postmortem_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[float] = mapped_column(Float, nullable=False)
    occurred_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    precision: Mapped[str] = mapped_column(String, nullable=False)
    approximate: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    raw_time: Mapped[str] = _text()
    kind: Mapped[str] = mapped_column(String, nullable=False)
    key_moment: Mapped[str | None] = mapped_column(String)
    description: Mapped[str] = _text()
    actor: Mapped[str] = _text()
    source: Mapped[str] = _text()

    postmortem: Mapped[PostmortemRow] = relationship(back_populates="timeline")

    __table_args__ = (Index("ix_timeline_events_postmortem_id_position", "postmortem_id", "position"),)


class ActionItemRow(Base):
    """One follow-up action item."""

    __tablename__ = "action_items"

    postmortem_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[float] = mapped_column(Float, nullable=False)
    title: Mapped[str] = _text()
    description: Mapped[str] = _text()
    kind: Mapped[str] = mapped_column(String, nullable=False, server_default="other")
    owner: Mapped[str] = _text()
    due_date: Mapped[date | None] = mapped_column(Date)
    due_text: Mapped[str] = _text()
    status: Mapped[str] = mapped_column(String, nullable=False)
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str | None] = mapped_column(String)
    tracker_ref: Mapped[str] = _text()
    cause_ids: Mapped[list[Any]] = mapped_column(JSONList, nullable=False, server_default="[]")

    postmortem: Mapped[PostmortemRow] = relationship(back_populates="action_items")

    __table_args__ = (Index("ix_action_items_postmortem_id_position", "postmortem_id", "position"),)


class StakeholderRow(Base):
    """One person or team involved in the incident or its review."""

    __tablename__ = "stakeholders"

    postmortem_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[float] = mapped_column(Float, nullable=False)
    name: Mapped[str] = _text()
    role: Mapped[str] = mapped_column(String, nullable=False)
    team: Mapped[str] = _text()
    email: Mapped[str] = _text()
    is_facilitator: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())

    postmortem: Mapped[PostmortemRow] = relationship(back_populates="stakeholders")

    __table_args__ = (Index("ix_stakeholders_postmortem_id_position", "postmortem_id", "position"),)


class EvidenceRow(Base):
    """One piece of evidence: a log, graph, ticket, chat or document."""

    __tablename__ = "evidence"

    postmortem_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[float] = mapped_column(Float, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str] = _text()
    url: Mapped[str] = _text()
    file_path: Mapped[str] = _text()
    note: Mapped[str] = _text()

    postmortem: Mapped[PostmortemRow] = relationship(back_populates="evidence")

    __table_args__ = (Index("ix_evidence_postmortem_id_position", "postmortem_id", "position"),)


class CauseRow(Base):
    """One root cause or contributing factor (``parent_id`` names another cause)."""

    __tablename__ = "causes"

    postmortem_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[float] = mapped_column(Float, nullable=False)
    text: Mapped[str] = _text()
    kind: Mapped[str] = mapped_column(String, nullable=False)
    category: Mapped[str] = _text()
    parent_id: Mapped[str | None] = mapped_column(String)
    note: Mapped[str] = _text()

    postmortem: Mapped[PostmortemRow] = relationship(back_populates="causes")

    __table_args__ = (Index("ix_causes_postmortem_id_position", "postmortem_id", "position"),)


metadata = Base.metadata
