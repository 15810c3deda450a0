"""How much text a field of a postmortem holds, and cutting text that is longer.

The window refuses a paste that would take a text field past ``MAX_FIELD_CHARS``; an import
applies the same limit (``limit_fields``), so a file cannot bring in what typing could not: a
field of millions of characters makes every edit of it slow (an 8 MB summary took 19 s to
save five typed characters). A title holds at most ``MAX_TITLE_CHARS``: it is one line in
the library, the window title and ``hindsight list``.

Text longer than its limit is cut at a line break, else between words, when one lies in the
last half of what is kept; otherwise at the limit itself (never inside a combining sequence).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

MAX_FIELD_CHARS = 1_000_000
"""A text field holds at most this many characters (a longer paste is refused, a longer import cut)."""

MAX_TITLE_CHARS = 500
"""A postmortem title holds at most this many characters (a longer imported one is cut, ending in "…")."""

ELLIPSIS = "…"

#: characters that continue the one before them (a cut never falls just before one)
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


def _clean_cut(text: str, at: int) -> int:
    """``at``, moved back so it does not split a base character from its combining marks or joiners."""
    while 0 < at < len(text) and (text[at] in _JOINERS or unicodedata.combining(text[at])
                                  or text[at - 1] in _JOINERS):
        at -= 1
    return at


def cut_text(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """The start of ``text``, at most ``limit`` characters, ending at a line break or between
    words when one is in the last half of it (trailing spaces dropped); ``text`` itself when it fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit] == "\n":
        return head.rstrip()
    floor = limit // 2
    newline = head.rfind("\n")
    if newline >= floor:
        return head[:newline].rstrip()
    space = max(head.rfind(" "), head.rfind("\t"))
    if space >= floor:
        return head[:space].rstrip()
    return head[: _clean_cut(text, limit)]


def cut_title(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, between words where it can, ending in "…"."""
    if len(text) <= limit:
        return text
    return cut_text(text, limit - len(ELLIPSIS)).rstrip(" ,;:-") + ELLIPSIS


@dataclass(frozen=True)
class Cut:
    """A field that was cut: where it is (keys and indices), what to call it, how long it was and
    how many of its characters were kept (a title's "…" is not one of them)."""

    path: tuple[str | int, ...]
    label: str
    before: int
    kept: int

    @classmethod
    def of_title(cls, before: int, title: str) -> Cut:
        """The cut of a title of ``before`` characters to ``title`` (which ends in "…")."""
        return cls(("title",), "the title", before, len(title) - len(ELLIPSIS))

    @property
    def left_out(self) -> int:
        return self.before - self.kept

    def message(self) -> str:
        """What an import says about it."""
        if self.path == ("title",):
            return (f"the title is {self.before:,} characters and a title holds at most {MAX_TITLE_CHARS:,}; "
                    f"it was cut (ending in “{ELLIPSIS}”) and {self.left_out:,} characters were left out")
        return (f"{self.label} is {self.before:,} characters and a field holds at most {MAX_FIELD_CHARS:,}; "
                f"it was cut and the last {self.left_out:,} characters were left out")


#: what one element of a list field is called in a message
_ELEMENT = {
    "tags": "tag", "affected_services": "affected service", "affected_regions": "affected region",
    "evidence": "evidence item", "stakeholders": "stakeholder", "open_questions": "open question",
    "timeline": "timeline event", "causes": "cause", "fishbone_categories": "fishbone category",
    "why_chains": "5 Whys chain", "steps": "step", "parking_lot": "parking-lot item",
    "action_items": "action item", "extra_sections": "extra section", "dismissals": "dismissal",
    "cause_ids": "cause id",
}
#: fields that sit inside a group the user never sees as such
_GROUPS = frozenset({"narrative", "restoration", "times"})
#: a top-level or narrative text field, as the window names it
_FIELD = {
    "summary": "the summary", "what_happened": "“What happened”", "impact": "“Impact”", "trigger": "“Trigger”",
    "root_cause": "“Root cause”", "resolution": "“Resolution”", "detection": "“Detection”",
    "went_well": "“What went well”", "went_wrong": "“What went wrong”", "got_lucky": "“Where we got lucky”",
    "surprised_us": "“What surprised us”", "discussion_notes": "the discussion notes",
    "fishbone_effect": "the fishbone effect", "affected_customers": "the affected customers",
}


def field_label(path: Sequence[str | int]) -> str:
    """``('timeline', 2, 'description')`` -> ``timeline event 3's description``; ``('narrative', 'summary')``
    -> ``the summary``; ``('narrative', 'what_happened')`` -> ``“What happened”``."""
    names = [part for part in path if not (isinstance(part, str) and part in _GROUPS)]
    if len(names) == 1 and isinstance(names[0], str) and names[0] in _FIELD:
        return _FIELD[names[0]]
    parts: list[str] = []
    pending = ""
    for part in path:
        if isinstance(part, int):
            parts.append(f"{_ELEMENT.get(pending, pending.replace('_', ' '))} {part + 1}")
            pending = ""
            continue
        if pending and pending not in _GROUPS:
            parts.append(pending.replace("_", " "))
        pending = part
    if pending:
        parts.append(pending.replace("_", " "))
    if len(parts) == 1:
        return parts[0] if path and isinstance(path[-1], int) else f"the {parts[0]}"
    return "'s ".join(parts[:-1]) + "'s " + parts[-1]


def limit_fields(model: BaseModel) -> list[Cut]:
    """Cut every text of ``model`` (a postmortem, in place) longer than its limit; the cuts, in field order."""
    cuts: list[Cut] = []
    _limit(model, (), cuts)
    return cuts


def _cut(path: tuple[str | int, ...], text: str, cuts: list[Cut], label: str = "") -> str:
    if path == ("title",):
        kept = cut_title(text)
        cuts.append(Cut.of_title(len(text), kept))
    else:
        kept = cut_text(text)
        cuts.append(Cut(path, label or field_label(path), len(text), len(kept)))
    return kept


def _section_label(model: BaseModel, name: str) -> str:
    """An extra section's text is named by its heading (``the text of section “Glossary”``)."""
    heading = getattr(model, "heading", None)
    if name != "body" or not isinstance(heading, str) or not heading.strip():
        return ""
    heading = " ".join(heading[:200].split())
    return f"the text of section “{heading if len(heading) <= 60 else heading[:59] + ELLIPSIS}”"


def _limit(model: BaseModel, path: tuple[str | int, ...], cuts: list[Cut]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*path, name)
        if isinstance(value, str):
            limit = MAX_TITLE_CHARS if here == ("title",) else MAX_FIELD_CHARS
            if len(value) > limit:
                setattr(model, name, _cut(here, value, cuts, _section_label(model, name)))
        elif isinstance(value, BaseModel):
            _limit(value, here, cuts)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str) and len(item) > MAX_FIELD_CHARS:
                    value[index] = _cut((*here, index), item, cuts)
                elif isinstance(item, BaseModel):
                    _limit(item, (*here, index), cuts)


__all__ = [
    "ELLIPSIS", "MAX_FIELD_CHARS", "MAX_TITLE_CHARS", "Cut", "cut_text", "cut_title", "field_label", "limit_fields",
]
