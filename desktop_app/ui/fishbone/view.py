"""``FishboneView``: zoom, pan, keyboard focus through the boxes, and drag-to-re-parent.

The view knows ids and geometry only; it says what the user asked for through signals and
the editor turns that into undo commands. Keys (canvas focused): Tab / Shift+Tab go to the
next / previous category or cause (Ctrl+Tab leaves the canvas), Up / Down the same, Left the
parent, Right the first sub-cause; Enter or F2 edits, Insert adds, Delete deletes, R toggles
root cause, N edits the note, L links action items, M moves the cause (the keyboard's drag); Ctrl+wheel, Ctrl+plus / minus zoom and
Ctrl+0 resets. Dragging a cause shows where it would land (blue: accepted, red: refused).
Dragging the background pans.

A diagram opens fitted, as Fit shows it, but never enlarged past 100 % (a small diagram sits
centred); later zooms and pans by hand are kept when the same diagram is laid out again. Fit
shrinks as far as ``MIN_ZOOM`` (2 %): a 500-cause diagram fits whole, as an overview.
Fitting never enlarges past ``fit_limit`` (150 % on the desk; presentation mode allows 250 % so
the text reads from the back of a room). With ``auto_fit`` on, the diagram is fitted again
after every change and resize until the user zooms by hand; Fit turns it back on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QWidget

from desktop_app.formats.fishbone_layout import CATEGORY_PREFIX, EFFECT_ID
from desktop_app.ui.fishbone import style
from desktop_app.ui.fishbone.items import Z_GHOST, BoxItem, DropState
from desktop_app.ui.fishbone.scene import FishboneScene, Target

MIN_ZOOM = 0.02
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2
READABLE_FIT = 0.6
"""Below this zoom auto-fit (presentation mode) stops fitting: the text would be too small to read."""
START_LIMIT = 1.0
"""The first view of a diagram never enlarges it past 100 %."""
DESK_FIT_LIMIT = 1.5
FIT_SHRINK = 0.999
"""A fitted scene is this much smaller than the viewport, so rounding never brings up a scroll bar."""


class FishboneView(QGraphicsView):
    """The canvas over a ``FishboneScene``.

    Attributes:
        zoom: 1.0 is 100 % (a layout point is 96/72 pixels); current: the focused box id or None.
        subtree_of: gives a cause's id plus its descendants' ids (a drop there is refused).
        fit_limit: the largest zoom a fit may reach; auto_fit: fit again after changes and resizes;
        manual_zoom: the user zoomed by hand (auto-fit waits until Fit is chosen again);
        start_view: the first view is still as ``show_start`` left it (no zoom or pan by hand since).

    Signals:
        current_changed(str): the focused box id ("" for none).
        edit_requested(str), insert_requested(str), delete_requested(str), kind_requested(str),
        note_requested(str), link_requested(str), move_requested(str): keyboard or mouse asked for
        that on a box id.
        drop_requested(str, object): a cause was dropped on a ``Target`` (or None).
        menu_requested(str, QPoint): a context menu for a box id ("" for the background).
        zoom_changed(float)
    """

    current_changed = Signal(str)
    edit_requested = Signal(str)
    insert_requested = Signal(str)
    delete_requested = Signal(str)
    kind_requested = Signal(str)
    note_requested = Signal(str)
    link_requested = Signal(str)
    move_requested = Signal(str)
    drop_requested = Signal(str, object)
    menu_requested = Signal(str, QPoint)
    zoom_changed = Signal(float)

    def __init__(self, scene: FishboneScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.fish_scene = scene
        self.zoom = 1.0
        self.current: str | None = None
        self.subtree_of: Callable[[str], set[str]] = lambda cause_id: {cause_id}
        self.fit_limit = DESK_FIT_LIMIT
        self.auto_fit = False
        self.manual_zoom = False
        self.start_view = False
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(style.BACKGROUND)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAccessibleName("Fishbone diagram")
        self._press: tuple[str, QPoint] | None = None
        self._pan_from: QPoint | None = None
        self._dragging: str | None = None
        self._ghost: BoxItem | None = None
        self._ghost_offset = QPointF()
        self._hover: BoxItem | None = None
        self._hover_target: Target | None = None
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(lambda _action: self._moved_by_hand())
        self._apply_zoom()

    # -- focus and order ------------------------------------------------------------------------

    def order(self) -> list[str]:
        """Box ids in keyboard order: each category label followed by its causes, in reading order."""
        layout = self.fish_scene.layout
        if layout is None:
            return []
        return [box.id for box in layout.boxes if box.kind != "effect"]

    def set_current(self, box_id: str | None, *, ensure_visible: bool = True) -> None:
        if box_id is not None and box_id not in self.fish_scene.items_by_id:
            box_id = None
        changed = box_id != self.current
        self.current = box_id
        for item in self.fish_scene.selectedItems():
            if not isinstance(item, BoxItem) or item.box_id != box_id:
                item.setSelected(False)
        if box_id is not None:
            item = self.fish_scene.items_by_id[box_id]
            item.setSelected(True)
            if ensure_visible:
                self._moved_by_hand()
                self.ensureVisible(item.sceneBoundingRect(), 40, 40)
        if changed:
            self.current_changed.emit(box_id or "")

    def restore_after_rebuild(self, centre: QPointF | None) -> None:
        """Re-select the current box in the new items and keep the view where it was (``centre``),
        or, with ``None``, where a re-fit just put it."""
        if centre is not None:
            self.centerOn(centre)
        current = self.current
        self.current = None
        self.set_current(current, ensure_visible=centre is not None)
        if self.current is None and current is not None:
            self.current_changed.emit("")

    def visible_centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def _step(self, delta: int) -> None:
        order = self.order()
        if not order:
            return
        if self.current not in order:
            index = 0 if delta > 0 else len(order) - 1
        else:
            index = (order.index(self.current) + delta) % len(order)
        self.set_current(order[index])

    # -- zoom -------------------------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self.zoom) < 1e-9:
            return
        self.zoom = zoom
        self._apply_zoom()
        self.zoom_changed.emit(zoom)

    def _apply_zoom(self) -> None:
        self.resetTransform()
        self.scale(style.ZOOM_BASE * self.zoom, style.ZOOM_BASE * self.zoom)

    def zoom_in(self) -> None:
        self._moved_by_hand()
        self.manual_zoom = True
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._moved_by_hand()
        self.manual_zoom = True
        self.set_zoom(self.zoom / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self._moved_by_hand()
        self.manual_zoom = True
        self.set_zoom(1.0)

    def fit_zoom(self) -> float:
        """The zoom at which the whole scene (the diagram and its ``SCENE_PADDING``) fits the viewport,
        so a fitted diagram shows no scroll bars."""
        rect = self.fish_scene.sceneRect() if self.fish_scene.layout is not None else QRectF()
        view = self.viewport().rect()
        if rect.isEmpty() or view.isEmpty():
            return self.zoom
        # Two pixels spare: at a few per cent a pixel of rounding is a large share of the scene.
        width, height = max(1, view.width() - 2), max(1, view.height() - 2)
        return FIT_SHRINK * min(width / rect.width(), height / rect.height()) / style.ZOOM_BASE

    def fit_to_window(self) -> None:
        """The whole diagram, enlarged at most to ``fit_limit``; auto-fit (if on) resumes."""
        self.manual_zoom = False
        self.set_zoom(min(self.fit_limit, self.fit_zoom()))
        self.centerOn(self.fish_scene.diagram_rect().center())

    def show_start(self) -> None:
        """The first view of a diagram: all of it, as Fit shows it, but never enlarged past 100 % (a
        small diagram sits centred at 100 %; with ``auto_fit`` on, up to ``fit_limit``). Until the user
        zooms or pans, a resize shows the whole diagram again (the page may still be settling)."""
        self.manual_zoom = False
        limit = self.fit_limit if self.auto_fit else min(START_LIMIT, self.fit_limit)
        self.set_zoom(min(limit, self.fit_zoom()))
        self.centerOn(self.fish_scene.diagram_rect().center())
        self.start_view = True

    def _moved_by_hand(self) -> None:
        """The user zoomed or panned: resizes leave the view where it is from now on."""
        self.start_view = False

    def refit(self) -> bool:
        """With ``auto_fit`` on and no zoom by hand, fit the diagram again (when it stays readable);
        whether it did."""
        if not self.auto_fit or self.manual_zoom or self.fish_scene.layout is None:
            return False
        fit = self.fit_zoom()
        if fit < READABLE_FIT:
            return False
        self.set_zoom(min(self.fit_limit, fit))
        self.centerOn(self.fish_scene.diagram_rect().center())
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.start_view and not self.auto_fit and not self.manual_zoom:
            self.show_start()
        else:
            self.refit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self._moved_by_hand()
                self.manual_zoom = True
                before = self.mapToScene(event.position().toPoint())
                self.set_zoom(self.zoom * ZOOM_STEP**steps)
                after = self.mapToScene(event.position().toPoint())
                delta = after - before
                self.translate_by(-delta.x(), -delta.y())
            event.accept()
            return
        self._moved_by_hand()
        super().wheelEvent(event)

    def translate_by(self, dx: float, dy: float) -> None:
        """Scroll so the scene moves by ``dx, dy`` scene units."""
        scale = style.ZOOM_BASE * self.zoom
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(dx * scale))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(dy * scale))

    # -- keys -------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & Qt.KeyboardModifier.ControlModifier:
                backwards = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self._step(-1 if backwards else 1)
                return True
            if key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ControlModifier:
                self.focusNextPrevChild(not bool(mods & Qt.KeyboardModifier.ShiftModifier))
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        current = self.current or ""
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.reset_zoom()
        elif ctrl:
            super().keyPressEvent(event)
            return
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step(1 if key == Qt.Key.Key_Down else -1)
        elif key == Qt.Key.Key_Left:
            self._go_parent()
        elif key == Qt.Key.Key_Right:
            self._go_child()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.edit_requested.emit(current or EFFECT_ID)
        elif key == Qt.Key.Key_Insert:
            self.insert_requested.emit(current)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and current:
            self.delete_requested.emit(current)
        elif key == Qt.Key.Key_R and current:
            self.kind_requested.emit(current)
        elif key == Qt.Key.Key_N and current:
            self.note_requested.emit(current)
        elif key == Qt.Key.Key_L and current:
            self.link_requested.emit(current)
        elif key == Qt.Key.Key_M and current:
            self.move_requested.emit(current)
        elif key == Qt.Key.Key_Escape and current:
            self.set_current(None)
        elif key == Qt.Key.Key_Menu:
            self._menu_for_current()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _go_parent(self) -> None:
        layout = self.fish_scene.layout
        if layout is None or self.current is None or self.current.startswith(CATEGORY_PREFIX):
            return
        order = self.order()
        box = layout.box(self.current)
        for box_id in reversed(order[: order.index(self.current)]):
            other = layout.box(box_id)
            if other.kind == "category" or other.depth < box.depth:
                self.set_current(box_id)
                return

    def _go_child(self) -> None:
        layout = self.fish_scene.layout
        if layout is None or self.current is None:
            return
        order = self.order()
        index = order.index(self.current)
        if index + 1 < len(order):
            here, after = layout.box(self.current), layout.box(order[index + 1])
            if after.kind == "cause" and (here.kind == "category" or after.depth > here.depth):
                self.set_current(order[index + 1])

    def _menu_for_current(self) -> None:
        item = self.fish_scene.items_by_id.get(self.current or "")
        if item is None:
            self.menu_requested.emit("", self.mapToGlobal(self.viewport().rect().center()))
            return
        point = self.mapFromScene(item.sceneBoundingRect().center())
        self.menu_requested.emit(self.current or "", self.viewport().mapToGlobal(point))

    # -- mouse ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._start_pan(pos)
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        box = self.fish_scene.box_at(self.mapToScene(pos))
        if box is None or box.kind == "effect":
            if box is None:
                self.set_current(None)
            self._start_pan(pos)
        else:
            self.set_current(box.id, ensure_visible=False)
            if box.kind == "cause":
                self._press = (box.id, pos)
        event.accept()

    def _start_pan(self, pos: QPoint) -> None:
        self._moved_by_hand()
        self._pan_from = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._press is not None and self._dragging is None:
            cause_id, start = self._press
            if (pos - start).manhattanLength() >= QApplication.startDragDistance():
                self._begin_drag(cause_id, self.mapToScene(start))
        if self._dragging is not None:
            self._drag_to(self.mapToScene(pos))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        dragging, target = self._dragging, self._hover_target
        self._end_drag()
        self._press = None
        if dragging is not None:
            self.drop_requested.emit(dragging, target)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        box = self.fish_scene.box_at(self.mapToScene(event.position().toPoint()))
        if box is not None and event.button() == Qt.MouseButton.LeftButton:
            if box.kind != "effect":
                self.set_current(box.id, ensure_visible=False)
            self.edit_requested.emit(box.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        box = self.fish_scene.box_at(self.mapToScene(event.pos()))
        box_id = box.id if box is not None and box.kind != "effect" else ""
        self.set_current(box_id or None, ensure_visible=False)
        self.menu_requested.emit(box_id, event.globalPos())
        event.accept()

    # -- dragging ---------------------------------------------------------------------------------

    @property
    def dragging(self) -> str | None:
        """The id of the cause being dragged, if any."""
        return self._dragging

    def _begin_drag(self, cause_id: str, start: QPointF) -> None:
        item = self.fish_scene.items_by_id.get(cause_id)
        if item is None:
            return
        self._dragging = cause_id
        self._refused = self.subtree_of(cause_id)
        ghost = BoxItem(item.box)
        ghost.setOpacity(0.55)
        ghost.setZValue(Z_GHOST)
        ghost.setFlag(BoxItem.GraphicsItemFlag.ItemIsSelectable, False)
        self.fish_scene.addItem(ghost)
        self._ghost = ghost
        self._ghost_offset = start - item.pos()
        self.viewport().setCursor(Qt.CursorShape.DragMoveCursor)

    def _drag_to(self, point: QPointF) -> None:
        if self._ghost is not None:
            self._ghost.setPos(point - self._ghost_offset)
        target = self.fish_scene.target_at(point)
        item = None
        state = DropState.NONE
        if target is not None:
            key = target.id if target.kind == "cause" else f"{CATEGORY_PREFIX}{target.id}"
            item = self.fish_scene.items_by_id.get(key)
            refused = target.kind == "cause" and target.id in self._refused
            state = DropState.REFUSE if refused else DropState.ACCEPT
        if self._hover is not None and self._hover is not item:
            self._hover.set_drop_state(DropState.NONE)
        self._hover = item
        self._hover_target = target
        if item is not None:
            item.set_drop_state(state)
        self.ensureVisible(QRectF(point, point).adjusted(-20, -20, 20, 20), 0, 0)

    def drop_state_of(self, box_id: str) -> DropState:
        item = self.fish_scene.items_by_id.get(box_id)
        return item.drop_state if item is not None else DropState.NONE

    def _end_drag(self) -> None:
        if self._ghost is not None:
            self.fish_scene.removeItem(self._ghost)
            self._ghost = None
        if self._hover is not None:
            self._hover.set_drop_state(DropState.NONE)
        self._hover = None
        self._hover_target = None
        if self._dragging is not None:
            self.viewport().unsetCursor()
        self._dragging = None
