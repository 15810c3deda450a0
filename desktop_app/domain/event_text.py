"""What a timeline event's description says once its actor stands in a column of its own.

Chat and log timelines start each line with who wrote it ("`@nova` First report of …",
"**Ana:** rolled back"). The importer keeps the line whole (it is the source's text) and
also reads the actor; a table that shows both columns would say the name twice. For display
only, ``without_leading_actor`` drops that leading name, with its code or bold marks and a
colon or dash after it, when the rest still says something.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WRAPS = ("`", "**", "__", "*", "_")
_SEPARATOR = r"\s*[:\-–—]\s+"


@lru_cache(maxsize=512)
def _mention(name: str) -> re.Pattern[str]:
    """The marked shapes of a leading mention of ``name`` (compiled once per actor: tables ask per cell)."""
    bare = re.escape(name) + r"(?![\w@])"
    shapes = [re.escape(w) + re.escape(name) + r":?" + re.escape(w) + r"(?:\s*[:\-–—])?\s+" for w in _WRAPS]
    shapes.append(bare + _SEPARATOR)
    if name.startswith("@"):
        shapes.append(bare + r"\s+")
    return re.compile("|".join(f"(?:{shape})" for shape in shapes), re.IGNORECASE)


def without_leading_actor(description: str, actor: str) -> str:
    """``description`` without a leading mention of ``actor`` ("`@nova` First report" → "First
    report"); unchanged when it does not start with the actor or nothing would be left.

    Only a mention that is marked as one is dropped: in code or bold marks, followed by a colon
    or a dash ("Ana: rolled back"), or a @handle. "Ana Ruiz restarted the pod" is a sentence and
    stays whole."""
    name = actor.strip()
    if not name or not description.strip():
        return description
    text = description.lstrip()
    match = _mention(name).match(text)
    if match is not None and text[match.end():].strip():
        return text[match.end():]
    return description
