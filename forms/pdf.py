"""Drawing a filled form as a PDF with reportlab: static layout, field values, check boxes.

Every string goes through `FontSet.runs()` (a font per character, IPAmj Mincho for what BIZ UD
lacks) and, for field values, through `fit_text()` so it shrinks or wraps inside its box. Fonts are
embedded as subsets with a ToUnicode map that extracts characters outside the BMP correctly.
`render_pdf(filled, out, draft=True)` leaves every asked field blank (check boxes unticked) for a
handwritten finish. The PDF's metadata holds the form title only, never personal data.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.definition import FieldBox, FieldDef
from forms.fill import FilledForm
from forms.fonts import FontSet, load_fonts
from forms.textfit import LINE_HEIGHT, TextTooLongError, fit_text

PAD = 1.2 * mm
ASCENT = 0.84   # share of the font size above the baseline for CJK faces (BIZ UD, IPAmj)
DESCENT = 0.16


class _Page:
    """A canvas in form coordinates: millimetres from the top-left corner, y downwards."""

    def __init__(self, canvas: Canvas, fonts: FontSet, height_mm: float) -> None:
        self.c, self.fonts, self.height = canvas, fonts, height_mm * mm

    def y(self, y_mm: float) -> float:
        return self.height - y_mm * mm

    def text(self, text: str, x: float, baseline: float, size: float, style: str,
             align: str = "left", field: str | None = None) -> None:
        """Draw `text` at `x` points (anchor per `align`) on `baseline` (points from the bottom)."""
        runs = self.fonts.runs(text, style, field)
        width = sum(self._width(run, name, size) for name, run in runs)
        x -= {"left": 0.0, "center": width / 2, "right": width}[align]
        for name, run in runs:
            self.c.setFont(name, size)
            self.c.drawString(x, baseline, run)
            x += self._width(run, name, size)

    @staticmethod
    def _width(run: str, name: str, size: float) -> float:
        return stringWidth(run, name, size)

    def lines_in_box(self, lines: tuple[str, ...] | list[str], size: float, x: float, y: float,
                     w: float, h: float, style: str, align: str, field: str | None = None) -> None:
        """Lines centred vertically in the box (x, y, w, h in points, y = top, from the bottom)."""
        step = size * LINE_HEIGHT
        top = y - (h - step * len(lines)) / 2
        anchor = {"left": x + PAD, "center": x + w / 2, "right": x + w - PAD}[align]
        for i, line in enumerate(lines):
            cell_top = top - i * step
            baseline = cell_top - step / 2 - (ASCENT - DESCENT) * size / 2
            self.text(line, anchor, baseline, size, style, align, field)


def _element(page: _Page, e: dict) -> None:
    c = page.c
    c.setLineWidth(e.get("line_width", 0.6))
    kind, size = e["type"], e.get("size", 10)
    style, align = e.get("font", "gothic"), e.get("align", "left")
    if kind == "line":
        c.setDash(*([1.5, 1.5] if e.get("dashed") else []))
        c.line(e["x1"] * mm, page.y(e["y1"]), e["x2"] * mm, page.y(e["y2"]))
        c.setDash()
    elif kind == "text":
        baseline = page.y(e["y"]) - ASCENT * size
        page.text(e["text"], e["x"] * mm, baseline, size, style, align)
    else:
        x, top, w, h = e["x"] * mm, page.y(e["y"]), e["w"] * mm, e["h"] * mm
        fill = e.get("fill")
        if fill is not None:
            c.setFillGray(fill)
        if e.get("border", True) or fill is not None:
            c.rect(x, top - h, w, h, stroke=1 if e.get("border", True) else 0,
                   fill=1 if fill is not None else 0)
        c.setFillGray(0)
        if kind == "cell" and e["text"]:
            lines = e["text"].split("\n")
            page.lines_in_box(lines, size, x, top, w, h, style, align)


def _checkbox(page: _Page, x: float, baseline: float, size: float, checked: bool) -> float:
    """A square on the text line at x; a tick inside when checked. Returns the width used."""
    side = size * 0.8
    c = page.c
    c.setLineWidth(0.6)
    c.rect(x, baseline - size * 0.05, side, side, stroke=1, fill=0)
    if checked:
        c.setLineWidth(1.3)
        bottom = baseline - size * 0.05
        path = c.beginPath()
        path.moveTo(x + side * 0.18, bottom + side * 0.55)
        path.lineTo(x + side * 0.42, bottom + side * 0.22)
        path.lineTo(x + side * 0.86, bottom + side * 0.86)
        c.drawPath(path, stroke=1, fill=0)
        c.setLineWidth(0.6)
    return side + size * 0.3


def _options(page: _Page, f: FieldDef, box: FieldBox, value: str, blank: bool) -> None:
    options = f.option_labels()
    columns = box.columns or len(options)
    rows = math.ceil(len(options) / columns)
    x0, top = box.x * mm + PAD, page.y(box.y)
    cell_w = (box.w * mm - 2 * PAD) / columns
    cell_h = box.h * mm / rows
    for i, label in enumerate(options):
        row, col = divmod(i, columns)
        size = box.size
        while size * 1.1 + page.fonts.width(label, box.font, size) > cell_w - PAD:
            size -= 0.5
            if size < box.min_size:
                raise TextTooLongError(f.id)
        baseline = top - row * cell_h - cell_h / 2 - (ASCENT - DESCENT) * size / 2
        x = x0 + col * cell_w
        x += _checkbox(page, x, baseline, size, checked=not blank and value == label)
        page.text(label, x, baseline, size, box.font, "left", f.id)


GROUP_GAP = 1.6 * mm


def _digits(page: _Page, f: FieldDef, box: FieldBox, value: str) -> None:
    """One cell per digit, the groups (e.g. 4-4-4) apart; a digit centred in each cell."""
    cells = sum(box.groups)
    digits = [ch for ch in value if not ch.isspace()]
    if len(digits) > cells:
        raise TextTooLongError(f.id)
    gap = GROUP_GAP if len(box.groups) > 1 else 0.0
    cell_w = (box.w * mm - gap * (len(box.groups) - 1)) / cells
    x, top, h = box.x * mm, page.y(box.y), box.h * mm
    size = min(box.size, cell_w / mm * 2.2, h / LINE_HEIGHT)
    baseline = top - h / 2 - (ASCENT - DESCENT) * size / 2
    page.c.setLineWidth(0.5)
    index = 0
    for group in box.groups:
        for _ in range(group):
            page.c.rect(x, top - h, cell_w, h, stroke=1, fill=0)
            if index < len(digits):
                page.text(digits[index], x + cell_w / 2, baseline, size, box.font, "center", f.id)
            x += cell_w
            index += 1
        x += gap


def _field(page: _Page, f: FieldDef, value: str, blank: bool) -> None:
    box = f.box
    if box is None:
        return
    if box.style == "options":
        _options(page, f, box, value, blank)
        return
    if box.style == "digits":
        _digits(page, f, box, "" if blank else value)
        return
    if blank or not value:
        return
    w, h = box.w * mm - 2 * PAD, box.h * mm - 0.8 * mm

    def measure(text: str, size: float) -> float:
        return page.fonts.width(text, box.font, size)

    fit = fit_text(value, w, h, box.size, box.min_size, measure, box.wrap, f.id)
    page.lines_in_box(fit.lines, fit.size, box.x * mm, page.y(box.y), box.w * mm, box.h * mm,
                      box.font, box.align, f.id)


def render_pdf(filled: FilledForm, out: Path, draft: bool = False) -> Path:
    """Write `filled` as a one-page PDF to `out`; `draft` leaves the asked fields blank."""
    out = Path(out)
    form = filled.form
    fonts = load_fonts()
    width_mm, height_mm = form.page_mm
    canvas = Canvas(str(out), pagesize=(width_mm * mm, height_mm * mm), pageCompression=1,
                    initialFontName=fonts.fonts["gothic"].fontName)  # no stray Helvetica
    canvas.setTitle(form.title_ja)
    canvas.setAuthor("kazasu")
    canvas.setSubject(form.title_en)
    canvas.setKeywords(f"kazasu-form {form.id} definition {definition_label(form)}")
    page = _Page(canvas, fonts, height_mm)
    for element in form.layout:
        _element(page, element)
    if form.version is not None:  # a published definition: its version in the bottom margin
        page.text(f"様式 {form.id} 第{form.version}版", 8 * mm, 4 * mm, 6, "gothic")
    for f in form.fields:
        _field(page, f, filled.values.get(f.id, ""), blank=draft and f.asked)
    canvas.showPage()
    canvas.save()
    return out


def definition_label(form: object) -> str:
    """`version N` for a published definition, `shipped` for a file's (in the PDF's keywords)."""
    version = getattr(form, "version", None)
    return "shipped" if version is None else f"version {version}"


def page_count(out: Path) -> int:
    """Pages `render_pdf` wrote (one per form today; kept as a function for multi-page forms)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(out).read_bytes()))
