"""Which of the seven wizard steps are complete, and what each still misses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from desktop_app.domain.metrics import restoration_time, service_restored
from desktop_app.domain.models import Postmortem


class Step(IntEnum):
    """The seven steps of a postmortem, in wizard order."""

    RESTORATION = 1
    GATHER_DATA = 2
    STAKEHOLDERS = 3
    DISCUSSION = 4
    FINDINGS = 5
    ACTION_ITEMS = 6
    SHARE = 7

    @property
    def title(self) -> str:
        return STEP_TITLES[self]


STEP_TITLES = {
    Step.RESTORATION: "Restoration",
    Step.GATHER_DATA: "Gather data",
    Step.STAKEHOLDERS: "Stakeholders",
    Step.DISCUSSION: "Blameless discussion",
    Step.FINDINGS: "Findings and timeline",
    Step.ACTION_ITEMS: "Action items",
    Step.SHARE: "Share and track",
}


@dataclass(frozen=True)
class StepStatus:
    step: Step
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def _missing(pm: Postmortem, step: Step) -> list[str]:
    n = pm.narrative
    missing: list[str] = []
    if step is Step.RESTORATION:
        if not pm.title.strip():
            missing.append("title")
        if pm.severity is None:
            missing.append("severity")
        if not service_restored(pm):
            missing.append("service restored")
        elif restoration_time(pm).at is None:
            missing.append("time of restoration")
        if not pm.restoration.affected_services:
            missing.append("affected services")
    elif step is Step.GATHER_DATA:
        if not pm.evidence:
            missing.append("at least one piece of evidence")
    elif step is Step.STAKEHOLDERS:
        if not pm.stakeholders:
            missing.append("stakeholders")
        elif not any(s.is_facilitator for s in pm.stakeholders):
            missing.append("a facilitator")
        if pm.review_meeting_at is None:
            missing.append("review meeting time")
    elif step is Step.DISCUSSION:
        if not pm.discussion_notes.strip():
            missing.append("discussion notes")
    elif step is Step.FINDINGS:
        for label, text in (
            ("summary", n.summary),
            ("impact", n.impact),
            ("root cause", n.root_cause or "".join(c.text for c in pm.causes)),
        ):
            if not text.strip():
                missing.append(label)
        if not pm.timeline:
            missing.append("timeline")
    elif step is Step.ACTION_ITEMS:
        if not pm.action_items:
            missing.append("action items")
        else:
            if any(not a.owner.strip() for a in pm.action_items):
                missing.append("an owner for every action item")
            if any(a.due_date is None for a in pm.action_items):
                missing.append("a due date for every action item")
    elif step is Step.SHARE:
        if pm.status.value == "draft":
            missing.append("status beyond draft")
    return missing


def step_status(pm: Postmortem, step: Step) -> StepStatus:
    return StepStatus(step, tuple(_missing(pm, step)))


def all_steps(pm: Postmortem) -> list[StepStatus]:
    """The status of every step, in wizard order."""
    return [step_status(pm, s) for s in Step]
