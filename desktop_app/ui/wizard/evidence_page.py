"""Step 2 — Gather data: logs, graphs, tickets, chat transcripts and documents."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Evidence, EvidenceKind
from desktop_app.storage.attachments import attachment_problem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.gather.raw_timeline_dialog import RawTimelineDialog
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
                Column("File", "file_path", display=self._shown_file, parse=self._parse_file,
                       tooltip=self._file_tip),
                Column("Note", "note"),
            ],
            noun="evidence",
            parent=self,
        )
        self.editor = ListEditor(self.model, Evidence, name="Evidence", parent=self.body, tab_between_cells=False)
        self.body_layout.addWidget(self.editor)
        self.file_message = QLabel(self.body)
        self.file_message.setTextFormat(Qt.TextFormat.PlainText)
        self.file_message.setWordWrap(True)
        self.file_message.setAccessibleName("Evidence file problem")
        self.file_message.setStyleSheet("color: #c0392b;")
        self.file_message.hide()
        self.body_layout.addWidget(self.file_message)

        self.timeline_dialog: RawTimelineDialog | None = None
        self.build_timeline_button = QPushButton("Build timeline from chat or logs…", self.body)
        self.build_timeline_button.setToolTip(
            "Pull timeline events out of a pasted or exported chat, CSV or log"
        )
        self.build_timeline_button.clicked.connect(self.open_timeline_builder)
        row = QHBoxLayout()
        row.addWidget(self.build_timeline_button)
        row.addStretch(1)
        self.body_layout.addLayout(row)

    @staticmethod
    def _shown_file(item: Any) -> str:
        """The file name, marked when it would lead out of the attachments folder (e.g. from an import)."""
        name = str(item.file_path)
        return f"⚠ {name}" if attachment_problem(name) else name

    @staticmethod
    def _file_tip(item: Any) -> str:
        problem = attachment_problem(str(item.file_path))
        return f"{problem} Hindsight never opens it." if problem else ""

    def _parse_file(self, _item: Any, text: str) -> list[tuple[str, Any]]:
        """A typed file name for the cell: one that would leave the attachments folder is refused, and said so."""
        name = text.removeprefix("⚠ ").strip()
        problem = attachment_problem(name)
        if problem:
            self.file_message.setText(f"{problem} Give a name inside the attachments folder, e.g. logs/db.log.")
            self.file_message.show()
            raise ValueError(problem)
        self.file_message.hide()
        return [("file_path", name)]

    def open_timeline_builder(self) -> RawTimelineDialog:
        """Open the "Build timeline from chat or logs" dialog (window-modal) over this document."""
        if self.timeline_dialog is not None:
            self.timeline_dialog.deleteLater()
        self.timeline_dialog = RawTimelineDialog(self.doc, self)
        self.timeline_dialog.open()
        return self.timeline_dialog
