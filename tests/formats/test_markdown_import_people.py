"""People in imported Markdown: "Attendees"-like sections and a "Stakeholders:" field become stakeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.models import Postmortem, Stakeholder, StakeholderRole
from desktop_app.formats.markdown_export import to_markdown
from desktop_app.formats.markdown_import import import_markdown, import_markdown_file
from desktop_app.formats.md_people import is_people_heading, people_from_text


def _people(pm: Postmortem) -> list[tuple[str, StakeholderRole, str, str, bool]]:
    return [(s.name, s.role, s.team, s.email, s.is_facilitator) for s in pm.stakeholders]


def test_an_attendees_list_becomes_stakeholders_and_leaves_the_extra_text() -> None:
    md = "# DB outage\n\n## Summary\n\nIt broke.\n\n## Attendees\n\n- Zoë García (facilitator)\n- 李雷\n- محمد, José Núñez\n"
    result = import_markdown(md)
    assert _people(result.postmortem) == [
        ("Zoë García", StakeholderRole.OTHER, "", "", True),
        ("李雷", StakeholderRole.OTHER, "", "", False),
        ("محمد", StakeholderRole.OTHER, "", "", False),
        ("José Núñez", StakeholderRole.OTHER, "", "", False),
    ]
    assert result.postmortem.extra_sections == []
    assert [w.message for w in result.warnings] == []


def test_responders_are_responders_with_roles_teams_and_mail() -> None:
    md = ("# Outage\n\n## Responders\n\n1. Ann Lee (Incident commander, SRE)\n"
          "2. Bob <bob@example.com> (on-call)\n3. Kim (Payments)\n")
    assert _people(import_markdown(md).postmortem) == [
        ("Ann Lee", StakeholderRole.INCIDENT_COMMANDER, "SRE", "", False),
        ("Bob", StakeholderRole.RESPONDER, "", "bob@example.com", False),
        ("Kim", StakeholderRole.RESPONDER, "Payments", "", False),
    ]


def test_a_section_of_prose_stays_text() -> None:
    md = "# Outage\n\n## Participants\n\nEveryone on the payments team joined the call. It took an hour.\n"
    pm = import_markdown(md).postmortem
    assert pm.stakeholders == []
    assert [(x.heading, x.body) for x in pm.extra_sections] == [
        ("Participants", "Everyone on the payments team joined the call. It took an hour.")
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("Attendees", True), ("Meeting attendees:", True), ("People involved", True), ("**Participants**", True),
     ("Responders", True), ("Impact on participants", False), ("Stakeholder communication", False), ("People", True)],
)
def test_people_headings(heading: str, expected: bool) -> None:
    assert is_people_heading(heading) is expected


@pytest.mark.parametrize(
    "text",
    ["We asked the team: nobody knew.", "- Ana\n- see https://example.com", "- One two three four five six words",
     "Everyone joined. Then we left.", ""],
)
def test_text_that_is_not_a_list_of_names(text: str) -> None:
    assert people_from_text(text) is None


def test_initials_and_and_are_names() -> None:
    people = people_from_text("- J. R. R. Tolkien, A.B. and Łukasz Żółć")
    assert [p.name for p in people or []] == ["J. R. R. Tolkien", "A.B.", "Łukasz Żółć"]


def test_hindsights_own_export_reads_back_its_stakeholders() -> None:
    pm = Postmortem(title="Checkout down", stakeholders=[
        Stakeholder(name="Ann Lee", role=StakeholderRole.INCIDENT_COMMANDER, team="SRE", is_facilitator=True),
        Stakeholder(name="محمد", role=StakeholderRole.OBSERVER),
        Stakeholder(name="Bob", role=StakeholderRole.LEADERSHIP, team="Payments, EU"),
    ])
    again = import_markdown(to_markdown(pm)).postmortem
    assert _people(again) == [
        ("Ann Lee", StakeholderRole.INCIDENT_COMMANDER, "SRE", "", True),
        ("محمد", StakeholderRole.OBSERVER, "", "", False),
        ("Bob", StakeholderRole.LEADERSHIP, "Payments, EU", "", False),
    ]
    assert again.extra_sections == []


def test_corpus_attendees(corpus_dir: Path) -> None:
    eks = import_markdown_file(corpus_dir / "dfds-pm2022-009-bad-eks-ami.md").postmortem
    assert [(s.name, s.role) for s in eks.stakeholders] == [
        (name, StakeholderRole.OTHER) for name in ("RF", "ED", "EC", "SC", "JB", "JA", "JS")
    ]
    assert "Attendees" not in [x.heading for x in eks.extra_sections]
    log4shell = import_markdown_file(corpus_dir / "dfds-pm2021-011-log4shell.md").postmortem
    assert [s.name for s in log4shell.stakeholders] == ["AN", "JS", "JW"]


def test_an_unnamed_stakeholder_does_not_lose_the_others() -> None:
    from desktop_app.domain.models import Postmortem, Stakeholder, StakeholderRole
    from desktop_app.formats.markdown_export import to_markdown
    from desktop_app.formats.markdown_import import import_markdown

    pm = Postmortem(title="T", stakeholders=[
        Stakeholder(name="Dana Whitfield", role=StakeholderRole.INCIDENT_COMMANDER, is_facilitator=True),
        Stakeholder(), Stakeholder(role=StakeholderRole.OBSERVER, email="obs@example.com")])
    first = to_markdown(pm)
    assert ("**Authors and stakeholders:** Dana Whitfield (Incident commander, facilitator); (unnamed) (Responder); "
            "(unnamed) \\<obs@example.com> (Observer)\n") in first
    result = import_markdown(first)
    assert [(s.name, s.role, s.email, s.is_facilitator) for s in result.postmortem.stakeholders] == [
        ("Dana Whitfield", StakeholderRole.INCIDENT_COMMANDER, "", True),
        ("", StakeholderRole.RESPONDER, "", False),
        ("", StakeholderRole.OBSERVER, "obs@example.com", False),
    ]
    assert result.warnings == []
    assert to_markdown(result.postmortem) == first


def test_an_entry_of_the_stakeholders_line_that_is_no_name_is_left_out_with_a_warning() -> None:
    from desktop_app.formats.markdown_import import import_markdown

    result = import_markdown("# T\n\nStakeholders: Ann Lee, the whole database team on call that night, Bob\n")
    assert [s.name for s in result.postmortem.stakeholders] == ["Ann Lee", "Bob"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "'the whole database team on call that night' in the stakeholders line does not read as a name; "
            "it was left out of the stakeholders"),
    ]
