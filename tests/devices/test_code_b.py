"""照合番号B: format, the card-face helper, the no-PIN read path and every status word it can meet."""

import logging

import pytest

from devices import apdu as A
from devices.credentials import CodeB
from devices.emulator import CardHolder, MyNumberCard
from devices.errors import (
    CardProtocolError,
    CodeBBlockedError,
    CodeBFormatError,
    LastTryRefusedError,
    NotMyNumberCardError,
    WrongCodeBError,
)
from devices.inprocess import InProcessTransport
from devices.input_support import InputSupportApp
from devices.reading import read_basic_four_with_code_b
from tests.devices.test_reading import RecordingTransport, expected


def make(person, **changes):
    card = MyNumberCard(CardHolder.from_dict({**person, **changes}))
    return card, RecordingTransport(card)


def test_from_card_face_builds_the_14_digits():
    code = CodeB.from_card_face("550402", "2031", "6919")
    assert code.value == "55040220316919"
    assert CodeB.from_card_face("550402", 2031, "6919") == code
    assert CodeB.parse(" 55040220316919\n") == code and CodeB.parse(code) is code
    assert "5504" not in repr(code) and "5504" not in str(code) and "5504" not in f"{code}"


@pytest.mark.parametrize("parts", [("55042", "2031", "6919"), ("550402", "31", "6919"),
                                   ("550402", "2031", "691"), ("５５0402", "2031", "6919"),
                                   ("551302", "2031", "6919"), ("550400", "2031", "6919")])
def test_from_card_face_rejects_bad_parts(parts):
    with pytest.raises(CodeBFormatError):
        CodeB.from_card_face(*parts)


@pytest.mark.parametrize("text", ["", "5504022031691", "550402203169190", "5504022031691x",
                                  "55-04-02-2031-6919", None, 55040220316919])
def test_code_b_format_error_touches_no_card(people, text):
    card, transport = make(people[0])
    with pytest.raises(CodeBFormatError) as info:
        read_basic_four_with_code_b(transport, text)
    assert transport.sent == [] and card.commands_seen == 0
    assert info.value.code == "invalid_code_b_format" and "14" in info.value.message_en


def test_every_person_reads_with_code_b_and_sends_it_once(people):
    for person in people:
        card, transport = make(person)
        four = read_basic_four_with_code_b(transport, card.holder.code_b())
        assert four.to_dict() == expected(person), person["note"]
        assert card.verify_data_count == 1
        empty = [c for c in transport.sent if c[1] == A.INS_VERIFY and len(c) == 4]
        full = [c for c in transport.sent if c[1] == A.INS_VERIFY and len(c) > 4]
        assert len(full) == 1 and transport.sent.index(empty[0]) < transport.sent.index(full[0])


def test_face_auth_card_reads_with_code_b_typed_from_the_face(people):
    ito = people[8]  # pin null; born 2015-03-03 = 平成27年
    _, transport = make(ito)
    code = CodeB.from_card_face("270303", ito["expiry_year"], ito["security_code"])
    assert read_basic_four_with_code_b(transport, code).to_dict() == expected(ito)


def test_wrong_code_b_reports_tries_left(people):
    card, transport = make(people[0])
    with pytest.raises(WrongCodeBError) as info:
        read_basic_four_with_code_b(transport, "55040220310000")
    assert info.value.tries_left == 9 and info.value.details() == {"tries_left": 9}
    assert card.verify_data_count == 1 and card.code_b_tries_left == 9
    assert "55040220310000" not in info.value.message_en + info.value.message_ja


def test_blocked_code_b_sends_nothing(people):
    card, transport = make(people[0])
    card.code_b_tries_left = 0
    with pytest.raises(CodeBBlockedError) as info:
        read_basic_four_with_code_b(transport, card.holder.code_b())
    assert card.verify_data_count == 0 and info.value.details() == {"tries_left": 0}


def test_last_code_b_try_refused_unless_allowed(people):
    card, transport = make(people[0])
    card.code_b_tries_left = 1
    with pytest.raises(LastTryRefusedError) as info:
        read_basic_four_with_code_b(transport, card.holder.code_b())
    assert card.verify_data_count == 0 and "照合番号B" in info.value.message_ja
    four = read_basic_four_with_code_b(transport, card.holder.code_b(), allow_last_try=True)
    assert four.name == people[0]["name"] and card.code_b_tries_left == 10


def test_exhausting_code_b_blocks(people):
    card, transport = make(people[0])
    card.code_b_tries_left = 1
    with pytest.raises(CodeBBlockedError):
        read_basic_four_with_code_b(transport, "55040220310000", allow_last_try=True)
    assert card.code_b_tries_left == 0


class Scripted:
    """Answers SELECTs with 9000 and VERIFYs from a script of status words."""

    def __init__(self, *verify_sws):
        self.verify_sws = list(verify_sws)

    def process(self, apdu):
        if apdu[1] == A.INS_VERIFY:
            return A.sw_bytes(self.verify_sws.pop(0))
        return b"\x90\x00"


@pytest.mark.parametrize("sws, error", [
    ((0x63C3, 0x6984), CodeBBlockedError), ((0x63C3, 0x6983), CodeBBlockedError),
    ((0x6984,), CodeBBlockedError), ((0x63C3, 0x63C0), CodeBBlockedError),
    ((0x63C3, 0x6A80), CardProtocolError), ((0x6A88,), CardProtocolError), ((0x6F00,), CardProtocolError),
])
def test_code_b_status_words(sws, error):
    with pytest.raises(error):
        read_basic_four_with_code_b(InProcessTransport(Scripted(*sws)), "55040220316919")


def test_code_b_tries_left_and_not_a_card(people):
    card, transport = make(people[0])
    assert InputSupportApp(transport).code_b_tries_left() == 10
    with pytest.raises(NotMyNumberCardError):
        read_basic_four_with_code_b(InProcessTransport(type("X", (), {"process": lambda s, a: b"\x6a\x82"})()),
                                    "55040220316919")


def test_code_b_never_reaches_the_logs(people, caplog):
    card, transport = make(people[0])
    with caplog.at_level(logging.DEBUG):
        read_basic_four_with_code_b(transport, card.holder.code_b())
        with pytest.raises(WrongCodeBError):
            read_basic_four_with_code_b(transport, "55040220310000")
    code = card.holder.code_b()
    for secret in (code, code.encode().hex(" ")[:20], "55040220310000", people[0]["name"]):
        assert secret not in caplog.text
    assert "redacted" in caplog.text
