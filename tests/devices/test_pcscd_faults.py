"""Through the real stack on vpcd slot 0 (pyscard → pcscd → vpcd): injected card faults end in the
right typed error without costing a PIN try, and the CardWatcher sees the card come and go.

Needs the running pcscd; uses the pcsc_card fixture of tests/conftest.py (slot 0 only).
"""

from __future__ import annotations

import time

import pytest

from devices.errors import CardRemovedError, NoCardError
from devices.pcsc import PcscTransport
from devices.reading import read_basic_four
from tests.conftest import unpowered
from tests.devices.test_faults import FAULT_CASES
from tests.devices.test_reading import expected

pytestmark = pytest.mark.pcscd

SLOT0_READER = "Virtual PCD 00 00"


def plug_faulty(pcsc_card, person, **faults):
    from devices.emulator import CardHolder, MyNumberCard
    from devices.emulator.faults import Faults, FaultyCard
    card = FaultyCard(MyNumberCard(CardHolder.from_dict(person)), Faults(**faults))
    _, reader = pcsc_card.plug(card, slot=0)
    card.attach(pcsc_card.link(0))
    return card, reader


@pytest.mark.parametrize("after", [2, 3])   # after the tries query; after the PIN was verified
def test_fault_card_leaves_after_n_commands(pcsc_card, people, after):
    card, reader = plug_faulty(pcsc_card, people[0], remove_after=after)
    transport = PcscTransport.open(reader)
    try:
        with pytest.raises((CardRemovedError, NoCardError)):
            read_basic_four(transport, "1234")
    finally:
        transport.close()
    assert card.removed and card.pin_tries_left == 3 and unpowered(card)


@pytest.mark.parametrize("faults, error", [(f, e.__name__) for f, e in FAULT_CASES])
def test_fault_answers_through_pcscd(pcsc_card, people, faults, error):
    from devices.errors import CardError
    card, reader = plug_faulty(pcsc_card, people[0], **faults)
    with PcscTransport.open(reader) as transport:
        with pytest.raises(CardError) as info:
            read_basic_four(transport, "1234")
    assert type(info.value).__name__ == error
    assert card.pin_tries_left == 3 and unpowered(card)


def _code_b(transport, card):
    from devices.reading import read_basic_four_with_code_b
    return read_basic_four_with_code_b(transport, card.card.holder.code_b())


def _my_number(transport, card):
    from devices.reading import read_my_number
    return read_my_number(transport, "1234", "fault test")


def _card_id(transport, card):
    from devices.card_id import identify_card
    return identify_card(transport, "library", lambda: bytes(32))


# the other paths: 照合番号B (1 SELECT AP, 2 empty VERIFY P2 95, 3 VERIFY, 4 READ), the My Number
# (… 4 READ BINARY of EF 0001 by SFI) and `card id` (1 SELECT JPKI AP, 2 SELECT EF 000A, 3 READ header, …)
@pytest.mark.parametrize("path, faults, error", [
    (_code_b, {"status": {3: 0x63C5}}, "WrongCodeBError"),
    (_code_b, {"status": {2: 0x63C1}}, "LastTryRefusedError"),
    (_code_b, {"remove_after": 3}, ("CardRemovedError", "NoCardError")),
    (_my_number, {"status": {4: 0x6982}}, "MyNumberNeedsPinError"),
    (_my_number, {"truncate": {4: 9}}, "CardProtocolError"),
    (_card_id, {"garbage": {3}}, "CardProtocolError"),
    (_card_id, {"remove_after": 2}, ("CardRemovedError", "NoCardError")),
], ids=["code_b-wrong", "code_b-last-try", "code_b-removed", "number-6982", "number-truncated",
        "card_id-garbage", "card_id-removed"])
def test_faults_on_the_other_paths_through_pcscd(pcsc_card, people, path, faults, error):
    from devices.errors import CardError
    card, reader = plug_faulty(pcsc_card, people[0], **faults)
    transport = PcscTransport.open(reader)
    try:
        with pytest.raises(CardError) as info:
            path(transport, card)
    finally:
        transport.close()
    assert type(info.value).__name__ in ((error,) if isinstance(error, str) else error)
    assert card.pin_tries_left == 3 and card.card.code_b_tries_left == 10 and unpowered(card)


def test_slow_card_through_pcscd(pcsc_card, people):
    card, reader = plug_faulty(pcsc_card, people[0], delay_s=0.25)
    with PcscTransport.open(reader) as transport:
        assert read_basic_four(transport, "1234").to_dict() == expected(people[0])
    assert card.commands >= 4


def test_watcher_sees_slot0_insert_and_removal(pcsc_card, people):
    import queue

    from devices.watcher import CARD_ABSENT, CARD_PRESENT, READER_ADDED, CardWatcher
    events: queue.Queue = queue.Queue()

    def wait_for(kind, timeout=4.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = events.get(timeout=0.1)
            except queue.Empty:
                continue
            if event.reader == SLOT0_READER and event.kind == kind:  # slot 1 belongs to others
                return event
        raise AssertionError(f"no {kind} event for {SLOT0_READER}")

    watcher = CardWatcher(events.put, poll_s=0.3).start()
    try:
        wait_for(READER_ADDED)
        pcsc_card(people[0])
        wait_for(CARD_PRESENT)
        pcsc_card.pull(0)
        wait_for(CARD_ABSENT)
    finally:
        start = time.monotonic()
        watcher.stop()
        assert time.monotonic() - start < 1.5
    assert not watcher.running
