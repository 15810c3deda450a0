"""The follow-up tracker's storage: every postmortem's action items as flat rows, and bulk edits.

``list_items`` reads the ``action_items`` and ``postmortems`` tables in one query (no
aggregate is loaded), so ten thousand items cost one SELECT. ``apply_changes`` (and its
short forms ``set_status`` / ``set_owner``) and ``restore`` write item rows in one
``BEGIN IMMEDIATE`` transaction and bump the ``version`` and ``updated_at`` of every
postmortem they touched: an editor that loaded the older version then gets a
``ConflictError`` on save instead of silently overwriting the tracker's change.

An item is *open* while its status is open or in progress, *overdue* when it is open
and its due date is before ``today``. An owner of only spaces counts as no owner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, select, tuple_, update

from desktop_app.domain.models import (
    ActionItem,
    ActionKind,
    ActionStatus,
    Priority,
    Severity,
    Status,
    utc_now,
)
from desktop_app.storage import search
from desktop_app.storage.database import for_writing
from desktop_app.storage.schema import ActionItemRow, PostmortemRow

if TYPE_CHECKING:
    from desktop_app.storage.repository import PostmortemRepository

ItemKey = tuple[str, str]
"""``(postmortem id, action item id)``: an item's identity across postmortems."""

ACTIONS = ActionItemRow.__table__
POSTMORTEMS = PostmortemRow.__table__
_KEYS_PER_QUERY = 400  # two bound values per key, far below SQLite's limit
DUE_SOON_DAYS = 7


@dataclass(frozen=True, slots=True)
class TrackedItem:
    """One action item of one postmortem, with what the tracker shows of its postmortem."""

    postmortem_id: str
    postmortem_title: str
    severity: Severity | None
    postmortem_status: Status
    incident_date: date | None
    item_id: str
    title: str
    description: str
    kind: ActionKind
    owner: str
    due_date: date | None
    due_text: str
    status: ActionStatus
    status_changed_on: date | None
    priority: Priority | None
    tracker_ref: str
    position: float
    overdue: bool

    @property
    def key(self) -> ItemKey:
        return (self.postmortem_id, self.item_id)

    @property
    def is_open(self) -> bool:
        return not self.status.is_closed

    @property
    def owner_name(self) -> str:
        """The owner without surrounding spaces ("" when there is none)."""
        return self.owner.strip()

    def due_within(self, today: date, days: int = DUE_SOON_DAYS) -> bool:
        """Open and due from ``today`` up to ``days`` days later (overdue items are not "due soon")."""
        return self.is_open and self.due_date is not None and today <= self.due_date <= today + timedelta(days)

    def as_action_item(self) -> ActionItem:
        """The item as a domain ``ActionItem`` (without its cause links, which the tracker does not read)."""
        return ActionItem(
            id=self.item_id,
            title=self.title,
            description=self.description,
            kind=self.kind,
            owner=self.owner,
            due_date=self.due_date,
            due_text=self.due_text,
            status=self.status,
            status_changed_on=self.status_changed_on,
            priority=self.priority,
            tracker_ref=self.tracker_ref,
        )


NO_OWNER = ""
"""Owner filter value meaning "items nobody owns"."""
NO_SEVERITY = ""
"""Severity filter value meaning "postmortems without a severity"."""


@dataclass(frozen=True)
class TrackerFilter:
    """What the tracker shows; an empty or ``None`` criterion lets everything through.

    Attributes:
        owners: owner names to keep (compared without case or surrounding spaces);
            ``NO_OWNER`` keeps unowned items.
        statuses: item statuses to keep.
        postmortem_ids: postmortems to keep.
        severities: severities to keep (``NO_SEVERITY`` for none).
        overdue_only: only overdue items.
        due_soon: only open items due today or in the next ``DUE_SOON_DAYS`` days.
        text: words that must all appear (any case) in the title, description, owner,
            tracker reference or postmortem title.
    """

    owners: frozenset[str] | None = None
    statuses: frozenset[ActionStatus] | None = None
    postmortem_ids: frozenset[str] | None = None
    severities: frozenset[str] | None = None
    overdue_only: bool = False
    due_soon: bool = False
    text: str = ""

    def __post_init__(self) -> None:
        if self.owners is not None:
            object.__setattr__(self, "owners", frozenset(o.strip().casefold() for o in self.owners))

    @property
    def is_empty(self) -> bool:
        return self == TrackerFilter()

    def matches(self, item: TrackedItem, today: date) -> bool:
        if self.overdue_only and not item.overdue:
            return False
        if self.due_soon and not item.due_within(today):
            return False
        if self.statuses is not None and item.status not in self.statuses:
            return False
        if self.postmortem_ids is not None and item.postmortem_id not in self.postmortem_ids:
            return False
        if self.severities is not None:
            severity = NO_SEVERITY if item.severity is None else item.severity.value
            if severity not in self.severities:
                return False
        if self.owners is not None and item.owner_name.casefold() not in self.owners:
            return False
        words = self.text.casefold().split()
        if words:
            haystack = " ".join(
                (item.title, item.description, item.owner, item.tracker_ref, item.postmortem_title)
            ).casefold()
            if not all(word in haystack for word in words):
                return False
        return True


def _engine_of(target: Engine | PostmortemRepository) -> Engine:
    return target if isinstance(target, Engine) else target.engine


def is_overdue(status: ActionStatus, due: date | None, today: date) -> bool:
    return not status.is_closed and due is not None and due < today


def list_items(target: Engine | PostmortemRepository, today: date | None = None) -> list[TrackedItem]:
    """Every action item of every postmortem: newest postmortem first, items in their own order.

    Newest means latest incident date (a postmortem without one counts with the day it was
    last updated), as in the library. ``today`` (default: the local date) decides "overdue".
    """
    today = date.today() if today is None else today
    parents = select(
        POSTMORTEMS.c.id,
        POSTMORTEMS.c.title,
        POSTMORTEMS.c.severity,
        POSTMORTEMS.c.status,
        POSTMORTEMS.c.incident_date,
        POSTMORTEMS.c.updated_at,
    ).where(POSTMORTEMS.c.id.in_(select(ACTIONS.c.postmortem_id).distinct()))
    children = select(
        ACTIONS.c.postmortem_id,
        ACTIONS.c.id,
        ACTIONS.c.title,
        ACTIONS.c.description,
        ACTIONS.c.kind,
        ACTIONS.c.owner,
        ACTIONS.c.due_date,
        ACTIONS.c.due_text,
        ACTIONS.c.status,
        ACTIONS.c.status_changed_on,
        ACTIONS.c.priority,
        ACTIONS.c.tracker_ref,
        ACTIONS.c.position,
    ).order_by(ACTIONS.c.postmortem_id, ACTIONS.c.position)
    with _engine_of(target).connect() as connection, connection.begin():  # one snapshot for both reads
        pm_rows = connection.execute(parents).all()
        item_rows = connection.execute(children).all()
    # newest first, as in the library: incident date (else the day last updated), then last update
    pm_rows.sort(key=lambda r: (r.incident_date or r.updated_at.date(), r.updated_at, r.id), reverse=True)
    rank = {row.id: number for number, row in enumerate(pm_rows)}
    severities = {s.value: s for s in Severity}
    statuses = {s.value: s for s in Status}
    parent_of = {
        row.id: (row.id, row.title, severities.get(row.severity) if row.severity else None,
                 statuses[row.status], row.incident_date)
        for row in pm_rows
    }
    action_statuses = {s.value: s for s in ActionStatus}
    kinds = {k.value: k for k in ActionKind}
    priorities = {p.value: p for p in Priority}
    items = []
    for (pm_id, item_id, title, description, kind, owner, due, due_text, status, changed_on, priority,
         tracker_ref, position) in sorted(item_rows, key=lambda r: rank[r[0]]):
        action_status = action_statuses[status]
        items.append(
            TrackedItem(
                *parent_of[pm_id], item_id, title, description, kinds.get(kind, ActionKind.OTHER), owner, due,
                due_text, action_status, changed_on, priorities.get(priority) if priority else None, tracker_ref,
                float(position), is_overdue(action_status, due, today),
            )
        )
    return items


# -- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """A change to one item: a new status, a new owner, or both (``None`` keeps the field)."""

    status: ActionStatus | None = None
    owner: str | None = None


@dataclass(frozen=True)
class ItemState:
    """The tracker-editable fields of one item, as stored."""

    status: ActionStatus
    status_changed_on: date | None
    owner: str


@dataclass(frozen=True)
class BulkResult:
    """What a bulk write did.

    Attributes:
        before: the state of every item that changed, before the write (undo restores it).
        after: the state of those items after the write (redo restores it).
        missing: keys that name no stored item (deleted meanwhile); nothing was written for them.
        versions: the new version of every postmortem that changed.
    """

    before: dict[ItemKey, ItemState] = field(default_factory=dict)
    after: dict[ItemKey, ItemState] = field(default_factory=dict)
    missing: list[ItemKey] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> list[ItemKey]:
        return list(self.before)

    @property
    def postmortem_ids(self) -> set[str]:
        return set(self.versions)


def _current_states(connection: Connection, keys: Sequence[ItemKey]) -> dict[ItemKey, ItemState]:
    states: dict[ItemKey, ItemState] = {}
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[start : start + _KEYS_PER_QUERY]
        rows = connection.execute(
            select(ACTIONS.c.postmortem_id, ACTIONS.c.id, ACTIONS.c.status, ACTIONS.c.status_changed_on,
                   ACTIONS.c.owner).where(tuple_(ACTIONS.c.postmortem_id, ACTIONS.c.id).in_(chunk))
        )
        for pm_id, item_id, status, changed_on, owner in rows:
            states[(pm_id, item_id)] = ItemState(ActionStatus(status), changed_on, owner)
    return states


def _write(
    target: Engine | PostmortemRepository,
    keys: Iterable[ItemKey],
    new_state: Callable[[ItemKey, ItemState], ItemState],
) -> BulkResult:
    """Read the items' states, write those ``new_state(key, state)`` changes, bump versions; one transaction."""
    wanted = list(dict.fromkeys(keys))
    engine = _engine_of(target)
    result = BulkResult()
    with for_writing(engine).begin() as connection:
        current = _current_states(connection, wanted)
        updates = []
        for key in wanted:
            state = current.get(key)
            if state is None:
                result.missing.append(key)
                continue
            new = new_state(key, state)
            if new == state:
                continue
            result.before[key] = state
            result.after[key] = new
            updates.append({
                "b_pm": key[0], "b_id": key[1], "v_status": new.status.value,
                "v_changed": new.status_changed_on, "v_owner": new.owner,
            })
        if updates:
            connection.execute(
                update(ACTIONS)
                .where(ACTIONS.c.postmortem_id == bindparam("b_pm"), ACTIONS.c.id == bindparam("b_id"))
                .values(status=bindparam("v_status"), status_changed_on=bindparam("v_changed"),
                        owner=bindparam("v_owner")),
                updates,
            )
            touched = sorted({key[0] for key in result.before})
            now = utc_now()
            for start in range(0, len(touched), _KEYS_PER_QUERY):
                chunk = touched[start : start + _KEYS_PER_QUERY]
                connection.execute(
                    update(POSTMORTEMS)
                    .where(POSTMORTEMS.c.id.in_(chunk))
                    .values(version=POSTMORTEMS.c.version + 1, updated_at=now)
                )
                rows = connection.execute(select(POSTMORTEMS.c.id, POSTMORTEMS.c.version)
                                          .where(POSTMORTEMS.c.id.in_(chunk)))
                result.versions.update({pm_id: int(version) for pm_id, version in rows})
            changed_ids: dict[str, list[str]] = {}
            for pm_id, item_id in result.before:
                changed_ids.setdefault(pm_id, []).append(item_id)
            for pm_id, item_ids in changed_ids.items():  # owners are searchable: keep the index in step
                search.reindex_elements(connection, pm_id, "action_items", item_ids)
    if not isinstance(target, Engine):
        for pm_id in result.versions:
            target.forget(pm_id)
    return result


def apply_changes(
    target: Engine | PostmortemRepository, changes: Mapping[ItemKey, ItemChange], today: date
) -> BulkResult:
    """Write each item's change; a status change also sets ``status_changed_on`` to ``today``.

    Owners are stored without surrounding spaces (only spaces means no owner). Items
    already as asked are left alone, and a postmortem none of whose items changed keeps its
    version. Keys that name no stored item are listed in ``BulkResult.missing``.
    """

    def new_state(key: ItemKey, state: ItemState) -> ItemState:
        change = changes[key]
        status, changed_on, owner = state.status, state.status_changed_on, state.owner
        if change.status is not None and change.status != status:
            status, changed_on = change.status, today
        if change.owner is not None and change.owner.strip() != owner.strip():
            owner = change.owner.strip()
        return ItemState(status, changed_on, owner)

    return _write(target, changes.keys(), new_state)


def set_status(
    target: Engine | PostmortemRepository, items: Sequence[ItemKey], status: ActionStatus, today: date
) -> BulkResult:
    """Give every item in ``items`` the status ``status`` (one transaction)."""
    return apply_changes(target, {key: ItemChange(status=status) for key in items}, today)


def set_owner(
    target: Engine | PostmortemRepository, items: Sequence[ItemKey], owner: str, today: date | None = None
) -> BulkResult:
    """Give every item in ``items`` the owner ``owner`` ("" or spaces: no owner; one transaction)."""
    return apply_changes(target, {key: ItemChange(owner=owner) for key in items}, today or date.today())


def restore(target: Engine | PostmortemRepository, states: Mapping[ItemKey, ItemState]) -> BulkResult:
    """Write these exact states (status, its date, owner): how the tracker undoes and redoes."""
    return _write(target, states.keys(), lambda key, _state: states[key])


__all__ = [
    "BulkResult",
    "DUE_SOON_DAYS",
    "ItemChange",
    "ItemKey",
    "ItemState",
    "NO_OWNER",
    "NO_SEVERITY",
    "TrackedItem",
    "TrackerFilter",
    "apply_changes",
    "is_overdue",
    "list_items",
    "restore",
    "set_owner",
    "set_status",
]
