"""Redaction for sharing: person names replaced by their role, the same label everywhere.

``redact(pm)`` returns a redacted copy of the postmortem and a ``RedactionPlan`` that
lists every replacement (original text, label, how often) for the preview.

Who is a person: every stakeholder with a name, every timeline actor and every action
item owner, every ``@handle`` mentioned in any text (``@stevekuznetsov pinged @ben``;
not Slack groups such as ``@here`` or ``@oncall``, not ``@scope/package`` paths), and
a name of two or three capitalised words after a cue such as ``Created by:``,
``Author:``, ``Owner:`` or ``reported by`` (``Created By: Benjamin Elder``). One that
matches a stakeholder (full name, first name, e-mail, or a handle such as ``@ann``,
``@ann.lee``, ``@annlee``, ``@ann_l``) is that stakeholder; any other is a person of
its own. Other names in prose are not guessed: add the person as a stakeholder and
every mention of the name is replaced.

Labels: stakeholders get their role ("Incident commander", "Responder", "Observer",
"Engineer", …); other people get "Responder". A label is numbered ("Responder 1",
"Responder 2") when two or more people share it, in order of first appearance
(stakeholders, then timeline actors, then owners), so the numbering is the same in
every field.

What is replaced, in every text field of the postmortem (ids and the time zone aside):
the full name, the first name alone when no other person has the same first name,
e-mail addresses and ``@handles``, and the bare word of a handle that was written as
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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
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
    """.split()
)
_HANDLE_CHARS = r"[\w.\-]"
# Scripts written without spaces between words: no word boundary is required around these names.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")


@dataclass(frozen=True)
class Replacement:
    """One text that was replaced, what replaced it, and how many times."""

    original: str
    label: str
    count: int


@dataclass(frozen=True)
class RedactionPlan:
    """Every replacement of a redaction, for the preview (people in label order)."""

    replacements: list[Replacement]

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


def _collect(pm: Postmortem) -> list[_Person]:
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
            if p.words and bare == _norm(p.words[0]) and first_names[bare] == 1:
                return p
            if key.startswith("@") and bare in _handle_variants(p.name):
                return p
        return None

    roles_and_owners = [e.actor for e in pm.timeline] + [a.owner for a in pm.action_items]
    extra = [r for r in roles_and_owners if not names_a_role(r.strip())] + _found_in_text(pm)
    for raw in extra:
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
        person = _Person(text, OTHER_PERSON)
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
        return False
    words = [w.casefold() for w in re.split(r"[\s/,&+]+", text.strip()) if w]
    if not words:
        return False
    parts = {part for w in words for part in (w, *w.split("-"))}
    if parts & _ROLE_WORDS or text.strip().casefold() in {label.casefold() for label in ROLE_LABELS.values()}:
        return True
    return any(w.endswith(("-bot", "_bot", "bot")) and len(w) > 3 for w in words)


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
            if match.group(1).casefold() not in GROUP_MENTIONS:
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

    for p in people:
        if p.name.startswith("@"):
            add(p.name, p)
        else:
            add(p.name, p)
            if len(p.words) > 1 and first_names[_norm(p.words[0])] == 1:
                add(p.words[0], p)
            for variant in _handle_variants(p.name):
                add("@" + variant, p)
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


class _Redactor:
    def __init__(self, people: list[_Person]) -> None:
        self.aliases = _aliases(people)
        self.bare = _bare_words(people) - {_norm(p.name) for p in people} - {
            _norm(p.words[0]) for p in people if p.words
        }
        self.by_norm = {_norm(a): (a, p) for a, p in self.aliases}
        self.counts: Counter[str] = Counter()
        self.regex = (
            re.compile("|".join(f"({_pattern(a)})" for a, _ in self.aliases), re.IGNORECASE)
            if self.aliases
            else None
        )

    def _replace(self, match: re.Match[str]) -> str:
        alias, person = self.aliases[match.lastindex - 1]  # type: ignore[operator]
        text = match.group(0)
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


def redact(pm: Postmortem) -> tuple[Postmortem, RedactionPlan]:
    """A copy of ``pm`` with person names replaced by role labels, and the list of replacements."""
    people = _collect(pm)
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
    replacements = [
        Replacement(original, labels.get(original, _label_of(original, people)), count)
        for original, count in redactor.counts.items()
        if count
    ]
    replacements.sort(key=lambda r: (order.get(r.label, len(order)), -len(r.original), r.original))
    return Postmortem.model_validate(redacted), RedactionPlan(replacements)


def _label_of(original: str, people: list[_Person]) -> str:
    key = _norm(original)
    for p in people:
        if key == _norm(p.name) or key in (_norm(e) for e in p.emails):
            return p.label
    return OTHER_PERSON
