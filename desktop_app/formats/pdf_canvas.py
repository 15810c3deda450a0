"""The page canvas both PDFs share: "Generated <day> · Page N of M" stamped once N is known."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.formats import pdf_styles as look
from desktop_app.formats.pdf_content import format_day
from desktop_app.formats.pdf_fonts import fonts


def numbered_canvas(today: date, page_count: list[int]) -> type[Canvas]:
    """A canvas class that writes ``Generated <day> · Page N of M`` on each page once M is known.

    Each finished pass appends its page count to ``page_count``.

    Pages are held back until the count is known, so bookmarks (outline entries,
    contents links) are held with their page too: set when the page is written, they
    point at the page the heading is on, not at the first page.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 - reportlab's name
            self._page_bookmarks.append((key, kwargs))

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()
            self._page_bookmarks = []

        def save(self) -> None:
            total = len(self._saved_pages)
            page_count.append(total)
            for state in self._saved_pages:
                self.__dict__.update(state)
                for key, kwargs in self._page_bookmarks:
                    Canvas.bookmarkPage(self, key, **kwargs)
                self._stamp(total)
                super().showPage()
            super().save()

        def _stamp(self, total: int) -> None:
            self.saveState()
            self.setFont(fonts().regular, 7.5)
            self.setFillColor(look.MUTED)
            y = look.MARGIN_BOTTOM - 7 * mm - 3 - 7.5
            self.drawRightString(
                self._pagesize[0] - look.MARGIN_X,
                y,
                f"Generated {format_day(today)}   ·   Page {self._pageNumber} of {total}",
            )
            self.restoreState()

    return NumberedCanvas


__all__ = ["numbered_canvas"]
