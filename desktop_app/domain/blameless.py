"""Language that makes a person the cause, found in free text, each with a blameless rewording.

``find_blame(text)`` returns ``BlameFinding(start, end, phrase, suggestion, rewording)`` for every
match, in text order, never overlapping. The rules are data (``BLAME_RULES``), in two shapes:

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

Where the blaming words say what was not done ("Zoë forgot to renew the certificate"), the
finding also carries a concrete blameless question built from the sentence's own words ("What
allowed the certificate renewal to be missed?"): ``REWORDINGS`` is the list of templates, tried
in order on the blaming words and the rest of their clause; ``ACT_NOUNS`` turns a verb into its
noun ("renew" into "renewal"; other verbs become "restarting the worker"). English only; other
findings keep the general ``suggestion``.

Speed: a 10 MB field (an imported log) is scanned in a fraction of a second. Each rule names
``anchors``, lower-case words every match starts with (or, with ``reach``, contains); the
text is lower-cased once, ``str.find`` (a fast C search) finds the anchors, and a rule's
regular expression only runs where its anchors are. A rule without anchors scans the whole
text, as every rule once did. A short text (a timeline event) first finds, in one pass of one
pattern, which anchors it has at all, and skips the rules it cannot match: 75,000 events are
scanned in about a second instead of ten. ``find_blame_cached`` remembers recent texts.

Bounded: a text longer than ``SCAN_LIMIT`` (1,000,000 characters: in practice an imported
log or stack trace, never prose typed in the editor) is scanned in its first ``SCAN_HEAD``
and last ``SCAN_TAIL`` characters, each cut at a line break, where the words written around a
paste stand; ``unscanned(text)`` names the span in between, which the coach reports as not
checked. A 10 MB field then costs what 1 MB does (about 50 ms instead of 0.5 to 0.9 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache


@dataclass(frozen=True)
class BlameFinding:
    """Blaming words at ``text[start:end]`` (== ``phrase``) and a blameless way to say it: the rule's
    general ``suggestion`` and, where the sentence allows, a concrete ``rewording`` question."""

    start: int
    end: int
    phrase: str
    suggestion: str
    rewording: str = ""


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
        anchors: lower-case words every match starts with (a speed-up: the pattern is only
            tried where one begins a word). Empty: the pattern runs over the whole text.
        reach: with ``anchors``, a match need not start with one but contains one at most
            ``reach`` characters after its start, and ends at most ``reach`` - 1 characters
            after it ("Dave's fault" contains "fault").
    """

    pattern: str
    suggestion: str
    person: bool = False
    human_verbs: bool = False
    then: str = ""
    anchors: tuple[str, ...] = ()
    reach: int = 0


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
_NAME_REACH = 120
"""How far before "fault" / "mistake" a "Name's" may start (a 100-letter name and its spaces)."""

BLAME_RULES: list[BlameRule] = [
    BlameRule(r"\bhuman[\s-]+(?:errors?|mistakes?|failures?)\b", _SYSTEM_MADE_IT, anchors=("human",)),
    BlameRule(r"\b(?:operator|user|engineer|admin|administrator|developer|pilot|config(?:uration)?)[\s-]+errors?\b",
              "Describe what the tool showed and allowed at that moment, and why the action looked right.",
              anchors=("operator", "user", "engineer", "admin", "developer", "pilot", "config")),
    BlameRule(r"\bPEBKAC\b|\bPEBCAK\b|\bID-?10-?T\b|\blayer[\s-]+8\s+(?:issue|problem|error)\b", _SYSTEM_MADE_IT,
              anchors=("pebkac", "pebcak", "id", "layer")),
    BlameRule(r"\bcareless(?:ly|ness)?\b|\bsloppy\b|\bsloppiness\b|\bsloppily\b", _JUDGEMENT,
              anchors=("careless", "slopp")),
    BlameRule(r"\bnegligen(?:ce|t|tly)\b|\bincompeten(?:ce|t)\b|\blaziness\b|\blazy\b(?![\s-]+(?:load|eval|init|import|initiali[sz]))|\bidiot(?:ic)?\b", _JUDGEMENT,
              anchors=("negligen", "incompeten", "laz", "idiot")),
    BlameRule(r"\b(?:stupid|dumb|silly|rookie|careless)\s+(?:mistake|error|move)s?\b", _JUDGEMENT,
              anchors=("stupid", "dumb", "silly", "rookie", "careless")),
    BlameRule(r"\bfat[\s-]?finger(?:ed|ing|s)?\b",
              "Describe what let a typo through unchecked (no validation, no preview, no confirmation).",
              anchors=("fat",)),
    BlameRule(r"\bdropped\s+the\s+ball\b", _CONDITIONS, anchors=("dropped",)),
    BlameRule(r"\b(?:didn['’]?t|did\s+not|never)\s+bother(?:ed)?(?:\s+to)?\b", _CONDITIONS, anchors=("did", "never")),
    BlameRule(r"\bnot\s+paying\s+attention\b|\binattenti(?:on|ve)\b", _CONDITIONS, anchors=("not", "inattenti")),
    BlameRule(r"(?<!\bnot )(?<!\bno )\bfault\s+of\b", _NO_FAULT, anchors=("fault",)),
    BlameRule(r"(?<!\bnot )\b(?:his|her|their|my|your|our)\s+fault\b", _NO_FAULT,
              anchors=("his", "her", "their", "my", "your", "our")),
    BlameRule(r"(?<!\bnot )\b(?!no\b|nobody|anybody|anyone|everybody|one\b)[^\W\d_]+['’]s\s+fault\b", _NO_FAULT,
              anchors=("fault",), reach=_NAME_REACH),
    BlameRule(r"\bat\s+fault\b|\bto\s+blame\b", _NO_FAULT, anchors=("at", "to")),
    BlameRule(r"(?<!\bno[\s-])\bblam(?:e|es|ed|ing)\b(?![\s-](?:free|less|aware))", _NO_FAULT, anchors=("blam",)),
    BlameRule(r"\b(?:his|her|their|[^\W\d_]+['’]s)\s+mistake\b", _NO_FAULT, anchors=("mistake",), reach=_NAME_REACH),
    BlameRule(r"\bmade\s+(?:a|an|the)\s+(?:\w+\s+)?mistake\b", _CONDITIONS, person=True, anchors=("made",)),
    BlameRule(r"\bforg(?:ot|otten|et)(?:\s+to)?\b", _CONDITIONS, person=True, anchors=("forg",)),
    BlameRule(r"\bneglected(?:\s+to)?\b", _CONDITIONS, person=True, anchors=("neglected",)),
    BlameRule(r"\b(?:screwed|messed|fucked|mucked|cocked)\s+up\b", _JUDGEMENT, person=True,
              anchors=("screwed", "messed", "fucked", "mucked", "cocked")),
    BlameRule(r"\bignored\s+(?:the\s+|an?\s+|all\s+)?(?:alerts?|warnings?|pages?|alarms?|runbooks?|process|procedure)\b",
              "Describe why the signal did not stand out: how many alerts were firing, how it looked.", person=True,
              anchors=("ignored",)),
    BlameRule(r"\b(?:did\s+not|didn['’]?t)\s+follow\s+(?:the\s+)?(?:process|procedure|runbook|checklist|instructions)\b",
              "Describe why following the procedure was hard: was it findable, current, practical under pressure?",
              person=True, anchors=("did",)),
    BlameRule(r"\b(?:should|could|ought\s+to)(?:\s+not|n['’]?t)?\s+(?:have|['’]ve)\b", _HINDSIGHT,
              person=True, human_verbs=True, then=_PARTICIPLE, anchors=("should", "could", "ought")),
    BlameRule(r"\bfail(?:ed|s)?\s+to\b", _CONDITIONS, person=True, human_verbs=True, anchors=("fail",)),
    # German, Spanish, Portuguese, French, Italian: "human error", "careless", "X forgot".
    BlameRule(r"\bmenschliche[sr]?\s+(?:Versagen|Fehler)\b|\berror(?:es)?\s+humanos?\b|\berros?\s+humanos?\b|"
              r"\berreurs?\s+humaines?\b|\berrori?e?\s+uman[oi]\b", _SYSTEM_MADE_IT,
              # anchored on the "human" word: "ERROR" starts every line of many logs
              anchors=("human", "humain", "umano", "umani", "menschliche"), reach=12),
    BlameRule(r"\bnachl(?:ä|ae)ssig(?:keit)?\b|\bfahrl(?:ä|ae)ssig(?:keit)?\b|\bschlampig(?:keit)?\b|"
              r"\bdescuid(?:o|ado|ada)\b|\bneglig(?:encia|ência|ence|ente|enza)\b|\bdistra[ií]d[oa]\b", _JUDGEMENT,
              anchors=("nachl", "fahrl", "schlampig", "descuid", "neglig", "distra")),
    BlameRule(r"\b(?:la|sa|ta|leur|sua|su)\s+(?:faute|culpa|colpa)\b|\b(?:ist|war)\s+schuld\b|\bschuld\s+(?:war|ist|hat)\b",
              _NO_FAULT, anchors=("faute", "culpa", "colpa", "schuld"), reach=6),
    BlameRule(r"\b(?:hat|hatte|haben|hatten)\s+vergessen\b|\bverga(?:ß|ss)\b|\bolvid(?:ó|aron)\b|"
              r"\besqueceu\b|\ba\s+oubli[ée]\b|\bont\s+oubli[ée]\b|\bha\s+dimenticato\b",
              _CONDITIONS, person=True, anchors=("oubli", "vergessen", "verga", "olvid", "esqueceu", "dimenticato"),
              reach=5),
    # Japanese and Chinese: no spaces between words, so these rules scan the whole text (no anchors).
    BlameRule(r"人為的(?:な)?ミス|人為ミス|ヒューマンエラー|操作ミス|人为(?:错误|失误|因素导致)|人為的(?:な)?(?:過失|誤り)",
              _SYSTEM_MADE_IT),
    BlameRule(r"不注意|怠慢|粗心大意|疏忽大意", _JUDGEMENT),
]
"""Every default rule for a script with spaces has anchors; a rule without them (Japanese, Chinese,
or one a user adds) still works, scanning the whole text."""

_ALWAYS_PERSON = {
    "i", "he", "she", "someone", "somebody", "we", "you",
    # German, French, Spanish, Portuguese, Italian
    # (not "on", "eu" or "io": "clicked on", "region EU", "disk io" are no people)
    "ich", "er", "sie", "wir", "du", "jemand", "je", "il", "elle", "nous", "quelqu'un", "yo", "él", "ella",
    "nosotros", "alguien", "ele", "ela", "nós", "alguém", "lui", "lei", "noi", "qualcuno",
}
_ROLES = {
    "engineer", "engineers", "operator", "operators", "developer", "developers", "dev", "devs", "admin",
    "admins", "administrator", "sre", "sres", "on-call", "oncall", "intern", "contractor", "responder",
    "reviewer", "author", "person", "human", "staff", "employee", "manager", "lead", "team", "user",
    "users", "teammate", "colleague", "ic", "commander", "deployer",
    "techniker", "entwickler", "betreiber", "administrator", "kollege", "kollegin", "operador", "ingeniero",
    "desarrollador", "administrador", "opérateur", "ingénieur", "développeur", "administrateur", "operatore",
    "ingegnere", "sviluppatore", "engenheiro", "desenvolvedor",
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
    # The leftmost match never starts right after a letter (it would start at that letter),
    # so the lookbehind only skips positions inside words, quickly.
    r"(?<![^\W\d_])"
    r"(?:(?P<det>\b(?:the|our|an?|that|their|one|this|der|die|das|den|dem|ein|eine|unser|unsere|el|la|los|las|"
    r"un|una|nuestro|nuestra|le|les|une|notre|il|lo|uno|o|os|um|uma|nosso|nossa)\s+))?"
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
    before = _NAME_BEFORE.search(text[max(0, start - 40) : start])
    if before and before.group(1)[0].isupper() and before.group(1).lower() not in _NOT_PERSON:
        first = start - len(before.group(0))
        if first == 0 or not _ends_sentence(text, first):
            start = first
    return start, who, "name"


_NAME_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def _ends_sentence(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with ``.``, ``!``, ``?`` or ``:`` and maybe white space.

    Walks back from ``end`` instead of searching ``text[:end]``, which copied and scanned
    the whole text before every name (quadratic in a long text).
    """
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] in ".!?:"


def _folded(text: str) -> str:
    """``text`` lower-cased with every character kept in place, for finding anchors.

    A case-insensitive pattern matches "i" to "İ" and "ı" and "s" to "ſ" too; those become
    the ASCII letter ("İ".lower() is two characters, which would shift every offset after it).
    """
    if text.isascii():
        return text.lower()
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    low = text.lower()
    if "\u0131" in low or "\u017f" in low:
        low = low.replace("\u0131", "i").replace("\u017f", "s")
    return low


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=256)
def _literal(word: str) -> re.Pattern[str]:
    # A lookahead, so that overlapping occurrences are found too (as ``find`` from each next offset).
    return re.compile(f"(?={re.escape(word)})" if len(set(word)) < len(word) else re.escape(word))


def _occurrences(low: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``low``, overlapping occurrences included.

    ``str.find`` answers fastest that a word is absent (most anchors, in most texts);
    where it is present, one ``finditer`` lists every place faster than a ``find`` loop.
    """
    first = low.find(word)
    if first < 0:
        return []
    return [match.start() for match in _literal(word).finditer(low, first)]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _matches(text: str, low: str, rule: BlameRule) -> list[re.Match[str]]:
    """What ``re.finditer(rule.pattern, text, re.IGNORECASE)`` yields, tried only near the anchors."""
    pattern = _compiled(rule.pattern)
    if not rule.anchors:
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    if rule.reach == 0:
        # A match starts with an anchor, and at a word start (every pattern begins with \b).
        starts = sorted({
            position
            for word in rule.anchors
            for position in _occurrences(low, word)
            if position == 0 or not _is_word_char(text[position - 1])
        })
        end = 0
        for position in starts:
            if position < end:
                continue  # inside the last match: finditer would not try here either
            match = pattern.match(text, position)
            if match is not None:
                found.append(match)
                end = match.end()
        return found
    # A match lies within ``reach`` of an anchor: scan merged windows around the anchors.
    windows: list[list[int]] = []
    for begin, stop in sorted(
        (max(0, position - rule.reach), position + len(word) + rule.reach)
        for word in rule.anchors
        for position in _occurrences(low, word)
    ):
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], stop)
        else:
            windows.append([begin, stop])
    for begin, stop in windows:
        found.extend(pattern.finditer(text, begin, min(stop, len(text))))
    return found


def _rule_hits(text: str, rule: BlameRule, low: str | None = None) -> list[BlameFinding]:
    hits = []
    for m in _matches(text, _folded(text) if low is None else low, rule):
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


SHORT_TEXT = 4096
"""Texts up to this long (a timeline event, a title) first learn which rules can match at all."""


@lru_cache(maxsize=1)
def _anchor_index() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One pattern finding every word-start anchor, and for each anchor the anchors it starts with.

    The pattern's alternatives run longest first, so at a word start it finds the longest anchor
    there; every shorter anchor that is a prefix of it is there too (the dictionary says which).
    """
    words = {word for rule in BLAME_RULES if rule.reach == 0 for word in rule.anchors}
    ordered = sorted(words, key=lambda word: (-len(word), word))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + ")")
    prefixes = {word: frozenset(w for w in words if word.startswith(w)) for word in words}
    return pattern, prefixes


def _possible_rules(low: str) -> list[BlameRule]:
    """The rules whose anchors occur in ``low`` where a match could start (one regex pass, in C)."""
    pattern, prefixes = _anchor_index()
    present: set[str] = set()
    for found in pattern.finditer(low):
        present |= prefixes[found.group()]
    return [
        rule
        for rule in BLAME_RULES
        if not rule.anchors
        or (rule.reach == 0 and not present.isdisjoint(rule.anchors))
        or (rule.reach > 0 and any(word in low for word in rule.anchors))
    ]


# -- concrete rewordings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rewording:
    """A blameless question for blaming words that say what was not done.

    ``pattern`` (case-insensitive) is searched in the blaming words and the rest of their clause,
    and must start inside the blaming words. ``question`` names its groups: ``{act}`` (what was to
    be done: "renew the certificate") becomes a noun phrase ("the certificate renewal"),
    ``{thing}`` (what was missed: "his alerts") is kept, with "his", "her", "their", … made "the".
    """

    pattern: str
    question: str


_NOT_DONE = (r"(?:forg(?:ot|otten|et)|neglected|fail(?:ed|s)?|(?:didn['’]?t|did\s+not|never)\s+bother(?:ed)?)"
             r"\s+to")
_PERCEIVE = r"(?:notice|see|spot|catch|realise|realize|read|hear)"

REWORDINGS: list[Rewording] = [
    Rewording(rf"{_NOT_DONE}\s+{_PERCEIVE}\s+(?P<thing>\S.*)", "What made {thing} easy to miss?"),
    Rewording(rf"{_NOT_DONE}\s+(?!{_PERCEIVE}\b)(?P<act>\S.*)", "What allowed {act} to be missed?"),
    Rewording(r"\bforg(?:ot|otten)\s+(?:about\s+)?(?!to\b)(?P<thing>\S.*)", "What allowed {thing} to be forgotten?"),
    Rewording(r"\bignored\s+(?P<thing>(?:(?:the|an?|all|his|her|their|our|my|your)\s+)?[\w-]+)",
              "What made {thing} easy to overlook?"),
    Rewording(r"\b(?:didn['’]?t|did\s+not)\s+follow\s+(?P<thing>\S.*)", "What made {thing} hard to follow at that moment?"),
]
"""Tried in order; the first that matches gives the question. Checked-for words with no object
("Alice failed to notice.") give none."""

ACT_NOUNS: dict[str, str] = {
    "renew": "renewal", "rotate": "rotation", "update": "update", "upgrade": "upgrade", "deploy": "deployment",
    "check": "check", "review": "review", "restart": "restart", "reboot": "reboot", "configure": "configuration",
    "migrate": "migration", "install": "installation", "patch": "patch", "verify": "verification",
    "validate": "validation", "escalate": "escalation", "document": "documentation", "remove": "removal",
    "revoke": "revocation", "delete": "deletion", "approve": "approval", "merge": "merge", "backup": "backup",
    "back up": "backup", "renewal": "renewal", "roll back": "rollback", "rollback": "rollback",
    "announce": "announcement", "extend": "extension", "register": "registration", "clean up": "cleanup",
    "enable": "enabling", "disable": "disabling", "test": "test", "scale": "scaling", "monitor": "monitoring",
}
"""What a verb is called as a noun: "renew the certificate" → "the certificate renewal"."""

#: Verbs that double their last letter before "-ing" ("run" → "running").
DOUBLED_ENDINGS = frozenset({
    "run", "stop", "set", "put", "get", "plan", "ship", "drop", "tag", "log", "map", "pin", "scan", "skip",
    "swap", "trim", "wrap", "commit", "submit", "admit", "omit", "cut", "hit", "let", "shut", "begin", "chat",
})
_POSSESSIVE = re.compile(r"^(?:his|her|their|my|your|our|its)\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"[.;:!?,()\n—–]|\s-\s|\s(?:and|but|so|because|that|which|who|when|while|after|before|until|since|as|then|"
    r"though|although|if|despite|during)\b",
    re.IGNORECASE,
)
_PARTICLES = ("up", "back", "out", "down", "off")
_PREPOSITIONS = frozenset({"on", "in", "at", "for", "from", "with", "into", "onto", "across", "within", "by", "via"})
REWORD_WORDS = 8
"""Longer clauses are cut before a preposition ("run the script | on the replica in eu-west-1"), or
not quoted at all: the general suggestion says it better."""


def _shortened(words: list[str]) -> list[str]:
    """At most ``REWORD_WORDS`` words: cut before the first preposition after two words, else nothing."""
    if len(words) <= REWORD_WORDS:
        return words
    cut = next((i for i, word in enumerate(words) if i >= 2 and word.lower() in _PREPOSITIONS), len(words))
    return words[:cut] if cut <= REWORD_WORDS else []


def gerund(verb: str) -> str:
    """The "-ing" form of an English verb: "restart" → "restarting", "rotate" → "rotating"."""
    low = verb.lower()
    if low.endswith("ie"):
        return verb[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and len(low) > 2:
        return verb[:-1] + "ing"
    if low in DOUBLED_ENDINGS:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _the(phrase: str) -> str:
    """``phrase`` with a leading possessive made "the" ("his keys" → "the keys")."""
    return _POSSESSIVE.sub("the ", phrase)


def act_phrase(act: str) -> str:
    """What was to be done, as a noun phrase: "renew the certificate" → "the certificate renewal",
    "rotate the API keys for staging" → "the rotation of the API keys for staging", "restart the
    worker" → "restarting the worker", "deploy" → "the deployment"."""
    words = act.split()
    verb, rest = words[0], words[1:]
    if rest and f"{verb} {rest[0]}".lower() in ACT_NOUNS and rest[0].lower() in _PARTICLES:
        verb, rest = f"{verb} {rest[0]}", rest[1:]
    obj = _the(" ".join(rest))
    noun = ACT_NOUNS.get(verb.lower())
    if noun is None:
        return " ".join([gerund(verb), *([obj] if obj else [])])
    if not obj:
        return f"the {noun}"
    obj_words = obj.split()
    if obj_words[0].lower() == "the" and 2 <= len(obj_words) <= 3:
        return f"{obj} {noun}"
    return f"the {noun} of {obj}"


def reword(text: str, start: int, end: int) -> str:
    """A concrete blameless question for the blaming words at ``text[start:end]``, built from their
    clause, or "" when none of ``REWORDINGS`` fits."""
    stop = _CLAUSE_END.search(text, end)
    clause = text[start : stop.start() if stop else len(text)].rstrip()
    clause = " ".join(clause.split())
    phrase_length = len(" ".join(text[start:end].split()))
    for rule in REWORDINGS:
        match = re.search(rule.pattern, clause, re.IGNORECASE)
        if match is None or match.start() >= phrase_length:
            continue
        values = {name: " ".join(_shortened(value.split())) for name, value in match.groupdict().items() if value}
        if not values or not all(values.values()):
            return ""
        if "act" in values:
            values["act"] = act_phrase(values["act"])
        if "thing" in values:
            values["thing"] = _the(values["thing"])
        return rule.question.format(**values)
    return ""


SCAN_HEAD = 750_000
"""How much of the start of a long text is scanned."""
SCAN_TAIL = 250_000
"""How much of the end of a long text is scanned."""
SCAN_LIMIT = SCAN_HEAD + SCAN_TAIL
"""Texts up to this long are scanned whole."""
_CUT_SEARCH = 10_000
"""How far from a window's edge a line break (else a space) is looked for to cut at."""


def _cut_before(text: str, at: int) -> int:
    """A place at or before ``at`` just after a line break (else a space) near it, else ``at``."""
    for mark in ("\n", " "):
        found = text.rfind(mark, at - _CUT_SEARCH, at)
        if found >= 0:
            return found + 1
    return at


def _cut_after(text: str, at: int) -> int:
    """A place at or after ``at`` just after a line break (else a space) near it, else ``at``."""
    for mark in ("\n", " "):
        found = text.find(mark, at, at + _CUT_SEARCH)
        if found >= 0:
            return found + 1
    return at


def scan_windows(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` that ``find_blame`` scans: all of it up to ``SCAN_LIMIT``
    characters, else the first ``SCAN_HEAD`` and the last ``SCAN_TAIL`` or so, cut after a line break."""
    if len(text) <= SCAN_LIMIT:
        return [(0, len(text))]
    return [(0, _cut_before(text, SCAN_HEAD)), (_cut_after(text, len(text) - SCAN_TAIL), len(text))]


def unscanned(text: str) -> tuple[int, int] | None:
    """The span of ``text`` that ``find_blame`` leaves unscanned, or None when it scans it all."""
    windows = scan_windows(text)
    return (windows[0][1], windows[1][0]) if len(windows) > 1 else None


def find_blame(text: str) -> list[BlameFinding]:
    """Every place in ``text`` where words make a person the cause, in order, without overlaps.

    A text longer than ``SCAN_LIMIT`` is scanned at its start and end only (``scan_windows``).
    """
    if not text or text.isspace():
        return []
    if len(text) > SCAN_LIMIT:
        found: list[BlameFinding] = []
        for start, end in scan_windows(text):
            found.extend(replace(hit, start=hit.start + start, end=hit.end + start)
                         for hit in _find_blame(text[start:end]))
        return found
    return _find_blame(text)


def _find_blame(text: str) -> list[BlameFinding]:
    if not text or text.isspace():
        return []
    low = _folded(text)
    rules = _possible_rules(low) if len(text) <= SHORT_TEXT else BLAME_RULES
    if not rules:
        return []
    hits = [hit for rule in rules for hit in _rule_hits(text, rule, low)]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[BlameFinding] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return [replace(hit, rewording=question) if (question := reword(text, hit.start, hit.end)) else hit
            for hit in kept]


@lru_cache(maxsize=1 << 17)
def find_blame_cached(text: str) -> tuple[BlameFinding, ...]:
    """``find_blame(text)``, remembered for the last 131,072 texts (the coach rescans after every edit)."""
    return tuple(find_blame(text))
