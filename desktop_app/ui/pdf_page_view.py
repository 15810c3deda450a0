"""A PDF page preview: the page scaled to fit or zoomed, "Page 1 of N" and previous/next buttons.

The widget only shows what it is given: ``show_page`` with a rendered ``PageImage``,
``show_message`` while a page is being rendered or when it cannot be. Asking for
another page emits ``page_requested(index)``; the owner renders it and calls
``show_page`` again. Page Up / Page Down turn pages while the view has focus.

Zoom: "Fit page" (the default), "Fit width" and "100 %" (the page at the preview's
resolution) in a scroll area; a double click on the page switches between fitting the
page and 100 %.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.pdf_page_image import PageImage

PAGE_BACKGROUND = "#8A94A6"
FIT_PAGE, FIT_WIDTH, ACTUAL_SIZE = 0, 1, 2
ZOOMS = ("Fit page", "Fit width", "100 %")


class _PageLabel(QLabel):
    """The page; a double click asks to switch between fitting the page and 100 %."""

    double_clicked = Signal()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, 420)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.double_clicked.emit()
        event.accept()


class _Scroll(QScrollArea):
    """A scroll area that says when it is resized (the page is fitted again)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit()


class PdfPageView(QWidget):
    """One page of a PDF, scaled to the space available, with page navigation.

    Signals:
        page_requested(int): the user asked for the page with this 0-based index.
    """

    page_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page: PageImage | None = None
        self.page_label = _PageLabel()
        self.page_label.setAccessibleName("Page preview")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setTextFormat(Qt.TextFormat.PlainText)
        self.page_label.setWordWrap(True)
        self.page_label.setMinimumSize(160, 200)
        self.page_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.page_label.setStyleSheet(f"background: {PAGE_BACKGROUND}; color: white; padding: 8px;")
        self.page_label.setToolTip("Double-click to switch between the whole page and 100 %")
        self.scroll = _Scroll()
        self.scroll.setWidget(self.page_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setStyleSheet(f"QScrollArea {{ background: {PAGE_BACKGROUND}; border: none; }}")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setAccessibleName("Zoom")
        self.zoom_combo.addItems(ZOOMS)
        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setToolTip("Previous page (Page Up)")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip("Next page (Page Down)")
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.count_label, 1)
        row.addWidget(self.zoom_combo)
        row.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(row)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.scroll.resized.connect(self._rescale)
        self.zoom_combo.currentIndexChanged.connect(self._rescale)
        self.page_label.double_clicked.connect(self.toggle_zoom)
        self.show_message("")

    @property
    def page(self) -> PageImage | None:
        """The page shown, or ``None`` while a message is shown."""
        return self._page

    @property
    def image(self) -> QImage | None:
        """The page at full preview resolution."""
        return self._page.image if self._page is not None else None

    def show_page(self, page: PageImage) -> None:
        """Show ``page`` scaled to fit, with its number and the buttons that make sense."""
        self._page = page
        self.page_label.setText("")
        self._rescale()
        self.count_label.setText(f"Page {page.index + 1} of {page.count}")
        self.previous_button.setEnabled(page.index > 0)
        self.next_button.setEnabled(page.index + 1 < page.count)

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a page (rendering, or why there is no page)."""
        self._page = None
        self.scroll.setWidgetResizable(True)
        self.page_label.setPixmap(QPixmap())
        self.page_label.setText(text)
        self.count_label.setText("")
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)

    def previous_page(self) -> None:
        if self._page is not None and self._page.index > 0:
            self.page_requested.emit(self._page.index - 1)

    def next_page(self) -> None:
        if self._page is not None and self._page.index + 1 < self._page.count:
            self.page_requested.emit(self._page.index + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_PageUp:
            self.previous_page()
        elif event.key() == Qt.Key.Key_PageDown:
            self.next_page()
        else:
            super().keyPressEvent(event)

    @property
    def zoom(self) -> int:
        """``FIT_PAGE``, ``FIT_WIDTH`` or ``ACTUAL_SIZE``."""
        return self.zoom_combo.currentIndex()

    def set_zoom(self, zoom: int) -> None:
        self.zoom_combo.setCurrentIndex(zoom)

    def toggle_zoom(self) -> None:
        """Switch between the whole page and 100 % (a double click on the page)."""
        self.set_zoom(ACTUAL_SIZE if self.zoom == FIT_PAGE else FIT_PAGE)

    def _rescale(self) -> None:
        if self._page is None:
            return
        ratio = self.page_label.devicePixelRatioF()
        image = self._page.image
        padding = 16  # the label's padding, both sides
        viewport = self.scroll.viewport().size()
        zoom = self.zoom
        self.scroll.setWidgetResizable(zoom == FIT_PAGE)
        if zoom == FIT_PAGE:
            room = QSize(max(1, viewport.width() - padding), max(1, viewport.height() - padding)) * ratio
        elif zoom == FIT_WIDTH:
            bar = self.scroll.verticalScrollBar().sizeHint().width()
            width = max(1, viewport.width() - padding - bar)
            room = QSize(width, max(1, round(width * image.height() / max(1, image.width())))) * ratio
        else:
            room = image.size()
        pixmap = QPixmap.fromImage(image).scaled(
            room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap.setDevicePixelRatio(ratio)
        self.page_label.setPixmap(pixmap)
        if zoom != FIT_PAGE:
            logical = pixmap.deviceIndependentSize().toSize()
            self.page_label.resize(logical.width() + padding, logical.height() + padding)


__all__ = ["ACTUAL_SIZE", "FIT_PAGE", "FIT_WIDTH", "PdfPageView"]
