"""Step 6 — Action items: specific, owned, dated follow-ups; rows missing an owner or date stand out."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionItem, ActionStatus, Priority
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.wizard.list_editor import ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel
from desktop_app.ui.wizard.page import WizardPage

# A translucent amber reads as a gentle highlight on light and dark palettes alike.
MISSING_ACCENT = QColor(255, 176, 32, 56)


def action_missing(item: ActionItem) -> list[str]:
    """What an action item still lacks (owner, due date)."""
    missing = []
    if not item.owner.strip():
        missing.append("an owner")
    if item.due_date is None:
        missing.append("a due date")
    return missing


def action_tooltip(item: ActionItem) -> str:
    missing = action_missing(item)
    lines = []
    if missing:
        lines.append("Missing " + " and ".join(missing) + ".")
    if item.due_text and item.due_date is None:
        lines.append(f"Due as written: {item.due_text}")
    return "\n".join(lines)


def parse_due(_item: Any, text: str) -> list[tuple[str, Any]]:
    """``YYYY-MM-DD`` or empty (no due date); anything else is refused."""
    text = text.strip()
    if not text:
        return [("due_date", None)]
    return [("due_date", date.fromisoformat(text))]


class ActionsPage(WizardPage):
    """Step 6 page: the action item table."""

    step = Step.ACTION_ITEMS
    intro = (
        "Each follow-up should be specific and measurable, with one owner and a due date. "
        "Highlighted rows still miss an owner or a due date."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.model = EntityListModel(
            doc,
            ("action_items",),
            [
                Column("Action", "title"),
                Column("Owner", "owner", width=150),
                Column(
                    "Due date",
                    "due_date",
                    display=lambda a: a.due_date.isoformat() if a.due_date else "",
                    parse=parse_due,
                    width=110,
                ),
                Column("Status", "status", choices=list(ActionStatus), width=120),
                Column("Priority", "priority", choices=[None, *Priority], width=80),
            ],
            noun="action item",
            parent=self,
        )
        self.model.row_tooltip = action_tooltip
        self.model.row_background = lambda a: MISSING_ACCENT if action_missing(a) else None
        self.editor = ListEditor(self.model, ActionItem, name="Action items", movable=True, parent=self.body)
        self.body_layout.addWidget(self.editor, 1)
