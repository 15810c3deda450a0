"""Reading an e-mail address as typed for a stakeholder, with a plain message for what is not one.
Pure: no Qt. The .ics invitation invites exactly the addresses this accepts.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[^\s@<>\"',;:]+@[^\s@<>\"',;:]+\.[^\s@<>\"',;:]+")
"""``name@example.com``: one ``@``, a dot in the domain, no spaces, quotes, brackets or separators."""

EXAMPLE = "Type it like dana@example.com, or leave it empty."


def parse_email(text: str) -> str:
    """The address in ``text`` (trimmed; ``""`` for none), or ``ValueError`` naming what is wrong:
    ``“dana at example.com” is not an e-mail address: it has no “@”. Type it like …``."""
    value = text.strip()
    if not value or EMAIL.fullmatch(value):
        return value
    shown = value if len(value) <= 60 else value[:59] + "…"
    if "@" not in value:
        why = "it has no “@”"
    elif any(c.isspace() for c in value):
        why = "it has a space in it"
    elif value.count("@") > 1:
        why = "it has more than one “@”"
    elif re.search(r"[<>\"',;:]", value):
        why = "it has a character an address cannot have (< > \" ' , ; :)"
    elif value.startswith("@"):
        why = "there is no name before the “@”"
    else:
        why = "the part after the “@” is not a domain like example.com"
    raise ValueError(f"“{shown}” is not an e-mail address: {why}. {EXAMPLE}")
