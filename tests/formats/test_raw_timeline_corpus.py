"""The corpus timelines that are lists or stamped lines (not tables), pasted into the raw-text reader.

The timeline section is found as the Markdown importer finds it (the first heading starting
with "Timeline") and pasted in two forms: as copied from the rendered page (the importer's
plain text, list markers gone) and as Markdown source text (``- **18:53** …``). The reader
must find as many timed candidates as corpus.json counts entries, and the first and last
instants must match where the corpus gives a full date-time with its offset. Where the
reader cannot match, ``KNOWN_DIFFERENCES`` says why; those cases are strict xfails, so a
reader that starts matching them fails here until the entry is removed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.formats.md_blocks import parse_document, section_text
from desktop_app.formats.md_timeline import find_timeline
from desktop_app.formats.raw_timeline import parse_raw

FILES = (
    "chia-2021-05-26-website-outage.md",
    "chia-2022-06-14-catbleed.md",
    "chia-2025-02-13-fastforward-mempool.md",
    "geth-2021-08-27-minority-split.md",
    "hachyderm-2022-12-13-root-fs-full.md",
    "k8s-prow-2019-01-23-hook-outage.md",
    "posthog-2025-09-29-flags-outage.md",
    "posthog-2025-10-03-surveys-sdk.md",
    "pypi-2024-06-28-leaked-token.md",
    "pypi-2025-04-14-org-team-privileges.md",
)
ZONES = {  # the zone the section header names, for stamps written without one
    "chia-2022-06-14-catbleed.md": "America/Los_Angeles",
    "chia-2025-02-13-fastforward-mempool.md": "America/Los_Angeles",
    "k8s-prow-2019-01-23-hook-outage.md": "America/Los_Angeles",
}
_SYSLOG_IN_CODE = ("a syslog line inside a code block of one entry ('Dec 13 18:59:01 fritz bundle[…]') is "
                   "read as a candidate of its own: 17 timed for 16 entries")
_PLACEHOLDERS = ("three entries carry placeholder dates ('2023-MM-DD'), rightly kept as text without an "
                 "instant: 3 timed candidates for 6 entries")
KNOWN_DIFFERENCES = {
    **{("chia-2022-06-14-catbleed.md", form): "the last entry ('August 1st, 2022', a date without a clock "
       "time) is not read as a stamp: 15 timed candidates for 16 entries" for form in ("copied", "markdown")},
    **{("hachyderm-2022-12-13-root-fs-full.md", form): _SYSLOG_IN_CODE for form in ("copied", "markdown")},
    **{("pypi-2024-06-28-leaked-token.md", form): _PLACEHOLDERS for form in ("copied", "markdown")},
}
_FULL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)$")


def full_instant(interpreted: str | None) -> datetime | None:
    """The corpus's interpreted time when it is a full date-time with an offset, else None."""
    head = (interpreted or "").split(" ")[0]
    return datetime.fromisoformat(head.replace("Z", "+00:00")) if _FULL.match(head) else None


def pasted(text: str, form: str) -> str:
    section = find_timeline(parse_document(text).root)
    assert section is not None
    if form == "copied":
        return re.sub(r"(?m)^\s*(?:[-*+]|\d+\.)\s+", "", section_text(section))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == section.title.strip()
                 and line.startswith("#"))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(rf"^#{{1,{level}}}\s", lines[i])), len(lines))
    return "\n".join(lines[start + 1:end])


def cases() -> list[object]:
    out = []
    for name in FILES:
        for form in ("copied", "markdown"):
            reason = KNOWN_DIFFERENCES.get((name, form))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, form, marks=marks, id=f"{name}-{form}"))
    return out


def test_the_files_here_are_the_corpus_timelines_without_tables(corpus_manifest: dict) -> None:
    listed = sorted(f["file"] for f in corpus_manifest["files"]
                    if f["timeline"]["entries"] and "table" not in f["timeline"]["format"])
    assert listed == sorted(FILES)


@pytest.mark.parametrize(("name", "form"), cases())
def test_raw_reader_finds_the_corpus_timeline(corpus_dir: Path, corpus_manifest: dict, name: str, form: str) -> None:
    facts = next(f for f in corpus_manifest["files"] if f["file"] == name)
    text = (corpus_dir / name).read_text(encoding="utf-8")
    parse = parse_raw(pasted(text, form), source=name, zone=ZONES.get(name, "UTC"),
                      default_date=date.fromisoformat(facts["incident_date"]))
    timed = [c.occurred_at for c in parse.candidates if c.occurred_at is not None]
    timeline = facts["timeline"]
    assert len(timed) == timeline["entries"]
    first, last = full_instant(timeline["first"]["interpreted"]), full_instant(timeline["last"]["interpreted"])
    if first is not None:
        assert timed[0] == first
    if last is not None:
        assert timed[-1] == last
