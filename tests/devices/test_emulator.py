"""The emulated card's answers, status word by status word (mynumber-card.md §2)."""

import pytest

from devices import apdu as A
from devices.emulator import CardHolder, MyNumberCard
from devices.emulator.holder import era_year


def sw(response: bytes) -> int:
    return A.split_response(response)[1]


def send(card: MyNumberCard, command: A.CommandApdu) -> tuple[bytes, int]:
    return A.split_response(card.process(command.to_bytes()))


@pytest.fixture
def yamada(people):
    return CardHolder.from_dict(people[0])


@pytest.fixture
def card(yamada):
    return MyNumberCard(yamada)


def open_pin_ef(card):
    assert send(card, A.select_aid(A.AID_INPUT_SUPPORT))[1] == 0x9000
    assert send(card, A.select_ef(A.EF_PIN))[1] == 0x9000


def test_select_known_and_unknown_aids(card):
    for aid in (A.AID_INPUT_SUPPORT, A.AID_JPKI, A.AID_CARD_FACE, A.AID_COMMON):
        assert send(card, A.select_aid(aid))[1] == 0x9000
    assert send(card, A.select_aid(bytes.fromhex("D3921000000001010408")))[1] == 0x6A82
    # JPKI has its files (tests/devices/test_jpki_layout.py); the other APs select but have no files
    send(card, A.select_aid(A.AID_JPKI))
    assert send(card, A.select_ef(0x000A))[1] == 0x9000
    assert send(card, A.select_ef(0x0003))[1] == 0x6A82
    send(card, A.select_aid(A.AID_CARD_FACE))
    assert send(card, A.select_ef(0x0002))[1] == 0x6A82
    assert send(card, A.CommandApdu(0, 0xA4, 0x07, 0x0C, b"\x00\x01"))[1] == 0x6A86
    assert send(card, A.CommandApdu(0, 0x84, 0, 0, b"", 8))[1] == 0x6D00
    assert send(card, A.CommandApdu(0x80, 0xA4, 4, 0x0C, A.AID_INPUT_SUPPORT))[1] == 0x6E00
    assert send(card, A.CommandApdu(0xFF, 0xCA, 0x01, 0x00, b"", 256))[1] == 0x6A86


def test_empty_verify_reports_tries_without_spending(card):
    open_pin_ef(card)
    for _ in range(5):
        assert send(card, A.verify())[1] == 0x63C3
    assert card.pin_tries_left == 3 and card.verify_data_count == 0


def test_wrong_pin_counts_down_then_blocks(card):
    open_pin_ef(card)
    assert send(card, A.verify(b"0000"))[1] == 0x63C2
    assert send(card, A.verify(b"0000"))[1] == 0x63C1
    assert send(card, A.verify(b"0000"))[1] == 0x63C0
    assert send(card, A.verify(b"1234"))[1] == 0x6984  # blocked: even the right PIN is refused
    assert send(card, A.verify())[1] == 0x63C0
    assert card.verify_data_count == 4


def test_correct_pin_resets_counter_and_opens_files(card, yamada):
    open_pin_ef(card)
    send(card, A.verify(b"9999"))
    assert send(card, A.verify(b"1234"))[1] == 0x9000
    assert send(card, A.verify())[1] == 0x63C3
    send(card, A.select_ef(A.EF_MY_NUMBER))
    data, status = send(card, A.read_binary(0, 17))
    assert status == 0x9000 and data == b"\xff\x10\x0c" + yamada.my_number.encode() + b"\xff\xff"


def test_read_before_verify_is_refused(card):
    send(card, A.select_aid(A.AID_INPUT_SUPPORT))
    for ef in (A.EF_MY_NUMBER, A.EF_BASIC_FOUR):
        send(card, A.select_ef(ef))
        assert send(card, A.read_binary(0))[1] == 0x6982


def test_read_binary_offsets_sfi_and_end_of_file(card, yamada):
    open_pin_ef(card)
    send(card, A.verify(b"1234"))
    content = yamada.ef_basic_four()
    assert send(card, A.read_binary_sfi(2, 0, 7)) == (content[:7], 0x9000)
    assert send(card, A.read_binary(5, 10)) == (content[5:15], 0x9000)
    assert send(card, A.read_binary(len(content) - 3, 256)) == (content[-3:], 0x9000)
    assert send(card, A.read_binary(len(content)))[1] == 0x6B00
    assert send(card, A.CommandApdu(0, 0xB0, 0, 0))[1] == 0x6700  # no Le
    send(card, A.select_ef(A.EF_PIN))
    assert send(card, A.read_binary(0))[1] == 0x6981  # a key EF is not readable


def test_read_never_returns_more_than_256(people):
    holder = CardHolder.from_dict({**people[0], "address": "京" * 400})
    card = MyNumberCard(holder)
    open_pin_ef(card)
    send(card, A.verify(b"1234"))
    send(card, A.select_ef(A.EF_BASIC_FOUR))
    data, status = send(card, A.read_binary(0, 256))
    assert status == 0x9000 and len(data) == 256


def test_verify_by_sfi_and_wrong_length(card):
    send(card, A.select_aid(A.AID_INPUT_SUPPORT))
    assert send(card, A.verify(b"", sfi=0x11))[1] == 0x63C3
    assert send(card, A.verify(b"12345", sfi=0x11))[1] == 0x6700
    assert card.pin_tries_left == 3
    assert send(card, A.verify(b"1234", sfi=0x11))[1] == 0x9000


def test_pin_does_not_open_after_another_ap_reset_or_power_off(card):
    for clear in (lambda: send(card, A.select_aid(A.AID_JPKI)), card.reset, card.power_off):
        open_pin_ef(card)
        assert send(card, A.verify(b"1234"))[1] == 0x9000
        clear()
        send(card, A.select_aid(A.AID_INPUT_SUPPORT))
        send(card, A.select_ef(A.EF_BASIC_FOUR))
        assert send(card, A.read_binary(0))[1] == 0x6982


def test_reselecting_same_ap_keeps_security_state(card):
    open_pin_ef(card)
    send(card, A.verify(b"1234"))
    send(card, A.select_aid(A.AID_INPUT_SUPPORT))
    send(card, A.select_ef(A.EF_BASIC_FOUR))
    assert send(card, A.read_binary(0))[1] == 0x9000


def test_code_b_opens_basic_four_only(card, yamada):
    assert yamada.code_b() == "55040220316919"  # 1980-04-02 = 昭和55年
    send(card, A.select_aid(A.AID_INPUT_SUPPORT))
    send(card, A.select_ef(A.EF_CODE_B))
    assert send(card, A.verify(b"55040220310000"))[1] == 0x63C9
    assert send(card, A.verify(yamada.code_b().encode()))[1] == 0x9000
    send(card, A.select_ef(A.EF_BASIC_FOUR))
    assert send(card, A.read_binary(0))[1] == 0x9000
    send(card, A.select_ef(A.EF_MY_NUMBER))
    assert send(card, A.read_binary(0))[1] == 0x6982


def test_face_auth_card_has_no_pin(people):
    card = MyNumberCard(CardHolder.from_dict(people[8]))
    open_pin_ef(card)
    assert send(card, A.verify())[1] == 0x6A88
    assert send(card, A.verify(b"1234"))[1] == 0x6A88


def test_verify_without_key_ef(card):
    send(card, A.select_aid(A.AID_INPUT_SUPPORT))
    assert send(card, A.verify(b"1234"))[1] == 0x6986
    send(card, A.select_ef(A.EF_BASIC_FOUR))
    assert send(card, A.verify(b"1234"))[1] == 0x6981


@pytest.mark.parametrize("birth, yy", [("19890107", 64), ("19890108", 1), ("20190430", 31),
                                       ("20190501", 1), ("19261225", 1), ("19261224", 15)])
def test_era_years(birth, yy):
    import datetime as dt
    assert era_year(dt.datetime.strptime(birth, "%Y%m%d").date()) == yy


def test_ef_basic_four_layout_offsets_from_file_start(people):
    for person in people:
        content = CardHolder.from_dict(person).ef_basic_four()
        assert content[:2] == b"\xff\x20"
        header = 3 if content[2] < 0x80 else 2 + 1 + (content[2] & 0x7F)
        assert content[header:header + 3] == b"\xdf\x21\x08"
        table = content[header + 3:header + 11]
        offsets = [int.from_bytes(table[i:i + 2], "big") for i in range(0, 8, 2)]
        assert [content[o:o + 2] for o in offsets] == [b"\xdf\x22", b"\xdf\x23", b"\xdf\x24", b"\xdf\x25"]


def test_long_address_uses_long_form_lengths(people):
    kyoto = CardHolder.from_dict(people[5]).ef_basic_four()
    assert kyoto[2] == 0x81  # outer length > 127
    huge = CardHolder.from_dict({**people[5], "address": "京" * 200}).ef_basic_four()
    assert huge[2] == 0x82


def test_load_person_file_and_people_file(tmp_path, people):
    single = tmp_path / "one.json"
    import json
    single.write_text(json.dumps(people[3], ensure_ascii=False), encoding="utf-8")
    assert CardHolder.load(single).name == people[3]["name"]
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"people": people}, ensure_ascii=False), encoding="utf-8")
    assert CardHolder.load(many, 4).name == people[4]["name"]
    with pytest.raises(IndexError):
        CardHolder.load(many, 99)
