"""People named in a postmortem: an "Attendees" (or "Participants", "Responders", …) section, or
a "Stakeholders:" field such as the one Hindsight's own Markdown export writes.

``people_from_text(text)`` reads names listed one per line (list items or not) or separated
by ``,`` / ``;``; each may carry details in parentheses, as the export writes them:
``Ann Lee (Incident commander, SRE, facilitator)``: a role (its label or value, or ``IC``),
``facilitator``, and anything else (a second role word too) as the team. An e-mail address
in ``<…>`` is kept. Text that reads as prose (a sentence, an entry of more than
``MAX_NAME_WORDS`` words) gives ``None``, and the section stays as text.
"""

from __future__ import annotations

import re

from desktop_app.domain.models import Stakeholder, StakeholderRole

MAX_NAME_WORDS = 5
MAX_NAME_LENGTH = 80
PEOPLE_HEADING = re.compile(
    r"^(?:(?:meeting|review|incident|postmortem|post-mortem)\s+)?"
    r"(?:attendees|attendance|participants|people(?:\s+involved)?|responders|stakeholders|who\s+was\s+involved)"
    r"\s*:?$",
    re.IGNORECASE,
)
PEOPLE_FIELD = re.compile(
    r"^\s*(?:authors\s+and\s+stakeholders|stakeholders|participants|attendees|responders)\s*:\s*(?P<v>.+)$",
    re.IGNORECASE,
)
_ROLE_WORDS: dict[str, StakeholderRole] = {
    **{role.label.lower(): role for role in StakeholderRole},
    **{role.value.replace("_", " "): role for role in StakeholderRole},
    "ic": StakeholderRole.INCIDENT_COMMANDER,
    "commander": StakeholderRole.INCIDENT_COMMANDER,
    "on-call": StakeholderRole.RESPONDER,
    "on call": StakeholderRole.RESPONDER,
}
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_ENTRY = re.compile(r"^(?P<name>[^()<>]+?)\s*(?:<(?P<email>[^<>\s]+@[^<>\s]+)>)?\s*(?:\((?P<details>[^()]*)\))?$")


def is_people_heading(title: str) -> bool:
    """Whether a section heading lists people ("Attendees", "Participants", "Responders", …)."""
    return bool(PEOPLE_HEADING.match(" ".join(title.strip().strip("*_").split())))


def default_role(heading: str) -> StakeholderRole:
    """Responders are responders; attendees and participants of a review may be anyone."""
    return StakeholderRole.RESPONDER if "responder" in heading.lower() else StakeholderRole.OTHER


def _split(line: str) -> list[str]:
    """``line`` cut at ``,`` and ``;`` outside parentheses, with a last "and" dropped."""
    parts, depth, current = [], 0, []
    for char in line:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    cleaned = []
    for part in parts:
        part = re.sub(r"^\s*(?:and|&)\s+", "", part.strip())
        if part:
            cleaned.extend(p.strip() for p in re.split(r"\s+(?:and|&)\s+", part) if p.strip())
    return cleaned


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_LENGTH:
        return False
    if any(c in name for c in ":!?`[]{}|#=") or "http" in name.lower():
        return False
    # a full stop ends a sentence, unless it ends an initial ("J.", "A.B.")
    return not any(w.endswith(".") and len(w.rstrip(".").replace(".", "")) > 2 for w in words)


#: how Hindsight's export writes a stakeholder whose name is not filled in
UNNAMED = "(unnamed)"


def _person(entry: str, role: StakeholderRole) -> Stakeholder | None:
    entry = entry.strip().strip("*_").strip()
    unnamed = entry.startswith(UNNAMED)
    match = _ENTRY.match(("x" + entry[len(UNNAMED):]) if unnamed else entry)
    if match is None or not _looks_like_name(match.group("name")):
        return None
    name = "" if unnamed else " ".join(match.group("name").split())
    person = Stakeholder(name=name, role=role, email=match.group("email") or "")
    teams, role_given = [], False
    for detail in (d.strip() for d in (match.group("details") or "").split(",")):
        key = detail.lower()
        if not key:
            continue
        if key == "facilitator":
            person.is_facilitator = True
        elif key in _ROLE_WORDS and not role_given:
            person.role, role_given = _ROLE_WORDS[key], True
        else:
            teams.append(detail)
    person.team = ", ".join(teams)
    return person


def people_from_text(text: str, *, role: StakeholderRole = StakeholderRole.RESPONDER,
                     skipped: list[str] | None = None) -> list[Stakeholder] | None:
    """The people ``text`` lists (see the module docstring), or ``None`` when it is not a list of names.

    With ``skipped`` (a field that only lists people), an entry that is not a name is left out and
    added to ``skipped`` instead of making the whole text prose.
    """
    people: list[Stakeholder] = []
    for raw in text.splitlines():
        line = _LIST_MARK.sub("", raw).strip()
        if not line:
            continue
        for entry in _split(line):
            person = _person(entry, role)
            if person is None:
                if skipped is None:
                    return None
                skipped.append(entry.strip())
                continue
            people.append(person)
    return people or None


def merge_people(*groups: list[Stakeholder]) -> list[Stakeholder]:
    """The people of every group, each name once (the first mention wins)."""
    seen: set[str] = set()
    merged = []
    for group in groups:
        for person in group:
            key = person.name.casefold() or f"\0{person.id}"  # unnamed people are each their own
            if key not in seen:
                seen.add(key)
                merged.append(person)
    return merged


__all__ = ["PEOPLE_FIELD", "default_role", "is_people_heading", "merge_people", "people_from_text"]
