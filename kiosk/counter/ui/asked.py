"""Large touch widgets for a form's asked fields, chosen by the field's input kind.

choice → a row of toggle buttons (one of them), each with its Japanese over a smaller English line;
number → a compact stepper (−, value, +); kana, short text and date → a text field. Every widget has
`value()`, `set_value()`, `clear()`, a `changed` signal and `wide` (whether it wants a whole row of
the preview's grid). An option written "代理人（委任状が必要です）" is shown as "代理人" when the short
labels stay distinct; the words in brackets go to `hint` (a line under the group), not the button.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.messages import Bilingual, text
from kiosk.ui import theme
from kiosk.ui.i18n import JAPANESE, current, shown
from kiosk.ui.labels import LINE_HEIGHT_CSS, plain, text_height
from kiosk.ui.wrapping import wrap_lines

TOGGLE_WRAP = 380         # px: option lines longer than this break (e.g. English shown first) …
TOGGLE_WRAP_LARGE = 640   # … and at a large text scale
TOGGLE_HEIGHT = 52        # ≥ theme.MIN_TOUCH; a toggle is never lower than its two lines need
WIDE_TEXT = 60            # text fields allowing more characters than this get a whole row
_JA_NOTE = re.compile(r"^(.+?)（(.+)）$")
_EN_NOTE = re.compile(r"^(.+?) \((.+)\)$")


def short_options(options) -> tuple[list[Bilingual], Bilingual | None]:
    """Button labels for the options, and the bracketed explanations as one hint (or None).
    The brackets stay on the buttons if taking them off would make two buttons read the same.
    An option's やさしい日本語 (`easy`) is cut the same way and rides along (kiosk.messages.Bilingual.easy)."""
    shorts, notes = [], []
    for o in options:
        ja, en = _JA_NOTE.match(o.ja), _EN_NOTE.match(o.en)
        easy = _JA_NOTE.match(o.easy) if o.easy else None
        shorts.append(Bilingual(ja.group(1) if ja else o.ja, en.group(1) if en else o.en,
                                easy=easy.group(1) if easy else o.easy))
        if ja or en:
            notes.append((shorts[-1], ja.group(2) if ja else "", en.group(2) if en else "",
                          easy.group(2) if easy else ""))
    if not notes or len({s.ja for s in shorts}) < len(shorts) or len({s.en for s in shorts}) < len(shorts):
        return [Bilingual(o.ja, o.en, easy=o.easy) for o in options], None
    easy_hint = "　".join(f"{s.easy or s.ja}：{e}" for s, _, _, e in notes if e)
    return shorts, Bilingual("　".join(f"{s.ja}：{ja}" for s, ja, _, _ in notes if ja),
                             "; ".join(f"{s.en}: {en}" for s, _, en, _ in notes if en), easy=easy_hint or None)


class ToggleButton(QPushButton):
    """A checkable button showing Japanese with a smaller English line under it (a rich-text label
    inside the button, so both sizes fit a compact row). The button itself has no text."""

    def __init__(self, pair: Bilingual, name: str) -> None:
        super().__init__()
        self.pair = pair
        self.setObjectName(name)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("role", "toggle")
        self.label = QLabel()
        self.retranslate_ui()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setProperty("role", "toggle")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        box = QVBoxLayout(self)
        pad = theme.FOCUS_BORDER  # the focus ring is drawn inside the button's border box
        box.setContentsMargins(pad + 6, pad, pad + 6, pad)
        box.addWidget(self.label)
        self._fit()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggled.connect(self._restyle)

    def _fit(self) -> None:
        """At least as high and wide as the label's words (again after a language switch)."""
        pad = theme.FOCUS_BORDER
        self.ensurePolished()
        self.label.ensurePolished()
        hint = self.label.sizeHint()
        self.setMinimumHeight(max(TOGGLE_HEIGHT, hint.height() + 2 * pad))
        self.setMinimumWidth(max(theme.MIN_TOUCH * 2, hint.width() + 2 * pad + 36))

    def retranslate_ui(self) -> None:
        """The option in the language shown now (kiosk.ui.i18n: e.g. English over the Japanese)."""
        first, second = shown(self.pair)
        self.setAccessibleName(f"{first} / {second}")
        lines = [[first], [second]]
        width = TOGGLE_WRAP if theme.text_scale <= 1 else TOGGLE_WRAP_LARGE
        for n, size in enumerate((theme.TOGGLE_PT, theme.TOGGLE_EN_PT)):  # long lines break, never cut
            font = QFont(self.label.font())
            font.setPointSize(theme.pt(size))
            lines[n] = wrap_lines(lines[n][0], font, width).split("\n")
        first_html, second_html = ("<br>".join(escape(line) for line in part) for part in lines)
        self.label.setText(f"<div style='{LINE_HEIGHT_CSS}'>{first_html}</div><div style='"
                           f"{LINE_HEIGHT_CSS}; font-size:{theme.pt(theme.TOGGLE_EN_PT)}pt'>{second_html}</div>")
        if self.layout() is not None:
            self._fit()

    def _restyle(self, on: bool) -> None:
        self.label.setProperty("on", "true" if on else "false")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)


class AskedWidget(QWidget):
    changed = Signal()
    wide = False
    hint: Bilingual | None = None

    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"asked_{field.id}")
        self.setAccessibleName(f"{field.label_ja} / {field.label_en}")

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        """The widget's focusable parts in reading order (the preview chains them)."""
        return [self]


class ChoiceWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        options = field.input.options
        labels, self.hint = short_options(options)
        longest = max((len(p.en) for p in labels), default=0)
        self.wide = len(options) > 2 or longest > 24
        columns = 2 if longest > 28 else 3 if len(options) > 4 else len(options)

        if theme.text_scale > 1 or theme.narrow() or current() != JAPANESE:
            # large text, a narrow window, or a language with longer words (やさしい日本語 too: its
            # readings in brackets double an option's length): a whole row, long options one under another
            columns = 1 if longest > 12 else min(2, len(options))
            self.wide = True
        self.group = QButtonGroup(self)
        self.buttons: dict[str, ToggleButton] = {}
        for n, (option, pair) in enumerate(zip(options, labels)):
            b = ToggleButton(pair, f"asked_{field.id}_{option.value}")
            self.group.addButton(b)
            self.buttons[option.value] = b
            grid.addWidget(b, n // columns, n % columns)
        if field.input.default not in (None, ""):
            self.set_value(field.input.default)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def value(self):
        for value, b in self.buttons.items():
            if b.isChecked():
                return value
        return None

    def set_value(self, value) -> None:
        for key, b in self.buttons.items():
            if value in (key, b.pair.ja):
                b.setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)

    def focus_chain(self) -> list[QWidget]:
        return list(self.buttons.values())


class StepperWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        spec = field.input
        self.minimum = spec.min if spec.min is not None else 0
        self.maximum = spec.max if spec.max is not None else 99
        self.start = int(spec.default) if spec.default not in (None, "") else self.minimum
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.minus = QPushButton("−")
        self.plus = QPushButton("+")
        for b, word, key in ((self.minus, "減らす / fewer", "minus"), (self.plus, "増やす / more", "plus")):
            b.setObjectName(f"asked_{field.id}_{key}")
            b.setProperty("role", "stepper")
            height = max(TOGGLE_HEIGHT, text_height(b))
            b.setFixedSize(height + 24, height)
            b.setAccessibleName(f"{field.label_ja} {word}")
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.display = plain("", "value", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumWidth(64)
        self.display.setObjectName(f"asked_{field.id}_value")
        row.addWidget(self.minus)
        row.addWidget(self.display)
        row.addWidget(self.plus)
        row.addStretch(1)
        self.minus.clicked.connect(lambda: self.set_value(self._value - 1))
        self.plus.clicked.connect(lambda: self.set_value(self._value + 1))
        self._value = self.start
        self.clear()

    def value(self):
        return self._value

    def set_value(self, value) -> None:
        self._value = max(self.minimum, min(self.maximum, int(value)))
        self.display.setText(str(self._value))
        self.display.setAccessibleName(f"{self.field.label_ja} {self._value}")
        self.minus.setEnabled(self._value > self.minimum)
        self.plus.setEnabled(self._value < self.maximum)
        self.changed.emit()

    def clear(self) -> None:
        self.set_value(self.start)

    def focus_chain(self) -> list[QWidget]:
        return [self.minus, self.plus]


class TextWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"asked_{field.id}_text")
        self.edit.setAccessibleName(f"{field.label_ja} / {field.label_en}")
        # greyed example text that reads as an example, never as an answer already there
        example = {"kana": "asked.example_kana", "date": "asked.example_date"}.get(field.input.kind)
        if example is not None:
            self.edit.setPlaceholderText(shown(text(example))[0])   # the language shown: it fits the field
        if field.input.max_length:
            self.edit.setMaxLength(field.input.max_length)
        self.wide = (field.input.max_length or 0) > WIDE_TEXT
        row.addWidget(self.edit)
        self.edit.textChanged.connect(lambda *_: self.changed.emit())

    def value(self):
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value) -> None:
        self.edit.setText("" if value is None else str(value))

    def clear(self) -> None:
        self.edit.setText("")

    def focus_chain(self) -> list[QWidget]:
        return [self.edit]


def keyboard_mode(field) -> str | None:
    """Which on-screen keyboard a field wants: "kana" for a reading, "number" for a text field that
    takes only digits and phone punctuation (its pattern starts with a digit class), else None."""
    spec = field.input
    if spec is None:
        return None
    if spec.kind == "kana":
        return "kana"
    pattern = (getattr(spec, "pattern", None) or "").lstrip("^")
    if spec.kind == "short_text" and pattern.startswith("[0-9"):
        return "number"
    return None


def widget_for(field, parent: QWidget | None = None) -> AskedWidget:
    kind = field.input.kind if field.input else "short_text"
    if kind == "choice":
        return ChoiceWidget(field, parent)
    if kind == "number":
        return StepperWidget(field, parent)
    return TextWidget(field, parent)
