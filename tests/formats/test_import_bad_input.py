"""A tester's bad input for the Markdown and JSON importers: each gets a clear message naming the line."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.models import Postmortem, Severity, TimelineEvent
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.importer import copy_note, import_path
from desktop_app.formats.json_format import from_json, to_json
from desktop_app.formats.markdown_import import DOCUMENT_DETAILS, import_markdown, import_markdown_file
from desktop_app.formats.timestamps import calendar_problem, impossible_date, offset_problem, zone_for_label


def _warnings(text: str) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in import_markdown(text).warnings]


# --------------------------------------------------------------------------- 1. impossible UTC offsets


def test_an_impossible_offset_keeps_the_time_as_text_with_a_warning() -> None:
    text = "# Outage\n\n## Timeline\n\n- 2024-01-01T10:00:00+99:00 paged\n- 2024-01-01T10:30:00Z fixed\n"
    result = import_markdown(text)
    first, second = result.postmortem.timeline
    assert (first.occurred_at, first.raw_time, first.description) == (None, "2024-01-01T10:00:00+99:00", "paged")
    assert second.occurred_at == datetime(2024, 1, 1, 10, 30, tzinfo=timezone.utc)
    assert [(w.line, w.message) for w in result.warnings] == [
        (5, "'+99:00' is not a real UTC offset (offsets run from -12:00 to +14:00); the time was kept as text"),
    ]
    assert result.postmortem.time_zone == "UTC"


@pytest.mark.parametrize("label", ["+14:30", "-12:30", "+05:75", "UTC+15", "GMT-13", "+9900"])
def test_offsets_outside_the_real_range_are_refused(label: str) -> None:
    assert zone_for_label(label) is None
    assert offset_problem(label) == f"'{label}' is not a real UTC offset (offsets run from -12:00 to +14:00)"


@pytest.mark.parametrize(("label", "hours"), [("+14:00", 14), ("-12:00", -12), ("+05:45", 5.75), ("UTC-3", -3)])
def test_real_offsets_at_the_edges_still_read(label: str, hours: float) -> None:
    assert offset_problem(label) == ""
    zone = zone_for_label(label)
    assert zone is not None and zone.utcoffset(None) == timedelta(hours=hours)


def test_a_key_time_field_with_an_impossible_offset_is_left_empty() -> None:
    text = "# Outage\n\nStart time: 2024-03-01 09:00 +15:00\nResolved: 2024-03-01 10:00 UTC\n"
    result = import_markdown(text)
    assert result.postmortem.times.started_at is None
    assert result.postmortem.times.resolved_at == datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "'+15:00' is not a real UTC offset (offsets run from -12:00 to +14:00); the time was left empty"),
    ]


# --------------------------------------------------------------------------- 2. severity


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("SEV0", Severity.SEV0), ("Sev 0", Severity.SEV0), ("sev-0", Severity.SEV0), ("S0", Severity.SEV0),
        ("Severity 1", Severity.SEV1), ("SEV2 (customer facing)", Severity.SEV2), ("3", Severity.SEV3),
        ("Critical", Severity.SEV1), ("Major (High Impact, Service Degradation)", Severity.SEV2),
        ("SEV5", Severity.SEV5),
    ],
)
def test_severity_forms(written: str, expected: Severity) -> None:
    result = import_markdown(f"# Outage\n\n**Severity:** {written}\n")
    assert result.postmortem.severity is expected
    assert result.warnings == []


@pytest.mark.parametrize("written", ["Critical-ish", "SEV6", "SEV10", "ernst"])
def test_an_unknown_severity_is_left_empty_with_a_warning(written: str) -> None:
    result = import_markdown(f"# Outage\n\n**Severity:** {written}\n")
    assert result.postmortem.severity is None
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, f"severity '{written}' is not one Hindsight knows (SEV0–SEV5); it was left empty"),
    ]


def test_a_bare_number_is_not_read_as_a_priority() -> None:
    assert _warnings("# Outage\n\nPriority: 1\n") == [
        (3, "priority '1' is not one Hindsight knows (SEV0–SEV5); it was left empty"),
    ]


def test_sev0_is_the_worst_severity() -> None:
    assert list(Severity)[0] is Severity.SEV0
    assert sorted(["SEV2", "SEV0", "SEV1"]) == ["SEV0", "SEV1", "SEV2"]


def test_sev0_has_its_own_pdf_badge_colour() -> None:
    from desktop_app.formats.pdf_styles import SEVERITY_COLOURS

    assert set(SEVERITY_COLOURS) == set(Severity)
    assert SEVERITY_COLOURS[Severity.SEV0] != SEVERITY_COLOURS[Severity.SEV1]


# --------------------------------------------------------------------------- 3. impossible incident date


def test_an_impossible_date_field_names_the_line_and_the_timeline_gives_the_date() -> None:
    text = "# Outage\n\n**Date:** 31/02/2024\n\n## Timeline\n\n- 2024-03-01 10:00 paged\n"
    result = import_markdown(text)
    assert result.postmortem.incident_date == date(2024, 3, 1)
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "'Date: 31/02/2024' is not a real date (February has no 31st); "
            "the incident date was taken from the timeline instead"),
    ]


def test_an_impossible_date_field_and_nothing_else_leaves_the_date_empty() -> None:
    result = import_markdown("# Outage\n\nDate: 2023-02-29\n\nThe site was down.\n")
    assert result.postmortem.incident_date is None
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "'Date: 2023-02-29' is not a real date (February 2023 has no 29th; 2023 is not a leap year); "
            "the incident date was left empty"),
    ]


def test_an_impossible_date_field_falls_back_to_the_front_matter() -> None:
    text = "---\ndate: 2024-03-05\n---\n# Outage\n\nIncident date: 31 April 2024\n"
    result = import_markdown(text)
    assert result.postmortem.incident_date == date(2024, 3, 5)
    assert [(w.line, w.message) for w in result.warnings] == [
        (6, "'Incident date: 31 April 2024' is not a real date (April has no 31st); "
            "the incident date was taken from the front matter instead"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("31/02/2024", ("31/02/2024", "February has no 31st")),
        ("on 2024-13-01", ("2024-13-01", "there is no month 13")),
        ("31/32/2024", ("31/32/2024", "neither 31 nor 32 can be a month")),
        ("February 30, 2024", ("February 30, 2024", "February has no 30th")),
        ("2024-04-31T10:00", ("2024-04-31", "April has no 31st")),
        ("2024-02-29 and 3.4.2020", None),
    ],
)
def test_impossible_dates_in_text(text: str, found: tuple[str, str] | None) -> None:
    assert impossible_date(text) == found


def test_calendar_problem_ordinals() -> None:
    assert [calendar_problem(2024, 6, d) for d in (30, 31)] == ["", "June has no 31st"]
    assert calendar_problem(2024, 11, 32) == "November has no 32nd"
    assert calendar_problem(2024, 1, 0) == "there is no day 0"


# --------------------------------------------------------------------------- 4. UTF-16 Markdown


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"", "utf-16-le"), (b"", "utf-16-be"),
     (b"\xef\xbb\xbf", "utf-8")],
)
def test_unicode_encodings_of_a_corpus_file_import_like_utf8(
    tmp_path: Path, corpus_dir: Path, bom: bytes, codec: str
) -> None:
    original = corpus_dir / "k8s-prow-2019-01-23-hook-outage.md"
    saved = tmp_path / "notepad.md"
    saved.write_bytes(bom + original.read_text(encoding="utf-8").encode(codec))
    expected = import_markdown_file(original).postmortem
    got = import_markdown_file(saved).postmortem
    def events(pm: Postmortem) -> list[tuple[object, ...]]:
        return [(e.occurred_at, e.raw_time, e.description) for e in pm.timeline]

    assert len(got.timeline) == 11
    assert events(got) == events(expected)
    assert (got.title, got.incident_date, got.narrative, got.extra_sections) == (
        expected.title, expected.incident_date, expected.narrative, expected.extra_sections,
    )


def test_non_ascii_text_survives_utf16(tmp_path: Path) -> None:
    path = tmp_path / "east.md"
    path.write_bytes(b"\xff\xfe" + "# 東京 outage 🚒\n\nשלום & مرحبا <b>\n".encode("utf-16-le"))
    pm = import_markdown_file(path).postmortem
    assert (pm.title, pm.narrative.summary) == ("東京 outage 🚒", "שלום & مرحبا <b>")


def test_truncated_utf16_says_so_and_suggests_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cut.md"
    path.write_bytes(b"\xff\xfe" + "# Title\n\nText\n".encode("utf-16-le") + b"x")
    with pytest.raises(ImportFailure) as info:
        import_markdown_file(path)
    assert str(info.value) == (
        f"{path}:4: the file looks like UTF-16 text but cannot be read as such (offset 30: truncated data); "
        "save it as UTF-8 and import again"
    )


def test_a_bom_alone_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xff\xfe" + " \n".encode("utf-16-le"))
    with pytest.raises(ImportFailure, match="bom.md: the file is empty"):
        import_markdown_file(path)


def test_utf16_json_imports(tmp_path: Path) -> None:
    path = tmp_path / "pm.json"
    path.write_bytes(b"\xff\xfe" + to_json(Postmortem(title="AT&T 東京")).encode("utf-16-le"))
    assert import_path(path).postmortem.title == "AT&T 東京"


# --------------------------------------------------------------------------- 5. JSON errors in plain words


def _json_with(**changes: object) -> str:
    data = json.loads(to_json(Postmortem(title="x", timeline=[TimelineEvent(description=f"e{i}") for i in range(3)])))
    data.update(changes)
    return json.dumps(data, indent=2)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_an_impossible_event_date_is_told_plainly() -> None:
    data = json.loads(_json_with())
    data["timeline"][2]["occurred_at"] = "2024-02-30T10:00:00Z"
    text = json.dumps(data, indent=2)
    with pytest.raises(ImportFailure) as info:
        from_json(text, source="pm.json")
    line = _line_of(text, "2024-02-30T10:00:00Z")
    assert info.value.line == line
    assert str(info.value) == (
        f"pm.json:{line}: timeline event 3, occurred_at: '2024-02-30T10:00:00Z' is not a real date "
        "(February has no 30th)"
    )


def test_an_unknown_field_may_come_from_a_newer_hindsight() -> None:
    text = _json_with(colour="red")
    with pytest.raises(ImportFailure) as info:
        from_json(text, source="pm.json")
    assert str(info.value) == (
        f"pm.json:{_line_of(text, 'colour')}: unknown field 'colour' (this file may come from a newer Hindsight)"
    )


def test_several_problems_list_five_in_file_order_then_the_count() -> None:
    text = _json_with(
        colour="red", title=5, incident_date="2024-02-30", severity="SEV9", tags="a", status=None,
        time_zone="America", version=2,
    )
    with pytest.raises(ImportFailure) as info:
        from_json(text, source="pm.json")
    keys = ("title", "tags", "status", "severity", "incident_date", "time_zone")
    line = {key: _line_of(text, f'"{key}"') for key in keys}
    problems = {
        "time_zone": "time_zone: unknown time zone 'America' (use an IANA name such as 'Europe/Berlin')",
        "title": "title: should be text, not a number",
        "tags": "tags: should be a list, not text",
        "status": "status: null is not one of 'draft', 'in_review', 'published' or 'closed'",
        "severity": "severity: 'SEV9' is not one of 'SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4' or 'SEV5'",
        "incident_date": "incident_date: '2024-02-30' is not a real date (February has no 30th)",
    }
    in_order = sorted(line, key=line.get)[:5]  # type: ignore[arg-type]
    first, *rest = in_order
    assert info.value.line == line[first]
    assert info.value.message == "; ".join(
        [problems[first], *(f"line {line[k]}, {problems[k]}" for k in rest), "and 3 more"]
    )


def test_a_missing_field_a_bad_type_in_a_list_and_a_validator_message() -> None:
    data = json.loads(_json_with(time_zone="Mars/Olympus"))
    data["action_items"] = [{"title": "a"}, {"title": ["not", "text"]}]
    del data["timeline"][1]["id"]
    text = json.dumps(data, indent=2)
    with pytest.raises(ImportFailure) as info:
        from_json(text, source="pm.json")
    message = info.value.message
    assert "time_zone: unknown time zone 'Mars/Olympus'" in message
    assert "action item 2, title: should be text, not a list" in message
    assert "Input should" not in message and "Value error" not in message


# --------------------------------------------------------------------------- 6. HTML entities


def test_entities_mean_their_character_everywhere() -> None:
    text = (
        "---\ntitle: AT&amp;T outage\n---\n\n## Summary\n\nAT&amp;T lost DNS &#x2014; `AT&amp;T` in code stays.\n\n"
        "## Timeline\n\n- 2024-01-01 10:00 AT&amp;T paged\n\n| Time | Event |\n|---|---|\n"
        "| 2024-01-01 10:30 | AT&amp;T &lt;b&gt; fixed |\n\n## Action items\n\n- [ ] Call AT&amp;T (owner: AT&amp;T)\n"
    )
    pm = import_markdown(text).postmortem
    assert pm.title == "AT&T outage"
    assert pm.narrative.summary == "AT&T lost DNS — `AT&amp;T` in code stays."
    assert [e.description for e in pm.timeline] == ["AT&T paged", "AT&T <b> fixed"]
    assert [(a.title, a.owner) for a in pm.action_items] == [("Call AT&T (owner: AT&T)", "AT&T")]


def test_entities_in_timeline_lines_indented_by_accident() -> None:
    text = "# AT&amp;T\n\n## Timeline\n\n    2024-01-01 10:00 AT&amp;T paged\n    2024-01-01 10:05 R&amp;D &nosuch; on\n"
    pm = import_markdown(text).postmortem
    assert pm.title == "AT&T"
    assert [e.description for e in pm.timeline] == ["AT&T paged", "R&D &nosuch; on"]


# --------------------------------------------------------------------------- 7. metadata lines under the title


def test_created_by_block_becomes_document_details_not_summary(corpus_dir: Path) -> None:
    pm = import_markdown_file(corpus_dir / "k8s-prow-2019-01-23-hook-outage.md").postmortem
    assert pm.narrative.summary.startswith("The main Kubernetes production Prow deployment")
    details = [e.body for e in pm.extra_sections if e.heading == DOCUMENT_DETAILS]
    assert details == ["Created By: Benjamin Elder <redacted@example.invalid>\nLast Modified: 2019-01-23"]


def test_metadata_lines_read_into_fields_are_not_repeated_in_document_details() -> None:
    text = (
        "# Checkout outage\n\nWritten by: Ana & 李雷\nReviewers: Bo\nSeverity: SEV0\nLast modified: 2024-04-02\n"
        "Ticket: OPS-1 <urgent>\n\nCheckout failed.\n"
    )
    pm = import_markdown(text).postmortem
    assert pm.severity is Severity.SEV0
    assert pm.narrative.summary == "Checkout failed."
    assert [(e.heading, e.body) for e in pm.extra_sections] == [
        (DOCUMENT_DETAILS, "Written by: Ana & 李雷\nReviewers: Bo\nLast modified: 2024-04-02\nTicket: OPS-1 <urgent>"),
    ]


def test_a_hindsight_export_imported_again_gains_no_document_details() -> None:
    from desktop_app.formats.markdown_export import to_markdown

    pm = Postmortem(title="Near miss", kind="near_miss", severity=Severity.SEV0, tags=["dns"])
    again = import_markdown(to_markdown(pm)).postmortem
    assert (again.title, again.severity, again.narrative.summary, again.extra_sections) == (
        "Near miss", Severity.SEV0, "", [],
    )


def test_a_block_mostly_of_other_labels_stays_in_the_summary() -> None:
    text = "# Outage\n\nCreated by: Ana\nCause: a bad deploy\nFix: a rollback\n\n## Impact\n\nx\n"
    pm = import_markdown(text).postmortem
    assert pm.narrative.summary == "Created by: Ana Cause: a bad deploy Fix: a rollback"
    assert pm.extra_sections == []


# --------------------------------------------------------------------------- 8. importing the same file twice


def test_the_copy_note_names_the_stored_postmortem() -> None:
    assert copy_note("AT&T outage") == (
        "imported as a copy: a postmortem with this id is already stored (AT&T outage)"
    )
    assert copy_note("") == (
        "imported as a copy: a postmortem with this id is already stored (Untitled postmortem)"
    )


def test_the_cli_says_a_second_import_is_a_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.app import _cmd_import
    from desktop_app.storage.database import open_database
    from desktop_app.storage.repository import PostmortemRepository

    repo = PostmortemRepository(open_database(f"sqlite:///{tmp_path / 'h.db'}"))
    path = tmp_path / "pm.json"
    path.write_text(to_json(Postmortem(title="Disk full")), encoding="utf-8")
    assert _cmd_import(repo, [path]) == 0
    assert capsys.readouterr().err == ""
    assert _cmd_import(repo, [path]) == 0
    assert capsys.readouterr().err == (
        f"{path}: imported as a copy: a postmortem with this id is already stored (Disk full)\n"
    )
    assert sorted(s.title for s in repo.list_summaries()) == ["Disk full", "Disk full"]
