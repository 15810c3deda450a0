"""``TimelineFilter``: hides timeline rows by search text and kind, never re-sorts them.

A filtering-only ``QSortFilterProxyModel``: it never sorts, so the manual order shows as is.
While a filter is active the editor turns reordering off (a hidden row between two visible
ones would make "move up" ambiguous). While no filter is on, the editor shows the model
itself and detaches this proxy (``attach(False)``): a proxy treats every source move as a
layout change of all rows, which a 10,000-event timeline cannot afford on each drag.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from desktop_app.domain.models import EventKind
from desktop_app.ui.timeline.model import TimelineModel, kind_label
from desktop_app.ui.wizard.timeline_columns import event_time_text

Index = QModelIndex | QPersistentModelIndex


class TimelineFilter(QSortFilterProxyModel):
    """Shows the events that contain the search text (any column) and have the chosen kind.

    Attributes:
        text: the search text (case-insensitive; empty shows all).
        kind: the one kind to show, or None for every kind.
        pinned: ids shown whatever the filter says (an event just added while filtering).
    """

    def __init__(self, source: TimelineModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.kind: EventKind | None = None
        self.pinned: set[str] = set()
        self._active = False
        self._timeline = source
        self._haystacks: dict[str, str] = {}
        """Each event's searchable text, case-folded, by event id; emptied whenever the timeline changes."""
        for signal in (
            source.dataChanged,
            source.modelReset,
            source.rowsInserted,
            source.rowsRemoved,
            source.layoutChanged,
            source.headerDataChanged,
        ):
            signal.connect(self._forget)
        self.setDynamicSortFilter(False)  # re-filter on edits only while a filter is on (10,000 rows)
        self.setSourceModel(source)

    def _forget(self, *_args: object) -> None:
        self._haystacks.clear()

    def timeline(self) -> TimelineModel:
        return self._timeline

    def attach(self, on: bool) -> None:
        """Follow the timeline model (``on``) or detach from it (no cost while no filter is on)."""
        wanted = self._timeline if on else None
        if self.sourceModel() is not wanted:
            self.setSourceModel(wanted)  # type: ignore[arg-type]

    @property
    def is_active(self) -> bool:
        return self._active

    def _update_active(self) -> None:
        self._active = bool(self.text.strip()) or self.kind is not None

    def set_filter(self, text: str | None = None, kind: EventKind | None | bool = False) -> None:
        """Change the search text and/or the kind (``kind=False`` leaves the kind as it is)."""
        self.beginFilterChange()
        if text is not None:
            self.text = text
        if kind is not False:
            self.kind = kind  # type: ignore[assignment]
        self.pinned.clear()
        self._update_active()
        self.setDynamicSortFilter(self.is_active)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def clear(self) -> None:
        self.set_filter("", None)

    def source_rows(self, proxy_rows: list[int]) -> list[int]:
        return sorted(self.mapToSource(self.index(r, 0)).row() for r in proxy_rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._active:
            return True
        model = self.timeline()
        event = model.event_at(source_row)
        if event.id in self.pinned:
            return True
        if self.kind is not None and event.kind is not self.kind:
            return False
        needle = self.text.strip().casefold()
        if not needle:
            return True
        haystack = self._haystacks.get(event.id)
        if haystack is None:
            parts = (
                event_time_text(model.doc.pm, event, model.zone_name()),
                event.raw_time,
                kind_label(event.kind),
                event.description,
                event.actor,
            )
            haystack = "\x00".join(parts).casefold()  # NUL: a needle never spans two columns
            self._haystacks[event.id] = haystack
        return needle in haystack
