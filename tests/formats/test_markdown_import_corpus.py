"""Every real postmortem in the shared corpus imports with the hand-checked facts of corpus.json."""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.models import TimelineEvent, TimePrecision
from desktop_app.formats.markdown_import import ImportResult, import_markdown_file
from desktop_app.formats.timestamps import zone_for_label

_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
_FILES = (
    [f["file"] for f in json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]]
    if (_CORPUS / "corpus.json").is_file()
    else []
)


@pytest.fixture(params=_FILES)
def case(request: pytest.FixtureRequest, corpus_dir: Path, corpus_manifest: dict) -> tuple[dict, ImportResult]:
    facts = next(f for f in corpus_manifest["files"] if f["file"] == request.param)
    return facts, import_markdown_file(corpus_dir / request.param)


def _expected_raw(raw: str) -> str:
    """The corpus 'raw' without its explanatory note in parentheses ('8:36 AM (under 2019-01-23)')."""
    return re.sub(r"\s+\((?:under|note|see)[^)]*\)$", "", raw).strip()


def _expected_text(text: str) -> str:
    """The corpus text as a prefix: cut at '...'/'(sentence...)', links reduced to their text."""
    text = re.sub(r"\s*\(sentence breaks off\)$", "", text)
    if "..." in text:
        text = text.split("...")[0]
    text = re.sub(r"\[([^\]]+)\](?:\[[^\]]*\]|\([^)]*\))", r"\1", text)
    return text.rstrip()


def _check_instant(event: TimelineEvent, interpreted: str) -> None:
    head = interpreted.split(" ")[0]
    # "... if the year typo is corrected": as written the date is invalid, so no instant
    if "invalid" in interpreted or "corrected" in interpreted or not re.match(r"\d{4}-\d{2}-\d{2}", head):
        assert event.occurred_at is None
        return
    assert event.occurred_at is not None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head):
        assert event.precision is TimePrecision.DAY
        assert event.occurred_at.date() == date.fromisoformat(head)
        assert event.occurred_at.time().hour == 0 and event.occurred_at.time().minute == 0
        return
    if head.endswith("Z") or re.search(r"[+-]\d{2}:\d{2}$", head):
        expected = datetime.fromisoformat(head.replace("Z", "+00:00"))
        assert event.occurred_at == expected
        assert event.occurred_at.utcoffset() == expected.utcoffset()
        return
    # wall-clock time with the zone named in the note ('labelled PST')
    assert event.occurred_at.replace(tzinfo=None) == datetime.fromisoformat(head)
    label = re.search(r"labelled (\w+)", interpreted)
    if label:
        zone = zone_for_label(label.group(1))
        assert zone is not None
        assert event.occurred_at.utcoffset() == zone.utcoffset(None)


def test_title(case: tuple[dict, ImportResult]) -> None:
    facts, result = case
    assert result.postmortem.title in [facts["title"], *facts.get("title_alternatives", [])]


def test_incident_date(case: tuple[dict, ImportResult]) -> None:
    facts, result = case
    got = result.postmortem.incident_date
    if facts["incident_date"] == "ambiguous":
        assert got is None
        assert any("day-first or month-first" in w.message for w in result.warnings)
    else:
        assert got is not None and got.isoformat() == facts["incident_date"]


def test_timeline_count(case: tuple[dict, ImportResult]) -> None:
    facts, result = case
    assert len(result.postmortem.timeline) == facts["timeline"]["entries"]


@pytest.mark.parametrize("which", ["first", "last"])
def test_timeline_ends(case: tuple[dict, ImportResult], which: str) -> None:
    facts, result = case
    expected = facts["timeline"][which]
    if expected is None:
        assert result.postmortem.timeline == []
        return
    event = result.postmortem.timeline[0 if which == "first" else -1]
    assert event.raw_time == _expected_raw(expected["raw"])
    assert event.description.startswith(_expected_text(expected["text"]))
    _check_instant(event, expected["interpreted"])
    if event.occurred_at is None:
        assert any(event.raw_time in w.message for w in result.warnings)


def test_action_items(case: tuple[dict, ImportResult]) -> None:
    facts, result = case
    items = result.postmortem.action_items
    assert len(items) == facts["action_items"]["count"]
    assert [a.owner for a in items if a.owner] == facts["action_items"]["owners"]
    assert [a.due_text for a in items if a.due_text] == facts["action_items"]["due_dates"]


def test_every_event_is_aware_or_absent(case: tuple[dict, ImportResult]) -> None:
    _, result = case
    for event in result.postmortem.timeline:
        assert event.occurred_at is None or event.occurred_at.utcoffset() is not None


def test_the_corpus_has_twenty_files() -> None:
    assert len(_FILES) == 20
