"""The card-secret screens of every desk: the PIN pad (kiosk/ui/pin_pad.py) and the 照合番号B screen
(kiosk/ui/code_b.py) driven by the one Qt-free flow, `kiosk.cards.secret.SecretFlow`.

`CardSecretScreens(pin, code_b, reads, run)`: the desk gives its two screens (they sit in its own
pages), its card reads (`kiosk.cards.session.CardReads`) and the card thread's `run`. `start(purpose)`
asks a card on the reader for its secret; the screens show what the flow says (the tries before the
first digit, the last-try confirmation, the note of a card without a PIN, what went wrong) and hand
the presses to it. The desk is told, by signals:
- `page_wanted(name)`: show the "pin" or "code_b" screen now;
- `step_changed(step)`: after every change (`kiosk.cards.secret.Step` values: the counter follows
  them with its own states; the others show "checking the card" while it is busy);
- `read(result)`: the person read (`{"person", "card", "source"}`);
- `by_hand(words)`: 照合番号B is locked, the desk's by-hand path; `to_tap(words)`: no card or the
  card removed, the desk's tap step; `failed(error)`: anything else, for the desk to show.
Whatever ends the flow (a read, an outcome, `cancel()`) empties both screens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.cards.secret import ENDS, Run, SecretFlow, Step
from kiosk.cards.session import PIN
from kiosk.ui.code_b import CodeBScreen
from kiosk.ui.pin_pad import PinScreen


class CardSecretScreens(QObject):
    page_wanted = Signal(str)
    step_changed = Signal(str)
    read = Signal(object)
    by_hand = Signal(object)
    to_tap = Signal(object)
    failed = Signal(object)

    def __init__(self, pin: PinScreen, code_b: CodeBScreen, reads: Any, run: Run | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pin, self.code_b = pin, code_b
        self.flow = SecretFlow(reads, run)
        self.flow.listen(self._render)
        self._page: str | None = None
        self._step = Step.IDLE
        pin.submitted.connect(lambda digits, _allow: self.flow.enter_pin(digits))
        pin.forgot.connect(self.flow.forgot_pin)
        pin.confirmed.connect(self.flow.confirm_last_try)
        code_b.submitted.connect(lambda birth, expiry, security, _allow:
                                 self.flow.enter_code_b(birth, expiry, security))

    def start(self, purpose: str | None = None, secret: str = PIN) -> None:
        """Ask the card on the reader for its secret (its tries first)."""
        self._clear()
        self._step = Step.IDLE
        self.flow.start(purpose, secret)

    def cancel(self) -> None:
        """The person left: the flow forgets them, the screens are emptied."""
        self.flow.cancel()
        self._clear()

    @property
    def busy(self) -> bool:
        return self.flow.busy

    def _clear(self) -> None:
        self.pin.clear()
        self.code_b.clear()
        self._page = None

    def _render(self, flow: SecretFlow) -> None:
        step, before = flow.step, self._step
        result, words, error = flow.result, flow.words, flow.error   # a handler below may cancel
        self._step = step
        if step is Step.IDLE or step in ENDS:
            self._clear()
        elif flow.page == "pin":
            self._render_pin(flow)
        elif flow.page == "code_b":
            self._render_code_b(flow)
        page = flow.page
        if page is not None and page != self._page:
            self.page_wanted.emit(page)
        self._page = page
        self.step_changed.emit(step.value)
        if step is not before:
            if step is Step.PIN:
                self.pin.keys["1"].setFocus()
            elif step is Step.CODE_B:
                self.code_b.focus_first()
        if step is Step.READ:
            self.read.emit(result)
        elif step is Step.BY_HAND:
            self.by_hand.emit(words)
        elif step is Step.TAP:
            self.to_tap.emit(words)
        elif step is Step.FAILED:
            self.failed.emit(error)

    def _render_pin(self, flow: SecretFlow) -> None:
        self.pin.set_busy(flow.busy)
        if not flow.busy:
            self.pin.set_tries(flow.tries_left, flow.last_try_confirmed)
            self.pin.show_message(flow.words)

    def _render_code_b(self, flow: SecretFlow) -> None:
        self.code_b.set_no_pin_card(flow.no_pin_card)
        self.code_b.set_busy(flow.busy)
        if not flow.busy:
            self.code_b.set_tries(flow.tries_left)
        self.code_b.show_message(flow.words)
