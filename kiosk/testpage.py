"""The printer test page: one A4 page with Japanese text (rare kanji 𠮷 included), a frame 10 mm inside
the paper's edge and a 100 mm ruler, so staff can see that the fonts, the margins and the scale print
right. Drawn with the forms' fonts (per-character choice, IPAmj Mincho for 𠮷). No personal data.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forms.fonts import load_fonts
from kiosk import __version__

LINES = (
    ("gothic-bold", 20, "kazasu テスト印刷 / Test page"),
    ("gothic", 13, "この用紙が読めれば、プリンタの設定は完了です。"),
    ("gothic", 11, "If you can read this page, the printer is set up."),
    ("mincho", 13, "日本語の字形：住民票の写し交付請求書・印鑑登録証明書"),
    ("mincho", 13, "まれな漢字：𠮷田（U+20BB7）・髙橋・﨑・德"),
    ("gothic", 11, "下の定規が 100 mm、枠が用紙の端から 10 mm であることを確認してください。"),
    ("gothic", 11, "Check that the ruler below is 100 mm and the frame 10 mm inside the paper's edge."),
)


def render_test_page(out: Path | str, when: datetime | None = None) -> Path:
    out = Path(out)
    fonts = load_fonts()
    width, height = A4
    canvas = Canvas(str(out), pagesize=A4, initialFontName=fonts.fonts["gothic"].fontName)
    canvas.setTitle("kazasu テスト印刷")
    canvas.setAuthor("kazasu")
    canvas.setLineWidth(0.8)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    y = height - 35 * mm
    for style, size, text in LINES:
        x = 25 * mm
        for name, run in fonts.runs(text, style):
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
            x += canvas.stringWidth(run, name, size)
        y -= size * 2.0
    _ruler(canvas, 25 * mm, y - 10 * mm)
    stamp = (when or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z")
    for name, run in fonts.runs(f"kazasu {__version__} ・ {stamp}", "gothic"):
        canvas.setFont(name, 9)
        canvas.drawString(25 * mm, 20 * mm, run)
    canvas.showPage()
    canvas.save()
    return out


def _ruler(canvas: Canvas, x: float, y: float) -> None:
    """A 100 mm ruler with a tick every millimetre (longer every 5 and 10)."""
    canvas.line(x, y, x + 100 * mm, y)
    for i in range(101):
        tick = 4 * mm if i % 10 == 0 else 2.5 * mm if i % 5 == 0 else 1.5 * mm
        canvas.line(x + i * mm, y, x + i * mm, y + tick)
