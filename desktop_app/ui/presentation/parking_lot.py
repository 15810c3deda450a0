"""The parking lot: questions raised in the meeting and set aside, kept in ``pm.parking_lot``.

Every change is an undo step on the document's stack (and so autosaved): add (type and press
Enter), mark resolved (the check box, or Space on the list), delete (the button or Delete).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import ParkingLotItem
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.wrap_text import draw_wrapped, wrapped_height
from desktop_app.ui.widgets.text_edits import LineEdit, plain_label

LIST_PATH = ("parking_lot",)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WrappedItemDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's width, beside the check box.

    Qt's own size hint measures the text without the check box beside it, and its painting wraps
    at word boundaries only (a long URL ran past the edge and was cut); here the text is measured
    and drawn in the width it really gets, a word longer than the line broken anywhere.
    """

    @staticmethod
    def _style(opt: QStyleOptionViewItem) -> QStyle:
        return opt.widget.style() if opt.widget is not None else QApplication.style()

    def text_rect(self, opt: QStyleOptionViewItem) -> QRect:
        """Where the style puts an item's text (beside the check box), less its text margins."""
        style = self._style(opt)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        return rect.adjusted(margin, 0, -margin, 0)

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else opt.rect.width()
        opt.rect = QRect(0, 0, max(1, width), opt.fontMetrics.height())
        text_width = max(40, self.text_rect(opt).width())
        pad = max(8, opt.fontMetrics.height() // 3)
        return QSize(text_width, wrapped_height(opt.font, opt.text, text_width) + pad)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, area = opt.text, self.text_rect(opt)
        opt.text = ""  # the style draws the background, selection, focus and check box; the text is ours
        self._style(opt).drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Disabled)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        height = wrapped_height(opt.font, text, area.width())
        top = area.top() + max(0, (area.height() - height) // 2)
        painter.setClipRect(opt.rect)
        draw_wrapped(painter, QRect(area.left(), top, area.width(), height), text)
        painter.restore()


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
