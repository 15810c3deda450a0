"""The main area's pages that are not reused editors: context and impact, and the lessons.

``ContextPage`` shows (read-only, in large type) what the room needs first: the summary, the
impact and the key figures from ``domain/metrics.py``. It never scrolls sideways: the texts wrap
to the width there is and the figure tiles wrap onto more rows. ``LessonsPage`` shows what went
well, wrong and lucky side by side, their Markdown rendered; clicking a column (or tabbing into
it) edits it in place, each keystroke an undoable document edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.metrics import format_span, incident_metrics
from desktop_app.domain.models import Postmortem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.presentation.markdown_text import markdown_html
from desktop_app.ui.presentation.name_labels import NameLabels
from desktop_app.ui.widgets.text_edits import PlainTextEdit, plain_label
from desktop_app.ui.wizard.bindings import PlainTextBinding

UNTITLED = "Untitled postmortem"
NOT_WRITTEN = "Not written yet."
NO_FIGURES = "No key times yet: mark key moments on the timeline (Alt+1 … Alt+5) to see the figures."
EMPTY_LESSON = "Nothing yet: click to write."

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


def _markdown(parent: QWidget) -> QLabel:
    """A label showing Markdown (bullets, ``code``, **bold**) as formatting, anything else literally."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _heading(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setObjectName("sectionHeading")
    return label


class ContextPage(QScrollArea):
    """Context and impact, read-only and large; it wraps to the width there is (no sideways scrolling).

    Attributes:
        title_label, facts_label, summary_label, impact_label, people_label: the texts shown
        (summary and impact as rendered Markdown, ``summary_text`` / ``impact_text`` their source).
        figure_labels: caption → the label showing its value; tile_frames: the tiles in order;
        tile_columns: how many tiles one row holds now.
    """

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("contextBody")
        self.title_label = _text(body)
        self.title_label.setObjectName("pmTitle")
        self.facts_label = _text(body)
        self.facts_label.setProperty("muted", True)
        self.tiles = QWidget(body)
        self.tile_grid = QGridLayout(self.tiles)
        self.tile_grid.setContentsMargins(0, 0, 0, 0)
        self.tile_grid.setSpacing(12)
        self.tile_columns = 0
        self.figure_labels: dict[str, QLabel] = {}
        self.tile_frames: list[QFrame] = []
        for caption, _value in figures(Postmortem()):
            tile = QFrame(self.tiles)
            tile.setObjectName("tile")
            tile_layout = QVBoxLayout(tile)
            value_label = plain_label("—", tile)
            value_label.setObjectName("figure")
            caption_label = plain_label(caption, tile)
            caption_label.setProperty("muted", True)
            tile_layout.addWidget(value_label)
            tile_layout.addWidget(caption_label)
            self.tile_frames.append(tile)
            self.figure_labels[caption] = value_label
        self._place_tiles(len(self.tile_frames))
        self.no_figures_label = _text(body)
        self.no_figures_label.setProperty("muted", True)
        self.no_figures_label.setText(NO_FIGURES)
        self.summary_label = _markdown(body)
        self.impact_label = _markdown(body)
        self.summary_text = ""
        self.impact_text = ""
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
        for label in body.findChildren(QLabel):
            label.setMinimumWidth(1)  # long words wrap anywhere rather than widen the page
        self.tiles.installEventFilter(self)

    # -- tiles -----------------------------------------------------------------------------------

    def _place_tiles(self, columns: int) -> None:
        if columns == self.tile_columns:
            return
        self.tile_columns = columns
        for tile in self.tile_frames:
            self.tile_grid.removeWidget(tile)
        for i, tile in enumerate(self.tile_frames):
            self.tile_grid.addWidget(tile, i // columns, i % columns)
        for column in range(len(self.tile_frames)):
            self.tile_grid.setColumnStretch(column, 0)

    def fit_tiles(self, width: int | None = None) -> None:
        """As many tiles on a row as fit ``width`` (the page's width by default), the rest below."""
        if width is None:
            width = self.viewport().width() - 12
        spacing = self.tile_grid.horizontalSpacing()
        widest = max(tile.sizeHint().width() for tile in self.tile_frames)
        count = len(self.tile_frames)
        columns = max(1, min(count, (width + spacing) // max(1, widest + spacing)))
        rows = -(-count // columns)
        self._place_tiles(-(-count // rows))  # balanced rows: 2 + 2 rather than 3 + 1

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.fit_tiles(event.size().width() - 12 - (self.verticalScrollBar().width()
                                                     if self.verticalScrollBar().isVisible() else 0))
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.tiles and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                                                      QEvent.Type.LayoutRequest):
            self.fit_tiles()
        return False

    # -- content -------------------------------------------------------------------------------

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
        self.summary_text = (pm.narrative.summary.strip() or pm.narrative.what_happened.strip()
                             or NOT_WRITTEN)
        self.summary_label.setText(markdown_html(self.summary_text))
        self.impact_text = pm.narrative.impact.strip() or pm.restoration.affected_customers.strip() or NOT_WRITTEN
        self.impact_label.setText(markdown_html(self.impact_text))
        people = people_line(pm, labels)
        self.people_label.setText(people)
        self.people_heading.setVisible(bool(people))
        self.people_label.setVisible(bool(people))


class RenderedLesson(QTextBrowser):
    """One lesson column's Markdown, rendered; a click, Enter or focus asks to edit it.

    Signals:
        edit_requested(): the user wants to type here.
    """

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.source_text = ""

    def show_markdown(self, text: str) -> None:
        self.source_text = text
        empty = not text.strip()
        if self.property("empty") != empty:
            self.setProperty("empty", empty)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setHtml(markdown_html(EMPTY_LESSON if empty else text))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.edit_requested.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.edit_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.edit_requested.emit()
            return
        super().keyPressEvent(event)


class LessonsPage(QWidget):
    """What went well, wrong and lucky: three columns, rendered until one is edited.

    Attributes:
        edits: narrative attribute (``went_well``, …) → its editor.
        views: narrative attribute → its rendered Markdown.
        stacks: narrative attribute → the stack showing one of the two.
    """

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.edits: dict[str, PlainTextEdit] = {}
        self.views: dict[str, RenderedLesson] = {}
        self.stacks: dict[str, QStackedWidget] = {}
        for attr, title in LESSONS:
            column = QVBoxLayout()
            heading = _heading(title, self)
            heading.setWordWrap(True)
            stack = QStackedWidget(self)
            view = RenderedLesson(stack)
            view.setAccessibleName(title)
            edit = PlainTextEdit(stack)
            edit.setAccessibleName(f"{title} (editing)")
            edit.setPlaceholderText("Type here…")
            heading.setBuddy(view)
            stack.addWidget(view)
            stack.addWidget(edit)
            PlainTextBinding(doc, edit, ("narrative", attr)).refresh()
            view.show_markdown(edit.toPlainText())
            edit.textChanged.connect(lambda v=view, e=edit: v.show_markdown(e.toPlainText()))
            view.edit_requested.connect(lambda a=attr: self.edit(a))
            edit.installEventFilter(self)
            column.addWidget(heading)
            column.addWidget(stack, 1)
            layout.addLayout(column, 1)
            self.edits[attr] = edit
            self.views[attr] = view
            self.stacks[attr] = stack

    def editing(self, attr: str) -> bool:
        return self.stacks[attr].currentWidget() is self.edits[attr]

    def edit(self, attr: str) -> None:
        """Show ``attr``'s editor (the cursor at the end) instead of its rendered text."""
        edit = self.edits[attr]
        self.stacks[attr].setCurrentWidget(edit)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.moveCursor(edit.textCursor().MoveOperation.End)

    def show_rendered(self, attr: str) -> None:
        self.stacks[attr].setCurrentWidget(self.views[attr])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
                for attr, edit in self.edits.items():
                    if watched is edit:
                        self.show_rendered(attr)
        return False
