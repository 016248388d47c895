"""Bilingual labels and buttons: Japanese first with English under it (in another language: that
language over the Japanese, kiosk.ui.i18n).

A label or button made here keeps its `Bilingual`, so `render()` shows it again in the language of the
moment without rebuilding the screen; every control gets an accessible name; every button is at least
44 px high (the kiosk uses 72 px for the main ones) and never lower than its lines of text need
(theme.line_box of its own font). Rich-text labels carry theme.LINE_HEIGHT as CSS line-height, which
also leaves room under the last line for the descenders (see kiosk/ui/theme.py).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.messages import Bilingual
from kiosk.ui import linebreak, theme
from kiosk.ui.i18n import add_renderer, shown
from kiosk.ui.wrapping import WORD_JOINER, WRAP_WIDTH, joined_html, keep_readings, keep_words, wrap_lines

BUTTON_PAD_X = 20   # the style sheet's horizontal padding of a button


LINE_HEIGHT_CSS = f"line-height:{round(theme.LINE_HEIGHT * 100)}%"


def lines_html(first: str, second: str, en_pt: int = 15, fit: QLabel | None = None) -> str:
    """The two lines as rich text (the second smaller, in the secondary colour); given `fit`, the
    label, Japanese phrases wider than it is now may break (keep_words; a label renders again when
    its width changes, and one never laid out yet waits for its first width: a page never shown
    costs no line breaking)."""
    first = keep_readings(first)
    if fit is None:
        first, second = keep_words(first), keep_words(second)
    elif getattr(fit, "_sized", False) or fit.isVisible():
        fit.ensurePolished()
        second_font = QFont(fit.font())
        second_font.setPointSize(theme.pt(en_pt))
        second_font.setWeight(QFont.Weight.Normal)
        width = fit.contentsRect().width() - 2 * fit.margin()
        first, second = keep_words(first, fit.font(), width), keep_words(second, second_font, width)
    return (f"<div style='{LINE_HEIGHT_CSS}'>{joined_html(first)}</div><div style='{LINE_HEIGHT_CSS};"
            f" font-size:{theme.pt(en_pt)}pt; font-weight:400; color:{theme.TEXT_SECONDARY}'>"
            f"{joined_html(second)}</div>")


def bilingual_html(pair: Bilingual, en_pt: int = 15) -> str:
    """The pair as two lines of rich text, in the language shown now (kiosk.ui.i18n)."""
    return lines_html(*shown(pair), en_pt)


def label(pair: Bilingual | None = None, role: str | None = None, *, en_pt: int = 15,
          wrap: bool = True) -> QLabel:
    """A label showing Japanese with English under it (or empty, to be filled later)."""
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.RichText)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    if pair is not None:
        set_bilingual(widget, pair, en_pt=en_pt)
    return widget


def set_bilingual(widget: QLabel, pair: Bilingual, *, en_pt: int = 15) -> None:
    widget._words = (pair, en_pt)
    widget.installEventFilter(_refit())
    _render_label(widget, pair, en_pt)


def show_message(widget: QLabel, pair: Bilingual | None, role: str = "error", *, en_pt: int = 15) -> None:
    """A page's message line: `pair` in the look of `role` (theme.set_role), or hidden and emptied for None."""
    if pair is None:
        widget.hide()
        widget.setText("")
        return
    theme.set_role(widget, role)
    set_bilingual(widget, pair, en_pt=en_pt)
    widget.show()


def _render_label(widget: QLabel, pair: Bilingual, en_pt: int) -> None:
    first, second = shown(pair)
    widget.setText(lines_html(first, second, en_pt, fit=widget))
    widget.setAccessibleName(f"{first} / {second}")


class _Refit(QObject):
    """Renders a bilingual label again when its width changes: a Japanese phrase wider than the
    label then loses its joiners (else it would run past the label's edge), one that fits again
    gets them back."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if (event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width()
                and isinstance(obj, QLabel) and obj.text() and getattr(obj, "_words", None)):
            obj._sized = True   # its width is known from now on (lines_html)
            html = obj.text()
            if WORD_JOINER in html or linebreak.is_japanese(html):
                _render_label(obj, *obj._words)
        return False


_refitter: _Refit | None = None


def _refit() -> _Refit:
    global _refitter
    if _refitter is None:
        _refitter = _Refit()
    return _refitter


def _render_button(widget: QPushButton, pair: Bilingual) -> None:
    first, second = shown(pair)
    # a long button at large text (`one_language_large`: the library's mode) says its words in the
    # language shown only; the accessible name keeps both
    one = getattr(widget, "one_language_large", False) and theme.text_scale > 1
    words = keep_readings(first if one else f"{first}\n{second}")
    # large text, or a button given a width (`wrap_width`): a long line is broken rather than cut
    # (WRAP_WIDTH is on the 1280 px design: a narrower window breaks the lines sooner)
    width = getattr(widget, "wrap_width", None) or (theme.across(WRAP_WIDTH) if theme.text_scale > 1 else None)
    if width:
        widget.ensurePolished()
        words = wrap_lines(words, widget.font(), width)
    widget.setText(words)
    widget.setAccessibleName(f"{first} / {second}")
    if widget.minimumHeight() > 0:   # already sized once: keep room for the new lines
        widget.setMinimumHeight(max(widget.minimumHeight(), text_height(widget)))


def render(widget: QWidget) -> None:
    """Show a label's or button's words again in the current language (a cleared label stays
    cleared: it is never given back what it showed before)."""
    words = getattr(widget, "_words", None)
    if words is None:
        return
    if isinstance(widget, QLabel):
        if widget.text():
            _render_label(widget, *words)
    elif isinstance(widget, QPushButton):
        _render_button(widget, words[0])


add_renderer(render)   # kiosk.ui.i18n.set_language draws every label and button made here again


class ValueLabel(QLabel):
    """A label for a value (a name, an address, a step, a count): the value is escaped (never
    interpreted as HTML) and shown with the kiosk's line height, like every other label.
    `setText(value)` / `value()` take and give the plain value; `text()` is the rendered markup."""

    def __init__(self, value: str = "", parent: QWidget | None = None, *, phrases: bool = False) -> None:
        super().__init__(parent)
        self.phrases = phrases   # words of the kiosk's own (a hint): Japanese broken between phrases only
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._value = ""
        self.setText(value)

    def setText(self, value: str) -> None:  # noqa: N802 (Qt name)
        self._value = value or ""
        # a 番地 never breaks inside (「…1番3 / 号」): its characters joined for Qt's line breaker
        keep = linebreak.keep_phrases if getattr(self, "phrases", False) else linebreak.keep_numbers
        lines = "<br>".join(escape(keep(line)) for line in self._value.split("\n"))
        super().setText(f"<div style='{LINE_HEIGHT_CSS}'>{lines}</div>" if self._value else "")

    def clear(self) -> None:
        self.setText("")

    def value(self) -> str:
        return self._value


def plain(value: str = "", role: str | None = None, *, wrap: bool = True, phrases: bool = False) -> ValueLabel:
    """A ValueLabel with a style role, word-wrapped unless told otherwise (`phrases`: the kiosk's own
    words, whose Japanese lines break between phrases only, kiosk.ui.linebreak)."""
    widget = ValueLabel(value, phrases=phrases)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def button(pair: Bilingual, *, primary: bool = False, height: int = theme.BUTTON_HEIGHT,
           name: str | None = None) -> QPushButton:
    """A large button: Japanese on the first line, English on the second."""
    widget = QPushButton()
    widget._words = (pair, None)
    _render_button(widget, pair)
    if primary:
        widget.setProperty("role", "primary")
    widget.setMinimumHeight(max(height, theme.MIN_TOUCH, text_height(widget)))
    widget.setMinimumWidth(theme.MIN_TOUCH * 2)
    widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    if name:
        widget.setObjectName(name)
    return widget


def text_height(widget: QPushButton) -> int:
    """What a button's lines of text need with its style-sheet font, padding and focus border: at
    least a whole line box per line, and what Qt itself lays the text out in (a character the font
    lacks, e.g. the invisible WORD_JOINER before a reading, comes from a fallback font whose taller
    line makes that line taller)."""
    widget.ensurePolished()
    lines = widget.text().count("\n") + 1
    drawn = QFontMetrics(widget.font()).boundingRect(QRect(0, 0, 100_000, 100_000),
                                                     int(Qt.AlignmentFlag.AlignCenter), widget.text()).height()
    return max(lines * theme.line_box(QFontMetricsF(widget.font())), drawn) + 2 * (theme.BUTTON_PAD_Y +
                                                                                 theme.FOCUS_BORDER)
