"""JSON interchange: pydantic's own lossless form of the ``Postmortem`` aggregate."""

from __future__ import annotations

import json

from pydantic import ValidationError

from desktop_app.domain.models import Postmortem
from desktop_app.formats.errors import ImportFailure


def to_json(pm: Postmortem) -> str:
    """The aggregate as pretty-printed UTF-8 JSON text (ends with a newline)."""
    return pm.model_dump_json(indent=2) + "\n"


def from_json(text: str, *, source: str = "<json>") -> Postmortem:
    """Parse and validate a JSON export; raise ``ImportFailure`` naming what and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(source, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
    if not isinstance(data, dict):
        raise ImportFailure(source, "the JSON document is not an object with postmortem fields")
    try:
        return Postmortem.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise ImportFailure(source, f"field '{where}': {first['msg']}{more}") from exc
