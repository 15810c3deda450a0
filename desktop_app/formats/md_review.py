"""Review material in a parsed Markdown postmortem: 5 Whys, evidence, discussion notes, open questions
and the parking lot.

These are sections of their own (Hindsight's Markdown export writes them as ``## 5 Whys``,
``## Evidence``, ``## Discussion notes``, ``## Open questions`` and ``## Parking lot``; other
documents use the same names). ``take_review_sections`` lifts them out of the section tree, so
the other readers (timeline, causes, actions, narrative) never see their text, and reads them:

* **5 Whys**: each sub-heading is a chain's problem; each item of its numbered list a step, the
  question being the item's bold lead (``1. **Why did it time out?** Locks held``) or, without
  one, the text up to the first ``?``; a ``Led to the root cause: text`` line names the cause
  the chain ends in (linked by text once the causes are read).
* **Evidence**: one list item each, ``**Kind:** title <url> (file: path) — note``; a lead that
  names no evidence kind is part of the title; a bare URL is the link.
* **Discussion notes**: the section's text (sub-sections included).
* **Open questions**: one per list item, else one per paragraph.
* **Parking lot**: one item per list item; ``[x]`` marks a resolved one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop_app.domain.models import Evidence, EvidenceKind, ParkingLotItem, WhyChain, WhyStep
from desktop_app.formats.md_blocks import Block, Section, block_text, blocks_text, section_text
from desktop_app.formats.md_sections import normalise_heading

_WHYS = re.compile(r"(?:^|\s)(?:5|five)\s+whys?(?:\s+analysis)?$", re.I)
_EVIDENCE = re.compile(r"^(?:evidence|supporting\s+evidence|evidence\s+and\s+data|data\s+and\s+evidence)$", re.I)
_DISCUSSION = re.compile(r"^(?:blameless\s+)?discussion(?:\s+notes)?$|^review\s+(?:meeting\s+)?notes$", re.I)
_QUESTIONS = re.compile(r"^open\s+questions?$|^unanswered\s+questions?$", re.I)
_PARKING = re.compile(r"^parking[\s-]+lot$", re.I)
_LED_TO = re.compile(r"^led\s+to\s+the\s+(?P<k>root\s+cause|contributing\s+factor)\s*:\s*(?P<t>.+)$", re.I)
_CHECK = re.compile(r"^\[(?P<m>[ xX])\]\s*")
_URL = re.compile(r"[a-zA-Z][\w+.-]*:[^\s<>]+")
_ANGLE_URL = re.compile(r"\s*<(?P<u>[a-zA-Z][\w+.-]*:[^\s<>]*)>")
_LINK = re.compile(r"\s*\(link:\s*(?P<u>[^()]*)\)")
_FILE = re.compile(r"\s*\(file:\s*(?P<f>[^()]*)\)")
NOTE_SEPARATOR = " — "


def review_kind(title: str) -> str | None:
    """``whys``, ``evidence``, ``discussion``, ``questions``, ``parking_lot`` or ``None``."""
    text = " ".join(normalise_heading(title).strip(" :").split())
    raw = " ".join(title.strip(" :#").split())
    if _WHYS.search(raw):
        return "whys"
    for kind, pattern in (("evidence", _EVIDENCE), ("discussion", _DISCUSSION), ("questions", _QUESTIONS),
                          ("parking_lot", _PARKING)):
        if pattern.match(text):
            return kind
    return None


@dataclass
class ReviewScan:
    """What the review sections held; ``chain_causes`` maps a chain's id to the cause text it led to."""

    why_chains: list[WhyChain] = field(default_factory=list)
    chain_causes: dict[str, str] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    discussion: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    parking_lot: list[ParkingLotItem] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _first_paragraph(item: list[Block]) -> Block | None:
    return item[0] if item and item[0].kind == "paragraph" and item[0].inline is not None else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _step(item: list[Block]) -> WhyStep:
    first = _first_paragraph(item)
    if first is None:
        return WhyStep(answer=_one_line(blocks_text(item)))
    assert first.inline is not None
    text = _one_line(first.inline.text)
    rest = [block_text(b) for b in item[1:]]
    lead = first.inline.strong_lead
    if lead is not None and text.startswith(_one_line(lead)):
        question, answer = _one_line(lead), text[len(_one_line(lead)):].strip()
    elif "?" in text:
        question, answer = text[: text.index("?") + 1].strip(), text[text.index("?") + 1:].strip()
    else:
        question, answer = "", text
    answer = "\n\n".join(t for t in (answer, *rest) if t)
    return WhyStep(question=question, answer=answer)


def _read_chain(section: Section, scan: ReviewScan) -> None:
    chain = WhyChain(problem=_one_line(section.title))
    for block in section.blocks:
        if block.kind == "list":
            chain.whys.extend(_step(item) for item in block.items)
        elif block.kind == "paragraph" and block.inline is not None:
            led = _LED_TO.match(_one_line(block.inline.text))
            if led:
                scan.chain_causes[chain.id] = led.group("t").strip()
            else:
                chain.whys.append(WhyStep(answer=block.inline.prose))
    scan.why_chains.append(chain)
    for child in section.children:
        _read_chain(child, scan)


def _evidence(item: list[Block]) -> Evidence | None:
    first = _first_paragraph(item)
    if first is None:
        text = _one_line(blocks_text(item))
        return Evidence(title=text) if text else None
    assert first.inline is not None
    text = _one_line(first.inline.text)
    kind = EvidenceKind.OTHER
    lead = first.inline.strong_lead
    if lead is not None and lead.strip().endswith(":"):
        named = lead.strip()[:-1].strip().lower().replace(" ", "_")
        if named in {k.value for k in EvidenceKind} and text.startswith(_one_line(lead)):
            kind = EvidenceKind(named)
            text = text[len(_one_line(lead)):].strip()
    note = ""
    if NOTE_SEPARATOR in text:
        text, note = text.split(NOTE_SEPARATOR, 1)
    file_path = ""
    found = _FILE.search(text)
    if found and found.end() == len(text.rstrip()):
        file_path, text = found.group("f").strip(), text[: found.start()]
    url = ""
    found = _ANGLE_URL.search(text) or _LINK.search(text)
    if found and found.end() == len(text.rstrip()):
        url, text = found.group("u").strip(), text[: found.start()]
    title = text.strip()
    if not url and _URL.fullmatch(title):
        url, title = title, ""
    if title == "(untitled)":
        title = ""
    extra = [block_text(b) for b in item[1:]]
    note = "\n\n".join(t for t in (note.strip(), *extra) if t)
    if not (title or url or file_path or note):
        return None
    return Evidence(kind=kind, title=title, url=url, file_path=file_path, note=note)


def _list_items(section: Section) -> tuple[list[list[Block]], list[Block]]:
    items: list[list[Block]] = []
    others: list[Block] = []
    for block in section.blocks:
        if block.kind == "list":
            items.extend(block.items)
        else:
            others.append(block)
    return items, others


def _read(kind: str, section: Section, scan: ReviewScan) -> None:
    if kind == "whys":
        for block in section.blocks:  # a chain written straight under the heading
            if block.kind == "list":
                scan.why_chains.append(WhyChain(whys=[_step(item) for item in block.items]))
        for child in section.children:
            _read_chain(child, scan)
        return
    if kind == "discussion":
        text = section_text(section)
        if text:
            scan.discussion.append(text)
        return
    items, others = _list_items(section)
    if kind == "evidence":
        scan.evidence.extend(e for e in (_evidence(item) for item in items) if e is not None)
        scan.evidence.extend(Evidence(title=_one_line(block_text(b))) for b in others if block_text(b).strip())
    elif kind == "questions":
        scan.questions.extend(_one_line(blocks_text(item)) for item in items if blocks_text(item).strip())
        scan.questions.extend(_one_line(block_text(b)) for b in others if block_text(b).strip())
    else:
        for item in items:
            text = _one_line(blocks_text(item))
            check = _CHECK.match(text)
            resolved = bool(check and check.group("m").lower() == "x")
            text = text[check.end():] if check else text
            if text:
                scan.parking_lot.append(ParkingLotItem(text=text, resolved=resolved))
        scan.parking_lot.extend(ParkingLotItem(text=_one_line(block_text(b))) for b in others
                                if block_text(b).strip())
    for child in section.children:  # sub-sections of a list section: their items count too
        _read(kind, child, scan)


def take_review_sections(root: Section, *, keep: Section | None = None) -> ReviewScan:
    """Remove the review sections from the tree under ``root`` and read them (see the module docstring).

    ``keep`` (the title's section) is never taken, whatever its heading says.
    """
    scan = ReviewScan()

    def visit(section: Section) -> None:
        kept: list[Section] = []
        for child in section.children:
            kind = review_kind(child.title) if child is not keep else None
            if kind is None:
                visit(child)
                kept.append(child)
            else:
                scan.sections.append(child)
                _read(kind, child, scan)
        section.children = kept

    visit(root)
    return scan


__all__ = ["ReviewScan", "review_kind", "take_review_sections"]
