"""The compact binary record inside a pre-registration code (the page's JavaScript writes the same).

A record is one kind byte, then fields in a fixed order: unsigned LEB128 varints, strings as a varint
byte length + UTF-8 exactly as typed (never normalised: 𠮷, MJ characters and variation sequences
come back unchanged), birth dates as days since 1900-01-01 plus one (0 = unknown), the sex code as
an index into `SEX_CODES`, a need as an index into `NEED_CODES` + its detail.

- kind 1, a shelter household: address, number of people, then each person: name, kana, birth,
  sex, flags (bit 0: do not disclose), number of needs, each need (index, detail).
- kind 2, a counter visit: name, kana, birth, sex, address, number of procedures (form ids), each
  id, number of answers, each (field id, value).

`pack(record) -> bytes` and `unpack(bytes) -> record`; the record is a dict:
`{"kind": "shelter", "address", "people": [{"name", "kana", "birth_date", "sex_code", "needs",
"do_not_disclose"}]}` or `{"kind": "counter", "person": {...}, "procedures": [...], "answers": {...}}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sync.prereg.errors import RecordInvalidError, TooLargeError

SHELTER, COUNTER = 1, 2
KINDS = {SHELTER: "shelter", COUNTER: "counter"}
SEX_CODES = ("", "1", "2", "9")
# the shelter desk's needs (kiosk.shelter.model.NEEDS, in its order) and "other": the index is what is
# written, so a code is only ever appended (tests/sync/test_prereg.py checks the desk's list)
NEED_CODES = ("elderly", "disability", "pregnancy", "infant", "allergy", "dialysis", "oxygen", "medication",
              "language", "pet", "car_sleeping", "other")
EPOCH = dt.date(1900, 1, 1)
MAX_PEOPLE = 30
MAX_TEXT = 400  # characters of one field
MAX_ITEMS = 64  # procedures, answers, needs of one person


class _Writer:
    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, value: int) -> None:
        if value < 0:
            raise ValueError("negative varint")
        while True:
            byte, value = value & 0x7F, value >> 7
            self.out.append(byte | (0x80 if value else 0))
            if not value:
                return

    def text(self, value: Any) -> None:
        value = "" if value is None else str(value)
        if len(value) > MAX_TEXT:
            raise TooLargeError()
        data = value.encode("utf-8")
        self.varint(len(data))
        self.out += data

    def date(self, value: Any) -> None:
        if not value:
            self.varint(0)
            return
        day = dt.date.fromisoformat(str(value))
        if day < EPOCH:
            raise RecordInvalidError("A birth date before 1900 cannot be written in a code.",
                                     message_ja="1900年より前の生年月日はコードにできません。")
        self.varint((day - EPOCH).days + 1)

    def index(self, table: tuple[str, ...], value: Any) -> None:
        value = "" if value is None else str(value)
        if value not in table:
            raise RecordInvalidError(f"{value!r} is not one of {', '.join(t for t in table if t)}.",
                                     message_ja=f"{value!r} は使えない値です。")
        self.out.append(table.index(value))


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise RecordInvalidError()
        self.pos += 1
        return self.data[self.pos - 1]

    def varint(self, limit: int = 1 << 32) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                break
            shift += 7
            if shift > 35:
                raise RecordInvalidError()
        if value > limit:
            raise RecordInvalidError()
        return value

    def text(self) -> str:
        size = self.varint(MAX_TEXT * 4)
        if self.pos + size > len(self.data):
            raise RecordInvalidError()
        raw = self.data[self.pos:self.pos + size]
        self.pos += size
        try:
            return raw.decode("utf-8")  # strict: a lone surrogate or a broken sequence is refused
        except UnicodeDecodeError:
            raise RecordInvalidError() from None

    def date(self) -> str:
        days = self.varint(200 * 366)
        return (EPOCH + dt.timedelta(days=days - 1)).isoformat() if days else ""

    def index(self, table: tuple[str, ...]) -> str:
        value = self.byte()
        if value >= len(table):
            raise RecordInvalidError()
        return table[value]


def _needs(writer: _Writer, needs: Any) -> None:
    needs = needs or {}
    if len(needs) > MAX_ITEMS:
        raise TooLargeError()
    writer.varint(len(needs))
    for code, detail in needs.items():
        writer.index(NEED_CODES, code)
        writer.text(detail)


def pack(record: dict[str, Any]) -> bytes:
    """The record's bytes (before compression and sealing)."""
    writer = _Writer()
    kind = record.get("kind")
    try:
        if kind == "shelter":
            people = record.get("people") or []
            if not people or len(people) > MAX_PEOPLE:
                raise TooLargeError() if people else RecordInvalidError(
                    "A household needs at least one person.", message_ja="1人以上の入力が必要です。")
            writer.out.append(SHELTER)
            writer.text(record.get("address"))
            writer.varint(len(people))
            for person in people:
                writer.text(person.get("name"))
                writer.text(person.get("kana"))
                writer.date(person.get("birth_date"))
                writer.index(SEX_CODES, person.get("sex_code") or "")
                writer.out.append(1 if person.get("do_not_disclose") else 0)
                _needs(writer, person.get("needs"))
        elif kind == "counter":
            person = record.get("person") or {}
            procedures, answers = record.get("procedures") or [], record.get("answers") or {}
            if len(procedures) > MAX_ITEMS or len(answers) > MAX_ITEMS:
                raise TooLargeError()
            writer.out.append(COUNTER)
            for key in ("name", "kana"):
                writer.text(person.get(key))
            writer.date(person.get("birth_date"))
            writer.index(SEX_CODES, person.get("sex_code") or "")
            writer.text(person.get("address"))
            writer.varint(len(procedures))
            for form_id in procedures:
                writer.text(form_id)
            writer.varint(len(answers))
            for field, value in answers.items():
                writer.text(field)
                writer.text(value)
        else:
            raise RecordInvalidError(f"Unknown record kind {kind!r} (shelter or counter).",
                                     message_ja="記録の種類は shelter か counter です。")
    except ValueError:  # dt.date.fromisoformat
        raise RecordInvalidError("A birth date must be written YYYY-MM-DD.",
                                 message_ja="生年月日は YYYY-MM-DD で書いてください。") from None
    return bytes(writer.out)


def _read_needs(reader: _Reader) -> dict[str, str]:
    needs = {}
    for _ in range(reader.varint(MAX_ITEMS)):
        code = reader.index(NEED_CODES)
        needs[code] = reader.text()
    return needs


def unpack(data: bytes) -> dict[str, Any]:
    """The record written by `pack` (or by the page); anything else is `RecordInvalidError`."""
    reader = _Reader(data)
    kind = reader.byte()
    if kind == SHELTER:
        address = reader.text()
        people = []
        for _ in range(reader.varint(MAX_PEOPLE)):
            person: dict[str, Any] = {"name": reader.text(), "kana": reader.text(),
                                      "birth_date": reader.date(), "sex_code": reader.index(SEX_CODES)}
            flags = reader.byte()
            if flags > 1:
                raise RecordInvalidError()
            person["do_not_disclose"] = bool(flags & 1)
            person["needs"] = _read_needs(reader)
            people.append(person)
        if not people:
            raise RecordInvalidError()
        record: dict[str, Any] = {"kind": "shelter", "address": address, "people": people}
    elif kind == COUNTER:
        person = {"name": reader.text(), "kana": reader.text(), "birth_date": reader.date(),
                  "sex_code": reader.index(SEX_CODES), "address": reader.text()}
        procedures = [reader.text() for _ in range(reader.varint(MAX_ITEMS))]
        answers = {}
        for _ in range(reader.varint(MAX_ITEMS)):
            field = reader.text()
            answers[field] = reader.text()
        record = {"kind": "counter", "person": person, "procedures": procedures, "answers": answers}
    else:
        raise RecordInvalidError()
    if reader.pos != len(data):
        raise RecordInvalidError()
    return record
