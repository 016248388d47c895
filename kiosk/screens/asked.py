"""Large touch widgets for a form's asked fields, chosen by the field's input kind.

choice → a row of big toggle buttons (one of them), number → a stepper (−, value, +), kana, short
text and date → a text field. Every widget has `value()`, `set_value()`, `clear()` and a `changed`
signal; the preview screen builds them from the form definition for each visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton,
                               QWidget)

from kiosk import theme
from kiosk.messages import Bilingual
from kiosk.screens.widgets import button, plain


class AskedWidget(QWidget):
    changed = Signal()

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


class ChoiceWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        options = field.input.options
        longest = max((len(o.en) for o in options), default=0)
        columns = 2 if longest > 28 else min(len(options), 3 if len(options) > 4 else 4)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for n, option in enumerate(options):
            b = button(Bilingual(option.ja, option.en), height=theme.BUTTON_HEIGHT,
                       name=f"asked_{field.id}_{option.value}")
            b.setCheckable(True)
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
            if value in (key, b.text().split("\n")[0]):
                b.setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)


class StepperWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        spec = field.input
        self.minimum = spec.min if spec.min is not None else 0
        self.maximum = spec.max if spec.max is not None else 99
        self.start = int(spec.default) if spec.default not in (None, "") else self.minimum
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.minus = QPushButton("−")
        self.plus = QPushButton("+")
        for b, word, key in ((self.minus, "減らす / fewer", "minus"), (self.plus, "増やす / more", "plus")):
            b.setObjectName(f"asked_{field.id}_{key}")
            b.setProperty("role", "key")
            b.setFixedSize(theme.BUTTON_HEIGHT + 16, theme.BUTTON_HEIGHT)
            b.setAccessibleName(f"{field.label_ja} {word}")
        self.display = plain("", "value", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumWidth(90)
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


class TextWidget(AskedWidget):
    def __init__(self, field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"asked_{field.id}_text")
        self.edit.setAccessibleName(f"{field.label_ja} / {field.label_en}")
        if field.input.kind == "kana":
            self.edit.setPlaceholderText("やまだ たろう")
        elif field.input.kind == "date":
            self.edit.setPlaceholderText("2025-04-01")
        if field.input.max_length:
            self.edit.setMaxLength(field.input.max_length)
        row.addWidget(self.edit)
        self.edit.textChanged.connect(lambda *_: self.changed.emit())

    def value(self):
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value) -> None:
        self.edit.setText("" if value is None else str(value))

    def clear(self) -> None:
        self.edit.setText("")


def widget_for(field, parent: QWidget | None = None) -> AskedWidget:
    kind = field.input.kind if field.input else "short_text"
    if kind == "choice":
        return ChoiceWidget(field, parent)
    if kind == "number":
        return StepperWidget(field, parent)
    return TextWidget(field, parent)
