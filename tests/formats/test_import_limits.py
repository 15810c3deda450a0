"""A new user's bad files: import keeps the window's per-field limits, reports an impossible due
date with its line, and refuses a binary file that happens to decode as UTF-16."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.domain import limits
from desktop_app.domain.limits import MAX_FIELD_CHARS, MAX_TITLE_CHARS, cut_text, cut_title, field_label, limit_fields
from desktop_app.domain.models import ActionItem, ExtraSection, Postmortem, TimelineEvent
from desktop_app.formats.errors import ImportFailure
from desktop_app.formats.importer import import_path
from desktop_app.formats.json_format import to_json
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file


def _messages(path: Path) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in import_path(path).warnings]


# --------------------------------------------------------------------------- cutting text


def test_the_limits_are_the_windows() -> None:
    from desktop_app.ui.widgets import text_edits  # the window refuses a paste past this

    assert (MAX_FIELD_CHARS, MAX_TITLE_CHARS) == (1_000_000, 500)
    assert text_edits.MAX_FIELD_CHARS == limits.MAX_FIELD_CHARS


def test_text_is_cut_at_a_line_break_else_a_word_else_the_limit() -> None:
    assert cut_text("short", 10) == "short"
    assert cut_text("exactly 10", 10) == "exactly 10"
    assert cut_text("line one\nline two and more", 12) == "line one"
    assert cut_text("some words here", 12) == "some words"
    assert cut_text("a\nb" + "x" * 20, 12) == "a\nbxxxxxxxxx"  # the break is too early: cut at the limit
    assert cut_text("abcdefghij\nrest", 10) == "abcdefghij"  # the limit falls on the break
    assert cut_text("e\u0301" * 10, 5) == "e\u0301e\u0301"  # never between a letter and its accent
    assert cut_text("東京" * 10, 5) == "東京東京東"


def test_a_title_is_cut_between_words_and_ends_in_an_ellipsis() -> None:
    assert cut_title("word " * 200) == ("word " * 99).strip() + "…"
    assert len(cut_title("word " * 200)) == 495
    assert cut_title("x" * 2_000_000) == "x" * 499 + "…"
    assert cut_title("x" * 500) == "x" * 500


def test_fields_are_named_as_the_user_knows_them() -> None:
    assert field_label(("title",)) == "the title"
    assert field_label(("narrative", "summary")) == "the summary"
    assert field_label(("narrative", "what_happened")) == "“What happened”"
    assert field_label(("discussion_notes",)) == "the discussion notes"
    assert field_label(("extra_sections", 0, "body")) == "extra section 1's body"
    assert field_label(("timeline", 2, "description")) == "timeline event 3's description"
    assert field_label(("tags", 0)) == "tag 1"
    assert field_label(("why_chains", 0, "steps", 1, "answer")) == "5 Whys chain 1's step 2's answer"


def test_limit_fields_cuts_only_what_is_too_long() -> None:
    pm = Postmortem(title="t" * 501, discussion_notes="n" * MAX_FIELD_CHARS, tags=["ok", "g" * (MAX_FIELD_CHARS + 5)])
    pm.action_items = [ActionItem(title="fine", description="word " * 250_000)]
    pm.extra_sections = [ExtraSection(heading="Raw  logs", body="z" * (MAX_FIELD_CHARS + 1))]
    cuts = limit_fields(pm)
    assert [(c.label, c.before, c.kept, c.left_out) for c in cuts] == [
        ("the title", 501, 499, 2),
        ("tag 2", 1_000_005, 1_000_000, 5),
        ("action item 1's description", 1_250_000, 999_999, 250_001),
        ("the text of section “Raw logs”", 1_000_001, 1_000_000, 1),
    ]
    assert cuts[2].message() == ("action item 1's description is 1,250,000 characters and a field holds at most "
                                 "1,000,000; it was cut and the last 250,001 characters were left out")
    assert (pm.title, len(pm.discussion_notes), pm.tags[0], len(pm.tags[1])) == ("t" * 499 + "…", MAX_FIELD_CHARS, "ok", MAX_FIELD_CHARS)
    assert pm.action_items[0].description == ("word " * 200_000).strip()


# --------------------------------------------------------------------------- Markdown


def test_an_8_mb_markdown_summary_keeps_one_field_and_says_how_much_was_left_out(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text("# Huge\n\n## Summary\n\n" + ("A" * 199 + "\n") * 40_000, encoding="utf-8")
    result = import_markdown_file(path)
    summary = result.postmortem.narrative.summary
    assert (len(summary), summary[-3:], result.postmortem.title) == (999_999, "AAA", "Huge")
    assert [(w.line, w.message) for w in result.warnings] == [
        (None, "the summary is 7,999,999 characters and a field holds at most 1,000,000; "
               "it was cut and the last 7,000,000 characters were left out"),
    ]


def test_a_markdown_code_block_is_cut_at_a_line_break() -> None:
    text = "# Outage\n\n## What happened\n\n```\n" + ("log line %06d\n" % 0) * 80_000 + "```\n"
    result = import_markdown(text)
    what = result.postmortem.narrative.what_happened
    # the fence, then 62,499 whole lines of 16 characters (the last one's line break dropped)
    assert (len(what), what[:20], what[-16:], what.count("\n")) == (
        999_987, "```\nlog line 000000\n", "\nlog line 000000", 62_499)
    assert [w.message for w in result.warnings] == [
        "“What happened” is 1,280,007 characters and a field holds at most 1,000,000; "
        "it was cut and the last 280,020 characters were left out",
    ]


def test_a_long_heading_title_is_cut_with_a_warning_naming_its_line() -> None:
    result = import_markdown("Intro.\n\n# " + "word " * 200 + "\n\ntext\n")
    assert result.postmortem.title == ("word " * 99).strip() + "…"
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "the title is 999 characters and a title holds at most 500; it was cut (ending in “…”) "
            "and 505 characters were left out"),
    ]


def test_a_title_of_500_characters_is_kept_whole() -> None:
    result = import_markdown("# " + "z" * 500 + "\n\ntext\n")
    assert (result.postmortem.title, result.warnings) == ("z" * 500, [])


# --------------------------------------------------------------------------- JSON


def test_a_json_title_of_two_million_characters_is_cut_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "longtitle.json"
    path.write_text(to_json(Postmortem(title="x" * 2_000_000)), encoding="utf-8")
    result = import_path(path)
    assert result.postmortem.title == "x" * 499 + "…"
    assert [(w.line, w.message) for w in result.warnings] == [
        (4, "the title is 2,000,000 characters and a title holds at most 500; it was cut (ending in “…”) "
            "and 1,999,501 characters were left out"),
    ]


def test_a_json_field_over_the_limit_is_cut_at_a_line_and_named_with_its_line(tmp_path: Path) -> None:
    pm = Postmortem(title="Outage", timeline=[TimelineEvent(description="ok"),
                                              TimelineEvent(description="line\n" * 300_000)])
    path = tmp_path / "pm.json"
    path.write_text(to_json(pm), encoding="utf-8")
    result = import_path(path)
    description = result.postmortem.timeline[1].description
    assert (len(description), description.endswith("line"), result.postmortem.timeline[0].description) == (
        999_999, True, "ok")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.lstrip().startswith('"description": "line'))
    assert [(w.line, w.message) for w in result.warnings] == [
        (line, "timeline event 2's description is 1,500,000 characters and a field holds at most 1,000,000; "
               "it was cut and the last 500,001 characters were left out"),
    ]


def test_a_json_file_within_the_limits_has_no_warnings(tmp_path: Path) -> None:
    path = tmp_path / "pm.json"
    path.write_text(to_json(Postmortem(title="t" * 500, discussion_notes="n" * MAX_FIELD_CHARS)), encoding="utf-8")
    result = import_path(path)
    assert (result.warnings, len(result.postmortem.discussion_notes)) == ([], MAX_FIELD_CHARS)


# --------------------------------------------------------------------------- impossible due dates


def test_an_impossible_due_date_keeps_its_text_and_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "actions.md"
    path.write_text("# Outage\n\n## Action items\n\n- [ ] add alert (owner: @ann, due 2024-03-01)\n"
                    "- [ ] fix <thing> & stuff (owner: @bob, due 2024-02-30)\n", encoding="utf-8")
    result = import_path(path)
    good, bad = result.postmortem.action_items
    assert (good.due_text, str(good.due_date)) == ("2024-03-01", "2024-03-01")
    assert (bad.title, bad.owner, bad.due_text, bad.due_date) == (
        "fix <thing> & stuff (owner: @bob, due 2024-02-30)", "@bob", "2024-02-30", None)
    assert _messages(path) == [
        (6, "action item 'fix <thing> & stuff (owner: @bob, due 2024-02-30)': due date 2024-02-30 is not a "
            "real date (February has no 30th); left empty (the text is kept as written)"),
    ]


def test_an_impossible_due_date_in_a_table_names_its_row() -> None:
    text = ("# Outage\n\n## Action items\n\n| Action | Owner | Due |\n| --- | --- | --- |\n"
            "| Add alert | ann | 2024-03-01 |\n| Fix lock | bob | 2024-04-31 |\n")
    result = import_markdown(text)
    assert [(i.due_text, i.due_date) for i in result.postmortem.action_items][1] == ("2024-04-31", None)
    assert [(w.line, w.message) for w in result.warnings] == [
        (8, "action item 'Fix lock': due date 2024-04-31 is not a real date (April has no 31st); left empty "
            "(the text is kept as written)"),
    ]


def test_words_after_by_are_no_due_date() -> None:
    item = import_markdown("# Outage\n\n## Action items\n\n- Shard by 13/14 of the hosts\n").postmortem.action_items[0]
    assert (item.due_text, item.due_date) == ("", None)


# --------------------------------------------------------------------------- files that are not text


def test_binary_bytes_behind_a_utf16_mark_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bin.md"
    path.write_bytes(b"\xff\xfe\x00garbage\x00\x01")
    with pytest.raises(ImportFailure) as info:
        import_path(path)
    assert str(info.value) == (
        f"{path}: the file opens with a UTF-16 byte-order mark but what follows reads as no line breaks, "
        "spaces or Latin letters at all: this is not Markdown text; if it is, save it as UTF-8 and import again"
    )


def test_binary_json_behind_a_utf16_mark_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bin.json"
    path.write_bytes(b"\xfe\xff" + bytes(range(0x41, 0x5B)) * 4)
    with pytest.raises(ImportFailure, match=r"bin.json: the file opens with a UTF-16 byte-order mark .* "
                                            r"this is not JSON text"):
        import_path(path)


def test_text_made_of_control_characters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "controls.md"
    path.write_bytes(b"# Dump\n" + bytes(range(1, 9)) * 10)
    with pytest.raises(ImportFailure) as info:
        import_path(path)
    assert (info.value.line, info.value.message) == (
        2, "80 of its first 87 characters are control characters or code points Unicode does not assign "
           "(the first is U+0001): this is not Markdown text; if it is, save it as UTF-8 and import again")


def test_real_utf16_markdown_imports(tmp_path: Path) -> None:
    path = tmp_path / "notepad.md"
    path.write_bytes(b"\xff\xfe" + "# 数据库故障\r\n\r\n## Timeline\r\n\r\n- 14:03 告警\r\n".encode("utf-16-le"))
    result = import_path(path)
    assert (result.postmortem.title, [e.description for e in result.postmortem.timeline]) == ("数据库故障", ["告警"])


def test_real_cjk_markdown_imports(tmp_path: Path) -> None:
    path = tmp_path / "cjk.md"
    path.write_text("# 数据库故障 🔥 العطل שגיאה\n\n**Date:** 2024-02-30\n\n## 概要\n\n日本語のテキスト。\n\n"
                    "## Root cause\n\n- 原因 一\n  - 子原因\n- سبب الجذر\n", encoding="utf-8")
    result = import_path(path)
    assert result.postmortem.title == "数据库故障 🔥 العطل שגיאה"
    assert [(e.heading, e.body) for e in result.postmortem.extra_sections] == [("概要", "日本語のテキスト。")]


def test_a_terminal_log_with_colour_codes_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "log.md"
    path.write_text("# Outage\n\n```\n" + "\x1b[31mERROR\x1b[0m db timeout after 30 s\n" * 50 + "```\n",
                    encoding="utf-8")
    assert import_path(path).postmortem.title == "Outage"


def test_json_control_share_is_checked_too(tmp_path: Path) -> None:
    path = tmp_path / "pm.json"
    path.write_text(json.dumps({"title": "ok"}) + "\x07" * 100, encoding="utf-8")
    with pytest.raises(ImportFailure, match="this is not JSON text"):
        import_path(path)
