"""The by-hand path (no card, or no PIN): staff type the four facts from an identity document, and
the visit continues with the same form. The result is a person record like the card's."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from kiosk.messages import text
from kiosk.ui import theme
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import share_row, vbox

SEX_CODES = ("1", "2", "9")


class ManualScreen(QWidget):
    person_entered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual_screen")
        layout = vbox(self)
        layout.addWidget(label(text("manual.title"), "title"))
        layout.addWidget(label(text("manual.hint"), "subtitle"))
        form = QFormLayout()
        form.setVerticalSpacing(14)
        self.name = self._line("manual_name", text("manual.name"))
        self.address = self._line("manual_address", text("manual.address"))
        self.birth = self._line("manual_birth", text("manual.birth"))
        self.birth.setPlaceholderText("1980-04-02")
        for key, field in (("manual.name", self.name), ("manual.address", self.address),
                           ("manual.birth", self.birth)):
            form.addRow(label(text(key), "key", en_pt=12), field)
        sex_row = QHBoxLayout()
        self.sex_group = QButtonGroup(self)
        self.sex_group.setExclusive(True)
        self.sex_buttons = {}
        for code in SEX_CODES:
            b = button(text(f"sex.{code}"), name=f"manual_sex_{code}")
            b.setCheckable(True)
            self.sex_group.addButton(b)
            self.sex_buttons[code] = b
            sex_row.addWidget(b)
        sex_row.addStretch(1)
        form.addRow(label(text("manual.sex"), "key", en_pt=12), sex_row)
        if theme.text_scale > 1 or theme.narrow():   # large text, narrow: names above, rows whole
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            share_row(list(self.sex_buttons.values()), theme.layout_width - 2 * 32 - 40, 12, every_scale=True)
        layout.addLayout(form)
        self.message = label(None, "error")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.next_button = button(text("manual.next"), primary=True, name="manual_next")
        self.next_button.clicked.connect(self._next)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        for field in (self.name, self.address, self.birth):
            field.textChanged.connect(self._update)
        self.sex_group.buttonToggled.connect(lambda *_: self._update())
        self._update()

    def _line(self, name: str, pair) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(f"{pair.ja} / {pair.en}")
        return field

    def _sex(self) -> str | None:
        for code, b in self.sex_buttons.items():
            if b.isChecked():
                return code
        return None

    def _update(self) -> None:
        filled = all(f.text().strip() for f in (self.name, self.address, self.birth))
        self.next_button.setEnabled(filled and self._sex() is not None)

    def _next(self) -> None:
        try:
            birth = dt.date.fromisoformat(self.birth.text().strip())
        except ValueError:
            set_bilingual(self.message, text("manual.invalid_date"))
            self.message.setVisible(True)
            return
        self.message.setVisible(False)
        self.person_entered.emit({"name": self.name.text().strip(), "address": self.address.text().strip(),
                                  "birth_date": birth.isoformat(), "sex_code": self._sex()})

    def clear(self) -> None:
        for field in (self.name, self.address, self.birth):
            field.setText("")  # setText (not clear()) also drops the undo history
        self.sex_group.setExclusive(False)
        for b in self.sex_buttons.values():
            b.setChecked(False)
        self.sex_group.setExclusive(True)
        self.message.clear()
        self.message.setVisible(False)
        self._update()
