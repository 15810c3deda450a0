"""Language that makes a person the cause, found in free text, each with a blameless rewording.

``find_blame(text)`` returns ``BlameFinding(start, end, phrase, suggestion)`` for every match,
in text order, never overlapping. The rules are data (``BLAME_RULES``), in two shapes:

* a *phrase* rule flags its words wherever they stand ("human error", "careless", "fault of");
* a *person* rule flags a verb only when a person is its subject ("Zoë forgot", "we should
  have", "the engineer failed to"). A person is a personal pronoun (I, he, she, we, you,
  someone), a role (engineer, operator, on-call, …) or a capitalised name in any script that
  has capitals. Where systems do the same thing ("Redis failed to start", "they failed to
  restart"), a rule with ``human_verbs`` also needs a human act after the verb
  ("Alice failed to *notice*"), except after I/he/she/someone or a role word.

Decided non-findings: a system as subject ("the job failed to start", "the bug should have
been caught by the test"), "error" alone, the forgot-password feature, "blameless",
"no-blame", "fault tolerance", "human factors", "not Bob's fault" and "nobody's fault".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BlameFinding:
    """Blaming words at ``text[start:end]`` (== ``phrase``) and a blameless way to say it."""

    start: int
    end: int
    phrase: str
    suggestion: str


@dataclass(frozen=True)
class BlameRule:
    """One kind of blaming language.

    Attributes:
        pattern: case-insensitive regular expression for the words.
        suggestion: a blameless way to say it, in the spirit of "what allowed this?".
        person: the words only blame when a person is the subject just before them.
        human_verbs: with ``person``, a name or "they" also needs a human act next
            ("failed to notice"), since systems fail to start too.
        then: a regular expression the next word must match (``should have`` + a past
            participle is hindsight; "we should have at least one" is not).
    """

    pattern: str
    suggestion: str
    person: bool = False
    human_verbs: bool = False
    then: str = ""


_PARTICIPLE = (
    r"\w+(?:ed|en|wn|ght)|had|been|done|run|seen|read|told|made|set|put|kept|left|sent|spent|built|hit|"
    r"paid|said|found|heard|held|led|lost|met|shut|split|stood|understood|won|double-checked"
)
_SYSTEM_MADE_IT = "Describe what in the system made this step error-prone, and what would have caught it."
_HINDSIGHT = (
    "Hindsight bias: describe what the person knew and saw at the time, and what would have made the "
    "safer choice the easy one."
)
_CONDITIONS = "Describe the conditions: what made this easy to miss, and what safeguard was absent."
_NO_FAULT = "Ask what allowed this to happen, not whose fault it was."
_JUDGEMENT = "Drop the judgement; describe what happened and what made it likely."

BLAME_RULES: list[BlameRule] = [
    BlameRule(r"\bhuman[\s-]+(?:errors?|mistakes?|failures?)\b", _SYSTEM_MADE_IT),
    BlameRule(r"\b(?:operator|user|engineer|admin|administrator|developer|pilot|config(?:uration)?)[\s-]+errors?\b",
              "Describe what the tool showed and allowed at that moment, and why the action looked right."),
    BlameRule(r"\bPEBKAC\b|\bPEBCAK\b|\bID-?10-?T\b|\blayer[\s-]+8\s+(?:issue|problem|error)\b", _SYSTEM_MADE_IT),
    BlameRule(r"\bcareless(?:ly|ness)?\b|\bsloppy\b|\bsloppiness\b|\bsloppily\b", _JUDGEMENT),
    BlameRule(r"\bnegligen(?:ce|t|tly)\b|\bincompeten(?:ce|t)\b|\blaziness\b|\blazy\b(?![\s-]+(?:load|eval|init|import|initiali[sz]))|\bidiot(?:ic)?\b", _JUDGEMENT),
    BlameRule(r"\b(?:stupid|dumb|silly|rookie|careless)\s+(?:mistake|error|move)s?\b", _JUDGEMENT),
    BlameRule(r"\bfat[\s-]?finger(?:ed|ing|s)?\b",
              "Describe what let a typo through unchecked (no validation, no preview, no confirmation)."),
    BlameRule(r"\bdropped\s+the\s+ball\b", _CONDITIONS),
    BlameRule(r"\b(?:didn['’]?t|did\s+not|never)\s+bother(?:ed)?(?:\s+to)?\b", _CONDITIONS),
    BlameRule(r"\bnot\s+paying\s+attention\b|\binattenti(?:on|ve)\b", _CONDITIONS),
    BlameRule(r"(?<!\bnot )(?<!\bno )\bfault\s+of\b", _NO_FAULT),
    BlameRule(r"(?<!\bnot )\b(?:his|her|their|my|your|our)\s+fault\b", _NO_FAULT),
    BlameRule(r"(?<!\bnot )\b(?!no\b|nobody|anybody|anyone|everybody|one\b)[^\W\d_]+['’]s\s+fault\b", _NO_FAULT),
    BlameRule(r"\bat\s+fault\b|\bto\s+blame\b", _NO_FAULT),
    BlameRule(r"(?<!\bno[\s-])\bblam(?:e|es|ed|ing)\b(?![\s-](?:free|less|aware))", _NO_FAULT),
    BlameRule(r"\b(?:his|her|their|[^\W\d_]+['’]s)\s+mistake\b", _NO_FAULT),
    BlameRule(r"\bmade\s+(?:a|an|the)\s+(?:\w+\s+)?mistake\b", _CONDITIONS, person=True),
    BlameRule(r"\bforg(?:ot|otten|et)(?:\s+to)?\b", _CONDITIONS, person=True),
    BlameRule(r"\bneglected(?:\s+to)?\b", _CONDITIONS, person=True),
    BlameRule(r"\b(?:screwed|messed|fucked|mucked|cocked)\s+up\b", _JUDGEMENT, person=True),
    BlameRule(r"\bignored\s+(?:the\s+|an?\s+|all\s+)?(?:alerts?|warnings?|pages?|alarms?|runbooks?|process|procedure)\b",
              "Describe why the signal did not stand out: how many alerts were firing, how it looked.", person=True),
    BlameRule(r"\b(?:did\s+not|didn['’]?t)\s+follow\s+(?:the\s+)?(?:process|procedure|runbook|checklist|instructions)\b",
              "Describe why following the procedure was hard: was it findable, current, practical under pressure?",
              person=True),
    BlameRule(r"\b(?:should|could|ought\s+to)(?:\s+not|n['’]?t)?\s+(?:have|['’]ve)\b", _HINDSIGHT,
              person=True, human_verbs=True, then=_PARTICIPLE),
    BlameRule(r"\bfail(?:ed|s)?\s+to\b", _CONDITIONS, person=True, human_verbs=True),
]

_ALWAYS_PERSON = {"i", "he", "she", "someone", "somebody", "we", "you"}
_ROLES = {
    "engineer", "engineers", "operator", "operators", "developer", "developers", "dev", "devs", "admin",
    "admins", "administrator", "sre", "sres", "on-call", "oncall", "intern", "contractor", "responder",
    "reviewer", "author", "person", "human", "staff", "employee", "manager", "lead", "team", "user",
    "users", "teammate", "colleague", "ic", "commander", "deployer",
}
_NOT_PERSON = {
    "the", "this", "that", "these", "those", "it", "there", "which", "what", "when", "then", "nothing",
    "everything", "something", "and", "but", "so", "or", "if", "a", "an", "also", "just", "simply", "again",
}
_HUMAN_VERBS = {
    "notice", "noticed", "check", "checked", "read", "follow", "followed", "know", "known", "knew", "ask",
    "asked", "tell", "told", "test", "tested", "review", "reviewed", "verify", "verified", "double-check",
    "double-checked", "escalate", "escalated", "page", "paged", "communicate", "communicated", "inform",
    "informed", "respond", "responded", "act", "acted", "wait", "waited", "think", "thought", "see", "seen",
    "realise", "realised", "realize", "realized", "remember", "remembered", "update", "updated", "look",
    "looked", "catch", "caught", "stop", "stopped", "notify", "notified", "report", "reported", "answer",
    "answered", "listen", "listened", "pay", "paid", "run", "been", "used", "use", "warn", "warned",
    "coordinate", "coordinated", "approve", "approved", "merge", "merged", "deploy", "deployed",
    "acknowledge", "acknowledged", "mention", "mentioned", "consult", "consulted", "confirm", "confirmed",
    "more", "paying", "careful", "aware", "watching", "awake", "there", "on",
}
_SUBJECT = re.compile(
    r"(?:(?P<det>\b(?:the|our|an?|that|their|one|this)\s+))?"
    r"(?P<who>[^\W\d_][\w'’-]*)\s+(?:(?:also|just|simply|again|then|\w+ly)\s+)?$",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"\s+(?P<word>[\w-]+)")
_NEXT_WORD = re.compile(r"\s+(?:(?:been|even|just|simply|properly|carefully)\s+)?(?P<word>[\w-]+)")


def _subject(text: str, pos: int) -> tuple[int, str, str] | None:
    """The word (and its start) right before ``pos`` and its kind: "pronoun", "role" or "name"; None if not a person."""
    m = _SUBJECT.search(text[max(0, pos - 80) : pos])
    if m is None:
        return None
    offset = max(0, pos - 80)
    who = m.group("who")
    key = who.lower()
    start = offset + (m.start("det") if m.group("det") else m.start("who"))
    if key in _ROLES:
        return start, who, "role"
    if m.group("det"):
        return None
    if key in _ALWAYS_PERSON:
        return start, who, "pronoun"
    if key == "they":
        return start, who, "name"
    if key in _NOT_PERSON or not who[0].isupper() or who.replace("-", "").isupper() and len(who) > 1:
        return None
    if any(c.isupper() for c in who[1:]):  # PostHog, camelCase: a product, not a person
        return None
    # Extend back over a capitalised first name: "José Núñez forgot".
    before = re.search(r"([^\W\d_][\w'’-]*)\s+$", text[max(0, start - 40) : start])
    if before and before.group(1)[0].isupper() and before.group(1).lower() not in _NOT_PERSON:
        if not re.search(r"[.!?:]\s*$", text[: start - len(before.group(0))]) or start - len(before.group(0)) == 0:
            start -= len(before.group(0))
    return start, who, "name"


def _rule_hits(text: str, rule: BlameRule) -> list[BlameFinding]:
    hits = []
    for m in re.finditer(rule.pattern, text, re.IGNORECASE):
        start, end = m.start(), m.end()
        if rule.person:
            subject = _subject(text, start)
            if subject is None:
                continue
            start, _who, kind = subject
            if rule.then:
                nxt = _FOLLOWING.match(text, end)
                if nxt is None or not re.fullmatch(rule.then, nxt.group("word"), re.IGNORECASE):
                    continue
            if rule.human_verbs and kind == "name":
                nxt = _NEXT_WORD.match(text, end)
                if nxt is None or nxt.group("word").lower() not in _HUMAN_VERBS:
                    continue
        hits.append(BlameFinding(start, end, text[start:end], rule.suggestion))
    return hits


def find_blame(text: str) -> list[BlameFinding]:
    """Every place in ``text`` where words make a person the cause, in order, without overlaps."""
    if not text:
        return []
    hits = [hit for rule in BLAME_RULES for hit in _rule_hits(text, rule)]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[BlameFinding] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
