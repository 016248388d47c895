"""Session with the 券面事項入力補助AP (input-support application) of a My Number card.

`verify_pin` and `verify_code_b` always ask the card for the tries left first (empty VERIFY, no try
spent), refuse to send when the key is blocked or (unless allowed) only one try is left, then send the
secret exactly once and never again by itself. `read_basic_four` reads EF 0002 in chunks of at most
256 bytes. 照合番号B opens EF 0002 only; the My Number (EF 0001) needs the PIN.

Short EF identifiers (mynumber-card.md §1.4: every EF id of the AP is in 0001–001E, so its SFI is its
low byte): with `short_ef` (the default) VERIFY names the key by SFI (`P2 = 80|SFI`, no SELECT EF) and
READ BINARY reads the first 256 bytes of an EF by SFI (`P1 = 80|SFI`, `P2` = offset); only a file longer
than that is then SELECTed and read on at 15-bit offsets. A PIN read of the four facts is then four
commands: SELECT AP, empty VERIFY (tries), VERIFY, READ BINARY. If the card refuses the SFI form of the
empty VERIFY (6A86, 6A82, 6D00), the session falls back to SELECT EF for every later command before any
secret is sent.
"""

from __future__ import annotations

import logging

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.application import CardApplication
from devices.basic_four import BasicFour, decode_basic_four
from devices.credentials import CodeB, check_pin_format
from devices.efread import read_physical, read_tlv_file
from devices.errors import (
    CardProtocolError,
    CodeBBlockedError,
    LastTryRefusedError,
    MyNumberNeedsPinError,
    PinBlockedError,
    PinNotSetError,
    PurposeRequiredError,
    WrongCodeBError,
    WrongPinError,
)
from devices.integrity import IntegrityRecord, check_integrity, decode_integrity
from devices.my_number import MyNumber, decode_ef_my_number
from devices.transport import Transport

logger = logging.getLogger(__name__)


__all__ = ["InputSupportApp", "check_pin_format", "check_purpose"]

_BLOCKED = (SW.AUTH_BLOCKED, SW.REFERENCE_NOT_USABLE)
_NO_SFI = (SW.WRONG_P1P2, SW.FILE_NOT_FOUND, SW.INS_NOT_SUPPORTED)


class InputSupportApp(CardApplication):
    """The input-support AP over any Transport; selects itself on first use."""

    AID = A.AID_INPUT_SUPPORT
    LABEL = "input-support AP"

    def __init__(self, transport: Transport, short_ef: bool = True) -> None:
        super().__init__(transport)
        self.short_ef = short_ef
        self.verified_with: str | None = None  # "pin" or "code_b" once a VERIFY succeeded
        self._integrity: IntegrityRecord | None = None

    def _verify_command(self, key_ef: int, secret: bytes = b"") -> A.CommandApdu:
        """VERIFY by SFI, or of the current EF (which `_query_tries` selected)."""
        return A.verify(secret, sfi=key_ef) if self.short_ef else A.verify(secret)

    def _query_tries(self, key_ef: int = A.EF_PIN) -> tuple[int | None, int]:
        """(tries left or None, status word) from an empty VERIFY on a key EF (0011 or 0015)."""
        if self.short_ef:
            if not self._selected:
                self.select()
            _, sw = self._send(self._verify_command(key_ef))
            if sw in _NO_SFI:  # the card does not take the SFI form: SELECT EF from now on
                logger.info("the card refused VERIFY by short EF id (%04X); using SELECT EF", sw)
                self.short_ef = False
        if not self.short_ef:
            self._select_ef(key_ef)
            _, sw = self._send(A.verify())
        if A.is_verify_failed(sw):
            return sw & 0x0F, sw
        if sw in _BLOCKED:
            return 0, sw
        if sw in (SW.OK, SW.REFERENCE_NOT_FOUND):
            return None, sw  # already verified / no PIN set on this card
        raise CardProtocolError("the card did not report the PIN tries left", sw)

    def tries_left(self, require_pin: bool = False) -> int | None:
        """PIN tries left (0 = blocked) without spending one; None when the card does not say.
        With `require_pin`, a card with no PIN set (face-authentication card) raises PinNotSetError
        instead of answering None."""
        tries, sw = self._query_tries()
        if require_pin and sw == SW.REFERENCE_NOT_FOUND:
            raise PinNotSetError()
        return tries

    def verify_pin(self, pin: str, allow_last_try: bool = False) -> None:
        """Present the 4-digit PIN once. Raises WrongPinError, PinBlockedError, LastTryRefusedError,
        PinNotSetError; never retries."""
        secret = check_pin_format(pin)
        tries, sw = self._query_tries()
        if sw == SW.REFERENCE_NOT_FOUND:
            raise PinNotSetError()
        if tries == 0:
            raise PinBlockedError()
        if tries == 1 and not allow_last_try:
            raise LastTryRefusedError()
        logger.info("VERIFY of key EF 0011, once (tries left before: %s)", tries)
        _, sw = self._send(self._verify_command(A.EF_PIN, secret))
        if sw == SW.OK:
            self.verified_with = "pin"
            return
        if A.is_verify_failed(sw):
            left = sw & 0x0F
            if left == 0:
                raise PinBlockedError()
            raise WrongPinError(left)
        if sw in _BLOCKED:
            raise PinBlockedError()
        raise CardProtocolError("VERIFY failed", sw)

    def code_b_tries_left(self) -> int | None:
        """照合番号B tries left (0 = blocked) without spending one; None when the card does not say."""
        return self._query_tries(A.EF_CODE_B)[0]

    def verify_code_b(self, code_b: "str | CodeB", allow_last_try: bool = False) -> None:
        """Present 照合番号B (14 digits) once; its format is checked before the card is touched.
        Raises CodeBFormatError, WrongCodeBError, CodeBBlockedError, LastTryRefusedError; never retries."""
        secret = CodeB.parse(code_b).to_bytes()
        tries, sw = self._query_tries(A.EF_CODE_B)
        if sw == SW.REFERENCE_NOT_FOUND:
            raise CardProtocolError("the card has no 照合番号B key", sw)
        if tries == 0:
            raise CodeBBlockedError()
        if tries == 1 and not allow_last_try:
            raise LastTryRefusedError(
                "Only one 照合番号B try is left. Check the card face and confirm that you want to use the last try. "
                "Nothing was sent to the card.",
                message_ja="照合番号Bはあと1回間違えるとロックされます。券面を確認のうえ、最後の1回を使うことを"
                "選んでください。カードには送っていません。")
        logger.info("VERIFY of key EF 0015, once (tries left before: %s)", tries)
        _, sw = self._send(self._verify_command(A.EF_CODE_B, secret))
        if sw == SW.OK:
            self.verified_with = self.verified_with or "code_b"
            return
        if A.is_verify_failed(sw):
            left = sw & 0x0F
            if left == 0:
                raise CodeBBlockedError()
            raise WrongCodeBError(left)
        if sw in _BLOCKED:
            raise CodeBBlockedError()
        raise CardProtocolError("VERIFY of 照合番号B failed", sw)

    def _reader(self, ef_id: int):
        """The READ BINARY builder for `ef_id`: by SFI up to offset 255, then SELECT EF (once) and
        15-bit offsets; or SELECT EF first and offsets throughout when short EF ids are off."""
        if not self.short_ef:
            self._select_ef(ef_id)
            return A.read_binary
        if not self._selected:
            self.select()
        selected = False

        def command(offset: int, le: int) -> A.CommandApdu:
            nonlocal selected
            if offset <= 0xFF and not selected:
                return A.read_binary_sfi(ef_id, offset, le)
            if not selected:
                self._select_ef(ef_id)
                selected = True
            return A.read_binary(offset, le)
        return command

    def read_ef(self, ef_id: int) -> bytes:
        """Read a TLV-structured EF in chunks of at most 256 bytes until its outer TLV is complete."""
        return read_tlv_file(self._send, f"EF {ef_id:04X}", command=self._reader(ef_id))

    def read_physical(self, ef_id: int) -> bytes:
        """Read a small EF to its end, filler included (EF 0001 is 17 bytes)."""
        return read_physical(self._send, f"EF {ef_id:04X}", command=self._reader(ef_id))

    def read_integrity_record(self) -> IntegrityRecord:
        """EF 0003 (hashes of EF 0001/0002 and a signature; open after the PIN or 照合番号B); read once
        per session."""
        if self._integrity is None:
            self._integrity = decode_integrity(self.read_ef(A.EF_INTEGRITY))
        return self._integrity

    def read_my_number(self, purpose: str, verify_integrity: bool = False) -> MyNumber:
        """Read EF 0001 (needs the verified PIN; 照合番号B does not open it) with a stated purpose."""
        check_purpose(purpose)
        if self.verified_with == "code_b":
            raise MyNumberNeedsPinError()
        logger.info("reading EF 0001; stated purpose: %s", purpose)
        try:
            physical = self.read_physical(A.EF_MY_NUMBER)
        except CardProtocolError as exc:
            if exc.sw == SW.SECURITY_NOT_SATISFIED:
                raise MyNumberNeedsPinError() from None
            raise
        number = decode_ef_my_number(physical)
        if verify_integrity:
            check_integrity(self.read_integrity_record(), ef0001_physical=physical)
        return number

    def read_basic_four(self, verify_integrity: bool = False) -> BasicFour:
        """Read and decode EF 0002 (needs a verified PIN or 照合番号B); with `verify_integrity`, also
        compare it with its hash in EF 0003 (IntegrityError on a mismatch)."""
        content = self.read_ef(A.EF_BASIC_FOUR)
        four = decode_basic_four(content)
        if verify_integrity:
            check_integrity(self.read_integrity_record(), ef0002=content)
        return four


def check_purpose(purpose: object) -> str:
    """The stated purpose of a My Number read: non-empty text, else PurposeRequiredError."""
    if not isinstance(purpose, str) or not purpose.strip():
        raise PurposeRequiredError()
    return purpose.strip()
