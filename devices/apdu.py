"""ISO 7816-4 command APDUs (short form only) and the status words kazasu meets on a My Number card.

`CommandApdu` builds and parses short APDUs (Lc ≤ 255, Le ≤ 256 with Le byte 00 meaning 256);
`StatusWord` names the status words; AID_ constants are the card applications of mynumber-card.md §1.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

INS_SELECT = 0xA4
INS_VERIFY = 0x20
INS_READ_BINARY = 0xB0
INS_GET_RESPONSE = 0xC0
INS_COMPUTE_SIGNATURE = 0x2A  # with CLA 80: the JPKI AP's COMPUTE DIGITAL SIGNATURE (§3.3)
CLA_PROPRIETARY = 0x80

P1_SELECT_BY_NAME = 0x04
P1_SELECT_EF = 0x02
P2_NO_RESPONSE_DATA = 0x0C

AID_JPKI = bytes.fromhex("D392F000260100000001")
AID_INPUT_SUPPORT = bytes.fromhex("D3921000310001010408")
AID_CARD_FACE = bytes.fromhex("D3921000310001010402")
AID_JUKI = bytes.fromhex("D3921000310001010401")
AID_COMMON = bytes.fromhex("D3921000310001010100")

EF_MY_NUMBER = 0x0001
EF_BASIC_FOUR = 0x0002
EF_INTEGRITY = 0x0003
EF_PIN = 0x0011
EF_CODE_A = 0x0014
EF_CODE_B = 0x0015
# JPKI AP (mynumber-card.md §3.1)
EF_JPKI_SIGN_CERT = 0x0001
EF_JPKI_SIGN_CA_CERT = 0x0002
EF_JPKI_TOKEN_INFO = 0x0006
EF_JPKI_CERT_AVAILABILITY = 0x0008
EF_JPKI_AUTH_CERT = 0x000A
EF_JPKI_AUTH_CA_CERT = 0x000B
EF_JPKI_AUTH_KEY = 0x0017
EF_JPKI_AUTH_PIN = 0x0018
EF_JPKI_SIGN_KEY = 0x001A
EF_JPKI_SIGN_PIN = 0x001B

INS_GET_DATA_PCSC = 0xCA  # with CLA FF: a PC/SC reader pseudo-APDU (PC/SC Part 3), answered by the reader


class StatusWord(IntEnum):
    OK = 0x9000
    WARNING_END_OF_FILE = 0x6282
    VERIFY_FAILED = 0x63C0  # low nibble = tries left
    WRONG_LENGTH = 0x6700
    INCOMPATIBLE_FILE = 0x6981
    SECURITY_NOT_SATISFIED = 0x6982
    AUTH_BLOCKED = 0x6983
    REFERENCE_NOT_USABLE = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    REFERENCE_NOT_FOUND = 0x6A88
    OFFSET_OUT_OF_RANGE = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


SW_OK = StatusWord.OK
SW_WRONG_LENGTH = StatusWord.WRONG_LENGTH
SW_SECURITY_NOT_SATISFIED = StatusWord.SECURITY_NOT_SATISFIED
SW_FILE_NOT_FOUND = StatusWord.FILE_NOT_FOUND
SW_OFFSET_OUT_OF_RANGE = StatusWord.OFFSET_OUT_OF_RANGE
SW_REFERENCE_NOT_USABLE = StatusWord.REFERENCE_NOT_USABLE


def is_verify_failed(sw: int) -> bool:
    """True for 63Cn (wrong secret / tries-left report)."""
    return sw & 0xFFF0 == 0x63C0


def sw_bytes(sw: int) -> bytes:
    return bytes(((sw >> 8) & 0xFF, sw & 0xFF))


def split_response(response: bytes) -> tuple[bytes, int]:
    """Split a response APDU into (data, status word)."""
    if len(response) < 2:
        raise ValueError("a response APDU has at least two bytes (SW1 SW2)")
    return bytes(response[:-2]), (response[-2] << 8) | response[-1]


@dataclass(frozen=True)
class CommandApdu:
    """A short command APDU. `le=None` means no Le field; `le=256` is encoded as 00."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must be one byte")
        if len(self.data) > 255:
            raise ValueError("short APDUs carry at most 255 data bytes")
        if self.le is not None and not 1 <= self.le <= 256:
            raise ValueError("Le must be 1..256 for a short APDU")

    def to_bytes(self) -> bytes:
        out = bytearray((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out.append(len(self.data))
            out += self.data
        if self.le is not None:
            out.append(self.le & 0xFF)
        return bytes(out)

    __bytes__ = to_bytes

    def with_le(self, le: int) -> "CommandApdu":
        return CommandApdu(self.cla, self.ins, self.p1, self.p2, self.data, le)

    @classmethod
    def parse(cls, raw: bytes) -> "CommandApdu":
        """Parse a short APDU of case 1, 2, 3 or 4; raises ValueError on a malformed one."""
        if len(raw) < 4:
            raise ValueError("an APDU has at least four bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, b"", body[0] or 256)
        lc = body[0]
        if lc == 0:
            raise ValueError("extended-length APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1:]))
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1:-1]), body[-1] or 256)
        raise ValueError("Lc does not match the APDU length")


def select_aid(aid: bytes) -> CommandApdu:
    return CommandApdu(0x00, INS_SELECT, P1_SELECT_BY_NAME, P2_NO_RESPONSE_DATA, aid)


def select_ef(ef_id: int) -> CommandApdu:
    return CommandApdu(0x00, INS_SELECT, P1_SELECT_EF, P2_NO_RESPONSE_DATA, ef_id.to_bytes(2, "big"))


def verify(secret: bytes = b"", sfi: int | None = None) -> CommandApdu:
    """VERIFY of the current key EF (P2 80) or by short EF id; empty `secret` asks for the tries left."""
    p2 = 0x80 if sfi is None else 0x80 | sfi
    return CommandApdu(0x00, INS_VERIFY, 0x00, p2, secret)


def read_binary(offset: int, le: int = 256) -> CommandApdu:
    if not 0 <= offset <= 0x7FFF:
        raise ValueError("READ BINARY offsets are 15 bits")
    return CommandApdu(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF, b"", le)


def read_binary_sfi(sfi: int, offset: int = 0, le: int = 256) -> CommandApdu:
    if not 1 <= sfi <= 30 or not 0 <= offset <= 0xFF:
        raise ValueError("SFI must be 1..30 and the offset one byte")
    return CommandApdu(0x00, INS_READ_BINARY, 0x80 | sfi, offset, b"", le)


def get_response(le: int) -> CommandApdu:
    return CommandApdu(0x00, INS_GET_RESPONSE, 0x00, 0x00, b"", le)
