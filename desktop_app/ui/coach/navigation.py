"""Best-effort: put the keyboard focus on the widget that edits a document path.

Tried in order: a field binding for the path (or the closest enclosing one); a table whose
model wraps the list the path points into (the row with that id, the column of that
attribute); the timeline table. Tabs holding
the widget are brought to the front first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from desktop_app.ui.wizard.bindings import Binding


def _reveal(widget: QWidget) -> None:
    """Bring every tab that holds ``widget`` to the front and scroll it into view."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)
            tabs.setCurrentWidget(child)
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        child, parent = parent, parent.parentWidget()


def _focus(widget: QWidget) -> bool:
    _reveal(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def select_span(widget: QWidget, span: tuple[int, int]) -> bool:
    """Select ``text[start:end]`` in a line or plain-text editor (and scroll to it); False otherwise."""
    start, end = span
    if isinstance(widget, QLineEdit) and 0 <= start <= end <= len(widget.text()):
        widget.setSelection(start, end - start)
        return True
    if isinstance(widget, QPlainTextEdit):
        document = widget.document()
        if not 0 <= start <= end <= document.characterCount() - 1:
            return False
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
        widget.ensureCursorVisible()
        return True
    return False


def _focus_binding(page: QWidget, path: tuple, span: tuple[int, int] | None = None) -> bool:
    best: Binding | None = None
    for binding in page.findChildren(Binding):
        bound = binding.path
        if path[: len(bound)] == bound and (best is None or len(bound) > len(best.path)):
            best = binding
    if best is None:
        return False
    widget = getattr(best, "widget", None) or best.parent()
    if not isinstance(widget, QWidget) or not _focus(widget):
        return False
    if span is not None and best.path == path:
        select_span(widget, span)
    return True


def _select(view: QAbstractItemView, index: QModelIndex) -> bool:
    model = view.model()
    if isinstance(model, QAbstractProxyModel):
        index = model.mapFromSource(index)
    if not index.isValid():
        return False
    _reveal(view)
    view.setCurrentIndex(index)
    view.scrollTo(index)
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def _focus_table(page: QWidget, path: tuple) -> bool:
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        source = model.sourceModel() if isinstance(model, QAbstractProxyModel) else model
        list_path = getattr(source, "list_path", None)
        if list_path is None and hasattr(source, "row_of") and path[:1] == ("timeline",):
            list_path = ("timeline",)
        if list_path is None or path[: len(list_path)] != tuple(list_path):
            continue
        rest = path[len(list_path) :]
        if not rest:
            _reveal(view)
            return _focus(view)
        row = -1
        if hasattr(source, "row_of"):
            row = source.row_of(rest[0])
        elif hasattr(source, "items"):
            ids = [getattr(i, "id", None) for i in source.items()]
            row = ids.index(rest[0]) if rest[0] in ids else -1
        if row < 0:
            continue
        column = 0
        attr = rest[1] if len(rest) > 1 else None
        columns = getattr(source, "columns", None)
        if attr is not None and columns is not None:
            column = next((c for c, col in enumerate(columns) if col.attr == attr), 0)
        elif attr == "description" and hasattr(source, "DESCRIPTION"):
            column = source.DESCRIPTION
        return _select(view, source.index(row, column))
    return False


def focus_path(page: QWidget, path: Sequence[str | int], span: tuple[int, int] | None = None) -> bool:
    """Focus the widget of ``page`` that edits ``path`` and, given a ``span`` of its text, select
    that; False when none was found (the page gets focus)."""
    path = tuple(path)
    if path and (_focus_binding(page, path, span) or _focus_table(page, path)):
        return True
    page.setFocus(Qt.FocusReason.OtherFocusReason)
    return False
