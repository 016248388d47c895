"""The printed library card: one CR80 page (85.6 × 54 mm) with the NW-7 (Codabar) barcode.

The barcode is reportlab's own `Codabar` widget (start/stop A; the patron number already carries the
library's check digit, so reportlab adds none). The number is printed in digits under it, and the name
in BIZ UD Gothic through forms' font machinery (`forms.fonts.load_fonts().runs`), so characters
outside the BMP such as 𠮷 are drawn by IPAmj Mincho and extract correctly. The PDF's metadata holds
the library's name only.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.barcode.common import Codabar
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.fonts import load_fonts
from kiosk.library.config import LibraryConfig

CARD_W, CARD_H = 85.6 * mm, 54.0 * mm
MARGIN = 4 * mm
BAR_WIDTH = 0.33 * mm     # narrow element; wide = 2.5 × narrow (scanners read it well at 300 dpi)


def _text(canvas: Canvas, text: str, x: float, y: float, size: float, style: str = "gothic",
          align: str = "left") -> float:
    fonts = load_fonts()
    runs = fonts.runs(text, style)
    width = sum(stringWidth(run, name, size) for name, run in runs)
    x -= {"left": 0.0, "center": width / 2, "right": width}[align]
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)
    return width


def _fit(text: str, style: str, size: float, width: float, smallest: float = 6.0) -> float:
    fonts = load_fonts()
    while size > smallest and fonts.width(text, style, size) > width:
        size -= 0.5
    return size


def barcode(number: str) -> Codabar:
    return Codabar("A" + number + "A", barWidth=BAR_WIDTH, ratio=2.5, barHeight=12 * mm,
                   checksum=0, stop=0, quiet=1)


def render_card(number: str, name: str, out: Path, config: LibraryConfig | None = None,
                card_type: str = "adult") -> Path:
    config = config or LibraryConfig.load()
    out = Path(out)
    canvas = Canvas(str(out), pagesize=(CARD_W, CARD_H))
    canvas.setTitle(f"{config.data.get('library_name_en', 'Library')} card")
    canvas.setAuthor("kazasu")
    canvas.setFillColorRGB(0.12, 0.30, 0.55)
    canvas.rect(0, CARD_H - 11 * mm, CARD_W, 11 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    title = config.data.get("library_name", "図書館")
    _text(canvas, title, MARGIN, CARD_H - 6 * mm, 9, "gothic-bold")
    kind = "こども利用者カード" if card_type == "child" else "利用者カード"
    _text(canvas, kind, MARGIN, CARD_H - 9.6 * mm, 6.5)
    _text(canvas, "Library card", CARD_W - MARGIN, CARD_H - 9.6 * mm, 6.5, align="right")
    canvas.setFillColorRGB(0, 0, 0)
    size = _fit(name, "gothic-bold", 12, CARD_W - 2 * MARGIN - 10 * mm)
    _text(canvas, "氏名", MARGIN, CARD_H - 18 * mm, 6)
    _text(canvas, name, MARGIN + 7 * mm, CARD_H - 18 * mm, size, "gothic-bold")
    code = barcode(number)
    code.drawOn(canvas, (CARD_W - code.width) / 2, 11 * mm)
    _text(canvas, " ".join(number[i:i + 4] for i in range(0, len(number), 4)), CARD_W / 2,
          6.5 * mm, 9, align="center")
    _text(canvas, "このカードは本人のみ使えます / For the holder only", CARD_W / 2, 2.6 * mm, 5,
          align="center")
    canvas.showPage()
    canvas.save()
    return out
