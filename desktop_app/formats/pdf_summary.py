"""The executive summary PDF: one page (two at most) for leadership, laid out with reportlab platypus.

``render_summary_pdf`` returns the PDF bytes; ``write_summary_pdf`` writes them
atomically. Content is picked in ``pdf_content``, user text is made safe and
font-tagged in ``pdf_text``, and the look lives in ``pdf_styles``.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app.domain.event_text import without_leading_actor
from desktop_app.domain.models import CauseKind, Kind, Postmortem, TimelineEvent
from desktop_app.domain.zones import zone
from desktop_app.formats import pdf_styles as look
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.export_options import ExportOptions, Logo, logo_for
from desktop_app.formats.pdf_canvas import numbered_canvas
from desktop_app.formats.pdf_cancel import Cancellable, Cancelled
from desktop_app.formats.pdf_content import (
    MAX_ACTIONS,
    MAX_KEY_MOMENTS,
    Tile,
    document_author,
    due_label,
    event_time_label,
    format_day,
    OVERDUE,
    causes_not_in,
    is_overdue,
    key_moments,
    metric_tiles,
    missing_parts,
    moment_label,
    moments_zone_label,
    visible_actions,
    window_fact,
)
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_prose import aligned, mark_blocks, prose, starts_right_to_left
from desktop_app.formats.pdf_report_blocks import clipped_blocks
from desktop_app.formats.pdf_text import ELLIPSIS, METADATA_LIMIT, BidiParagraph, clip, escape, markup, metadata_keywords

AUTHOR = "Hindsight"
SUBJECT = "Postmortem executive summary"
UNTITLED = "Untitled postmortem"

MAX_PAGES = 2
SECTION_MIN_ROOM = 70  # points: start a section on the next page if less room is left


@dataclass(frozen=True)
class Budget:
    """How much of each long field the summary shows (in narrow-character widths, see ``pdf_text.clip``)."""

    summary: int = 1200
    impact: int = 700
    root_cause: int = 800
    cause: int = 180
    causes: int = 5
    moments: int = MAX_KEY_MOMENTS
    moment: int = 170
    actions: int = MAX_ACTIONS
    action_title: int = 130


#: Tried first: long fields nearly whole, for when two pages are needed anyway.
GENEROUS = Budget(
    summary=3200,
    impact=1800,
    root_cause=2000,
    cause=320,
    causes=8,
    moment=280,
    action_title=280,
)

#: A slightly shorter cut, used when it brings a two-page summary down to one page.
ONE_PAGE = Budget(
    summary=900,
    impact=500,
    root_cause=550,
    cause=150,
    causes=4,
    moments=5,
    moment=110,
    actions=8,
    action_title=110,
)
#: Tried in order until the document fits on ``MAX_PAGES`` pages; the last one is used regardless.
BUDGETS = (
    Budget(),
    Budget(
        summary=900,
        impact=500,
        root_cause=550,
        cause=150,
        causes=4,
        moments=7,
        moment=130,
        actions=8,
        action_title=110,
    ),
    Budget(
        summary=700,
        impact=400,
        root_cause=400,
        cause=120,
        causes=3,
        moments=6,
        moment=100,
        actions=6,
        action_title=90,
    ),
)


def render_summary_pdf(
    pm: Postmortem,
    *,
    organisation: str = "",
    confidentiality: str = "",
    options: ExportOptions | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The executive summary of ``pm`` as PDF bytes (A4, fonts embedded, one or two pages).

    ``options`` (organisation, confidentiality label, logo) takes precedence over the two
    keyword strings; ``ExportFailure`` if its logo cannot be used, ``ExportCancelled`` once
    ``cancelled()`` answers ``True``.
    """
    fonts()
    if options is not None:
        organisation, confidentiality = options.organisation, options.confidentiality
    logo = logo_for(options) if options is not None else None
    today = datetime.now(zone(pm.time_zone)).date()

    def build(budget: Budget) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        doc = _SummaryDocument(
            buffer, pm, organisation=organisation, confidentiality=confidentiality, logo=logo
        )
        doc.cancelled = cancelled
        pages: list[int] = []
        doc.build(_story(pm, today, budget), canvasmaker=numbered_canvas(today, pages))
        return buffer.getvalue(), pages[0]

    data, pages = build(GENEROUS)
    if pages == 1:
        return data
    for one_page in (BUDGETS[0], ONE_PAGE):  # a modest cut is worth it to fit on one page
        shorter, shorter_pages = build(one_page)
        if shorter_pages == 1:
            return shorter
    for budget in BUDGETS:
        if pages <= MAX_PAGES:
            break
        data, pages = build(budget)
    return data


def write_summary_pdf(pm: Postmortem, path: Path, **kw: Any) -> None:
    """Render the summary and write it to ``path`` atomically; ``ExportFailure`` says why if it cannot."""
    data = render_summary_pdf(pm, **kw)
    try:
        write_atomically(Path(path), data)
    except ExportFailure as exc:
        raise ExportFailure(f"Could not write the PDF summary to {path}: {exc.reason}") from exc



# --- page furniture -------------------------------------------------------------------------


class _SummaryDocument(Cancellable, BaseDocTemplate):
    """A4 pages with a footer on every page and a running title from page two on."""

    def __init__(
        self,
        target: io.BytesIO,
        pm: Postmortem,
        *,
        organisation: str,
        confidentiality: str,
        logo: Logo | None = None,
    ) -> None:
        title = pm.title.strip() or UNTITLED
        super().__init__(
            target,
            pagesize=look.PAGE_SIZE,
            leftMargin=look.MARGIN_X,
            rightMargin=look.MARGIN_X,
            topMargin=look.MARGIN_TOP,
            bottomMargin=look.MARGIN_BOTTOM,
            title=clip(title, METADATA_LIMIT, max_lines=1),
            author=clip(document_author(pm, organisation), METADATA_LIMIT, max_lines=1),
            subject=SUBJECT,
            creator=AUTHOR,
            keywords=metadata_keywords(pm.tags),
            initialFontName=fonts().regular,  # no stray Helvetica in the PDF
        )
        self._title = title
        self._organisation = organisation.strip()
        self._confidentiality = confidentiality.strip()
        self._logo = ImageReader(io.BytesIO(logo.data)) if logo is not None else None
        self._logo_size = logo.fit(22 * mm, 5.5 * mm) if logo is not None else (0.0, 0.0)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="summary", frames=[frame], onPage=self._furniture)])

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        s = look.styles()
        canvas.saveState()
        rule_y = look.MARGIN_BOTTOM - 7 * mm
        canvas.setStrokeColor(look.RULE)
        canvas.setLineWidth(0.6)
        canvas.line(look.MARGIN_X, rule_y, look.PAGE_SIZE[0] - look.MARGIN_X, rule_y)
        parts = []
        if self._organisation:
            parts.append(
                f'<font color="{look.INK.hexval()}">'
                f"{markup(self._organisation, bold=True, limit=60, max_lines=1)}</font>"
            )
        if self._confidentiality:
            parts.append(
                f'<font color="{look.ALERT.hexval()}">'
                f"{markup(self._confidentiality.upper(), bold=True, limit=50, max_lines=1)}</font>"
            )
        x = look.MARGIN_X
        if self._logo is not None:
            logo_w, logo_h = self._logo_size
            canvas.drawImage(self._logo, x, rule_y - 3 - logo_h, logo_w, logo_h, mask="auto")
            x += logo_w + 6
        if parts:
            left = BidiParagraph("  ·  ".join(parts), s.footer)
            _, height = left.wrap(look.CONTENT_WIDTH * 0.62, 20)
            left.drawOn(canvas, x, rule_y - 3 - height)
        if doc.page > 1:
            running = BidiParagraph(markup(self._title, limit=110, max_lines=1), s.footer)
            _, height = running.wrap(look.CONTENT_WIDTH, 20)
            top = look.PAGE_SIZE[1] - look.MARGIN_TOP + 5 * mm
            running.drawOn(canvas, look.MARGIN_X, top)
            canvas.line(look.MARGIN_X, top - 2, look.PAGE_SIZE[0] - look.MARGIN_X, top - 2)
        canvas.restoreState()


# --- the story ----------------------------------------------------------------------------


def _story(pm: Postmortem, today: date, budget: Budget) -> list[Flowable]:
    story: list[Flowable] = [_header_band(pm)]
    facts = _facts(pm)
    if facts is not None:
        story += [Spacer(1, 7), facts]
    tiles = metric_tiles(pm)
    if tiles:
        story += [Spacer(1, 8), tiles_table(tiles)]
    narrative = pm.narrative
    summary = narrative.summary.strip() or narrative.what_happened.strip()
    if summary:
        story += _section("Summary", _body(summary, budget.summary))
    if narrative.impact.strip():
        story += _section("Impact", _body(narrative.impact, budget.impact))
    root = _root_cause(pm, budget)
    if root:
        story += _section("Root cause", root)
    if pm.timeline:
        story += _section("Key moments", _moments(pm, budget))
    if pm.action_items:
        story += _section("Action items", _actions(pm, today, budget))
    missing = missing_parts(pm)
    if len(missing) == SUMMARY_PARTS:
        story += [Spacer(1, 14), _nothing_yet(missing)]
    return story


#: What ``pdf_content.missing_parts`` can name; when all are missing the page says so.
SUMMARY_PARTS = 5


def _nothing_yet(missing: list[str]) -> Table:
    """A calm, muted box on an empty summary: what it will show once it is written."""
    s = look.styles()
    listed = ", ".join(missing[:-1]) + f" and {missing[-1]}"
    text = (f"<b>Nothing to summarise yet.</b> This page will show {escape(listed)} once they are written "
            "in the wizard (steps 1, 5 and 6); export again then.")
    return Table([[BidiParagraph(text, s.body)]], colWidths=[look.CONTENT_WIDTH], style=_style([
        ("BACKGROUND", (0, 0), (-1, -1), look.TILE),
        ("ROUNDEDCORNERS", [4, 4, 4, 4]),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]), hAlign="LEFT")


def _p(
    text: str, style: Any, *, bold: bool = False, limit: int | None = None, max_lines: int = 12
) -> BidiParagraph:
    return BidiParagraph(markup(text, bold=bold, limit=limit, max_lines=max_lines), style)


def _body(text: str, limit: int) -> list[Flowable]:
    """A narrative field, clipped to ``limit``, its Markdown shown as formatting (``pdf_prose``),
    each code block as one line saying it is in the full report.

    One paragraph; one per line, each aligned to its own side, when its lines run in both directions;
    each pipe table a compact table.
    """
    style = look.styles().body

    def shown(lines: list[tuple[str, str]]) -> list[Flowable]:
        if len({starts_right_to_left(plain) for _, plain in lines}) > 1:
            return [BidiParagraph(markup_text, aligned(style, plain)) for markup_text, plain in lines]
        return [BidiParagraph("<br/>".join(m for m, _ in lines), aligned(style, text))]

    # leadership reads no diffs or logs; a pipe table is a compact table of the rows that fit
    return clipped_blocks(text, sentence_limit(text, limit), code=False, compact=True, lines_flowables=shown)


#: The end of a sentence: its closing mark (and quotes or brackets) before a space or a line break.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")


def sentence_limit(text: str, limit: int) -> int:
    """A ``limit`` for ``prose_lines`` that ends a narrative field cut by the budget after a whole sentence.

    The cut alone falls on a word, and can leave a lone word of the next sentence or paragraph
    ("… store it to the database. The…"). When a sentence ends in the second half of what the
    cut keeps, the cut moves back to that sentence's end; otherwise (one long sentence) it stays.
    """
    marked = mark_blocks(text, code=False)
    shown = clip(marked, limit)
    full = clip(marked, sys.maxsize)
    kept = len(shown) - len(ELLIPSIS)
    if shown == full:
        return limit
    ends = [m.end() for m in _SENTENCE_END.finditer(full) if m.end() <= kept + 1]
    if not ends or ends[-1] < kept / 2 or ends[-1] >= kept:
        return limit  # no sentence ends late enough, or the cut is at one already
    end = ends[-1]
    low, high = 0, limit  # the largest limit whose cut keeps no more than the whole sentences
    while low < high:
        middle = (low + high + 1) // 2
        if len(clip(marked, middle)) - len(ELLIPSIS) <= end:
            low = middle
        else:
            high = middle - 1
    return low if clip(marked, low) == full[:end].rstrip(" \n.,;:") + ELLIPSIS else limit


def _section(heading: str, content: list[Flowable]) -> list[Flowable]:
    """A heading with a rule under it, never left alone at the foot of a page."""
    head = BidiParagraph(escape(heading), look.styles().heading)
    return [CondPageBreak(SECTION_MIN_ROOM), head, _Rule(), Spacer(1, 2.5), *content]


def _style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to the embedded font (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().regular), *commands])


class _Rule(Flowable):
    """A thin full-width line under a section heading."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 0.8

    def draw(self) -> None:
        self.canv.setStrokeColor(look.RULE)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 0.4, self.width, 0.4)


def _header_band(pm: Postmortem) -> Table:
    s = look.styles()
    kind = "Near-miss review" if pm.kind is Kind.NEAR_MISS else "Incident postmortem"
    eyebrow = ["EXECUTIVE SUMMARY", kind.upper()]
    when = pm.incident_date
    if when is None and pm.times.started_at is not None:
        when = pm.times.started_at.astimezone(zone(pm.time_zone)).date()
    if when is not None:
        eyebrow.append(format_day(when).upper())
    left: list[Flowable] = [
        BidiParagraph(escape("  ·  ".join(eyebrow)), s.eyebrow),
        Spacer(1, 4),
        _p(pm.title.strip() or UNTITLED, s.title, bold=True, limit=170, max_lines=3),
    ]
    severity_colour = (
        look.SEVERITY_COLOURS.get(pm.severity, look.NO_SEVERITY) if pm.severity else look.NO_SEVERITY
    )
    badge = Table(
        [[BidiParagraph(escape(pm.severity.value if pm.severity else look.NO_SEVERITY_LABEL), s.badge)]],
        colWidths=[26 * mm],
        style=_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), severity_colour),
                ("ROUNDEDCORNERS", [3, 3, 3, 3]),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        ),
    )
    status_dot = look.STATUS_COLOURS[pm.status].hexval()
    status = BidiParagraph(f'<font color="{status_dot}">●</font> {escape(pm.status.label)}', s.badge_note)
    right_width = 32 * mm
    band = Table(
        [[left, [badge, Spacer(1, 5), status]]],
        colWidths=[look.CONTENT_WIDTH - right_width, right_width],
        style=_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), look.BAND),
                ("ROUNDEDCORNERS", [4, 4, 4, 4]),
                ("VALIGN", (0, 0), (0, 0), "TOP"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, 0), 14),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 11),
            ]
        ),
    )
    return band


def _facts(pm: Postmortem) -> Table | None:
    s = look.styles()
    rows: list[tuple[str, str]] = []
    window = window_fact(pm)
    if window:
        rows.append(("When", window))
    services = [x.strip() for x in pm.restoration.affected_services if x.strip()]
    if services:
        rows.append(("Services", ", ".join(services)))
    regions = [x.strip() for x in pm.restoration.affected_regions if x.strip()]
    if regions:
        rows.append(("Regions", ", ".join(regions)))
    if pm.restoration.affected_customers.strip():
        rows.append(("Customers", pm.restoration.affected_customers))
    if not rows:
        return None
    data = [
        [BidiParagraph(escape(label.upper()), s.cell_head), _p(value, s.body, limit=260, max_lines=2)]
        for label, value in rows
    ]
    return Table(
        data,
        colWidths=[24 * mm, look.CONTENT_WIDTH - 24 * mm],
        style=_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (0, -1), 3),
            ]
        ),
    )


def tiles_table(tiles: list[Tile], width: float = look.CONTENT_WIDTH) -> Table:
    """The metric tiles in one row across ``width``: value above a small caps label, an accent bar each."""
    s = look.styles()
    gap = 6
    slots = max(len(tiles), 4)  # one or two tiles keep a tile's size instead of stretching across the page
    tile_width = (width - gap * (slots - 1)) / slots
    row: list[Any] = []
    widths: list[float] = []
    for index, tile in enumerate(tiles):
        if index:
            row.append("")
            widths.append(gap)
        row.append(
            [BidiParagraph(escape(tile.value), s.tile_value), BidiParagraph(escape(tile.label.upper()), s.tile_label)]
        )
        widths.append(tile_width)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]
    for column in range(0, len(row), 2):
        commands += [
            ("BACKGROUND", (column, 0), (column, 0), look.TILE),
            ("LINEBEFORE", (column, 0), (column, 0), 2.2, look.ACCENT),
        ]
    return Table([row], colWidths=widths, style=_style(commands), hAlign="LEFT")


def _root_cause(pm: Postmortem, budget: Budget) -> list[Flowable]:
    s = look.styles()
    content: list[Flowable] = []
    if pm.narrative.root_cause.strip():
        content += _body(pm.narrative.root_cause, budget.root_cause)
    causes = [c for c in pm.causes if c.text.strip()]
    causes = [causes[i] for i in causes_not_in(pm.narrative.root_cause, [c.text for c in causes])]
    causes.sort(key=lambda c: 0 if c.kind is CauseKind.ROOT_CAUSE else 1)
    for cause in causes[: budget.causes]:
        colour = look.ALERT if cause.kind is CauseKind.ROOT_CAUSE else look.MUTED
        label = f'<font name="{fonts().bold}" color="{colour.hexval()}">{escape(cause.kind.label)}</font>'
        text = prose(cause.text, limit=budget.cause, max_lines=2)
        content.append(BidiParagraph(f"{label}  {text}", s.bullet, bulletText="•"))
    if len(causes) > budget.causes:
        content.append(BidiParagraph(escape(more_note(len(causes) - budget.causes, "cause", "causes")), s.note))
    return content


def _table_style() -> list[tuple[Any, ...]]:
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, look.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, look.RULE),
    ]


def more_note(count: int, one: str, many: str) -> str:
    """``… and 3 more action items``: what the summary left out (the full report has it all)."""
    return f"{ELLIPSIS} and {count:,} more {one if count == 1 else many} in the full report"


def _moments(pm: Postmortem, budget: Budget) -> list[Flowable]:
    events = key_moments(pm.timeline, budget.moments)
    table = _moments_table(pm, events, budget)
    hidden = len(pm.timeline) - len(events)
    if hidden <= 0:
        return [table]
    note = more_note(hidden, "timeline event", "timeline events")
    return [table, BidiParagraph(escape(note), look.styles().note)]


def _moments_table(pm: Postmortem, events: list[TimelineEvent], budget: Budget) -> Table:
    s = look.styles()
    zone_label, with_date = moments_zone_label(events, pm.time_zone)
    time_head = f"TIME ({zone_label})" if zone_label else "TIME"
    rows: list[list[Any]] = [
        [
            BidiParagraph(escape(time_head), s.cell_head),
            BidiParagraph("KIND", s.cell_head),
            BidiParagraph("WHAT HAPPENED", s.cell_head),
        ]
    ]
    texts = [time_head]
    kinds = ["KIND"]
    for event in events:
        what = prose(without_leading_actor(event.description, event.actor), limit=budget.moment, max_lines=2)
        if event.actor.strip():
            what += (
                f' <font color="{look.MUTED.hexval()}">— {markup(event.actor, limit=40, max_lines=1)}</font>'
            )
        kind = moment_label(event)
        when = event_time_label(event, pm.time_zone, with_date=with_date)
        texts.append(when)
        label = (f'<font name="{fonts().bold}" color="{look.ACCENT.hexval()}">{escape(kind)}</font>'
                 if event.key_moment is not None else escape(kind))
        kinds.append(kind)
        rows.append(
            [
                _p(when, s.cell_strong, bold=True, limit=40, max_lines=1),
                BidiParagraph(label, s.cell_muted),
                BidiParagraph(what, s.cell),
            ]
        )
    time_width = _fit_width(texts, s.cell_strong, 15 * mm, 34 * mm)
    kind_width = _fit_width(kinds, s.cell_muted, 14 * mm, 26 * mm)
    return Table(
        rows,
        colWidths=[time_width, kind_width, look.CONTENT_WIDTH - time_width - kind_width],
        style=_style(_table_style()),
        repeatRows=1,
    )


def overdue_markup(due: str) -> str:
    """A due date's markup with "Overdue" under it, both in the alert colour (not colour alone)."""
    alert = look.ALERT.hexval()
    return f'<font color="{alert}">{due}<br/><font name="{fonts().bold}">{escape(OVERDUE)}</font></font>'


def _fit_width(texts: list[str], style: Any, minimum: float, maximum: float) -> float:
    """A column width that fits the widest of ``texts`` on one line, kept within ``minimum``..``maximum``."""
    widest = max(stringWidth(t, fonts().bold, style.fontSize) for t in texts)
    return min(max(widest + 9, minimum), maximum)


def _actions(pm: Postmortem, today: date, budget: Budget) -> list[Flowable]:
    s = look.styles()
    shown, hidden = visible_actions(pm.action_items, budget.actions)
    rows: list[list[Any]] = [[BidiParagraph(h, s.cell_head) for h in ("ACTION", "OWNER", "DUE", "STATUS")]]
    for item in shown:
        due = markup(due_label(item), limit=24, max_lines=1)
        if is_overdue(item, today):
            due = overdue_markup(due)
        status_colour = look.ACTION_STATUS_COLOURS[item.status].hexval()
        rows.append(
            [
                _p(item.title.strip() or "(untitled)", s.cell, limit=budget.action_title, max_lines=2),
                _p(item.owner.strip() or "—", s.cell, limit=26, max_lines=2),
                BidiParagraph(due, s.cell),
                BidiParagraph(
                    f'<font name="{fonts().bold}" color="{status_colour}">{escape(item.status.label)}</font>',
                    s.cell,
                ),
            ]
        )
    owner_w = _fit_width(
        ["OWNER", *(clip(i.owner, 26, max_lines=1) for i in shown)], s.cell, 15 * mm, 34 * mm
    )
    due_w = _fit_width(
        ["DUE", *(clip(due_label(i), 24, max_lines=1) for i in shown)], s.cell, 15 * mm, 24 * mm
    )
    status_w = _fit_width(["STATUS", *(i.status.label for i in shown)], s.cell_strong, 14 * mm, 22 * mm)
    table = Table(
        rows,
        colWidths=[look.CONTENT_WIDTH - owner_w - due_w - status_w, owner_w, due_w, status_w],
        style=_style(_table_style()),
        repeatRows=1,
    )
    content: list[Flowable] = [table]
    if hidden:
        content.append(BidiParagraph(escape(more_note(hidden, "action item", "action items")), s.note))
    return content


__all__ = ["render_summary_pdf", "write_summary_pdf"]
