"""Rules about causes shared by the coach, the fishbone canvas and the PDF."""

from __future__ import annotations

from desktop_app.domain.models import CauseKind, Postmortem


def unaddressed_root_causes(pm: Postmortem) -> frozenset[str]:
    """Ids of the root causes that no action item links to."""
    addressed = {cause_id for item in pm.action_items for cause_id in item.cause_ids}
    return frozenset(c.id for c in pm.causes if c.kind is CauseKind.ROOT_CAUSE and c.id not in addressed)
