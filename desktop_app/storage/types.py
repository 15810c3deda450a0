"""Column types: aware time stamps kept with their offset, and JSON lists as text."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import String, Text, TypeDecorator


class AwareDateTime(TypeDecorator[datetime]):
    """An aware ``datetime`` stored as ISO-8601 text with its original offset.

    ``2024-01-01T13:30:45-08:00`` is written exactly so and reads back as an aware
    datetime with ``utcoffset() == -8 h``: the same instant, the same offset. Naive
    datetimes are refused, so they can never sit next to aware ones. (A ``ZoneInfo``
    zone comes back as the fixed offset it had at that instant.)
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected an aware datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a naive datetime ({value.isoformat()}): give it a time zone")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(f"stored time stamp {value!r} has no offset")
        return moment

    def process_literal_param(self, value: datetime | None, dialect: Dialect) -> str:
        stored = self.process_bind_param(value, dialect)
        return "NULL" if stored is None else "'" + stored + "'"


class JSONList(TypeDecorator[list[Any]]):
    """A list of JSON values (strings, or small objects) stored as UTF-8 JSON text.

    Non-ASCII text is written as itself (``ensure_ascii=False``), so the column is
    readable with any SQLite tool; ``None`` is stored as ``[]``.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> str:
        if value is None:
            value = []
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[Any]:
        if value is None or value == "":
            return []
        loaded = json.loads(value)
        if not isinstance(loaded, list):
            raise ValueError(f"stored JSON is not a list: {value[:40]!r}")
        return loaded
