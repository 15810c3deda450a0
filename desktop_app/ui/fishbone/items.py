"""Graphics items that only paint what the layout gives them: a box (effect, category, cause) and the bones.

Items hold a layout ``Box`` (an id and a rectangle), never a domain object; the scene maps
ids to items. Root causes are marked not by colour only: a heavier red border on a faint red
fill, and a "ROOT CAUSE" tag. A root cause no action item addresses also gets an amber
"NO ACTION ITEM" tag; both sit in the tag row inside the box, where the layout placed them
(the PDF and the SVG draw them at the same place). A cause with a note has a folded corner.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.formats.fishbone_layout import NO_ACTION_TAG, PAD_X, TAG_FONT_SIZE, Bone, Box, Tag
from desktop_app.ui.fishbone import style

Z_BONES = 0.0
Z_BOXES = 1.0
Z_GHOST = 10.0


TOOLTIP_CHARS = 600
"""A tooltip shows at most this much of a cause's text or note (a pasted log can be megabytes)."""


def _clipped(text: str) -> str:
    return text if len(text) <= TOOLTIP_CHARS else text[:TOOLTIP_CHARS].rstrip() + "…"


class DropState(Enum):
    NONE = 0
    ACCEPT = 1
    REFUSE = 2


class BoxItem(QGraphicsItem):
    """One box of the diagram, painted from its layout ``Box``.

    Attributes:
        box: the layout box; unaddressed: it carries the "NO ACTION ITEM" tag; note: the note text.
        drop_state: how a drag currently hovering here would land.
    """

    def __init__(self, box: Box, *, note: str = "", full_text: str = "") -> None:
        super().__init__()
        self.box = box
        self.unaddressed = any(tag.label == NO_ACTION_TAG for tag in box.tags)
        self.note = note
        self.drop_state = DropState.NONE
        self.setPos(box.x, box.y)
        self.setZValue(Z_BOXES)
        if box.kind != "effect":
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        tip = _clipped(full_text or " ".join(box.lines))
        if note:
            tip += f"\n\nNote: {_clipped(note)}"
        self.setToolTip(tip)

    @property
    def box_id(self) -> str:
        return self.box.id

    def rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.box.width, self.box.height)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect().adjusted(-3.0, -3.0, 3.0, 3.0)  # the selection outline; tags are inside

    def set_drop_state(self, state: DropState) -> None:
        if state is not self.drop_state:
            self.drop_state = state
            self.update()

    def look(self) -> style.Look:
        """The palette of the scene this item is in (the PDF's light one outside a scene)."""
        scene = self.scene()
        return getattr(scene, "look", style.LIGHT) if scene is not None else style.LIGHT

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        box = self.box
        look = self.look()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        rect = self.rect()
        ink = look.ink
        if box.kind == "effect":
            fill, pen, ink, radius = look.effect, Qt.PenStyle.NoPen, look.effect_ink, 3.0
        elif box.kind == "category":
            fill, pen, ink, radius = look.category, Qt.PenStyle.NoPen, look.category_ink, 3.0
        elif box.is_root_cause:
            fill, pen, radius = look.root_fill, QPen(look.root_stroke, style.ROOT_STROKE_WIDTH), 3.0
        else:
            fill, pen, radius = look.cause_fill, QPen(look.cause_stroke, 0.7), 3.0
        if self.drop_state is DropState.ACCEPT:
            fill = look.drop_fill if box.kind == "cause" else fill.lighter(125)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, radius, radius)
        if box.has_note:
            corner = min(7.0, PAD_X + 1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.note)
            painter.drawPolygon(QPolygonF([QPointF(box.width - corner, 0), QPointF(box.width, 0),
                                           QPointF(box.width, corner)]))
        painter.setPen(ink)
        painter.setFont(style.canvas_font(box.font_size))
        for index, line in enumerate(box.lines):
            x, baseline = box.text_origin(index)
            painter.drawText(QPointF(x - box.x, baseline - box.y), line)
        for tag in box.tags:
            self._paint_tag(painter, tag, look)
        self._paint_state(painter, rect, radius, look)

    def _paint_tag(self, painter: QPainter, tag: Tag, look: style.Look) -> None:
        rect = QRectF(tag.x - self.box.x, tag.y - self.box.y, tag.width, tag.height)
        painter.setPen(QPen(look.root_stroke if tag.filled else look.warn, 0.8))
        painter.setBrush(look.root_stroke if tag.filled else look.warn_fill)
        painter.drawRoundedRect(rect, tag.height / 2, tag.height / 2)
        painter.setPen(look.tag_ink if tag.filled else look.warn)
        painter.setFont(style.canvas_font(TAG_FONT_SIZE, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag.label)

    def _paint_state(self, painter: QPainter, rect: QRectF, radius: float, look: style.Look) -> None:
        if self.drop_state is DropState.REFUSE:
            pen = QPen(look.refused, 1.6, Qt.PenStyle.DashLine)
        elif self.drop_state is DropState.ACCEPT:
            pen = QPen(look.selection, 2.0, Qt.PenStyle.DashLine)
        elif self.isSelected():
            pen = QPen(look.selection, 2.0)
        else:
            return
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-2.0, -2.0, 2.0, 2.0), radius + 2, radius + 2)


def bone_items(bones: tuple[Bone, ...], look: style.Look = style.LIGHT) -> list[QGraphicsPathItem]:
    """The bones as three path items (spine, category bones, cause branches): cheap for 500 causes."""
    paths = {kind: QPainterPath() for kind in ("cause", "category", "spine")}
    for bone in bones:
        path = paths[bone.kind]
        path.moveTo(bone.x1, bone.y1)
        path.lineTo(bone.x2, bone.y2)
    looks = {
        "cause": (look.bone, style.CAUSE_BONE_WIDTH),
        "category": (look.category, style.CATEGORY_BONE_WIDTH),
        "spine": (look.effect, style.SPINE_WIDTH),
    }
    items = []
    for kind, path in paths.items():
        colour, width = looks[kind]
        item = QGraphicsPathItem(path)
        pen = QPen(QColor(colour), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item.setPen(pen)
        item.setZValue(Z_BONES)
        item.setData(0, kind)
        items.append(item)
    return items
