"""WCAG contrast between two colours: relative luminance and contrast ratio (pure, no Qt)."""

from __future__ import annotations

AAA_BODY = 7.0
"""The ratio body text must reach in presentation mode (WCAG AAA for normal text)."""


def parse_hex(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` (or ``rrggbb``) as an (r, g, b) triple of 0..255."""
    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour: 0 (black) .. 1 (white)."""
    r, g, b = parse_hex(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours: 1 .. 21, order does not matter."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
