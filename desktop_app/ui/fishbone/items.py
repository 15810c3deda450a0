"""Graphics items that only paint what the layout gives them: a box (effect, category, cause) and the bones.

Items hold a layout ``Box`` (an id and a rectangle), never a domain object; the scene maps
ids to items. Root causes are marked three ways, not by colour only: a heavier border, a bar
down the left edge and a "Root cause" tag on the top edge. A root cause no action item
addresses gets a "No action item" tag on its bottom edge; a cause with a note a folded corner.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.formats.fishbone_layout import PAD_X, Bone, Box
from desktop_app.ui.fishbone import style

Z_BONES = 0.0
Z_BOXES = 1.0
Z_GHOST = 10.0


class DropState(Enum):
    NONE = 0
    ACCEPT = 1
    REFUSE = 2


def _tag_width(text: str) -> float:
    return QFontMetricsF(style.canvas_font(style.TAG_FONT_SIZE, bold=True)).horizontalAdvance(text) + 8.0


class BoxItem(QGraphicsItem):
    """One box of the diagram, painted from its layout ``Box``.

    Attributes:
        box: the layout box; unaddressed: a root cause without an action item; note: the note text.
        drop_state: how a drag currently hovering here would land.
    """

    def __init__(self, box: Box, *, unaddressed: bool = False, note: str = "", full_text: str = "") -> None:
        super().__init__()
        self.box = box
        self.unaddressed = unaddressed
        self.note = note
        self.drop_state = DropState.NONE
        self.setPos(box.x, box.y)
        self.setZValue(Z_BOXES)
        if box.kind != "effect":
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        tip = full_text or " ".join(box.lines)
        if note:
            tip += f"\n\nNote: {note}"
        self.setToolTip(tip)
        self._root_tag = _tag_width(style.ROOT_TAG) if box.is_root_cause else 0.0
        self._action_tag = _tag_width(style.NO_ACTION_TAG) if unaddressed else 0.0

    @property
    def box_id(self) -> str:
        return self.box.id

    def rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.box.width, self.box.height)

    def boundingRect(self) -> QRectF:  # noqa: N802
        extra = style.TAG_HEIGHT / 2 + 3.0
        width = max(self.box.width, PAD_X + self._root_tag, self.box.width - PAD_X + self._action_tag)
        return QRectF(-3.0, -extra, width + 6.0, self.box.height + 2 * extra)

    def set_drop_state(self, state: DropState) -> None:
        if state is not self.drop_state:
            self.drop_state = state
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        box = self.box
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        rect = self.rect()
        ink = style.INK
        if box.kind == "effect":
            fill, pen, ink, radius = style.BAND, Qt.PenStyle.NoPen, style.WHITE, 3.0
        elif box.kind == "category":
            fill, pen, ink, radius = style.ACCENT, Qt.PenStyle.NoPen, style.WHITE, 3.0
        elif box.is_root_cause:
            fill, pen, radius = style.ROOT_FILL, QPen(style.ROOT_STROKE, 1.4), 3.0
        else:
            fill, pen, radius = style.CAUSE_FILL, QPen(style.CAUSE_STROKE, 0.7), 3.0
        if self.drop_state is DropState.ACCEPT:
            fill = style.DROP_FILL if box.kind == "cause" else fill.lighter(125)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, radius, radius)
        if box.is_root_cause:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.ROOT_STROKE)
            bar = QPainterPath()
            bar.addRoundedRect(QRectF(0.7, 0.7, style.ROOT_BAR, box.height - 1.4), 1.2, 1.2)
            painter.drawPath(bar)
        if box.has_note:
            corner = min(7.0, PAD_X + 1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.NOTE)
            painter.drawPolygon(QPolygonF([QPointF(box.width - corner, 0), QPointF(box.width, 0),
                                           QPointF(box.width, corner)]))
        painter.setPen(ink)
        painter.setFont(style.canvas_font(box.font_size))
        for index, line in enumerate(box.lines):
            x, baseline = box.text_origin(index)
            painter.drawText(QPointF(x - box.x, baseline - box.y), line)
        if self._root_tag:
            self._paint_tag(painter, QPointF(PAD_X, 0.0), style.ROOT_TAG, self._root_tag, filled=True)
        if self._action_tag:
            self._paint_tag(painter, QPointF(box.width - PAD_X - self._action_tag, box.height),
                            style.NO_ACTION_TAG, self._action_tag, filled=False)
        self._paint_state(painter, rect, radius)

    def _paint_tag(self, painter: QPainter, at: QPointF, text: str, width: float, *, filled: bool) -> None:
        rect = QRectF(at.x(), at.y() - style.TAG_HEIGHT / 2, width, style.TAG_HEIGHT)
        painter.setPen(QPen(style.ROOT_STROKE, 0.8))
        painter.setBrush(style.ROOT_STROKE if filled else style.WHITE)
        painter.drawRoundedRect(rect, style.TAG_HEIGHT / 2, style.TAG_HEIGHT / 2)
        painter.setPen(style.WHITE if filled else style.ROOT_STROKE)
        painter.setFont(style.canvas_font(style.TAG_FONT_SIZE, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_state(self, painter: QPainter, rect: QRectF, radius: float) -> None:
        if self.drop_state is DropState.REFUSE:
            pen = QPen(style.REFUSED, 1.6, Qt.PenStyle.DashLine)
        elif self.drop_state is DropState.ACCEPT:
            pen = QPen(style.SELECTION, 2.0, Qt.PenStyle.DashLine)
        elif self.isSelected():
            pen = QPen(style.SELECTION, 2.0)
        else:
            return
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-2.0, -2.0, 2.0, 2.0), radius + 2, radius + 2)


def bone_items(bones: tuple[Bone, ...]) -> list[QGraphicsPathItem]:
    """The bones as three path items (spine, category bones, cause branches): cheap for 500 causes."""
    paths = {kind: QPainterPath() for kind in ("cause", "category", "spine")}
    for bone in bones:
        path = paths[bone.kind]
        path.moveTo(bone.x1, bone.y1)
        path.lineTo(bone.x2, bone.y2)
    looks = {
        "cause": (style.MUTED, style.CAUSE_BONE_WIDTH),
        "category": (style.ACCENT, style.CATEGORY_BONE_WIDTH),
        "spine": (style.BAND, style.SPINE_WIDTH),
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
