"""Blaming language: a person as the cause is found, with a blameless rewording; systems are not."""

from __future__ import annotations

import pytest

from desktop_app.domain.blameless import BLAME_RULES, BlameFinding, BlameRule, find_blame

# (text, the flagged phrases in order)
FLAGGED = [
    ("Bob forgot to renew the certificate.", ["Bob forgot to"]),
    ("Zoë forgot the feature flag.", ["Zoë forgot"]),
    ("Łukasz should have checked the dashboard.", ["Łukasz should have"]),
    ("José Núñez forgot to update the DNS record.", ["José Núñez forgot to"]),
    ("Then Mark forgot to restart it.", ["Mark forgot to"]),
    ("🔥 Bob forgot 🔥", ["Bob forgot"]),
    ("The outage was caused by human error.", ["human error"]),
    ("Root cause: Human-Error", ["Human-Error"]),
    ("It was operator error.", ["operator error"]),
    ("Classic user error.", ["user error"]),
    ("Textbook PEBKAC.", ["PEBKAC"]),
    ("The engineer was careless.", ["careless"]),
    ("He carelessly ran the script.", ["carelessly"]),
    ("Alice should have known better.", ["Alice should have"]),
    ("Bob should have been more careful.", ["Bob should have"]),
    ("We should have had a runbook.", ["We should have"]),
    ("They should have checked the logs.", ["They should have"]),
    ("It was the fault of the on-call engineer.", ["fault of"]),
    ("It was Dave's fault.", ["Dave's fault"]),
    ("It was her fault.", ["her fault"]),
    ("Sheer negligence.", ["negligence"]),
    ("He didn't bother to check.", ["didn't bother to"]),
    ("Alice failed to notice the alert.", ["Alice failed to"]),
    ("The engineer failed to start the job.", ["The engineer failed to"]),
    ("However, we failed to validate that the singleton still existed.", ["we failed to"]),  # chia-2025-02-13
    ("Don't blame the team.", ["blame"]),
    ("A stupid mistake in the config.", ["stupid mistake"]),
    ("Kim screwed up the migration.", ["Kim screwed up"]),
    ("Sloppy work in the deploy script.", ["Sloppy"]),
    ("Mike ignored the alerts.", ["Mike ignored the alerts"]),
    ("She fat-fingered the IP address.", ["fat-fingered"]),
    ("Somebody dropped the ball.", ["dropped the ball"]),
    ("The on-call did not follow the runbook.", ["The on-call did not follow the runbook"]),
    ("in an act of laziness, rather than configure a `localhost` GitHub App", ["laziness"]),  # pypi-2024-06-28
    ("Who is to blame? Bob forgot, and Ana should have checked.", ["to blame", "Bob forgot", "Ana should have"]),
]

NOT_FLAGGED = [
    "This should have been caught by the test.",
    "The bug should have been caught by the test.",
    "Kubernetes should have restarted the pod.",
    "The API should have returned 404.",
    "Action items fall under three types, and we should have at least one item per type.",  # etcd
    "The job failed to start.",
    "Redis failed to start after the reboot.",
    "They failed to restart.",
    "PostHog failed to ingest events.",
    "It's not Dave's fault.",
    "It was nobody's fault.",
    "This is a blameless review.",
    "We run a no-blame culture.",
    "The config got messed up.",
    "The error rate went up.",
    "An error in the parser.",
    "We are building a forgot password feature.",
    "Users clicked the forgot-password link.",
    "Fault tolerance was tested with fault injection.",
    "Human factors played a role.",
    "The lazy-loaded Replay extension was served from the CDN.",  # posthog-2026-01-14
    "the team _attempted_ but failed to remove temporarily applied changes",  # pypi-2024-06-28
    "李雷忘了更新证书。",
    "خطأ بشري في التكوين",
    "אדם שכח לעדכן",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "phrases"), FLAGGED)
def test_blaming_language_is_found(text: str, phrases: list[str]) -> None:
    findings = find_blame(text)
    assert [f.phrase for f in findings] == phrases
    for f in findings:
        assert text[f.start : f.end] == f.phrase
        assert f.suggestion


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_no_person_as_cause_is_not_flagged(text: str) -> None:
    assert find_blame(text) == []


def test_many_phrasings_are_covered() -> None:
    assert len(FLAGGED) + len(NOT_FLAGGED) >= 40


def test_suggestions_ask_what_allowed_it() -> None:
    (finding,) = find_blame("The outage was caused by human error.")
    assert finding == BlameFinding(
        25, 36, "human error",
        "Describe what in the system made this step error-prone, and what would have caught it.",
    )
    (should,) = find_blame("Ana should have checked.")
    assert should.suggestion.startswith("Hindsight bias: describe what the person knew and saw at the time")


def test_findings_never_overlap() -> None:
    text = "A careless mistake: careless operator error."
    spans = [(f.start, f.end) for f in find_blame(text)]
    assert spans == [(2, 18), (20, 28), (29, 43)]


def test_rules_are_data_that_can_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_blame("Bob goofed.") == []
    rule = BlameRule(r"\bgoofed\b", "Describe the conditions.", person=True)
    monkeypatch.setattr("desktop_app.domain.blameless.BLAME_RULES", [*BLAME_RULES, rule])
    assert [f.phrase for f in find_blame("Bob goofed.")] == ["Bob goofed"]


def test_long_text_of_any_script_does_not_crash() -> None:
    text = ("日本語のテキスト。" * 200) + "Anna forgot. " + ("👩🏽‍💻 <b>&amp;</b> " * 100)
    assert [f.phrase for f in find_blame(text)] == ["Anna forgot"]
