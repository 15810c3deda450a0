"""Build timeline from chat or logs: paste or open raw material, preview the events, add the chosen ones.

The user pastes a chat transcript, a Slack export file, a CSV or a log (or opens a
file), names its source, picks the zone and date for times written without them, and
presses Read. The preview lists every event found, each with an Accept check box;
times that could not be read show as written with a warning. OK adds the accepted
events to the timeline in time order as one undo step; Cancel adds nothing.

Large pastes are read in chunks under a cancellable ``QProgressDialog``; the parser
calls back between chunks, so the window keeps painting and Cancel is heard.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.zones import check_zone, to_zone
from desktop_app.formats.raw_timeline import (
    FORMAT_LABELS,
    Cancelled,
    RawParse,
    default_roles,
    event_kind,
    parse_raw,
    replace_names,
    to_events,
)
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.gather.candidate_model import ACCEPT, ACTOR, TEXT, TIME, CandidateTableModel
from desktop_app.ui.gather.timeline_insert import add_events_in_time_order
from desktop_app.ui.widgets.text_edits import LineEdit, mute, plain_label
from desktop_app.ui.wizard.restoration_page import TimeZoneBox

OPEN_FILTER = "Chat and logs (*.txt *.log *.json *.csv *.tsv);;All files (*)"
DEFAULT_SOURCE = "Pasted text"
MAX_OPEN_BYTES = 20 * 1024 * 1024
"""Larger files are refused before they are read (the text box would freeze the window)."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def default_date_for(doc: PostmortemDocument) -> date:
    """The date for times written without one: the incident's, else when it started or was restored."""
    pm = doc.pm
    if pm.incident_date is not None:
        return pm.incident_date
    for moment in (pm.times.started_at, pm.times.detected_at, pm.restoration.restored_at):
        if moment is not None:
            return to_zone(moment, pm.time_zone).date()
    return to_zone(datetime.now().astimezone(), pm.time_zone).date()


class RawTimelineDialog(QDialog):
    """The "Build timeline from chat or logs" dialog over an open document.

    Attributes:
        result: what the last Read found (``None`` before the first Read).
        added: how many events OK added (0 until then).
    """

    #: Inputs with at least this many lines are read under a progress dialog.
    PROGRESS_LINES = 2000

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.result: RawParse | None = None
        self.added = 0
        self.setWindowTitle("Build timeline from chat or logs")
        self.setAccessibleName("Build timeline from chat or logs")
        self.resize(1060, 760)

        intro = plain_label(
            "Paste a chat transcript, one day's file of a Slack export, a CSV with a time column, or a log. "
            "Each line that starts with a time becomes an event; lines without one continue the event "
            "before. Check the events to keep, then add them to the timeline.",
            self,
        )
        intro.setWordWrap(True)

        # -- input -----------------------------------------------------------------------
        self.paste_edit = QPlainTextEdit(self)
        self.paste_edit.setAccessibleName("Raw text")
        self.paste_edit.setPlaceholderText(
            "[14:03] alice: checkout is returning 502s\n"
            "[14:05] bob: rolling back the 13:50 deploy\n"
            "2024-05-01T14:09:12Z INFO error rate back to normal"
        )
        self.paste_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.paste_edit.setTabChangesFocus(True)
        self.paste_edit.textChanged.connect(self._update_buttons)

        self.open_button = QPushButton("&Open file…", self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_file)
        self.source_edit = LineEdit(self)
        self.source_edit.setAccessibleName("Source")
        self.source_edit.setPlaceholderText("e.g. #inc-2041 Slack channel, api-gateway.log")
        self.zone_box = TimeZoneBox(self)
        self.zone_box.setAccessibleName("Time zone of times written without one")
        self.zone_box.setCurrentText(doc.pm.time_zone)
        self.zone_box.setToolTip("Times written without a zone or offset are read in this zone")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName("Date of times written without one")
        day = default_date_for(doc)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setToolTip("Times written without a date take this date, and roll over past midnight")
        self.names_check = QCheckBox("Replace names with roles (Responder 1, Responder 2, …)", self)
        self.names_check.setToolTip(
            "Blameless: the people in the text become numbered roles, in order of appearance"
        )
        self.names_check.toggled.connect(self._show_names)
        self.read_button = QPushButton("&Read", self)
        self.read_button.setToolTip("Find the events in the text (Ctrl+Enter)")
        self.read_button.setAutoDefault(False)
        self.read_button.clicked.connect(self.read)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.read)

        settings = QFormLayout()
        settings.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        settings.setHorizontalSpacing(12)
        settings.setVerticalSpacing(8)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_edit, 1)
        source_row.addWidget(self.open_button)
        source_label = QLabel("&Source", self)
        source_label.setBuddy(self.source_edit)
        settings.addRow(source_label, source_row)
        when_row = QHBoxLayout()
        when_row.addWidget(self.zone_box, 2)
        date_label = QLabel("&Date of times without one", self)
        date_label.setBuddy(self.date_edit)
        when_row.addSpacing(12)
        when_row.addWidget(date_label)
        when_row.addWidget(self.date_edit, 1)
        zone_label = QLabel("Time &zone", self)
        zone_label.setBuddy(self.zone_box)
        settings.addRow(zone_label, when_row)
        read_row = QHBoxLayout()
        read_row.addWidget(self.names_check)
        read_row.addStretch(1)
        read_row.addWidget(self.read_button)
        settings.addRow("", read_row)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.paste_edit, 1)
        top_layout.addLayout(settings)

        # -- preview ---------------------------------------------------------------------
        self.status_label = plain_label("", self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("What was read")
        mute(self.status_label)
        self.model = CandidateTableModel(doc.pm.time_zone, self)
        self.model.counts_changed.connect(self._update_counts)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Events found")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ACCEPT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ACTOR, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(TIME, self.fontMetrics().horizontalAdvance("0000-00-00 00:00:00") + 48)
        self.table.setColumnWidth(ACTOR, self.fontMetrics().horizontalAdvance("M") * 12)
        QShortcut(
            QKeySequence(Qt.Key.Key_Space),
            self.table,
            self._toggle_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

        self.accept_all_button = QPushButton("Accept &all", self)
        self.reject_all_button = QPushButton("R&eject all", self)
        for button, value in ((self.accept_all_button, True), (self.reject_all_button, False)):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, v=value: self.model.set_all(v))
        self.count_label = plain_label("", self)
        self.count_label.setAccessibleName("Events selected")
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.accept_all_button)
        choice_row.addWidget(self.reject_all_button)
        choice_row.addSpacing(12)
        choice_row.addWidget(self.count_label, 1)

        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.addWidget(self.status_label)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addLayout(choice_row)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.paste_edit, self.source_edit)
        self._update_counts()
        self._update_buttons()

    # -- patchable questions --------------------------------------------------------------

    @classmethod
    def ask_open_file(cls, parent: QWidget | None) -> Path | None:
        """Ask for a chat export or log file; ``None`` when cancelled. Tests replace this."""
        name, _filter = QFileDialog.getOpenFileName(parent, "Open chat export or log", "", OPEN_FILTER)
        return Path(name) if name else None

    # -- actions ---------------------------------------------------------------------------

    def open_file(self) -> bool:
        """Load a file into the text box and read it; its name becomes the source unless one was typed."""
        path = self.ask_open_file(self)
        if path is None:
            return False
        try:
            size = path.stat().st_size
            if size > MAX_OPEN_BYTES:
                self.status_label.setText(
                    f"Not opened: {path.name} is {size / (1024 * 1024):.0f} MB and files up to "
                    f"{MAX_OPEN_BYTES // (1024 * 1024)} MB can be read here. Open the part around the incident."
                )
                return False
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError as exc:
            self.status_label.setText(f"Could not open {path.name}: {exc.strerror or exc}")
            return False
        self.paste_edit.setPlainText(text)
        typed = self.source_edit.text().strip()
        if not typed or typed == getattr(self, "_opened_name", None):
            self.source_edit.setText(path.name)
        self._opened_name = path.name
        return self.read()

    def read(self) -> bool:
        """Read the text into the preview; False when there is nothing, the zone is wrong, or cancelled."""
        text = self.paste_edit.toPlainText()
        if not text.strip():
            self.status_label.setText("Paste some text or open a file first.")
            return False
        try:
            zone_name = check_zone(self.zone_box.currentText())
        except ValueError as exc:
            message = str(exc)
            self.status_label.setText(message[:1].upper() + message[1:] + ".")
            return False
        qdate = self.date_edit.date()
        default = date(qdate.year(), qdate.month(), qdate.day())
        source = self.source_edit.text().strip() or DEFAULT_SOURCE
        lines = text.count("\n") + 1
        progress_dialog = self._progress_dialog() if lines >= self.PROGRESS_LINES else None

        def progress(done: int, total: int) -> bool:
            assert progress_dialog is not None
            progress_dialog.setMaximum(total)
            progress_dialog.setValue(done)
            QApplication.processEvents()
            return not progress_dialog.wasCanceled()

        try:
            result = parse_raw(
                text,
                source=source,
                zone=zone_name,
                default_date=default,
                progress=progress if progress_dialog is not None else None,
            )
        except Cancelled:
            self.status_label.setText("Reading was cancelled; nothing was read.")
            return False
        finally:
            if progress_dialog is not None:
                progress_dialog.reset()
                progress_dialog.deleteLater()
        self.result = result
        self.model.set_candidates(self._shown(result))
        self.status_label.setText(self._summary(result, source))
        self._update_buttons()
        return True

    def accept(self) -> None:
        """Add the accepted events to the timeline (one undo step) and close."""
        chosen = self.model.accepted_candidates()
        if self.result is not None and chosen:
            source = chosen[0].source
            text = f"Add {_plural(len(chosen), 'timeline event')} from {source}"
            self.added = add_events_in_time_order(
                self.doc, to_events(chosen, event_kind(self.result.format)), text=text
            )
        super().accept()

    # -- helpers ---------------------------------------------------------------------------

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("Reading events…", "Cancel", 0, 100, self)
        dialog.setWindowTitle("Reading")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        return dialog

    def _shown(self, result: RawParse) -> list:
        if self.names_check.isChecked():
            return replace_names(result.candidates, default_roles(result.candidates))
        return list(result.candidates)

    def _show_names(self) -> None:
        if self.result is not None:
            self.model.relabel(self._shown(self.result))

    def _summary(self, result: RawParse, source: str) -> str:
        if not result.candidates:
            return "No line starts with a time Hindsight can read, so no events were found."
        found = _plural(len(result.candidates), "event")
        text = f"Read as {FORMAT_LABELS[result.format]} from “{source}”: {found}"
        if result.skipped:
            text += (
                f"; {_plural(result.skipped, 'line')} without a time joined to the event before or left blank"
            )
        return text + "."

    def _toggle_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if rows:
            target = not all(self.model.is_accepted(r) for r in rows)
            for row in rows:
                self.model.set_accepted(row, target)

    def _update_counts(self) -> None:
        total = self.model.rowCount()
        if self.result is None:
            self.count_label.setText("Press Read to find the events in the text.")
        else:
            text = f"{self.model.accepted_count} of {_plural(total, 'event')} selected"
            bad = self.model.unreadable_count
            if bad:
                text += f"; {_plural(bad, 'time')} could not be read"
            self.count_label.setText(text)
        chosen = self.model.accepted_count
        self.ok_button.setText(f"Add {_plural(chosen, 'event')} to timeline" if chosen else "Add to timeline")
        self.ok_button.setEnabled(chosen > 0)
        self.accept_all_button.setEnabled(total > 0)
        self.reject_all_button.setEnabled(total > 0)

    def _update_buttons(self) -> None:
        self.read_button.setEnabled(bool(self.paste_edit.toPlainText().strip()))
