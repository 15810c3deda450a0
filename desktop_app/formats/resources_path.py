"""Where the shipped resources (fonts, templates) live, in a checkout or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import desktop_app


def resources_dir() -> Path:
    """The ``resources`` folder: inside a PyInstaller bundle (``sys._MEIPASS``), else beside the package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(desktop_app.__file__).resolve().parent.parent / "resources"
