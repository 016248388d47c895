"""基本4情報 (name, address, birth date, sex) and the decoder for EF 0002 of the input-support AP.

EF 0002 = FF20 { DF21 offset table, DF22 name, DF23 address, DF24 YYYYMMDD, DF25 sex } then filler.
Text is decoded strictly as UTF-8; an unknown sex code is kept verbatim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from devices import tlv
from devices.errors import CardProtocolError

TAG_BASIC_FOUR = 0xFF20
TAG_OFFSETS, TAG_NAME, TAG_ADDRESS, TAG_BIRTH, TAG_SEX = 0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25


@dataclass(frozen=True)
class BasicFour:
    name: str
    address: str
    birth_date: dt.date
    sex_code: str

    def to_dict(self) -> dict[str, str]:
        """The person record of docs/architecture.md."""
        return {"name": self.name, "address": self.address,
                "birth_date": self.birth_date.isoformat(), "sex_code": self.sex_code}

    def __repr__(self) -> str:  # never put personal data into logs or tracebacks by accident
        return "BasicFour(<redacted>)"


def decode_basic_four(data: bytes) -> BasicFour:
    """Decode the content of EF 0002 (the outer TLV; trailing filler is ignored)."""
    try:
        fields = tlv.template_fields(data, TAG_BASIC_FOUR)
    except tlv.TlvError as exc:
        raise CardProtocolError(f"EF 0002 is not a valid FF20 template: {exc}") from None
    missing = [f"{t:X}" for t in (TAG_NAME, TAG_ADDRESS, TAG_BIRTH, TAG_SEX) if t not in fields]
    if missing:
        raise CardProtocolError(f"EF 0002 lacks {', '.join(missing)}")
    try:
        name = fields[TAG_NAME].decode("utf-8", errors="strict")
        address = fields[TAG_ADDRESS].decode("utf-8", errors="strict")
        birth_text = fields[TAG_BIRTH].decode("ascii", errors="strict")
        sex = fields[TAG_SEX].decode("ascii", errors="strict")
    except UnicodeDecodeError:
        raise CardProtocolError("EF 0002 text is not valid UTF-8/ASCII") from None
    if len(birth_text) != 8 or not birth_text.isdigit():
        raise CardProtocolError("the birth date on the card is not 8 digits")
    try:
        birth = dt.date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise CardProtocolError("the birth date on the card is not a real date") from None
    return BasicFour(name=name, address=address, birth_date=birth, sex_code=sex)
