"""Which of the seven wizard steps are complete, and what each still misses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from desktop_app.domain.action_checks import is_blank
from desktop_app.domain.metrics import restoration_time, service_restored
from desktop_app.domain.models import ActionItem, Postmortem


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
class Check:
    """One thing a step asks for: the label named while it is missing, whether it is met, and its
    weight in the step's score (a check standing for two, as "stakeholders" also for "a facilitator")."""

    label: str
    met: bool
    weight: int = 1


@dataclass(frozen=True)
class StepStatus:
    step: Step
    missing: tuple[str, ...]
    checks: tuple[Check, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def _filled(*texts: str) -> bool:
    return any(not is_blank(t) for t in texts)


def has_title(item: ActionItem) -> bool:
    return not is_blank(item.title)


def _checks(pm: Postmortem, step: Step) -> list[Check]:
    """What ``step`` asks for, met or not. Rows left empty (a stakeholder or piece of evidence with
    no text, an action item with no title) count for nothing; a done or won't-do action item needs
    no owner or due date."""
    n = pm.narrative
    if step is Step.RESTORATION:
        restored = service_restored(pm)
        return [
            Check("title", not is_blank(pm.title)),
            Check("severity", pm.severity is not None),
            Check("service restored", False) if not restored
            else Check("time of restoration", restoration_time(pm).at is not None),
            Check("affected services", any(not is_blank(s) for s in pm.restoration.affected_services)),
        ]
    if step is Step.GATHER_DATA:
        evidence = any(_filled(e.title, e.url, e.file_path, e.note) for e in pm.evidence)
        return [Check("at least one piece of evidence", evidence)]
    if step is Step.STAKEHOLDERS:
        people = [s for s in pm.stakeholders if _filled(s.name, s.team, s.email)]
        meeting = Check("review meeting time", pm.review_meeting_at is not None)
        if not people:
            return [Check("stakeholders", False, weight=2), meeting]
        return [Check("stakeholders", True), Check("a facilitator", any(s.is_facilitator for s in people)), meeting]
    if step is Step.DISCUSSION:
        return [Check("discussion notes", not is_blank(pm.discussion_notes))]
    if step is Step.FINDINGS:
        return [
            Check("summary", not is_blank(n.summary)),
            Check("impact", not is_blank(n.impact)),
            Check("root cause", _filled(n.root_cause, *(c.text for c in pm.causes))),
            Check("timeline", bool(pm.timeline)),
        ]
    if step is Step.ACTION_ITEMS:
        items = pm.action_items
        if not any(has_title(a) for a in items):
            return [Check("action items", False)]
        # a done or won't-do item needs no owner or due date any more
        still_open = [a for a in items if not a.status.is_closed]
        return [
            Check("action items", True),
            Check("a title for every action item", all(has_title(a) for a in items)),
            Check("an owner for every action item", all(not is_blank(a.owner) for a in still_open)),
            Check("a due date for every action item", all(a.due_date is not None for a in still_open)),
        ]
    return [Check("status beyond draft", pm.status.value != "draft")]


def step_status(pm: Postmortem, step: Step) -> StepStatus:
    checks = tuple(_checks(pm, step))
    return StepStatus(step, tuple(c.label for c in checks if not c.met), checks)

def all_steps(pm: Postmortem) -> list[StepStatus]:
    """The status of every step, in wizard order."""
    return [step_status(pm, s) for s in Step]
