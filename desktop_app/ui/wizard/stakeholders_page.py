"""Step 3 — Stakeholders: who responded, who observes, who facilitates; the review meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Stakeholder, StakeholderRole
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.datetime_edit import OptionalDateTimeEdit
from desktop_app.ui.wizard.bindings import DateTimeBinding
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel
from desktop_app.ui.wizard.page import WizardPage, new_form


class StakeholdersPage(WizardPage):
    """Step 3 page: the stakeholder table and the review meeting time."""

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
                Column("Facilitator", "is_facilitator", check=True, width=90),
            ],
            noun="stakeholder",
            parent=self,
        )
        self.editor = ListEditor(self.model, Stakeholder, name="Stakeholders", parent=self.body)
        self.body_layout.addWidget(self.editor, 1)
        meeting = QWidget(self.body)
        form = new_form(meeting)
        form.setContentsMargins(0, 0, 0, 0)
        self.meeting_edit = OptionalDateTimeEdit()
        self.meeting_edit.setAccessibleName("Review meeting")
        DateTimeBinding(doc, self.meeting_edit, ("review_meeting_at",))
        form.addRow("Review &meeting", self.meeting_edit)
        self.body_layout.addWidget(meeting)
