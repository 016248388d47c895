"""Malformed and truncated answers from the ILS: every one is a typed error (Sip2Malformed, or
Sip2Unavailable when the connection ends) — never an IndexError, a UnicodeDecodeError, a ValueError.
Frames cut at every byte, bytes changed at random (hypothesis), and a server that sends such frames
to the real client over TCP."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysip2 import ACSStatusResponse, CheckoutResponse, PatronInformationResponse, encode_message

from kiosk.library.config import IlsSettings
from kiosk.library.sip2 import messages as m
from kiosk.library.sip2.client import Sip2Client
from kiosk.library.sip2.errors import Sip2Error, Sip2Malformed
from kiosk.library.sip2.wire import decode

NOW18 = "20261206    090507"
GOOD = [
    encode_message(ACSStatusResponse(
        online_status="Y", checkin_ok="Y", checkout_ok="Y", acs_renewal_policy="Y", status_update_ok="N",
        offline_ok="Y", timeout_period="030", retries_allowed="003", date_time_sync=NOW18,
        protocol_version="2.00", institution_id="K", supported_messages="Y" * 16),
        sequence_number=0, checksum=True, encoding="utf-8"),
    encode_message(PatronInformationResponse(
        patron_status=" " * 14, language="014", transaction_date=NOW18, hold_items_count="0000",
        overdue_items_count="0000", charged_items_count="0001", fine_items_count="0000",
        recall_items_count="0000", unavailable_holds_count="0000", institution_id="K",
        patron_identifier="2000001", personal_name="図書 花子", charged_items=("1000001",),
        screen_message=("ようこそ",)), sequence_number=1, checksum=True, encoding="utf-8"),
    encode_message(CheckoutResponse(
        ok="1", renewal_ok="N", magnetic_media="N", desensitize="Y", transaction_date=NOW18,
        institution_id="K", patron_identifier="2000001", item_identifier="1000001", title_identifier="本",
        due_date=NOW18), sequence_number=2, checksum=False, encoding="utf-8"),
]


def read(raw: bytes) -> None:
    try:
        m.parse(decode(raw))
    except Sip2Malformed:
        pass


@pytest.mark.parametrize("good", GOOD)
def test_every_truncation(good):
    for cut in range(len(good)):
        read(good[:cut])
        read(good[:cut] + b"\r")
    m.parse(decode(good))       # the whole one is read


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(GOOD), at=st.integers(min_value=0), value=st.binary(min_size=1, max_size=3))
def test_changed_bytes(which, at, value):
    at %= len(which)
    read(which[:at] + value + which[at + len(value):])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes(data):
    read(data + b"\r")


def serve_once(answers: list[bytes]) -> tuple[int, socket.socket]:
    """A server that answers each message with the next of `answers` (then closes)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def run():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                for answer in answers:
                    try:
                        if not conn.recv(4096):
                            break
                        conn.sendall(answer)
                    except OSError:
                        break

    threading.Thread(target=run, daemon=True).start()
    return listener.getsockname()[1], listener


@pytest.mark.parametrize("answer", [
    b"98YYYYYY030003\r",                                    # truncated fixed fields
    b"98YYYYYY03000320261206    0905072.00AOK|BXYYY\r",       # no checksum, a field short: still 98
    b"12X" + b"\r",                                         # a bad flag
    b"24" + b"\xff\xfe" * 10 + b"\r",                       # not UTF-8
    b"98YYYYYY03000320261206    0905072.00AOK|BX" + b"Y" * 16 + b"|AY0AZ0000\r",   # a wrong checksum
    b"x" * 70000,                                           # no CR, ever
    b"",                                                    # the server closes
])
def test_the_client_meets_garbage(answer):
    port, listener = serve_once([answer] * 5)
    try:
        client = Sip2Client(IlsSettings(host="127.0.0.1", port=port, timeout_seconds=1.0))
        with pytest.raises(Sip2Error):
            client.connect()
            client.call(m.checkout("K", "2000001", "1000001", dt.datetime.now()))
        assert not client.connected
    finally:
        listener.close()


def scripted(answers: list[bytes]) -> tuple[int, socket.socket, list[bytes]]:
    """A server that answers the n-th frame it reads with answers[n] and records every frame."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    got: list[bytes] = []

    def run():
        conn, _ = listener.accept()
        with conn:
            buffer = b""
            for answer in answers:
                while b"\r" not in buffer:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    buffer += chunk
                frame, buffer = buffer.split(b"\r", 1)
                got.append(frame + b"\r")
                conn.sendall(answer)

    threading.Thread(target=run, daemon=True).start()
    return listener.getsockname()[1], listener, got


def test_resends_both_ways():
    """96 from the ACS: the same frame again; an answer whose checksum does not check: 97 (AZ only),
    then the good answer is taken."""
    status = encode_message(ACSStatusResponse(
        online_status="Y", checkin_ok="Y", checkout_ok="Y", acs_renewal_policy="Y", status_update_ok="N",
        offline_ok="Y", timeout_period="030", retries_allowed="003", date_time_sync=NOW18,
        protocol_version="2.00", institution_id="K", supported_messages="Y" * 16),
        sequence_number=0, checksum=True, encoding="utf-8")
    damaged = status[:-5] + (b"0000" if status[-5:-1] != b"0000" else b"FFFF") + b"\r"
    port, listener, got = scripted([b"96AZFEF6\r", damaged, status])
    try:
        client = Sip2Client(IlsSettings(host="127.0.0.1", port=port, timeout_seconds=2.0))
        answer = client.connect()
        assert answer.online and answer.offline_ok
        assert got[0] == got[1] and got[0].startswith(b"99")        # the same 99 sent again after 96
        assert got[2].startswith(b"97AZ") and b"AY" not in got[2]     # then 97 for the damaged answer
        client.close()
    finally:
        listener.close()
