"""Stopping a PDF while it is being laid out: a long report can be cancelled between two flowables.

``Cancellable`` is mixed into the platypus document templates of both PDFs. Its
``cancelled`` callable (``threading.Event().is_set``, say) is asked before every flowable is
placed; once it answers ``True`` the build stops with ``ExportCancelled``, so a cancelled
export of a 1,000-page report stops within a few milliseconds instead of running to the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.formats.errors import ExportCancelled

Cancelled = Callable[[], bool]


class Cancellable:
    """Mixin for a ``BaseDocTemplate``: ``handle_flowable`` raises ``ExportCancelled`` once ``cancelled()``."""

    cancelled: Cancelled | None = None

    def handle_flowable(self, flowables: list[Any]) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("the export was cancelled")
        super().handle_flowable(flowables)  # type: ignore[misc]


def check(cancelled: Cancelled | None) -> None:
    """Raise ``ExportCancelled`` if ``cancelled`` says so (between two stages of an export)."""
    if cancelled is not None and cancelled():
        raise ExportCancelled("the export was cancelled")


__all__ = ["Cancellable", "Cancelled", "check"]
