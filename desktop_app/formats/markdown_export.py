"""Export a postmortem as Markdown in the shape of the Google SRE book template.

The document reads well on GitHub/GitLab and imports back through Hindsight's
own Markdown importer with the same title, timeline (instants or raw times,
descriptions) and action items (title, owner, due date, status).

Shape::

    # Title
    **Status:** ...\\            metadata block, one field a line (hard breaks)
    ## Summary / Impact / What happened / Root causes / 5 Whys / Trigger / Resolution / Detection
    ## Lessons learned  (### What went well / went wrong / Where we got lucky / What surprised us)
    ## Timeline         | Time (<zone>) | Event | Kind | Key moment | Actor |
    ## Action items     | Action | Type | Owner | Due | Status | Tracker |
    ## Evidence, Discussion notes, Open questions, Parking lot, then the kept extra sections

User text is plain text: one-line values (title, cells, list entries) have
every character that Markdown would read as markup backslash-escaped, so the
rendered page and the re-imported text show exactly what was typed
(``a<b & c>d``, ``|``, ``*``, ``&amp;``). Multi-line narrative keeps its line
structure: ``-`` lists, ``>`` quotes and fenced code stay what they look like,
single line breaks become hard breaks, and lines that would turn into a
heading, a rule or a renumbered list are escaped.

Times are written in the postmortem's display zone as ``YYYY-MM-DD HH:MM``
(seconds only when the event has them; a date alone for day-precision events;
``~`` for approximate ones). Outside UTC each stamp also carries its UTC
offset (``2024-03-31 02:30 +02:00``): the importer reads offsets but not IANA
zone names, and the offset keeps daylight-saving instants exact. Kind, actor
and key moment of an event are not written: any extra timeline column would
be folded into the event text on import, changing it.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from desktop_app.domain.models import (
    DEFAULT_FISHBONE_CATEGORIES,
    ActionItem,
    Cause,
    CauseKind,
    Postmortem,
    TimelineEvent,
    TimePrecision,
    WhyChain,
)
from desktop_app.domain.metrics import restoration_time, service_restored
from desktop_app.domain.zones import to_zone
from desktop_app.formats.md_actions import _announces_actions  # the importer's own rule, kept in step
from desktop_app.formats.md_blocks import _MD, parse_document  # the importer's own parser
from desktop_app.formats.md_causes import collect_causes, text_key
from desktop_app.formats.md_sections import classify_heading

#: the labels that make a paragraph or list item an action item on import (``md_actions``)
_ACTION_LABEL = re.compile(r"^\s*(?P<word>action\s+items?|action\s+points?)\s*:\s*", re.I)
_TODO_LABEL = re.compile(r"^\s*(?P<word>to-?do)\s*:\s*", re.I)

_ENTITY = re.compile(r"&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_LEAD = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|=|(\d{1,9})([.)])(?=\s|$))")
_RULE = re.compile(r"^ {0,3}([-_*=])(?:\s*\1){1,}\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")


_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: a code span that reads back exactly as written: single backticks, no padding spaces on both sides
_CODE_SPAN = re.compile(r"(?<![`\\])`(?P<c>[^`\n]+)`(?!`)")


def _can_delimit(text: str, start: int, end: int) -> bool:
    """Whether the ``*``/``_`` run ``text[start:end]`` is left- or right-flanking (could be emphasis)."""
    prev = text[start - 1] if start else " "
    nxt = text[end] if end < len(text) else " "
    left = not nxt.isspace() and (nxt not in _PUNCT or prev.isspace() or prev in _PUNCT)
    right = not prev.isspace() and (prev not in _PUNCT or nxt.isspace() or nxt in _PUNCT)
    if text[start] == "_" and left and right and prev.isalnum() and nxt.isalnum():
        return False  # snake_case: an intraword underscore neither opens nor closes
    return left or right


def _escape_plain(text: str, *, before: str = " ", after: str = " ") -> str:
    """Escape ``text``; ``before``/``after`` are the characters around it (a code span's backtick)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "*_":
            j = i
            while j < n and text[j] == ch:
                j += 1
            run = text[i:j]
            padded = before + text + after
            delimits = _can_delimit(padded, i + 1, j + 1)
            out.append("".join("\\" + c for c in run) if delimits else run)
            i = j
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        prev = text[i - 1] if i else ""
        if ch in "\\`":
            out.append("\\" + ch)
        elif ch == "[" and (i == 0 or re.search(r"\](?:[(\[:]|$)", text[i:])):
            out.append("\\[")  # could open a link or a link reference definition
        elif ch == "~" and "~" in (prev, nxt):
            out.append("\\~")  # GitHub's ~~strikethrough~~
        elif ch == "<" and _HTML_START.match(text, i):
            out.append("\\<")
        elif ch == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        elif ch == "!" and nxt == "[":
            out.append("\\!")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def escape_inline(text: str, *, code_spans: bool = True) -> str:
    """``text`` with every character Markdown would read as inline markup backslash-escaped.

    Balanced single-backtick code spans are kept (they read back exactly as written);
    ``code_spans=False`` escapes their backticks too.
    """
    if not code_spans:
        return _escape_plain(text)
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        content = m.group("c")
        if content.startswith(" ") and content.endswith(" "):
            continue  # CommonMark would strip the padding
        before = text[pos - 1] if pos else " "
        out.append(_escape_plain(text[pos : m.start()], before=before, after="`"))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_plain(text[pos:], before=text[pos - 1] if pos else " "))
    return "".join(out)


def _escape_line_start(line: str) -> str:
    """Escape a leading character that would make an escaped line a heading, quote, list or rule."""
    m = _LINE_LEAD.match(line)
    if not m:
        rule = _RULE.match(line)
        return line.replace(rule.group(1), "\\" + rule.group(1), 1) if rule else line
    indent = m.group(1)
    if m.group(3):  # '1.' / '1)': an ordered-list marker
        return f"{indent}{m.group(3)}\\{m.group(4)}{line[m.end():]}"
    return f"{indent}\\{line[len(indent):]}"


def plain(text: str) -> str:
    """One line of plain text as Markdown that renders (and re-imports) as exactly that text."""
    return _escape_line_start(escape_inline(" ".join(text.split("\n")).strip()))


def cell(text: str) -> str:
    """Plain text for a table cell: escaped, ``|`` as ``\\|``, line breaks as ``<br>``."""
    lines = [escape_inline(line.strip(), code_spans="|" not in line) for line in text.strip().split("\n")]
    return "<br>".join(lines).replace("|", "\\|")


def _starts_block(line: str) -> bool:
    return bool(_LIST_ITEM.match(line) or line.lstrip().startswith(">"))


def _defuse_action_prose(lines: list[str]) -> list[str]:
    """Reword the few prose shapes the importer would read as *more* action items.

    The postmortem's items are all in the Action items table; prose that restates
    them ("Action point: ...", "TODO: ..." lists, "we will do the following:" and
    a list) would come back as duplicates. The label's colon becomes a dash and
    the announcing colon a full stop; the words stay.
    """
    out = list(lines)
    for i, line in enumerate(out):
        starts_paragraph = i == 0 or not out[i - 1].strip() or bool(_LIST_ITEM.match(line))
        if not starts_paragraph:
            continue
        lead = _LIST_ITEM.match(line)
        head, body = (line[: lead.end()], line[lead.end():]) if lead else ("", line)
        label = _ACTION_LABEL.match(body) or _TODO_LABEL.match(body)
        if label:
            out[i] = f"{head}{body[: label.end('word')]} — {body[label.end():]}".rstrip()
    for i, line in enumerate(out):
        if not line.rstrip().endswith(":") or _LIST_ITEM.match(line):
            continue
        j = i + 1
        while j < len(out) and not out[j].strip():
            j += 1
        if j >= len(out) or not _LIST_ITEM.match(out[j]):
            continue
        start = i
        while start > 0 and out[start - 1].strip() and not _LIST_ITEM.match(out[start - 1]):
            start -= 1
        paragraph = " ".join(x.strip() for x in out[start : i + 1])
        if _announces_actions(paragraph):
            out[i] = out[i].rstrip()[:-1] + "."
    return out


_SUBHEADING = re.compile(r"(#{1,6}) +(\S.*?)(?: +#+)?")


def _is_subheading(line: str, level: int) -> bool:
    """Whether ``line`` (unindented) can stay a heading inside a section of ``level``: deeper than the
    section and not a heading the importer takes for a section of its own ("### Impact")."""
    m = _SUBHEADING.fullmatch(line)
    return m is not None and len(m.group(1)) > level and classify_heading(m.group(2)) is None


def narrative(text: str, level: int = 6) -> str:
    """Multi-line plain text as Markdown that keeps its lines, lists, quotes and fenced code.

    The text is the body of a section of ``level``: a line of its own such as "### Why it failed"
    stays a heading when it is deeper than the section and names no section the importer knows
    (which reads it back into the same text); any other line starting with "#" is escaped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    lines = _defuse_action_prose(lines)
    out: list[str] = []
    code: set[int] = set()  # output lines that are code (fences and their content): written as is
    fence: str | None = None
    list_context = False
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if fence is not None:
            code.add(len(out))
            out.append(raw)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            code.add(len(out))
            out.append(line)
            continue
        if not line.strip():
            out.append("")
            continue
        prev_blank = i == 0 or not lines[i - 1].strip()
        indented = len(line) - len(line.lstrip(" ")) >= 4 or line.startswith("\t")
        if indented and (prev_blank or len(out) - 1 in code) and not list_context:
            code.add(len(out))
            out.append(line)  # an indented code block: its text is shown as written
            continue
        if _LIST_ITEM.match(line):
            list_context = True
        elif not indented:
            list_context = False
        body = escape_inline(line.strip())
        lead = line[: len(line) - len(line.lstrip())]
        stripped = line.strip()
        if not lead and not list_context and _is_subheading(stripped, level):
            hashes, title = stripped.split(None, 1)
            out.append(f"{hashes} {escape_inline(title.strip())}")
            continue
        if _RULE.match(stripped) or stripped.startswith("#") or re.match(r"\d{1,9}\)", stripped) or (
            re.match(r"[+=]", stripped)
        ):
            body = _escape_line_start(body)
        elif re.match(r"\d{1,9}\.(?:\s|$)", stripped) and not _ordered_in_sequence(lines, i):
            body = _escape_line_start(body)
        out.append(lead + body)
    # single line breaks: hard breaks (two spaces), except before a line that starts its own block
    result: list[str] = []
    for i, line in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else ""
        if i not in code and i + 1 not in code and line.strip() and nxt.strip() and not _starts_block(nxt):
            line += "  "
        result.append(line)
    return "\n".join(result)


def _ordered_in_sequence(lines: list[str], index: int) -> bool:
    """Whether the numbered line at ``index`` continues a list numbered 1, 2, 3 ... (re-import renumbers)."""
    number = int(re.match(r"\s*(\d+)", lines[index]).group(1))  # type: ignore[union-attr]
    expected = 1
    for j in range(index - 1, -1, -1):
        m = re.match(r"\s*(\d{1,9})\.(?:\s|$)", lines[j])
        if m:
            expected = int(m.group(1)) + 1
            break
        if lines[j].startswith((" ", "\t")) or not lines[j].strip():
            continue
        break
    return number == expected


# --------------------------------------------------------------------------- times


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset()
    assert delta is not None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def stamp(moment: datetime, zone: str, *, day_only: bool = False, seconds: bool = False) -> str:
    """``moment`` in ``zone`` as ``YYYY-MM-DD HH:MM[:SS]``, with its offset unless the zone is UTC."""
    local = to_zone(moment, zone)
    if day_only and local.time() == time(0, 0):
        text = local.date().isoformat()
    else:
        text = f"{local:%Y-%m-%d %H:%M}"
        if seconds or local.second or local.microsecond:
            text += f":{local:%S}"
            if local.microsecond:
                text += f".{local.microsecond:06d}"
    if zone != "UTC":
        text += " " + _offset(local)
    return text


def event_time(event: TimelineEvent, zone: str) -> str:
    """The time cell of a timeline row (plain text, not yet escaped)."""
    if event.occurred_at is None:
        return event.raw_time.strip()
    text = stamp(event.occurred_at, zone, day_only=event.precision is TimePrecision.DAY,
                 seconds=event.precision is TimePrecision.SECOND)
    return f"~{text}" if event.approximate else text


# --------------------------------------------------------------------------- sections


def _metadata(pm: Postmortem) -> list[str]:
    fields: list[tuple[str, str]] = [("Status", pm.status.label)]
    if pm.kind.value == "near_miss":
        fields.append(("Kind", "Near miss"))
    if pm.severity is not None:
        fields.append(("Severity", pm.severity.value))
    if pm.incident_date is not None:
        fields.append(("Date", pm.incident_date.isoformat()))
    fields.append(("Time zone", pm.time_zone))
    people = []
    for s in pm.stakeholders:
        details = [s.role.label]
        if s.team:
            details.append(s.team)
        if s.is_facilitator:
            details.append("facilitator")
        name = s.name or "(unnamed)"
        if s.email.strip():
            name += f" <{s.email.strip()}>"
        people.append(f"{name} ({', '.join(details)})")
    if people:
        fields.append(("Authors and stakeholders", "; ".join(people)))
    r = pm.restoration
    if r.affected_services:
        fields.append(("Affected services", ", ".join(r.affected_services)))
    if r.affected_regions:
        fields.append(("Affected regions", ", ".join(r.affected_regions)))
    if r.affected_customers.strip():
        fields.append(("Affected customers", r.affected_customers))
    for label, moment in (("Started", pm.times.started_at), ("Detected", pm.times.detected_at),
                          ("Acknowledged", pm.times.acknowledged_at), ("Mitigated", pm.times.mitigated_at),
                          ("Resolved", pm.times.resolved_at)):
        if moment is not None:
            fields.append((label, stamp(moment, pm.time_zone)))
    if service_restored(pm):  # the rule step 1 and the PDFs follow: a marked Resolution restores too
        at = restoration_time(pm).at
        fields.append(("Service restored", stamp(at, pm.time_zone) if at else "yes"))
    if pm.review_meeting_at is not None:
        fields.append(("Review meeting", stamp(pm.review_meeting_at, pm.time_zone)))
    if pm.tags:
        fields.append(("Tags", ", ".join(pm.tags)))
    if pm.fishbone_effect.strip():
        fields.append(("Fishbone effect", pm.fishbone_effect))
    if list(pm.fishbone_categories) != list(DEFAULT_FISHBONE_CATEGORIES):
        # the bones a cause's '(Category)' may name; written when they are not the default 6M
        fields.append(("Fishbone categories", "; ".join(c.strip() for c in pm.fishbone_categories) or "none"))
    lines = [f"**{label}:** {escape_inline(' '.join(value.split()))}" for label, value in fields]
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _section(level: int, heading: str, body: str) -> list[str]:
    return [f"{'#' * level} {heading}", "", body, ""]


def _cause_lines(causes: list[Cause], marker: str = "-") -> list[str]:
    by_parent: dict[str | None, list[Cause]] = {}
    ids = {c.id for c in causes}
    for c in causes:
        parent = c.parent_id if c.parent_id in ids and c.parent_id != c.id else None
        by_parent.setdefault(parent, []).append(c)
    lines: list[str] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for c in by_parent.get(parent, []):
            if c.id in seen:
                continue
            seen.add(c.id)
            label = "Root cause" if c.kind is CauseKind.ROOT_CAUSE else "Contributing factor"
            text = f"**{label}:** {escape_inline(' '.join(c.text.split()))}"
            if c.category.strip():
                text += f" ({escape_inline(c.category.strip())})"
            if c.note.strip():
                text += f" — {escape_inline(' '.join(c.note.split()))}"
            lines.append("  " * depth + marker + " " + text)
            walk(c.id, depth + 1)

    walk(None, 0)
    for c in causes:  # anything left in a parent cycle
        if c.id not in seen:
            walk(c.parent_id, 0)
    return lines


_ITEM_LINE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|(?P<number>\d{1,9})(?P<dot>[.)]))(?: +(?P<text>.*))?$")


def _cause_keys(causes: list[Cause]) -> set[str]:
    """What a narrative list item reads as when it is one of ``causes`` (case-folded, spaces
    collapsed): its text, or its text and note (a long item is imported as first sentence + note)."""
    keys = {text_key(c.text) for c in causes if c.text.strip()}
    keys |= {text_key(f"{c.text} {c.note}") for c in causes if c.text.strip() and c.note.strip()}
    return keys


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _drop_items(lines: list[tuple[str, bool]], keys: set[str]) -> list[tuple[str, bool]]:
    """``lines`` (each with whether it is inside fenced code) without the list items whose text is in
    ``keys`` and which hold nothing else but such items; numbered items left are numbered again."""
    out: list[tuple[str, bool]] = []
    numbers: dict[int, int] = {}  # indentation -> the next number of the numbered list going on there
    i = 0
    while i < len(lines):
        line, code = lines[i]
        m = None if code else _ITEM_LINE.match(line)
        if m is None:
            if line.strip():
                numbers = {k: v for k, v in numbers.items() if k < _indent(line)}
            out.append(lines[i])
            i += 1
            continue
        indent = len(m["indent"])
        end = i + 1
        while end < len(lines) and (not lines[end][0].strip() or _indent(lines[end][0]) > indent):
            end += 1
        last = end
        while last > i + 1 and not lines[last - 1][0].strip():
            last -= 1
        text = [m["text"] or ""]
        first = i + 1  # the item's first paragraph runs on over indented lines that start no item
        while first < last and lines[first][0].strip() and not lines[first][1] \
                and not _ITEM_LINE.match(lines[first][0]):
            text.append(lines[first][0])
            first += 1
        inner = _drop_items(lines[first:last], keys)
        if text_key(" ".join(text)) in keys and not any(x.strip() for x, _ in inner):
            out.extend(lines[last:end])  # the cause is listed below: not twice
        else:
            head = line
            if m["number"] is not None:
                number = numbers.get(indent, int(m["number"]))
                numbers[indent] = number + 1
                head = f"{m['indent']}{number}{m['dot']}" + (f" {m['text']}" if m["text"] is not None else "")
            out += [(head, False), *lines[i + 1:first], *inner, *lines[last:end]]
        numbers = {k: v for k, v in numbers.items() if k <= indent}
        i = end
    return out


def without_listed_causes(text: str, causes: list[Cause]) -> str:
    """The root cause narrative without the list items that are ``causes``: those stand once, in
    the labelled cause list under it (the importer reads a narrative's list items as causes, so
    an imported postmortem has every one of them in both places)."""
    keys = _cause_keys(causes)
    if not keys or not text.strip():
        return text
    lines: list[tuple[str, bool]] = []
    fence: str | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        opening = _FENCE.match(raw)
        if fence is not None:
            lines.append((raw, True))
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence = None
        elif opening:
            fence = opening.group(1)
            lines.append((raw, True))
        else:
            lines.append((raw, False))
    kept: list[str] = []
    for line, _code in _drop_items(lines, keys):
        if line.strip() or (kept and kept[-1].strip()) or _code:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _root_causes_body(text: str, listed: list[Cause]) -> str:
    body = [narrative(text, 2)] if text.strip() else []
    if listed:
        # a list right after the narrative's own list would continue it: change the bullet
        marker = "*" if body and _ends_with_list(body[0], "-") else "-"
        body.append("\n".join(_cause_lines(listed, marker)))
    return "\n\n".join(body)


def _cause_shape(causes: list[Cause]) -> list[tuple[str, CauseKind, str, str, int | None]]:
    index = {c.id: i for i, c in enumerate(causes)}
    return [(" ".join(c.text.split()), c.kind, c.category.strip(), " ".join(c.note.split()), index.get(c.parent_id))
            for c in causes]


def _read_causes(body: str, categories: list[str]) -> list[Cause]:
    return collect_causes(parse_document(f"# T\n\n## Root causes\n\n{body}\n").root.children[0],
                          categories=categories)


def _root_causes(pm: Postmortem) -> str:
    """The Root causes section: the narrative, then the labelled cause list, each cause once.

    The importer reads a narrative's list items as causes, so an imported postmortem's causes
    stand in its narrative as well. A cause that its narrative item reads back as exactly (kind,
    category, note, parent) is left there and not listed again; one that does not is listed, and
    its narrative item dropped; failing that, all are listed and dropped from the narrative. Only a
    shape that reads back as ``pm.causes`` is taken, else the narrative and list are written whole.
    """
    text, causes = pm.narrative.root_cause, pm.causes
    whole = _root_causes_body(text, causes)
    none_kept = without_listed_causes(text, causes)
    if not _cause_keys(causes) or none_kept == text.strip("\n"):
        return whole  # no cause stands in the narrative
    categories = list(dict.fromkeys(c.strip() for c in pm.fishbone_categories if c.strip()))
    wanted = _cause_shape(causes)
    read_back = _read_causes(narrative(text, 2), categories)
    read = {text_key(c.text): c for c in read_back}
    read_by_id = {c.id: c for c in read_back}
    shapes = dict(zip((c.id for c in causes), wanted, strict=True))
    by_id = {c.id: c for c in causes}

    def same(c: Cause) -> bool:
        r = read.get(text_key(c.text))
        if r is None or _cause_shape([r])[0][:4] != shapes[c.id][:4]:
            return False
        parent = by_id.get(c.parent_id) if c.parent_id else None
        found = read_by_id.get(r.parent_id) if r.parent_id else None
        return (parent is None) == (found is None) and (parent is None or text_key(parent.text) == text_key(found.text))

    listed = [c for c in causes if not same(c)]
    for kept, shown in ((without_listed_causes(text, listed), listed), (none_kept, causes)):
        body = _root_causes_body(kept, shown)
        if _cause_shape(_read_causes(body, categories)) == wanted:
            return body
    return whole


def _why_chain(chain: WhyChain, causes: list[Cause]) -> list[str]:
    """One chain: its problem as a heading, the whys as a numbered list, the cause it led to."""
    lines = [f"### {plain(chain.problem) or 'Why?'}", ""]
    for number, step in enumerate(chain.whys, start=1):
        question = escape_inline(" ".join(step.question.split())) or "Why?"
        answer = escape_inline(" ".join(step.answer.split()))
        lines.append(f"{number}. **{question}** {answer}".rstrip())
    cause = next((c for c in causes if c.id == chain.cause_id), None)
    if cause is not None:
        lines += ["", f"Led to the {cause.kind.label.lower()}: {escape_inline(' '.join(cause.text.split()))}"]
    return lines if lines[-1] == "" else [*lines, ""]


def _timeline(pm: Postmortem) -> list[str]:
    """The timeline as a table; kind, key moment and actor have columns the importer reads back."""
    lines = [
        f"| Time ({cell(pm.time_zone)}) | Event | Kind | Key moment | Actor |",
        "| --- | --- | --- | --- | --- |",
    ]
    for event in pm.timeline:
        when = cell(event_time(event, pm.time_zone))
        what = cell(event.description)
        if not when and not what:
            when = "—"  # an all-empty row would be dropped as a spacer by Markdown readers
        kind = event.kind.value.capitalize()
        moment = event.key_moment.label if event.key_moment else ""
        lines.append(f"| {when} | {what} | {kind} | {moment} | {cell(event.actor)} |")
    return lines


def _due(item: ActionItem) -> str:
    if item.due_date is not None:
        return item.due_date.isoformat()
    return item.due_text.strip()


def _ends_with_list(markdown: str, marker: str) -> bool:
    """Whether ``markdown`` ends with a bullet list whose marker is ``marker``."""
    tokens = [t for t in _MD.parse(markdown) if t.level == 0]
    return bool(tokens) and tokens[-1].type == "bullet_list_close" and tokens[-1].markup == marker


def _actions(pm: Postmortem) -> list[str]:
    prioritised = any(item.priority is not None for item in pm.action_items)
    head = ["Action", "Type", "Owner", "Due", "Status", *(["Priority"] if prioritised else []), "Tracker"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for item in pm.action_items:
        priority = [item.priority.value if item.priority else ""] if prioritised else []
        row = [cell(item.title), item.kind.value.capitalize(), cell(item.owner), cell(_due(item)),
               item.status.label, *priority, cell(item.tracker_ref)]
        lines.append("| " + " | ".join(row) + " |")
    details = [item for item in pm.action_items if item.description.strip()]
    if details:
        lines.append("")
        for n, item in enumerate(pm.action_items, start=1):
            if item.description.strip():
                lines.append(f"{n}\\. **{plain(item.title) or '(untitled)'}:** "
                             f"{escape_inline(' '.join(item.description.split()))}")
                lines.append("")
        lines.pop()
    return lines


_NARRATIVE_SECTIONS = [
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("what_happened", "What happened"),
]
_AFTER_CAUSES = [("trigger", "Trigger"), ("resolution", "Resolution"), ("detection", "Detection")]
_LESSONS = [
    ("went_well", "What went well"),
    ("went_wrong", "What went wrong"),
    ("got_lucky", "Where we got lucky"),
    ("surprised_us", "What surprised us"),
]


def to_markdown(pm: Postmortem) -> str:
    """The postmortem as a Markdown document (ends with a newline)."""
    n = pm.narrative
    out: list[str] = [f"# {plain(pm.title) or 'Untitled postmortem'}", "", *_metadata(pm), ""]
    for field, heading in _NARRATIVE_SECTIONS:
        text = getattr(n, field).strip()
        if text:
            out += _section(2, heading, narrative(text, 2))
    if n.root_cause.strip() or pm.causes:
        out += _section(2, "Root causes", _root_causes(pm))
    chains = [chain for chain in pm.why_chains if chain.problem.strip() or chain.whys]
    if chains:
        out += ["## 5 Whys", ""]
        for chain in chains:
            out += _why_chain(chain, pm.causes)
    for field, heading in _AFTER_CAUSES:
        text = getattr(n, field).strip()
        if text:
            out += _section(2, heading, narrative(text, 2))
    lessons = [(heading, getattr(n, field).strip()) for field, heading in _LESSONS if getattr(n, field).strip()]
    if lessons:
        out += ["## Lessons learned", ""]
        for heading, text in lessons:
            out += _section(3, heading, narrative(text, 3))
    if pm.timeline:
        out += ["## Timeline", "", *_timeline(pm), ""]
    action_notes = [x for x in pm.extra_sections if classify_heading(x.heading) == "actions"]
    if pm.action_items or action_notes:
        out += ["## Action items", "", *_actions(pm), ""]
        for extra in action_notes:
            # kept prose of the source's action sections: under this heading, it stays prose on re-import
            out += _section(3, plain(extra.heading), narrative(extra.body)) if extra.body.strip() else []
    if pm.evidence:
        items = []
        for ev in pm.evidence:
            shown = ev.title.strip() or ev.url.strip() or ("" if ev.file_path.strip() else "(untitled)")
            parts = [f"- **{ev.kind.value.capitalize()}:**", escape_inline(" ".join(shown.split()))]
            if ev.url.strip() and ev.title.strip() and ev.url.strip() != ev.title.strip():
                parts.append(f"<{ev.url.strip()}>" if re.fullmatch(r"[a-zA-Z][\w+.-]*:[^\s<>]*", ev.url.strip())
                             else f"(link: {escape_inline(' '.join(ev.url.split()))})")
            if ev.file_path.strip():
                parts.append(f"(file: {escape_inline(ev.file_path.strip())})")
            if ev.note.strip():
                parts.append(f"— {escape_inline(' '.join(ev.note.split()))}")
            items.append(" ".join(p for p in parts if p))
        out += _section(2, "Evidence", "\n".join(items))
    if pm.discussion_notes.strip():
        out += _section(2, "Discussion notes", narrative(pm.discussion_notes))
    questions = [q for q in pm.open_questions if q.strip()]
    if questions:
        out += _section(2, "Open questions", "\n".join(f"- {plain(q)}" for q in questions))
    parked = [item for item in pm.parking_lot if item.text.strip()]
    if parked:
        lines = [f"- [{'x' if item.resolved else ' '}] {escape_inline(' '.join(item.text.split()))}" for item in parked]
        out += _section(2, "Parking lot", "\n".join(lines))
    for extra in pm.extra_sections:
        if extra in action_notes:
            continue
        heading = plain(extra.heading) or "Notes"
        out += _section(2, heading, narrative(extra.body)) if extra.body.strip() else [f"## {heading}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["cell", "escape_inline", "event_time", "narrative", "plain", "stamp", "to_markdown"]
