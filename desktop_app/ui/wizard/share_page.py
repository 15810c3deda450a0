"""Step 7 — Share and track: status, tags, exports and the follow-up progress."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QProgressBar, QPushButton, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionStatus, Postmortem, Status
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import LineEdit, plain_label
from desktop_app.ui.wizard.bindings import ComboBinding, SplitLineBinding, fill_combo
from desktop_app.ui.wizard.page import WizardPage

EXPORT_COLUMNS = 3
"""Export buttons per row."""


def progress_text(pm: Postmortem) -> str:
    """``3 action items: 2 open, 1 done`` (in progress and won't do named when present)."""
    items = pm.action_items
    if not items:
        return "No action items yet."
    counts = {s: sum(1 for a in items if a.status is s) for s in ActionStatus}
    parts = [f"{counts[ActionStatus.OPEN]} open"]
    if counts[ActionStatus.IN_PROGRESS]:
        parts.append(f"{counts[ActionStatus.IN_PROGRESS]} in progress")
    parts.append(f"{counts[ActionStatus.DONE]} done")
    if counts[ActionStatus.WONT_DO]:
        parts.append(f"{counts[ActionStatus.WONT_DO]} won't do")
    noun = "action item" if len(items) == 1 else "action items"
    return f"{len(items)} {noun}: " + ", ".join(parts)


class SharePage(WizardPage):
    """Step 7 page.

    Signals:
        export_pdf_requested, export_json_requested: the export buttons were pressed.
        export_requested(str): an export of that kind (markdown, csv, ics) was asked for.
    """

    step = Step.SHARE
    intro = "Publish the review, share it with leadership and the teams, and follow up until every action is done."

    export_pdf_requested = Signal()
    export_json_requested = Signal()
    export_requested = Signal(str)

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        form = self.add_group("Publishing")
        self.status_combo = QComboBox()
        fill_combo(self.status_combo, list(Status))
        self.status_combo.setAccessibleName("Status")
        ComboBinding(doc, self.status_combo, ("status",))
        form.addRow("&Status", self.status_combo)
        self.tags_edit = LineEdit()
        self.tags_edit.setAccessibleName("Tags")
        self.tags_edit.setPlaceholderText("Comma-separated, e.g. database, config-change")
        SplitLineBinding(doc, self.tags_edit, ("tags",))
        form.addRow("&Tags", self.tags_edit)

        form = self.add_group("Share")
        # A grid, not one row: at a 1400 px window (the library beside the wizard) one row of five
        # buttons is wider than the page. Documents on the first row, follow-up files on the second.
        self.pdf_button = QPushButton("Executive summary PDF…")
        self.markdown_button = QPushButton("Markdown…")
        self.json_button = QPushButton("JSON…")
        self.csv_button = QPushButton("Action items CSV…")
        self.ics_button = QPushButton("Invitation (.ics)…")
        buttons = QWidget()
        grid = QGridLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, button in enumerate(self.export_buttons):
            grid.addWidget(button, index // EXPORT_COLUMNS, index % EXPORT_COLUMNS)
        grid.setColumnStretch(EXPORT_COLUMNS, 1)
        for kind, button in (("markdown", self.markdown_button), ("csv", self.csv_button),
                             ("ics", self.ics_button)):
            button.clicked.connect(lambda _=False, k=kind: self.export_requested.emit(k))
        form.addRow("Export", buttons)
        self.pdf_button.clicked.connect(self.export_pdf_requested)
        self.json_button.clicked.connect(self.export_json_requested)

        form = self.add_group("Follow-up")
        self.progress_label = plain_label()
        self.progress_label.setAccessibleName("Action item progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("%v of %m closed")
        form.addRow("Action items", self.progress_label)
        form.addRow("", self.progress_bar)
        self.body_layout.addStretch(1)
        self.align_labels()
        doc.loaded.connect(self._update)
        doc.changed.connect(self._update)

    @property
    def export_buttons(self) -> tuple[QPushButton, ...]:
        """The export buttons in reading (and tab) order."""
        return (self.pdf_button, self.markdown_button, self.json_button, self.csv_button, self.ics_button)

    def _update(self) -> None:
        if not self.doc.is_loaded:
            return
        pm = self.doc.pm
        self.progress_label.setText(progress_text(pm))
        closed = sum(1 for a in pm.action_items if a.status.is_closed)
        self.progress_bar.setMaximum(max(len(pm.action_items), 1))
        self.progress_bar.setValue(closed)
        self.progress_bar.setVisible(bool(pm.action_items))
