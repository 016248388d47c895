"""nfcpy readers without hardware: discovery (libusb through nfcpy; no USB bus here, so nothing is
listed and nothing fails), the mapping of libusb's device tuples to readers, and the NfcpyWatcher's
events over nfcpy's `udp` driver with the emulated cards (same CardEvent kinds as the PC/SC watcher)."""

import queue
import time

import pytest

pytest.importorskip("nfc")

from devices.emulator import CardHolder, MyNumberCard  # noqa: E402
from devices.emulator.iso_dep import Type4BCardLoop  # noqa: E402
from devices.nfcpy_readers import NfcpyWatcher, list_nfcpy_readers, reader_path, usb_readers  # noqa: E402
from devices.nfcpy_transport import NfcpyTransport  # noqa: E402
from devices.reading import read_basic_four  # noqa: E402
from devices.watcher import CARD_ABSENT, CARD_PRESENT, READER_ADDED, CardEvent  # noqa: E402
from tests.devices.test_nfcpy import free_udp_port  # noqa: E402
from tests.devices.test_reading import expected  # noqa: E402
from tests.waiting import wait_until  # noqa: E402


def test_no_reader_lists_nothing_and_raises_nothing():
    import nfc.clf.transport
    assert nfc.clf.transport.USB.find("usb") == []   # this machine has no USB bus (the premise)
    assert list_nfcpy_readers() == []


def test_libusb_devices_map_to_nfcpy_readers():
    from nfc.clf.device import usb_device_map
    found = [(0x054C, 0x06C3, 1, 4),     # RC-S380
             (0x054C, 0x0DC9, 1, 5),     # RC-S300: a CCID reader, PC/SC only — not listed
             (0x1D6B, 0x0002, 2, 1),     # a USB hub
             (0x072F, 0x2200, 3, 17)]    # ACR122U
    readers = usb_readers(found, usb_device_map)
    assert [(r.name, r.path, r.driver) for r in readers] == [
        ("nfcpy:usb:001:004", "usb:001:004", "rcs380"), ("nfcpy:usb:003:017", "usb:003:017", "acr122")]
    assert readers[0].to_dict() == {"name": "nfcpy:usb:001:004", "backend": "nfcpy", "card_present": None,
                                    "driver": "rcs380", "usb_id": "054c:06c3", "accessible": False}
    assert reader_path(readers[0].name) == "usb:001:004" and reader_path("Virtual PCD 00 00") is None


def collect():
    events: queue.Queue = queue.Queue()

    def wait_for(kind, timeout=8.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = events.get(timeout=0.1)
            except queue.Empty:
                continue
            if event.kind == kind:
                return event
        pytest.fail(f"no {kind} event within {timeout} s")
    return events, wait_for


def test_watcher_reports_a_my_number_card_coming_and_going(people):
    port = free_udp_port()
    events, wait_for = collect()
    name = f"nfcpy:udp:127.0.0.1:{port}"
    watcher = NfcpyWatcher(events.put, paths=[f"udp:127.0.0.1:{port}"], poll_s=0.1, targets=("106B",))
    with watcher:
        assert wait_for(READER_ADDED) == CardEvent(READER_ADDED, name)
        card = MyNumberCard(CardHolder.from_dict(people[0]))
        loop = Type4BCardLoop(card, port=port).start()
        try:
            assert wait_for(CARD_PRESENT) == CardEvent(CARD_PRESENT, name)
            assert not card.verified            # a presence poll powers nothing up for good
            with watcher.session():             # no poll touches the card during the session
                activations = loop.activations
                with NfcpyTransport.open(f"udp:127.0.0.1:{port}", timeout=3) as transport:
                    assert read_basic_four(transport, people[0]["pin"]).to_dict() == expected(people[0])
                assert loop.activations == activations + 1
            # field off at the end of the session: unpowered
            wait_until(lambda: not card.verified, 3, "the field off to reach the card (no verified PIN)")
            assert card.pin_tries_left == 3
        finally:
            loop.stop()
        assert wait_for(CARD_ABSENT) == CardEvent(CARD_ABSENT, name)
    assert not watcher.running


def test_watcher_sees_a_felica_token():
    from devices.emulator.nfc_tokens import TokenListenLoop
    port = free_udp_port()
    events, wait_for = collect()
    with TokenListenLoop("felica", bytes.fromhex("012E4CD1F3A57B09"), port=port):
        with NfcpyWatcher(events.put, paths=[f"udp:127.0.0.1:{port}"], poll_s=0.1, targets=("212F",)):
            assert wait_for(CARD_PRESENT).reader == f"nfcpy:udp:127.0.0.1:{port}"


def test_watcher_without_readers_reports_nothing_and_stops_promptly():
    events: queue.Queue = queue.Queue()
    watcher = NfcpyWatcher(events.put, poll_s=30.0).start()   # USB discovery: no bus here
    time.sleep(0.3)   # the behaviour itself: into its 30 s wait, which stop() must cut short
    start = time.monotonic()
    watcher.stop()
    assert time.monotonic() - start < 1.0 and not watcher.running and events.empty()


def test_a_failing_callback_does_not_stop_the_watcher():
    port = free_udp_port()
    seen = []

    def callback(event):
        seen.append(event)
        raise RuntimeError("broken consumer")
    with NfcpyWatcher(callback, paths=[f"udp:127.0.0.1:{port}"], poll_s=0.1, targets=("106B",)) as watcher:
        wait_until(lambda: seen, 3, "the first event")
        time.sleep(0.3)   # the behaviour itself: three more polls after the callback failed
        assert watcher.running and seen[0].kind == READER_ADDED


def test_cli_reads_and_identifies_through_an_nfcpy_reader(people, tmp_path, kazasu):
    port = free_udp_port()
    person = people[4]
    card = MyNumberCard(CardHolder.from_dict(person))
    with Type4BCardLoop(card, port=port):
        reader = f"nfcpy:udp:127.0.0.1:{port}"
        read = kazasu.process("card", "read", "--reader", reader, "--pin-stdin", stdin=person["pin"] + "\n",
                              timeout=60)
        assert read.json == expected(person)
        wrong = kazasu.process("card", "read", "--reader", reader, "--pin-stdin", stdin="0000\n", timeout=60,
                               ok=False)
        assert wrong.error["code"] == "wrong_pin"
        assert wrong.error["tries_left"] == 2 and card.pin_tries_left == 2
        found = kazasu.process("card", "id", "--reader", reader, "--service", "library", data_dir=tmp_path,
                               timeout=60)
        assert found["kind"] == "mynumber" and len(found["pseudonym"]) == 64
    for secret in (person["pin"], person["name"], person["my_number"]):
        assert secret not in read.err + wrong.err + found.err
