"""Default file names for exports, made from a postmortem's title.

``file_stem("Outage - September / EU")`` is ``Outage-September-EU``: letters, digits and
marks of every script are kept (``障害-東京``, ``हिन्दी``), anything else between them
(spaces, punctuation, runs of hyphens) becomes one hyphen, and the ends are trimmed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

STEM_CHARS = 80


def _kept(char: str) -> bool:
    return char == "_" or unicodedata.category(char)[0] in "LMN"


def file_stem(title: str, *, fallback: str = "postmortem", limit: int = STEM_CHARS) -> str:
    """A file name stem from ``title``: words of any script joined by single hyphens, at most ``limit`` long.

    ``fallback`` when the title has no letter or digit at all.
    """
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", title):
        if _kept(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    words = [w for w in (w.strip("_") for w in words) if w]
    stem = "-".join(words)[:limit].rstrip("-_")
    while stem and unicodedata.category(stem[-1])[0] == "M" and len(stem) == limit:
        stem = stem[:-1]  # a mark cut from its letter at the limit
    return stem or fallback


__all__ = ["STEM_CHARS", "file_stem"]


def with_extension(path: Path, extension: str) -> Path:
    """``path`` ending in ``extension`` (``".pdf"``): as it is when it already does, in any case
    (``Report.PDF``), else with it added (``report`` and ``report.v2`` get ``.pdf``)."""
    return path if path.suffix.lower() == extension.lower() else path.with_name(path.name + extension)
