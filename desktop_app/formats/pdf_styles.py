"""The look of Hindsight PDFs: page geometry, palette, paragraph and table styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desktop_app.domain.models import ActionStatus, Severity, Status
from desktop_app.formats.pdf_fonts import fonts

PAGE_SIZE = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 19 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#616E7C")
ACCENT = colors.HexColor("#2F4B7C")
BAND = colors.HexColor("#1F2A44")
BAND_TEXT = colors.white
BAND_MUTED = colors.HexColor("#B8C4D6")
RULE = colors.HexColor("#D9E2EC")
TILE = colors.HexColor("#F0F4F8")
ZEBRA = colors.HexColor("#F7F9FB")
CODE_BACK = colors.HexColor("#F2F4F7")

SEVERITY_COLOURS: dict[Severity, colors.Color] = {
    Severity.SEV0: colors.HexColor("#7A1010"),
    Severity.SEV1: colors.HexColor("#B42318"),
    Severity.SEV2: colors.HexColor("#D9480F"),
    Severity.SEV3: colors.HexColor("#B7791F"),
    Severity.SEV4: colors.HexColor("#2B6CB0"),
    Severity.SEV5: colors.HexColor("#52606D"),
}
NO_SEVERITY = colors.HexColor("#52606D")
NO_SEVERITY_LABEL = "Unrated"  # the badge of a postmortem whose severity is not set
ALERT = SEVERITY_COLOURS[Severity.SEV1]

STATUS_COLOURS: dict[Status, colors.Color] = {
    Status.DRAFT: colors.HexColor("#9AA5B1"),
    Status.IN_REVIEW: colors.HexColor("#D69E2E"),
    Status.PUBLISHED: colors.HexColor("#38A169"),
    Status.CLOSED: colors.HexColor("#718096"),
}

ACTION_STATUS_COLOURS: dict[ActionStatus, colors.Color] = {
    ActionStatus.OPEN: colors.HexColor("#B7791F"),
    ActionStatus.IN_PROGRESS: colors.HexColor("#2B6CB0"),
    ActionStatus.DONE: colors.HexColor("#2F855A"),
    ActionStatus.WONT_DO: colors.HexColor("#718096"),
}


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the summary uses."""

    eyebrow: ParagraphStyle
    title: ParagraphStyle
    badge: ParagraphStyle
    badge_note: ParagraphStyle
    meta: ParagraphStyle
    tile_value: ParagraphStyle
    tile_label: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_strong: ParagraphStyle
    cell_head: ParagraphStyle
    note: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    """The shared styles (fonts are registered on first use)."""
    f = fonts()

    def style(
        name: str,
        size: float,
        *,
        bold: bool = False,
        colour: colors.Color = INK,
        leading: float | None = None,
        align: int = TA_LEFT,
        **extra: object,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=f.bold if bold else f.regular,
            bulletFontName=f.regular,
            fontSize=size,
            leading=leading if leading is not None else size * 1.32,
            textColor=colour,
            alignment=align,
            splitLongWords=1,
            **extra,
        )

    return Styles(
        eyebrow=style("eyebrow", 7.5, bold=True, colour=BAND_MUTED),
        title=style("title", 17, bold=True, colour=BAND_TEXT, leading=21),
        badge=style("badge", 11, bold=True, colour=colors.white, align=TA_CENTER, leading=13),
        badge_note=style("badge_note", 8, colour=BAND_MUTED, align=TA_CENTER),
        meta=style("meta", 8.5, colour=MUTED, leading=11.5),
        tile_value=style("tile_value", 13, bold=True, colour=ACCENT, leading=16),
        tile_label=style("tile_label", 7.5, colour=MUTED, leading=9.5),
        heading=style("heading", 10, bold=True, colour=ACCENT, spaceBefore=6.5, spaceAfter=2.5),
        body=style("body", 8.8, leading=11.8),
        bullet=style("bullet", 8.8, leading=11.8, leftIndent=10, bulletIndent=0, spaceBefore=1.5),
        cell=style("cell", 8, leading=10.2),
        cell_muted=style("cell_muted", 7.5, colour=MUTED, leading=10.2),
        cell_strong=style("cell_strong", 8, bold=True, leading=10.2),
        cell_head=style("cell_head", 7.5, bold=True, colour=MUTED, leading=9.5),
        note=style("note", 8, colour=MUTED, leading=10.5, spaceBefore=3),
        footer=style("footer", 7.5, colour=MUTED, leading=9.5),
        footer_right=style("footer_right", 7.5, colour=MUTED, leading=9.5, align=TA_RIGHT),
    )
