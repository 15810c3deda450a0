"""The frame every wizard page shares: heading, a line of guidance, what is missing, a body."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.completeness import Step
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import mute


class WizardPage(QWidget):
    """One step's page. Subclasses fill ``self.body_layout``.

    Attributes:
        step: the step this page edits.
        doc: the open document.
    """

    step: Step = Step.RESTORATION
    intro: str = ""

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None, *, scroll: bool = True) -> None:
        super().__init__(parent)
        self.doc = doc
        self._forms: list[QFormLayout] = []
        self.setAccessibleName(f"{self.step.title} page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(4)
        self.heading = QLabel(f"{int(self.step)}. {self.step.title}", self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.intro_label = QLabel(self.intro, self)
        self.intro_label.setWordWrap(True)
        self.missing_label = QLabel(self)
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setWordWrap(True)
        self.missing_label.setAccessibleName("What is missing")
        mute(self.missing_label)
        outer.addWidget(self.heading)
        outer.addWidget(self.intro_label)
        outer.addWidget(self.missing_label)
        outer.addSpacing(10)

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setSpacing(14)
        if scroll:
            self.body_layout.setContentsMargins(0, 0, 12, 12)
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field; they scroll into view
            area.setWidget(self.body)
            outer.addWidget(area, 1)
        else:
            self.body_layout.setContentsMargins(0, 0, 0, 0)
            outer.addWidget(self.body, 1)

    def set_missing(self, missing: tuple[str, ...]) -> None:
        self._missing = missing
        self._show_missing()

    def set_problems(self, count: int) -> None:
        """How many coach findings about quality (blaming words, vague items…) this step has."""
        self._problems = count
        self._show_missing()

    def _show_missing(self) -> None:
        missing, problems = getattr(self, "_missing", ()), getattr(self, "_problems", 0)
        findings = f"{problems} review coach finding{'s' if problems != 1 else ''}"
        if missing:
            text = "Still missing: " + ", ".join(missing)
            self.missing_label.setText(text + (f" · and {findings} to look at" if problems else ""))
        elif problems:
            self.missing_label.setText(f"Every field is filled in, but there {'are' if problems != 1 else 'is'} "
                                       f"{findings} to look at.")
        else:
            self.missing_label.setText("✓ This step is complete.")

    # -- layout helpers --------------------------------------------------------------------

    def add_group(self, title: str) -> QFormLayout:
        """A titled group holding a form; returns the form layout."""
        group = QGroupBox(title, self.body)
        form = new_form(group)
        self.body_layout.addWidget(group)
        self._forms.append(form)
        return form

    def align_labels(self) -> None:
        """Give the label column of every group the same width, so fields line up across groups."""
        labels = [
            item.widget()
            for form in self._forms
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget()
        ]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)
            if isinstance(label, QLabel):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def new_form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(8)
    return form
