"""Choices shared by every export: organisation, confidentiality label, logo, redaction.

``ExportOptions`` is what the export dialog keeps in its settings and what the command
line builds from its flags; both PDFs read the organisation, label and logo from it.
``load_logo`` checks a logo file before it reaches reportlab, so a missing, broken or
huge image becomes an ``ExportFailure`` naming the file and the problem, never a crash.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from desktop_app.formats.errors import ExportFailure

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 6000  # on either side
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


class ExportOptions(BaseModel):
    """Settings for an export; the defaults give an unlabelled, unredacted document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str = ""
    confidentiality: str = ""
    logo_path: str = ""
    redact: bool = False


@dataclass(frozen=True)
class Logo:
    """A checked logo image: its bytes and its size in pixels."""

    data: bytes
    width: int
    height: int

    def fit(self, max_width: float, max_height: float) -> tuple[float, float]:
        """The drawn size (points) that keeps the aspect ratio within ``max_width`` x ``max_height``."""
        scale = min(max_width / self.width, max_height / self.height)
        return self.width * scale, self.height * scale


def load_logo(path: str | Path) -> Logo:
    """Read and check a PNG or JPEG logo; ``ExportFailure`` says what is wrong with which file."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExportFailure(f"The logo file {path} does not exist.") from None
    except OSError as exc:
        raise ExportFailure(f"The logo file {path} cannot be read: {exc.strerror or exc}.") from exc
    if not path.is_file():
        raise ExportFailure(f"The logo {path} is not a file.")
    if size > MAX_LOGO_BYTES:
        raise ExportFailure(
            f"The logo file {path} is too large ({size / 1024 / 1024:.1f} MB); use an image under "
            f"{MAX_LOGO_BYTES // 1024 // 1024} MB."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportFailure(f"The logo file {path} cannot be read: {exc.strerror or exc}.") from exc
    if not (data.startswith(_PNG) or data.startswith(_JPEG)):
        raise ExportFailure(f"The logo file {path} is not a PNG or JPEG image.")
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # noqa: BLE001 - any decoder error means a broken image
        raise ExportFailure(f"The logo file {path} is damaged and cannot be read as an image.") from exc
    if width <= 0 or height <= 0:
        raise ExportFailure(f"The logo file {path} has no pixels.")
    if max(width, height) > MAX_LOGO_PIXELS:
        raise ExportFailure(
            f"The logo {path} is too large ({width} x {height} pixels); use one at most "
            f"{MAX_LOGO_PIXELS} pixels on a side."
        )
    return Logo(data, int(width), int(height))


def logo_for(options: ExportOptions) -> Logo | None:
    """The checked logo of ``options``, or ``None`` when none is set."""
    return load_logo(options.logo_path) if options.logo_path.strip() else None
