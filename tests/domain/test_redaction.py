"""Redaction: names, first names, handles and e-mails become role labels, consistently everywhere."""

from __future__ import annotations

import pytest

from desktop_app.domain.models import (
    ActionItem,
    Narrative,
    Postmortem,
    Stakeholder,
    StakeholderRole,
    TimelineEvent,
)
from desktop_app.domain.redaction import Replacement, likely_names, redact


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


def test_mentioned_handles_and_cued_names_are_people() -> None:
    pm = Postmortem(
        title="Hook outage",
        stakeholders=[Stakeholder(name="Martin Holst Swende", role=StakeholderRole.INCIDENT_COMMANDER)],
        narrative=Narrative(
            summary="Created By: Benjamin Elder <x@example.com>\n@stevekuznetsov pinged @BenTheElder; "
            "@mhswende tweeted. Owner: Platform Team. @here please look. Install @types/node. "
            "Mail bounty@ethereum.org.",
            impact="A DoS reported by Hubert Ritzdorf. Benjamin agreed.",
        ),
    )
    red, plan = redact(pm)
    assert red.narrative.summary == (
        "Created By: Responder 1 <x@example.com>\nResponder 2 pinged Responder 3; "
        "Incident commander tweeted. Owner: Platform Team. @here please look. Install @types/node. "
        "Mail bounty@ethereum.org."
    )
    assert red.narrative.impact == "A DoS reported by Responder 4. Responder 1 agreed."
    assert [(r.original, r.label) for r in plan.replacements] == [
        ("Martin Holst Swende", "Incident commander"),
        ("@mhswende", "Incident commander"),
        ("Benjamin Elder", "Responder 1"),
        ("Benjamin", "Responder 1"),
        ("@stevekuznetsov", "Responder 2"),
        ("@BenTheElder", "Responder 3"),
        ("Hubert Ritzdorf", "Responder 4"),
    ]


def test_bare_handle_words_are_replaced_unless_common_short_or_an_acronym() -> None:
    pm = Postmortem(
        title="Disk full",
        narrative=Narrative(
            summary="nova saw it first; Nova and dma restarted; the DMA engine is fine. "
            "See https://twitter.com/nova/status/1 and https://hachyderm.io/@nova.",
            impact="@admin and admin; @will said it will pass; @ab and ab; @deploy and deploy.",
        ),
        timeline=[TimelineEvent(actor="@nova", description="paged"), TimelineEvent(actor="@dma")],
    )
    red, plan = redact(pm)
    assert red.narrative.summary == (
        "Responder 1 saw it first; Responder 1 and Responder 2 restarted; the DMA engine is fine. "
        "See https://twitter.com/Responder 1/status/1 and https://hachyderm.io/Responder 1."
    )
    assert red.narrative.impact == (
        "Responder 3 and admin; Responder 4 said it will pass; Responder 5 and ab; Responder 6 and deploy."
    )
    assert Replacement("nova", "Responder 1", 3) in plan.replacements
    assert Replacement("dma", "Responder 2", 1) in plan.replacements


def test_actors_and_owners_that_are_roles_or_teams_are_kept_and_their_words_stay() -> None:
    """The sample's actors "Checkout on-call" and "Payments on-call" once made every "checkout" and
    "payments" a "Responder"; a role names nobody."""
    from desktop_app.domain.models import ActionItem, Restoration, Stakeholder, StakeholderRole, TimelineEvent

    pm = Postmortem(
        title="Checkout payments failed after a connection-pool change",
        restoration=Restoration(affected_services=["checkout-api", "payments-gateway"]),
        stakeholders=[Stakeholder(name="Amira Schulz", role=StakeholderRole.INCIDENT_COMMANDER)],
        timeline=[
            TimelineEvent(description="Checkout on-call opens the incident channel", actor="Checkout on-call"),
            TimelineEvent(description="Payments on-call mitigated; Amira declared it", actor="Payments on-call"),
            TimelineEvent(description="Paged", actor="Incident commander"),
            TimelineEvent(description="Deploy", actor="deploy-bot"),
            TimelineEvent(description="Ticket from a customer", actor="Support"),
            TimelineEvent(description="Rolled back", actor="Tom Berger"),
        ],
        action_items=[ActionItem(title="Alert on pool waits", owner="SRE team"),
                      ActionItem(title="Runbook for Tom's fix", owner="Tom Berger")],
    )
    redacted, plan = redact(pm)
    assert redacted.title == pm.title
    assert redacted.restoration.affected_services == ["checkout-api", "payments-gateway"]
    assert [e.actor for e in redacted.timeline] == [
        "Checkout on-call", "Payments on-call", "Incident commander", "deploy-bot", "Support", "Responder"]
    assert [e.description for e in redacted.timeline[:2]] == [
        "Checkout on-call opens the incident channel", "Payments on-call mitigated; Incident commander declared it"]
    assert [(a.title, a.owner) for a in redacted.action_items] == [
        ("Alert on pool waits", "SRE team"), ("Runbook for Responder's fix", "Responder")]
    assert sorted((r.original, r.label, r.count) for r in plan.replacements) == [
        ("Amira", "Incident commander", 1), ("Amira Schulz", "Incident commander", 1),
        ("Tom", "Responder", 1), ("Tom Berger", "Responder", 2),
    ]


@pytest.mark.parametrize(("text", "role"), [
    ("Payments on-call", True), ("Incident commander", True), ("SRE team", True), ("deploy-bot", True),
    ("Support", True), ("Platform / Infra", True), ("Customer", True), ("Responder 2", True),
    ("Tom Berger", False), ("@nova", False), ("Ana García", False), ("李雷", False), ("Will", False),
])
def test_names_a_role(text: str, role: bool) -> None:
    from desktop_app.domain.redaction import names_a_role

    assert names_a_role(text) is role


def _prose(*lines: str) -> Postmortem:
    return Postmortem(title="Gateway outage", narrative=Narrative(summary="\n".join(lines)))


def test_names_in_prose_are_guessed_and_replaced_the_same_everywhere() -> None:
    pm = _prose(
        "Yesterday Peter Taylor restarted the node; thanks to Søren Iversen we found it.",
        "Peter said the fix held. Update given to Soren, Lloyd and Peter Taylor.",
        "The token of ewdurbin2 leaked; Ee Durbin revoked it. Durbin wrote the report.",
    )
    assert likely_names(pm) == ["Peter Taylor", "Søren Iversen", "Soren", "Lloyd", "Ee Durbin"]
    redacted, plan = redact(pm)
    assert redacted.narrative.summary == (
        "Yesterday Responder 1 restarted the node; thanks to Responder 2 we found it.\n"
        "Responder 1 said the fix held. Update given to Responder 2, Responder 3 and Responder 1.\n"
        "The token of Responder 4 leaked; Responder 4 revoked it. Responder 4 wrote the report."
    )
    assert all(r.guessed for r in plan.replacements)
    assert {r.original: r.label for r in plan.replacements}["ewdurbin2"] == "Responder 4"


def test_terms_that_look_like_names_are_not_guessed() -> None:
    pm = _prose(
        "We moved the service to Google Cloud on Monday March 4 and Redis Sentinel failed over.",
        "The Incident Commander paged the on-call. Restarting Redis fixed it.",
        "Amazon Web Services had an outage in US East. Our Status Page showed it. New York users were hit.",
        "Add Alerting For Redis Sentinel Failover Events",
        "The Chia Network team agreed. Trail of Bits reported it. Let's Encrypt renewed. Post Mortem Review.",
        "Key Takeaways",
        "Last Modified: 2019-01-23",
        "We follow the Common Weakness Enumeration (CWE) list. Black Friday traffic doubled.",
        "PagerDuty Escalation paged us. The root cause was a Root Cause we missed.",
    )
    assert likely_names(pm) == []
    redacted, plan = redact(pm)
    assert redacted == pm and plan.replacements == []


def test_a_word_written_in_lowercase_elsewhere_is_not_a_name_but_a_cue_keeps_a_name() -> None:
    assert likely_names(_prose("Rolling Back took an hour.", "We were rolling back.")) == []
    # "hoppers" is another form of "Hopper": not a name, unless a cue says a person follows.
    assert likely_names(_prose("Then Grace Hopper looked.", "The hoppers were full.")) == []
    assert likely_names(_prose("Found by Grace Hopper.", "The hoppers were full.")) == ["Grace Hopper"]


def test_guessed_names_the_user_keeps_stay_as_written() -> None:
    pm = _prose("Matt Hauff escalated to Richard Kiss. Matt and Richard agreed.")
    redacted, plan = redact(pm, keep=["richard kiss"])
    assert redacted.narrative.summary == "Responder escalated to Richard Kiss. Responder and Richard agreed."
    assert plan.replacements == [
        Replacement("Matt Hauff", "Responder", 1, guessed=True),
        Replacement("Matt", "Responder", 1, guessed=True),
    ]


def test_a_guessed_name_that_is_a_stakeholder_takes_the_stakeholders_label() -> None:
    pm = _prose("Peter Taylor restarted it.")
    pm.stakeholders = [Stakeholder(name="Peter Taylor", role=StakeholderRole.INCIDENT_COMMANDER)]
    redacted, plan = redact(pm)
    assert redacted.narrative.summary == "Incident commander restarted it."
    assert plan.replacements == [Replacement("Peter Taylor", "Incident commander", 2)]


def test_person_labels_give_each_field_its_redacted_value() -> None:
    from desktop_app.domain.redaction import PersonLabels

    pm = _pm()
    redacted, _plan = redact(pm)
    labels = PersonLabels(pm)
    assert [labels.field(e.actor) for e in pm.timeline] == [e.actor for e in redacted.timeline]
    assert [labels.field(a.owner) for a in pm.action_items] == [a.owner for a in redacted.action_items]
    assert [labels.stakeholder_labels[s.id] for s in pm.stakeholders if s.name.strip()] == [
        s.name for s in redacted.stakeholders if s.name.strip()]
    assert labels.text(pm.narrative.summary) == redacted.narrative.summary


@pytest.mark.parametrize(("name", "system"), [
    ("@UptimeRobot", True), ("UptimeRobot", True), ("PagerDutyBot", True), ("dependabot", True),
    ("@dependabot", True), ("renovate[bot]", True), ("github-actions[bot]", True), ("deploy-bot", True),
    ("deploy_bot", True), ("HTTPBot", True), ("release robot", True), ("Pingdom", True), ("@pagerduty", True),
    ("New Relic", True), ("Uptime Kuma", True), ("Grafana alerts", True),
    ("Robert", False), ("Roberta", False), ("Abbott", False), ("Talbot", False), ("Bottas", False),
    ("@abbot", False), ("@robertj", False), ("@nova", False), ("@malte_j", False), ("@dma", False),
    ("Tom Berger", False), ("李雷", False),
])
def test_is_system_name_bot_words_and_listed_services(name: str, system: bool) -> None:
    from desktop_app.domain.redaction import is_system_name

    assert is_system_name(name) is system


def test_bots_and_monitoring_services_are_kept_people_are_not() -> None:
    pm = Postmortem(
        title="Outage",
        narrative=Narrative(summary="@dependabot opened a PR; @Robert and @abbott reviewed; Pingdom paged."),
        timeline=[
            TimelineEvent(description="Alert from PagerDutyBot", actor="PagerDutyBot"),
            TimelineEvent(description="Bumped the lockfile", actor="renovate[bot]"),
            TimelineEvent(description="Checked it", actor="Robert Talbot"),
        ],
    )
    redacted, plan = redact(pm)
    assert [e.actor for e in redacted.timeline] == ["PagerDutyBot", "renovate[bot]", "Responder 1"]
    assert redacted.narrative.summary == (
        "@dependabot opened a PR; Responder 1 and Responder 2 reviewed; Pingdom paged.")  # @Robert: Robert Talbot
    assert sorted((r.original.casefold(), r.label) for r in plan.replacements) == [
        ("@abbott", "Responder 2"), ("@robert", "Responder 1"), ("robert talbot", "Responder 1")]


def test_hachyderm_import_keeps_uptimerobot_and_redacts_the_people(corpus_dir) -> None:
    from desktop_app.formats.markdown_import import import_markdown_file

    pm = import_markdown_file(corpus_dir / "hachyderm-2022-12-13-root-fs-full.md").postmortem
    redacted, plan = redact(pm)
    alert = next(e for e in redacted.timeline if "First alert received" in e.description)
    assert (alert.actor, alert.description) == ("@UptimeRobot", "`@UptimeRobot` First alert received")
    assert "removes the status entirely from UptimeRobot." in redacted.model_dump_json()
    assert sorted({e.actor for e in redacted.timeline}) == [
        "@UptimeRobot", "Responder 1", "Responder 2", "Responder 3"]
    assert [(r.original, r.label) for r in plan.replacements] == [
        ("@nova", "Responder 1"), ("@dma", "Responder 2"), ("@malte_j", "Responder 3")]
    assert "@nova" not in redacted.model_dump_json() and "UptimeRobot" not in plan.labels
