"""Fonts bundled for the PDFs, used by the whole interface too where the system lacks a script.

A machine without CJK fonts (many Linux installs) showed "李雷" as two boxes. The bundled
families (DejaVu Sans, WenQuanYi Micro Hei, Symbola) are registered once and added as
substitutes of the interface font's family, so Qt falls back to them for any character
the system fonts do not have; text the system fonts can show looks as before.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop_app.ui.fishbone.style import font_families


def install_fallback_fonts(app: QApplication) -> list[str]:
    """Add the bundled families as fallbacks of ``app``'s font family; the families added."""
    family = app.font().family()
    present = {name.lower() for name in QFont.substitutes(family)} | {family.lower()}
    added = [f for f in font_families() if f.lower() not in present]
    if added:
        QFont.insertSubstitutions(family, added)
    return added
