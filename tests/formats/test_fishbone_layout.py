"""The fishbone layout engine: no overlaps, everything inside, exact positions and wrapping."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.domain.models import Cause, CauseKind
from desktop_app.formats.fishbone_layout import (
    CATEGORY_SETS,
    DEFAULT_CATEGORIES,
    ELLIPSIS,
    INDENT,
    MAX_CAUSE_LINES,
    NO_ACTION_TAG,
    PAD_X,
    PAD_Y,
    ROOT_TAG,
    ROW_GAP,
    TAG_BOLD,
    TAG_FONT_SIZE,
    TAG_GAP,
    TAG_HEIGHT,
    TAG_PAD_X,
    TAG_ROW_GAP,
    Box,
    FishboneLayout,
    TextMeasure,
    category_id,
    display_text,
    layout_fishbone,
    wrap_text,
)
from desktop_app.formats.fishbone_measure import pdf_text_width
from desktop_app.formats.pdf_fonts import fonts


def fixed(text: str, size: float) -> float:
    """Every character half an em wide: widths are easy to compute by hand."""
    return len(text) * size * 0.5


def _overlaps(boxes: Sequence[Box]) -> list[tuple[str, str]]:
    """Pairs of boxes whose rectangles share a positive area (sweep over x)."""
    found = []
    ordered = sorted(boxes, key=lambda b: b.x)
    active: list[Box] = []
    for box in ordered:
        active = [other for other in active if other.x + other.width > box.x + 1e-9]
        for other in active:
            if min(box.bottom, other.bottom) - max(box.y, other.y) > 1e-9:
                found.append((other.id, box.id))
        active.append(box)
    return found


def check_tags(layout: FishboneLayout, causes: Sequence[Cause], unaddressed: frozenset[str]) -> None:
    """Tags are part of their box: inside it, in one row above the text, apart from each other."""
    eps = 1e-6
    for cause in causes:
        box = layout.box(cause.id)
        expected = ((ROOT_TAG,) if cause.kind is CauseKind.ROOT_CAUSE else ()) + (
            (NO_ACTION_TAG,) if cause.id in unaddressed else ())
        assert tuple(tag.label for tag in box.tags) == expected, cause.id
        text_top = (box.text_origin(0)[1] - box.font_size * BASELINE_SHARE
                    - (box.line_height - box.font_size) / 2)
        for index, tag in enumerate(box.tags):
            assert box.x - eps <= tag.x and tag.right <= box.right - PAD_X + eps, (box.id, tag)
            assert box.y - eps <= tag.y and tag.bottom <= text_top + eps, (box.id, tag)
            assert tag.height == TAG_HEIGHT and tag.filled == (tag.label == ROOT_TAG)
            if index:
                assert tag.x >= box.tags[index - 1].right + TAG_GAP - eps
    for box in layout.boxes:
        if box.kind != "cause":
            assert box.tags == () and box.tag_band == 0


BASELINE_SHARE = 0.95


def check_invariants(layout: FishboneLayout, causes: Sequence[Cause], measure: TextMeasure,
                     unaddressed: frozenset[str] = frozenset()) -> None:
    check_tags(layout, causes, unaddressed)
    ids = [box.id for box in layout.boxes]
    assert len(ids) == len(set(ids))
    cause_ids = {cause.id for cause in causes}
    assert {box.id for box in layout.boxes_of_kind("cause")} == cause_ids
    assert len(layout.boxes_of_kind("effect")) == 1
    assert _overlaps(layout.boxes) == []
    eps = 1e-6
    for box in layout.boxes:
        assert -eps <= box.x and box.right <= layout.width + eps, box.id
        assert -eps <= box.y and box.bottom <= layout.height + eps, box.id
        for line in box.lines:
            assert measure(line, box.font_size) <= box.width - 2 * PAD_X + eps, (box.id, line)
    for bone in layout.bones:
        assert -eps <= min(bone.x1, bone.x2) and max(bone.x1, bone.x2) <= layout.width + eps
        assert -eps <= min(bone.y1, bone.y2) and max(bone.y1, bone.y2) <= layout.height + eps
    # Order within a bone follows the input order.
    for category in {box.category for box in layout.boxes_of_kind("cause")}:
        tops = [layout.box(c.id) for c in causes if layout.box(c.id).category == category
                and layout.box(c.id).depth == 1]
        assert [b.y for b in tops] == sorted(b.y for b in tops)


_PIECES = [
    "database", "timeout", "retry storm", "<script>", "a & b", "x<y>z", "数据库连接池耗尽", "服务中断",
    "مهلة الاتصال", "שלום עולם", "🔥", "🚀📉", "https://example.com/very/long/path?query=1&b=2",
    "0123456789abcdef" * 4, "config", "DNS", "rollback", "\n", "  ", "Ünïcødé",
]


def _text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.06:
        return "long text " * 200  # 2,000 characters
    return " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))


def _random_causes(count: int, seed: int, categories: Sequence[str]) -> list[Cause]:
    rng = random.Random(seed)
    pool = list(categories) + ["Unknown bone", "", "Other"]
    causes: list[Cause] = []
    depth: dict[str, int] = {}
    for index in range(count):
        roll = rng.random()
        parents = [c.id for c in causes if depth[c.id] < 4]
        if parents and roll < 0.55:
            parent: str | None = rng.choice(parents)
        elif roll < 0.58:
            parent = "missing-parent"
        elif roll < 0.60:
            parent = f"c{index}"  # itself
        else:
            parent = None
        cause_id = f"c{index}"
        depth[cause_id] = depth[parent] + 1 if parent in depth else 1
        causes.append(
            Cause(id=cause_id, text=_text(rng), category=rng.choice(pool), parent_id=parent,
                  kind=CauseKind.ROOT_CAUSE if rng.random() < 0.1 else CauseKind.CONTRIBUTING_FACTOR,
                  note="n" if rng.random() < 0.1 else "")
        )
    if count >= 3 and rng.random() < 0.5:  # a cycle of two
        causes[0] = causes[0].model_copy(update={"parent_id": causes[1].id})
        causes[1] = causes[1].model_copy(update={"parent_id": causes[0].id})
    return causes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 500),
    seed=st.integers(0, 2**32 - 1),
    categories=st.lists(st.sampled_from(DEFAULT_CATEGORIES + CATEGORY_SETS["4S"] + ("Ünknown 数据",)),
                        max_size=9, unique=True),
)
@example(count=500, seed=3, categories=list(DEFAULT_CATEGORIES))
@example(count=500, seed=4, categories=["People", "Skills"])
@example(count=1, seed=0, categories=[])
def test_generated_diagrams_have_no_overlaps_and_fit(count: int, seed: int, categories: list[str]) -> None:
    causes = _random_causes(count, seed, categories)
    # Root causes with no action item (about half of them) get the second tag.
    unaddressed = frozenset(c.id for c in causes if c.kind is CauseKind.ROOT_CAUSE and hash(c.id) % 2)
    layout = layout_fishbone("Checkout API returned 502 <errors> & timeouts", categories, causes,
                             unaddressed=unaddressed)
    check_invariants(layout, causes, pdf_text_width, unaddressed)
    for name in categories:  # empty categories are still drawn
        assert layout.box(category_id(name)).kind == "category"
        assert len(layout.bones_of(category_id(name))) == 1
    assert layout == layout_fishbone("Checkout API returned 502 <errors> & timeouts", categories, causes,
                                     unaddressed=unaddressed)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(max_size=300), min_size=1, max_size=12),
    effect=st.text(max_size=400),
    max_box_width=st.floats(20, 400),
)
def test_any_text_wraps_inside_its_box(texts: list[str], effect: str, max_box_width: float) -> None:
    causes = [Cause(id=f"c{i}", text=text, category="People") for i, text in enumerate(texts)]
    layout = layout_fishbone(effect, ["People"], causes, max_box_width=max_box_width)
    check_invariants(layout, causes, pdf_text_width)


def _small() -> list[Cause]:
    return [
        Cause(id="a", text="abc", category="Process", kind=CauseKind.ROOT_CAUSE),
        Cause(id="a1", text="child of a", parent_id="a", note="see the log"),
        Cause(id="a11", text="grandchild", parent_id="a1"),
        Cause(id="a111", text="great-grandchild", parent_id="a11"),
        Cause(id="b", text="second on process", category="Process"),
        Cause(id="m", text="monitoring gap", category="Monitoring", parent_id="nobody"),
        Cause(id="u", text="unknown bone", category="Weather"),
        Cause(id="x", text="cycle x", category="People", parent_id="y"),
        Cause(id="y", text="cycle y", category="People", parent_id="x"),
    ]


def test_overlap_check_catches_overlaps() -> None:
    def box(box_id: str, x: float, y: float) -> Box:
        return Box(box_id, "cause", x, y, 10, 10, ("",), 9, 1, "People")

    assert _overlaps([box("a", 0, 0), box("b", 10, 0), box("c", 0, 10)]) == []  # touching edges
    assert _overlaps([box("a", 0, 0), box("b", 9, 9)]) == [("a", "b")]


def test_small_diagram_exact_structure() -> None:
    causes = _small()
    layout = layout_fishbone("Outage", DEFAULT_CATEGORIES, causes, measure=fixed)
    check_invariants(layout, causes, fixed)
    effect = layout.box("effect")
    assert (effect.width, effect.height, effect.lines) == (6 * 6 + 2 * PAD_X, 12 * 1.25 + 8, ("Outage",))
    assert effect.x == max(box.right for box in layout.boxes) - effect.width  # the rightmost box
    spine = layout.bones_of("effect")[0]
    assert (spine.kind, spine.y1, spine.y2, spine.x2) == ("spine", spine.y1, spine.y1, effect.x)
    assert effect.y + effect.height / 2 == spine.y1
    labels = layout.boxes_of_kind("category")
    assert [b.id for b in labels] == [category_id(n) for n in DEFAULT_CATEGORIES + ("Other",)]
    # Alternating above and below the spine; bones meet the spine left to right in order.
    assert [b.bottom <= spine.y1 for b in labels] == [True, False, True, False, True, False, True]
    hits = [layout.bones_of(b.id)[0].x2 for b in labels]
    assert hits == sorted(hits) and hits[0] == hits[1] and hits[2] == hits[3] and hits[4] == hits[5]
    assert all(layout.bones_of(b.id)[0].y2 == spine.y1 for b in labels)
    # Sub-causes: the row below the parent, one indent to the right, on the parent's bone.
    a, a1, a11, a111 = (layout.box(i) for i in ("a", "a1", "a11", "a111"))
    assert [b.depth for b in (a, a1, a11, a111)] == [1, 2, 3, 4]
    assert {b.category for b in (a, a1, a11, a111)} == {"Process"}
    for parent, child in ((a, a1), (a1, a11), (a11, a111)):
        assert child.x == parent.x + INDENT
        assert child.y == parent.bottom + ROW_GAP
    assert layout.box("b").y == a111.bottom + ROW_GAP and layout.box("b").x <= a.x
    # A root cause's box holds its tag row: the "ROOT CAUSE" pill above its one line of text.
    root_tag = fixed(ROOT_TAG, TAG_FONT_SIZE) * TAG_BOLD + 2 * TAG_PAD_X
    assert (a.width, a.height) == (root_tag + 2 * PAD_X, 9 * 1.25 + 8 + TAG_HEIGHT + TAG_ROW_GAP)
    assert [(t.label, t.x, t.y, t.width, t.filled) for t in a.tags] == [
        (ROOT_TAG, a.x + PAD_X, a.y + PAD_Y, root_tag, True)]
    b_top = layout.box("b").text_origin(0)[1] - layout.box("b").y
    assert a.text_origin(0)[1] == pytest.approx(a.y + b_top + TAG_HEIGHT + TAG_ROW_GAP)
    b = layout.box("b")
    assert (b.width, b.height, b.tags) == (fixed("second on process", 9) + 2 * PAD_X, 9 * 1.25 + 8, ())
    assert a.is_root_cause and not a.has_note and a1.has_note and not a1.is_root_cause
    # Bad parents: a missing parent and a cycle make top-level causes.
    assert (layout.box("m").depth, layout.box("m").category) == (1, "Monitoring")
    assert [layout.box(i).depth for i in ("x", "y")] == [1, 1]
    assert layout.box("u").category == "Other"
    # A top-level cause's bone runs from its box to its category bone; a sub-cause's is an elbow.
    (branch,) = layout.bones_of("a")
    assert (branch.x1, branch.y1, branch.y2) == (a.right, a.y + a.height / 2, a.y + a.height / 2)
    stem, arm = layout.bones_of("a1")
    assert (stem.x1, stem.y1, stem.x2) == (a.x + INDENT / 2, a.bottom, a.x + INDENT / 2)
    assert (arm.y1, arm.x2, arm.y2) == (a1.y + a1.height / 2, a1.x, a1.y + a1.height / 2)


def test_unaddressed_root_cause_gets_both_tags_in_one_row() -> None:
    causes = [Cause(id="r", text="pool", category="People", kind=CauseKind.ROOT_CAUSE),
              Cause(id="s", text="sub-cause under it", category="People", parent_id="r")]
    plain = layout_fishbone("E", ["People"], causes, measure=fixed)
    flagged = layout_fishbone("E", ["People"], causes, measure=fixed, unaddressed={"r"})
    check_invariants(flagged, causes, fixed, frozenset({"r"}))
    r, s = flagged.box("r"), flagged.box("s")
    widths = [fixed(label, TAG_FONT_SIZE) * TAG_BOLD + 2 * TAG_PAD_X for label in (ROOT_TAG, NO_ACTION_TAG)]
    assert [(t.label, t.x, t.y, t.width, t.filled) for t in r.tags] == [
        (ROOT_TAG, r.x + PAD_X, r.y + PAD_Y, widths[0], True),
        (NO_ACTION_TAG, r.x + PAD_X + widths[0] + TAG_GAP, r.y + PAD_Y, widths[1], False)]
    assert r.width == sum(widths) + TAG_GAP + 2 * PAD_X > plain.box("r").width
    assert r.height == plain.box("r").height  # one tag row, whatever the number of tags
    # The sub-cause's elbow starts at the bottom edge of the box, which holds every tag.
    stem = flagged.bones_of("s")[0]
    assert stem.y1 == r.bottom and all(t.bottom < r.bottom for t in r.tags)
    assert s.y == r.bottom + ROW_GAP


def test_tag_width_bounds_the_bold_text() -> None:
    bold, regular = fonts().bold, fonts().regular
    from reportlab.pdfbase import pdfmetrics

    for label in (ROOT_TAG, NO_ACTION_TAG):
        assert pdfmetrics.stringWidth(label, bold, TAG_FONT_SIZE) <= pdfmetrics.stringWidth(
            label, regular, TAG_FONT_SIZE) * TAG_BOLD


def test_other_bone_only_when_needed_and_empty_categories_drawn() -> None:
    layout = layout_fishbone("E", ["People", "Process"], [Cause(id="p", text="t", category="People")],
                             measure=fixed)
    assert [b.id for b in layout.boxes_of_kind("category")] == ["category:People", "category:Process"]
    assert len(layout.bones_of("category:Process")) == 1
    empty = layout_fishbone("E", [], [], measure=fixed)
    assert [b.kind for b in empty.boxes] == ["effect"] and [b.kind for b in empty.bones] == ["spine"]
    uncategorised = layout_fishbone("E", [], [Cause(id="c", text="t")], measure=fixed)
    assert uncategorised.box("c").category == "Other"
    # A listed "Other" takes the unknown ones; blank and repeated names are dropped.
    listed = layout_fishbone("E", ["Other", "People", " ", "People"],
                             [Cause(id="c", text="t", category="Mars")], measure=fixed)
    assert [b.id for b in listed.boxes_of_kind("category")] == ["category:Other", "category:People"]
    assert listed.box("c").category == "Other"
    with pytest.raises(KeyError):
        layout.box("nope")


def test_long_url_wraps_by_character() -> None:
    url = "https://example.com/" + "abcdefghij" * 8  # 100 characters, no space
    # 9 pt, half an em per character: 4.5 pt each; 180 - 2 * 6 = 168 pt holds 37 characters.
    assert wrap_text(url, 168, 9, fixed) == (url[:37], url[37:74], url[74:])
    layout = layout_fishbone("E", ["People"], [Cause(id="u", text=url, category="People")], measure=fixed)
    assert layout.box("u").lines == (url[:37], url[37:74], url[74:])
    assert layout.box("u").width == 37 * 4.5 + 2 * PAD_X


def test_words_wrap_at_spaces_and_keep_markup_characters() -> None:
    assert wrap_text("a<b & c>d  <script> x", 40, 10, fixed) == ("a<b &", "c>d", "<script>", "x")
    assert wrap_text("one\ntwo three", 100, 10, fixed) == ("one", "two three")
    assert wrap_text("", 100, 10, fixed) == ("",)
    assert wrap_text("数据库连接池耗尽导致服务中断", 20, 10, fixed) == ("数据库连", "接池耗尽", "导致服务", "中断")


def test_very_long_text_is_cut_with_an_ellipsis() -> None:
    text = "word " * 400  # 2,000 characters
    lines = wrap_text(text, 168, 9, fixed)
    assert len(lines) == MAX_CAUSE_LINES
    assert lines[:-1] == ("word word word word word word word",) * (MAX_CAUSE_LINES - 1)
    assert lines[-1] == "word word word word word word word" + ELLIPSIS
    assert fixed(lines[-1], 9) <= 168


def test_real_fonts_measure_every_script() -> None:
    latin = pdf_text_width("abc", 9)
    assert 10 < latin < 20
    assert pdf_text_width("数据", 9) == pytest.approx(18.0, abs=0.5)  # full-width CJK
    assert pdf_text_width("🔥", 9) > 0 and pdf_text_width("שלום", 9) > 0


# -- generated shapes, 1 to 500 causes ------------------------------------------------------------------

LONG_WORDS = ("replication", "failover", "数据库连接池耗尽导致服务中断", "مهلة الاتصال بقاعدة البيانات",
              "https://status.example.com/incidents/2024-06-28/very/long/path?with=query&and=more",
              "a<b & c>d", "0123456789abcdef" * 8)


def _flat(count: int) -> tuple[list[str], list[Cause]]:
    """Every cause top-level, round-robin over the 6M bones."""
    return list(DEFAULT_CATEGORIES), [
        Cause(id=f"f{i}", text=f"Cause {i} on its bone", category=DEFAULT_CATEGORIES[i % 6]) for i in range(count)]


def _deep(count: int) -> tuple[list[str], list[Cause]]:
    """Chains five levels deep (a top-level cause every five), on the 4S bones."""
    bones = list(CATEGORY_SETS["4S"])
    causes = []
    for i in range(count):
        parent = f"d{i - 1}" if i % 5 else None
        causes.append(Cause(id=f"d{i}", text=f"Why {i % 5 + 1}: level {i % 5 + 1} of chain {i // 5}",
                            category=bones[(i // 5) % 4], parent_id=parent,
                            kind=CauseKind.ROOT_CAUSE if i % 5 == 4 else CauseKind.CONTRIBUTING_FACTOR))
    return bones, causes


def _long_texts(count: int) -> tuple[list[str], list[Cause]]:
    """300 to 2,000 characters each, with unbreakable URLs, CJK and Arabic runs; every third a sub-cause."""
    rng = random.Random(count)
    causes = []
    for i in range(count):
        words = [rng.choice(LONG_WORDS) for _ in range(rng.randint(20, 120))]
        text = " ".join(words)[: rng.randint(300, 2000)]
        parent = f"l{i - 1}" if i % 3 == 2 else None
        causes.append(Cause(id=f"l{i}", text=text, category=DEFAULT_CATEGORIES[i % 6], parent_id=parent))
    return list(DEFAULT_CATEGORIES), causes


def _empty_categories(count: int) -> tuple[list[str], list[Cause]]:
    """The 8P bones plus two custom ones; every cause on "Process" or "People", six bones left empty."""
    bones = list(CATEGORY_SETS["8P"]) + ["Vendors", "Empty custom bone with a long name that wraps"]
    causes = [Cause(id=f"e{i}", text=f"Only two bones hold causes ({i})", category=("Process", "People")[i % 2],
                    parent_id=f"e{i - 2}" if i % 4 >= 2 else None) for i in range(count)]
    return bones, causes


SHAPES = {"flat": _flat, "deep": _deep, "long texts": _long_texts, "empty categories": _empty_categories}


@pytest.mark.parametrize("count", [1, 2, 7, 50, 200, 500])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_generated_shapes_never_overlap_and_stay_inside(shape: str, count: int) -> None:
    bones, causes = SHAPES[shape](count)
    unaddressed = frozenset(c.id for c in causes if c.kind is CauseKind.ROOT_CAUSE)
    layout = layout_fishbone("Checkout API returned 502s for 27 minutes", bones, causes, unaddressed=unaddressed)
    check_invariants(layout, causes, pdf_text_width, unaddressed)
    assert len(layout.boxes_of_kind("cause")) == count
    for name in bones:  # every bone drawn, with or without causes
        assert layout.box(category_id(name)).kind == "category"
        assert len(layout.bones_of(category_id(name))) == 1
    assert "category:Other" not in {b.id for b in layout.boxes}
    depths = {c.id: layout.box(c.id).depth for c in causes}
    by_id = {c.id: c for c in causes}
    for cause in causes:  # a sub-cause is indented one step from its parent, below it, on its bone
        if cause.parent_id is not None:
            child, parent = layout.box(cause.id), layout.box(cause.parent_id)
            assert depths[cause.id] == depths[cause.parent_id] + 1
            assert child.x == pytest.approx(parent.x + INDENT) and child.category == parent.category
            assert child.y >= parent.bottom + ROW_GAP
        else:
            assert layout.box(cause.id).category == by_id[cause.id].category
    if shape == "deep" and count >= 5:
        assert max(depths.values()) == 5
    if shape == "long texts":
        assert all(len(layout.box(c.id).lines) <= MAX_CAUSE_LINES for c in causes)
        assert all(layout.box(c.id).width <= 180 for c in causes)
        if count >= 7:
            assert any(layout.box(c.id).lines[-1].endswith(ELLIPSIS) for c in causes)
    if shape == "empty categories":
        holding = {layout.box(c.id).category for c in causes}
        assert holding == ({"Process", "People"} if count > 1 else {"Process"})


def test_postmortem_layout_is_the_diagram_of_a_postmortem_and_can_leave_blank_causes_out() -> None:
    from desktop_app.domain.models import ActionItem, Postmortem
    from desktop_app.formats.fishbone_postmortem import EFFECT_PLACEHOLDER, effect_text, postmortem_layout

    pm = Postmortem(title="Checkout errors", causes=[
        Cause(id="top", text="  ", category="Process"),  # blank, with a sub-cause
        Cause(id="kid", text="Canary optional", parent_id="top", category=""),
        Cause(id="r", text="Pool too small", category="Technology", kind=CauseKind.ROOT_CAUSE),
        Cause(id="mid", text="", parent_id="r"),  # blank between a cause and its grandchild
        Cause(id="leaf", text="Sized for 2019 traffic", parent_id="mid"),
        Cause(id="r2", text="No load test", category="Process", kind=CauseKind.ROOT_CAUSE),
    ], action_items=[ActionItem(title="Load test monthly", cause_ids=["r2"])])
    assert effect_text(pm) == "Checkout errors"
    assert effect_text(Postmortem(title=" ")) == EFFECT_PLACEHOLDER
    assert effect_text(pm.model_copy(update={"fishbone_effect": "EU 502s"})) == "EU 502s"
    shown = postmortem_layout(pm)
    assert shown == layout_fishbone("Checkout errors", pm.fishbone_categories, pm.causes, unaddressed={"r"})
    assert {b.id for b in shown.boxes_of_kind("cause")} == {"top", "kid", "r", "mid", "leaf", "r2"}
    assert [t.label for t in shown.box("r").tags] == [ROOT_TAG, NO_ACTION_TAG]
    assert [t.label for t in shown.box("r2").tags] == [ROOT_TAG]
    report = postmortem_layout(pm, skip_blank=True)
    assert [b.id for b in report.boxes_of_kind("cause")] == ["kid", "r2", "r", "leaf"]
    assert (report.box("kid").depth, report.box("kid").category) == (1, "Process")
    assert (report.box("leaf").depth, report.box("leaf").x) == (2, report.box("r").x + INDENT)
    assert pm.causes[1].parent_id == "top"  # the postmortem itself is untouched


def test_right_to_left_lines_are_set_flush_right() -> None:
    from desktop_app.formats.fishbone_layout import right_to_left

    assert right_to_left("مهلة الاتصال") and right_to_left("«שלום» world") and right_to_left("42 שלום")
    assert not right_to_left("world שלום") and not right_to_left("数据库") and not right_to_left("123 …")
    arabic = "مهلة الاتصال بقاعدة البيانات قصيرة جدا بعد التحديث الأخير للنظام"
    causes = [Cause(id="ar", text=arabic, category="People"),
              Cause(id="mixed", text="The on-call handbook\nשלום עולם", category="People"),
              Cause(id="en", text="Plain English cause text", category="People")]
    layout = layout_fishbone("مشكلة", ["People"], causes, measure=fixed)
    check_invariants(layout, causes, fixed)
    ar, mixed, en = (layout.box(i) for i in ("ar", "mixed", "en"))
    assert len(ar.lines) == 2
    for index, line in enumerate(ar.lines):  # each line ends at the right padding
        assert ar.text_origin(index)[0] + fixed(line, ar.font_size) == pytest.approx(ar.right - PAD_X)
    assert ar.line_offsets[1] > 0
    assert mixed.lines == ("The on-call handbook", "שלום עולם")
    assert mixed.line_offsets == (0.0, fixed("The on-call handbook", 9) - fixed("שלום עולם", 9))
    assert en.line_offsets == () and en.text_origin(0)[0] == en.x + PAD_X
    assert layout.box("effect").line_offsets == (0.0,)  # one line: flush right is flush left


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("JavaScript threw `TypeError: x is not a function`", "JavaScript threw TypeError: x is not a function"),
        ("**Retry amplification**: no [circuit breaker](https://example.com/cb_(x))",
         "Retry amplification: no circuit breaker"),
        ("__bold__, *em*, _em_, ***both***, **_mixed_**, ~~gone~~", "bold, em, em, both, mixed, gone"),
        ("see <https://example.com/a> and ![graph](g.png)", "see https://example.com/a and graph"),
        ("`a_b_c` and `**kept**` stay code", "a_b_c and **kept** stay code"),
        ("``code with ` tick``", "code with ` tick"),
        ("snake_case_name, 2*3*4, a * b * c, file_name.py", "snake_case_name, 2*3*4, a * b * c, file_name.py"),
        ("a<b & c>d [not a link] (x)", "a<b & c>d [not a link] (x)"),
        ("unclosed `tick and **star", "unclosed `tick and **star"),
        ("", ""),
    ],
)
def test_display_text_drops_inline_markdown(text: str, shown: str) -> None:
    assert display_text(text) == shown


def test_boxes_show_cause_text_without_markdown_and_the_cause_keeps_it() -> None:
    cause = Cause(id="c", text="**Bold** `code` [link](https://x.example)", category="People")
    layout = layout_fishbone("E", ["People"], [cause], measure=fixed)
    assert layout.box("c").lines == ("Bold code link",)
    assert layout.box("c").width == len("Bold code link") * 4.5 + 2 * PAD_X
    assert cause.text == "**Bold** `code` [link](https://x.example)"
