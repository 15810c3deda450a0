"""High-contrast light and dark themes for presentation mode: colours, palette and style sheet.

The colours are plain ``#rrggbb`` strings so ``contrast.py`` can check them without Qt; body
and secondary text reach at least 7:1 against the backgrounds they sit on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class Theme:
    """One presentation theme.

    Attributes:
        name: ``light`` or ``dark`` (the remembered setting).
        background: the main area; surface: the agenda side and cards.
        text: body text; muted: secondary text; accent: the current agenda item's background;
        on_accent: text on the accent; warning: the "over time" text; border: hairlines;
        alternate: every other table row.
    """

    name: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    on_accent: str
    warning: str
    border: str
    alternate: str


LIGHT = Theme(
    name="light",
    background="#ffffff",
    surface="#eef1f5",
    text="#111418",
    muted="#3a4048",
    accent="#0b4a8f",
    on_accent="#ffffff",
    warning="#8f1d00",
    border="#9aa3ad",
    alternate="#f5f7fa",
)

DARK = Theme(
    name="dark",
    background="#0d1014",
    surface="#181d24",
    text="#f3f5f7",
    muted="#c3c9d1",
    accent="#9ccaff",
    on_accent="#0d1014",
    warning="#ffb37a",
    border="#59626d",
    alternate="#141920",
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK)}

AGENDA_SHARE = 0.85
"""Agenda text relative to body text."""


def theme_named(name: object) -> Theme:
    """The theme called ``name``; the light one for anything unknown."""
    return THEMES.get(str(name), LIGHT)


def other(theme: Theme) -> Theme:
    return DARK if theme is LIGHT else LIGHT


def palette(theme: Theme) -> QPalette:
    """A palette for every widget in the window (tables, editors, buttons)."""
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: theme.background,
        role.WindowText: theme.text,
        role.Base: theme.background,
        role.AlternateBase: theme.alternate,
        role.Text: theme.text,
        role.Button: theme.surface,
        role.ButtonText: theme.text,
        role.Highlight: theme.accent,
        role.HighlightedText: theme.on_accent,
        role.ToolTipBase: theme.surface,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.muted,
        role.BrightText: theme.warning,
        role.Link: theme.accent,
    }
    for colour_role, colour in colours.items():
        p.setColor(colour_role, QColor(colour))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor(theme.muted))
    return p


def style_sheet(theme: Theme, base_px: int) -> str:
    """The window's style sheet for ``theme`` with body text of ``base_px`` pixels."""
    t = theme
    small = max(10, round(base_px * 0.72))
    table = max(11, round(base_px * 0.9))
    agenda = max(11, round(base_px * AGENDA_SHARE))
    indicator = max(10, round(base_px * 0.7))
    heading = round(base_px * 1.45)
    title = round(base_px * 1.25)
    clock = round(base_px * 1.75)
    figure = round(base_px * 1.6)
    prompt = round(base_px * 1.15)
    pad = max(4, base_px // 3)
    bar = max(12, round(base_px * 0.6))
    return f"""
#presentation {{ background: {t.background}; }}
QWidget {{ font-size: {base_px}px; }}
QTableView, QHeaderView::section, QToolButton, #sidebar QPushButton, #sidebar QSpinBox {{
    font-size: {table}px; }}
#agenda {{ font-size: {agenda}px; }}
#sidebar {{ background: {t.surface}; border-right: 1px solid {t.border}; }}
#sidebar QLabel {{ background: transparent; }}
QLabel {{ color: {t.text}; }}
QLabel[muted="true"] {{ color: {t.muted}; font-size: {small}px; }}
#heading {{ font-size: {heading}px; font-weight: 600; }}
#day {{ font-size: {title}px; }}
#pmTitle {{ font-size: {title}px; font-weight: 600; }}
#sectionHeading {{ font-size: {title}px; font-weight: 600; padding-top: {pad}px; }}
#clock {{ font-size: {clock}px; font-weight: 600; }}
#remaining {{ font-size: {title}px; font-weight: 600; }}
#remaining[over="true"] {{ color: {t.warning}; }}
#figure {{ font-size: {figure}px; font-weight: 600; }}
#tile {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: {pad}px; }}
#tile QLabel {{ background: transparent; }}
#promptCard {{ background: {t.surface}; border-left: {max(4, pad)}px solid {t.accent}; }}
#promptCard QLabel {{ background: transparent; }}
#prompt {{ font-size: {prompt}px; font-style: italic; }}
#agenda {{ background: transparent; border: none; outline: none; }}
#agenda::item {{ padding: {pad // 2}px {pad}px; border-radius: {pad}px; margin: 2px 0; }}
#agenda::item:selected {{ background: {t.accent}; color: {t.on_accent}; }}
#parking {{ background: {t.surface}; border-left: 1px solid {t.border}; }}
#parking QLabel {{ background: transparent; }}
QPushButton, QToolButton {{ color: {t.text}; background: {t.surface}; border: 1px solid {t.border};
    border-radius: {pad}px; padding: {pad // 2}px {pad}px; }}
QPushButton:checked, QToolButton:checked {{ background: {t.accent}; color: {t.on_accent}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {t.muted}; }}
QPlainTextEdit, QTextBrowser, QLineEdit, QTableView, QListWidget, QSpinBox, QComboBox {{
    color: {t.text}; background: {t.background}; border: 1px solid {t.border};
    selection-background-color: {t.accent}; selection-color: {t.on_accent}; }}
QListWidget::indicator {{ width: {indicator}px; height: {indicator}px; border: 2px solid {t.text};
    border-radius: 3px; background: {t.background}; }}
QListWidget::indicator:checked {{ background: {t.accent}; border-color: {t.accent}; }}
QSpinBox {{ padding: 0px {pad}px; }}
QSpinBox::up-button, QSpinBox::down-button {{ width: 0px; border: none; }}
QTableView {{ alternate-background-color: {t.alternate}; gridline-color: {t.border}; }}
QHeaderView::section {{ color: {t.text}; background: {t.surface}; border: none;
    border-bottom: 1px solid {t.border}; padding: {pad // 2}px {pad}px; font-weight: 600; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QToolTip {{ color: {t.text}; background: {t.surface}; border: 1px solid {t.border}; }}
QTableView QTableCornerButton::section {{ background: {t.surface}; border: none;
    border-bottom: 1px solid {t.border}; }}
QToolBar::separator {{ background: {t.border}; width: 1px; margin: {pad // 2}px {pad // 2}px; }}
#fishboneToolsCompact {{ spacing: {max(2, pad // 4)}px; }}
#fishboneToolsCompact QToolButton, #fishboneToolsCompact QLabel {{ font-size: {small}px; }}
#fishboneToolsCompact QToolButton {{ padding: 1px {max(2, pad // 4)}px; margin: 0px; }}
QToolBarExtension {{ background: {t.accent}; color: {t.on_accent}; border: none; min-width: {small}px;
    border-radius: {pad // 2}px; qproperty-text: "»"; }}
QTextBrowser[empty="true"] {{ color: {t.muted}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}
QScrollBar:vertical {{ background: {t.surface}; width: {bar}px; margin: 0px; border: none; }}
QScrollBar:horizontal {{ background: {t.surface}; height: {bar}px; margin: 0px; border: none; }}
QScrollBar::handle {{ background: {t.muted}; border: none; border-radius: {bar // 2 - 2}px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: {3 * bar}px; }}
QScrollBar::handle:horizontal {{ min-width: {3 * bar}px; }}
QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {t.text}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""
