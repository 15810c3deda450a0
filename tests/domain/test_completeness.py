"""Step completeness names exactly what is missing."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop_app.domain.completeness import Step, all_steps, step_status
from desktop_app.domain.models import (
    ActionItem,
    Evidence,
    Narrative,
    Postmortem,
    Restoration,
    Severity,
    Stakeholder,
    Status,
    TimelineEvent,
)

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def test_empty_postmortem_misses_everything() -> None:
    statuses = all_steps(Postmortem())
    assert [s.complete for s in statuses] == [False] * 7
    assert step_status(Postmortem(), Step.RESTORATION).missing == (
        "title", "severity", "service restored", "affected services",
    )


def test_complete_postmortem() -> None:
    pm = Postmortem(
        title="Checkout down",
        severity=Severity.SEV2,
        status=Status.IN_REVIEW,
        restoration=Restoration(restored=True, restored_at=WHEN, affected_services=["checkout"]),
        evidence=[Evidence(title="Grafana board")],
        stakeholders=[Stakeholder(name="Ada", is_facilitator=True)],
        review_meeting_at=WHEN,
        discussion_notes="We talked.",
        narrative=Narrative(summary="s", impact="i", root_cause="r"),
        timeline=[TimelineEvent(occurred_at=WHEN, description="x")],
        action_items=[ActionItem(title="Add alert on p99 > 2 s", owner="Ada", due_date=date(2024, 6, 1))],
    )
    assert [s.step.title for s in all_steps(pm) if not s.complete] == []


def test_action_items_without_owner_or_date() -> None:
    pm = Postmortem(action_items=[ActionItem(title="x")])
    assert step_status(pm, Step.ACTION_ITEMS).missing == (
        "an owner for every action item", "a due date for every action item",
    )


def test_done_and_wont_do_items_need_no_owner_or_due_date() -> None:
    from desktop_app.domain.models import ActionStatus

    pm = Postmortem(action_items=[
        ActionItem(title="Enable nftables on fritz", status=ActionStatus.DONE),
        ActionItem(title="Rewrite the proxy in Rust", status=ActionStatus.WONT_DO),
    ])
    assert step_status(pm, Step.ACTION_ITEMS).missing == ()
    pm.action_items.append(ActionItem(title="Bind Redis to the private network", status=ActionStatus.IN_PROGRESS))
    assert step_status(pm, Step.ACTION_ITEMS).missing == (
        "an owner for every action item", "a due date for every action item",
    )
    pm.action_items[2].owner = "Kris Nóva"
    assert step_status(pm, Step.ACTION_ITEMS).missing == ("a due date for every action item",)
    # a closed item still needs a title
    pm.action_items[2].due_date = date(2024, 6, 1)
    pm.action_items.append(ActionItem(title="  ", status=ActionStatus.DONE))
    assert step_status(pm, Step.ACTION_ITEMS).missing == ("a title for every action item",)
