"""Pydantic validation errors of a JSON import, told in the user's terms.

``('timeline', 2, 'occurred_at')`` with pydantic's "Input should be a valid
datetime or date, day value is outside expected range" becomes "timeline event
3, occurred_at: '2024-02-30T10:00:00Z' is not a real date (February has no
30th)"; an extra key becomes "unknown field 'colour' (this file may come from
a newer Hindsight)".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic_core import ErrorDetails

from desktop_app.formats.timestamps import calendar_problem

#: How many problems one import failure lists before "and N more".
MAX_LISTED = 5

#: What one element of each list field is called.
_ITEM_NOUNS = {
    "timeline": "timeline event",
    "action_items": "action item",
    "causes": "cause",
    "evidence": "evidence item",
    "stakeholders": "stakeholder",
    "why_chains": "5 Whys chain",
    "whys": "why",
    "parking_lot": "parking-lot item",
    "extra_sections": "extra section",
    "dismissals": "dismissal",
    "tags": "tag",
    "open_questions": "open question",
    "fishbone_categories": "fishbone category",
    "affected_services": "affected service",
    "affected_regions": "affected region",
    "cause_ids": "cause id",
}
_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "an object with fields",
    "dict_type": "an object with fields",
    "model_attributes_type": "an object with fields",
}
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2}))?)?"
)
_PREFIXES = ("Value error, ", "Assertion failed, ")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where (in user terms), what, and the line (where known)."""

    line: int | None
    where: str
    what: str

    def text(self, *, with_line: bool = True) -> str:
        """``line 12, timeline event 3, occurred_at: …`` (``line 4: …`` for the document itself)."""
        head = f"line {self.line}" if with_line and self.line is not None else ""
        if head and self.where:
            return f"{head}, {self.where}: {self.what}"
        if head or self.where:
            return f"{head or self.where}: {self.what}"
        return self.what


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('timeline', 2, 'occurred_at')`` as ``timeline event 3, occurred_at``."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            name = str(loc[i - 1]) if i else ""
            noun = _ITEM_NOUNS.get(name, f"{name} item" if name else "item")
            if parts and i and parts[-1] == name:
                parts.pop()
            parts.append(f"{noun} {part + 1}")
        else:
            parts.append(str(part))
    return ", ".join(parts)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value if len(value) <= 60 else value[:59] + '…'}'"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _date_problem(value: Any, *, with_time: bool) -> str:
    """What is wrong with a date (and time) that pydantic refused."""
    example = "2024-03-01T10:00:00Z" if with_time else "2024-03-01"
    if not isinstance(value, str):
        return f"should be a date written as text such as '{example}', not {_json_kind(value)}"
    m = _ISO.match(value)
    if m is not None:
        why = calendar_problem(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if why:
            return f"{_shown(value)} is not a real date ({why})"
        if m.group("H") is not None:
            hour, minute, second = int(m.group("H")), int(m.group("M")), int(m.group("S") or 0)
            why = (f"there is no hour {hour}" if hour > 23 else f"there is no minute {minute}" if minute > 59
                   else f"there is no second {second}" if second > 59 else "")
            if why:
                return f"{_shown(value)} is not a real time ({why})"
    what = "a date and time" if with_time else "a date"
    return f"{_shown(value)} is not {what} Hindsight can read (write it as {example})"


def describe_error(error: ErrorDetails, line: int | None) -> Problem:
    """One pydantic error as a ``Problem`` in plain words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden" and loc:
        return Problem(line, field_path(loc[:-1]),
                       f"unknown field '{loc[-1]}' (this file may come from a newer Hindsight)")
    where = field_path(loc)
    if kind == "missing":
        return Problem(line, where, "missing (it is required)")
    if kind.startswith(("datetime_", "date_")):
        return Problem(line, where, _date_problem(value, with_time=kind.startswith("datetime")))
    if kind in ("enum", "literal_error"):
        expected = (error.get("ctx") or {}).get("expected", "")
        return Problem(line, where, f"{_shown(value)} is not one of {expected}" if expected
                       else f"{_shown(value)} is not an allowed value")
    if kind in _TYPE_WORDS:
        return Problem(line, where, f"should be {_TYPE_WORDS[kind]}, not {_json_kind(value)}")
    message = error["msg"]
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return Problem(line, where, message)


__all__ = ["MAX_LISTED", "Problem", "describe_error", "field_path"]
