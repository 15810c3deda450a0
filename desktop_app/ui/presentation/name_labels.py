"""Person names shown as roles while presenting ("Incident commander", "Responder 1", …).

Pure (no Qt) and display only: the postmortem is read, never changed. A name is matched
to a stakeholder by full name, e-mail, the e-mail's local part or a first name that only
one stakeholder has, ignoring case, spacing and a leading ``@``. A name that matches no
stakeholder (a timeline actor, an action owner) becomes "Participant 1", "Participant 2", …
in the order it first appears. A field naming several people ("Ana, Bo & Cy") maps each.
"""

from __future__ import annotations

import re
from collections import Counter

from desktop_app.domain.models import Postmortem

UNKNOWN_PERSON = "Participant"
_SEPARATORS = re.compile(r"\s*(?:,|;|&|/|\+|\band\b)\s*", re.IGNORECASE)


def normalise(name: str) -> str:
    """The form names are compared in: no ``@``, single spaces, case folded."""
    return " ".join(name.strip().lstrip("@").split()).casefold()


def split_names(text: str) -> list[str]:
    """The names in a field that may list several people."""
    return [part for part in _SEPARATORS.split(text.strip()) if part.strip()]


class NameLabels:
    """Maps person names of one postmortem to role labels.

    Attributes:
        stakeholder_labels: stakeholder id → its label, in the stakeholders' order.
    """

    def __init__(self, pm: Postmortem) -> None:
        roles = Counter(s.role for s in pm.stakeholders if s.name.strip())
        seen: Counter = Counter()
        self.stakeholder_labels: dict[str, str] = {}
        self._by_key: dict[str, str] = {}
        first_names = Counter(normalise(s.name).split(" ")[0] for s in pm.stakeholders if s.name.strip())
        for stakeholder in pm.stakeholders:
            if not stakeholder.name.strip():
                continue
            seen[stakeholder.role] += 1
            label = stakeholder.role.label
            if roles[stakeholder.role] > 1:
                label = f"{label} {seen[stakeholder.role]}"
            self.stakeholder_labels[stakeholder.id] = label
            full = normalise(stakeholder.name)
            keys = [full]
            if stakeholder.email.strip():
                keys += [normalise(stakeholder.email), normalise(stakeholder.email.split("@")[0])]
            first = full.split(" ")[0]
            if first_names[first] == 1:
                keys.append(first)
            for key in keys:
                self._by_key.setdefault(key, label)
        self._unknown: dict[str, str] = {}
        for event in pm.timeline:
            self.label(event.actor)
        for item in pm.action_items:
            self.label(item.owner)

    def _one(self, name: str) -> str:
        key = normalise(name)
        if not key:
            return ""
        found = self._by_key.get(key)
        if found is not None:
            return found
        if key not in self._unknown:
            self._unknown[key] = f"{UNKNOWN_PERSON} {len(self._unknown) + 1}"
        return self._unknown[key]

    def label(self, text: str) -> str:
        """The label(s) shown in place of the name(s) in ``text``; empty for an empty field."""
        labels: list[str] = []
        for part in split_names(text):
            label = self._one(part)
            if label and label not in labels:
                labels.append(label)
        return ", ".join(labels)
