"""Accessible names for every control of every desk, set from what the control shows.

Qt gives a screen reader a button's text, but not a useful name for a text field (its buddy label is
rich text), a control with only a picture, or a button whose words sit in a label inside it. An
application-wide event filter (`install`, called by theme.apply) names each control the first time
it is shown, when it has no name of its own: a button from its text (lines joined with " / "), a
text field from the plain text of its buddy label or else its placeholder, any control from the
words of the labels inside it; a scroll bar is called スクロール / Scroll, a
table's header 見出し / Headers. Names it set are set again on every show, so they follow the text.
`unnamed(root)` lists the controls a screen reader would still announce without a name.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox,
                               QApplication, QComboBox, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QScrollBar,
                               QTextEdit, QWidget)

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractSlider, QAbstractItemView)
AUTO = "a11y_auto"
WORD_JOINER = "\u2060"   # drawn text only (kiosk.linebreak): never part of a name


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


class _Namer(QObject):
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Show and isinstance(obj, CONTROLS):
            name(obj)
        return False


_namer: _Namer | None = None


def install(app: QApplication) -> None:
    """Name controls as they are shown, application-wide (once per application)."""
    global _namer
    if _namer is None:
        _namer = _Namer()
    app.removeEventFilter(_namer)
    app.installEventFilter(_namer)
