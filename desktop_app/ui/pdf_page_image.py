"""One page of a PDF as a ``QImage``, rendered with pypdfium2 (for the export dialog's preview).

Qt's own PDF module is not part of PySide6-Essentials, so pages are rasterised by
PDFium through pypdfium2. PDFium is not thread-safe: every call goes through one lock,
so a preview worker and another thread never render at the same time.

PDFium is asked for 4-byte pixels in ``R G B x`` byte order (``prefer_bgrx`` plus
``rev_byteorder``), which is exactly ``QImage.Format_RGBX8888`` on any byte order; the
image is copied out of PDFium's buffer before the bitmap is freed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2
from PySide6.QtGui import QImage

_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    """A rendered page, which page it is (0-based) and how many pages the document has."""

    image: QImage
    index: int
    count: int


class PdfPreviewError(Exception):
    """The PDF could not be opened or the page could not be drawn."""


def render_page(pdf: bytes, index: int = 0, *, dpi: float = 110.0) -> PageImage:
    """Page ``index`` of ``pdf`` at ``dpi`` as an opaque image; the index is clamped to the document."""
    with _LOCK:
        try:
            document = pypdfium2.PdfDocument(pdf)
        except pypdfium2.PdfiumError as exc:
            raise PdfPreviewError(f"the PDF cannot be opened for the preview: {exc}") from exc
        try:
            count = len(document)
            if count == 0:
                raise PdfPreviewError("the PDF has no pages")
            index = max(0, min(index, count - 1))
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH, prefer_bgrx=True, rev_byteorder=True)
                try:
                    image = QImage(
                        bitmap.buffer,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGBX8888,
                    ).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()
    return PageImage(image, index, count)


__all__ = ["PageImage", "PdfPreviewError", "render_page"]
