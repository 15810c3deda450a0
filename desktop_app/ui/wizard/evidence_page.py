"""Step 2 — Gather data: logs, graphs, tickets, chat transcripts and documents."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Evidence, EvidenceKind
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel
from desktop_app.ui.wizard.page import WizardPage


class EvidencePage(WizardPage):
    """Step 2 page: the evidence table."""

    step = Step.GATHER_DATA
    intro = "Collect what tells the story: logs, monitoring graphs, tickets, chat transcripts, documents."

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.model = EntityListModel(
            doc,
            ("evidence",),
            [
                Column("Kind", "kind", choices=list(EvidenceKind), width=110),
                Column("Title", "title"),
                Column("Link", "url"),
                Column("File", "file_path"),
                Column("Note", "note"),
            ],
            noun="evidence",
            parent=self,
        )
        self.editor = ListEditor(self.model, Evidence, name="Evidence", parent=self.body)
        self.body_layout.addWidget(self.editor)
