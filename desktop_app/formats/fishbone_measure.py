"""Text width for the fishbone layout, from the metrics of the fonts embedded in Hindsight PDFs.

The layout engine measures with ``pdf_text_width`` by default, so the Qt canvas and the
PDF drawing get the same positions. A line is split into font runs exactly as the PDF
drawing splits it (``font_runs``): each run is set in the first bundled font that has
its glyphs, and right-to-left text is measured in the visual (shaped) order it is drawn in.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from desktop_app.formats.pdf_bidi import visual_line
from desktop_app.formats.pdf_fonts import fonts


@lru_cache(maxsize=65536)
def font_runs(visual: str) -> tuple[tuple[str, str], ...]:
    """``(font name, text)`` runs of a line already in visual order, each in a font that has its glyphs.

    Spaces stay in the current run so a script does not break into one run per word.
    """
    font_set = fonts()
    runs: list[tuple[str, list[str]]] = []
    for char in visual:
        current = runs[-1][0] if runs else None
        if current is not None and char.isspace() and ord(char) in font_set.coverage[current]:
            name = current
        else:
            name = font_set.font_for(char)
        if name == current:
            runs[-1][1].append(char)
        else:
            runs.append((name, [char]))
    return tuple((name, "".join(chars)) for name, chars in runs)


@lru_cache(maxsize=131072)
def pdf_text_width(text: str, font_size: float) -> float:
    """Width in points of ``text`` (one line, logical order) set at ``font_size`` in the bundled fonts."""
    return sum(
        pdfmetrics.stringWidth(run, name, font_size) for name, run in font_runs(visual_line(text))
    )
