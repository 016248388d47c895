"""A sealed message as the text of QR codes: `KZ` and digits, in numbered parts only when it is long.

Digits because a keyboard-wedge scanner types them the same on every keyboard layout (a scanner set
to US keys on a JIS keyboard garbles `*`, `+`, `:`), and because QR's numeric mode packs them at 3⅓
bits a digit: 7 bytes become 17 digits (57 bits), so the digits cost under 2 % over the bytes. The two
letters `KZ` (an alphanumeric segment) tell a pre-registration code from other barcodes.

One part's frame, before the digits: version (1), part number << 4 | parts (1 byte, at most 15),
set id (2 bytes: SHA-256 of the whole message), the whole message's length (2 bytes), this part's
bytes. A message is split only when it is longer than `MAX_PART_BYTES`, into equal parts.
"""

from __future__ import annotations

import hashlib
import math
import struct

from sync.prereg import errors as e

PREFIX = "KZ"
FRAME_VERSION = 1
GROUP = 7  # bytes per group of digits
DIGITS = {k: len(str(256 ** k - 1)) for k in range(1, GROUP + 1)}  # 1:3 2:5 3:8 4:10 5:13 6:15 7:17
BYTES_OF = {d: k for k, d in DIGITS.items()}
MAX_PART_BYTES = 600  # about a version-15 QR at level M: still read from a phone screen at arm's length
MAX_PARTS = 15
FRAME_HEAD = 6


def to_digits(data: bytes) -> str:
    return "".join(str(int.from_bytes(data[i:i + GROUP], "big")).zfill(DIGITS[len(data[i:i + GROUP])])
                   for i in range(0, len(data), GROUP))


def from_digits(digits: str) -> bytes:
    out = bytearray()
    full = DIGITS[GROUP]
    for i in range(0, len(digits), full):
        group = digits[i:i + full]
        size = BYTES_OF.get(len(group))
        if size is None:
            raise e.TruncatedError()
        value = int(group)
        if value >= 256 ** size:
            raise e.TamperedError()
        out += value.to_bytes(size, "big")
    return bytes(out)


def digit_count(size: int) -> int:
    """How many digits `size` bytes take."""
    full, rest = divmod(size, GROUP)
    return full * DIGITS[GROUP] + (DIGITS[rest] if rest else 0)


def part_sizes(total: int, count: int) -> list[int]:
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def split(blob: bytes, max_part: int = MAX_PART_BYTES) -> list[str]:
    """The texts of the QR codes of a sealed message (one unless it is longer than `max_part`)."""
    count = max(1, math.ceil(len(blob) / max_part))
    if count > MAX_PARTS or len(blob) > 0xFFFF:
        raise e.TooLargeError()
    set_id = hashlib.sha256(blob).digest()[:2]
    texts, pos = [], 0
    for index, size in enumerate(part_sizes(len(blob), count), start=1):
        frame = bytes([FRAME_VERSION, index << 4 | count]) + set_id + struct.pack(">H", len(blob)) \
            + blob[pos:pos + size]
        pos += size
        texts.append(PREFIX + to_digits(frame))
    return texts


def parse_part(text: str) -> tuple[int, int, bytes, int, bytes]:
    """(part number, parts, set id, message length, bytes) of one code's text, or a typed error."""
    text = "".join(str(text).split())
    if text[:2].upper() != PREFIX:
        raise e.NotACodeError()
    digits = text[2:]
    if not digits:
        raise e.TruncatedError()
    if not digits.isascii() or not digits.isdigit():
        raise e.TamperedError()
    head = from_digits(digits[:DIGITS[GROUP]]) if len(digits) >= DIGITS[GROUP] else b""
    if len(head) < FRAME_HEAD:
        raise e.TruncatedError()
    if head[0] != FRAME_VERSION:
        raise e.NotACodeError()
    index, count = head[1] >> 4, head[1] & 0x0F
    (total,) = struct.unpack(">H", head[4:6])
    if not 1 <= index <= count:
        raise e.TamperedError()
    expected = digit_count(FRAME_HEAD + part_sizes(total, count)[index - 1])
    if len(digits) < expected:  # the text was cut short (a scan of part of the code, a lost tail)
        raise e.TruncatedError()
    if len(digits) > expected:
        raise e.TamperedError()
    frame = from_digits(digits)
    chunk = frame[FRAME_HEAD:]
    return index, count, bytes(frame[2:4]), total, chunk


class Parts:
    """Collects the numbered codes of one message; `add(text)` returns the message once complete.

    A part of another message starts over with that message (a second household scanned before the
    first was complete); `missing()` lists the part numbers still to scan."""

    def __init__(self) -> None:
        self.set_id: bytes | None = None
        self.count = 0
        self.total = 0
        self.chunks: dict[int, bytes] = {}

    def add(self, text: str) -> bytes | None:
        index, count, set_id, total, chunk = parse_part(text)
        if (set_id, count, total) != (self.set_id, self.count, self.total):
            self.set_id, self.count, self.total, self.chunks = set_id, count, total, {}
        self.chunks[index] = chunk
        if len(self.chunks) < count:
            return None
        blob = b"".join(self.chunks[i] for i in range(1, count + 1))
        if hashlib.sha256(blob).digest()[:2] != set_id:
            self.chunks = {}
            raise e.TamperedError()
        return blob

    def missing(self) -> list[int]:
        return [i for i in range(1, self.count + 1) if i not in self.chunks]

    def incomplete(self) -> e.IncompleteError:
        return e.IncompleteError(sorted(self.chunks), self.count)
