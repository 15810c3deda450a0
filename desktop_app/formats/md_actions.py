"""Action items from a parsed Markdown postmortem.

Items come from sections whose heading names actions, follow-ups, corrective
or preventive measures, remediation, improvements or resulting actions:

* each top-level list item (checklists ``[x]`` / ``✅`` mark done items);
* each table data row (title, owner, due date, status, priority, tracker
  columns found by header);
* each sub-heading that introduces one item (``#### @owner Do the thing``);
* each paragraph labelled ``Action item:`` / ``Action point:``.

When a section holds a table of actions, its own lists are taken as
explanation (types, priorities), not items; a sibling sub-section's list
still counts ("Completed" bullets beside an "In progress" table). Bullets
right after a numbered item, even unindented, elaborate it. Outside action
sections, only labelled paragraphs count, lists whose items are all labelled
``TODO:``, and lists announced by a commitment such as "Going forward, we
will do the following:". Nested bullets elaborate their item.

Owners come from an owner column, ``Owner: x``, a parenthesis opening with a
handle (``(@ann, due 2024-03-01)``) or a handle closing the title
(``Alert on CPU `@dma` [detect]``, ``... by @ann``); due dates from a due
column or ``due``/``ETA``/``by`` followed by a date. A due date that names no
calendar day (``due 2024-02-30``) keeps its text, leaves the date empty and is
reported with its line (``ActionScan.problems``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus, Priority
from desktop_app.formats.md_blocks import Block, Section, block_text, blocks_text
from desktop_app.formats.md_sections import classify_heading
from desktop_app.formats.timestamps import find_dates, impossible_date

_LABEL = re.compile(r"^\s*(?:action\s+items?|action\s+points?)\s*:\s*", re.I)
#: ``TODO:`` marks an item in a list; a lone ``TODO:`` paragraph is usually an authoring note
_TODO = re.compile(r"^\s*to-?do\s*:\s*", re.I)
_COMMITMENT = re.compile(
    r"\b(?:we\s+will|we(?:'|’)ll|we\s+are\s+going\s+to|we\s+plan\s+to|we\s+are\s+committed\s+to|"
    r"we\s+commit\s+to|next\s+steps|follow[\s-]?ups?|action\s+items?)\b",
    re.I,
)
_OWNER = re.compile(
    r"(?:^|[\s(\[;,.])(?i:owners?|assignee|assigned\s+to|dri|responsible)\s*[:=]\s*"
    r"(?P<o>@[\w.\-]+|[^\s,;.()\[\]]+(?:\s+[A-Z][\w\-]*){0,2})"
)
_DUE = re.compile(
    r"(?:^|[\s(\[;,.])(?i:due(?:\s+date)?|deadline|eta|target\s+date|by)\s*[:=]?\s*(?P<d>[^;,()\[\]\n]+)"
)
_LEADING_HANDLE = re.compile(r"^\s*`?(@[\w.\-]+)`?\s+")
#: ``(@owner, due 2024-03-01)`` - a parenthesis that opens with a handle
_PAREN_HANDLE = re.compile(r"\(\s*`?(@[\w.\-]+)`?\s*(?=[,;)])")
#: ``Better alerting `@dma` [detect]`` / ``Alerts added by @ann`` - a handle closing the title
_TRAILING_HANDLE = re.compile(r"(?:^|\s)(?:by\s+)?`?(@[\w.\-]+)`?\s*(?:\[[^\]]*\]\s*)*\.?$")
_DONE_MARK = re.compile(r"^\s*(?:\[[xX]\]|✅|✔️?|☑️?|\u2713)\s*")
_OPEN_MARK = re.compile(r"^\s*(?:\[\s\]|☐)\s*")
_PRIORITY = re.compile(r"\bP([0-3])\b")
#: a status written at the end of another cell, as the SRE book's ``Bug 5554823 **TODO**``
_TRAILING_STATUS = re.compile(r"\s*\b(DONE|TODO|WONTFIX|IN PROGRESS)\s*$")

_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("owner", re.compile(r"\b(?:owner|owners|assignee|assigned|who|responsible|dri|team)\b", re.I)),
    ("due", re.compile(r"\b(?:due|deadline|expected|target|eta|when|date|by)\b", re.I)),
    ("status", re.compile(r"\b(?:status|state|done|progress|complete[d]?)\b", re.I)),
    ("priority", re.compile(r"\b(?:priority|prio|p)\b", re.I)),
    ("tracker", re.compile(r"\b(?:bug|bugs|issue|issues|ticket|tracker|link|jira|pr|ref|url)\b", re.I)),
    ("title", re.compile(r"\b(?:action|actions|item|task|title|description|what|summary|name|follow)", re.I)),
]


@dataclass
class ActionScan:
    """Items found, and the prose of action sections that is not an item (kept as text)."""

    items: list[ActionItem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    note_lines: list[int] = field(default_factory=list)  # the line of each note's heading
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message) of doubtful items


def status_from_text(text: str) -> ActionStatus:
    """``Done``/``complete``/``✅`` -> DONE, ``in progress`` -> IN_PROGRESS, ``won't do`` -> WONT_DO, else OPEN."""
    t = text.strip().lower()
    if not t:
        return ActionStatus.OPEN
    if re.search(r"won.?t\s*(?:do|fix)|wontfix|cancel+ed|dropped|rejected|not\s+doing", t):
        return ActionStatus.WONT_DO
    if re.search(r"in[\s-]*progress|ongoing|wip|started|doing", t):
        return ActionStatus.IN_PROGRESS
    if re.search(r"to\s*do|todo|open|not\s+started|planned|pending", t):
        return ActionStatus.OPEN
    if re.search(r"\bdone\b|complete|closed|fixed|resolved|finished|shipped|merged|✅|✔|\byes\b", t):
        return ActionStatus.DONE
    return ActionStatus.OPEN


def _due(text: str) -> tuple[str, object]:
    text = text.strip()
    found = find_dates(text)
    return text, (found[0].day if found and found[0].day and found[0].year_given else None)


def _impossible_due(text: str) -> tuple[str, str] | None:
    """The date that opens a due text and names no calendar day, and why (``2024-02-30``)."""
    bad = impossible_date(text)
    return bad if bad is not None and text.startswith(bad[0]) else None


def due_problem(item: ActionItem) -> str | None:
    """What to report about an item whose due text is a date that does not exist, or ``None``."""
    if item.due_date is not None or not item.due_text:
        return None
    bad = _impossible_due(item.due_text)
    if bad is None:
        return None
    title = " ".join(item.title.split())
    shown = title if len(title) <= 60 else title[:59] + "…"
    return (f"action item '{shown}': due date {bad[0]} is not a real date ({bad[1]}); "
            "left empty (the text is kept as written)")


def _item_from_text(title: str, description: str = "", *, done: bool = False) -> ActionItem:
    status = ActionStatus.DONE if done else ActionStatus.OPEN
    if _DONE_MARK.match(title):
        title = _DONE_MARK.sub("", title, count=1)
        status = ActionStatus.DONE
    elif _OPEN_MARK.match(title):
        title = _OPEN_MARK.sub("", title, count=1)
        status = ActionStatus.OPEN
    title = _TODO.sub("", _LABEL.sub("", title, count=1), count=1)
    own_text = title
    owner = ""
    m = _OWNER.search(own_text)
    if m:
        owner = m.group("o").strip()
    else:
        handle = _PAREN_HANDLE.search(own_text) or _TRAILING_HANDLE.search(own_text)
        if handle:
            owner = handle.group(1)
    due_text, due_date = "", None
    for d in _DUE.finditer(own_text):
        candidate = d.group("d").strip().rstrip(".")
        if find_dates(candidate) or _impossible_due(candidate):
            due_text, due_date = _due(candidate)
            break
    priority = _PRIORITY.search(own_text)
    return ActionItem(
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_text=due_text,
        due_date=due_date,  # type: ignore[arg-type]
        status=status,
        priority=Priority(f"P{priority.group(1)}") if priority and re.search(r"priority", own_text, re.I) else None,
    )


def _lines(block: Block, lines: list[int], count: int) -> list[int]:
    """The line of each of ``count`` items or rows (the block's own line where one is not known)."""
    return lines[:count] + [block.line] * (count - len(lines[:count]))


def _items_from_list(block: Block, *, done: bool) -> list[ActionItem]:
    items = []
    for item in block.items:
        first = item[0] if item else None
        if first is not None and first.kind == "paragraph":
            title = block_text(first).replace("\n", " ")
            rest = item[1:]
        else:
            title, rest = "", item
        items.append(_item_from_text(title, blocks_text(rest), done=done))
    return items


#: a column that says what kind of action an item is, when every filled cell names a kind
_KIND_HEADER = re.compile(r"^\W*(?:type|kind|action\s+type|category)\W*$", re.I)
_KINDS = {k.value: k for k in ActionKind}


def _kind_column(block: Block) -> int | None:
    for col, header in enumerate(block.header):
        if not _KIND_HEADER.match(header.text):
            continue
        values = [row[col].text.strip().lower() for row in block.rows if col < len(row) and row[col].text.strip()]
        if values and all(v in _KINDS for v in values):
            return col
    return None


def _columns(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, header in enumerate(headers):
        for role, pattern in _COLUMNS:
            if role not in found and pattern.search(header):
                found[role] = col
                break
    if "title" not in found:
        taken = set(found.values())
        free = [c for c in range(len(headers)) if c not in taken]
        if free:
            found["title"] = free[0]
    return found


def _items_from_table(block: Block, *, done: bool) -> list[ActionItem]:
    headers = [c.text for c in block.header]
    kind_col = _kind_column(block)
    cols = _columns([h if i != kind_col else "" for i, h in enumerate(headers)])
    if kind_col is not None:
        cols = {role: col for role, col in cols.items() if col != kind_col}
        cols["kind"] = kind_col
    items = []
    for row in block.rows:
        cells = [c.text for c in row]

        def cell(role: str, cells: list[str] = cells) -> str:
            col = cols.get(role)
            return cells[col].strip() if col is not None and col < len(cells) else ""

        used = set(cols.values())
        extra = [f"{headers[i]}: {cells[i]}" for i in range(min(len(cells), len(headers)))
                 if i not in used and cells[i].strip() and headers[i]]
        item = _item_from_text(cell("title"), "\n".join(extra), done=done)
        if cell("owner"):
            item.owner = cell("owner")
        if cell("due"):
            item.due_text, due_date = _due(cell("due"))
            item.due_date = due_date  # type: ignore[assignment]
        if cell("status"):
            item.status = status_from_text(cell("status"))
        prio = _PRIORITY.search(cell("priority"))
        if prio:
            item.priority = Priority(f"P{prio.group(1)}")
        if cell("tracker"):
            item.tracker_ref = cell("tracker")
        if cell("kind"):
            item.kind = _KINDS[cell("kind").lower()]
        if "status" not in cols:
            _status_from_cells(item)
        items.append(item)
    return items


def _status_from_cells(item: ActionItem) -> None:
    """Take a status word written at the end of the tracker cell (there is no status column)."""
    m = _TRAILING_STATUS.search(item.tracker_ref)
    if m:
        item.status = status_from_text(m.group(1))
        item.tracker_ref = item.tracker_ref[: m.start()].strip()


def _has_items(section: Section) -> bool:
    for sub in section.walk():
        for b in sub.blocks:
            if b.kind in ("list", "table"):
                return True
            if b.kind == "paragraph" and b.inline is not None and _LABEL.match(b.inline.text):
                return True
    return False


def _has_own_table(section: Section) -> bool:
    """Whether the section itself (not a sub-section) holds a table of items."""
    return any(b.kind == "table" for b in section.blocks)


class _Walker:
    def __init__(self) -> None:
        self.scan = ActionScan()

    def add(self, items: list[ActionItem], lines: list[int]) -> None:
        """Take ``items`` (found at ``lines``), reporting a due date that does not exist."""
        for item, line in zip(items, lines, strict=True):
            self.scan.items.append(item)
            problem = due_problem(item)
            if problem is not None:
                self.scan.problems.append((line, problem))

    def add_list(self, block: Block, *, done: bool) -> None:
        items = _items_from_list(block, done=done)
        self.add(items, _lines(block, block.item_lines, len(items)))

    def labelled(self, block: Block) -> bool:
        if block.kind == "paragraph" and block.inline is not None and _LABEL.match(block.inline.text):
            text = _LABEL.sub("", block_text(block).replace("\n", " "), count=1)
            self.add([_item_from_text(text)], [block.line])
            return True
        return False

    def visit(self, section: Section, *, in_actions: bool, lists_count: bool, done: bool, top: bool) -> None:
        kind = classify_heading(section.title) if not top else None
        if kind == "actions":
            if not in_actions:
                lists_count = not _has_own_table(section)
            in_actions = True
            done = done or bool(re.search(r"\b(?:completed?|done)\b", section.title, re.I))
        elif in_actions and kind is not None and kind not in ("actions",):
            in_actions = False
        elif in_actions and kind is None and not top and _has_items(section):
            lists_count = not _has_own_table(section)  # 'Completed' bullets beside an 'In progress' table
        elif in_actions and kind is None and not top and not _has_items(section):
            # a heading that introduces one item: '#### @owner Do the thing'
            title = section.title
            owner = ""
            m = _LEADING_HANDLE.match(title)
            if m:
                owner = m.group(1)
                title = title[m.end():]
            item = _item_from_text(title, "\n\n".join(
                t for t in [blocks_text(section.blocks)] + [c.title + "\n" + blocks_text(c.blocks)
                                                              for c in section.children] if t), done=done)
            if owner and not item.owner:
                item.owner = owner
            self.add([item], [section.line])
            return
        notes: list[str] = []
        previous: Block | None = None
        table_items: list[ActionItem] = []
        for block in section.blocks:
            if self.labelled(block):
                pass
            elif in_actions and table_items and _describe(block, table_items):
                pass
            elif in_actions and block.kind == "table":
                found = _items_from_table(block, done=done)
                table_items.extend(found)
                self.add(found, _lines(block, block.row_lines, len(found)))
            elif (in_actions and block.kind == "list" and not block.ordered and previous is not None
                  and previous.kind == "list" and previous.ordered and self.scan.items):
                # bullets right after a numbered item, not indented: they elaborate that item
                last = self.scan.items[-1]
                last.description = "\n".join(t for t in (last.description, block_text(block)) if t)
                continue
            elif in_actions and block.kind == "list" and lists_count:
                self.add_list(block, done=done)
            elif not in_actions and block.kind == "list" and _all_labelled(block):
                self.add_list(block, done=done)
            elif (not in_actions and block.kind == "list" and previous is not None
                  and previous.kind == "paragraph" and previous.inline is not None
                  and _announces_actions(previous.inline.text)):
                self.add_list(block, done=done)
            elif in_actions:
                text = block_text(block)
                if text:
                    notes.append(text)
            previous = block
        if in_actions and notes:
            self.scan.notes.append((section.title, "\n\n".join(notes)))
            self.scan.note_lines.append(section.line)
        for child in section.children:
            self.visit(child, in_actions=in_actions, lists_count=lists_count, done=done, top=False)


_DETAIL_NUMBER = re.compile(r"^(?P<n>\d{1,4})[.)]\s+")


def _describe(block: Block, items: list[ActionItem]) -> bool:
    """A paragraph after an actions table that opens with an item's bold title and a colon
    (``1. **Add lock_timeout:** for every migration``) is that item's description."""
    if block.kind != "paragraph" or block.inline is None:
        return False
    text = " ".join(block.inline.prose.split())
    number = _DETAIL_NUMBER.match(text)
    rest = text[number.end():] if number else text
    strong = block.inline.first_strong
    if strong is None or strong[0] != (number.end() if number else 0):
        return False  # the bold title opens the paragraph (after its number)
    label = " ".join(strong[1].split())
    if not label.endswith(":") or not rest.startswith(label):
        return False
    title, description = label[:-1].strip(), rest[len(label):].strip()
    candidates = [i for i in items if " ".join(i.title.split()) == title]
    if number is not None and 0 < int(number.group("n")) <= len(items):
        numbered = items[int(number.group("n")) - 1]
        if numbered in candidates:
            candidates = [numbered]
    empty = [i for i in candidates if not i.description.strip()]
    if not candidates:
        return False
    target = (empty or candidates)[0]
    target.description = "\n".join(t for t in (target.description, description) if t)
    return True


def _all_labelled(block: Block) -> bool:
    """Whether every item of a list is labelled ``TODO:`` / ``Action item:`` (items wherever they are)."""
    firsts = [item[0] for item in block.items if item]
    return bool(firsts) and len(firsts) == len(block.items) and all(
        b.kind == "paragraph" and b.inline is not None and (_LABEL.match(b.inline.text) or _TODO.match(_OPEN_MARK.sub("", b.inline.text)))
        for b in firsts
    )


def _announces_actions(paragraph: str) -> bool:
    """Whether a paragraph's last sentence promises what follows ('we will do the following:')."""
    text = paragraph.strip()
    if not text.endswith(":"):
        return False
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return bool(_COMMITMENT.search(sentences[-1]))


def collect_actions(root: Section) -> ActionScan:
    """Every action item of the document, in document order."""
    walker = _Walker()
    walker.visit(root, in_actions=False, lists_count=True, done=False, top=True)
    return walker.scan


def is_action_section(section: Section) -> bool:
    """Whether a section's heading names actions (its text is handled here, not as narrative)."""
    return classify_heading(section.title) == "actions"
