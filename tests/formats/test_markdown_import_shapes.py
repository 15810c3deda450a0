"""Markdown import of postmortem shapes beyond the corpus: one short self-written document per rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from desktop_app.domain.models import ActionKind, ActionStatus, TimePrecision
from desktop_app.formats.markdown_import import import_markdown
from desktop_app.formats.timestamps import find_dates

UTC = timezone.utc

SRE_BOOK = """# Cache meltdown (incident #12)

## Date

2024-02-10

## Summary

The cache tier fell over for 40 minutes.

## Impact

About 3% of page loads failed.

## Root Causes

A config push doubled key sizes.

## Trigger

The weekly config push.

## Resolution

Rolled the config back.

## Detection

An error-rate alert paged the on-call.

## Action Items

| Action Item | Type | Owner | Bug |
| --- | --- | --- | --- |
| Add a size check to the push tool | prevent | kim | BUG-101 **TODO** |
| Page on cache evictions | mitigate | raj | BUG-102 **DONE** |

## Lessons Learned

### What went well

* The alert fired fast.

### What went wrong

* The rollback took 20 minutes.

### Where we got lucky

* Traffic was low.

## Timeline

2024-02-10 (*all times UTC*)

| Time | Description |
| --- | --- |
| 09:58 | config pushed |
| 10:03 | **OUTAGE BEGINS** errors climb |
| 10:38 | rollback done |
"""


def test_google_sre_template() -> None:
    pm = import_markdown(SRE_BOOK).postmortem
    assert pm.title == "Cache meltdown (incident #12)"
    assert pm.incident_date == date(2024, 2, 10)
    n = pm.narrative
    assert (n.summary, n.impact, n.root_cause, n.trigger, n.resolution, n.detection) == (
        "The cache tier fell over for 40 minutes.",
        "About 3% of page loads failed.",
        "A config push doubled key sizes.",
        "The weekly config push.",
        "Rolled the config back.",
        "An error-rate alert paged the on-call.",
    )
    assert (n.went_well, n.went_wrong, n.got_lucky) == (
        "- The alert fired fast.", "- The rollback took 20 minutes.", "- Traffic was low.",
    )
    # the date line with a note in parentheses heads the table; it is not an entry
    assert [(e.raw_time, e.occurred_at, e.description) for e in pm.timeline] == [
        ("09:58", datetime(2024, 2, 10, 9, 58, tzinfo=UTC), "config pushed"),
        ("10:03", datetime(2024, 2, 10, 10, 3, tzinfo=UTC), "OUTAGE BEGINS errors climb"),
        ("10:38", datetime(2024, 2, 10, 10, 38, tzinfo=UTC), "rollback done"),
    ]
    # a Type column whose every cell names an action kind sets the kind (it is not description text)
    got = [(a.title, a.owner, a.tracker_ref, a.status, a.kind, a.description) for a in pm.action_items]
    assert got == [
        ("Add a size check to the push tool", "kim", "BUG-101", ActionStatus.OPEN, ActionKind.PREVENT, ""),
        ("Page on cache evictions", "raj", "BUG-102", ActionStatus.DONE, ActionKind.MITIGATE, ""),
    ]


ATLASSIAN = """# Login failures

## Incident summary

Logins failed for an hour.

## Leadup

A library bump went out on Friday.

## Fault

The new library rejected old tokens.

## Impact

All mobile users were logged out.

## Detection

Support tickets spiked.

## Response

The on-call engineer joined at 14:10.

## Recovery

We pinned the old library.

## Timeline

- 2024-04-05 13:50 - library bump deployed
- 2024-04-05 14:05 - first tickets
- 2024-04-05 14:55 - pin deployed

## Five whys

1. Why did logins fail? Tokens were rejected.
2. Why were they rejected? The library changed.

## Root cause

An unreviewed library upgrade.

## Blameless prompts

Were there gaps in the runbook?

## Related records

- INC-4

## Lessons learned

Pin security libraries.

## Follow-up tasks

| Task | Assignee | Due date |
| --- | --- | --- |
| Pin auth libraries | @lee | 2024-04-20 |
| Add token tests | @mo | 2024-05-01 |
"""


def test_atlassian_template() -> None:
    pm = import_markdown(ATLASSIAN).postmortem
    n = pm.narrative
    assert n.summary == "Logins failed for an hour."
    assert n.what_happened == "A library bump went out on Friday.\n\nThe new library rejected old tokens."
    assert n.impact == "All mobile users were logged out."
    assert n.detection == "Support tickets spiked."
    assert n.resolution == "The on-call engineer joined at 14:10.\n\nWe pinned the old library."
    assert n.root_cause == "An unreviewed library upgrade."
    assert [e.heading for e in pm.extra_sections] == ["Blameless prompts", "Related records", "Lessons learned"]
    # 'Five whys' is a 5 Whys chain: each numbered why is a step, its question up to the '?'
    assert [(c.problem, [(w.question, w.answer) for w in c.whys]) for c in pm.why_chains] == [
        ("", [("Why did logins fail?", "Tokens were rejected."), ("Why were they rejected?", "The library changed.")]),
    ]
    assert [e.raw_time for e in pm.timeline] == ["2024-04-05 13:50", "2024-04-05 14:05", "2024-04-05 14:55"]
    assert pm.timeline[2].description == "pin deployed"
    got = [(a.title, a.owner, a.due_text, a.due_date) for a in pm.action_items]
    assert got == [
        ("Pin auth libraries", "@lee", "2024-04-20", date(2024, 4, 20)),
        ("Add token tests", "@mo", "2024-05-01", date(2024, 5, 1)),
    ]


WHEN_WHERE = """# Payments delay

## Summary

Card payments queued for two hours.

## When & Where

2024-06-02, EU region.

## What Happened

A queue consumer crashed in a loop.

## Timeline

- 08:15 - consumer crash loop starts
- 08:40 - alert fires
- 10:12 - consumer fixed

## Root Cause

A malformed message.

## Fixes & Follow-ups

- [ ] Reject malformed messages (@ana, due 2024-07-01)
- [x] Add a dead-letter queue (@bo)
- TODO: write the runbook
"""


def test_when_and_where_template_with_checklist_owners_and_due_dates() -> None:
    pm = import_markdown(WHEN_WHERE).postmortem
    assert pm.incident_date == date(2024, 6, 2)
    assert pm.narrative.what_happened == "A queue consumer crashed in a loop."
    assert pm.narrative.root_cause == "A malformed message."
    assert [(e.raw_time, e.occurred_at, e.description) for e in pm.timeline] == [
        ("08:15", datetime(2024, 6, 2, 8, 15, tzinfo=UTC), "consumer crash loop starts"),
        ("08:40", datetime(2024, 6, 2, 8, 40, tzinfo=UTC), "alert fires"),
        ("10:12", datetime(2024, 6, 2, 10, 12, tzinfo=UTC), "consumer fixed"),
    ]
    got = [(a.title, a.owner, a.due_text, a.due_date, a.status) for a in pm.action_items]
    assert got == [
        ("Reject malformed messages (@ana, due 2024-07-01)", "@ana", "2024-07-01", date(2024, 7, 1),
         ActionStatus.OPEN),
        ("Add a dead-letter queue (@bo)", "@bo", "", None, ActionStatus.DONE),
        ("write the runbook", "", "", None, ActionStatus.OPEN),
    ]


def test_iso_8601_with_offsets_keeps_the_offset_and_seconds() -> None:
    text = "# Clock\n\n## Timeline\n\n- 2024-01-01T13:30:45-08:00 deploy started\n- 2024-01-01T14:00:00-08:00 done\n"
    pm = import_markdown(text).postmortem
    pst = timezone(timedelta(hours=-8))
    assert [(e.occurred_at, e.precision) for e in pm.timeline] == [
        (datetime(2024, 1, 1, 13, 30, 45, tzinfo=pst), TimePrecision.SECOND),
        (datetime(2024, 1, 1, 14, 0, 0, tzinfo=pst), TimePrecision.SECOND),
    ]
    assert pm.timeline[0].occurred_at is not None and pm.timeline[0].occurred_at.utcoffset() == timedelta(hours=-8)
    assert pm.time_zone == "Etc/GMT+8"


def test_times_with_seconds_and_in_italic_code_or_bold() -> None:
    text = (
        "# Seconds 2024-09-09\n\n## Timeline (UTC)\n\n"
        "- 10:00:05 - first error\n- *10:01:30* - pager fires\n- `10:02:00` - ack\n- __10:05__ — rollback\n"
    )
    pm = import_markdown(text).postmortem
    assert [(e.raw_time, e.description, e.precision) for e in pm.timeline] == [
        ("10:00:05", "first error", TimePrecision.SECOND),
        ("10:01:30", "pager fires", TimePrecision.SECOND),
        ("10:02:00", "ack", TimePrecision.SECOND),
        ("10:05", "rollback", TimePrecision.MINUTE),
    ]
    assert pm.timeline[1].occurred_at == datetime(2024, 9, 9, 10, 1, 30, tzinfo=UTC)


def test_time_columns_named_timestamp_or_when_and_dri_eta_target_date_columns() -> None:
    text = (
        "# Columns\n\n## Timeline\n\n| Timestamp | What happened |\n| --- | --- |\n| 2024-10-10 07:00 | start |\n\n"
        "| When | Event |\n| --- | --- |\n| 2024-10-10 08:00 | end |\n\n"
        "## Action items\n\n| Item | DRI | ETA |\n| --- | --- | --- |\n| Fix it | sam | 2024-11-01 |\n\n"
        "| Title | Owner | Target date |\n| --- | --- | --- |\n| Doc it | eve | 2024-12-01 |\n"
    )
    pm = import_markdown(text).postmortem
    assert [(e.occurred_at, e.description) for e in pm.timeline] == [
        (datetime(2024, 10, 10, 7, tzinfo=UTC), "start"),
        (datetime(2024, 10, 10, 8, tzinfo=UTC), "end"),
    ]
    assert [(a.title, a.owner, a.due_date) for a in pm.action_items] == [
        ("Fix it", "sam", date(2024, 11, 1)),
        ("Doc it", "eve", date(2024, 12, 1)),
    ]


def test_time_utc_column_and_numbered_next_steps_with_inline_fields() -> None:
    text = (
        "# Lag on 2024-10-11\n\n## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n| 07:00 | lag starts |\n\n"
        "## Next steps\n\n1. Add alerting (Owner: @kai, Due: 2024-11-15)\n2. Review limits\n"
    )
    pm = import_markdown(text).postmortem
    assert pm.timeline[0].occurred_at == datetime(2024, 10, 11, 7, tzinfo=UTC)
    assert [(a.title, a.owner, a.due_date) for a in pm.action_items] == [
        ("Add alerting (Owner: @kai, Due: 2024-11-15)", "@kai", date(2024, 11, 15)),
        ("Review limits", "", None),
    ]


def test_bracketed_times_unknown_time_placeholder_and_rollover() -> None:
    text = (
        "# Queue stall on May 3rd, 2024\n\nAll times PDT.\n\n## Timeline\n\n"
        "* [???] load starts to build\n* [13:26] first report\n* [23:50] fix rolled out\n* [07:00] all clear\n"
    )
    result = import_markdown(text)
    pdt = timezone(timedelta(hours=-7))
    assert [(e.raw_time, e.occurred_at) for e in result.postmortem.timeline] == [
        ("???", None),
        ("13:26", datetime(2024, 5, 3, 13, 26, tzinfo=pdt)),
        ("23:50", datetime(2024, 5, 3, 23, 50, tzinfo=pdt)),
        ("07:00", datetime(2024, 5, 4, 7, 0, tzinfo=pdt)),
    ]
    assert any("'???'" in w.message for w in result.warnings)


def test_day_sub_headings_with_weekday_and_the_same_time_in_a_second_zone() -> None:
    text = (
        "---\ntitle: Blog post\ndate: 2024-08-09\n---\n\n# Mail outage\n\n## Timeline of events\n\n"
        "### 2024-08-03 Saturday\n- 22:10 EDT (02:10 UTC): mail queue grows\n\n"
        "### 2024-08-04 Sunday\n- 09:00 EDT (13:00 UTC): queue drained\n"
    )
    pm = import_markdown(text).postmortem
    edt = timezone(timedelta(hours=-4))
    assert [(e.raw_time, e.occurred_at, e.description) for e in pm.timeline] == [
        ("22:10 EDT (02:10 UTC)", datetime(2024, 8, 3, 22, 10, tzinfo=edt), "mail queue grows"),
        ("09:00 EDT (13:00 UTC)", datetime(2024, 8, 4, 9, 0, tzinfo=edt), "queue drained"),
    ]
    # the first day of a day-grouped timeline, not the publication date
    assert pm.incident_date == date(2024, 8, 3)


def test_tab_indented_timeline_lines_are_entries_and_their_order_is_confirmed() -> None:
    text = (
        "# Stall\n\n## Timeline (all times PST)\n\n03-04-2024\n\n\t7:32 PM - chain stalled\n\n"
        "\t7:38 PM - monitoring detected the stall\n\n03-20-2024 - fix released\n"
    )
    pm = import_markdown(text).postmortem
    pst = timezone(timedelta(hours=-8))
    assert [(e.raw_time, e.occurred_at) for e in pm.timeline] == [
        ("7:32 PM", datetime(2024, 3, 4, 19, 32, tzinfo=pst)),
        ("7:38 PM", datetime(2024, 3, 4, 19, 38, tzinfo=pst)),
        ("03-20-2024", datetime(2024, 3, 20, tzinfo=pst)),
    ]
    # '03-04-2024' alone could be 3 April; '03-20-2024' shows the document writes month first
    assert pm.incident_date == date(2024, 3, 4)


def test_fenced_code_in_a_timeline_is_never_an_entry() -> None:
    text = "# Logs 2024-02-02\n\n## Timeline\n\n- 10:00 error seen\n\n```\n10:00:01 ERROR boom\n```\n"
    pm = import_markdown(text).postmortem
    assert [e.raw_time for e in pm.timeline] == ["10:00"]


def test_kramdown_attribute_line_under_a_table_is_not_a_row() -> None:
    text = "# Styled\n\n## Timeline\n\n| time | Description |\n| --- | --- |\n| 14:51 | news |\n{: .timeline }\n"
    pm = import_markdown(text).postmortem
    assert [e.raw_time for e in pm.timeline] == ["14:51"]


def test_action_headings_with_a_trailing_handle_name_the_owner() -> None:
    text = (
        "# Slow site\n\n# Action items\n\n### 1) Reduce workers `@dma` [repair]\n\nDone already.\n\n"
        "### 2) Alert on CPU by `@ann`\n\nNot yet.\n"
    )
    pm = import_markdown(text).postmortem
    assert [(a.title, a.owner) for a in pm.action_items] == [
        ("1) Reduce workers `@dma` [repair]", "@dma"),
        ("2) Alert on CPU by `@ann`", "@ann"),
    ]


def test_bullets_between_numbered_actions_elaborate_them() -> None:
    text = (
        "# Migration\n\n## Remediation\n\n1. **Split the table**\nWe did:\n\n- new partitions\n- backfill\n\n"
        "2. **Watch OIDs**\n\n- add a metric\n"
    )
    pm = import_markdown(text).postmortem
    assert [(a.title, a.description) for a in pm.action_items] == [
        ("Split the table We did:", "- new partitions\n- backfill"),
        ("Watch OIDs", "- add a metric"),
    ]


def test_completed_bullets_and_an_in_progress_table_both_count() -> None:
    text = (
        "# Flags\n\n## Remediation\n\n### Completed\n\n- cleaned data\n- recycled workers\n\n"
        "### In Progress\n\n| Follow-up | Priority |\n|---|---|\n| better alerts | High |\n"
    )
    pm = import_markdown(text).postmortem
    assert [a.title for a in pm.action_items] == ["cleaned data", "recycled workers", "better alerts"]


def test_todo_bullets_count_outside_action_sections_but_a_lone_todo_note_does_not() -> None:
    text = "# Notes\n\n## Afterwards\n\n- TODO: rotate keys\n- TODO: tell users\n\nTODO: thank the reporter\n"
    pm = import_markdown(text).postmortem
    assert [a.title for a in pm.action_items] == ["rotate keys", "tell users"]


def test_a_date_range_shares_its_year() -> None:
    assert [f.day for f in find_dates("Between November 11 and November 15, 2025 we hit a limit")] == [
        date(2025, 11, 11), date(2025, 11, 15),
    ]
    pm = import_markdown("Delays (November 2025)\n===\n\nBetween November 11 and November 15, 2025 it lagged.\n")
    assert pm.postmortem.incident_date == date(2025, 11, 11)


def test_key_time_fields_fill_incident_times() -> None:
    text = (
        "# DB outage\n\n**Start time:** 2024-03-01 10:02 UTC\n**Detected:** 2024-03-01 10:10 UTC\n"
        "**Resolved:** 11:45\n\n## Summary\n\nIt broke.\n"
    )
    times = import_markdown(text).postmortem.times
    assert (times.started_at, times.detected_at, times.resolved_at) == (
        datetime(2024, 3, 1, 10, 2, tzinfo=UTC),
        datetime(2024, 3, 1, 10, 10, tzinfo=UTC),
        datetime(2024, 3, 1, 11, 45, tzinfo=UTC),
    )


def test_key_time_fields_that_are_not_clear_stamps_are_left_empty() -> None:
    text = "# Vague 2024-03-01\n\nStart time: sometime in the morning\nResolved: TBD\n"
    times = import_markdown(text).postmortem.times
    assert (times.started_at, times.resolved_at) == (None, None)
