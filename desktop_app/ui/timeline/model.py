"""``TimelineModel``: a table model over the open postmortem's timeline, reorderable and undoable.

The model wraps ``doc.pm.timeline`` and keeps no copy. Every change goes through the
document's undo stack; the model follows the document's signals (insert, remove, block
move, reorder, field edits, load) with the matching begin/end calls, so undo, redo and any
other view of the same list stay in step and views keep their selection.

Drag and drop: leaf rows can be dragged but never dropped *on*; only the root takes drops.
``mimeData`` carries the sorted source rows (and their ids) in a private format;
``dropMimeData`` performs the move through ``move_rows`` and returns False, so a view never
removes the source rows afterwards. The model implements no ``removeRows`` either.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.domain.event_text import without_leading_actor
from desktop_app.domain.models import EventKind, KeyMoment, TimelineEvent
from desktop_app.domain.wall_clock import abbreviation
from desktop_app.domain.zones import check_zone, zone_label
from desktop_app.ui.document import Path, PostmortemDocument
from desktop_app.ui.timeline import order
from desktop_app.ui.timeline.impossible_time import KEPT, impossible_time
from desktop_app.ui.timeline.new_row import AddEventCommand, EditNewEventCommand
from desktop_app.ui.wizard.timeline_columns import ParsedTime, event_time_text, parse_event_time

Index = QModelIndex | QPersistentModelIndex

MIME_TYPE = "application/x-hindsight-timeline-rows"
OUT_OF_ORDER_TIP = "Earlier than the event above"
UNREADABLE_TIP = "Time not understood: kept as text"
LIST_PATH: Path = ("timeline",)


def kind_label(kind: EventKind) -> str:
    return kind.value.capitalize()


def key_moment_label(moment: KeyMoment | None) -> str:
    return "" if moment is None else moment.label


def is_unreadable(event: TimelineEvent) -> bool:
    """An event whose time text could not be read (kept as written, no instant)."""
    return event.occurred_at is None and bool(event.raw_time.strip())


_R = Qt.ItemDataRole


class TimelineModel(QAbstractTableModel):
    """Rows are the timeline's events; columns Time, Kind, Description, Actor, Key moment.

    Attributes:
        doc: the open document; the model reads ``doc.pm.timeline`` live.
        display_zone: the IANA zone times are shown and typed in, or None for the
            postmortem's own ``time_zone``. Changing it changes nothing stored.

    Roles:
        EventIdRole: the event's id (str), any column.
        EventRole: the ``TimelineEvent`` itself, any column.
        OutOfOrderRole: whether the event is earlier than the nearest timed event above it.
        UnreadableTimeRole: whether the event's time is text that could not be read.

    Signals:
        time_refused(str): a typed time was refused (an impossible one, ``2024-02-31 10:00``):
            why, and that the stored time is kept.
    """

    time_refused = Signal(str)

    TIME, KIND, DESCRIPTION, ACTOR, KEY = range(5)
    HEADERS = ("Time", "Kind", "Description", "Actor", "Key moment")
    EventIdRole = Qt.ItemDataRole.UserRole + 1
    EventRole = Qt.ItemDataRole.UserRole + 2
    OutOfOrderRole = Qt.ItemDataRole.UserRole + 3
    UnreadableTimeRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, doc: PostmortemDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.display_zone: str | None = None
        # Shown descriptions leave out a leading "`@nova`" the Actor column shows (presentation mode).
        self.drop_leading_actor = False
        self._flags: list[bool] | None = None
        self._rows_by_id: dict[str, int] | None = None
        self._pending_ids: list[tuple[QModelIndex, str]] = []
        self._warning_icon: QIcon | None = None
        self._unreadable_icon: QIcon | None = None
        self._unreadable_total: int | None = None
        self._open_add: AddEventCommand | None = None
        self.tab_commit = False  # set by the delegate while a Tab commits a cell
        doc.loaded.connect(self._reset)
        doc.list_about_to_change.connect(self._about_to_change)
        doc.list_changed.connect(self._changed)
        doc.rows_about_to_move.connect(self._rows_about_to_move)
        doc.rows_moved.connect(self._rows_moved)
        doc.list_about_to_be_reordered.connect(self._about_to_reorder)
        doc.list_reordered.connect(self._reordered)
        doc.field_changed.connect(self._field_changed)

    # -- the list -------------------------------------------------------------------------------

    def events(self) -> list[TimelineEvent]:
        """The document's timeline list itself (empty when nothing is loaded)."""
        return self.doc.pm.timeline if self.doc.is_loaded else []

    def event_at(self, row: int) -> TimelineEvent:
        return self.events()[row]

    def ids(self) -> list[str]:
        return [event.id for event in self.events()]

    def row_of(self, event_id: str) -> int:
        """The row of the event with this id, or -1."""
        if self._rows_by_id is None:
            self._rows_by_id = {event.id: row for row, event in enumerate(self.events())}
        return self._rows_by_id.get(event_id, -1)

    def _all_flags(self) -> list[bool]:
        if self._flags is None or len(self._flags) != len(self.events()):
            self._flags = order.out_of_order_events(self.events())
        return self._flags

    def is_out_of_order(self, row: int) -> bool:
        return self._all_flags()[row]

    def out_of_order_count(self) -> int:
        return sum(self._all_flags()) if self.events() else 0

    def unreadable_count(self) -> int:
        """How many events keep a time that could not be read (as text); cached between changes."""
        if self._unreadable_total is None:
            self._unreadable_total = sum(1 for event in self.events() if is_unreadable(event))
        return self._unreadable_total

    # -- display zone ---------------------------------------------------------------------------

    def zone_name(self) -> str:
        """The zone times are shown and typed in: the display zone, else the postmortem's."""
        if self.display_zone:
            return self.display_zone
        return self.doc.pm.time_zone if self.doc.is_loaded else "UTC"

    def set_display_zone(self, name: str | None) -> None:
        """Show and type times in ``name`` (None: the postmortem's zone). Stores nothing."""
        name = check_zone(name) if name else None
        if name == self.display_zone:
            return
        self.display_zone = name
        self._zone_shown_changed()

    def _zone_shown_changed(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.TIME), self.index(self.rowCount() - 1, self.TIME))

    def time_header(self) -> str:
        """``Time (PDT)``: the zone's abbreviation at the first timed event, else its IANA name."""
        name = self.zone_name()
        first = next((e.occurred_at for e in self.events() if e.occurred_at is not None), None)
        return f"Time ({abbreviation(first, name) if first is not None else zone_label(name)})"

    # -- following the document -----------------------------------------------------------------

    def _refresh(self, rows: Sequence[int], starts: Sequence[int]) -> None:
        """Recompute the order marks around a change and repaint the Time cells that changed."""
        if self._flags is None or len(self._flags) != len(self.events()):
            self._flags = None
            if self.rowCount():
                self.dataChanged.emit(self.index(0, self.TIME), self.index(self.rowCount() - 1, self.TIME))
            return
        for row in order.refresh_flags(self.events(), self._flags, rows, starts):
            index = self.index(row, self.TIME)
            self.dataChanged.emit(index, index)

    def _reset(self) -> None:
        self.beginResetModel()
        self._flags = None
        self._rows_by_id = None
        self._unreadable_total = None
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)

    def _about_to_change(self, path: tuple, op: str, row: int, other: int) -> None:
        if path != LIST_PATH:
            return
        if op == "insert":
            self.beginInsertRows(QModelIndex(), row, row)
        elif op == "remove":
            self.beginRemoveRows(QModelIndex(), row, row)
        elif op == "move":
            destination = other + 1 if other > row else other
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)

    def _changed(self, path: tuple, op: str, row: int, other: int) -> None:
        if path != LIST_PATH:
            return
        self._rows_by_id = None
        if op != "move":
            self._unreadable_total = None
        flags = self._flags
        if op == "insert":
            if flags is not None:
                flags.insert(row, False)
            self.endInsertRows()
            self._refresh([row], [row + 1])
        elif op == "remove":
            if flags is not None:
                flags.pop(row)
            self.endRemoveRows()
            self._refresh([], [row])
        elif op == "move":
            if flags is not None:
                flags.insert(other, flags.pop(row))
            self.endMoveRows()
            self._refresh([other], [other + 1, row if row < other else row + 1])
        if row == 0 or other == 0:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)

    def _rows_about_to_move(self, path: tuple, first: int, last: int, destination: int) -> None:
        if path == LIST_PATH:
            began = self.beginMoveRows(QModelIndex(), first, last, QModelIndex(), destination)
            assert began, "the document only announces real moves"

    def _rows_moved(self, path: tuple, first: int, last: int, destination: int) -> None:
        if path != LIST_PATH:
            return
        self._rows_by_id = None
        if self._flags is not None:
            order.apply_block_move(self._flags, first, last, destination)
        self.endMoveRows()
        count = last - first + 1
        at = destination if destination < first else destination - count
        vacated = last + 1 if destination < first else first
        self._refresh(range(at, at + count), [at + count, vacated])
        if first == 0 or at == 0:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)

    def _about_to_reorder(self, path: tuple) -> None:
        if path != LIST_PATH:
            return
        self.layoutAboutToBeChanged.emit()
        events = self.events()
        self._pending_ids = [(index, events[index.row()].id) for index in self.persistentIndexList()]

    def _reordered(self, path: tuple) -> None:
        if path != LIST_PATH:
            return
        self._flags = None
        self._rows_by_id = None
        old = [index for index, _ in self._pending_ids]
        new = [self.index(self.row_of(event_id), index.column()) for index, event_id in self._pending_ids]
        self._pending_ids = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)

    def _field_changed(self, path: tuple) -> None:
        if path == LIST_PATH:
            self._reset()
        elif path == ("time_zone",):
            if not self.display_zone:
                self._zone_shown_changed()
        elif len(path) > 2 and path[0] == LIST_PATH[0]:
            row = self.row_of(str(path[1]))
            if row < 0:
                return
            if path[2] in ("occurred_at", "raw_time"):
                self._unreadable_total = None
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            if path[2] in ("occurred_at", "precision"):
                self._refresh([row], [row + 1])
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.TIME)

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.events())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.time_header() if section == self.TIME else self.HEADERS[section]
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section == self.TIME:
            return f"Times are shown and typed in {zone_label(self.zone_name())}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None  # a painted row asks for a dozen roles; most need no event at all
        event = self.event_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.KIND:
                return event.kind
            if column == self.KEY:
                return event.key_moment
            return self._display(event, column) if column == self.TIME else self._text(event, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(event, index.row(), column)
        if column == self.TIME and role in (
            Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.AccessibleDescriptionRole
        ):
            return self._time_mark(event, index.row(), role)
        if column == self.KEY and role == Qt.ItemDataRole.FontRole and event.key_moment is not None:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == self.EventIdRole:
            return event.id
        if role == self.EventRole:
            return event
        if role == self.OutOfOrderRole:
            return self.is_out_of_order(index.row())
        if role == self.UnreadableTimeRole:
            return is_unreadable(event)
        return None

    def _time_mark(self, event: TimelineEvent, row: int, role: int) -> Any:
        """The Time cell's warning: a time kept as text, or an event earlier than the one above."""
        if is_unreadable(event):
            if role == Qt.ItemDataRole.DecorationRole:
                return self._question_icon()
            if role == Qt.ItemDataRole.AccessibleDescriptionRole:
                return UNREADABLE_TIP
            return None
        if not self.is_out_of_order(row):
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._warning()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(255, 170, 0, 70)
        return OUT_OF_ORDER_TIP

    def _text(self, event: TimelineEvent, column: int) -> str:
        if column == self.DESCRIPTION:
            return event.description
        if column == self.ACTOR:
            return event.actor
        if column == self.KIND:
            return kind_label(event.kind)
        if column == self.KEY:
            return key_moment_label(event.key_moment)
        return event_time_text(self.doc.pm, event, self.zone_name())

    def _display(self, event: TimelineEvent, column: int) -> str:
        text = self._text(event, column)
        if column == self.DESCRIPTION and self.drop_leading_actor:
            text = without_leading_actor(text, event.actor)
        if column == self.DESCRIPTION and "\n" in text:
            first, _, rest = text.partition("\n")
            return f"{first} …" if rest.strip() else first
        return text

    def _tooltip(self, event: TimelineEvent, row: int, column: int) -> str | None:
        lines: list[str] = []
        if column == self.TIME:
            if is_unreadable(event):
                lines.append(UNREADABLE_TIP)
            elif self.is_out_of_order(row):
                lines.append(f"{OUT_OF_ORDER_TIP} — move it, or use Sort by time.")
            if event.raw_time and event.occurred_at is not None:
                lines.append(f"As written in the source: {event.raw_time}")
        elif column == self.DESCRIPTION and "\n" in event.description:
            lines.append(event.description)
        if not lines:
            return None
        # Rich text that shows the user's text literally (a tool tip would guess at "<b>").
        body = "<br>".join(html.escape(line).replace("\n", "<br>") for line in lines)
        return f"<p style='white-space:pre-wrap'>{body}</p>"

    def _question_icon(self) -> QIcon:
        if self._unreadable_icon is None:
            style = QApplication.style()
            self._unreadable_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return self._unreadable_icon

    def _warning(self) -> QIcon:
        if self._warning_icon is None:
            style = QApplication.style()
            self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Edit a cell: one undo step. A typed time in a DST gap or overlap is refused (False)
        unless ``value`` is a ``ParsedTime`` whose instant was chosen (see the delegate); an
        impossible one (``25:61``, ``2024-02-31``) is refused with ``time_refused``."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.doc.is_loaded:
            return False
        event = self.event_at(index.row())
        path = (*LIST_PATH, event.id)
        column = index.column()
        if column == self.TIME:
            parsed = value if isinstance(value, ParsedTime) else self.parse_time(str(value))
            if parsed.needs_choice:
                return False  # never a silent shift: the caller must choose an instant
            problem = impossible_time(parsed.raw_time) if parsed.unreadable else None
            if problem:  # typed text that is no time at all is kept; an impossible time is refused
                self.time_refused.emit(f"{problem} {KEPT}")
                return False
            self._edit(event.id, [((*path, attr), v) for attr, v in parsed], "Edit time")
        elif column == self.KIND:
            try:
                kind = EventKind(value)
            except ValueError:
                return False
            self._edit(event.id, [((*path, "kind"), kind)], "Edit kind")
        elif column == self.KEY:
            try:
                moment = None if value in (None, "") else KeyMoment(value)
            except ValueError:
                return False
            self.mark_key_moment(index.row(), moment)
        else:
            attr = "description" if column == self.DESCRIPTION else "actor"
            self._edit(event.id, [((*path, attr), str(value))], f"Edit {attr}")
        return True

    def _edit(self, event_id: str, changes: list[tuple[Path, Any]], text: str) -> None:
        """Field edits of one event: one undo step, or part of the step that added the event
        while that row is being filled in cell after cell with Tab (see ``new_row``)."""
        stack = self.doc.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        add = self._open_add
        if (add is not None and add.open and top is add and add.event.id == event_id
                and (self.tab_commit or add.chained)):
            add.chained = True
            real = [(p, self.doc.get(p), v) for p, v in changes]
            real = [(p, old, v) for p, old, v in real if old != v]
            if real:
                stack.push(EditNewEventCommand(self.doc, event_id, real, text=text))
            return
        self.doc.edit_many(changes, text=text)

    def close_new_row(self) -> None:
        """The new row is filled in: later edits of it are undo steps of their own."""
        if self._open_add is not None:
            self._open_add.open = False
            self._open_add = None

    def parse_time(self, text: str) -> ParsedTime:
        """What ``text`` typed into a Time cell means in the display zone."""
        return parse_event_time(self.doc.pm, text, self.zone_name())

    # -- key moments (undoable) -------------------------------------------------------------------

    def key_moment_row(self, moment: KeyMoment) -> int:
        """The row of the event marked as ``moment``, or -1."""
        return next((row for row, e in enumerate(self.events()) if e.key_moment is moment), -1)

    def mark_key_moment(self, row: int, moment: KeyMoment | None) -> bool:
        """Mark the event at ``row`` as ``moment`` (None: unmark it): one undo step.

        Only one event holds each key moment: the mark moves from any other event, in the
        same step. False when nothing changes.
        """
        if not (0 <= row < self.rowCount()):
            return False
        event = self.event_at(row)
        if event.key_moment is moment:
            return False
        changes: list[tuple[Path, Any]] = []
        if moment is not None:
            changes += [((*LIST_PATH, e.id, "key_moment"), None) for e in self.events()
                        if e.key_moment is moment and e.id != event.id]
        changes.append(((*LIST_PATH, event.id, "key_moment"), moment))
        text = f"Mark as {moment.label}" if moment is not None else "Clear key moment"
        self.doc.edit_many(changes, text=text)
        return True

    # -- moving rows (undoable) -------------------------------------------------------------------

    def moveRows(  # noqa: N802
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        """Move ``count`` rows from ``source_row`` before ``destination_child`` as one undo step."""
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        last = source_row + count - 1
        if source_row < 0 or last >= self.rowCount() or not (0 <= destination_child <= self.rowCount()):
            return False
        if order.is_noop_move(source_row, last, destination_child):
            return False
        return self.move_rows(range(source_row, last + 1), destination_child)

    def move_rows(self, rows: Sequence[int], destination: int, *, text: str = "") -> bool:
        """Gather ``rows`` (any selection) before ``destination``: one undo step; False if no-op."""
        rows = sorted(set(rows))
        if not rows or rows[0] < 0 or rows[-1] >= self.rowCount() or not (0 <= destination <= self.rowCount()):
            return False
        moves = order.plan_drop(rows, destination)
        noun = "event" if len(rows) == 1 else f"{len(rows)} events"
        return self.doc.move_blocks(LIST_PATH, moves, text=text or f"Move {noun}")

    def step_rows(self, rows: Sequence[int], step: int) -> bool:
        """Move each selected run one row up (-1) or down (+1): one undo step; False if no-op."""
        moves = order.plan_step(rows, step, self.rowCount())
        noun = "event" if len(set(rows)) == 1 else f"{len(set(rows))} events"
        return self.doc.move_blocks(LIST_PATH, moves, text=f"Move {noun} {'up' if step < 0 else 'down'}")

    def sort_by_time(self) -> bool:
        """Sort the events by time (stable; untimed events stay after the one they followed)."""
        return self.doc.reorder_list(LIST_PATH, order.time_sorted_order(self.events()), text="Sort by time")

    # -- adding and deleting (undoable) -----------------------------------------------------------

    def insert_event(self, row: int, event: TimelineEvent | None = None) -> int:
        """Insert ``event`` (default: an empty one) at ``row``: one undo step. Returns the row.

        The step stays open for the row's first in-place edits (until ``close_new_row``), so
        "add an event, type into its cells, Tab between them" is undone in one go."""
        row = max(0, min(row, self.rowCount()))
        self.close_new_row()
        command = AddEventCommand(self.doc, LIST_PATH, row, event if event is not None else TimelineEvent())
        self.doc.undo_stack.push(command)
        self._open_add = command
        return row

    def duplicate_rows(self, rows: Sequence[int]) -> list[int]:
        """Copy each of ``rows`` (new ids) just below the last of them: one undo step."""
        rows = sorted(set(rows))
        if not rows:
            return []
        copies = [self.event_at(r).model_copy(update={"id": TimelineEvent().id}) for r in rows]
        at = rows[-1] + 1
        self.doc.undo_stack.beginMacro("Duplicate event" if len(rows) == 1 else f"Duplicate {len(rows)} events")
        for offset, copy in enumerate(copies):
            self.doc.add_item(LIST_PATH, at + offset, copy, text="Duplicate event")
        self.doc.undo_stack.endMacro()
        return list(range(at, at + len(copies)))

    def insert_events(self, row: int, events: Sequence[TimelineEvent], *, text: str = "") -> list[int]:
        """Insert ``events`` (as given: the caller makes fresh ids) from ``row`` on: one undo step.

        A key moment another event already holds is dropped from the inserted copy (one event
        holds each key moment). Returns the new rows.
        """
        if not events or not self.doc.is_loaded:
            return []
        row = max(0, min(row, self.rowCount()))
        held = {e.key_moment for e in self.events() if e.key_moment is not None}
        noun = "event" if len(events) == 1 else f"{len(events)} events"
        self.doc.undo_stack.beginMacro(text or f"Paste {noun}")
        for offset, event in enumerate(events):
            if event.key_moment is not None:
                if event.key_moment in held:
                    event = event.model_copy(update={"key_moment": None})
                else:
                    held.add(event.key_moment)
            self.doc.add_item(LIST_PATH, row + offset, event, text=text or f"Paste {noun}")
        self.doc.undo_stack.endMacro()
        return list(range(row, row + len(events)))

    def delete_rows(self, rows: Sequence[int]) -> None:
        """Delete the events at ``rows``: one undo step (undo puts them back where they were)."""
        rows = sorted(set(rows), reverse=True)
        if not rows:
            return
        text = "Delete event" if len(rows) == 1 else f"Delete {len(rows)} events"
        self.doc.undo_stack.beginMacro(text)
        for row in rows:
            self.doc.delete_item(LIST_PATH, row, text=text)
        self.doc.undo_stack.endMacro()

    # -- drag and drop ------------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({index.row() for index in indexes if index.isValid()})
        payload = {
            "postmortem": self.doc.pm.id if self.doc.is_loaded else "",
            "rows": rows,
            "ids": [self.event_at(r).id for r in rows],
        }
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps(payload).encode("ascii"))
        return data

    def _decode(self, data: QMimeData | None) -> list[int] | None:
        """The rows a drag carries, or None when it is not a drag of this timeline's current rows."""
        if data is None or not data.hasFormat(MIME_TYPE) or not self.doc.is_loaded:
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("ascii"))
            rows = [int(r) for r in payload["rows"]]
            ids = [str(i) for i in payload["ids"]]
        except (ValueError, KeyError, TypeError):
            return None
        if payload.get("postmortem") != self.doc.pm.id or not rows or len(rows) != len(ids):
            return None
        if any(not (0 <= r < self.rowCount()) or self.event_at(r).id != i for r, i in zip(rows, ids, strict=True)):
            return None  # the list changed since the drag began
        return rows

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self._decode(data) is not None

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged rows to the drop position; always False so no view removes them again."""
        if action != Qt.DropAction.MoveAction:
            return False
        rows = self._decode(data)
        if rows is None:
            return False
        if parent.isValid():  # dropped on a row (only when a caller insists): go before it
            row = parent.row()
        if row < 0:
            row = self.rowCount()
        self.move_rows(rows, row)
        return False


_ROLES = frozenset(
    r.value if hasattr(r, "value") else int(r)
    for r in (
        _R.DisplayRole, _R.EditRole, _R.ToolTipRole, _R.DecorationRole, _R.BackgroundRole,
        _R.AccessibleDescriptionRole, _R.FontRole, TimelineModel.EventIdRole, TimelineModel.EventRole,
        TimelineModel.OutOfOrderRole, TimelineModel.UnreadableTimeRole,
    )
)
