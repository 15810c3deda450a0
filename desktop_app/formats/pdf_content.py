"""What the executive summary shows, decided without reportlab: key moments, tiles, labels.

These pure functions pick and word the content so they can be tested on their own;
``pdf_summary`` only lays it out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.metrics import format_span, incident_metrics
from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    EventKind,
    KeyMoment,
    Postmortem,
    StakeholderRole,
    TimelineEvent,
    TimePrecision,
)
from desktop_app.domain.zones import to_zone

KEY_KINDS = frozenset(
    {
        EventKind.TRIGGER,
        EventKind.DETECTION,
        EventKind.ALERT,
        EventKind.ACKNOWLEDGEMENT,
        EventKind.MITIGATION,
        EventKind.RESOLUTION,
    }
)
MAX_KEY_MOMENTS = 8
MAX_ACTIONS = 10


@dataclass(frozen=True)
class Tile:
    """One metric tile: a big value and a small label."""

    value: str
    label: str


def format_day(day: date) -> str:
    """``14 Mar 2024`` (English month abbreviation, independent of the locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def zone_abbreviation(moment: datetime) -> str:
    """The zone's short name at ``moment`` (``CET``, ``CEST``, ``UTC``; else an offset like ``+03``)."""
    return moment.tzname() or moment.strftime("%z")


def format_moment(
    moment: datetime,
    zone_name: str,
    *,
    with_date: bool = True,
    with_zone: bool = True,
    seconds: bool = False,
    with_year: bool = True,
) -> str:
    """An aware instant shown in ``zone_name``: ``14 Mar 2024 09:12 CET`` (or ``14 Mar 09:12``)."""
    local = to_zone(moment, zone_name)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    day = format_day(local.date())
    parts = [day if with_year else day.rsplit(" ", 1)[0]] if with_date else []
    parts.append(clock)
    if with_zone:
        parts.append(zone_abbreviation(local))
    return " ".join(parts)


def format_instant(moment: datetime, zone_name: str, *, day_only: bool = False) -> str:
    """``format_moment`` for a time perhaps known to the day only: then the date alone (``28 Jan 2021``)."""
    if day_only:
        return format_day(to_zone(moment, zone_name).date())
    return format_moment(moment, zone_name)


def _moment_range(start: datetime, end: datetime, zone_name: str, *,
                  start_day: bool = False, end_day: bool = False) -> str:
    local_start, local_end = to_zone(start, zone_name), to_zone(end, zone_name)
    same_day = local_start.date() == local_end.date()
    if start_day and end_day and same_day:
        return format_day(local_start.date())
    if not (start_day or end_day) and same_day and local_start.tzname() == local_end.tzname():
        first = format_moment(start, zone_name, with_zone=False)
        return f"{first} – {format_moment(end, zone_name, with_date=False)}"
    first = format_instant(start, zone_name, day_only=start_day)
    return f"{first} – {format_instant(end, zone_name, day_only=end_day)}"


def _window(pm: Postmortem) -> tuple[str, bool]:
    """``incident_window`` and whether it shows a clock time (a date alone needs no zone)."""
    metrics = incident_metrics(pm)
    end_name = "resolved_at" if metrics.resolved_at is not None else "mitigated_at"
    start, end = metrics.started_at, getattr(metrics, end_name)
    start_day, end_day = metrics.is_day_only("started_at"), metrics.is_day_only(end_name)
    zone_name = pm.time_zone
    if start is not None and end is not None and end >= start:
        window = _moment_range(start, end, zone_name, start_day=start_day, end_day=end_day)
        return window, not (start_day and end_day)
    if start is not None:
        return f"Started {format_instant(start, zone_name, day_only=start_day)}", not start_day
    if end is not None:
        return f"Resolved {format_instant(end, zone_name, day_only=end_day)}", not end_day
    first, last = metrics.first_event_at, metrics.last_event_at
    first_day, last_day = metrics.is_day_only("first_event_at"), metrics.is_day_only("last_event_at")
    if first is None or last is None:
        return "", False
    if first == last:
        window = format_instant(first, zone_name, day_only=first_day and last_day)
    else:
        window = _moment_range(first, last, zone_name, start_day=first_day, end_day=last_day)
    return f"Timeline: {window}", not (first_day and last_day)


def incident_window(pm: Postmortem) -> str:
    """The incident's start–end in the display zone: ``14 Mar 2024 09:12 – 11:47 CET``; ``""`` if unknown.

    Without stated key times, the timeline's first and last events are shown, and said to be so.
    An end known to the day only (an event with a date and no time) shows its date alone:
    ``Timeline: 28 Jan 2021 – 24 Apr 2022``.
    """
    return _window(pm)[0]


def window_fact(pm: Postmortem) -> str:
    """The incident window for a facts row: followed by the zone's name (``(Europe/Berlin)``)
    when it shows a clock time in a zone other than UTC."""
    window, clock = _window(pm)
    return f"{window}  ({pm.time_zone})" if window and clock and pm.time_zone != "UTC" else window


def metric_tiles(pm: Postmortem) -> list[Tile]:
    """Duration and time to detect / mitigate / resolve from the stated key times, plus open actions.

    With no stated duration, the timeline's extent is shown as such ("Timeline span").
    """
    metrics = incident_metrics(pm)
    spans = [
        ("Duration", metrics.duration),
        ("Time to detect", metrics.time_to_detect),
        ("Time to mitigate", metrics.time_to_mitigate),
        ("Time to resolve", metrics.time_to_resolve),
    ]
    if metrics.time_to_resolve is not None and metrics.time_to_resolve == metrics.duration:
        spans.pop()  # the same figure as the duration: show it once
    if metrics.duration is None and metrics.timeline_span:
        spans.insert(0, ("Timeline span", metrics.timeline_span))
    tiles = [Tile(format_span(span), label) for label, span in spans if span is not None]
    customers = customers_tile(pm.restoration.affected_customers)
    if customers is not None and len(tiles) < MAX_TILES - 1:
        tiles.append(customers)
    if pm.action_items:
        still_open = sum(1 for item in pm.action_items if not item.status.is_closed)
        tiles.append(Tile(f"{still_open} of {len(pm.action_items)}", "Action items open"))
    return tiles


#: A tile row holds at most this many tiles; the customers tile gives way first.
MAX_TILES = 5
#: A tile value is at most this wide (narrow-character widths) so it stays on one line.
MAX_TILE_TEXT = 9
_FIGURE = re.compile(
    r"^(?P<value>(?:~|≈|>|<|about |approx\.? |over |more than |up to )?\d(?:[\d,.\s]*\d)?\s?(?:%|k|K|M)?\+?)"
    r"(?:\s+(?P<what>[^\W\d_][\w-]*(?:\s[^\W\d_][\w-]*)?))?$"
)


def customers_tile(text: str) -> Tile | None:
    """A tile for the affected customers when they are stated as a short figure, else ``None``.

    "12,000 users" shows 12,000 over "Users affected"; "3 %" over "Customers affected";
    longer text ("all EU customers on the legacy plan") stays in the facts list only.
    """
    text = " ".join(text.split())
    match = _FIGURE.match(text)
    if match is not None and _width_units(match.group("value")) <= MAX_TILE_TEXT:
        what = match.group("what")
        label = f"{what.capitalize()} affected" if what and len(what) <= 12 else "Customers affected"
        return Tile(match.group("value").strip(), label)
    return None


def _width_units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _spread(indices: list[int], count: int) -> list[int]:
    """``count`` indices evenly spaced over ``indices``, always including the first and the last."""
    if count <= 0:
        return []
    if count >= len(indices):
        return list(indices)
    if count == 1:
        return [indices[0]]
    step = (len(indices) - 1) / (count - 1)
    return [indices[round(i * step)] for i in range(count)]


#: Kinds worth a director's eye after the key ones, when there is room.
NOTABLE_KINDS = frozenset({EventKind.ESCALATION, EventKind.DECISION, EventKind.ACTION})
#: Other events fill the list only up to this many (a timeline with nothing marked still shows its course).
MIN_MOMENTS = 3
_MOMENT_ORDER = {moment: rank for rank, moment in enumerate(KeyMoment)}


def key_moments(events: list[TimelineEvent], limit: int = MAX_KEY_MOMENTS) -> list[TimelineEvent]:
    """At most ``limit`` events for the summary's key moments, the marked ones chosen first, in time order.

    Events without a description never appear. First the events marked as key moments
    (Start, Detection, Acknowledgement, Mitigation, Resolution, in that order); then, in
    time order, events of a key kind (trigger, detection, alert, acknowledgement,
    mitigation, resolution), then escalations, decisions and actions, each an even spread
    when there are too many. Other events only fill the list up to ``MIN_MOMENTS``. An
    event whose time could not be read comes last if it is marked, and is left out otherwise.
    """
    usable = [i for i, event in enumerate(events) if event.description.strip()]
    timed = [i for i in usable if events[i].occurred_at is not None]
    marked = sorted((i for i in usable if events[i].key_moment is not None),
                    key=lambda i: (events[i].occurred_at is None, _MOMENT_ORDER[events[i].key_moment], i))
    chosen = marked[:limit]
    others: list[int] = []
    for tier in (KEY_KINDS, NOTABLE_KINDS, None):
        room = limit - len(chosen) - len(others) if tier is not None else \
            min(limit, MIN_MOMENTS) - len(chosen) - len(others)
        if room <= 0:
            continue
        taken = set(chosen) | set(others)
        candidates = [i for i in timed if i not in taken and (tier is None or events[i].kind in tier)]
        others += _spread(candidates, room)
    # shown in time order (a reader follows the incident down the table); unreadable times last
    shown = sorted(chosen + others, key=lambda i: (events[i].occurred_at is None, events[i].occurred_at or 0, i))
    return [events[i] for i in shown]


def moment_label(event: TimelineEvent) -> str:
    """What the summary's kind column says: the key moment an event is marked as, else its kind."""
    if event.key_moment is KeyMoment.ACKNOWLEDGEMENT:
        return "Acknowledged"  # "Acknowledgement" does not fit the column
    if event.key_moment is not None:
        return event.key_moment.label
    return _KIND_LABELS.get(event.kind, event.kind.value.capitalize())


_KIND_LABELS = {EventKind.ACKNOWLEDGEMENT: "Acknowledged", EventKind.COMMUNICATION: "Comms"}


def event_time_label(event: TimelineEvent, zone_name: str, *, with_date: bool) -> str:
    """A key moment's time: clock time in the zone, a date for day-only events, else the raw text."""
    if event.occurred_at is None:
        return event.raw_time.strip() or "—"
    prefix = "~" if event.approximate else ""
    if event.precision is TimePrecision.DAY:
        return prefix + format_day(to_zone(event.occurred_at, zone_name).date())
    return prefix + format_moment(
        event.occurred_at,
        zone_name,
        with_date=with_date,
        with_zone=False,
        with_year=False,
        seconds=event.precision is TimePrecision.SECOND,
    )


def moments_zone_label(events: list[TimelineEvent], zone_name: str) -> tuple[str, bool]:
    """The zone abbreviation(s) for the key-moment time column and whether rows need a date.

    Dates are shown when the events fall on more than one local day (a day-only event counts:
    "21 Jun" above "07:09" would read as 07:09 on 21 June).
    """
    local = [to_zone(e.occurred_at, zone_name) for e in events if e.occurred_at is not None]
    timed = [m for m, e in zip(local, (e for e in events if e.occurred_at is not None), strict=True)
             if e.precision is not TimePrecision.DAY]
    names = sorted({zone_abbreviation(moment) for moment in timed})
    days = {moment.date() for moment in local}
    return "/".join(names), len(days) > 1


def visible_actions(items: list[ActionItem], limit: int = MAX_ACTIONS) -> tuple[list[ActionItem], int]:
    """The action items worth a director's eye (open first, then by due date) and how many are left out."""
    order = {ActionStatus.IN_PROGRESS: 0, ActionStatus.OPEN: 0, ActionStatus.DONE: 1, ActionStatus.WONT_DO: 2}
    ranked = sorted(
        enumerate(items),
        key=lambda pair: (order[pair[1].status], pair[1].due_date or date.max, pair[0]),
    )
    shown = [item for _, item in ranked[:limit]]
    return shown, max(0, len(items) - limit)


def due_label(item: ActionItem) -> str:
    """The due date as ``14 Mar 2024``, the due text as typed, or ``—``."""
    if item.due_date is not None:
        return format_day(item.due_date)
    return item.due_text.strip() or "—"


def is_overdue(item: ActionItem, today: date) -> bool:
    """Whether ``item`` is still open past its due date."""
    return item.due_date is not None and item.due_date < today and not item.status.is_closed


OVERDUE = "Overdue"


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .;:!?,")


_WORD = re.compile(r"[^\W\d_]{4,}")
#: A cause is taken as said already when this share of its words (their first five letters) is in the narrative.
SAID_SHARE = 0.75


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _WORD.findall(text.casefold())}


def causes_not_in(narrative: str, texts: list[str]) -> list[int]:
    """Indices of ``texts`` that say something the ``narrative`` does not say already.

    The summary shows the narrative root cause and then the causes: a cause whose text is
    contained in the narrative (case and spacing aside), or whose words of four letters or
    more are nearly all there (``SAID_SHARE``, compared on their first five letters, so
    "config"/"configuration" and "applies"/"applied" match), is not repeated.
    """
    said = _normalised(narrative)
    said_stems = _stems(narrative)
    kept: list[int] = []
    for index, text in enumerate(texts):
        own = _normalised(text)
        if said and own and own in said:
            continue
        stems = _stems(text)
        if len(stems) >= 2 and len(stems & said_stems) >= SAID_SHARE * len(stems):
            continue
        kept.append(index)
    return kept


def missing_parts(pm: Postmortem) -> list[str]:
    """What an executive summary of ``pm`` would need and does not have yet, in the order of the page."""
    n = pm.narrative
    parts = [
        ("a summary", bool(n.summary.strip() or n.what_happened.strip())),
        ("the impact", bool(n.impact.strip())),
        ("the root cause", bool(n.root_cause.strip() or any(c.text.strip() for c in pm.causes))),
        ("timeline events", any(e.description.strip() for e in pm.timeline)),
        ("action items", bool(pm.action_items)),
    ]
    return [name for name, present in parts if not present]


APP_NAME = "Hindsight"


def document_author(pm: Postmortem, organisation: str = "") -> str:
    """The PDF's author (metadata), the same rule for the summary and the full report.

    The facilitators, else the incident commanders, else the organisation, else Hindsight.
    """
    people = [s for s in pm.stakeholders if s.name.strip()]
    names = [s.name.strip() for s in people if s.is_facilitator] or [
        s.name.strip() for s in people if s.role is StakeholderRole.INCIDENT_COMMANDER
    ]
    if names:
        return ", ".join(names)
    return organisation.strip() or APP_NAME
