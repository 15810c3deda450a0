"""The fonts embedded in Hindsight PDFs: registered once, chosen per character by glyph coverage.

reportlab has no font fallback, so text is split into runs and each run is set in
the first font whose character map holds its glyphs (see ``pdf_text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.formats.resources_path import resources_dir

SANS = "HindsightSans"
SANS_BOLD = "HindsightSans-Bold"
CJK = "HindsightCJK"
SYMBOLS = "HindsightSymbols"
MONO = "HindsightMono"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    CJK: "wqy-microhei.ttc",  # WenQuanYi Micro Hei, face 0 of the collection
    SYMBOLS: "Symbola_hint.ttf",  # monochrome emoji and symbols
    MONO: "DejaVuSansMono.ttf",  # code blocks and `code` spans
}


@dataclass(frozen=True)
class FontSet:
    """Names of the registered fonts and the code points each one covers."""

    regular: str
    bold: str
    cjk: str
    symbols: str
    coverage: dict[str, frozenset[int]]
    mono: str = MONO

    def chain(self, bold: bool, mono: bool = False) -> tuple[str, ...]:
        """Fonts to try, in order, for text in the given weight (``mono``: code, bold ignored)."""
        if mono:
            return (self.mono, self.regular, self.cjk, self.symbols)
        return ((self.bold, self.regular) if bold else (self.regular,)) + (self.cjk, self.symbols)

    def font_for(self, char: str, bold: bool = False, mono: bool = False) -> str:
        """The first font of the chain that has a glyph for ``char``; the base font if none has."""
        code = ord(char)
        chain = self.chain(bold, mono)
        for name in chain:
            if code in self.coverage[name]:
                return name
        return chain[0]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab 4 writes ``<1F525>`` for U+1F525, which PDF readers reject, so emoji
    vanish from the text layer (copy, search, extraction); the PDF spec wants
    ``<D83DDD25>``. For characters up to U+FFFF the output is the same as reportlab's.
    """
    codes = [chr(v).encode("utf-16-be", "surrogatepass").hex().upper() for v in subset]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{code}>" for i, code in enumerate(codes)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@lru_cache(maxsize=1)
def fonts() -> FontSet:
    """Register the shipped fonts with reportlab (once per process) and return them.

    Also installs ``_to_unicode_cmap`` in reportlab's TrueType module (a fix for
    characters beyond U+FFFF, identical output otherwise).
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = resources_dir() / "fonts"
    coverage: dict[str, frozenset[int]] = {}
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FILES.items():
        path = folder / file_name
        if not path.is_file():
            raise FileNotFoundError(f"PDF font missing: {path} (reinstall Hindsight)")
        font = pdfmetrics.getFont(name) if name in registered else TTFont(name, str(path), subfontIndex=0)
        if name not in registered:
            pdfmetrics.registerFont(font)
        coverage[name] = frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    return FontSet(regular=SANS, bold=SANS_BOLD, cjk=CJK, symbols=SYMBOLS, coverage=coverage, mono=MONO)
