"""Japanese fonts for the PDFs: finding them, registering them with reportlab, choosing per character.

Fonts are looked for in the folders of KAZASU_FONT_DIRS (separated by the platform's path separator)
and then in the Debian package folders. BIZ UD Gothic/Mincho print almost everything; IPAmj Mincho
(the government font for registered names) covers the rest, e.g. 𠮷 (U+20BB7). `FontSet.runs()` picks
a font for every character from the font's own cmap, so a missing-glyph box is never drawn; a
character no font has raises `GlyphMissingError`.

reportlab 5.1 writes the ToUnicode CMap of a subset TrueType font with the bare code point
(`<01> <20BB7>`), which PDF readers take as two UTF-16 units and extract as ₻ (U+20BB).
`UnicodeTTFont` is a reportlab `TTFont` whose `addObjects` hook rewrites every subset's ToUnicode
stream after reportlab has built it: values are written as UTF-16BE, with surrogate pairs for
characters outside the BMP (`<D842DFB7>`), in blocks of at most 100 entries as the PDF spec asks.
"""

from __future__ import annotations

import functools
import os
import zlib
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from forms.errors import FontMissingError, GlyphMissingError

DEBIAN_FONT_DIRS = (
    "/usr/share/fonts/truetype/bizud-gothic",
    "/usr/share/fonts/truetype/bizud-mincho",
    "/usr/share/fonts/truetype/ipamj",
    "/usr/share/fonts/opentype/ipamj",
)

# style → (file name, needed). Optional styles fall back to BIZ UD Gothic.
FONT_FILES = {
    "gothic": ("BIZUDGothic-Regular.ttf", True),
    "gothic-bold": ("BIZUDGothic-Bold.ttf", False),
    "mincho": ("BIZUDMincho-Regular.ttf", False),
    "ipamj": ("ipamjm.ttf", True),
}

# Variation selectors: reportlab cannot apply them (no cmap format 14), the base character is drawn.
VARIATION_SELECTORS = set(range(0xFE00, 0xFE10)) | set(range(0xE0100, 0xE01F0))
CMAP_BLOCK = 100


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for one-byte codes `0..len(subset)-1` mapping to the code points in `subset`."""
    entries = [f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
               for code, cp in enumerate(subset) if cp]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0",
             ">> def", f"/CMapName /{name} def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <FF>", "endcodespacerange"]
    for start in range(0, len(entries), CMAP_BLOCK):
        block = entries[start:start + CMAP_BLOCK]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class UnicodeTTFont(TTFont):
    """reportlab's TTFont with a ToUnicode CMap that is correct outside the BMP (see module doc)."""

    def addObjects(self, doc):  # noqa: N802 (reportlab's name)
        state = self.state.get(doc)
        if state is None or getattr(self.face, "_full_font", False):
            return super().addObjects(doc)
        subsets = [list(s) for s in state.subsets]
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in zip(names, subsets):
            pdf_font = fonts[name]
            stream = doc.idToObject[pdf_font.ToUnicode.name]
            stream.content = to_unicode_cmap(pdf_font.BaseFont, subset)


def font_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("KAZASU_FONT_DIRS", "").split(os.pathsep) if p]
    return [*extra, *(Path(d) for d in DEBIAN_FONT_DIRS)]


def find_font_file(filename: str, dirs: list[Path]) -> Path | None:
    for folder in dirs:
        if (folder / filename).is_file():
            return folder / filename
        if folder.is_dir():
            found = sorted(folder.rglob(filename))
            if found:
                return found[0]
    return None


class FontSet:
    """The registered fonts and the per-character choice between them."""

    def __init__(self, dirs: list[Path]) -> None:
        self.fonts: dict[str, UnicodeTTFont] = {}
        for style, (filename, needed) in FONT_FILES.items():
            path = find_font_file(filename, dirs)
            if path is None:
                if needed:
                    raise FontMissingError(filename, [str(d) for d in dirs])
                continue
            font = UnicodeTTFont(f"Kazasu-{style}-{zlib.crc32(str(path).encode()):08x}", str(path))
            pdfmetrics.registerFont(font)
            self.fonts[style] = font
        for style in ("gothic-bold", "mincho"):
            self.fonts.setdefault(style, self.fonts["gothic"])
        self._chosen: dict[str, dict[str, str]] = {}  # style → character → the font that draws it

    def chain(self, style: str) -> list[UnicodeTTFont]:
        """The fonts tried for `style`, in order: the style, the other BIZ UD faces, IPAmj Mincho."""
        order = [style, "gothic", "mincho", "ipamj"]
        chain: list[UnicodeTTFont] = []
        for name in order:
            font = self.fonts.get(name)
            if font is not None and font not in chain:
                chain.append(font)
        return chain

    @staticmethod
    def has_glyph(font: TTFont, char: str) -> bool:
        return font.face.charToGlyph.get(ord(char), 0) != 0

    def runs(self, text: str, style: str = "gothic", field: str | None = None) -> list[tuple[str, str]]:
        """`text` cut into (reportlab font name, text) runs, each drawn by a font that has its glyphs."""
        chosen = self._chosen.get(style)
        if chosen is None:
            chosen = self._chosen[style] = {}
        runs: list[tuple[str, str]] = []
        for char in text:
            name = chosen.get(char)
            if name is None:
                if ord(char) in VARIATION_SELECTORS:
                    continue
                font = next((f for f in self.chain(style) if self.has_glyph(f, char)), None)
                if font is None:
                    raise GlyphMissingError(char, field)
                name = chosen[char] = font.fontName
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def width(self, text: str, style: str, size: float) -> float:
        """Width in points of `text` drawn at `size` with the per-character choice."""
        return sum(pdfmetrics.stringWidth(run, name, size) for name, run in self.runs(text, style))


@functools.lru_cache(maxsize=4)
def _load(dirs: tuple[str, ...]) -> FontSet:
    return FontSet([Path(d) for d in dirs])


def load_fonts() -> FontSet:
    """The fonts found in KAZASU_FONT_DIRS and the Debian folders (loaded once per set of folders)."""
    return _load(tuple(str(d) for d in font_dirs()))
