"""Markdown blocks in the PDFs: code in its shaded box everywhere (table cells too), every space kept,
long code lines wrapped with a mark, pipe tables as tables, footnotes as numbered notes."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest
import reportlab.rl_config
from pypdf import PdfReader
from reportlab.platypus import Paragraph, Spacer, Table

from desktop_app.domain.models import ActionItem, ExtraSection, Narrative, Postmortem
from desktop_app.formats.importer import import_path
from desktop_app.formats.pdf_prose import CODE, CONTINUATION, NOTE, TABLE, mark_blocks, pipe_table, wrap_code
from desktop_app.formats.pdf_report import render_full_report
from desktop_app.formats.pdf_report_blocks import (
    CodeBlock,
    PipeTable,
    body,
    cell_content,
    clipped_blocks,
    split_for_cell,
)
from desktop_app.formats.pdf_summary import render_summary_pdf

_CORPUS = Path(os.environ.get("HINDSIGHT_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)


def _pages(data: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def _corpus(name: str) -> Postmortem:
    path = _CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not available")
    return import_path(path).postmortem


def _texts(flowable: object, width: float = 400) -> list[str]:
    """The markup of every paragraph a flowable shows at ``width`` (code blocks and tables opened)."""
    if isinstance(flowable, CodeBlock | PipeTable):
        return [t for part in flowable.parts(width) for t in _texts(part, width)]
    if isinstance(flowable, Table):
        return [t for row in flowable._cellvalues for cell in row for t in _texts(cell, width)]  # noqa: SLF001
    if isinstance(flowable, list):
        return [t for f in flowable for t in _texts(f, width)]
    return [flowable.text] if isinstance(flowable, Paragraph) else []


def _plain(markup: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", markup.replace("<br/>", "\n")).replace(NBSP, " ").replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&")


# --- 1. code blocks in table cells --------------------------------------------------------------------

DESCRIPTION = "Cron scheduled.\n\n```bash\n#!/bin/bash\nset -e\n\ncd /var/lib\n```\nAfter the code."


def test_a_code_block_in_a_cell_is_a_shaded_box_after_a_paragraph_break() -> None:
    [piece] = split_for_cell(mark_blocks(DESCRIPTION), per_line=80)
    assert piece == f"Cron scheduled.\n\n{CODE}#!/bin/bash\n{CODE}set -e\n{CODE}\n{CODE}cd /var/lib\nAfter the code."
    content = cell_content(piece, Paragraph("x").style, "<b>Title</b>")
    assert [type(f).__name__ for f in content] == ["CellParagraph", "BidiParagraph", "Spacer", "CodeBlock",
                                                   "BidiParagraph"]
    assert _plain(content[0].text) == "Title"
    assert _plain(content[1].text) == "Cron scheduled."
    code = content[3]
    [narrative_code] = [f for f in body(DESCRIPTION) if isinstance(f, CodeBlock)]
    assert code.lines == narrative_code.lines == ["#!/bin/bash", "set -e", "", "cd /var/lib"]
    assert code.style is narrative_code.style and code.style.backColor is not None  # the same shaded box
    [markup] = _texts(code)
    assert _plain(markup) == "#!/bin/bash\nset -e\n\ncd /var/lib"
    assert _plain(content[4].text) == "After the code."


def test_a_plain_cell_stays_one_paragraph_and_pieces_never_start_with_a_break() -> None:
    [piece] = split_for_cell("one\ntwo", per_line=80)
    content = cell_content(piece, Paragraph("x").style, "<b>T</b>")
    assert type(content).__name__ == "CellParagraph" and _plain(content.text) == "T\none\ntwo"
    pieces = split_for_cell("a\nb\n\n\n\nc\nd", per_line=80, max_lines=2)
    assert pieces == ["a\nb", "c\nd"]


def test_action_item_code_renders_in_the_full_report() -> None:
    pm = Postmortem(title="Cells", action_items=[ActionItem(title="Cron cleanup scheduled", description=DESCRIPTION)])
    text = "\n".join(_pages(render_full_report(pm)))
    assert "Cron scheduled.\n#!/bin/bash\nset -e\ncd /var/lib\nAfter the code." in text


# --- 2. every space kept, long lines wrapped with a mark --------------------------------------------------

DIFF = """```diff
 def _fetch_github_file(
-    github_repository="owner/repo", ref="main"
+    github_repository="owner/repo",
+    ref="main",
```"""


def test_a_diff_keeps_every_space_after_its_minus_and_plus() -> None:
    [code] = body(DIFF)
    assert isinstance(code, CodeBlock)
    assert code.lines == [' def _fetch_github_file(', '-    github_repository="owner/repo", ref="main"',
                          '+    github_repository="owner/repo",', '+    ref="main",']
    [markup] = _texts(code)
    assert _plain(markup).split("\n")[1] == '-    github_repository="owner/repo", ref="main"'
    assert f"-{NBSP * 4}github_repository" in markup and f"+{NBSP * 4}ref=" in markup
    pages = _pages(render_full_report(Postmortem(title="Diff", narrative=Narrative(root_cause=DIFF))))
    text = "\n".join(pages)
    assert '-    github_repository="owner/repo", ref="main"' in text
    assert '+    ref="main",' in text and " def _fetch_github_file(" in text


def test_wrap_code_marks_continuations_prefers_spaces_and_keeps_every_character() -> None:
    line = "docker buildx build --platform linux/amd64,linux/arm64 -t cabotage/cabotage-app:v3.0.0b${generation} --push ."
    parts = wrap_code(line, 50)
    assert parts == [
        "docker buildx build --platform ",
        f"{CONTINUATION} linux/amd64,linux/arm64 -t ",
        f"{CONTINUATION} cabotage/cabotage-app:v3.0.0b${{generation}} ",  # not "--push" alone before a lone "."
        f"{CONTINUATION} --push .",
    ]
    assert "".join(p.removeprefix(f"{CONTINUATION} ") for p in parts) == line
    assert wrap_code("x" * 25, 10) == ["x" * 10, f"{CONTINUATION} " + "x" * 8, f"{CONTINUATION} " + "x" * 7]
    assert wrap_code("short", 40) == ["short"]
    assert wrap_code("", 40) == [""]


def test_a_long_code_line_in_the_pdf_continues_on_a_marked_line() -> None:
    line = "echo " + " ".join(f"word{i:03d}" for i in range(40))
    [code] = body(f"```\n{line}\n```")
    lines = code.visual_lines(400)
    assert len(lines) == 4 and all(x.startswith(CONTINUATION + " ") for x in lines[1:])
    text = "\n".join(_pages(render_full_report(Postmortem(title="Long", narrative=Narrative(root_cause=f"```\n{line}\n```")))))
    assert text.count(CONTINUATION) >= 2
    assert "word039" in text and "\n.\n" not in text


# --- 3. pipe tables -------------------------------------------------------------------------------------

GFM = "Before.\n\n| Name | Value |\n| --- | :-: |\n| Authors | serathius@ |\n| a \\| b | `x<y` & **z** |\n\nAfter."


def test_pipe_table_reads_header_rows_and_escaped_pipes() -> None:
    lines = [line[1:] for line in mark_blocks(GFM).split("\n") if line.startswith(TABLE)]
    assert pipe_table(lines) == (["Name", "Value"], [["Authors", "serathius@"], ["a | b", "`x<y` & **z**"]])
    # without a separator row (as the importer leaves some), an empty first row is dropped, no header
    assert pipe_table(["|  |  |", "| Authors | serathius@ |", "| Date | 2022-04-20 |"]) == (
        None, [["Authors", "serathius@"], ["Date", "2022-04-20"]])
    assert pipe_table(["| just one row |"]) is None


def test_a_pipe_table_in_prose_is_a_table_with_a_shaded_header() -> None:
    flowables = body(GFM)
    [table] = [f for f in flowables if isinstance(f, PipeTable)]
    assert table.header == ["Name", "Value"]
    assert table.rows == [["Authors", "serathius@"], ["a | b", "`x<y` & **z**"]]
    [built] = table.parts(400)
    assert isinstance(built, Table) and built.repeatRows == 1
    cells = [[_plain(c.text) for c in row] for row in built._cellvalues]  # noqa: SLF001
    assert cells == [["Name", "Value"], ["Authors", "serathius@"], ["a | b", "x<y & z"]]
    assert any(cmd[0] == "BACKGROUND" and cmd[1] == (0, 0) for cmd in built._bkgrndcmds)  # noqa: SLF001
    assert _plain(flowables[0].text) == "Before." and _plain(flowables[-1].text) == "After."


def test_etcd_summary_table_is_a_table_in_all_three_places() -> None:
    pm = _corpus("etcd-2022-v3.5-data-inconsistency.md")
    [first, second] = clipped_blocks(pm.narrative.summary, 900, max_lines=10)
    assert isinstance(first, PipeTable) and isinstance(second, PipeTable)
    assert first.rows == [["Authors", "serathius@"], ["Date", "2022-04-20"], ["Status", "published"]]
    assert [row[0] for row in second.rows] == ["Summary", "Impact"]
    tables = [f for f in body(pm.narrative.summary) if isinstance(f, PipeTable)]
    assert [t.rows[0] for t in tables] == [["Authors", "serathius@"], second.rows[0]]
    full = _pages(render_full_report(pm))
    summary = _pages(render_summary_pdf(pm))
    assert len(summary) <= 2
    for text in (full[0], full[2], summary[0]):
        assert "Authors\nserathius@\nDate\n2022-04-20\nStatus\npublished\nSummary\nCode refactor" in text
        assert "|" not in text.split("Authors", 1)[1].split("Impact", 1)[0]


# --- 4. footnotes ---------------------------------------------------------------------------------------

NOTES = "Built from clean source[^1] only[^2].\n\n[^1]: First note. [^2]: Second `note`.\n[^3]:\n    Third,\n    continued."


def test_footnote_definitions_are_each_a_numbered_small_paragraph() -> None:
    assert mark_blocks(NOTES).split("\n")[2:] == [f"{NOTE}1]First note.", f"{NOTE}2]Second `note`.",
                                                  f"{NOTE}3]Third, continued."]
    flowables = body(NOTES)
    assert "<super>" in flowables[0].text and _plain(flowables[0].text) == "Built from clean source1 only2."
    notes = [f for f in flowables if getattr(f, "footnote", False)]
    assert [(n.bulletText, _plain(n.text)) for n in notes] == [("1.", "First note."), ("2.", "Second note."),
                                                            ("3.", "Third, continued.")]
    assert isinstance(flowables[1], Spacer)


def test_pypi_footnotes_render_as_superscripts_and_numbered_notes() -> None:
    pm = _corpus("pypi-2024-06-28-leaked-token.md")
    text = "\n".join(_pages(render_full_report(pm)))
    assert "[^" not in text
    assert "\n1. Exact date is unknown, as GitHub Account Security Logs are not available beyond 90 days.\n" in text
    assert "\n7. PyPI for instance supports Trusted Publishers." in text
    assert '-    github_repository="owner/repo", ref="main", access_token=None, filename="Dockerfile"' in text
