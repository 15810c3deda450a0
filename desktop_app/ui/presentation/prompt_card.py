"""The rotating card of blameless facilitation prompts shown during the discussion items."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.domain.facilitation import BLAMELESS_PROMPTS, prompt_at
from desktop_app.ui.widgets.text_edits import plain_label


class PromptCard(QFrame):
    """One prompt at a time, with its place in the set and the keys that move on.

    Attributes:
        index: which prompt is up (wraps around).
        prompt_label: the prompt's text; position_label: ``3 / 12``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.index = 0
        caption = plain_label("Ask the room", self)
        caption.setProperty("muted", True)
        self.position_label = plain_label("", self)
        self.position_label.setProperty("muted", True)
        self.prompt_label = plain_label("", self)
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setAccessibleName("Blameless prompt")
        keys = plain_label("Ctrl+→ next · Ctrl+← previous · B hides", self)
        keys.setProperty("muted", True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(caption)
        top.addStretch(1)
        top.addWidget(self.position_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prompt_label)
        layout.addWidget(keys, 0, Qt.AlignmentFlag.AlignRight)
        self.show_prompt(0)

    @property
    def text(self) -> str:
        return self.prompt_label.text()

    def show_prompt(self, index: int) -> None:
        self.index = index % len(BLAMELESS_PROMPTS)
        self.prompt_label.setText(prompt_at(self.index))
        self.position_label.setText(f"{self.index + 1} / {len(BLAMELESS_PROMPTS)}")

    def step(self, by: int) -> None:
        self.show_prompt(self.index + by)
