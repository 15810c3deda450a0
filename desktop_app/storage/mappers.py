"""Mapping between the pydantic ``Postmortem`` aggregate and plain table rows.

Rows are dictionaries keyed by column name holding Python values (enums as their
string values); the column types in ``types.py`` turn them into stored text.
Nothing here touches a connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from operator import attrgetter
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table

from desktop_app.domain.models import (
    ActionItem,
    Cause,
    Dismissal,
    Evidence,
    ExtraSection,
    IncidentTimes,
    Narrative,
    ParkingLotItem,
    Postmortem,
    Restoration,
    Stakeholder,
    TimelineEvent,
    WhyChain,
)
from desktop_app.storage.schema import (
    ActionItemRow,
    CauseRow,
    EvidenceRow,
    PostmortemRow,
    StakeholderRow,
    TimelineEventRow,
)
from desktop_app.storage.types import AwareDateTime, JSONList

Row = dict[str, Any]

POSTMORTEMS: Table = PostmortemRow.__table__  # type: ignore[assignment]

_TOP_FIELDS = (
    "title",
    "kind",
    "status",
    "severity",
    "tags",
    "created_at",
    "updated_at",
    "time_zone",
    "incident_date",
    "review_meeting_at",
    "discussion_notes",
    "open_questions",
    "fishbone_effect",
    "fishbone_categories",
)
_RESTORATION_FIELDS = tuple(Restoration.model_fields)
_TIMES_FIELDS = tuple(IncidentTimes.model_fields)
_NARRATIVE_FIELDS = tuple(Narrative.model_fields)


@dataclass(frozen=True)
class ChildList:
    """How one ordered child list of the aggregate maps to its table.

    Attributes:
        attribute: the list's name on ``Postmortem`` (``timeline``, ``causes`` …).
        table: the child table.
        model: the pydantic class of one element.
        fields: the element's fields; each is a column of the same name.
    """

    attribute: str
    table: Table
    model: type[BaseModel]
    fields: tuple[str, ...]
    _getter: Callable[[Any], tuple[Any, ...]] = field(init=False, repr=False, compare=False)
    _moments: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _lists: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_getter", attrgetter(*self.fields))
        moments = tuple(
            index
            for index, name in enumerate(self.fields)
            if isinstance(self.table.c[name].type, AwareDateTime)
        )
        object.__setattr__(self, "_moments", moments)
        lists = tuple(
            index for index, name in enumerate(self.fields) if isinstance(self.table.c[name].type, JSONList)
        )
        object.__setattr__(self, "_lists", lists)

    @property
    def has_lists(self) -> bool:
        """Whether an element holds a list, which can change in place without a new ``__dict__``."""
        return bool(self._lists)

    def values_of(self, item: BaseModel) -> tuple[Any, ...]:
        """The element's field values, in ``fields`` order (enums still enum members)."""
        return self._getter(item)

    def key(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """A change-detection key: equal keys mean identical stored rows.

        The values themselves (a ``StrEnum`` equals its string), plus the UTC offset of
        every time stamp, because equal instants with different offsets store differently.
        Lists are copied into tuples, so a list changed in place later still compares unequal.
        """
        offsets = tuple(None if values[i] is None else values[i].utcoffset() for i in self._moments)
        if self._lists:
            values = list(values)
            for index in self._lists:
                if values[index] is not None:
                    values[index] = tuple(values[index])
        return (*values, *offsets)

    def lists_match(self, item: BaseModel, key: Sequence[Any]) -> bool:
        """Whether the list fields of ``item`` still hold what ``key`` recorded for them."""
        for index in self._lists:
            value = getattr(item, self.fields[index])
            if (None if value is None else tuple(value)) != key[index]:
                return False
        return True

    def row(self, values: Sequence[Any]) -> Row:
        """The column values to write for ``values`` (enums as strings)."""
        return {name: _plain(value) for name, value in zip(self.fields, values, strict=True)}

    def to_model(self, values: Sequence[Any]) -> BaseModel:
        """Build the domain element from loaded values in ``fields`` order."""
        return self.model.model_validate(dict(zip(self.fields, values, strict=True)))


def _child(attribute: str, row_class: type, model: type[BaseModel]) -> ChildList:
    table: Table = row_class.__table__  # type: ignore[attr-defined]
    fields = tuple(model.model_fields)
    if fields[0] != "id":  # pragma: no cover - every element model starts with its id
        raise RuntimeError(f"{model.__name__} must declare 'id' first")
    missing = [name for name in fields if name not in table.c]
    if missing:  # pragma: no cover - caught by the test suite the moment a field is added
        raise RuntimeError(f"table {table.name} lacks columns for {model.__name__} fields {missing}")
    return ChildList(attribute, table, model, fields)


CHILD_LISTS: tuple[ChildList, ...] = (
    _child("timeline", TimelineEventRow, TimelineEvent),
    _child("action_items", ActionItemRow, ActionItem),
    _child("stakeholders", StakeholderRow, Stakeholder),
    _child("evidence", EvidenceRow, Evidence),
    _child("causes", CauseRow, Cause),
)
"""Every ordered child list of the aggregate, with its table."""


def _plain(value: Any) -> Any:
    """A value as stored: enum members become their values."""
    if isinstance(value, Enum):
        return value.value
    return value


def comparable(value: Any) -> Any:
    """A value in a form where equal means "stored identically".

    Aware datetimes compare as their ISO text, so the same instant written with
    another offset still counts as a change.
    """
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def postmortem_row(pm: Postmortem) -> Row:
    """The ``postmortems`` row of ``pm`` (without ``id`` and ``version``)."""
    row: Row = {name: _plain(getattr(pm, name)) for name in _TOP_FIELDS}
    row["tags"] = list(pm.tags)
    row["open_questions"] = list(pm.open_questions)
    for name in _RESTORATION_FIELDS:
        row[name] = getattr(pm.restoration, name)
    row["affected_services"] = list(pm.restoration.affected_services)
    row["affected_regions"] = list(pm.restoration.affected_regions)
    for name in _TIMES_FIELDS:
        row[name] = getattr(pm.times, name)
    for name in _NARRATIVE_FIELDS:
        row[name] = getattr(pm.narrative, name)
    row["extra_sections"] = [section.model_dump(mode="json") for section in pm.extra_sections]
    row["dismissals"] = [dismissal.model_dump(mode="json") for dismissal in pm.dismissals]
    row["fishbone_categories"] = list(pm.fishbone_categories)
    row["why_chains"] = [chain.model_dump(mode="json") for chain in pm.why_chains]
    row["parking_lot"] = [item.model_dump(mode="json") for item in pm.parking_lot]
    return row


def postmortem_from_rows(
    row: Mapping[str, Any], children: Mapping[str, Sequence[Sequence[Any]]]
) -> Postmortem:
    """Rebuild the aggregate from its ``postmortems`` row and its ordered child values.

    ``children`` maps each child list's attribute to its rows' values in ``fields`` order.
    """
    data: Row = {name: row[name] for name in _TOP_FIELDS}
    data["id"] = row["id"]
    data["restoration"] = {name: row[name] for name in _RESTORATION_FIELDS}
    data["times"] = {name: row[name] for name in _TIMES_FIELDS}
    data["narrative"] = {name: row[name] for name in _NARRATIVE_FIELDS}
    data["extra_sections"] = [ExtraSection.model_validate(item) for item in row["extra_sections"]]
    data["dismissals"] = [Dismissal.model_validate(item) for item in row["dismissals"]]
    data["why_chains"] = [WhyChain.model_validate(item) for item in row["why_chains"]]
    data["parking_lot"] = [ParkingLotItem.model_validate(item) for item in row["parking_lot"]]
    for child in CHILD_LISTS:
        data[child.attribute] = [child.to_model(item) for item in children.get(child.attribute, ())]
    return Postmortem.model_validate(data)


def child_items(pm: Postmortem, child: ChildList) -> list[BaseModel]:
    """The elements of one child list of ``pm``, in order."""
    items: list[BaseModel] = getattr(pm, child.attribute)
    return items


__all__ = [
    "CHILD_LISTS",
    "POSTMORTEMS",
    "ChildList",
    "Row",
    "child_items",
    "comparable",
    "postmortem_from_rows",
    "postmortem_row",
]
