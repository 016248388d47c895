"""61xx / 6Cxx resolution inside the transports, and the Transport protocol."""

import pytest

from devices import apdu as A
from devices.emulator import CardHolder, MyNumberCard
from devices.errors import CardProtocolError
from devices.inprocess import InProcessTransport
from devices.reading import read_basic_four
from devices.transport import Transport, resolve_status_chaining


class ChainingCard:
    """Wraps the emulator: hands out response data in 61xx pieces of `piece` bytes."""

    def __init__(self, card, piece=40):
        self.card, self.piece = card, piece
        self.pending = b""
        self.log: list[bytes] = []

    def power_off(self):
        self.card.power_off()

    def process(self, apdu):
        self.log.append(bytes(apdu))
        if apdu[1] == A.INS_GET_RESPONSE:
            return self._next(apdu[4] or 256)
        response = self.card.process(apdu)
        data, _sw = A.split_response(response)
        if not data:
            return response
        self.pending, self.final = data, response[-2:]
        return self._next(0)

    def _next(self, le):
        out, self.pending = self.pending[:le], self.pending[le:]
        if self.pending:
            return out + bytes((0x61, min(len(self.pending), self.piece) & 0xFF))
        return out + self.final


def test_61xx_is_fetched_with_get_response(people):
    card = MyNumberCard(CardHolder.from_dict(people[5]))
    wrapper = ChainingCard(card)
    transport = InProcessTransport(wrapper)
    card.pin_tries_left = 3  # the Kyoto person's PIN is blocked in people.json
    four = read_basic_four(transport, people[5]["pin"])
    assert four.address == people[5]["address"]
    assert any(c[1] == A.INS_GET_RESPONSE for c in wrapper.log)


def test_6cxx_resends_with_the_right_le(people):
    card = MyNumberCard(CardHolder.from_dict(people[0]))
    wrapper = ChainingCard(card)
    wrapper.process = _only_6c(wrapper)  # answers 6Cxx whenever Le is not the exact size left
    transport = InProcessTransport(wrapper)
    assert read_basic_four(transport, "1234").name == people[0]["name"]
    reads = [c for c in wrapper.log if c[1] == A.INS_READ_BINARY]
    assert reads[0][4] == 0 and reads[1][4] == len(card.holder.ef_basic_four())


def _only_6c(wrapper):
    def process(apdu):
        wrapper.log.append(bytes(apdu))
        response = wrapper.card.process(apdu)
        data, sw = A.split_response(response)
        if apdu[1] == A.INS_READ_BINARY and sw == 0x9000 and (apdu[4] or 256) != len(data):
            return bytes((0x6C, len(data)))
        return response
    return process


def test_resolver_appends_le_to_case_3_and_bounds_61xx():
    calls = []

    def send(apdu):
        calls.append(apdu)
        if len(calls) == 1:
            return b"", 0x6C05
        return b"hello", 0x9000

    assert resolve_status_chaining(send, bytes.fromhex("00CA0101")) == (b"hello", 0x9000)
    assert calls[1] == bytes.fromhex("00CA010105")

    with pytest.raises(CardProtocolError):
        resolve_status_chaining(lambda apdu: (b"x", 0x6101), bytes.fromhex("00B0000000"))


def test_in_process_transport_is_a_transport_and_close_powers_off(people):
    card = MyNumberCard(CardHolder.from_dict(people[0]))
    transport = InProcessTransport(card)
    assert isinstance(transport, Transport)
    read_basic_four(transport, "1234")
    assert card.verified
    transport.close()
    assert not card.verified
    with pytest.raises(RuntimeError):
        transport.transmit(A.select_aid(A.AID_INPUT_SUPPORT).to_bytes())


@pytest.mark.parametrize("rc, error", [
    (0x8010001D, "PcscUnavailableError"), (0x8010002E, "NoReaderError"), (0x80100009, "NoReaderError"),
    (0x8010000C, "NoCardError"), (0x80100069, "CardRemovedError"), (0x80100016, "CardRemovedError"),
    (0x8010000B, "ReaderBusyError"), (0x80100001, "CardProtocolError"),
    (-2146435043, "PcscUnavailableError"),  # the same code as a signed 32-bit int
])
def test_pcsc_return_codes_map_to_typed_errors(rc, error):
    from devices.pcsc import error_for
    exc = error_for(rc, "testing")
    assert type(exc).__name__ == error
    assert exc.code and exc.message_ja and exc.message_en


def test_pcsc_unavailable_says_how_to_start_it():
    from devices.errors import PcscUnavailableError
    assert "pcscd" in PcscUnavailableError().message_en and "pcscd" in PcscUnavailableError().message_ja
