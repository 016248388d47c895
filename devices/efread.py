"""READ BINARY loops shared by the card applications (mynumber-card.md §1.4, §2.2, §3.2).

`read_tlv_file` reads the currently selected EF until its outer BER-TLV is complete: a first read of
`first` bytes (256 for the input-support AP; 4 for a JPKI certificate header `30 82 HH LL`), then chunks
of at most 256 bytes at 15-bit offsets. `read_physical` reads a small EF to its end, filler included
(needed to hash EF 0001). Both raise CardProtocolError; 6982 is re-raised with its status word. Both
take the READ BINARY builder `command(offset, le)`: by default offsets in P1-P2 of the selected EF; the
input-support AP passes one that uses the EF's short identifier where it can (§1.4).
"""

from __future__ import annotations

from typing import Callable

from devices import apdu as A
from devices import tlv
from devices.apdu import StatusWord as SW
from devices.errors import CardProtocolError

CHUNK = 256
MAX_EF_SIZE = 0x8000  # 15-bit offsets

Send = Callable[[A.CommandApdu], tuple[bytes, int]]
ReadCommand = Callable[[int, int], A.CommandApdu]


def read_tlv_file(send: Send, label: str, first: int = CHUNK, command: ReadCommand = A.read_binary) -> bytes:
    """The complete outer TLV of the selected EF (trailing filler is not returned)."""
    buf = bytearray()
    while True:
        need = tlv.total_size(bytes(buf))
        if need is not None and len(buf) >= need:
            return bytes(buf[:need])
        if len(buf) >= MAX_EF_SIZE or (need is not None and need > MAX_EF_SIZE):
            raise CardProtocolError(f"{label} is larger than the card can address")
        if not buf:
            want = first
        else:
            want = CHUNK if need is None else min(CHUNK, need - len(buf))
        data, sw = send(command(len(buf), want))
        if sw == SW.SECURITY_NOT_SATISFIED:
            raise CardProtocolError(f"{label} is not open (no credential verified)", sw)
        if sw in (SW.OFFSET_OUT_OF_RANGE, SW.WARNING_END_OF_FILE) or (sw == SW.OK and not data):
            raise CardProtocolError(f"{label} ended before its TLV was complete", sw)
        if sw != SW.OK:
            raise CardProtocolError(f"READ BINARY of {label} failed", sw)
        buf += data[:want]


def read_physical(send: Send, label: str, limit: int = 4 * CHUNK, command: ReadCommand = A.read_binary) -> bytes:
    """The whole content of a small selected EF: read 256-byte chunks until a short read or 6B00."""
    buf = bytearray()
    while len(buf) < limit:
        data, sw = send(command(len(buf), CHUNK))
        if sw == SW.SECURITY_NOT_SATISFIED:
            raise CardProtocolError(f"{label} is not open (no credential verified)", sw)
        if sw == SW.OFFSET_OUT_OF_RANGE and buf:
            return bytes(buf)
        if sw not in (SW.OK, SW.WARNING_END_OF_FILE):
            raise CardProtocolError(f"READ BINARY of {label} failed", sw)
        buf += data[:CHUNK]
        if len(data) < CHUNK or sw == SW.WARNING_END_OF_FILE:
            return bytes(buf)
    raise CardProtocolError(f"{label} is larger than {limit} bytes")
