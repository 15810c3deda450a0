"""The Root causes section lists each cause once, though an imported narrative holds them too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.domain.models import Cause, CauseKind, Narrative, Postmortem
from desktop_app.formats.markdown_export import to_markdown
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file

from .test_markdown_round_trip import _CORPUS, _FILES


def _section(md: str) -> str:
    return md.split("## Root causes\n\n", 1)[1].split("\n## ", 1)[0]


def _imported() -> Postmortem:
    """What importing a list under 'Root causes' gives: the items in the narrative and as causes."""
    return Postmortem(
        title="Checkout outage",
        narrative=Narrative(root_cause="Two things went wrong:\n\n- Connection pool too small\n- Alert threshold too high"),
        causes=[
            Cause(id="pool", text="Connection pool too small", kind=CauseKind.ROOT_CAUSE),
            Cause(id="alert", text="Alert threshold too high", kind=CauseKind.CONTRIBUTING_FACTOR,
                  category="Monitoring", note="Paged after 20 minutes"),
        ],
    )


def test_each_cause_is_written_once() -> None:
    md = to_markdown(_imported())
    # The pool reads back from the narrative as it is; the alert needs its label, kind and note.
    assert _section(md) == (
        "Two things went wrong:\n"
        "\n"
        "- Connection pool too small\n"
        "\n"
        "* **Contributing factor:** Alert threshold too high (Monitoring) — Paged after 20 minutes\n"
    )
    again = import_markdown(md).postmortem
    assert [(c.text, c.kind, c.category, c.note) for c in again.causes] == [
        ("Connection pool too small", CauseKind.ROOT_CAUSE, "", ""),
        ("Alert threshold too high", CauseKind.CONTRIBUTING_FACTOR, "Monitoring", "Paged after 20 minutes"),
    ]
    assert again.narrative.root_cause == "Two things went wrong:\n\n- Connection pool too small"
    assert to_markdown(again) == md


def test_the_flags_outage_keeps_its_narrative_and_lists_nothing_twice(corpus_dir: Path) -> None:
    pm = import_markdown_file(corpus_dir / "posthog-2025-09-29-flags-outage.md").postmortem
    assert _section(to_markdown(pm)) == (
        "The outage resulted from three compounding factors:\n"
        "\n"
        "1. Configuration change timing: A connection timeout reduction deployed during a period of database "
        "stress created conditions where pods could not establish connections within the new timeout window.\n"
        "2. Retry amplification: Our retry logic lacked circuit breakers and exponential backoff, causing failed "
        "connection attempts to multiply rapidly. This transformed a manageable database load issue into complete "
        "service unavailability.\n"
        "3. Health check configuration: Kubernetes continued routing traffic to pods in crash loops for up to 45 "
        "minutes due to improperly configured liveness and readiness probes.\n"
        "\n"
        "The incident duration was extended by operational failures: timeout values were hardcoded in the "
        "application rather than externalized as configuration, requiring a full deployment cycle to modify. "
        "Additionally, our standard ArgoCD rollback procedure failed due to misconfigured permissions.\n"
    )


@pytest.mark.parametrize("name", _FILES)
def test_no_corpus_cause_is_written_twice(corpus_dir: Path, name: str) -> None:
    pm = import_markdown_file(corpus_dir / name).postmortem
    md = to_markdown(pm)
    if pm.causes:
        section = _section(md)
        for cause in pm.causes:
            assert section.count(cause.text) == 1, cause.text
    again = import_markdown(md).postmortem
    assert [(c.text, c.kind, c.category, c.note) for c in again.causes] == [
        (c.text, c.kind, c.category, c.note) for c in pm.causes
    ]
    assert to_markdown(again) == md


def test_the_corpus_is_there() -> None:
    assert (_CORPUS / "corpus.json").is_file()
    assert len(json.loads((_CORPUS / "corpus.json").read_text(encoding="utf-8"))["files"]) == 20
