"""Two-way bindings between editor widgets and paths in the open postmortem.

A user edit becomes an undo command through ``PostmortemDocument.edit``; a change to
the document (load, undo, redo) updates the widget, unless the widget already shows it or
the change came from that widget.

A multi-line field is updated by replacing only what differs (``replace_text``): putting
10 MB back into a ``QPlainTextEdit`` takes about a second, replacing the one changed
character of an undo a few milliseconds, and the caret and scroll position stay put.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
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
        self._showing = True
        try:
            replace_text(self.widget, value)
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
                replace_text(self.widget, "\n".join(value))
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


_CHUNK = 1 << 16
PATCH_MAX_CHARS = 10_000
"""A change inserting more than this many characters resets the whole text instead (``setPlainText``
chooses the wrap mode for a long line before laying it out)."""


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of ``a`` and ``b`` (slice compares, in C)."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start : start + _CHUNK] == b[start : start + _CHUNK]:
        start += _CHUNK
    low, high = start, min(start + _CHUNK, limit)
    while low < high:  # a[:low] == b[:low]; they differ before ``high`` (or ``high`` is the limit)
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, most: int) -> int:
    """The length of the longest common suffix of ``a`` and ``b``, at most ``most``."""
    end = 0
    while end + _CHUNK <= most and (
        a[len(a) - end - _CHUNK : len(a) - end] == b[len(b) - end - _CHUNK : len(b) - end]
    ):
        end += _CHUNK
    low, high = end, min(end + _CHUNK, most)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _utf16_length(text: str) -> int:
    """How many positions ``text`` takes in a Qt document (a character beyond U+FFFF takes two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def replace_text(widget: QPlainTextEdit, text: str) -> bool:
    """Make ``widget`` show ``text``, touching only what differs; False if it already did.

    Equal lengths are compared first, so an unchanged 10 MB text costs one ``toPlainText``. A change
    of at most ``PATCH_MAX_CHARS`` inserted characters (typing, undo, redo, a programmatic edit)
    replaces just the differing span through a ``QTextCursor``, leaving the caret and scroll
    position where they were; anything larger, or a carriage return (which could pair with a
    newline already there), resets the whole text with ``setPlainText``.
    """
    shown = widget.toPlainText()
    if len(shown) == len(text) and shown == text:
        return False
    if not shown:
        widget.setPlainText(text)
        return True
    start = _common_prefix(shown, text)
    end = _common_suffix(shown, text, min(len(shown), len(text)) - start)
    inserted = text[start : len(text) - end]
    if len(inserted) > PATCH_MAX_CHARS or "\r" in inserted:
        widget.setPlainText(text)
        return True
    position = start if shown.isascii() else _utf16_length(shown[:start])
    removed = _utf16_length(shown[start : len(shown) - end])
    cursor = QTextCursor(widget.document())
    cursor.setPosition(position)
    cursor.setPosition(position + removed, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(inserted)
    return True


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
