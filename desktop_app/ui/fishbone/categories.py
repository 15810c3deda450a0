"""The category panel beside the canvas: choose a set (6M, 4S, 8P) or edit a custom list of bones.

Rename in place (double-click or F2 in the list); Add, Remove, Move up and Move down buttons.
Renaming moves the bone's causes along, removing a bone with causes asks where they go;
each is one undo step.

When some causes name no bone (an import, a category since removed elsewhere) the diagram draws
them on an extra "Other" bone; the list shows it last, in italics. Renaming it or moving it up
makes it a bone of its own with those causes on it; it cannot be removed (its causes would have
nowhere to go). The list is as tall as its rows, so a short list leaves no empty box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.formats.fishbone_layout import CATEGORY_SETS, OTHER_CATEGORY
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import cause_tree
from desktop_app.ui.fishbone.dialogs import FishboneDialogs
from desktop_app.ui.fishbone.edits import FishboneEdits
from desktop_app.ui.widgets.text_edits import mute

CUSTOM = "Custom"
SET_LABELS = {"6M": "6M: six bones", "4S": "4S: four bones", "8P": "8P: eight bones"}
"""Short enough for the narrow panel; each entry's tooltip lists its bones."""
OTHER_ROW = "\x00other"
"""The item data of the fallback "Other" bone's row (never a category name: names are stripped text)."""
OTHER_TIP = ("Causes whose category is none of the bones are drawn here. Rename it or move it up to make "
             "it a bone of its own; its causes move along.")


class CategoryPanel(QWidget):
    """Edits ``fishbone_categories`` of the open postmortem.

    Signals:
        message(str): something to tell the user (a refused rename, kept bones).
    """

    message = Signal(str)

    def __init__(self, doc: PostmortemDocument, edits: FishboneEdits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.edits = edits
        self._filling = False
        self._has_other = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        title = QLabel("Categories")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.set_combo = QComboBox()
        self.set_combo.setAccessibleName("Category set")
        for key, names in CATEGORY_SETS.items():
            self.set_combo.addItem(SET_LABELS.get(key, key), key)
            self.set_combo.setItemData(self.set_combo.count() - 1, ", ".join(names), Qt.ItemDataRole.ToolTipRole)
        self.set_combo.addItem(CUSTOM, CUSTOM)
        self.set_combo.setItemData(self.set_combo.count() - 1, "Your own bones: add, rename, remove, reorder",
                                   Qt.ItemDataRole.ToolTipRole)
        # The long set descriptions must not widen the panel: the combo shows what fits.
        self.set_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_combo.setMinimumContentsLength(8)
        self.set_combo.activated.connect(self._set_chosen)
        layout.addWidget(self.set_combo)
        self.listing = QListWidget()
        self.listing.setAccessibleName("Categories")
        self.listing.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                     | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.listing.itemChanged.connect(self._item_renamed)
        self.listing.currentRowChanged.connect(lambda _row: self._update_buttons())
        # As tall as its rows (up to the panel): a short list leaves no tall empty box.
        self.listing.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.listing.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.listing)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.add_button.clicked.connect(self.add_category)
        self.rename_button.clicked.connect(self._start_rename)
        self.remove_button.clicked.connect(lambda: self.remove_category(self.selected()))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        # The style's 80 px minimum per button would make the panel wider than its content needs.
        for button in (self.add_button, self.rename_button, self.remove_button, self.up_button,
                       self.down_button):
            button.setMinimumWidth(40)
        for button in (self.add_button, self.rename_button, self.remove_button):
            row1.addWidget(button)
        for button in (self.up_button, self.down_button):
            row2.addWidget(button)
        layout.addLayout(row1)
        layout.addLayout(row2)
        hint = QLabel("Double-click a category to rename it; its causes move along.")
        hint.setWordWrap(True)
        mute(hint)
        layout.addWidget(hint)
        layout.addStretch(1)
        doc.loaded.connect(self.refresh)
        doc.changed.connect(self._causes_changed)
        doc.field_changed.connect(lambda path: path == ("fishbone_categories",) and self.refresh())
        self.refresh()

    def categories(self) -> list[str]:
        return list(self.doc.pm.fishbone_categories) if self.doc.is_loaded else []

    def other_causes(self) -> int:
        """How many causes the fallback "Other" bone holds (0: the bone is not drawn)."""
        if not self.doc.is_loaded:
            return 0
        pm = self.doc.pm
        return len(cause_tree.on_other_bone(pm.causes, pm.fishbone_categories))

    def _causes_changed(self) -> None:
        if (self.other_causes() > 0) != self._has_other:
            self.refresh()

    def selected(self) -> str | None:
        """The selected bone's name, ``OTHER_ROW`` for the fallback bone's row, None for nothing."""
        item = self.listing.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, name: str) -> None:
        for row in range(self.listing.count()):
            if self.listing.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.listing.setCurrentRow(row)

    def refresh(self) -> None:
        current = self.selected()
        names = self.categories()
        self._filling = True
        try:
            self.listing.clear()
            for name in names:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.listing.addItem(item)
            others = self.other_causes()
            self._has_other = others > 0
            if others:
                item = QListWidgetItem(OTHER_CATEGORY)
                item.setData(Qt.ItemDataRole.UserRole, OTHER_ROW)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(f"{others} cause{'s' if others != 1 else ''}. {OTHER_TIP}")
                self.listing.addItem(item)
            key = next((k for k, v in CATEGORY_SETS.items() if list(v) == names), CUSTOM)
            self.set_combo.setCurrentIndex(self.set_combo.findData(key))
        finally:
            self._filling = False
        if current in names or (current == OTHER_ROW and self._has_other):
            self.select(current)
        self.setEnabled(self.doc.is_loaded)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.listing.currentRow()
        has = row >= 0
        other = self.selected() == OTHER_ROW
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has and not other)
        self.up_button.setEnabled(has and row > 0)
        last = self.listing.count() - (2 if self._has_other else 1)
        self.down_button.setEnabled(has and not other and row < last)

    # -- actions ------------------------------------------------------------------------------------

    def _set_chosen(self, index: int) -> None:
        key = self.set_combo.itemData(index)
        if key == CUSTOM or not self.doc.is_loaded:
            return
        kept = self.edits.choose_set(CATEGORY_SETS[key])
        if kept:
            self.message.emit("Kept " + ", ".join(f"“{k}”" for k in kept) + " because they still hold causes.")

    def add_category(self) -> None:
        name = FishboneDialogs.ask_category_name(self, "Add category")
        if name is None:
            return
        if not self.edits.add_category(name):
            self.message.emit(f"There already is a category “{name}”.")
            return
        self.select(name)

    def _start_rename(self) -> None:
        item = self.listing.currentItem()
        if item is not None:
            self.listing.editItem(item)

    def _item_renamed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        old = item.data(Qt.ItemDataRole.UserRole)
        new = item.text().strip()
        self.rename(old, new)

    def rename(self, old: str, new: str) -> bool:
        """Rename a bone (``old`` may be ``OTHER_ROW`` or, from the canvas, the fallback bone's "Other"
        label: it becomes a bone of its own called ``new``)."""
        adopting = old == OTHER_ROW or (old == OTHER_CATEGORY and old not in self.categories())
        if adopting:
            new = new.strip()
            if not new or new in self.categories():
                self.message.emit(f"“{new}” is already a category." if new else "A category needs a name.")
                self.refresh()
                return False
            done = self.edits.adopt_other(new)
            self.select(new)
            return done
        if new == old:
            return False
        if not new or new in self.categories():
            self.message.emit(f"“{new}” is already a category." if new else "A category needs a name.")
            self.refresh()
            return False
        done = self.edits.rename_category(old, new)
        self.select(new)
        return done

    def remove_category(self, name: str | None) -> bool:
        if name == OTHER_ROW:
            self.message.emit("The “Other” bone holds the causes that name no bone; rename it to keep it.")
            return False
        if name is None or not self.doc.is_loaded:
            return False
        pm = self.doc.pm
        held = cause_tree.causes_on(pm.causes, pm.fishbone_categories, name)
        move_to = None
        if held:
            others = [n for n in pm.fishbone_categories if n != name]
            move_to = FishboneDialogs.ask_move_causes(self, name, len(held), others)
            if move_to is None:
                if not others:
                    self.message.emit("The last category holds causes; add another category first.")
                return False
        return self.edits.remove_category(name, move_to)

    def move(self, step: int) -> bool:
        name = self.selected()
        if name is None:
            return False
        if name == OTHER_ROW:
            names = self.categories()
            if step >= 0 or OTHER_CATEGORY in names:
                return False
            done = self.edits.adopt_other(OTHER_CATEGORY, len(names) + step)
            self.select(OTHER_CATEGORY)
            return done
        done = self.edits.move_category(name, step)
        self.select(name)
        return done
