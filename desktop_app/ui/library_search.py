"""Full-text search results in the library: a list of hits with the matched text highlighted.

Hits arrive as plain text plus ``(start, end)`` spans; the delegate builds its rich
text by escaping every piece of user text, so ``<b>`` typed by a user shows as
``<b>``. Each hit knows the wizard step and document path of its text, so opening
it lands on the field (``result_step``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.storage.search import SearchHit

Index = QModelIndex | QPersistentModelIndex
SearchFunction = Callable[[str, int | None], list[SearchHit]]
"""``search(query, limit)``: hits best first; ``limit=None`` for all."""

HitRole = Qt.ItemDataRole.UserRole + 11
SpansRole = Qt.ItemDataRole.UserRole + 12
HtmlRole = Qt.ItemDataRole.UserRole + 13
UNTITLED = "Untitled postmortem"

_STEP_OF_FIELD = {
    "title": Step.RESTORATION,
    "restoration": Step.RESTORATION,
    "tags": Step.SHARE,
    "evidence": Step.GATHER_DATA,
    "stakeholders": Step.STAKEHOLDERS,
    "discussion_notes": Step.DISCUSSION,
    "open_questions": Step.DISCUSSION,
    "parking_lot": Step.DISCUSSION,
    "action_items": Step.ACTION_ITEMS,
}


def result_step(hit: SearchHit) -> Step:
    """The wizard step that edits the hit's field (narrative, timeline, causes… are findings)."""
    return _STEP_OF_FIELD.get(hit.field.split(".", 1)[0], Step.FINDINGS)


def highlighted_html(snippet: str, spans: Sequence[tuple[int, int]], mark: str = "#ffe58a") -> str:
    """``snippet`` as HTML with every span bold on ``mark``; all user text is escaped."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        if start < position or end <= start:
            continue
        parts.append(html.escape(snippet[position:start]))
        parts.append(f'<b style="background-color:{mark}; color:#000">{html.escape(snippet[start:end])}</b>')
        position = end
    parts.append(html.escape(snippet[position:]))
    return "".join(parts)


class SearchResultsModel(QAbstractListModel):
    """One row per ``SearchHit``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title or UNTITLED} · {hit.label}\n{hit.snippet}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.title or UNTITLED} — {hit.label}: {hit.snippet}"
        if role == HitRole:
            return hit
        if role == SpansRole:
            return list(hit.spans)
        if role == HtmlRole:
            return highlighted_html(hit.snippet, hit.spans)
        return None


class HitDelegate(QStyledItemDelegate):
    """Paints a hit on two lines: its postmortem and place (muted), then the highlighted snippet."""

    MARGIN = 6

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        hit: SearchHit = index.data(HitRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        head = (
            f'<div style="color:{muted.name() if not selected else text_color.name()}">'
            f"{html.escape(hit.title or UNTITLED)} · {html.escape(hit.label)}</div>"
        )
        body = f'<div style="color:{text_color.name()}">{highlighted_html(hit.snippet, hit.spans)}</div>'
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(head + body)
        document.setTextWidth(max(10, option.rect.width() - 2 * self.MARGIN))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + self.MARGIN, option.rect.top() + self.MARGIN // 2)
        clip = QRectF(0, 0, option.rect.width() - 2 * self.MARGIN, option.rect.height())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        painter.setClipRect(clip)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        line = option.fontMetrics.height()
        return QSize(200, 2 * line + self.MARGIN + 4)


class SearchResultsView(QListView):
    """The hits list: Enter or double-click opens the current hit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search results")
        self.setItemDelegate(HitDelegate(self))
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
