"""The My Number: check digit (§6 worked examples), EF 0001 decoding, the purpose rule, 照合番号B's
refusal, EF 0003 integrity, and that the number never reaches a log."""

import hashlib
import logging

import pytest

from devices import apdu as A
from devices import tlv
from devices.emulator import CardHolder, MyNumberCard, pki
from devices.errors import (
    CardProtocolError,
    IntegrityError,
    LastTryRefusedError,
    MyNumberNeedsPinError,
    PinFormatError,
    PurposeRequiredError,
    WrongPinError,
)
from devices.inprocess import InProcessTransport
from devices.input_support import InputSupportApp
from devices.integrity import basic_four_digest, check_integrity, decode_integrity
from devices.my_number import MyNumber, check_digit, decode_ef_my_number, is_valid_my_number
from devices.reading import read_card, read_my_number
from tests.devices.test_reading import RecordingTransport, expected

PURPOSE = "住民票の写しの交付申請（個人番号の記載あり）"


def make(person, **changes):
    card = MyNumberCard(CardHolder.from_dict({**person, **changes}))
    return card, RecordingTransport(card)


@pytest.mark.parametrize("base, digit", [("12345678901", 8), ("31415926535", 2), ("20000000000", 0),
                                         ("98320567321", 4), ("53768667718", 8)])
def test_check_digit_worked_examples(base, digit):
    assert check_digit(base) == digit
    assert is_valid_my_number(base + str(digit))
    assert not is_valid_my_number(base + str((digit + 1) % 10))


def test_check_digit_rejects_bad_input():
    for bad in ("1234567890", "1234567890a", "１２３４５６７８９０１", None):
        with pytest.raises(ValueError):
            check_digit(bad)
    assert not is_valid_my_number("12345678901") and not is_valid_my_number("12345678901８")


def test_every_fixture_number_is_valid(people):
    assert all(is_valid_my_number(p["my_number"]) for p in people)


def test_decode_ef_my_number_and_its_errors():
    good = b"\xff\x10\x0c123456789018\xff\xff"
    assert decode_ef_my_number(good).value == "123456789018"
    for bad in (b"\xff\x10\x0c123456789017\xff\xff",  # check digit
                b"\xff\x11\x0c123456789018", b"\xff\x10\x0b12345678901", b"\xff\x10\x0c12345678901x",
                b"\xff\x10\x0c\xff23456789018", b"\xff\x10\x0c1234", b"", b"\xff"):
        with pytest.raises(CardProtocolError):
            decode_ef_my_number(bad)


def test_my_number_repr_is_redacted():
    number = MyNumber("123456789018")
    assert "1234" not in repr(number) and "1234" not in str(number) and "1234" not in f"{number}"


def test_read_my_number_with_pin_and_purpose(people):
    for person in (people[0], people[4], people[7]):
        card, transport = make(person)
        number = read_my_number(transport, person["pin"], PURPOSE)
        assert number.value == person["my_number"] and card.verify_data_count == 1


@pytest.mark.parametrize("purpose", [None, "", "   ", 3])
def test_purpose_is_required_before_any_traffic(people, purpose):
    card, transport = make(people[0])
    with pytest.raises(PurposeRequiredError) as info:
        read_my_number(transport, "1234", purpose)
    assert card.commands_seen == 0 and info.value.code == "purpose_required"
    with pytest.raises(PurposeRequiredError):
        read_card(transport, pin="1234", with_number=True, purpose=purpose)
    assert card.commands_seen == 0


def test_pin_format_and_pin_errors_on_the_number_path(people):
    card, transport = make(people[0])
    with pytest.raises(PinFormatError):
        read_my_number(transport, "12", PURPOSE)
    assert card.commands_seen == 0
    with pytest.raises(WrongPinError):
        read_my_number(transport, "0000", PURPOSE)
    _, transport = make(people[2])
    with pytest.raises(LastTryRefusedError):
        read_my_number(transport, people[2]["pin"], PURPOSE)


def test_code_b_does_not_open_the_number(people):
    card, transport = make(people[0])
    with pytest.raises(MyNumberNeedsPinError):  # refused before touching the card
        read_card(transport, code_b=card.holder.code_b(), with_number=True, purpose=PURPOSE)
    assert card.commands_seen == 0
    app = InputSupportApp(transport)
    app.verify_code_b(card.holder.code_b())
    with pytest.raises(MyNumberNeedsPinError):
        app.read_my_number(PURPOSE)
    app.verified_with = None  # even if the session state is lost, the card's 6982 gives the same error
    with pytest.raises(MyNumberNeedsPinError) as info:
        app.read_my_number(PURPOSE)
    assert "暗証番号" in info.value.message_ja and info.value.code == "my_number_needs_pin"


def test_read_card_with_and_without_number(people):
    person = people[0]
    card, transport = make(person)
    plain = read_card(transport, pin=person["pin"])
    assert plain.to_dict() == expected(person) and "my_number" not in plain.to_dict()
    card, transport = make(person)
    full = read_card(transport, pin=person["pin"], with_number=True, purpose=PURPOSE, verify_integrity=True)
    assert full.to_dict() == {**expected(person), "my_number": person["my_number"]}
    assert card.verify_data_count == 1
    assert person["my_number"] not in repr(full) and person["name"] not in repr(full)
    with pytest.raises(ValueError):
        read_card(transport)


def test_wrong_check_digit_on_the_card(people):
    _, transport = make(people[0], my_number="432719146820")
    with pytest.raises(CardProtocolError) as info:
        read_my_number(transport, "1234", PURPOSE)
    assert "check digit" in info.value.reason and "432719146820" not in str(info.value)


def test_emulated_ef0003_matches_the_files(people):
    holder = CardHolder.from_dict(people[4])
    record = decode_integrity(pki.integrity_file(holder))
    assert record.my_number_hash == hashlib.sha256(holder.ef_my_number()).digest()
    assert len(holder.ef_my_number()) == 17 and len(record.signature) == 256
    check_integrity(record, holder.ef_my_number(), holder.ef_basic_four())
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    pki.signing_public_key().verify(record.signature, record.my_number_hash + record.basic_four_hash,
                                    padding.PKCS1v15(), hashes.SHA256())


def test_integrity_detects_tampering(people):
    holder = CardHolder.from_dict(people[0])
    record = decode_integrity(pki.integrity_file(holder))
    with pytest.raises(IntegrityError) as info:
        check_integrity(record, ef0001_physical=holder.ef_my_number()[:-1] + b"\x00")
    assert info.value.code == "card_integrity_failed" and "DF31" in info.value.details()["reason"]
    other = CardHolder.from_dict({**people[0], "address": "東京都"}).ef_basic_four()
    with pytest.raises(IntegrityError):
        check_integrity(record, ef0002=other)
    # the DF21 offset table is not hashed: a different table with the same fields still matches
    four = holder.ef_basic_four()
    header = 3 if four[2] < 0x80 else 3 + (four[2] & 0x7F)
    changed = four[:header + 3] + b"\x00" * 8 + four[header + 11:]
    assert basic_four_digest(changed) == record.basic_four_hash


class Tampering(MyNumberCard):
    """Serves EF 0002 with one address byte changed (the EF 0003 record stays the original)."""

    def process(self, apdu):
        response = super().process(apdu)
        if apdu[1] == A.INS_READ_BINARY and self.current_ef == A.EF_BASIC_FOUR and len(response) > 40:
            return response[:30] + bytes([response[30] ^ 0x01]) + response[31:]
        return response


def test_read_with_integrity_check_catches_a_changed_file(people):
    card = Tampering(CardHolder.from_dict(people[6]))  # Latin letters: one flipped byte stays UTF-8
    with pytest.raises(IntegrityError):
        read_card(InProcessTransport(card), pin=people[6]["pin"], verify_integrity=True)
    card = Tampering(CardHolder.from_dict(people[6]))
    read_card(InProcessTransport(card), pin=people[6]["pin"])  # without the check it goes unnoticed


def test_integrity_with_code_b_checks_ef0002(people):
    card, transport = make(people[8])
    four = read_card(transport, code_b=card.holder.code_b(), verify_integrity=True)
    assert four.to_dict() == expected(people[8])


@pytest.mark.parametrize("record", [
    b"\xff\x31\x00", tlv.encode(0xFF30, tlv.encode(0xDF31, b"x" * 32)),
    tlv.encode(0xFF30, tlv.encode(0xDF31, b"x" * 31) + tlv.encode(0xDF32, b"y" * 32)), b"\xff\x30\x05\xdf",
])
def test_bad_integrity_records(record):
    with pytest.raises(CardProtocolError):
        decode_integrity(record)
    with pytest.raises(CardProtocolError):
        basic_four_digest(b"\xff\x20\x03\xdf\x22\x00")


def test_number_and_pin_never_reach_the_logs(people, caplog):
    person = people[4]
    _, transport = make(person)
    with caplog.at_level(logging.DEBUG):
        read_card(transport, pin=person["pin"], with_number=True, purpose=PURPOSE, verify_integrity=True)
    text = caplog.text
    assert PURPOSE in text  # the purpose is the audit trail
    for secret in (person["my_number"], person["my_number"].encode().hex(" ")[:20], person["pin"],
                   person["name"]):
        assert secret not in text
