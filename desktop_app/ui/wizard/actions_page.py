"""Step 6 — Action items: specific, owned, dated follow-ups, each checked as it is typed.

The table's first column flags what ``action_checks.check_action`` finds in each item (the
hints as tool tip); the line under the table spells them out for the selected item. A status
change also sets ``status_changed_on`` (one undo step); due dates are typed in common formats
and an impossible one ("31/02") is refused with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.action_checks import ActionFinding, check_action, parse_due_date
from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus, Priority, new_id
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit, mute
from desktop_app.ui.wizard.list_editor import ChoiceDelegate, ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel, choice_label
from desktop_app.ui.wizard.page import WizardPage

Index = QModelIndex | QPersistentModelIndex

# A translucent amber reads as a gentle highlight on light and dark palettes alike.
MISSING_ACCENT = QColor(255, 176, 32, 56)
TITLE, OWNER, DUE, STATUS, PRIORITY = range(5)
#: Text columns whose check runs on every key press, not only when the cell is left.
LIVE_COLUMNS = (TITLE, OWNER)


def locale_day_first(locale: QLocale | None = None) -> bool:
    """Whether the locale writes the day before the month in short dates (``31/12`` vs ``12/31``)."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = fmt.find("d"), fmt.find("M")
    return day < 0 or month < 0 or day < month


def action_missing(item: ActionItem) -> list[str]:
    """What an action item still lacks (owner, due date): these rows are highlighted."""
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


def findings_text(findings: list[ActionFinding]) -> str:
    """Each finding with its hint, one per line (tool tips and the details line)."""
    return "\n".join(f"{f.message} {f.hint}" for f in findings)


class ActionItemsModel(EntityListModel):
    """The action items, with findings in the row header, live checks and the status date kept in step.

    The vertical header is the findings column: a warning icon and the count of findings, the
    hints as its tool tip. Rows missing an owner or a due date are highlighted.

    Signals:
        due_rejected(str): a typed due date was refused; the message says why.
        due_accepted(): a typed due date was taken.
    """

    due_rejected = Signal(str)
    due_accepted = Signal()

    def __init__(self, doc: PostmortemDocument, today: Callable[[], date], parent: QObject | None = None) -> None:
        self.today = today
        self.day_first = locale_day_first()
        super().__init__(
            doc,
            ("action_items",),
            [
                Column("Action", "title"),
                Column("Owner", "owner", width=150),
                Column("Due date", "due_date", display=lambda a: a.due_date.isoformat() if a.due_date else "",
                       parse=self._parse_due, width=104),
                Column("Status", "status", choices=list(ActionStatus), width=112),
                Column("Priority", "priority", choices=[None, *Priority], width=76),
            ],
            noun="action item",
            parent=parent,
        )
        self.row_tooltip = action_tooltip
        self.row_background = lambda a: MISSING_ACCENT if action_missing(a) else None
        self._warning: QIcon | None = None

    def findings(self, item: ActionItem) -> list[ActionFinding]:
        return check_action(item, today=self.today())

    def _parse_due(self, _item: Any, text: str) -> list[tuple[str, Any]]:
        try:
            due = parse_due_date(text, today=self.today(), day_first=self.day_first)
        except ValueError as error:
            self.due_rejected.emit(str(error))
            raise
        self.due_accepted.emit()
        return [("due_date", due)]

    def warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            found = self.findings(self.item(section))
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{len(found)}" if found else "✓"
            if role == Qt.ItemDataRole.DecorationRole:
                return self.warning_icon() if found else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return findings_text(found) or "Specific, owned and dated."
            if role == Qt.ItemDataRole.ForegroundRole and not found:
                return QColor(46, 160, 67)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
        return super().headerData(section, orientation, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.doc.is_loaded or role != Qt.ItemDataRole.EditRole:
            return super().setData(index, value, role)
        item = self.item(index.row())
        path = ("action_items", item.id)
        if index.column() == STATUS:
            status = ActionStatus(value)
            if status == item.status:
                return True
            self.doc.edit_many(
                [((*path, "status"), status), ((*path, "status_changed_on"), self.today())], text="Change status"
            )
            return True
        if index.column() in (TITLE, OWNER):
            attr = self.columns[index.column()].attr
            self.doc.edit((*path, attr), str(value), text=f"Edit {self.columns[index.column()].header.lower()}")
            return True
        return super().setData(index, value, role)


class ActionDelegate(ChoiceDelegate):
    """Commits the title and owner on every key press, so the checks follow the typing."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, LineEdit) and index.column() in LIVE_COLUMNS:
            editor.textEdited.connect(lambda _t, e=editor: self.commitData.emit(e))
        return editor


class ActionsPage(WizardPage):
    """Step 6 page: the action item table, its findings, and the selected item's details.

    Attributes:
        today: what "today" is for overdue checks and status dates (tests replace it).
    """

    step = Step.ACTION_ITEMS
    intro = (
        "Each follow-up should be specific and measurable, with one owner and a due date. "
        "Items that need work are highlighted; the first column says why."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.today: Callable[[], date] = date.today
        self.model = ActionItemsModel(doc, lambda: self.today(), parent=self)
        self.editor = ListEditor(self.model, ActionItem, name="Action items", movable=True, parent=self.body)
        self.view = self.editor.view
        self.view.setItemDelegate(ActionDelegate(self.view))
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        rows = self.view.verticalHeader()
        rows.setVisible(True)
        rows.setMinimumWidth(52)
        rows.setToolTip("Problems found in the item")
        self.model.dataChanged.connect(self._header_changed)
        self.duplicate_button = QPushButton("Duplicate", self.editor)
        self.duplicate_button.setAccessibleName("Duplicate action item")
        self.duplicate_button.setToolTip("Add a copy of the selected item below it")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        button_row = self.editor.layout().itemAt(1).layout()
        button_row.insertWidget(2, self.duplicate_button)

        self.due_message = QLabel(self.body)
        self.due_message.setTextFormat(Qt.TextFormat.PlainText)
        self.due_message.setAccessibleName("Due date problem")
        self.due_message.setStyleSheet("color: #c0392b;")
        self.due_message.hide()
        self.details = QLabel(self.body)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Selected action item")
        self.details.setMinimumHeight(self.details.fontMetrics().height() * 3)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        mute(self.details)
        self.form = self._build_form()
        lower = QVBoxLayout()
        lower.setSpacing(4)
        lower.addWidget(self.due_message)
        lower.addWidget(self.details)
        self.body_layout.setSpacing(8)
        self.body_layout.addWidget(self.editor, 1)
        self.body_layout.addLayout(lower)
        self.body_layout.addWidget(self.form)

        self.model.due_rejected.connect(self._show_due_problem)
        self.model.due_accepted.connect(self.due_message.hide)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        doc.changed.connect(self.update_details)
        doc.loaded.connect(self.update_details)
        self.update_details()

    # -- the selected item's other fields ------------------------------------------------------

    def _build_form(self) -> QGroupBox:
        box = QGroupBox("Selected item", self.body)
        self.kind_combo = QComboBox(box)
        self.kind_combo.setAccessibleName("Kind")
        for kind in ActionKind:
            self.kind_combo.addItem(choice_label(kind), kind)
        self.tracker_edit = LineEdit(box)
        self.tracker_edit.setAccessibleName("Tracker issue")
        self.tracker_edit.setPlaceholderText("e.g. OPS-1234 or a link")
        self.description_edit = PlainTextEdit(box)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText("How will we know it is done? What does it change?")
        self.description_edit.setFixedHeight(self.description_edit.fontMetrics().lineSpacing() * 3 + 14)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind_combo)
        tracker_label = QLabel("Tracker", box)
        tracker_label.setBuddy(self.tracker_edit)
        row.addSpacing(12)
        row.addWidget(tracker_label)
        row.addWidget(self.tracker_edit, 1)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Kind", row)
        form.addRow("Description", self.description_edit)
        self.kind_combo.activated.connect(lambda _i: self._push("kind", self.kind_combo.currentData()))
        self.tracker_edit.textEdited.connect(lambda text: self._push("tracker_ref", text))
        self.description_edit.textChanged.connect(
            lambda: self._push("description", self.description_edit.toPlainText())
        )
        self._loading = False
        self.doc.field_changed.connect(self._field_changed)
        return box

    def _push(self, attr: str, value: Any) -> None:
        item = self.selected_item()
        if item is None or self._loading:
            return
        self._loading = True
        try:
            self.doc.edit(("action_items", item.id, attr), value)
        finally:
            self._loading = False

    def _field_changed(self, path: tuple) -> None:
        item = self.selected_item()
        if not self._loading and item is not None and path[:2] == ("action_items", item.id):
            self._load_form()

    def _load_form(self) -> None:
        item = self.selected_item()
        self.form.setEnabled(item is not None)
        self._loading = True
        try:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(item.kind if item else ActionKind.OTHER)))
            if self.tracker_edit.text() != (item.tracker_ref if item else ""):
                self.tracker_edit.setText(item.tracker_ref if item else "")
            if self.description_edit.toPlainText() != (item.description if item else ""):
                self.description_edit.setPlainText(item.description if item else "")
        finally:
            self._loading = False

    # -- the selected item ------------------------------------------------------------------

    def selected_item(self) -> ActionItem | None:
        row = self.editor.current_row()
        return self.model.item(row) if row >= 0 else None

    def details_text(self) -> str:
        if not self.doc.is_loaded or self.model.rowCount() == 0:
            return "No action items yet. Add one for each change that would prevent, detect or mitigate a repeat."
        item = self.selected_item()
        if item is None:
            return "Select an action item to see what it still needs."
        row = self.editor.current_row() + 1
        findings = self.model.findings(item)
        head = f"Action item {row}"
        if item.status_changed_on is not None:
            head += f" · {item.status.label} since {item.status_changed_on.isoformat()}"
        if not findings:
            return f"{head}: ✓ Specific, owned and dated."
        return f"{head}:\n" + "\n".join(f"⚠ {f.message} {f.hint}" for f in findings)

    def update_details(self) -> None:
        self.details.setText(self.details_text())
        if self.selected_item() is None:
            self._load_form()

    def _selection_changed(self) -> None:
        self.due_message.hide()
        self.update_details()
        self._load_form()

    def _show_due_problem(self, message: str) -> None:
        self.due_message.setText(message)
        self.due_message.show()

    def _header_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Vertical, top_left.row(), bottom_right.row())

    def duplicate_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        row = self.editor.current_row() + 1
        self.model.add_row(item.model_copy(deep=True, update={"id": new_id()}), row)
        self.editor.select_row(row)
