"""``MetricsStrip``: the live derived figures above the timeline (duration, time to detect …).

The figures come from ``incident_metrics``: times stated on the Restoration page win, else
the events marked as key moments. The strip recomputes only when something they depend on
changes (a key moment, the time of an event, an insert or delete, the stated times), not
on a move or a description edit, so a 10,000-event timeline stays quick to edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.metrics import IncidentMetrics, format_span, incident_metrics
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import mute

FIGURES = (
    ("duration", "Duration", "From the start to resolution (or mitigation)"),
    ("time_to_detect", "Time to detect", "From the start to detection"),
    ("time_to_acknowledge", "Time to acknowledge", "From the start to acknowledgement"),
    ("time_to_mitigate", "Time to mitigate", "From the start to mitigation"),
    ("time_to_resolve", "Time to resolve", "From the start to resolution"),
)
_TIMELINE_FIELDS = frozenset({"key_moment", "occurred_at"})
_HINT = ("Mark events as Start, Detection, Acknowledgement, Mitigation or Resolution (right-click, or "
         "Mark as) to derive these figures; times stated on the Restoration page win.")


class MetricsStrip(QFrame):
    """Five captioned figures in a row; ``—`` where a figure is unknown.

    Attributes:
        value_labels: figure key (``duration``, ``time_to_detect`` …) → its value label.
        metrics: the figures last shown (None before a postmortem is loaded).
    """

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.metrics: IncidentMetrics | None = None
        self.setObjectName("metricsStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Derived figures")
        self.setToolTip(_HINT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(24)
        self.value_labels: dict[str, QLabel] = {}
        for key, caption, tip in FIGURES:
            cell = QVBoxLayout()
            cell.setSpacing(0)
            name = QLabel(caption, self)
            name.setTextFormat(Qt.TextFormat.PlainText)
            mute(name)
            value = QLabel("—", self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(caption)
            value.setToolTip(tip)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setWeight(font.Weight.DemiBold)
            value.setFont(font)
            cell.addWidget(name)
            cell.addWidget(value)
            layout.addLayout(cell)
            self.value_labels[key] = value
        layout.addStretch(1)
        doc.loaded.connect(self.refresh)
        doc.field_changed.connect(self._field_changed)
        doc.list_changed.connect(self._list_changed)
        self.refresh()

    def _field_changed(self, path: tuple) -> None:
        if path and path[0] in ("times", "restoration"):
            self.refresh()
        elif len(path) > 2 and path[0] == "timeline" and path[2] in _TIMELINE_FIELDS:
            self.refresh()
        elif path == ("timeline",):
            self.refresh()

    def _list_changed(self, path: tuple, op: str, *_: int) -> None:
        if path == ("timeline",) and op in ("insert", "remove"):
            self.refresh()

    def refresh(self) -> None:
        """Recompute the figures from the document and show them."""
        self.metrics = incident_metrics(self.doc.pm) if self.doc.is_loaded else None
        for key, label in self.value_labels.items():
            label.setText(format_span(getattr(self.metrics, key)) if self.metrics is not None else "—")

    def text(self) -> str:
        """The strip as one line: ``Duration 2 h 05 min · Time to detect 5 min · …``."""
        return " · ".join(f"{caption} {self.value_labels[key].text()}" for key, caption, _ in FIGURES)
