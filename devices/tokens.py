"""Other contactless cards as plain tokens: FeliCa IDm and ISO 14443 Type A UID over PC/SC.

PC/SC Part 3 readers answer the pseudo-APDU GET DATA `FF CA 00 00 00` with the card's identifier
(UID / IDm / PUPI), and describe contactless *storage* cards with a synthesised ATR
`3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00 TCK`: RID A0 00 00 03 06 (PC/SC workgroup),
SS = the standard (01–03 ISO 14443 A parts 1–3, 05–07 ISO 14443 B, 11 FeliCa), NN NN = card name.
kazasu tells FeliCa from Type A by that SS byte (with a valid TCK); an ISO-DEP card's ATR
(`3B 8n 80 01 …`) cannot say A from B reliably and a Type B PUPI may be random, so neither is used as
an id (UnknownCardError); nor is a random Type A UID (4 bytes starting with 08). The My Number card never comes here
(devices.card_id selects JPKI first).
"""

from __future__ import annotations

from functools import reduce

from devices.apdu import CommandApdu
from devices.apdu import StatusWord as SW
from devices.errors import CardProtocolError, UnknownCardError
from devices.transport import Transport

PCSC_RID = bytes.fromhex("A000000306")
STORAGE_ATR_PREFIX = bytes.fromhex("3B8F8001804F0C") + PCSC_RID
KIND_FELICA, KIND_TYPE_A = "felica", "type_a"
STANDARD_KINDS = {0x01: KIND_TYPE_A, 0x02: KIND_TYPE_A, 0x03: KIND_TYPE_A, 0x11: KIND_FELICA}
ID_LENGTHS = {KIND_FELICA: (8,), KIND_TYPE_A: (4, 7, 10)}
GET_UID = CommandApdu(0xFF, 0xCA, 0x00, 0x00, b"", 256)


def tck(body: bytes) -> int:
    """The ATR check byte for the bytes from T0 to the last historical byte."""
    return reduce(lambda a, b: a ^ b, body, 0)


def storage_atr(standard: int, card_name: int) -> bytes:
    """A PC/SC Part 3 storage-card ATR (what a reader reports for FeliCa / MIFARE-like cards)."""
    body = STORAGE_ATR_PREFIX[1:] + bytes((standard,)) + card_name.to_bytes(2, "big") + bytes(4)
    return b"\x3b" + body + bytes((tck(body),))


def parse_storage_atr(atr: bytes) -> tuple[int, int] | None:
    """(standard byte, card name) of a PC/SC Part 3 storage-card ATR, or None for any other ATR."""
    if len(atr) != 20 or not atr.startswith(STORAGE_ATR_PREFIX) or tck(atr[1:]) != 0:
        return None
    return atr[12], int.from_bytes(atr[13:15], "big")


def token_kind(atr: bytes) -> str | None:
    """'felica' or 'type_a' when the ATR says so, else None."""
    parsed = parse_storage_atr(bytes(atr))
    return None if parsed is None else STANDARD_KINDS.get(parsed[0])


def read_token_id(transport: Transport, atr: bytes) -> tuple[str, bytes]:
    """(kind, IDm or UID) of a FeliCa or Type A card; UnknownCardError for anything else."""
    kind = token_kind(atr)
    if kind is None:
        raise UnknownCardError()
    data, sw = transport.transmit(GET_UID.to_bytes())
    if sw in (SW.INCOMPATIBLE_FILE, SW.FILE_NOT_FOUND, SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED,
              0x6A81):
        raise UnknownCardError()
    if sw != SW.OK:
        raise CardProtocolError("GET DATA (UID) failed", sw)
    return kind, check_token_id(kind, data)


def check_token_id(kind: str, uid: bytes) -> bytes:
    """The id if it can recognise a card: the right length, and not a random Type A id (first byte 08
    of a 4-byte UID, ISO/IEC 14443-3), which changes at every activation."""
    if len(uid) not in ID_LENGTHS[kind]:
        raise CardProtocolError(f"a {kind} id of {len(uid)} bytes is not valid")
    if kind == KIND_TYPE_A and len(uid) == 4 and uid[0] == 0x08:
        raise UnknownCardError()
    return uid
