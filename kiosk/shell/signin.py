"""The staff sign-in screen: staff ID + PIN (typed, or on the screen's keypad), or a staff IC card.

The same screen, with the ID fixed to the signed-in staff member and a 閉じる button, unlocks the staff
menu (`StaffPinScreen(unlock=True)`). The PIN check (scrypt, tens of ms) runs on the shell's task
thread and the card read on the card thread, so the screen never freezes; the PIN field is
emptied as soon as it is handed over, and after every attempt. Nothing typed here is logged.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, for_error
from kiosk.shell.staff import Staff, StaffDirectory, StaffError
from kiosk.shell.texts import t
from kiosk.ui import theme
from kiosk.ui.labels import BUTTON_PAD_X, button, label, set_bilingual
from kiosk.ui.layout import body, key_size, vbox
from kiosk.ui.theme import set_role

logger = logging.getLogger(__name__)
KEY = 76  # two lines (やり直し / Clear) need 74 px


def _field(pair: Bilingual, name: str, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(f"{pair.ja} / {pair.en}")
    edit.setAccessibleName(f"{pair.ja} / {pair.en}")
    edit.setMinimumHeight(theme.MIN_TOUCH + 12)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(12)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    else:
        edit.setMaxLength(32)
    return edit


class StaffPinScreen(QWidget):
    signed_in = Signal(object)   # Staff
    cancelled = Signal()

    def __init__(self, directory: StaffDirectory | None, tasks, *, card_thread=None,
                 identify_card: Callable[[], tuple[str, str]] | None = None, unlock: bool = False,
                 demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory, self.tasks, self.card_thread = directory, tasks, card_thread
        self.identify_card, self.unlock = identify_card, unlock
        self.fixed_id: str | None = None
        self.busy = False
        self.setObjectName("staff_unlock" if unlock else "staff_signin")
        layout = vbox(body(self), margins=48, spacing=12)
        self.title = label(t("menu.unlock" if unlock else "signin.title"), "title", en_pt=16)
        layout.addWidget(self.title)
        self.subtitle = label(None, "subtitle", en_pt=13)
        self.subtitle.hide()
        layout.addWidget(self.subtitle)
        # large text on a narrow window: the keypad under the fields (beside them it would squeeze
        # their buttons below their words)
        columns = QVBoxLayout() if theme.text_scale > 1 and theme.narrow() else QHBoxLayout()
        columns.setSpacing(32)
        fields_box = QWidget()
        fields = vbox(fields_box, margins=0, spacing=12)
        self.id_edit = _field(t("signin.id"), "signin_id")
        self.pin_edit = _field(t("signin.pin"), "signin_pin", secret=True)
        self.id_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.submit)
        fields.addWidget(self.id_edit)
        fields.addWidget(self.pin_edit)
        self.ok_button = button(t("signin.ok"), primary=True, name="signin_ok")
        self.ok_button.clicked.connect(self.submit)
        fields.addWidget(self.ok_button)
        self.card_button = button(t("signin.card"), name="signin_card")
        self.card_button.clicked.connect(self.tap_card)
        fields.addWidget(self.card_button)
        # shown or hidden once parented (fields_box): a parentless widget made visible is a window of
        # its own, which on a real X server takes the activation from the kiosk's window
        self.card_button.setVisible(identify_card is not None and card_thread is not None)
        if unlock:
            self.cancel_button = button(t("menu.close"), name="signin_cancel")
            self.cancel_button.clicked.connect(self.cancel)
            fields.addWidget(self.cancel_button)
        fields.addStretch(1)
        columns.addWidget(fields_box, 1)
        pad = QVBoxLayout()
        pad.addLayout(self._keypad())
        pad.addStretch(1)
        columns.addLayout(pad)
        layout.addLayout(columns, 1)
        self.message = label(None, "error", en_pt=13)
        self.message.setObjectName("signin_message")
        self.message.hide()
        layout.addWidget(self.message)
        if demo:
            layout.addWidget(label(t("signin.demo"), "hint", en_pt=12))
        self.setTabOrder(self.id_edit, self.pin_edit)
        self.setTabOrder(self.pin_edit, self.ok_button)

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "del"]
        for i, key in enumerate(keys):
            if key == "clear":
                b = QPushButton(f"{t('signin.clear').ja}\n{t('signin.clear').en}")
                b.setAccessibleName("やり直し / Clear")
            elif key == "del":
                b = QPushButton("⌫")
                b.setAccessibleName("1字消す / Delete")
            else:
                b = QPushButton(key)
                b.setAccessibleName(key)
            b.setObjectName(f"signin_key_{key}")
            # larger when its words need it (やり直し / Clear at 200 %)
            b.ensurePolished()
            words = max(QFontMetrics(b.font()).horizontalAdvance(line) for line in b.text().split("\n"))
            key_size(b, max(KEY + 56, words + 2 * (BUTTON_PAD_X + theme.FOCUS_BORDER)), KEY)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keypad types into the field in focus
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(b, i // 3, i % 3)
        return grid

    def _target(self) -> QLineEdit:
        if self.id_edit.hasFocus() and self.id_edit.isVisible():
            return self.id_edit
        return self.pin_edit

    def press(self, key: str) -> None:
        target = self._target()
        if key == "clear":
            target.setText("")
        elif key == "del":
            target.backspace()
        else:
            target.insert(key)

    # -- showing ---------------------------------------------------------------------------------
    def ask(self, *, staff_id: str | None = None, desk: Bilingual | None = None) -> None:
        """Show the screen empty; with `staff_id` the ID is fixed (the staff menu's PIN check)."""
        self.clear()
        self.fixed_id = staff_id
        self.id_edit.setVisible(staff_id is None)
        if desk is not None:
            set_bilingual(self.subtitle, Bilingual(t("signin.for_desk", desk=desk.ja).ja,
                                                   t("signin.for_desk", desk=desk.en).en), en_pt=13)
        self.subtitle.setVisible(desk is not None)
        (self.pin_edit if staff_id else self.id_edit).setFocus()

    def show_error(self, error: BaseException) -> None:
        self._say(for_error(error), "error")
        self._busy(False)

    def clear(self) -> None:
        self.id_edit.setText("")
        self.pin_edit.setText("")
        self.message.setText("")
        self.message.hide()
        self._busy(False)

    def _say(self, pair: Bilingual, role: str) -> None:
        set_role(self.message, role)
        set_bilingual(self.message, pair, en_pt=13)
        self.message.show()

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.ok_button, self.card_button, self.id_edit, self.pin_edit):
            w.setEnabled(not busy)

    # -- acting ----------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy or self.directory is None:
            return
        staff_id = self.fixed_id or self.id_edit.text().strip()
        pin = self.pin_edit.text()
        self.pin_edit.setText("")
        self._busy(True)
        directory = self.directory
        self.tasks.run(lambda: directory.sign_in(staff_id, pin), self._done, self.show_error)

    def tap_card(self) -> None:
        if self.busy or self.directory is None or self.identify_card is None:
            return
        self._busy(True)
        self._say(t("signin.card_reading"), "hint")
        directory, identify = self.directory, self.identify_card

        def read() -> Staff:
            kind, token = identify()
            return directory.by_card(kind, token)

        self.card_thread.run(read, self._done, self.show_error)

    def _done(self, staff: Staff) -> None:
        if self.fixed_id is not None and staff.staff_id != self.fixed_id:
            self.show_error(StaffError("staff_not_signed_in", "サインイン中の係員のカードではありません。",
                                       "This is not the signed-in staff member's card."))
            return
        self.clear()
        logger.info("staff signed in (role %s)", staff.role)
        self.signed_in.emit(staff)

    def cancel(self) -> None:
        self.clear()
        self.cancelled.emit()
