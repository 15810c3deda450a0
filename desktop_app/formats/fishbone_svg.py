"""The fishbone diagram as an SVG document, drawn from the same layout as the canvas and the PDF.

Pure Python (no Qt): text stays text (searchable, selectable), set in the bundled fonts'
families with generic fallbacks; every cause is a group whose ``<title>`` holds its full
text, so a cut-off box still carries all of it. Root causes carry a red border on a faint red fill;
the "ROOT CAUSE" and "NO ACTION ITEM" tags are drawn where the layout put them (``Box.tags``),
inside the box like on the canvas and in the PDF.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from desktop_app.formats.fishbone_layout import PAD_X, TAG_FONT_SIZE, Box, FishboneLayout, Tag, clean_text

FONT_FAMILY = "'DejaVu Sans', 'WenQuanYi Micro Hei', Symbola, sans-serif"
INK = "#1F2933"
MUTED = "#616E7C"
ACCENT = "#2F4B7C"
BAND = "#1F2A44"
CAUSE_STROKE = "#9AA5B1"
ROOT_FILL = "#FEF3F2"
ROOT_STROKE = "#B42318"
WARN = "#975A16"  # the "NO ACTION ITEM" tag (as in the PDF)
WARN_FILL = "#FFF8E6"
NOTE = "#D69E2E"
TAG_BASELINE = 0.35  # a tag's baseline below the pill's middle, in font sizes (as in the PDF)
_BONES = {"spine": (BAND, 2.4), "category": (ACCENT, 1.4), "cause": (MUTED, 0.7)}


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def fishbone_svg(
    layout: FishboneLayout,
    *,
    titles: Mapping[str, str] | None = None,
    background: str | None = "#FFFFFF",
) -> bytes:
    """The diagram as UTF-8 SVG bytes, one SVG unit per layout point.

    ``titles`` maps a cause id to its full text (shown as a tooltip, kept for search);
    ``background`` ``None`` is transparent. Tags come with the layout (``layout_fishbone(...,
    unaddressed=...)``).
    """
    titles = titles or {}
    width, height = layout.width, layout.height
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "version": "1.1",
        "width": _n(width),
        "height": _n(height),
        "viewBox": f"0 0 {_n(width)} {_n(height)}",
        "font-family": FONT_FAMILY,
    })
    effect = next((box for box in layout.boxes if box.kind == "effect"), None)
    ET.SubElement(svg, "title").text = " ".join(effect.lines) if effect is not None else "Fishbone diagram"
    if background is not None:
        ET.SubElement(svg, "rect", {"x": "0", "y": "0", "width": _n(width), "height": _n(height),
                                    "fill": background})
    bones = ET.SubElement(svg, "g", {"fill": "none", "stroke-linecap": "round"})
    for bone in layout.bones:
        colour, stroke = _BONES[bone.kind]
        ET.SubElement(bones, "line", {"x1": _n(bone.x1), "y1": _n(bone.y1), "x2": _n(bone.x2), "y2": _n(bone.y2),
                                      "stroke": colour, "stroke-width": _n(stroke)})
    for box in layout.boxes:
        _box(svg, box, titles.get(box.id, ""))
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True)


def _box(parent: ET.Element, box: Box, title: str) -> None:
    group = ET.SubElement(parent, "g", {"class": box.kind, "id": f"box-{box.id}".replace(":", "-").replace(" ", "_")})
    if title:
        ET.SubElement(group, "title").text = clean_text(title)
    if box.kind == "effect":
        fill, stroke, stroke_width, ink = BAND, "none", 0.0, "#FFFFFF"
    elif box.kind == "category":
        fill, stroke, stroke_width, ink = ACCENT, "none", 0.0, "#FFFFFF"
    elif box.is_root_cause:
        fill, stroke, stroke_width, ink = ROOT_FILL, ROOT_STROKE, 1.2, INK
    else:
        fill, stroke, stroke_width, ink = "#FFFFFF", CAUSE_STROKE, 0.7, INK
    ET.SubElement(group, "rect", {"x": _n(box.x), "y": _n(box.y), "width": _n(box.width), "height": _n(box.height),
                                  "rx": "3", "fill": fill, "stroke": stroke, "stroke-width": _n(stroke_width)})
    if box.has_note:
        corner = min(7.0, PAD_X + 1)
        right = box.x + box.width
        ET.SubElement(group, "polygon", {
            "points": f"{_n(right - corner)},{_n(box.y)} {_n(right)},{_n(box.y)} {_n(right)},{_n(box.y + corner)}",
            "fill": NOTE,
        })
    for index, line in enumerate(box.lines):
        x, baseline = box.text_origin(index)
        text = ET.SubElement(group, "text", {"x": _n(x), "y": _n(baseline), "font-size": _n(box.font_size),
                                             "fill": ink, "xml:space": "preserve"})
        text.text = line
    for tag in box.tags:
        _tag(group, tag)


def _tag(parent: ET.Element, tag: Tag) -> None:
    ET.SubElement(parent, "rect", {
        "class": "tag", "x": _n(tag.x), "y": _n(tag.y), "width": _n(tag.width), "height": _n(tag.height),
        "rx": _n(tag.height / 2), "fill": ROOT_STROKE if tag.filled else WARN_FILL,
        "stroke": ROOT_STROKE if tag.filled else WARN,
        "stroke-width": "0.8",
    })
    middle_x, middle_y = tag.center
    text = ET.SubElement(parent, "text", {
        "x": _n(middle_x), "y": _n(middle_y + TAG_FONT_SIZE * TAG_BASELINE), "font-size": _n(TAG_FONT_SIZE),
        "font-weight": "bold", "text-anchor": "middle", "fill": "#FFFFFF" if tag.filled else WARN,
    })
    text.text = tag.label
