"""A table with Add / Remove / Move up / Move down buttons over an ``EntityListModel``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.wizard.list_model import EntityListModel, choice_label
from desktop_app.ui.widgets.text_edits import LineEdit

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits columns that have fixed choices with a drop-down; others with a plain line edit."""

    @staticmethod
    def _choices(index: Index) -> list[Any] | None:
        """The column's choices as Python values: through ``index.data`` a ``StrEnum`` arrives as
        its bare value ("incident_commander"), which has no label."""
        model, source = index.model(), QModelIndex(index)
        while isinstance(model, QAbstractProxyModel):
            source = model.mapToSource(source)
            model = model.sourceModel()
        if isinstance(model, EntityListModel):
            return model.data(source, EntityListModel.ChoicesRole)
        return index.data(EntityListModel.ChoicesRole)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        choices = self._choices(index)
        if choices is None:
            editor = LineEdit(parent)
            editor.setFrame(False)
            return editor
        combo = QComboBox(parent)
        for value in choices:
            combo.addItem(choice_label(value), value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, LineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, LineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ListEditor(QWidget):
    """An editable table of one list of the postmortem, with row buttons.

    ``new_item`` builds the entity that Add inserts. ``tab_between_cells``: Tab moves from cell to
    cell (the action items); ``False``: Tab leaves the table for its buttons, and only while a cell is
    being edited does Tab commit it and go on to the next cell's editor.
    """

    def __init__(
        self,
        model: EntityListModel,
        new_item: Callable[[], Any],
        *,
        name: str,
        movable: bool = False,
        tab_between_cells: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.new_item = new_item
        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setAccessibleName(name)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(tab_between_cells)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for i, column in enumerate(model.columns):
            if column.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, column.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

        noun = model.noun
        self.add_button = QPushButton(f"Add {noun}", self)
        self.remove_button = QPushButton("Remove", self)
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button.setAccessibleName(f"Remove {noun}")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.up_button: QPushButton | None = None
        self.down_button: QPushButton | None = None
        if movable:
            self.up_button = QPushButton("Move up", self)
            self.down_button = QPushButton("Move down", self)
            self.up_button.setToolTip("Move the selected row up (Alt+Up)")
            self.down_button.setToolTip("Move the selected row down (Alt+Down)")
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
            self.up_button.clicked.connect(lambda: self.move_selected(-1))
            self.down_button.clicked.connect(lambda: self.move_selected(1))
            for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
                shortcut = QShortcut(QKeySequence(keys), self.view)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(lambda s=step: self.move_selected(s))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        model.rowsMoved.connect(self._update_buttons)
        self._update_buttons()

    def current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def add(self) -> int:
        """Insert a new row after the selection (or at the end) and select it; typing edits it."""
        current = self.current_row()
        row = current + 1 if current >= 0 else self.model.rowCount()
        self.model.add_row(self.new_item(), row)
        self.select_row(row)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def remove_selected(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove_row(row)
            self.select_row(min(row, self.model.rowCount() - 1))

    def move_selected(self, step: int) -> None:
        row = self.current_row()
        if row >= 0 and self.model.move_row(row, row + step):
            self.select_row(row + step)

    def _update_buttons(self) -> None:
        row = self.current_row()
        enabled = self.model.doc.is_loaded
        self.add_button.setEnabled(enabled)
        self.remove_button.setEnabled(enabled and row >= 0)
        if self.up_button is not None and self.down_button is not None:
            self.up_button.setEnabled(enabled and row > 0)
            self.down_button.setEnabled(enabled and 0 <= row < self.model.rowCount() - 1)
