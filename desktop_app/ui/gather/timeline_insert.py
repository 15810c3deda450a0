"""Adding read events to the postmortem's timeline, in time order, as one undo step.

A few events go in as a macro of row inserts (views keep their selection and scroll).
Many events replace the timeline list in one command instead: every row insert makes
the open views and derived figures look at the whole timeline again, so inserting
thousands one by one grows with the square of the count (seconds for 2,000 rows).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.models import TimelineEvent
from desktop_app.formats.raw_timeline import merge_rows, sorted_new_order
from desktop_app.ui.document import PostmortemDocument

TIMELINE = ("timeline",)
#: Above this many new events, one list-replacing command instead of row inserts.
ROW_INSERT_LIMIT = 100


def add_events_in_time_order(doc: PostmortemDocument, events: Sequence[TimelineEvent], *, text: str) -> int:
    """Insert ``events`` among the timeline's events by time; one undo step. Returns how many.

    Existing events keep their order; each new event goes before the first existing one
    that is later (see ``merge_rows``); events with no time go at the end.
    """
    if not events:
        return 0
    times = [e.occurred_at for e in events]
    existing = list(doc.pm.timeline)
    rows = merge_rows([e.occurred_at for e in existing], times)
    order = sorted_new_order(times)
    if len(events) > ROW_INSERT_LIMIT:
        merged: list[TimelineEvent] = list(existing)
        for index, row in zip(order, rows):
            merged.insert(row, events[index])
        doc.edit(TIMELINE, merged, text=text, merge=False)
        return len(events)
    doc.undo_stack.beginMacro(text)
    try:
        for index, row in zip(order, rows):
            doc.add_item(TIMELINE, row, events[index], text=text)
    finally:
        doc.undo_stack.endMacro()
    return len(events)
