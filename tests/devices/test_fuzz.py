"""A seeded fuzzer (no extra dependency): malformed TLV, lengths, certificates, ATRs and status words
fed to every parser and to whole read paths. Only typed errors may come out (CardError subclasses;
TlvError / ValueError from the low-level codecs, which the applications turn into CardError).
Each test prints how many cases it ran (`pytest -s`); totals are in docs/devices.md. The hypothesis
property tests of the same parsers are in test_properties.py."""

import random

import pytest

from devices import apdu as A
from devices import tlv
from devices.basic_four import decode_basic_four
from devices.card_id import identify_card
from devices.emulator import CardHolder, MyNumberCard, TokenCard, pki
from devices.errors import CardError
from devices.inprocess import InProcessTransport
from devices.integrity import basic_four_digest, decode_integrity
from devices.jpki import parse_certificate
from devices.my_number import decode_ef_my_number
from devices.reading import read_card
from devices.tokens import parse_storage_atr, token_kind

SEED = 20261123
CASES = 3000


def mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:                      # flip a byte
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        elif op == 1 and data:                    # truncate
            del data[rng.randrange(len(data)):]
        elif op == 2:                             # insert random bytes
            i = rng.randrange(len(data) + 1)
            data[i:i] = rng.randbytes(rng.randint(1, 4))
        elif op == 3 and len(data) > 2:           # a length byte set to something odd
            i = rng.randrange(min(len(data), 8))
            data[i] = rng.choice((0x00, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0xFF))
        else:                                     # pure garbage
            data = bytearray(rng.randbytes(rng.randint(0, 40)))
    return bytes(data)


def seeds(holder):
    return {
        "ef0001": holder.ef_my_number(), "ef0002": holder.ef_basic_four(),
        "ef0003": pki.integrity_file(holder), "cert": pki.auth_certificate(holder),
    }


PARSERS = [
    ("ef0002", decode_basic_four), ("ef0001", decode_ef_my_number), ("ef0003", decode_integrity),
    ("ef0002", basic_four_digest), ("cert", parse_certificate),
]


def test_parsers_raise_only_typed_errors(people):
    rng = random.Random(SEED)
    material = seeds(CardHolder.from_dict(people[4]))
    ran = 0
    for name, parse in PARSERS:
        for _ in range(CASES):
            data = mutate(rng, material[name])
            try:
                parse(data)
            except CardError:
                pass
            ran += 1
    for _ in range(CASES):
        data = mutate(rng, material["ef0002"])
        for fn in (lambda d: tlv.read_tlv(d), tlv.parse_all):
            try:
                fn(data)
            except tlv.TlvError:
                pass
        assert tlv.total_size(data) is None or tlv.total_size(data) >= 0
        ran += 2
    for _ in range(CASES):
        raw = rng.randbytes(rng.randint(0, 12))
        try:
            A.CommandApdu.parse(raw)
        except ValueError:
            pass
        atr = mutate(rng, pki_storage_atr(rng))
        assert token_kind(atr) in (None, "felica", "type_a")
        parse_storage_atr(atr)
        ran += 2
    assert ran == len(PARSERS) * CASES + 4 * CASES
    print(f"[fuzz] parsers: {ran} cases, only typed errors")


def pki_storage_atr(rng):
    return TokenCard(rng.choice(("felica", "type_a"))).atr


class Faulty:
    """Wraps a card: each response may be truncated, replaced with garbage, or given another SW."""

    def __init__(self, card, rng, rate):
        self.card, self.rng, self.rate = card, rng, rate
        self.atr = getattr(card, "atr", b"")

    def power_off(self):
        self.card.power_off()

    def process(self, apdu):
        response = self.card.process(apdu)
        if self.rng.random() >= self.rate:
            return response
        op = self.rng.randrange(4)
        if op == 0:
            return response[:self.rng.randrange(len(response) + 1)]
        if op == 1:
            return self.rng.randbytes(self.rng.randint(0, 300))
        if op == 2:
            return response[:-2] + self.rng.choice(
                (b"\x61\x05", b"\x6c\x03", b"\x62\x82", b"\x63\xc1", b"\x69\x84", b"\x6a\x82", b"\x6b\x00",
                 b"\x67\x00", b"\x6f\x00", b"\x90\x01", b"\x61\x00", b"\x6c\x00"))
        return mutate(self.rng, response)


@pytest.mark.parametrize("path", ["pin", "code_b", "number", "card_id", "token"])
def test_read_paths_raise_only_typed_errors(people, path):
    rng = random.Random(f"{SEED}-{path}")
    person = {**people[0], "pin_tries_left": 3}
    outcomes = {"ok": 0, "typed": 0}
    runs = 400
    for i in range(runs):
        if path == "token":
            card = TokenCard(rng.choice(("felica", "type_a")))
        else:
            card = MyNumberCard(CardHolder.from_dict(person))
        transport = InProcessTransport(Faulty(card, rng, rate=0.3))
        try:
            if path == "pin":
                read_card(transport, pin="1234", verify_integrity=bool(i % 2))
            elif path == "code_b":
                read_card(transport, code_b=card.holder.code_b())
            elif path == "number":
                read_card(transport, pin="1234", with_number=True, purpose="fuzz", verify_integrity=True)
            else:
                identify_card(transport, "fuzz", lambda: bytes(32))
            outcomes["ok"] += 1
        except CardError:
            outcomes["typed"] += 1
        if path != "token":
            # a wrong answer must never spend more than the one try the caller asked for
            assert card.pin_tries_left >= 2 and card.code_b_tries_left >= 9
    assert outcomes["ok"] + outcomes["typed"] == runs and outcomes["typed"] > 0
    print(f"[fuzz] {path} sessions: {runs} ({outcomes['ok']} read, {outcomes['typed']} typed errors)")
