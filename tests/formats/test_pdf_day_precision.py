"""Events known to the day only: the PDFs show their dates, never an invented 00:00, and spans in days.

Also: a narrative field cut by the summary's budget ends after a whole sentence, not one lone word
of the next ("… store it to the database. The…").
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from desktop_app.domain.models import IncidentTimes, KeyMoment, Postmortem, TimelineEvent, TimePrecision
from desktop_app.domain.zones import zone
from desktop_app.formats.importer import import_path
from desktop_app.formats.pdf_content import (
    Tile,
    event_time_label,
    format_instant,
    incident_window,
    metric_tiles,
    window_fact,
)
from desktop_app.formats.pdf_report import render_full_report
from desktop_app.formats.pdf_summary import render_summary_pdf, sentence_limit
from desktop_app.formats.pdf_text import clip

ETCD = "etcd-2022-v3.5-data-inconsistency.md"
PYPI = "pypi-2024-06-28-leaked-token.md"


def _day(year: int, month: int, day: int, zone_name: str = "UTC") -> datetime:
    return datetime(year, month, day, tzinfo=zone(zone_name))


def _dated(year: int, month: int, day: int, zone_name: str = "UTC", **kw: object) -> TimelineEvent:
    return TimelineEvent(occurred_at=_day(year, month, day, zone_name), precision=TimePrecision.DAY,
                         description="dated", **kw)


def _text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _between(text: str, start: str, end: str) -> str:
    head = text.index(start)
    return text[head:text.index(end, head + len(start))]


# --- labels -------------------------------------------------------------------------------------


def test_a_timeline_of_dates_shows_its_window_as_dates_and_its_span_in_days() -> None:
    pm = Postmortem(time_zone="Europe/Berlin",
                    timeline=[_dated(2021, 1, 28, "Europe/Berlin"), _dated(2022, 4, 24, "Europe/Berlin")])
    assert incident_window(pm) == "Timeline: 28 Jan 2021 – 24 Apr 2022"
    assert window_fact(pm) == "Timeline: 28 Jan 2021 – 24 Apr 2022"  # no clock time: no zone to name
    assert metric_tiles(pm) == [Tile("451 days", "Timeline span")]


def test_dates_on_one_day_show_that_day_once() -> None:
    pm = Postmortem(timeline=[_dated(2024, 3, 1), _dated(2024, 3, 1, key_moment=KeyMoment.START),
                              _dated(2024, 3, 1, key_moment=KeyMoment.RESOLUTION)])
    assert incident_window(pm) == "1 Mar 2024"
    assert metric_tiles(pm) == [Tile("same day", "Duration")]


def test_a_date_and_a_clock_time_show_what_each_end_knows() -> None:
    ny = "America/New_York"
    pm = Postmortem(time_zone=ny, timeline=[
        _dated(2024, 6, 21, ny),
        TimelineEvent(occurred_at=datetime(2024, 6, 28, 11, 26, tzinfo=UTC), description="destroyed"),
    ])
    assert incident_window(pm) == "Timeline: 21 Jun 2024 – 28 Jun 2024 07:26 EDT"
    assert window_fact(pm) == "Timeline: 21 Jun 2024 – 28 Jun 2024 07:26 EDT  (America/New_York)"
    assert metric_tiles(pm) == [Tile("~7 days", "Timeline span")]


def test_key_times_marked_on_dated_events() -> None:
    start = _dated(2021, 5, 8, key_moment=KeyMoment.START)
    pm = Postmortem(timeline=[start, _dated(2021, 5, 10, key_moment=KeyMoment.RESOLUTION)])
    assert incident_window(pm) == "8 May 2021 – 10 May 2021"
    assert metric_tiles(pm) == [Tile("2 days", "Duration")]
    pm = Postmortem(timeline=[start])
    assert incident_window(pm) == "Started 8 May 2021"
    # a stated start keeps its clock time, the dated resolution its date
    pm = Postmortem(times=IncidentTimes(started_at=datetime(2021, 5, 8, 22, 15, tzinfo=UTC)),
                    timeline=[_dated(2021, 5, 10, key_moment=KeyMoment.RESOLUTION)])
    assert incident_window(pm) == "8 May 2021 22:15 UTC – 10 May 2021"
    assert metric_tiles(pm) == [Tile("~2 days", "Duration")]


def test_clock_times_keep_their_labels() -> None:
    at = datetime(2024, 3, 14, 8, 12, tzinfo=UTC)
    pm = Postmortem(time_zone="Europe/Berlin", timeline=[
        TimelineEvent(occurred_at=at, description="began"),
        TimelineEvent(occurred_at=at.replace(hour=10, minute=47), description="ended")])
    assert incident_window(pm) == "Timeline: 14 Mar 2024 09:12 – 11:47 CET"
    assert window_fact(pm) == "Timeline: 14 Mar 2024 09:12 – 11:47 CET  (Europe/Berlin)"
    assert metric_tiles(pm) == [Tile("2 h 35 min", "Timeline span")]
    assert format_instant(at, "Europe/Berlin") == "14 Mar 2024 09:12 CET"
    assert format_instant(at, "Europe/Berlin", day_only=True) == "14 Mar 2024"


def test_a_dated_event_label_is_its_date() -> None:
    assert event_time_label(_dated(2021, 1, 28), "UTC", with_date=True) == "28 Jan 2021"
    assert event_time_label(_dated(2021, 1, 28), "UTC", with_date=False) == "28 Jan 2021"


def test_the_report_says_a_dated_restoration_happened_on_a_day() -> None:
    pm = Postmortem(title="Dated", timeline=[_dated(2021, 5, 8, key_moment=KeyMoment.START),
                                             _dated(2021, 5, 10, key_moment=KeyMoment.RESOLUTION)])
    text, _ = _text(render_full_report(pm))
    assert "RESTORED\nYes on 10 May 2021 (from the timeline)\nWINDOW\n8 May 2021 – 10 May 2021\n2 days\nDURATION\n" \
        in text
    assert "00:00" not in text


# --- the summary's cut ---------------------------------------------------------------------------

_TWO_PARAGRAPHS = ("The hook stored the index on every commit. It ran before the apply finished.\n\n"
                   "The problem is that the index is shared with other transactions.")


def test_a_cut_that_would_keep_one_word_of_the_next_paragraph_ends_after_the_sentence_before() -> None:
    limit = 122  # the plain cut keeps "The" of the second paragraph
    assert clip(_TWO_PARAGRAPHS, limit) == (
        "The hook stored the index on every commit. It ran before the apply finished.\nThe…")
    assert clip(_TWO_PARAGRAPHS, sentence_limit(_TWO_PARAGRAPHS, limit)) == (
        "The hook stored the index on every commit. It ran before the apply finished…")


def test_a_cut_stays_where_it_was_without_a_late_sentence_end_or_when_nothing_is_cut() -> None:
    long_sentence = "One very long sentence " + "that goes on and on " * 10 + "until it ends."
    assert sentence_limit(long_sentence, 100) == 100
    assert clip(long_sentence, 100).endswith("goes on and…")
    assert sentence_limit(_TWO_PARAGRAPHS, 1000) == 1000
    # the only sentence end is early (in the first half): the words after it are kept
    early = "Short one. " + "then a long clause of many words " * 5
    assert sentence_limit(early, 120) == 120


# --- the corpus, as a user imports it ------------------------------------------------------------


def test_etcd_summary_shows_dates_days_and_a_whole_root_cause_sentence(corpus_dir: Path) -> None:
    text, pages = _text(render_summary_pdf(import_path(corpus_dir / ETCD).postmortem))
    assert pages == 1
    assert "WHEN\nTimeline: 28 Jan 2021 – 24 Apr 2022\n451 days\nTIMELINE SPAN\n 5 of 10\nACTION ITEMS OPEN\n" in text
    assert _between(text, "Root cause\n", "Key moments\n") == (
        "Root cause\n"
        "To simplify managing the consistency index, etcd introduced backend hooks in\n"
        "https://github.com/etcd-io/etcd/pull/12855. The goal was to ensure that the consistency index is always updated\n"
        "by automatically triggering an update during commit. The implementation was as follows: before applying the\n"
        "WAL entries, etcd updated the in-memory value of the consistent index. As part of the transaction commit\n"
        "process, a database hook would read the value of the consistent index and store it to the database…\n")
    assert _between(text, "Key moments\n", "… and 5 more timeline events") == (
        "Key moments\n TIME\nKIND\nWHAT HAPPENED\n"
        "8 May 2021\nTrigger\nPull request that caused data corruption was merged -\n"
        "https://github.com/etcd-io/etcd/pull/12855\n"
        "16 Jun 2021\nObservation\nRelease v3.5.0 with data corruption was published -\n"
        "https://github.com/etcd-io/etcd/releases/tag/v3.5.0\n"
        "24 Apr 2022\nObservation\n"
        "Release v3.5.3 with fix was published - https://github.com/etcd-io/etcd/releases/tag/v3.5.3\n")
    assert "00:00" not in text and " h\n" not in text


def test_etcd_report_shows_dates_and_days(corpus_dir: Path) -> None:
    text, _ = _text(render_full_report(import_path(corpus_dir / ETCD).postmortem))
    assert "INCIDENT WINDOW\nTimeline: 28 Jan 2021 – 24 Apr 2022\nGENERATED\n" in text
    assert "RESTORED\nNot yet\nWINDOW\nTimeline: 28 Jan 2021 – 24 Apr 2022\n451 days\nTIMELINE SPAN\n" in text
    assert _between(text, "Timeline\n TIME\n", "Action items\n10 action items") == (
        "Timeline\n TIME\nKIND\nDESCRIPTION\n"
        "8 May 2021\nTrigger\nPull request that caused data corruption was merged -\n"
        "https://github.com/etcd-io/etcd/pull/12855\n"
        "16 Jun 2021\nObservation\nRelease v3.5.0 with data corruption was published -\n"
        "https://github.com/etcd-io/etcd/releases/tag/v3.5.0\n"
        "1 Dec 2021\nObservation\nReport of data corruption - https://github.com/etcd-io/etcd/issues/13514\n"
        "28 Jan 2021\nObservation\nReport of data corruption - https://github.com/etcd-io/etcd/issues/13654\n"
        "8 Mar 2022\nObservation\nReport of data corruption - https://github.com/etcd-io/etcd/issues/13766\n"
        "25 Mar 2022\nObservation\nCorruption confirmed by one of the maintainers -\n"
        "https://github.com/etcd-io/etcd/issues/13766#issuecomment-1078897588\n"
        "29 Mar 2022\nObservation\nStatement about the corruption was sent to etcd-dev@googlegroups.com and\n"
        "dev@kubernetes.io\n"
        "24 Apr 2022\nObservation\n"
        "Release v3.5.3 with fix was published - https://github.com/etcd-io/etcd/releases/tag/v3.5.3\n")
    assert "00:00" not in text and " d 0 h" not in text


def test_pypi_summary_shows_the_date_and_the_clock_time_it_knows(corpus_dir: Path) -> None:
    text, pages = _text(render_summary_pdf(import_path(corpus_dir / PYPI).postmortem))
    assert pages == 1
    assert "WHEN\nTimeline: 21 Jun 2024 – 28 Jun 2024 07:26 EDT (America/New_York)\n~7 days\nTIMELINE SPAN\n" in text
    assert _between(text, "Key moments\n", "… and 3 more timeline events") == (
        "Key moments\n TIME (EDT)\nKIND\nWHAT HAPPENED\n"
        "21 Jun 2024\nObservation\ncabotage/cabotage-app:v3.0.0b35 and cabotage/cabotage-app:v3.0.0b110 removed\n"
        "from hub.docker.com for reasons unrelated to this report4.\n"
        "28 Jun 07:09\nComms\nBrian Moussalli of JFrog reports their finding of the GitHub Personal Access Token for\n"
        "ewdurbin to security@pypi.org and Ee's personal email address.\n"
        "28 Jun 07:26\nObservation\nGitHub Personal Access Token for ewdurbin destroyed.\n")
    assert "00:00" not in text and "7 d 7 h" not in text


def test_pypi_report_shows_the_date_and_the_clock_time_it_knows(corpus_dir: Path) -> None:
    text, _ = _text(render_full_report(import_path(corpus_dir / PYPI).postmortem))
    assert "INCIDENT WINDOW\nTimeline: 21 Jun 2024 – 28 Jun 2024 07:26 EDT\nGENERATED\n" in text
    assert ("WINDOW\nTimeline: 21 Jun 2024 – 28 Jun 2024 07:26 EDT (America/New_York)\n~7 days\nTIMELINE SPAN\n"
            in text)
    assert _between(text, "21 Jun 2024\nObservation\n", "Additional sections\n") == (
        "21 Jun 2024\nObservation\ncabotage/cabotage-app:v3.0.0b35 and cabotage/cabotage-app:v3.0.0b110\n"
        "removed from hub.docker.com for reasons unrelated to this report4.\n"
        "28 Jun 07:09\nComms\nBrian Moussalli of JFrog reports their finding of the GitHub Personal Access Token for\n"
        "ewdurbin to security@pypi.org and Ee's personal email address.\n"
        "28 Jun 07:26\nObservation\nGitHub Personal Access Token for ewdurbin destroyed.\n")
    assert "00:00" not in text and "7 d 7 h" not in text
