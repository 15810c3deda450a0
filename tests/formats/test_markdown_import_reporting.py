"""What a Markdown import reports and how it names a document: kept sections, lessons, titles, duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.formats.importer import already_imported, duplicate_note
from desktop_app.formats.markdown_import import MAX_TITLE, import_markdown, import_markdown_file


def _messages(text: str, source: str = "<markdown>") -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in import_markdown(text, source=source).warnings]


def test_every_section_kept_as_extra_text_is_reported_with_its_line() -> None:
    text = ("# Outage\n\nCreated by: Ann\n\n## Timeline\n\nAll times UTC. ![graph](g.png)\n\n- 2024-03-01 10:00 alert fired\n\n"
            "## Attendees\n\nEveryone who joined the call was thanked for their time.\n\n"
            "## Action items\n\n| Action | Owner |\n| --- | --- |\n| Add alert | ann |\n\nMore next week.\n\n"
            "## Glossary\n\nIC = incident commander\n")
    pm = import_markdown(text).postmortem
    assert [x.heading for x in pm.extra_sections] == [
        "Timeline", "Document details", "Attendees", "Glossary", "Action items"]
    assert _messages(text) == [
        (1, "kept 1 line(s) of document details under the title as the 'Document details' section "
            "(no field of their own)"),
        (5, "kept the text of 'Timeline' that is not a timeline entry as extra text"),
        (11, "kept section 'Attendees' as extra text: it does not read as a list of names"),
        (15, "kept the text of 'Action items' that is not an action item as extra text"),
        (23, "kept section 'Glossary' as extra text"),
    ]
    # the attendees' prose is kept as written, not lost
    assert pm.stakeholders == []


def test_lessons_split_by_sub_headings_go_to_their_fields_without_a_warning() -> None:
    text = ("# Outage\n\n## Lessons learned\n\n### What went well\n\n- Fast rollback\n\n### Things that went poorly\n\n"
            "No alert on lag.\n\n### Where we got lucky\n\nLow traffic.\n\n### Surprises\n\nThe ORM retried.\n")
    result = import_markdown(text)
    n = result.postmortem.narrative
    assert (n.went_well, n.went_wrong, n.got_lucky, n.surprised_us) == (
        "- Fast rollback", "No alert on lag.", "Low traffic.", "The ORM retried.")
    assert result.postmortem.extra_sections == []
    assert result.warnings == []


def test_lessons_split_by_labels_inside_the_section() -> None:
    text = ("# Outage\n\n## Takeaways\n\nWe learned a lot.\n\nWhat went well:\n\n- Fast rollback\n- Clear roles\n\n"
            "**What went wrong:** no alert on lag.\n\nThe pager was silent.\n\n**Where we got lucky**\n\nLow traffic.\n")
    result = import_markdown(text)
    n = result.postmortem.narrative
    assert (n.went_well, n.went_wrong, n.got_lucky) == (
        "- Fast rollback\n- Clear roles", "no alert on lag.\n\nThe pager was silent.", "Low traffic.")
    assert [(x.heading, x.body) for x in result.postmortem.extra_sections] == [("Takeaways", "We learned a lot.")]
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "kept section 'Takeaways' as extra text: it is not split into what went well, what went wrong, "
            "where we got lucky or what surprised us"),
    ]


def test_lessons_that_name_no_field_stay_whole_and_are_reported(corpus_dir: Path) -> None:
    result = import_markdown_file(corpus_dir / "dfds-pm2019-009-ip-starvation.md")
    kept = [x for x in result.postmortem.extra_sections if x.heading == "Lessons Learned"]
    assert [x.body[:58] for x in kept] == ["From this incident we learned that our way of monitoring a"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (54, "kept section 'Lessons Learned' as extra text: it is not split into what went well, "
             "what went wrong, where we got lucky or what surprised us"),
    ]


def test_text_without_structure_is_the_summary_with_a_warning() -> None:
    text = "root:x:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
    result = import_markdown(text, source="shadow")
    assert result.postmortem.title == "root:x:19000:0:99999:7:::"
    assert result.postmortem.narrative.summary == "root:x:19000:0:99999:7::: daemon:*:19000:0:99999:7:::"
    assert _messages(text) == [(None, "no headings, lists or timeline found: the whole text was kept as the summary")]


def test_free_form_notes_with_a_timeline_are_not_reported_as_unstructured() -> None:
    assert _messages("Cache fell over.\n\n- 10:00 alert fired\n- 10:20 rolled back\n") == []


def test_title_skips_table_rows_and_is_bounded() -> None:
    assert import_markdown("| a | b |---\nsome notes here\n").postmortem.title == "some notes here"
    long = import_markdown("word " * 100 + "\n").postmortem.title
    assert long == ("word " * 23).strip() + "…"
    assert len(long) <= MAX_TITLE


def test_a_bare_title_heading_is_the_title_and_no_extra_section() -> None:
    result = import_markdown("# Title\n\nWe lost the cache at 10:00.\n")
    assert result.postmortem.title == "Title"
    assert result.postmortem.narrative.summary == "We lost the cache at 10:00."
    assert (result.postmortem.extra_sections, result.warnings) == ([], [])


def test_a_template_title_heading_takes_the_first_line_and_is_no_extra_section() -> None:
    result = import_markdown("# [Incident name]\n\nCache fell over\n\n## Impact\n\nSlow pages.\n")
    assert result.postmortem.title == "Cache fell over"
    assert result.postmortem.narrative.summary == "Cache fell over"
    assert (result.postmortem.extra_sections, result.warnings) == ([], [])


def test_no_title_at_all_takes_the_file_name() -> None:
    result = import_markdown("```\n$ make\n```\n", source="notes/cache-outage.md")
    assert result.postmortem.title == "cache-outage"
    assert (None, "no title found; the file name 'cache-outage' was used") in [
        (w.line, w.message) for w in result.warnings]


def test_already_imported_matches_title_and_incident_date() -> None:
    stored = [("a1", "Cache  Outage", date(2024, 3, 1)), ("b2", "Cache outage", date(2024, 4, 1))]
    assert already_imported("cache outage", date(2024, 4, 1), stored) == "b2"
    assert already_imported("cache outage", None, stored) is None
    assert already_imported("", None, [("c3", "", None)]) is None
    assert duplicate_note("a1", "z9") == "already imported as a1; stored as a new copy z9"


def test_a_section_without_entries_under_the_timeline_is_its_own_extra_section() -> None:
    """'## Opportunities' under '# Timeline' once vanished into the timeline's notes, its heading lost."""
    text = (
        "# Disk full\n\n# Timeline\n\n- 2024-05-01 14:03 UTC disk alert\n\n### 2024-05-02\n\n"
        "- 09:00 cleanup ran\n\n## Opportunities\n\nHarden credential management.\n\n## Root Cause\n\nA full disk.\n"
    )
    result = import_markdown(text)
    pm = result.postmortem
    assert [(e.occurred_at.isoformat(), e.description) for e in pm.timeline] == [
        ("2024-05-01T14:03:00+00:00", "disk alert"), ("2024-05-02T09:00:00+00:00", "cleanup ran")]
    assert [(x.heading, x.body) for x in pm.extra_sections] == [("Opportunities", "Harden credential management.")]
    assert pm.narrative.root_cause == "A full disk."
    assert [(w.line, w.message) for w in result.warnings] == [(11, "kept section 'Opportunities' as extra text")]
