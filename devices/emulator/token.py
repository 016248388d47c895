"""An emulated contactless token card (FeliCa or ISO 14443 Type A) as a PC/SC reader presents it.

It has the reader's synthesised Part 3 storage-card ATR (`atr`), answers GET DATA `FF CA 00 00 Le`
with its IDm (8 bytes) or UID (4, 7 or 10 bytes) — 6Cxx when Le is too short — and 6A82 to every
SELECT (so My Number AIDs are not found). Other instructions 6D00, other classes 6E00.
"""

from __future__ import annotations

import secrets

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.tokens import ID_LENGTHS, KIND_FELICA, KIND_TYPE_A, storage_atr

# standard byte and card name used in each kind's ATR (FeliCa 212K; MIFARE Classic 1K as a Type A card)
ATR_PARAMS = {KIND_FELICA: (0x11, 0x003B), KIND_TYPE_A: (0x03, 0x0001)}


class TokenCard:
    def __init__(self, kind: str = KIND_FELICA, uid: bytes | None = None) -> None:
        if kind not in ATR_PARAMS:
            raise ValueError(f"kind must be one of {sorted(ATR_PARAMS)}")
        if uid is None:
            uid = secrets.token_bytes(ID_LENGTHS[kind][0])
        if len(uid) not in ID_LENGTHS[kind]:
            raise ValueError(f"a {kind} id has {ID_LENGTHS[kind]} bytes")
        self.kind, self.uid = kind, bytes(uid)
        self.atr = storage_atr(*ATR_PARAMS[kind])
        self.commands_seen = 0

    def power_off(self) -> None:
        pass

    power_on = reset = power_off

    def process(self, apdu: bytes) -> bytes:
        self.commands_seen += 1
        try:
            c = A.CommandApdu.parse(bytes(apdu))
        except ValueError:
            return A.sw_bytes(SW.WRONG_LENGTH)
        if c.cla == 0xFF and c.ins == A.INS_GET_DATA_PCSC:
            if c.p1 != 0 or c.p2 != 0:
                return A.sw_bytes(SW.WRONG_P1P2)
            if c.le is not None and c.le < len(self.uid):
                return bytes((0x6C, len(self.uid)))
            return self.uid + A.sw_bytes(SW.OK)
        if c.cla == 0xFF:
            return A.sw_bytes(SW.INS_NOT_SUPPORTED)
        if c.cla != 0x00:
            return A.sw_bytes(SW.CLA_NOT_SUPPORTED)
        if c.ins == A.INS_SELECT:
            return A.sw_bytes(SW.FILE_NOT_FOUND)
        return A.sw_bytes(SW.INS_NOT_SUPPORTED)
