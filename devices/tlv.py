"""BER-TLV encoding and parsing as the My Number card uses it: 1- and 2-byte tags (FF20, DF21)
and definite lengths in short form or long form (81 xx, 82 xx xx, 83 xx xx xx).
"""

from __future__ import annotations

from dataclasses import dataclass


class TlvError(ValueError):
    """Malformed or truncated BER-TLV."""


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    start: int   # offset of the tag's first byte in the parsed buffer
    end: int     # offset just after the value


def read_tag(buf: bytes, pos: int) -> tuple[int, int]:
    """Return (tag, next position). Multi-byte tags: low five bits 11111, then bytes with bit 8 set."""
    if pos >= len(buf):
        raise TlvError("truncated tag")
    first = buf[pos]
    tag, pos = first, pos + 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= len(buf):
                raise TlvError("truncated tag")
            byte = buf[pos]
            tag, pos = (tag << 8) | byte, pos + 1
            if not byte & 0x80:
                break
            if tag > 0xFFFFFF:
                raise TlvError("tag too long")
    return tag, pos


def read_length(buf: bytes, pos: int) -> tuple[int, int]:
    """Return (length, next position) for a definite BER length."""
    if pos >= len(buf):
        raise TlvError("truncated length")
    first = buf[pos]
    if first < 0x80:
        return first, pos + 1
    count = first & 0x7F
    if count == 0:
        raise TlvError("indefinite lengths are not used on this card")
    if count > 3:
        raise TlvError("length field too long")
    if pos + 1 + count > len(buf):
        raise TlvError("truncated length")
    return int.from_bytes(buf[pos + 1:pos + 1 + count], "big"), pos + 1 + count


def read_tlv(buf: bytes, pos: int = 0) -> Tlv:
    """Parse one TLV starting at `pos`; raises TlvError if the value runs past the buffer."""
    tag, vpos = read_tag(buf, pos)
    length, vpos = read_length(buf, vpos)
    end = vpos + length
    if end > len(buf):
        raise TlvError("value runs past the end of the data")
    return Tlv(tag, bytes(buf[vpos:end]), pos, end)


def total_size(buf: bytes) -> int | None:
    """Size in bytes of the complete TLV at the start of `buf` (header + value), or None when the
    header itself is not complete yet. Used to know how much more of a file to read."""
    try:
        _, pos = read_tag(buf, 0)
        length, pos = read_length(buf, pos)
    except TlvError:
        return None
    return pos + length


def parse_all(buf: bytes) -> list[Tlv]:
    """Parse consecutive TLVs filling `buf` exactly (offsets are relative to `buf`)."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(buf):
        item = read_tlv(buf, pos)
        out.append(item)
        pos = item.end
    return out


def template_fields(buf: bytes, tag: int) -> dict[int, bytes]:
    """The children of the constructed TLV `tag` at the start of `buf`, by tag (filler after it is
    ignored). TlvError when `buf` starts with another tag or is not valid BER-TLV."""
    outer = read_tlv(buf, 0)
    if outer.tag != tag:
        raise TlvError(f"starts with tag {outer.tag:X}, not {tag:X}")
    return {item.tag: item.value for item in parse_all(outer.value)}


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_length(length: int) -> bytes:
    if length < 0:
        raise ValueError("negative length")
    if length < 0x80:
        return bytes((length,))
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    if len(body) > 3:
        raise ValueError("length too large")
    return bytes((0x80 | len(body),)) + body


def encode(tag: int, value: bytes) -> bytes:
    return encode_tag(tag) + encode_length(len(value)) + value
