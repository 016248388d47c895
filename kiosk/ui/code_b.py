"""The no-PIN path: 照合番号B, typed by staff from the card face.

Three numeric fields (the birth date exactly as printed, YYMMDD; the expiry year, 4 digits; the
4-digit security code) and one big keypad that types into the field in focus (a tap on a field
selects it; a full field moves on to the next). The tries left are shown before the first digit.
The digits live only in this widget until they are handed to the card worker, and are cleared right
after; they are never logged or shown anywhere else."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui import theme
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import key_size, narrow_lines, row_layout
from kiosk.ui.pin_pad import KEY_ROWS

FIELDS = (("birth", "codeb.birth", 6), ("expiry", "codeb.expiry", 4), ("security", "codeb.security", 4))


class CodeBScreen(QWidget):
    submitted = Signal(str, str, str, bool)  # birth YYMMDD, expiry year, security code, allow last try
    manual = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_b_screen")
        self.tries_left: int | None = None
        self._busy = False
        outer = row_layout(self)   # the pad under the fields at a large text scale
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(label(text("codeb.title"), "heading", en_pt=13))
        self.note = label(None, "warning")
        self.note.setObjectName("code_b_note")
        self.note.setVisible(False)
        left.addWidget(self.note)
        left.addWidget(label(text("codeb.hint"), "hint", en_pt=12))
        self.tries_label = label(None, "subtitle")
        self.tries_label.setObjectName("code_b_tries")
        left.addWidget(self.tries_label)
        self.message = label(None, "error")
        self.message.setObjectName("code_b_message")
        self.message.setVisible(False)
        left.addWidget(self.message)
        grid = QGridLayout()  # the three fields side by side, each name above its field
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLineEdit] = {}
        self.sizes = {}
        for n, (key, words, size) in enumerate(FIELDS):
            field = QLineEdit()
            field.setObjectName(f"code_b_{key}")
            field.setMaxLength(size)
            pair = text(words)
            field.setAccessibleName(f"{pair.ja} / {pair.en}")
            field.setPlaceholderText("0" * size)
            field.textChanged.connect(lambda _t, k=key: self._changed(k))
            name = label(pair, "key", en_pt=11)
            name.setBuddy(field)
            grid.addWidget(name, 0, n, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(field, 1, n)
            grid.setColumnStretch(n, size)
            self.fields[key] = field
            self.sizes[key] = size
        left.addLayout(grid)
        self.ok_button = button(text("codeb.ok"), primary=True, name="code_b_ok")
        self.ok_button.clicked.connect(self._submit)
        left.addWidget(self.ok_button)
        left.addStretch(1)
        self.manual_button = button(text("codeb.manual"), name="code_b_manual")
        self.manual_button.clicked.connect(self.manual)
        left.addWidget(self.manual_button)
        outer.addLayout(left, 3)
        outer.addLayout(self._keypad(), 2)
        narrow_lines(self.manual_button)
        self.clear()

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        words = {"clear": text("pin.clear"), "delete": text("pin.delete")}
        for r, row in enumerate(KEY_ROWS):
            for c, key in enumerate(row):
                if key in words:
                    b = button(words[key], height=theme.KEY_SIZE - 8, name=f"code_b_{key}")
                else:
                    b = QPushButton(key)
                    b.setObjectName(f"code_b_key_{key}")
                    b.setProperty("role", "key")
                    b.setAccessibleName(key)
                key_size(b, theme.KEY_SIZE + 48, theme.KEY_SIZE - 8)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field in focus keeps the focus
                b.clicked.connect(lambda _=False, k=key: self.press(k))
                grid.addWidget(b, r, c)
                self.keys[key] = b
        return grid

    def current(self) -> str:
        for key, field in self.fields.items():
            if field.hasFocus():
                return key
        return self._last if self._last in self.fields else "birth"

    def press(self, key: str) -> None:
        if self._busy:
            return
        name = self.current()
        field = self.fields[name]
        if key == "clear":
            field.setText("")
        elif key == "delete":
            field.setText(field.text()[:-1])
        elif key.isdigit() and len(field.text()) < self.sizes[name]:
            field.setText(field.text() + key)
        self._last = name

    def _changed(self, key: str) -> None:
        field = self.fields[key]
        digits = "".join(ch for ch in field.text() if ch.isdigit())
        if digits != field.text():
            field.setText(digits)
            return
        self._last = key
        names = list(self.fields)
        if len(digits) == self.sizes[key] and key != names[-1]:
            nxt = names[names.index(key) + 1]
            self._last = nxt
            if field.hasFocus() or not any(f.hasFocus() for f in self.fields.values()):
                self.fields[nxt].setFocus()
        self._render()

    def complete(self) -> bool:
        return all(len(f.text()) == self.sizes[k] for k, f in self.fields.items())

    def _render(self) -> None:
        self.ok_button.setEnabled(self.complete() and not self._busy and self.tries_left != 0)
        for b in self.keys.values():
            b.setEnabled(not self._busy)

    def _submit(self) -> None:
        if not self.complete() or self._busy:
            return
        values = [self.fields[k].text() for k, _, _ in FIELDS]
        for f in self.fields.values():
            f.setText("")  # setText also drops the undo history
        self._last = "birth"
        self._render()
        self.submitted.emit(*values, self.tries_left == 1)

    # -- what the controller sets ------------------------------------------------------------
    def set_no_pin_card(self, no_pin: bool) -> None:
        self.note.setVisible(no_pin)
        if no_pin:
            set_bilingual(self.note, text("codeb.no_pin_card"))

    def set_tries(self, tries_left: int | None) -> None:
        self.tries_left = tries_left
        if tries_left is None:
            set_bilingual(self.tries_label, text("codeb.tries_unknown"))
        else:
            set_bilingual(self.tries_label, text("codeb.tries", n=tries_left))
        self._render()

    def show_message(self, pair: Bilingual | None) -> None:
        self.message.setVisible(pair is not None)
        if pair is None:
            self.message.clear()
        else:
            set_bilingual(self.message, pair)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.show_message(None)
            set_bilingual(self.tries_label, text("pin.reading"))
        self.manual_button.setEnabled(not busy)
        self._render()

    def focus_first(self) -> None:
        self._last = "birth"
        self.fields["birth"].setFocus()

    def clear(self) -> None:
        for f in self.fields.values():
            f.setText("")
        self._last = "birth"
        self._busy = False
        self.tries_left = None
        self.tries_label.clear()
        self.tries_label.setAccessibleName("")   # no stale "tries left" for a screen reader
        self.show_message(None)
        self.set_no_pin_card(False)
        self.manual_button.setEnabled(True)
        self._render()
