"""``guess_category``: a fishbone bone from a cause's words, by the keyword table only."""

from __future__ import annotations

import pytest

from desktop_app.domain.cause_categories import CATEGORY_KEYWORDS, guess_category
from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Bad deploy of the config service", "Technology"),
        ("A bug in the cache invalidation code", "Technology"),
        ("Database failover took 20 minutes", "Technology"),
        ("No alert on replication lag", "Monitoring"),
        ("Dashboards showed stale metrics", "Monitoring"),
        ("Error logs were sampled", "Monitoring"),
        ("The runbook was out of date", "Process"),
        ("Change approval skipped the checklist", "Process"),
        ("Code review missed it", "Process"),  # the phrase wins over its word "code"
        ("Upstream provider changed its rate limits", "Dependencies"),
        ("Third-party library dropped support", "Dependencies"),
        ("A vendor quota was lowered", "Dependencies"),
        ("Traffic peaked in one region", "Environment"),
        ("Network partition between datacenters", "Environment"),
        ("Load doubled overnight", "Environment"),
        ("Load balancer health checks too lax", "Technology"),  # "load balancer", not "load"
        ("The on-call engineer had no training for it", "People"),
        ("Handover between shifts lost the context", "People"),
        ("Staffing was thin over the holidays", "People"),  # People and Environment tie: first word wins
        ("No monitoring of network capacity", "Monitoring"),  # one each: the first keyword wins
        ("Alerting on the deploy pipeline and its config", "Technology"),  # two beat one
        ("DEPLOYMENT WAS NOT REVIEWED", "Technology"),
    ],
)
def test_words_name_a_bone(text: str, category: str) -> None:
    assert guess_category(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Teams were encouraged to move fast",
        "The catalogue dialogue was unclear",  # "log" only as a whole word
        "Payload too big while loading",  # "load" is a word of its own, not a prefix
        "Debugging took hours",  # "bug" only at a word's start
        "The processor overheated",  # "process" is a whole word
        "Upset customers called support",
        "分区后数据不一致",
    ],
)
def test_words_that_must_not_match(text: str) -> None:
    assert guess_category(text) == ""


def test_only_the_given_bones_count_and_keep_their_spelling() -> None:
    assert guess_category("No alert and a bad deploy", ["Process", "technology"]) == "technology"
    assert guess_category("No alert", ["People", "Process"]) == ""
    assert guess_category("No alert", []) == ""
    # the 4S set has none of the 6M names: nothing is guessed
    assert guess_category("Bad deploy", ["Surroundings", "Suppliers", "Systems", "Skills"]) == ""


def test_the_table_names_only_default_bones() -> None:
    assert set(CATEGORY_KEYWORDS) == set(DEFAULT_FISHBONE_CATEGORIES)
