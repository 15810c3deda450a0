"""Step 5 — Findings and timeline: the narrative, lessons, timeline, causes (list, fishbone, 5 Whys),
imported sections."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Cause, CauseKind
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone.editor import FishboneEditor
from desktop_app.ui.fishbone.five_whys import FiveWhysPanel
from desktop_app.ui.timeline.editor import TimelineEditor
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit, mute
from desktop_app.ui.wizard.bindings import LineBinding, PlainTextBinding
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel
from desktop_app.ui.wizard.page import WizardPage, new_form

NARRATIVE_FIELDS = (
    ("summary", "Summary", "The executive summary: what happened, the impact, what we are doing about it"),
    ("what_happened", "What happened", "The story of the incident, in plain words"),
    ("impact", "Impact", "Users, revenue, systems, internal teams, duration"),
    ("trigger", "Trigger", "The change or event that set it off"),
    ("root_cause", "Root cause", "The conditions that allowed it"),
    ("resolution", "Resolution", "How service was restored"),
    ("detection", "Detection", "How and when we found out"),
)
LESSON_FIELDS = (
    ("went_well", "What went well", ""),
    ("went_wrong", "What went wrong", ""),
    ("got_lucky", "Where we got lucky", ""),
    ("surprised_us", "What surprised us", ""),
)


def _text_form(doc: PostmortemDocument, fields: tuple[tuple[str, str, str], ...]) -> tuple[QScrollArea, dict]:
    body = QWidget()
    form = new_form(body)
    form.setContentsMargins(0, 8, 12, 8)
    edits: dict[str, PlainTextEdit] = {}
    for attr, label, hint in fields:
        edit = PlainTextEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(hint)
        edit.setMinimumHeight(84)
        edit.setMaximumHeight(150)
        PlainTextBinding(doc, edit, ("narrative", attr))
        edits[attr] = edit
        form.addRow(label, edit)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the tabs to the first field
    area.setWidget(body)
    return area, edits


class FindingsPage(WizardPage):
    """Step 5 page: tabs for narrative, lessons, timeline, causes and imported sections."""

    step = Step.FINDINGS
    intro = "Write down what happened and why, and keep the timeline. Derived figures come from the key times."

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.tabs = QTabWidget(self.body)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Findings sections")
        self.body_layout.addWidget(self.tabs, 1)

        narrative, self.narrative_edits = _text_form(doc, NARRATIVE_FIELDS)
        self.tabs.addTab(narrative, "Narrative")
        lessons, lesson_edits = _text_form(doc, LESSON_FIELDS)
        self.narrative_edits.update(lesson_edits)
        self.tabs.addTab(lessons, "Lessons learned")

        self.timeline_editor = TimelineEditor(doc, self.tabs)
        self.timeline_model = self.timeline_editor.model
        hint = QLabel("Type times as YYYY-MM-DD HH:MM in the zone the Time column names (HH:MM uses the "
                      "incident date; ~ marks an approximate time). Right-click an event to mark it as a "
                      "key moment.")
        hint.setWordWrap(True)
        mute(hint)
        self.tabs.addTab(_with_hint(self.timeline_editor, hint), "Timeline")

        self.causes_model = EntityListModel(
            doc,
            ("causes",),
            [
                Column("Cause", "text"),
                Column("Kind", "kind", choices=list(CauseKind), width=170),
                Column("Category", "category", width=140),
            ],
            noun="cause",
            parent=self,
        )
        self.causes_editor = ListEditor(self.causes_model, Cause, name="Causes", parent=self.tabs, tab_between_cells=False)
        self.tabs.addTab(_with_hint(self.causes_editor, None), "Causes")

        self.fishbone_editor = FishboneEditor(doc, self.tabs)
        self.tabs.addTab(_with_hint(self.fishbone_editor, None), "Fishbone")
        self.five_whys = FiveWhysPanel(doc, self.tabs, edits=self.fishbone_editor.edits)
        self.five_whys.message.connect(self.fishbone_editor.show_notice)
        self.tabs.addTab(_with_hint(self.five_whys, None), "5 Whys")

        self.extra_area = QScrollArea()
        self.extra_area.setWidgetResizable(True)
        self.extra_area.setFrameShape(QFrame.Shape.NoFrame)
        self.extra_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.extra_index = self.tabs.addTab(self.extra_area, "Other sections")
        self.extra_edits: list[tuple[LineEdit, PlainTextEdit]] = []
        doc.loaded.connect(self._rebuild_extra)
        doc.list_changed.connect(lambda path, *_: path == ("extra_sections",) and self._rebuild_extra())

    def _rebuild_extra(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 8, 12, 8)
        self.extra_edits = []
        bindings: list[LineBinding | PlainTextBinding] = []
        sections = self.doc.pm.extra_sections if self.doc.is_loaded else []
        for index, _section in enumerate(sections):
            group = QGroupBox()
            form = new_form(group)
            heading = LineEdit()
            heading.setAccessibleName("Section heading")
            bindings.append(LineBinding(self.doc, heading, ("extra_sections", index, "heading")))
            text = PlainTextEdit()
            text.setAccessibleName("Section text")
            text.setMinimumHeight(100)
            bindings.append(PlainTextBinding(self.doc, text, ("extra_sections", index, "body")))
            form.addRow("Heading", heading)
            form.addRow("Text", text)
            layout.addWidget(group)
            self.extra_edits.append((heading, text))
        if not sections:
            empty = QLabel("Sections of an imported document that fit no known heading appear here.")
            empty.setWordWrap(True)
            mute(empty)
            layout.addWidget(empty)
        layout.addStretch(1)
        self.extra_area.setWidget(body)
        for binding in bindings:
            binding.refresh()
        self.tabs.setTabText(self.extra_index, f"Other sections ({len(sections)})" if sections else "Other sections")


def _with_hint(editor: QWidget, hint: QLabel | None) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.addWidget(editor, 1)
    if hint is not None:
        layout.addWidget(hint)
    return page
