"""Reading status and owner changes back from an action-items CSV, as exported or re-saved by a spreadsheet."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.models import ActionItem, ActionStatus, Postmortem, Severity
from desktop_app.formats.csv_export import action_items_csv, item_row, neutralise, rows_csv
from desktop_app.formats.csv_status_import import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    STATUS_WORDS,
    CsvRow,
    CsvStatusError,
    PlannedChange,
    RowProblem,
    not_applied_heading,
    parse_status_csv,
    plan_status_import,
    read_status_csv,
    restore_neutralised,
    status_from_text,
)


def _pm() -> Postmortem:
    return Postmortem(
        id="pm1", title="Checkout; \"down\" & 決済", severity=Severity.SEV2,
        action_items=[
            ActionItem(id="a1", title="=HYPERLINK(\"x\")", owner="@bob", status=ActionStatus.OPEN),
            ActionItem(id="a2", title="Lower TTL, then alert", owner="Zoë", status=ActionStatus.IN_PROGRESS,
                       description="line one\nline two", due_date=date(2024, 6, 1)),
            ActionItem(id="a3", title="שלום 🔥", owner="   ", status=ActionStatus.WONT_DO),
        ],
    )


CURRENT = {
    ("pm1", "a1"): (ActionStatus.OPEN, "@bob"),
    ("pm1", "a2"): (ActionStatus.IN_PROGRESS, "Zoë"),
    ("pm1", "a3"): (ActionStatus.WONT_DO, "   "),
}


def test_our_own_export_reads_back_unchanged() -> None:
    parsed = parse_status_csv(action_items_csv([_pm()]))
    assert parsed.rows == [
        CsvRow(2, ("pm1", "a1"), "=HYPERLINK(\"x\")", ActionStatus.OPEN, "@bob"),
        CsvRow(3, ("pm1", "a2"), "Lower TTL, then alert", ActionStatus.IN_PROGRESS, "Zoë"),
        CsvRow(4, ("pm1", "a3"), "שלום 🔥", ActionStatus.WONT_DO, ""),
    ]
    assert parsed.problems == [] and parsed.delimiter == ","
    plan = plan_status_import(parsed, CURRENT)
    assert plan.changes == [] and plan.unchanged == 3 and plan.unmatched == []


def _excel_resave(data: bytes, *, delimiter: str = ";", bom: bool = False, newline: str = "\r\n") -> bytes:
    """What Excel writes when the export is opened and saved again as CSV in a ';' locale."""
    text = data.decode("utf-8-sig")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_ALL).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    ("delimiter", "bom", "newline"),
    [(";", False, "\r\n"), (";", True, "\n"), ("\t", True, "\r\n"), (",", False, "\n")],
)
def test_spreadsheet_resaved_forms(delimiter: str, bom: bool, newline: str) -> None:
    data = _excel_resave(action_items_csv([_pm()]), delimiter=delimiter, bom=bom, newline=newline)
    parsed = parse_status_csv(data)
    assert parsed.delimiter == delimiter
    assert [(r.row, r.key, r.status, r.owner) for r in parsed.rows] == [
        (2, ("pm1", "a1"), ActionStatus.OPEN, "@bob"),
        (3, ("pm1", "a2"), ActionStatus.IN_PROGRESS, "Zoë"),
        (4, ("pm1", "a3"), ActionStatus.WONT_DO, ""),
    ]


def test_utf16_and_sep_line() -> None:
    text = "sep=;\r\nSummary;Status;Assignee;Postmortem ID;External ID\r\nA;Done;李雷;pm1;a1\r\n"
    parsed = parse_status_csv(text.encode("utf-16"))
    assert parsed.rows == [CsvRow(3, ("pm1", "a1"), "A", ActionStatus.DONE, "李雷")]


def test_edited_rows_become_changes_and_bad_rows_are_reported() -> None:
    header = "Summary,Description,Assignee,Status,External ID,Postmortem ID\r\n"
    data = (
        header
        + "'=HYPERLINK(\"x\"),,'@bob,Done,a1,pm1\r\n"  # status changed; neutralised cells read back
        + "\"Lower TTL, then alert\",\"line one\r\nline two\",  Kim  ,in_progress,a2,pm1\r\n"  # owner only
        + ",,,,,\r\n"  # blank row 4: skipped (a quoted line break does not start a row)
        + "Ghost,,,Done,zz,pm1\r\n"  # no such item
        + "שלום 🔥,,   ,Blocked,a3,pm1\r\n"  # unknown status: ignored
        + "Again,,,Open,a1,pm1\r\n"  # the same item twice
        + "No key,,,Open,,pm1\r\n"
    ).encode("utf-8")
    parsed = parse_status_csv(data)
    plan = plan_status_import(parsed, CURRENT)
    assert plan.changes == [
        PlannedChange(2, ("pm1", "a1"), "=HYPERLINK(\"x\")", ActionStatus.DONE, None),
        PlannedChange(3, ("pm1", "a2"), "Lower TTL, then alert", None, "Kim"),
    ]
    assert (plan.status_changes, plan.owner_changes, plan.unchanged) == (1, 1, 0)
    assert [str(p) for p in plan.unmatched] == [
        "Row 5: “Ghost” matches no action item (item 'zz' of postmortem 'pm1').",
    ]
    assert [str(p) for p in plan.problems] == [
        "Row 6: “שלום 🔥” has the unknown status “Blocked” (use Open, In progress, Done or Won't do); "
        "it was ignored.",
        "Row 7: “Again” repeats the item of row 2; it was ignored.",
        "Row 8: “No key” has no External ID, so it matches no item.",
    ]


def test_an_owner_of_only_spaces_is_no_owner() -> None:
    data = b"Assignee,Postmortem ID,External ID\n   ,pm1,a2\n   ,pm1,a3\n"
    plan = plan_status_import(parse_status_csv(data), CURRENT)
    assert plan.changes == [PlannedChange(2, ("pm1", "a2"), "", None, "")]
    assert plan.unchanged == 1  # a3's owner was only spaces: already nobody


def test_status_words() -> None:
    cases = {
        "Open": ActionStatus.OPEN, "to-do": ActionStatus.OPEN, " TODO ": ActionStatus.OPEN,
        "In Progress": ActionStatus.IN_PROGRESS, "in_progress": ActionStatus.IN_PROGRESS,
        "Done": ActionStatus.DONE, "done": ActionStatus.DONE, "Closed": ActionStatus.DONE,
        "RESOLVED": ActionStatus.DONE, "Won't do": ActionStatus.WONT_DO, "Won’t Do": ActionStatus.WONT_DO,
        "wont_do": ActionStatus.WONT_DO, "Won't fix": ActionStatus.WONT_DO, "Cancelled": ActionStatus.WONT_DO,
    }
    assert {text: status_from_text(text) for text in cases} == cases
    for text in ("", "Blocked", "erledigt", "d one", "Done!"):
        assert status_from_text(text) is None
    for status in ActionStatus:  # our own labels and stored values always read back
        assert status_from_text(status.label) is status and status_from_text(status.value) is status
    assert len(STATUS_WORDS) == 27


def test_restore_neutralised_inverts_neutralise() -> None:
    for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "", "'", "'abc", "''=x"]:
        assert restore_neutralised(neutralise(text)) == text
    assert restore_neutralised("'=x") == "=x"
    assert restore_neutralised("'plain") == "'plain"


def test_tracker_rows_export_and_read_back() -> None:
    item = ActionItem(id="x1", title="+1 more replica", owner="-ops")
    data = rows_csv([item_row("pm9", "Another", None, item)])
    assert data.splitlines()[1] == b"'+1 more replica,,'-ops,,Open,,Task,postmortem action-other,x1,Another,pm9"
    assert parse_status_csv(data).rows == [CsvRow(2, ("pm9", "x1"), "+1 more replica", ActionStatus.OPEN, "-ops")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty: there is no header row."),
        (b"\n\n", "The file is empty: there is no header row."),
        (b"sep=;\n", "The file has a “sep=” line but no header row."),
        (b"Summary,Status\nA,Done\n", "The first row is not a Hindsight action-items header"),
        (b"Summary,Status,Postmortem ID,External ID\n\xff\xfe\x00A", "The file is not UTF-8 text (byte 42, line 2)"),
        (b"sep=;\nSummary;Status\n", "The header row lacks the column(s) “Postmortem ID”, “External ID”"),
    ],
)
def test_unreadable_files_say_why(data: bytes, message: str) -> None:
    with pytest.raises(CsvStatusError) as caught:
        parse_status_csv(data)
    assert str(caught.value).startswith(message)


def test_row_problem_text() -> None:
    assert str(RowProblem(4, "x")) == "Row 4: x"


def test_a_file_over_10_mb_is_refused_before_reading(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "tracker <&> 例.csv"
    with big.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: the size is real, reading it would be the mistake

    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(type(big), "read_bytes", refuse)
    with pytest.raises(CsvStatusError) as caught:
        read_status_csv(big)
    assert str(caught.value) == (
        "The file is 33.0 MB; an action-items CSV can be at most 10 MB. Import only the rows you changed."
    )


def test_a_file_at_the_limits_is_read(tmp_path) -> None:
    header = "Postmortem ID,External ID,Summary,Status\n"
    row = "pm,a,Fix <&> 例,Done\n"
    path = tmp_path / "ok.csv"
    path.write_text(header + row)
    assert [r.key for r in read_status_csv(path).rows] == [("pm", "a")]
    assert MAX_CSV_BYTES == 10 * 1024 * 1024
    rows = header + "".join(f"pm,{n},,Done\n" for n in range(MAX_CSV_ROWS - 1))
    assert len(parse_status_csv(rows.encode()).rows) == MAX_CSV_ROWS - 1


def test_more_rows_than_the_limit_are_refused_before_checking_them() -> None:
    # 100,001 one-letter rows: five million of them took 17 s to check, one by one
    data = b"Postmortem ID,External ID\n" + b"x\n" * MAX_CSV_ROWS
    with pytest.raises(CsvStatusError) as caught:
        parse_status_csv(data)
    assert str(caught.value) == (
        "The file has more than 100,000 rows; an action-items CSV can have at most that many. "
        "Import only the rows you changed."
    )


HEADER = "Postmortem ID,External ID,Summary,Status\n"


@pytest.mark.parametrize(
    ("body", "row"),
    [
        # the quote is closed only by a stray quote rows later: the rows between were swallowed
        ('pm1,a1,"Fix the resolver,Done\npm1,a2,Lower TTL,Done\npm1,a3,Third",Done\n', 2),
        # never closed at all: every row after it is swallowed, up to the end of the file
        ('pm1,a1,Fine,Done\npm1,a2,"Lower TTL, soon,Done\npm1,a3,Third,Done\npm9,b1,Other,Done\n', 3),
        # the opening quote in the first column, as the tester found it
        ('"pm1,a1,Fix,Done\npm1,a2,Lower TTL,Done\npm1,a3,Third,Done\n', 2),
        # on the last row, open at the end of the file
        ('pm1,a1,Fine,Done\npm1,a2,"Lower TTL,Done\n', 3),
    ],
)
def test_an_unclosed_quote_refuses_the_whole_file(body: str, row: int) -> None:
    with pytest.raises(CsvStatusError) as caught:
        parse_status_csv((HEADER + body).encode())
    assert str(caught.value) == f"Row {row}: a quote opened here is never closed; the rows after it could not be read."


def test_cells_with_line_breaks_and_commas_are_not_taken_for_swallowed_rows() -> None:
    body = ('pm1,a1,"Lower TTL, then alert\nthen, maybe, page\non call, twice",Done\n'
            'pm1,a2,"Plain\ntext",Open\n')
    parsed = parse_status_csv((HEADER + body).encode())
    assert [(r.row, r.title, r.status) for r in parsed.rows] == [
        (2, "Lower TTL, then alert then, maybe, page on call, twice", ActionStatus.DONE),
        (3, "Plain text", ActionStatus.OPEN),
    ]
    assert parsed.problems == []


def test_rows_with_an_unknown_status_were_read_but_not_applied() -> None:
    parsed = parse_status_csv((HEADER + "pm1,a1,Fix,Maybe\npm1,a2,Lower,Done\npm1,a3,Third,Soon\n").encode())
    plan = plan_status_import(parsed, CURRENT)
    assert [str(p) for p in plan.problems] == [
        "Row 2: “Fix” has the unknown status “Maybe” (use Open, In progress, Done or Won't do); it was ignored.",
        "Row 4: “Third” has the unknown status “Soon” (use Open, In progress, Done or Won't do); it was ignored.",
    ]
    assert not_applied_heading(len(plan.problems)) == "2 rows were not applied:"
    assert not_applied_heading(1) == "1 row was not applied:"
