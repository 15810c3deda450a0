"""The tracker's CSV export: the shown rows with ``csv_export``'s columns and formula neutralising."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.formats.csv_export import item_row, rows_csv
from desktop_app.storage.action_tracker import TrackedItem


def tracker_csv(items: Iterable[TrackedItem]) -> bytes:
    """``items`` in the given order as CSV bytes that ``csv_status_import`` reads back."""
    return rows_csv(
        item_row(item.postmortem_id, item.postmortem_title, item.severity, item.as_action_item()) for item in items
    )
