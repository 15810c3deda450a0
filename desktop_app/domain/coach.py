"""The review coach: what a postmortem still needs to be blameless, specific and on time.

``review(pm, today=…, now=…)`` lists ``Finding``s of six kinds, each tied to a wizard step
and the document path of the field concerned:

* ``EMPTY_SECTION``: what ``completeness`` says a step misses (the per-item "an owner/due date
  for every action item" are left to the action-item findings, which name the item);
* ``BLAMING_LANGUAGE``: ``blameless.find_blame`` over the title, narrative sections, extra
  sections, discussion notes, open questions, cause texts and timeline descriptions;
* ``ACTION_ITEM``: an open item failing ``action_checks.check_action`` (no owner, no due date,
  vague wording);
* ``OVERDUE_ACTION``: an open or in-progress item past its due date;
* ``UNADDRESSED_ROOT_CAUSE``: a root cause (``CauseKind.ROOT_CAUSE``) no action item links to;
  where items share enough words with it (``cause_match.likely_items``, as after an import, which
  links nothing), the finding names them and asks for the link;
* ``LATE_REVIEW``: the review meeting more than 72 hours after restoration, or none yet and
  more than 72 hours gone. Restoration is ``metrics.restoration_time``: ``restoration.restored_at``,
  else ``times.resolved_at``, else the timeline event marked as the Resolution key moment.

A text longer than ``blameless.SCAN_LIMIT`` (an imported log) is checked for blaming words at
its start and end only; ``CoachReport.partly_checked`` names each such field and the span left
unchecked (``PartlyChecked.message`` says it in words), so the panel can say so.

A finding's ``key`` is stable across edits elsewhere (it names the field path and, for blaming
words, the phrase and its occurrence), so a ``Dismissal`` with that key keeps applying.
Dismissed findings are listed apart and do not count.

Score: a step earns the share of what it asks for that is there (``completeness`` checks; in step 6
also each item's title, owner and due date), so an empty step scores 0 and a filled-in one 100;
then it loses ``PENALTY[kind]`` per active quality finding (blaming words, vague wording, overdue,
a root cause with no action, a late review), floored at 0. A dismissed finding counts as met.
``overall`` is the rounded mean of the seven step scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from desktop_app.domain.action_checks import check_action
from desktop_app.domain.blameless import find_blame_cached, unscanned
from desktop_app.domain.cause_match import likely_items
from desktop_app.domain.causes import unaddressed_root_causes
from desktop_app.domain.completeness import Step, all_steps
from desktop_app.domain.metrics import restoration_time
from desktop_app.domain.models import Narrative, Postmortem

Path = tuple[str | int, ...]
REVIEW_WITHIN = timedelta(hours=72)


class FindingKind(StrEnum):
    EMPTY_SECTION = "empty_section"
    BLAMING_LANGUAGE = "blaming_language"
    ACTION_ITEM = "action_item"
    OVERDUE_ACTION = "overdue_action"
    UNADDRESSED_ROOT_CAUSE = "unaddressed_root_cause"
    LATE_REVIEW = "late_review"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    FindingKind.EMPTY_SECTION: "Empty section",
    FindingKind.BLAMING_LANGUAGE: "Blaming language",
    FindingKind.ACTION_ITEM: "Action item not specific",
    FindingKind.OVERDUE_ACTION: "Overdue action item",
    FindingKind.UNADDRESSED_ROOT_CAUSE: "Root cause without action",
    FindingKind.LATE_REVIEW: "Review late",
}

#: Points a step loses per active quality finding of each kind (what is missing is scored by share).
PENALTY = {
    FindingKind.BLAMING_LANGUAGE: 10,
    FindingKind.ACTION_ITEM: 10,
    FindingKind.OVERDUE_ACTION: 10,
    FindingKind.UNADDRESSED_ROOT_CAUSE: 15,
    FindingKind.LATE_REVIEW: 20,
}
#: Action-item rules that say something is missing (scored as a share), not a quality problem.
MISSING_RULES = ("no_title", "no_owner", "no_due_date")


@dataclass(frozen=True)
class Finding:
    """One thing to fix: a stable ``key``, the step, the kind, a plain-text message, the field path, a hint
    (for blaming words, the suggested rewording) and, for blaming words, the phrase's span."""

    key: str
    step: Step
    kind: FindingKind
    message: str
    path: Path
    hint: str = ""
    span: tuple[int, int] | None = None
    """For blaming words: where the phrase sits in the field's text (``start``, ``end``)."""
    rewording: str = ""
    """For blaming words, where the sentence allows: a concrete blameless question built from it
    ("What allowed the certificate renewal to be missed?"); ``hint`` keeps the general advice."""

    @property
    def is_missing(self) -> bool:
        """Says something is not filled in (scored by share), rather than a quality problem."""
        return self.kind is FindingKind.EMPTY_SECTION or self.key.rsplit(":", 1)[-1] in MISSING_RULES


@dataclass(frozen=True)
class PartlyChecked:
    """A field too long to check whole for blaming words: ``text[start:end]`` was not checked."""

    step: Step
    path: Path
    label: str
    start: int
    end: int
    length: int

    @property
    def message(self) -> str:
        return (f"{self.label}: {self.length:,} characters; blaming words were looked for in the first "
                f"{self.start:,} and the last {self.length - self.end:,} only.")


@dataclass
class CoachReport:
    """Active findings (in step order), dismissed ones, the scores, and the fields only partly checked."""

    findings: list[Finding]
    score_per_step: dict[Step, int]
    overall: int
    dismissed: list[Finding] = field(default_factory=list)
    partly_checked: list[PartlyChecked] = field(default_factory=list)

    def for_step(self, step: Step) -> list[Finding]:
        return [f for f in self.findings if f.step is step]

    def problems_for(self, step: Step) -> list[Finding]:
        """Active findings of ``step`` that are about quality, not about something missing."""
        return [f for f in self.findings if f.step is step and not f.is_missing]

    def count(self, kind: FindingKind) -> int:
        return sum(1 for f in self.findings if f.kind is kind)


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

#: Where each missing item named by ``completeness`` lives in the document.
MISSING_PATHS: dict[str, Path] = {
    "title": ("title",),
    "severity": ("severity",),
    "service restored": ("restoration", "restored"),
    "time of restoration": ("restoration", "restored_at"),
    "affected services": ("restoration", "affected_services"),
    "at least one piece of evidence": ("evidence",),
    "stakeholders": ("stakeholders",),
    "a facilitator": ("stakeholders",),
    "review meeting time": ("review_meeting_at",),
    "discussion notes": ("discussion_notes",),
    "summary": ("narrative", "summary"),
    "impact": ("narrative", "impact"),
    "root cause": ("narrative", "root_cause"),
    "timeline": ("timeline",),
    "action items": ("action_items",),
    "status beyond draft": ("status",),
}
_PER_ITEM = {"a title for every action item", "an owner for every action item", "a due date for every action item"}


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _empty_sections(pm: Postmortem) -> list[Finding]:
    found = []
    for status in all_steps(pm):
        for missing in status.missing:
            if missing in _PER_ITEM:
                continue
            found.append(Finding(
                f"empty:{int(status.step)}:{missing}",
                status.step,
                FindingKind.EMPTY_SECTION,
                f"Missing: {missing}.",
                MISSING_PATHS.get(missing, ()),
            ))
    return found


def _texts(pm: Postmortem) -> list[tuple[Step, Path, str, str]]:
    """Every free text the coach reads for blame: (step, path, label, text)."""
    texts: list[tuple[Step, Path, str, str]] = [(Step.RESTORATION, ("title",), "Title", pm.title)]
    texts.append((Step.DISCUSSION, ("discussion_notes",), "Discussion notes", pm.discussion_notes))
    for i, question in enumerate(pm.open_questions):
        texts.append((Step.DISCUSSION, ("open_questions", i), f"Open question {i + 1}", question))
    for name in Narrative.model_fields:
        label = NARRATIVE_LABELS.get(name, name.replace("_", " ").capitalize())
        texts.append((Step.FINDINGS, ("narrative", name), label, getattr(pm.narrative, name)))
    for i, extra in enumerate(pm.extra_sections):
        texts.append((Step.FINDINGS, ("extra_sections", i, "body"), f"Section “{_short(extra.heading)}”", extra.body))
    for cause in pm.causes:
        texts.append((Step.FINDINGS, ("causes", cause.id, "text"), f"{cause.kind.label} “{_short(cause.text)}”",
                      cause.text))
    for i, event in enumerate(pm.timeline):
        texts.append((Step.FINDINGS, ("timeline", event.id, "description"), f"Timeline event {i + 1}",
                      event.description))
    return texts


def _blame(pm: Postmortem, partly_checked: list[PartlyChecked] | None = None) -> list[Finding]:
    """Blaming-language findings; fields only partly checked are added to ``partly_checked``."""
    found = []
    for step, path, label, text in _texts(pm):
        if partly_checked is not None and (span := unscanned(text)) is not None:
            partly_checked.append(PartlyChecked(step, path, label, span[0], span[1], len(text)))
        seen: dict[str, int] = {}
        for hit in find_blame_cached(text):
            phrase = " ".join(hit.phrase.split())
            seen[phrase.lower()] = seen.get(phrase.lower(), 0) + 1
            n = seen[phrase.lower()]
            key = f"blame:{'/'.join(map(str, path))}:{phrase.lower()}" + (f"#{n}" if n > 1 else "")
            found.append(Finding(
                key, step, FindingKind.BLAMING_LANGUAGE,
                f"{label}: “{phrase}” makes a person the cause.", path, hit.suggestion, (hit.start, hit.end),
                hit.rewording,
            ))
    return found


def _actions(pm: Postmortem, today: date) -> list[Finding]:
    found = []
    for i, item in enumerate(pm.action_items):
        name = f"Action item {i + 1}" + (f" “{_short(item.title)}”" if item.title.strip() else "")
        for problem in check_action(item, today=today):
            attr = {"no_owner": "owner", "no_due_date": "due_date", "overdue": "due_date"}.get(problem.rule, "title")
            kind = FindingKind.OVERDUE_ACTION if problem.rule == "overdue" else FindingKind.ACTION_ITEM
            found.append(Finding(
                f"action:{item.id}:{problem.rule}", Step.ACTION_ITEMS, kind,
                f"{name}: {problem.message}", ("action_items", item.id, attr), problem.hint,
            ))
    return found


def _root_causes(pm: Postmortem) -> list[Finding]:
    unaddressed = unaddressed_root_causes(pm)
    found = []
    for cause in pm.causes:
        if cause.id not in unaddressed:
            continue
        name = f"Root cause “{_short(cause.text) or 'untitled'}”"
        likely = likely_items(cause, pm.action_items)
        if likely:
            numbers = sorted(pm.action_items.index(item) + 1 for item in likely)
            which = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
            message = (f"{name} is linked to no action item; action item{'s' if len(numbers) > 1 else ''} "
                       f"{which} seem{'' if len(numbers) > 1 else 's'} to address it.")
            hint = "In step 6, select the item and tick this cause under “Addresses causes”."
        else:
            message = f"{name} has no action item addressing it."
            hint = "Add an action item that prevents, detects or mitigates it, and link it to this cause."
        found.append(Finding(f"root_cause:{cause.id}", Step.ACTION_ITEMS, FindingKind.UNADDRESSED_ROOT_CAUSE,
                             message, ("causes", cause.id, "text"), hint))
    return found


def _hours(delta: timedelta) -> str:
    """A gap in words that can be compared with the 72-hour target: "30 hours", "73 hours (3 days)",
    "100 hours (4.2 days)"; just past the target with its minutes ("72 hours 20 minutes"); past
    two weeks in days only ("40 days")."""
    minutes = int(delta.total_seconds() // 60)
    hours = minutes / 60
    if int(hours) == 72 and minutes % 60:
        return f"72 hours {minutes % 60} minute{'s' if minutes % 60 != 1 else ''}"
    whole = round(hours)
    if hours < 48:
        return f"{whole} hour{'s' if whole != 1 else ''}"
    days = f"{hours / 24:.1f}".removesuffix(".0")
    if hours > 14 * 24:
        return f"{days} days"
    return f"{whole} hours ({days} days)"


def _late_review(pm: Postmortem, now: datetime) -> list[Finding]:
    restored = restoration_time(pm).at
    if restored is None:
        return []
    hint = "Hold the review within 72 hours of restoration, while memories are fresh."
    if pm.review_meeting_at is not None:
        gap = pm.review_meeting_at - restored
        if gap <= REVIEW_WITHIN:
            return []
        message = f"The review meeting is {_hours(gap)} after restoration, later than the 72-hour target."
    else:
        gap = now - restored
        if gap <= REVIEW_WITHIN:
            return []
        message = f"No review meeting yet, {_hours(gap)} after restoration, past the 72-hour target."
    return [Finding("review:late", Step.STAKEHOLDERS, FindingKind.LATE_REVIEW, message, ("review_meeting_at",), hint)]


@dataclass(frozen=True)
class _Requirement:
    step: Step
    key: str
    """The key of the finding raised while the requirement is unmet (its dismissal counts as met)."""
    met: bool
    weight: int = 1


def _requirements(pm: Postmortem, today: date) -> list[_Requirement]:
    """What each step asks for: the ``completeness`` checks, and in step 6 each item's title, owner
    and due date (a closed item needs no owner or date any more)."""
    found: list[_Requirement] = []
    for status in all_steps(pm):
        for check in status.checks:
            if check.label not in _PER_ITEM:
                found.append(_Requirement(status.step, f"empty:{int(status.step)}:{check.label}", check.met,
                                          check.weight))
    if any(r.key == f"empty:{int(Step.ACTION_ITEMS)}:action items" and r.met for r in found):
        for item in pm.action_items:
            rules = {problem.rule for problem in check_action(item, today=today)}
            for rule in MISSING_RULES:
                found.append(_Requirement(Step.ACTION_ITEMS, f"action:{item.id}:{rule}", rule not in rules))
    return found


def score(findings: list[Finding], requirements: list[_Requirement] | None = None,
          dismissed: set[str] | frozenset[str] = frozenset()) -> dict[Step, int]:
    """Per step: the share of its requirements met (or dismissed), as 0–100, less the penalties
    of its active quality findings, floored at 0. Without requirements a step starts at 100."""
    points: dict[Step, float] = {step: 100.0 for step in Step}
    if requirements:
        total: dict[Step, int] = {}
        met: dict[Step, int] = {}
        for r in requirements:
            total[r.step] = total.get(r.step, 0) + r.weight
            met[r.step] = met.get(r.step, 0) + (r.weight if r.met or r.key in dismissed else 0)
        points.update({step: 100 * met[step] / total[step] for step in total})
    for finding in findings:
        points[finding.step] -= PENALTY.get(finding.kind, 0)
    return {step: max(0, round(value)) for step, value in points.items()}


def review(pm: Postmortem, *, today: date, now: datetime) -> CoachReport:
    """Everything the coach finds in ``pm`` as of ``today``/``now``, with dismissed findings set apart."""
    partly_checked: list[PartlyChecked] = []
    every = (_empty_sections(pm) + _blame(pm, partly_checked) + _actions(pm, today) + _root_causes(pm)
             + _late_review(pm, now))
    every.sort(key=lambda f: int(f.step))  # stable: within a step, the order above
    dismissed_keys = {d.key for d in pm.dismissals}
    active = [f for f in every if f.key not in dismissed_keys]
    dismissed = [f for f in every if f.key in dismissed_keys]
    per_step = score([f for f in active if not f.is_missing], _requirements(pm, today), dismissed_keys)
    overall = round(sum(per_step.values()) / len(per_step))
    return CoachReport(active, per_step, overall, dismissed, partly_checked)
