"""Step 3's E-mail column: typed in place, undoable, autosaved, refused when it is not an address,
and the addresses typed are the attendees of the review invitation (.ics)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.emails import parse_email
from desktop_app.formats.ics_export import review_invite_ics

UTC = timezone.utc
EMAIL = 3  # Name, Role, Team, E-mail, Facilitator


@pytest.mark.parametrize(("text", "message"), [
    ("dana at example.com", "“dana at example.com” is not an e-mail address: it has no “@”. "
                            "Type it like dana@example.com, or leave it empty."),
    ("dana @example.com", "“dana @example.com” is not an e-mail address: it has a space in it. "
                          "Type it like dana@example.com, or leave it empty."),
    ("dana@example", "“dana@example” is not an e-mail address: the part after the “@” is not a domain "
                     "like example.com. Type it like dana@example.com, or leave it empty."),
    ("<dana@example.com>", "“<dana@example.com>” is not an e-mail address: it has a character an address "
                           "cannot have (< > \" ' , ; :). Type it like dana@example.com, or leave it empty."),
])
def test_what_is_not_an_email_address_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_email(text)
    assert str(caught.value) == message


def test_email_addresses_read() -> None:
    assert parse_email("  dana.oster+sre@example.co.uk ") == "dana.oster+sre@example.co.uk"
    assert parse_email("   ") == ""


def test_typed_email_is_stored_undoable_autosaved_and_invited(qtbot, window, repo, edit_cell, wait_saved) -> None:
    window.new_postmortem()
    doc = window.document
    window.wizard.go_to(3)
    page = window.wizard.stakeholders
    people = page.editor
    assert [people.model.headerData(i, Qt.Orientation.Horizontal) for i in range(people.model.columnCount())] == [
        "Name", "Role", "Team", "E-mail", "Facilitator"]
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    edit_cell(people.view, 0, 0, "Dana Øster")
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    edit_cell(people.view, 1, 0, "Sam Okafor")
    doc.edit(("review_meeting_at",), datetime(2026, 12, 10, 14, 0, tzinfo=UTC), merge=False)
    count = doc.undo_stack.count()

    edit_cell(people.view, 0, EMAIL, "dana@example.com")
    assert doc.pm.stakeholders[0].email == "dana@example.com"
    assert people.model.index(0, EMAIL).data() == "dana@example.com"
    assert doc.undo_stack.count() == count + 1
    assert not page.email_message.isVisible()

    # not an address: refused, said so, nothing stored and no undo step
    edit_cell(people.view, 1, EMAIL, "sam at example.com")
    assert doc.pm.stakeholders[1].email == ""
    assert people.model.index(1, EMAIL).data() == ""
    assert page.email_message.isVisible()
    assert page.email_message.text() == (
        "“sam at example.com” is not an e-mail address: it has no “@”. "
        "Type it like dana@example.com, or leave it empty.")
    assert doc.undo_stack.count() == count + 1
    edit_cell(people.view, 1, EMAIL, "sam@example.com")
    assert doc.pm.stakeholders[1].email == "sam@example.com"
    assert not page.email_message.isVisible()
    assert doc.undo_stack.count() == count + 2

    doc.undo_stack.undo()
    assert doc.pm.stakeholders[1].email == ""
    doc.undo_stack.redo()
    assert doc.pm.stakeholders[1].email == "sam@example.com"

    wait_saved(window)
    stored = repo.get(doc.pm.id)
    assert [(s.name, s.email) for s in stored.stakeholders] == [
        ("Dana Øster", "dana@example.com"), ("Sam Okafor", "sam@example.com")]

    ics = review_invite_ics(stored, now=datetime(2026, 12, 4, 12, 0, tzinfo=UTC)).decode()
    attendees = [line for line in ics.replace("\r\n ", "").split("\r\n") if line.startswith("ATTENDEE")]
    assert attendees == [
        "ATTENDEE;CN=Dana Øster;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:dana@example.com",
        "ATTENDEE;CN=Sam Okafor;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@example.com",
    ]
