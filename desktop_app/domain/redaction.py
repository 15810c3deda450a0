"""Redaction for sharing: person names replaced by their role, the same label everywhere.

``redact(pm)`` returns a redacted copy of the postmortem and a ``RedactionPlan`` that
lists every replacement (original text, label, how often) for the preview. ``PersonLabels(pm)``
gives the same labels one field at a time (presentation mode's "Hide names" shows them).

Who is a person: every stakeholder with a name, every timeline actor and every action
item owner, every ``@handle`` mentioned in any text (``@stevekuznetsov pinged @ben``;
not Slack groups such as ``@here`` or ``@oncall``, not ``@scope/package`` paths), and
a name of two or three capitalised words after a cue such as ``Created by:``,
``Author:``, ``Owner:`` or ``reported by`` (``Created By: Benjamin Elder``). One that
matches a stakeholder (full name, first name, e-mail, or a handle such as ``@ann``,
``@ann.lee``, ``@annlee``, ``@ann_l``) is that stakeholder; any other is a person of
its own.

Names of other people in prose are guessed (``likely_names``): two or three
capitalised words in a row (letters of any script: "Peter Taylor", "Søren Iversen",
"Ee Durbin"), and single capitalised words listed together with such a name
("given to Soren, Lloyd and Peter Taylor"). A run is not a name when one of its words
is a known term (days, months, products and services such as "Google Cloud" or
"Redis Sentinel", roles such as "Incident Commander", small words such as "The"),
is written in lowercase elsewhere in the postmortem (so "Root Cause" is not a person
where "root cause" is also written), has a capital inside ("PagerDuty"), or stands in
a title-case line (a heading); leading words like these are dropped ("Yesterday Peter
Taylor") while a trailing one makes the run a term ("Post Mortem Review"), and a name right after a cue ("by", "thanks to", "cc") is kept even when a
word of it is written in lowercase elsewhere. Guessed names are people like any
other ("Responder 3" everywhere, their first name alone too); the preview marks
them (``Replacement.guessed``) and the user may keep some as written (``keep``).

Labels: stakeholders get their role ("Incident commander", "Responder", "Observer",
"Engineer", …); other people get "Responder". A label is numbered ("Responder 1",
"Responder 2") when two or more people share it, in order of first appearance
(stakeholders, then timeline actors, then owners), so the numbering is the same in
every field.

What is replaced, in every text field of the postmortem (ids and the time zone aside):
the full name, the first name alone when no other person has the same first name,
the last name alone where it is capitalised when no other person has it, e-mail addresses and ``@handles``, a user name of up to three initials and the last
name ("ewdurbin", "jsmith2" for a last name of five letters or more), and the bare word of a handle that was written as
a handle somewhere (``nova`` for ``@nova``, also inside a link such as
``twitter.com/nova/status``) unless it is shorter than three characters, an everyday
or technical word (``admin``, ``deploy``, ``will``; ``COMMON_WORDS`` and
``HANDLE_WORDS``), or written in capitals where it is all letters (``DMA`` the
acronym stays while ``dma`` the person is replaced). Matching ignores case and respects word boundaries
(letters of any script; names in scripts written without spaces, such as 田中, match
inside a word). The one case rule: a one-word name that is also a common English word
("Will", "Mark", "May", "Bill", …) is replaced only where it is capitalised, so
"we will retry" keeps its "will" while "Will restarted it" is redacted. A stakeholder
name and e-mail field, an actor and an owner are always replaced, unless the actor or
owner names a role, a team or a system ("Payments on-call", "Incident commander",
"SRE team", "deploy-bot", "Support"; ``names_a_role``): that is kept as written.
An actor, an owner or an ``@handle`` that names a system (``is_system_name``) is no person
either: a bot, where one of its words or CamelCase parts is "bot" or "robot"
("deploy-bot", ``@UptimeRobot``, "PagerDutyBot", "renovate[bot]"; not "Robert" or
"Abbott"), or a monitoring, alerting or automation service listed in ``SYSTEM_NAMES``
("Pingdom", ``@dependabot``, "Uptime Kuma").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.models import Postmortem, StakeholderRole

ROLE_LABELS: dict[StakeholderRole, str] = {
    StakeholderRole.INCIDENT_COMMANDER: "Incident commander",
    StakeholderRole.RESPONDER: "Responder",
    StakeholderRole.OBSERVER: "Observer",
    StakeholderRole.ENGINEERING: "Engineer",
    StakeholderRole.PRODUCT: "Product representative",
    StakeholderRole.RELIABILITY: "Reliability engineer",
    StakeholderRole.LEADERSHIP: "Leadership representative",
    StakeholderRole.OTHER: "Participant",
}
OTHER_PERSON = "Responder"

#: One-word names that are also everyday words: replaced only where written with a capital.
COMMON_WORDS = frozenset(
    """
    will mark may bill rose june april august grace hope faith joy dawn sky art frank pat rob sue ray
    jack max drew chase case gene guy hunter lane miles page pierce reed rich sandy stone summer wade
    will bob dean eve iris ivy lily penny ruby sunny victor warren win young
    """.split()
)
#: Handle bodies that are everyday or technical words: never replaced as a bare word.
HANDLE_WORDS = frozenset(
    """
    admin administrator root ops devops sre oncall bot bots alert alerts alerting deploy deployer deploys
    build
    builds ci cd test tests testing qa prod production staging stage support help helpdesk info team teams
    security sec infra infrastructure net network web api app apps data db dba dns mail email git github
    gitlab jenkins k8s kube kubernetes docker cloud aws gcp azure system systems sys sysadmin user users
    guest service services monitor monitoring pager pagerduty status backup backups release releases hook
    hooks here channel everyone all everybody somebody someone nobody the and for you our one two new old
    main master server servers host hosts node nodes cluster database cache redis postgres mysql mongo
    queue worker workers job jobs cron proxy cdn edge core platform product owner lead manager bug bugs
    issue issues incident incidents fix patch update upgrade config check checks review reviews page
    """.split()
)
#: ``@`` words that name a group or a channel, not a person.
GROUP_MENTIONS = frozenset("here channel everyone all oncall on-call team sre ops infra".split())
_SKIP_KEYS = frozenset({"id", "parent_id", "cause_id", "cause_ids", "time_zone", "schema_version", "key"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A handle mentioned in text: not part of an e-mail, a path or a word; not a package scope (``@types/node``).
_MENTION = re.compile(r"(?<![\w.+@/-])@(\w(?:[\w.-]*\w)?)(?![\w/@])")
_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_CUED_NAME = re.compile(
    r"(?:\b(?:created|written|authored|reported|posted|drafted|filed|prepared|owned|led)\s+by\s*:?"
    r"|\b(?:author|authors|owner|owners|assignee|reporter|facilitator|incident commander)\s*:)"
    rf"[ \t]*({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})",
    re.IGNORECASE,
)
#: Words that make a cued "name" a team or a thing rather than a person.
_NOT_NAME_WORDS = frozenset(
    """
    team teams group squad platform engineering infrastructure infra operations ops support security service
    services on-call oncall rotation department crew staff guild committee leadership management product data
    core web mobile backend frontend network networking the a an and of for on in at to sre devops reliability
    """.split()
)
#: Words that make a timeline actor or an owner a role, a team or a system rather than a person.
_ROLE_WORDS = _NOT_NAME_WORDS | HANDLE_WORDS | frozenset(
    """
    commander responder responders engineer engineers analyst analysts customer customers vendor vendors
    partner partners provider everyone unknown n/a tbd automation automated script scripts dashboard
    robot robots
    """.split()
)
#: Monitoring, alerting, status and automation services (and bots) that act in timelines, not people.
#: Written without spaces, dashes or dots and in lowercase ("New Relic" is ``newrelic``); add more here.
SYSTEM_NAMES = frozenset(
    """
    uptimerobot pingdom statuscake freshping updown updownio site24x7 uptimekuma betteruptime betterstack
    healthchecks healthchecksio cronitor checkly uptrends hetrixtools statuspage statusio instatus
    pagerduty opsgenie victorops splunkoncall xmatters alertmanager grafana prometheus datadog newrelic
    dynatrace appdynamics instana honeycomb sentry bugsnag rollbar raygun nagios icinga zabbix checkmk
    prtg librenms observium zenoss catchpoint thousandeyes cloudwatch stackdriver
    firehydrant rootly incidentio squadcast zenduty grafanaoncall
    dependabot renovate renovatebot mergify snyk codecov slackbot githubactions kodiakhq
    """.split()
)
_BOT_WORDS = frozenset({"bot", "bots", "robot", "robots"})
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+")
_HANDLE_CHARS = r"[\w.\-]"
# Scripts written without spaces between words: no word boundary is required around these names.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")


@dataclass(frozen=True)
class Replacement:
    """One text that was replaced, what replaced it, and how many times.

    ``guessed``: the person was found by ``likely_names`` (not a stakeholder, actor,
    owner, handle or cued name), so the user may choose to keep the name.
    """

    original: str
    label: str
    count: int
    guessed: bool = False


@dataclass(frozen=True)
class RedactionPlan:
    """Every replacement of a redaction, for the preview (people in label order)."""

    replacements: list[Replacement]
    guessed_names: list[str] = field(default_factory=list)
    """The people found by ``likely_names`` and replaced, by name (what ``keep`` takes), in label order."""

    @property
    def labels(self) -> dict[str, str]:
        """Original text -> label."""
        return {r.original: r.label for r in self.replacements}


@dataclass
class _Person:
    name: str
    role_label: str
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)  # with the leading @
    written_handles: list[str] = field(default_factory=list)  # seen written as handles (not from e-mails)
    label: str = ""
    guessed: bool = False

    @property
    def words(self) -> list[str]:
        return self.name.split()


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _handle_variants(name: str) -> set[str]:
    words = [w.casefold() for w in name.split()]
    if not words:
        return set()
    first = words[0]
    variants = {first}
    if len(words) > 1:
        last = words[-1]
        variants |= {first + last, f"{first}.{last}", f"{first}_{last}", f"{first}-{last}",
                     first[0] + last, f"{first}_{last[0]}", f"{first}{last[0]}",
                     "".join(w[0] for w in words[:-1]) + last}  # @mhswende for Martin Holst Swende
    return variants


def _collect(pm: Postmortem, keep: frozenset[str] = frozenset()) -> list[_Person]:
    people: list[_Person] = []
    for s in pm.stakeholders:
        if not (s.name.strip() or s.email.strip()):
            continue
        name = s.name.strip() or s.email.strip().split("@")[0]
        person = _Person(name, ROLE_LABELS[s.role])
        if s.email.strip():
            person.emails.append(s.email.strip())
            person.handles.append("@" + s.email.strip().split("@")[0])
        people.append(person)
    first_names = Counter(_norm(p.words[0]) for p in people if p.words)

    def match(text: str) -> _Person | None:
        key = _norm(text)
        bare = key.lstrip("@")
        for p in people:
            if key == _norm(p.name) or key in (_norm(e) for e in p.emails) or key in (_norm(h) for h in p.handles):
                return p
        for p in people:
            if key == _norm(_fold(p.name)):
                return p
        for p in people:
            if p.words and bare in (_norm(p.words[0]), _norm(_fold(p.words[0]))) and first_names[_norm(p.words[0])] == 1:
                return p
            if key.startswith("@") and bare in _handle_variants(p.name):
                return p
        return None

    roles_and_owners = [e.actor for e in pm.timeline] + [a.owner for a in pm.action_items]
    extra = [(r, False) for r in roles_and_owners if not names_a_role(r.strip())]
    extra += [(r, False) for r in _found_in_text(pm)]
    extra += [(r, True) for r in likely_names(pm) if _norm(r) not in keep]
    for raw, guessed in extra:
        text = raw.strip()
        if not text:
            continue
        found = match(text)
        if found is not None:
            if text.startswith("@") and text not in found.handles:
                found.handles.append(text)
            if text.startswith("@") and text not in found.written_handles:
                found.written_handles.append(text)
            continue
        person = _Person(text, OTHER_PERSON, guessed=guessed)
        if text.startswith("@"):
            person.handles.append(text)
            person.written_handles.append(text)
        people.append(person)
        if person.words:
            first_names[_norm(person.words[0])] += 1
    shared = Counter(p.role_label for p in people)
    numbers: Counter[str] = Counter()
    for p in people:
        if shared[p.role_label] > 1:
            numbers[p.role_label] += 1
            p.label = f"{p.role_label} {numbers[p.role_label]}"
        else:
            p.label = p.role_label
    return people


def names_a_role(text: str) -> bool:
    """Whether an actor or owner such as "Payments on-call", "Incident commander", "SRE team",
    "deploy-bot" or "Support" names a role, a team or a system rather than a person.

    Those are kept as written: they say nothing about who someone is, and taking their first
    word for a first name would replace "Payments" in every text."""
    if text.startswith("@"):
        return is_system_name(text)
    words = [w.casefold() for w in re.split(r"[\s/,&+]+", text.strip()) if w]
    if not words:
        return False
    parts = {part for w in words for part in (w, *w.split("-"))}
    if parts & _ROLE_WORDS or text.strip().casefold() in {label.casefold() for label in ROLE_LABELS.values()}:
        return True
    return is_system_name(text)


def _system_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def is_system_name(text: str) -> bool:
    """Whether a name or an ``@handle`` names a bot or a monitoring/alerting service, not a person.

    A bot: one of its words, or a CamelCase part of one, is "bot" or "robot" ("UptimeRobot",
    "PagerDutyBot", "github-actions[bot]", "deploy_bot"); letters inside a word do not count
    ("Robert", "Abbott", "Talbot"). A service: the whole name or one of its words is in
    ``SYSTEM_NAMES`` ("Pingdom", "@dependabot", "New Relic", "Grafana alerts").
    """
    body = text.strip().lstrip("@")
    words = [w for w in re.split(r"[^\w]+|_", body) if w]
    if not words:
        return False
    if any(part.casefold() in _BOT_WORDS for w in words for part in _CAMEL_PART.findall(w)):
        return True
    keys = {_system_key(body), *(_system_key(w) for w in words)}
    keys |= {_system_key(a + b) for a, b in zip(words, words[1:])}  # "Uptime Kuma", "github-actions"
    return bool(keys & SYSTEM_NAMES)


def _strings(value: Any, key: str = "") -> list[str]:
    """Every text of a dumped postmortem, ids and other keys that are not prose aside."""
    if key in _SKIP_KEYS:
        return []
    if type(value) is str:
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _strings(v, k)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v, key)]
    return []


def _found_in_text(pm: Postmortem) -> list[str]:
    """Handles mentioned and names after a cue ("Created by: …"), in order of first appearance."""
    found: list[str] = []
    for text in _strings(pm.model_dump(exclude={"stakeholders"})):
        in_text: list[tuple[int, str]] = []
        for match in _MENTION.finditer(text):
            if match.group(1).casefold() not in GROUP_MENTIONS and not is_system_name(match.group(1)):
                in_text.append((match.start(), "@" + match.group(1)))
        for match in _CUED_NAME.finditer(text):
            words = match.group(1).split()
            if all(w[0].isupper() and not w.isupper() for w in words) and not any(
                w.casefold() in _NOT_NAME_WORDS for w in words
            ):
                in_text.append((match.start(1), " ".join(words)))
        found += [value for _, value in sorted(in_text)]
    return list(dict.fromkeys(found))


def _bare_handle(handle: str) -> str | None:
    """The word of a written ``@handle`` that is replaced on its own too, or ``None``."""
    body = handle.lstrip("@")
    key = body.casefold()
    if len(body) < 3 or key in COMMON_WORDS or key in HANDLE_WORDS or key in GROUP_MENTIONS:
        return None
    return body


def _aliases(people: list[_Person]) -> list[tuple[str, _Person]]:
    """Every text that stands for a person, longest first."""
    first_names = Counter(_norm(p.words[0]) for p in people if p.words and not p.name.startswith("@"))
    found: dict[str, tuple[str, _Person]] = {}

    def add(alias: str, person: _Person) -> None:
        alias = alias.strip()
        if len(alias) >= 2 and _norm(alias) not in found:
            found[_norm(alias)] = (alias, person)

    last_names = Counter(_norm(p.words[-1]) for p in people if len(p.words) > 1 and not p.name.startswith("@"))
    for p in people:
        if p.name.startswith("@"):
            add(p.name, p)
        else:
            add(p.name, p)
            add(_fold(p.name), p)
            if len(p.words) > 1 and first_names[_norm(p.words[0])] == 1:
                add(p.words[0], p)
                add(_fold(p.words[0]), p)
            for variant in _handle_variants(p.name):
                add("@" + variant, p)
    for p in people:  # after every full and first name: a last name alone, where it is capitalised
        if len(p.words) > 1 and not p.name.startswith("@") and last_names[_norm(p.words[-1])] == 1:
            if len(p.words[-1]) >= 3 and _norm(p.words[-1]) not in first_names:
                add(p.words[-1], p)
        for email in p.emails:
            add(email, p)
        for handle in p.handles:
            add(handle, p)
    for p in people:  # after every full alias, so a name that equals a handle word keeps its person
        for handle in p.written_handles:
            bare = _bare_handle(handle)
            if bare is not None:
                add(bare, p)
    return sorted(found.values(), key=lambda pair: (-len(pair[0]), pair[0]))


def _bare_words(people: list[_Person]) -> set[str]:
    """The normalised bare handle words (they skip all-capital acronyms)."""
    return {_norm(b) for p in people for h in p.written_handles if (b := _bare_handle(h)) is not None}


def _pattern(alias: str) -> str:
    body = re.escape(alias)
    if alias.startswith("@") or "@" in alias:
        return rf"(?<![\w.+@-]){body}(?!{_HANDLE_CHARS}*\w)"
    before = "" if _UNSPACED.match(alias[0]) else r"(?<![\w@])"
    after = "" if _UNSPACED.match(alias[-1]) else r"(?!\w)"
    return f"{before}{body}{after}"


_INITIALS = r"[^\W\d_]{1,3}"


class _Redactor:
    def __init__(self, people: list[_Person]) -> None:
        self.aliases = _aliases(people)
        self.capital_only = {_norm(p.words[-1]) for p in people if len(p.words) > 1}
        self.bare = _bare_words(people) - {_norm(p.name) for p in people} - {
            _norm(p.words[0]) for p in people if p.words
        }
        self.by_norm = {_norm(a): (a, p) for a, p in self.aliases}
        self.counts: Counter[str] = Counter()
        self.accounts: dict[str, _Person] = {}  # account names replaced, as written
        # A user name made of up to three initials and the last name ("ewdurbin", "jsmith2").
        self.account_names = [p for p in people if len(p.words) > 1 and len(_fold(p.words[-1])) >= 5
                              and _fold(p.words[-1]).isalpha() and not p.name.startswith("@")]
        patterns = [f"({_pattern(a)})" for a, _ in self.aliases] + [
            rf"((?<![\w@.]){_INITIALS}{re.escape(_fold(p.words[-1]).casefold())}\d*(?![\w@]))"
            for p in self.account_names
        ]
        self.regex = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def _replace(self, match: re.Match[str]) -> str:
        text = match.group(0)
        number = match.lastindex - 1  # type: ignore[operator]
        if number >= len(self.aliases):
            person = self.account_names[number - len(self.aliases)]
            self.counts[text] += 1
            self.accounts[text] = person
            return person.label
        alias, person = self.aliases[number]
        if (
            " " not in alias
            and "@" not in alias
            and text == text.lower()
            and text != text.upper()
            and _norm(alias) in COMMON_WORDS
        ):
            return text
        if _norm(alias) in self.bare and text.isalpha() and text == text.upper():
            return text  # "DMA" the acronym, not "dma" the person
        if " " not in alias and _norm(alias) in self.capital_only and not text[:1].isupper():
            return text  # a last name alone only where it is capitalised ("Kiss", not "kiss")
        self.counts[alias] += 1
        return person.label

    def text(self, value: str) -> str:
        if self.regex is None or not value:
            return value
        return self.regex.sub(self._replace, value)

    def whole(self, value: str, fallback: _Person | None) -> str:
        """A field that names one person: its label, counted under the matching alias."""
        key = _norm(value)
        if not key:
            return value
        if key in self.by_norm:
            alias, person = self.by_norm[key]
            self.counts[alias] += 1
            return person.label
        return self.text(value) if fallback is None else self._count_whole(value, fallback)

    def _count_whole(self, value: str, person: _Person) -> str:
        self.counts[value.strip()] += 1
        return person.label


def _walk(value: Any, redactor: _Redactor, key: str = "") -> Any:
    if key in _SKIP_KEYS:
        return value
    if type(value) is str:
        return redactor.text(value)
    if isinstance(value, dict):
        return {k: _walk(v, redactor, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, redactor, key) for v in value]
    return value


def redact(pm: Postmortem, *, keep: Collection[str] = ()) -> tuple[Postmortem, RedactionPlan]:
    """A copy of ``pm`` with person names replaced by role labels, and the list of replacements.

    ``keep``: guessed names (``likely_names``) the user chose to leave as written.
    """
    people = _collect(pm, frozenset(_norm(name) for name in keep))
    redactor = _Redactor(people)
    data = pm.model_dump()
    stakeholder_people = iter(people)  # stakeholders come first, in order
    for s in data["stakeholders"]:
        if not (s["name"].strip() or s["email"].strip()):
            continue
        person = next(stakeholder_people)
        s["name"] = redactor.whole(s["name"], person) if s["name"].strip() else person.label
        if s["email"].strip():
            redactor.counts[s["email"].strip()] += 1
        s["email"] = ""
    for event in data["timeline"]:
        event["actor"] = redactor.whole(event["actor"], None)
    for item in data["action_items"]:
        item["owner"] = redactor.whole(item["owner"], None)
    protected = {"stakeholders": data.pop("stakeholders")}
    redacted = _walk(data, redactor)
    for s in protected["stakeholders"]:
        s["team"] = redactor.text(s["team"])
    redacted.update(protected)
    order = {p.label: i for i, p in enumerate(people)}
    labels = {alias: person.label for alias, person in redactor.aliases}
    labels.update({text: person.label for text, person in redactor.accounts.items()})
    guessed = {alias for alias, person in [*redactor.aliases, *redactor.accounts.items()] if person.guessed}
    replacements = [
        Replacement(original, labels.get(original, _label_of(original, people)), count, original in guessed)
        for original, count in redactor.counts.items()
        if count
    ]
    replacements.sort(key=lambda r: (order.get(r.label, len(order)), -len(r.original), r.original))
    guessed_names = [p.name for p in people if p.guessed and any(r.label == p.label for r in replacements)]
    return Postmortem.model_validate(redacted), RedactionPlan(replacements, guessed_names)


class PersonLabels:
    """The labels ``redact`` gives one postmortem's people, one field at a time (display only).

    What a field shows here is what it becomes in the redacted copy: a stakeholder is
    ``stakeholder_labels[id]``, an actor or an owner ``field(value)``, any other text
    ``text(value)``; so a screen that hides names matches the redacted export.
    """

    def __init__(self, pm: Postmortem, *, keep: Collection[str] = ()) -> None:
        people = _collect(pm, frozenset(_norm(name) for name in keep))
        self._redactor = _Redactor(people)
        stakeholder_people = iter(people)  # stakeholders come first, in order (as in ``redact``)
        self.stakeholder_labels: dict[str, str] = {
            s.id: next(stakeholder_people).label for s in pm.stakeholders if s.name.strip() or s.email.strip()
        }

    def field(self, value: str) -> str:
        """An actor or an owner as the redacted copy shows it (a role or a team stays as written)."""
        return self._redactor.whole(value, None)

    def text(self, value: str) -> str:
        """Prose with every person's name replaced, as in the redacted copy."""
        return self._redactor.text(value)


def _label_of(original: str, people: list[_Person]) -> str:
    key = _norm(original)
    for p in people:
        if key == _norm(p.name) or key in (_norm(e) for e in p.emails):
            return p.label
    return OTHER_PERSON


_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l",
                       "Ł": "L", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d"})


def _fold(text: str) -> str:
    """``text`` without accents ("Søren" -> "Soren", "Nóva" -> "Nova"), as people often type a name."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


#: Capitalised words that are not names: small words, days, months, places, roles, products and services.
NOT_NAMES = frozenset(
    """
    the a an and or but nor if so as at by for from in into of on onto to with without via per vs we our us
    i it its this that these those there here then than when while where after before during since until
    once all any each every some no not yes please thanks thank hi hello dear hey ok okay also just only
    what why how who whom whose which is was were be been being are am has have had do does did will would
    should could can may might must shall let lets let's he she they them his her their my your you me
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    today tomorrow yesterday tonight morning afternoon evening night week weekend
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    new north south east west san santa los las saint st united great upper lower central
    summary impact action actions item items root cause causes timeline lesson lessons learned learnings
    incident incidents postmortem post-mortem retrospective review status resolution resolved detection
    detected mitigation mitigated trigger follow-up followup background overview details detail
    analysis appendix update updates note notes next steps step phase stage part section chapter
    what's who's it's we're we've i'm post pre mortem
    director manager head chief officer president vice vp ceo cto cfo coo ciso svp evp founder cofounder
    senior principal staff junior lead leader chair member members intern contractor consultant
    mr mrs ms miss dr prof sir madam
    inc ltd llc gmbh corp co plc ag sa foundation university institute college school labs lab bank
    group company corporation association council agency department ministry office
    cloud web services service server servers engine directory active encrypt request requests page pages
    status sentinel cluster clusters database gateway platform network networks system systems console
    portal dashboard store registry hub studio suite manager edge functions function storage compute
    kubernetes docker container containers google amazon microsoft apple azure aws gcp github gitlab bitbucket
    slack zoom teams jira confluence notion pagerduty opsgenie datadog grafana prometheus kibana elastic
    elasticsearch logstash redis postgres postgresql mysql mariadb mongodb mongo kafka rabbitmq nginx apache
    tomcat helm terraform ansible puppet chef jenkins circleci travis buildkite argo argocd flux istio envoy
    consul vault nomad cloudflare fastly akamai heroku vercel netlify hetzner digitalocean linode vultr ovh
    oracle ibm intel nvidia amd arm linux windows macos ubuntu debian centos fedora alpine rhel android ios
    chrome chromium firefox safari edge python java javascript typescript node nodejs rust golang go ruby
    rails django flask php perl scala kotlin swift twitter mastodon discord telegram whatsapp signal
    facebook meta instagram youtube linkedin reddit stripe paypal visa mastercard okta auth0 sentry
    honeycomb splunk relic lambda ec2 s3 rds eks ecs gke aks route bigquery firebase spanner aurora
    dynamodb cosmos memcached varnish haproxy traefik openssl openssh ssh tls ssl http https dns cdn vpn
    api sdk cli ui ux saas paas iaas log4j log4shell office365 outlook gmail exchange sharepoint onedrive
    bluetooth wifi ethernet internet intranet wiki readme changelog release releases version
    support security engineering operations infrastructure reliability product production staging
    customer customers user users client clients partner partners vendor vendors team teams
    """.split()
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+|-[^\W\d_]+)*")
_ATTACHED = set("@/\\#.:_=~+&%$[]{}<>|0123456789")
_CUES = ("by", "thanks to", "thank you", "cc", "cc:", "ping", "pinged")
_LIST_JOIN = re.compile(r"(?:,\s*|\s+(?:and|&|or)\s+|,\s*(?:and|&|or)\s+)$")


def _name_like(word: str) -> bool:
    """A capitalised word with lowercase letters after its capital and no capital inside (but "McDonald", "O'Brien")."""
    if len(word) < 2 or not word[0].isupper():
        return False
    rest = word[1:]
    if not any(c.islower() for c in rest):
        return False
    for index, char in enumerate(rest, start=1):
        if char.isupper() and word[index - 1] not in "'’-" and not word[:index] in ("Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von"):
            return False
    return True


def _base(word: str) -> str:
    """``word`` without a possessive ending ("Matt's" -> "Matt")."""
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def _prose_tokens(text: str) -> list[re.Match[str]]:
    """The words of ``text`` that are prose: not inside a handle, a path, an address or a code name."""
    out = []
    for match in _TOKEN.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        following = text[match.end() + 1] if match.end() + 1 < len(text) else " "
        if (before in _ATTACHED or after in "@/\\_=" or (after == "." and following.isalnum())
                or text.startswith("://", match.end())):
            continue
        out.append(match)
    return out


def _title_case_line(line: str, words: list[str]) -> bool:
    """A heading or a title: four words or more, nearly all capitalised, not ending like a sentence."""
    if line.rstrip(" *_").endswith((".", "!", "?")):
        return False
    significant = [w for w in words if w.casefold() not in ("a", "an", "the", "and", "or", "of", "for", "to", "in",
                                                              "on", "at", "by", "with", "vs")]
    if len(words) < 4 or not significant:
        return False
    return sum(1 for w in significant if w[:1].isupper()) >= 0.8 * len(significant)


def likely_names(pm: Postmortem) -> list[str]:
    """Person names written in the postmortem's prose that no field names as a person, in order of first appearance.

    See the module documentation for what counts; the guess is cautious, and the user
    reviews it in the redaction preview.
    """
    texts = _strings(pm.model_dump(exclude={"stakeholders"}))
    lowercase: set[str] = set()
    for text in texts:
        for match in _prose_tokens(text):
            word = match.group(0)
            if word.islower():
                key = word.casefold()
                lowercase.add(key)
                lowercase.update(_STEM_MARK + key[:n] for n in range(_STEM_MIN, len(key) + 1))
    found: dict[str, str] = {}
    for text in texts:
        for line in text.split("\n"):
            for name in _names_in_line(line, lowercase):
                found.setdefault(_norm(name), name)
    return list(found.values())


_STEM_MARK = "\x00"  # prefixes of lowercase words are kept in the same set behind this mark
_STEM_MIN = 5


def _not_a_name(word: str, lowercase: set[str], *, cued: bool) -> bool:
    key = _base(word).casefold()
    if key in NOT_NAMES or key in _ROLE_WORDS or not _name_like(_base(word)):
        return True
    if key in lowercase or word.casefold() in lowercase:
        return True
    # Written in lowercase elsewhere as another form of the word ("Modified" where "modify" is written),
    # unless a cue says a person follows ("reported by", "thanks to").
    stem = key[: max(_STEM_MIN, len(key) - 3)]
    return not cued and len(key) >= 6 and _STEM_MARK + stem in lowercase


def _names_in_line(line: str, lowercase: set[str]) -> list[str]:
    tokens = _prose_tokens(line)
    if _title_case_line(line, [t.group(0) for t in tokens]):
        return []
    names: list[str] = []
    index = 0
    while index < len(tokens):
        if not tokens[index].group(0)[:1].isupper():
            index += 1
            continue
        run = [tokens[index]]
        while (index + len(run) < len(tokens) and tokens[index + len(run)].group(0)[:1].isupper()
               and line[run[-1].end() : tokens[index + len(run)].start()] in (" ", "\u00a0")
               and _base(run[-1].group(0)) == run[-1].group(0)):
            run.append(tokens[index + len(run)])
        index += len(run)
        names.extend(_names_in_run(line, run, tokens, lowercase))
    return names


def _names_in_run(line: str, run: list[re.Match[str]], tokens: list[re.Match[str]], lowercase: set[str]) -> list[str]:
    before = line[: run[0].start()].rstrip(" \u00a0").casefold()
    cued = any(before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum())
               for cue in _CUES)
    words = [m.group(0) for m in run]
    start, end = 0, len(words)
    while start < end and _not_a_name(words[start], lowercase, cued=cued):
        start += 1
    chosen = words[start:end]  # a known term at the end makes the run a term ("Post Mortem Review")
    if not 2 <= len(chosen) <= 3 or any(_not_a_name(w, lowercase, cued=cued) for w in chosen):
        return []
    previous = line[: run[start].start()].rstrip().casefold()
    if start == 0 and (previous.endswith((" the", " a", " an", " our", " their", " its")) or previous in ("the", "a", "an")):
        return []
    rest_of_line = line[run[end - 1].end() :]
    if not cued and len(tokens) == end - start:
        return []  # all the words of the line: a heading or a label ("Key Takeaways", "Last Modified: 2019-01-23")
    if re.match(r"\s*\([A-Z]{2,}\)", rest_of_line):
        return []  # a term with its abbreviation: "Common Weakness Enumeration (CWE)"
    chosen[-1] = _base(chosen[-1])
    name = " ".join(chosen)
    return [*_listed_before(line[: run[start].start()], lowercase), name]


def _listed_before(text: str, lowercase: set[str]) -> list[str]:
    """Single capitalised words listed right before a name: "Soren, Lloyd and" before "Peter Taylor"."""
    listed: list[str] = []
    rest = text
    while True:
        join = _LIST_JOIN.search(rest)
        if join is None:
            break
        rest = rest[: join.start()]
        word = re.search(r"(?:^|(?<=[\s(]))([^\W\d_]+)$", rest)
        if word is None or _not_a_name(word.group(1), lowercase, cued=False):
            break
        rest = rest[: word.start(1)]
        previous = re.search(r"([^\W\d_]+)[ \t]$", rest)
        if previous is not None and previous.group(1)[0].isupper():
            break  # the last word of a longer name ("Peter Taylor and"), not a name of its own
        listed.insert(0, word.group(1))
    return listed
