"""The shape of a postmortem: pydantic models for every step of the review.

These models are both the domain and the interchange format: the JSON export is
``Postmortem.model_dump_json()`` and every import validates through
``Postmortem.model_validate``. Nothing here imports Qt, SQLAlchemy or reportlab.

Time stamps are always time-zone aware (``AwareDatetime``) or absent; a naive
datetime is refused at validation so it can never sit next to aware ones.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 2
"""Version of the interchange format: 2 added the fishbone set-up, 5 Whys chains and the parking lot."""

DEFAULT_FISHBONE_CATEGORIES: tuple[str, ...] = (
    "People",
    "Process",
    "Technology",
    "Environment",
    "Monitoring",
    "Dependencies",
)
"""The 6M set in the words SRE teams use: the bones a new fishbone starts with."""


def new_id() -> str:
    """A fresh identifier for any entity (32 hex characters)."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """The current instant, time-zone aware in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


class Kind(StrEnum):
    """Whether the review is about an incident or a near miss."""

    INCIDENT = "incident"
    NEAR_MISS = "near_miss"


class Status(StrEnum):
    """The life cycle of a postmortem document."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Severity(StrEnum):
    """Incident severity; SEV0 is the worst (teams that start at SEV1 simply never use it)."""

    SEV0 = "SEV0"
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"
    SEV5 = "SEV5"


class EvidenceKind(StrEnum):
    LOG = "log"
    GRAPH = "graph"
    TICKET = "ticket"
    CHAT = "chat"
    DOCUMENT = "document"
    OTHER = "other"


class StakeholderRole(StrEnum):
    INCIDENT_COMMANDER = "incident_commander"
    RESPONDER = "responder"
    OBSERVER = "observer"
    ENGINEERING = "engineering"
    PRODUCT = "product"
    RELIABILITY = "reliability"
    LEADERSHIP = "leadership"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EventKind(StrEnum):
    """What a timeline event is; later issues add key-moment marking on top."""

    TRIGGER = "trigger"
    DETECTION = "detection"
    ALERT = "alert"
    ACKNOWLEDGEMENT = "acknowledgement"
    ESCALATION = "escalation"
    COMMUNICATION = "communication"
    ACTION = "action"
    DECISION = "decision"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"
    OBSERVATION = "observation"


class KeyMoment(StrEnum):
    """A timeline event marked as one of the incident's key instants (feeds the derived figures)."""

    START = "start"
    DETECTION = "detection"
    ACKNOWLEDGEMENT = "acknowledgement"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionKind(StrEnum):
    """What an action item does about the incident."""

    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"
    OTHER = "other"


class TimePrecision(StrEnum):
    """How much of ``occurred_at`` the source actually gave."""

    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


class CauseKind(StrEnum):
    ROOT_CAUSE = "root_cause"
    CONTRIBUTING_FACTOR = "contributing_factor"

    @property
    def label(self) -> str:
        return "Root cause" if self is CauseKind.ROOT_CAUSE else "Contributing factor"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"

    @property
    def label(self) -> str:
        return {"open": "Open", "in_progress": "In progress", "done": "Done", "wont_do": "Won't do"}[
            self.value
        ]

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.WONT_DO)


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class Restoration(_Model):
    """Step 1: is the service restored, and what did the incident touch."""

    restored: bool = False
    restored_at: AwareDatetime | None = None
    affected_services: list[str] = Field(default_factory=list)
    affected_regions: list[str] = Field(default_factory=list)
    affected_customers: str = ""


class IncidentTimes(_Model):
    """The key instants of the incident; each may be unknown."""

    started_at: AwareDatetime | None = None
    detected_at: AwareDatetime | None = None
    acknowledged_at: AwareDatetime | None = None
    mitigated_at: AwareDatetime | None = None
    resolved_at: AwareDatetime | None = None


class Narrative(_Model):
    """Step 5's written sections, plus the lessons learned."""

    summary: str = ""
    what_happened: str = ""
    impact: str = ""
    trigger: str = ""
    root_cause: str = ""
    resolution: str = ""
    detection: str = ""
    went_well: str = ""
    went_wrong: str = ""
    got_lucky: str = ""
    surprised_us: str = ""


class ExtraSection(_Model):
    """Text kept from an imported document that fits no known section."""

    heading: str
    body: str = ""


class Dismissal(_Model):
    """A review-coach finding the author chose to dismiss, with why (kept with the postmortem)."""

    key: str
    reason: str = ""
    dismissed_at: AwareDatetime = Field(default_factory=utc_now)


class Evidence(_Model):
    """Step 2: one piece of evidence (log, graph, ticket, chat, document)."""

    id: str = Field(default_factory=new_id)
    kind: EvidenceKind = EvidenceKind.OTHER
    title: str = ""
    url: str = ""
    file_path: str = ""
    note: str = ""


class Stakeholder(_Model):
    """Step 3: a person or team involved in the incident or its review."""

    id: str = Field(default_factory=new_id)
    name: str = ""
    role: StakeholderRole = StakeholderRole.RESPONDER
    team: str = ""
    email: str = ""
    is_facilitator: bool = False


class TimelineEvent(_Model):
    """One moment of the incident.

    ``occurred_at`` is aware or ``None`` (the source gave no usable time);
    ``raw_time`` keeps the time as the source wrote it; ``source`` names where the event
    came from (a chat export, a log file) when it was pulled out of raw material.
    """

    id: str = Field(default_factory=new_id)
    occurred_at: AwareDatetime | None = None
    precision: TimePrecision = TimePrecision.MINUTE
    approximate: bool = False
    raw_time: str = ""
    kind: EventKind = EventKind.OBSERVATION
    key_moment: KeyMoment | None = None
    description: str = ""
    actor: str = ""
    source: str = ""


class Cause(_Model):
    """A root cause or contributing factor (the fishbone issue builds on it)."""

    id: str = Field(default_factory=new_id)
    text: str = ""
    kind: CauseKind = CauseKind.CONTRIBUTING_FACTOR
    category: str = ""
    parent_id: str | None = None
    note: str = ""


class WhyStep(_Model):
    """One "why?" of a 5 Whys chain and the answer the group agreed on."""

    id: str = Field(default_factory=new_id)
    question: str = ""
    answer: str = ""


class WhyChain(_Model):
    """An ordered chain of whys from a problem statement down to a cause.

    ``cause_id`` names the fishbone cause the chain's last answer became or was linked to.
    """

    id: str = Field(default_factory=new_id)
    problem: str = ""
    whys: list[WhyStep] = Field(default_factory=list)
    cause_id: str | None = None


class ParkingLotItem(_Model):
    """A question or topic raised in the review meeting and set aside for later."""

    id: str = Field(default_factory=new_id)
    text: str = ""
    raised_at: AwareDatetime = Field(default_factory=utc_now)
    resolved: bool = False


class ActionItem(_Model):
    """Step 6: a follow-up that someone owns and finishes by a date."""

    id: str = Field(default_factory=new_id)
    title: str = ""
    description: str = ""
    kind: ActionKind = ActionKind.OTHER
    owner: str = ""
    due_date: date | None = None
    due_text: str = ""
    status: ActionStatus = ActionStatus.OPEN
    status_changed_on: date | None = None
    priority: Priority | None = None
    tracker_ref: str = ""
    cause_ids: list[str] = Field(default_factory=list)


class Postmortem(_Model):
    """The aggregate: everything a review holds, for all seven steps."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    title: str = ""
    kind: Kind = Kind.INCIDENT
    status: Status = Status.DRAFT
    severity: Severity | None = None
    tags: list[str] = Field(default_factory=list)
    created_at: AwareDatetime = Field(default_factory=utc_now)
    updated_at: AwareDatetime = Field(default_factory=utc_now)
    time_zone: str = "UTC"
    incident_date: date | None = None

    restoration: Restoration = Field(default_factory=Restoration)
    times: IncidentTimes = Field(default_factory=IncidentTimes)
    evidence: list[Evidence] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    review_meeting_at: AwareDatetime | None = None
    discussion_notes: str = ""
    open_questions: list[str] = Field(default_factory=list)
    narrative: Narrative = Field(default_factory=Narrative)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    causes: list[Cause] = Field(default_factory=list)
    fishbone_effect: str = ""
    fishbone_categories: list[str] = Field(default_factory=lambda: list(DEFAULT_FISHBONE_CATEGORIES))
    why_chains: list[WhyChain] = Field(default_factory=list)
    parking_lot: list[ParkingLotItem] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    extra_sections: list[ExtraSection] = Field(default_factory=list)
    dismissals: list[Dismissal] = Field(default_factory=list)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from desktop_app.domain.zones import check_zone

        return check_zone(value)

    @field_validator("schema_version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value > SCHEMA_VERSION:
            raise ValueError(
                f"schema_version {value} is newer than this Hindsight understands ({SCHEMA_VERSION})"
            )
        return value
