"""Markdown import: shapes, exact text, time rules, action tables and refused files."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.models import ActionStatus, Priority, Severity, Status, TimePrecision
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file

UTC = timezone.utc


def test_no_shape_document_keeps_its_text() -> None:
    text = "Things broke on Tuesday.\n\nWe fixed them by noon, mostly.\n"
    result = import_markdown(text)
    pm = result.postmortem
    assert pm.title == "Things broke on Tuesday."
    assert pm.timeline == [] and pm.action_items == []
    assert pm.narrative.summary == "Things broke on Tuesday.\n\nWe fixed them by noon, mostly."


def test_markup_characters_survive_exactly() -> None:
    text = "# AT&T outage; R&D & QA\n\n## Summary\n\nWe saw a<b & c>d in the logs.\n\n## Odd bits\n\nx < y\n"
    result = import_markdown(text)
    pm = result.postmortem
    assert pm.title == "AT&T outage; R&D & QA"
    assert pm.narrative.summary == "We saw a<b & c>d in the logs."
    assert [(e.heading, e.body) for e in pm.extra_sections] == [("Odd bits", "x < y")]
    assert [(w.line, w.message) for w in result.warnings] == [(7, "kept section 'Odd bits' as extra text")]


def test_non_latin_text() -> None:
    text = "# 東京 障害\n\n## Timeline\n\n- 2024-03-01 10:00 UTC שלום עולם\n- 2024-03-01 11:00 UTC مرحبا 🎉\n"
    pm = import_markdown(text).postmortem
    assert pm.title == "東京 障害"
    assert [e.description for e in pm.timeline] == ["שלום עולם", "مرحبا 🎉"]
    assert pm.incident_date == date(2024, 3, 1)


def test_table_pipes_inside_code_stay_in_one_cell() -> None:
    text = (
        "# Grep outage\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| 2024-05-01 09:00 | ran `grep -E 'a\\|b'` on every host |\n"
        "| 2024-05-01 09:30 | rolled back |\n"
    )
    pm = import_markdown(text).postmortem
    assert [e.description for e in pm.timeline] == ["ran `grep -E 'a|b'` on every host", "rolled back"]
    assert pm.timeline[0].occurred_at == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def test_times_inherit_the_date_and_roll_past_midnight() -> None:
    text = (
        "# Night outage 2024-03-09\n\n## Timeline (all times CET)\n\n"
        "- 23:40 alert fired\n- 23:55 on-call paged\n- 00:10 rolled back\n- 00:05 noted out of order\n"
    )
    pm = import_markdown(text).postmortem
    cet = timezone(timedelta(hours=1))
    assert [e.occurred_at for e in pm.timeline] == [
        datetime(2024, 3, 9, 23, 40, tzinfo=cet),
        datetime(2024, 3, 9, 23, 55, tzinfo=cet),
        datetime(2024, 3, 10, 0, 10, tzinfo=cet),
        datetime(2024, 3, 10, 0, 5, tzinfo=cet),
    ]
    assert pm.time_zone == "Etc/GMT-1"


def test_impossible_time_is_kept_with_a_warning_naming_the_line() -> None:
    text = "# X\n\n## Timeline\n\n- 2024-02-30 25:61 something odd\n- 2024-03-01 10:00 fine\n"
    result = import_markdown(text)
    first, second = result.postmortem.timeline
    assert (first.occurred_at, first.raw_time, first.description) == (None, "2024-02-30 25:61", "something odd")
    assert second.occurred_at == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert [w.line for w in result.warnings if "2024-02-30 25:61" in w.message] == [5]


def test_day_headers_date_only_entries_and_approximate_heading() -> None:
    text = (
        "# Y\n\n## Timeline (all times approximate, UTC)\n\n2024-01-02\n\n- 09:00 start\n\n"
        "2024-01-03\n\n- 08:00 end\n- 2024-01-05: cleanup done\n"
    )
    pm = import_markdown(text).postmortem
    assert [(e.occurred_at, e.precision) for e in pm.timeline] == [
        (datetime(2024, 1, 2, 9, tzinfo=UTC), TimePrecision.MINUTE),
        (datetime(2024, 1, 3, 8, tzinfo=UTC), TimePrecision.MINUTE),
        (datetime(2024, 1, 5, tzinfo=UTC), TimePrecision.DAY),
    ]
    assert all(e.approximate for e in pm.timeline)


def test_action_table_columns_and_checklist() -> None:
    text = (
        "# Z\n\n**Severity:** SEV2\n\n## Action items\n\n"
        "| Action | Owner | Due | Status | Priority | Ticket |\n|---|---|---|---|---|---|\n"
        "| Add alert | @ann | Jul 16, 2023 | Done | P1 | OPS-1 |\n"
        "| Fix runbook | Bob | 2023-08-01 | In progress | P2 | |\n\n"
        "## Follow-ups\n\n- [x] write docs\n- [ ] rotate keys Owner: @cy\n  - a sub-step, not an item\n"
    )
    pm = import_markdown(text).postmortem
    assert pm.severity is Severity.SEV2
    got = [(a.title, a.owner, a.due_text, a.due_date, a.status, a.priority, a.tracker_ref) for a in pm.action_items]
    assert got == [
        ("Add alert", "@ann", "Jul 16, 2023", date(2023, 7, 16), ActionStatus.DONE, Priority.P1, "OPS-1"),
        ("Fix runbook", "Bob", "2023-08-01", date(2023, 8, 1), ActionStatus.IN_PROGRESS, Priority.P2, ""),
        ("write docs", "", "", None, ActionStatus.DONE, None, ""),
        ("rotate keys Owner: @cy", "@cy", "", None, ActionStatus.OPEN, None, ""),
    ]


def test_front_matter_title_when_the_h1_is_a_section_name() -> None:
    text = '---\ntitle: "Global Outage: 504s"\ndate: 2022-12-13\n---\n\n# Timeline\n\n- **18:53** first report\n'
    pm = import_markdown(text).postmortem
    assert pm.title == "Global Outage: 504s"
    assert pm.incident_date == date(2022, 12, 13)
    assert pm.timeline[0].occurred_at == datetime(2022, 12, 13, 18, 53, tzinfo=UTC)


# --------------------------------------------------------------------------- refused files


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="empty.md: the file is empty"):
        import_markdown_file(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"PNG\n\x00\x01\x02")
    with pytest.raises(ImportFailure, match=r"image.md:2: this is a binary file") as info:
        import_markdown_file(path)
    assert info.value.line == 2


def test_latin1_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes("# Title\n\nCaf\u00e9 closed\n".encode("latin-1"))
    with pytest.raises(ImportFailure, match=r"latin.md:3: the file is not UTF-8 text \(byte 0xe9 at offset 12\)"):
        import_markdown_file(path)


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Big\n" + b"x" * (11 * 1024 * 1024))
    with pytest.raises(ImportFailure, match=r"huge.md: the file is 11.0 MB; Markdown import accepts at most 10 MB"):
        import_markdown_file(path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Überblick\n".encode())
    assert import_markdown_file(path).postmortem.title == "Überblick"


def test_wrapped_paragraph_lines_join_into_prose_and_hard_breaks_stay() -> None:
    text = (
        "# Wrapped\n\n## Summary\n\nThe node image was recalled due to a Kernel\nissue, so nodes flapped.\n"
        "Second line after a hard break  \nstays on its own line.\n"
    )
    summary = import_markdown(text).postmortem.narrative.summary
    assert summary == (
        "The node image was recalled due to a Kernel issue, so nodes flapped. Second line after a hard break\n"
        "stays on its own line."
    )


def test_metadata_block_under_the_title_is_read_not_summarised() -> None:
    text = (
        "# Checkout outage\n\n**Status:** In review\\\n**Date:** 2024-03-31\\\n**Time zone:** Europe/Berlin\\\n"
        "**Severity:** SEV2\n\nCheckout failed for 20 minutes.\n\n## Impact\n\nOrders were lost.\n"
    )
    pm = import_markdown(text).postmortem
    assert pm.narrative.summary == "Checkout failed for 20 minutes."
    assert (pm.status, pm.time_zone, pm.incident_date, pm.severity) == (
        Status.IN_REVIEW, "Europe/Berlin", date(2024, 3, 31), Severity.SEV2,
    )


def test_a_block_with_other_labels_stays_in_the_summary() -> None:
    text = "# Outage\n\n**Date:** 2015-10-21\n**Summary:** Search down for 66 minutes.\n\n## Impact\n\nx\n"
    pm = import_markdown(text).postmortem
    assert pm.narrative.summary == "Date: 2015-10-21 Summary: Search down for 66 minutes."
    assert pm.status is Status.DRAFT


def test_timeline_table_columns_for_who_and_type_are_read_not_folded() -> None:
    text = (
        "# DB failover\n\n## Timeline\n\n| Time (UTC) | Who | Event | Type | Phase |\n|---|---|---|---|---|\n"
        "| 2024-05-01 14:03 | José Núñez | Paged on replica lag | Alert | Detect |\n"
        "| 2024-05-01 14:20 | 李雷 | Promoted the standby | Mitigation | Fix |\n"
    )
    events = import_markdown(text).postmortem.timeline
    assert [(e.actor, e.kind.value, e.description) for e in events] == [
        ("José Núñez", "alert", "Paged on replica lag (Phase: Detect)"),
        ("李雷", "mitigation", "Promoted the standby (Phase: Fix)"),
    ]


def test_a_type_column_with_other_values_stays_event_text() -> None:
    text = (
        "# X\n\n## Timeline\n\n| Time | Event | Type |\n|---|---|---|\n"
        "| 2024-05-01 14:03 | Paged | internal |\n"
    )
    [event] = import_markdown(text).postmortem.timeline
    assert event.description == "Paged (Type: internal)"
    assert event.kind.value == "alert"
