"""Property tests (hypothesis) of every card parser and read path: structured-but-wrong BER-TLV (tags,
short and long length forms that lie), EF contents, certificates, command APDUs, ATRs, secrets as typed,
and every status word / truncation at every step of the PIN and 照合番号B reads. Only typed errors may
come out (CardError; TlvError / ValueError from the low-level codecs), no read spends a try the person
did not use, and a PIN is sent at most once. Deterministic (derandomized, no example database);
each test prints how many cases it ran (`pytest -s` shows them; the totals are in docs/devices.md).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices import apdu as A
from devices import tlv
from devices.basic_four import BasicFour, decode_basic_four
from devices.credentials import CodeB, check_pin_format
from devices.emulator import CardHolder, MyNumberCard, pki
from devices.emulator.faults import Faults, FaultyCard
from devices.errors import CardError
from devices.inprocess import InProcessTransport
from devices.integrity import basic_four_digest, decode_integrity
from devices.jpki import parse_certificate
from devices.my_number import MyNumber, decode_ef_my_number, is_valid_my_number
from devices.reading import read_basic_four, read_basic_four_with_code_b
from devices.tokens import parse_storage_atr, token_kind

EXAMPLES = 400
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
PERSON = {"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目８番１号", "birth_date": "19800402",
          "sex": "1", "pin": "1234", "pin_tries_left": 3, "my_number": "432719146829",
          "expiry_year": 2030, "security_code": "4821", "note": "property tests"}
HOLDER = CardHolder.from_dict(PERSON)
ran: dict[str, int] = {}


def count(name: str) -> None:
    ran[name] = ran.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def cases_report():
    """After the module: how many cases each property ran (shown with `pytest -s`)."""
    yield
    for name, n in ran.items():
        print(f"[properties] {name}: {n} cases")
    print(f"[properties] total: {sum(ran.values())} cases")


# --- BER-TLV ---------------------------------------------------------------------------------
TAGS = st.sampled_from([0x01, 0x30, 0x80, 0xC1, 0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF31,
                        0xFF10, 0xFF20, 0xFF30])
LYING_LENGTHS = st.sampled_from([b"\x00", b"\x7f", b"\x80", b"\x81", b"\x81\xff", b"\x82", b"\x82\xff\xff",
                                 b"\x83\x01\x00\x00", b"\x84\xff\xff\xff\xff", b"\xff"])


@st.composite
def tlv_bytes(draw):
    """A TLV (sometimes nested, sometimes with its length replaced by a lying one, sometimes cut)."""
    value = draw(st.binary(max_size=300))
    if draw(st.booleans()):
        value = b"".join(tlv.encode(draw(TAGS), draw(st.binary(max_size=40))) for _ in range(draw(st.integers(0, 4))))
    tag = draw(TAGS)
    raw = tlv.encode(tag, value)
    tag_size = len(tlv.encode_tag(tag))
    if draw(st.booleans()):
        length_size = 1 if raw[tag_size] < 0x80 else 1 + (raw[tag_size] & 0x7F)
        raw = raw[:tag_size] + draw(LYING_LENGTHS) + raw[tag_size + length_size:]
    if draw(st.booleans()):
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw + draw(st.binary(max_size=4))


@SETTINGS
@given(st.one_of(tlv_bytes(), st.binary(max_size=64)))
def test_tlv_codec_raises_only_tlv_errors(raw):
    count("tlv")
    for fn in (tlv.read_tlv, tlv.parse_all, lambda d: tlv.template_fields(d, 0xFF20)):
        try:
            fn(raw)
        except tlv.TlvError:
            pass
    size = tlv.total_size(raw)
    assert size is None or size >= 0


@SETTINGS
@given(TAGS, st.binary(max_size=70000))
def test_tlv_round_trip(tag, value):
    count("tlv round trip")
    element = tlv.read_tlv(tlv.encode(tag, value))
    assert (element.tag, element.value) == (tag, value)
    assert tlv.total_size(tlv.encode(tag, value)) == len(tlv.encode(tag, value))



# --- EF 0002 (the basic four) -------------------------------------------------------------------
FIELD_VALUES = st.one_of(
    st.text(max_size=40).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=40),                                   # invalid UTF-8 too
    st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)).map(lambda d: d.strftime("%Y%m%d").encode()),
    st.sampled_from([b"1", b"2", b"3", b"9", b"", b"19800230", b"1980-04-02", b"\xff\xff"]),
)


@st.composite
def ef0002(draw):
    tags = draw(st.lists(st.sampled_from([0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0x01]),
                         max_size=7))
    body = b"".join(tlv.encode(tag, draw(FIELD_VALUES)) for tag in tags)
    raw = tlv.encode(draw(st.sampled_from([0xFF20, 0xFF20, 0xFF30, 0xDF22])), body)
    if draw(st.booleans()):
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw + draw(st.sampled_from([b"", b"\xff" * 16, b"\x00"]))


@SETTINGS
@given(st.one_of(ef0002(), tlv_bytes()))
def test_basic_four_decoder_raises_only_card_errors(raw):
    count("ef0002")
    try:
        four = decode_basic_four(raw)
    except CardError:
        return
    assert isinstance(four, BasicFour) and isinstance(four.birth_date, dt.date)
    assert all(isinstance(v, str) for v in (four.name, four.address, four.sex_code))
    try:
        basic_four_digest(raw)
    except CardError:
        pass



# --- EF 0001 (the My Number), EF 0003 (hashes), certificates -----------------------------------
@st.composite
def ef0001(draw):
    digits = draw(st.one_of(st.text("0123456789", min_size=12, max_size=12),
                            st.text(min_size=0, max_size=14)))
    body = digits.encode("utf-8")
    length = draw(st.sampled_from([len(body) & 0xFF, 12, 11, 13, 0, 0x81]))
    return bytes((0xFF, 0x10, length)) + body + draw(st.sampled_from([b"\xff\xff", b"", b"\x00\x00"]))


@SETTINGS
@given(st.one_of(ef0001(), tlv_bytes()))
def test_my_number_decoder_raises_only_card_errors(raw):
    count("ef0001")
    try:
        number = decode_ef_my_number(raw)
    except CardError:
        return
    assert isinstance(number, MyNumber) and is_valid_my_number(number.value)


@st.composite
def ef0003(draw):
    parts = [tlv.encode(tag, draw(st.binary(max_size=300)))
             for tag in draw(st.lists(st.sampled_from([0xDF31, 0xDF32, 0xDF33, 0xDF34]), max_size=4))]
    raw = tlv.encode(0xFF30, b"".join(parts))
    if draw(st.booleans()):
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw


@SETTINGS
@given(st.one_of(ef0003(), tlv_bytes()))
def test_integrity_decoder_raises_only_card_errors(raw):
    count("ef0003")
    try:
        decode_integrity(raw)
    except CardError:
        pass


CERT = pki.auth_certificate(HOLDER)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(CERT) - 1), st.integers(0, 255)), max_size=6),
       st.integers(0, len(CERT)))
def test_certificate_parser_raises_only_card_errors(changes, cut):
    count("certificate")
    raw = bytearray(CERT)
    for position, byte in changes:
        raw[position] = byte
    try:
        parse_certificate(bytes(raw[:cut] if cut < len(raw) // 2 else raw))
    except CardError:
        pass



# --- command APDUs, ATRs, typed secrets ------------------------------------------------------
@SETTINGS
@given(st.binary(max_size=270))
def test_command_apdu_parser(raw):
    count("apdu")
    try:
        command = A.CommandApdu.parse(raw)
    except ValueError:
        return
    assert A.CommandApdu.parse(command.to_bytes()) == command


@SETTINGS
@given(st.one_of(st.binary(max_size=40),
                 st.binary(min_size=8, max_size=12).map(lambda b: bytes.fromhex("3B8F8001804F0CA0000003") + b)))
def test_atr_classifier(raw):
    count("atr")
    assert token_kind(raw) in (None, "felica", "type_a")
    parse_storage_atr(raw)


@SETTINGS
@given(st.text(max_size=20))
def test_secret_formats_raise_only_card_errors(text):
    count("secrets")
    for check in (check_pin_format, CodeB.parse):
        try:
            check(text)
        except CardError:
            pass



# --- status words and truncation at every step of the reads -------------------------------------
# PIN read with short EF ids: 1 SELECT AP, 2 empty VERIFY, 3 VERIFY, 4 READ BINARY (GET RESPONSE after)
@SETTINGS
@given(st.integers(1, 6), st.integers(0, 0xFFFF), st.sampled_from(["pin", "code_b"]))
def test_any_status_word_at_any_step(step, sw, path):
    count("status words")
    card = FaultyCard(MyNumberCard(HOLDER), Faults(status={step: sw}))
    transport = InProcessTransport(card)
    try:
        if path == "pin":
            read_basic_four(transport, PERSON["pin"])
        else:
            read_basic_four_with_code_b(transport, HOLDER.code_b())
    except CardError:
        pass
    assert card.card.pin_tries_left == 3 and card.card.code_b_tries_left == 10   # the right secret: no try spent
    assert card.card.verify_data_count <= 1                                      # sent at most once


@SETTINGS
@given(st.integers(1, 6), st.integers(0, 300), st.booleans())
def test_any_truncation_or_garbage_at_any_step(step, keep, garbage):
    count("truncation")
    faults = Faults(garbage={step}, seed=keep) if garbage else Faults(truncate={step: keep})
    card = FaultyCard(MyNumberCard(HOLDER), faults)
    try:
        read_basic_four(InProcessTransport(card), PERSON["pin"])
    except CardError:
        pass
    assert card.card.pin_tries_left == 3 and card.card.verify_data_count <= 1


@SETTINGS
@given(st.integers(0, 3), st.text("0123456789", min_size=4, max_size=4))
def test_wrong_pins_cost_exactly_the_tries_used(tries, pin):
    count("tries")
    card = MyNumberCard(CardHolder.from_dict({**PERSON, "pin_tries_left": tries}))
    try:
        read_basic_four(InProcessTransport(card), pin, allow_last_try=True)
    except CardError:
        pass
    used = card.verify_data_count
    assert used <= 1
    expected = 3 if used and pin == PERSON["pin"] else tries - used
    assert card.pin_tries_left == expected

