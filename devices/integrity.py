"""EF 0003 of the input-support AP: SHA-256 hashes of EF 0001 and EF 0002 and a signature (§2.7).

`FF30 { DF31 SHA-256(EF 0001 physical content, FF filler included), DF32 SHA-256(EF 0002's outer value
with the DF21 offset table element skipped), DF33 RSA signature }`. `check_integrity` compares the
hashes with what was read. The DF33 signature is NOT verified: that needs J-LIS's CV CA key (EF 0004
chain), which kazasu does not hold, so a match proves the data is consistent with the card's own
record, not that the card is genuine.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from devices import tlv
from devices.errors import CardProtocolError, IntegrityError

TAG_INTEGRITY = 0xFF30
TAG_HASH_MY_NUMBER, TAG_HASH_BASIC_FOUR, TAG_SIGNATURE = 0xDF31, 0xDF32, 0xDF33
TAG_BASIC_FOUR, TAG_OFFSETS = 0xFF20, 0xDF21


@dataclass(frozen=True)
class IntegrityRecord:
    my_number_hash: bytes
    basic_four_hash: bytes
    signature: bytes


def decode_integrity(data: bytes) -> IntegrityRecord:
    try:
        fields = tlv.template_fields(data, TAG_INTEGRITY)
    except tlv.TlvError as exc:
        raise CardProtocolError(f"EF 0003 is not a valid FF30 template: {exc}") from None
    hashes = [fields.get(TAG_HASH_MY_NUMBER), fields.get(TAG_HASH_BASIC_FOUR)]
    if any(h is None or len(h) != 32 for h in hashes):
        raise CardProtocolError("EF 0003 lacks a 32-byte DF31 or DF32 hash")
    return IntegrityRecord(hashes[0], hashes[1], fields.get(TAG_SIGNATURE, b""))


def basic_four_digest(ef0002: bytes) -> bytes:
    """SHA-256 over EF 0002's outer FF20 value with the leading DF21 offset-table element skipped."""
    try:
        outer = tlv.read_tlv(ef0002, 0)
        first = tlv.read_tlv(outer.value, 0)
    except tlv.TlvError as exc:
        raise CardProtocolError(f"EF 0002 is not valid BER-TLV: {exc}") from None
    if outer.tag != TAG_BASIC_FOUR or first.tag != TAG_OFFSETS:
        raise CardProtocolError("EF 0002 does not start with FF20 { DF21 … }")
    return hashlib.sha256(outer.value[first.end:]).digest()


def check_integrity(record: IntegrityRecord, ef0001_physical: bytes | None = None,
                    ef0002: bytes | None = None) -> None:
    """Raise IntegrityError when a given file does not match its hash in EF 0003."""
    if ef0001_physical is not None and not hmac.compare_digest(
            hashlib.sha256(ef0001_physical).digest(), record.my_number_hash):
        raise IntegrityError("EF 0001 does not match DF31 of EF 0003")
    if ef0002 is not None and not hmac.compare_digest(basic_four_digest(ef0002), record.basic_four_hash):
        raise IntegrityError("EF 0002 does not match DF32 of EF 0003")
