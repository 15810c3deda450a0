"""Right-to-left paragraphs that wrap: lines in reading order from the top, each line's words in order."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

import pytest
import reportlab.rl_config
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Table

from desktop_app.domain.models import EventKind, Narrative, Postmortem, TimelineEvent
from desktop_app.formats import pdf_bidi
from desktop_app.formats.pdf_fonts import fonts
from desktop_app.formats.pdf_report import render_full_report
from desktop_app.formats.pdf_summary import render_summary_pdf
from desktop_app.formats.pdf_text import BidiParagraph, markup

HEBREW = ("השירות נפל בגלל שינוי בתצורה של שער הכניסה והמשתמשים קיבלו שגיאות "
          "במשך עשרים דקות עד שהשינוי בוטל")
ARABIC = "توقفت الخدمة بسبب تغيير في إعدادات البوابة وتلقى المستخدمون أخطاء لمدة عشرين دقيقة"


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _lines(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [" ".join(unicodedata.normalize("NFKC", line).split()) for line in text.split("\n")]


def _cell_pdf(text: str, width: float) -> bytes:
    style = ParagraphStyle("cell", fontName=fonts().regular, fontSize=10, leading=13)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Table([[BidiParagraph(markup(text), style)]], colWidths=[width])])
    return buffer.getvalue()


def test_a_long_hebrew_paragraph_in_a_narrow_cell_reads_line_by_line_from_the_top() -> None:
    assert [line for line in _lines(_cell_pdf(HEBREW, 120)) if line] == [
        "השירות נפל בגלל שינוי",
        "בתצורה של שער הכניסה",
        "והמשתמשים קיבלו",
        "שגיאות במשך עשרים",
        "דקות עד שהשינוי בוטל",
    ]


def test_a_long_arabic_paragraph_is_joined_and_reads_line_by_line_from_the_top() -> None:
    assert [line for line in _lines(_cell_pdf(ARABIC, 140)) if line] == [
        "توقفت الخدمة بسبب تغيير في",
        "إعدادات البوابة وتلقى",
        "المستخدمون أخطاء لمدة",
        "عشرين دقيقة",
    ]


def test_each_wrapped_line_is_drawn_in_visual_order() -> None:
    text = "abc שלום עולם 2024 xyz"
    assert "".join(char for _, char in pdf_bidi.visual_order(text, rtl=False)) == "abc 2024 םלוע םולש xyz"
    assert "".join(char for _, char in pdf_bidi.visual_order("שלום (עולם) API 2.3 סוף", rtl=True)) == (
        "ףוס API 2.3 (םלוע) םולש"
    )
    # Without python-bidi the small fallback gives the same order for these lines.
    assert "".join(char for _, char in pdf_bidi._fallback_order("שלום (עולם) API 2.3 סוף", 1)) == (
        "ףוס API 2.3 (םלוע) םולש"
    )


def _in_order(lines: list[str], text: str) -> list[str]:
    """The extracted lines that hold words of ``text``, checked to give ``text`` back read top to bottom."""
    words = set(text.split())
    found = [line for line in lines if line and set(line.split()) <= words]
    assert " ".join(found) == text
    return found


def test_a_hebrew_timeline_description_wraps_in_reading_order_in_the_full_report() -> None:
    pm = Postmortem(
        title="Gateway outage",
        timeline=[TimelineEvent(occurred_at=datetime(2024, 3, 14, 9, 0, tzinfo=UTC), kind=EventKind.TRIGGER,
                                description=HEBREW + " " + HEBREW)],
    )
    found = _in_order(_lines(render_full_report(pm)), HEBREW + " " + HEBREW)
    assert len(found) > 1
    assert found[0].startswith("השירות נפל")


def test_an_arabic_quote_in_the_summary_wraps_in_reading_order() -> None:
    quote = " ".join([ARABIC] * 3)
    pm = Postmortem(title="Gateway outage", narrative=Narrative(summary=quote, impact=HEBREW * 1))
    lines = _lines(render_summary_pdf(pm))
    found = _in_order(lines, quote)
    assert len(found) > 1
    assert found[0].startswith("توقفت الخدمة")
    assert _in_order(lines, HEBREW)
