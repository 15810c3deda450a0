"""Markdown import of fishbone causes: lists in root-cause and contributing-factor sections, and the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.models import Cause, CauseKind, Narrative, Postmortem
from desktop_app.formats.markdown_export import to_markdown
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file
from desktop_app.formats.md_blocks import parse_document
from desktop_app.formats.md_causes import MAX_TEXT, collect_causes, first_sentence
from desktop_app.formats.md_sections import classify_heading

ROOT = CauseKind.ROOT_CAUSE
CONTRIBUTING = CauseKind.CONTRIBUTING_FACTOR


def _causes(text: str) -> list[Cause]:
    return import_markdown(text).postmortem.causes


def _shape(causes: list[Cause]) -> list[tuple[str, CauseKind, str, str, int | None]]:
    """(text, kind, category, note, index of the parent) of each cause, in order."""
    index = {c.id: i for i, c in enumerate(causes)}
    return [(c.text, c.kind, c.category, c.note, index.get(c.parent_id)) for c in causes]


def _texts(causes: list[Cause]) -> list[tuple[str, CauseKind]]:
    return [(c.text, c.kind) for c in causes]


# -- lists and their items ----------------------------------------------------------------------


def test_bullets_under_root_cause_are_root_causes() -> None:
    doc = "# Outage\n\n## Root cause\n\nTwo things:\n\n- Disk filled with logs\n- Log rotation was off\n"
    result = import_markdown(doc)
    assert _shape(result.postmortem.causes) == [
        ("Disk filled with logs", ROOT, "Technology", "", None),
        ("Log rotation was off", ROOT, "Monitoring", "", None),
    ]
    assert result.postmortem.causes[0].parent_id is None
    assert result.warnings == []


def test_numbered_items_with_inline_markup_read_as_plain_text() -> None:
    doc = (
        "# Outage\n\n## Root Causes\n\n"
        "1. **Retry amplification**: retries   had no [circuit breaker](https://example.com/cb)\n"
        "2. *Hard-coded* timeout in `pool.py`\n"
        "3. Label **inside** the text: not a label\n"
    )
    assert _texts(_causes(doc)) == [
        ("Retry amplification: retries had no circuit breaker", ROOT),
        ("Hard-coded timeout in `pool.py`", ROOT),
        ("Label inside the text: not a label", ROOT),
    ]


def test_nested_items_become_sub_causes_three_levels_deep() -> None:
    doc = (
        "# Outage\n\n## Contributing factors\n\n"
        "- Cache stampede\n"
        "  - Equal TTLs\n"
        "    - TTL set by one config value\n"
        "  - No request coalescing\n"
        "- No alert on miss rate\n"
    )
    causes = _causes(doc)
    assert _shape(causes) == [
        ("Cache stampede", CONTRIBUTING, "Technology", "", None),
        ("Equal TTLs", CONTRIBUTING, "", "", 0),
        ("TTL set by one config value", CONTRIBUTING, "", "", 1),
        ("No request coalescing", CONTRIBUTING, "", "", 0),
        ("No alert on miss rate", CONTRIBUTING, "Monitoring", "", None),
    ]
    assert causes[2].parent_id == causes[1].id


def test_further_paragraphs_of_an_item_go_to_the_note() -> None:
    doc = "# Outage\n\n## Root cause\n\n- Disk full\n\n  The log volume was 20 GB.\n\n- Rotation off\n"
    assert _shape(_causes(doc)) == [
        ("Disk full", ROOT, "Technology", "The log volume was 20 GB.", None),
        ("Rotation off", ROOT, "", "", None),
    ]


def test_long_items_keep_their_first_sentence_as_text() -> None:
    first = "The pool, e.g. the primary one, ran out of connections at 10:02."
    rest = " ".join(["Retries then piled up on every pod and the database CPU stayed at 100%."] * 8)
    long_item = f"{first} {rest}"
    assert len(long_item) > MAX_TEXT
    short = "One sentence. Another sentence that stays in the text."
    causes = _causes(f"# Outage\n\n## Root cause\n\n- {long_item}\n- {short}\n")
    assert _shape(causes) == [(first, ROOT, "", rest, None), (short, ROOT, "", "", None)]


def test_first_sentence_rules() -> None:
    assert first_sentence("A. Smith pushed it. Then it broke.") == ("A. Smith pushed it.", "Then it broke.")
    assert first_sentence("It broke (see graph). Then more.") == ("It broke (see graph).", "Then more.")
    assert first_sentence("磁盘已满。日志没有轮转。") == ("磁盘已满。", "日志没有轮转。")
    assert first_sentence("No full stop at all") == ("No full stop at all", "")


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("**Monitoring**: no alert on lag", "Monitoring"),
        ("people: on-call was new to the service", "People"),
        ("Tooling: deploy tool skipped the canary", "Technology"),
        ("Tools: no dry run", "Technology"),
        ("Alerting: pager rule muted", "Monitoring"),
        ("Observability: no trace ids", "Monitoring"),
        ("**Third-party:** CDN purge API down", "Dependencies"),
        ("Third party: CDN purge API down", "Dependencies"),
        ("Vendor: quota lowered without notice", "Dependencies"),
        ("Dependencies: upstream DNS", "Dependencies"),
        # not a category label: the words choose the bone (``guess_category``)
        ("Deploy: no canary", "Technology"),
        ("Monitoring was missing", "Monitoring"),
        ("Canary: skipped", ""),
    ],
)
def test_a_leading_category_label_sets_the_category_and_stays_in_the_text(label: str, category: str) -> None:
    (cause,) = _causes(f"# Outage\n\n## Root cause\n\n- {label}\n")
    assert cause.category == category
    assert cause.text == label.replace("**", "")


# -- which sections give causes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("## Root cause", ROOT),
        ("## Root Causes", ROOT),
        ("## 4. Root Cause Analysis", ROOT),
        ("# Causes", ROOT),
        ("## How did this happen?", ROOT),
        ("## Contributing Factors", CONTRIBUTING),
        ("## Contributing causes", CONTRIBUTING),
        ("## Factors", CONTRIBUTING),
        ("## Why did this happen?", CONTRIBUTING),
        ("### 2) Contributing factor", CONTRIBUTING),
    ],
)
def test_heading_variants(heading: str, kind: CauseKind) -> None:
    doc = f"# Checkout down\n\n{heading}\n\n- Config push without canary\n"
    assert _texts(_causes(doc)) == [("Config push without canary", kind)]


def test_contributing_factors_heading_class() -> None:
    assert classify_heading("Contributing Factors") == "contributing_factors"
    assert classify_heading("Contributing causes") == "contributing_factors"
    assert classify_heading("Why did this happen?") == "contributing_factors"
    assert classify_heading("Root causes and contributing factors") == "root_cause"
    assert classify_heading("Root Cause Analysis") == "root_cause"


def test_contributing_factor_text_stays_in_the_root_cause_narrative() -> None:
    doc = ("# Outage\n\n## Root cause\n\nA bad config.\n\n## Contributing factors\n\n"
           "- No canary\n- No alert\n\n## Why did this happen\n\nNobody owned the config.\n")
    result = import_markdown(doc)
    assert result.postmortem.narrative.root_cause == (
        "A bad config.\n\n- No canary\n- No alert\n\nNobody owned the config."
    )
    assert result.postmortem.extra_sections == []
    assert result.warnings == []


def test_a_list_under_a_sub_heading_of_a_root_cause_section_counts() -> None:
    doc = (
        "# Outage\n\n## Root cause analysis\n\nIt was two things.\n\n### The technical problem\n\n"
        "- Pool too small\n\n#### Deeper\n\n1. Default never tuned\n\n### Contributing factors\n\n- No load test\n\n"
        "### Resolution\n\n- Rolled back\n"
    )
    pm = import_markdown(doc).postmortem
    assert _texts(pm.causes) == [
        ("Pool too small", ROOT),
        ("Default never tuned", ROOT),
        ("No load test", CONTRIBUTING),
    ]
    assert pm.narrative.root_cause == (
        "It was two things.\n\n### The technical problem\n\n- Pool too small\n\n#### Deeper\n\n"
        "1. Default never tuned\n\n- No load test"
    )


def test_prose_only_root_cause_gives_no_causes_and_keeps_the_text() -> None:
    doc = "# Outage\n\n## Root Cause\n\nThe disk filled up.\n\nRotation was off since March.\n"
    pm = import_markdown(doc).postmortem
    assert pm.causes == []
    assert pm.narrative.root_cause == "The disk filled up.\n\nRotation was off since March."


def test_a_list_inside_a_code_block_gives_no_causes() -> None:
    doc = "# Outage\n\n## Root cause\n\n```\n- not a cause\n1. nor this\n```\n\n    - indented code\n"
    pm = import_markdown(doc).postmortem
    assert pm.causes == []
    assert pm.narrative.root_cause == "```\n- not a cause\n1. nor this\n```\n\n```\n- indented code\n```"


def test_lists_outside_cause_sections_and_in_quotes_give_no_causes() -> None:
    doc = (
        "# Outage\n\n- intro bullet\n\n## What happened\n\n- the disk filled\n\n## Root cause\n\n"
        "> - quoted bullet\n\n## Lessons learned\n\n- rotate logs\n"
    )
    assert _causes(doc) == []


def test_a_list_announced_as_a_sequence_of_events_narrates() -> None:
    doc = (
        "# Outage\n\n## Root cause\n\nConsider the scenario:\n\n1. Apply starts\n2. Commit runs\n\n"
        "The outage had two causes:\n\n1. Shared index\n2. No lock\n\n"
        "It happened in this sequence of steps:\n\n- Step one\n"
    )
    assert _texts(_causes(doc)) == [("Shared index", ROOT), ("No lock", ROOT)]


def test_the_title_heading_is_never_a_cause_heading() -> None:
    doc = "# Root cause analysis: checkout outage\n\n- Not a cause\n\n## Notes\n\n- Nor this\n"
    result = import_markdown(doc)
    assert result.postmortem.title == "Root cause analysis: checkout outage"
    assert result.postmortem.causes == []


def test_text_in_any_script_survives_exactly() -> None:
    doc = ("# 障害\n\n## Root cause\n\n- a<b & c>d, R&D < QA\n- 東京 ディスク満杯 🔥\n"
           "- خطأ في التهيئة\n- שגיאה בתצורה\n")
    assert [c.text for c in _causes(doc)] == [
        "a<b & c>d, R&D < QA", "東京 ディスク満杯 🔥", "خطأ في التهيئة", "שגיאה בתצורה",
    ]


def test_items_without_text_give_no_cause_and_lift_their_children() -> None:
    doc = "# Outage\n\n## Root cause\n\n- **Root cause:**\n- ```\n  code\n  ```\n-\n  - Child item\n"
    assert _shape(_causes(doc)) == [("Child item", ROOT, "", "", None)]


# -- Hindsight's own labelled shape -----------------------------------------------------------------


def test_labelled_items_give_kind_category_and_note() -> None:
    doc = (
        "# Outage\n\n## Root causes\n\n"
        "- **Root cause:** Config push without canary (Process) — caught in review later\n"
        "  - **Contributing factor:** Review skipped (people) — Friday\n"
        "- **Contributing factor:** Cache (with TTL) equal (Machine)\n"
        "- **Contributing factor:** A — b — c\n"
        "- **Root cause:** Deploy tool — old (Technology) — v1 — v2\n"
    )
    assert _shape(_causes(doc)) == [
        ("Config push without canary", ROOT, "Process", "caught in review later", None),
        ("Review skipped", CONTRIBUTING, "People", "Friday", 0),
        ("Cache (with TTL) equal (Machine)", CONTRIBUTING, "", "", None),
        ("A", CONTRIBUTING, "", "b — c", None),
        ("Deploy tool — old", ROOT, "Technology", "v1 — v2", None),
    ]


def test_labels_set_the_kind_whatever_the_section() -> None:
    doc = "# Outage\n\n## Contributing factors\n\n- Root cause: the schema change\n- No canary\n"
    assert _texts(_causes(doc)) == [("the schema change", ROOT), ("No canary", CONTRIBUTING)]


def test_the_postmortems_own_categories_are_read_from_the_parenthesis() -> None:
    doc = parse_document("## Root causes\n\n- **Root cause:** Old pump (Machine)\n- **Root cause:** X (People)\n")
    causes = collect_causes(doc.root, categories=["Machine", "Method"])
    assert [(c.text, c.category) for c in causes] == [("Old pump", "Machine"), ("X", "People")]


def test_duplicates_are_merged_and_the_labelled_one_wins() -> None:
    doc = (
        "# Outage\n\n## Root causes\n\n- No  canary\n  - equal ttls\n  - Only here\n- no alert\n\n"
        "## Contributing factors\n\n- **Contributing factor:** No canary (Process)\n"
        "  - **Contributing factor:** Equal TTLs\n- No Alert\n"
    )
    causes = _causes(doc)
    assert _shape(causes) == [
        ("Only here", ROOT, "", "", 2),
        ("no alert", ROOT, "Monitoring", "", None),
        ("No canary", CONTRIBUTING, "Process", "", None),
        ("Equal TTLs", CONTRIBUTING, "", "", 2),
    ]


def test_exported_cause_tree_round_trips() -> None:
    causes = [
        Cause(id="r1", text="Config push <script> & no canary", kind=ROOT, category="Process",
              note="see OPS-1 — twice"),
        Cause(id="c1", text="東京 cache stampede *burst*", kind=CONTRIBUTING, category="Technology", parent_id="r1"),
        Cause(id="c2", text="TTL (all keys) equal", kind=CONTRIBUTING, parent_id="c1", note="a<b & c>d"),
        Cause(id="c3", text="Review skipped on Friday", kind=ROOT, category="People", parent_id="c1"),
        Cause(id="r2", text="Alert on lag missing", kind=ROOT, category="Monitoring"),
        Cause(id="c4", text="Vendor `api` limits", kind=CONTRIBUTING, category="Dependencies", parent_id="r2",
              note="مزود خارجي"),
        Cause(id="r3", text="Monitoring: dashboards stale", kind=CONTRIBUTING),
    ]
    pm = Postmortem(title="Checkout down", narrative=Narrative(root_cause="Two things went wrong."), causes=causes)
    again = import_markdown(to_markdown(pm)).postmortem
    assert _shape(again.causes) == _shape(causes)
    # the labelled cause list is the causes: it does not also land in the narrative
    assert again.narrative.root_cause == "Two things went wrong."
    third = import_markdown(to_markdown(again)).postmortem
    assert _shape(third.causes) == _shape(causes)
    assert third.narrative.root_cause == "Two things went wrong."


def test_imported_causes_survive_export_and_import() -> None:
    doc = ("# Outage\n\n## Root cause\n\n- Pool too small\n  - Default never tuned\n\n"
           "## Contributing factors\n\n- Alerting: pager muted\n")
    pm = import_markdown(doc).postmortem
    again = import_markdown(to_markdown(pm)).postmortem
    assert _shape(pm.causes) == [
        ("Pool too small", ROOT, "", "", None),
        ("Default never tuned", ROOT, "", "", 0),
        ("Alerting: pager muted", CONTRIBUTING, "Monitoring", "", None),
    ]
    assert _shape(again.causes) == _shape(pm.causes)


# -- the corpus --------------------------------------------------------------------------------------


def _file_causes(corpus_dir: Path, name: str) -> list[Cause]:
    return import_markdown_file(corpus_dir / name).postmortem.causes


def test_corpus_dfds_ip_starvation(corpus_dir: Path) -> None:
    causes = _file_causes(corpus_dir, "dfds-pm2019-009-ip-starvation.md")
    assert [(c.kind, c.parent_id, c.note) for c in causes] == [(CONTRIBUTING, None, "")] * 7
    assert [c.text for c in causes] == [
        "No monitoring of network subnet capacity let to a known limitation in the architecture become an "
        "acute problem.",
        "Lack of revision of deployed infrastructure, due to heavy focus on developing new features allowed the "
        "issue to escalate further.",
        "Not possible to add availability zones to existing Kubernetes EKS clusters, complicating a long-term "
        "solution to IP starvation.",
        "Not possible to update load balancer configuration (to fix the problem), due to near 100% IP address "
        "utilization in subnets.",
        "One single Kubernetes node autoscaling group across AWS availability zones limiting flexibility.",
        "We have announced sunset dates for other Kubernetes clusters.",
        "Teams have recently been encouraged teams to migrate to Hellman.",
    ]
    assert [c.category for c in causes] == [
        "Monitoring", "Technology", "Environment", "Technology", "Technology", "Technology", ""]


def test_corpus_dfds_adsync_migration(corpus_dir: Path) -> None:
    causes = _file_causes(corpus_dir, "dfds-pm2020-003-adsync-migration.md")
    assert [c.kind for c in causes] == [CONTRIBUTING] * 4
    assert [c.text for c in causes] == [
        "We opted to refactor the existing code, rather then just trashing the old solution and migrating the "
        "ADSync code we really need (which makes up less then 15% of the overall codebase in the legacy solution)",
        "MS Migration tool did not detect any of these issues.",
        'TopShelf does not solve the "base dir" issue in their wrapper, which makes it questionable if we should '
        "continue with this package moving forward as it adds more code/complexity then the native alternatives.",
        "SeriLog should throw a exception when it cannot create a log file. This doesn't happen and the error "
        "message is highly misleading. This all means we can only reliably detect this type of problem by "
        "looking in the Windows log @ the server-level.",
    ]


def test_corpus_dfds_bad_eks_ami(corpus_dir: Path) -> None:
    causes = _file_causes(corpus_dir, "dfds-pm2022-009-bad-eks-ami.md")
    assert _texts(causes) == [(text, CONTRIBUTING) for text in [
        "Difficulty getting a response from the team that did report an issue about specifics",
        "No on-call escalation paths with individual teams",
        "Some deployed team applications not using readiness/liveness probes",
        "Manifested during an IT conference where most of the development teams, and members from our own "
        "team, were in attendance",
        'Our infrastructure-modules were hard-coded to use the "latest" AMI as soon as it is available as part '
        "of daily roll-over with no function to pin a specific AMI",
        "EKS component upgraded the same day as a new node AMI was used confused matters",
        "Alerting not catching NodeNotReady/Sockets",
        "Lack of deeper understanding of Kubernetes components in the team",
    ]]
    assert all(c.parent_id is None and c.note == "" for c in causes)
    assert [c.category for c in causes] == [
        "", "People", "Technology", "", "Technology", "Technology", "Monitoring", "People"]


def test_corpus_posthog_flags_outage(corpus_dir: Path) -> None:
    causes = _file_causes(corpus_dir, "posthog-2025-09-29-flags-outage.md")
    assert _shape(causes) == [
        ("Configuration change timing: A connection timeout reduction deployed during a period of database "
         "stress created conditions where pods could not establish connections within the new timeout window.",
         ROOT, "Technology", "", None),
        ("Retry amplification: Our retry logic lacked circuit breakers and exponential backoff, causing failed "
         "connection attempts to multiply rapidly. This transformed a manageable database load issue into "
         "complete service unavailability.", ROOT, "Technology", "", None),
        ("Health check configuration: Kubernetes continued routing traffic to pods in crash loops for up to 45 "
         "minutes due to improperly configured liveness and readiness probes.", ROOT, "Technology", "", None),
    ]


def test_corpus_posthog_surveys_sdk_lists_under_sub_headings(corpus_dir: Path) -> None:
    # "Why It Failed": the numbered "asymmetric loading scenario:" narrates and gives none; the
    # "version mismatch where:" bullets do; "Why It Wasn't Caught": four numbered gaps, contributing
    # factors (they let the bug through, they did not cause it).
    causes = _file_causes(corpus_dir, "posthog-2025-10-03-surveys-sdk.md")
    assert [c.kind for c in causes] == [ROOT] * 3 + [CONTRIBUTING] * 4
    assert [c.category for c in causes] == [
        "Technology", "", "Technology", "Process", "Process", "Technology", "Monitoring"]
    assert [c.text for c in causes] == [
        "The old SDK (< 1.257.1) didn't have the `isDisabled` function",
        "The new extension (1.270.0) expected it to exist",
        "JavaScript threw `TypeError: isDisabled is not a function` exceptions",
        "No version compatibility testing: We lack automated tests that verify new extension code works with "
        "older SDK versions",
        "Code review gaps: We don't have a process to flag when new APIs are added to main SDK files that might "
        "be called by extensions",
        "No static analysis: No linter rules prevent extensions from calling functions that may not exist in "
        "older SDK versions",
        "Detection gaps: No monitoring alerted us to the spike in customer-side exceptions—we learned about it "
        "from support tickets",
    ]


@pytest.mark.parametrize("name", [
    "chia-2021-05-26-website-outage.md",
    "chia-2022-06-28-proxy-abuse.md",
    "etcd-2022-v3.5-data-inconsistency.md",  # its only list is 'Consider the scenario:' steps
    "hachyderm-2022-12-13-root-fs-full.md",
    "k8s-prow-2019-01-23-hook-outage.md",
    "optimism-2023-04-26-tx-delays.md",
    "posthog-2026-01-14-replay-fetch-wrapper.md",
    "pypi-2024-06-28-leaked-token.md",
])
def test_corpus_prose_only_root_causes_give_none(corpus_dir: Path, name: str) -> None:
    pm = import_markdown_file(corpus_dir / name).postmortem
    assert pm.narrative.root_cause.strip() != ""
    assert pm.causes == []


def test_corpus_cause_counts(corpus_dir: Path) -> None:
    counts = {p.name: len(_file_causes(corpus_dir, p.name)) for p in sorted(corpus_dir.glob("*.md"))}
    assert {name: n for name, n in counts.items() if n} == {
        "dfds-pm2019-009-ip-starvation.md": 7,
        "dfds-pm2020-003-adsync-migration.md": 4,
        "dfds-pm2022-009-bad-eks-ami.md": 8,
        "posthog-2025-09-29-flags-outage.md": 3,
        "posthog-2025-10-03-surveys-sdk.md": 7,
    }
    assert len(counts) == 20


# -- bones from the words ---------------------------------------------------------------------------


def test_top_causes_get_a_bone_from_their_words_then_from_their_sub_causes() -> None:
    doc = (
        "# Outage\n\n## Root cause\n\n"
        "- Nobody knew\n  - The runbook was missing\n"
        "- Bad deploy\n  - No alert either\n"
        "- Bad luck\n  - Nothing more\n"
    )
    assert _shape(_causes(doc)) == [
        ("Nobody knew", ROOT, "Process", "", None),
        ("The runbook was missing", ROOT, "", "", 0),
        ("Bad deploy", ROOT, "Technology", "", None),
        ("No alert either", ROOT, "", "", 2),
        ("Bad luck", ROOT, "", "", None),
        ("Nothing more", ROOT, "", "", 4),
    ]


def test_only_the_documents_own_bones_are_guessed() -> None:
    doc = "# Outage\n\nFishbone categories: Process; Vendors\n\n## Root cause\n\n- No alert\n- Review skipped\n"
    pm = import_markdown(doc).postmortem
    assert pm.fishbone_categories == ["Process", "Vendors"]
    assert [(c.text, c.category) for c in pm.causes] == [("No alert", ""), ("Review skipped", "Process")]


@pytest.mark.parametrize(
    ("sub_heading", "kind"),
    [
        ("### Why it wasn't caught", CONTRIBUTING),
        ("### Why It Wasn’t Detected Sooner", CONTRIBUTING),
        ("### What we missed", CONTRIBUTING),
        ("### Why it failed", ROOT),
        ("### The technical problem", ROOT),
    ],
)
def test_a_detection_sub_heading_under_root_cause_lists_contributing_factors(sub_heading: str,
                                                                               kind: CauseKind) -> None:
    doc = f"# Outage\n\n## Root cause\n\n- Pool too small\n\n{sub_heading}\n\n- Nothing paged\n"
    assert _texts(_causes(doc)) == [("Pool too small", ROOT), ("Nothing paged", kind)]


def test_contributing_factor_headings_never_give_root_causes() -> None:
    doc = ("# Outage\n\n## Contributing factors\n\n- Pool too small\n\n### Why it failed\n\n- No canary\n\n"
           "### Why it wasn't caught\n\n- Nothing paged\n")
    assert _texts(_causes(doc)) == [("Pool too small", CONTRIBUTING), ("No canary", CONTRIBUTING),
                                    ("Nothing paged", CONTRIBUTING)]
