"""Accessible names for every control of every desk, set from what the control shows.

Qt gives a screen reader a button's text, but not a useful name for a text field (its buddy label is
rich text), a control with only a picture, or a button whose words sit in a label inside it. An
application-wide event filter (`install`, called by theme.apply) names each control the first time
it is shown, when it has no name of its own: a button from its text (lines joined with " / "), a
text field from the plain text of its buddy label or else its placeholder, any control from the
words of the labels inside it; a scroll bar is called スクロール / Scroll, a
table's header 見出し / Headers. Names it set are set again on every show, so they follow the text.
`unnamed(root)` lists the controls a screen reader would still announce without a name.

The same filter paints the focus ring's inner band: the style sheet draws the focused control's
border (theme.FOCUS_BORDER px) in the ring's outer colour (a style sheet has no outline, nor two
colours in one border), and after the control has painted itself `paint_focus_ring` paints the
ring again in two bands, outer half `palette.focus`, inner half `palette.focus_inner` (black and
yellow in the normal theme, as the design system's ring; see kiosk/ui/theme.py). The look is the
theme's: `install(app, ring)` is given a `ring()` that answers the ring of the palette in use
(theme.apply installs the filter with its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from kiosk.ui import a11y_scroll
from kiosk.ui.linebreak import WORD_JOINER  # drawn text only: never part of a name

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractSlider, QAbstractItemView)
AUTO = "a11y_auto"
RINGED = (QPushButton, QLineEdit, QRadioButton)   # the style sheet's :focus rule
# looked up once: the application-wide filter below sees every event of the kiosk (hundreds for each
# page shown), and most of them are neither
_SHOW, _PAINT = QEvent.Type.Show, QEvent.Type.Paint
RADIUS = ((QPushButton, 8), (QLineEdit, 6))       # the style sheet's border-radius of each


def plain_text(label: QLabel) -> str:
    words = label.text()
    if "<" in words:
        doc = QTextDocument()
        doc.setHtml(words)
        words = doc.toPlainText()
    return " / ".join(part.strip() for part in words.replace(WORD_JOINER, "").splitlines() if part.strip())


def _buddy_label(widget: QWidget) -> QLabel | None:
    top = widget.window()
    for candidate in top.findChildren(QLabel):
        if candidate.buddy() is widget:
            return candidate
    return None


def visible_words(widget: QWidget) -> str:
    """What a sighted person reads on or beside the control."""
    if isinstance(widget, QScrollBar):
        return "スクロール / Scroll"
    if isinstance(widget, QHeaderView):
        return "見出し / Headers"
    if isinstance(widget, QAbstractButton) and widget.text():
        words = widget.text().replace(WORD_JOINER, "")
        return " / ".join(part.strip() for part in words.splitlines() if part.strip())
    buddy = _buddy_label(widget)
    if buddy is not None and plain_text(buddy):
        return plain_text(buddy)
    inside = [plain_text(label) for label in widget.findChildren(QLabel) if label.text()]
    if inside:
        return " / ".join(inside)
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return placeholder()
    return widget.toolTip()


def name(widget: QWidget) -> None:
    """Give a control without a name of its own the words it shows."""
    if not isinstance(widget, CONTROLS):
        return
    if widget.accessibleName() and not widget.property(AUTO):
        return
    words = visible_words(widget)
    if words:
        widget.setAccessibleName(words)
        widget.setProperty(AUTO, True)


def unnamed(root: QWidget) -> list[str]:
    """Controls shown in `root` whose accessible name is empty or markup."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        words = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not words.strip() or "<" in words:
            problems.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'} in "
                            f"{type(widget.parentWidget()).__name__}")
    return problems


@dataclass(frozen=True)
class FocusRing:
    """The focus ring the style sheet draws as a control's border: its width and its two colours."""

    border: int   # px
    outer: str    # against the page
    inner: str    # against the control's own fill


def paint_focus_ring(widget: QWidget, ring: FocusRing) -> None:
    """Paint the focus ring over the border of `widget` (inside its rectangle, where the style sheet
    drew its focus border): the outer half in `ring.outer`, the inner half in `ring.inner`.
    Call it only while the widget is being painted."""
    radius = next((r for kind, r in RADIUS if isinstance(widget, kind)), 0)
    rect = QRectF(widget.rect())

    def rounded(inset: float) -> QPainterPath:
        path = QPainterPath()
        corner = max(0.0, radius - inset)
        path.addRoundedRect(rect.adjusted(inset, inset, -inset, -inset), corner, corner)
        return path

    band = ring.border / 2
    outer, middle, inner = rounded(0), rounded(band), rounded(ring.border)
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(outer.subtracted(middle), QColor(ring.outer))
    painter.fillPath(middle.subtracted(inner), QColor(ring.inner))
    painter.end()


class _Namer(QObject):
    """Names controls as they are shown; lets a focused control paint itself, then its focus ring."""

    def __init__(self, ring: Callable[[], FocusRing]) -> None:
        super().__init__()
        self.ring = ring
        self._painting = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind is _SHOW:
            if isinstance(obj, CONTROLS):
                name(obj)
        elif (kind is _PAINT and obj is not self._painting and isinstance(obj, RINGED)
              and obj.hasFocus()):
            self._painting = obj
            try:
                QApplication.sendEvent(obj, event)   # the control paints itself (this filter lets it) …
            finally:
                self._painting = None
            paint_focus_ring(obj, self.ring())        # … and the ring goes over its border
            return True
        return False


_namer: _Namer | None = None


def install(app: QApplication, ring: Callable[[], FocusRing]) -> None:
    """Name controls as they are shown, application-wide (once per application); `ring()` is the
    focus ring of the look in use when a control is painted. Scroll areas get an accessibility
    interface that cannot crash (kiosk.ui.a11y_scroll)."""
    a11y_scroll.install()
    global _namer
    if _namer is None:
        _namer = _Namer(ring)
    _namer.ring = ring
    app.removeEventFilter(_namer)
    app.installEventFilter(_namer)
