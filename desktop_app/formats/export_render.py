"""Every export format behind one call: ``render_export(kind, pm, options) -> bytes``.

The command line and the export dialog both use it, so a format, its file name and
the redaction option behave the same everywhere. With ``options.redact`` the
postmortem is redacted (``domain.redaction``) before any format sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.models import Postmortem
from desktop_app.domain.redaction import redact
from desktop_app.formats.export_options import ExportOptions
from desktop_app.formats.pdf_cancel import Cancelled, check


@dataclass(frozen=True)
class ExportKind:
    """A format the user can export to."""

    key: str
    label: str
    suffix: str  # appended to the file stem, extension included
    file_filter: str
    is_pdf: bool = False


KINDS: tuple[ExportKind, ...] = (
    ExportKind("summary-pdf", "Executive summary (PDF)", "-summary.pdf", "PDF documents (*.pdf)", is_pdf=True),
    ExportKind("full-pdf", "Full report (PDF)", "-report.pdf", "PDF documents (*.pdf)", is_pdf=True),
    ExportKind("markdown", "Markdown", ".md", "Markdown (*.md)"),
    ExportKind("json", "JSON", ".json", "JSON (*.json)"),
    ExportKind("csv", "Action items (CSV)", "-actions.csv", "CSV (*.csv)"),
    ExportKind("ics", "Review invitation (ICS)", "-review.ics", "Calendar invitation (*.ics)"),
)
KIND_KEYS: tuple[str, ...] = tuple(k.key for k in KINDS)


def kind(key: str) -> ExportKind:
    """The format called ``key``; ``KeyError`` for an unknown one."""
    for candidate in KINDS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def render_export(key: str, pm: Postmortem, options: ExportOptions | None = None, *,
                  cancelled: Cancelled | None = None) -> bytes:
    """The bytes of the ``key`` export of ``pm``; ``ExportFailure`` says why one cannot be made.

    ``cancelled`` (asked now and then while a PDF is laid out) stops the export with
    ``errors.ExportCancelled`` once it answers ``True``.
    """
    options = options or ExportOptions()
    check(cancelled)
    if options.redact:
        pm, _plan = redact(pm)
        check(cancelled)
    if key == "summary-pdf":
        from desktop_app.formats.pdf_summary import render_summary_pdf

        return render_summary_pdf(pm, options=options, cancelled=cancelled)
    if key == "full-pdf":
        from desktop_app.formats.pdf_report import render_full_report

        return render_full_report(pm, options=options, cancelled=cancelled)
    if key == "json":
        from desktop_app.formats.json_format import to_json

        return to_json(pm).encode("utf-8")
    if key == "markdown":
        from desktop_app.formats.markdown_export import to_markdown

        return to_markdown(pm).encode("utf-8")
    if key == "csv":
        from desktop_app.formats.csv_export import action_items_csv

        return action_items_csv([pm])
    if key == "ics":
        from desktop_app.formats.ics_export import review_invite_ics

        return review_invite_ics(pm)
    raise KeyError(key)
