"""The timeline's time and key-moment columns on the shared screen, narrower than at the desk.

``11:52`` rather than ``2025-03-18 11:52``, and ``Ack`` rather than ``Acknowledgement``: the
descriptions get the width.

When every dated event of the timeline falls on one day, repeating that day on each row only
takes the width the descriptions need; ``DayTimeDelegate`` then shows the clock time alone
(``~`` for approximate times and a zone abbreviation are kept) and ``shared_day`` names the day
for the column's heading. Display only: editing a time still opens the timeline's own editor
with the full text, and a timeline spanning several days shows full dates.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QLocale, QObject, Qt

from desktop_app.domain.models import KeyMoment
from desktop_app.ui.timeline.delegates import TimelineDelegate

_DATED = re.compile(r"^(~?)(\d{4}-\d{2}-\d{2})(?:\s+(.+))?$")


def split_day(text: str) -> tuple[str, str, str] | None:
    """``~2025-03-18 11:52`` → (``~``, ``2025-03-18``, ``11:52``); a date alone has ``''`` as its time."""
    match = _DATED.match(text.strip())
    if match is None:
        return None
    return match.group(1), match.group(2), match.group(3) or ""


def one_day(texts: list[str]) -> str | None:
    """The day (``YYYY-MM-DD``) every dated text falls on, or ``None`` when there are several or none."""
    days = {parts[1] for parts in map(split_day, texts) if parts is not None}
    return next(iter(days)) if len(days) == 1 else None


def day_caption(day: str) -> str:
    """``2025-03-18`` → ``18 Mar 2025`` (as the context page writes dates)."""
    return date.fromisoformat(day).strftime("%d %b %Y").lstrip("0")


class DayTimeDelegate(TimelineDelegate):
    """The timeline delegate (same editors) showing clock times alone when all events share a day.

    The shared day is worked out again, once, after rows come or go or a time changes.
    """

    def __init__(self, model: QAbstractItemModel, column: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._column = column
        self._day: str | None = None
        self._stale = True
        # Moving rows or editing a description keeps the set of days: only these change it.
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._invalidate)
        model.dataChanged.connect(self._data_changed)

    def _invalidate(self, *_args: object) -> None:
        self._stale = True

    def _data_changed(self, top_left: object, bottom_right: object, *_roles: object) -> None:
        if top_left.column() <= self._column <= bottom_right.column():  # type: ignore[attr-defined]
            self._stale = True

    def shared_day(self) -> str | None:
        """The one day of every dated event (``YYYY-MM-DD``), or ``None``."""
        if self._stale:
            model = self._model
            texts = [str(model.index(row, self._column).data(Qt.ItemDataRole.DisplayRole) or "")
                     for row in range(model.rowCount())]
            self._day = one_day(texts)
            self._stale = False
        return self._day

    def displayText(self, value: object, locale: QLocale) -> str:  # noqa: N802
        text = "" if value is None else str(value)
        day = self.shared_day()
        parts = split_day(text) if day is not None else None
        if parts is None or not parts[2]:
            return text
        approximate, _day, clock = parts
        return f"{approximate}{clock}"


SHORT_MOMENTS = {KeyMoment.ACKNOWLEDGEMENT.label: "Ack"}
"""Key moment labels too long for a narrow column, as responders say them (the others are short)."""


def short_moment(label: str) -> str:
    return SHORT_MOMENTS.get(label, label)


class ShortMomentDelegate(TimelineDelegate):
    """The timeline delegate (same editors) showing the key moment's short label."""

    def displayText(self, value: object, locale: QLocale) -> str:  # noqa: N802
        return short_moment("" if value is None else str(value))
