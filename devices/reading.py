"""Whole read paths for the basic four: with the PIN, or with 照合番号B (no PIN; face-auth cards).

Each checks the secret's format before any card traffic and confirms the card is a My Number card
(SELECT of the input-support AP) before the first VERIFY; each sends the secret at most once.
"""

from __future__ import annotations

from devices.basic_four import BasicFour
from devices.credentials import CodeB, check_pin_format
from devices.input_support import InputSupportApp
from devices.transport import Transport

__all__ = ["BasicFour", "read_basic_four", "read_basic_four_with_code_b"]


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
