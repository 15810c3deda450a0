"""Every export format behind one call: ``render_export(kind, pm, options) -> bytes``.

The command line and the export dialog both use it, so a format, its file name and
the redaction option behave the same everywhere. With ``options.redact`` the
postmortem is redacted (``domain.redaction``) before any format sees it: every
name, the guessed ones too unless ``keep_names`` lists them (the export dialog's
unticked candidates; the command line redacts them all).
"""

from __future__ import annotations

from collections.abc import Collection
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
    description: str = ""  # one line on what the format is for


KINDS: tuple[ExportKind, ...] = (
    ExportKind("summary-pdf", "Executive summary (PDF)", "-summary.pdf", "PDF documents (*.pdf)", is_pdf=True,
               description="One or two designed pages for leadership: metrics, impact, cause and top actions."),
    ExportKind("full-pdf", "Full report (PDF)", "-report.pdf", "PDF documents (*.pdf)", is_pdf=True,
               description="Every section with contents, timeline, fishbone, 5 Whys, actions and evidence."),
    ExportKind("markdown", "Markdown", ".md", "Markdown (*.md)",
               description="For a wiki or a repository; Hindsight imports it back."),
    ExportKind("json", "JSON", ".json", "JSON (*.json)",
               description="Everything, for another Hindsight or a script."),
    ExportKind("csv", "Action items (CSV)", "-actions.csv", "CSV (*.csv)",
               description="The action items for a spreadsheet or an issue tracker."),
    ExportKind("ics", "Review invitation (ICS)", "-review.ics", "Calendar invitation (*.ics)",
               description="A calendar invitation to the review meeting, with the stakeholders invited."),
)
KIND_KEYS: tuple[str, ...] = tuple(k.key for k in KINDS)


def kind(key: str) -> ExportKind:
    """The format called ``key``; ``KeyError`` for an unknown one."""
    for candidate in KINDS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def render_export(key: str, pm: Postmortem, options: ExportOptions | None = None, *,
                  cancelled: Cancelled | None = None, keep_names: Collection[str] = ()) -> bytes:
    """The bytes of the ``key`` export of ``pm``; ``ExportFailure`` says why one cannot be made.

    ``cancelled`` (asked now and then while a PDF is laid out) stops the export with
    ``errors.ExportCancelled`` once it answers ``True``. ``keep_names``: guessed names
    (``redaction.likely_names``) that redaction leaves as written.
    """
    options = options or ExportOptions()
    check(cancelled)
    if options.redact:
        pm, _plan = redact(pm, keep=keep_names)
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
