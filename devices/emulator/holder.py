"""The person on an emulated card, in the people.json format, and the files the card derives from it.

Fields: name, address, birth_date (YYYYMMDD), sex, pin (None = face-auth card without a PIN),
pin_tries_left (0 = blocked), my_number, expiry_year, security_code. Optional extensions:
`birth_printed_gregorian` (true when the card face prints the birth date in the Gregorian calendar,
as for foreign residents; how 照合番号B is then formed is UNCONFIRMED, see mynumber-card.md §5.3);
`jpki_pin` (the JPKI user-authentication PIN, 4 digits; by default the same as `pin`, as many holders
set it); `sign_password` (the JPKI signature password, 6–16 of A–Z and 0–9 with at least one letter
and one digit; a card without one carries no signature certificate, like a child's or a
face-authentication card).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices import tlv

TAG_MY_NUMBER = 0xFF10
TAG_BASIC_FOUR = 0xFF20
TAG_OFFSETS, TAG_NAME, TAG_ADDRESS, TAG_BIRTH, TAG_SEX = 0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25

# (first day, era) — only the start dates matter for the YY of 照合番号B.
_ERAS = ((dt.date(2019, 5, 1), "令和"), (dt.date(1989, 1, 8), "平成"), (dt.date(1926, 12, 25), "昭和"),
         (dt.date(1912, 7, 30), "大正"), (dt.date(1868, 10, 23), "明治"))


def era_of(day: dt.date) -> tuple[str, int]:
    """The Japanese era of `day` and its year number in it (元年 = 1), e.g. ("昭和", 55)."""
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError("dates before 明治 are not supported")


def era_year(day: dt.date) -> int:
    """The Japanese-era year number of `day` (元年 = 1)."""
    return era_of(day)[1]


def is_sign_password(text: str) -> bool:
    """The JPKI signature password's rule (mynumber-card.md §3.1): 6–16 of A–Z and 0–9, with at least
    one letter and one digit."""
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    return (6 <= len(text) <= 16 and set(text) <= allowed and any(c.isdigit() for c in text)
            and any(c.isalpha() for c in text))


@dataclass
class CardHolder:
    name: str
    address: str
    birth_date: str
    sex: str
    pin: str | None
    pin_tries_left: int | None
    my_number: str
    expiry_year: str
    security_code: str
    birth_printed_gregorian: bool = False
    jpki_pin: str | None = None
    sign_password: str | None = None

    def __post_init__(self) -> None:
        dt.datetime.strptime(self.birth_date, "%Y%m%d")
        if self.jpki_pin is None:
            self.jpki_pin = self.pin
        for pin in (self.pin, self.jpki_pin):
            if pin is not None and not (len(pin) == 4 and pin.isascii() and pin.isdigit()):
                raise ValueError("an emulated PIN is 4 ASCII digits or null")
        if self.sign_password is not None and not is_sign_password(self.sign_password):
            raise ValueError("a signature password is 6-16 of A-Z and 0-9 with a letter and a digit")
        if not (len(self.my_number) == 12 and self.my_number.isascii() and self.my_number.isdigit()):
            raise ValueError("my_number must be 12 ASCII digits")
        if self.pin_tries_left is None:
            self.pin_tries_left = 3 if self.pin is not None else 0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "CardHolder":
        return cls(
            name=d["name"], address=d["address"], birth_date=str(d["birth_date"]), sex=str(d["sex"]),
            pin=d.get("pin"), pin_tries_left=d.get("pin_tries_left"), my_number=str(d["my_number"]),
            expiry_year=str(d["expiry_year"]), security_code=str(d["security_code"]),
            birth_printed_gregorian=bool(d.get("birth_printed_gregorian", False)),
            jpki_pin=d.get("jpki_pin"), sign_password=d.get("sign_password"),
        )

    @classmethod
    def load(cls, path: str | Path, index: int = 0) -> "CardHolder":
        """Load one person object, or person `index` of a `{"people": [...]}` file."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if isinstance(data, dict) and "people" in data:
            people = data["people"]
            if not 0 <= index < len(people):
                raise IndexError(f"the file has {len(people)} people; index {index} is out of range")
            data = people[index]
        if not isinstance(data, dict):
            raise ValueError("expected a person object or {\"people\": [...]}")
        return cls.from_dict(data)

    @property
    def birth(self) -> dt.date:
        return dt.datetime.strptime(self.birth_date, "%Y%m%d").date()

    def code_b(self) -> str:
        """照合番号B: birth YYMMDD as printed + expiry year + security code (14 digits)."""
        day = self.birth
        yy = day.year % 100 if self.birth_printed_gregorian else era_year(day)
        return f"{yy:02d}{day.month:02d}{day.day:02d}{self.expiry_year}{self.security_code}"

    def ef_my_number(self) -> bytes:
        """EF 0001: FF 10 0C + 12 ASCII digits, then two FF filler bytes (17 bytes)."""
        return tlv.encode(TAG_MY_NUMBER, self.my_number.encode("ascii")) + b"\xff\xff"

    def ef_basic_four(self) -> bytes:
        """EF 0002: FF20 { DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex }, then filler."""
        items = [tlv.encode(TAG_NAME, self.name.encode("utf-8")),
                 tlv.encode(TAG_ADDRESS, self.address.encode("utf-8")),
                 tlv.encode(TAG_BIRTH, self.birth_date.encode("ascii")),
                 tlv.encode(TAG_SEX, self.sex.encode("ascii"))]
        inner_len = 2 + 1 + 8 + sum(len(i) for i in items)
        header_len = 2 + len(tlv.encode_length(inner_len))
        offsets, pos = bytearray(), header_len + 11
        for item in items:
            offsets += pos.to_bytes(2, "big")
            pos += len(item)
        body = tlv.encode(TAG_OFFSETS, bytes(offsets)) + b"".join(items)
        record = tlv.encode(TAG_BASIC_FOUR, body)
        size = max(len(record) + 2, (len(record) + 63) // 64 * 64)  # whole file, filler included
        return record + b"\xff" * (size - len(record))
