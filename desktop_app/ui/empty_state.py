"""What the right side shows when no postmortem is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.formats.resources_path import resources_dir
from desktop_app.ui.widgets.text_edits import mute

ICON_SIZE = 96
MESSAGE_CHARS = 66
"""The message wraps at about this many characters (a readable line), centred."""
READ_ONLY_MESSAGE = (
    "Pick one from the library to read, present or export it. This database is read-only: "
    "nothing can be added or changed."
)
READ_ONLY_EMPTY_MESSAGE = (
    "This database is read-only and holds no postmortems. To write a review, open a database "
    "that can be changed."
)


class EmptyState(QWidget):
    """A friendly message with the ways to start.

    Signals:
        new_requested, import_requested, sample_requested: the buttons were pressed.
    """

    new_requested = Signal()
    import_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Getting started")
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon = QIcon(str(resources_dir() / "icons" / "hindsight.svg"))
        self.icon.setPixmap(icon.pixmap(ICON_SIZE, ICON_SIZE))
        self.icon.setAccessibleName("Hindsight")
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mute(self.message)
        self.new_button = QPushButton("New postmortem")
        self.new_button.setDefault(True)
        self.import_button = QPushButton("Import a postmortem…")
        self.import_button.setToolTip("Markdown or Hindsight JSON")
        self.sample_button = QPushButton("Open the sample postmortem")
        self.sample_button.setToolTip("Add a finished example review to the library and open it")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        # The message wraps at a readable measure, however wide the window.
        self.message.setMaximumWidth(self.message.fontMetrics().averageCharWidth() * MESSAGE_CHARS)
        message_row = QHBoxLayout()
        message_row.addStretch(1)
        message_row.addWidget(self.message, 100)
        message_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.icon)
        layout.addSpacing(14)
        layout.addWidget(self.heading)
        layout.addSpacing(6)
        layout.addLayout(message_row)
        layout.addSpacing(18)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.new_button.clicked.connect(self.new_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self._read_only = False
        self._empty = True
        self.set_library_empty(True)

    def set_read_only(self, reason: str) -> None:
        """A database that cannot be changed: the buttons that would add to it are off, saying why,
        and the message offers only what can be done (reading, presenting, exporting)."""
        self._read_only = True
        for button in (self.new_button, self.import_button, self.sample_button):
            button.setEnabled(False)
            button.setToolTip(f"{reason}: nothing can be added to it.")
        self.set_library_empty(self._empty)

    def set_library_empty(self, empty: bool) -> None:
        self._empty = empty
        read_only = self._read_only
        self.sample_button.setVisible(empty)
        if empty:
            self.heading.setText("No postmortems yet")
            self.message.setText(READ_ONLY_EMPTY_MESSAGE if read_only else (
                "Start a blameless review of an incident, or import a write-up you already have "
                "(Markdown or Hindsight JSON). New to blameless reviews? Open the sample postmortem "
                "to see a finished one."
            ))
        else:
            self.heading.setText("No postmortem open")
            self.message.setText(READ_ONLY_MESSAGE if read_only else "Pick one from the library, or start a new review.")
