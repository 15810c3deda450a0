"""The specificity check: owner, due date, overdue and vague wording, on real action items."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.action_checks import (
    GENERIC_NOUNS,
    VAGUE_RULES,
    ActionFinding,
    VagueRule,
    check_action,
    due_reading,
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
    "Improve Monitoring And Alerting",  # title case names no system
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


# Non-English items, flagged: a vague verb in the item's own language and nothing concrete.
# German capitalises every noun, so "Überwachung", "Datenbank" or "Ausfalls" name no system.
VAGUE_ELSEWHERE = [
    "Die Überwachung der Datenbank verbessern",
    "Überwachung verbessern",
    "Beim Deployment vorsichtiger sein",
    "Ursache des Ausfalls untersuchen",
    "Alarmierung überprüfen",
    "Überprüfung der Backups",
    "Die Rufbereitschaft besser überwachen",
    "Revisar las alertas",
    "Tener más cuidado con los despliegues",
    "Mejorar el monitoreo de la base de datos",
    "Melhorar o monitoramento",
    "Ter mais cuidado nos deploys",
    "Revoir le processus d'astreinte",
    "Être plus vigilant lors des mises en production",
    "Mieux surveiller la base de données",
    "Migliorare il monitoraggio",
    "監視を改善する",
    "原因を調査する",
    "デプロイ時にもっと注意する",
    "アラート設定を見直す",
]

# Non-English items, not flagged: a number, a named system or a date in any language, or the
# vague-looking word only inside a later clause ("… manuell überprüfen muss", "… revisar a mano").
SPECIFIC_ELSEWHERE = [
    "Bis 2025-03-01 Alarm bei >80 % Speicher in prod-db (Owner: Jürgen)",
    "Speicherüberwachung für prod-db verbessern",
    "Überwachung von Kafka verbessern",
    "Automatisieren, damit niemand mehr manuell überprüfen muss",
    "Wöchentlich die Backups überprüfen",
    "Die Alarmierung bis Freitag überprüfen",
    "Zertifikate mit cert-manager automatisch erneuern",
    "Mit Jürgen die Rufbereitschaft für das Zahlungssystem planen",
    "Automatizar la rotación de certificados para no tener que revisar a mano",
    "Revisar semanalmente los umbrales de alerta",
    "Mejorar el tiempo de detección a menos de 5 minutos",
    "Alerta cuando la latencia p99 supere 2 s en checkout-api",
    "Améliorer la supervision de PostgreSQL",
    "Revoir chaque semaine les seuils d'alerte",
    "Ajouter une alerte quand la file dépasse 1000 messages",
    "Migliorare il monitoraggio di Kafka entro il 30 giugno",
    "監視を改善し、p99が2秒を超えたらアラートする",
    "毎週バックアップの復元を確認する",
    "障害調査用の手順書を作成する",
    "来週までにアラート設定を見直す",
]


@pytest.mark.parametrize("title", VAGUE)
def test_vague_wording_is_flagged(title: str) -> None:
    findings = check_action(ActionItem(title=title, owner="Ada", due_date=date(2024, 7, 1)), today=TODAY)
    assert [f.rule for f in findings] == ["vague"]
    assert findings[0].hint


@pytest.mark.parametrize("title", SPECIFIC)
def test_specific_wording_is_not_flagged(title: str) -> None:
    assert check_action(ActionItem(title=title, owner="Ada", due_date=date(2024, 7, 1)), today=TODAY) == []


@pytest.mark.parametrize("title", VAGUE_ELSEWHERE)
def test_vague_wording_in_other_languages_is_flagged(title: str) -> None:
    item = ActionItem(title=title, owner="Jürgen Weiß", due_date=date(2024, 7, 1))
    assert [f.rule for f in check_action(item, today=TODAY)] == ["vague"]


@pytest.mark.parametrize("title", SPECIFIC_ELSEWHERE)
def test_specific_wording_in_other_languages_is_not_flagged(title: str) -> None:
    item = ActionItem(title=title, owner="山田太郎", due_date=date(2024, 7, 1))
    assert check_action(item, today=TODAY) == []


def test_many_phrasings_are_covered() -> None:
    assert len(VAGUE) + len(SPECIFIC) >= 40
    assert len(VAGUE_ELSEWHERE) >= 10 and len(SPECIFIC_ELSEWHERE) >= 10


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("Die Überwachung der Datenbank verbessern", "verbessern"),
        ("Beim Deployment vorsichtiger sein", "vorsichtiger"),
        ("Überprüfung der Backups", "Überprüfung"),
        ("Revisar las alertas", "Revisar"),
        ("デプロイ時にもっと注意する", "注意する"),
        ("アラート設定を見直す。", "見直す"),
    ],
)
def test_vague_message_quotes_the_word_as_written(title: str, word: str) -> None:
    (finding,) = check_action(ActionItem(title=title, owner="Ana", due_date=TODAY), today=TODAY)
    assert finding.message == f"Vague wording: “{word}” with no target, system or date."


def test_the_jurgen_item_is_specific_owned_and_dated() -> None:
    item = ActionItem(title="Bis 2025-03-01 Alarm bei >80 % Speicher in prod-db (Owner: Jürgen)", owner="Jürgen",
                      due_date=date(2025, 3, 1))
    assert check_action(item, today=TODAY) == []
    assert specifics(item.title) == ["number", "named thing"]


def test_a_trailing_rule_only_takes_the_verb_that_ends_the_item() -> None:
    rule = VagueRule(r"\b[üu]berpr[üu]fen", "Say what.", trailing=True)
    assert rule.search("Backups überprüfen") is not None
    assert rule.search("Backups überprüfen.\nDanach melden") is not None
    assert rule.search("Skript, damit niemand manuell überprüfen muss") is None


def test_generic_nouns_are_data_that_can_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    assert specifics("Die Kaffeemaschine verbessern") == ["named thing"]
    assert vague_rule("Die Kaffeemaschine verbessern") is None
    monkeypatch.setattr("desktop_app.domain.action_checks.GENERIC_NOUNS", {*GENERIC_NOUNS, "kaffeemaschine"})
    assert specifics("Die Kaffeemaschine verbessern") == []
    assert vague_rule("Die Kaffeemaschine verbessern") is not None


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


@pytest.mark.parametrize(
    "owner", ["José Núñez", "李雷", "@malte_j", "Zoë", "محمد", "SRE team", "Jürgen Weiß", "山田太郎", "François Lefèvre",
              "Søren Ødegård", "Łukasz Żółć", "אורי כהן"],
)
def test_any_script_counts_as_an_owner(owner: str) -> None:
    assert check_action(ActionItem(title="Upgrade etcd to v3.5.3", owner=owner, due_date=TODAY), today=TODAY) == []


def test_a_due_date_that_is_only_words_is_named() -> None:
    item = ActionItem(title="Upgrade etcd to v3.5.3", owner="Ada", due_text="next sprint")
    (finding,) = check_action(item, today=TODAY)
    assert finding == ActionFinding(
        "no_due_date", "Due “next sprint” is not a date.", "Pick the date by which it will be done."
    )
    item.due_text = "  Q3\n<&> 2024 — before the freeze, after the audit and the launch  "
    assert check_action(item, today=TODAY)[0].message == (
        "Due “Q3 <&> 2024 — before the freeze, after…” is not a date."
    )
    item.due_text = "   "
    assert check_action(item, today=TODAY)[0].message == "No due date."


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


def test_empty_title_is_flagged_as_such_not_as_vague() -> None:
    assert [(f.rule, f.message) for f in check_action(ActionItem(owner="Ada", due_date=TODAY), today=TODAY)] == [
        ("no_title", "No title.")
    ]
    assert [f.rule for f in check_action(ActionItem(title=" \u200b "), today=TODAY)] == [
        "no_title", "no_owner", "no_due_date"
    ]


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
        ("0000-01-01", "Year 0 does not exist: type a date like 2025-03-01."),
        ("1/1/0000", "Year 0 does not exist: type a date like 2025-03-01."),
        ("1 May 0000", "Year 0 does not exist: type a date like 2025-03-01."),
        ("31 Foo 2024", "“Foo” is not a month."),
        ("next week", "“next week” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or "
                      "in 2 weeks."),
        ("李雷", "“李雷” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or in 2 weeks."),
    ],
)
def test_impossible_due_dates_are_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due_date(text, today=TODAY)
    assert str(caught.value) == message


# -- year-less due dates: the next occurrence from today; the range a due date may take ------------

DEC_4 = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("12/3", DEC_4, date(2027, 3, 12)),  # day first: 12 March, passed this year
        ("3/12", DEC_4, date(2027, 12, 3)),  # 3 December has passed this year
        ("4/12", DEC_4, date(2026, 12, 4)),  # today itself
        ("5/12", DEC_4, date(2026, 12, 5)),
        ("3 Dec", DEC_4, date(2027, 12, 3)),
        ("Dec 3", DEC_4, date(2027, 12, 3)),
        ("Dec 31", DEC_4, date(2026, 12, 31)),
        ("3rd December", DEC_4, date(2027, 12, 3)),
        ("1 Jan", DEC_4, date(2027, 1, 1)),
        ("31.01", DEC_4, date(2027, 1, 31)),
        ("29 Feb", DEC_4, date(2028, 2, 29)),  # the next leap year
        ("Feb 29", date(2028, 3, 1), date(2032, 2, 29)),
        ("3 Dec 2026", DEC_4, date(2026, 12, 3)),  # a year typed is kept, even a past one
        ("31/07", TODAY, date(2024, 7, 31)),
        ("1/6", TODAY, date(2025, 6, 1)),
    ],
)
def test_a_due_date_without_a_year_is_its_next_occurrence(text: str, today: date, expected: date) -> None:
    assert parse_due_date(text, today=today) == expected


def test_a_month_first_date_without_a_year_is_its_next_occurrence() -> None:
    assert parse_due_date("12/3", today=DEC_4, day_first=False) == date(2027, 12, 3)
    assert parse_due_date("12/5", today=DEC_4, day_first=False) == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02", "There is no 31 February."),
        ("31 Apr", "There is no 31 April."),
        ("1999-12-31", "Due date “1999-12-31” is before 2000-01-01."),
        ("31/12/1999", "Due date “31/12/1999” (1999-12-31) is before 2000-01-01."),
        ("1 Jan 1970", "Due date “1 Jan 1970” (1970-01-01) is before 2000-01-01."),
        ("2046-12-05", "Due date “2046-12-05” is more than 20 years from today: the latest is 2046-12-04."),
        ("5/12/99", "Due date “5/12/99” (2099-12-05) is more than 20 years from today: the latest is 2046-12-04."),
    ],
)
def test_due_dates_out_of_range_are_refused_naming_the_field_and_value(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due_date(text, today=DEC_4)
    assert str(caught.value) == message


def test_the_due_date_range_ends_are_taken() -> None:
    assert parse_due_date("2000-01-01", today=DEC_4) == date(2000, 1, 1)
    assert parse_due_date("2046-12-04", today=DEC_4) == date(2046, 12, 4)
    # From 29 February 2080 the latest is 28 February 2100 (2100 is not a leap year).
    assert parse_due_date("2100-02-28", today=date(2080, 2, 29)) == date(2100, 2, 28)
    with pytest.raises(ValueError, match=r"^Due date “2100-03-01” is more than 20 years from today: "
                                         r"the latest is 2100-02-28\.$"):
        parse_due_date("2100-03-01", today=date(2080, 2, 29))


# -- relative due dates: weekdays and "in N days / weeks", from Friday 4 December 2026 --------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", date(2026, 12, 11)),  # today is a Friday: the next one, a week ahead
        ("Friday", date(2026, 12, 11)),
        ("fri", date(2026, 12, 11)),
        ("Fri.", date(2026, 12, 11)),
        ("next friday", date(2026, 12, 11)),
        ("Next  Friday", date(2026, 12, 11)),
        ("saturday", date(2026, 12, 5)),
        ("sat", date(2026, 12, 5)),
        ("sun", date(2026, 12, 6)),
        ("monday", date(2026, 12, 7)),
        ("next mon", date(2026, 12, 7)),
        ("tue", date(2026, 12, 8)),
        ("tues", date(2026, 12, 8)),
        ("wednesday", date(2026, 12, 9)),
        ("thu", date(2026, 12, 10)),
        ("thurs", date(2026, 12, 10)),
        ("next thursday", date(2026, 12, 10)),
        ("in 1 day", date(2026, 12, 5)),
        ("in 3 days", date(2026, 12, 7)),
        ("in 30 days", date(2027, 1, 3)),
        ("in a day", date(2026, 12, 5)),
        ("in a week", date(2026, 12, 11)),
        ("in 1 week", date(2026, 12, 11)),
        ("in one week", date(2026, 12, 11)),
        ("In 2 Weeks", date(2026, 12, 18)),
        ("in 4 weeks", date(2027, 1, 1)),
        ("today", DEC_4),
        ("tomorrow", date(2026, 12, 5)),
    ],
)
def test_relative_due_dates(text: str, expected: date) -> None:
    assert parse_due_date(text, today=DEC_4) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("in 7306 days", "Due date “in 7306 days” is more than 20 years from today: the latest is 2046-12-04."),
        ("in 999999 weeks", "Due date “in 999999 weeks” is more than 20 years from today: the latest is 2046-12-04."),
        ("next week", "“next week” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or "
                      "in 2 weeks."),
        ("next", "“next” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or in 2 weeks."),
        ("in days", "“in days” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or "
                    "in 2 weeks."),
        ("fr", "“fr” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or in 2 weeks."),
    ],
)
def test_relative_due_dates_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due_date(text, today=DEC_4)
    assert str(caught.value) == message


def test_the_longest_relative_due_date_is_taken() -> None:
    assert parse_due_date("in 7305 days", today=DEC_4) == date(2046, 12, 4)


@pytest.mark.parametrize(
    ("typed", "due", "reading"),
    [
        ("12/3", date(2027, 3, 12), "Read as Fri 12 Mar 2027."),
        ("3 Dec", date(2027, 12, 3), "Read as Fri 3 Dec 2027."),
        ("friday", date(2026, 12, 11), "Read as Fri 11 Dec 2026."),
        ("2027-03-12", date(2027, 3, 12), ""),
        (" 2027-03-12 ", date(2027, 3, 12), ""),
        ("", None, ""),
    ],
)
def test_how_a_typed_due_date_was_read(typed: str, due: date | None, reading: str) -> None:
    assert due_reading(typed, due) == reading


def test_a_huge_paste_into_the_due_date_is_quoted_short() -> None:
    with pytest.raises(ValueError) as refused:
        parse_due_date("x" * 5_000_000, today=date(2026, 12, 4))
    assert str(refused.value) == (
        f"“{'x' * 39}…” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or in 2 weeks."
    )
