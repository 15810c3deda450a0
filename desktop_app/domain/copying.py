"""Copies of a postmortem that can live beside the original (fresh ids throughout)."""

from __future__ import annotations

from desktop_app.domain.models import Postmortem, new_id, utc_now


def as_new_copy(pm: Postmortem, *, title_suffix: str = "") -> Postmortem:
    """A deep copy of ``pm`` with a new id for it and for every child; cause links are kept."""
    cause_ids = {c.id: new_id() for c in pm.causes}
    now = utc_now()
    return pm.model_copy(
        update={
            "id": new_id(),
            "title": pm.title + title_suffix,
            "created_at": now,
            "updated_at": now,
            "evidence": [e.model_copy(update={"id": new_id()}) for e in pm.evidence],
            "stakeholders": [s.model_copy(update={"id": new_id()}) for s in pm.stakeholders],
            "timeline": [t.model_copy(update={"id": new_id()}) for t in pm.timeline],
            "causes": [
                c.model_copy(
                    update={"id": cause_ids[c.id], "parent_id": cause_ids.get(c.parent_id or "", None)}
                )
                for c in pm.causes
            ],
            "action_items": [a.model_copy(update={"id": new_id()}) for a in pm.action_items],
        },
        deep=True,
    )
