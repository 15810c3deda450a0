"""The canvas's look: the PDF palette (and a dark one for the shared screen), line widths, and the
bundled fonts loaded into Qt.

The layout measures text with the fonts embedded in PDFs, so the canvas paints with the
very same font files (registered once with ``QFontDatabase``); the text then fits its box.
``LIGHT`` is the PDF's palette; ``DARK`` keeps the same marks (red root causes, amber notes and
"no action item" tags)
in colours that hold their contrast on the dark presentation theme.
"""

from __future__ import annotations

from dataclasses import dataclass
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
ROOT_FILL = QColor("#FEF3F2")
ROOT_STROKE = QColor("#B42318")
WARN = QColor("#975A16")
WARN_FILL = QColor("#FFF8E6")
NOTE = QColor("#D69E2E")
SELECTION = QColor("#2563EB")
DROP_FILL = QColor("#E0ECFF")
REFUSED = QColor("#B42318")
BACKGROUND = QColor("#F7F9FB")
WHITE = QColor("#FFFFFF")



@dataclass(frozen=True)
class Look:
    """The colours the canvas paints with (every field a ``QColor``)."""

    background: QColor
    ink: QColor  # cause text
    bone: QColor  # cause branches
    category: QColor  # category labels and bones
    category_ink: QColor
    effect: QColor  # the head and the spine
    effect_ink: QColor
    cause_fill: QColor
    cause_stroke: QColor
    root_fill: QColor
    root_stroke: QColor  # border, bar and tags of a root cause
    tag_ink: QColor  # text on a filled ("root cause") tag
    warn: QColor  # border and text of the "no action item" tag
    warn_fill: QColor  # its inside
    note: QColor
    selection: QColor
    drop_fill: QColor
    refused: QColor


LIGHT = Look(
    background=BACKGROUND, ink=INK, bone=MUTED, category=ACCENT, category_ink=WHITE, effect=BAND,
    effect_ink=WHITE, cause_fill=CAUSE_FILL, cause_stroke=CAUSE_STROKE, root_fill=ROOT_FILL,
    root_stroke=ROOT_STROKE, tag_ink=WHITE, warn=WARN, warn_fill=WARN_FILL, note=NOTE, selection=SELECTION,
    drop_fill=DROP_FILL, refused=REFUSED,
)
DARK = Look(
    background=QColor("#11161C"), ink=QColor("#F3F5F7"), bone=QColor("#8C96A3"), category=QColor("#6FA0E8"),
    category_ink=QColor("#0D1014"), effect=QColor("#9CCAFF"), effect_ink=QColor("#0D1014"),
    cause_fill=QColor("#1B222B"), cause_stroke=QColor("#6B7683"), root_fill=QColor("#3A1D1D"),
    root_stroke=QColor("#FF8A7A"), tag_ink=QColor("#0D1014"), warn=QColor("#F2B84B"),
    warn_fill=QColor("#2A2213"),
    note=QColor("#E8B04B"),
    selection=QColor("#60A5FA"), drop_fill=QColor("#1E3A5F"), refused=QColor("#FF8A7A"),
)

SPINE_WIDTH = 2.4
CATEGORY_BONE_WIDTH = 1.4
CAUSE_BONE_WIDTH = 0.7
ROOT_STROKE_WIDTH = 1.2

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
