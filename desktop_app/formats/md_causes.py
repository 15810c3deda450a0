"""Fishbone causes from a parsed Markdown postmortem.

Causes come from lists, never from prose:

* each top-level item of a list (bulleted or numbered) in a section whose
  heading names root causes (``Root cause``, ``Causes``, ``Analysis`` ...)
  becomes a ``ROOT_CAUSE``; in a section headed ``Contributing factors``,
  ``Contributing causes``, ``Factors`` or ``Why did this happen`` a
  ``CONTRIBUTING_FACTOR``. A sub-heading that names nothing known keeps its
  parent's kind; one that names another section (``Resolution``) ends it;
* nested items become sub-causes (``parent_id``) of their item;
* a list announced as a sequence of events (a paragraph ending in ``:`` whose
  last sentence speaks of a scenario, sequence, steps or timeline) narrates
  what happened and gives no causes.

Cause text is the item's first paragraph as plain text, the way action item
titles are read (emphasis and link markup dropped, code spans kept with their
backticks), whitespace collapsed. Items longer than ``MAX_TEXT`` characters
keep their first sentence as text and the rest as the note; further
paragraphs of an item go to the note too. A leading ``Label:`` that names a
fishbone category (``Monitoring: no alert on lag``, ``Tooling: ...``) sets the
category and stays in the text. Any other top-level cause gets the bone its words name
(``guess_category``'s keyword table: ``No alert on lag`` is monitoring), read from its own text
first, then from its sub-causes'; nothing matching leaves the category empty (the "Other" bone).
Sub-causes keep an empty category: they sit on their top cause's bone.

A sub-heading that asks why the problem was not caught or detected sooner (``Why it wasn't
caught``, ``What we missed``) lists contributing factors even under a root-cause heading: those
gaps let the incident grow, they did not cause it.

Hindsight's own export writes ``- **Root cause:** text (Category) — note``
nested by indentation: the label gives the kind wherever the list is, the
trailing parenthesis the category when it names one of the fishbone
categories, and what follows `` — `` the note. The same cause often also
stands, unlabelled, in the exported narrative's own list: causes are made
unique by case-folded, whitespace-collapsed text, and a labelled one wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.cause_categories import guess_category
from desktop_app.domain.models import DEFAULT_FISHBONE_CATEGORIES, Cause, CauseKind
from desktop_app.formats.md_blocks import Block, Section, block_text
from desktop_app.formats.md_sections import classify_heading

#: items longer than this keep their first sentence as text, the rest as the note
MAX_TEXT = 500
#: what separates a cause's text (and category) from its note in Hindsight's export
NOTE_SEPARATOR = " — "

_KIND_LABEL = re.compile(r"^\s*(?P<k>root\s+causes?|contributing\s+factors?)\s*:\s*", re.I)
_CATEGORY_LABEL = re.compile(r"^\s*(?P<l>[^\W\d_][^:]{0,30}?)\s*:\s*\S")
_TRAILING_PAREN = re.compile(r"\s*\((?P<c>[^()]*)\)$")
#: words that make a category label name one of the default bones
_CATEGORY_SYNONYMS = {
    "tooling": "Technology",
    "tools": "Technology",
    "alerting": "Monitoring",
    "observability": "Monitoring",
    "third party": "Dependencies",
    "third parties": "Dependencies",
    "vendor": "Dependencies",
    "vendors": "Dependencies",
}
_NARRATION = re.compile(
    r"\b(?:scenarios?|sequences?|steps|timeline|series\s+of\s+events|order\s+of\s+events|chain\s+of\s+events)\b",
    re.I,
)
#: a sub-heading about why the problem was not noticed sooner: its items are contributing factors
_DETECTION_HEADING = re.compile(
    r"(?:\bnot|n[’']t|\bnever)\s+(?:\w+\s+)?(?:caught|detected|noticed|spotted)\b|\bdetection\b|\bmissed\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]”’]*\s+(?=\S)|(?<=[。！？])(?=\S)")
#: words before a full stop that do not end a sentence
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "no", "mr", "ms", "mrs", "dr", "st"})


@dataclass
class _Found:
    """A cause as read, whether Hindsight's label marked it, and the key it is unique by."""

    cause: Cause
    labelled: bool
    key: str


def _collapse(text: str) -> str:
    return " ".join(text.split())


def text_key(text: str) -> str:
    """``text`` compared as the importer compares cause texts: spaces collapsed, case folded."""
    return _collapse(text).casefold()


def first_sentence(text: str) -> tuple[str, str]:
    """``text`` split after its first sentence: (sentence, rest); rest is empty when there is one."""
    for m in _SENTENCE_END.finditer(text):
        head = text[: m.start()].rstrip("\"')]”’")
        word = re.search(r"(\S+)[.!?]$", head)
        if word is not None:
            stem = word.group(1).lower()
            if stem in _ABBREVIATIONS or len(stem) == 1 or stem.split(".")[-1] in _ABBREVIATIONS:
                continue  # 'e.g. ', 'J. Smith'
        rest = text[m.end():].strip()
        if rest:
            return text[: m.end()].strip(), rest
    return text.strip(), ""


class _Categories:
    """The fishbone categories a label or a parenthesis may name (case-insensitive)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.exact: dict[str, str] = {}
        for name in [*names, *DEFAULT_FISHBONE_CATEGORIES]:
            self.exact.setdefault(text_key(name), name.strip())
        self.labels = dict(self.exact)
        for word, name in _CATEGORY_SYNONYMS.items():
            self.labels.setdefault(word, name)

    def named(self, text: str) -> str | None:
        """The category ``text`` names exactly (a parenthesis in Hindsight's export)."""
        return self.exact.get(text_key(text))

    def of_label(self, text: str) -> str:
        """The category a leading ``Label:`` names, synonyms included; empty when none."""
        m = _CATEGORY_LABEL.match(text)
        if m is None:
            return ""
        return self.labels.get(text_key(m.group("l").replace("-", " ")), "")


def _split_labelled(rest: str, categories: _Categories) -> tuple[str, str, str]:
    """(text, category, note) of what follows Hindsight's ``Root cause:`` label."""
    ends = [m.start() for m in re.finditer(re.escape(NOTE_SEPARATOR), rest)] + [len(rest)]
    for end in ends:
        head = rest[:end]
        paren = _TRAILING_PAREN.search(head)
        if paren is not None:
            category = categories.named(paren.group("c"))
            if category is not None:
                note = rest[end + len(NOTE_SEPARATOR):] if end < len(rest) else ""
                return head[: paren.start()], category, note
    if NOTE_SEPARATOR in rest:
        text, note = rest.split(NOTE_SEPARATOR, 1)
        return text, "", note
    return rest, "", ""


def is_labelled_cause_list(block: Block) -> bool:
    """Whether every item of a list opens with ``Root cause:`` / ``Contributing factor:`` (Hindsight's
    own cause list): it is read into causes only, not kept in the narrative as well."""
    if block.kind != "list" or not block.items:
        return False
    for item in block.items:
        first = item[0] if item and item[0].kind == "paragraph" else None
        if first is None or not _KIND_LABEL.match(_collapse(block_text(first))):
            return False
    return True


def _announces_narration(block: Block | None) -> bool:
    """Whether a paragraph introduces a sequence of events ('Consider the scenario:')."""
    if block is None or block.kind != "paragraph" or block.inline is None:
        return False
    text = block.inline.text.strip()
    if not text.endswith(":"):
        return False
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    return bool(_NARRATION.search(last))


class _Reader:
    def __init__(self, categories: _Categories) -> None:
        self.categories = categories
        self.found: list[_Found] = []

    def list_block(self, block: Block, kind: CauseKind, parent: str | None) -> None:
        for item in block.items:
            self.item(item, kind, parent)

    def item(self, blocks: list[Block], kind: CauseKind, parent: str | None) -> None:
        first = blocks[0] if blocks and blocks[0].kind == "paragraph" else None
        raw = _collapse(block_text(first)) if first is not None else ""
        others = [b for b in blocks[1 if first is not None else 0:] if b.kind != "list"]
        notes = [t for t in (block_text(b).strip() for b in others) if t]
        cause: Cause | None = None
        label = _KIND_LABEL.match(raw)
        if label is not None:
            kind_here = CauseKind.ROOT_CAUSE if label.group("k").lower().startswith("root") \
                else CauseKind.CONTRIBUTING_FACTOR
            text, category, note = _split_labelled(raw[label.end():], self.categories)
            text, note = _collapse(text), _collapse(note)
            if text:
                cause = Cause(text=text, kind=kind_here, category=category, parent_id=parent,
                              note="\n\n".join(n for n in (note, *notes) if n))
        elif raw:
            text, rest = (first_sentence(raw) if len(raw) > MAX_TEXT else (raw, ""))
            cause = Cause(text=text, kind=kind, category=self.categories.of_label(text), parent_id=parent,
                          note="\n\n".join(n for n in (rest, *notes) if n))
        if cause is not None:
            self.found.append(_Found(cause, label is not None, text_key(cause.text)))
        below = cause.id if cause is not None else parent
        for b in blocks:
            if b.kind == "list":
                self.list_block(b, cause.kind if cause is not None else kind, below)

    def section(self, section: Section, kind: CauseKind | None) -> None:
        previous: Block | None = None
        for block in section.blocks:
            if block.kind == "list" and kind is not None and not _announces_narration(previous):
                self.list_block(block, kind, None)
            previous = block


def _section_kind(section: Section, inherited: CauseKind | None) -> CauseKind | None:
    kind = classify_heading(section.title)
    if kind == "root_cause":
        return CauseKind.ROOT_CAUSE
    if kind == "contributing_factors":
        return CauseKind.CONTRIBUTING_FACTOR
    if kind is None and inherited is CauseKind.ROOT_CAUSE and _DETECTION_HEADING.search(section.title):
        return CauseKind.CONTRIBUTING_FACTOR
    return inherited if kind is None else None


def _unique(found: list[_Found]) -> list[Cause]:
    """Causes unique by key, in document order; a labelled cause wins over unlabelled ones."""
    keep: dict[str, _Found] = {}
    for f in found:
        kept = keep.get(f.key)
        if kept is None or (f.labelled and not kept.labelled):
            keep[f.key] = f
    replaced = {f.cause.id: keep[f.key].cause.id for f in found if keep[f.key] is not f}
    causes = [f.cause for f in found if keep[f.key] is f]
    ids = {c.id for c in causes}
    for c in causes:
        parent = c.parent_id
        seen: set[str] = set()
        while parent is not None and parent not in ids and parent not in seen:
            seen.add(parent)
            parent = replaced.get(parent)
        c.parent_id = parent if parent in ids and parent != c.id else None
    by_id = {c.id: c for c in causes}
    for c in causes:  # a parent chain that comes back to itself (merged duplicates): cut it
        seen = {c.id}
        parent = c.parent_id
        while parent is not None:
            if parent in seen:
                c.parent_id = None
                break
            seen.add(parent)
            parent = by_id[parent].parent_id
    return causes


def collect_causes(root: Section, *, title_section: Section | None = None,
                   categories: Iterable[str] = DEFAULT_FISHBONE_CATEGORIES) -> list[Cause]:
    """Every cause the document lists, in document order (see the module docstring).

    ``title_section`` is the section of the document's title: its heading is the
    incident's name, never a cause heading.
    """
    reader = _Reader(_Categories(categories))

    def visit(section: Section, inherited: CauseKind | None) -> None:
        kind = None if section is root or section is title_section else _section_kind(section, inherited)
        reader.section(section, kind)
        for child in section.children:
            visit(child, kind)

    visit(root, None)
    causes = _unique(reader.found)
    labelled = {f.cause.id for f in reader.found if f.labelled}
    _guess_categories(causes, labelled, list(categories))
    return causes


def _guess_categories(causes: list[Cause], labelled: set[str], categories: list[str]) -> None:
    """Give each unlabelled top-level cause with no category the bone its words (or its sub-causes')
    name; Hindsight's own labelled causes keep what their export said."""
    children: dict[str, list[Cause]] = {}
    for cause in causes:
        if cause.parent_id is not None:
            children.setdefault(cause.parent_id, []).append(cause)
    for cause in causes:
        if cause.parent_id is not None or cause.category or cause.id in labelled:
            continue
        guess = guess_category(cause.text, categories)
        if not guess:
            below: list[str] = []
            stack = list(reversed(children.get(cause.id, [])))
            while stack:
                child = stack.pop()
                below.append(child.text)
                stack.extend(reversed(children.get(child.id, [])))
            guess = guess_category(" · ".join(below), categories) if below else ""
        cause.category = guess


__all__ = ["MAX_TEXT", "NOTE_SEPARATOR", "collect_causes", "first_sentence", "is_labelled_cause_list"]
