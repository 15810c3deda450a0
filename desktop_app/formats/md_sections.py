"""What a postmortem heading means: section names and their synonyms.

``classify_heading`` maps a heading's text to a kind: ``timeline``,
``actions``, one of the ``Narrative`` fields, ``contributing_factors``
(its text goes to the root-cause narrative, see ``narrative_field``),
``lessons`` or ``takeaways`` (known, kept as extra text), ``people`` (an
"Attendees" or "Participants" list, read into stakeholders by ``md_people``), or ``None``
(unknown). The timeline and action rules follow the corpus counting rules:
a timeline heading *starts with* "Timeline"; an action heading *names*
actions, follow-ups, corrective or preventive measures, remediation,
improvements or resulting actions.
"""

from __future__ import annotations

import re

from desktop_app.formats.md_people import is_people_heading

_LEAD = re.compile(r"^[\W\d_]*(?:(?:step|part|section)\s+\d+\W*)?", re.I)

ACTIONS = re.compile(
    r"\b(?:action(?:s|\s+items?|\s+points?|\s+plan)?|follow[\s-]?ups?|next\s+steps|corrective|"
    r"preventi?ve|preventative|remediations?|improvements?|resulting\s+actions?|to-?dos?)\b",
    re.I,
)

#: (kind, pattern); the kind whose pattern matches earliest in the heading wins.
_NARRATIVE: list[tuple[str, re.Pattern[str]]] = [
    ("summary", re.compile(r"\b(?:summary|overview|tl;?dr|abstract|synopsis)\b", re.I)),
    ("impact", re.compile(r"\b(?:impact|scope|customer\s+impact|user\s+impact)\b", re.I)),
    ("what_happened", re.compile(
        r"\b(?:what\s+happened|description|background|details|leadup|lead-up|fault|narrative|"
        r"incident\s+(?:description|details)|context)\b", re.I)),
    ("contributing_factors", re.compile(
        r"\b(?:contributing\s+(?:factors?|causes?)|factors?|why\s+did\s+(?:this|it)\s+happen)\b", re.I)),
    ("root_cause", re.compile(
        r"\b(?:root\s+causes?|causes?|how\s+did\s+this\s+happen|why\s+it\s+happened|"
        r"analysis)\b", re.I)),
    ("trigger", re.compile(r"\btrigger(?:s|ed)?\b", re.I)),
    ("resolution", re.compile(r"\b(?:resolution|recovery|mitigation|response|fix(?:es)?|restoration)\b", re.I)),
    ("detection", re.compile(r"\b(?:detection|how\s+(?:was\s+it|we)\s+detected|discovery)\b", re.I)),
    ("went_wrong", re.compile(
        r"\b(?:went\s+(?:wrong|poorly|badly)|didn.?t\s+go\s+well|did\s+not\s+go\s+well|could\s+have\s+gone\s+better|"
        r"could\s+be\s+improved|things\s+that\s+went\s+poorly)\b", re.I)),
    ("went_well", re.compile(r"\b(?:went\s+well|going\s+well|worked\s+well|go\s+right|went\s+right)\b", re.I)),
    ("got_lucky", re.compile(r"\b(?:got\s+lucky|get\s+lucky|were\s+lucky|luck)\b", re.I)),
    ("surprised_us", re.compile(r"\b(?:surprised?\s+us|surprises?)\b", re.I)),
    ("lessons", re.compile(r"\b(?:lessons?\s+learn(?:ed|t)|learnings?|takeaways?|insights?|reflections?)\b", re.I)),
]

NARRATIVE_FIELDS = (
    "summary", "what_happened", "impact", "trigger", "root_cause", "resolution", "detection",
    "went_well", "went_wrong", "got_lucky", "surprised_us",
)


#: kinds whose text is kept in a ``Narrative`` field of another name
_FIELD_OF = {"contributing_factors": "root_cause"}


def narrative_field(kind: str | None) -> str | None:
    """The ``Narrative`` field a section of ``kind`` is kept in, or ``None`` when it has none."""
    if kind is None:
        return None
    field = _FIELD_OF.get(kind, kind)
    return field if field in NARRATIVE_FIELDS else None


def normalise_heading(title: str) -> str:
    """Heading text without leading numbering, emoji or punctuation."""
    return _LEAD.sub("", title).strip()


def is_timeline_heading(title: str) -> bool:
    """Whether a heading opens the timeline (its text starts with 'Timeline')."""
    return normalise_heading(title).lower().startswith("timeline")


def classify_heading(title: str) -> str | None:
    """The kind of section a heading opens, or ``None`` when it names nothing known."""
    text = normalise_heading(title)
    if not text or text.casefold() == "document details":  # Hindsight's own kept metadata
        return None
    if is_timeline_heading(text):
        return "timeline"
    if ACTIONS.search(text):
        return "actions"
    if is_people_heading(text):
        return "people"
    best: tuple[int, str] | None = None
    for kind, pattern in _NARRATIVE:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


_PLACEHOLDER = re.compile(
    r"^\s*(?:[\[<{(]+\s*)?(?:incident\s+|issue\s+|postmortem\s+|post-mortem\s+|document\s+)?"
    r"(?:name|title|issue\s+name|incident\s+name|your\s+title|title\s+here)(?:\s*[\]>})]+)?\s*$",
    re.I,
)


def is_placeholder_title(title: str) -> bool:
    """Unfilled template text such as ``ISSUE NAME``, ``[Title]`` or ``{{ title }}``."""
    text = title.strip()
    if not text:
        return True
    if re.fullmatch(r"\{\{.*\}\}|<.*>|\[.*\]|_+|\.\.\.|TBD|TODO|XXX+", text, re.I):
        return True
    if re.fullmatch(r"title|name", text, re.I):
        return False  # a bare '# Title' is what its author called the document
    return bool(_PLACEHOLDER.match(text))


def is_section_title(title: str) -> bool:
    """Whether a would-be document title is in fact a section name (``Timeline``, ``Summary`` ...)."""
    text = normalise_heading(title).lower().rstrip(":")
    if is_timeline_heading(text):
        return True
    known = {
        "summary", "executive summary", "issue summary", "incident summary", "overview", "impact",
        "root cause", "root causes", "action items", "actions", "follow-ups", "lessons learned",
        "background", "description", "what happened", "resolution", "detection", "trigger",
    }
    return text in known
