"""The whole PIN path for the basic four: select, empty VERIFY, VERIFY once, read EF 0002.

`read_basic_four(transport, pin)` checks the PIN format before any card traffic and confirms the
card is a My Number card (SELECT of the input-support AP) before the first VERIFY.
"""

from __future__ import annotations

from devices.basic_four import BasicFour
from devices.input_support import InputSupportApp, check_pin_format
from devices.transport import Transport

__all__ = ["BasicFour", "read_basic_four"]


def read_basic_four(transport: Transport, pin: str, allow_last_try: bool = False) -> BasicFour:
    check_pin_format(pin)
    app = InputSupportApp(transport)
    app.select()
    app.verify_pin(pin, allow_last_try=allow_last_try)
    return app.read_basic_four()
