"""Showing person names as roles in tables while presenting, display only.

``NameMaskDelegate`` draws a column's text through ``NameLabels`` and opens no editor, so a
label can never be typed back into the stored name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.ui.presentation.name_labels import NameLabels

Index = QModelIndex | QPersistentModelIndex


class NameMaskDelegate(QStyledItemDelegate):
    """Shows a name column as role labels; read-only."""

    def __init__(self, labels: Callable[[], NameLabels | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels

    def displayText(self, value: object, locale: QLocale) -> str:  # noqa: N802
        labels = self._labels()
        text = "" if value is None else str(value)
        return labels.label(text) if labels is not None else text

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget | None:
        return None


def shown_text(view: QAbstractItemView, row: int, column: int) -> str:
    """The text a table view shows in a cell (through the cell's delegate)."""
    model = view.model()
    index = model.index(row, column)
    value = index.data(Qt.ItemDataRole.DisplayRole)
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        return delegate.displayText(value, QLocale())
    return "" if value is None else str(value)
