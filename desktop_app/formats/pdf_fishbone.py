"""The fishbone diagram as reportlab vector graphics, from the same layout the canvas paints.

``fishbone_drawing`` turns a ``FishboneLayout`` into a ``Drawing`` (y flipped: reportlab's
origin is the bottom left). ``FishboneFlowable`` scales it down to fit a frame; when that
would take it below ``LANDSCAPE_BELOW`` of its size the caller should give it a landscape
page (``prefers_landscape``). A diagram too big to stay readable on one page even then
(below ``MIN_READABLE_SCALE``) is cut into page-sized tiles by ``fishbone_flowables``, each cropped to
a real part of the drawing (no near-blank pages).
``render_fishbone_pdf`` makes a PDF of one diagram with a legend.

Root causes have a red border on a faint red fill and a filled red "ROOT CAUSE" tag; a root cause
no action item addresses also gets an amber "NO ACTION ITEM" tag. The tags are the same as on the
canvas and in the SVG, drawn where the layout put them (``Box.tags``).

Text goes through the same font runs and right-to-left ordering as the measuring
(``fishbone_measure``), so Arabic, Hebrew, CJK and emoji render with glyphs and fit their boxes.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer

from desktop_app.formats.fishbone_layout import (
    NO_ACTION_TAG, PAD_X, TAG_FONT_SIZE, Bone, Box, FishboneLayout, Tag,
)
from desktop_app.formats.fishbone_measure import font_runs
from desktop_app.formats.pdf_bidi import visual_line
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_styles import ACCENT, ALERT, BAND, INK, MUTED
from desktop_app.formats.pdf_text import BidiParagraph, markup

LANDSCAPE_BELOW = 0.6
"""Below this scale on a portrait page, the diagram reads better on a landscape page."""

SPINE_COLOUR = BAND
CATEGORY_FILL = ACCENT
CAUSE_STROKE = colors.HexColor("#9AA5B1")
CAUSE_FILL = colors.white
ROOT_FILL = colors.HexColor("#FEF3F2")
ROOT_STROKE = ALERT
ROOT_STROKE_WIDTH = 1.2
WARN = colors.HexColor("#975A16")
"""The "NO ACTION ITEM" tag: a warning (amber), not a second root-cause mark."""
WARN_FILL = colors.HexColor("#FFF8E6")
NOTE_COLOUR = colors.HexColor("#D69E2E")
TAG_STROKE = 0.8
TAG_BASELINE = 0.35
"""A tag's baseline sits this many font sizes below the pill's middle (centres capitals)."""
MIN_READABLE_SCALE = 0.5
"""Below this scale 9 pt cause text drops under 4.5 pt: the diagram is tiled instead."""
TILE_CAPTION = 14.0


def fishbone_drawing(layout: FishboneLayout, *, scale: float = 1.0) -> Drawing:
    """A vector drawing of ``layout`` at ``scale`` (1.0 = one layout unit per point)."""
    fonts()
    height = layout.height
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    for bone in layout.bones:
        colour, width = {
            "spine": (SPINE_COLOUR, 2.4),
            "category": (ACCENT, 1.4),
            "cause": (MUTED, 0.7),
        }[bone.kind]
        group.add(Line(bone.x1, height - bone.y1, bone.x2, height - bone.y2, strokeColor=colour,
                       strokeWidth=width, strokeLineCap=1))
    for box in layout.boxes:
        _add_box(group, box, height)
    drawing = Drawing(layout.width * scale, layout.height * scale)
    drawing.initialFontName = fonts().regular  # else reportlab names an unembedded Times-Roman
    drawing.add(group)
    return drawing


def _add_box(group: Group, box: Box, page_height: float) -> None:
    bottom = page_height - box.y - box.height
    if box.kind == "effect":
        fill, stroke, stroke_width, ink = BAND, None, 0.0, colors.white
    elif box.kind == "category":
        fill, stroke, stroke_width, ink = CATEGORY_FILL, None, 0.0, colors.white
    elif box.is_root_cause:
        fill, stroke, stroke_width, ink = ROOT_FILL, ROOT_STROKE, ROOT_STROKE_WIDTH, INK
    else:
        fill, stroke, stroke_width, ink = CAUSE_FILL, CAUSE_STROKE, 0.6, INK
    radius = 3.0 if box.kind == "cause" else 2.0
    group.add(Rect(box.x, bottom, box.width, box.height, rx=radius, ry=radius, fillColor=fill,
                   strokeColor=stroke, strokeWidth=stroke_width))
    if box.has_note:
        corner = min(7.0, PAD_X + 1)  # as on the canvas and in the SVG
        right, top = box.x + box.width, bottom + box.height
        group.add(Polygon([right - corner, top, right, top, right, top - corner], fillColor=NOTE_COLOUR,
                          strokeColor=None, strokeWidth=0))
    for index, line in enumerate(box.lines):
        x, baseline = box.text_origin(index)
        for name, run in font_runs(visual_line(line)):
            group.add(String(x, page_height - baseline, run, fontName=name, fontSize=box.font_size,
                             fillColor=ink))
            x += pdfmetrics.stringWidth(run, name, box.font_size)
    for tag in box.tags:
        _add_tag(group, tag, page_height)


def _add_tag(group: Group, tag: Tag, page_height: float) -> None:
    """A pill: filled red with white text (root cause) or amber on pale amber (no action item)."""
    bottom = page_height - tag.bottom
    stroke = ROOT_STROKE if tag.filled else WARN
    group.add(Rect(tag.x, bottom, tag.width, tag.height, rx=tag.height / 2, ry=tag.height / 2,
                   fillColor=ROOT_STROKE if tag.filled else WARN_FILL, strokeColor=stroke,
                   strokeWidth=TAG_STROKE))
    middle_x, middle_y = tag.center
    group.add(String(middle_x, page_height - middle_y - TAG_FONT_SIZE * TAG_BASELINE, tag.label,
                     fontName=fonts().bold, fontSize=TAG_FONT_SIZE, textAnchor="middle",
                     fillColor=colors.white if tag.filled else WARN))


def fit_scale(layout: FishboneLayout, available_width: float, available_height: float) -> float:
    """The largest scale, at most 1, at which ``layout`` fits the given room."""
    if layout.width <= 0 or layout.height <= 0:
        return 1.0
    return max(0.0, min(1.0, available_width / layout.width, available_height / layout.height))


def prefers_landscape(
    layout: FishboneLayout, portrait_room: tuple[float, float], landscape_room: tuple[float, float]
) -> bool:
    """Whether the diagram should get a landscape page: it would be scaled below 60 % on portrait,
    and landscape shows it larger."""
    portrait = fit_scale(layout, *portrait_room)
    return portrait < LANDSCAPE_BELOW and fit_scale(layout, *landscape_room) > portrait


class FishboneFlowable(Flowable):
    """The diagram as a platypus flowable, scaled down (never up) to fit ``max_width`` x ``max_height``
    and the frame it lands in."""

    def __init__(self, layout: FishboneLayout, max_width: float, max_height: float) -> None:
        super().__init__()
        self.layout = layout
        self.max_width = max_width
        self.max_height = max_height
        self.scale = fit_scale(layout, max_width, max_height)
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.scale = fit_scale(
            self.layout, min(self.max_width, available_width), min(self.max_height, available_height)
        )
        return self.layout.width * self.scale, self.layout.height * self.scale

    def draw(self) -> None:
        renderPDF.draw(fishbone_drawing(self.layout, scale=self.scale), self.canv, 0, 0)


def fishbone_flowable(layout: FishboneLayout, available_width: float, available_height: float) -> Flowable:
    """``FishboneFlowable`` for a frame of the given size."""
    return FishboneFlowable(layout, available_width, available_height)


def _window(layout: FishboneLayout, left: float, top: float, width: float, height: float) -> FishboneLayout:
    """The boxes and bones of ``layout`` that reach into a rectangle (layout units), positions unchanged."""
    right, bottom = left + width, top + height
    boxes = tuple(
        b for b in layout.boxes if b.x < right and b.right > left and b.y < bottom and b.bottom > top
    )
    bones = tuple(
        b for b in layout.bones
        if min(b.x1, b.x2) <= right and max(b.x1, b.x2) >= left
        and min(b.y1, b.y2) <= bottom and max(b.y1, b.y2) >= top
    )
    return FishboneLayout(layout.width, layout.height, boxes, bones)


class FishboneTile(Flowable):
    """One page-sized piece of a diagram too big for a page, drawn at ``scale`` under a caption."""

    def __init__(self, layout: FishboneLayout, scale: float, left: float, top: float, width: float,
                 height: float, caption: str) -> None:
        super().__init__()
        self.scale = scale
        self.left, self.top = left, top  # in points at ``scale``, from the diagram's top left
        self.tile_width, self.tile_height = width, height
        self.caption = caption
        self.part = _window(layout, left / scale, top / scale, width / scale, height / scale)
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.tile_width, self.tile_height + TILE_CAPTION

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(fonts().regular, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(0, self.tile_height + 4, self.caption)
        clip = canvas.beginPath()
        clip.rect(0, 0, self.tile_width, self.tile_height)
        canvas.clipPath(clip, stroke=0, fill=0)
        drawing = fishbone_drawing(self.part, scale=self.scale)
        renderPDF.draw(drawing, canvas, -self.left, self.tile_height + self.top - drawing.height)
        canvas.restoreState()


def fishbone_flowables(
    layout: FishboneLayout, available_width: float, available_height: float, *,
    min_scale: float = MIN_READABLE_SCALE,
) -> list[Flowable]:
    """The diagram for a frame: one scaled flowable, or page-sized tiles when it would be smaller than
    ``min_scale``.

    Tiles cover only the drawn part of the diagram (``_tiling``), each cropped to what it shows, so no
    page holds just a sliver of it. Of the tilings with the fewest pages the one whose emptiest page
    is fullest wins, drawn at the largest scale (at most 1) that needs no more pages.
    Each tile takes a page of its own, captioned "part n of m (row r, column c)".
    """
    if fit_scale(layout, available_width, available_height) >= min_scale:
        return [FishboneFlowable(layout, available_width, available_height)]
    room = (available_width, available_height - TILE_CAPTION - 1)
    tiling = _best_tiling(layout, room, min_scale)
    flowables: list[Flowable] = []
    for number, tile in enumerate(tiling.tiles, 1):
        left, top, right, bottom = tile.rect
        caption = f"Fishbone diagram, part {number} of {len(tiling.tiles)} ({tile.place})"
        if flowables:
            flowables.append(PageBreak())
        s = tiling.scale
        flowables.append(FishboneTile(layout, s, left * s, top * s, min(room[0], (right - left) * s),
                                      min(room[1], (bottom - top) * s), caption))
    return flowables


Rect4 = tuple[float, float, float, float]
"""left, top, right, bottom in layout units."""


@dataclass(frozen=True)
class _Piece:
    rect: Rect4
    place: str
    """"row r, column c" (or "column c, row r" when the diagram was cut into columns first)."""


@dataclass(frozen=True)
class _Tiling:
    scale: float
    tiles: tuple[_Piece, ...]
    fill: float
    """The emptiest tile's content as a share of the page room."""


def _best_tiling(layout: FishboneLayout, room: tuple[float, float], min_scale: float) -> _Tiling:
    options = []
    for rows_first in (True, False):
        def tiles(scale: float, rows_first: bool = rows_first) -> tuple[_Piece, ...]:
            return _tiling(layout, room[0] / scale, room[1] / scale, rows_first=rows_first)

        pages = len(tiles(min_scale))
        low, high = min_scale, 1.0  # the largest scale in low..high still taking ``pages`` pages
        if len(tiles(high)) <= pages:
            low = high
        while high - low > 0.005:
            middle = (low + high) / 2
            low, high = (middle, high) if len(tiles(middle)) <= pages else (low, middle)
        pieces = tiles(low)
        area = room[0] * room[1] / low / low
        fill = min(((r - l) * (b - t) / area for l, t, r, b in (p.rect for p in pieces)), default=0.0)
        options.append(_Tiling(low, pieces, fill))
    return min(options, key=lambda o: (len(o.tiles), -round(o.fill, 2), -o.scale))


def _clip_segment(bone: Bone, rect: Rect4) -> Rect4 | None:
    """The bounding box of the part of ``bone`` inside ``rect`` (Liang-Barsky), or None."""
    left, top, right, bottom = rect
    dx, dy = bone.x2 - bone.x1, bone.y2 - bone.y1
    start, end = 0.0, 1.0
    for p, q in ((-dx, bone.x1 - left), (dx, right - bone.x1), (-dy, bone.y1 - top), (dy, bottom - bone.y1)):
        if p == 0:
            if q < 0:
                return None
        elif p < 0:
            start = max(start, q / p)
        else:
            end = min(end, q / p)
    if start > end:
        return None
    xs = (bone.x1 + start * dx, bone.x1 + end * dx)
    ys = (bone.y1 + start * dy, bone.y1 + end * dy)
    return min(xs), min(ys), max(xs), max(ys)


def _content(layout: FishboneLayout, rect: Rect4) -> Rect4 | None:
    """The bounding box of what is drawn inside ``rect``: boxes and bones cut to it, or None."""
    left, top, right, bottom = rect
    parts = [(max(b.x, left), max(b.y, top), min(b.right, right), min(b.bottom, bottom))
             for b in layout.boxes if b.x < right and b.right > left and b.y < bottom and b.bottom > top]
    parts += [part for bone in layout.bones if (part := _clip_segment(bone, rect))]
    if not parts:
        return None
    lefts, tops, rights, bottoms = zip(*parts)
    return min(lefts), min(tops), max(rights), max(bottoms)


def _cuts(start: float, end: float, room: float, spans: list[tuple[float, float]]) -> list[float]:
    """Cut ``start``..``end`` into the fewest pieces of at most ``room``, about even, each cut moved
    (by at most a quarter of a piece) to where it goes through the fewest ``spans`` (boxes)."""
    count = max(1, math.ceil((end - start) / room - 1e-9))
    cuts = [start]
    for index in range(1, count):
        target = start + (end - start) * index / count
        low = max(cuts[-1] + 1, end - (count - index) * room, target - room / 4)
        high = min(cuts[-1] + room, target + room / 4)
        if low > high:  # only the even cut keeps every piece within room
            low = high = min(max(target, end - (count - index) * room), cuts[-1] + room)
        candidates = {min(max(target, low), high)}
        candidates.update(c for a, b in spans for c in (a - 1, b + 1) if low <= c <= high)
        cuts.append(min(candidates, key=lambda c: (sum(a < c < b for a, b in spans), abs(c - target))))
    return [*cuts, end]


def _tiling(
    layout: FishboneLayout, room_width: float, room_height: float, *, rows_first: bool
) -> tuple[_Piece, ...]:
    """Tiles of at most ``room_width`` x ``room_height`` (layout units) over the drawn part of ``layout``.

    The diagram's content is cut into even bands (rows, or columns when not ``rows_first``); each band
    then gets as many pieces across as its own content needs, split evenly over that content. Every
    piece is cropped to the content it holds, and pieces holding nothing are left out. Cuts are nudged
    to go through as few boxes as they can."""
    whole = _content(layout, (0.0, 0.0, layout.width, layout.height))
    if whole is None:
        return ()
    # Work in (along the bands, across them) coordinates: (x, y) for rows, (y, x) for columns.
    def flip(rect: Rect4) -> Rect4:
        return rect if rows_first else (rect[1], rect[0], rect[3], rect[2])

    band_room, piece_room = (room_height, room_width) if rows_first else (room_width, room_height)
    spans = [flip((b.x, b.y, b.right, b.bottom)) for b in layout.boxes]  # (along0, across0, along1, across1)
    w0, w1, w2, w3 = flip(whole)
    bands = _cuts(w1, w3, band_room, [(s[1], s[3]) for s in spans])
    pieces = []
    for band_number, (band_start, band_end) in enumerate(zip(bands, bands[1:]), 1):
        content = _content(layout, flip((w0, band_start, w2, band_end)))
        if content is None:
            continue
        along_start, _, along_end, _ = flip(content)
        inside = [(s[0], s[2]) for s in spans if s[1] < band_end and s[3] > band_start]
        cuts = _cuts(along_start, along_end, piece_room, inside)
        for piece_number, (start, end) in enumerate(zip(cuts, cuts[1:]), 1):
            shown = _content(layout, flip((start, band_start, end, band_end)))
            if shown is None:
                continue
            place = (f"row {band_number}, column {piece_number}" if rows_first
                     else f"column {band_number}, row {piece_number}")
            pieces.append(_Piece(shown, place))
    return tuple(pieces)


def fishbone_legend() -> Drawing:
    """A one-line key: root cause, contributing factor, note, and the "no action item" tag."""
    font, bold = fonts().regular, fonts().bold
    drawing = Drawing(360, 16)
    drawing.initialFontName = font
    x = 0.0
    for label, fill, stroke, width in (
        ("Root cause", ROOT_FILL, ROOT_STROKE, ROOT_STROKE_WIDTH),
        ("Contributing factor", CAUSE_FILL, CAUSE_STROKE, 0.6),
        ("Has a note", CAUSE_FILL, CAUSE_STROKE, 0.6),
    ):
        drawing.add(Rect(x, 3, 18, 10, rx=2, ry=2, fillColor=fill, strokeColor=stroke, strokeWidth=width))
        if label == "Has a note":
            drawing.add(Polygon([x + 13, 13, x + 18, 13, x + 18, 8], fillColor=NOTE_COLOUR, strokeColor=None,
                                strokeWidth=0))
        drawing.add(String(x + 23, 5, label, fontName=font, fontSize=8, fillColor=MUTED))
        x += 23 + pdfmetrics.stringWidth(label, font, 8) + 16
    pill = pdfmetrics.stringWidth(NO_ACTION_TAG, bold, TAG_FONT_SIZE) + 8
    drawing.add(Rect(x, 3, pill, 10, rx=5, ry=5, fillColor=WARN_FILL, strokeColor=WARN, strokeWidth=TAG_STROKE))
    drawing.add(String(x + pill / 2, 8 - TAG_FONT_SIZE * TAG_BASELINE, NO_ACTION_TAG, fontName=bold,
                       fontSize=TAG_FONT_SIZE, textAnchor="middle", fillColor=WARN))
    label = "root cause with no action item yet"
    drawing.add(String(x + pill + 5, 5, label, fontName=font, fontSize=8, fillColor=MUTED))
    drawing.width = x + pill + 5 + pdfmetrics.stringWidth(label, font, 8)
    drawing.hAlign = "LEFT"
    return drawing


def render_fishbone_pdf(layout: FishboneLayout, *, title: str = "", **doc_options: Any) -> bytes:
    """A PDF of the diagram under an optional ``title`` and a legend, portrait or landscape as fits best;
    tiled over several pages when one page would make the text too small."""
    fonts()
    margin = 14 * mm
    title_room = 28.0 if title else 0.0
    legend_room = 16.0 + 6

    def room(size: tuple[float, float]) -> tuple[float, float]:
        return size[0] - 2 * margin - 12, size[1] - 2 * margin - 12 - title_room - legend_room - 1

    page = landscape(A4) if prefers_landscape(layout, room(A4), room(landscape(A4))) else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=title or "Fishbone diagram", **doc_options)
    story: list[Flowable] = []
    if title:
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle("fishbone-title", fontName=fonts().bold, fontSize=14, leading=18,
                               textColor=INK)
        story += [BidiParagraph(markup(title, bold=True), style), Spacer(1, 6)]
    story += [fishbone_legend(), Spacer(1, 6)]
    story += fishbone_flowables(layout, *room(page))
    doc.build(story)
    return buffer.getvalue()
