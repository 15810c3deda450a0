"""The fonts bundled for the PDFs back up the interface font, so CJK names show on any system."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop_app.ui.fallback_fonts import install_fallback_fonts


def test_bundled_families_become_fallbacks_of_the_interface_font(qapp: QApplication) -> None:
    family = qapp.font().family()
    install_fallback_fonts(qapp)
    substitutes = QFont.substitutes(family)
    assert {"wenquanyi micro hei", "symbola"} <= {s.lower() for s in substitutes}
    assert install_fallback_fonts(qapp) == []  # once is enough
    assert QFont.substitutes(family) == substitutes
