"""The canvas's look: the PDF palette, line widths and the bundled fonts loaded into Qt.

The layout measures text with the fonts embedded in PDFs, so the canvas paints with the
very same font files (registered once with ``QFontDatabase``); the text then fits its box.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QFontDatabase

from desktop_app.formats.resources_path import resources_dir

ZOOM_BASE = 96.0 / 72.0
"""Layout units are points: at 100 % zoom one point is drawn as 96/72 screen pixels."""

INK = QColor("#1F2933")
MUTED = QColor("#616E7C")
ACCENT = QColor("#2F4B7C")
BAND = QColor("#1F2A44")
CAUSE_STROKE = QColor("#9AA5B1")
CAUSE_FILL = QColor("#FFFFFF")
ROOT_FILL = QColor("#FDECEA")
ROOT_STROKE = QColor("#B42318")
NOTE = QColor("#D69E2E")
SELECTION = QColor("#2563EB")
DROP_FILL = QColor("#E0ECFF")
REFUSED = QColor("#B42318")
BACKGROUND = QColor("#F7F9FB")
WHITE = QColor("#FFFFFF")

SPINE_WIDTH = 2.4
CATEGORY_BONE_WIDTH = 1.4
CAUSE_BONE_WIDTH = 0.7
ROOT_BAR = 3.0
TAG_FONT_SIZE = 6
TAG_HEIGHT = 9.0

ROOT_TAG = "Root cause"
NO_ACTION_TAG = "No action item"

_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "wqy-microhei.ttc", "Symbola_hint.ttf")


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """The bundled families in fallback order (Latin/Arabic/Hebrew, CJK, symbols), loaded once."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for name in _FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
            if family not in families:
                families.append(family)
    return tuple(families) or ("DejaVu Sans",)


def canvas_font(size: float, *, bold: bool = False) -> QFont:
    """The font for text of ``size`` layout units, unhinted and unkerned like the PDF metrics."""
    font = QFont()
    font.setFamilies(list(font_families()))
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
