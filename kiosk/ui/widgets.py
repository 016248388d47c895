"""Small building blocks every screen uses: bilingual labels and buttons, the step bar, the nav bar.

Japanese comes first with English under it (in another language: that language over the Japanese,
kiosk.ui.i18n); a label or button made here keeps its `Bilingual`, so `render()` shows it again in the
language of the moment without rebuilding the screen; every control gets an accessible name; every button is
at least 44 px high (the kiosk uses 72 px for the main ones) and never lower than its lines of text
need (theme.line_box of its own font). Rich-text labels carry theme.LINE_HEIGHT as CSS line-height,
which also leaves room under the last line for the descenders (see kiosk/ui/theme.py).

Japanese breaks only between phrases (文節, kiosk.ui.linebreak with BudouX): a label's Japanese lines
carry WORD_JOINER between the characters of each phrase (Qt's line breaker would otherwise break
between any two kana or kanji), and `wrap_lines` breaks a button's Japanese line between phrases.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import (QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from kiosk.ui import linebreak, theme
from kiosk.messages import Bilingual, text


BUTTON_PAD_X = 20   # the style sheet's horizontal padding of a button
WRAP_WIDTH = 1000   # at a large text scale, button lines longer than this (px) are broken
LINE_HEIGHT_CSS = f"line-height:{round(theme.LINE_HEIGHT * 100)}%"


WORD_JOINER = linebreak.WORD_JOINER   # no line break here (Unicode UAX #14), nothing drawn


def keep_readings(words: str) -> str:
    """A kana reading in brackets stays on the line of its kanji (入(い)れる never breaks before
    "("); only what is drawn changes, not the accessible name."""
    return words.replace("(", WORD_JOINER + "(")


def keep_words(line: str, font=None, width: int | None = None) -> str:
    """What a rich-text label shows of a line: a Japanese line's phrases kept whole (WORD_JOINER
    between their characters) but for those wider than `width` px in `font` (a label's width, when
    known: such a phrase would run past the label's edge, so Qt may break it anywhere); any other
    line as it is."""
    loose = frozenset()
    if font is not None and width and linebreak.is_japanese(line):
        fm = QFontMetricsF(font)
        if fm.horizontalAdvance(line.replace(WORD_JOINER, "")) <= width:
            return line   # it fits on one line: there is no break to steer
        loose = frozenset(p for p in linebreak.segments(line)
                          if fm.horizontalAdvance(p.replace(WORD_JOINER, "").strip()) > width)
    return linebreak.keep_phrases(line, loose)


# BIZ UD Gothic has no glyph for WORD_JOINER, so Qt takes it from a fallback font (DejaVu Sans) whose
# taller ascent and descent would make the whole line taller; at 1 pt it cannot.
JOINER_HTML = f"<span style='font-size:1pt'>{WORD_JOINER}</span>"


def joined_html(words: str) -> str:
    """`words` escaped for rich text, each WORD_JOINER in a span too small to change the line height."""
    return escape(words).replace(WORD_JOINER, JOINER_HTML)


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
    from kiosk.ui.i18n import shown

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


def _render_label(widget: QLabel, pair: Bilingual, en_pt: int) -> None:
    from kiosk.ui.i18n import shown

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
    from kiosk.ui.i18n import shown

    first, second = shown(pair)
    words = keep_readings(f"{first}\n{second}")
    # large text, or a button given a width (`wrap_width`): a long line is broken rather than cut
    width = getattr(widget, "wrap_width", None) or (WRAP_WIDTH if theme.text_scale > 1 else None)
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


class ValueLabel(QLabel):
    """A label for a value (a name, an address, a step, a count): the value is escaped (never
    interpreted as HTML) and shown with the kiosk's line height, like every other label.
    `setText(value)` / `value()` take and give the plain value; `text()` is the rendered markup."""

    def __init__(self, value: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._value = ""
        self.setText(value)

    def setText(self, value: str) -> None:  # noqa: N802 (Qt name)
        self._value = value or ""
        lines = "<br>".join(escape(line) for line in self._value.split("\n"))
        super().setText(f"<div style='{LINE_HEIGHT_CSS}'>{lines}</div>" if self._value else "")

    def clear(self) -> None:
        self.setText("")

    def value(self) -> str:
        return self._value


def plain(value: str = "", role: str | None = None, *, wrap: bool = True) -> ValueLabel:
    """A ValueLabel with a style role, word-wrapped unless told otherwise."""
    widget = ValueLabel(value)
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


def wrap_lines(words: str, font, width: int) -> str:
    """Break each line of `words` so that none is wider than `width` px in `font` where it can be
    helped: a Japanese line between its phrases (kiosk.ui.linebreak; a phrase wider than `width` alone
    breaks between characters, never against 禁則), any other line at its spaces (English), or
    between characters when it has none. For button text at large scales."""
    fm = QFontMetrics(font)

    def fits(piece: str) -> bool:
        return fm.horizontalAdvance(piece) <= width

    out = []
    for line in words.split("\n"):
        if linebreak.is_japanese(line):
            out.extend(_fill(linebreak.segments(line), fits))
            continue
        current = ""
        for token in (line.split(" ") if " " in line else list(line)):
            joiner = " " if " " in line and current else ""
            if current and not fits(current + joiner + token):
                out.append(current)
                current = token
            else:
                current += joiner + token
        out.append(current)
    return "\n".join(out)


def _fill(segments: list[str], fits) -> list[str]:
    """Lines of whole segments (phrases), each as long as `fits` allows; a segment too wide for a
    line of its own is broken between its characters where kinsoku allows."""
    lines, current = [], ""
    for segment in segments:
        if fits((current + segment).rstrip()):
            current += segment
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = segment.lstrip()
        if not fits(current.rstrip()):
            *whole, current = _split_long(current, fits)
            lines.extend(whole)
    lines.append(current.rstrip())
    return lines


def _split_long(text: str, fits) -> list[str]:
    """`text` (one phrase wider than a line) in pieces that fit, broken at the last character where
    kinsoku allows; where it allows none within the width, at the first place after it (a line
    never starts with 、。ー or a small kana, even if it is a character too wide)."""
    pieces, start = [], 0
    for end in range(2, len(text) + 1):
        if end - start < 2 or fits(text[start:end]):
            continue
        allowed = [i for i in range(start + 1, len(text)) if linebreak.kinsoku_ok(text, i)]
        within = [i for i in allowed if i < end]
        cut = within[-1] if within else next(iter(allowed), None)
        if cut is None:
            break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def share_row(buttons, width: int, spacing: int = 6, *, every_scale: bool = False,
              inset: int | None = None) -> None:
    """`buttons` share a row `width` px wide, and each breaks its lines to its share less `inset`
    (default: its padding and border) instead of pushing the row wider than the screen: at a large
    text scale, or at every scale with `every_scale` (a language with longer words)."""
    buttons = list(buttons)
    if not buttons or (theme.text_scale <= 1 and not every_scale):
        return
    share = (width - spacing * (len(buttons) - 1)) // len(buttons)
    inset = 2 * (BUTTON_PAD_X + theme.FOCUS_BORDER) if inset is None else inset
    for widget in buttons:
        widget.wrap_width = max(40, share - inset)
        (getattr(widget, "rerender", None) or (lambda: render(widget)))()


def key_size(widget: QPushButton, width: int, height: int) -> None:
    """A keypad key: `width` × `height`, or as much more as its text needs (large text, longer words
    in another language); it never stretches."""
    widget.setMinimumSize(width, max(height, text_height(widget)))
    widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


class StepBar(QFrame):
    """1 かざす → 2 暗証番号 → 3 確認 → 4 印刷, the current step highlighted (colour and weight and
    a bar under it, so colour is never the only cue)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "steps")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 0)  # the labels' own padding keeps text off the edge
        self.steps: list[ValueLabel] = []
        for n in range(1, 5):
            step = plain("", "step", wrap=theme.text_scale > 1)  # large text: two lines, never cut
            step.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(step, 1)
            if n < 4 and theme.text_scale <= 1:   # large text: the numbers say the order, room for words
                arrow = plain("→", "step", wrap=False)
                row.addWidget(arrow)
            self.steps.append(step)
        self.current = 0
        self.setAccessibleName("手順 / Steps")
        self.set_current(0)

    def set_current(self, current: int) -> None:
        from kiosk.ui.i18n import shown

        self.current = current
        for n, step in enumerate(self.steps, start=1):
            step.setProperty("current", "true" if n == current else "false")
            step.setProperty("done", "true" if n < current else "false")
            marker = "（いまここ / now）" if n == current else ""
            first, second = (words.removeprefix(f"{n} ") for words in shown(text(f"step.{n}")))
            step.setText(f"{n} {first}\n{second}" if theme.text_scale > 1 else f"{n} {first}  {second}")
            step.setAccessibleName(f"{first} {second}{marker}")
            step.style().unpolish(step)
            step.style().polish(step)

    def retranslate_ui(self) -> None:
        self.set_current(self.current)


class NavBar(QWidget):
    """戻る (back) and 最初から (start over), at the bottom of every screen; between them, a screen's
    main button may sit (`add_action`; the desk shows only the current screen's)."""

    back = Signal()
    restart = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 4, 24, 4)
        self.back_button = button(text("nav.back"), name="nav_back")
        self.restart_button = button(text("nav.restart"), name="nav_restart")
        for b in (self.back_button, self.restart_button):
            b.setMinimumWidth(200)
        self.back_button.clicked.connect(self.back)
        self.restart_button.clicked.connect(self.restart)
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.actions = QHBoxLayout()
        row.addLayout(self.actions)
        row.addStretch(1)
        self.trailing = QHBoxLayout()   # e.g. the language switch, beside 最初から
        row.addLayout(self.trailing)
        row.addWidget(self.restart_button)

    def add_trailing(self, widget: QWidget) -> None:
        self.trailing.addWidget(widget)

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget)
        widget.setVisible(False)


def choice_row(options: dict, name: str) -> tuple[QWidget, dict]:
    """A row of toggle buttons (value → Bilingual), one checked at a time: (the row, value → button)."""
    from PySide6.QtWidgets import QButtonGroup

    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(holder)
    group.setExclusive(True)
    buttons = {}
    for value, words in options.items():
        b = button(words, name=f"{name}_{value}", height=theme.MIN_TOUCH)
        b.setCheckable(True)
        group.addButton(b)
        row.addWidget(b)
        buttons[value] = b
    row.addStretch(1)
    return holder, buttons


def page_scroll(page: QWidget, *, steady: bool = False, area=None):
    """`page` in a scroll area (`area`, e.g. a subclass, or a new QScrollArea) that scrolls down,
    never sideways, and never takes the focus (Tab goes to the page's controls). `steady`: at a large
    text scale its bar is always there, so the width the words break at never changes."""
    from PySide6.QtWidgets import QScrollArea

    scroll = area if area is not None else QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if steady and theme.text_scale > 1:
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    scroll.setWidget(page)
    return scroll


def body(page: QWidget) -> QWidget:
    """What a full-screen page builds its content into: the page itself, or at a large text scale a
    widget in a scroll area filling the page (a page taller than the screen scrolls down instead of
    making the window grow past it)."""
    if theme.text_scale <= 1:
        return page
    inner = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(page_scroll(inner))
    return inner


def row_layout(parent: QWidget | None = None) -> QBoxLayout:
    """A row of side-by-side parts, which becomes a column at a large text scale (nothing is cut)."""
    direction = QBoxLayout.Direction.TopToBottom if theme.text_scale > 1 else QBoxLayout.Direction.LeftToRight
    return QBoxLayout(direction, parent) if parent is not None else QBoxLayout(direction)


def vbox(widget: QWidget, margins: int = 32, spacing: int = 16) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margins, margins // 2, margins, margins // 2)
    layout.setSpacing(spacing)
    return layout
