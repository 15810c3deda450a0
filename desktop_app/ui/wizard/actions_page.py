"""Step 6 — Action items: specific, owned, dated follow-ups, each checked as it is typed.

The table's row header flags what ``action_checks.check_action`` finds in each item ("⚠ 2
issues" or "✓", the findings as tool tip); the line under the table spells them out for the
selected item. A due date imported as words only ("Q3") shows in the Due cell, muted and in
italics, until a real date is picked. A status
change also sets ``status_changed_on`` (one undo step); due dates are typed in common formats
(an impossible one, "31/02", is refused with a message, and the cell reopens on the refused text)
or picked from a calendar, in the cell (button or Alt+Down) and in the form; both go through the
same undoable edit. Text that is not ISO ("12/3", "3 Dec", "friday") says how it was read ("Read
as Fri 12 Mar 2027.") under the Due field, and in the status bar when typed in the cell.

Under the table, the selected item's kind, due date, tracker key and description, and the
fishbone causes it addresses (a check list kept in step with step 5: a deleted cause
disappears). Ctrl+D duplicates, Delete removes, Alt+Up / Alt+Down move, Insert adds; all undo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.action_checks import ActionFinding, check_action, due_reading, is_blank, parse_due_date
from desktop_app.domain.completeness import Step
from desktop_app.domain.models import ActionItem, ActionKind, ActionStatus, Cause, CauseKind, Priority, new_id
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.date_picker import DueDateEdit
from desktop_app.ui.widgets.links import Links, tracker_link
from desktop_app.ui.widgets.text_edits import REFUSAL_TIP_MS, LineEdit, PlainTextEdit, mute
from desktop_app.ui.widgets.text_edits import _refuse as show_refusal  # a refused paste's tip, reused
from desktop_app.ui.wizard.list_editor import ChoiceDelegate, ListEditor
from desktop_app.ui.wizard.list_model import Column, EntityListModel, choice_label
from desktop_app.ui.wizard.page import WizardPage

Index = QModelIndex | QPersistentModelIndex

# A translucent amber reads as a gentle highlight on light and dark palettes alike.
MISSING_ACCENT = QColor(255, 176, 32, 56)
#: The due date of an open item that is past it.
OVERDUE_TEXT = QColor(192, 57, 43)
TITLE, OWNER, DUE, STATUS, PRIORITY, CAUSES = range(6)
COLUMN_TIPS = {
    DUE: "Type a date (2024-05-31, 31/05/2024, 31 May, friday, in 2 weeks) or press Alt+Down for a calendar",
    CAUSES: "How many fishbone causes the item addresses (tick them under Selected item)",
}
#: Lines a long title wraps to in the table before it is cut.
TITLE_LINES = 3
#: Text columns whose check runs on every key press, not only when the cell is left.
LIVE_COLUMNS = (TITLE, OWNER)
#: The widest an Owner or Due cell is fitted to its text; the Action column takes the rest.
FIT_LIMITS = {OWNER: 200, DUE: 180}
#: Room beside a cell's text for its margins, and for the drop-down arrow or calendar button of its editor.
CELL_MARGIN, EDITOR_BUTTON = 16, 22
#: Lines of the cause check list (a long cause wraps instead of being cut).
CAUSE_LINES = 9
#: Why a typed due date was refused reads as an error; how one was read is muted.
DUE_ERROR_STYLE = "color: #c0392b;"


def locale_day_first(locale: QLocale | None = None) -> bool:
    """Whether the locale writes the day before the month in short dates (``31/12`` vs ``12/31``)."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = fmt.find("d"), fmt.find("M")
    return day < 0 or month < 0 or day < month


def action_missing(item: ActionItem) -> list[str]:
    """What an action item still lacks (title, owner, due date): these rows are highlighted.

    A done or won't-do item needs no owner or due date any more (only its title still counts).
    """
    missing = []
    if is_blank(item.title):
        missing.append("a title")
    if item.status.is_closed:
        return missing
    if is_blank(item.owner):
        missing.append("an owner")
    if item.due_date is None:
        missing.append("a due date")
    return missing


def action_tooltip(item: ActionItem) -> str:
    missing = action_missing(item)
    lines = []
    if missing:
        lines.append("Missing " + (", ".join(missing[:-1]) + " and " if len(missing) > 1 else "") + missing[-1] + ".")
    if item.due_text and item.due_date is None:
        lines.append(f"Due as written: {item.due_text}")
    return "\n".join(lines)


def cause_depths(causes: list[Cause]) -> dict[str, int]:
    """How deep each cause sits under others on the fishbone (0 on a bone); cycles count as 0."""
    parents = {c.id: c.parent_id for c in causes}
    depths: dict[str, int] = {}
    for cause in causes:
        depth, seen, parent = 0, {cause.id}, cause.parent_id
        while parent in parents and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = parents[parent]
        depths[cause.id] = depth
    return depths


def cause_label(cause: Cause) -> str:
    """A cause as the link list shows it: its text (or a placeholder), root causes marked."""
    text = " ".join(cause.text.split()) or "(cause without text)"
    return f"Root cause: {text}" if cause.kind is CauseKind.ROOT_CAUSE else text


def linked_causes(item: ActionItem, causes: list[Cause]) -> list[Cause]:
    """The causes ``item`` addresses, in the fishbone's order (links to deleted causes are skipped)."""
    wanted = set(item.cause_ids)
    return [c for c in causes if c.id in wanted]


def issues_label(count: int) -> str:
    """The row header of an item with ``count`` findings: "1 issue", "2 issues", or "✓"."""
    if count == 0:
        return "✓"
    return f"{count} issue" if count == 1 else f"{count} issues"


def written_due(item: ActionItem) -> str:
    """The due date as the source wrote it ("Q3"), when it is not a date; else empty."""
    return " ".join(item.due_text.split()) if item.due_date is None else ""


def muted_text_color() -> QColor:
    """Secondary text: the palette's text colour mixed toward the base (light and dark themes)."""
    palette = QApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor(*(round(a * 0.6 + b * 0.4) for a, b in zip(text.getRgb()[:3], base.getRgb()[:3], strict=True)))


def findings_text(findings: list[ActionFinding]) -> str:
    """Each finding with its hint, one per line (tool tips and the details line)."""
    return "\n".join(f"{f.message} {f.hint}" for f in findings)


class ActionItemsModel(EntityListModel):
    """The action items, with findings in the row header, live checks and the status date kept in step.

    The vertical header is the findings column: a warning icon and "2 issues" (so it does not
    read as a row number), or a green "✓"; the findings with their hints as its tool tip.
    Rows missing an owner or a due date are highlighted.

    Signals:
        due_rejected(str): a typed due date was refused; the message says why.
        due_accepted(str, object): a typed due date was taken: the text and the date (or ``None``).
    """

    due_rejected = Signal(str)
    due_accepted = Signal(str, object)

    def __init__(self, doc: PostmortemDocument, today: Callable[[], date], parent: QObject | None = None) -> None:
        self.today = today
        self.day_first = locale_day_first()
        super().__init__(
            doc,
            ("action_items",),
            [
                Column("Action", "title"),
                Column("Owner", "owner", width=136),
                Column("Due date", "due_date", display=lambda a: a.due_date.isoformat() if a.due_date else "",
                       parse=self._parse_due, width=100),
                Column("Status", "status", choices=list(ActionStatus), width=104),
                Column("Priority", "priority", choices=[None, *Priority], width=66),
                Column("Causes", "cause_ids", display=self._causes_shown, tooltip=self._causes_tooltip, width=64,
                       editable=False),
            ],
            noun="action item",
            parent=parent,
        )
        self.row_tooltip = action_tooltip
        self.row_background = lambda a: MISSING_ACCENT if action_missing(a) else None
        self._warning: QIcon | None = None

    def findings(self, item: ActionItem) -> list[ActionFinding]:
        return check_action(item, today=self.today())

    def _causes(self) -> list[Cause]:
        return self.doc.pm.causes if self.doc.is_loaded else []

    def _causes_shown(self, item: ActionItem) -> str:
        count = len(linked_causes(item, self._causes()))
        return str(count) if count else ""

    def _causes_tooltip(self, item: ActionItem) -> str:
        linked = linked_causes(item, self._causes())
        if not linked:
            return "Addresses no cause yet: tick the causes it addresses under Selected item."
        return "Addresses:\n" + "\n".join(f"• {cause_label(c)}" for c in linked)

    def is_overdue(self, item: ActionItem) -> bool:
        return item.due_date is not None and item.due_date < self.today() and not item.status.is_closed

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() in (CAUSES, PRIORITY) and role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if index.isValid() and index.column() == DUE:
            item = self.item(index.row())
            written = written_due(item)
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE_TEXT if self.is_overdue(item) else muted_text_color() if written else None
            if written and role == Qt.ItemDataRole.DisplayRole:
                return written
            if written and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if written and role == Qt.ItemDataRole.ToolTipRole:
                return f"Not a date: “{written}” — pick a date to make it trackable"
        return super().data(index, role)

    def _parse_due(self, _item: Any, text: str) -> list[tuple[str, Any]]:
        try:
            due = parse_due_date(text, today=self.today(), day_first=self.day_first)
        except ValueError as error:
            self.due_rejected.emit(str(error))
            raise
        self.due_accepted.emit(text, due)
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
                return issues_label(len(found))
            if role == Qt.ItemDataRole.DecorationRole:
                return self.warning_icon() if found else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return findings_text(found) or "Specific, owned and dated."
            if role == Qt.ItemDataRole.ForegroundRole and not found:
                return QColor(46, 160, 67)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS.get(section)
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
    """Commits the title and owner on every key press, so the checks follow the typing.

    The due date cell edits in a ``DueDateEdit``: typed text as before, or a day picked from
    its calendar (button or Alt+Down), which commits and closes the cell at once. Text that is
    refused ("2026-02-31") is kept in ``refused_due``: the cell's editor opens on it again (F2)
    so that it can be corrected, until a due date is taken or the item is left.

    Signals:
        due_typing(): a key was typed in a due date cell.
    """

    due_typing = Signal()

    def __init__(self, model: ActionItemsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.refused_due: tuple[str, str] | None = None
        """The item id and the due date text last refused in its cell."""
        model.due_accepted.connect(self.forget_refused)

    def forget_refused(self) -> None:
        self.refused_due = None

    def _item_id(self, index: Index) -> str | None:
        return self.model.item(index.row()).id if 0 <= index.row() < self.model.rowCount() else None

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        refused = self.refused_due
        if index.column() == DUE and isinstance(editor, LineEdit) and refused and refused[0] == self._item_id(index):
            editor.setText(refused[1])  # the refused text, to correct
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if index.column() == DUE and isinstance(editor, LineEdit):
            item_id, text = self._item_id(index), editor.text()
            if not model.setData(index, text, Qt.ItemDataRole.EditRole) and item_id is not None:
                self.refused_due = (item_id, text)
            return
        super().setModelData(editor, model, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        if index.column() == DUE:
            editor = DueDateEdit(parent)
            editor.setFrame(False)
            editor.today = self.model.today
            row = QPersistentModelIndex(index)
            editor.current = lambda: self.model.item(row.row()).due_date if row.isValid() else None
            editor.date_picked.connect(lambda _d, e=editor: self._commit_and_close(e))
            editor.textEdited.connect(lambda _t: self.due_typing.emit())
            return editor
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, LineEdit) and index.column() in LIVE_COLUMNS:
            editor.textEdited.connect(lambda _t, e=editor: self.commitData.emit(e))
        return editor

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """Long titles wrap to at most ``TITLE_LINES`` lines (the tool tip and the form show the rest)."""
        hint = super().sizeHint(option, index)
        lines = option.fontMetrics.lineSpacing() * TITLE_LINES + 10
        return QSize(hint.width(), min(hint.height() + 10, lines))

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, ChoiceDelegate.EndEditHint.NoHint)


class ActionsPage(WizardPage):
    """Step 6 page: the action item table, its findings, and the selected item's details.

    Attributes:
        today: what "today" is for overdue checks and status dates (tests replace it).
    """

    step = Step.ACTION_ITEMS
    intro = (
        "Each follow-up should be specific and measurable, with one owner and a due date. "
        "Items that need work are highlighted; the issues at the start of a row say why."
    )

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent, scroll=False)
        self.today: Callable[[], date] = date.today
        self.model = ActionItemsModel(doc, lambda: self.today(), parent=self)
        self.editor = ListEditor(self.model, ActionItem, name="Action items", movable=True, parent=self.body)
        self.view = self.editor.view
        self.delegate = ActionDelegate(self.model, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A long title wraps (up to TITLE_LINES lines) instead of losing its target and system.
        self.view.setWordWrap(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.view.fontMetrics().height() + 12)
        rows.setVisible(True)
        rows.setMinimumWidth(rows.fontMetrics().horizontalAdvance("99 issues") + 32)
        rows.setToolTip("Problems found in the item")
        self.model.dataChanged.connect(self._header_changed)
        self.model.dataChanged.connect(self._data_changed)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self.fit_columns)
        self.duplicate_button = QPushButton("Duplicate", self.editor)
        self.duplicate_button.setAccessibleName("Duplicate action item")
        self.duplicate_button.setToolTip("Add a copy of the selected item below it (Ctrl+D)")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        button_row = self.editor.layout().itemAt(1).layout()
        button_row.insertWidget(2, self.duplicate_button)
        self.editor.add_button.setToolTip("Add an item below the selected one (Insert)")
        self.editor.remove_button.setToolTip("Remove the selected item (Delete); Undo brings it back")
        self.view.selectionModel().selectionChanged.connect(self._update_duplicate)
        for signal in (self.model.modelReset, self.model.rowsRemoved, self.model.rowsInserted):
            signal.connect(self._update_duplicate)
            signal.connect(self._show_row_header)
        self._show_row_header()
        self.view.activated.connect(self._cell_activated)
        self.view.doubleClicked.connect(self._cell_activated)
        for keys, slot in (("Ctrl+D", self.duplicate_selected), ("Insert", self.editor.add)):
            shortcut = QShortcut(QKeySequence(keys), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.details = QLabel(self.body)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Selected action item")
        self.details.setMinimumHeight(self.details.fontMetrics().height() * 3)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        mute(self.details)
        self.form = self._build_form()
        self.body_layout.setSpacing(8)
        self.body_layout.addWidget(self.editor, 1)
        self.body_layout.addWidget(self.details)
        self.body_layout.addWidget(self.form)
        self._due_from_form = False
        self._due_info = False
        """The line under the Due field says how typed text was read (not why it was refused)."""
        self._due_status = ""
        """The last due date message this page put in the status bar."""
        self.fit_columns()

        self.model.due_rejected.connect(self._show_due_problem)
        self.model.due_accepted.connect(self._due_accepted)
        self.delegate.due_typing.connect(self._forget_due_reading)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        doc.changed.connect(self.update_details)
        doc.loaded.connect(self.update_details)
        doc.loaded.connect(self.hide_due_problem)
        doc.loaded.connect(self.delegate.forget_refused)
        self.update_details()
        self._update_duplicate()

    # -- the selected item's other fields ------------------------------------------------------

    def _build_form(self) -> QGroupBox:
        box = QGroupBox("Selected item", self.body)
        self.kind_combo = QComboBox(box)
        self.kind_combo.setAccessibleName("Kind")
        for kind in ActionKind:
            self.kind_combo.addItem(choice_label(kind), kind)
        self.due_edit = DueDateEdit(box)
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.today = lambda: self.today()
        self.due_edit.current = self._selected_due
        self.due_edit.setMaximumWidth(self.due_edit.fontMetrics().horizontalAdvance("2024-05-31") + 64)
        # why a typed due date was refused, beside the field (a tip also shows by the cell typed in),
        # or, muted, how typed text that was not ISO was read ("Read as Fri 12 Mar 2027.")
        self.due_message = QLabel(box)
        self.due_message.setTextFormat(Qt.TextFormat.PlainText)
        self.due_message.setAccessibleName("Due date problem")
        mute(self.due_message)
        self.due_message.setStyleSheet(DUE_ERROR_STYLE)
        self.due_message.setWordWrap(True)
        self.tracker_edit = LineEdit(box)
        self.tracker_edit.setAccessibleName("Tracker issue")
        self.tracker_edit.setPlaceholderText("e.g. OPS-1234 or a link")
        self.tracker_open = QToolButton(box)
        self.tracker_open.setText("Open")
        self.tracker_open.setAccessibleName("Open tracker link")
        self.tracker_open.setToolTip("Open the tracker link in the browser")
        self.tracker_open.setEnabled(False)
        self.tracker_open.clicked.connect(self.open_tracker_link)
        tracker_row = QHBoxLayout()
        tracker_row.setContentsMargins(0, 0, 0, 0)
        tracker_row.addWidget(self.tracker_edit, 1)
        tracker_row.addWidget(self.tracker_open)
        self.description_edit = PlainTextEdit(box)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText("How will we know it is done? What does it change?")
        self.description_edit.setMinimumHeight(self.description_edit.fontMetrics().lineSpacing() * 3 + 14)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind_combo)
        due_label = QLabel("Due", box)
        due_label.setBuddy(self.due_edit)
        row.addSpacing(12)
        row.addWidget(due_label)
        row.addWidget(self.due_edit)
        row.addStretch(1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Kind", row)
        form.addRow("", self.due_message)  # right under the Due field, while there is something to say
        form.setRowVisible(self.due_message, False)
        self.form_layout = form
        form.addRow("Tracker", tracker_row)
        form.addRow("Description", self.description_edit)

        self.causes_list = QListWidget(box)
        self.causes_list.setAccessibleName("Addresses causes")
        self.causes_list.setToolTip("Tick each cause from the fishbone (step 5) that this item addresses")
        self.causes_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.causes_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        # a long cause wraps onto more lines (laid out again when the list is resized)
        self.causes_list.setWordWrap(True)
        self.causes_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.causes_list.setUniformItemSizes(False)
        self.causes_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.causes_list.setSpacing(2)
        self.causes_empty = QLabel("No causes yet: add them on the fishbone in step 5, then tick the ones "
                                   "this item addresses.", box)
        self.causes_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.causes_empty.setWordWrap(True)
        self.causes_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        mute(self.causes_empty)
        causes_label = QLabel("Addresses causes", box)
        causes_label.setBuddy(self.causes_list)
        causes = QVBoxLayout()
        causes.setContentsMargins(0, 0, 0, 0)
        causes.setSpacing(4)
        causes.addWidget(causes_label)
        causes.addWidget(self.causes_list)
        causes.addWidget(self.causes_empty, 1)
        outer = QHBoxLayout(box)
        outer.addLayout(form, 1)
        outer.addSpacing(12)
        outer.addLayout(causes, 1)
        # The check list has room for a few wrapped causes (the description beside it grows to match);
        # more causes scroll.
        lines = self.causes_list.fontMetrics().lineSpacing() * CAUSE_LINES + 2 * self.causes_list.frameWidth() + 8
        self.causes_list.setFixedHeight(lines)
        # the description takes the height beside the list that the kind and tracker rows leave
        spacing = max(form.verticalSpacing(), 6)
        beside = lines + causes_label.sizeHint().height() + 4 - 2 * spacing - max(
            self.kind_combo.sizeHint().height(), self.due_edit.sizeHint().height()
        ) - self.tracker_edit.sizeHint().height()
        self.description_edit.setMaximumHeight(max(self.description_edit.minimumHeight(), beside))
        box.setSizePolicy(box.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)

        self.kind_combo.activated.connect(lambda _i: self._push("kind", self.kind_combo.currentData()))
        self.due_edit.editingFinished.connect(self._due_typed)
        self.due_edit.textEdited.connect(lambda _t: self._forget_due_reading())
        self.due_edit.date_picked.connect(lambda _d: self._set_due(self.due_edit.text()))
        self.tracker_edit.textEdited.connect(lambda text: self._push("tracker_ref", text))
        self.tracker_edit.textChanged.connect(
            lambda text: self.tracker_open.setEnabled(tracker_link(text) is not None)
        )
        self.description_edit.textChanged.connect(
            lambda: self._push("description", self.description_edit.toPlainText())
        )
        self.causes_list.itemChanged.connect(self._cause_toggled)
        self._loading = False
        self._causes_shown: tuple = ()
        self.doc.field_changed.connect(self._field_changed)
        return box

    def open_tracker_link(self) -> bool:
        """Open the selected item's tracker reference in the browser, when it is a web link."""
        url = tracker_link(self.tracker_edit.text())
        return url is not None and Links.open(url)

    def _push(self, attr: str, value: Any) -> None:
        item = self.selected_item()
        if item is None or self._loading:
            return
        self._loading = True
        try:
            self.doc.edit(("action_items", item.id, attr), value)
        finally:
            self._loading = False

    def _selected_due(self) -> date | None:
        item = self.selected_item()
        return item.due_date if item is not None else None

    def _set_due(self, text: str) -> None:
        """Typed or picked in the form: through the table's own due-date edit (one undo step)."""
        row = self.editor.current_row()
        if row < 0 or self._loading:
            return
        self._due_from_form = True
        try:
            self.model.setData(self.model.index(row, DUE), text)
        finally:
            self._due_from_form = False

    def _due_typed(self) -> None:
        item = self.selected_item()
        shown = self.model.index(self.editor.current_row(), DUE).data(Qt.ItemDataRole.EditRole)
        if item is not None and self.due_edit.text().strip() != shown:
            self._set_due(self.due_edit.text())

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
            due = item.due_date.isoformat() if item is not None and item.due_date else ""
            if self.due_edit.text() != due:
                self.due_edit.setText(due)
            if self.tracker_edit.text() != (item.tracker_ref if item else ""):
                self.tracker_edit.setText(item.tracker_ref if item else "")
            if self.description_edit.toPlainText() != (item.description if item else ""):
                self.description_edit.setPlainText(item.description if item else "")
        finally:
            self._loading = False
        self.refresh_causes()

    # -- the causes the selected item addresses ------------------------------------------------

    def refresh_causes(self) -> None:
        """Rebuild the cause check list when the causes or the selected item's links changed."""
        item = self.selected_item()
        causes = self.doc.pm.causes if self.doc.is_loaded else []
        depths = cause_depths(causes)
        shown = (
            item.id if item else None,
            tuple(item.cause_ids) if item else (),
            tuple((c.id, c.text, c.kind, c.category, depths[c.id]) for c in causes),
        )
        if shown == self._causes_shown:
            return
        self._causes_shown = shown
        linked = set(item.cause_ids) if item else set()
        scroll = self.causes_list.verticalScrollBar().value()
        self.causes_list.blockSignals(True)
        try:
            self.causes_list.clear()
            for cause in causes:
                entry = QListWidgetItem("    " * depths[cause.id] + cause_label(cause), self.causes_list)
                entry.setData(Qt.ItemDataRole.UserRole, cause.id)
                entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked if cause.id in linked else Qt.CheckState.Unchecked)
                where = f" on {cause.category}" if cause.category else ""
                entry.setToolTip(f"{cause.kind.label}{where}:\n{cause.text or '(no text yet)'}")
                if cause.kind is CauseKind.ROOT_CAUSE:
                    font = QFont(entry.font())
                    font.setBold(True)
                    entry.setFont(font)
        finally:
            self.causes_list.blockSignals(False)
        self.causes_list.verticalScrollBar().setValue(scroll)
        self.causes_list.setVisible(bool(causes))
        self.causes_empty.setVisible(not causes)

    def _cause_toggled(self, entry: QListWidgetItem) -> None:
        item = self.selected_item()
        if item is None:
            return
        cause_id = entry.data(Qt.ItemDataRole.UserRole)
        if entry.checkState() == Qt.CheckState.Checked and cause_id not in item.cause_ids:
            ids, text = [*item.cause_ids, cause_id], "Link cause"
        elif entry.checkState() == Qt.CheckState.Unchecked and cause_id in item.cause_ids:
            ids, text = [c for c in item.cause_ids if c != cause_id], "Unlink cause"
        else:
            return
        self.doc.edit(("action_items", item.id, "cause_ids"), ids, text=text, merge=False)

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
        else:
            self.refresh_causes()

    def _show_row_header(self) -> None:
        """The findings column only while there are items (an empty table shows no empty strip)."""
        self.view.verticalHeader().setVisible(self.model.rowCount() > 0)

    def _cell_activated(self, index: QModelIndex) -> None:
        """Enter or a double click on the Causes cell goes to the item's cause check list."""
        if index.column() == CAUSES and self.causes_list.isVisible():
            self.causes_list.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.causes_list.currentRow() < 0:
                self.causes_list.setCurrentRow(0)

    def _update_duplicate(self) -> None:
        self.duplicate_button.setEnabled(self.selected_item() is not None)

    def _selection_changed(self) -> None:
        refused, item = self.delegate.refused_due, self.selected_item()
        if refused is not None and (item is None or item.id != refused[0]):
            self.delegate.forget_refused()  # refused text is kept only while its item is shown
        self._forget_due_reading()
        self.hide_due_problem()
        self.update_details()
        self._load_form()

    def _show_due_note(self, message: str, *, info: bool) -> None:
        """``message`` right under the form's Due field: muted for ``info``, else as an error."""
        self._due_info = info
        self.due_message.setText(message)
        self.due_message.setStyleSheet("" if info else DUE_ERROR_STYLE)
        self.due_message.setAccessibleName("How the due date was read" if info else "Due date problem")
        self.due_message.setIndent(max(0, self.due_edit.geometry().left() - self.kind_combo.geometry().left()))
        self.form_layout.setRowVisible(self.due_message, True)

    def is_due_reading_shown(self) -> bool:
        """The line under the Due field says how a typed date was read (not why one was refused)."""
        return self._due_info and not self.due_message.isHidden()

    def _due_accepted(self, typed: str, due: date | None) -> None:
        """A due date was taken: a stale refusal goes; text that was not ISO says how it was read, under
        the Due field (and in the status bar when it was typed in the table cell)."""
        self._clear_due_status()
        reading = due_reading(typed, due)
        if not reading:
            self.hide_due_problem()
            return
        self._show_due_note(reading, info=True)
        if not self._due_from_form:
            self._show_status(reading)

    def _forget_due_reading(self) -> None:
        """The next edit (or another item) clears how the last due date was read."""
        if self._due_info:
            self.hide_due_problem()
            self._clear_due_status()

    def _status_bar(self) -> Any:
        status_bar = getattr(self.window(), "statusBar", None)
        return status_bar() if callable(status_bar) else None

    def _show_status(self, message: str) -> None:
        if (bar := self._status_bar()) is not None:
            bar.showMessage(message, REFUSAL_TIP_MS)
            self._due_status = message

    def _clear_due_status(self) -> None:
        """Take this page's last due date message out of the status bar, if it is still there."""
        bar = self._status_bar()
        if bar is not None and self._due_status and bar.currentMessage() == self._due_status:
            bar.clearMessage()
        self._due_status = ""

    def _show_due_problem(self, message: str) -> None:
        """Say why a typed due date was refused: beside the form's Due field, and as a tip (and in the
        status bar) by the field or table cell it was typed in, as a refused paste is."""
        self._show_due_note(message, info=False)
        self._due_status = message  # show_refusal puts it in the status bar
        if self._due_from_form:
            show_refusal(self.due_edit, self.due_edit.rect().bottomLeft(), message)
            return
        row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else self.editor.current_row()
        cell = self.view.visualRect(self.model.index(max(row, 0), DUE))
        show_refusal(self.view.viewport(), cell.bottomLeft(), message)

    def hide_due_problem(self) -> None:
        self.form_layout.setRowVisible(self.due_message, False)
        self._due_info = False

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        if top_left.column() <= max(FIT_LIMITS) and bottom_right.column() >= min(FIT_LIMITS):
            self.fit_columns()

    def fit_columns(self) -> None:
        """Size every column but Action to what it shows: its header, every row's text (for a drop-down,
        every choice, with room for the editor's arrow), within ``FIT_LIMITS``. Action takes the rest."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        rows = range(self.model.rowCount())
        for column in (OWNER, DUE, STATUS, PRIORITY, CAUSES):
            spec = self.model.columns[column]
            if spec.choices is not None:
                texts, extra = [choice_label(c) for c in spec.choices], EDITOR_BUTTON
            else:
                texts = [str(self.model.index(row, column).data() or "") for row in rows]
                extra = 0
                if column == DUE:
                    texts, extra = [*texts, "2024-05-31"], EDITOR_BUTTON
            content = max((metrics.horizontalAdvance(text) for text in texts), default=0) + CELL_MARGIN + extra
            width = max(header.sectionSizeFromContents(column).width(), min(content, FIT_LIMITS.get(column, content)))
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _header_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Vertical, top_left.row(), bottom_right.row())

    def duplicate_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        row = self.editor.current_row() + 1
        self.model.add_row(item.model_copy(deep=True, update={"id": new_id()}), row)
        self.editor.select_row(row)
