"""Read status and owner changes back from an action-items CSV (ours, maybe re-saved by a spreadsheet).

The CSV is the one ``csv_export`` writes (the action items of one postmortem, or the
tracker's filtered list). An item is named by its ``Postmortem ID`` and ``External ID``
cells together (a copied postmortem keeps its items' ids, so the item id alone is not
enough). Changes are read from ``Status`` and ``Assignee``; every other column is ignored.

What is accepted, so that a file saved again by Excel, LibreOffice or Numbers still reads:

- UTF-8 with or without a byte-order mark, or UTF-16 with one (Excel's "Unicode text");
- ``,``, ``;`` or tab between cells (whichever makes the header name our columns), and
  Excel's ``sep=;`` first line; CRLF, LF or CR row ends; quoted cells with line breaks;
- header names in any case; blank rows are skipped;
- a cell that the export neutralised (``'`` before ``=``, ``+``, ``-``, ``@``, tab, CR)
  reads back as its original text.

Status words (any case, ``_``/``-`` as spaces, ’ as '): our labels and values — *Open*,
*In progress*, *Done*, *Won't do* — and the usual tracker names for them:

- open: to do, todo, new, backlog, reopened
- in progress: doing, started, in review
- done: closed, resolved, fixed, complete, completed
- won't do: wont do, won't fix, wontfix, rejected, declined, cancelled, canceled, obsolete,
  duplicate

Any other status (or an empty one) is reported with its row, and that row changes nothing.
A file over ``MAX_CSV_BYTES`` is refused before it is read (``read_status_csv``), and one
of more than ``MAX_CSV_ROWS`` rows before its rows are checked: reading five million
one-letter rows took 17 s, and no tracker export is anywhere near that.
An ``Assignee`` of only spaces means no owner. Row numbers are spreadsheet rows: the
header is row 1 (a ``sep=`` line, when present, is row 1 and the header row 2).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from desktop_app.domain.models import ActionStatus
from desktop_app.formats.csv_export import FORMULA_START

KEY_COLUMNS = ("Postmortem ID", "External ID")
STATUS_COLUMN = "Status"
OWNER_COLUMN = "Assignee"
TITLE_COLUMN = "Summary"
_DELIMITERS = (",", ";", "\t")
MAX_CSV_BYTES = 10 * 1024 * 1024
"""A larger file is refused before it is read."""
MAX_CSV_ROWS = 100_000
"""A file with more rows (header included) is refused before its rows are checked."""

_STATUS_WORDS: dict[ActionStatus, tuple[str, ...]] = {
    ActionStatus.OPEN: ("open", "to do", "todo", "new", "backlog", "reopened"),
    ActionStatus.IN_PROGRESS: ("in progress", "doing", "started", "in review"),
    ActionStatus.DONE: ("done", "closed", "resolved", "fixed", "complete", "completed"),
    ActionStatus.WONT_DO: (
        "won't do", "wont do", "won't fix", "wont fix", "wontfix", "rejected", "declined", "cancelled",
        "canceled", "obsolete", "duplicate",
    ),
}
STATUS_WORDS: dict[str, ActionStatus] = {
    word: status for status, words in _STATUS_WORDS.items() for word in words
}
"""Every accepted status word (normalised) and the status it means."""


class CsvStatusError(ValueError):
    """The file cannot be read as an action-items CSV at all (the message says why)."""


def restore_neutralised(value: str) -> str:
    """The text ``csv_export.neutralise`` was given: a leading ``'`` before a formula start goes."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def status_from_text(text: str) -> ActionStatus | None:
    """The status a cell names (see the module docstring), or ``None`` if it names none."""
    normal = text.replace("\u2019", "'").replace("\u2018", "'").replace("_", " ").replace("-", " ")
    return STATUS_WORDS.get(" ".join(normal.casefold().split()))


@dataclass(frozen=True)
class CsvRow:
    """One understood data row.

    Attributes:
        row: its spreadsheet row number.
        key: ``(postmortem id, item id)``.
        title: the ``Summary`` cell, for messages.
        status: the status it names (``None`` when the file has no Status column).
        owner: the owner it names, without surrounding spaces (``None`` when there is no Assignee column).
    """

    row: int
    key: tuple[str, str]
    title: str
    status: ActionStatus | None
    owner: str | None


@dataclass(frozen=True)
class RowProblem:
    """A row that changes nothing, and why."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class ParsedCsv:
    """What a CSV holds: the rows understood, and the rows that are not (with why)."""

    rows: list[CsvRow]
    problems: list[RowProblem]
    delimiter: str
    has_status: bool
    has_owner: bool


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CsvStatusError(f"The file starts like UTF-16 text but is not: {exc.reason}.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvStatusError(
            f"The file is not UTF-8 text (byte {exc.start + 1}, line {line}). In the spreadsheet, "
            "save it as “CSV UTF-8” and import that file."
        ) from exc


def _header_names(row: list[str]) -> list[str]:
    return [" ".join(cell.replace("\ufeff", "").split()).casefold() for cell in row]


def _pick_delimiter(first_line: str) -> str:
    """The delimiter that makes ``first_line`` a header naming our key columns."""
    wanted = {name.casefold() for name in KEY_COLUMNS}
    for delimiter in _DELIMITERS:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        if wanted <= set(_header_names(header)):
            return delimiter
    raise CsvStatusError(
        "The first row is not a Hindsight action-items header: it needs the columns "
        f"“{KEY_COLUMNS[0]}” and “{KEY_COLUMNS[1]}” (export the list from Hindsight, change "
        f"“{STATUS_COLUMN}” or “{OWNER_COLUMN}”, and keep those two columns). "
        f"The first row reads: {first_line[:200]!r}"
    )


UNCLOSED_QUOTE = "a quote opened here is never closed; the rows after it could not be read."
"""Why a file whose cell swallowed the rows after it is refused (after "Row N: ")."""


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether a quoted cell is still open at the end of ``text`` (a strict reader runs out of data)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _id_like(value: str) -> bool:
    """An id as an export writes it: not empty, no space in or around it (prose has "a, b")."""
    return bool(value) and not any(ch.isspace() for ch in value)


def _unclosed_quote_row(
    records: list[list[str]], header_row: int, delimiter: str, key_cols: tuple[int, int], open_at_end: bool
) -> int | None:
    """The spreadsheet row of a cell whose opening quote swallowed the rows after it, if any.

    Such a cell has line breaks, and a line after its first reads as a row of the file: its key
    cells are ids (no space in or around them), and it has the header's columns (less the one cut at the closing
    quote) or names a postmortem another row names. A quote still open at the end of the file
    (``open_at_end``) is the last row's.
    """
    width = len(records[0])
    need = max(key_cols) + 1
    known = {record[key_cols[0]].strip() for record in records[1:] if len(record) >= need}
    last: int | None = None
    for offset, record in enumerate(records[1:], start=1):
        if not any(value.strip() for value in record):
            continue
        last = header_row + offset
        for value in record:
            if "\n" not in value and "\r" not in value:
                continue
            for line in value.splitlines()[1:]:
                cells = next(csv.reader([line], delimiter=delimiter), [])
                if len(cells) < need or not all(_id_like(cells[column]) for column in key_cols):
                    continue
                if len(cells) >= width - 1 or cells[key_cols[0]].strip() in known:
                    return header_row + offset
    return last if open_at_end else None


def not_applied_heading(count: int) -> str:
    """The import summary's line over the rows that were read but changed nothing (no key, a repeated
    item, an unknown status): "1 row was not applied:", "3 rows were not applied:"."""
    return f"{count} row was not applied:" if count == 1 else f"{count} rows were not applied:"


def parse_status_csv(data: bytes) -> ParsedCsv:
    """Read the rows of an action-items CSV; raises ``CsvStatusError`` if it cannot be one.

    A file with a structural error (a quote opened in a cell and never closed, which swallows the
    rows after it) is refused as a whole: none of its rows is applied.
    """
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise CsvStatusError("The file is empty: there is no header row.")
    sep_line = first_line.strip().casefold().startswith("sep=") and len(first_line.strip()) == 5
    if sep_line:
        delimiter = first_line.strip()[4]
    else:
        delimiter = _pick_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(islice(reader, MAX_CSV_ROWS + 1))
    except csv.Error as exc:
        raise CsvStatusError(f"The CSV is malformed near line {reader.line_num}: {exc}.") from exc
    open_at_end = len(records) <= MAX_CSV_ROWS and _ends_inside_quotes(text, delimiter)
    if len(records) > MAX_CSV_ROWS:
        raise CsvStatusError(
            f"The file has more than {MAX_CSV_ROWS:,} rows; an action-items CSV can have at most that many. "
            "Import only the rows you changed."
        )
    start = 0  # records are spreadsheet rows: record i is row i + 1
    while start < len(records) and not any(value.strip() for value in records[start]):
        start += 1
    if sep_line:
        start += 1
        while start < len(records) and not any(value.strip() for value in records[start]):
            start += 1
    if start >= len(records):
        raise CsvStatusError("The file has a “sep=” line but no header row.")
    header_row = start + 1
    records = records[start:]
    names = _header_names(records[0])
    position = {name: index for index, name in reversed(list(enumerate(names)))}
    missing = [name for name in KEY_COLUMNS if name.casefold() not in position]
    if missing:
        raise CsvStatusError(
            "The header row lacks the column(s) " + ", ".join(f"“{m}”" for m in missing)
            + f" that name each item; it reads: {', '.join(records[0])[:200]}"
        )
    pm_col, item_col = (position[name.casefold()] for name in KEY_COLUMNS)
    status_col = position.get(STATUS_COLUMN.casefold())
    owner_col = position.get(OWNER_COLUMN.casefold())
    title_col = position.get(TITLE_COLUMN.casefold())

    unclosed = _unclosed_quote_row(records, header_row, delimiter, (pm_col, item_col), open_at_end)
    if unclosed is not None:
        raise CsvStatusError(str(RowProblem(unclosed, UNCLOSED_QUOTE)))

    rows: list[CsvRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}

    def cell(record: list[str], column: int | None) -> str:
        if column is None or column >= len(record):
            return ""
        return restore_neutralised(record[column])

    for offset, record in enumerate(records[1:], start=1):
        number = header_row + offset
        if not any(value.strip() for value in record):
            continue
        key = (cell(record, pm_col).strip(), cell(record, item_col).strip())
        title = " ".join(cell(record, title_col).split())
        label = f"“{title}”" if title else "this row"
        if not all(key):
            problems.append(RowProblem(
                number, f"{label} has no {KEY_COLUMNS[0] if not key[0] else KEY_COLUMNS[1]}, so it matches no item."
            ))
            continue
        if key in seen:
            problems.append(RowProblem(number, f"{label} repeats the item of row {seen[key]}; it was ignored."))
            continue
        seen[key] = number
        status: ActionStatus | None = None
        if status_col is not None:
            raw = cell(record, status_col)
            status = status_from_text(raw)
            if status is None:
                what = f"the unknown status “{raw.strip()}”" if raw.strip() else "no status"
                problems.append(RowProblem(
                    number, f"{label} has {what} (use Open, In progress, Done or Won't do); it was ignored."
                ))
                continue
        owner = cell(record, owner_col).strip() if owner_col is not None else None
        rows.append(CsvRow(number, key, title, status, owner))
    return ParsedCsv(rows, problems, delimiter, status_col is not None, owner_col is not None)


def read_status_csv(path: Path) -> ParsedCsv:
    """``parse_status_csv`` of the file at ``path``; a file over ``MAX_CSV_BYTES`` is refused unread.

    Raises ``CsvStatusError`` (too big, or not an action-items CSV) or ``OSError``.
    """
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise CsvStatusError(
            f"The file is {size / (1024 * 1024):.1f} MB; an action-items CSV can be at most "
            f"{MAX_CSV_BYTES // (1024 * 1024)} MB. Import only the rows you changed."
        )
    return parse_status_csv(path.read_bytes())


@dataclass(frozen=True)
class PlannedChange:
    """What one row changes: a new status and/or a new owner (``None``: that field stays)."""

    row: int
    key: tuple[str, str]
    title: str
    status: ActionStatus | None = None
    owner: str | None = None


@dataclass(frozen=True)
class ImportPlan:
    """What applying a CSV would do.

    Attributes:
        changes: rows that change their item.
        unchanged: how many rows matched an item already as the row says.
        unmatched: rows whose key names no item (reported; they change nothing).
        problems: rows that were read but are not applied (unknown status, no key, repeated item).
    """

    changes: list[PlannedChange] = field(default_factory=list)
    unchanged: int = 0
    unmatched: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def status_changes(self) -> int:
        return sum(1 for change in self.changes if change.status is not None)

    @property
    def owner_changes(self) -> int:
        return sum(1 for change in self.changes if change.owner is not None)


def plan_status_import(
    parsed: ParsedCsv, current: Mapping[tuple[str, str], tuple[ActionStatus, str]]
) -> ImportPlan:
    """Compare the CSV's rows with the stored items (``key -> (status, owner)``)."""
    changes: list[PlannedChange] = []
    unmatched: list[RowProblem] = []
    unchanged = 0
    for row in parsed.rows:
        stored = current.get(row.key)
        if stored is None:
            label = f"“{row.title}”" if row.title else "this row"
            unmatched.append(RowProblem(
                row.row, f"{label} matches no action item (item {row.key[1]!r} of postmortem {row.key[0]!r})."
            ))
            continue
        status, owner = stored
        new_status = row.status if row.status is not None and row.status != status else None
        new_owner = row.owner if row.owner is not None and row.owner != owner.strip() else None
        if new_status is None and new_owner is None:
            unchanged += 1
            continue
        changes.append(PlannedChange(row.row, row.key, row.title, new_status, new_owner))
    return ImportPlan(changes, unchanged, unmatched, list(parsed.problems))


__all__ = [
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "CsvRow",
    "CsvStatusError",
    "ImportPlan",
    "ParsedCsv",
    "PlannedChange",
    "RowProblem",
    "STATUS_WORDS",
    "UNCLOSED_QUOTE",
    "not_applied_heading",
    "parse_status_csv",
    "plan_status_import",
    "read_status_csv",
    "restore_neutralised",
    "status_from_text",
]
