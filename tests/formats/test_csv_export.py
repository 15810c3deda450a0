"""CSV of action items: Jira's header, UTF-8 with BOM, CRLF rows, and no formulas for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import date

from desktop_app.domain.models import (
    ActionItem,
    ActionKind,
    ActionStatus,
    Postmortem,
    Priority,
    Severity,
)
from desktop_app.formats.csv_export import HEADER, action_items_csv, neutralise


def _pm() -> Postmortem:
    return Postmortem(
        id="p" * 32,
        title="AT&T outage; R&D & QA",
        severity=Severity.SEV2,
        action_items=[
            ActionItem(id="a1", title="Add canary, then alert", description="why:\n\"quoted\", a<b & c>d",
                       kind=ActionKind.PREVENT, owner="Zoë", due_date=date(2024, 4, 1),
                       status=ActionStatus.IN_PROGRESS, priority=Priority.P1, tracker_ref="OPS-1"),
            ActionItem(id="a2", title="=HYPERLINK(\"http://evil\")", owner="@bob", due_text="next sprint",
                       status=ActionStatus.DONE),
            ActionItem(id="a3", title="東京 שלום مرحبا 🔥", owner="-1+2", kind=ActionKind.DETECT,
                       description="\tindented", status=ActionStatus.WONT_DO, priority=Priority.P0),
        ],
    )


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_header_and_exact_rows() -> None:
    data = action_items_csv([_pm()])
    pid = "p" * 32
    assert _rows(data) == [
        list(HEADER),
        ["Add canary, then alert", "why:\n\"quoted\", a<b & c>d\nTracker: OPS-1", "Zoë", "2024-04-01",
         "In progress", "High", "Task", "postmortem action-prevent sev2", "a1", "AT&T outage; R&D & QA", pid],
        ["'=HYPERLINK(\"http://evil\")", "Due: next sprint", "'@bob", "", "Done", "", "Task",
         "postmortem action-other sev2", "a2", "AT&T outage; R&D & QA", pid],
        ["東京 שלום مرحبا 🔥", "'\tindented", "'-1+2", "", "Won't do", "Highest", "Task",
         "postmortem action-detect sev2", "a3", "AT&T outage; R&D & QA", pid],
    ]


def test_header_line_bytes_and_crlf() -> None:
    data = action_items_csv([_pm()])
    assert data.split(b"\r\n")[0] == (
        b"\xef\xbb\xbfSummary,Description,Assignee,Due Date,Status,Priority,Issue Type,Labels,External ID,"
        b"Postmortem,Postmortem ID"
    )
    assert data.endswith(b"\r\n")
    # a newline inside a quoted cell stays a bare LF; every row ends with CRLF
    assert data.count(b"\r\n") == 4
    assert b'"why:\n""quoted"", a<b & c>d\nTracker: OPS-1"' in data


def test_several_postmortems_and_none() -> None:
    other = Postmortem(id="q" * 32, title="Second", action_items=[ActionItem(id="b1", title="One more")])
    rows = _rows(action_items_csv([_pm(), other]))
    assert [r[8] for r in rows[1:]] == ["a1", "a2", "a3", "b1"]
    assert rows[4][9:] == ["Second", "q" * 32]
    assert rows[4][7] == "postmortem action-other"
    assert _rows(action_items_csv([])) == [list(HEADER)]


def test_neutralise() -> None:
    assert [neutralise(v) for v in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "", "'"]] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "", "'",
    ]
