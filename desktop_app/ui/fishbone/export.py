"""PNG and SVG of the fishbone: a clean scene (no selection, no drag marks) rendered off screen.

The PNG comes from ``QGraphicsScene.render`` into a ``QImage`` (scale 1 = the canvas at 100 %);
the SVG is written from the layout by ``formats.fishbone_svg`` so it is plain vector text. Both
are written atomically (the editor gives a name typed without its extension the right one).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from desktop_app.domain.models import Postmortem
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.fishbone_svg import fishbone_svg
from desktop_app.ui.fishbone import style
from desktop_app.ui.fishbone.scene import FishboneScene, layout_of

MAX_PIXELS = 16_000
"""Qt images wider or taller than this are refused; bigger diagrams are scaled down to fit."""
MAX_AREA = 64_000_000
"""At most this many pixels (256 MB while painting): a 500-cause diagram at 3x is scaled down to it."""


def fitted_scale(width: float, height: float, scale: float) -> float:
    """The scale a ``width`` x ``height`` point diagram is rendered at when ``scale`` is asked for:
    ``scale`` itself, or less when the image would pass ``MAX_PIXELS`` a side or ``MAX_AREA`` in all."""
    width, height = max(width, 1.0), max(height, 1.0)
    factor = style.ZOOM_BASE * scale
    factor = min(factor, MAX_PIXELS / width, MAX_PIXELS / height, (MAX_AREA / (width * height)) ** 0.5)
    return factor / style.ZOOM_BASE


def render_image(pm: Postmortem, scale: float = 1.0, *, transparent: bool = False) -> QImage:
    """The diagram as an image: ``scale`` 1 is the canvas at 100 % (96/72 pixels per point), lowered
    by ``fitted_scale`` for a diagram too big for that."""
    scene = FishboneScene()
    scene.show_postmortem(pm)
    source = scene.diagram_rect()
    scale = fitted_scale(source.width(), source.height(), scale)
    factor = style.ZOOM_BASE * scale
    width, height = max(1, round(source.width() * factor)), max(1, round(source.height() * factor))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportFailure(f"Could not make a {width} x {height} pixel image: not enough memory.",
                            reason="not enough memory")
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
    saved = render_image(pm, scale, transparent=transparent).save(buffer, "PNG")
    buffer.close()
    if not saved:
        raise ExportFailure("Could not encode the diagram as PNG.", reason="PNG encoding failed")
    return bytes(data.data())


def svg_bytes(pm: Postmortem, *, transparent: bool = False) -> bytes:
    return fishbone_svg(
        layout_of(pm),
        titles={cause.id: cause.text for cause in pm.causes},
        background=None if transparent else "#FFFFFF",
    )


def write_png(pm: Postmortem, path: Path, scale: float = 1.0, *, transparent: bool = False) -> float:
    """Write the PNG atomically and give the scale it was rendered at (``fitted_scale``); raises
    ``ExportFailure`` when the file cannot be written."""
    write_atomically(path, png_bytes(pm, scale, transparent=transparent))
    layout = layout_of(pm)
    return fitted_scale(layout.width, layout.height, scale)


def write_svg(pm: Postmortem, path: Path) -> None:
    """Write the SVG atomically; raises ``ExportFailure`` when the file cannot be written."""
    write_atomically(path, svg_bytes(pm))
