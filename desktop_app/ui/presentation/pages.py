"""The main area's pages that are not reused editors: context and impact, and the lessons.

``ContextPage`` shows (read-only, in large type) what the room needs first: the summary, the
impact and the key figures from ``domain/metrics.py``. ``LessonsPage`` edits what went well,
wrong and lucky side by side, each keystroke an undoable document edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.domain.metrics import format_span, incident_metrics
from desktop_app.domain.models import Postmortem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.presentation.name_labels import NameLabels
from desktop_app.ui.widgets.text_edits import PlainTextEdit, plain_label
from desktop_app.ui.wizard.bindings import PlainTextBinding

UNTITLED = "Untitled postmortem"
NOT_WRITTEN = "Not written yet."
NO_FIGURES = "No key times yet: mark key moments on the timeline (Alt+1 … Alt+5) to see the figures."

LESSONS = (
    ("went_well", "Went well"),
    ("went_wrong", "Went wrong"),
    ("got_lucky", "Got lucky"),
)


def facts_line(pm: Postmortem) -> str:
    """``SEV2 · In review · 13 Dec 2022 · mastodon, sidekiq``: what kind of incident this was."""
    parts = []
    if pm.severity is not None:
        parts.append(pm.severity.value)
    parts.append(pm.status.label)
    if pm.incident_date is not None:
        parts.append(pm.incident_date.strftime("%d %b %Y").lstrip("0"))
    if pm.restoration.affected_services:
        parts.append(", ".join(pm.restoration.affected_services))
    return " · ".join(parts)


def figures(pm: Postmortem) -> list[tuple[str, str]]:
    """The key figures shown as tiles: (caption, value); ``—`` when unknown."""
    m = incident_metrics(pm)
    return [
        ("Time to detect", format_span(m.time_to_detect)),
        ("Time to mitigate", format_span(m.time_to_mitigate)),
        ("Time to resolve", format_span(m.time_to_resolve)),
        ("Duration", format_span(m.duration)),
    ]


def people_line(pm: Postmortem, labels: NameLabels | None) -> str:
    """Who took part: ``Ana Ruiz (Incident commander), …``, or only the roles when names are hidden."""
    parts = []
    for s in pm.stakeholders:
        if not s.name.strip():
            continue
        if labels is not None:
            parts.append(labels.stakeholder_labels.get(s.id, s.role.label))
        else:
            parts.append(f"{s.name.strip()} ({s.role.label})")
    return ", ".join(parts)


def _text(parent: QWidget) -> QLabel:
    label = plain_label("", parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _heading(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setObjectName("sectionHeading")
    return label


class ContextPage(QScrollArea):
    """Context and impact, read-only and large.

    Attributes:
        title_label, facts_label, summary_label, impact_label, people_label: the texts shown.
        figure_labels: caption → the label showing its value.
    """

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("contextBody")
        self.title_label = _text(body)
        self.title_label.setObjectName("pmTitle")
        self.facts_label = _text(body)
        self.facts_label.setProperty("muted", True)
        self.tiles = QWidget(body)
        tiles = QGridLayout(self.tiles)
        tiles.setContentsMargins(0, 0, 0, 0)
        tiles.setSpacing(12)
        self.figure_labels: dict[str, QLabel] = {}
        for column, (caption, _value) in enumerate(figures(Postmortem())):
            tile = QFrame(self.tiles)
            tile.setObjectName("tile")
            tile_layout = QVBoxLayout(tile)
            value_label = plain_label("—", tile)
            value_label.setObjectName("figure")
            caption_label = plain_label(caption, tile)
            caption_label.setProperty("muted", True)
            tile_layout.addWidget(value_label)
            tile_layout.addWidget(caption_label)
            tiles.addWidget(tile, 0, column)
            self.figure_labels[caption] = value_label
        self.no_figures_label = _text(body)
        self.no_figures_label.setProperty("muted", True)
        self.no_figures_label.setText(NO_FIGURES)
        self.summary_label = _text(body)
        self.impact_label = _text(body)
        self.people_heading = _heading("Who was involved", body)
        self.people_label = _text(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.facts_label)
        layout.addSpacing(8)
        layout.addWidget(self.tiles)
        layout.addWidget(self.no_figures_label)
        layout.addWidget(_heading("Summary", body))
        layout.addWidget(self.summary_label)
        layout.addWidget(_heading("Impact", body))
        layout.addWidget(self.impact_label)
        layout.addWidget(self.people_heading)
        layout.addWidget(self.people_label)
        layout.addStretch(1)
        self.setWidget(body)

    def refresh(self, labels: NameLabels | None) -> None:
        if not self.doc.is_loaded:
            return
        pm = self.doc.pm
        self.title_label.setText(pm.title.strip() or UNTITLED)
        self.facts_label.setText(facts_line(pm))
        known = False
        for caption, value in figures(pm):
            self.figure_labels[caption].setText(value)
            known = known or value != "—"
        self.tiles.setVisible(known)
        self.no_figures_label.setVisible(not known)
        self.summary_label.setText(pm.narrative.summary.strip() or pm.narrative.what_happened.strip()
                                   or NOT_WRITTEN)
        impact = pm.narrative.impact.strip() or pm.restoration.affected_customers.strip()
        self.impact_label.setText(impact or NOT_WRITTEN)
        people = people_line(pm, labels)
        self.people_label.setText(people)
        self.people_heading.setVisible(bool(people))
        self.people_label.setVisible(bool(people))


class LessonsPage(QWidget):
    """What went well, wrong and lucky: three editable columns.

    Attributes:
        edits: narrative attribute (``went_well``, …) → its editor.
    """

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.edits: dict[str, PlainTextEdit] = {}
        for attr, title in LESSONS:
            column = QVBoxLayout()
            heading = _heading(title, self)
            heading.setWordWrap(True)
            edit = PlainTextEdit(self)
            edit.setAccessibleName(title)
            edit.setPlaceholderText("Type here…")
            heading.setBuddy(edit)
            PlainTextBinding(doc, edit, ("narrative", attr)).refresh()
            column.addWidget(heading)
            column.addWidget(edit, 1)
            layout.addLayout(column, 1)
            self.edits[attr] = edit
