"""An emulated My Number card: the input-support AP (§2) and the PIN-free part of the JPKI AP (§3).

Answers SELECT by AID (input-support, JPKI; 券面AP, 住基AP and 共通AP select with 9000 but their files
answer 6A82), SELECT EF, VERIFY on EF 0011 (PIN, 3 tries) and EF 0015 (照合番号B), READ BINARY by
offset and by SFI. Input-support files: EF 0001 (PIN), EF 0002 (PIN or 照合番号B), EF 0003 (PIN or
照合番号B). JPKI files, free to read: EF 000A (user-authentication certificate), EF 0006 (token info).
`FF CA 00 00 00` (PC/SC GET DATA, which a real reader answers itself) returns a random 4-byte Type B
PUPI that changes at every power-on. Security state is cleared when another AP is selected, on reset
and on power off. `verify_data_count` counts VERIFY commands that carried data (a PIN is never resent);
`get_data_count` counts GET DATA commands.
"""

from __future__ import annotations

import logging
import secrets
import threading
from typing import Callable

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.emulator.holder import CardHolder

logger = logging.getLogger(__name__)

PIN_MAX_TRIES = 3
CODE_B_MAX_TRIES = 10  # the real limit is UNCONFIRMED (mynumber-card.md §2.4)
KNOWN_AIDS = {A.AID_INPUT_SUPPORT: "input_support", A.AID_JPKI: "jpki", A.AID_CARD_FACE: "card_face",
              A.AID_JUKI: "juki", A.AID_COMMON: "common"}
KEY_EFS = (A.EF_PIN, A.EF_CODE_B)
PIN_OR_CODE_B = frozenset({A.EF_PIN, A.EF_CODE_B})
# (AP, EF) → the key EFs of which one must be verified to read it (empty: free to read)
READ_RULES: dict[tuple[str, int], frozenset[int]] = {
    ("input_support", A.EF_MY_NUMBER): frozenset({A.EF_PIN}),
    ("input_support", A.EF_BASIC_FOUR): PIN_OR_CODE_B,
    ("input_support", A.EF_INTEGRITY): PIN_OR_CODE_B,
    ("jpki", A.EF_JPKI_AUTH_CERT): frozenset(),
    ("jpki", A.EF_JPKI_TOKEN_INFO): frozenset(),
}


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + A.sw_bytes(sw)


class MyNumberCard:
    """The card's answers to command APDUs; thread-safe (the vpcd link calls it from its thread)."""

    def __init__(self, holder: CardHolder) -> None:
        self.holder = holder
        self.pin_tries_left = int(holder.pin_tries_left or 0)
        self.code_b_tries_left = CODE_B_MAX_TRIES
        self.verify_data_count = 0
        self.commands_seen = 0
        self.get_data_count = 0
        self._lock = threading.Lock()
        self._makers: dict[tuple[str, int], Callable[[], bytes]] = {
            ("input_support", A.EF_MY_NUMBER): holder.ef_my_number,
            ("input_support", A.EF_BASIC_FOUR): holder.ef_basic_four,
            ("input_support", A.EF_INTEGRITY): lambda: _pki().integrity_file(holder),
            ("jpki", A.EF_JPKI_AUTH_CERT): lambda: _pki().auth_certificate(holder),
            ("jpki", A.EF_JPKI_TOKEN_INFO): lambda: _pki().token_info(),
        }
        self._files: dict[tuple[str, int], bytes] = {}  # built on first read (keys cost time)
        self._clear_state()

    # --- power and state -------------------------------------------------------------------
    def _clear_state(self) -> None:
        self.pupi = secrets.token_bytes(4)  # a new random PUPI at every activation
        self.selected_ap: str | None = None
        self.current_ef: int | None = None
        self.verified: set[int] = set()

    def power_off(self) -> None:
        with self._lock:
            self._clear_state()

    def reset(self) -> None:
        with self._lock:
            self._clear_state()

    def power_on(self) -> None:
        with self._lock:
            self._clear_state()

    # --- dispatch --------------------------------------------------------------------------
    def process(self, apdu: bytes) -> bytes:
        with self._lock:
            self.commands_seen += 1
            try:
                command = A.CommandApdu.parse(bytes(apdu))
            except ValueError:
                return _sw(SW.WRONG_LENGTH)
            if command.cla == 0xFF and command.ins == A.INS_GET_DATA_PCSC:
                return self._get_data(command)
            if command.cla != 0x00:
                return _sw(SW.CLA_NOT_SUPPORTED)
            handler = {A.INS_SELECT: self._select, A.INS_VERIFY: self._verify,
                       A.INS_READ_BINARY: self._read_binary}.get(command.ins)
            if handler is None:
                return _sw(SW.INS_NOT_SUPPORTED)
            return handler(command)

    def _select(self, c: A.CommandApdu) -> bytes:
        if c.p1 == A.P1_SELECT_BY_NAME:
            app = KNOWN_AIDS.get(c.data)
            if app is None:
                return _sw(SW.FILE_NOT_FOUND)
            if app != self.selected_ap:
                self.verified.clear()
            self.selected_ap, self.current_ef = app, None
            return _sw(SW.OK)
        if c.p1 == A.P1_SELECT_EF:
            if len(c.data) != 2:
                return _sw(SW.WRONG_LENGTH)
            ef = int.from_bytes(c.data, "big")
            if not self._ef_exists(ef):
                return _sw(SW.FILE_NOT_FOUND)
            self.current_ef = ef
            return _sw(SW.OK)
        return _sw(SW.WRONG_P1P2)

    def _ef_exists(self, ef: int) -> bool:
        if self.selected_ap == "input_support" and ef in KEY_EFS:
            return True
        return (self.selected_ap, ef) in self._makers

    def content(self, ap: str, ef: int) -> bytes:
        """The bytes of one file (built once)."""
        data = self._files.get((ap, ef))
        if data is None:
            data = self._files[(ap, ef)] = self._makers[(ap, ef)]()
        return data

    def _get_data(self, c: A.CommandApdu) -> bytes:
        """What a PC/SC reader answers to FF CA 00 00 00 for this card: the (random) PUPI."""
        self.get_data_count += 1
        if c.p1 != 0x00 or c.p2 != 0x00:
            return _sw(SW.WRONG_P1P2)
        return _sw(SW.OK, self.pupi)

    # --- VERIFY ----------------------------------------------------------------------------
    def _verify(self, c: A.CommandApdu) -> bytes:
        if c.p1 != 0x00 or not c.p2 & 0x80:
            return _sw(SW.WRONG_P1P2)
        sfi = c.p2 & 0x1F
        if sfi:
            if not self._ef_exists(sfi):
                return _sw(SW.REFERENCE_NOT_FOUND)
            key = sfi
        elif self.current_ef is None:
            return _sw(SW.NO_CURRENT_EF)
        else:
            key = self.current_ef
        if key not in KEY_EFS:
            return _sw(SW.INCOMPATIBLE_FILE)
        if c.data:
            self.verify_data_count += 1
        if key == A.EF_PIN:
            if self.holder.pin is None:
                return _sw(SW.REFERENCE_NOT_FOUND)  # face-auth card: no PIN is set
            return self._check_secret(c.data, self.holder.pin, key, "pin_tries_left", PIN_MAX_TRIES, 4)
        return self._check_secret(c.data, self.holder.code_b(), key, "code_b_tries_left",
                                  CODE_B_MAX_TRIES, 14)

    def _check_secret(self, given: bytes, secret: str, key: int, counter: str, limit: int,
                      size: int) -> bytes:
        left = getattr(self, counter)
        if not given:
            return _sw(SW.VERIFY_FAILED | min(left, 15))  # report only, no try spent
        if left == 0:
            return _sw(SW.REFERENCE_NOT_USABLE)
        if len(given) != size:
            return _sw(SW.WRONG_LENGTH)
        if given == secret.encode("ascii"):
            setattr(self, counter, limit)
            self.verified.add(key)
            return _sw(SW.OK)
        left -= 1
        setattr(self, counter, left)
        self.verified.discard(key)
        return _sw(SW.VERIFY_FAILED | min(left, 15))

    # --- READ BINARY -----------------------------------------------------------------------
    def _read_binary(self, c: A.CommandApdu) -> bytes:
        if c.data or c.le is None:
            return _sw(SW.WRONG_LENGTH)
        if c.p1 & 0x80:
            sfi = c.p1 & 0x1F
            if c.p1 & 0x60 or not self._ef_exists(sfi):
                return _sw(SW.FILE_NOT_FOUND)
            self.current_ef, offset = sfi, c.p2
        else:
            offset = (c.p1 << 8) | c.p2
        ef = self.current_ef
        if ef is None:
            return _sw(SW.NO_CURRENT_EF)
        if self.selected_ap == "input_support" and ef in KEY_EFS:
            return _sw(SW.INCOMPATIBLE_FILE)
        if not self._may_read(ef):
            return _sw(SW.SECURITY_NOT_SATISFIED)
        content = self.content(self.selected_ap, ef)
        if offset >= len(content):
            return _sw(SW.OFFSET_OUT_OF_RANGE)
        return _sw(SW.OK, content[offset:offset + min(c.le, 256)])

    def _may_read(self, ef: int) -> bool:
        needed = READ_RULES.get((self.selected_ap, ef))
        if needed is None:
            return False
        return not needed or bool(self.verified & needed)


def _pki():
    from devices.emulator import pki  # cryptography is imported only when a file needs it
    return pki
