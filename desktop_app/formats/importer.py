"""One entry point for importing a file of any supported kind (Markdown or JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from desktop_app.domain.limits import limit_fields
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.json_format import from_json, locate_line
from desktop_app.formats.markdown_import import ImportResult, ImportWarning, import_markdown_file
from desktop_app.formats.text_check import check_text
from desktop_app.formats.text_decode import decode_text

MAX_JSON_BYTES = 50 * 1024 * 1024


def copy_note(stored_title: str) -> str:
    """What the import says when a postmortem with the imported id is already stored (it was kept as a copy)."""
    title = stored_title or "Untitled postmortem"
    return f"imported as a copy: a postmortem with this id is already stored ({title})"


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def already_imported(title: str, incident_date: date | None,
                     stored: Iterable[tuple[str, str, date | None]]) -> str | None:
    """The id of a stored postmortem (``(id, title, incident_date)`` rows) that is the same incident:
    the same title (case and spacing aside) and the same incident date; ``None`` when there is none."""
    key = _title_key(title)
    if not key:
        return None
    for pm_id, stored_title, stored_date in stored:
        if _title_key(stored_title) == key and stored_date == incident_date:
            return pm_id
    return None


def duplicate_note(stored_id: str, new_id: str) -> str:
    """What an import says when the same incident was already imported (it is stored again, as a copy)."""
    return f"already imported as {stored_id}; stored as a new copy {new_id}"


def import_path(path: Path) -> ImportResult:
    """Import ``path``: ``.json`` as Hindsight's JSON export, anything else as Markdown.

    Raises ``ImportFailure`` naming the file (and line where known). A text longer than a field
    holds (``desktop_app.domain.limits``) is cut, with a warning naming the field and its line.
    """
    if path.suffix.lower() != ".json":
        return import_markdown_file(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise ImportFailure(source, f"the file is {size / 1e6:.0f} MB; JSON imports are limited to 50 MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(source, f"cannot be read: {exc.strerror or exc}") from exc
    text = decode_text(raw, source, kind="JSON")
    if not text.strip():
        raise ImportFailure(source, "the file is empty")
    check_text(raw, text, source, kind="JSON")
    pm = from_json(text, source=source)
    warnings = [ImportWarning(locate_line(text, cut.path), cut.message()) for cut in limit_fields(pm)]
    return ImportResult(postmortem=pm, warnings=warnings, source=source)
