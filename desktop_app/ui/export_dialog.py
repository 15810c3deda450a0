"""One export dialog for every format: options, redaction preview, a preview, progress and the result.

The dialog works on a snapshot of the postmortem. Rendering runs on a worker thread
(``QThreadPool``) behind a busy progress bar; Cancel discards whatever the worker
produces. Choices (format, options, folder) are kept in ``QSettings`` under ``export/``.
Qt's PDF module is not part of PySide6-Essentials, so the preview is text: the export
itself for text formats, the report's content as Markdown for the PDFs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, QUrl, Signal
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
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import Postmortem
from desktop_app.domain.redaction import redact
from desktop_app.formats.atomic import write_atomically
from desktop_app.formats.errors import ExportFailure
from desktop_app.formats.export_options import ExportOptions, load_logo
from desktop_app.formats.export_render import KINDS, ExportKind, kind, render_export

PREVIEW_CHARS = 6000
CONFIDENTIALITY_CHOICES = ("", "Internal", "Confidential", "Restricted", "Public")
PREFIX = "export/"


def file_stem(title: str) -> str:
    """A file name stem from a title (letters of any script kept), as the window uses."""
    import re

    stem = re.sub(r"\s+", "-", re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip())
    return stem[:80] or "postmortem"


class _Signals(QObject):
    done = Signal(int, object)  # job number, bytes
    failed = Signal(int, str)  # job number, message


class _RenderJob(QRunnable):
    """Renders one export off the GUI thread and reports through ``signals``."""

    def __init__(self, number: int, key: str, pm: Postmortem, options: ExportOptions) -> None:
        super().__init__()
        self.number = number
        self.key = key
        self.pm = pm
        self.options = options
        self.signals = _Signals()

    def run(self) -> None:
        try:
            data = render_export(self.key, self.pm, self.options)
        except ExportFailure as exc:
            self.signals.failed.emit(self.number, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user; nothing is written
            self.signals.failed.emit(self.number, f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(self.number, data)


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
        self._target = Path()

        self.format_list = QListWidget()
        self.format_list.setAccessibleName("Format")
        for k in KINDS:
            item = QListWidgetItem(k.label)
            item.setData(Qt.ItemDataRole.UserRole, k.key)
            self.format_list.addItem(item)
        self.format_list.setMaximumWidth(230)

        self.redact_check = QCheckBox("Replace names with roles (redact)")
        self.redact_check.setToolTip("People's names, handles and e-mails become 'Incident commander', 'Responder 1', …")
        self.replacements_button = QPushButton("Preview replacements")
        self.replacements_view = QPlainTextEdit()
        self.replacements_view.setReadOnly(True)
        self.replacements_view.setAccessibleName("Replacements")
        self.replacements_view.setMaximumHeight(110)
        self.replacements_view.hide()

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
        pdf_form.addRow("&Logo:", logo_row)

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

        options = QVBoxLayout()
        options.addWidget(self.redact_check)
        options.addWidget(self.replacements_button, 0, Qt.AlignmentFlag.AlignLeft)
        options.addWidget(self.replacements_view)
        options.addWidget(self.pdf_box)
        options.addWidget(self.preview_label)
        options.addWidget(self.preview, 1)
        top = QHBoxLayout()
        top.addWidget(self.format_list)
        top.addLayout(options, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(path_row)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.resize(820, 620)

        self._restore(initial_kind)
        self.format_list.currentRowChanged.connect(self._format_changed)
        self.redact_check.toggled.connect(self._refresh)
        self.replacements_button.clicked.connect(self.show_replacements)
        self.logo_button.clicked.connect(self._choose_logo)
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_file)
        self.show_button.clicked.connect(self.show_in_folder)
        self._format_changed()

    # -- state -----------------------------------------------------------------------------

    @property
    def kind(self) -> ExportKind:
        item = self.format_list.currentItem()
        return kind(item.data(Qt.ItemDataRole.UserRole) if item is not None else KINDS[0].key)

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
        for row in range(self.format_list.count()):
            if self.format_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.format_list.setCurrentRow(row)
                return
        raise KeyError(key)

    def _value(self, name: str, default: str) -> str:
        value = self.settings.value(PREFIX + name, default)
        return str(value) if value is not None else default

    def _restore(self, initial_kind: str | None) -> None:
        key = initial_kind or self._value("format", KINDS[0].key)
        try:
            self.select_kind(key)
        except KeyError:
            self.format_list.setCurrentRow(0)
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
        self.pdf_box.setEnabled(k.is_pdf)
        path = Path(self.path_edit.text().strip() or file_stem(self.pm.title))
        stem = file_stem(self.pm.title)
        self.path_edit.setText(str(path.parent / (stem + k.suffix)))
        self._refresh()

    def _refresh(self) -> None:
        self.open_button.hide()
        self.show_button.hide()
        if self.replacements_view.isVisible():
            self.show_replacements()
        self.preview_label.setText(
            "Preview (text of the report; the PDF keeps this content and its layout)"
            if self.kind.is_pdf
            else "Preview"
        )
        self.preview.setPlainText(self.preview_text())

    def preview_text(self) -> str:
        """What the preview shows for the current format and options."""
        key = "markdown" if self.kind.is_pdf else self.kind.key
        options = self.options().model_copy(update={"logo_path": ""})
        try:
            text = render_export(key, self.pm, options).decode("utf-8-sig")
        except ExportFailure as exc:
            return f"This export cannot be made yet: {exc}"
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + "\n…"
        return text

    def show_replacements(self) -> None:
        """List what redaction would replace: ``original → label (count)``."""
        _, plan = redact(self.pm)
        if plan.replacements:
            lines = [f"{r.original} → {r.label}  ({r.count}×)" for r in plan.replacements]
        else:
            lines = ["No names to replace."]
        self.replacements_view.setPlainText("\n".join(lines))
        self.replacements_view.show()

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
        self.status_label.setStyleSheet("color: #B42318;" if error else "")

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress.setVisible(running)
        for widget in (self.export_button, self.format_list, self.pdf_box, self.redact_check, self.path_edit,
                       self.browse_button):
            widget.setEnabled(not running)
        if not running:
            self.pdf_box.setEnabled(self.kind.is_pdf)
        self.cancel_button.setText("Cancel export" if running else "Close")

    # -- export ----------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start rendering; ``False`` (with a message) if they cannot work."""
        text = self.path_edit.text().strip()
        if not text:
            self._set_status("Choose where to save the export.", error=True)
            return False
        target = Path(text).expanduser()
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
                         ExportOptions(redact=options.redact))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._set_running(True)
        self._set_status(f"Exporting {self.kind.label}…")
        self.pool.start(job)
        return True

    def cancel(self) -> None:
        """Cancel a running export (its result is discarded), else close the dialog."""
        if self._running:
            self._job += 1
            self._set_running(False)
            self._set_status("Export cancelled; nothing was written.")
            return
        self.reject()

    def _done(self, number: int, data: object) -> None:
        if number != self._job:
            return
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
            self._job += 1
            self._set_running(False)
        super().reject()
