"""Redaction: names, first names, handles and e-mails become role labels, consistently everywhere."""

from __future__ import annotations

from desktop_app.domain.models import (
    ActionItem,
    Narrative,
    Postmortem,
    Stakeholder,
    StakeholderRole,
    TimelineEvent,
)
from desktop_app.domain.redaction import Replacement, redact


def _pm() -> Postmortem:
    return Postmortem(
        title="Ann Lee restarted the database; Will said we will retry",
        stakeholders=[
            Stakeholder(name="Ann Lee", role=StakeholderRole.INCIDENT_COMMANDER, email="ann.lee@example.com",
                        team="SRE"),
            Stakeholder(name="Will Smith", role=StakeholderRole.RESPONDER),
            Stakeholder(name="田中 太郎", role=StakeholderRole.RESPONDER),
            Stakeholder(name="Иван Петров", role=StakeholderRole.OBSERVER),
            Stakeholder(name="محمد", role=StakeholderRole.RESPONDER),
            Stakeholder(name="José García", role=StakeholderRole.ENGINEERING),
        ],
        narrative=Narrative(
            summary="Mail ann.lee@example.com or ping @ann. 田中さんが再起動. иван checked. محمد fixed it. "
            "JOSÉ approved. The Annex is fine. @nova paged.",
            what_happened="will this work? Will did. <b>&amp; Ann</b>",
        ),
        timeline=[
            TimelineEvent(actor="@nova", description="paged Ann"),
            TimelineEvent(actor="Ann", description="restarted"),
            TimelineEvent(actor="@ann_l", description="confirmed"),
        ],
        action_items=[ActionItem(title="Fix the alert", owner="Bob Stone", description="Bob Stone and Will")],
    )


def test_names_become_role_labels_everywhere() -> None:
    red, _ = redact(_pm())
    assert red.title == "Incident commander restarted the database; Responder 1 said we will retry"
    assert red.narrative.summary == (
        "Mail Incident commander or ping Incident commander. Responder 2さんが再起動. Observer checked. "
        "Responder 3 fixed it. Engineer approved. The Annex is fine. Responder 4 paged."
    )
    assert red.narrative.what_happened == "will this work? Responder 1 did. <b>&amp; Incident commander</b>"
    assert [s.name for s in red.stakeholders] == [
        "Incident commander", "Responder 1", "Responder 2", "Observer", "Responder 3", "Engineer",
    ]
    assert [s.email for s in red.stakeholders] == [""] * 6
    assert red.stakeholders[0].team == "SRE"
    assert [(e.actor, e.description) for e in red.timeline] == [
        ("Responder 4", "paged Incident commander"),
        ("Incident commander", "restarted"),
        ("Incident commander", "confirmed"),
    ]
    assert red.action_items[0].owner == "Responder 5"
    assert red.action_items[0].description == "Responder 5 and Responder 1"


def test_plan_lists_every_replacement_with_counts() -> None:
    _, plan = redact(_pm())
    assert plan.replacements == [
        Replacement("ann.lee@example.com", "Incident commander", 2),
        Replacement("Ann Lee", "Incident commander", 2),
        Replacement("@ann_l", "Incident commander", 1),
        Replacement("@ann", "Incident commander", 1),
        Replacement("Ann", "Incident commander", 3),
        Replacement("Will Smith", "Responder 1", 1),
        Replacement("Will", "Responder 1", 3),
        Replacement("田中 太郎", "Responder 2", 1),
        Replacement("田中", "Responder 2", 1),
        Replacement("Иван Петров", "Observer", 1),
        Replacement("Иван", "Observer", 1),
        Replacement("محمد", "Responder 3", 2),
        Replacement("José García", "Engineer", 1),
        Replacement("José", "Engineer", 1),
        Replacement("@nova", "Responder 4", 2),
        Replacement("Bob Stone", "Responder 5", 2),
    ]


def test_ids_times_and_original_are_untouched() -> None:
    pm = _pm()
    red, _ = redact(pm)
    assert red.id == pm.id
    assert [e.id for e in red.timeline] == [e.id for e in pm.timeline]
    assert pm.stakeholders[0].name == "Ann Lee"  # the original is not changed


def test_shared_first_name_is_not_replaced_alone() -> None:
    pm = Postmortem(
        title="Sam fixed it with Sam Jones",
        stakeholders=[Stakeholder(name="Sam Jones"), Stakeholder(name="Sam Wu")],
    )
    red, _ = redact(pm)
    assert red.title == "Sam fixed it with Responder 1"


def test_single_role_is_not_numbered_and_nothing_to_redact_is_a_no_op() -> None:
    pm = Postmortem(title="Quiet night", stakeholders=[Stakeholder(name="Kim", role=StakeholderRole.OBSERVER)])
    red, plan = redact(pm)
    assert red.stakeholders[0].name == "Observer"
    assert plan.replacements == [Replacement("Kim", "Observer", 1)]
    empty, nothing = redact(Postmortem(title="No people"))
    assert empty.title == "No people" and nothing.replacements == []
