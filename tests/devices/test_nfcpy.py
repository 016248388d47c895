"""The nfcpy transport without hardware: nfcpy's `udp` driver as the RF link and an ISO-DEP Type B
card loop (devices.emulator.iso_dep) serving the emulated My Number card."""

import logging
import socket
import time

import pytest

pytest.importorskip("nfc")

from devices.card_id import identify_card  # noqa: E402
from devices.emulator import CardHolder, MyNumberCard  # noqa: E402
from devices.emulator.iso_dep import Type4BCardLoop  # noqa: E402
from devices.errors import CardRemovedError, NoCardError, NoReaderError, WrongPinError  # noqa: E402
from devices.inprocess import InProcessTransport  # noqa: E402
from devices.nfcpy_transport import NfcpyTransport  # noqa: E402
from devices.reading import read_basic_four, read_card  # noqa: E402
from tests.devices.test_reading import expected  # noqa: E402
from tests.waiting import wait_until  # noqa: E402

PURPOSE = "テスト"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nfc_card():
    loops = []

    def start(person, **changes):
        card = MyNumberCard(CardHolder.from_dict({**person, **changes}))
        port = free_udp_port()
        loop = Type4BCardLoop(card, port=port).start()
        loops.append(loop)
        assert loop.error is None
        return card, f"udp:127.0.0.1:{port}", loop

    yield start
    for loop in loops:
        loop.stop()


def test_read_everything_through_nfcpy(nfc_card, people):
    person = people[5]
    address = person["address"] * 3  # > 256 bytes: READ BINARY answers of 258 bytes are chained
    card, path, loop = nfc_card(person, pin_tries_left=3, address=address)
    with NfcpyTransport.open(path, timeout=3) as transport:
        result = read_card(transport, pin=person["pin"], with_number=True, purpose=PURPOSE,
                           verify_integrity=True)
        assert card.verified
    assert result.to_dict() == {**expected({**person, "address": address}), "my_number": person["my_number"]}
    assert card.verify_data_count == 1 and loop.activations == 1
    wait_until(lambda: not card.verified, 2, "RF off to reach the card loop (no verified PIN)")


def test_wrong_pin_through_nfcpy(nfc_card, people):
    card, path, _ = nfc_card(people[0])
    with NfcpyTransport.open(path, timeout=3) as transport:
        with pytest.raises(WrongPinError) as info:
            read_basic_four(transport, "0000")
    assert info.value.tries_left == 2 and card.verify_data_count == 1


def test_card_id_through_nfcpy_uses_the_certificate(nfc_card, people):
    card, path, _ = nfc_card(people[8])
    with NfcpyTransport.open(path, timeout=3) as transport:
        first = identify_card(transport, "library", lambda: bytes(32))
    with NfcpyTransport.open(path, timeout=3) as transport:  # a new activation, a new PUPI
        again = identify_card(transport, "library", lambda: bytes(32))
    assert first == again and first.kind == "mynumber" and card.get_data_count == 0


def test_no_card_and_no_reader():
    start = time.monotonic()
    with pytest.raises(NoCardError):
        NfcpyTransport.open(f"udp:127.0.0.1:{free_udp_port()}", timeout=0.5)
    assert time.monotonic() - start < 5
    with pytest.raises(NoReaderError):
        NfcpyTransport.open("usb:ffff:ffff", timeout=0.2)


def test_card_removed_mid_session(nfc_card, people):
    card, path, loop = nfc_card(people[0])
    transport = NfcpyTransport.open(path, timeout=3)
    try:
        read_basic_four(transport, "1234")
        loop.stop()  # the card leaves the field
        with pytest.raises(CardRemovedError):
            read_basic_four(transport, "1234")
    finally:
        transport.close()
    transport.close()  # twice is fine


@pytest.fixture
def nfc_debug():
    """nfcpy sets its loggers to INFO itself; turn them up to DEBUG, where it dumps every frame."""
    nfc_logger = logging.getLogger("nfc")
    before = nfc_logger.level
    nfc_logger.setLevel(logging.DEBUG)
    yield
    nfc_logger.setLevel(before)


def read_with_logs(nfc_card, person, caplog):
    _, path, _ = nfc_card(person)
    with caplog.at_level(logging.DEBUG):
        with NfcpyTransport.open(path, timeout=3) as transport:
            read_card(transport, pin=person["pin"], with_number=True, purpose=PURPOSE)
    return caplog.text


def test_the_log_check_bites_without_the_filter(nfc_card, people, caplog, nfc_debug, monkeypatch,
                                               allow_secret_logs):
    import devices.nfcpy_transport as nfcpy_transport
    for name in nfcpy_transport.FRAME_LOGGERS:
        logging.getLogger(name).removeFilter(nfcpy_transport._FILTER)
    monkeypatch.setattr(nfcpy_transport, "quiet_nfcpy_logs", lambda: None)
    text = read_with_logs(nfc_card, people[4], caplog)
    assert people[4]["pin"].encode().hex() in text.replace(" ", "")  # nfcpy's own frame dump


def test_nfcpy_frames_never_reach_the_logs(nfc_card, people, caplog, nfc_debug):
    person = people[4]
    text = read_with_logs(nfc_card, person, caplog)
    assert "nfc." in text  # nfcpy's other DEBUG lines are still there
    for secret in (person["pin"].encode().hex(), person["my_number"].encode().hex(),
                   person["name"].encode().hex()[:16], person["my_number"], person["name"]):
        assert secret not in text.replace(" ", "")


@pytest.fixture
def nfc_token():
    from devices.emulator.nfc_tokens import TokenListenLoop
    loops = []

    def start(kind, uid):
        port = free_udp_port()
        loops.append(TokenListenLoop(kind, uid, port=port).start())
        return f"udp:127.0.0.1:{port}"

    yield start
    for loop in loops:
        loop.stop()


@pytest.mark.parametrize("kind, uid", [("felica", "012E4CD1F3A57B09"), ("type_a", "04A1B2C3D4E5F6")])
def test_token_ids_through_nfcpy(nfc_token, kind, uid):
    from devices.nfcpy_ids import identify_nfc_card
    path = nfc_token(kind, bytes.fromhex(uid))
    result = identify_nfc_card(path, "library", lambda: pytest.fail("no key for a token"), timeout=4)
    assert result.to_dict() == {"kind": kind, "pseudonym": uid}


def test_random_type_a_uid_is_refused_through_nfcpy(nfc_token):
    from devices.errors import UnknownCardError
    from devices.nfcpy_ids import identify_nfc_card
    path = nfc_token("type_a", bytes.fromhex("08A1B2C3"))
    with pytest.raises(UnknownCardError):
        identify_nfc_card(path, "library", lambda: bytes(32), timeout=4)


def test_my_number_card_id_through_nfcpy_matches_pcsc_path(nfc_card, people):
    from devices.nfcpy_ids import identify_nfc_card
    card, path, _ = nfc_card(people[0])
    over_nfc = identify_nfc_card(path, "library", lambda: bytes(32), timeout=5)
    in_process = identify_card(InProcessTransport(card), "library", lambda: bytes(32))
    assert over_nfc == in_process and over_nfc.kind == "mynumber" and card.get_data_count == 0
    with pytest.raises(NoCardError):
        identify_nfc_card(f"udp:127.0.0.1:{free_udp_port()}", "library", lambda: bytes(32), timeout=0.5)
