"""Step 3 — Stakeholders: who responded, who observes, who facilitates; the review meeting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.emails import parse_email
from desktop_app.domain.models import Stakeholder, StakeholderRole
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.datetime_edit import OptionalDateTimeEdit
from desktop_app.ui.wizard.bindings import DateTimeBinding
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel
from desktop_app.ui.wizard.page import WizardPage, new_form


class StakeholdersPage(WizardPage):
    """Step 3 page: the stakeholder table (with the e-mail addresses the review invitation is
    sent to) and the review meeting time."""

    step = Step.STAKEHOLDERS
    intro = (
        "Responders, observers and the teams involved. Mark the facilitator "
        "(usually the incident commander) and set the review meeting."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.model = EntityListModel(
            doc,
            ("stakeholders",),
            [
                Column("Name", "name"),
                Column("Role", "role", choices=list(StakeholderRole), width=160),
                Column("Team", "team"),
                Column("E-mail", "email", parse=self._parse_email),
                Column("Facilitator", "is_facilitator", check=True, width=90),
            ],
            noun="stakeholder",
            parent=self,
        )
        self.editor = ListEditor(self.model, Stakeholder, name="Stakeholders", parent=self.body, tab_between_cells=False)
        self.body_layout.addWidget(self.editor, 1)
        self.email_message = QLabel(self.body)
        self.email_message.setTextFormat(Qt.TextFormat.PlainText)
        self.email_message.setWordWrap(True)
        self.email_message.setAccessibleName("E-mail problem")
        self.email_message.setStyleSheet("color: #c0392b;")
        self.email_message.hide()
        self.body_layout.addWidget(self.email_message)
        doc.loaded.connect(self.email_message.hide)
        meeting = QWidget(self.body)
        form = new_form(meeting)
        form.setContentsMargins(0, 0, 0, 0)
        self.meeting_edit = OptionalDateTimeEdit()
        self.meeting_edit.setAccessibleName("Review meeting")
        DateTimeBinding(doc, self.meeting_edit, ("review_meeting_at",))
        form.addRow("Review &meeting", self.meeting_edit)
        self.body_layout.addWidget(meeting)

    def _parse_email(self, _item: Any, text: str) -> list[tuple[str, Any]]:
        """A typed address for the cell; one that is not an address is refused, and said so below the table."""
        try:
            email = parse_email(text)
        except ValueError as error:
            self.email_message.setText(str(error))
            self.email_message.show()
            raise
        self.email_message.hide()
        return [("email", email)]
