"""Drawing the roster table as a multi-page A4 landscape PDF with reportlab.

Fonts come from forms' machinery (`forms.fonts.load_fonts()`: per-character font choice, subsets with a
ToUnicode map that is right outside the BMP); nothing here registers fonts of its own. Text shrinks to
fit its cell (9 pt down to 6 pt) and is cut with "…" only beyond that. A thicker rule separates
households. The PDF metadata holds the title only. A drill printout carries 【訓練 / DRILL】 in its
title and a large 訓練 DRILL across every page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.fonts import FontSet, load_fonts

MARGIN = 10 * mm
ROW_H = 7 * mm
HEAD_H = 8 * mm
SIZE, MIN_SIZE = 9.0, 6.0
DRILL_TITLE = "【訓練 / DRILL】"
DRILL_WATERMARK = "訓練 DRILL"


def _fit(fonts: FontSet, text: str, width: float) -> tuple[list[tuple[str, str]], float]:
    """The runs of `text` and the size at which they fit `width` (cut with "…" below MIN_SIZE)."""
    runs = fonts.runs(text, "gothic")
    unit = sum(stringWidth(run, name, 1.0) for name, run in runs)  # width grows linearly with size
    size = SIZE
    while size > MIN_SIZE and unit * size > width:
        size -= 0.5
    while text and unit * size > width:
        text = text[:-2] + "…" if len(text) > 1 else ""
        runs = fonts.runs(text, "gothic")
        unit = sum(stringWidth(run, name, 1.0) for name, run in runs)
    return runs, size


class _Cells:
    """The PDF text operators of each distinct (text, width), made once per document: a roster repeats
    names, kana, states and needs thousands of times, and the per-character font choice, the widths and
    the subset encoding are the costly part. A cell is then its position and these operators, and a
    page is one text object (one BT … ET) instead of one per string."""

    def __init__(self, c: Canvas, fonts: FontSet) -> None:
        self.canvas = c
        self.fonts = fonts
        self.made: dict[tuple[str, float], str] = {}

    def operators(self, text: str, width: float) -> str:
        key = (text, width)
        found = self.made.get(key)
        if found is None:
            runs, size = _fit(self.fonts, text, width)
            scratch = self.canvas.beginText(0, 0)
            for name, run in runs:  # every run sets its font: a cell never depends on the one before
                scratch.setFont(name, size)
                scratch.textOut(run)
            code = scratch.getCode()  # "BT 1 0 0 1 0 0 Tm <operators> ET"
            found = self.made[key] = code.removeprefix(_TEXT_START).removesuffix(" ET")
        return found

    def page(self, cells: list[tuple[float, float, str]]) -> None:
        """Draw `cells` (x, baseline, text operators) as one text object."""
        parts = ["BT"]
        for x, baseline, ops in cells:
            parts.append(f"1 0 0 1 {fp_str(x, baseline)} Tm {ops}")
        parts.append("ET")
        self.canvas.addLiteral("\n".join(parts))


_TEXT_START = "BT 1 0 0 1 0 0 Tm "  # how a text object at (0, 0) begins


def _draw(c: Canvas, runs: list[tuple[str, str]], x: float, baseline: float, size: float) -> None:
    for name, run in runs:
        c.setFont(name, size)
        c.drawString(x, baseline, run)
        x += stringWidth(run, name, size)


def render_roster(handle: BinaryIO, *, title: str, site: str, today: dt.date,
                  columns: Sequence[tuple[str, float]], rows: list[list[str]],
                  group_column: int | None = None, drill: bool = False) -> int:
    """Write the roster PDF to `handle`; returns the number of pages. With `drill`, every page says
    訓練 / DRILL in its title and across the page."""
    fonts = load_fonts()
    if drill:
        title = f"{DRILL_TITLE}{title}"
    width, height = landscape(A4)
    c = Canvas(handle, pagesize=(width, height), pageCompression=1,
               initialFontName=fonts.fonts["gothic"].fontName)
    c.setTitle(title)
    c.setAuthor("kazasu")
    cells = _Cells(c, fonts)
    per_page = int((height - 2 * MARGIN - HEAD_H - 14 * mm) // ROW_H)
    pages = max(1, -(-len(rows) // per_page))
    xs = [MARGIN]
    for _, w in columns:
        xs.append(xs[-1] + w * mm)
    for page in range(pages):
        if drill:
            _watermark(c, fonts, width, height)
        top = height - MARGIN
        _draw(c, fonts.runs(title, "gothic"), MARGIN, top - 6 * mm, 14)
        footer = f"{site}　{today.isoformat()}　{page + 1} / {pages}"
        _draw(c, fonts.runs(footer, "gothic"), width - MARGIN - fonts.width(footer, "gothic", 9),
              top - 6 * mm, 9)
        y = top - 12 * mm
        c.setFillGray(0.88)
        c.rect(MARGIN, y - HEAD_H, xs[-1] - MARGIN, HEAD_H, stroke=1, fill=1)
        c.setFillGray(0)
        placed: list[tuple[float, float, str]] = []
        for (heading, w), x in zip(columns, xs):
            placed.append((x + 1.2 * mm, y - HEAD_H + 2.6 * mm, cells.operators(heading, w * mm - 2.4 * mm)))
        y -= HEAD_H
        chunk = rows[page * per_page:(page + 1) * per_page]
        previous: Any = None
        rules: list[tuple[float, float]] = []  # (y, line width) of the rule above each row
        for row in chunk:
            group = row[group_column] if group_column is not None else None
            rules.append((y, 1.4 if group_column is not None and group != previous else 0.4))
            previous = group
            for text, x0, x1 in zip(row, xs, xs[1:]):
                if text:
                    placed.append((x0 + 1.2 * mm, y - ROW_H + 2.3 * mm,
                                   cells.operators(str(text), x1 - x0 - 2.4 * mm)))
            y -= ROW_H
        cells.page(placed)
        for rule_y, line_width in rules:
            c.setLineWidth(line_width)
            c.line(MARGIN, rule_y, xs[-1], rule_y)
        c.setLineWidth(0.4)
        c.line(MARGIN, y, xs[-1], y)
        for x in xs:
            c.line(x, height - MARGIN - 12 * mm, x, y)
        c.showPage()
    c.save()
    return pages


def _watermark(c: Canvas, fonts: FontSet, width: float, height: float) -> None:
    """訓練 DRILL in large light letters across the page, under the table."""
    c.saveState()
    c.setFillGray(0.82)
    c.translate(width / 2, height / 2)
    c.rotate(25)
    size = 110
    text_width = sum(stringWidth(run, name, size) for name, run in fonts.runs(DRILL_WATERMARK, "gothic"))
    _draw(c, fonts.runs(DRILL_WATERMARK, "gothic"), -text_width / 2, -size / 3, size)
    c.restoreState()
