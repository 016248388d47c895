"""The PIN path and EF 0002 decoding against the emulator through the in-process transport."""

import datetime as dt
import logging

import pytest

from devices import apdu as A
from devices.basic_four import decode_basic_four
from devices.emulator import CardHolder, MyNumberCard
from devices.errors import (
    CardProtocolError,
    LastTryRefusedError,
    NotMyNumberCardError,
    PinBlockedError,
    PinFormatError,
    PinNotSetError,
    WrongPinError,
)
from devices.inprocess import InProcessTransport
from devices.input_support import InputSupportApp
from devices.reading import BasicFour, read_basic_four


def expected(person):
    b = person["birth_date"]
    return {"name": person["name"], "address": person["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": person["sex"]}


class RecordingTransport(InProcessTransport):
    """In-process transport that also records every command sent."""

    def __init__(self, card):
        super().__init__(card)
        self.sent: list[bytes] = []

    def transmit(self, apdu):
        self.sent.append(bytes(apdu))
        return super().transmit(apdu)


def make(person, **changes):
    card = MyNumberCard(CardHolder.from_dict({**person, **changes}))
    return card, RecordingTransport(card)


def test_every_person_decodes_exactly_with_code_b(people):
    for person in people:
        card, transport = make(person)
        app = InputSupportApp(transport)
        app.select()
        transport.transmit(A.select_ef(A.EF_CODE_B).to_bytes())
        _, sw = transport.transmit(A.verify(card.holder.code_b().encode()).to_bytes())
        assert sw == 0x9000
        assert app.read_basic_four().to_dict() == expected(person), person["note"]


def test_every_person_with_a_usable_pin_reads_with_the_pin(people):
    readable = [p for p in people if p["pin"] and p["pin_tries_left"]]
    assert len(readable) == 10
    for person in readable:
        card, transport = make(person)
        four = read_basic_four(transport, person["pin"], allow_last_try=True)
        assert four.to_dict() == expected(person)
        assert card.verify_data_count == 1


def test_special_characters_survive(people):
    by_note = {p["name"]: p for p in people}
    for name in ("𠮷田　修", "髙橋　﨑子", "SMITH JOHN", "グエン　ヴァン　アン"):
        _, transport = make(by_note[name], pin_tries_left=3)
        assert read_basic_four(transport, by_note[name]["pin"]).name == name
    assert "\U00020BB7" in "𠮷田　修" and "\uFA11" in "髙橋　﨑子"
    nakamura = next(p for p in people if p["sex"] == "9")
    _, transport = make(nakamura)
    four = read_basic_four(transport, nakamura["pin"])
    assert four.sex_code == "9" and four.birth_date == dt.date(1940, 2, 10)


def test_unknown_sex_code_kept_verbatim(people):
    _, transport = make(people[0], sex="3")
    assert read_basic_four(transport, "1234").sex_code == "3"


def test_kyoto_long_address_reads(people):
    kyoto = people[5]
    _, transport = make(kyoto, pin_tries_left=3)
    assert read_basic_four(transport, kyoto["pin"]).to_dict() == expected(kyoto)


def test_very_long_address_is_read_in_several_chunks(people):
    address = people[5]["address"] * 6  # > 600 bytes of UTF-8: three chunks
    card, transport = make(people[5], pin_tries_left=3, address=address)
    four = read_basic_four(transport, people[5]["pin"])
    assert four.address == address
    reads = [c for c in transport.sent if c[1] == A.INS_READ_BINARY]
    assert len(reads) >= 3
    for command in reads:
        le = command[4] or 256
        assert le <= 256
    assert reads[0][2:4] == bytes((0x80 | A.EF_BASIC_FOUR, 0))   # the first 256 bytes by short EF id
    select_0002 = A.select_ef(A.EF_BASIC_FOUR).to_bytes()
    assert transport.sent.count(select_0002) == 1                   # then SELECT EF once, offsets on
    assert transport.sent.index(select_0002) == transport.sent.index(reads[1]) - 1
    offsets = [(c[2] << 8) | c[3] for c in reads[1:]]
    assert offsets == sorted(offsets) and offsets[0] == 256 and all(o < 0x8000 for o in offsets)


PIN_READ_SHORT_EF = ["00A4040C0AD3921000310001010408",   # SELECT the input-support AP
                     "00200091",                          # empty VERIFY of EF 0011 by SFI: tries left
                     "002000910431323334",                # VERIFY "1234" by SFI (P2 = 80|11)
                     "00B0820000"]                        # READ BINARY of EF 0002 by SFI (P1 = 80|02)


def test_pin_read_uses_short_ef_ids_four_commands(people):
    card, transport = make(people[0])
    assert read_basic_four(transport, "1234").to_dict() == expected(people[0])
    assert [c.hex().upper() for c in transport.sent] == [c.upper() for c in PIN_READ_SHORT_EF]
    assert card.verify_data_count == 1


def test_without_short_ef_ids_six_commands(people):
    card, transport = make(people[0])
    app = InputSupportApp(transport, short_ef=False)
    app.verify_pin("1234")
    assert app.read_basic_four().to_dict() == expected(people[0])
    assert [c[:4].hex().upper() for c in transport.sent] == [
        "00A4040C", "00A4020C", "00200080", "00200080", "00A4020C", "00B00000"]


def test_card_refusing_sfi_verify_falls_back_before_any_pin(people):
    from devices.emulator.faults import Faults, FaultyCard
    card = FaultyCard(MyNumberCard(CardHolder.from_dict(people[0])), Faults(status={2: 0x6A86}))
    transport = RecordingTransport(card)
    assert read_basic_four(transport, "1234").to_dict() == expected(people[0])
    with_data = [c for c in transport.sent if c[1] == A.INS_VERIFY and len(c) > 5]
    assert len(with_data) == 1 and with_data[0][3] == 0x80      # the PIN went by SELECT EF, once
    assert card.verify_data_count == 1 and card.pin_tries_left == 3


def test_my_number_and_integrity_by_short_ef_ids(people):
    from devices.reading import read_card
    card, transport = make(people[0])
    read = read_card(transport, pin="1234", with_number=True, purpose="test", verify_integrity=True)
    assert len(read.my_number.value) == 12
    reads = [c for c in transport.sent if c[1] == A.INS_READ_BINARY]
    assert {c[2] for c in reads if c[2] & 0x80} == {0x80 | A.EF_BASIC_FOUR, 0x80 | A.EF_MY_NUMBER,
                                                    0x80 | A.EF_INTEGRITY}
    # EF 0003 (hashes + a 256-byte signature) is longer than 256 bytes: the only SELECT EF is its own
    selects = [c for c in transport.sent if c[1] == A.INS_SELECT and c[2] == 0x02]
    assert selects == [A.select_ef(A.EF_INTEGRITY).to_bytes()]


def test_wrong_pin_reports_tries_left_and_is_sent_once(people):
    card, transport = make(people[0])
    with pytest.raises(WrongPinError) as info:
        read_basic_four(transport, "9999")
    assert info.value.tries_left == 2 and info.value.details() == {"tries_left": 2}
    assert card.verify_data_count == 1
    assert "9999" not in info.value.message_en + info.value.message_ja


def test_pin_is_never_resent(people):
    card, transport = make(people[0])
    app = InputSupportApp(transport)
    app.verify_pin("1234")
    app.read_basic_four()
    app.read_basic_four()
    assert card.verify_data_count == 1
    verifies_with_data = [c for c in transport.sent if c[1] == A.INS_VERIFY and len(c) > 4]
    assert len(verifies_with_data) == 1
    empty_verifies = [c for c in transport.sent if c[1] == A.INS_VERIFY and len(c) == 4]
    assert transport.sent.index(empty_verifies[0]) < transport.sent.index(verifies_with_data[0])


def test_blocked_pin_sends_nothing(people):
    card, transport = make(people[5])  # pin_tries_left 0
    with pytest.raises(PinBlockedError) as info:
        read_basic_four(transport, people[5]["pin"])
    assert card.verify_data_count == 0
    assert info.value.details() == {"tries_left": 0}
    assert "市区町村" in info.value.message_ja and "municipal office" in info.value.message_en


def test_third_wrong_pin_blocks(people):
    card, transport = make(people[0], pin_tries_left=2)
    with pytest.raises(WrongPinError):
        read_basic_four(transport, "0000")
    with pytest.raises(PinBlockedError):
        read_basic_four(transport, "0000", allow_last_try=True)
    assert card.pin_tries_left == 0 and card.verify_data_count == 2


def test_last_try_refused_unless_allowed(people):
    suzuki = people[2]  # one try left
    card, transport = make(suzuki)
    with pytest.raises(LastTryRefusedError):
        read_basic_four(transport, suzuki["pin"])
    assert card.verify_data_count == 0 and card.pin_tries_left == 1
    assert read_basic_four(transport, suzuki["pin"], allow_last_try=True).to_dict() == expected(suzuki)
    assert card.verify_data_count == 1 and card.pin_tries_left == 3


def test_tries_left(people):
    for person, tries in ((people[0], 3), (people[9], 2), (people[2], 1), (people[5], 0)):
        _, transport = make(person)
        assert InputSupportApp(transport).tries_left() == tries
    _, transport = make(people[8])
    assert InputSupportApp(transport).tries_left() is None


def test_face_auth_card_without_pin(people):
    card, transport = make(people[8])
    with pytest.raises(PinNotSetError):
        read_basic_four(transport, "1234")
    assert card.verify_data_count == 0


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "１２３４", "", " 1234", None, 1234])
def test_pin_format_error_touches_no_card(people, pin):
    card, transport = make(people[0])
    with pytest.raises(PinFormatError):
        read_basic_four(transport, pin)
    assert transport.sent == [] and card.commands_seen == 0


class NotACard:
    def process(self, apdu):
        return b"\x6a\x82"


def test_not_a_my_number_card():
    with pytest.raises(NotMyNumberCardError):
        read_basic_four(InProcessTransport(NotACard()), "1234")


def test_read_without_verify_is_a_protocol_error(people):
    _, transport = make(people[0])
    with pytest.raises(CardProtocolError) as info:
        InputSupportApp(transport).read_basic_four()
    assert info.value.sw == 0x6982


def test_decode_rejects_bad_records():
    from devices import tlv
    good_parts = [tlv.encode(0xDF21, bytes(8)), tlv.encode(0xDF22, "名".encode()), tlv.encode(0xDF23, b"A"),
                  tlv.encode(0xDF24, b"19800101"), tlv.encode(0xDF25, b"1")]
    assert decode_basic_four(tlv.encode(0xFF20, b"".join(good_parts))).name == "名"
    bad_utf8 = good_parts[:2] + [tlv.encode(0xDF23, b"\xed\xa0\x80")] + good_parts[3:]
    for record in (tlv.encode(0xFF20, b"".join(bad_utf8)),
                   tlv.encode(0xFF20, b"".join(good_parts[:4])),
                   tlv.encode(0xFF30, b"".join(good_parts)),
                   tlv.encode(0xFF20, b"".join(good_parts[:3] + [tlv.encode(0xDF24, b"19801301")] +
                                               good_parts[4:])),
                   b"\xff\x20\x81"):
        with pytest.raises(CardProtocolError):
            decode_basic_four(record)


def test_truncated_file_is_a_protocol_error(people):
    class Truncating(MyNumberCard):
        def process(self, apdu):
            response = super().process(apdu)
            if apdu[1] == A.INS_READ_BINARY and response[-2:] == b"\x90\x00":
                return response[:20] + b"\x90\x00" if apdu[2] == 0 and apdu[3] == 0 else b"\x6b\x00"
            return response

    card = Truncating(CardHolder.from_dict(people[0]))
    with pytest.raises(CardProtocolError):
        read_basic_four(InProcessTransport(card), "1234")


def test_basic_four_repr_hides_personal_data():
    four = BasicFour("山田　太郎", "東京都", dt.date(1980, 4, 2), "1")
    assert "山田" not in repr(four) and "東京" not in repr(four)


def test_debug_trace_redacts_pin_and_contents(people, caplog):
    person = people[4]
    _, transport = make(person)
    with caplog.at_level(logging.DEBUG):
        read_basic_four(transport, person["pin"])
    text = caplog.text
    assert "redacted" in text and "00 a4 04 0c" in text
    pin_hex = person["pin"].encode().hex(" ")
    for secret in (person["pin"], pin_hex, person["name"], person["my_number"],
                   person["name"].encode().hex(" ")[:20]):
        assert secret not in text
