"""Is every text of a window broken only where a reader expects a line to break, drawn whole inside
its widget, and no widget drawn over another? Used by the real-window matrix
(tests/kiosk/window/drawn_panel.py) on what Qt lays out to draw.

- `phrase_problems`: each line a label's text is laid out in (Qt's own line breaker, as QLabel
  draws it) and each line of a button starts, in Japanese, only at a phrase boundary BudouX finds
  (budoux.load_default_japanese_parser, through kiosk.ui.linebreak.breaks, which adds 禁則) or after
  a space; in English never inside a word; and no line is 「✓」 alone (the tick belongs to its word).
- `extent_problems`: the text's laid-out lines are no wider than the widget's room for them (a
  wrapped label: its contents; a button: inside its border), so nothing of it is cut.
- `overlap_problems`: no two visible texts or controls (labels, buttons, fields) are drawn over each
  other: the parts of them their parents let be seen do not intersect.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QTextOption
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QWidget

from kiosk.ui import linebreak
from tests.kiosk.textfit import _layout

TICK = "✓"
INVISIBLE = {linebreak.WORD_JOINER, "\u00a0", " ", "\u3000", "\u200b"}


def _where(w: QWidget) -> str:
    name = w.objectName() or w.accessibleName()[:40] or (w.text()[:30] if hasattr(w, "text") else "")
    return f"{type(w).__name__} {name!r}"


def _bare(text: str) -> str:
    return "".join(ch for ch in text if ch not in INVISIBLE)


def break_problem(text: str, at: int) -> str | None:
    """Why a line of `text` must not start at index `at` (None when it may)."""
    before, after = text[at - 1], text[at]
    if before.isspace() or after.isspace() or before == "\n":
        return None
    if before.isascii() and after.isascii():
        if before.isalnum() and after.isalnum():
            return "inside a word"
        return None
    if not linebreak.is_japanese(text):
        return None
    if at in linebreak.breaks(text):
        return None
    if not (linebreak.is_japanese(text[:at]) and linebreak.is_japanese(text[at:])):
        return None   # the line after is another language (「受付する」 / 「Check in」)
    return "inside a phrase"


def label_lines(label: QLabel) -> list[tuple[str, list[int], list[float]]]:
    """(a block's text, where each of its lines starts, each line's drawn width) as QLabel lays it out
    (a word-wrapped label breaks at word boundaries only: a word wider than the label runs past it)."""
    doc = _layout(label)
    if label.wordWrap():
        option = doc.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        doc.setDefaultTextOption(option)
        doc.setTextWidth(label.contentsRect().width())
        doc.size()
    out = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        starts = [layout.lineAt(i).textStart() for i in range(layout.lineCount())]
        widths = [layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())]
        out.append((block.text(), starts, widths))
        block = block.next()
    return out


def phrase_at(text: str, at: int) -> str:
    """The phrase of a Japanese `text` (between the breaks linebreak allows) that index `at` is in."""
    cuts = [0, *linebreak.breaks(text), len(text)]
    start = max(c for c in cuts if c <= at)
    end = min(c for c in cuts if c > at)
    return text[start:end]


def _line_problems(where: str, text: str, starts: list[int], room: int, fm: QFontMetrics,
                   button: bool = False) -> list[str]:
    """A button's lines are cut by the kiosk (kiosk.ui.wrapping) where a space was: between two
    English words, or between its Japanese and English halves; its Japanese breaks are checked. A
    phrase wider than the whole line may be broken inside (the kiosk lets it: linebreak.keep_phrases'
    `loose`), or it would run past the widget's edge."""
    problems = []
    ends = starts[1:] + [len(text)]
    for start, end in zip(starts, ends):
        if _bare(text[start:end]) == TICK:
            problems.append(f"{where}: 「{TICK}」 alone on a line of {text!r}")
        if start > 0 and not (button and (text[start - 1].isascii() or text[start].isascii())):
            why = break_problem(text, start)
            if why and button and not break_problem(f"{text[:start]} {text[start:]}", start + 1):
                why = None   # the kiosk's wrapping took the space it broke at (「だけ / かぞえる」)
            if why == "inside a phrase" and fm.horizontalAdvance(_bare(phrase_at(text, start))) > room:
                why = None
            if why:
                problems.append(f"{where}: a line breaks {why}: 「{text[:start]} / {text[start:]}」")
    return problems


def _shown(widgets) -> list[QWidget]:
    return [w for w in widgets if w.isVisible() and w.width() > 0 and w.height() > 0]


def phrase_problems(root: QWidget, border: int) -> list[str]:
    problems = []
    for label in _shown(root.findChildren(QLabel)):
        if not label.text():
            continue
        room, fm = label.contentsRect().width(), QFontMetrics(label.font())
        for text, starts, _widths in label_lines(label):
            problems += _line_problems(_where(label), text, starts, room, fm)
    for button in _shown(root.findChildren(QAbstractButton)):
        lines = button.text().split("\n")
        if len(lines) < 2 and TICK not in button.text():
            continue
        text, starts, at = "".join(lines), [], 0
        for line in lines:
            starts.append(at)
            at += len(line)
        room = button.width() - 2 * border
        problems += _line_problems(_where(button), text, starts, room, QFontMetrics(button.font()), button=True)
    return problems


def extent_problems(root: QWidget, border: int) -> list[str]:
    problems = []
    for label in _shown(root.findChildren(QLabel)):
        if not label.text() or not label.wordWrap():
            continue
        room = label.contentsRect().width()
        widest = max((w for _t, _s, widths in label_lines(label) for w in widths), default=0)
        if math.ceil(widest) > room + 1:
            problems.append(f"{_where(label)}: a line {math.ceil(widest)} px wide in {room} px of room")
    for button in _shown(root.findChildren(QAbstractButton)):
        if not button.text():
            continue
        fm = QFontMetrics(button.font())
        widest = max(fm.horizontalAdvance(line) for line in button.text().split("\n"))
        room = button.width() - 2 * border
        if widest > room:
            problems.append(f"{_where(button)}: a line {widest} px wide in {room} px of room")
    return problems


def _seen(widget: QWidget, root: QWidget) -> QRect:
    seen = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        seen = seen.intersected(QRect(parent.mapTo(root, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return seen.intersected(root.rect())


CONTROLS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def overlap_problems(root: QWidget) -> list[str]:
    leaves = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible() or w.isWindow():
            continue
        if isinstance(w, QLabel) and not (w.text() or w.pixmap() is not None and not w.pixmap().isNull()):
            continue
        if any(isinstance(p, CONTROLS) for p in _ancestors(w, root)):
            continue   # a part of a control (a combo box's line edit)
        seen = _seen(w, root)
        if not seen.isEmpty():
            leaves.append((w, seen))
    problems = []
    for i, (a, ra) in enumerate(leaves):
        for b, rb in leaves[i + 1:]:
            if ra.intersects(rb) and not a.isAncestorOf(b) and not b.isAncestorOf(a):
                cut = ra.intersected(rb)
                if cut.width() > 1 and cut.height() > 1:
                    problems.append(f"{_where(a)} {ra.getRect()} and {_where(b)} {rb.getRect()} overlap")
    return problems


def _ancestors(w: QWidget, root: QWidget):
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        yield parent
        parent = parent.parentWidget()


def drawn_problems(root: QWidget, border: int) -> list[str]:
    return phrase_problems(root, border) + extent_problems(root, border) + overlap_problems(root)
