"""Close-up on one bone of the fishbone while presenting, so the room can read its causes.

Fitted whole into a 720-line screen, a diagram of six bones sets its cause text at 6 to 8
pixels: fine for the overview, not for the back of the room. With the close-up on, selecting
a cause or a category label (Tab, the arrow keys or a click) zooms the canvas onto that
category's label and causes, up to ``MAX_ZOOM``; selecting nothing (Escape) or the effect
shows the whole diagram again. Off, the canvas behaves as it does at the desk (the default:
dragging a cause to another bone needs the whole diagram).
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
            self._follow(self.view.current or "")
        else:
            self.view.fit_to_window()

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
        rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        viewport = self.view.viewport().rect()
        if viewport.isEmpty():
            return
        zoom = min(viewport.width() / rect.width(), viewport.height() / rect.height()) / ZOOM_BASE
        self.view.set_zoom(min(MAX_ZOOM, zoom))
        self.view.manual_zoom = True  # the canvas's own re-fit leaves the close-up alone
        self.view.centerOn(rect.center())
