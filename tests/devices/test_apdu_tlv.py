"""APDU building/parsing and BER-TLV parsing (long-form lengths, two-byte tags)."""

import pytest

from devices import apdu as A
from devices import tlv


def test_select_aid_bytes():
    assert A.select_aid(A.AID_INPUT_SUPPORT).to_bytes() == bytes.fromhex("00A4040C0AD3921000310001010408")


def test_select_ef_verify_and_read_bytes():
    assert A.select_ef(0x0011).to_bytes() == bytes.fromhex("00A4020C020011")
    assert A.verify().to_bytes() == bytes.fromhex("00200080")
    assert A.verify(b"1234").to_bytes() == bytes.fromhex("002000800431323334")
    assert A.verify(b"", sfi=0x11).to_bytes() == bytes.fromhex("00200091")
    assert A.read_binary(0, 256).to_bytes() == bytes.fromhex("00B0000000")
    assert A.read_binary(0x0123, 17).to_bytes() == bytes.fromhex("00B0012311")
    assert A.read_binary_sfi(2, 0x10, 7).to_bytes() == bytes.fromhex("00B0821007")


@pytest.mark.parametrize("raw, data, le", [
    ("00200080", b"", None),
    ("00B0000000", b"", 256),
    ("00A4020C020002", b"\x00\x02", None),
    ("00A4040002AABB05", b"\xaa\xbb", 5),
])
def test_parse_cases(raw, data, le):
    command = A.CommandApdu.parse(bytes.fromhex(raw))
    assert (command.data, command.le) == (data, le)
    assert command.to_bytes().hex().upper() == raw


def test_parse_rejects_bad_lengths():
    with pytest.raises(ValueError):
        A.CommandApdu.parse(b"\x00\xa4\x02")
    with pytest.raises(ValueError):
        A.CommandApdu.parse(bytes.fromhex("00A4020C0300"))
    with pytest.raises(ValueError):
        A.read_binary(0x8000)


def test_split_response_and_sw_helpers():
    assert A.split_response(b"\x01\x02\x90\x00") == (b"\x01\x02", 0x9000)
    assert A.is_verify_failed(0x63C2) and not A.is_verify_failed(0x6982)
    assert A.sw_bytes(A.SW_OK) == b"\x90\x00"


def test_tlv_short_and_two_byte_tags():
    data = bytes.fromhex("FF2006DF2103414243")
    outer = tlv.read_tlv(data)
    assert outer.tag == 0xFF20 and outer.end == len(data)
    (inner,) = tlv.parse_all(outer.value)
    assert (inner.tag, inner.value) == (0xDF21, b"ABC")


@pytest.mark.parametrize("size, header", [(0x7F, "7F"), (0x80, "8180"), (0xFF, "81FF"),
                                          (0x100, "820100"), (0x1234, "821234")])
def test_tlv_long_form_lengths(size, header):
    encoded = tlv.encode(0xDF23, b"x" * size)
    assert encoded[:2] == b"\xdf\x23"
    assert encoded[2:2 + len(header) // 2].hex().upper() == header
    item = tlv.read_tlv(encoded + b"\xff\xff")
    assert item.value == b"x" * size and item.end == len(encoded)
    assert tlv.total_size(encoded[:2 + len(header) // 2]) == len(encoded)


def test_tlv_total_size_of_incomplete_header_and_errors():
    assert tlv.total_size(b"") is None
    assert tlv.total_size(b"\xff") is None
    assert tlv.total_size(b"\xff\x20\x82\x01") is None
    with pytest.raises(tlv.TlvError):
        tlv.read_tlv(bytes.fromhex("DF2205414243"))  # value runs past the end
    with pytest.raises(tlv.TlvError):
        tlv.read_length(b"\x80", 0)  # indefinite length
