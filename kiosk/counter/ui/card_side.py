"""The counter controller's card side: tries left, the PIN read (with the My Number only when a
chosen form's legal basis allows it), the no-PIN path with 照合番号B (face-authentication cards go
there straight away: the card answers that no PIN is set), and what each card error means on screen.

A mixin of `CounterController` (counter_controller.py); it uses the controller's `view`, `card`,
`flow`, `visit`, `clock` and `_go`. No PIN or 照合番号B is kept here: the pads hand them straight to the
card worker.
"""

from __future__ import annotations

from kiosk import messages
from kiosk.messages import Bilingual, text
from kiosk.ui.labels import set_bilingual
from kiosk.counter.flow import State


class CardSide:
    def _wire_card(self) -> None:
        v, card = self.view, self.card
        v.pin.submitted.connect(self._read)
        v.pin.forgot.connect(lambda: self._go(State.CODE_B))
        v.code_b.submitted.connect(self._read_code_b)
        v.code_b.manual.connect(lambda: self._go(State.MANUAL))
        card.tries_checked.connect(self._tries)
        card.code_b_tries_checked.connect(self._code_b_tries)
        card.person_read.connect(self._person_read)
        card.failed.connect(self._card_failed)

    def _enter_code_b(self) -> None:
        self.view.pin.clear()
        self.view.code_b.clear()
        self.view.code_b.set_no_pin_card(self._no_pin_card)
        self.card.check_code_b_tries()

    def _tries(self, tries_left) -> None:
        if self.flow.state is not State.CHECKING:
            return
        if tries_left == 0:
            self._show_error(text("blocked.title"), text("blocked.body"), can_retry=False)
            return
        self._go(State.PIN)
        self.view.pin.clear()
        self.view.pin.set_tries(tries_left)
        self.view.pin.keys["1"].setFocus()

    def _code_b_tries(self, tries_left) -> None:
        if self.flow.state is not State.CODE_B:
            return
        self.view.code_b.set_tries(tries_left)
        if tries_left == 0:
            self.view.code_b.show_message(text("codeb.blocked"))
        self.view.code_b.focus_first()

    def _read(self, pin: str, allow_last_try: bool) -> None:
        if self.flow.state is not State.PIN:
            return
        self._go(State.READING)
        self.view.pin.set_busy(True)
        self.card.read(pin, allow_last_try, self.visit.my_number_purpose if self.visit else None)

    def _read_code_b(self, birth: str, expiry: str, security: str, allow_last_try: bool) -> None:
        if self.flow.state is not State.CODE_B:
            return
        self._go(State.READING)
        self.view.code_b.set_busy(True)
        self.card.read_code_b(birth, expiry, security, allow_last_try)

    def _reading_page(self):
        return self.view.code_b if self.flow.code_b else self.view.pin

    def _person_read(self, person: dict) -> None:
        if self.flow.state is not State.READING:
            return  # the person left (最初から) while the card was read: drop it
        self.view.pin.clear()
        self.view.code_b.clear()
        self.person = dict(person)
        self.answers = {}
        self._go(State.PREVIEW)

    def _card_failed(self, stage: str, exc: Exception) -> None:
        expected = {"tries": State.CHECKING, "code_b_tries": State.CODE_B}.get(stage, State.READING)
        if self.flow.state is not expected:
            return
        code = getattr(exc, "code", "")
        if code == "pin_not_set":  # a face-authentication card: no PIN at all
            self._no_pin_card = True
            self._go(State.CODE_B)
        elif stage == "code_b_tries":
            self.view.code_b.set_tries(None)
            self.view.code_b.focus_first()
        elif code in ("wrong_code_b", "invalid_code_b_format", "last_try_refused") and \
                stage == "code_b":
            self._go(State.CODE_B)
            tries = exc.details().get("tries_left") if code == "wrong_code_b" else None
            words = text("codeb.wrong", n=tries) if tries is not None else text("codeb.invalid")
            if code == "last_try_refused":
                words = messages.for_error(exc)
            self.view.code_b.show_message(words)
        elif code == "code_b_blocked":
            self._show_error(text("blocked.title"), text("codeb.blocked"), can_retry=False)
        elif code == "wrong_pin":
            self._go(State.PIN)
            self.view.pin.set_busy(False)
            self.view.pin.show_wrong_pin(exc.details().get("tries_left"))
            self.view.pin.keys["1"].setFocus()
        elif code == "last_try_refused":
            self._go(State.PIN)
            self.view.pin.set_busy(False)
            self.view.pin.set_tries(1)
        elif code == "pin_blocked":
            self._show_error(text("blocked.title"), text("blocked.body"), can_retry=False)
        elif code in ("no_card", "card_removed"):
            self._go(State.WAITING_CARD)
            set_bilingual(self.view.tap.status, messages.for_error(exc))
        else:
            self._show_error(text("error.title"), messages.for_error(exc))

    def _show_error(self, title: Bilingual, message: Bilingual, can_retry: bool = True) -> None:
        self.view.pin.clear()
        self.view.code_b.clear()
        self.view.error.show_error(title, message, can_retry)
        self._go(State.ERROR)
