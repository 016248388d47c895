"""Other cards as tokens: PC/SC Part 3 ATRs, GET DATA FF CA, the emulated token card, card id."""

import pytest

from devices import apdu as A
from devices.card_id import identify_card
from devices.emulator import CardHolder, MyNumberCard, TokenCard
from devices.errors import CardProtocolError, UnknownCardError
from devices.inprocess import InProcessTransport
from devices.tokens import parse_storage_atr, read_token_id, storage_atr, tck, token_kind

FELICA_ATR = bytes.fromhex("3B8F8001804F0CA00000030611003B0000000042")  # pcsc-tools' FeliCa entry
MIFARE_1K_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
IDM = bytes.fromhex("012E4CD1F3A57B09")


def key():
    raise AssertionError("a token card must not need a service key")


def test_storage_atrs_match_the_known_ones():
    assert storage_atr(0x11, 0x003B) == FELICA_ATR and storage_atr(0x03, 0x0001) == MIFARE_1K_ATR
    assert parse_storage_atr(FELICA_ATR) == (0x11, 0x003B) and tck(FELICA_ATR[1:]) == 0


@pytest.mark.parametrize("atr, kind", [
    (FELICA_ATR, "felica"), (MIFARE_1K_ATR, "type_a"), (storage_atr(0x01, 0x0002), "type_a"),
    (storage_atr(0x07, 0x0000), None),                                # ISO 14443 B storage: not an id
    (FELICA_ATR[:-1] + b"\x43", None),                                # bad TCK
    (bytes.fromhex("3B888001000005E0B381A1007F"), None),              # ISO-DEP (the My Number card)
    (bytes.fromhex("3B8F8001804F0CA0000003071100"), None), (b"", None),
])
def test_token_kind_from_the_atr(atr, kind):
    assert token_kind(atr) == kind


@pytest.mark.parametrize("kind, uid", [("felica", IDM), ("type_a", bytes.fromhex("04A1B2C3")),
                                       ("type_a", bytes.fromhex("04A1B2C3D4E5F6")),
                                       ("type_a", bytes(range(10)))])
def test_identify_token_cards(kind, uid):
    card = TokenCard(kind, uid)
    result = identify_card(InProcessTransport(card), "library", key)
    assert result.to_dict() == {"kind": kind, "pseudonym": uid.hex().upper()}


def test_token_card_answers():
    card = TokenCard("felica", IDM)
    send = lambda c: A.split_response(card.process(c.to_bytes()))  # noqa: E731
    for aid in (A.AID_JPKI, A.AID_INPUT_SUPPORT):
        assert send(A.select_aid(aid))[1] == 0x6A82
    assert send(A.CommandApdu(0xFF, 0xCA, 0, 0, b"", 256)) == (IDM, 0x9000)
    assert send(A.CommandApdu(0xFF, 0xCA, 0, 0, b"", 4)) == (b"", 0x6C08)
    assert send(A.CommandApdu(0xFF, 0xCA, 1, 0, b"", 256))[1] == 0x6A86
    assert send(A.CommandApdu(0xFF, 0xB0, 0, 0, b"", 16))[1] == 0x6D00
    assert send(A.CommandApdu(0x80, 0xCA, 0, 0, b"", 16))[1] == 0x6E00
    assert send(A.CommandApdu(0x00, 0xB0, 0, 0, b"", 16))[1] == 0x6D00
    assert card.process(b"\x00") == b"\x67\x00"
    # the transport's 6Cxx handling recovers a short Le
    assert InProcessTransport(card).transmit(bytes.fromhex("FFCA000004")) == (IDM, 0x9000)
    with pytest.raises(ValueError):
        TokenCard("felica", b"\x01\x02")
    with pytest.raises(ValueError):
        TokenCard("type_b")
    assert len(TokenCard("type_a").uid) == 4


class Scripted:
    def __init__(self, atr, answer):
        self.atr, self.answer = atr, answer

    def process(self, apdu):
        if apdu[0] == 0xFF:
            return self.answer
        return b"\x6a\x82"


@pytest.mark.parametrize("atr, answer, error", [
    (FELICA_ATR, bytes.fromhex("0102039000"), CardProtocolError),          # IDm of 3 bytes
    (MIFARE_1K_ATR, bytes.fromhex("01020304059000"), CardProtocolError),  # 5-byte UID
    (FELICA_ATR, b"\x6a\x81", UnknownCardError), (FELICA_ATR, b"\x6f\x00", CardProtocolError),
    (MIFARE_1K_ATR, b"\x6d\x00", UnknownCardError),
    (bytes.fromhex("3B888001000005E0B381A1007F"), bytes.fromhex("A1B2C3D49000"), UnknownCardError),
    (b"", bytes.fromhex("A1B2C3D49000"), UnknownCardError),
])
def test_token_errors(atr, answer, error):
    with pytest.raises(error):
        identify_card(InProcessTransport(Scripted(atr, answer)), "library", key)


def test_iso_dep_card_is_never_identified_by_its_pupi():
    # an ISO-DEP Type B card that is not a My Number card: the reader would give its PUPI, kazasu refuses
    card = Scripted(bytes.fromhex("3B888001000005E0B381A1007F"), bytes.fromhex("A1B2C3D49000"))
    with pytest.raises(UnknownCardError):
        read_token_id(InProcessTransport(card), card.atr)


def test_my_number_card_with_a_storage_like_atr_is_still_a_my_number_card(people):
    card = MyNumberCard(CardHolder.from_dict(people[0]))
    card.atr = FELICA_ATR  # whatever the reader says, a JPKI SELECT decides
    result = identify_card(InProcessTransport(card), "library", lambda: bytes(32))
    assert result.kind == "mynumber" and card.get_data_count == 0


def test_random_type_a_uid_is_not_an_id():
    with pytest.raises(UnknownCardError):
        identify_card(InProcessTransport(TokenCard("type_a", bytes.fromhex("08A1B2C3"))), "library", key)
    assert identify_card(InProcessTransport(TokenCard("type_a", bytes.fromhex("08A1B2C3D4E5F6"))), "library",
                         key).kind == "type_a"  # only the 4-byte form with 08 is the random one
