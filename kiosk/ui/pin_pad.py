"""Step 2, 暗証番号: the resident-facing PIN pad.

Large keys in a fixed layout (never shuffled), digits masked, the tries left shown before the first
digit, a warning that needs an explicit confirmation when only one try is left, and the way out
"暗証番号がわからない". The PIN lives only in this widget until it is handed to the card worker, and
is cleared right after. The desks drive it through kiosk.ui.card_secret (the card-secret flow).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text, wrong_pin
from kiosk.ui import theme
from kiosk.ui.labels import button, label, plain, set_bilingual
from kiosk.ui.layout import banner, key_size, narrow_lines, release, row_layout

PIN_LENGTH = 4
KEY_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("clear", "0", "delete"))


class PinScreen(QWidget):
    submitted = Signal(str, bool)  # pin, allow_last_try
    forgot = Signal()
    confirmed = Signal()           # the last try was confirmed (pin_confirm_last_try)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pin_screen")
        self._digits: list[str] = []
        self.tries_left: int | None = None
        self.last_try_confirmed = False
        self._busy = False
        outer = row_layout(self)   # the pad under the words at a large text scale
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(40)
        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(label(text("pin.title"), "title"))
        self.tries_label = label(None, "subtitle")
        self.tries_label.setObjectName("pin_tries")
        left.addWidget(self.tries_label)
        self.message = label(None, "error")
        self.message.setObjectName("pin_message")
        self.message.setVisible(False)
        left.addWidget(self.message)
        self.warning = label(text("pin.last_try"), "warning")
        self.warning.setObjectName("pin_warning")
        self.confirm_last_try = button(text("pin.last_try_confirm"), name="pin_confirm_last_try")
        left.addWidget(self.warning)
        left.addWidget(self.confirm_last_try)
        self.confirm_last_try.clicked.connect(self._confirm_last_try)
        self.display = plain("", "pin")
        self.display.setObjectName("pin_display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleName("入力した桁数 / digits entered")
        left.addWidget(self.display)
        self.ok_button = button(text("pin.ok"), primary=True, name="pin_ok")
        self.ok_button.clicked.connect(self._submit)
        left.addWidget(self.ok_button)
        left.addStretch(1)
        self.forgot_button = button(text("pin.forgot"), name="pin_forgot")
        self.forgot_button.clicked.connect(self.forgot)
        left.addWidget(self.forgot_button)
        outer.addLayout(left, 3)
        outer.addLayout(self._keypad(), 2)
        narrow_lines(self.forgot_button, self.confirm_last_try)
        self.clear()

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        words = {"clear": text("pin.clear"), "delete": text("pin.delete")}
        for r, row in enumerate(KEY_ROWS):
            for c, key in enumerate(row):
                if key in words:
                    b = button(words[key], height=theme.KEY_SIZE, name=f"pin_{key}")
                else:
                    b = QPushButton(key)
                    b.setObjectName(f"pin_key_{key}")
                    b.setProperty("role", "key")
                    b.setAccessibleName(key)
                key_size(b, theme.KEY_SIZE + 60, theme.KEY_SIZE)
                b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                b.clicked.connect(lambda _=False, k=key: self.press(k))
                grid.addWidget(b, r, c)
                self.keys[key] = b
        return grid

    # -- input -------------------------------------------------------------------------------
    def press(self, key: str) -> None:
        if self._busy or not self._keys_enabled():
            return
        if key == "clear":
            self._digits.clear()
        elif key == "delete":
            if self._digits:
                self._digits.pop()
        elif key.isdigit() and len(self._digits) < PIN_LENGTH:
            self._digits.append(key)
        self._render()

    def keyPressEvent(self, event) -> None:  # full keyboard use
        key = event.text()
        if key.isdigit():
            self.press(key)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("delete")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)

    def _keys_enabled(self) -> bool:
        return self.tries_left != 1 or self.last_try_confirmed

    def _render(self) -> None:
        n = len(self._digits)
        self.display.setText(" ".join(["●"] * n + ["○"] * (PIN_LENGTH - n)))
        self.display.setAccessibleDescription(f"{n} / {PIN_LENGTH}")
        enabled = self._keys_enabled() and not self._busy
        for b in self.keys.values():
            b.setEnabled(enabled)
        self.ok_button.setEnabled(enabled and n == PIN_LENGTH)
        one_left = self.tries_left == 1 and not self.last_try_confirmed
        self.warning.setVisible(self.tries_left == 1)
        self.confirm_last_try.setVisible(one_left)

    def _confirm_last_try(self) -> None:
        self.last_try_confirmed = True
        self._render()
        self.keys["1"].setFocus()
        self.confirmed.emit()

    def _submit(self) -> None:
        if self._busy or len(self._digits) != PIN_LENGTH or not self._keys_enabled():
            return
        pin = "".join(self._digits)
        self._digits.clear()
        self._render()
        self.submitted.emit(pin, self.tries_left == 1 and self.last_try_confirmed)

    # -- what the controller sets ------------------------------------------------------------
    def set_tries(self, tries_left: int | None, confirmed: bool = False) -> None:
        """The tries left (shown before the first digit) and whether the last one was confirmed."""
        self.tries_left = tries_left
        self.last_try_confirmed = confirmed
        if tries_left is None:
            set_bilingual(self.tries_label, text("pin.tries_unknown"))
        else:
            set_bilingual(self.tries_label, text("pin.tries", n=tries_left))
        self._render()

    def show_wrong_pin(self, tries_left: int | None) -> None:
        self.show_message(wrong_pin(tries_left))
        self.set_tries(tries_left)

    def show_message(self, pair: Bilingual | None) -> None:
        if pair is not None:
            set_bilingual(self.message, pair)
        banner(self.message, pair is not None)   # its room stays when it goes: nothing jumps

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.show_message(None)
            set_bilingual(self.tries_label, text("pin.reading"))
        self.forgot_button.setEnabled(not busy)
        self._render()

    def clear(self) -> None:
        self._digits.clear()
        self._busy = False
        self.tries_left = None
        self.last_try_confirmed = False
        self.tries_label.clear()
        self.tries_label.setAccessibleName("")   # no stale "tries left" for a screen reader
        release(self.message)   # a new person: the banner and its room gone
        self.forgot_button.setEnabled(True)
        self._render()
