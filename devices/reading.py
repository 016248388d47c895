"""Whole read paths: the basic four with the PIN or with 照合番号B (no PIN; face-auth cards), the
My Number with the PIN and a stated purpose, and `read_card` (one session for `kazasu card read`).

Each checks the secret's format before any card traffic and confirms the card is a My Number card
(SELECT of the input-support AP) before the first VERIFY; each sends the secret at most once.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.basic_four import BasicFour
from devices.credentials import CodeB, check_pin_format
from devices.errors import MyNumberNeedsPinError
from devices.input_support import InputSupportApp, check_purpose
from devices.my_number import MyNumber
from devices.transport import Transport

__all__ = ["BasicFour", "CardRead", "MyNumber", "read_basic_four", "read_basic_four_with_code_b",
           "read_card", "read_my_number"]


def read_basic_four(transport: Transport, pin: str, allow_last_try: bool = False) -> BasicFour:
    check_pin_format(pin)
    app = InputSupportApp(transport)
    app.select()
    app.verify_pin(pin, allow_last_try=allow_last_try)
    return app.read_basic_four()


def read_basic_four_with_code_b(transport: Transport, code_b: "str | CodeB",
                                allow_last_try: bool = False) -> BasicFour:
    """The no-PIN path: 照合番号B (14 digits, see `CodeB.from_card_face`) opens EF 0002 only."""
    code = CodeB.parse(code_b)
    app = InputSupportApp(transport)
    app.select()
    app.verify_code_b(code, allow_last_try=allow_last_try)
    return app.read_basic_four()


def read_my_number(transport: Transport, pin: str, purpose: str, allow_last_try: bool = False,
                   verify_integrity: bool = False) -> MyNumber:
    """The My Number, only with the PIN and a stated purpose (checked before any card traffic).
    The check digit is verified; with `verify_integrity` EF 0001 is compared with EF 0003's hash."""
    check_purpose(purpose)
    check_pin_format(pin)
    app = InputSupportApp(transport)
    app.select()
    app.verify_pin(pin, allow_last_try=allow_last_try)
    return app.read_my_number(purpose, verify_integrity=verify_integrity)


@dataclass(frozen=True, repr=False)
class CardRead:
    """What one session read: the basic four and, when asked for with a purpose, the My Number."""

    basic_four: BasicFour
    my_number: MyNumber | None = None

    def to_dict(self) -> dict[str, str]:
        """The person record of docs/architecture.md, plus `my_number` only when it was read."""
        out = self.basic_four.to_dict()
        if self.my_number is not None:
            out["my_number"] = self.my_number.value
        return out

    def __repr__(self) -> str:
        return "CardRead(<redacted>)"


def read_card(transport: Transport, *, pin: str | None = None, code_b: "str | CodeB | None" = None,
              with_number: bool = False, purpose: str | None = None, allow_last_try: bool = False,
              verify_integrity: bool = False) -> CardRead:
    """One session for `kazasu card read`: exactly one of `pin` / `code_b`; every input is checked
    before the card is touched (PurposeRequiredError, MyNumberNeedsPinError, format errors)."""
    if (pin is None) == (code_b is None):
        raise ValueError("give exactly one of pin and code_b")
    if with_number:
        check_purpose(purpose)
        if pin is None:
            raise MyNumberNeedsPinError()
    code = CodeB.parse(code_b) if code_b is not None else None
    if pin is not None:
        check_pin_format(pin)
    app = InputSupportApp(transport)
    app.select()
    if code is not None:
        app.verify_code_b(code, allow_last_try=allow_last_try)
    else:
        app.verify_pin(pin, allow_last_try=allow_last_try)
    four = app.read_basic_four(verify_integrity=verify_integrity)
    number = app.read_my_number(purpose, verify_integrity=verify_integrity) if with_number else None
    return CardRead(four, number)
