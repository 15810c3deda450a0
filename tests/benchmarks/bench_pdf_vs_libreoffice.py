"""Hindsight's PDFs against what a user would do instead: LibreOffice converting the Markdown export.

For the largest corpus file (by bytes), for the maximal postmortem of the PDF tests
(1,000 events, 200 causes, 100 action items, a 50 KB narrative) and for a postmortem with
one 1,000,000-character field (the most a field holds) this times

* the executive summary PDF and the full report PDF (``formats.export_render``), and
* ``soffice --headless --convert-to pdf`` of the same postmortem as HTML (our Markdown
  export rendered by markdown-it-py, tables on), with a throw-away profile folder.

LibreOffice is timed per conversion as a user runs it, a fresh process each time; the
first run also creates the profile, so it is reported apart ("cold") from the median of
the following runs ("warm"). Without LibreOffice the rows say "LibreOffice not installed";
a conversion that fails or times out says so in its row and the other rows go on.

The ratio compares the full report (the same content as LibreOffice's document) with
LibreOffice's warm time; the summary is a one- or two-page digest, so its time is shown
without a ratio. LibreOffice needs about four minutes for the 1,000,000-character field,
so that conversion runs only with ``--huge-libreoffice`` and then once.

Run: ``.venv/bin/python tests/benchmarks/bench_pdf_vs_libreoffice.py [--runs N] [--huge-libreoffice]``.
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


class LibreOfficeFailed(Exception):
    """A conversion that did not give a PDF: the reason, for the table."""


def convert_with_libreoffice(program: str, html: str, work: Path, runs: int) -> tuple[float, list[float], int]:
    """Cold time, warm times (``runs - 1`` of them) and page count of converting ``html`` with a fresh soffice each time.

    ``LibreOfficeFailed`` says why a conversion gave no PDF.
    """
    source = work / "postmortem.html"
    source.write_text(html, encoding="utf-8")
    profile = (work / "profile").as_uri()
    produced_path = work / "out" / "postmortem.pdf"
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(work / "out"), str(source)]
    times: list[float] = []
    for _ in range(max(1, runs)):
        produced_path.unlink(missing_ok=True)
        start = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, timeout=LO_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise LibreOfficeFailed(f"timed out after {LO_TIMEOUT} s") from None
        except OSError as exc:
            raise LibreOfficeFailed(f"could not start: {exc.strerror or exc}") from exc
        times.append(time.perf_counter() - start)
        if done.returncode != 0 or not produced_path.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else "no PDF written"
            raise LibreOfficeFailed(f"exit code {done.returncode}: {reason[:80]}")
    return times[0], times[1:], pages(produced_path.read_bytes())


LO_TIMEOUT = 900  # seconds
HUGE = "one 1,000,000-character discussion note"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--huge-libreoffice", action="store_true",
                        help="also convert the 1,000,000-character postmortem with LibreOffice (once, ~4 min)")
    args = parser.parse_args()
    largest = max(CORPUS.glob("*.md"), key=lambda p: p.stat().st_size)
    cases = {
        f"{largest.name} ({largest.stat().st_size / 1024:.0f} KB)": import_path(largest).postmortem,
        "maximal (1,000 events, 200 causes, 100 actions, 50 KB text)": _maximal(),
        HUGE: one_huge_field(),
    }
    program = libreoffice()
    render_export("summary-pdf", Postmortem(title="warm-up"))  # fonts registered once, as in the app
    rows: list[tuple[str, ...]] = []
    for name, pm in cases.items():
        summary, summary_pdf = timed(lambda pm=pm: render_export("summary-pdf", pm), args.runs)
        full, full_pdf = timed(lambda pm=pm: render_export("full-pdf", pm), args.runs)
        assert isinstance(summary_pdf, bytes) and isinstance(full_pdf, bytes)
        full_median = statistics.median(full)
        lo_time: float | None = None
        if program is None:
            lo_text = NOT_INSTALLED
        elif name == HUGE and not args.huge_libreoffice:
            lo_text = "not run (about 4 min; --huge-libreoffice)"
        else:
            lo_runs = 1 if name == HUGE else args.runs + 1  # the first run is the cold one
            with tempfile.TemporaryDirectory(prefix="hindsight-bench-lo-") as tmp:
                try:
                    cold, warm, lo_pages = convert_with_libreoffice(program, as_html(pm), Path(tmp), lo_runs)
                except LibreOfficeFailed as exc:
                    lo_text = f"LibreOffice failed: {exc}"
                else:
                    lo_time = statistics.median(warm) if warm else cold
                    lo_text = (f"{lo_time * 1000:,.0f} ms warm, {cold * 1000:,.0f} ms cold, {lo_pages} pages"
                               if warm else f"{cold * 1000:,.0f} ms (one run), {lo_pages} pages")
        if lo_time is None:
            ratio = "-"
        elif full_median < lo_time:
            ratio = f"{lo_time / full_median:.1f}x faster"
        else:
            ratio = f"{full_median / lo_time:.1f}x slower"
        rows.append((
            name,
            f"{statistics.median(summary) * 1000:,.0f} ms, {pages(summary_pdf)} p.",
            f"{full_median * 1000:,.0f} ms, {pages(full_pdf)} p.",
            lo_text,
            ratio,
        ))
    headers = ("postmortem", "summary PDF (median)", "full report PDF (median)", "LibreOffice HTML -> PDF",
               "full report vs LO")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print(f"\nPDF export vs LibreOffice ({args.runs} runs each; LibreOffice: {program or NOT_INSTALLED})")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
