"""The fishbone editor's problem statement while presenting.

At the desk an empty problem statement shows the postmortem's title in grey as a suggestion;
in the room that read as if the problem had been written. While presenting, an empty one says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

NO_EFFECT = "No problem statement yet"


def mark_empty_effect(editor: QWidget | None) -> None:
    """Show ``NO_EFFECT`` in the editor's empty problem statement (the editor resets it on load and
    on a title change, so this runs after those)."""
    edit = getattr(editor, "effect_edit", None)
    if isinstance(edit, QLineEdit) and edit.placeholderText() != NO_EFFECT:
        edit.setPlaceholderText(NO_EFFECT)
