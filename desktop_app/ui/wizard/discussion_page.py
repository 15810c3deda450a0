"""Step 4 — Blameless discussion: notes guided by prompts, and the open questions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.completeness import Step
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import PlainTextEdit
from desktop_app.ui.wizard.bindings import LinesBinding, PlainTextBinding
from desktop_app.ui.wizard.page import WizardPage

BLAMELESS_PROMPTS = (
    "What allowed this to happen?",
    "How can we make this safer?",
    "What did the people involved know at the time?",
    "What made sense to do in the moment, and why?",
    "Which signals were there, and why were they hard to see?",
    "Where did our tools or processes make the right action hard?",
    "What helped us recover faster than it could have been?",
    "What would we need to notice this sooner next time?",
)


class DiscussionPage(WizardPage):
    """Step 4 page."""

    step = Step.DISCUSSION
    intro = (
        "Talk about systems and decisions, not people: ask what allowed it to happen "
        "and how to make it safer."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.body)
        splitter.setChildrenCollapsible(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        notes_label = QLabel("&Discussion notes")
        self.notes_edit = PlainTextEdit()
        self.notes_edit.setAccessibleName("Discussion notes")
        self.notes_edit.setPlaceholderText("What was said in the review, in the order it came up…")
        notes_label.setBuddy(self.notes_edit)
        PlainTextBinding(doc, self.notes_edit, ("discussion_notes",))
        questions_label = QLabel("&Open questions (one per line)")
        self.questions_edit = PlainTextEdit()
        self.questions_edit.setAccessibleName("Open questions")
        self.questions_edit.setPlaceholderText("Questions nobody could answer yet")
        self.questions_edit.setMaximumHeight(140)
        questions_label.setBuddy(self.questions_edit)
        LinesBinding(doc, self.questions_edit, ("open_questions",))
        left_layout.addWidget(notes_label)
        left_layout.addWidget(self.notes_edit, 1)
        left_layout.addWidget(questions_label)
        left_layout.addWidget(self.questions_edit)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        prompts_label = QLabel("Blameless &prompts")
        self.prompts = QListWidget()
        self.prompts.setAccessibleName("Blameless prompts")
        self.prompts.setWordWrap(True)
        # wrap, never cut ("…make the right actio…"): heights follow the list's width
        self.prompts.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.prompts.setResizeMode(QListView.ResizeMode.Adjust)
        self.prompts.setUniformItemSizes(False)
        self.prompts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.prompts.setSpacing(5)
        self.prompts.addItems(BLAMELESS_PROMPTS)
        self.prompts.setCurrentRow(0)
        prompts_label.setBuddy(self.prompts)
        self.insert_button = QPushButton("Insert into notes")
        self.insert_button.setToolTip("Add the selected prompt to the notes as a heading to answer")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.insert_button)
        right_layout.addWidget(prompts_label)
        right_layout.addWidget(self.prompts, 1)
        right_layout.addLayout(buttons)

        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.body_layout.addWidget(splitter, 1)

        self.insert_button.clicked.connect(self.insert_prompt)
        self.prompts.itemDoubleClicked.connect(lambda _item: self.insert_prompt())

    def insert_prompt(self) -> None:
        item = self.prompts.currentItem()
        if item is None or not self.doc.is_loaded:
            return
        text = self.notes_edit.toPlainText()
        prefix = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        cursor = self.notes_edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(f"{prefix}{item.text()}\n")
        self.notes_edit.setTextCursor(cursor)
        self.notes_edit.setFocus()
