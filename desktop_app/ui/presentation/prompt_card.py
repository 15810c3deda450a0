"""The rotating card of blameless facilitation prompts shown during the discussion items.

One line high (the canvas and the timeline below need the room): "Ask the room", the prompt,
and its place in the set; the keys that move on are in the tool tip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from desktop_app.domain.facilitation import BLAMELESS_PROMPTS, prompt_at
from desktop_app.ui.widgets.text_edits import plain_label

KEYS_TIP = "Ctrl+→ next prompt · Ctrl+← previous · B hides the prompts"


class PromptCard(QFrame):
    """One prompt at a time, with its place in the set.

    Attributes:
        index: which prompt is up (wraps around).
        prompt_label: the prompt's text; position_label: ``3 / 12``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.setToolTip(KEYS_TIP)
        self.index = 0
        self.caption = plain_label("Ask the room", self)
        self.caption.setProperty("muted", True)
        self.position_label = plain_label("", self)
        self.position_label.setProperty("muted", True)
        self.prompt_label = plain_label("", self)
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setAccessibleName("Blameless prompt")
        self.prompt_label.setToolTip(KEYS_TIP)
        layout = QHBoxLayout(self)
        layout.setSpacing(16)
        centre = Qt.AlignmentFlag.AlignVCenter
        layout.addWidget(self.caption, 0, centre)
        layout.addWidget(self.prompt_label, 1, centre)
        layout.addWidget(self.position_label, 0, centre)
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
