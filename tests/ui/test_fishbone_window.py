"""The fishbone canvas on a page: its first view, the zoom label, the "Other" bone in the category panel,
a window of its own (same scene and undo stack), and the busy cursor while exporting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.models import Cause, CauseKind, Postmortem
from desktop_app.formats.fishbone_layout import CATEGORY_PREFIX, EFFECT_ID
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import export
from desktop_app.ui.fishbone.categories import OTHER_ROW
from desktop_app.ui.fishbone.dialogs import FishboneDialogs, PngOptions
from desktop_app.ui.fishbone.editor import FishboneEditor, zoom_text
from desktop_app.ui.fishbone.view import MIN_ZOOM, READABLE_FIT
from desktop_app.ui.fishbone.window import FishboneWindow, Placeholder

SIX = ["People", "Process", "Technology", "Environment", "Monitoring", "Dependencies"]


def imported() -> Postmortem:
    """Causes as an import leaves them: two on no bone, one on a bone."""
    pm = Postmortem(title="Imported outage")
    pm.causes = [
        Cause(id="a", text="The old SDK lacked `isDisabled`", kind=CauseKind.ROOT_CAUSE),
        Cause(id="a1", text="Extension loaded from the CDN", parent_id="a"),
        Cause(id="b", text="No alert on exceptions", category="Monitoring"),
        Cause(id="c", text="Nobody owned the SDK", category="Gone"),
    ]
    return pm


@pytest.fixture
def doc() -> PostmortemDocument:
    return PostmortemDocument()


@pytest.fixture
def page(qtbot: QtBot, doc: PostmortemDocument) -> Callable[[Postmortem, int, int], FishboneEditor]:
    """An editor inside a page (a box layout under a top-level widget), as the findings step holds it."""
    hosts: list[QWidget] = []

    def make(pm: Postmortem, width: int = 1500, height: int = 900) -> FishboneEditor:
        doc.load(pm, 1)
        host = QWidget()
        hosts.append(host)
        qtbot.addWidget(host)
        layout = QVBoxLayout(host)
        editor = FishboneEditor(doc)
        layout.addWidget(editor, 1)
        host.resize(width, height)
        host.show()
        qtbot.waitExposed(host)
        qtbot.waitUntil(lambda: not editor._start_pending, timeout=2000)
        return editor

    return make


def test_zoom_text_rounds_a_fitted_zoom_down_to_five_percent() -> None:
    assert zoom_text(1.013, fitted=True) == "100 %"
    assert zoom_text(1.5, fitted=True) == "150 %"
    assert zoom_text(1.4999999999, fitted=True) == "150 %"
    assert zoom_text(0.694, fitted=True) == "65 %"
    assert zoom_text(0.1234, fitted=True) == "12 %"
    assert zoom_text(0.05, fitted=True) == "5 %"
    assert zoom_text(1.013) == "101 %"
    assert zoom_text(1 / 1.2) == "83 %"
    assert zoom_text(0.004) == "1 %"


def _shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def long_causes(title: str = "Three long causes") -> Postmortem:
    """The tester's diagram: three long causes on Technology (at 60 % it used to open scrolled right)."""
    pm = Postmortem(title=title)
    text = "the retry budget was never set for the batch job " * 3
    pm.causes = [Cause(id=f"t{i}", text=f"Cause {i}: {text}", category="Technology") for i in range(3)]
    return pm


def test_the_first_view_shows_the_whole_diagram_as_fit_does(qtbot, window) -> None:
    """Step 5 ▸ Fishbone in a 1500×950 main window, the library beside it."""
    window.resize(1500, 950)
    window.new_postmortem()
    editor = window.wizard.findings.fishbone_editor
    for cause in long_causes().causes:
        editor.edits.add_cause(cause.text, category="Technology")
    window.wizard.go_to(5)
    window.wizard.findings.tabs.setCurrentWidget(editor.parentWidget())
    qtbot.waitUntil(lambda: editor.view.isVisible() and not editor._start_pending, timeout=2000)
    view = editor.view
    assert view.fit_zoom() < READABLE_FIT  # the old first view opened at 60 % with the head at the right edge
    assert view.zoom == pytest.approx(view.fit_zoom()) and not view.manual_zoom
    assert _shown(view).contains(editor.scene.itemsBoundingRect())
    assert editor.zoom_label.text() == zoom_text(view.zoom, fitted=True)
    for name in ("People", "Process", "Technology"):  # every bone shows, none cut at the left edge
        assert _shown(view).contains(editor.scene.items_by_id[f"{CATEGORY_PREFIX}{name}"].sceneBoundingRect())


def test_a_narrow_canvas_opens_whole_and_fit_agrees(qtbot, page) -> None:
    pm = Postmortem(title="Many bones", fishbone_categories=SIX)
    pm.causes = [Cause(id=f"c{i}", text=f"A cause with a fairly long text number {i}", category=SIX[i % 6])
                 for i in range(12)]
    editor = page(pm, 700, 700)
    view = editor.view
    assert view.fit_zoom() < READABLE_FIT and view.zoom == pytest.approx(view.fit_zoom())
    assert _shown(view).contains(editor.scene.itemsBoundingRect())
    opened = view.zoom
    editor.fit_action.trigger()
    assert view.zoom == pytest.approx(max(MIN_ZOOM, opened))
    assert editor.zoom_label.text() == zoom_text(view.zoom, fitted=True)


def test_a_small_diagram_opens_centred_at_100_percent(qtbot, page) -> None:
    pm = Postmortem(title="Small")
    pm.causes = [Cause(id="a", text="Short cause", category="People")]
    editor = page(pm, 1500, 950)
    view = editor.view
    assert view.fit_zoom() > 1.0 and view.zoom == 1.0 and editor.zoom_label.text() == "100 %"
    shown, items = _shown(view), editor.scene.itemsBoundingRect()
    assert shown.contains(items)
    assert abs(shown.center().x() - editor.scene.diagram_rect().center().x()) < 1
    assert abs(shown.center().y() - editor.scene.diagram_rect().center().y()) < 1


def test_zoom_and_pan_by_hand_survive_a_relayout_and_a_resize(qtbot, page) -> None:
    editor = page(long_causes(), 900, 700)
    view = editor.view
    view.zoom_in()
    view.zoom_in()
    zoom = view.zoom
    bar = view.horizontalScrollBar()
    bar.setValue((bar.minimum() + bar.maximum()) // 3)
    centre = view.visible_centre()
    editor.edits.add_cause("More", parent_id="t2")  # a re-layout of the same postmortem
    assert view.zoom == zoom and view.manual_zoom
    assert abs(view.visible_centre().x() - centre.x()) < 2 and abs(view.visible_centre().y() - centre.y()) < 2
    width = view.viewport().width()
    editor.window().resize(700, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < width, timeout=1000)
    assert view.zoom == zoom and not view.start_view


def test_a_resize_before_any_zoom_keeps_the_whole_diagram_in_view(qtbot, page) -> None:
    editor = page(long_causes(), 900, 700)
    view = editor.view
    assert view.fit_zoom() < 1.0 and view.zoom == pytest.approx(view.fit_zoom())
    editor.window().resize(700, 600)
    qtbot.waitUntil(lambda: view.zoom == pytest.approx(view.fit_zoom()), timeout=1000)
    assert _shown(view).contains(editor.scene.itemsBoundingRect()) and view.start_view


def test_loading_another_postmortem_shows_it_whole(qtbot, page, doc) -> None:
    pm = Postmortem(title="Small")
    pm.causes = [Cause(id="a", text="Short cause", category="People")]
    editor = page(pm, 900, 700)
    view = editor.view
    view.zoom_in()
    view.zoom_in()
    assert view.zoom == pytest.approx(1.44)
    doc.load(long_causes("Another"), 2)
    qtbot.waitUntil(lambda: not editor._start_pending, timeout=1000)
    assert view.zoom == pytest.approx(view.fit_zoom()) and not view.manual_zoom
    assert _shown(view).contains(editor.scene.itemsBoundingRect())


def test_fit_goes_below_ten_percent_for_five_hundred_causes(qtbot, page) -> None:
    pm = Postmortem(title="Big", fishbone_categories=SIX)
    pm.causes = [Cause(id=f"c{i:03}", text=f"Cause {i}: " + "a long enough text " * 6, category=SIX[i % 6])
                 for i in range(500)]
    editor = page(pm, 1200, 800)
    editor.fit_action.trigger()
    view = editor.view
    assert 0.02 <= view.zoom < 0.1
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible(), timeout=1000)  # the bars go
    rect = view.mapFromScene(editor.scene.diagram_rect()).boundingRect()
    assert view.viewport().rect().contains(rect)
    assert not view.verticalScrollBar().isVisible() and not view.horizontalScrollBar().isVisible()


def test_the_other_bone_is_listed_and_renaming_it_makes_it_a_bone(qtbot, page, doc) -> None:
    editor = page(imported())
    panel = editor.categories
    names = [panel.listing.item(r).text() for r in range(panel.listing.count())]
    assert names == [*SIX, "Other"]
    other = panel.listing.item(6)
    assert other.data(Qt.ItemDataRole.UserRole) == OTHER_ROW and other.font().italic()
    assert other.toolTip().startswith("3 causes. ")
    panel.listing.setCurrentRow(6)
    assert panel.rename_button.isEnabled() and panel.up_button.isEnabled()
    assert not panel.remove_button.isEnabled() and not panel.down_button.isEnabled()
    assert not panel.remove_category(OTHER_ROW)

    other.setText("Vendors")  # what an in-place rename in the list does
    assert doc.pm.fishbone_categories == [*SIX, "Vendors"]
    assert [(c.id, c.category) for c in doc.pm.causes] == [
        ("a", "Vendors"), ("a1", "Vendors"), ("b", "Monitoring"), ("c", "Vendors")]
    assert [panel.listing.item(r).text() for r in range(panel.listing.count())] == [*SIX, "Vendors"]
    assert panel.selected() == "Vendors"
    assert "category:Vendors" in editor.scene.items_by_id and "category:Other" not in editor.scene.items_by_id
    doc.undo_stack.undo()
    assert doc.pm.fishbone_categories == SIX
    assert [c.category for c in doc.pm.causes] == ["", "", "Monitoring", "Gone"]
    assert panel.listing.item(panel.listing.count() - 1).text() == "Other"


def test_moving_the_other_bone_up_keeps_it_as_a_bone_above_the_last(qtbot, page, doc) -> None:
    editor = page(imported())
    panel = editor.categories
    panel.listing.setCurrentRow(6)
    panel.up_button.click()
    assert doc.pm.fishbone_categories == [*SIX[:5], "Other", "Dependencies"]
    assert [c.category for c in doc.pm.causes] == ["Other", "Other", "Monitoring", "Other"]
    assert panel.listing.count() == 6 + 1 and panel.selected() == "Other"
    assert not panel.listing.item(5).font().italic()


def test_the_other_label_on_the_canvas_can_be_renamed(qtbot, page, doc, type_text) -> None:
    editor = page(imported())
    editor.view.setFocus()
    editor.view.set_current("category:Other")
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    assert editor.inline.isVisible() and editor.inline.box_id == "category:Other"
    editor.inline.selectAll()
    type_text(editor.inline, "Unsorted")
    qtbot.keyClick(editor.inline, Qt.Key.Key_Return)
    assert doc.pm.fishbone_categories == [*SIX, "Unsorted"]
    assert doc.pm.causes[0].category == "Unsorted"


def test_canvas_boxes_show_cause_text_without_markdown(qtbot, page, doc) -> None:
    editor = page(imported())
    assert editor.scene.items_by_id["a"].box.lines == ("The old SDK lacked isDisabled",)
    assert doc.pm.causes[0].text == "The old SDK lacked `isDisabled`"


def test_open_in_a_window_moves_the_editor_and_brings_it_back(qtbot, page, doc) -> None:
    editor = page(imported())
    host = editor.parentWidget()
    layout = host.layout()
    scene = editor.scene
    assert editor.window_button.isVisible() and editor.window_action.text() == "Open in a window"
    window = editor.open_in_window()
    assert isinstance(window, FishboneWindow) and editor.big_window is window
    qtbot.waitExposed(window)
    assert editor.window() is window and window.isVisible()
    assert window.windowTitle() == "Fishbone — Imported outage"
    assert editor.scene is scene and editor.window_action.text() == "Back to the page"
    held = layout.itemAt(0).widget()
    assert isinstance(held, Placeholder)
    # edits in the window go to the same document and undo stack, with the window's own Undo
    editor.edits.add_cause("From the big window", category="People")
    assert doc.pm.causes[-1].text == "From the big window"
    window.undo_action.trigger()
    assert [c.id for c in doc.pm.causes] == ["a", "a1", "b", "c"]
    window.close()
    assert editor.big_window is None and editor.window() is host
    assert layout.itemAt(0).widget() is editor and layout.stretch(0) == 1
    assert layout.count() == 1
    assert editor.window_action.text() == "Open in a window"


def test_f11_and_the_placeholder_button_toggle_the_window(qtbot, page) -> None:
    editor = page(imported())
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_F11)
    window = editor.big_window
    assert window is not None
    placeholder = [w for w in QApplication.allWidgets() if isinstance(w, Placeholder)]
    assert len(placeholder) == 1
    placeholder[0].button.click()
    assert editor.big_window is None
    editor.window().activateWindow()
    editor.view.setFocus()
    qtbot.waitUntil(editor.view.hasFocus, timeout=1000)
    qtbot.keyClick(editor.view, Qt.Key.Key_F11)
    assert editor.big_window is not None
    editor.big_window.activateWindow()
    editor.view.setFocus()
    qtbot.waitUntil(editor.view.hasFocus, timeout=1000)
    qtbot.keyClick(editor.view, Qt.Key.Key_F11)
    assert editor.big_window is None


def test_closing_the_page_window_brings_the_editor_back(qtbot, page) -> None:
    editor = page(imported())
    host = editor.parentWidget()
    window = editor.open_in_window()
    assert window is not None
    host.close()
    assert editor.big_window is None and editor.parentWidget() is host


def test_presenting_has_no_window_button(qtbot, page) -> None:
    editor = page(imported())
    editor.set_presenting(True)
    assert not editor.window_button.isVisible() and not editor.window_action.isEnabled()
    assert editor.open_in_window() is None


def test_png_export_shows_a_wait_cursor_while_painting(qtbot, page, tmp_path, monkeypatch) -> None:
    editor = page(imported())
    target = tmp_path / "fishbone.png"
    monkeypatch.setattr(FishboneDialogs, "ask_png_options", classmethod(lambda cls, p: PngOptions(1, False)))
    monkeypatch.setattr(FishboneDialogs, "ask_save_path", classmethod(lambda cls, p, c, s, f: target))
    seen: list[tuple[object, str]] = []
    write_png = export.write_png

    def watched(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        seen.append((cursor.shape() if cursor is not None else None, editor.notice.text()))
        return write_png(*args, **kwargs)

    monkeypatch.setattr(export, "write_png", watched)
    assert editor.export_png()
    assert seen == [(Qt.CursorShape.WaitCursor, "Exporting fishbone.png…")]
    assert QApplication.overrideCursor() is None
    assert editor.notice.text() == "Exported fishbone.png"
    assert target.stat().st_size > 0
