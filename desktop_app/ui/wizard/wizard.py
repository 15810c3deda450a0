"""The wizard: the step list, one page per step, Back/Next and keyboard navigation."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.completeness import Step, all_steps
from desktop_app.ui.coach.navigation import focus_path
from desktop_app.ui.coach.panel import CoachPanel
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import mute
from desktop_app.ui.wizard.actions_page import ActionsPage
from desktop_app.ui.wizard.discussion_page import DiscussionPage
from desktop_app.ui.wizard.evidence_page import EvidencePage
from desktop_app.ui.wizard.findings_page import FindingsPage
from desktop_app.ui.wizard.page import WizardPage
from desktop_app.ui.wizard.restoration_page import RestorationPage
from desktop_app.ui.wizard.share_page import SharePage
from desktop_app.ui.wizard.stakeholders_page import StakeholdersPage
from desktop_app.ui.wizard.step_list import StepList


LEFT_SHARE = 290
"""The default width of the step list and review coach, out of 1,120 (the pages get the rest)."""


class _SharedSplitter(QSplitter):
    """A splitter that knows whether a saved state was put back (then its first show keeps it)."""

    restored = False

    def restoreState(self, state: QByteArray | bytes) -> bool:  # noqa: N802
        self.restored = super().restoreState(state)
        return self.restored


class _PageStack(QStackedWidget):
    """Asks for the room the page shown needs, not the widest page's (step 5's fishbone is wide), so
    the step list and review coach keep their share of the width on the other steps."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class WizardWidget(QWidget):
    """Seven pages over one ``PostmortemDocument``.

    Signals:
        step_changed(int): the visible step changed (1–7).
    """

    step_changed = Signal(int)

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setAccessibleName("Postmortem wizard")
        self.steps = StepList(self)
        self.restoration = RestorationPage(doc)
        self.evidence = EvidencePage(doc)
        self.stakeholders = StakeholdersPage(doc)
        self.discussion = DiscussionPage(doc)
        self.findings = FindingsPage(doc)
        self.actions = ActionsPage(doc)
        self.share = SharePage(doc)
        self.pages: list[WizardPage] = [
            self.restoration,
            self.evidence,
            self.stakeholders,
            self.discussion,
            self.findings,
            self.actions,
            self.share,
        ]
        self.stack = _PageStack(self)
        for page in self.pages:
            self.stack.addWidget(page)

        self.back_button = QPushButton("‹ Back")
        self.next_button = QPushButton("Next ›")
        self.back_button.setToolTip("Previous step (Ctrl+PgUp)")
        self.next_button.setToolTip("Next step (Ctrl+PgDown)")
        self.back_button.setAccessibleName("Previous step")
        self.next_button.setAccessibleName("Next step")
        self.position_label = QLabel()
        mute(self.position_label)
        nav = QHBoxLayout()
        nav.setContentsMargins(24, 6, 24, 12)
        nav.addWidget(self.position_label)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.stack, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right_layout.addWidget(line)
        right_layout.addLayout(nav)

        # The review coach sits under the step list.
        self.coach = CoachPanel(doc)
        self.coach.navigate_requested.connect(self.show_field)
        self.coach.reviewed.connect(self._show_problems)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.setChildrenCollapsible(False)
        self.left_splitter.addWidget(self.steps)
        self.left_splitter.addWidget(self.coach)
        self.left_splitter.setStretchFactor(0, 0)
        self.left_splitter.setStretchFactor(1, 1)
        # the step list as tall as its seven steps, the coach the rest
        rows = sum(self.steps.sizeHintForRow(r) for r in range(self.steps.count()))
        self.left_splitter.setSizes([rows + 2 * self.steps.frameWidth() + 4, 600])

        self.splitter = _SharedSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left_splitter)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # the step list and the coach get room for the coach's findings to read as sentences
        self.splitter.setSizes([LEFT_SHARE, 1120 - LEFT_SHARE])
        self._shared = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.steps.currentRowChanged.connect(self._show_row)
        self.back_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        doc.loaded.connect(self.update_completeness)
        doc.changed.connect(self.update_completeness)
        self.steps.setCurrentRow(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """On the first show, unless a saved layout was put back, give the step list and coach their
        share of the width as it is then (set before, it would be a share of a smaller widget)."""
        super().showEvent(event)
        if not self._shared:
            self._shared = True
            # after the splitter's own first layout, which would put its earlier sizes back
            QTimer.singleShot(0, self._share_width)

    def _share_width(self) -> None:
        total = sum(self.splitter.sizes())
        if not self.splitter.restored and total > 0:
            left = round(total * LEFT_SHARE / 1120)
            self.splitter.setSizes([left, total - left])

    @property
    def current_step(self) -> Step:
        return Step(self.stack.currentIndex() + 1)

    def go_to(self, step: Step | int) -> None:
        self.steps.setCurrentRow(int(step) - 1)

    def next_step(self) -> None:
        if self.stack.currentIndex() < len(self.pages) - 1:
            self.go_to(self.stack.currentIndex() + 2)

    def previous_step(self) -> None:
        if self.stack.currentIndex() > 0:
            self.go_to(self.stack.currentIndex())

    def show_field(self, step: Step | int, path: tuple, span: tuple[int, int] | None = None) -> None:
        """Show ``step`` and put the cursor in the field at ``path`` (best effort), selecting the
        ``span`` of its text when given (the blaming words a coach finding names)."""
        self.go_to(step)
        focus_path(self.page(step), path, span)

    def page(self, step: Step | int) -> WizardPage:
        return self.pages[int(step) - 1]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.stack.updateGeometry()  # the splitter makes room for this page's minimum width
        self.back_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(self.pages) - 1)
        self.position_label.setText(f"Step {row + 1} of {len(self.pages)}")
        self.step_changed.emit(row + 1)

    def _show_problems(self) -> None:
        report = self.coach.report
        counts = {page.step: len(report.problems_for(page.step)) if report is not None else 0 for page in self.pages}
        for page in self.pages:
            page.set_problems(counts[page.step])
        self.steps.set_problems(counts)

    def update_completeness(self) -> None:
        if not self.doc.is_loaded:
            return
        statuses = all_steps(self.doc.pm)
        self.steps.update_statuses(statuses)
        for page, status in zip(self.pages, statuses, strict=True):
            page.set_missing(status.missing)
