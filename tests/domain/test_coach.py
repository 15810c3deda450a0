"""The review coach: findings per kind and step, stable keys, dismissals and the score."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.coach import PENALTY, CoachReport, Finding, FindingKind, review
from desktop_app.domain.completeness import Step
from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    Cause,
    CauseKind,
    Dismissal,
    Evidence,
    KeyMoment,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Stakeholder,
    Status,
    TimelineEvent,
)
from desktop_app.formats.markdown_import import import_markdown_file

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
RESTORED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)

# Every corpus import misses these (none states severity, restoration, evidence, people,
# a meeting, discussion notes or a status beyond draft).
COMMON_EMPTY = [
    (Step.RESTORATION, "Missing: severity."),
    (Step.RESTORATION, "Missing: service restored."),
    (Step.RESTORATION, "Missing: affected services."),
    (Step.GATHER_DATA, "Missing: at least one piece of evidence."),
    (Step.STAKEHOLDERS, "Missing: stakeholders."),
    (Step.STAKEHOLDERS, "Missing: review meeting time."),
    (Step.DISCUSSION, "Missing: discussion notes."),
]


def _complete() -> Postmortem:
    """A postmortem the coach has nothing to say about."""
    cause = Cause(text="Disk filled with logs", kind=CauseKind.ROOT_CAUSE)
    return Postmortem(
        title="Checkout down",
        severity=Severity.SEV2,
        status=Status.IN_REVIEW,
        restoration=Restoration(restored=True, restored_at=RESTORED, affected_services=["checkout"]),
        evidence=[Evidence(title="Grafana board")],
        stakeholders=[Stakeholder(name="Ada", is_facilitator=True)],
        review_meeting_at=RESTORED + timedelta(hours=48),
        discussion_notes="We walked the timeline.",
        narrative=Narrative(summary="Checkout failed.", impact="12% of orders.", root_cause="Disk full."),
        timeline=[TimelineEvent(description="Alert fired")],
        causes=[cause],
        action_items=[ActionItem(title="Rotate /var/log/app daily", owner="Ada", due_date=date(2026, 4, 1),
                                 cause_ids=[cause.id])],
    )


def _report(pm: Postmortem) -> CoachReport:
    return review(pm, today=TODAY, now=NOW)


def _import(corpus_dir: Path, name: str) -> CoachReport:
    return _report(import_markdown_file(corpus_dir / name).postmortem)


def _kinds(report: CoachReport) -> dict[str, int]:
    return dict(Counter(f.kind.value for f in report.findings))


def test_a_complete_postmortem_scores_100() -> None:
    report = _report(_complete())
    assert report.findings == []
    assert report.overall == 100
    assert set(report.score_per_step.values()) == {100}


def test_an_empty_postmortem_lists_empty_sections_per_step() -> None:
    report = _report(Postmortem())
    assert [(f.step, f.message, f.path) for f in report.findings] == [
        (Step.RESTORATION, "Missing: title.", ("title",)),
        (Step.RESTORATION, "Missing: severity.", ("severity",)),
        (Step.RESTORATION, "Missing: service restored.", ("restoration", "restored")),
        (Step.RESTORATION, "Missing: affected services.", ("restoration", "affected_services")),
        (Step.GATHER_DATA, "Missing: at least one piece of evidence.", ("evidence",)),
        (Step.STAKEHOLDERS, "Missing: stakeholders.", ("stakeholders",)),
        (Step.STAKEHOLDERS, "Missing: review meeting time.", ("review_meeting_at",)),
        (Step.DISCUSSION, "Missing: discussion notes.", ("discussion_notes",)),
        (Step.FINDINGS, "Missing: summary.", ("narrative", "summary")),
        (Step.FINDINGS, "Missing: impact.", ("narrative", "impact")),
        (Step.FINDINGS, "Missing: root cause.", ("narrative", "root_cause")),
        (Step.FINDINGS, "Missing: timeline.", ("timeline",)),
        (Step.ACTION_ITEMS, "Missing: action items.", ("action_items",)),
        (Step.SHARE, "Missing: status beyond draft.", ("status",)),
    ]
    # Nothing is there: every step, and so the whole, scores 0.
    assert report.score_per_step == {step: 0 for step in Step}
    assert report.overall == 0


def test_blaming_language_in_every_text_field_with_stable_keys() -> None:
    pm = _complete()
    pm.discussion_notes = "Human error. Then human error again."
    pm.open_questions = ["Why was Bob careless?"]
    pm.narrative.went_wrong = "Zoë forgot to drain the node."
    pm.timeline[0].description = "李雷 should have paged"  # no capital: not read as a name
    pm.timeline.append(TimelineEvent(description="Ana should have paged the DBA"))
    report = _report(pm)
    assert [(f.key, f.step, f.message, f.path) for f in report.findings] == [
        ("blame:discussion_notes:human error", Step.DISCUSSION,
         "Discussion notes: “Human error” makes a person the cause.", ("discussion_notes",)),
        ("blame:discussion_notes:human error#2", Step.DISCUSSION,
         "Discussion notes: “human error” makes a person the cause.", ("discussion_notes",)),
        ("blame:open_questions/0:careless", Step.DISCUSSION,
         "Open question 1: “careless” makes a person the cause.", ("open_questions", 0)),
        ("blame:narrative/went_wrong:zoë forgot to", Step.FINDINGS,
         "What went wrong: “Zoë forgot to” makes a person the cause.", ("narrative", "went_wrong")),
        (f"blame:timeline/{pm.timeline[1].id}/description:ana should have", Step.FINDINGS,
         "Timeline event 2: “Ana should have” makes a person the cause.", ("timeline", pm.timeline[1].id, "description")),
    ]
    assert report.findings[0].hint.startswith("Describe what in the system made this step error-prone")
    # a concrete question where the sentence says what was not done; else only the general hint
    assert [f.rewording for f in report.findings] == ["", "", "", "What allowed draining the node to be missed?", ""]
    assert report.findings[3].hint == (
        "Describe the conditions: what made this easy to miss, and what safeguard was absent."
    )
    assert report.score_per_step[Step.DISCUSSION] == 70
    assert report.score_per_step[Step.FINDINGS] == 80


def test_action_items_failing_the_check_and_overdue() -> None:
    pm = _complete()
    vague = ActionItem(title="Improve monitoring", owner="  ", due_date=date(2026, 2, 1))
    done = ActionItem(title="Investigate", status=ActionStatus.DONE)
    pm.action_items += [vague, done]
    report = _report(pm)
    assert [(f.key, f.kind, f.message, f.path) for f in report.findings] == [
        (f"action:{vague.id}:no_owner", FindingKind.ACTION_ITEM,
         "Action item 2 “Improve monitoring”: No owner.", ("action_items", vague.id, "owner")),
        (f"action:{vague.id}:overdue", FindingKind.OVERDUE_ACTION,
         "Action item 2 “Improve monitoring”: Overdue: due 2026-02-01, 28 days ago, still open.",
         ("action_items", vague.id, "due_date")),
        (f"action:{vague.id}:vague", FindingKind.ACTION_ITEM,
         "Action item 2 “Improve monitoring”: Vague wording: “Improve” with no target, system or date.",
         ("action_items", vague.id, "title")),
    ]
    assert report.score_per_step[Step.ACTION_ITEMS] == 70


def test_root_cause_without_an_action_item() -> None:
    pm = _complete()
    orphan = Cause(text="No alert on disk usage", kind=CauseKind.ROOT_CAUSE)
    pm.causes += [orphan, Cause(text="Logs were verbose", kind=CauseKind.CONTRIBUTING_FACTOR)]
    report = _report(pm)
    assert report.findings == [
        Finding(
            f"root_cause:{orphan.id}", Step.ACTION_ITEMS, FindingKind.UNADDRESSED_ROOT_CAUSE,
            "Root cause “No alert on disk usage” has no action item addressing it.", ("causes", orphan.id, "text"),
            "Add an action item that prevents, detects or mitigates it, and link it to this cause.",
        )
    ]
    assert report.score_per_step[Step.ACTION_ITEMS] == 100 - PENALTY[FindingKind.UNADDRESSED_ROOT_CAUSE]


def test_an_unlinked_item_that_answers_a_root_cause_is_named() -> None:
    pm = _complete()
    orphan = Cause(text="Retry logic lacked circuit breakers and exponential backoff", kind=CauseKind.ROOT_CAUSE)
    pm.causes.append(orphan)
    pm.action_items += [
        ActionItem(title="Add circuit breakers to the payments client", owner="Zoë", due_date=date(2026, 4, 1)),
        ActionItem(title="Exponential backoff with jitter for retries", description="Circuit breakers too.",
                   owner="李雷", due_date=date(2026, 4, 1)),
    ]
    [finding] = _report(pm).findings
    assert (finding.message, finding.hint) == (
        "Root cause “Retry logic lacked circuit breakers and exponen…” is linked to no action item; "
        "action item 3 seems to address it.",
        "In step 6, select the item and tick this cause under “Addresses causes”.",
    )
    pm.action_items[1].title = "Add circuit breakers with exponential backoff to the payments client"
    assert _report(pm).findings[0].message.endswith("; action items 2 and 3 seem to address it.")
    pm.action_items[1].cause_ids = [orphan.id]
    assert _report(pm).findings == []


@pytest.mark.parametrize(
    ("meeting_after", "now", "message"),
    [
        (timedelta(hours=72), NOW, None),
        (timedelta(hours=73), NOW,
         "The review meeting is 73 hours (3 days) after restoration, later than the 72-hour target."),
        (timedelta(hours=100), NOW,
         "The review meeting is 100 hours (4.2 days) after restoration, later than the 72-hour target."),
        (timedelta(hours=72, minutes=20), NOW,
         "The review meeting is 72 hours 20 minutes after restoration, later than the 72-hour target."),
        (timedelta(hours=72, minutes=1), NOW,
         "The review meeting is 72 hours 1 minute after restoration, later than the 72-hour target."),
        (timedelta(days=15), NOW, "The review meeting is 15 days after restoration, later than the 72-hour target."),
        (timedelta(days=40, hours=3), NOW,
         "The review meeting is 40.1 days after restoration, later than the 72-hour target."),
        (None, RESTORED + timedelta(hours=71), None),
        (None, RESTORED + timedelta(hours=80),
         "No review meeting yet, 80 hours (3.3 days) after restoration, past the 72-hour target."),
    ],
)
def test_review_within_72_hours_of_restoration(
    meeting_after: timedelta | None, now: datetime, message: str | None
) -> None:
    pm = _complete()
    pm.review_meeting_at = None if meeting_after is None else RESTORED + meeting_after
    report = review(pm, today=TODAY, now=now)
    late = [f for f in report.findings if f.kind is FindingKind.LATE_REVIEW]
    assert [f.message for f in late] == ([] if message is None else [message])
    if message:
        assert late[0].key == "review:late"
        assert late[0].step is Step.STAKEHOLDERS
        assert late[0].path == ("review_meeting_at",)


def test_restoration_time_falls_back_to_resolved_at() -> None:
    pm = _complete()
    pm.restoration.restored_at = None
    pm.times.resolved_at = RESTORED
    pm.review_meeting_at = RESTORED + timedelta(hours=30)
    assert _report(pm).findings == []
    pm.review_meeting_at = RESTORED + timedelta(hours=90)
    assert _report(pm).count(FindingKind.LATE_REVIEW) == 1


def test_restoration_time_falls_back_to_the_resolution_key_moment() -> None:
    pm = _complete()
    pm.restoration.restored_at = None
    pm.review_meeting_at = RESTORED + timedelta(hours=80)
    assert _report(pm).count(FindingKind.LATE_REVIEW) == 0  # nothing says when service came back
    pm.timeline.append(TimelineEvent(occurred_at=RESTORED, description="Service fully restored",
                                     key_moment=KeyMoment.RESOLUTION))
    assert [f.message for f in _report(pm).findings] == [
        # the marked Resolution is the time of restoration: step 1 misses nothing
        "The review meeting is 80 hours (3.3 days) after restoration, later than the 72-hour target.",
    ]


def test_dismissed_findings_are_set_apart_and_do_not_count() -> None:
    pm = _complete()
    pm.narrative.went_wrong = "Bob forgot the flag. Bob was careless."
    assert _report(pm).score_per_step[Step.FINDINGS] == 80
    pm.dismissals = [Dismissal(key="blame:narrative/went_wrong:bob forgot", reason="Bob wrote this himself")]
    report = _report(pm)
    assert [f.key for f in report.findings] == ["blame:narrative/went_wrong:careless"]
    assert [f.key for f in report.dismissed] == ["blame:narrative/went_wrong:bob forgot"]
    assert report.score_per_step[Step.FINDINGS] == 90
    # An edit elsewhere in the same field keeps the key, so the dismissal still applies.
    pm.narrative.went_wrong = "Early on, Bob forgot the flag. Bob was careless."
    assert [f.key for f in _report(pm).dismissed] == ["blame:narrative/went_wrong:bob forgot"]


def test_step_score_is_floored_at_zero() -> None:
    pm = _complete()
    pm.discussion_notes = " ".join(["Human error."] * 12)
    assert _report(pm).score_per_step[Step.DISCUSSION] == 0


# -- the corpus, after import ---------------------------------------------------------------------
#
# Every file's findings, counted per kind. The files with a test of their own below were read
# through by hand: each finding and each count was checked against the text, and the comment
# there says what in the file makes it so.

CORPUS_COUNTS = {
    "chia-2021-05-26-website-outage.md": {"empty_section": 10},
    "chia-2022-06-14-catbleed.md": {"empty_section": 11},
    "chia-2022-06-28-proxy-abuse.md": {"empty_section": 10},
    "chia-2025-02-13-fastforward-mempool.md": {"empty_section": 11, "blaming_language": 2},
    "dfds-pm2019-009-ip-starvation.md": {"empty_section": 9, "action_item": 10},
    "dfds-pm2020-003-adsync-migration.md": {"empty_section": 9, "action_item": 9},
    "dfds-pm2021-011-log4shell.md": {"empty_section": 10, "action_item": 13},
    "dfds-pm2022-009-bad-eks-ami.md": {"empty_section": 9, "action_item": 15},
    "etcd-2022-v3.5-data-inconsistency.md": {"empty_section": 7, "action_item": 10},
    "geth-2021-08-27-minority-split.md": {"empty_section": 10, "action_item": 7},
    "hachyderm-2022-12-13-root-fs-full.md": {"empty_section": 9, "action_item": 3},
    "hachyderm-2023-07-16-redis-exposed.md": {"empty_section": 10, "action_item": 8, "overdue_action": 7},
    "k8s-prow-2019-01-23-hook-outage.md": {"empty_section": 8, "action_item": 4},
    "optimism-2023-04-26-tx-delays.md": {"empty_section": 10, "action_item": 4},
    "posthog-2025-09-29-flags-outage.md": {"empty_section": 8, "action_item": 14, "unaddressed_root_cause": 3},
    "posthog-2025-10-03-surveys-sdk.md": {"empty_section": 7, "action_item": 12, "unaddressed_root_cause": 3},
    "posthog-2026-01-14-replay-fetch-wrapper.md": {"empty_section": 7, "action_item": 12},
    "pypi-2024-06-28-leaked-token.md": {"empty_section": 10, "blaming_language": 2},
    "pypi-2025-04-14-org-team-privileges.md": {"empty_section": 11},
    "status-github-phishing.md": {"empty_section": 10, "action_item": 4},
}


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_findings_per_kind(corpus_dir: Path, name: str) -> None:
    assert _kinds(_import(corpus_dir, name)) == CORPUS_COUNTS[name]


def test_the_count_table_covers_the_corpus(corpus_dir: Path) -> None:
    assert sorted(CORPUS_COUNTS) == sorted(p.name for p in corpus_dir.glob("*.md"))


def _empty(report: CoachReport) -> list[tuple[Step, str]]:
    return [(f.step, f.message) for f in report.findings if f.kind is FindingKind.EMPTY_SECTION]


def test_corpus_hachyderm_redis_exposed(corpus_dir: Path) -> None:
    # 9 corrective actions in a table, none with an owner; 2 Done (not checked), 7 "To Do" all due
    # in July 2023 (overdue), and one of them starts with "Explore possibility …" (vague: no system,
    # number or date in its words). "Background" is what happened, not a summary, and "Analysis" is
    # an empty heading: no summary, no root cause. The text blames no one (HIE1 "identifies",
    # "confirms", "stops"; "we didn't have any outlier detection" names a missing safeguard).
    report = _import(corpus_dir, "hachyderm-2023-07-16-redis-exposed.md")
    assert _empty(report) == [
        *COMMON_EMPTY,
        (Step.FINDINGS, "Missing: summary."),
        (Step.FINDINGS, "Missing: root cause."),
        (Step.SHARE, "Missing: status beyond draft."),
    ]
    assert [f.message for f in report.findings if f.key.endswith(":no_owner")] == [
        f"Action item {n} “{title}”: No owner." for n, title in [
            (3, "Update system update runbooks to include valida…"), (4, "Bind Redis only to expected IP blocks for Hachy…"),
            (5, "Publish full causal analysis graph and update c…"), (6, "Identify tooling to keep logs for a defined tim…"),
            (7, "Identify plan to require authentication on Redi…"), (8, "Identity mechanism for detective controls to al…"),
            (9, "Explore possibility of using cloud-based firewa…"),
        ]
    ]
    overdue = [f.message for f in report.findings if f.kind is FindingKind.OVERDUE_ACTION]
    assert overdue[0] == "Action item 3 “Update system update runbooks to include valida…”: Overdue: due 2023-07-17, 958 days ago, still open."
    assert len(overdue) == 7
    vague = [f.message for f in report.findings if f.key.endswith(":vague")]
    assert vague == ["Action item 9 “Explore possibility of using cloud-based firewa…”: Vague wording: “Explore” with no target, system or date."]
    # Restoration 1 of 4 (the title): 25; findings 2 of 4 (impact, timeline): 50; action items: the
    # list, 9 titles, owner and date of the 2 done items = 14 of 28, less 10 (vague) and 7 × 10
    # (overdue): 0. (25 + 50) / 7 = 11.
    assert report.score_per_step[Step.FINDINGS] == 50
    assert report.overall == 11


def test_corpus_dfds_bad_eks_ami(corpus_dir: Path) -> None:
    # 7 action items (the three under the first are its description), no owners, no dates: 14
    # findings; "Improve coverage of readiness/liveness probes" is the one vague item (the others
    # name AMI, NodeNotReady, Kubernetes, Prometheus, or use no vague verb). The "Attendees" list
    # (RF, ED, …) gives the stakeholders, none of them the facilitator. No impact section.
    report = _import(corpus_dir, "dfds-pm2022-009-bad-eks-ami.md")
    assert _empty(report) == [
        (Step.RESTORATION, "Missing: severity."),
        (Step.RESTORATION, "Missing: service restored."),
        (Step.RESTORATION, "Missing: affected services."),
        (Step.GATHER_DATA, "Missing: at least one piece of evidence."),
        (Step.STAKEHOLDERS, "Missing: a facilitator."),
        (Step.STAKEHOLDERS, "Missing: review meeting time."),
        (Step.DISCUSSION, "Missing: discussion notes."),
        (Step.FINDINGS, "Missing: impact."),
        (Step.SHARE, "Missing: status beyond draft."),
    ]
    assert [f.message for f in report.findings if f.key.endswith(":vague")] == [
        "Action item 1 “Improve coverage of readiness/liveness probes”: Vague wording: “Improve” with no target, system or date."
    ]
    # the list and 7 titles of 1 + 7 × 3 = 8 of 22 (36 %), less 10 for the vague one
    assert report.score_per_step[Step.ACTION_ITEMS] == 26
    # people but no facilitator and no meeting time: 1 of 3
    assert report.score_per_step[Step.STAKEHOLDERS] == 33
    assert report.overall == 23  # (25 + 33 + 75 + 26) / 7


def test_corpus_pypi_leaked_token(corpus_dir: Path) -> None:
    # The author writes of their own "act of laziness" (How did this happen) and "when I'm lazy"
    # (Response). "the following script which _attempted_ but failed to remove" is a script that
    # failed, not a person. No action items section (the Response tells what was done), no impact.
    report = _import(corpus_dir, "pypi-2024-06-28-leaked-token.md")
    assert [(f.step, f.message, f.path) for f in report.findings if f.kind is FindingKind.BLAMING_LANGUAGE] == [
        (Step.FINDINGS, "Root cause: “laziness” makes a person the cause.", ("narrative", "root_cause")),
        (Step.FINDINGS, "Resolution: “lazy” makes a person the cause.", ("narrative", "resolution")),
    ]
    assert _empty(report) == [
        *COMMON_EMPTY,
        (Step.FINDINGS, "Missing: impact."),
        (Step.ACTION_ITEMS, "Missing: action items."),
        (Step.SHARE, "Missing: status beyond draft."),
    ]
    # Restoration 25 (title); findings 3 of 4 (75) less 2 × 10 for the blaming words: 55.
    assert report.score_per_step[Step.FINDINGS] == 55
    assert report.overall == 11


def test_corpus_chia_fastforward_mempool(corpus_dir: Path) -> None:
    # Issue summary items 1 and 2: "We failed to consider …", "we failed to validate …". The root
    # causes are told inside the summary, under no heading of their own; no impact section, no
    # action items (the fixes are described under "Resolution and recovery").
    report = _import(corpus_dir, "chia-2025-02-13-fastforward-mempool.md")
    assert [f.message for f in report.findings if f.kind is FindingKind.BLAMING_LANGUAGE] == [
        "Summary: “We failed to” makes a person the cause.",
        "Summary: “we failed to” makes a person the cause.",
    ]
    assert _empty(report) == [
        *COMMON_EMPTY,
        (Step.FINDINGS, "Missing: impact."),
        (Step.FINDINGS, "Missing: root cause."),
        (Step.ACTION_ITEMS, "Missing: action items."),
        (Step.SHARE, "Missing: status beyond draft."),
    ]


def test_corpus_posthog_flags_outage_root_causes(corpus_dir: Path) -> None:
    # "Root Cause Analysis" numbers three compounding factors: imported as root causes. The file's
    # nine action items (7 open, without owner or date) are not linked to them, but three answer
    # them in so many words: the completed "Database connection timeouts moved to runtime
    # configuration" (1), "Circuit breaker implementation … exponential backoff … retry
    # amplification" (4) and "Health check optimization … liveness and readiness probes" (5).
    report = _import(corpus_dir, "posthog-2025-09-29-flags-outage.md")
    assert [(f.step, f.message) for f in report.findings if f.kind is FindingKind.UNADDRESSED_ROOT_CAUSE] == [
        (Step.ACTION_ITEMS, "Root cause “Configuration change timing: A connection timeo…” is linked to no action "
                            "item; action item 1 seems to address it."),
        (Step.ACTION_ITEMS, "Root cause “Retry amplification: Our retry logic lacked cir…” is linked to no action "
                            "item; action item 4 seems to address it."),
        (Step.ACTION_ITEMS, "Root cause “Health check configuration: Kubernetes continue…” is linked to no action "
                            "item; action item 5 seems to address it."),
    ]
    assert {f.hint for f in report.findings if f.kind is FindingKind.UNADDRESSED_ROOT_CAUSE} == {
        "In step 6, select the item and tick this cause under “Addresses causes”."
    }
    assert _empty(report) == [*COMMON_EMPTY, (Step.SHARE, "Missing: status beyond draft.")]
    # Restoration 25; findings 100; action items: 14 of 28 (2 of 9 done need no owner or
    # date) less 3 × 15 for the unlinked root causes: 5. (25 + 100 + 5) / 7 = 19.
    assert report.score_per_step[Step.ACTION_ITEMS] == 5
    assert report.overall == 19


def test_corpus_github_phishing(corpus_dir: Path) -> None:
    # Two action items in a table with a Type column (kept as their description), no owners, no
    # dates, neither vague. No root cause section and no timeline; "No known impact." is an impact.
    report = _import(corpus_dir, "status-github-phishing.md")
    assert [f.message for f in report.findings if f.kind is FindingKind.ACTION_ITEM] == [
        "Action item 1 “Further move away from email for authorization…”: No owner.",
        "Action item 1 “Further move away from email for authorization…”: No due date.",
        "Action item 2 “Company wide \"incident\" channel in discord to m…”: No owner.",
        "Action item 2 “Company wide \"incident\" channel in discord to m…”: No due date.",
    ]
    assert _empty(report) == [
        *COMMON_EMPTY,
        (Step.FINDINGS, "Missing: root cause."),
        (Step.FINDINGS, "Missing: timeline."),
        (Step.SHARE, "Missing: status beyond draft."),
    ]


def test_corpus_contributing_factors_are_not_flagged(corpus_dir: Path) -> None:
    # the dfds files list contributing factors only: the coach asks actions for root causes
    pm = import_markdown_file(corpus_dir / "dfds-pm2019-009-ip-starvation.md").postmortem
    assert [c.kind for c in pm.causes] == [CauseKind.CONTRIBUTING_FACTOR] * 7
    assert FindingKind.UNADDRESSED_ROOT_CAUSE not in {f.kind for f in _report(pm).findings}


def test_every_corpus_file_reviews_without_error(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("*.md"))
    assert len(files) == 20
    for path in files:
        report = _import(corpus_dir, path.name)
        assert 0 <= report.overall <= 100
        assert len({f.key for f in report.findings}) == len(report.findings), path.name


# -- scores that mean something: empty is 0, each step is the share of what it asks for ------------


def test_empty_rows_count_for_nothing() -> None:
    pm = Postmortem(stakeholders=[Stakeholder()], evidence=[Evidence()], action_items=[ActionItem()])
    report = _report(pm)
    messages = [f.message for f in report.findings]
    assert "Missing: stakeholders." in messages
    assert "Missing: at least one piece of evidence." in messages
    assert "Missing: action items." in messages
    assert report.score_per_step[Step.STAKEHOLDERS] == 0
    assert report.score_per_step[Step.GATHER_DATA] == 0
    assert report.score_per_step[Step.ACTION_ITEMS] == 0


def test_an_item_without_text_is_flagged_for_it_and_scores_by_share() -> None:
    pm = _complete()
    empty = ActionItem()
    pm.action_items.append(empty)
    report = _report(pm)
    assert [(f.key, f.message, f.path) for f in report.findings] == [
        (f"action:{empty.id}:no_title", "Action item 2: No title.", ("action_items", empty.id, "title")),
        (f"action:{empty.id}:no_owner", "Action item 2: No owner.", ("action_items", empty.id, "owner")),
        (f"action:{empty.id}:no_due_date", "Action item 2: No due date.", ("action_items", empty.id, "due_date")),
    ]
    # the list (1) + item 1's title, owner, date (3) of 1 + 2 × 3 = 7
    assert report.score_per_step[Step.ACTION_ITEMS] == 57
    empty.title = "Alert when /var is 80 % full"
    assert _report(pm).score_per_step[Step.ACTION_ITEMS] == 71  # 5 of 7
    empty.owner = "Zoë"
    empty.due_date = date(2026, 5, 1)
    assert _report(pm).score_per_step[Step.ACTION_ITEMS] == 100


def test_step_scores_are_shares_of_what_each_step_asks_for() -> None:
    pm = Postmortem(title="Checkout down", severity=Severity.SEV2,
                    stakeholders=[Stakeholder(name="Ada")], narrative=Narrative(summary="Checkout failed."))
    assert _report(pm).score_per_step == {
        Step.RESTORATION: 50,     # title, severity of 4
        Step.GATHER_DATA: 0,
        Step.STAKEHOLDERS: 33,    # people; no facilitator, no meeting
        Step.DISCUSSION: 0,
        Step.FINDINGS: 25,        # summary of 4
        Step.ACTION_ITEMS: 0,
        Step.SHARE: 0,
    }
    assert _report(pm).overall == 15  # 108 / 7


def test_a_dismissed_missing_item_counts_as_met() -> None:
    pm = _complete()
    pm.evidence = []
    assert _report(pm).score_per_step[Step.GATHER_DATA] == 0
    pm.dismissals = [Dismissal(key="empty:2:at least one piece of evidence", reason="Nothing was kept")]
    assert _report(pm).score_per_step[Step.GATHER_DATA] == 100
    assert _report(pm).overall == 100
