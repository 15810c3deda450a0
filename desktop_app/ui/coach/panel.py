"""The coach panel: the open postmortem's findings, grouped by step, with scores.

Activating a finding asks the wizard to show its step and field (``navigate_requested``);
"Dismiss…" asks for a reason and records a ``Dismissal`` through the undo stack; "Show
dismissed" lists dismissed findings too, where "Restore" takes a dismissal back.

A long timeline is not reviewed in one go when it is opened or edited: its event texts are
scanned for blaming language in slices of about ``SLICE_S`` between window events (the scan
is remembered per text), so the window paints and answers at once; then the findings are
listed ("Reviewing N events…" meanwhile). At most ``MAX_LISTED_PER_STEP`` findings are listed
under a step, with a line saying how many more there are.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.blameless import find_blame_cached
from desktop_app.domain.coach import CoachReport, Finding, FindingKind, review
from desktop_app.domain.completeness import Step
from desktop_app.domain.models import Dismissal
from desktop_app.ui.coach.delegate import CoachDelegate
from desktop_app.ui.coach.dismiss_dialog import DismissDialog
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.widgets.text_edits import mute

FindingRole = Qt.ItemDataRole.UserRole + 1
DismissedRole = Qt.ItemDataRole.UserRole + 2
StepRole = Qt.ItemDataRole.UserRole + 3
DetailRole = Qt.ItemDataRole.UserRole + 4
"""A line drawn under a finding: the blameless rewording of blaming words (a concrete question built
from the sentence where there is one, else the general advice), readable without selecting it."""
REFRESH_DELAY_MS = 200
SLICE_S = 0.025
"""How long one slice of a long review may keep the window from answering."""
TEXTS_PER_CHECK = 256
"""Texts scanned between two looks at the clock."""
MAX_LISTED_PER_STEP = 200
"""Findings listed under one step; the rest are counted on one line."""


class _WrappingList(QListWidget):
    """A list whose wrapped items are laid out again when it gets wider or narrower (Qt only does
    that for a change of height in a top-to-bottom list), e.g. when the splitter is dragged."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


def score_text(score: int) -> str:
    return f"{score}/100"


class CoachPanel(QWidget):
    """Findings for the open postmortem, refreshed shortly after each change.

    Attributes:
        today, now: the clock the review uses (tests replace them).
        report: the latest ``CoachReport`` (``None`` when nothing is open).

    Signals:
        navigate_requested(object, object, object): show this ``Step``, focus this path and select
            this span of its text (``None``: no selection).
    """

    navigate_requested = Signal(object, object, object)
    reviewed = Signal()
    """The findings were listed anew (``report`` is up to date, or ``None``)."""

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.today: Callable[[], date] = date.today
        self.now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
        self.report: CoachReport | None = None
        self.report_id: str | None = None  # the postmortem ``report`` is about
        self.setAccessibleName("Review coach")

        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText("Review coach")
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show or hide the review coach")
        font = QFont(self.toggle.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.toggle.setFont(font)
        self.score_label = QLabel(self)
        self.score_label.setTextFormat(Qt.TextFormat.PlainText)
        self.score_label.setAccessibleName("Overall score")
        self.score_label.setFont(font)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 6, 0)
        header.addWidget(self.toggle)
        header.addStretch(1)
        header.addWidget(self.score_label)

        self.body = QWidget(self)
        self.tree = _WrappingList(self.body)
        self.tree.setAccessibleName("Coach findings")
        self.tree.setWordWrap(True)
        self.tree.setResizeMode(QListView.ResizeMode.Adjust)
        self.tree.setUniformItemSizes(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSpacing(1)
        self.tree.setItemDelegate(CoachDelegate(StepRole, self.tree, DetailRole))
        self.summary_label = QLabel(self.body)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        mute(self.summary_label)
        self.dismiss_button = QPushButton("Dismiss…", self.body)
        self.dismiss_button.setToolTip("Dismiss the selected finding, with a reason kept in the postmortem")
        self.restore_button = QPushButton("Restore", self.body)
        self.restore_button.setToolTip("Take back the dismissal of the selected finding")
        self.show_dismissed = QCheckBox("Show dismissed", self.body)
        self.show_dismissed.setAccessibleName("Show dismissed findings")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_dismissed)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(6)
        body_layout.addWidget(self.tree, 1)
        body_layout.addWidget(self.summary_label)
        body_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.body, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.start_review)
        self._slices = QTimer(self)
        self._slices.setSingleShot(True)
        self._slices.setInterval(0)
        self._slices.timeout.connect(self._review_slice)
        self._unscanned: list[str] = []
        self._scanned = 0
        doc.loaded.connect(self.start_review)
        doc.changed.connect(self._timer.start)
        self.toggle.toggled.connect(self._set_expanded)
        self.show_dismissed.toggled.connect(lambda _on: self.refresh())
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.refresh()

    # -- state --------------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """A refresh is scheduled or under way (the shown findings may be one change behind)."""
        return self._timer.isActive() or self._slices.isActive()

    # -- reviewing in slices --------------------------------------------------------------------

    def start_review(self) -> None:
        """Review the open postmortem: at once when that is quick, else in slices between events."""
        self._timer.stop()
        self._slices.stop()
        self._unscanned = [event.description for event in self.doc.pm.timeline] if self.doc.is_loaded else []
        self._scanned = 0
        self._review_slice()
        if not self._slices.isActive():
            return
        if self.report is not None and self.report_id != self.doc.pm.id:  # another postmortem's findings
            self.report = None
            self.tree.clear()
            self.score_label.setText("")
            self._update_buttons()
        self.summary_label.setText(f"Reviewing {len(self._unscanned):,} timeline events…")

    def _review_slice(self) -> None:
        """Scan event texts for about ``SLICE_S``; list the findings once every text is scanned."""
        texts = self._unscanned
        deadline = time.perf_counter() + SLICE_S
        while self._scanned < len(texts):
            end = min(self._scanned + TEXTS_PER_CHECK, len(texts))
            for text in texts[self._scanned : end]:
                find_blame_cached(text)
            self._scanned = end
            if time.perf_counter() >= deadline and end < len(texts):
                self._slices.start()
                return
        self._unscanned = []
        self.refresh()

    def _set_expanded(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        if expanded:
            self.refresh()

    def selected_finding(self) -> tuple[Finding, bool] | None:
        item = self.tree.currentItem()
        if item is None or item.data(FindingRole) is None:
            return None
        return item.data(FindingRole), bool(item.data(DismissedRole))

    def _update_buttons(self) -> None:
        selected = self.selected_finding()
        self.dismiss_button.setEnabled(selected is not None and not selected[1])
        self.restore_button.setEnabled(selected is not None and selected[1])
        self.restore_button.setVisible(self.show_dismissed.isChecked())

    # -- building the list ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Review the open postmortem now and list the findings (synchronously)."""
        self._timer.stop()
        self._slices.stop()
        self._unscanned = []
        if not self.doc.is_loaded:
            self.report = None
            self.tree.clear()
            self.score_label.setText("")
            self.summary_label.setText("Open a postmortem to see the coach's findings.")
            self._update_buttons()
            self.reviewed.emit()
            return
        selected = self.selected_finding()
        selected_key = selected[0].key if selected else None
        self.report = review(self.doc.pm, today=self.today(), now=self.now())
        self.report_id = self.doc.pm.id
        self.score_label.setText(score_text(self.report.overall))
        self.score_label.setToolTip(
            "Each step scores the share of what it asks for that is filled in (0 when empty), less points for "
            "blaming words, vague or overdue action items, unaddressed root causes and a late review; "
            "the overall score is the mean of the seven."
        )
        reasons = {d.key: d.reason for d in self.doc.pm.dismissals}
        show_dismissed = self.show_dismissed.isChecked()
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        current: QListWidgetItem | None = None
        for step in Step:
            findings = self.report.for_step(step)
            dismissed = [f for f in self.report.dismissed if f.step is step] if show_dismissed else []
            group = QListWidgetItem(f"{int(step)}. {step.title} · {score_text(self.report.score_per_step[step])}")
            font = QFont(group.font())
            font.setWeight(QFont.Weight.DemiBold)
            group.setFont(font)
            group.setData(StepRole, int(step))
            group.setToolTip(
                f"{group.text()}\n{len(findings)} open finding{'s' if len(findings) != 1 else ''}; "
                "click to go to the step"
            )
            if not findings and not dismissed:
                group.setForeground(QColor(46, 160, 67))
            self.tree.addItem(group)
            listed = [(f, False) for f in findings] + [(f, True) for f in dismissed]
            if len(listed) > MAX_LISTED_PER_STEP:
                more = len(listed) - MAX_LISTED_PER_STEP
                listed = listed[:MAX_LISTED_PER_STEP]
            else:
                more = 0
            for finding, is_dismissed in listed:
                child = QListWidgetItem(f"• {finding.message}")
                child.setData(FindingRole, finding)
                child.setData(DismissedRole, is_dismissed)
                # the whole message first: a narrow panel cuts the item's text
                lines = [finding.message]
                if is_dismissed:
                    child.setForeground(muted)
                    reason = reasons.get(finding.key, "")
                    child.setText(f"• Dismissed: {finding.message}")
                    lines.append(f"Dismissed: {reason}" if reason else "Dismissed")
                if finding.rewording:
                    lines.append(f"Ask instead: “{finding.rewording}”")
                child.setToolTip("\n".join([*lines, finding.hint] if finding.hint else lines))
                if finding.kind is FindingKind.BLAMING_LANGUAGE and not is_dismissed:
                    if finding.rewording:
                        child.setData(DetailRole, f"Ask instead: “{finding.rewording}”")
                    elif finding.hint:
                        child.setData(DetailRole, f"Reword: {finding.hint}")
                self.tree.addItem(child)
                if finding.key == selected_key:
                    current = child
            if more:
                rest = QListWidgetItem(f"… and {more:,} more finding{'s' if more != 1 else ''} in this step")
                rest.setForeground(muted)
                rest.setToolTip("Only the first findings of a step are listed; fix or dismiss them to see the rest.")
                self.tree.addItem(rest)
        self.tree.setUpdatesEnabled(True)
        if current is not None:
            self.tree.setCurrentItem(current)
        open_count = len(self.report.findings)
        dismissed_count = len(self.report.dismissed)
        summary = "Nothing to fix." if open_count == 0 else f"{open_count} finding{'s' if open_count != 1 else ''} to look at."
        if dismissed_count:
            summary += f" {dismissed_count} dismissed."
        partly = self.report.partly_checked
        if partly:
            summary += (f" {len(partly)} long field{'s were' if len(partly) != 1 else ' was'} checked for "
                        "blaming words at its start and end only.")
        self.summary_label.setText(summary)
        self.summary_label.setToolTip("\n".join(p.message for p in partly))
        self._update_buttons()
        self.reviewed.emit()

    def finding_texts(self, step: Step) -> list[str]:
        """The texts listed under ``step`` (what the user reads)."""
        texts: list[str] = []
        inside = False
        for i in range(self.tree.count()):
            item = self.tree.item(i)
            if item.data(StepRole) is not None:
                inside = item.data(StepRole) == int(step)
            elif inside:
                texts.append(item.text())
        return texts

    def group_text(self, step: Step) -> str:
        return next(self.tree.item(i).text() for i in range(self.tree.count())
                    if self.tree.item(i).data(StepRole) == int(step))

    def item_for(self, key: str) -> QListWidgetItem | None:
        for i in range(self.tree.count()):
            finding = self.tree.item(i).data(FindingRole)
            if finding is not None and finding.key == key:
                return self.tree.item(i)
        return None

    # -- actions ---------------------------------------------------------------------------------

    def _activate(self, item: QListWidgetItem) -> None:
        finding = item.data(FindingRole)
        if finding is not None:
            self.navigate_requested.emit(finding.step, finding.path, finding.span)
        elif item.data(StepRole) is not None:
            self.navigate_requested.emit(Step(item.data(StepRole)), (), None)

    def dismiss_selected(self) -> bool:
        """Ask for a reason and dismiss the selected finding (one undo step); False if cancelled."""
        selected = self.selected_finding()
        if selected is None or selected[1] or not self.doc.is_loaded:
            return False
        finding = selected[0]
        reason = DismissDialog.ask_reason(self, finding)
        if reason is None:
            return False
        dismissals = [d for d in self.doc.pm.dismissals if d.key != finding.key]
        self.doc.edit(("dismissals",), [*dismissals, Dismissal(key=finding.key, reason=reason)],
                      text="Dismiss coach finding", merge=False)
        self.refresh()
        return True

    def restore_selected(self) -> bool:
        """Take back the dismissal of the selected (dismissed) finding, as one undo step."""
        selected = self.selected_finding()
        if selected is None or not selected[1]:
            return False
        key = selected[0].key
        self.doc.edit(("dismissals",), [d for d in self.doc.pm.dismissals if d.key != key],
                      text="Restore coach finding", merge=False)
        self.refresh()
        return True
