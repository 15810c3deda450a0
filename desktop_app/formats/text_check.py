"""Whether decoded file text is text at all, before it is imported.

``decode_text`` refuses bytes that do not decode, but some binary files decode: bytes that open
with a UTF-16 byte-order mark (``FF FE``) decode as UTF-16 whatever follows, so ten bytes of
garbage became a postmortem titled "最牡慢敧Ā". A file is refused when

* it declares UTF-16 or UTF-32 with a byte-order mark and its text holds no ASCII-range
  character at all (no line break, space, ``#``, digit or Latin letter: every Markdown or JSON
  document has some; each pair of bytes of a binary file read as UTF-16 is a CJK-range or
  other wide character), or
* more than ``MAX_ODD_SHARE`` of its first ``SAMPLE`` characters are control characters (other
  than tab, line and page breaks) or code points Unicode does not assign.

Real text in any script passes: Chinese, Hebrew or emoji are assigned characters, and a UTF-16
file saved by an editor has line breaks or Markdown marks.
"""

from __future__ import annotations

import codecs
import unicodedata

from desktop_app.formats.errors import ImportFailure

SAMPLE = 65_536
"""Characters looked at for control and unassigned characters."""

MAX_ODD_SHARE = 0.10
"""A text with a larger share of control or unassigned characters is taken for a binary file."""

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Cs"})


def _has_ascii(text: str) -> bool:
    return any(" " <= c <= "~" or c in _ALLOWED_CONTROLS for c in text)


def _odd(char: str) -> bool:
    return char not in _ALLOWED_CONTROLS and unicodedata.category(char) in _ODD_CATEGORIES


def check_text(data: bytes, text: str, source: str, *, kind: str = "Markdown") -> None:
    """Raise ``ImportFailure`` when ``text`` (decoded from the file's bytes ``data``) is not text."""
    save_as = f"this is not {kind} text; if it is, save it as UTF-8 and import again"
    if data.startswith(_WIDE_BOMS) and text.strip() and not _has_ascii(text):
        wide = "UTF-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        raise ImportFailure(source, f"the file opens with a {wide} byte-order mark but what follows reads as "
                                    f"no line breaks, spaces or Latin letters at all: {save_as}")
    sample = text[:SAMPLE]
    odd = sum(map(_odd, sample))
    if sample and odd > MAX_ODD_SHARE * len(sample):
        first = next(i for i, c in enumerate(sample) if _odd(c))
        line = text.count("\n", 0, first) + 1
        raise ImportFailure(source, f"{odd:,} of its first {len(sample):,} characters are control characters or "
                                    f"code points Unicode does not assign (the first is U+{ord(sample[first]):04X}): "
                                    f"{save_as}", line=line)


__all__ = ["MAX_ODD_SHARE", "SAMPLE", "check_text"]
