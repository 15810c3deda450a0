"""The parking lot: questions raised in the meeting and set aside, kept in ``pm.parking_lot``.

Every change is an undo step on the document's stack (and so autosaved): add (type and press
Enter), mark resolved (the check box, or Space on the list), delete (the button or Delete).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import ParkingLotItem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import LineEdit, plain_label

LIST_PATH = ("parking_lot",)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WrappedItemDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's width, beside the check box.

    Qt's own size hint measures the text without the check box beside it, so the last line of
    a long question was cut to "…"; here the text is measured in the width it really gets.
    """

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else opt.rect.width()
        metrics = opt.fontMetrics
        text_width = max(40, width - 2 * metrics.height() - 12)  # the check box and the margins
        bounds = metrics.boundingRect(QRect(0, 0, text_width, 1_000_000),
                                      int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere), opt.text)
        return QSize(text_width, max(metrics.height(), bounds.height()) + max(8, metrics.height() // 3))


def open_count(doc: PostmortemDocument) -> int:
    """How many parking lot items are not resolved yet."""
    return sum(1 for item in doc.pm.parking_lot if not item.resolved) if doc.is_loaded else 0


def count_text(doc: PostmortemDocument) -> str:
    """``2 open · 1 resolved``, or ``Empty``."""
    if not doc.is_loaded or not doc.pm.parking_lot:
        return "Empty"
    open_items = open_count(doc)
    resolved = len(doc.pm.parking_lot) - open_items
    return f"{open_items} open · {resolved} resolved" if resolved else f"{open_items} open"


class ParkingLotPanel(QFrame):
    """Add, resolve and delete parking lot items of the open postmortem.

    Attributes:
        entry: where a new question is typed (Enter adds it).
        list: the items, checked when resolved.
        delete_button: deletes the selected item.
        count_label: ``2 open · 1 resolved``.

    Signals:
        count_changed(int): the number of open items changed (or may have).
    """

    count_changed = Signal(int)

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.heading = plain_label("Parking lot", self)
        self.heading.setObjectName("sectionHeading")
        self.count_label = plain_label("", self)
        self.count_label.setProperty("muted", True)
        self.entry = LineEdit(self)
        self.entry.setPlaceholderText("Add a question, press Enter")
        self.entry.setAccessibleName("New parking lot item")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Parking lot items")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setItemDelegate(WrappedItemDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows measured again at a new width
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected item (Delete)")
        self.resolve_button = QPushButton("Resolved", self)
        self.resolve_button.setToolTip("Mark the selected item resolved, or open again (Space)")

        top = QVBoxLayout()  # the count under the heading: the side panel is narrow
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        top.addWidget(self.heading)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.entry)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.entry.returnPressed.connect(self._add_typed)
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.delete_button.clicked.connect(lambda: self.remove(self.list.currentRow()))
        self.resolve_button.clicked.connect(self.toggle_current)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self.remove(self.list.currentRow()))
        doc.loaded.connect(self.rebuild)
        doc.list_changed.connect(lambda path, *_: path == LIST_PATH and self.rebuild())
        doc.field_changed.connect(lambda path: path[:1] == LIST_PATH and self.rebuild())
        self.rebuild()

    # -- reading --------------------------------------------------------------------------------

    def texts(self) -> list[str]:
        """The items' texts as listed."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _items(self) -> list[ParkingLotItem]:
        return self.doc.pm.parking_lot if self.doc.is_loaded else []

    # -- edits (each one undo step) ------------------------------------------------------------

    def add(self, text: str) -> bool:
        """Add an item with ``text`` (stripped) at the end; False for blank text."""
        text = text.strip()
        if not text or not self.doc.is_loaded:
            return False
        row = len(self._items())
        self.doc.add_item(LIST_PATH, row, ParkingLotItem(text=text), text="Add parking lot item")
        self.list.setCurrentRow(row)
        return True

    def set_resolved(self, row: int, resolved: bool) -> None:
        items = self._items()
        if 0 <= row < len(items) and items[row].resolved != resolved:
            what = "Resolve parking lot item" if resolved else "Reopen parking lot item"
            self.doc.edit((*LIST_PATH, items[row].id, "resolved"), resolved, text=what, merge=False)
            self.list.setCurrentRow(row)

    def toggle_current(self) -> None:
        row = self.list.currentRow()
        items = self._items()
        if 0 <= row < len(items):
            self.set_resolved(row, not items[row].resolved)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items()):
            self.doc.delete_item(LIST_PATH, row, text="Delete parking lot item")
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def _add_typed(self) -> None:
        if self.add(self.entry.text()):
            self.entry.clear()

    def _item_changed(self, item: QListWidgetItem) -> None:
        self.set_resolved(self.list.row(item), item.checkState() == Qt.CheckState.Checked)

    # -- view ------------------------------------------------------------------------------------

    def rebuild(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self._items():
            item = QListWidgetItem(entry.text)
            item.setData(ID_ROLE, entry.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if entry.resolved else Qt.CheckState.Unchecked)
            item.setToolTip("Resolved" if entry.resolved else "Open")
            if entry.resolved:
                font = QFont()  # only the strike-out is set; size and family come from the list
                font.setStrikeOut(True)
                item.setFont(font)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
        self.list.blockSignals(False)
        self.count_label.setText(count_text(self.doc))
        self._update_buttons()
        self.count_changed.emit(open_count(self.doc))

    def _update_buttons(self) -> None:
        has = 0 <= self.list.currentRow() < self.list.count()
        self.delete_button.setEnabled(has)
        self.resolve_button.setEnabled(has)
