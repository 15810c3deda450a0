"""Bytes of an imported file as text: UTF-8 (with or without BOM), UTF-16 and UTF-32.

Windows Notepad's "Unicode" is UTF-16 little-endian with a byte-order mark; some
tools write UTF-16 without one. Those are decoded before the binary check, which
would otherwise see their NUL bytes and call the file binary.
"""

from __future__ import annotations

import codecs

from desktop_app.formats.errors import ImportFailure

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SAMPLE = 400  # bytes looked at to recognise UTF-16 without a byte-order mark


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the start of ``data`` is text with a NUL byte every other byte."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes, source: str, *, kind: str = "Markdown") -> str:
    """``data`` as text; raise ``ImportFailure`` naming the line for binary or undecodable bytes.

    ``kind`` names the text expected (``Markdown``, ``JSON``) in the message for a binary file.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, name, source, skipped=len(bom))
    codec = _utf16_without_bom(data)
    if codec is not None:
        return _decode(data, codec, "UTF-16", source, skipped=0)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        raise ImportFailure(source, f"this is a binary file, not {kind} text (NUL byte at offset {offset})",
                            line=line)
    return _decode(data, "utf-8", "UTF-8", source, skipped=0)


def _decode(body: bytes, codec: str, name: str, source: str, *, skipped: int) -> str:
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
        offset = exc.start + skipped
        if name == "UTF-8":
            message = (f"the file is not UTF-8 text (byte 0x{body[exc.start]:02x} at offset {offset}); "
                       "save it as UTF-8 and import again")
        else:
            message = (f"the file looks like {name} text but cannot be read as such (offset {offset}: "
                       f"{exc.reason}); save it as UTF-8 and import again")
        raise ImportFailure(source, message, line=line) from exc
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise ImportFailure(source, f"this is a binary file, not text (a NUL character on line {line})", line=line)
    return text


__all__ = ["decode_text"]
