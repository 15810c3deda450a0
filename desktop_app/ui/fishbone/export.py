"""PNG and SVG of the fishbone: a clean scene (no selection, no drag marks) rendered off screen.

The PNG comes from ``QGraphicsScene.render`` into a ``QImage`` (scale 1 = the canvas at 100 %);
the SVG is written from the layout by ``formats.fishbone_svg`` so it is plain vector text. Both
are written atomically.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from desktop_app.domain.models import Postmortem
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.fishbone_svg import fishbone_svg
from desktop_app.ui.fishbone import style
from desktop_app.ui.fishbone.scene import FishboneScene, layout_of

MAX_PIXELS = 16_000
"""Qt images wider or taller than this are refused; bigger diagrams are scaled down to fit."""


def render_image(pm: Postmortem, scale: float = 1.0, *, transparent: bool = False) -> QImage:
    """The diagram as an image: ``scale`` 1 is the canvas at 100 % (96/72 pixels per point)."""
    scene = FishboneScene()
    scene.show_postmortem(pm)
    source = scene.diagram_rect()
    factor = style.ZOOM_BASE * scale
    factor = min(factor, MAX_PIXELS / max(source.width(), 1.0), MAX_PIXELS / max(source.height(), 1.0))
    width, height = max(1, round(source.width() * factor)), max(1, round(source.height() * factor))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(96 * scale / 0.0254))
    image.setDotsPerMeterY(round(96 * scale / 0.0254))
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, width, height), source)
    painter.end()
    scene.deleteLater()
    return image


def png_bytes(pm: Postmortem, scale: float = 1.0, *, transparent: bool = False) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    render_image(pm, scale, transparent=transparent).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(pm: Postmortem, *, transparent: bool = False) -> bytes:
    return fishbone_svg(
        layout_of(pm),
        titles={cause.id: cause.text for cause in pm.causes},
        background=None if transparent else "#FFFFFF",
    )


def write_png(pm: Postmortem, path: Path, scale: float = 1.0, *, transparent: bool = False) -> None:
    """Write the PNG atomically; raises ``ExportFailure`` when the file cannot be written."""
    write_atomically(path, png_bytes(pm, scale, transparent=transparent))


def write_svg(pm: Postmortem, path: Path) -> None:
    """Write the SVG atomically; raises ``ExportFailure`` when the file cannot be written."""
    write_atomically(path, svg_bytes(pm))
