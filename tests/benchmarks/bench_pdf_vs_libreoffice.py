"""Hindsight's PDFs against what a user would do instead: LibreOffice converting the Markdown export.

For the largest corpus file (by bytes), for the maximal postmortem of the PDF tests
(1,000 events, 200 causes, 100 action items, a 50 KB narrative) and for a postmortem with
one 1,000,000-character field (the most a field holds) this times

* the executive summary PDF and the full report PDF (``formats.export_render``), and
* ``soffice --headless --convert-to pdf`` of the same postmortem as HTML (our Markdown
  export rendered by markdown-it-py, tables on), with a throw-away profile folder.

LibreOffice is timed per conversion as a user runs it, a fresh process each time; the
first run also creates the profile, so it is reported apart ("cold") from the median of
the following runs ("warm"). Without LibreOffice the rows say "LibreOffice not installed".

Run: ``.venv/bin/python tests/benchmarks/bench_pdf_vs_libreoffice.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "formats"))
sys.path.insert(0, str(HERE.parents[1]))

from markdown_it import MarkdownIt  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from test_pdf_report import _maximal  # noqa: E402

from desktop_app.domain.models import Postmortem  # noqa: E402
from desktop_app.formats.export_render import render_export  # noqa: E402
from desktop_app.formats.importer import import_path  # noqa: E402
from desktop_app.formats.markdown_export import to_markdown  # noqa: E402

CORPUS = HERE.parents[2] / "shared" / "corpus"
NOT_INSTALLED = "LibreOffice not installed"


def one_huge_field() -> Postmortem:
    """A postmortem whose discussion notes hold 1,000,000 characters of pasted log lines (a field's most)."""
    line = "May 14 09:12:01 api-7 ERROR upstream timed out after 30000 ms (request id 5f2c) & retrying\n"
    return Postmortem(title="One huge field", discussion_notes=(line * (1_000_000 // len(line) + 1))[:1_000_000])


def libreoffice() -> str | None:
    """The LibreOffice program, if one is installed."""
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def as_html(pm: Postmortem) -> str:
    """The postmortem as the HTML page a user would get from its Markdown export."""
    body = MarkdownIt("commonmark").enable("table").render(to_markdown(pm))
    title = pm.title.replace("&", "&amp;").replace("<", "&lt;")
    head = f'<meta charset="utf-8"><title>{title}</title>'
    return f"<!doctype html>\n<html><head>{head}</head>\n<body>{body}</body></html>\n"


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    samples: list[float] = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return samples, result


def pages(data: bytes) -> int:
    import io

    return len(PdfReader(io.BytesIO(data)).pages)


def convert_with_libreoffice(program: str, html: str, work: Path, runs: int) -> tuple[float, list[float], int]:
    """Cold time, warm times and page count of converting ``html`` to PDF with a fresh soffice each time."""
    source = work / "postmortem.html"
    source.write_text(html, encoding="utf-8")
    profile = (work / "profile").as_uri()
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(work / "out"), str(source)]
    times: list[float] = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - start)
    produced = (work / "out" / "postmortem.pdf").read_bytes()
    return times[0], times[1:], pages(produced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    args = parser.parse_args()
    largest = max(CORPUS.glob("*.md"), key=lambda p: p.stat().st_size)
    cases = {
        f"{largest.name} ({largest.stat().st_size / 1024:.0f} KB)": import_path(largest).postmortem,
        "maximal (1,000 events, 200 causes, 100 actions, 50 KB text)": _maximal(),
        "one 1,000,000-character discussion note": one_huge_field(),
    }
    program = libreoffice()
    render_export("summary-pdf", Postmortem(title="warm-up"))  # fonts registered once, as in the app
    rows: list[tuple[str, str, str, str, str]] = []
    for name, pm in cases.items():
        summary, summary_pdf = timed(lambda pm=pm: render_export("summary-pdf", pm), args.runs)
        full, full_pdf = timed(lambda pm=pm: render_export("full-pdf", pm), args.runs)
        ours = [("summary PDF", summary, summary_pdf), ("full report PDF", full, full_pdf)]
        if program is None:
            lo_text, lo_warm = NOT_INSTALLED, None
        else:
            with tempfile.TemporaryDirectory(prefix="hindsight-bench-lo-") as tmp:
                cold, warm, lo_pages = convert_with_libreoffice(program, as_html(pm), Path(tmp), args.runs)
            lo_warm = statistics.median(warm)
            lo_text = f"{lo_warm * 1000:,.0f} ms warm, {cold * 1000:,.0f} ms cold, {lo_pages} pages"
        for what, samples, data in ours:
            median = statistics.median(samples)
            ratio = f"{lo_warm / median:.1f}x faster" if lo_warm and median < lo_warm else (
                f"{median / lo_warm:.1f}x slower" if lo_warm else "-")
            assert isinstance(data, bytes)
            rows.append((name, what, f"{median * 1000:,.0f} ms, {pages(data)} pages", lo_text, ratio))
    headers = ("postmortem", "Hindsight export", "Hindsight (median)", "LibreOffice HTML -> PDF", "Hindsight vs LO")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print(f"\nPDF export vs LibreOffice ({args.runs} runs each; LibreOffice: {program or NOT_INSTALLED})")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
