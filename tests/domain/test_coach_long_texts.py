"""The coach on a field too long to check whole (an imported 10 MB log): it checks the start and the
end, and says which part it did not check."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop_app.domain.blameless import SCAN_HEAD, SCAN_TAIL, unscanned
from desktop_app.domain.coach import FindingKind, PartlyChecked, review
from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ExtraSection, Narrative, Postmortem

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
LINE = 'Traceback (most recent call last):\n  File "pay.py", line 12, in <module>\n    charge()\n'
FILLER = LINE * (10_000_000 // len(LINE) // 2)


def test_a_10_mb_field_is_checked_at_its_start_and_end_and_the_rest_is_named() -> None:
    text = "Bob forgot to renew it.\n" + FILLER + "It was human error.\n" + FILLER + "Ana should have checked."
    pm = Postmortem(id="pm", title="Big", narrative=Narrative(what_happened=text, summary="Short and calm."))
    report = review(pm, today=TODAY, now=NOW)
    blame = [(f.path, f.message, f.span) for f in report.findings if f.kind is FindingKind.BLAMING_LANGUAGE]
    assert blame == [
        (("narrative", "what_happened"), "What happened: “Bob forgot to” makes a person the cause.", (0, 13)),
        (("narrative", "what_happened"), "What happened: “Ana should have” makes a person the cause.",
         (len(text) - 24, len(text) - 9)),
    ]
    start, end = unscanned(text)
    assert report.partly_checked == [
        PartlyChecked(Step.FINDINGS, ("narrative", "what_happened"), "What happened", start, end, len(text)),
    ]
    assert SCAN_HEAD - len(LINE) < start <= SCAN_HEAD
    assert report.partly_checked[0].message == (
        f"What happened: {len(text):,} characters; blaming words were looked for in the first {start:,} "
        f"and the last {len(text) - end:,} only."
    )
    assert len(text) - end <= SCAN_TAIL


def test_every_long_field_is_named_in_order_and_short_ones_are_not() -> None:
    pm = Postmortem(
        id="pm",
        discussion_notes="x " * 600_000,
        narrative=Narrative(impact="Checkout failed for an hour."),
        extra_sections=[ExtraSection(heading="Raw log", body=FILLER)],
    )
    report = review(pm, today=TODAY, now=NOW)
    assert [(p.step, p.path, p.label) for p in report.partly_checked] == [
        (Step.DISCUSSION, ("discussion_notes",), "Discussion notes"),
        (Step.FINDINGS, ("extra_sections", 0, "body"), "Section “Raw log”"),
    ]


def test_a_postmortem_of_ordinary_length_is_checked_whole() -> None:
    pm = Postmortem(id="pm", narrative=Narrative(what_happened=LINE * 10_000))
    assert review(pm, today=TODAY, now=NOW).partly_checked == []
