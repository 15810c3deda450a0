"""One export dialog for every format: options, redaction preview, a preview, progress and the result.

The dialog works on a snapshot of the postmortem. Rendering runs on a worker thread
(``QThreadPool``) behind a busy progress bar; Cancel discards whatever the worker
produces. Choices (format, options, folder) are kept in ``QSettings`` under ``export/``.

The format is chosen in a compact combo box with a line on what each is for. The
redaction preview lists every replacement and, with check boxes (ticked), the names
guessed from the text; an unticked one is kept as written in the preview and the
export. A format that cannot be made (an invitation without a meeting time, a
damaged logo) says why, wrapped above the preview, and Export waits until it can.

The preview of a text format is the export itself. The preview of a PDF is its page
drawn by PDFium (``pdf_page_image``): a preview worker on the dialog's own one-thread
pool renders the PDF with the current options and its first page, and "Page 1 of N"
with previous/next buttons turns pages of the same PDF (only the page is redrawn).
Option edits are debounced; a preview that was overtaken by a newer one is skipped or
its result ignored.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import Postmortem
from desktop_app.domain.redaction import redact
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportCancelled, ExportFailure
from desktop_app.formats.export_options import ExportOptions, load_logo
from desktop_app.formats.export_render import KINDS, ExportKind, kind, render_export
from desktop_app.formats.file_names import file_stem, with_extension
from desktop_app.ui.pdf_page_image import PageImage, PdfPreviewError, render_page
from desktop_app.ui.pdf_page_view import PdfPageView

PREVIEW_CHARS = 6000
CONFIDENTIALITY_CHOICES = ("", "Internal", "Confidential", "Restricted", "Public")
PREFIX = "export/"
PREVIEW_DELAY_MS = 300  # pause in option edits before the PDF preview is redrawn
CANNOT = "This export cannot be made yet: "
OPTIONS_WIDTH = 340  # the column of choices left of the preview
ERROR_COLOUR = "#B42318"


class _Signals(QObject):
    done = Signal(int, object)  # job number, bytes
    failed = Signal(int, str)  # job number, message


class _RenderJob(QRunnable):
    """Renders one export off the GUI thread and reports through ``signals``."""

    def __init__(self, number: int, key: str, pm: Postmortem, options: ExportOptions,
                 keep_names: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.number = number
        self.key = key
        self.pm = pm
        self.options = options
        self.keep_names = keep_names
        self.signals = _Signals()
        self.stop = threading.Event()  # set by Cancel: the render stops at its next flowable

    def run(self) -> None:
        try:
            data = render_export(self.key, self.pm, self.options, cancelled=self.stop.is_set,
                                 keep_names=self.keep_names)
        except ExportCancelled:
            return  # the dialog already said so
        except ExportFailure as exc:
            self.signals.failed.emit(self.number, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user; nothing is written
            self.signals.failed.emit(self.number, f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(self.number, data)


class _Latest:
    """The number of the newest preview request, read by workers to skip overtaken ones."""

    def __init__(self) -> None:
        self.number = 0


class _PreviewJob(QRunnable):
    """Renders the PDF (unless ``pdf`` is given) and one of its pages off the GUI thread.

    Reports ``done(number, (pdf bytes, PageImage))`` or ``failed(number, message)``.
    """

    def __init__(
        self,
        number: int,
        latest: _Latest,
        key: str,
        pm: Postmortem,
        options: ExportOptions,
        pdf: bytes | None,
        index: int,
        keep_names: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.number = number
        self.latest = latest
        self.key = key
        self.pm = pm
        self.options = options
        self.keep_names = keep_names
        self.pdf = pdf
        self.index = index
        self.signals = _Signals()

    def overtaken(self) -> bool:
        """Whether a newer preview was asked for (or the dialog closed): this one is then not worth finishing."""
        return self.number != self.latest.number

    def run(self) -> None:
        if self.overtaken():
            return  # a newer preview was asked for before this one started
        try:
            pdf = self.pdf if self.pdf is not None else render_export(self.key, self.pm, self.options,
                                                                       cancelled=self.overtaken,
                                                                       keep_names=self.keep_names)
            page = render_page(pdf, self.index)
        except ExportCancelled:
            return  # overtaken while it was being laid out
        except (ExportFailure, PdfPreviewError) as exc:
            self.signals.failed.emit(self.number, f"{CANNOT}{exc}")
        except Exception as exc:  # noqa: BLE001 - shown in the preview; the export reports it again
            self.signals.failed.emit(self.number, f"The preview failed: {type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(self.number, (pdf, page))


class ExportDialogs:
    """The file questions the export dialog asks; patch them in tests."""

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, suggested: str, file_filter: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, "Export to", suggested, file_filter)
        return Path(path) if path else None

    @classmethod
    def ask_logo(cls, parent: QWidget | None, start: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(parent, "Choose a logo", start, "Images (*.png *.jpg *.jpeg)")
        return Path(path) if path else None


class ExportDialog(QDialog):
    """Choose a format and options, preview, export on a worker thread, then open or reveal the file.

    Signals:
        exported(str): the path of a file that was written.
    """

    exported = Signal(str)

    def __init__(
        self,
        pm: Postmortem,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        initial_kind: str | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.pm = pm
        self.settings = settings
        self.pool = pool or QThreadPool.globalInstance()
        self._job = 0
        self._running = False
        self._written: Path | None = None
        self._export_job: _RenderJob | None = None
        self._target = Path()
        self.preview_pool = QThreadPool(self)
        self.preview_pool.setMaxThreadCount(1)
        self._preview_latest = _Latest()
        self._preview_pending = False
        self._preview_pdf: bytes | None = None
        self._preview_for: tuple[str, ExportOptions] | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)

        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for k in KINDS:
            self.format_combo.addItem(k.label, k.key)
            self.format_combo.setItemData(self.format_combo.count() - 1, k.description, Qt.ItemDataRole.ToolTipRole)
        self.format_description = QLabel()
        self.format_description.setWordWrap(True)
        self.format_description.setTextFormat(Qt.TextFormat.PlainText)
        self.format_description.setStyleSheet("color: palette(placeholder-text);")

        self.redact_check = QCheckBox("Replace names with roles (redact)")
        self.redact_check.setToolTip("People's names, handles and e-mails become 'Incident commander', 'Responder 1', …")
        self.replacements_button = QPushButton("Preview replacements")
        self.replacements_box = QWidget()
        self.names_label = QLabel("Names found in the text (untick to keep one as written):")
        self.names_label.setWordWrap(True)
        self.names_list = QListWidget()
        self.names_list.setAccessibleName("Names found in the text")
        self.replacements_view = QPlainTextEdit()
        self.replacements_view.setReadOnly(True)
        self.replacements_view.setAccessibleName("Replacements")
        self.replacements_view.setMaximumHeight(110)
        replacements_layout = QVBoxLayout(self.replacements_box)
        replacements_layout.setContentsMargins(0, 0, 0, 0)
        replacements_layout.addWidget(self.names_label)
        replacements_layout.addWidget(self.names_list)
        replacements_layout.addWidget(self.replacements_view)
        self.replacements_box.hide()
        self._guessed: list[str] | None = None  # the names likely_names found, filled on first preview

        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("Shown in the PDF footer")
        self.confidentiality_combo = QComboBox()
        self.confidentiality_combo.setEditable(True)
        self.confidentiality_combo.addItems(CONFIDENTIALITY_CHOICES)
        self.logo_edit = QLineEdit()
        self.logo_edit.setPlaceholderText("Optional PNG or JPEG")
        self.logo_button = QPushButton("Choose…")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.logo_button)
        self.pdf_box = QGroupBox("PDF")
        pdf_form = QFormLayout(self.pdf_box)
        pdf_form.addRow("&Organisation:", self.organisation_edit)
        pdf_form.addRow("&Confidentiality:", self.confidentiality_combo)
        logo_label = QLabel("&Logo:")  # a row whose field is a layout gets no buddy by itself
        logo_label.setBuddy(self.logo_edit)
        pdf_form.addRow(logo_label, logo_row)

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Save as")
        self.browse_button = QPushButton("Browse…")
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel("Save &as:"))
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_row.itemAt(0).widget().setBuddy(self.path_edit)  # type: ignore[union-attr]

        self.preview_label = QLabel("Preview")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.page_view = PdfPageView()
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview)
        self.preview_stack.addWidget(self.page_view)
        self.problem_label = QLabel()
        self.problem_label.setAccessibleName("Why this export cannot be made")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem_label.hide()
        self._problem = ""

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Close")
        self.open_button = QPushButton("&Open file")
        self.show_button = QPushButton("Show in &folder")
        self.open_button.hide()
        self.show_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(0)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format_combo)
        choices_widget = QWidget()
        choices_widget.setFixedWidth(OPTIONS_WIDTH)
        choices = QVBoxLayout(choices_widget)
        choices.setContentsMargins(0, 0, 0, 0)
        format_row = QHBoxLayout()
        format_row.addWidget(format_label)
        format_row.addWidget(self.format_combo, 1)
        choices.addLayout(format_row)
        choices.addWidget(self.format_description)
        choices.addSpacing(8)
        choices.addWidget(self.redact_check)
        choices.addWidget(self.replacements_button, 0, Qt.AlignmentFlag.AlignLeft)
        choices.addWidget(self.replacements_box)
        choices.addSpacing(4)
        choices.addWidget(self.pdf_box)
        choices.addStretch(1)
        preview_column = QVBoxLayout()
        preview_column.addWidget(self.preview_label)
        preview_column.addWidget(self.problem_label)
        preview_column.addWidget(self.preview_stack, 1)
        top = QHBoxLayout()
        top.addWidget(choices_widget)
        top.addLayout(preview_column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(path_row)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.setMinimumSize(780, 560)
        self.resize(1060, 780)

        self._restore(initial_kind)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.redact_check.toggled.connect(self._redact_toggled)
        self.names_list.itemChanged.connect(self._names_changed)
        self.replacements_button.clicked.connect(self.show_replacements)
        self.logo_button.clicked.connect(self._choose_logo)
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_file)
        self.show_button.clicked.connect(self.show_in_folder)
        self._preview_timer.timeout.connect(self.refresh_page_preview)
        self.page_view.page_requested.connect(self.show_preview_page)
        for edit in (self.organisation_edit, self.logo_edit):
            edit.textChanged.connect(self._options_edited)
        self.confidentiality_combo.currentTextChanged.connect(self._options_edited)
        self._format_changed()

    # -- state -----------------------------------------------------------------------------

    @property
    def kind(self) -> ExportKind:
        key = self.format_combo.currentData()
        return kind(key if isinstance(key, str) else KINDS[0].key)

    @property
    def kept_names(self) -> frozenset[str]:
        """The guessed names the user unticked: redaction leaves them as written."""
        kept = set()
        for row in range(self.names_list.count()):
            item = self.names_list.item(row)
            if item.checkState() != Qt.CheckState.Checked:
                kept.add(str(item.data(Qt.ItemDataRole.UserRole)))
        return frozenset(kept)

    @property
    def problem(self) -> str:
        """Why the chosen format cannot be made now ("" when it can); Export is disabled meanwhile."""
        return self._problem

    @property
    def running(self) -> bool:
        """Whether an export is being rendered."""
        return self._running

    @property
    def written(self) -> Path | None:
        """The file the last successful export wrote."""
        return self._written

    def options(self) -> ExportOptions:
        """The options as currently chosen."""
        return ExportOptions(
            organisation=self.organisation_edit.text().strip(),
            confidentiality=self.confidentiality_combo.currentText().strip(),
            logo_path=self.logo_edit.text().strip(),
            redact=self.redact_check.isChecked(),
        )

    def select_kind(self, key: str) -> None:
        """Select the format called ``key``."""
        row = self.format_combo.findData(key)
        if row < 0:
            raise KeyError(key)
        self.format_combo.setCurrentIndex(row)

    def _value(self, name: str, default: str) -> str:
        value = self.settings.value(PREFIX + name, default)
        return str(value) if value is not None else default

    def _restore(self, initial_kind: str | None) -> None:
        key = initial_kind or self._value("format", KINDS[0].key)
        try:
            self.select_kind(key)
        except KeyError:
            self.format_combo.setCurrentIndex(0)
        self.redact_check.setChecked(self._value("redact", "false") in ("true", "1"))
        self.organisation_edit.setText(self._value("organisation", ""))
        self.confidentiality_combo.setCurrentText(self._value("confidentiality", ""))
        self.logo_edit.setText(self._value("logo", ""))
        folder = self._value("folder", "") or str(Path.home())
        self.path_edit.setText(str(Path(folder) / (file_stem(self.pm.title) + self.kind.suffix)))

    def _remember(self) -> None:
        options = self.options()
        self.settings.setValue(PREFIX + "format", self.kind.key)
        self.settings.setValue(PREFIX + "redact", "true" if options.redact else "false")
        self.settings.setValue(PREFIX + "organisation", options.organisation)
        self.settings.setValue(PREFIX + "confidentiality", options.confidentiality)
        self.settings.setValue(PREFIX + "logo", options.logo_path)
        self.settings.setValue(PREFIX + "folder", str(Path(self.path_edit.text()).parent))
        self.settings.sync()

    # -- reactions -------------------------------------------------------------------------

    def _format_changed(self) -> None:
        k = self.kind
        self.format_description.setText(k.description)
        self.pdf_box.setEnabled(k.is_pdf)
        path = Path(self.path_edit.text().strip() or file_stem(self.pm.title))
        stem = file_stem(self.pm.title)
        self.path_edit.setText(str(path.parent / (stem + k.suffix)))
        self._set_status("")  # "Exported …" or an error was about the other format
        self._refresh()

    def _redact_toggled(self, on: bool) -> None:
        self.replacements_button.setEnabled(on and not self._running)
        if not on:
            self.replacements_box.hide()
        self._refresh()

    def _names_changed(self) -> None:
        self._refresh()

    def _set_problem(self, text: str) -> None:
        self._problem = text
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        self.export_button.setEnabled(not text and not self._running)

    def _refresh(self) -> None:
        self.open_button.hide()
        self.show_button.hide()
        self.replacements_button.setEnabled(self.redact_check.isChecked() and not self._running)
        if self.replacements_box.isVisible():
            self.show_replacements()
        if self.kind.is_pdf:
            self._set_problem("")
            self.preview_label.setText("Preview")
            self.preview_stack.setCurrentWidget(self.page_view)
            self.refresh_page_preview()
        else:
            self._preview_timer.stop()
            self._preview_latest.number += 1  # any PDF preview still on its way is stale
            self._preview_pending = False
            self.preview_label.setText("Preview")
            self.preview_stack.setCurrentWidget(self.preview)
            text = self.preview_text()
            if text.startswith(CANNOT):
                self._set_problem(text)
                self.preview.setPlainText("")
            else:
                self._set_problem("")
                self.preview.setPlainText(text)

    def _options_edited(self) -> None:
        if self.kind.is_pdf:
            self._preview_timer.start()

    def preview_text(self) -> str:
        """What the text preview shows for the current format and options (the Markdown for a PDF)."""
        key = "markdown" if self.kind.is_pdf else self.kind.key
        options = self.options().model_copy(update={"logo_path": ""})
        try:
            text = render_export(key, self.pm, options, keep_names=self.kept_names).decode("utf-8-sig")
        except ExportFailure as exc:
            return f"{CANNOT}{exc}"
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + "\n…"
        return text

    # -- PDF page preview ------------------------------------------------------------------

    @property
    def preview_pending(self) -> bool:
        """Whether a PDF page preview is being rendered."""
        return self._preview_pending

    def refresh_page_preview(self) -> None:
        """Render the current PDF with the current options and show its first page (on a worker)."""
        self._preview_timer.stop()
        if not self.kind.is_pdf:
            return
        options = self.options()
        wanted = (self.kind.key, options, self.kept_names)
        if wanted == self._preview_for and (self._preview_pdf is not None or self._preview_pending):
            return  # this PDF is already shown or on its way
        self._preview_for = wanted
        self._preview_pdf = None
        self._start_preview(self.kind.key, options, None, 0, self.kept_names)
        self.page_view.show_message(f"Drawing the {self.kind.label.lower()}…")

    def show_preview_page(self, index: int) -> None:
        """Show page ``index`` (0-based) of the PDF being previewed."""
        if self._preview_pdf is None or self._preview_for is None:
            return
        key, options, kept = self._preview_for
        self._start_preview(key, options, self._preview_pdf, index, kept)
        self.page_view.count_label.setText(f"Drawing page {index + 1}…")

    def _start_preview(self, key: str, options: ExportOptions, pdf: bytes | None, index: int,
                       kept: frozenset[str]) -> None:
        self._preview_latest.number += 1
        latest = self._preview_latest
        job = _PreviewJob(latest.number, latest, key, self.pm, options, pdf, index, kept)
        job.signals.done.connect(self._preview_done)
        job.signals.failed.connect(self._preview_failed)
        self._preview_pending = True
        self.preview_pool.start(job)

    def _preview_done(self, number: int, result: object) -> None:
        if number != self._preview_latest.number:
            return
        pdf, page = result  # type: ignore[misc]
        assert isinstance(pdf, bytes) and isinstance(page, PageImage)
        self._preview_pending = False
        self._preview_pdf = pdf
        self._set_problem("")
        self.page_view.show_page(page)

    def _preview_failed(self, number: int, message: str) -> None:
        if number != self._preview_latest.number:
            return
        self._preview_pending = False
        self._preview_for = None
        self.page_view.show_message(message)
        if message.startswith(CANNOT):
            self._set_problem(message)

    def show_replacements(self) -> None:
        """List what redaction would replace (``original → label (count)``) and the guessed names to tick."""
        if self._guessed is None:
            self._guessed = redact(self.pm)[1].guessed_names
            self.names_list.blockSignals(True)
            for name in self._guessed:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                item.setToolTip("Found in the text as a likely name; untick to keep it as written")
                self.names_list.addItem(item)
            self.names_list.blockSignals(False)
            if self._guessed:  # as tall as its names, up to five rows
                rows = min(len(self._guessed), 5)
                frame = 2 * self.names_list.frameWidth() + 2
                self.names_list.setFixedHeight(rows * self.names_list.sizeHintForRow(0) + frame)
        self.names_label.setVisible(bool(self._guessed))
        self.names_list.setVisible(bool(self._guessed))
        _, plan = redact(self.pm, keep=self.kept_names)
        if plan.replacements:
            lines = [f"{r.original} → {r.label}  ({r.count}×)" for r in plan.replacements]
        else:
            lines = ["No names to replace."]
        self.replacements_view.setPlainText("\n".join(lines))
        self.replacements_box.show()

    def _choose_logo(self) -> None:
        path = ExportDialogs.ask_logo(self, self.logo_edit.text())
        if path is not None:
            self.logo_edit.setText(str(path))

    def _browse(self) -> None:
        path = ExportDialogs.ask_save_path(self, self.path_edit.text(), self.kind.file_filter)
        if path is not None:
            self.path_edit.setText(str(path))

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress.setVisible(running)
        for widget in (self.export_button, self.format_combo, self.pdf_box, self.redact_check, self.path_edit,
                       self.browse_button, self.replacements_button, self.names_list):
            widget.setEnabled(not running)
        if not running:
            self.pdf_box.setEnabled(self.kind.is_pdf)
            self.export_button.setEnabled(not self._problem)
            self.replacements_button.setEnabled(self.redact_check.isChecked())
        self.cancel_button.setText("Cancel export" if running else "Close")

    # -- export ----------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start rendering; ``False`` (with a message) if they cannot work."""
        if self._problem and not self.kind.is_pdf:
            self._set_status(self._problem, error=True)
            return False
        text = self.path_edit.text().strip()
        if not text:
            self._set_status("Choose where to save the export.", error=True)
            return False
        target = with_extension(Path(text).expanduser(), "." + self.kind.suffix.rsplit(".", 1)[-1])
        if str(target) != str(Path(text).expanduser()):
            self.path_edit.setText(str(target))  # what will be written, extension included
        if not target.parent.is_dir():
            self._set_status(f"The folder {target.parent} does not exist.", error=True)
            return False
        options = self.options()
        if self.kind.is_pdf and options.logo_path:
            try:
                load_logo(options.logo_path)
            except ExportFailure as exc:
                self._set_status(str(exc), error=True)
                return False
        self._remember()
        self._job += 1
        self._target = target
        job = _RenderJob(self._job, self.kind.key, self.pm, options if self.kind.is_pdf else
                         ExportOptions(redact=options.redact), self.kept_names)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._export_job = job
        self._set_running(True)
        self._set_status(f"Exporting {self.kind.label}…")
        self.pool.start(job)
        return True

    def cancel(self) -> None:
        """Cancel a running export (its result is discarded), else close the dialog."""
        if self._running:
            self._stop_export()
            self._set_status("Export cancelled; nothing was written.")
            return
        self.reject()

    def _stop_export(self) -> None:
        """Stop the running export: its worker ends at its next flowable and its result, if any, is dropped."""
        self._job += 1
        if self._export_job is not None:
            self._export_job.stop.set()
            self._export_job = None
        self._set_running(False)

    def _done(self, number: int, data: object) -> None:
        if number != self._job:
            return
        self._export_job = None
        self._set_running(False)
        assert isinstance(data, bytes)
        try:
            write_atomically(self._target, data)
        except ExportFailure as exc:
            self._set_status(f"Nothing was written to {self._target}: {exc}", error=True)
            return
        self._written = self._target
        size = len(data) / 1024
        self._set_status(f"Exported {self._target.name} ({size:,.0f} KB).")
        self.open_button.show()
        self.show_button.show()
        self.exported.emit(str(self._target))

    def _failed(self, number: int, message: str) -> None:
        if number != self._job:
            return
        self._export_job = None
        self._set_running(False)
        self._set_status(f"The export failed: {message}", error=True)

    def open_file(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written)))

    def show_in_folder(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written.parent)))

    def reject(self) -> None:
        if self._running:
            self._stop_export()
        self._preview_timer.stop()
        self._preview_latest.number += 1  # a queued preview is skipped, a running one ignored
        super().reject()
