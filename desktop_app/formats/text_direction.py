"""The direction a line or paragraph of text reads in, as the Unicode bidi algorithm decides it."""

from __future__ import annotations

import unicodedata


def starts_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is Hebrew or Arabic (right to left).

    Text with no strong character (digits, punctuation, CJK counts as left to right) reads left to right.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
