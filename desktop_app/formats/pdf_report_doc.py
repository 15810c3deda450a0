"""The full report's page furniture: cover, body and landscape pages, footer, bookmarks and contents.

``ReportDocument`` is a platypus ``BaseDocTemplate`` with three page templates
(``cover``, ``body``, ``landscape`` for a wide fishbone). Every ``Heading`` that lands on
a page becomes a bookmark, an outline entry and a table-of-contents line. The footer
holds the optional logo, the organisation and the confidentiality label; the page
numbers ("Page N of M") are stamped once the page count is known (``pdf_canvas.numbered_canvas``).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop_app.formats import pdf_styles as look
from desktop_app.formats.export_options import Logo
from desktop_app.formats.pdf_cancel import Cancellable
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_report_blocks import Heading
from desktop_app.formats.pdf_text import BidiParagraph, markup

LANDSCAPE = landscape(look.PAGE_SIZE)
FOOTER_LOGO_HEIGHT = 5.5 * mm
FOOTER_LOGO_WIDTH = 22 * mm


def _frame(page: tuple[float, float], frame_id: str) -> Frame:
    return Frame(
        look.MARGIN_X,
        look.MARGIN_BOTTOM,
        page[0] - 2 * look.MARGIN_X,
        page[1] - look.MARGIN_TOP - look.MARGIN_BOTTOM,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def frame_size(page: tuple[float, float]) -> tuple[float, float]:
    """Width and height of the text frame on a page of that size."""
    return page[0] - 2 * look.MARGIN_X, page[1] - look.MARGIN_TOP - look.MARGIN_BOTTOM


class ReportDocument(Cancellable, BaseDocTemplate):
    """A4 report pages with furniture; records headings for the outline and the contents."""

    def __init__(
        self,
        target: io.BytesIO,
        *,
        title: str,
        author: str,
        subject: str,
        keywords: list[str],
        organisation: str,
        confidentiality: str,
        logo: Logo | None,
    ) -> None:
        super().__init__(
            target,
            pagesize=look.PAGE_SIZE,
            leftMargin=look.MARGIN_X,
            rightMargin=look.MARGIN_X,
            topMargin=look.MARGIN_TOP,
            bottomMargin=look.MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="Hindsight",
            keywords=keywords,
            initialFontName=fonts().regular,
        )
        self._title = title
        self._organisation = organisation.strip()
        self._confidentiality = confidentiality.strip()
        self._logo = ImageReader(io.BytesIO(logo.data)) if logo is not None else None
        self._logo_size = logo.fit(FOOTER_LOGO_WIDTH, FOOTER_LOGO_HEIGHT) if logo is not None else (0.0, 0.0)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[_frame(look.PAGE_SIZE, "cover")], onPage=self._footer),
                PageTemplate(id="body", frames=[_frame(look.PAGE_SIZE, "body")], onPage=self._furniture),
                PageTemplate(
                    id="landscape", frames=[_frame(LANDSCAPE, "wide")], onPage=self._furniture, pagesize=LANDSCAPE
                ),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        """Bookmark, outline entry and contents line for every heading."""
        if isinstance(flowable, Heading):
            # Jump to the heading itself (the frame's cursor is just below it), not to the page's top.
            top = self.frame._y + flowable.height + 4  # noqa: SLF001 - reportlab's frame cursor
            self.canv.bookmarkPage(flowable.key, fit="XYZ", left=0, top=min(top, self.canv._pagesize[1]))
            self.canv.addOutlineEntry(flowable.outline_title, flowable.key, level=flowable.level, closed=False)
            self.notify("TOCEntry", (flowable.level, markup(flowable.outline_title, visual=True), self.page, flowable.key))

    def _footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        s = look.styles()
        width = canvas._pagesize[0]  # noqa: SLF001 - the current page's size (landscape pages differ)
        canvas.saveState()
        rule_y = look.MARGIN_BOTTOM - 7 * mm
        canvas.setStrokeColor(look.RULE)
        canvas.setLineWidth(0.6)
        canvas.line(look.MARGIN_X, rule_y, width - look.MARGIN_X, rule_y)
        x = look.MARGIN_X
        if self._logo is not None:
            logo_w, logo_h = self._logo_size
            canvas.drawImage(self._logo, x, rule_y - 3 - logo_h, logo_w, logo_h, mask="auto")
            x += logo_w + 6
        parts = []
        if self._organisation:
            parts.append(
                f'<font color="{look.INK.hexval()}">'
                f"{markup(self._organisation, bold=True, limit=60, max_lines=1)}</font>"
            )
        if self._confidentiality:
            parts.append(
                f'<font color="{look.ALERT.hexval()}">'
                f"{markup(self._confidentiality.upper(), bold=True, limit=50, max_lines=1)}</font>"
            )
        if parts:
            left = BidiParagraph("  ·  ".join(parts), s.footer)
            _, height = left.wrap((width - 2 * look.MARGIN_X) * 0.6, 20)
            left.drawOn(canvas, x, rule_y - 3 - height)
        canvas.restoreState()

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._footer(canvas, doc)
        s = look.styles()
        page_w, page_h = canvas._pagesize  # noqa: SLF001
        canvas.saveState()
        running = BidiParagraph(markup(self._title, limit=110, max_lines=1), s.footer)
        _, height = running.wrap(page_w - 2 * look.MARGIN_X, 20)
        top = page_h - look.MARGIN_TOP + 5 * mm
        running.drawOn(canvas, look.MARGIN_X, top)
        canvas.setStrokeColor(look.RULE)
        canvas.setLineWidth(0.6)
        canvas.line(look.MARGIN_X, top - 2, page_w - look.MARGIN_X, top - 2)
        canvas.restoreState()


