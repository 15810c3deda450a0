"""The fishbone (Ishikawa) diagram laid out as positioned boxes and bones, shared by the canvas and the PDF.

Pure Python: the Qt canvas and the reportlab drawing both call ``layout_fishbone`` and
paint what it returns, so the screen and the PDF show the same diagram. Coordinates are
points with the origin at the top left and y growing down.

The look is the classic one. The effect box sits at the right end of a horizontal spine.
Category bones alternate above and below the spine (first category above, second below,
the pair meeting the spine at the same point) and slant toward the head; their labels
line up in a band at the top and at the bottom. Each top-level cause is a box with a short
horizontal bone to its category bone; the boxes are stacked from the label toward the
spine in input order, and the boxes of one cause's tree share a left edge so the tree
reads as an outline: sub-causes sit in the rows below their parent, indented one step per
level, joined to it by an elbow line. Between two neighbouring category bones the boxes
follow the slant, so the diagram stays compact however many causes a bone has.

A root cause carries a "ROOT CAUSE" tag, and a cause named in ``unaddressed`` a "NO ACTION
ITEM" tag: small pills in a tag row at the top inside the box, above the text. The layout
places them (``Box.tags``) and makes the box tall and wide enough for them, so every drawing
(canvas, PDF, SVG) shows them at the same place and nothing reaches outside the box.

Cause text is drawn without its inline Markdown (``display_text``: code backticks, bold and
italic markers, link targets dropped); the stored text keeps them. A box shows at most
``MAX_CAUSE_LINES`` lines, so only the start of a long text is read (a 10 MB cause text is
laid out in a millisecond, not in three seconds).

No two boxes overlap and every box, tags included, lies inside ``[0, width] x [0, height]``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from desktop_app.domain.models import Cause, CauseKind
from desktop_app.formats.text_direction import starts_right_to_left as right_to_left

TextMeasure = Callable[[str, float], float]
"""``(text, font_size) -> width in points`` of one line of text."""

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "People",
    "Process",
    "Technology",
    "Environment",
    "Monitoring",
    "Dependencies",
)
CATEGORY_SETS: dict[str, tuple[str, ...]] = {
    "6M": DEFAULT_CATEGORIES,
    "4S": ("Surroundings", "Suppliers", "Systems", "Skills"),
    "8P": (
        "Product",
        "Policies",
        "Place",
        "Procedures",
        "People",
        "Process",
        "Physical infrastructure",
        "Performance",
    ),
}
OTHER_CATEGORY = "Other"
EFFECT_ID = "effect"
CATEGORY_PREFIX = "category:"
ELLIPSIS = "…"

# Type sizes and box padding; the canvas uses the same numbers through the helpers below.
EFFECT_FONT_SIZE = 12.0
CATEGORY_FONT_SIZE = 10.0
CAUSE_FONT_SIZE = 9.0
LINE_SPACING = 1.25  # line height as a multiple of the font size
BASELINE = 0.95  # a line's baseline below its top, as a multiple of the font size
PAD_X = 6.0
PAD_Y = 4.0

EFFECT_MAX_WIDTH = 200.0
CATEGORY_MAX_WIDTH = 150.0
MAX_CAUSE_LINES = 6
MAX_CATEGORY_LINES = 2
MAX_EFFECT_LINES = 8
MIN_BOX_WIDTH = 28.0

MARGIN = 16.0
ROW_GAP = 6.0  # between two stacked cause boxes
INDENT = 16.0  # one level of sub-cause
COL_GAP = 10.0  # from the previous category bone to a box's left edge
BONE_GAP = 14.0  # the shortest horizontal bone from a top-level cause to its category bone
LABEL_GAP = 16.0  # between two category labels in the same band
LABEL_ROW_GAP = 10.0  # between a category label and the nearest cause box
SPINE_CLEAR = 14.0  # between the spine and the nearest cause box
MIN_HALF_HEIGHT = 36.0  # the rows' part of a category bone when no bone has causes
MIN_COLUMN_WIDTH = 48.0
EFFECT_GAP = 24.0  # the spine between the last category bone and the effect box
SLANT = 0.4  # horizontal run of a category bone per point of vertical rise

# Tags (pills in a row at the top inside a cause box).
ROOT_TAG = "ROOT CAUSE"
NO_ACTION_TAG = "NO ACTION ITEM"
TAG_FONT_SIZE = 6.5
TAG_HEIGHT = 10.0
TAG_PAD_X = 4.0  # text to the pill's ends
TAG_GAP = 4.0  # between two tags in the row
TAG_ROW_GAP = 2.0  # between the tag row and the first line of text
TAG_BOLD = 1.15
"""Tags are set in bold; bold runs at most this much wider than the regular face the layout measures."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>", re.I)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")


@dataclass(frozen=True)
class Tag:
    """A small pill inside a cause box (absolute position): ``ROOT_TAG`` (filled) or ``NO_ACTION_TAG``."""

    label: str
    x: float
    y: float
    width: float
    height: float
    filled: bool

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


@dataclass(frozen=True)
class Box:
    """One text box of the diagram: the effect, a category label or a cause.

    ``id`` is the cause id, ``"effect"`` for the head, ``"category:<name>"`` for a label.
    ``depth`` is 0 for the effect and the labels, 1 for top-level causes, 2 for their
    sub-causes and so on; ``category`` is the bone the box belongs to (``""`` for the effect).
    ``tags`` are the pills of the tag row, inside the box above the text. Lines read left to right
    start at the left padding; a line whose first strong letter is Hebrew or Arabic ends at the
    right padding (``line_offsets``).
    """

    id: str
    kind: Literal["effect", "category", "cause"]
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    font_size: float
    depth: int
    category: str
    is_root_cause: bool = False
    has_note: bool = False
    tags: tuple[Tag, ...] = ()
    line_offsets: tuple[float, ...] = ()
    """Per line, how far right of the padding it starts: a right-to-left line is set flush right."""

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def line_height(self) -> float:
        return self.font_size * LINE_SPACING

    @property
    def tag_band(self) -> float:
        """The height the tag row takes above the text (0 without tags)."""
        return TAG_HEIGHT + TAG_ROW_GAP if self.tags else 0.0

    def text_origin(self, index: int) -> tuple[float, float]:
        """Left end of line ``index``'s baseline (top-left origin, y down)."""
        offset = self.line_offsets[index] if index < len(self.line_offsets) else 0.0
        return (
            self.x + PAD_X + offset,
            self.y + PAD_Y + self.tag_band + index * self.line_height
            + (self.line_height - self.font_size) / 2 + self.font_size * BASELINE,
        )


@dataclass(frozen=True)
class Bone:
    """A straight line of the diagram: the spine, a category bone or a piece of a cause's branch."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: Literal["spine", "category", "cause"]
    owner_id: str


@dataclass(frozen=True)
class FishboneLayout:
    """Everything to paint: the size, the boxes (effect, labels, causes) and the bones."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    bones: tuple[Bone, ...]
    _index: dict[str, Box] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update((box.id, box) for box in self.boxes)

    def box(self, box_id: str) -> Box:
        """The box with this id; ``KeyError`` if there is none."""
        return self._index[box_id]

    def boxes_of_kind(self, kind: str) -> tuple[Box, ...]:
        """The boxes of one kind (``"effect"``, ``"category"`` or ``"cause"``), in drawing order."""
        return tuple(box for box in self.boxes if box.kind == kind)

    def bones_of(self, owner_id: str) -> tuple[Bone, ...]:
        """The bones owned by one box id (a cause's branch, a category bone, the spine)."""
        return tuple(bone for bone in self.bones if bone.owner_id == owner_id)


def category_id(name: str) -> str:
    """The box id of a category label."""
    return f"{CATEGORY_PREFIX}{name}"


# --- text -------------------------------------------------------------------------------------------


class _Widths:
    """Memoised text widths for one layout run."""

    def __init__(self, measure: TextMeasure) -> None:
        self._measure = measure
        self._cache: dict[tuple[str, float], float] = {}

    def __call__(self, text: str, size: float) -> float:
        key = (text, size)
        width = self._cache.get(key)
        if width is None:
            width = self._cache[key] = float(self._measure(text, size))
        return width


def clean_text(text: str) -> str:
    """Unified newlines, tabs as spaces, control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


@lru_cache(maxsize=8192)
def display_text(text: str) -> str:
    """``text`` as a diagram shows it: inline Markdown dropped, the words kept.

    ```code``` loses its backticks, ``**bold**``, ``__bold__``, ``*em*``, ``_em_`` and ``~~struck~~``
    their markers, ``[text](url)`` and ``![alt](url)`` become their text, ``<https://…>`` its address.
    Markers inside a code span stay (``a_b_c`` in backticks is code, not emphasis), and so do
    underscores and stars inside a word (``snake_case_name``, ``2*3*4``).
    """
    if not any(mark in text for mark in "`*_[~<"):
        return text
    pieces: list[str] = []
    start = 0
    for m in _CODE_SPAN.finditer(text):
        pieces.append(_plain_inline(text[start:m.start()]))
        code = m.group(2)
        pieces.append(code.strip() if code.strip() else code)
        start = m.end()
    pieces.append(_plain_inline(text[start:]))
    return "".join(pieces)


def _plain_inline(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    for _ in range(3):  # nested markers: ***both***, **_mixed_**
        before = text
        text = _STRONG.sub(lambda m: m.group(2), text)
        text = _STRIKE.sub(lambda m: m.group(1), text)
        text = _EM_STAR.sub(lambda m: m.group(1), text)
        text = _EM_UNDERSCORE.sub(lambda m: m.group(1), text)
        if text == before:
            break
    return text


def wrap_text(
    text: str, max_width: float, font_size: float, measure: TextMeasure, *, max_lines: int = MAX_CAUSE_LINES
) -> tuple[str, ...]:
    """``text`` wrapped into lines no wider than ``max_width``.

    Lines break at spaces and at the text's own newlines; a word wider than a line (a
    URL, a hash, a CJK run without spaces) is broken between characters. Text that
    needs more than ``max_lines`` lines is cut and its last line ends in ``…``.

    A long text (a pasted 10 MB log) is wrapped from its start only (``WRAP_PREFIX``
    characters, more when they fill fewer lines than shown): the lines are the same.
    """
    width = measure if isinstance(measure, _Widths) else _Widths(measure)
    return _finished(_wrapped(text, max_width, font_size, width, max_lines, lambda part: part),
                     max_width, font_size, width, max_lines)


WRAP_PREFIX = 4096
"""How much of a long text is wrapped first; eight times more while that fills no more lines than shown."""


def _wrapped(text: str, max_width: float, font_size: float, width: _Widths, max_lines: int,
             shown: Callable[[str], str]) -> list[str]:
    """The lines of ``shown(text)``, up to one more than ``max_lines``, from as short a start of
    ``text`` as gives them: a start cut after a line break (inline Markdown stays within a line)
    that fills more than ``max_lines`` lines gives the very lines the whole text would."""
    size = WRAP_PREFIX
    while len(text) > size:
        cut = text.rfind("\n", size // 2, size)
        start = text[: cut + 1 if cut >= 0 else size]
        lines = _wrap_lines(shown(start), max_width, font_size, width, max_lines)
        if len(lines) > max_lines:
            return lines
        size *= 8
    return _wrap_lines(shown(text), max_width, font_size, width, max_lines)


def _finished(lines: list[str], max_width: float, font_size: float, width: _Widths,
              max_lines: int) -> tuple[str, ...]:
    """At most ``max_lines`` lines, the last ending in ``…`` when there were more."""
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], max_width, font_size, width)
    return tuple(lines) if lines else ("",)


def _wrap_lines(text: str, max_width: float, font_size: float, width: _Widths, max_lines: int) -> list[str]:
    """The lines of ``text``, up to ``max_lines`` + 1 (one more than allowed tells that it was cut)."""
    space = width(" ", font_size)
    lines: list[str] = []
    limit = max_lines + 1
    for paragraph in clean_text(text).strip().split("\n"):
        current = ""
        used = 0.0
        for word in paragraph.split():
            word_width = width(word, font_size)
            if current and used + space + word_width <= max_width:
                current += " " + word
                used += space + word_width
                continue
            if current:
                lines.append(current)
                if len(lines) >= limit:
                    break
            if word_width <= max_width:
                current, used = word, word_width
                continue
            pieces = _break_word(word, max_width, font_size, width, limit - len(lines))
            lines.extend(pieces[:-1])
            current, used = pieces[-1], width(pieces[-1], font_size)
            if len(lines) >= limit:
                break
        if len(lines) >= limit:
            break
        lines.append(current)
        if len(lines) >= limit:
            break
    return lines


def cause_lines(text: str, max_width: float, measure: TextMeasure) -> tuple[str, ...]:
    """A cause's text as its box shows it: without inline Markdown (``display_text``), wrapped at
    ``CAUSE_FONT_SIZE`` into at most ``MAX_CAUSE_LINES`` lines; only its start is read when long."""
    width = measure if isinstance(measure, _Widths) else _Widths(measure)
    lines = _wrapped(text, max_width, CAUSE_FONT_SIZE, width, MAX_CAUSE_LINES, display_text)
    return _finished(lines, max_width, CAUSE_FONT_SIZE, width, MAX_CAUSE_LINES)


def _break_word(word: str, max_width: float, font_size: float, width: TextMeasure, most: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    used = 0.0
    for index, char in enumerate(word):
        char_width = width(char, font_size)
        if index > start and used + char_width > max_width:
            pieces.append(word[start:index])
            if len(pieces) >= most:
                return pieces + [""]
            start, used = index, 0.0
        used += char_width
    pieces.append(word[start:])
    return pieces


def _with_ellipsis(line: str, max_width: float, font_size: float, width: TextMeasure) -> str:
    line = line.rstrip()
    while line and width(line + ELLIPSIS, font_size) > max_width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


# --- the cause tree -----------------------------------------------------------------------------------


@dataclass
class _Row:
    cause: Cause
    depth: int
    lines: tuple[str, ...]
    width: float
    height: float
    tags: tuple[str, ...] = ()
    x: float = 0.0
    y: float = 0.0

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2


@dataclass
class _Half:
    """One category bone: its label and its causes, grouped by top-level cause."""

    name: str
    upper: bool
    label_lines: tuple[str, ...]
    label_width: float
    label_height: float
    groups: list[list[_Row]] = field(default_factory=list)

    @property
    def rows_height(self) -> float:
        rows = [row for group in self.groups for row in group]
        return sum(row.height for row in rows) + ROW_GAP * max(0, len(rows) - 1)


def _trees(causes: Sequence[Cause]) -> tuple[list[Cause], dict[str, list[Cause]]]:
    """Top-level causes and each cause's children, in input order; bad parents made top-level."""
    by_id: dict[str, Cause] = {}
    for cause in causes:
        by_id.setdefault(cause.id, cause)
    unique = [cause for cause in causes if by_id[cause.id] is cause]
    parent: dict[str, str | None] = {}
    for cause in unique:
        pid = cause.parent_id
        parent[cause.id] = pid if pid is not None and pid in by_id and pid != cause.id else None
    done: set[str] = set()
    for cause in unique:
        path: list[str] = []
        position: dict[str, int] = {}
        current: str | None = cause.id
        while current is not None and current not in done and current not in position:
            position[current] = len(path)
            path.append(current)
            current = parent[current]
        if current is not None and current in position:  # a cycle: its members become top-level
            for member in path[position[current] :]:
                parent[member] = None
        done.update(path)
    tops: list[Cause] = []
    children: dict[str, list[Cause]] = {}
    for cause in unique:
        pid = parent[cause.id]
        if pid is None:
            tops.append(cause)
        else:
            children.setdefault(pid, []).append(cause)
    return tops, children


def _preorder(top: Cause, children: dict[str, list[Cause]]) -> list[tuple[Cause, int]]:
    order: list[tuple[Cause, int]] = []
    stack: list[tuple[Cause, int]] = [(top, 1)]
    while stack:
        cause, depth = stack.pop()
        order.append((cause, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(cause.id, [])))
    return order


# --- layout -----------------------------------------------------------------------------------------


def _box_size(lines: tuple[str, ...], font_size: float, width: TextMeasure,
              tag_widths: Sequence[float] = ()) -> tuple[float, float]:
    text_width = max(width(line, font_size) for line in lines)
    tags_width = sum(tag_widths) + TAG_GAP * max(0, len(tag_widths) - 1)
    band = TAG_HEIGHT + TAG_ROW_GAP if tag_widths else 0.0
    return (
        max(MIN_BOX_WIDTH, text_width + 2 * PAD_X, tags_width + 2 * PAD_X),
        len(lines) * font_size * LINE_SPACING + 2 * PAD_Y + band,
    )


def tag_width(label: str, measure: TextMeasure) -> float:
    """The width of a tag pill: its bold text (bounded from the regular face's width) and padding."""
    return measure(label, TAG_FONT_SIZE) * TAG_BOLD + 2 * TAG_PAD_X


def _tag_labels(cause: Cause, unaddressed: Collection[str]) -> tuple[str, ...]:
    labels = (ROOT_TAG,) if cause.kind is CauseKind.ROOT_CAUSE else ()
    return labels + ((NO_ACTION_TAG,) if cause.id in unaddressed else ())


def _place_tags(labels: tuple[str, ...], x: float, y: float, widths: dict[str, float]) -> tuple[Tag, ...]:
    tags: list[Tag] = []
    left = x + PAD_X
    for label in labels:
        tags.append(Tag(label, left, y + PAD_Y, widths[label], TAG_HEIGHT, label == ROOT_TAG))
        left += widths[label] + TAG_GAP
    return tuple(tags)


def _unique_categories(categories: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for name in categories:
        if name and name.strip() and name not in seen:
            seen.append(name)
    return seen


def layout_fishbone(
    effect: str,
    categories: Sequence[str],
    causes: Sequence[Cause],
    *,
    measure: TextMeasure | None = None,
    max_box_width: float = 180.0,
    unaddressed: Collection[str] = frozenset(),
) -> FishboneLayout:
    """Lay out a fishbone: ``effect`` at the head, one bone per category, the causes on their bones.

    A top-level cause (``parent_id`` None) sits on the bone of its ``category``; a
    sub-cause inherits its top ancestor's bone. A category that is empty or not among
    ``categories`` sends the cause to an extra "Other" bone, drawn only when it has
    causes. A ``parent_id`` naming a missing cause, or one in a cycle, makes the cause
    top-level. ``unaddressed`` names causes that get a "NO ACTION ITEM" tag (root causes no
    action item addresses). ``measure`` defaults to the metrics of the PDF fonts. The result
    depends only on the arguments.
    """
    if measure is None:
        from desktop_app.formats.fishbone_measure import pdf_text_width

        measure = pdf_text_width
    width = _Widths(measure)
    names = _unique_categories(categories)
    tops, children = _trees(causes)
    known = set(names)
    if any(top.category not in known for top in tops) and OTHER_CATEGORY not in known:
        names.append(OTHER_CATEGORY)

    halves: list[_Half] = []
    by_name: dict[str, _Half] = {}
    for index, name in enumerate(names):
        lines = wrap_text(name, CATEGORY_MAX_WIDTH - 2 * PAD_X, CATEGORY_FONT_SIZE, width,
                          max_lines=MAX_CATEGORY_LINES)
        label_width, label_height = _box_size(lines, CATEGORY_FONT_SIZE, width)
        half = _Half(name, index % 2 == 0, lines, label_width, label_height)
        halves.append(half)
        by_name[name] = half

    inner = max(MIN_BOX_WIDTH, max_box_width) - 2 * PAD_X
    tag_widths = {label: tag_width(label, width) for label in (ROOT_TAG, NO_ACTION_TAG)}
    for top in tops:
        half = by_name[top.category if top.category in known else OTHER_CATEGORY]
        group: list[_Row] = []
        for cause, depth in _preorder(top, children):
            lines = cause_lines(cause.text, inner, width)
            labels = _tag_labels(cause, unaddressed)
            box_width, box_height = _box_size(lines, CAUSE_FONT_SIZE, width, [tag_widths[t] for t in labels])
            group.append(_Row(cause, depth, lines, box_width, box_height, labels))
        half.groups.append(group)

    effect_lines = wrap_text(effect, EFFECT_MAX_WIDTH - 2 * PAD_X, EFFECT_FONT_SIZE, width,
                             max_lines=MAX_EFFECT_LINES)
    effect_width, effect_height = _box_size(effect_lines, EFFECT_FONT_SIZE, width)

    # Vertical: label band, rows, spine, rows, label band.
    upper = [half for half in halves if half.upper]
    lower = [half for half in halves if not half.upper]
    band_up = max((half.label_height for half in upper), default=0.0)
    band_down = max((half.label_height for half in lower), default=0.0)
    rows_up = max([MIN_HALF_HEIGHT] + [half.rows_height for half in upper])
    rows_down = max([MIN_HALF_HEIGHT] + [half.rows_height for half in lower])
    above_spine = band_up + LABEL_ROW_GAP + rows_up + SPINE_CLEAR
    top = MARGIN + max(0.0, effect_height / 2 - above_spine)
    label_bottom_up = top + band_up
    spine_y = top + above_spine
    label_top_down = spine_y + SPINE_CLEAR + rows_down + LABEL_ROW_GAP
    reach_up = spine_y - label_bottom_up
    reach_down = label_top_down - spine_y
    height = max(label_top_down + band_down if lower else spine_y + SPINE_CLEAR, spine_y + effect_height / 2)
    height += MARGIN

    for half in halves:
        if half.upper:
            y = label_bottom_up + LABEL_ROW_GAP
        else:
            y = label_top_down - LABEL_ROW_GAP - half.rows_height
        for group in half.groups:
            for row in group:
                row.y = y
                y += row.height + ROW_GAP

    # Horizontal: one column per pair of categories; x is relative until the final shift.
    boxes: list[Box] = []
    bones: list[Bone] = []
    previous_x = 0.0
    spine_start = 0.0
    columns = [halves[index : index + 2] for index in range(0, len(halves), 2)]
    last_labels: dict[bool, float] = {}
    for column in columns:
        need = MIN_COLUMN_WIDTH
        for half in column:
            for group in half.groups:
                group_top, group_bottom = group[0].y, group[-1].y + group[-1].height
                for row in group:
                    slant = (group_bottom - row.y) if half.upper else (row.y + row.height - group_top)
                    indent = INDENT * (row.depth - 1)
                    need = max(need, COL_GAP + indent + row.width + BONE_GAP + slant * SLANT)
            if half.upper in last_labels:
                need = max(need, last_labels[half.upper] / 2 + half.label_width / 2 + LABEL_GAP)
        hit_x = previous_x + need
        for half in column:
            last_labels[half.upper] = half.label_width
            _place_half(half, previous_x, hit_x, spine_y, label_bottom_up, label_top_down,
                        reach_up if half.upper else reach_down, boxes, bones, tag_widths)
        previous_x = hit_x

    right = max([previous_x] + [box.right for box in boxes])
    effect_x = max(right + EFFECT_GAP, spine_start + 2 * EFFECT_GAP)
    bones.append(Bone(spine_start, spine_y, effect_x, spine_y, "spine", EFFECT_ID))
    boxes.append(
        Box(EFFECT_ID, "effect", effect_x, spine_y - effect_height / 2, effect_width, effect_height,
            effect_lines, EFFECT_FONT_SIZE, 0, "")
    )

    shift = MARGIN - min(min(box.x for box in boxes), min(min(b.x1, b.x2) for b in bones))
    boxes = [_moved_box(box, shift, width) for box in boxes]
    bones = [Bone(b.x1 + shift, b.y1, b.x2 + shift, b.y2, b.kind, b.owner_id) for b in bones]
    total_width = max(box.right for box in boxes) + MARGIN
    # The effect first, then labels and causes in bone order.
    boxes.insert(0, boxes.pop())
    bones.insert(0, bones.pop())
    return FishboneLayout(total_width, height, tuple(boxes), tuple(bones))


def _moved_box(box: Box, shift: float, width: TextMeasure) -> Box:
    """``box`` moved right by ``shift``, its right-to-left lines set flush right."""
    tags = tuple(Tag(t.label, t.x + shift, t.y, t.width, t.height, t.filled) for t in box.tags)
    offsets: tuple[float, ...] = ()
    if any(right_to_left(line) for line in box.lines):
        room = box.width - 2 * PAD_X
        offsets = tuple(max(0.0, room - width(line, box.font_size)) if right_to_left(line) else 0.0
                        for line in box.lines)
    return Box(box.id, box.kind, box.x + shift, box.y, box.width, box.height, box.lines, box.font_size,
               box.depth, box.category, box.is_root_cause, box.has_note, tags, offsets)


def _place_half(
    half: _Half,
    previous_x: float,
    hit_x: float,
    spine_y: float,
    label_bottom_up: float,
    label_top_down: float,
    reach: float,
    boxes: list[Box],
    bones: list[Bone],
    tag_widths: dict[str, float],
) -> None:
    """Position one category's label, bone and cause boxes between the previous bone and its own."""
    label_center = hit_x - reach * SLANT
    label_y = label_bottom_up - half.label_height if half.upper else label_top_down
    end_y = label_bottom_up if half.upper else label_top_down
    owner = category_id(half.name)
    boxes.append(
        Box(owner, "category", label_center - half.label_width / 2, label_y, half.label_width,
            half.label_height, half.label_lines, CATEGORY_FONT_SIZE, 0, half.name)
    )
    bones.append(Bone(label_center, end_y, hit_x, spine_y, "category", owner))

    def bone_x(y: float) -> float:
        return hit_x - abs(spine_y - y) * SLANT

    def previous_bone_x(y: float) -> float:
        return previous_x - abs(spine_y - y) * SLANT

    for group in half.groups:
        near = group[-1].y + group[-1].height if half.upper else group[0].y
        anchor = previous_bone_x(near) + COL_GAP
        last_at_depth: dict[int, _Row] = {}
        for row in group:
            row.x = anchor + INDENT * (row.depth - 1)
            cause = row.cause
            middle = row.center_y
            if row.depth == 1:
                bones.append(Bone(row.x + row.width, middle, bone_x(middle), middle, "cause", cause.id))
            else:
                parent = last_at_depth[row.depth - 1]
                stem = parent.x + INDENT / 2
                bones.append(Bone(stem, parent.y + parent.height, stem, middle, "cause", cause.id))
                bones.append(Bone(stem, middle, row.x, middle, "cause", cause.id))
            last_at_depth[row.depth] = row
            boxes.append(
                Box(cause.id, "cause", row.x, row.y, row.width, row.height, row.lines, CAUSE_FONT_SIZE,
                    row.depth, half.name, cause.kind is CauseKind.ROOT_CAUSE, bool(cause.note.strip()),
                    _place_tags(row.tags, row.x, row.y, tag_widths))
            )

