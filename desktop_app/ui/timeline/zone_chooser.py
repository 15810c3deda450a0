"""``ZoneChooser``: the editable list of zones the timeline is shown in (a view setting).

The first entries are the postmortem's own zone, UTC and this computer's zone, then every
IANA name (typing completes). Only known names are applied; the choice is remembered in
``QSettings`` for the app (not per postmortem): ``postmortem`` (follow each postmortem's
zone, the default), ``local`` or an IANA name.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QStyle, QStyleOptionComboBox, QWidget

from desktop_app.domain.zones import check_zone, zone_label

SETTINGS_KEY = "timeline/display-zone"
TEXT_MARGIN = 8
"""The line edit's own margins around its text (2 px each side) and its cursor, with room to spare."""
POSTMORTEM = "postmortem"
LOCAL = "local"


def local_zone_name() -> str:
    """This computer's IANA zone name, or ``UTC`` when it cannot be told."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        return check_zone(name)
    except ValueError:
        return "UTC"


class ZoneChooser(QComboBox):
    """Chooses the display zone. ``choice`` is ``postmortem``, ``local`` or an IANA name.

    Signals:
        choice_changed(str): a valid choice was made (by the user or ``set_choice``).
    """

    choice_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Show times in")
        self.setToolTip("The time zone the timeline is shown and typed in. Changes nothing stored.")
        self.setMaxVisibleItems(16)
        # Narrow in the filter row (step 5 must fit a 1400-px window beside the library): its minimum
        # is 22 characters, its preferred width fits the current choice (see sizeHint); the list that
        # drops down is as wide as its longest zone name.
        self.setMinimumContentsLength(22)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view().setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 30))
        self._postmortem_zone = "UTC"
        self._choice = POSTMORTEM
        self.addItem("", POSTMORTEM)
        self.addItem("UTC", "UTC")
        self.addItem(f"Local — {local_zone_name()}", LOCAL)
        self.insertSeparator(self.count())
        for name in sorted(available_timezones()):
            self.addItem(name, name)
        self._label_postmortem()
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.activated.connect(self._activated)
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._typed)

    @property
    def choice(self) -> str:
        return self._choice

    def zone_name(self) -> str:
        """The IANA zone the current choice means."""
        if self._choice == POSTMORTEM:
            return self._postmortem_zone
        if self._choice == LOCAL:
            return local_zone_name()
        return self._choice

    def set_postmortem_zone(self, name: str) -> None:
        self._postmortem_zone = name
        self._label_postmortem()
        if self._choice == POSTMORTEM:
            self._show_choice()

    def _label_postmortem(self) -> None:
        self.setItemText(0, f"Postmortem — {zone_label(self._postmortem_zone)}")

    def set_choice(self, choice: str) -> bool:
        """Choose ``postmortem``, ``local`` or an IANA name; False (nothing changes) for an unknown name."""
        if choice not in (POSTMORTEM, LOCAL):
            try:
                choice = check_zone(choice)
            except ValueError:
                self._show_choice()
                return False
        changed = choice != self._choice
        self._choice = choice
        self._show_choice()
        if changed:
            self.choice_changed.emit(choice)
        return True

    def sizeHint(self) -> QSize:  # noqa: N802
        """Wide enough for the current choice's whole text (``Postmortem — America/New_York``)."""
        hint = super().sizeHint()
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = QSize(self.fontMetrics().horizontalAdvance(self.currentText()) + TEXT_MARGIN, hint.height())
        needed = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, self)
        return QSize(max(hint.width(), needed.width()), hint.height())

    def _show_choice(self) -> None:
        index = self.findData(self._choice)
        self.blockSignals(True)
        if index >= 0:
            self.setCurrentIndex(index)
            self.setEditText(self.itemText(index))
        self.blockSignals(False)
        line = self.lineEdit()
        if line is not None:  # the text from its start: a narrow field cuts the end, never the beginning
            line.setCursorPosition(0)
        self.updateGeometry()

    def _activated(self, index: int) -> None:
        data = self.itemData(index)
        if data:
            self.set_choice(str(data))

    def _typed(self) -> None:
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0 and self.itemData(index):
            self.set_choice(str(self.itemData(index)))
        else:
            self.set_choice(text)


def load_choice(settings: QSettings) -> str:
    value = settings.value(SETTINGS_KEY, POSTMORTEM)
    return str(value) if value else POSTMORTEM


def save_choice(settings: QSettings, choice: str) -> None:
    settings.setValue(SETTINGS_KEY, choice)
