"""The preview table of timeline candidates: Accept (check box), Time, Actor, Text.

Times show in the postmortem's zone; a time that could not be read shows as written,
with a warning icon and the reason as its tooltip. Everything is plain text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.domain.models import TimePrecision
from desktop_app.domain.zones import to_zone, zone_label
from desktop_app.formats.raw_timeline import Candidate

Index = QModelIndex | QPersistentModelIndex

ACCEPT, TIME, ACTOR, TEXT = range(4)
_HEADERS = ("Accept", "Time", "Actor", "Text")
_FORMATS = {
    TimePrecision.DAY: "%Y-%m-%d",
    TimePrecision.MINUTE: "%Y-%m-%d %H:%M",
    TimePrecision.SECOND: "%Y-%m-%d %H:%M:%S",
}


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would read ``<b…>`` in it as markup)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def candidate_time_text(candidate: Candidate, zone_name: str) -> str:
    """The candidate's time in ``zone_name``, or its time as written when it has no instant."""
    if candidate.occurred_at is None:
        return candidate.raw_time or "(no time)"
    text = to_zone(candidate.occurred_at, zone_name).strftime(_FORMATS[candidate.precision])
    return f"~{text}" if candidate.approximate else text


class CandidateTableModel(QAbstractTableModel):
    """Candidates with an accept flag each.

    Signals:
        counts_changed: the number of candidates or of accepted ones changed.
    """

    counts_changed = Signal()

    def __init__(self, zone_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone_name = zone_name
        self._rows: list[Candidate] = []
        self._accepted: list[bool] = []

    # -- contents ----------------------------------------------------------------------

    def set_candidates(self, candidates: Sequence[Candidate]) -> None:
        """Show new candidates, all accepted."""
        self.beginResetModel()
        self._rows = list(candidates)
        self._accepted = [True] * len(self._rows)
        self.endResetModel()
        self.counts_changed.emit()

    def relabel(self, candidates: Sequence[Candidate]) -> None:
        """Show the same candidates differently (names replaced); accept flags stay."""
        if len(candidates) != len(self._rows):
            raise ValueError("relabel needs one candidate per row")
        self._rows = list(candidates)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, TEXT))

    def candidates(self) -> list[Candidate]:
        return list(self._rows)

    def accepted_candidates(self) -> list[Candidate]:
        return [c for c, ok in zip(self._rows, self._accepted) if ok]

    def is_accepted(self, row: int) -> bool:
        return self._accepted[row]

    def set_accepted(self, row: int, accepted: bool) -> None:
        if self._accepted[row] != accepted:
            self._accepted[row] = accepted
            index = self.index(row, ACCEPT)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.counts_changed.emit()

    def set_all(self, accepted: bool) -> None:
        if not self._rows:
            return
        self._accepted = [accepted] * len(self._rows)
        self.dataChanged.emit(
            self.index(0, ACCEPT), self.index(len(self._rows) - 1, ACCEPT), [Qt.ItemDataRole.CheckStateRole]
        )
        self.counts_changed.emit()

    @property
    def accepted_count(self) -> int:
        return sum(self._accepted)

    @property
    def unreadable_count(self) -> int:
        return sum(1 for c in self._rows if c.occurred_at is None)

    # -- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return f"Time ({zone_label(self.zone_name)})" if section == TIME else _HEADERS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == ACCEPT:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        column = index.column()
        if column == ACCEPT:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if self._accepted[index.row()] else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "accepted" if self._accepted[index.row()] else "rejected"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == TIME:
                return candidate_time_text(c, self.zone_name)
            if column == ACTOR:
                return c.actor
            return c.text.replace("\n", " ↵ ")
        if role == Qt.ItemDataRole.DecorationRole and column == TIME and c.occurred_at is None:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TIME:
                if c.problem:
                    return plain_tooltip(f"Line {c.line}: {c.problem}")
                return plain_tooltip(f"Line {c.line}, written as {c.raw_time}")
            if column == TEXT and c.text:
                return plain_tooltip(c.text)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ACCEPT or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value if isinstance(value, bool) else Qt.CheckState(value) == Qt.CheckState.Checked
        self.set_accepted(index.row(), checked)
        return True
