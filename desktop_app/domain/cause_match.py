"""Which action items seem to address a cause they are not linked to: shared content words.

An imported postmortem has causes and action items but no links between them, though its
"Circuit breakers with exponential backoff to prevent retry amplification" plainly answers
the root cause "Retry amplification: our retry logic lacked circuit breakers and exponential
backoff". ``likely_items(cause, items)`` names such items, so the coach can say "link it"
rather than "nothing addresses this". Words are compared lower-cased, without the endings
in ``_ENDINGS`` ("breakers" ~ "breaker", "configured" ~ "configuring"), ignoring
``STOP_WORDS`` and words under four letters; an item qualifies when it shares at least
``MIN_SHARED`` words with the cause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_app.domain.models import ActionItem, Cause

MIN_SHARED = 3
STOP_WORDS: frozenset[str] = frozenset({
    "that", "this", "these", "those", "with", "from", "into", "onto", "when", "where", "which", "while", "what",
    "were", "was", "have", "has", "had", "been", "being", "will", "would", "could", "should", "than", "then",
    "them", "they", "their", "there", "here", "also", "only", "very", "more", "most", "some", "such", "each",
    "every", "other", "about", "after", "before", "during", "over", "under", "because", "until", "without",
    "within", "between", "across", "again", "does", "done", "make", "made", "using", "used", "like", "just",
    "even", "much", "many", "time", "times", "upon", "able", "need", "needs", "cause", "caused", "causing",
    "issue", "issues", "problem", "problems", "lack", "lacked", "lacking", "ensure", "improve", "better",
    "add", "adding", "create", "creating", "implement", "implementing", "implementation", "team", "teams",
})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ENDINGS = ("ations", "ation", "ings", "ing", "ies", "ers", "er", "ed", "es", "s")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_words(text: str) -> frozenset[str]:
    """The stems of the words in ``text`` that carry meaning (see the module docstring)."""
    words = (w.casefold() for w in _WORD.findall(text))
    return frozenset(_stem(w) for w in words if len(w) >= 4 and w not in STOP_WORDS)


def likely_items(cause: Cause, items: Sequence[ActionItem]) -> list[ActionItem]:
    """The items sharing at least ``MIN_SHARED`` content words with ``cause``, most shared first."""
    wanted = content_words(cause.text)
    if len(wanted) < MIN_SHARED:
        return []
    scored = []
    for position, item in enumerate(items):
        shared = len(wanted & content_words(f"{item.title}\n{item.description}"))
        if shared >= MIN_SHARED:
            scored.append((-shared, position, item))
    return [item for _score, _position, item in sorted(scored, key=lambda s: (s[0], s[1]))]
