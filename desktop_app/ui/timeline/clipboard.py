"""Timeline rows on the clipboard: tab-separated text for spreadsheets plus a private format.

``rows_mime`` puts the events as ``text/plain`` (see ``formats.timeline_tsv``) and, for a
paste back into Hindsight, as JSON under ``EVENTS_MIME`` so nothing is lost in between
(seconds, sources, raw times). ``events_from_mime`` reads either, always with fresh ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData
from pydantic import ValidationError

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.formats.timeline_tsv import rows_to_tsv, tsv_to_events
from desktop_app.ui.wizard.timeline_columns import event_time_text, parse_event_time

EVENTS_MIME = "application/x-hindsight-timeline-events"


def _parse_time(pm: Postmortem, text: str, zone: str) -> dict[str, Any] | None:
    parsed = parse_event_time(pm, text, zone)
    return None if parsed.needs_choice else dict(parsed)


def rows_mime(pm: Postmortem, events: Sequence[TimelineEvent], zone: str) -> QMimeData:
    """The events as spreadsheet text (times as shown in ``zone``) and in the private format."""
    data = QMimeData()
    data.setText(rows_to_tsv(pm, events, zone, time_text=event_time_text))
    payload = [json.loads(event.model_dump_json()) for event in events]
    data.setData(EVENTS_MIME, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return data


def _private(data: QMimeData) -> list[TimelineEvent] | None:
    try:
        payload = json.loads(bytes(data.data(EVENTS_MIME).data()).decode("utf-8"))
        return [TimelineEvent.model_validate(item).model_copy(update={"id": TimelineEvent().id})
                for item in payload]
    except (ValueError, TypeError, ValidationError):
        return None


def events_from_mime(data: QMimeData | None, pm: Postmortem, zone: str) -> tuple[list[TimelineEvent], list[str]]:
    """New events (fresh ids) from clipboard data, and the problems met reading its text."""
    if data is None:
        return [], []
    if data.hasFormat(EVENTS_MIME):
        events = _private(data)
        if events is not None:
            return events, []
    if not data.hasText():
        return [], []
    return tsv_to_events(data.text(), pm, zone, parse_time=_parse_time)
