"""The fishbone of one postmortem: what the canvas, the PNG/SVG export and the PDF report all draw.

``postmortem_layout`` feeds a postmortem's problem statement, bones and causes to
``layout_fishbone`` with the "NO ACTION ITEM" tags the action items call for, so every
drawing of a postmortem's diagram starts from the very same positions.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.causes import unaddressed_root_causes
from desktop_app.domain.models import Cause, Postmortem
from desktop_app.formats.fishbone_layout import FishboneLayout, TextMeasure, layout_fishbone

EFFECT_PLACEHOLDER = "Problem statement"


def effect_text(pm: Postmortem) -> str:
    """What the head shows: the problem statement, else the title, else a placeholder."""
    return pm.fishbone_effect.strip() or pm.title.strip() or EFFECT_PLACEHOLDER


def postmortem_layout(pm: Postmortem, *, skip_blank: bool = False,
                      measure: TextMeasure | None = None) -> FishboneLayout:
    """The layout of ``pm``'s fishbone, as the canvas, the PNG/SVG export and the PDF report draw it.

    Root causes no action item links to get the "NO ACTION ITEM" tag. ``skip_blank`` leaves out
    causes with no text (the PDF report does: an empty box is a cause still being typed), their
    sub-causes kept on the blank cause's bone.
    """
    causes = list(pm.causes)
    if skip_blank and any(not c.text.strip() for c in causes):
        causes = _without_blank(causes)
    return layout_fishbone(effect_text(pm), pm.fishbone_categories, causes, measure=measure,
                           unaddressed=unaddressed_root_causes(pm))


def _without_blank(causes: Sequence[Cause]) -> list[Cause]:
    """``causes`` less the ones with no text; a sub-cause of a blank cause moves up to the nearest
    ancestor with text, or becomes top-level on the bone of the blank top cause above it."""
    by_id = {c.id: c for c in causes}
    kept: list[Cause] = []
    for cause in causes:
        if not cause.text.strip():
            continue
        parent_id, category, seen = cause.parent_id, cause.category, {cause.id}
        while parent_id in by_id and parent_id not in seen and not by_id[parent_id].text.strip():
            seen.add(parent_id)
            category = by_id[parent_id].category
            parent_id = by_id[parent_id].parent_id
        if parent_id != cause.parent_id:
            if parent_id in by_id and parent_id not in seen:
                cause = cause.model_copy(update={"parent_id": parent_id})
            else:
                cause = cause.model_copy(update={"parent_id": None, "category": category})
        kept.append(cause)
    return kept
