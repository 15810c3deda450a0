"""``FishboneScene``: the diagram of one postmortem, rebuilt from a fresh layout after every change.

The scene asks ``postmortem_layout`` (``layout_fishbone``) for positions and paints them with ``BoxItem`` and three
bone paths; it keeps an id → item map and answers "what is under this point" from the
layout's geometry (a box, or a category bone within a few points).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsScene, QWidget

from desktop_app.domain.models import Postmortem
from desktop_app.formats.fishbone_layout import CATEGORY_PREFIX, Box, FishboneLayout
from desktop_app.formats.fishbone_postmortem import EFFECT_PLACEHOLDER, effect_text, postmortem_layout
from desktop_app.ui.fishbone import style
from desktop_app.ui.fishbone.items import BoxItem, bone_items

SCENE_PADDING = 12.0
"""Background around the diagram that can be scrolled to; a fitted view shows exactly this much."""
BONE_HIT = 6.0
"""A drop within this many points of a category bone lands on it."""
__all__ = ["EFFECT_PLACEHOLDER", "FishboneScene", "Target", "effect_text", "layout_of"]


def layout_of(pm: Postmortem) -> FishboneLayout:
    """The layout of ``pm``'s diagram (``postmortem_layout``, the one the PDF report draws too), with a
    "NO ACTION ITEM" tag on root causes nothing addresses."""
    return postmortem_layout(pm)


@dataclass(frozen=True)
class Target:
    """Something a drag can land on: a category bone (``id`` is the name) or a cause."""

    kind: str  # "category" | "cause"
    id: str


class FishboneScene(QGraphicsScene):
    """The diagram items of the current layout.

    Attributes:
        layout: the layout shown (``None`` before the first build); items: box id → item.
        look: the palette the items paint with (``style.LIGHT``, the PDF's, unless told otherwise).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.look = style.LIGHT
        self.layout: FishboneLayout | None = None
        self.items_by_id: dict[str, BoxItem] = {}

    def show_postmortem(self, pm: Postmortem) -> FishboneLayout:
        layout = layout_of(pm)
        notes = {c.id: c.note for c in pm.causes if c.note.strip()}
        texts = {c.id: c.text for c in pm.causes}
        self.show_layout(layout, notes=notes, texts=texts)
        return layout

    def show_layout(
        self,
        layout: FishboneLayout,
        *,
        notes: dict[str, str] | None = None,
        texts: dict[str, str] | None = None,
    ) -> None:
        notes = notes or {}
        texts = texts or {}
        self.clear()
        self.layout = layout
        self.items_by_id = {}
        for item in bone_items(layout.bones, self.look):
            self.addItem(item)
        for box in layout.boxes:
            item = BoxItem(box, note=notes.get(box.id, ""), full_text=texts.get(box.id, ""))
            self.addItem(item)
            self.items_by_id[box.id] = item
        self.setSceneRect(QRectF(-SCENE_PADDING, -SCENE_PADDING, layout.width + 2 * SCENE_PADDING,
                                 layout.height + 2 * SCENE_PADDING))

    def diagram_rect(self) -> QRectF:
        """The diagram's own extent (no padding)."""
        if self.layout is None:
            return QRectF()
        return QRectF(0.0, 0.0, self.layout.width, self.layout.height)

    def box_at(self, point: QPointF) -> Box | None:
        if self.layout is None:
            return None
        x, y = point.x(), point.y()
        for box in reversed(self.layout.boxes):
            if box.x <= x <= box.right and box.y <= y <= box.bottom:
                return box
        return None

    def target_at(self, point: QPointF) -> Target | None:
        """The cause box or category (label or bone) under ``point``."""
        box = self.box_at(point)
        if box is not None:
            if box.kind == "cause":
                return Target("cause", box.id)
            if box.kind == "category":
                return Target("category", box.category)
            return None
        if self.layout is None:
            return None
        for bone in self.layout.bones:
            if bone.kind == "category" and _distance(point, bone.x1, bone.y1, bone.x2, bone.y2) <= BONE_HIT:
                return Target("category", bone.owner_id[len(CATEGORY_PREFIX):])
        return None


def _distance(point: QPointF, x1: float, y1: float, x2: float, y2: float) -> float:
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((point.x() - x1) * dx + (point.y() - y1) * dy) / length))
    px, py = x1 + t * dx, y1 + t * dy
    return float(((point.x() - px) ** 2 + (point.y() - py) ** 2) ** 0.5)
