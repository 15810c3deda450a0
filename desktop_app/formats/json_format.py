"""JSON interchange: pydantic's own lossless form of the ``Postmortem`` aggregate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.decoder import scanstring

from pydantic import ValidationError

from desktop_app.domain.models import Postmortem
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.json_errors import MAX_LISTED, describe_error


def to_json(pm: Postmortem) -> str:
    """The aggregate as pretty-printed UTF-8 JSON text (ends with a newline)."""
    return pm.model_dump_json(indent=2) + "\n"


def from_json(text: str, *, source: str = "<json>") -> Postmortem:
    """Parse and validate a JSON export; raise ``ImportFailure`` naming what and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(source, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
    except ValueError as exc:  # a number too long to convert
        raise ImportFailure(source, f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ImportFailure(source, "not valid JSON: nested too deeply") from exc
    if not isinstance(data, dict):
        raise ImportFailure(source, "the JSON document is not an object with postmortem fields")
    try:
        return Postmortem.model_validate(data)
    except ValidationError as exc:
        problems = sorted(
            (describe_error(error, locate_line(text, error["loc"])) for error in exc.errors()),
            key=lambda p: p.line if p.line is not None else 1 << 62,
        )
        first = problems[0]
        parts = [first.text(with_line=False)]
        parts += [p.text() for p in problems[1:MAX_LISTED]]
        if len(problems) > MAX_LISTED:
            parts.append(f"and {len(problems) - MAX_LISTED} more")
        raise ImportFailure(source, "; ".join(parts), line=first.line) from exc


_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


def locate_line(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line where the value at ``path`` (keys and indices) starts in JSON ``text``.

    For a key that is not there (an unknown field is reported at its own key), the line of the
    deepest part found. ``None`` if the text cannot be walked.
    """
    pos = 0
    try:
        for part in path:
            while text[pos] in _SPACE:
                pos += 1
            opener = text[pos]
            pos += 1
            index = 0
            while True:
                while text[pos] in _SPACE + ",":
                    pos += 1
                if text[pos] in "}]":
                    return text.count("\n", 0, pos) + 1  # not found: the end of the container
                if opener == "{":
                    key, pos = scanstring(text, pos + 1)
                    pos = text.index(":", pos) + 1
                    while text[pos] in _SPACE:
                        pos += 1
                    if key == part:
                        break
                elif index == part:
                    break
                _, pos = _DECODER.raw_decode(text, pos)
                index += 1
        return text.count("\n", 0, pos) + 1
    except (IndexError, ValueError):
        return None
