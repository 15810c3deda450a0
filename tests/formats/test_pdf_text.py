"""User text into Paragraph markup: escaping, clipping, per-script fonts, right-to-left order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop_app.formats import pdf_bidi
from desktop_app.formats.pdf_fonts import CJK, SANS, SANS_BOLD, SYMBOLS, fonts
from desktop_app.formats.pdf_text import clip, escape, markup
from desktop_app.formats.resources_path import resources_dir


def test_escape_leaves_no_markup() -> None:
    assert escape("a<b & c>d &amp;") == "a&lt;b &amp; c&gt;d &amp;amp;"


def test_markup_wraps_runs_in_the_font_that_has_the_glyphs() -> None:
    assert markup("Tokyo 東京 <x>") == (
        f'<font face="{SANS}">Tokyo </font><font face="{CJK}">東京 </font>'
        f'<font face="{SANS}">&lt;x&gt;</font>'
    )
    assert markup("Москва", bold=True) == f'<font face="{SANS_BOLD}">Москва</font>'
    assert markup("東京data") == f'<font face="{CJK}">東京</font><font face="{SANS}">data</font>'


def test_markup_turns_newlines_into_breaks_and_drops_control_characters() -> None:
    assert markup("one\r\ntwo\x07\n\n\nthree") == (
        f'<font face="{SANS}">one</font><br/>'
        f'<font face="{SANS}">two</font><br/>'
        f'<font face="{SANS}">three</font>'
    )


def test_every_script_we_promise_has_a_glyph() -> None:
    font_set = fonts()
    samples = {
        "Ωμέγα": SANS,
        "Жизнь": SANS,
        "שלום": SANS,
        "سلام": SANS,
        "東京": CJK,
        "ひらがな": CJK,
        "한국어": CJK,
        "🔥✅🚀": SYMBOLS,
    }
    for text, expected in samples.items():
        for char in text:
            assert font_set.font_for(char) == expected, char
            assert ord(char) in font_set.coverage[expected]


def test_clip_cuts_at_a_word_and_counts_wide_characters_twice() -> None:
    assert clip("alpha beta gamma delta", 18) == "alpha beta gamma…"
    assert clip("alpha beta gamma delta", 13) == "alpha beta ga…"  # no word boundary near the cut
    assert clip("東京東京東京", 6) == "東京東…"
    assert clip("short", 100) == "short"


def test_clip_limits_lines() -> None:
    assert clip("a\nb\nc\nd", 1000, max_lines=2) == "a\nb c d"


def test_hebrew_is_drawn_right_to_left() -> None:
    assert pdf_bidi.visual_line("abc שלום עולם xyz") == "abc םלוע םולש xyz"
    assert pdf_bidi.visual_line("no right-to-left here") == "no right-to-left here"


def test_fallback_reverses_runs_but_keeps_numbers() -> None:
    assert pdf_bidi._fallback_visual("x שלום 2024 עולם y") == "x םלוע 2024 םולש y"


def test_resources_dir_is_beside_the_package_or_in_the_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert (resources_dir() / "fonts" / "DejaVuSans.ttf").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_pasted_images_read_as_their_alt_text() -> None:
    from desktop_app.formats.pdf_text import clean

    text = (
        'Load graph <img width="3414" alt="writer database load spike" src="https://x/y.png" />\n'
        "![outage.png](2023-04-26/outage.png) then ![](a.png) and <IMG src='b.png'>\n"
        "Not an image: a<b & [link](url) stays"
    )
    assert clean(text) == (
        "Load graph [Image: writer database load spike]\n"
        "[Image: outage.png] then [Image] and [Image]\n"
        "Not an image: a<b & [link](url) stays"
    )
