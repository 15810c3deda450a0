"""The full report PDF: cover, contents and every section of the postmortem, with bookmarks.

``render_full_report(pm, options=...)`` returns the PDF bytes; ``write_full_report``
writes them atomically. Sections follow the seven steps of the review and appear only
when they hold something. The look (fonts, palette, table style, footer) is the
executive summary's, so both PDFs read as one family; the pages and bookmarks live in
``pdf_report_doc``, the blocks (long tables, body text, links) in ``pdf_report_blocks``.
Redaction is not done here: ``export_render.render_export`` redacts before rendering.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents, defaultTableStyle

from desktop_app.domain.event_text import without_leading_actor
from desktop_app.domain.metrics import restoration_time, service_restored
from desktop_app.domain.models import (
    Cause,
    CauseKind,
    Kind,
    Postmortem,
    StakeholderRole,
)
from desktop_app.domain.zones import to_zone, zone
from desktop_app.formats import pdf_styles as look
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.export_options import ExportOptions, Logo, logo_for
from desktop_app.formats.pdf_content import (
    document_author,
    due_label,
    event_time_label,
    format_day,
    format_instant,
    format_moment,
    incident_window,
    is_overdue,
    metric_tiles,
    moments_zone_label,
    window_fact,
)
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_report_blocks import (
    Heading,
    HeadingKeys,
    Row,
    RoomFor,
    Rule,
    body,
    clipped_blocks,
    key_value_table,
    link,
    link_target,
    long_table,
    plain_paragraphs,
    prose_paragraphs,
)
from desktop_app.formats.pdf_canvas import numbered_canvas
from desktop_app.formats.pdf_cancel import Cancelled, check
from desktop_app.formats.pdf_report_doc import LANDSCAPE, ReportDocument, frame_size
from desktop_app.formats.pdf_summary import overdue_markup, tiles_table
from desktop_app.formats.pdf_prose import line_markup, prose
from desktop_app.formats.pdf_text import METADATA_LIMIT, BidiParagraph, clip, escape, markup, metadata_keywords

SUBJECT = "Postmortem report"
UNTITLED = "Untitled postmortem"
SECTION_MIN_ROOM = 120  # points of a section's start kept with its heading (all of a shorter section)
SUBSECTION_MIN_ROOM = 60
WIDTH = look.CONTENT_WIDTH
# Single-line fields (names, titles, owners, addresses) are shown cut to about this many characters, so
# a huge paste cannot make a table cell taller than a page; long text (descriptions, notes) is kept whole.
NAME_LIMIT = 160  # a name, an owner, a team, an actor, in a narrow column
TITLE_LIMIT = 500  # a title or a question above the long text of its row
FACT_LIMIT = 2400  # a value of a label/value table (services, customers, tags)

# Section titles, in the order of the seven steps of the review.
RESTORATION = "Restoration and impact"
EVIDENCE = "Evidence"
STAKEHOLDERS = "Stakeholders"
DISCUSSION = "Discussion"
NARRATIVE = "Narrative"
LESSONS = "Lessons learned"
TIMELINE = "Timeline"
CAUSES = "Causes"
WHYS = "5 Whys"
ACTIONS = "Action items"
QUESTIONS = "Open questions"
PARKING_LOT = "Parking lot"
ADDITIONAL = "Additional sections"

NARRATIVE_PARTS = (
    ("summary", "Summary"),
    ("what_happened", "What happened"),
    ("trigger", "Trigger"),
    ("root_cause", "Root cause"),
    ("resolution", "Resolution"),
    ("detection", "Detection"),
)
LESSON_PARTS = (
    ("went_well", "What went well"),
    ("went_wrong", "What went wrong"),
    ("got_lucky", "Where we got lucky"),
    ("surprised_us", "What surprised us"),
)


class _Looks:
    """Report-only paragraph styles, derived from the summary's."""

    def __init__(self) -> None:
        s = look.styles()
        f = fonts()
        self.section = ParagraphStyle("r-section", parent=s.heading, fontSize=13, leading=16,
                                      spaceBefore=10, spaceAfter=3)
        self.subsection = ParagraphStyle("r-sub", parent=s.heading, fontSize=10, leading=13, textColor=look.INK,
                                         spaceBefore=7, spaceAfter=2)
        self.cover_title = ParagraphStyle("r-cover-title", parent=s.title, fontSize=24, leading=29)
        self.cover_label = ParagraphStyle("r-cover-label", parent=s.badge, fontSize=10, leading=12)
        self.toc_title = ParagraphStyle("r-toc-title", parent=s.heading, fontSize=16, leading=20, spaceAfter=10)
        self.toc0 = ParagraphStyle("r-toc0", fontName=f.bold, fontSize=10, leading=15, textColor=look.INK,
                                   leftIndent=0, firstLineIndent=0, spaceBefore=3)
        self.toc1 = ParagraphStyle("r-toc1", fontName=f.regular, fontSize=9, leading=13, textColor=look.MUTED,
                                   leftIndent=14, firstLineIndent=0)
        self.tree = ParagraphStyle("r-tree", parent=s.body, spaceBefore=1.5)
        self.muted_body = ParagraphStyle("r-muted", parent=s.body, textColor=look.MUTED)


def render_full_report(pm: Postmortem, *, options: ExportOptions | None = None,
                       cancelled: Cancelled | None = None) -> bytes:
    """The full report of ``pm`` as PDF bytes (A4, fonts embedded, bookmarks, page numbers).

    ``ExportFailure`` if the logo in ``options`` cannot be used; ``ExportCancelled`` as soon
    as ``cancelled()`` answers ``True`` (it is asked before each flowable is placed).
    """
    options = options or ExportOptions()
    fonts()
    logo = logo_for(options)
    today = datetime.now(zone(pm.time_zone)).date()
    title = pm.title.strip() or UNTITLED
    buffer = io.BytesIO()
    doc = ReportDocument(
        buffer,
        title=clip(title, METADATA_LIMIT, max_lines=1),
        author=clip(document_author(pm, options.organisation), METADATA_LIMIT, max_lines=1),
        subject=SUBJECT,
        keywords=metadata_keywords(pm.tags),
        organisation=options.organisation,
        confidentiality=options.confidentiality,
        logo=logo,
    )
    doc.cancelled = cancelled
    pages: list[int] = []
    story = _story(pm, options, logo, today)
    check(cancelled)
    doc.multiBuild(story, canvasmaker=numbered_canvas(today, pages))
    return buffer.getvalue()


def write_full_report(pm: Postmortem, path: Path, *, options: ExportOptions | None = None) -> None:
    """Render the full report and write it to ``path`` atomically; ``ExportFailure`` says why if it cannot."""
    data = render_full_report(pm, options=options)
    try:
        write_atomically(Path(path), data)
    except ExportFailure as exc:
        raise ExportFailure(f"Could not write the PDF report to {path}: {exc.reason}") from exc


def _people(pm: Postmortem, predicate: Callable[[object], bool]) -> list[str]:
    return [s.name.strip() for s in pm.stakeholders if s.name.strip() and predicate(s)]


# --- the story ------------------------------------------------------------------------------


class _Builder:
    """Collects the flowables of the report, one section after another."""

    def __init__(self, pm: Postmortem, today: date) -> None:
        self.pm = pm
        self.today = today
        self.looks = _Looks()
        self.keys = HeadingKeys()
        self.story: list[Flowable] = []

    def section(self, title: str) -> None:
        self.story += [
            RoomFor(SECTION_MIN_ROOM),
            Heading(title, self.looks.section, key=self.keys.next(), level=0),
            Rule(),
            Spacer(1, 5),
        ]

    def subsection(self, title: str) -> None:
        self.story += [
            RoomFor(SUBSECTION_MIN_ROOM),
            Heading(title, self.looks.subsection, key=self.keys.next(), level=1),
        ]

    def add(self, *flowables: Flowable) -> None:
        self.story += flowables


def _story(pm: Postmortem, options: ExportOptions, logo: Logo | None, today: date) -> list[Flowable]:
    b = _Builder(pm, today)
    b.add(*_cover(pm, options, logo, today, b.looks))
    b.add(NextPageTemplate("body"), PageBreak())
    # The table's own cell font is drawn too: set it, or an unembedded Helvetica lands in the PDF.
    toc_style = TableStyle([*defaultTableStyle.getCommands(), ("FONTNAME", (0, 0), (-1, -1), fonts().regular)])
    toc = TableOfContents(levelStyles=[b.looks.toc0, b.looks.toc1], dotsMinLevel=0, tableStyle=toc_style)
    b.add(BidiParagraph("Contents", b.looks.toc_title), toc, PageBreak())
    for part in (
        _restoration,
        _evidence,
        _stakeholders,
        _discussion,
        _narrative,
        _lessons,
        _timeline,
        _causes,
        _whys,
        _actions,
        _questions,
        _parking_lot,
        _extra_sections,
    ):
        part(b)
    RoomFor.link(b.story)
    return b.story


# --- cover -------------------------------------------------------------------------------------


def _incident_day(pm: Postmortem) -> date | None:
    if pm.incident_date is not None:
        return pm.incident_date
    if pm.times.started_at is not None:
        return to_zone(pm.times.started_at, pm.time_zone).date()
    return None


def _cover(pm: Postmortem, options: ExportOptions, logo: Logo | None, today: date, looks: _Looks) -> list[Flowable]:
    s = look.styles()
    out: list[Flowable] = []
    if logo is not None:
        width, height = logo.fit(45 * mm, 18 * mm)
        image = Image(io.BytesIO(logo.data), width=width, height=height)
        image.hAlign = "LEFT"
        out += [image, Spacer(1, 10 * mm)]
    else:
        out.append(Spacer(1, 28 * mm))
    kind = "Near-miss review" if pm.kind is Kind.NEAR_MISS else "Incident postmortem"
    eyebrow = ["POSTMORTEM REPORT", kind.upper()]
    day = _incident_day(pm)
    if day is not None:
        eyebrow.append(format_day(day).upper())
    severity_colour = look.SEVERITY_COLOURS.get(pm.severity, look.NO_SEVERITY) if pm.severity else look.NO_SEVERITY
    badge = Table(
        [[BidiParagraph(escape(pm.severity.value if pm.severity else look.NO_SEVERITY_LABEL), s.badge)]],
        colWidths=[26 * mm],
        style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("BACKGROUND", (0, 0), (-1, -1), severity_colour),
            ("ROUNDEDCORNERS", [3, 3, 3, 3]),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]),
        hAlign="LEFT",
    )
    status_dot = look.STATUS_COLOURS[pm.status].hexval()
    status = BidiParagraph(f'<font color="{status_dot}">●</font> {escape(pm.status.label)}', s.badge_note)
    badges = Table([[badge, status]], colWidths=[30 * mm, 30 * mm], hAlign="LEFT",
                   style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("FONTNAME", (0, 0), (-1, -1), fonts().regular)]))
    band = Table(
        [[[
            BidiParagraph(escape("  ·  ".join(eyebrow)), s.eyebrow),
            Spacer(1, 8),
            BidiParagraph(markup(pm.title.strip() or UNTITLED, bold=True, limit=260, max_lines=5), looks.cover_title),
            Spacer(1, 12),
            badges,
        ]]],
        colWidths=[WIDTH],
        style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("BACKGROUND", (0, 0), (-1, -1), look.BAND),
            ("ROUNDEDCORNERS", [5, 5, 5, 5]),
            ("LEFTPADDING", (0, 0), (-1, -1), 18),
            ("RIGHTPADDING", (0, 0), (-1, -1), 18),
            ("TOPPADDING", (0, 0), (-1, -1), 18),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 18),
        ]),
    )
    out += [band, Spacer(1, 12 * mm)]
    rows: list[tuple[str, str]] = []
    if day is not None:
        rows.append(("Incident date", escape(format_day(day))))
    window = incident_window(pm)
    if window:
        rows.append(("Incident window", markup(window)))
    facilitators = _people(pm, lambda p: p.is_facilitator)  # type: ignore[attr-defined]
    commanders = _people(pm, lambda p: p.role is StakeholderRole.INCIDENT_COMMANDER)  # type: ignore[attr-defined]
    if facilitators:
        rows.append(("Facilitator", _fact(", ".join(facilitators))))
    if commanders:
        rows.append(("Incident commander", _fact(", ".join(commanders))))
    if pm.stakeholders:
        rows.append(("Participants", escape(str(len(pm.stakeholders)))))
    if options.organisation.strip():
        rows.append(("Organisation", _fact(options.organisation)))
    if pm.tags:
        rows.append(("Tags", _fact(", ".join(pm.tags))))
    rows.append(("Generated", escape(format_day(today))))
    out.append(key_value_table(rows, 40 * mm, WIDTH))
    if options.confidentiality.strip():
        label = Table(
            [[BidiParagraph(markup(options.confidentiality.upper(), bold=True, limit=60, max_lines=1),
                        looks.cover_label)]],
            colWidths=[min(WIDTH, _label_width(options.confidentiality.upper(), looks.cover_label.fontSize) + 24)],
            hAlign="LEFT",
            style=TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
                ("BOX", (0, 0), (-1, -1), 1.2, look.ALERT),
                ("BACKGROUND", (0, 0), (-1, -1), look.ALERT),
                ("ROUNDEDCORNERS", [3, 3, 3, 3]),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]),
        )
        out += [Spacer(1, 10 * mm), label]
    summary = pm.narrative.summary.strip()
    if summary:
        out += [Spacer(1, 10 * mm), BidiParagraph("SUMMARY", s.cell_head), Spacer(1, 3),
                *clipped_blocks(summary, 900, max_lines=10)]
    return out


def _fact(text: str) -> str:
    """Markup for the value of a label/value row, cut to ``FACT_LIMIT`` (a table cell cannot split)."""
    return markup(text, limit=FACT_LIMIT, max_lines=20)


def _name(text: str, *, bold: bool = False) -> str:
    """Markup for a short field in a narrow column, cut to ``NAME_LIMIT``."""
    return markup(text, bold=bold, limit=NAME_LIMIT, max_lines=3)


def _label_width(text: str, size: float) -> float:
    from desktop_app.formats.fishbone_measure import pdf_text_width

    return pdf_text_width(text[:60], size) * 1.08  # bold is a little wider than the measured regular face


def _fit(texts: list[str], style: ParagraphStyle, minimum: float, maximum: float, *, bold: bool = False,
         head: str = "") -> float:
    """A column just wide enough for its widest text (and its upper-case header) on one line, within limits.

    Measured in the fonts the cells are set in, plus the cells' padding (4 pt a side) and a little slack.
    """
    from desktop_app.formats.fishbone_measure import pdf_text_width

    f = fonts()
    widest = max((pdf_text_width(t[:80], style.fontSize) for t in texts), default=0.0)
    if bold:  # the bold face is about 8 % wider than the regular one the measure uses
        widest *= 1.09
    if head:
        widest = max(widest, pdfmetrics.stringWidth(head.upper(), f.bold, look.styles().cell_head.fontSize))
    return min(max(widest + 11, minimum), maximum)


# --- sections ----------------------------------------------------------------------------------


def _restoration(b: _Builder) -> None:
    pm = b.pm
    r = pm.restoration
    b.section(RESTORATION)
    rows: list[tuple[str, str]] = [
        ("Severity", escape(pm.severity.value if pm.severity else "Not set")),
        ("Status", escape(pm.status.label)),
    ]
    restored = restoration_time(pm)
    if service_restored(pm):
        when = ""
        if restored.at is not None:
            on_at = "on" if restored.day_only else "at"
            when = f" {on_at} {format_instant(restored.at, pm.time_zone, day_only=restored.day_only)}"
        rows.append(("Restored", escape(f"Yes{when}" + (" (from the timeline)" if restored.event_id else ""))))
    else:
        rows.append(("Restored", "Not yet"))
    window = window_fact(pm)
    if window:
        rows.append(("Window", markup(window)))
    services = [x.strip() for x in r.affected_services if x.strip()]
    if services:
        rows.append(("Services", _fact(", ".join(services))))
    regions = [x.strip() for x in r.affected_regions if x.strip()]
    if regions:
        rows.append(("Regions", _fact(", ".join(regions))))
    if r.affected_customers.strip():
        rows.append(("Customers", _fact(r.affected_customers)))
    b.add(key_value_table(rows, 28 * mm, WIDTH))
    tiles = metric_tiles(pm)
    if tiles:
        b.add(Spacer(1, 8), tiles_table(tiles[:5], WIDTH))
    if pm.narrative.impact.strip():
        b.subsection("Impact")
        b.add(*body(pm.narrative.impact))


def _evidence(b: _Builder) -> None:
    items = [e for e in b.pm.evidence if e.title.strip() or e.url.strip() or e.file_path.strip() or e.note.strip()]
    if not items:
        return
    s = look.styles()
    b.section(EVIDENCE)
    rows = []
    for e in items:
        parts = [markup(e.title, bold=True, limit=TITLE_LIMIT, max_lines=6) if e.title.strip() else ""]
        if e.url.strip():
            parts.append(link(e.url))
        if e.file_path.strip():
            parts.append(f'<font color="{look.MUTED.hexval()}">{markup(e.file_path, limit=TITLE_LIMIT, max_lines=3)}</font>')
        rows.append(Row([escape(e.kind.value.capitalize()), "<br/>".join(p for p in parts if p), ""],
                        long_text=e.note))
    if any(e.note.strip() for e in items):
        table = long_table(["Kind", "Evidence", "Note"], rows, [20 * mm, 92 * mm, WIDTH - 112 * mm],
                           long_column=2, styles=[s.cell_muted, s.cell, s.cell])
    else:
        rows = [Row(r.cells[:1] + [""], long_prefix=r.cells[1]) for r in rows]
        table = long_table(["Kind", "Evidence"], rows, [20 * mm, WIDTH - 20 * mm], long_column=1,
                           styles=[s.cell_muted, s.cell])
    b.add(table)


_ROLE_ORDER = list(StakeholderRole)


def _stakeholders(b: _Builder) -> None:
    pm = b.pm
    people = [p for p in pm.stakeholders if p.name.strip() or p.email.strip()]
    if not people and pm.review_meeting_at is None:
        return
    s = look.styles()
    b.section(STAKEHOLDERS)
    if pm.review_meeting_at is not None:
        b.add(BidiParagraph(f"<b>Review meeting:</b> {escape(format_moment(pm.review_meeting_at, pm.time_zone))}",
                        s.body), Spacer(1, 5))
    if not people:
        return
    people.sort(key=lambda p: (not p.is_facilitator, _ROLE_ORDER.index(p.role)))
    rows = []
    for p in people:
        name = _name(p.name or "—", bold=True)
        if p.is_facilitator:
            name += f' <font color="{look.MUTED.hexval()}">(facilitator)</font>'
        rows.append(Row(["", escape(p.role.label), _name(p.team), _email(p.email)], long_prefix=name))
    b.add(long_table(["Name", "Role", "Team", "Email"], rows, [52 * mm, 34 * mm, 40 * mm, WIDTH - 126 * mm],
                     long_column=0, styles=[s.cell, s.cell, s.cell, s.cell]))


def _email(address: str) -> str:
    """A clickable ``mailto:`` link showing the address (cut to ``NAME_LIMIT``), or ``""``."""
    address = address.strip()
    target = link_target(f"mailto:{address}") if address else None
    if target is None:
        return _name(address) if address else ""
    return f'<a href="{escape(target)}" color="{look.ACCENT.hexval()}"><u>{_name(address)}</u></a>'


def _discussion(b: _Builder) -> None:
    if not b.pm.discussion_notes.strip():
        return
    b.section(DISCUSSION)
    b.add(*body(b.pm.discussion_notes))


def _parts(b: _Builder, title: str, parts: tuple[tuple[str, str], ...]) -> None:
    present = [(label, getattr(b.pm.narrative, field)) for field, label in parts
               if getattr(b.pm.narrative, field).strip()]
    if not present:
        return
    b.section(title)
    for label, text in present:
        b.subsection(label)
        b.add(*body(text))


def _narrative(b: _Builder) -> None:
    _parts(b, NARRATIVE, NARRATIVE_PARTS)


def _lessons(b: _Builder) -> None:
    _parts(b, LESSONS, LESSON_PARTS)


_KIND_LABELS = {"acknowledgement": "Acknowledged", "communication": "Comms"}


def _timeline(b: _Builder) -> None:
    pm = b.pm
    if not pm.timeline:
        return
    s = look.styles()
    b.section(TIMELINE)
    zone_label, with_date = moments_zone_label(pm.timeline, pm.time_zone)
    time_head = f"Time ({zone_label})" if zone_label else "Time"
    rows = []
    for event in pm.timeline:
        when = event_time_label(event, pm.time_zone, with_date=with_date)
        kind = _KIND_LABELS.get(event.kind.value, event.kind.value.capitalize())
        moment = event.key_moment.label if event.key_moment is not None else ""
        text = without_leading_actor(event.description, event.actor)  # the actor has its column
        if event.source.strip():
            text = f"{text}\n[{event.source.strip()}]" if text.strip() else f"[{event.source.strip()}]"
        rows.append(Row([prose(when, bold=True, limit=60, max_lines=2), escape(kind), escape(moment),
                         _name(event.actor), ""],
                        long_text=text))
    heads = [time_head, "Kind", "Key moment", "Actor"]
    plain = [
        [event_time_label(e, pm.time_zone, with_date=with_date) for e in pm.timeline],
        [_KIND_LABELS.get(e.kind.value, e.kind.value.capitalize()) for e in pm.timeline],
        [e.key_moment.label for e in pm.timeline if e.key_moment is not None],
        [e.actor.strip() for e in pm.timeline if e.actor.strip()],
    ]
    widths = [
        _fit(plain[0], s.cell_strong, 14 * mm, 32 * mm, bold=True, head=heads[0]),
        _fit(plain[1], s.cell_muted, 12 * mm, 25 * mm, head=heads[1]),
        _fit(plain[2], s.cell_muted, 12 * mm, 25 * mm, head=heads[2]) if plain[2] else 0.0,
        _fit(plain[3], s.cell, 14 * mm, 36 * mm, head=heads[3]) if plain[3] else 0.0,
    ]
    widths.append(WIDTH - sum(widths))
    b.add(long_table([time_head, "Kind", "Key moment", "Actor", "Description"], rows, widths, long_column=4,
                     styles=[s.cell_strong, s.cell_muted, s.cell_muted, s.cell, s.cell]))


def _cause_tree(causes: list[Cause]) -> list[tuple[Cause, int]]:
    """Causes in outline order with their depth; a missing or cyclic parent makes a cause top-level."""
    by_id = {c.id: c for c in causes}

    def top_level(c: Cause) -> bool:
        seen = {c.id}
        parent = c.parent_id
        while parent is not None:
            if parent not in by_id or parent in seen:
                return True
            seen.add(parent)
            parent = by_id[parent].parent_id
        return False

    tops = [c for c in causes if c.parent_id is None or top_level(c)]
    top_ids = {c.id for c in tops}
    children: dict[str, list[Cause]] = {}
    for c in causes:
        if c.id not in top_ids and c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    out: list[tuple[Cause, int]] = []

    def visit(c: Cause, depth: int) -> None:
        out.append((c, depth))
        for child in children.get(c.id, []):
            visit(child, depth + 1)

    for top in tops:
        visit(top, 0)
    return out


def _causes(b: _Builder) -> None:
    pm = b.pm
    causes = [c for c in pm.causes if c.text.strip()]
    if not causes and not pm.fishbone_effect.strip():
        return
    s = look.styles()
    b.section(CAUSES)
    tree = _cause_tree(causes)
    categories = [c for c in pm.fishbone_categories if c.strip()]
    groups: dict[str, list[tuple[Cause, int]]] = {}
    current = ""
    for cause, depth in tree:
        if depth == 0:
            current = cause.category if cause.category in categories else "Other"
        groups.setdefault(current, []).append((cause, depth))
    for category in [*categories, "Other"]:
        if category not in groups:
            continue
        b.add(CondPageBreak(40), BidiParagraph(markup(category.upper(), bold=True, limit=TITLE_LIMIT, max_lines=3),
                                           s.cell_head), Spacer(1, 1))
        for cause, depth in groups[category]:
            colour = look.ALERT if cause.kind is CauseKind.ROOT_CAUSE else look.MUTED
            label = f'<font name="{fonts().bold}" color="{colour.hexval()}">{escape(cause.kind.label)}</font>'
            style = ParagraphStyle(f"tree-{depth}", parent=b.looks.tree, leftIndent=12 + 14 * depth,
                                   bulletIndent=2 + 14 * depth)
            b.add(*prose_paragraphs(cause.text, style, bullet="•" if depth == 0 else "–", prefix=f"{label}: "))
            if cause.note.strip():
                note_style = ParagraphStyle(f"tree-note-{depth}", parent=style, spaceBefore=0)
                muted = look.MUTED.hexval()
                b.add(*prose_paragraphs(cause.note, note_style,
                                        convert=lambda line: f'<font color="{muted}">{line_markup(line)}</font>'))
        b.add(Spacer(1, 5))
    _fishbone(b)


LEGEND_ROOM = 24.0
"""The fishbone legend's line and the space under it."""


def _fishbone(b: _Builder) -> None:
    """The fishbone diagram as vector graphics under a one-line legend; a landscape page when it reads
    better there, and page-sized tiles when even a landscape page would make its text unreadable.

    The layout is ``postmortem_layout``, the one the canvas paints (blank causes left out).
    """
    from desktop_app.formats.fishbone_postmortem import postmortem_layout
    from desktop_app.formats.pdf_fishbone import fishbone_flowables, fishbone_legend, prefers_landscape

    layout = postmortem_layout(b.pm, skip_blank=True)
    heading_room = 40.0 + LEGEND_ROOM
    portrait_w, portrait_h = frame_size(look.PAGE_SIZE)
    wide_w, wide_h = frame_size(LANDSCAPE)
    portrait = (portrait_w, portrait_h - heading_room)
    wide = (wide_w, wide_h - heading_room)
    landscape_page = prefers_landscape(layout, portrait, wide)
    diagram = fishbone_flowables(layout, *(wide if landscape_page else portrait))
    if landscape_page:
        b.add(NextPageTemplate("landscape"), PageBreak())
    elif len(diagram) > 1:  # tiles: the heading, the legend and the first tile on one fresh page
        b.add(PageBreak())
    b.subsection("Fishbone diagram")
    legend = fishbone_legend()
    for drawing in (legend, *diagram):
        if isinstance(drawing, Drawing):  # its renderer starts in Times-Roman, which is not embedded
            drawing.initialFontName = fonts().regular
    b.add(Spacer(1, 2), legend, Spacer(1, 6), *diagram)
    if landscape_page:
        b.add(NextPageTemplate("body"), PageBreak())


def _whys(b: _Builder) -> None:
    chains = [c for c in b.pm.why_chains if c.problem.strip() or c.whys]
    if not chains:
        return
    s = look.styles()
    causes = {c.id: c for c in b.pm.causes}
    b.section(WHYS)
    for number, chain in enumerate(chains, 1):
        items: list[Flowable] = [
            BidiParagraph(f'<font color="{look.MUTED.hexval()}">CHAIN {number}</font>', s.cell_head),
            *plain_paragraphs(chain.problem.strip() or "(no problem statement)", b.looks.subsection, bold=True),
        ]
        rows = []
        for index, step in enumerate(chain.whys, 1):
            question = step.question.strip() or "Why?"
            rows.append(Row([escape(f"Why {index}"), ""], long_text=step.answer,
                            long_prefix=f"<b>{markup(question, bold=True, limit=TITLE_LIMIT, max_lines=6)}</b>"))
        if rows:
            items.append(long_table(["#", "Why, and the answer"], rows, [16 * mm, WIDTH - 16 * mm],
                                    long_column=1, styles=[s.cell_strong, s.cell], zebra=False))
        cause = causes.get(chain.cause_id or "")
        if cause is not None and cause.text.strip():
            items += plain_paragraphs(cause.text, b.looks.muted_body, prefix="<b>Linked cause:</b> ")
        b.add(CondPageBreak(80), *items, Spacer(1, 8))


def _actions(b: _Builder) -> None:
    items = b.pm.action_items
    if not items:
        return
    s = look.styles()
    b.section(ACTIONS)
    open_count = sum(1 for i in items if not i.status.is_closed)
    noun = "action item" if len(items) == 1 else "action items"
    b.add(BidiParagraph(escape(f"{len(items)} {noun}, {open_count} open."), b.looks.muted_body), Spacer(1, 4))
    rows = []
    for number, item in enumerate(items, 1):
        meta = [item.kind.value.capitalize()]
        if item.priority is not None:
            meta.append(item.priority.value)
        if item.tracker_ref.strip():
            meta.append(item.tracker_ref.strip())
        title = markup(item.title.strip() or "(untitled)", bold=True, limit=TITLE_LIMIT, max_lines=6)
        prefix = (f"<b>{title}</b><br/>"
                  f'<font color="{look.MUTED.hexval()}" size="7">{_name(" · ".join(meta))}</font>')
        due = markup(due_label(item), limit=60, max_lines=2)
        if is_overdue(item, b.today):
            due = overdue_markup(due)
        colour = look.ACTION_STATUS_COLOURS[item.status].hexval()
        status = f'<font name="{fonts().bold}" color="{colour}">{escape(item.status.label)}</font>'
        rows.append(Row([escape(str(number)), "", _name(item.owner.strip() or "—"), due, status],
                        long_text=item.description, long_prefix=prefix))
    owner_w = _fit([i.owner.strip() or "—" for i in items], s.cell, 16 * mm, 36 * mm, head="Owner")
    due_w = _fit([due_label(i) for i in items], s.cell, 14 * mm, 25 * mm, head="Due")
    status_w = _fit([i.status.label for i in items], s.cell, 16 * mm, 24 * mm, bold=True, head="Status")
    widths = [9 * mm, 0.0, owner_w, due_w, status_w]
    widths[1] = WIDTH - sum(widths)
    b.add(long_table(["#", "Action", "Owner", "Due", "Status"], rows, widths, long_column=1,
                     styles=[s.cell_muted, s.cell, s.cell, s.cell, s.cell]))


def _bullets(b: _Builder, texts: list[str]) -> None:
    s = look.styles()
    for text in texts:
        b.add(*prose_paragraphs(text, s.bullet, bullet="•"))


def _questions(b: _Builder) -> None:
    questions = [q for q in b.pm.open_questions if q.strip()]
    if not questions:
        return
    b.section(QUESTIONS)
    _bullets(b, questions)


def _parking_lot(b: _Builder) -> None:
    items = [i for i in b.pm.parking_lot if i.text.strip()]
    if not items:
        return
    s = look.styles()
    b.section(PARKING_LOT)
    for item in items:
        state = "Resolved" if item.resolved else "Open"
        raised = format_day(to_zone(item.raised_at, b.pm.time_zone).date())
        meta = f'<font color="{look.MUTED.hexval()}">  ({escape(state)}, raised {escape(raised)})</font>'
        b.add(*prose_paragraphs(item.text, s.bullet, bullet="•", suffix=meta))


def _extra_sections(b: _Builder) -> None:
    sections = [x for x in b.pm.extra_sections if x.heading.strip() or x.body.strip()]
    if not sections:
        return
    used = {f.outline_title.casefold() for f in b.story if isinstance(f, Heading)}
    b.section(ADDITIONAL)
    for extra in sections:
        title = _distinct(extra.heading.strip() or "Untitled section", used)
        used.add(title.casefold())
        b.subsection(title)
        b.add(*body(extra.body))


IMPORTED = "imported notes"


def _distinct(title: str, used: set[str]) -> str:
    """``title``, or "Timeline (imported notes)" when the report already has a heading "Timeline".

    An imported section named like one of the report's own would appear twice in the
    contents and the bookmarks with nothing to tell them apart.
    """
    if title.casefold() not in used:
        return title
    candidate = f"{title} ({IMPORTED})"
    number = 2
    while candidate.casefold() in used:
        candidate = f"{title} ({IMPORTED} {number})"
        number += 1
    return candidate


def section_titles(pm: Postmortem) -> list[str]:
    """The top-level sections the report of ``pm`` holds, in order (its outline)."""
    builder = _Builder(pm, date.today())
    for part in (_restoration, _evidence, _stakeholders, _discussion, _narrative, _lessons, _timeline,
                 _causes, _whys, _actions, _questions, _parking_lot, _extra_sections):
        part(builder)
    return [f.outline_title for f in builder.story if isinstance(f, Heading) and f.level == 0]


__all__ = ["render_full_report", "section_titles", "write_full_report"]
