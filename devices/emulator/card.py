"""An emulated My Number card: the input-support AP (§2) and the JPKI AP (§3) laid out as a real card.

Answers SELECT by AID (input-support, JPKI; 券面AP, 住基AP and 共通AP select with 9000 but their files
answer 6A82), SELECT EF, VERIFY (of the selected key EF or by SFI; with no data it answers 63Cn, the
tries left, and spends none), READ BINARY by offset and by SFI, and the JPKI AP's COMPUTE DIGITAL
SIGNATURE (`80 2A 00 80|SFI`, P1 00: PKCS#1 v1.5 over the DigestInfo the client sends).

Input-support AP: EF 0001 (PIN), EF 0002 and 0003 (PIN or 照合番号B); keys EF 0011 (PIN, 3 tries) and
EF 0015 (照合番号B). JPKI AP, as OpenSC's jpki driver and the public readers expect it: EF 000A
(authentication certificate), 000B (its CA), 0002 (signature CA), 0006 (token info), 0008 (which
certificates exist) free to read; EF 0001 (signature certificate) after the signature password;
keys EF 0018 (authentication PIN, 4 digits, 3 tries) and 001B (signature password, 5 tries); private
keys EF 0017 and 001A, used only by COMPUTE DIGITAL SIGNATURE after their key's VERIFY. A holder
without a signature password has no EF 0001, 0002, 001A, 001B (6A82); a face-authentication card (no
PIN) answers VERIFY of 0011 and 0018 with 6A88.

`FF CA 00 00 00` (PC/SC GET DATA, which a real reader answers itself) returns a random 4-byte Type B
PUPI that changes at every power-on. Security state is cleared when another AP is selected, on reset
and on power off. `verify_data_count` counts VERIFY commands that carried data (a PIN is never resent);
`get_data_count` counts GET DATA commands.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from typing import Callable

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.emulator.holder import CardHolder

logger = logging.getLogger(__name__)

PIN_MAX_TRIES = 3
CODE_B_MAX_TRIES = 10  # the real limit is UNCONFIRMED (mynumber-card.md §2.4)
JPKI_AUTH_PIN_MAX_TRIES = 3
JPKI_SIGN_PIN_MAX_TRIES = 5
KNOWN_AIDS = {A.AID_INPUT_SUPPORT: "input_support", A.AID_JPKI: "jpki", A.AID_CARD_FACE: "card_face",
              A.AID_JUKI: "juki", A.AID_COMMON: "common"}


@dataclass(frozen=True)
class Key:
    """A key EF: the card attribute that counts its tries, its limit, its secret and allowed lengths."""

    counter: str
    limit: int
    secret: Callable[[CardHolder], str | None]
    min_len: int
    max_len: int


KEYS: dict[tuple[str, int], Key] = {
    ("input_support", A.EF_PIN): Key("pin_tries_left", PIN_MAX_TRIES, lambda h: h.pin, 4, 4),
    ("input_support", A.EF_CODE_B): Key("code_b_tries_left", CODE_B_MAX_TRIES, lambda h: h.code_b(), 14, 14),
    ("jpki", A.EF_JPKI_AUTH_PIN): Key("jpki_auth_tries_left", JPKI_AUTH_PIN_MAX_TRIES, lambda h: h.jpki_pin, 4, 4),
    ("jpki", A.EF_JPKI_SIGN_PIN): Key("jpki_sign_tries_left", JPKI_SIGN_PIN_MAX_TRIES,
                                      lambda h: h.sign_password, 6, 16),
}
# private key EF → (the key EF whose VERIFY opens it, "auth" or "sign")
PRIVATE_KEYS = {A.EF_JPKI_AUTH_KEY: (A.EF_JPKI_AUTH_PIN, "auth"), A.EF_JPKI_SIGN_KEY: (A.EF_JPKI_SIGN_PIN, "sign")}
PIN_OR_CODE_B = frozenset({A.EF_PIN, A.EF_CODE_B})
# (AP, EF) → the key EFs of which one must be verified to read it (empty: free to read)
READ_RULES: dict[tuple[str, int], frozenset[int]] = {
    ("input_support", A.EF_MY_NUMBER): frozenset({A.EF_PIN}),
    ("input_support", A.EF_BASIC_FOUR): PIN_OR_CODE_B,
    ("input_support", A.EF_INTEGRITY): PIN_OR_CODE_B,
    ("jpki", A.EF_JPKI_AUTH_CERT): frozenset(),
    ("jpki", A.EF_JPKI_AUTH_CA_CERT): frozenset(),
    ("jpki", A.EF_JPKI_SIGN_CERT): frozenset({A.EF_JPKI_SIGN_PIN}),
    ("jpki", A.EF_JPKI_SIGN_CA_CERT): frozenset(),
    ("jpki", A.EF_JPKI_TOKEN_INFO): frozenset(),
    ("jpki", A.EF_JPKI_CERT_AVAILABILITY): frozenset(),
}
SIGN_ONLY = frozenset({A.EF_JPKI_SIGN_CERT, A.EF_JPKI_SIGN_CA_CERT, A.EF_JPKI_SIGN_KEY, A.EF_JPKI_SIGN_PIN})


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + A.sw_bytes(sw)


class MyNumberCard:
    """The card's answers to command APDUs; thread-safe (the vpcd link calls it from its thread)."""

    def __init__(self, holder: CardHolder) -> None:
        self.holder = holder
        self.pin_tries_left = int(holder.pin_tries_left or 0)
        self.code_b_tries_left = CODE_B_MAX_TRIES
        self.jpki_auth_tries_left = JPKI_AUTH_PIN_MAX_TRIES
        self.jpki_sign_tries_left = JPKI_SIGN_PIN_MAX_TRIES
        self.signature_count = 0
        self.verify_data_count = 0
        self.commands_seen = 0
        self.get_data_count = 0
        self._lock = threading.Lock()
        self._makers: dict[tuple[str, int], Callable[[], bytes]] = {
            ("input_support", A.EF_MY_NUMBER): holder.ef_my_number,
            ("input_support", A.EF_BASIC_FOUR): holder.ef_basic_four,
            ("input_support", A.EF_INTEGRITY): lambda: _pki().integrity_file(holder),
            ("jpki", A.EF_JPKI_AUTH_CERT): lambda: _pki().auth_certificate(holder),
            ("jpki", A.EF_JPKI_AUTH_CA_CERT): lambda: _pki().auth_ca_certificate(),
            ("jpki", A.EF_JPKI_TOKEN_INFO): lambda: _pki().token_info(),
            ("jpki", A.EF_JPKI_CERT_AVAILABILITY): lambda: _pki().certificate_availability(holder),
        }
        if holder.sign_password:
            self._makers[("jpki", A.EF_JPKI_SIGN_CERT)] = lambda: _pki().sign_certificate(holder)
            self._makers[("jpki", A.EF_JPKI_SIGN_CA_CERT)] = lambda: _pki().sign_ca_certificate()
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
            if command.cla == A.CLA_PROPRIETARY and command.ins == A.INS_COMPUTE_SIGNATURE:
                return self._compute_signature(command)
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
        if self.selected_ap == "jpki" and ef in SIGN_ONLY and not self.holder.sign_password:
            return False  # no signature certificate: none of its files
        if (self.selected_ap, ef) in KEYS:
            return True
        if self.selected_ap == "jpki" and ef in PRIVATE_KEYS:
            return True
        return (self.selected_ap, ef) in self._makers

    def _is_key_ef(self, ef: int) -> bool:
        return (self.selected_ap, ef) in KEYS or (self.selected_ap == "jpki" and ef in PRIVATE_KEYS)

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
        rule = KEYS.get((self.selected_ap, key))
        if rule is None:
            return _sw(SW.INCOMPATIBLE_FILE)
        if c.data:
            self.verify_data_count += 1
        secret = rule.secret(self.holder)
        if secret is None:
            return _sw(SW.REFERENCE_NOT_FOUND)  # face-auth card: no PIN is set
        return self._check_secret(c.data, secret, key, rule)

    def _check_secret(self, given: bytes, secret: str, key: int, rule: Key) -> bytes:
        left = getattr(self, rule.counter)
        if not given:
            return _sw(SW.VERIFY_FAILED | min(left, 15))  # report only, no try spent
        if left == 0:
            return _sw(SW.REFERENCE_NOT_USABLE)
        if not rule.min_len <= len(given) <= rule.max_len:
            return _sw(SW.WRONG_LENGTH)
        if secrets.compare_digest(given, secret.encode("ascii")):
            setattr(self, rule.counter, rule.limit)
            self.verified.add(key)
            return _sw(SW.OK)
        left -= 1
        setattr(self, rule.counter, left)
        self.verified.discard(key)
        return _sw(SW.VERIFY_FAILED | min(left, 15))

    # --- COMPUTE DIGITAL SIGNATURE (JPKI) --------------------------------------------------
    def _compute_signature(self, c: A.CommandApdu) -> bytes:
        if self.selected_ap != "jpki":
            return _sw(SW.INS_NOT_SUPPORTED)
        if c.p1 != 0x00:
            return _sw(SW.WRONG_P1P2)  # only P1 00 (the client's DigestInfo, PKCS#1 v1.5) is emulated
        if not c.p2 & 0x80:
            return _sw(SW.WRONG_P1P2)
        ef = (c.p2 & 0x1F) or self.current_ef
        if ef is None:
            return _sw(SW.NO_CURRENT_EF)
        if ef not in PRIVATE_KEYS or not self._ef_exists(ef):
            return _sw(SW.INCOMPATIBLE_FILE if self._ef_exists(ef) else SW.REFERENCE_NOT_FOUND)
        pin_ef, which = PRIVATE_KEYS[ef]
        if pin_ef not in self.verified:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        pki = _pki()
        try:
            signature = pki.sign_raw(pki.private_key(self.holder, which), c.data)
        except ValueError:
            return _sw(SW.WRONG_LENGTH)
        self.signature_count += 1
        return _sw(SW.OK, signature)

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
        if self._is_key_ef(ef):
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
