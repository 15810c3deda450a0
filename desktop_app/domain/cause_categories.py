"""A fishbone category for a cause from its words: a small keyword table, no guessing beyond it.

Imported causes come without a bone. ``guess_category`` reads the cause's words and names the
6M bone whose keywords it uses most (``CATEGORY_KEYWORDS``); a tie goes to the bone whose keyword
comes first in the text. Nothing matching, or the winning bone not among the postmortem's
bones, gives ``""`` (the cause stays on the "Other" bone, as before).

Matching is by whole words, case-insensitive; hyphens, slashes and underscores separate words,
so ``on-call`` is the phrase ``on call``. A keyword ending in ``*`` matches words starting with
it (``deploy*``: deploy, deployed, deployment); a keyword of several words matches them in a row
and wins over its single words (``load balancer`` is technology, ``load`` alone environment).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES

CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Technology": (
        "deploy*", "config", "configs", "configuration*", "configured", "misconfigur*", "code", "codebase",
        "bug", "bugs", "buggy", "database*", "cache*", "caching", "software", "server", "servers", "api",
        "apis", "script*", "disk", "disks", "memory", "cpu", "timeout*", "retry", "retries",
        "load balancer*", "autoscal*", "container*", "cluster*", "infrastructure*", "migration*",
        "refactor*", "regression*", "upgrade*", "release*", "rollout*", "feature flag*", "health check*",
        "circuit breaker*", "backoff", "certificate*", "firewall*", "dns", "sdk", "sdks", "exception*",
        "linter*", "static analysis", "compiler*", "hard coded", "hardcoded",
    ),
    "Monitoring": (
        "alert*", "monitor*", "dashboard*", "metric*", "log", "logs", "logging", "observability",
        "pager", "paging", "detect*", "visibility", "tracing", "telemetry", "probe", "probes",
    ),
    "Process": (
        "runbook*", "playbook*", "review", "reviews", "reviewed", "reviewing", "code review*", "process",
        "processes", "approval*", "approve*", "checklist*", "procedure*", "policy", "policies",
        "escalation*", "sign off", "change management", "testing", "tests", "qa", "planning", "prioriti*",
    ),
    "Dependencies": (
        "vendor*", "third party", "third parties", "dependency", "dependencies", "upstream", "provider*",
        "library", "libraries", "supplier*", "external service*", "cdn", "package", "packages",
    ),
    "Environment": (
        "region*", "network*", "datacenter*", "data center*", "traffic", "load", "loads", "weather",
        "availability zone*", "power", "holiday*", "weekend*", "peak",
    ),
    "People": (
        "training", "trained", "untrained", "knowledge", "staffing", "staff", "understaffed", "on call",
        "oncall", "handover*", "hand off", "handoff*", "onboarding", "experience", "inexperience*",
        "understanding", "communication*", "fatigue", "expertise", "ownership",
    ),
}
"""Each default bone's keywords (see the module docstring for how they match)."""

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class _Table:
    """The keyword table compiled: phrases by first word, longest first; exact words; prefixes."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self.exact: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        for category, keywords in table.items():
            for keyword in keywords:
                star = keyword.endswith("*")
                words = tuple(_words(keyword))
                if len(words) > 1:
                    self.phrases.setdefault(words[0], []).append((words, star, category))
                elif star:
                    self.prefixes.append((words[0], category))
                else:
                    self.exact.setdefault(words[0], category)
        for options in self.phrases.values():
            options.sort(key=lambda option: -len(option[0]))

    def hits(self, words: Sequence[str]) -> list[tuple[int, str]]:
        """(position, category) of each keyword found in ``words``."""
        found: list[tuple[int, str]] = []
        index = 0
        while index < len(words):
            word = words[index]
            step = 1
            category = None
            for phrase, star, name in self.phrases.get(word, ()):
                end = index + len(phrase)
                tail = words[end - 1] if end <= len(words) else ""
                if end <= len(words) and tuple(words[index:end - 1]) == phrase[:-1] and (
                        tail == phrase[-1] or (star and tail.startswith(phrase[-1]))):
                    category, step = name, len(phrase)
                    break
            if category is None:
                category = self.exact.get(word)
            if category is None:
                category = next((name for prefix, name in self.prefixes if word.startswith(prefix)), None)
            if category is not None:
                found.append((index, category))
            index += step
        return found


_TABLE = _Table(CATEGORY_KEYWORDS)


def guess_category(text: str, categories: Iterable[str] = DEFAULT_FISHBONE_CATEGORIES) -> str:
    """The bone among ``categories`` whose keywords ``text`` uses most (ties: the first used), as spelled
    in ``categories``; ``""`` when none of its words is a keyword of one of them."""
    names = {name.strip().casefold(): name for name in categories if name.strip()}
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, category in _TABLE.hits(_words(text)):
        if category.casefold() not in names:
            continue
        counts[category] = counts.get(category, 0) + 1
        first.setdefault(category, position)
    if not counts:
        return ""
    best = min(counts, key=lambda name: (-counts[name], first[name]))
    return names[best.casefold()]


__all__ = ["CATEGORY_KEYWORDS", "guess_category"]
