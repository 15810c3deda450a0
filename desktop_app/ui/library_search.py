"""Full-text search results in the library: a list of hits with the matched text highlighted.

Hits arrive as plain text plus ``(start, end)`` spans; the delegate builds its rich
text by escaping every piece of user text, so ``<b>`` typed by a user shows as
``<b>``. Each hit knows the wizard step and document path of its text, so opening
it lands on the field (``result_step``).

``SearchRunner`` runs the searches on a worker thread (``QThreadPool`` with one thread; the
search opens its own database connection there), so typing never waits for the database.
Each query gets a number; a result arriving after a newer query started is dropped, and a
query still queued when a newer one arrives never runs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.domain.completeness import Step
from desktop_app.storage.search import SearchHit, SearchThreadError

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


def from_first_match(snippet: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``snippet`` cut to begin at its first span ("…" before it), the spans shifted to match."""
    if not spans or spans[0][0] <= (1 if snippet.startswith("…") else 0):
        return snippet, list(spans)
    cut = spans[0][0]
    return "…" + snippet[cut:], [(start - cut + 1, end - cut + 1) for start, end in spans]


def match_line(document: QTextDocument) -> int | None:
    """The line of the snippet (the document's second block) where the first highlight starts, or ``None``.

    Read from the laid-out document, so positions stay in Qt's own units (UTF-16: an emoji is two)."""
    document.documentLayout()  # lays the document out
    block = document.begin().next()
    if not block.isValid():
        return None
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.isValid() and fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
            line = block.layout().lineForTextPosition(fragment.position() - block.position())
            return line.lineNumber() if line.isValid() else None
        fragments += 1
    return None


def hit_head(metrics: QFontMetrics, hit: SearchHit, width: int) -> str:
    """``Postmortem title · Timeline · 14:05`` in ``width`` pixels: a long title is shortened first, so
    where in the postmortem the match is stays readable (the title keeps at least 40 % of the line)."""
    where = f" · {hit.label}" if hit.label else ""
    title = hit.title or UNTITLED
    room = max(width - metrics.horizontalAdvance(where), round(width * 0.4))
    head = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room) + where
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, width)


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
    """Paints a hit: its postmortem and place on one muted line, then up to two lines of snippet.

    The head is elided to the row's width; the snippet wraps and is cut after its second line,
    so every row has the same height and no row paints over the next.
    """

    MARGIN = 6
    SNIPPET_LINES = 2

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        hit: SearchHit = index.data(HitRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        width = max(10, option.rect.width() - 2 * self.MARGIN)
        head_text = hit_head(option.fontMetrics, hit, width)
        head = (
            f'<div style="color:{muted.name() if not selected else text_color.name()}">'
            f"{html.escape(head_text)}</div>"
        )
        snippet, spans = hit.snippet, hit.spans
        document = self._laid_out(option.font, width, head, text_color.name(), snippet, spans)
        line = match_line(document)
        if line is not None and line >= self.SNIPPET_LINES:
            # The text before the match fills the lines shown (wide characters, a narrow list):
            # start the snippet at the match so it is always seen highlighted.
            snippet, spans = from_first_match(snippet, spans)
            document = self._laid_out(option.font, width, head, text_color.name(), snippet, spans)
        return document

    @staticmethod
    def _laid_out(font: QFont, width: int, head: str, color: str, snippet: str,
                  spans: Sequence[tuple[int, int]]) -> QTextDocument:
        body = f'<div style="color:{color}">{highlighted_html(snippet, spans)}</div>'
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        document.setHtml(head + body)
        document.setTextWidth(width)
        return document

    def _visible_height(self, document: QTextDocument) -> float:
        """Height of the head line and the snippet's first ``SNIPPET_LINES`` lines."""
        document.documentLayout()  # lays the document out
        bottom = 0.0
        block = document.begin()
        first = True
        while block.isValid():
            layout = block.layout()
            lines = layout.lineCount()
            if lines:
                keep = 1 if first else min(lines, self.SNIPPET_LINES)
                bottom = layout.position().y() + layout.lineAt(keep - 1).rect().bottom()
            if not first:
                break
            first = False
            block = block.next()
        return bottom

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = self._document(option, index)
        top = self.MARGIN // 2
        room = option.rect.height() - top
        clip = QRectF(0, 0, option.rect.width() - 2 * self.MARGIN, min(room, self._visible_height(document)))
        painter.save()
        painter.translate(option.rect.left() + self.MARGIN, option.rect.top() + top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        painter.setClipRect(clip)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        line = option.fontMetrics.lineSpacing()
        return QSize(200, (1 + self.SNIPPET_LINES) * line + self.MARGIN + 4)


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


PREPARED_SNIPPETS = 30
"""Hits whose snippet the worker works out before handing them over (the rows first shown)."""


class _Relay(QObject):
    """Carries a worker's result to the thread the runner lives in (a queued signal)."""

    done = Signal(int, str, object, object)  # number, query, hits or None, error or None


class _SearchTask(QRunnable):
    """One search on a pool thread; skipped if a newer query started while it waited."""

    def __init__(
        self, runner: SearchRunner, number: int, function: SearchFunction, query: str, limit: int | None
    ) -> None:
        super().__init__()
        self._runner = runner
        self._relay = runner._relay
        self._number = number
        self._function = function
        self._query = query
        self._limit = limit

    def run(self) -> None:
        if self._number != self._runner.latest:
            self._relay.done.emit(self._number, self._query, None, None)
            return
        try:
            hits = self._function(self._query, self._limit)
            for hit in hits[:PREPARED_SNIPPETS]:
                hit.snippet  # noqa: B018 - folds the text here, not while painting
        except Exception as exc:  # noqa: BLE001 - reported to the UI thread, which shows it
            self._relay.done.emit(self._number, self._query, None, exc)
            return
        self._relay.done.emit(self._number, self._query, hits, None)


class SearchRunner(QObject):
    """Runs ``SearchFunction`` calls off the UI thread and delivers the newest query's hits.

    Signals:
        finished(str, object): the query and its hits (a list of ``SearchHit``).
        failed(str, str): the query and what went wrong.

    A search function that cannot run on another thread (``SearchThreadError``: an
    in-memory database) is run on the UI thread from then on.
    """

    finished = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.latest = 0
        self._busy = False
        self._in_background = True
        self._last: tuple[SearchFunction, str, int | None] | None = None

    @property
    def busy(self) -> bool:
        """Whether the newest query's hits are still to come."""
        return self._busy

    @property
    def in_background(self) -> bool:
        return self._in_background

    def start(self, function: SearchFunction, query: str, limit: int | None) -> None:
        """Search for ``query``; earlier queries' hits will not be delivered."""
        self.latest += 1
        self._last = (function, query, limit)
        if not self._in_background:
            self.run_now(function, query, limit)
            return
        self._busy = True
        self._pool.start(_SearchTask(self, self.latest, function, query, limit))

    def run_now(self, function: SearchFunction, query: str, limit: int | None) -> None:
        """Search on this thread and deliver the hits before returning (the user pressed Enter)."""
        self.latest += 1
        self._busy = False
        try:
            hits = function(query, limit)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the library keeps working
            self.failed.emit(query, str(exc))
            return
        self.finished.emit(query, hits)

    def cancel(self) -> None:
        """Deliver nothing for the queries started so far."""
        self.latest += 1
        self._busy = False

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker to be idle (tests, closing); True if it is."""
        return self._pool.waitForDone(msecs)

    def _done(self, number: int, query: str, hits: list[SearchHit] | None, error: Exception | None) -> None:
        if number != self.latest:
            return  # a newer query has started: these hits are stale
        self._busy = False
        if isinstance(error, SearchThreadError):
            self._in_background = False
            if self._last is not None:
                self.run_now(*self._last)
            return
        if error is not None:
            self.failed.emit(query, str(error) or type(error).__name__)
            return
        self.finished.emit(query, hits or [])

