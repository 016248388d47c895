"""Fault injection in process: each fault ends in the right typed error, and no fault makes the card
spend a PIN try the caller did not use."""

import time

import pytest

from devices.emulator import CardHolder, MyNumberCard
from devices.emulator.faults import Faults, FaultyCard
from devices.errors import (
    CardProtocolError,
    CardRemovedError,
    LastTryRefusedError,
    NotMyNumberCardError,
    PinBlockedError,
    WrongPinError,
)
from devices.inprocess import InProcessTransport
from devices.reading import read_basic_four, read_card

# the PIN path with short EF ids: 1 SELECT AP, 2 empty VERIFY (P2 91), 3 VERIFY (P2 91), 4 READ BINARY (P1 82)


def faulty(people, **faults):
    card = FaultyCard(MyNumberCard(CardHolder.from_dict(people[0])), Faults(**faults))
    return card, InProcessTransport(card)


@pytest.mark.parametrize("after", [0, 1, 2, 3])
def test_removal_after_n_commands(people, after):
    card, transport = faulty(people, remove_after=after)
    with pytest.raises(CardRemovedError):
        read_basic_four(transport, "1234")
    assert card.commands == after and card.removed and not card.verified
    assert card.pin_tries_left == 3  # a removal never costs a try
    with pytest.raises(CardRemovedError):
        read_basic_four(transport, "1234")


FAULT_CASES = [
    ({"status": {1: 0x6A82}}, NotMyNumberCardError),
    ({"status": {1: 0x6F00}}, CardProtocolError),
    ({"status": {2: 0x63C1}}, LastTryRefusedError),     # the tries query says "last try": nothing sent
    ({"status": {2: 0x6984}}, PinBlockedError),
    ({"status": {3: 0x63C1}}, WrongPinError),
    ({"status": {3: 0x6984}}, PinBlockedError),
    ({"status": {3: 0x6F00}}, CardProtocolError),
    ({"status": {4: 0x6982}}, CardProtocolError),
    ({"status": {4: 0x6B00}}, CardProtocolError),
    ({"truncate": {4: 1}}, CardProtocolError),           # less than a status word
    ({"truncate": {4: 30}}, CardProtocolError),          # the record cut short (last 2 bytes read as SW)
    ({"garbage": {4}}, CardProtocolError),
    ({"garbage": {1}, "seed": 3}, CardProtocolError),
]  # tests/devices/test_pcscd_faults.py runs the same list through pcscd + vpcd


@pytest.mark.parametrize("faults, error", FAULT_CASES)
def test_injected_answers_give_typed_errors(people, faults, error):
    card, transport = faulty(people, **faults)
    with pytest.raises(error):
        read_basic_four(transport, "1234")
    assert card.pin_tries_left == 3


def test_last_try_fault_sends_no_pin(people):
    card, transport = faulty(people, status={2: 0x63C1})
    with pytest.raises(LastTryRefusedError):
        read_basic_four(transport, "1234")
    assert card.verify_data_count == 0


def test_slow_card_still_reads(people):
    card, transport = faulty(people, delay_s=0.02)
    start = time.monotonic()
    assert read_card(transport, pin="1234").to_dict()["name"] == people[0]["name"]
    assert time.monotonic() - start >= 4 * 0.02 and card.commands == 4


def test_wrapper_reads_through(people):
    card, _ = faulty(people)
    assert card.holder.name == people[0]["name"] and card.pin_tries_left == 3
    card.power_on()
    card.reset()
