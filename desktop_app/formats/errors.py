"""Errors that import and export report to the user."""

from __future__ import annotations


class ImportFailure(Exception):
    """A file could not be imported. Names the file and, where known, the line."""

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        self.source = source
        self.message = message
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class ExportFailure(Exception):
    """An export could not be written; the message says why, ``reason`` the bare cause."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class ExportCancelled(Exception):
    """The export was cancelled while it was being rendered (nothing is written)."""
