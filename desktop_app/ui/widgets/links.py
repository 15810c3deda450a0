"""A tracker reference that is a web link ("https://jira.example.com/browse/OPS-12") can be opened.

``tracker_link(ref)`` is the link, or ``None`` for a bare key ("OPS-12") or anything that is
not an http(s) address; ``Links.open`` hands it to the system browser (tests replace it).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

_WEB = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def tracker_link(ref: str) -> QUrl | None:
    """The web address ``ref`` is (spaces around it ignored), or ``None``."""
    text = ref.strip()
    if not _WEB.fullmatch(text):
        return None
    url = QUrl(text, QUrl.ParsingMode.StrictMode)
    return url if url.isValid() and url.host() else None


class Links:
    """Opening links, as a class method tests replace."""

    @classmethod
    def open(cls, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)
