"""Person names shown as roles while presenting ("Incident commander", "Responder 1", …).

Pure (no Qt) and display only: the postmortem is read, never changed. The labels are the export
redaction's (``domain/redaction.py``) for the same postmortem, so what the room sees matches the
redacted PDF: a stakeholder, a timeline actor or an action owner shows what its field becomes in the
redacted copy (an actor or owner naming a role or a team, "SRE team", stays as written).
"""

from __future__ import annotations

from desktop_app.domain.models import Postmortem
from desktop_app.domain.redaction import PersonLabels

class NameLabels:
    """Maps person names of one postmortem to the redaction's role labels.

    Attributes:
        stakeholder_labels: stakeholder id → its label, in the stakeholders' order.
    """

    def __init__(self, pm: Postmortem) -> None:
        self._labels = PersonLabels(pm)
        self.stakeholder_labels: dict[str, str] = dict(self._labels.stakeholder_labels)

    def label(self, text: str) -> str:
        """What a person field (an actor, an owner) shows in place of the name(s) in ``text``, as
        the redacted export shows it; empty for an empty field."""
        return self._labels.field(text) if text.strip() else ""
