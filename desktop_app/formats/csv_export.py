"""Action items as CSV for spreadsheets and Jira's CSV import.

One row per action item. The header names Jira's import fields, so the
file maps without editing: ``Summary, Description, Assignee, Due Date,
Status, Priority, Issue Type, Labels, External ID, Postmortem, Postmortem ID``.

The bytes are UTF-8 with a byte-order mark (Excel then reads any script
right) and CRLF row ends (RFC 4180). A cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading ``'``, as OWASP advises against CSV injection.

``External ID`` is the action item's own id; with ``Postmortem ID`` it names the
item, which ``csv_status_import`` uses to bring status and owner changes back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from desktop_app.domain.models import ActionItem, Postmortem, Priority, Severity

HEADER = (
    "Summary", "Description", "Assignee", "Due Date", "Status", "Priority",
    "Issue Type", "Labels", "External ID", "Postmortem", "Postmortem ID",
)
ISSUE_TYPE = "Task"
#: Hindsight's priorities as Jira's default priority names
JIRA_PRIORITY = {Priority.P0: "Highest", Priority.P1: "High", Priority.P2: "Medium", Priority.P3: "Low"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a cell that a spreadsheet would run as a formula starts with."""


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _description(item: ActionItem) -> str:
    parts = [item.description if item.description.strip() else ""]
    if item.due_date is None and item.due_text.strip():
        parts.append(f"Due: {item.due_text.strip()}")
    if item.tracker_ref.strip():
        parts.append(f"Tracker: {item.tracker_ref.strip()}")
    return "\n".join(p for p in parts if p)


def _labels(severity: Severity | None, item: ActionItem) -> str:
    """Space-separated Jira labels (labels cannot hold spaces)."""
    labels = ["postmortem", f"action-{item.kind.value.replace('_', '-')}"]
    if severity is not None:
        labels.append(severity.value.lower())
    return " ".join(labels)


def action_row(pm: Postmortem, item: ActionItem) -> list[str]:
    """One CSV row (before neutralising) for ``item`` of ``pm``."""
    return item_row(pm.id, pm.title, pm.severity, item)


def item_row(pm_id: str, pm_title: str, severity: Severity | None, item: ActionItem) -> list[str]:
    """One CSV row (before neutralising) for ``item`` of the postmortem ``pm_id`` titled ``pm_title``."""
    return [
        " ".join(item.title.split()),
        _description(item),
        item.owner.strip(),
        item.due_date.isoformat() if item.due_date else "",
        item.status.label,
        JIRA_PRIORITY[item.priority] if item.priority else "",
        ISSUE_TYPE,
        _labels(severity, item),
        item.id,
        " ".join(pm_title.split()),
        pm_id,
    ]


def action_items_csv(pms: Iterable[Postmortem]) -> bytes:
    """Every action item of ``pms`` as CSV bytes (UTF-8 with BOM, CRLF rows, header first)."""
    return rows_csv(action_row(pm, item) for pm in pms for item in pm.action_items)


def rows_csv(rows: Iterable[list[str]]) -> bytes:
    """``HEADER`` then ``rows`` (from ``item_row``), neutralised, as CSV bytes (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


__all__ = ["HEADER", "JIRA_PRIORITY", "action_items_csv", "action_row", "item_row", "neutralise", "rows_csv"]
