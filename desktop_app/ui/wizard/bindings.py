"""Two-way bindings between editor widgets and paths in the open postmortem.

A user edit becomes an undo command through ``PostmortemDocument.edit``; a change to
the document (load, undo, redo) updates the widget, unless the widget already shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from desktop_app.ui.document import Path, PostmortemDocument
from desktop_app.ui.widgets.datetime_edit import OptionalDateEdit, OptionalDateTimeEdit


class Binding(QObject):
    """Base: keeps one widget in step with the value at ``path``."""

    def __init__(self, doc: PostmortemDocument, path: Sequence[str | int], parent: QObject) -> None:
        super().__init__(parent)
        self.doc = doc
        self.path: Path = tuple(path)
        self._pushing = False
        doc.loaded.connect(self.refresh)
        doc.field_changed.connect(self._on_field_changed)

    def _on_field_changed(self, path: tuple) -> None:
        if self._pushing:
            return
        n = min(len(path), len(self.path))
        if path[:n] == self.path[:n]:
            self.refresh()

    def push(self, value: Any) -> None:
        if not self.doc.is_loaded:
            return
        self._pushing = True
        try:
            self.doc.edit(self.path, value)
        finally:
            self._pushing = False

    def refresh(self) -> None:
        if self.doc.is_loaded:
            self.show(self.doc.get(self.path))

    def show(self, value: Any) -> None:
        raise NotImplementedError


class LineBinding(Binding):
    """``QLineEdit`` ↔ a ``str``."""

    def __init__(self, doc: PostmortemDocument, widget: QLineEdit, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.textEdited.connect(self.push)

    def show(self, value: Any) -> None:
        if self.widget.text() != value:
            self.widget.setText(value)


class SplitLineBinding(Binding):
    """``QLineEdit`` with comma-separated text ↔ a ``list[str]``."""

    def __init__(self, doc: PostmortemDocument, widget: QLineEdit, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.textEdited.connect(lambda text: self.push(split_items(text, ",")))

    def show(self, value: Any) -> None:
        if split_items(self.widget.text(), ",") != list(value):
            self.widget.setText(", ".join(value))


class PlainTextBinding(Binding):
    """``QPlainTextEdit`` ↔ a ``str``."""

    def __init__(self, doc: PostmortemDocument, widget: QPlainTextEdit, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        self._showing = False
        widget.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if not self._showing:
            self.push(self.widget.toPlainText())

    def show(self, value: Any) -> None:
        if self.widget.toPlainText() != value:
            self._showing = True
            try:
                self.widget.setPlainText(value)
            finally:
                self._showing = False


class LinesBinding(PlainTextBinding):
    """``QPlainTextEdit`` with one item per line ↔ a ``list[str]``."""

    def _on_text_changed(self) -> None:
        if not self._showing:
            self.push(split_items(self.widget.toPlainText(), "\n"))

    def show(self, value: Any) -> None:
        if split_items(self.widget.toPlainText(), "\n") != list(value):
            self._showing = True
            try:
                self.widget.setPlainText("\n".join(value))
            finally:
                self._showing = False


class ComboBinding(Binding):
    """``QComboBox`` whose item data are the allowed values ↔ that value."""

    def __init__(self, doc: PostmortemDocument, widget: QComboBox, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.activated.connect(lambda index: self.push(widget.itemData(index)))

    def show(self, value: Any) -> None:
        index = self.widget.findData(value)
        if index >= 0 and index != self.widget.currentIndex():
            self.widget.setCurrentIndex(index)


class CheckBinding(Binding):
    """``QCheckBox`` ↔ a ``bool``."""

    def __init__(self, doc: PostmortemDocument, widget: QCheckBox, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.clicked.connect(lambda checked: self.push(bool(checked)))

    def show(self, value: Any) -> None:
        if self.widget.isChecked() != bool(value):
            self.widget.setChecked(bool(value))


class DateTimeBinding(Binding):
    """``OptionalDateTimeEdit`` ↔ an aware ``datetime | None`` shown in the postmortem's zone."""

    def __init__(
        self, doc: PostmortemDocument, widget: OptionalDateTimeEdit, path: Sequence[str | int]
    ) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.value_edited.connect(self.push)
        doc.field_changed.connect(self._on_zone_changed)

    def _on_zone_changed(self, path: tuple) -> None:
        if path == ("time_zone",):
            self.refresh()

    def refresh(self) -> None:
        if self.doc.is_loaded:
            self.widget.set_zone(self.doc.pm.time_zone, self.doc.get(self.path))

    def show(self, value: Any) -> None:
        if self.widget.value() != value or self.widget.zone_name != self.doc.pm.time_zone:
            self.widget.set_zone(self.doc.pm.time_zone, value)


class DateBinding(Binding):
    """``OptionalDateEdit`` ↔ a ``date | None``."""

    def __init__(self, doc: PostmortemDocument, widget: OptionalDateEdit, path: Sequence[str | int]) -> None:
        super().__init__(doc, path, widget)
        self.widget = widget
        widget.value_edited.connect(self.push)

    def show(self, value: Any) -> None:
        if self.widget.value() != value:
            self.widget.set_value(value)


def split_items(text: str, separator: str) -> list[str]:
    """Non-empty, stripped items of ``text`` split on ``separator``."""
    return [part.strip() for part in text.split(separator) if part.strip()]


def fill_combo(combo: QComboBox, values: Sequence[Any], label: Callable[[Any], str] | None = None) -> None:
    """Items for ``values`` (data = the value itself); ``None`` shows as "—"."""
    for value in values:
        if label is not None:
            text = label(value)
        elif value is None:
            text = "—"
        elif isinstance(value, Enum):
            text = getattr(value, "label", str(value.value).replace("_", " ").capitalize())
        else:
            text = str(value)
        combo.addItem(text, value)
