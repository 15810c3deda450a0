"""What the executive summary picks: marked key moments first, causes not repeated, overdue said, empty explained."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from desktop_app.domain.models import (
    ActionItem,
    ActionStatus,
    Cause,
    CauseKind,
    EventKind,
    KeyMoment,
    Narrative,
    Postmortem,
    TimelineEvent,
)
from desktop_app.formats.pdf_content import causes_not_in, key_moments, missing_parts, moment_label
from desktop_app.formats.pdf_summary import render_summary_pdf


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 5, 14, hour, minute, tzinfo=UTC)


def _testers_timeline() -> list[TimelineEvent]:
    return [
        TimelineEvent(occurred_at=_at(12, 0), description="Early event"),
        TimelineEvent(occurred_at=None, raw_time="25:61", description=""),
        TimelineEvent(occurred_at=_at(12, 30), description="Resolved: queue drained", key_moment=KeyMoment.RESOLUTION),
        TimelineEvent(occurred_at=_at(12, 5), description="Deploy 42 went out", key_moment=KeyMoment.START),
        TimelineEvent(occurred_at=_at(12, 8), description="Pager fired for 5xx", kind=EventKind.ALERT),
        TimelineEvent(occurred_at=_at(12, 10), description="Error rate noticed", key_moment=KeyMoment.DETECTION),
        TimelineEvent(occurred_at=None, raw_time="later", description="Someone looked at logs"),
        TimelineEvent(occurred_at=_at(12, 20), description="Rolled back", key_moment=KeyMoment.MITIGATION),
    ]


def test_marked_moments_come_first_then_key_kinds_never_blank_or_unparsed_rows() -> None:
    chosen = key_moments(_testers_timeline(), limit=8)
    assert [e.description for e in chosen] == [
        "Deploy 42 went out", "Pager fired for 5xx", "Error rate noticed", "Rolled back", "Resolved: queue drained"]
    assert [moment_label(e) for e in chosen] == ["Start", "Alert", "Detection", "Mitigation", "Resolution"]
    # with room for only four, the four marked ones are kept, still in time order
    assert [moment_label(e) for e in key_moments(_testers_timeline(), limit=4)] == [
        "Start", "Detection", "Mitigation", "Resolution"]


def test_a_marked_moment_with_an_unreadable_time_comes_last() -> None:
    events = [TimelineEvent(occurred_at=None, raw_time="25:61", description="Paged", key_moment=KeyMoment.DETECTION),
              TimelineEvent(occurred_at=_at(9, 0), description="Began", key_moment=KeyMoment.START)]
    assert [e.description for e in key_moments(events)] == ["Began", "Paged"]


def _pdf_text(pm: Postmortem, today: date | None = None) -> str:
    data = render_summary_pdf(pm)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_summary_lists_the_marked_moments_with_their_labels() -> None:
    text = _pdf_text(Postmortem(title="Queue outage", timeline=_testers_timeline()))
    moments = text[text.index("Key moments"):]
    assert "12:05\nStart\nDeploy 42 went out\n12:08\nAlert\nPager fired for 5xx\n12:10\nDetection\n" \
        "Error rate noticed\n12:20\nMitigation\nRolled back\n12:30\nResolution\nResolved: queue drained\n" in moments
    assert "Early event" not in moments and "25:61" not in moments and "Someone looked" not in moments
    assert "… and 3 more timeline events in the full report" in moments


def test_a_cause_already_in_the_narrative_root_cause_is_not_repeated() -> None:
    narrative = "A config push removed the replica's quorum setting. Alerts on lag were missing."
    assert causes_not_in(narrative, ["a config push removed the  replica's quorum setting",
                                     "Alerts on lag were missing.", "Runbook was out of date"]) == [2]
    pm = Postmortem(
        title="Quorum lost",
        narrative=Narrative(root_cause=narrative),
        causes=[Cause(text="A config push removed the replica's quorum setting.", kind=CauseKind.ROOT_CAUSE),
                Cause(text="Alerts on lag were missing", kind=CauseKind.CONTRIBUTING_FACTOR),
                Cause(text="Runbook was out of date", kind=CauseKind.CONTRIBUTING_FACTOR)],
    )
    text = _pdf_text(pm)
    assert text.count("removed the replica's quorum setting") == 1
    assert text.count("Alerts on lag were missing") == 1
    assert "Contributing factor Runbook was out of date" in text


def test_a_cause_that_rewords_the_narrative_is_not_repeated() -> None:
    narrative = ("The pool size was chosen from the average number of busy connections over the previous week "
                 "(about 5), not from the peak (about 31 at lunchtime). The configuration service applied the "
                 "change to every instance at once.")
    causes = ["Pool size taken from the weekly average (5), not the lunchtime peak (31)",
              "Config service applies a change to every instance at once",
              "Two of the three people who knew the load pattern were on leave",
              "Cost review works from daily averages"]
    assert causes_not_in(narrative, causes) == [2, 3]
    assert causes_not_in("", causes) == [0, 1, 2, 3]
    assert causes_not_in("接続プールが小さすぎた。", ["接続プールが小さすぎた", "監視がなかった"]) == [1]


def test_an_overdue_open_action_item_says_overdue() -> None:
    pm = Postmortem(title="Late", action_items=[
        ActionItem(title="Add lag alert", owner="Maya", due_date=date(2020, 1, 6)),
        ActionItem(title="Write runbook", owner="Ali", due_date=date(2020, 1, 6), status=ActionStatus.DONE),
    ])
    text = _pdf_text(pm)
    assert "Add lag alert\nMaya\n6 Jan 2020\nOverdue\nOpen\nWrite runbook\nAli\n6 Jan 2020\nDone" in text
    assert text.count("Overdue") == 1


def test_an_empty_postmortem_says_what_is_missing() -> None:
    pm = Postmortem()
    assert missing_parts(pm) == ["a summary", "the impact", "the root cause", "timeline events", "action items"]
    text = " ".join(_pdf_text(pm).split())
    assert ("Nothing to summarise yet. This page will show a summary, the impact, the root cause, timeline events "
            "and action items once they are written in the wizard (steps 1, 5 and 6); export again then.") in text
    written = " ".join(_pdf_text(Postmortem(title="T", narrative=Narrative(summary="It broke."))).split())
    assert "Nothing to summarise yet" not in written


def test_a_day_only_event_on_another_day_makes_every_row_show_its_date() -> None:
    """'21 Jun 2024' above '07:09' read as 07:09 on 21 June; it was 28 June."""
    from desktop_app.domain.models import TimePrecision

    pm = Postmortem(title="Token", time_zone="UTC", timeline=[
        TimelineEvent(occurred_at=datetime(2024, 6, 21, tzinfo=UTC), precision=TimePrecision.DAY,
                      description="Image pushed", kind=EventKind.TRIGGER),
        TimelineEvent(occurred_at=datetime(2024, 6, 28, 7, 9, tzinfo=UTC), description="Report received",
                      kind=EventKind.DETECTION),
        TimelineEvent(occurred_at=datetime(2024, 6, 28, 7, 26, tzinfo=UTC), description="Token revoked",
                      kind=EventKind.MITIGATION),
    ])
    moments = _pdf_text(pm)
    moments = moments[moments.index("Key moments"):]
    assert "21 Jun 2024\nTrigger\nImage pushed\n28 Jun 07:09\nDetection\nReport received\n" \
        "28 Jun 07:26\nMitigation\nToken revoked\n" in moments
