"""Asking why a coach finding is dismissed (a class method that tests replace)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.coach import Finding
from desktop_app.ui.widgets.text_edits import PlainTextEdit, plain_label


class DismissDialog(QDialog):
    """A small dialog: the finding, and a text box for the reason."""

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dismiss finding")
        self.setAccessibleName("Dismiss finding")
        message = plain_label(finding.message, self)
        message.setWordWrap(True)
        prompt = QLabel("Why does this not apply? The reason is kept with the postmortem.", self)
        prompt.setWordWrap(True)
        self.reason_edit = PlainTextEdit(self)
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setPlaceholderText("For example: a quotation from the chat log, not our words.")
        self.reason_edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Dismiss")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)
        self.resize(440, 240)

    @classmethod
    def ask_reason(cls, parent: QWidget | None, finding: Finding) -> str | None:
        """The reason typed (possibly empty), or ``None`` when cancelled."""
        dialog = cls(finding, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_edit.toPlainText().strip()
