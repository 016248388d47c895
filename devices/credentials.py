"""The secrets a person or the staff type in: the 4-digit PIN and 照合番号B (mynumber-card.md §2.4, §5.3).

Both are checked for format here, before any APDU is sent. `CodeB` holds the 14 ASCII digits of
照合番号B (birth date as printed YYMMDD + 4-digit expiry year + 4-digit security code) and never shows
them in `repr` or `str`; `CodeB.from_card_face` is what a staff input form maps its three fields to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.errors import CodeBFormatError, PinFormatError

CODE_B_LENGTH = 14


def _digits(text: object, size: int) -> bool:
    return isinstance(text, str) and len(text) == size and text.isascii() and text.isdigit()


def check_pin_format(pin: str) -> bytes:
    """The PIN as 4 ASCII digit bytes; raises PinFormatError (nothing is sent to the card)."""
    if not _digits(pin, 4):
        raise PinFormatError()
    return pin.encode("ascii")


@dataclass(frozen=True)
class CodeB:
    """照合番号B, validated: 14 ASCII digits. `value` is the text sent to the card."""

    value: str = field(repr=False)

    def __post_init__(self) -> None:
        if not _digits(self.value, CODE_B_LENGTH):
            raise CodeBFormatError()
        month, day = int(self.value[2:4]), int(self.value[4:6])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise CodeBFormatError()

    @classmethod
    def parse(cls, text: "str | CodeB") -> "CodeB":
        """Accept a CodeB or its 14 digits (surrounding whitespace is ignored)."""
        if isinstance(text, CodeB):
            return text
        if not isinstance(text, str):
            raise CodeBFormatError()
        return cls(text.strip())

    @classmethod
    def from_card_face(cls, birth_printed_yymmdd: str, expiry_year: str | int,
                       security_code: str) -> "CodeB":
        """Build 照合番号B from what is printed on the card face: the birth date exactly as printed
        (6 digits, the era year for Japanese nationals, e.g. 昭和55年4月2日 → "550402"), the expiry
        year in the Gregorian calendar (4 digits) and the 4-digit security code."""
        year = str(expiry_year) if isinstance(expiry_year, int) else expiry_year
        parts = ((birth_printed_yymmdd, 6), (year, 4), (security_code, 4))
        if not all(_digits(text, size) for text, size in parts):
            raise CodeBFormatError()
        return cls(f"{birth_printed_yymmdd}{year}{security_code}")

    def to_bytes(self) -> bytes:
        return self.value.encode("ascii")

    def __repr__(self) -> str:
        return "CodeB(<redacted>)"

    __str__ = __repr__
