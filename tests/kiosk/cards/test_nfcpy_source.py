"""The kiosk on an nfcpy reader (RC-S380 class), without hardware: nfcpy's udp driver with the emulated
My Number card. The card source reports the reader and the card for the status bar from devices'
NfcpyWatcher, a session holds the watcher's polls off until its transport is closed, and the four
facts read through it as through PC/SC."""

from __future__ import annotations

import pytest

pytest.importorskip("nfc")

from devices.emulator import CardHolder, MyNumberCard  # noqa: E402
from devices.emulator.iso_dep import Type4BCardLoop  # noqa: E402
from devices.reading import read_basic_four  # noqa: E402
from kiosk.cards.source import NfcpyCardSource, PcscCardSource, card_source  # noqa: E402
from tests.devices.test_nfcpy import free_udp_port  # noqa: E402
from tests.devices.test_reading import expected  # noqa: E402
from tests.waiting import wait_until  # noqa: E402


def test_reader_names_choose_the_stack():
    assert isinstance(card_source("Virtual PCD 00 01"), PcscCardSource)
    assert isinstance(card_source(None), PcscCardSource)
    source = card_source(f"nfcpy:udp:127.0.0.1:{free_udp_port()}")
    try:
        assert isinstance(source, NfcpyCardSource)
    finally:
        source.close()


def test_status_and_a_read_through_an_nfcpy_reader(people):
    port = free_udp_port()
    person = people[0]
    source = NfcpyCardSource(f"nfcpy:udp:127.0.0.1:{port}", poll_s=0.1, targets=("106B",))
    try:
        wait_until(lambda: source.status() == (True, False), 8, "the reader there, no card yet")
        card = MyNumberCard(CardHolder.from_dict(person))
        loop = Type4BCardLoop(card, port=port).start()
        try:
            wait_until(lambda: source.status() == (True, True), 8, "the card on the reader")
            transport = source.open()
            try:
                assert not source.watcher._busy.acquire(blocking=False)  # polls held off
                assert read_basic_four(transport, person["pin"]).to_dict() == expected(person)
            finally:
                transport.close()
            assert source.watcher._busy.acquire(blocking=False)          # given back at close
            source.watcher._busy.release()
            assert card.pin_tries_left == 3
        finally:
            loop.stop()
        wait_until(lambda: source.status() == (True, False), 8, "the card gone from the reader")
    finally:
        source.close()
    assert not source.watcher.running
