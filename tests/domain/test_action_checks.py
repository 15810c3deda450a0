"""The specificity check: owner, due date, overdue and vague wording, on real action items."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.action_checks import (
    VAGUE_RULES,
    ActionFinding,
    VagueRule,
    check_action,
    parse_due_date,
    specifics,
    vague_rule,
)
from desktop_app.domain.models import ActionItem, ActionStatus

TODAY = date(2024, 6, 10)

# Flagged as vague: a vague verb or phrase and nothing concrete (no number, system or date).
VAGUE = [
    "Improve coverage of readiness/liveness probes",  # dfds-pm2022-009
    "Investigate",
    "Be more careful when deploying",
    "Be more careful when deploying on Fridays",
    "Be more careful",
    "Improve monitoring",
    "Monitor better",
    "Better monitoring of the queue",
    "Look into the flaky deploys",
    "Revisit our alerting strategy",
    "Consider separate prioritization of SRE tasks: SRE's in the team need to have a better day to day operations focus",  # dfds-pm2019-009
    "Explore possibility of using cloud-based firewall rules as an extra layer of protection & plan to implement",  # hachyderm-2023
    "Make sure all deployed resources have a plan for monitoring / scaling: This is a work in progress",  # dfds-pm2019-009
    "Figure out how to monitor the critical CVEs",  # dfds-pm2021-011
    "improve the resiliency of the forkmon, which is currently not performing great when many nodes are connected.",  # geth
    "Review the runbook",
    "Ensure backups work",
    "Improve the on-call handover",
    "Make the deploy pipeline more robust",
    "We should consider using a versioned config",
    "Think about rate limiting",
    "Keep an eye on disk usage",
    "Optimise the build",
    "Mejorar el monitoreo",
    "Investigar la caída del servicio",
    "Améliorer la surveillance",
]

# Not flagged: concrete wording, or a vague verb with a target, a named system or a date.
SPECIFIC = [
    "Add alert when p99 latency > 2s for 5 min on checkout-api",
    "Upgrade etcd to v3.5.3",
    "Modify infrastructure-modules to allow specifying a particular AMI",  # dfds-pm2022-009
    "Implement alerting to catch abnormal NodeNotReady events and/or increased sockets used",  # dfds-pm2022-009
    "Create a Prometheus exporter that retrieves the latest AMI available and create associated dashboard/alerts",
    "Collect logs from nodes centrally",  # no vague verb: not this rule's business
    "Establishing a more robust testing strategy for the PostHog SDK - we should test lazy loaded extensions",
    "Quarterly incident response drills to ensure operational readiness",  # posthog-2025-09-29: a cadence
    "Improve Redis failover",
    "Investigate why `kube-proxy` restarts",
    "Review alert thresholds for checkout-api by 2024-06-01",
    "Ensure backups are restored weekly in staging",
    "Improve test coverage of posthog-persistence.ts",
    "Investigate the outage root cause by end of week",
    "Enable nftables on fritz and ensure it will re-enable upon system or service restart on all systems",  # hachyderm
    "Bind Redis only to expected IP blocks for Hachyderm’s servers",
    "Improve monitoring of /var/log on the web hosts",
    "Improve error budget burn to below 2% per week",
    "Look into https://github.com/darkbitio/aws-recon for the inventory",
    "Improve the CDN cache hit ratio to 95%",
    "Implementing monitoring and alerting for SDK errors - consider tracking SDK exception rates",  # posthog-2026
    "Revisit the db_pool_size setting",
    "Improve retries in PaymentService",
    "Consider moving to OAuth 2.0",
    "Cron cleanup scheduled",  # hachyderm-2022
    "改进监控",  # no rule in Chinese: never flagged, never a crash
    "مراقبة أفضل",
    "🔥 fix the 🔥",
]


@pytest.mark.parametrize("title", VAGUE)
def test_vague_wording_is_flagged(title: str) -> None:
    findings = check_action(ActionItem(title=title, owner="Ada", due_date=date(2024, 7, 1)), today=TODAY)
    assert [f.rule for f in findings] == ["vague"]
    assert findings[0].hint


@pytest.mark.parametrize("title", SPECIFIC)
def test_specific_wording_is_not_flagged(title: str) -> None:
    assert check_action(ActionItem(title=title, owner="Ada", due_date=date(2024, 7, 1)), today=TODAY) == []


def test_many_phrasings_are_covered() -> None:
    assert len(VAGUE) + len(SPECIFIC) >= 40


def test_vague_message_names_the_word_and_hint_says_how() -> None:
    (finding,) = check_action(ActionItem(title="Improve monitoring", owner="Ada", due_date=TODAY), today=TODAY)
    assert finding == ActionFinding(
        "vague",
        "Vague wording: “Improve” with no target, system or date.",
        "Say what will be measurably better and where, e.g. 'alert when p99 > 2 s on checkout-api'.",
    )


def test_description_can_make_an_item_specific() -> None:
    item = ActionItem(title="Improve monitoring", description="Alert when queue depth > 1000 on orders-worker",
                      owner="Ada", due_date=TODAY)
    assert check_action(item, today=TODAY) == []


def test_specifics_names_what_makes_wording_specific() -> None:
    assert specifics("Add alert when p99 > 2s on checkout-api") == ["number", "named thing"]
    assert specifics("Improve things by end of sprint") == ["date"]
    assert specifics("Improve things") == []


def test_a_leading_only_rule_ignores_the_verb_in_a_later_clause() -> None:
    assert vague_rule("Ensure the cache is warm") is not None
    assert vague_rule("Warm the cache and ensure it stays warm") is None


def test_rules_are_data_that_can_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    assert vague_rule("Tidy up the alerts") is None
    monkeypatch.setattr("desktop_app.domain.action_checks.VAGUE_RULES", [*VAGUE_RULES, VagueRule(r"\btidy\s+up\b", "Say what.")])
    assert vague_rule("Tidy up the alerts") == VagueRule(r"\btidy\s+up\b", "Say what.")


@pytest.mark.parametrize("owner", ["", "   ", "\t\n", "\u200b", " \u00a0 "])
def test_blank_owner_counts_as_empty(owner: str) -> None:
    item = ActionItem(title="Upgrade etcd to v3.5.3", owner=owner, due_date=TODAY)
    assert [(f.rule, f.message) for f in check_action(item, today=TODAY)] == [("no_owner", "No owner.")]


@pytest.mark.parametrize("owner", ["José Núñez", "李雷", "@malte_j", "Zoë", "محمد", "SRE team"])
def test_any_script_counts_as_an_owner(owner: str) -> None:
    assert check_action(ActionItem(title="Upgrade etcd to v3.5.3", owner=owner, due_date=TODAY), today=TODAY) == []


def test_missing_due_date_mentions_what_the_source_said() -> None:
    item = ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_text="next sprint")
    (finding,) = check_action(item, today=TODAY)
    assert finding == ActionFinding(
        "no_due_date", "No due date.", "Pick the date by which it will be done. The source said: next sprint"
    )


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (ActionStatus.OPEN, date(2024, 6, 9), ["overdue"]),
        (ActionStatus.IN_PROGRESS, date(2024, 6, 1), ["overdue"]),
        (ActionStatus.OPEN, TODAY, []),  # due today is not overdue
        (ActionStatus.DONE, date(2024, 1, 1), []),
        (ActionStatus.WONT_DO, None, []),  # a closed item needs no more specifying
    ],
)
def test_overdue_only_while_open(status: ActionStatus, due: date | None, expected: list[str]) -> None:
    item = ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_date=due, status=status)
    assert [f.rule for f in check_action(item, today=TODAY)] == expected


def test_overdue_message() -> None:
    item = ActionItem(title="x 1", owner="Ada", due_date=date(2024, 6, 9), status=ActionStatus.IN_PROGRESS)
    assert check_action(item, today=TODAY)[0].message == "Overdue: due 2024-06-09, 1 day ago, still in progress."


def test_everything_wrong_at_once_in_a_fixed_order() -> None:
    item = ActionItem(title="Investigate", owner=" ")
    assert [f.rule for f in check_action(item, today=TODAY)] == ["no_owner", "no_due_date", "vague"]


def test_empty_title_is_not_vague() -> None:
    assert check_action(ActionItem(owner="Ada", due_date=TODAY), today=TODAY) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-31", date(2024, 7, 31)),
        ("2024/7/3", date(2024, 7, 3)),
        ("31/07/2024", date(2024, 7, 31)),
        ("31.07.2024", date(2024, 7, 31)),
        ("3/7/24", date(2024, 7, 3)),
        ("31/07", date(2024, 7, 31)),
        ("7/31/2024", date(2024, 7, 31)),  # 31 can only be the day
        ("31 July 2024", date(2024, 7, 31)),
        ("31st Jul", date(2024, 7, 31)),
        ("July 31, 2024", date(2024, 7, 31)),
        ("Sept 3", date(2024, 9, 3)),
        ("  today ", TODAY),
        ("tomorrow", date(2024, 6, 11)),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_due_dates(text: str, expected: date | None) -> None:
    assert parse_due_date(text, today=TODAY) == expected


def test_month_first_locale() -> None:
    assert parse_due_date("3/7/2024", today=TODAY, day_first=False) == date(2024, 3, 7)
    assert parse_due_date("31/7/2024", today=TODAY, day_first=False) == date(2024, 7, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02", "There is no 31 February."),
        ("30.02.2025", "There is no 30 February."),
        ("2023-02-29", "There is no 29 February in 2023."),
        ("2024-13-01", "There is no month 13."),
        ("31 Foo 2024", "“Foo” is not a month."),
        ("next week", "“next week” is not a date. Type it like 2024-05-31, 31/05/2024 or 31 May 2024."),
        ("李雷", "“李雷” is not a date. Type it like 2024-05-31, 31/05/2024 or 31 May 2024."),
    ],
)
def test_impossible_due_dates_are_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due_date(text, today=TODAY)
    assert str(caught.value) == message
