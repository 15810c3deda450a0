"""A cause box shows at most six lines, so the layout reads only the start of a long cause text;
the lines are exactly those the whole text gives."""

from __future__ import annotations

import random

import pytest

from desktop_app.domain.models import Cause
from desktop_app.formats import fishbone_layout
from desktop_app.formats.fishbone_layout import (
    CAUSE_FONT_SIZE,
    MAX_CAUSE_LINES,
    _finished,
    _Widths,
    _wrap_lines,
    cause_lines,
    display_text,
    layout_fishbone,
    wrap_text,
)
from desktop_app.formats.fishbone_measure import pdf_text_width

LINE = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n    charge() **bold** `code`\n'


def _whole(text: str, width: float) -> tuple[str, ...]:
    """The lines from the whole text, read to its end (the reference)."""
    measure = _Widths(pdf_text_width)
    lines = _wrap_lines(display_text(text), width, CAUSE_FONT_SIZE, measure, MAX_CAUSE_LINES)
    return _finished(lines, width, CAUSE_FONT_SIZE, measure, MAX_CAUSE_LINES)


def test_a_10_mb_cause_shows_the_same_six_lines_and_reads_only_its_start(monkeypatch) -> None:
    text = LINE * (10_000_000 // len(LINE))
    read: list[int] = []
    original = fishbone_layout._wrap_lines
    monkeypatch.setattr(fishbone_layout, "_wrap_lines", lambda t, *a: read.append(len(t)) or original(t, *a))
    layout = layout_fishbone("Effect", ["People"], [Cause(id="c", text=text, category="People")],
                             measure=pdf_text_width)
    assert layout.box("c").lines == (
        "Traceback (most recent call last):",
        'File "pay.py", line 12, in <module>',
        "charge() bold code",
        "Traceback (most recent call last):",
        'File "pay.py", line 12, in <module>',
        "charge() bold code…",
    )
    assert max(read) < 5000  # the whole 10 MB never reaches the wrapping (nor display_text)


@pytest.mark.parametrize("seed", range(40))
def test_lines_from_the_start_equal_lines_from_the_whole_text(monkeypatch, seed: int) -> None:
    monkeypatch.setattr(fishbone_layout, "WRAP_PREFIX", 64)  # short starts: every retry path runs
    rng = random.Random(seed)
    pieces = ["word", "a", "**bold**", "`co de`", "\n", "\n\n", " ", "  ", "x" * 90, "例外の発生", "iiiiiiii", "\r\n"]
    text = "".join(rng.choice(pieces) + rng.choice(("", " ")) for _ in range(rng.randint(0, 400)))
    width = rng.choice((40.0, 120.0, 168.0))
    assert cause_lines(text, width, pdf_text_width) == _whole(text, width)
    measure = _Widths(pdf_text_width)
    plain = _finished(_wrap_lines(text, width, 9.0, measure, 3), width, 9.0, measure, 3)
    assert wrap_text(text, width, 9.0, pdf_text_width, max_lines=3) == plain


def test_a_short_text_that_fills_few_lines_is_read_to_its_end() -> None:
    text = "Cache stampede" + " " * 9000 + "after the deploy"
    assert cause_lines(text, 168.0, pdf_text_width) == ("Cache stampede after the deploy",)
