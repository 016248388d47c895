"""The My Number (個人番号) as read from EF 0001 of the input-support AP, and its check digit (§2.5, §6).

`MyNumber` hides its digits in `repr` and `str` so that it cannot reach a log line or a traceback
by accident; `.value` is the 12 digits, for the one output whose job is to show them.
`check_digit(first11)` follows 総務省令第85号第5条: weights 6 5 4 3 2 7 6 5 4 3 2 from the left,
r = S mod 11, digit = 0 when r ≤ 1 else 11 − r. It only catches typos, not whether a number exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices import tlv
from devices.errors import CardProtocolError

TAG_MY_NUMBER = 0xFF10
WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _is_digits(text: object, size: int) -> bool:
    return isinstance(text, str) and len(text) == size and text.isascii() and text.isdigit()


def check_digit(first11: str) -> int:
    """The check digit for the first 11 digits of a My Number."""
    if not _is_digits(first11, 11):
        raise ValueError("the base of a My Number is 11 ASCII digits")
    remainder = sum(int(d) * w for d, w in zip(first11, WEIGHTS)) % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(number: str) -> bool:
    """True for 12 ASCII digits whose last one is the check digit of the first 11."""
    return _is_digits(number, 12) and check_digit(number[:11]) == int(number[11])


@dataclass(frozen=True)
class MyNumber:
    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "MyNumber(<redacted>)"

    __str__ = __repr__


def decode_ef_my_number(data: bytes) -> MyNumber:
    """Decode EF 0001 (`FF 10 0C` + 12 ASCII digits; trailing filler ignored) and verify the check digit."""
    try:
        item = tlv.read_tlv(data, 0)
    except tlv.TlvError as exc:
        raise CardProtocolError(f"EF 0001 is not valid BER-TLV: {exc}") from None
    if item.tag != TAG_MY_NUMBER:
        raise CardProtocolError(f"EF 0001 starts with tag {item.tag:X}, not FF10")
    try:
        text = item.value.decode("ascii")
    except UnicodeDecodeError:
        raise CardProtocolError("the My Number on the card is not ASCII") from None
    if not _is_digits(text, 12):
        raise CardProtocolError("the My Number on the card is not 12 digits")
    if not is_valid_my_number(text):
        raise CardProtocolError("the My Number on the card fails its check digit")
    return MyNumber(text)
