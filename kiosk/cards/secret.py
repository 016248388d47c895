"""Asking a card for its secret, without Qt: the one card-secret flow of every desk.

`SecretFlow(reads, run)` walks one person from "a My Number card is on the reader" to "the person
is read" (or to where the desk takes over). `reads` is the desk's `kiosk.cards.session.CardReads`
(`tries(secret)`, `read_person(...)`); `run(action, done, failed)` runs a card action on the card
thread and hands its result or error back (without `run`, at once: tests, tools).

- The tries are asked of the card (an empty VERIFY, no try spent) before the first digit, and shown.
- PIN first; a face-authentication card (no PIN set: PinNotSetError) goes straight to 照合番号B with
  the note "this card has no PIN" (`no_pin_card`); "I don't know my PIN" (`forgot_pin`) goes there too.
- With one PIN try left the keys stay off until an explicit confirmation (`confirm_last_try`); only
  then is `allow_last_try` passed. 照合番号B is typed by staff from the card face: its last try goes
  with what they type.
- Typed errors decide what comes next: a wrong PIN → the PIN again with the tries left; the last try
  refused → the PIN again, asking for the confirmation; the PIN blocked → 照合番号B, with words that
  say the PIN is locked; a wrong or malformed 照合番号B → again, with the tries and words; 照合番号B
  blocked → BY_HAND (the desk's by-hand path); no card or the card removed → TAP (the desk's tap
  step); anything else → FAILED (the desk shows it).

The state is public (`step`, `secret`, `tries_left`, `last_try_confirmed`, `no_pin_card`, `words`,
`result`, `error`); `listen(callback)` is told after every change. A result that arrives after
`cancel()` (the person left) or after the flow started again is dropped. No PIN or 照合番号B is kept.
"""

from __future__ import annotations

import enum
import logging
from typing import Any, Callable

from devices import errors as e
from devices.credentials import CodeB
from kiosk.cards.session import CODE_B, PIN
from kiosk.messages import Bilingual, for_error

logger = logging.getLogger(__name__)

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class Step(enum.Enum):
    IDLE = "idle"            # nothing asked (before start, after cancel)
    CHECKING = "checking"    # the card is asked for the tries of `secret`
    PIN = "pin"              # the PIN is asked for
    CODE_B = "code_b"        # 照合番号B is asked for
    READING = "reading"      # the card is read with the secret
    READ = "read"            # done: `result` holds what was read
    BY_HAND = "by_hand"      # 照合番号B is locked: the desk's by-hand path (`words`)
    TAP = "tap"              # no card / the card was removed: back to the desk's tap step (`words`)
    FAILED = "failed"        # anything else: the desk shows `error`


ENDS = (Step.READ, Step.BY_HAND, Step.TAP, Step.FAILED)


def is_tap_error(exc: BaseException) -> bool:
    """No card on the reader, or the card left it: the person taps again."""
    return isinstance(exc, (e.NoCardError, e.CardRemovedError))


def run_now(action: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
    """Run a card action at once (no card thread)."""
    try:
        result = action()
    except Exception as exc:  # noqa: BLE001 (handed to the flow, which decides by its type)
        failed(exc)
        return
    done(result)


class SecretFlow:
    def __init__(self, reads: Any, run: Run | None = None) -> None:
        self.reads = reads
        self.run = run or run_now
        self._listeners: list[Callable[[SecretFlow], None]] = []
        self._generation = 0
        self.purpose: str | None = None
        self._reset()

    def _reset(self) -> None:
        self.step = Step.IDLE
        self.secret = PIN
        self.tries_left: int | None = None
        self.last_try_confirmed = False
        self.no_pin_card = False
        self.words: Bilingual | None = None    # said on the secret's screen besides its tries
        self.result: dict[str, Any] | None = None
        self.error: BaseException | None = None

    # -- what the screens read ---------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.step in (Step.CHECKING, Step.READING)

    @property
    def page(self) -> str | None:
        """The secret's screen to show: "pin" once the PIN tries are known, "code_b" from the moment
        照合番号B is asked (its tries are asked on its screen), None otherwise."""
        if self.step in (Step.PIN, Step.CODE_B):
            return self.step.value
        if self.step is Step.READING or (self.step is Step.CHECKING and self.secret == CODE_B):
            return self.secret
        return None

    @property
    def needs_confirmation(self) -> bool:
        """One PIN try left and nobody confirmed yet: the keys stay off."""
        return self.secret == PIN and self.tries_left == 1 and not self.last_try_confirmed

    @property
    def keys_enabled(self) -> bool:
        if self.step is Step.PIN:
            return not self.needs_confirmation
        return self.step is Step.CODE_B and self.tries_left != 0

    @property
    def allow_last_try(self) -> bool:
        if self.secret == PIN:
            return self.tries_left == 1 and self.last_try_confirmed
        return self.tries_left == 1

    def listen(self, callback: Callable[["SecretFlow"], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    # -- what the person and the desk do -----------------------------------------------------
    def start(self, purpose: str | None = None, secret: str = PIN) -> None:
        """A card to be read: ask it for its PIN tries (or, with `secret="code_b"`, go to 照合番号B).
        `purpose`: the legal basis that lets the PIN read the My Number too (the counter's forms)."""
        self._generation += 1
        self._reset()
        self.purpose = purpose
        if secret == CODE_B:
            self._ask_code_b()
        else:
            self._ask(PIN, self._pin_tries, self._pin_tries_failed)

    def cancel(self) -> None:
        """The person left (or the desk moved on): forget everything; late card results are dropped."""
        self._generation += 1
        self.purpose = None
        was = self.step
        self._reset()
        if was is not Step.IDLE:
            self._changed()

    def forgot_pin(self) -> None:
        """「暗証番号がわからない」: 照合番号B instead."""
        if self.step is Step.PIN:
            self._ask_code_b()

    def confirm_last_try(self) -> None:
        if self.step is Step.PIN and self.needs_confirmation:
            self.last_try_confirmed = True
            self._changed()

    def enter_pin(self, pin: str) -> None:
        if self.step is not Step.PIN or not self.keys_enabled:
            return
        allow, purpose = self.allow_last_try, self.purpose
        self._read(lambda: self.reads.read_person(pin=pin, allow_last_try=allow, purpose=purpose))

    def enter_code_b(self, birth: str, expiry: str, security: str) -> None:
        """照合番号B as typed from the card face; its form is checked before the card is touched."""
        if self.step is not Step.CODE_B or not self.keys_enabled:
            return
        try:
            code_b = CodeB.from_card_face(birth, expiry, security)
        except e.CodeBFormatError as exc:
            self.words = for_error(exc)
            self._changed()
            return
        allow = self.allow_last_try
        self._read(lambda: self.reads.read_person(code_b=code_b, allow_last_try=allow))

    # -- the card's answers ------------------------------------------------------------------
    def _ask(self, secret: str, done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        self.secret = secret
        self.tries_left = None
        self.last_try_confirmed = False
        self._go(Step.CHECKING)
        self._on_card(lambda: self.reads.tries(secret), done, failed)

    def _ask_code_b(self, words: Bilingual | None = None) -> None:
        self.words = words
        self._ask(CODE_B, self._code_b_tries, self._code_b_tries_failed)

    def _read(self, action: Callable[[], Any]) -> None:
        self.words = None
        self._go(Step.READING)
        self._on_card(action, self._person_read, self._read_failed)

    def _on_card(self, action: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[BaseException], None]) -> None:
        generation = self._generation

        def current(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def handle(value: Any) -> None:
                if generation == self._generation:
                    handler(value)
            return handle

        self.run(action, current(done), current(failed))

    def _pin_tries(self, tries: int | None) -> None:
        if tries == 0:
            self._ask_code_b(for_error(e.PinBlockedError()))
            return
        self.tries_left = tries
        self._go(Step.PIN)

    def _pin_tries_failed(self, exc: BaseException) -> None:
        if isinstance(exc, e.PinNotSetError):   # a face-authentication card: no PIN at all
            self.no_pin_card = True
            self._ask_code_b()
        else:
            self._end(exc)

    def _code_b_tries(self, tries: int | None) -> None:
        if tries == 0:
            self._end(e.CodeBBlockedError())
            return
        self.tries_left = tries
        self._go(Step.CODE_B)

    def _code_b_tries_failed(self, exc: BaseException) -> None:
        if is_tap_error(exc):
            self._end(exc)
            return
        self.tries_left = None   # the card did not say: 照合番号B can still be typed
        self.words = for_error(exc)
        self._go(Step.CODE_B)

    def _person_read(self, result: dict[str, Any]) -> None:
        self.result = result
        self._go(Step.READ)

    def _read_failed(self, exc: BaseException) -> None:
        logger.info("card read failed: %s", exc.code if isinstance(exc, e.CardError) else type(exc).__name__)
        if isinstance(exc, e.WrongPinError):
            self._again(PIN, exc.tries_left, exc)
        elif isinstance(exc, e.LastTryRefusedError):
            self._again(self.secret, 1, exc)
        elif isinstance(exc, e.PinBlockedError):
            self._ask_code_b(for_error(exc))
        elif isinstance(exc, e.PinNotSetError):
            self.no_pin_card = True
            self._ask_code_b()
        elif isinstance(exc, e.WrongCodeBError):
            self._again(CODE_B, exc.tries_left, exc)
        elif isinstance(exc, e.CodeBFormatError):
            self._again(CODE_B, self.tries_left, exc)
        else:
            self._end(exc)

    def _again(self, secret: str, tries: int | None, exc: BaseException) -> None:
        """The same secret asked again, with the tries left and words for what happened."""
        self.secret = secret
        self.tries_left = tries
        self.last_try_confirmed = False
        self.words = for_error(exc)
        self._go(Step.PIN if secret == PIN else Step.CODE_B)

    def _end(self, exc: BaseException) -> None:
        """Where the desk takes over: its by-hand path, its tap step, or its own way of showing."""
        self.error = exc
        self.words = for_error(exc)
        if isinstance(exc, e.CodeBBlockedError):
            self._go(Step.BY_HAND)
        elif is_tap_error(exc):
            self._go(Step.TAP)
        else:
            self._go(Step.FAILED)

    def _go(self, step: Step) -> None:
        self.step = step
        self._changed()
