"""``FiveWhysPanel``: several 5 Whys chains per postmortem, each ending in a fishbone cause.

A chain is a problem statement and an ordered list of whys (question and answer). Each new
why's question is pre-filled from the previous answer. The conclusion becomes a new cause
(on a chosen bone, offered first the one ``guess_category`` reads in its words; optionally a
root cause) or is linked to an existing one. Every change is one undo step; typing in one
field merges into one step, as everywhere else.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cause_categories import guess_category
from desktop_app.domain.models import WhyChain
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import cause_tree
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, cause_label
from desktop_app.ui.fishbone.edits import FishboneEdits
from desktop_app.ui.widgets.text_edits import LineEdit, PlainTextEdit, mute, plain_label

UNTITLED = "Untitled chain"


class WhyRow(QFrame):
    """One why of the chain: its number, question, answer and buttons."""

    def __init__(self, number: int, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        self.number = QLabel(f"Why {number}")
        font = self.number.font()
        font.setBold(True)
        self.number.setFont(font)
        self.question = LineEdit()
        self.question.setAccessibleName(f"Why {number} question")
        self.answer = PlainTextEdit()
        self.answer.setAccessibleName(f"Why {number} answer")
        self.answer.setPlaceholderText("Because…")
        self.answer.setFixedHeight(56)
        self.up = QPushButton("↑")
        self.up.setToolTip("Move this why up (Alt+↑)")
        self.up.setAccessibleName(f"Move why {number} up")
        self.up.setEnabled(number > 1)
        self.down = QPushButton("↓")
        self.down.setToolTip("Move this why down (Alt+↓)")
        self.down.setAccessibleName(f"Move why {number} down")
        self.down.setEnabled(number < count)
        # Alt+↑ / Alt+↓ anywhere in the row move it; the panel puts the focus back where it was.
        self.up_action = QAction("Move this why up", self)
        self.up_action.setShortcut(QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Up))
        self.down_action = QAction("Move this why down", self)
        self.down_action.setShortcut(QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Down))
        for action, button in ((self.up_action, self.up), (self.down_action, self.down)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(button.isEnabled())
            self.addAction(action)
        self.remove = QPushButton("Remove")
        for button in (self.up, self.down):
            button.setFixedWidth(32)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        grid.addWidget(self.number, 0, 0)
        grid.addLayout(buttons, 0, 1)
        grid.addWidget(QLabel("Question"), 1, 0)
        grid.addWidget(self.question, 1, 1)
        grid.addWidget(QLabel("Answer"), 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.answer, 2, 1)
        grid.setColumnStretch(1, 1)


class FiveWhysPanel(QWidget):
    """The 5 Whys chains of the open postmortem.

    Attributes:
        chains: the list of chains; problem_edit, rows: the selected chain's editors;
        outcome, outcome_label: the box under the whys and its line saying where the chain ended (the
        cause it became or links to).

    Signals:
        message(str): a notice for the user.
    """

    message = Signal(str)

    def __init__(self, doc: PostmortemDocument, parent: QWidget | None = None,
                 edits: FishboneEdits | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.edits = edits or FishboneEdits(doc)
        self.rows: list[WhyRow] = []
        self._filling = False
        self._chain_id: str | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(QLabel("Chains"))
        self.chains = QListWidget()
        self.chains.setAccessibleName("5 Whys chains")
        self.chains.setWordWrap(True)
        self.chains.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chains.currentRowChanged.connect(self._chain_selected)
        # As tall as its chains: a postmortem has a few, and a tall empty column says nothing.
        self.chains.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.chains.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        left_layout.addWidget(self.chains)
        buttons = QHBoxLayout()
        self.add_chain_button = QPushButton("New chain")
        self.remove_chain_button = QPushButton("Delete")
        self.add_chain_button.clicked.connect(self.add_chain)
        self.remove_chain_button.clicked.connect(self.remove_chain)
        buttons.addWidget(self.add_chain_button)
        buttons.addWidget(self.remove_chain_button)
        left_layout.addLayout(buttons)
        left_layout.addStretch(1)
        splitter.addWidget(left)

        self.stack = QStackedWidget()
        empty = QLabel("Start a chain with a problem statement and ask “why?” until you reach a cause "
                       "worth fixing. Its last answer can become a cause on the fishbone.")
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mute(empty)
        self.stack.addWidget(empty)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(8, 0, 0, 0)
        problem_row = QHBoxLayout()
        problem_label = QLabel("Problem")
        self.problem_edit = LineEdit()
        self.problem_edit.setAccessibleName("Chain problem statement")
        self.problem_edit.setPlaceholderText("What happened, as one observable fact")
        problem_label.setBuddy(self.problem_edit)
        self.problem_edit.textEdited.connect(self._problem_edited)
        problem_row.addWidget(problem_label)
        problem_row.addWidget(self.problem_edit, 1)
        editor_layout.addLayout(problem_row)
        self.rows_area = QScrollArea()
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setFrameShape(QFrame.Shape.NoFrame)
        editor_layout.addWidget(self.rows_area, 1)
        # Right under the last why (``_show_chain`` moves it into each new list of rows).
        self.add_why_button = QPushButton("Add why")
        self.add_why_button.clicked.connect(self.add_why)
        # The chain's conclusion, under "Add why" as the end of the chain and as wide as the whys (so it
        # lines up with them, scroll bar or not): where it went on the fishbone, then what to do with it.
        self.outcome = QFrame()
        self.outcome.setObjectName("whyOutcome")
        self.outcome.setFrameShape(QFrame.Shape.StyledPanel)
        outcome_layout = QVBoxLayout(self.outcome)
        outcome_layout.setContentsMargins(10, 8, 10, 8)
        outcome_title = QLabel("Outcome")
        font = outcome_title.font()
        font.setBold(True)
        outcome_title.setFont(font)
        self.outcome_label = plain_label()
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setAccessibleName("Chain outcome")
        self.to_cause_button = QPushButton("Turn into a cause…")
        self.link_button = QPushButton("Link to existing cause…")
        self.unlink_button = QPushButton("Unlink")
        self.to_cause_button.clicked.connect(self.turn_into_cause)
        self.link_button.clicked.connect(self.link_to_cause)
        self.unlink_button.clicked.connect(self.unlink)
        outcome_layout.addWidget(outcome_title)
        outcome_layout.addWidget(self.outcome_label)
        outcome_buttons = QHBoxLayout()
        for button in (self.to_cause_button, self.link_button, self.unlink_button):
            outcome_buttons.addWidget(button)
        outcome_buttons.addStretch(1)
        outcome_layout.addLayout(outcome_buttons)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.add_why_button)
        holder_layout.addWidget(self.outcome)
        self.rows_area.setWidget(holder)
        self.stack.addWidget(editor)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 800])

        doc.loaded.connect(self._reload)
        doc.list_changed.connect(self._on_list_changed)
        doc.field_changed.connect(self._on_field_changed)
        self._reload()

    # -- state ------------------------------------------------------------------------------------

    def chain(self) -> WhyChain | None:
        if not self.doc.is_loaded or self._chain_id is None:
            return None
        return next((c for c in self.doc.pm.why_chains if c.id == self._chain_id), None)

    def select_chain(self, chain_id: str | None) -> None:
        ids = self._chain_ids()
        self.chains.setCurrentRow(ids.index(chain_id) if chain_id in ids else -1)
        if chain_id not in ids:
            self._chain_id = None
            self._show_chain()

    def _chain_ids(self) -> list[str]:
        return [c.id for c in self.doc.pm.why_chains] if self.doc.is_loaded else []

    def _reload(self) -> None:
        keep = self._chain_id
        self._fill_chains()
        ids = self._chain_ids()
        self.select_chain(keep if keep in ids else (ids[0] if ids else None))
        self.setEnabled(self.doc.is_loaded)

    def _fill_chains(self) -> None:
        self._filling = True
        try:
            self.chains.clear()
            if self.doc.is_loaded:
                for chain in self.doc.pm.why_chains:
                    item = QListWidgetItem(self._chain_title(chain))
                    item.setData(Qt.ItemDataRole.UserRole, chain.id)
                    self.chains.addItem(item)
        finally:
            self._filling = False

    def _chain_title(self, chain: WhyChain) -> str:
        title = " ".join(chain.problem.split()) or UNTITLED
        return f"{title}  → cause" if chain.cause_id else title

    def _chain_selected(self, row: int) -> None:
        if self._filling:
            return
        ids = self._chain_ids()
        self._chain_id = ids[row] if 0 <= row < len(ids) else None
        self._show_chain()

    # -- document signals ----------------------------------------------------------------------------

    def _on_list_changed(self, path: tuple, op: str, row: int, _other: int) -> None:
        if path == ("why_chains",):
            keep = self._chain_id
            self._fill_chains()
            ids = self._chain_ids()
            if op == "insert":
                keep = ids[row]
            self.select_chain(keep if keep in ids else (ids[min(row, len(ids) - 1)] if ids else None))
        elif path[:1] == ("why_chains",) and len(path) >= 3 and path[1] == self._chain_id:
            self._show_chain()
        elif path == ("causes",):
            self._show_outcome()

    def _on_field_changed(self, path: tuple) -> None:
        if not self.doc.is_loaded:
            return
        if path == ("why_chains",):
            self._reload()
        elif path[:1] == ("why_chains",) and len(path) >= 2:
            for row in range(self.chains.count()):
                item = self.chains.item(row)
                chain = next((c for c in self.doc.pm.why_chains if c.id == item.data(Qt.ItemDataRole.UserRole)), None)
                if chain is not None and item.text() != self._chain_title(chain):
                    item.setText(self._chain_title(chain))
            if path[1] == self._chain_id:
                self._refresh_texts()
                self._show_outcome()
        elif path[:1] == ("causes",):
            self._show_outcome()

    # -- the chain editor -------------------------------------------------------------------------------

    def _show_chain(self) -> None:
        chain = self.chain()
        self.remove_chain_button.setEnabled(chain is not None)
        if chain is None:
            self.stack.setCurrentIndex(0)
            self.rows = []
            return
        self.stack.setCurrentIndex(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 4, 8, 4)
        self.rows = []
        for number, why in enumerate(chain.whys, start=1):
            row = WhyRow(number, len(chain.whys))
            why_id = why.id
            row.question.textEdited.connect(lambda text, w=why_id: self._why_edited(w, "question", text))
            row.answer.textChanged.connect(lambda w=why_id, r=row: self._answer_changed(w, r))
            for signal, step in ((row.up.clicked, -1), (row.down.clicked, 1), (row.up_action.triggered, -1),
                                 (row.down_action.triggered, 1)):
                signal.connect(lambda _c=False, w=why_id, s=step: self._move_why(w, s))
            row.remove.clicked.connect(lambda _c=False, w=why_id: self.remove_why(w))
            layout.addWidget(row)
            self.rows.append(row)
        layout.addWidget(self.add_why_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.rows_area.setWidget(body)
        self._refresh_texts()
        self._show_outcome()

    def _refresh_texts(self) -> None:
        chain = self.chain()
        if chain is None:
            return
        self._filling = True
        try:
            if self.problem_edit.text() != chain.problem:
                self.problem_edit.setText(chain.problem)
            if len(self.rows) != len(chain.whys):
                return
            for row, why in zip(self.rows, chain.whys, strict=True):
                if row.question.text() != why.question:
                    row.question.setText(why.question)
                if row.answer.toPlainText() != why.answer:
                    row.answer.setPlainText(why.answer)
        finally:
            self._filling = False

    def _show_outcome(self) -> None:
        chain = self.chain()
        if chain is None:
            return
        cause = cause_tree.find(self.doc.pm.causes, chain.cause_id) if chain.cause_id else None
        if cause is not None:
            pm = self.doc.pm
            bone = cause_tree.bone_of(pm.causes, pm.fishbone_categories, cause.id)
            self.outcome_label.setText(f"Cause on the fishbone: “{cause_label(cause)}” ({bone}, "
                                       f"{cause.kind.label.lower()})")
        else:
            self.outcome_label.setText("Not a fishbone cause yet.")
        self.unlink_button.setEnabled(cause is not None)

    # -- edits ---------------------------------------------------------------------------------------------

    def _problem_edited(self, text: str) -> None:
        if self._chain_id is not None and not self._filling:
            self.doc.edit(("why_chains", self._chain_id, "problem"), text, text="Edit 5 Whys problem")

    def _why_edited(self, why_id: str, attr: str, text: str) -> None:
        if self._chain_id is not None and not self._filling:
            self.doc.edit(("why_chains", self._chain_id, "whys", why_id, attr), text, text=f"Edit why {attr}")

    def _answer_changed(self, why_id: str, row: WhyRow) -> None:
        self._why_edited(why_id, "answer", row.answer.toPlainText())

    def add_chain(self) -> str | None:
        if not self.doc.is_loaded:
            return None
        chain_id = self.edits.add_chain()
        self.select_chain(chain_id)
        self.problem_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return chain_id

    def remove_chain(self) -> None:
        if self._chain_id is not None:
            self.edits.remove_chain(self._chain_id)

    def add_why(self) -> str | None:
        if self._chain_id is None:
            return None
        why_id = self.edits.add_why(self._chain_id)
        if self.rows:
            self.rows[-1].answer.setFocus(Qt.FocusReason.OtherFocusReason)
        return why_id

    def remove_why(self, why_id: str) -> None:
        if self._chain_id is not None:
            self.edits.remove_why(self._chain_id, why_id)

    def _move_why(self, why_id: str, step: int) -> None:
        """Move a why; the keyboard focus goes along with it (same editor and cursor, or same button
        while it can still move that way, else the answer) so the key can be pressed again."""
        if self._chain_id is None:
            return
        focus = self._row_focus()
        if not self.edits.move_why(self._chain_id, why_id, step):
            return
        chain = self.chain()
        if focus is None or chain is None or len(self.rows) != len(chain.whys):
            return
        row = self.rows[[w.id for w in chain.whys].index(why_id)]
        name, cursor = focus
        widget = getattr(row, name)
        if not widget.isEnabled():
            widget, cursor = row.answer, None
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if cursor is not None and name == "answer":
            text_cursor = row.answer.textCursor()
            text_cursor.setPosition(min(cursor, len(row.answer.toPlainText())))
            row.answer.setTextCursor(text_cursor)
        elif cursor is not None:
            row.question.setCursorPosition(cursor)
        self.rows_area.ensureWidgetVisible(row, 0, 8)

    def _row_focus(self) -> tuple[str, int | None] | None:
        """Which part of a why row has the focus, with the cursor position when it is an editor."""
        focus = QApplication.focusWidget()
        for row in self.rows:
            if focus is row.answer:
                return "answer", row.answer.textCursor().position()
            if focus is row.question:
                return "question", row.question.cursorPosition()
            for name in ("up", "down", "remove"):
                if focus is getattr(row, name):
                    return name, None
        return None

    def _conclusion(self, chain: WhyChain) -> str:
        answers = [w.answer.strip() for w in chain.whys if w.answer.strip()]
        return " ".join(answers[-1].split()) if answers else ""

    def turn_into_cause(self) -> str | None:
        chain = self.chain()
        if chain is None:
            return None
        conclusion = self._conclusion(chain)
        if not conclusion:
            self.message.emit("Answer the last why first: its answer becomes the cause.")
            return None
        categories = self.doc.pm.fishbone_categories
        guess = guess_category(conclusion, categories)
        choice = FishboneDialogs.ask_new_cause(self, conclusion, categories, guess)
        if choice is None:
            return None
        cause_id = self.edits.chain_to_cause(chain.id, choice.category, choice.text, root_cause=choice.root_cause)
        self.message.emit(f"Added “{choice.text}” to {choice.category} on the fishbone.")
        return cause_id

    def link_to_cause(self) -> bool:
        chain = self.chain()
        if chain is None:
            return False
        causes = self.doc.pm.causes
        if not causes:
            self.message.emit("The fishbone has no causes yet; turn the answer into one instead.")
            return False
        choice = FishboneDialogs.ask_existing_cause(self, causes)
        if choice is None:
            return False
        return self.edits.link_chain(chain.id, choice[0], root_cause=choice[1])

    def unlink(self) -> bool:
        chain = self.chain()
        return chain is not None and self.edits.link_chain(chain.id, None)
