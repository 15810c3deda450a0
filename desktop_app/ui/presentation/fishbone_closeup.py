"""Close-up on one bone of the fishbone while presenting, so the room can read its causes.

Fitted whole into a 720-line screen, a diagram of six bones sets its cause text at 6 to 8
pixels: fine for the overview, not for the back of the room. With the close-up on, selecting
a cause or a category label (Tab, the arrow keys or a click) zooms the canvas onto that
category's label and causes, up to ``MAX_ZOOM``; selecting nothing (Escape) or the effect
shows the whole diagram again. Off, the canvas behaves as it does at the desk (the default:
dragging a cause to another bone needs the whole diagram).

Nothing needs to be selected first: turning the close-up on with nothing selected, or stepping
with ``step_bone`` (the window's ] and [ keys), selects a bone's category label and zooms onto
that bone; the bones come in the diagram's reading order, those with causes only (all of them
while none has any).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF

from desktop_app.ui.fishbone.style import ZOOM_BASE

MAX_ZOOM = 3.0
"""The close-up enlarges the canvas at most this much (cause text of 9 units: 36 px)."""
MARGIN = 16.0
"""Scene units kept around the bone's boxes."""


class FishboneCloseUp(QObject):
    """Zooms ``editor.view`` onto the bone of the current box while ``enabled``.

    ``editor`` is the fishbone editor (its ``view`` a ``FishboneView`` with ``fish_scene``,
    ``current``, ``current_changed``, ``set_zoom``, ``fit_to_window``).
    """

    def __init__(self, editor: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = editor.view  # type: ignore[attr-defined]
        self.enabled = False
        self.view.current_changed.connect(self._follow)

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on:
            if self.bone_rect(self.view.current or "") is None and self.bones():
                self.step_bone(1)
            else:
                self._follow(self.view.current or "")
        else:
            self.view.fit_to_window()

    def bones(self) -> list[str]:
        """The category labels' box ids in reading order: those of bones with causes, else all."""
        layout = self.view.fish_scene.layout
        if layout is None:
            return []
        labels = [box for box in layout.boxes if box.kind == "category"]
        filled = {box.category for box in layout.boxes if box.kind == "cause"}
        with_causes = [box.id for box in labels if box.category in filled]
        return with_causes or [box.id for box in labels]

    def current_bone(self) -> str | None:
        """The category label id of the bone the selected box is on (``None`` with nothing selected)."""
        layout = self.view.fish_scene.layout
        current = self.view.current or ""
        if layout is None or not current:
            return None
        try:
            box = layout.box(current)
        except KeyError:
            return None
        for other in layout.boxes:
            if other.kind == "category" and other.category == box.category:
                return other.id
        return None

    def step_bone(self, by: int) -> str | None:
        """Select the next (``by`` = 1) or previous (-1) bone's label, wrapping around; its id."""
        bones = self.bones()
        if not bones:
            return None
        here = self.current_bone()
        if here in bones:
            index = (bones.index(here) + by) % len(bones)
        else:
            index = 0 if by > 0 else len(bones) - 1
        self.view.set_current(bones[index], ensure_visible=False)
        if self.view.current == bones[index]:
            self._follow(bones[index])  # also when it was selected already
        return self.view.current

    def bone_rect(self, box_id: str) -> QRectF | None:
        """The scene rectangle of the category label and causes of ``box_id``'s bone; ``None`` for
        the effect or an unknown id."""
        scene = self.view.fish_scene
        layout = scene.layout
        if layout is None or not box_id:
            return None
        try:
            box = layout.box(box_id)
        except KeyError:
            return None
        if box.kind == "effect" or not box.category:
            return None
        rect = QRectF()
        for other in layout.boxes:
            item = scene.items_by_id.get(other.id)
            if other.category == box.category and other.kind != "effect" and item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect if not rect.isEmpty() else None

    def _follow(self, box_id: str) -> None:
        if not self.enabled:
            return
        rect = self.bone_rect(box_id)
        if rect is None:
            self.view.fit_to_window()
            return
        rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).intersected(self.view.fish_scene.sceneRect())
        viewport = self.view.viewport().rect()
        if viewport.isEmpty():
            return
        zoom = min(viewport.width() / rect.width(), viewport.height() / rect.height()) / ZOOM_BASE
        self.view.set_zoom(min(MAX_ZOOM, zoom))
        self.view.manual_zoom = True  # the canvas's own re-fit leaves the close-up alone
        self.view.centerOn(rect.center())
