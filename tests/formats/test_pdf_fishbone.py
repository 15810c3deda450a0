"""The fishbone as PDF vector graphics: same positions as the engine, every cause's text in the PDF."""

from __future__ import annotations

import io
import math
import re
import unicodedata

import pytest
import reportlab.rl_config
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from desktop_app.domain.models import Cause, CauseKind
from desktop_app.formats.fishbone_layout import DEFAULT_CATEGORIES, FishboneLayout, layout_fishbone
from desktop_app.formats.pdf_bidi import visual_line
from desktop_app.formats.pdf_fishbone import (
    LANDSCAPE_BELOW,
    MIN_READABLE_SCALE,
    ROOT_STROKE,
    WARN,
    WARN_FILL,
    FishboneFlowable,
    FishboneTile,
    fishbone_drawing,
    fishbone_flowable,
    fishbone_flowables,
    fit_scale,
    prefers_landscape,
    render_fishbone_pdf,
)

HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _causes() -> list[Cause]:
    return [
        Cause(id="t1", text="Timeout cut during DB stress", category="Technology", kind=CauseKind.ROOT_CAUSE),
        Cause(id="t1a", text="Pods could not connect", parent_id="t1"),
        Cause(id="t1b", text="Retry storm <no backoff> & no breaker", parent_id="t1a"),
        Cause(id="p1", text="Timeouts hard-coded", category="Process", note="needs a deploy"),
        Cause(id="m1", text="Probes misconfigured", category="Monitoring", kind=CauseKind.ROOT_CAUSE),
        Cause(id="d1", text="Shared writer database", category="Dependencies"),
        Cause(id="h", text=HEBREW, category="People"),
        Cause(id="a", text=ARABIC, category="Environment"),
        Cause(id="z", text="数据库连接池耗尽", category="Elsewhere"),
    ]


def _layout() -> FishboneLayout:
    return layout_fishbone("Flag requests failed (HTTP 504)", DEFAULT_CATEGORIES, _causes())


def _shapes(drawing: Drawing) -> list[object]:
    out: list[object] = []
    stack: list[object] = list(drawing.contents)
    while stack:
        shape = stack.pop(0)
        if isinstance(shape, Group):
            stack[:0] = shape.contents
        else:
            out.append(shape)
    return out


def _tile_fill(tile: FishboneTile, frame_width: float, frame_height: float) -> float:
    """The share of the frame covered by the bounding box of the boxes a tile shows, each cut to the tile."""
    scale = tile.scale
    left, top = tile.left / scale, tile.top / scale
    right, bottom = left + tile.tile_width / scale, top + tile.tile_height / scale
    parts = [(max(b.x, left), max(b.y, top), min(b.right, right), min(b.bottom, bottom))
             for b in tile.part.boxes]
    parts = [p for p in parts if p[0] < p[2] and p[1] < p[3]]
    if not parts:
        return 0.0
    width = max(p[2] for p in parts) - min(p[0] for p in parts)
    height = max(p[3] for p in parts) - min(p[1] for p in parts)
    return width * height * scale * scale / (frame_width * frame_height)


def _pdf_text(story_flowable: object, page: tuple[float, float] = A4) -> str:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page).build([story_flowable])
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_drawing_positions_equal_the_engine_positions_flipped() -> None:
    layout = _layout()
    drawing = fishbone_drawing(layout)
    assert (drawing.width, drawing.height) == (layout.width, layout.height)
    shapes = _shapes(drawing)
    rects = {(r.x, r.y, r.width, r.height): r for r in shapes if isinstance(r, Rect)}
    strings = {(s.x, s.y, s.text) for s in shapes if isinstance(s, String)}
    for box_id in ("effect", "category:Technology", "t1", "t1b", "p1"):
        box = layout.box(box_id)
        assert (box.x, layout.height - box.y - box.height, box.width, box.height) in rects
        x, baseline = box.text_origin(0)
        assert (x, layout.height - baseline, box.lines[0]) in strings
    root = rects[(layout.box("t1").x, layout.height - layout.box("t1").bottom,
                  layout.box("t1").width, layout.box("t1").height)]
    plain = rects[(layout.box("p1").x, layout.height - layout.box("p1").bottom,
                   layout.box("p1").width, layout.box("p1").height)]
    assert root.strokeColor == ROOT_STROKE and plain.strokeColor != ROOT_STROKE
    assert root.fillColor != plain.fillColor
    lines = [s for s in shapes if type(s).__name__ == "Line"]
    assert len(lines) == len(layout.bones)
    spine = layout.bones[0]
    assert any((ln.x1, ln.y1, ln.x2, ln.y2) == (spine.x1, layout.height - spine.y1, spine.x2,
                                                  layout.height - spine.y2) for ln in lines)


def test_scaled_drawing_keeps_positions_under_a_transform() -> None:
    layout = _layout()
    drawing = fishbone_drawing(layout, scale=0.5)
    assert (drawing.width, drawing.height) == (layout.width * 0.5, layout.height * 0.5)
    assert drawing.contents[0].transform == (0.5, 0, 0, 0.5, 0, 0)


def test_right_to_left_text_is_drawn_in_visual_order() -> None:
    layout = _layout()
    strings = {s.text for s in _shapes(fishbone_drawing(layout)) if isinstance(s, String)}
    assert visual_line(HEBREW) in strings and visual_line(ARABIC) in strings
    assert visual_line(HEBREW) != HEBREW


def test_pdf_text_holds_every_cause() -> None:
    layout = _layout()
    text = _pdf_text(fishbone_flowable(layout, 480, 700)).replace("\n", " ")
    for cause in _causes():
        if cause.id not in ("h", "a"):  # right-to-left text is extracted in visual order
            assert cause.text in text, cause.text
    assert "Flag requests failed (HTTP 504)" in text
    for name in DEFAULT_CATEGORIES + ("Other",):
        assert name in text


def test_flowable_scales_down_to_fit_and_never_up() -> None:
    layout = _layout()
    flowable = FishboneFlowable(layout, 300, 1000)
    width, height = flowable.wrap(500, 500)
    assert width == pytest.approx(300) and flowable.scale == pytest.approx(300 / layout.width)
    assert height == pytest.approx(layout.height * 300 / layout.width)
    big = FishboneFlowable(layout, 5000, 5000)
    assert big.wrap(5000, 5000) == (layout.width, layout.height) and big.scale == 1.0
    assert fit_scale(layout, layout.width / 2, 10_000) == 0.5


def test_wide_diagrams_prefer_landscape() -> None:
    bones = [f"Bone {i}" for i in range(12)]
    wide = layout_fishbone("E", bones, [Cause(id=f"c{i}", text="cause text " * 8, category=bones[i % 12])
                                        for i in range(24)])
    portrait, landscape = (480.0, 700.0), (760.0, 480.0)
    assert fit_scale(wide, *portrait) < LANDSCAPE_BELOW
    assert prefers_landscape(wide, portrait, landscape)
    small = layout_fishbone("E", ["People"], [Cause(id="c", text="t", category="People")])
    assert not prefers_landscape(small, portrait, landscape)
    page = PdfReader(io.BytesIO(render_fishbone_pdf(wide, title="Wide"))).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert "cause text" in page.extract_text()


def test_render_pdf_with_a_title_keeps_markup_characters() -> None:
    pdf = render_fishbone_pdf(_layout(), title="RCA <draft> & notes")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "RCA <draft> & notes" in text
    assert "Retry storm <no backoff> & no breaker" in text.replace("\n", " ")


def test_a_right_to_left_title_reads_in_order() -> None:
    pdf = render_fishbone_pdf(_layout(), title="ניתוח שורש הבעיה")
    first_line = unicodedata.normalize("NFKC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text()).split("\n")[0]
    assert " ".join(first_line.split()) == "ניתוח שורש הבעיה"


def test_a_diagram_too_big_for_a_readable_page_is_tiled() -> None:
    bones = [f"Bone {i}" for i in range(8)]
    causes = [Cause(id=f"c{i:03d}", text=f"cause number {i:03d}", category=bones[i % 8],
                    parent_id=f"c{i - 8:03d}" if i % 3 == 0 and i >= 8 else None) for i in range(240)]
    layout = layout_fishbone("Everything broke", bones, causes)
    assert fit_scale(layout, 480, 700) < MIN_READABLE_SCALE
    flowables = fishbone_flowables(layout, 480, 700)
    tiles = [f for f in flowables if isinstance(f, FishboneTile)]
    assert len(flowables) == 2 * len(tiles) - 1  # a page break between tiles
    smallest = MIN_READABLE_SCALE
    grid = math.ceil(layout.width * smallest / 480) * math.ceil(layout.height * smallest / 685)
    assert 1 < len(tiles) <= grid  # no more pages than a plain grid at the smallest readable scale
    assert len({t.scale for t in tiles}) == 1 and tiles[0].scale >= MIN_READABLE_SCALE
    assert all(t.wrap(480, 700)[0] <= 480 and t.wrap(480, 700)[1] <= 700 for t in tiles)
    assert tiles[0].caption.startswith(f"Fishbone diagram, part 1 of {len(tiles)} (")
    assert [t.caption.split(" (")[0] for t in tiles] == [
        f"Fishbone diagram, part {n} of {len(tiles)}" for n in range(1, len(tiles) + 1)]
    assert all(_tile_fill(t, 480, 700 - 15) >= 0.25 for t in tiles)
    shown = {b.id for t in tiles for b in t.part.boxes}
    assert shown == {b.id for b in layout.boxes}
    assert all(len(t.part.boxes) < len(layout.boxes) for t in tiles)
    reader = PdfReader(io.BytesIO(render_fishbone_pdf(layout, title="Big")))
    assert len(reader.pages) >= len(tiles)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for cause in causes:
        assert cause.text in text, cause.text
    assert "Root cause" in text and "Contributing factor" in text  # the legend


def test_a_diagram_that_fits_readably_is_one_flowable() -> None:
    flowables = fishbone_flowables(_layout(), 760, 480)
    assert len(flowables) == 1 and isinstance(flowables[0], FishboneFlowable)


def test_tags_are_drawn_where_the_layout_put_them_in_the_pdf_and_the_svg() -> None:
    import xml.etree.ElementTree as ET

    from desktop_app.formats.fishbone_layout import NO_ACTION_TAG, ROOT_TAG
    from desktop_app.formats.fishbone_svg import _n, fishbone_svg

    layout = layout_fishbone("Flag requests failed (HTTP 504)", DEFAULT_CATEGORIES, _causes(),
                             unaddressed={"m1"})
    t1, m1 = layout.box("t1"), layout.box("m1")
    assert [t.label for t in t1.tags] == [ROOT_TAG]
    assert [t.label for t in m1.tags] == [ROOT_TAG, NO_ACTION_TAG]
    tags = [tag for box in layout.boxes for tag in box.tags]
    assert len(tags) == 3
    # PDF: each pill at the layout's rectangle (y flipped), its label centred in it.
    shapes = _shapes(fishbone_drawing(layout))
    rects = {(r.x, r.y, r.width, r.height): r for r in shapes if isinstance(r, Rect)}
    labels = [s for s in shapes if isinstance(s, String) and s.text in (ROOT_TAG, NO_ACTION_TAG)]
    for tag in tags:
        pill = rects[(tag.x, layout.height - tag.bottom, tag.width, tag.height)]
        if tag.filled:  # root cause: solid red
            assert (pill.strokeColor, pill.fillColor) == (ROOT_STROKE, ROOT_STROKE)
        else:  # no action item: a warning in amber, not a second red mark
            assert (pill.strokeColor, pill.fillColor) == (WARN, WARN_FILL)
    assert sorted((s.text, s.x, s.textAnchor) for s in labels) == sorted(
        (t.label, t.center[0], "middle") for t in tags)
    # SVG: the same rectangles, in layout coordinates.
    root = ET.fromstring(fishbone_svg(layout))
    ns = "{http://www.w3.org/2000/svg}"
    pills = sorted((r.get("x"), r.get("y"), r.get("width"))
                   for r in root.iter(f"{ns}rect") if r.get("class") == "tag")
    assert pills == sorted((_n(t.x), _n(t.y), _n(t.width)) for t in tags)
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts.count(ROOT_TAG) == 2 and texts.count(NO_ACTION_TAG) == 1
    # The PDF's text has the tags too, and every cause.
    text = _pdf_text(fishbone_flowable(layout, 480, 700)).replace("\n", " ")
    assert text.count(ROOT_TAG) == 2 and text.count(NO_ACTION_TAG) == 1


def test_the_full_reports_diagram_holds_every_cause_in_any_script() -> None:
    """The fishbone page(s) of the full report: every cause's text, markup characters, CJK and Arabic
    included, as the PDF's own text (found on the diagram's landscape page, apart from the cause list)."""
    import unicodedata

    from desktop_app.domain.models import Postmortem
    from desktop_app.formats.pdf_report import render_full_report

    special = ["a<b & c>d", "数据库连接池耗尽", "مهلة الاتصال", HEBREW, "Pool <max=10> & no queue"]
    causes = [Cause(id=f"s{i}", text=text, category=DEFAULT_CATEGORIES[i % 6], kind=CauseKind.ROOT_CAUSE
                    if i == 0 else CauseKind.CONTRIBUTING_FACTOR) for i, text in enumerate(special)]
    causes += [Cause(id=f"c{i}", text=f"Contributing cause number {i} with words enough to wrap its box once",
                     category=DEFAULT_CATEGORIES[i % 6], parent_id=f"c{i - 6}" if i >= 12 else None)
               for i in range(6, 30)]
    causes.append(Cause(id="blank", text="   ", category="People"))  # still being typed: left out
    pm = Postmortem(title="Checkout <EU> & US errors", causes=causes)
    reader = PdfReader(io.BytesIO(render_full_report(pm)))
    wide = [page for page in reader.pages if float(page.mediabox.width) > float(page.mediabox.height)]
    assert len(wide) == 1  # the diagram got a landscape page of its own
    text = " ".join(unicodedata.normalize("NFKC", wide[0].extract_text()).split())
    assert text.startswith("Checkout <EU> & US errors Fishbone diagram Root cause Contributing factor")
    for cause in causes[:-1]:
        assert cause.text in text, cause.text
    assert text.count("ROOT CAUSE") == 1 and text.count("NO ACTION ITEM") == 2  # the legend's and s0's
    for name in DEFAULT_CATEGORIES:
        assert name in text


def test_the_full_report_tiles_a_huge_diagram_under_its_heading() -> None:
    import re

    from desktop_app.domain.models import Postmortem
    from desktop_app.formats.pdf_report import render_full_report

    causes = [Cause(id=f"c{i:03d}", text=f"cause number {i:03d} with a few more words",
                    category=DEFAULT_CATEGORIES[i % 6], parent_id=f"c{i - 6:03d}" if i % 4 == 3 else None)
              for i in range(300)]
    reader = PdfReader(io.BytesIO(render_full_report(Postmortem(title="Everything broke", causes=causes))))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    captions = [(n, m) for page in pages for n, m in re.findall(r"Fishbone diagram, part (\d+) of (\d+)", page)]
    total = int(captions[0][1])
    assert total > 1 and captions == [(str(n), str(total)) for n in range(1, total + 1)]  # one a page
    first = next(page for page in pages if "part 1 of" in page)
    assert "Fishbone diagram Root cause Contributing factor Has a note NO ACTION ITEM" in first  # heading, legend
    tiled = " ".join(page for page in pages if "Fishbone diagram, part" in page)
    assert all(f"cause number {i:03d}" in tiled for i in range(300))


def test_pdf_and_svg_draw_cause_text_without_markdown() -> None:
    import xml.etree.ElementTree as ET

    from desktop_app.formats.fishbone_svg import fishbone_svg

    causes = [Cause(id="m", text="**No linter**: `isDisabled` used via [PR](https://example.com/2355)",
                    category="Technology")]
    layout = layout_fishbone("E", DEFAULT_CATEGORIES, causes)
    text = " ".join(PdfReader(io.BytesIO(render_fishbone_pdf(layout, title="T"))).pages[0].extract_text().split())
    assert "No linter: isDisabled used via PR" in text
    assert "`" not in text and "**" not in text and "https" not in text
    root = ET.fromstring(fishbone_svg(layout))
    lines = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "No linter: isDisabled used via PR" in lines


def test_every_tile_of_the_full_reports_big_diagram_holds_a_real_part_of_it() -> None:
    """200 chained causes (as in the maximal report): a plain grid at the smallest readable scale left
    one page with only a sliver of a bone. Every tile page now shows a good share of the diagram."""
    from desktop_app.domain.models import Postmortem
    from desktop_app.formats.fishbone_postmortem import postmortem_layout
    from desktop_app.formats.pdf_report import render_full_report

    causes: list[Cause] = []
    for i in range(200):
        causes.append(Cause(id=f"c{i}", text=f"Cause {i}: retry storm", category=DEFAULT_CATEGORIES[i % 6],
                            parent_id=f"c{i - 1}" if i % 4 else None,
                            kind=CauseKind.ROOT_CAUSE if i == 0 else CauseKind.CONTRIBUTING_FACTOR))
    pm = Postmortem(title="Checkout failed", causes=causes)
    layout = postmortem_layout(pm, skip_blank=True)
    room = (504.0, 684.0)  # a portrait report page under the heading
    flowables = fishbone_flowables(layout, *room)
    tiles = [f for f in flowables if isinstance(f, FishboneTile)]
    assert 1 < len(tiles) <= 4 and tiles[0].scale >= MIN_READABLE_SCALE
    for tile in tiles:
        assert _tile_fill(tile, room[0], room[1] - 15) >= 0.25, tile.caption
        assert sum(b.id.startswith("c") for b in tile.part.boxes) >= 20, tile.caption
    assert {b.id for t in tiles for b in t.part.boxes} == {b.id for b in layout.boxes}
    # In the report: each tile page's own text holds many causes, and together they hold all of them.
    reader = PdfReader(io.BytesIO(render_full_report(pm)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    tile_pages = [page for page in pages if "Fishbone diagram, part" in page]
    assert len(tile_pages) == len(tiles)
    for page in tile_pages:
        assert len(set(re.findall(r"Cause (\d+): retry storm", page))) >= 20, page[:80]
    shown = {int(n) for page in tile_pages for n in re.findall(r"Cause (\d+): retry", page)}
    assert shown == set(range(200))
