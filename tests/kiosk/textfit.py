"""Does every text in a window have the room its font needs? Used by the kiosk tests so that clipped
glyphs (the lowest rows of g, p, q, y; text pushed against the window's edge) cannot come back silently.

A line needs ceil(ascent) + ceil(descent) whole pixels of its OWN font (QFontMetricsF): Qt snaps
the baseline to a pixel, and with BIZ UD Gothic (no line gap, descenders on the descent line) a box
of QFontMetrics.height() loses a row; this is never less than lineSpacing(). A label's lines are
counted by laying its text out the way QLabel does (rich or plain, wrapped at its contents width),
each block with the largest font among its fragments.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QFontMetricsF, Qt, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QPushButton, QWidget

EDGE_PX = 4  # no text box closer than this to the window's edges


def line_need(font) -> int:
    fm = QFontMetricsF(font)
    return max(math.ceil(fm.ascent()) + math.ceil(fm.descent()), QFontMetrics(font).lineSpacing())


def _layout(label: QLabel) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    fmt = label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                             and Qt.mightBeRichText(label.text()))
    if rich:
        doc.setHtml(label.text())
    else:
        doc.setPlainText(label.text())
    if label.wordWrap():
        doc.setTextWidth(label.contentsRect().width())
    doc.size()  # lays the document out
    return doc


def label_need(label: QLabel) -> int:
    doc = _layout(label)
    need = 0.0
    block = doc.begin()
    while block.isValid():
        fonts = []
        it = block.begin()
        while not it.atEnd():
            fonts.append(it.fragment().charFormat().font().resolve(doc.defaultFont()))
            it += 1
        fonts = fonts or [block.charFormat().font().resolve(doc.defaultFont())]
        lines = max(1, block.layout().lineCount())
        box = max(line_need(f) for f in fonts)
        need += lines * box + block.blockFormat().topMargin() + block.blockFormat().bottomMargin()
        block = block.next()
    return math.ceil(need)


def button_need(button: QAbstractButton, padding_y: int, border: int) -> int:
    """Whole line boxes of the button's font, or what Qt lays its text out in when that is more (a
    character from a fallback font, e.g. a WORD_JOINER, makes its line taller)."""
    lines = button.text().count("\n") + 1
    drawn = QFontMetrics(button.font()).boundingRect(QRect(0, 0, 100_000, 100_000),
                                                     int(Qt.AlignmentFlag.AlignCenter), button.text()).height()
    return max(lines * line_need(button.font()), drawn) + 2 * (padding_y + border)


def button_width_need(button: QPushButton, border: int) -> tuple[int, int]:
    """(the widest line of a push button's text, the width inside its border): Qt centres each line
    and clips it at the button's edges, so a longer line loses characters at both ends (a line may
    run into the padding without harm)."""
    fm = QFontMetrics(button.font())
    widest = max(fm.horizontalAdvance(line) for line in button.text().split("\n"))
    return widest, button.width() - 2 * border


def _scrolled(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def text_problems(root: QWidget, *, padding_y: int, border: int) -> list[str]:
    """Every visible label or button of `root` whose text does not fit, or touches root's edges."""
    problems = []
    inner = root.rect().adjusted(EDGE_PX, EDGE_PX, -EDGE_PX, -EDGE_PX)
    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not w.isVisible() or not w.text():
            continue
        if isinstance(w, QLabel):
            need, have, box = label_need(w), w.contentsRect().height(), w.contentsRect()
        else:
            need, have, box = button_need(w, padding_y, border), w.height(), w.rect()
        where = f"{type(w).__name__} {w.objectName() or w.accessibleName() or w.text()[:30]!r}"
        if have < need:
            problems.append(f"{where}: {have} px high, its text needs {need} px")
        if isinstance(w, QPushButton):
            wide, room = button_width_need(w, border)
            if room < wide:
                problems.append(f"{where}: {room} px of room for text, its widest line needs {wide} px")
        if not _scrolled(w, root):
            top_left = w.mapTo(root, box.topLeft())
            bottom_right = w.mapTo(root, box.bottomRight())
            if not (inner.contains(top_left) and inner.contains(bottom_right + QPoint(0, 0))):
                problems.append(f"{where}: text box {top_left.toTuple()}–{bottom_right.toTuple()} "
                                f"touches the window's edge")
    return problems
