"""The fishbone canvas: keyboard adds and in-place edits, drag to re-parent with real mouse events,
refused moves, delete with children, undo/redo, categories, exports, autosave and 500 causes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import ActionItem, Cause, CauseKind, Postmortem, WhyChain
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import export
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, PngOptions
from desktop_app.ui.fishbone.editor import PANEL_WIDTH, FishboneEditor
from desktop_app.ui.fishbone.items import DropState

ROOT = CauseKind.ROOT_CAUSE.value
FACTOR = CauseKind.CONTRIBUTING_FACTOR.value


def tree(pm: Postmortem) -> list[tuple]:
    """The stored cause tree: (id, parent_id, category, kind, text) in list order."""
    return [(c.id, c.parent_id, c.category, c.kind.value, c.text) for c in pm.causes]


def sample() -> Postmortem:
    pm = Postmortem(title="Checkout failed for EU users")
    pm.causes = [
        Cause(id="deploy", text="Deploy skipped the canary stage", category="Process"),
        Cause(id="optional", text="Canary optional in pipeline config", category="Process", parent_id="deploy"),
        Cause(id="review", text="Config review had no checklist", category="Process", parent_id="optional"),
        Cause(id="alert", text="Alert threshold too high", category="Monitoring"),
        Cause(id="pool", text="Connection pool too small", category="Technology", kind=CauseKind.ROOT_CAUSE),
    ]
    pm.action_items = [
        ActionItem(id="act1", title="Make canary mandatory", cause_ids=["optional", "pool"]),
        ActionItem(id="act2", title="Tune alert", cause_ids=["alert"]),
    ]
    pm.why_chains = [WhyChain(id="chain", problem="Checkout failed", cause_id="review")]
    return pm


@pytest.fixture
def doc() -> PostmortemDocument:
    return PostmortemDocument()


@pytest.fixture
def make_editor(qtbot: QtBot, doc: PostmortemDocument) -> Callable[[Postmortem], FishboneEditor]:
    def make(pm: Postmortem) -> FishboneEditor:
        doc.load(pm, 1)
        editor = FishboneEditor(doc)
        qtbot.addWidget(editor)
        editor.resize(1500, 900)
        editor.show()
        qtbot.waitExposed(editor)
        qtbot.waitUntil(lambda: not editor._start_pending, timeout=2000)
        return editor

    return make


def centre(editor: FishboneEditor, box_id: str) -> QPoint:
    """The viewport position of a box's centre."""
    item = editor.scene.items_by_id[box_id]
    return editor.view.mapFromScene(item.mapRectToScene(item.rect()).center())


def press_drag(editor: FishboneEditor, source: str, target: str) -> tuple[QPoint, QPoint]:
    """Press on ``source`` and move the mouse onto ``target`` (the button stays down)."""
    viewport = editor.view.viewport()
    start, end = centre(editor, source), centre(editor, target)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(12, 8))
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    return start, end


def release(editor: FishboneEditor, at: QPoint) -> None:
    QTest.mouseRelease(editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def type_into_inline(qtbot: QtBot, editor: FishboneEditor, text: str, type_text) -> None:
    inline = editor.inline
    assert inline.isVisible() and inline.hasFocus()
    type_text(inline, text)
    qtbot.keyClick(inline, Qt.Key.Key_Return)
    assert not inline.isVisible()


# -- keyboard: add, edit in place --------------------------------------------------------------------


def test_keyboard_only_add_and_edit_in_place(qtbot, make_editor, doc, type_text) -> None:
    editor = make_editor(Postmortem(title="Slow search"))
    view = editor.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current == "category:Process"
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    first = view.current
    type_into_inline(qtbot, editor, "Index <rebuild> & cache", type_text)
    assert tree(doc.pm) == [(first, None, "Process", FACTOR, "Index <rebuild> & cache")]
    assert view.hasFocus() and view.current == first

    qtbot.keyClick(view, Qt.Key.Key_Insert)  # on a cause: a sub-cause
    second = view.current
    type_into_inline(qtbot, editor, "数据库 مرحبا 🔥", type_text)
    assert tree(doc.pm) == [
        (first, None, "Process", FACTOR, "Index <rebuild> & cache"),
        (second, first, "Process", FACTOR, "数据库 مرحبا 🔥"),
    ]
    assert editor.scene.layout.box(second).depth == 2
    assert editor.scene.items_by_id[second].box.lines == ("数据库 مرحبا 🔥",)

    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.current == first
    qtbot.keyClick(view, Qt.Key.Key_F2)
    inline = editor.inline
    assert inline.toPlainText() == "Index <rebuild> & cache"
    inline.selectAll()
    type_text(inline, "Stale index")
    qtbot.keyClick(inline, Qt.Key.Key_Escape)
    assert doc.pm.causes[0].text == "Index <rebuild> & cache"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    inline.selectAll()
    type_text(inline, "Stale index")
    qtbot.keyClick(inline, Qt.Key.Key_Return)
    assert doc.pm.causes[0].text == "Stale index"

    # add with its text, add with its text, edit: three undo steps
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert doc.pm.causes[0].text == "Index <rebuild> & cache"
    doc.undo_stack.undo()
    assert tree(doc.pm) == [(first, None, "Process", FACTOR, "Index <rebuild> & cache")]
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert tree(doc.pm) == [
        (first, None, "Process", FACTOR, "Stale index"),
        (second, first, "Process", FACTOR, "数据库 مرحبا 🔥"),
    ]


def test_escape_on_a_new_cause_takes_it_back(qtbot, make_editor, doc) -> None:
    editor = make_editor(Postmortem(title="Slow search"))
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)  # nothing selected: the first bone
    assert [c.category for c in doc.pm.causes] == ["People"]
    qtbot.keyClick(editor.inline, Qt.Key.Key_Escape)
    assert doc.pm.causes == []
    assert doc.undo_stack.index() == 0
    assert not doc.undo_stack.canUndo()


def test_adding_a_cause_and_typing_its_text_is_one_undo_step(qtbot, make_editor, doc, type_text) -> None:
    editor = make_editor(sample())
    before = tree(doc.pm)
    editor.view.setFocus()
    editor.view.set_current("category:Technology")
    editor.add_action.trigger()
    new = editor.view.current
    type_into_inline(qtbot, editor, "Disk full on db-1", type_text)
    after = [*before, (new, None, "Technology", FACTOR, "Disk full on db-1")]
    assert tree(doc.pm) == after
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Add cause"
    assert editor.view.current == new and editor.view.hasFocus()
    assert editor.scene.items_by_id[new].box.lines == ("Disk full on db-1",)

    doc.undo_stack.undo()
    assert tree(doc.pm) == before
    assert new not in editor.scene.items_by_id
    doc.undo_stack.redo()
    assert tree(doc.pm) == after
    assert editor.scene.items_by_id[new].box.lines == ("Disk full on db-1",)


def test_adding_a_sub_cause_with_insert_and_typing_is_one_undo_step(qtbot, make_editor, doc, type_text) -> None:
    editor = make_editor(sample())
    before = tree(doc.pm)
    editor.view.setFocus()
    editor.view.set_current("alert")
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    new = editor.view.current
    type_into_inline(qtbot, editor, "Threshold copied from staging", type_text)
    assert tree(doc.pm) == [*before, (new, "alert", "Monitoring", FACTOR, "Threshold copied from staging")]
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Add sub-cause"
    doc.undo_stack.undo()
    assert tree(doc.pm) == before
    doc.undo_stack.redo()
    assert tree(doc.pm)[-1] == (new, "alert", "Monitoring", FACTOR, "Threshold copied from staging")


def test_the_deleted_notice_goes_on_undo_and_on_the_next_step(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    editor.view.setFocus()
    editor.view.set_current("alert")
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.notice.text() == "Deleted “Alert threshold too high”. Ctrl+Z brings it back."
    doc.undo_stack.undo()
    assert editor.notice.text() == ""
    assert "alert" in editor.scene.items_by_id

    editor.view.set_current("pool")
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.notice.text() == "Deleted “Connection pool too small”. Ctrl+Z brings it back."
    editor.view.set_current("deploy")
    qtbot.keyClick(editor.view, Qt.Key.Key_R)  # another step: the notice is stale
    assert doc.undo_stack.count() == 2
    assert editor.notice.text() == ""

    editor.view.set_current("alert")
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.notice.text() == "Deleted “Alert threshold too high”. Ctrl+Z brings it back."
    doc.undo_stack.undo()
    doc.undo_stack.redo()  # redoing the delete does not bring the notice back
    assert editor.notice.text() == ""


def test_tab_cycles_through_bones_and_causes(qtbot, make_editor) -> None:
    editor = make_editor(sample())
    view = editor.view
    view.setFocus()
    expected = ["category:People", "category:Process", "deploy", "optional", "review", "category:Technology",
                "pool", "category:Environment", "category:Monitoring", "alert", "category:Dependencies"]
    seen = []
    for _ in expected:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        seen.append(view.current)
    assert seen == expected
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current == "category:People"
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.current == "category:Dependencies"
    view.set_current("review")
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current == "optional"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current == "category:Process"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current == "deploy"


# -- drag to re-parent ----------------------------------------------------------------------------------


def test_drag_re_parents_onto_a_cause_and_onto_a_bone_with_undo_and_redo(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    before = tree(doc.pm)
    start, end = press_drag(editor, "alert", "pool")
    assert editor.view.dragging == "alert"
    assert editor.view.drop_state_of("pool") is DropState.ACCEPT
    release(editor, end)
    assert editor.view.drop_state_of("pool") is DropState.NONE
    moved = [
        ("deploy", None, "Process", FACTOR, "Deploy skipped the canary stage"),
        ("optional", "deploy", "Process", FACTOR, "Canary optional in pipeline config"),
        ("review", "optional", "Process", FACTOR, "Config review had no checklist"),
        ("pool", None, "Technology", ROOT, "Connection pool too small"),
        ("alert", "pool", "Technology", FACTOR, "Alert threshold too high"),
    ]
    assert tree(doc.pm) == moved
    assert editor.scene.layout.box("alert").depth == 2
    assert editor.view.current == "alert"
    assert doc.undo_stack.count() == 1
    assert editor.notice.text() == "Moved the cause onto another cause. Ctrl+Z moves it back."

    # A subtree onto a bone (its label): the whole tree takes the bone's name.
    start, end = press_drag(editor, "optional", "category:Environment")
    assert editor.view.drop_state_of("category:Environment") is DropState.ACCEPT
    release(editor, end)
    on_bone = [
        ("deploy", None, "Process", FACTOR, "Deploy skipped the canary stage"),
        ("review", "optional", "Environment", FACTOR, "Config review had no checklist"),
        ("pool", None, "Technology", ROOT, "Connection pool too small"),
        ("alert", "pool", "Technology", FACTOR, "Alert threshold too high"),
        ("optional", None, "Environment", FACTOR, "Canary optional in pipeline config"),
    ]
    assert tree(doc.pm) == on_bone
    assert editor.scene.layout.box("review").category == "Environment"

    doc.undo_stack.undo()
    assert tree(doc.pm) == moved
    doc.undo_stack.undo()
    assert tree(doc.pm) == before
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert tree(doc.pm) == on_bone


def test_drag_into_own_descendant_is_refused(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    before = tree(doc.pm)
    start, end = press_drag(editor, "deploy", "review")
    assert editor.view.drop_state_of("review") is DropState.REFUSE
    release(editor, end)
    assert tree(doc.pm) == before
    assert doc.undo_stack.count() == 0
    assert editor.notice.text() == "Not moved: A cause cannot move into itself or one of its own sub-causes."
    # onto itself, and a drop back on its own parent, change nothing either
    start, end = press_drag(editor, "optional", "optional")
    release(editor, end)
    start, end = press_drag(editor, "optional", "deploy")
    release(editor, end)
    assert tree(doc.pm) == before
    assert doc.undo_stack.count() == 0


def test_dragging_the_background_pans(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    editor.view.set_zoom(3.0)
    viewport = editor.view.viewport()
    bar = editor.view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    empty = QPoint(5, 5)
    assert editor.scene.box_at(editor.view.mapToScene(empty)) is None
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    QTest.mouseMove(viewport, QPoint(105, 5))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(105, 5))
    assert bar.value() == before - 100
    assert doc.undo_stack.count() == 0


# -- delete, kind, note, links ------------------------------------------------------------------------------


def test_delete_removes_children_and_links_in_one_step(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    before = tree(doc.pm)
    editor.view.setFocus()
    editor.view.set_current("optional")
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert tree(doc.pm) == [
        ("deploy", None, "Process", FACTOR, "Deploy skipped the canary stage"),
        ("alert", None, "Monitoring", FACTOR, "Alert threshold too high"),
        ("pool", None, "Technology", ROOT, "Connection pool too small"),
    ]
    assert doc.pm.action_items[0].cause_ids == ["pool"]
    assert doc.pm.why_chains[0].cause_id is None
    assert editor.view.current == "deploy"
    assert set(editor.scene.items_by_id) >= {"deploy", "alert", "pool"}
    assert "optional" not in editor.scene.items_by_id and "review" not in editor.scene.items_by_id
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Delete cause and 1 sub-causes"
    doc.undo_stack.undo()
    assert tree(doc.pm) == before
    assert doc.pm.action_items[0].cause_ids == ["optional", "pool"]
    assert doc.pm.why_chains[0].cause_id == "review"
    doc.undo_stack.redo()
    assert [c.id for c in doc.pm.causes] == ["deploy", "alert", "pool"]


def test_root_cause_mark_and_no_action_item_badge(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    view = editor.view
    view.setFocus()
    view.set_current("deploy")
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert doc.pm.causes[0].kind is CauseKind.ROOT_CAUSE
    item = editor.scene.items_by_id["deploy"]
    assert item.box.is_root_cause and item.unaddressed
    assert editor.root_action.isChecked()
    assert not editor.scene.items_by_id["pool"].unaddressed  # act1 addresses it

    offered: list[tuple] = []

    def choose(cls, parent, text, items, linked):
        offered.append((text, [i.id for i in items], list(linked)))
        return ["act2"]

    monkeypatch.setattr(FishboneDialogs, "ask_action_links", classmethod(choose))
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert offered == [("Deploy skipped the canary stage", ["act1", "act2"], [])]
    assert [a.cause_ids for a in doc.pm.action_items] == [["optional", "pool"], ["alert", "deploy"]]
    assert not editor.scene.items_by_id["deploy"].unaddressed

    menu = editor.context_menu("deploy")
    factor = next(a for a in menu.actions() if a.text() == "Contributing factor")
    factor.trigger()
    assert doc.pm.causes[0].kind is CauseKind.CONTRIBUTING_FACTOR
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert [a.cause_ids for a in doc.pm.action_items] == [["optional", "pool"], ["alert"]]


def test_note_from_the_context_menu(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    monkeypatch.setattr(FishboneDialogs, "ask_note", classmethod(lambda cls, p, text, note: "See <INC-42> & log"))
    menu = editor.context_menu("alert")
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Add sub-cause", "Edit text", "Move to…", "Root cause", "Contributing factor", "Note…",
        "Link action items…", "Delete"]
    next(a for a in menu.actions() if a.text() == "Note…").trigger()
    assert doc.pm.causes[3].note == "See <INC-42> & log"
    assert editor.scene.items_by_id["alert"].box.has_note
    assert editor.scene.items_by_id["alert"].toolTip() == "Alert threshold too high\n\nNote: See <INC-42> & log"


# -- view -------------------------------------------------------------------------------------------------


def test_zoom_keys_fit_and_selection_kept_across_rebuilds(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    view = editor.view
    view.setFocus()
    view.reset_zoom()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.2)
    assert editor.zoom_label.text() == "120 %"
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom_label.text() == "83 %"
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 1.0
    view.set_zoom(3.0)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().isVisible(), timeout=1000)
    editor.fit_action.trigger()
    rect = view.mapFromScene(editor.scene.diagram_rect()).boundingRect()
    assert view.viewport().rect().contains(rect)
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible(), timeout=1000)  # fitted: no scroll bars
    assert not view.verticalScrollBar().isVisible()
    assert view.viewport().rect().contains(rect)
    view.set_current("alert")
    editor.edits.set_text("pool", "Connection pool far too small for the Monday peak")
    assert view.current == "alert"
    assert editor.scene.items_by_id["alert"].isSelected()


# -- categories -------------------------------------------------------------------------------------------


def test_category_rename_moves_causes_and_reorder(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    panel = editor.categories
    assert panel.set_combo.currentData() == "6M"
    panel.select("Process")
    panel.listing.currentItem().setText("Delivery")
    assert doc.pm.fishbone_categories == ["People", "Delivery", "Technology", "Environment", "Monitoring",
                                          "Dependencies"]
    assert [(c.id, c.category) for c in doc.pm.causes] == [
        ("deploy", "Delivery"), ("optional", "Delivery"), ("review", "Delivery"), ("alert", "Monitoring"),
        ("pool", "Technology")]
    assert panel.set_combo.currentData() == "Custom"
    assert "category:Delivery" in editor.scene.items_by_id
    assert doc.undo_stack.count() == 1
    panel.select("Delivery")
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert doc.pm.fishbone_categories[:2] == ["Delivery", "People"]
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert doc.pm.fishbone_categories[:3] == ["People", "Technology", "Delivery"]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.pm.fishbone_categories[1] == "Process"
    assert [c.category for c in doc.pm.causes] == ["Process", "Process", "Process", "Monitoring", "Technology"]

    # In place on the canvas too.
    editor.view.setFocus()
    editor.view.set_current("category:Monitoring")
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    editor.inline.selectAll()
    qtbot.keyClicks(editor.inline, "Observability")
    qtbot.keyClick(editor.inline, Qt.Key.Key_Return)
    assert doc.pm.fishbone_categories[4] == "Observability"
    assert doc.pm.causes[3].category == "Observability"
    assert editor.view.current == "category:Observability"


def test_category_sets_add_and_remove(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    panel = editor.categories
    panel.set_combo.setCurrentIndex(panel.set_combo.findData("4S"))
    panel.set_combo.activated.emit(panel.set_combo.currentIndex())
    assert doc.pm.fishbone_categories == ["Surroundings", "Suppliers", "Systems", "Skills", "Process",
                                          "Technology", "Monitoring"]
    assert editor.notice.text() == "Kept “Process”, “Technology”, “Monitoring” because they still hold causes."
    monkeypatch.setattr(FishboneDialogs, "ask_category_name", classmethod(lambda cls, p, t, n="": "Vendors"))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert doc.pm.fishbone_categories[-1] == "Vendors"
    panel.select("Skills")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)  # empty: removed at once
    assert "Skills" not in doc.pm.fishbone_categories
    asked: list[tuple] = []

    def move_to(cls, parent, name, count, others):
        asked.append((name, count, list(others)))
        return "Vendors"

    monkeypatch.setattr(FishboneDialogs, "ask_move_causes", classmethod(move_to))
    panel.select("Process")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert asked == [("Process", 3, ["Surroundings", "Suppliers", "Systems", "Technology", "Monitoring",
                                     "Vendors"])]
    assert doc.pm.fishbone_categories == ["Surroundings", "Suppliers", "Systems", "Technology", "Monitoring",
                                          "Vendors"]
    assert [c.category for c in doc.pm.causes] == ["Vendors", "Vendors", "Vendors", "Monitoring", "Technology"]
    doc.undo_stack.undo()
    assert [c.category for c in doc.pm.causes] == ["Process", "Process", "Process", "Monitoring", "Technology"]


def test_effect_line_edit_and_placeholder(qtbot, make_editor, doc) -> None:
    editor = make_editor(sample())
    assert editor.effect_edit.placeholderText() == "Checkout failed for EU users"
    assert editor.scene.layout.box("effect").lines == ("Checkout failed for EU users",)
    qtbot.keyClicks(editor.effect_edit, "EU checkout 502s")
    assert doc.pm.fishbone_effect == "EU checkout 502s"
    assert editor.scene.layout.box("effect").lines == ("EU checkout 502s",)
    assert doc.undo_stack.count() == 1


# -- export -------------------------------------------------------------------------------------------------


def _ink_pixels(image: QImage, background: QColor) -> int:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y) != background
    )


def test_png_export_is_not_blank(qtbot, make_editor, doc, tmp_path, monkeypatch) -> None:
    editor = make_editor(sample())
    target = tmp_path / "fishbone.png"
    monkeypatch.setattr(FishboneDialogs, "ask_png_options", classmethod(lambda cls, p: PngOptions(2, False)))
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: target))
    assert editor.export_png()
    image = QImage(str(target))
    layout = editor.scene.layout
    assert (image.width(), image.height()) == (round(layout.width * 8 / 3), round(layout.height * 8 / 3))
    assert image.pixelColor(1, 1) == QColor("white")
    inked = _ink_pixels(image, QColor("white"))
    assert inked > image.width() * image.height() // 4 // 20  # well over 5 % of the sampled pixels
    assert editor.notice.text() == "Exported fishbone.png"
    transparent = export.render_image(doc.pm, 1, transparent=True)
    assert transparent.pixelColor(1, 1).alpha() == 0
    assert _ink_pixels(transparent, QColor(0, 0, 0, 0)) > 0


def test_svg_export_parses_with_every_cause_text(qtbot, make_editor, doc, tmp_path, monkeypatch) -> None:
    pm = sample()
    pm.causes.append(Cause(id="intl", text="Ünïcode <tag> & 数据库 مرحبا 🔥", category="People"))
    editor = make_editor(pm)
    target = tmp_path / "fishbone.svg"
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: target))
    assert editor.export_svg()
    root = ET.parse(target).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    titles = [t.text for t in root.iter(f"{ns}title")]
    for cause in pm.causes:
        assert cause.text in titles
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "Ünïcode <tag> & 数据库 مرحبا 🔥" in texts
    assert texts.count("ROOT CAUSE") == 1
    assert root.get("width") == f"{editor.scene.layout.width:.2f}".rstrip("0").rstrip(".")


# -- with the window: autosave to a real repository --------------------------------------------------------------


def test_re_parent_and_undo_are_autosaved(qtbot, window, repo, wait_saved) -> None:
    window.new_postmortem()
    pm_id = window.document.pm.id
    editor = window.wizard.findings.fishbone_editor
    edits = editor.edits
    top = edits.add_cause("Retry storm", category="Technology")
    sub = edits.add_cause("No jitter in client retries", parent_id=top)
    other = edits.add_cause("On-call unsure of runbook", category="People")
    window.wizard.go_to(5)
    window.wizard.findings.tabs.setCurrentWidget(editor.parentWidget())
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: editor.view.isVisible() and not editor._start_pending, timeout=2000)
    editor.view.fit_to_window()
    viewport = editor.view.viewport().rect()
    assert viewport.contains(centre(editor, other)) and viewport.contains(centre(editor, sub))
    wait_saved(window)
    start, end = press_drag(editor, other, sub)
    release(editor, end)
    moved = [
        (top, None, "Technology", FACTOR, "Retry storm"),
        (sub, top, "Technology", FACTOR, "No jitter in client retries"),
        (other, sub, "Technology", FACTOR, "On-call unsure of runbook"),
    ]
    assert tree(window.document.pm) == moved
    wait_saved(window)
    assert tree(repo.get(pm_id)) == moved
    window.undo_action.trigger()
    wait_saved(window)
    assert tree(repo.get(pm_id)) == [
        (top, None, "Technology", FACTOR, "Retry storm"),
        (sub, top, "Technology", FACTOR, "No jitter in client retries"),
        (other, None, "People", FACTOR, "On-call unsure of runbook"),
    ]
    editor.view.setFocus()
    editor.view.set_current(top)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    wait_saved(window)
    assert tree(repo.get(pm_id)) == [(other, None, "People", FACTOR, "On-call unsure of runbook")]


# -- scale ------------------------------------------------------------------------------------------------------


def test_five_hundred_causes_build_and_re_parent(qtbot, make_editor, doc) -> None:
    pm = Postmortem(title="Big review")
    categories = pm.fishbone_categories
    causes = []
    for index in range(500):
        parent = f"c{index - 1:03d}" if index % 5 else None
        causes.append(Cause(id=f"c{index:03d}", text=f"Cause number {index} with a few words",
                            category=categories[index % 6], parent_id=parent))
    pm.causes = causes
    editor = make_editor(pm)
    assert sum(1 for box in editor.scene.layout.boxes if box.kind == "cause") == 500
    assert len(editor.scene.items_by_id) == 500 + 6 + 1
    editor.view.set_current("c003")
    editor.view.set_zoom(1.0)
    editor.view.centerOn(editor.scene.items_by_id["c003"])
    start, end = press_drag(editor, "c003", "c001")
    release(editor, end)
    moved = doc.pm.causes[-1]
    assert (moved.id, moved.parent_id, moved.category) == ("c003", "c001", "People")
    assert (doc.pm.causes[3].id, doc.pm.causes[3].parent_id) == ("c004", "c003")
    assert editor.scene.layout.box("c003").depth == 3
    assert len(doc.pm.causes) == 500


# -- fitting, the category panel, the presentation shape ----------------------------------------------------


def _inside(editor: FishboneEditor) -> bool:
    rect = editor.view.mapFromScene(editor.scene.diagram_rect()).boundingRect()
    return editor.view.viewport().rect().contains(rect)


def test_a_small_diagram_opens_at_100_percent_and_fit_goes_to_150(qtbot, make_editor) -> None:
    editor = make_editor(Postmortem(title="Only the bones"))
    view = editor.view
    assert view.fit_zoom() > 1.5  # six empty bones would fill the canvas well past 150 %
    assert view.zoom == 1.0 and editor.zoom_label.text() == "100 %"
    assert _inside(editor) and not view.auto_fit
    editor.edits.add_cause(category="People")  # the desk canvas keeps its zoom after a change
    assert view.zoom == 1.0
    editor.fit_action.trigger()
    assert view.zoom == 1.5 and editor.zoom_label.text() == "150 %"


def test_the_diagram_keeps_its_zoom_on_the_desk_and_fit_stops_at_150_percent(qtbot, make_editor) -> None:
    editor = make_editor(sample())
    view = editor.view
    fit = view.fit_zoom()
    assert view.zoom == pytest.approx(min(1.0, fit)) and _inside(editor)
    view.zoom_in()
    editor.fit_action.trigger()
    assert view.zoom == pytest.approx(min(1.5, fit))


def test_category_panel_is_narrow_collapsible_and_remembered(qtbot, doc, settings) -> None:
    def make() -> FishboneEditor:
        doc.load(sample(), 1)
        editor = FishboneEditor(doc, settings=settings)
        qtbot.addWidget(editor)
        editor.resize(1500, 900)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    editor = make()
    assert editor.splitter.sizes()[1] == PANEL_WIDTH == 180 and editor.categories.isVisible()
    canvas = editor.view.width()
    editor.categories_action.trigger()
    assert not editor.categories.isVisible() and not editor.categories_action.isChecked()
    qtbot.waitUntil(lambda: editor.view.width() > canvas, timeout=1000)  # the canvas takes the room
    assert settings.value("fishbone/categories_shown") in (False, "false")
    hidden = make()
    assert not hidden.categories.isVisible() and not hidden.categories_action.isChecked()
    hidden.categories_action.trigger()
    assert hidden.categories.isVisible() and hidden.splitter.sizes()[1] == 180
    # Dragging the splitter handle 60 px to the left widens the panel; the width is remembered.
    handle = hidden.splitter.handle(1)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, start - QPoint(60, 0))
    QTest.mouseRelease(handle.parentWidget(), Qt.MouseButton.LeftButton)
    assert hidden.splitter.sizes()[1] == 240
    assert int(settings.value("fishbone/categories_width")) == 240
    assert make().splitter.sizes()[1] == 240


def test_presenting_fits_after_each_change_until_zoomed_by_hand(qtbot, make_editor, doc) -> None:
    editor = make_editor(Postmortem(title="Only the bones"))
    view = editor.view
    editor.set_presenting(True)
    assert not editor.categories.isVisible() and not editor.categories_action.isChecked()
    assert not editor.hint.isVisible()
    assert not editor.export_tool.isVisible() and not editor.actual_action.isVisible()
    assert [a.text() for a in editor.toolbar.actions()[:6]] == [
        "Add", "Sub-cause", "Delete", "Root cause", "Note…", "Link…"]
    qtbot.waitUntil(lambda: view.zoom == pytest.approx(min(2.5, view.fit_zoom())), timeout=1000)
    assert view.auto_fit and view.zoom > 1.9 and _inside(editor)  # enlarged past the desk's 150 %
    editor.resize(2600, 1500)  # a bigger room: fitted again on the resize, but never past 250 %
    qtbot.waitUntil(lambda: view.zoom == 2.5, timeout=1000)
    assert view.fit_zoom() > 2.5 and _inside(editor)
    editor.resize(1000, 700)
    qtbot.waitUntil(lambda: view.zoom < 2.5, timeout=1000)
    for n in range(12):  # the diagram grows: each change fits it again
        editor.edits.add_cause(f"A much longer cause number {n} on the process bone", category="Process")
    assert view.zoom == pytest.approx(view.fit_zoom()) and view.zoom < 2.5 and _inside(editor)
    fitted = view.zoom
    view.zoom_in()
    editor.edits.add_cause("One more after zooming by hand", category="People")
    assert view.zoom == pytest.approx(fitted * 1.2) and view.manual_zoom
    editor.fit_action.trigger()  # Fit turns auto-fit back on
    assert not view.manual_zoom and view.zoom == pytest.approx(view.fit_zoom()) and _inside(editor)
    editor.categories_action.trigger()  # the panel can still be shown; the canvas re-fits to the room left
    assert editor.categories.isVisible() and view.zoom == pytest.approx(view.fit_zoom())
    editor.set_presenting(False)
    assert editor.hint.isVisible() and editor.add_action.text() == "Add cause" and not view.auto_fit


# -- one engine for the canvas and the PDF -------------------------------------------------------------------


def test_canvas_and_pdf_take_the_same_positions_from_the_engine(qtbot, make_editor, doc, monkeypatch) -> None:
    from desktop_app.formats import pdf_fishbone
    from desktop_app.formats.fishbone_layout import layout_fishbone
    from desktop_app.formats.pdf_report import render_full_report

    pm = sample()
    pm.causes.append(Cause(id="intl", text="a<b & c>d 数据库连接池 مهلة الاتصال", category="People"))
    editor = make_editor(pm)
    engine = layout_fishbone("Checkout failed for EU users", pm.fishbone_categories, pm.causes,
                             unaddressed=frozenset())  # act1 links to the only root cause ("pool")
    assert editor.scene.layout == engine
    for box in engine.boxes:  # each item sits and sizes where the engine put its box
        item = editor.scene.items_by_id[box.id]
        assert (item.pos().x(), item.pos().y(), item.rect().width(), item.rect().height()) == (
            box.x, box.y, box.width, box.height)
        assert item.box == box
    segments = set()
    for item in editor.scene.items():
        if item.data(0) in ("spine", "category", "cause"):  # the three bone paths
            path = item.path()
            points = [path.elementAt(i) for i in range(path.elementCount())]
            segments |= {(item.data(0), a.x, a.y, b.x, b.y) for a, b in zip(points[::2], points[1::2])}
    assert segments == {(b.kind, b.x1, b.y1, b.x2, b.y2) for b in engine.bones}
    drawn: list = []
    real = pdf_fishbone.fishbone_drawing
    monkeypatch.setattr(pdf_fishbone, "fishbone_drawing", lambda layout, **kw: drawn.append(layout) or real(
        layout, **kw))
    render_full_report(doc.pm)
    assert drawn and all(layout == engine for layout in drawn)  # drawn once per layout pass of the report


def _pixels_like(editor: FishboneEditor, box_id: str, colour: QColor, grow: int = 0) -> int:
    """How many viewport pixels over a box (grown by ``grow`` px) have ``colour`` (within 3 per channel)."""
    image = editor.view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    item = editor.scene.items_by_id[box_id]
    rect = editor.view.mapFromScene(item.mapRectToScene(item.rect())).boundingRect().adjusted(-grow, -grow,
                                                                                                 grow, grow)
    ratio = image.devicePixelRatio()
    count = 0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            pixel = image.pixelColor(round(x * ratio), round(y * ratio))
            if max(abs(pixel.red() - colour.red()), abs(pixel.green() - colour.green()),
                   abs(pixel.blue() - colour.blue())) <= 3:
                count += 1
    return count


def test_the_drop_target_is_highlighted_on_screen(qtbot, make_editor, doc) -> None:
    from desktop_app.ui.fishbone import style

    editor = make_editor(sample())
    editor.fit_action.trigger()  # at 150 %, so 60 px below "deploy" is empty canvas
    assert _pixels_like(editor, "pool", style.DROP_FILL) == 0
    assert _pixels_like(editor, "review", style.REFUSED, grow=4) == 0
    start, end = press_drag(editor, "alert", "pool")
    item = editor.scene.items_by_id["pool"]
    area = item.rect().width() * item.rect().height() * (style.ZOOM_BASE * editor.view.zoom) ** 2
    assert _pixels_like(editor, "pool", style.DROP_FILL) > area * 0.15  # blue fill where no ghost or text
    QTest.mouseMove(editor.view.viewport(), centre(editor, "deploy") + QPoint(0, 60))  # over empty canvas
    assert _pixels_like(editor, "pool", style.DROP_FILL) == 0  # the highlight follows the pointer
    release(editor, centre(editor, "deploy") + QPoint(0, 60))
    assert doc.undo_stack.count() == 0  # dropped on nothing: nothing moved
    # Refused (its own sub-cause): a red dashed outline around the target, and no blue fill.
    press_drag(editor, "deploy", "review")
    assert editor.view.drop_state_of("review") is DropState.REFUSE
    assert _pixels_like(editor, "review", style.REFUSED, grow=4) > 20
    assert _pixels_like(editor, "review", style.DROP_FILL) == 0
    release(editor, centre(editor, "review"))
    assert _pixels_like(editor, "review", style.REFUSED, grow=4) == 0


def test_ctrl_wheel_zooms_about_the_pointer_and_plain_wheel_scrolls(qtbot, make_editor, doc) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    editor = make_editor(sample())
    view = editor.view
    view.set_zoom(3.0)  # large enough to scroll both ways, so the view can keep the pointer's point
    view.centerOn(editor.scene.items_by_id["pool"])
    at = centre(editor, "pool") + QPoint(30, 10)
    under = view.mapToScene(at)

    def wheel(notches: float, modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(QPointF(at), QPointF(view.viewport().mapToGlobal(at)), QPoint(),
                            QPoint(0, round(120 * notches)), Qt.MouseButton.NoButton, modifiers,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    wheel(1, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(3.6) and editor.zoom_label.text() == "360 %" and view.manual_zoom
    moved = view.mapToScene(at) - under
    assert abs(moved.x()) < 1 and abs(moved.y()) < 1  # the point under the pointer stays put
    wheel(-2, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(3.6 / 1.44)
    view.set_zoom(3.0)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    wheel(-1, Qt.KeyboardModifier.NoModifier)  # no Ctrl: the canvas scrolls instead
    assert view.zoom == 3.0 and bar.value() > before
    assert doc.undo_stack.count() == 0


def test_the_8p_set_and_back_to_6m(qtbot, make_editor, doc) -> None:
    editor = make_editor(Postmortem(title="Empty"))
    panel = editor.categories
    assert [panel.set_combo.itemText(i) for i in range(panel.set_combo.count())] == [
        "6M: six bones", "4S: four bones", "8P: eight bones", "Custom"]
    assert panel.set_combo.itemData(2, Qt.ItemDataRole.ToolTipRole) == (
        "Product, Policies, Place, Procedures, People, Process, Physical infrastructure, Performance")
    panel.set_combo.setCurrentIndex(panel.set_combo.findData("8P"))
    panel.set_combo.activated.emit(panel.set_combo.currentIndex())
    assert doc.pm.fishbone_categories == ["Product", "Policies", "Place", "Procedures", "People", "Process",
                                          "Physical infrastructure", "Performance"]
    assert [b.id for b in editor.scene.layout.boxes_of_kind("category")] == [
        f"category:{n}" for n in doc.pm.fishbone_categories]
    assert [panel.listing.item(i).text() for i in range(panel.listing.count())] == doc.pm.fishbone_categories
    doc.undo_stack.undo()
    assert doc.pm.fishbone_categories == ["People", "Process", "Technology", "Environment", "Monitoring",
                                          "Dependencies"]
    assert panel.set_combo.currentData() == "6M"


def test_keyboard_edits_categories_and_redo_reach_the_database(qtbot, window, repo, wait_saved, type_text) -> None:
    window.new_postmortem()
    pm_id = window.document.pm.id
    editor = window.wizard.findings.fishbone_editor
    window.wizard.go_to(5)
    window.wizard.findings.tabs.setCurrentWidget(editor.parentWidget())
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: editor.view.isVisible() and not editor._start_pending, timeout=2000)
    view = editor.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current == "category:Technology"
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    top = view.current
    type_into_inline(qtbot, editor, "Retry storm <no backoff> & 数据库", type_text)
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    sub = view.current
    type_into_inline(qtbot, editor, "مهلة الاتصال too short", type_text)
    qtbot.keyClick(view, Qt.Key.Key_R)  # the sub-cause is the root cause
    wait_saved(window)
    stored = repo.get(pm_id)
    assert tree(stored) == [
        (top, None, "Technology", FACTOR, "Retry storm <no backoff> & 数据库"),
        (sub, top, "Technology", ROOT, "مهلة الاتصال too short"),
    ]
    view.set_current(top)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor.inline.selectAll()
    type_text(editor.inline, "Retry storm")
    qtbot.keyClick(editor.inline, Qt.Key.Key_Return)
    editor.categories.select("Technology")
    editor.categories.listing.currentItem().setText("Platform")
    wait_saved(window)
    stored = repo.get(pm_id)
    assert stored.fishbone_categories[2] == "Platform"
    assert tree(stored) == [
        (top, None, "Platform", FACTOR, "Retry storm"),
        (sub, top, "Platform", ROOT, "مهلة الاتصال too short"),
    ]
    window.undo_action.trigger()  # the rename
    window.undo_action.trigger()  # the text
    wait_saved(window)
    stored = repo.get(pm_id)
    assert stored.fishbone_categories[2] == "Technology"
    assert tree(stored)[0] == (top, None, "Technology", FACTOR, "Retry storm <no backoff> & 数据库")
    window.redo_action.trigger()
    wait_saved(window)
    assert tree(repo.get(pm_id))[0] == (top, None, "Technology", FACTOR, "Retry storm")
    view.setFocus()
    view.set_current(top)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # with its sub-cause
    wait_saved(window)
    assert tree(repo.get(pm_id)) == []
    window.undo_action.trigger()
    wait_saved(window)
    assert [c.id for c in repo.get(pm_id).causes] == [top, sub]


def test_a_png_too_big_for_the_chosen_scale_is_scaled_down_and_says_so(
        qtbot, make_editor, doc, tmp_path, monkeypatch) -> None:
    pm = Postmortem(title="Big review")
    pm.causes = [Cause(id=f"c{i:03d}", text=f"Cause number {i} with a few words",
                       category=pm.fishbone_categories[i % 6]) for i in range(500)]
    editor = make_editor(pm)
    monkeypatch.setattr(export, "MAX_AREA", 4_000_000)  # the real cap is 64 M pixels; a small one keeps this quick
    target = tmp_path / "big.png"
    monkeypatch.setattr(FishboneDialogs, "ask_png_options", classmethod(lambda cls, p: PngOptions(3, False)))
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: target))
    assert editor.export_png()
    layout = editor.scene.layout
    scale = export.fitted_scale(layout.width, layout.height, 3)
    assert scale == pytest.approx((4_000_000 / (layout.width * layout.height)) ** 0.5 * 72 / 96)
    assert editor.notice.text() == (f"Exported big.png at {scale:.2f}× instead of 3×: "
                                    "the diagram is too big for a larger image")
    image = QImage(str(target))
    assert image.width() * image.height() <= 4_000_000 * 1.001
    assert image.width() == round(layout.width * scale * 96 / 72)
    assert _ink_pixels(image, QColor("white")) > 0
    assert export.fitted_scale(100, 100, 3) == 3  # a small diagram gets what was asked


def test_a_huge_pasted_cause_wraps_in_its_box_and_keeps_a_short_tooltip(qtbot, make_editor, doc) -> None:
    from desktop_app.formats.fishbone_layout import MAX_CAUSE_LINES
    from desktop_app.ui.fishbone.items import TOOLTIP_CHARS

    log = "ERROR pool exhausted <conn=42> & retrying " * 5000  # about 210,000 characters
    editor = make_editor(Postmortem(title="Paste"))
    cause_id = editor.edits.add_cause(log, category="Technology")
    editor.edits.set_note(cause_id, "n" * 10_000)
    item = editor.scene.items_by_id[cause_id]
    assert doc.pm.causes[0].text == log  # stored whole
    assert len(item.box.lines) == MAX_CAUSE_LINES and item.box.lines[-1].endswith("…")
    assert item.box.width <= 180
    assert doc.pm.causes[0].note == "n" * 10_000
    tip = item.toolTip()
    text, note = tip.split("\n\nNote: ")
    assert text.startswith("ERROR pool exhausted <conn=42> & retrying ERROR") and text.endswith("…")
    assert len(text) <= TOOLTIP_CHARS + 1 and note == "n" * TOOLTIP_CHARS + "…"


def test_taken_or_empty_category_names_are_refused_with_a_message(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    panel = editor.categories
    before = list(doc.pm.fishbone_categories)
    panel.select("Process")
    with qtbot.waitSignal(panel.message, timeout=1000) as taken:
        panel.listing.currentItem().setText("Monitoring")
    assert taken.args == ["“Monitoring” is already a category."]
    with qtbot.waitSignal(panel.message, timeout=1000) as empty:
        panel.listing.currentItem().setText("   ")
    assert empty.args == ["A category needs a name."]
    assert doc.pm.fishbone_categories == before
    assert [panel.listing.item(i).text() for i in range(panel.listing.count())] == before  # the list put back
    monkeypatch.setattr(FishboneDialogs, "ask_category_name", classmethod(lambda cls, p, t, n="": "People"))
    with qtbot.waitSignal(panel.message, timeout=1000) as again:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert again.args == ["There already is a category “People”."]
    assert doc.pm.fishbone_categories == before and doc.undo_stack.count() == 0
    assert [c.category for c in doc.pm.causes] == ["Process", "Process", "Process", "Monitoring", "Technology"]


def test_m_moves_a_cause_from_the_keyboard(qtbot, make_editor, doc, monkeypatch) -> None:
    editor = make_editor(sample())
    view = editor.view
    view.setFocus()
    view.set_current("optional")
    offered: list = []

    def choose(cls, parent, text, sub_causes, targets):
        offered.append((text, sub_causes, list(targets)))
        return [label for label, _depth, _bone in targets].index("Alert threshold too high")

    monkeypatch.setattr(FishboneDialogs, "ask_move_target", classmethod(choose))
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert offered == [("Canary optional in pipeline config", 1, [  # all but itself and its sub-cause
        ("People", 0, True), ("Process", 0, True), ("Deploy skipped the canary stage", 1, False),
        ("Technology", 0, True), ("Connection pool too small", 1, False), ("Environment", 0, True),
        ("Monitoring", 0, True), ("Alert threshold too high", 1, False), ("Dependencies", 0, True)])]
    assert tree(doc.pm) == [
        ("deploy", None, "Process", FACTOR, "Deploy skipped the canary stage"),
        ("review", "optional", "Monitoring", FACTOR, "Config review had no checklist"),
        ("alert", None, "Monitoring", FACTOR, "Alert threshold too high"),
        ("pool", None, "Technology", ROOT, "Connection pool too small"),
        ("optional", "alert", "Monitoring", FACTOR, "Canary optional in pipeline config"),
    ]
    assert view.current == "optional" and view.hasFocus()
    assert editor.notice.text() == "Moved the cause onto another cause. Ctrl+Z moves it back."
    assert (editor.scene.layout.box("optional").depth, editor.scene.layout.box("review").depth) == (2, 3)
    monkeypatch.setattr(FishboneDialogs, "ask_move_target",
                        classmethod(lambda cls, parent, text, n, targets: [t[0] for t in targets].index("People")))
    qtbot.keyClick(view, Qt.Key.Key_M)  # onto a bone: top-level there
    assert [(c.id, c.parent_id, c.category) for c in doc.pm.causes if c.id in ("optional", "review")] == [
        ("review", "optional", "People"), ("optional", None, "People")]
    monkeypatch.setattr(FishboneDialogs, "ask_move_target", classmethod(lambda cls, parent, text, n, targets: None))
    qtbot.keyClick(view, Qt.Key.Key_M)  # cancelled: nothing moves
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert tree(doc.pm) == tree(sample())
