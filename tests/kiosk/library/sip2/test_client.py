"""The SIP2 client against a SIP2 server nobody here wrote (pysip2's, from PyPI, in its own process):
login, the ACS's status and off-line rules, patron status and information, checkout, checkin, renew,
block; the ILS's own words (AF) in the patron's language; a refused login, an ILS that is down or
never answers, and the connection through TLS."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import time

import pytest

from kiosk.library.sip2 import messages as m
from kiosk.library.sip2.client import Sip2Client
from kiosk.library.sip2.errors import Sip2LoginRefused, Sip2Unavailable
from tests.sync.tls_files import make_cert

INST = "KAZASU"


def now() -> dt.datetime:
    return dt.datetime.now()


def test_login_and_the_acs_status(ils):
    with Sip2Client(ils.settings()) as client:
        status = client.connect()
    assert status.online and status.checkout_ok and status.checkin_ok and status.offline_ok
    assert status.version == "2.00" and status.one("AO") == INST and len(status.supported) == 16
    assert status.sync is not None and abs((status.sync - dt.datetime.now()).total_seconds()) < 120


def test_a_refused_login_is_typed(ils):
    with pytest.raises(Sip2LoginRefused) as err:
        Sip2Client(ils.settings(password="wrong")).connect()
    assert "library.json" in err.value.message_en and "library.json" in err.value.message_ja


def test_patron_status_in_the_patrons_language(ils):
    with Sip2Client(ils.settings()) as client:
        ja = client.call(m.patron_status(INST, "2000001", now(), language=m.LANGUAGES["ja"]))
        en = client.call(m.patron_status(INST, "2000001", now(), language=m.LANGUAGES["en"]))
        blocked = client.call(m.patron_status(INST, "2000002", now(), language="014"))
        unknown = client.call(m.patron_status(INST, "2009999", now()))
    assert ja.valid and ja.may_borrow and ja.screen == ("ようこそ。",) and ja.name == "図書 花子"
    assert en.screen == ("Welcome.",) and en.language == "001"
    assert not blocked.may_borrow and "charge privileges denied" in blocked.denied
    assert blocked.screen[0].startswith("貸出が停止")
    assert unknown.valid is False and not unknown.may_borrow


def test_out_information_renew_in(ils):
    with Sip2Client(ils.settings()) as client:
        out = client.call(m.checkout(INST, "2000001", "1000001", now()))
        assert out.ok and out.item == "1000001" and out.title == "テスト資料 1 巻" and out.due[:8].isdigit()
        info = client.call(m.patron_information(INST, "2000001", now(), language="001"))
        assert info.command == "64" and info.items("AU") == ("1000001",) and info.counts["charged"] == 1
        renewed = client.call(m.renew(INST, "2000001", "1000001", now()))
        assert renewed.ok and renewed.due > out.due
        refused = client.call(m.renew(INST, "2000001", "1000003", now()))
        assert not refused.ok and refused.screen
        back = client.call(m.checkin(INST, "1000001", now(), location="KZ1"))
        assert back.ok and not back.alert
        again = client.call(m.checkin(INST, "1000001", now(), location="KZ1"))
        assert not again.ok and again.alert
        hold = client.call(m.checkout(INST, "2000001", "1000009", now()))
        assert not hold.ok and hold.screen == ("This item is on hold for another patron.",)
        ended = client.call(m.end_session(INST, "2000001", now()))
        assert ended.ended
    assert ils.recorded()["loans"] == {}


def test_block_patron(ils):
    with Sip2Client(ils.settings()) as client:
        answer = client.call(m.block_patron(INST, "2000003", "lost card", now()))
        assert answer.command == "24" and "charge privileges denied" in answer.denied
        refused = client.call(m.checkout(INST, "2000003", "1000002", now()))
    assert not refused.ok
    assert "2000003" in ils.recorded()["blocked"]


def test_an_off_line_checkout_replayed_keeps_its_due_date(ils):
    due = dt.datetime(2030, 1, 15, 23, 59, 59)
    with Sip2Client(ils.settings()) as client:
        out = client.call(m.checkout(INST, "2000001", "1000004", now() - dt.timedelta(hours=1), no_block=True,
                                     due=due))
    assert out.ok and out.due.startswith("20300115")
    assert ils.recorded()["loans"]["1000004"] == {"patron": "2000001", "due": "2030-01-15"}


def test_the_ils_down_then_back(ils):
    client = Sip2Client(ils.settings(timeout_seconds=1.0))
    client.connect()
    ils.kill()
    with pytest.raises(Sip2Unavailable):
        client.call(m.patron_status(INST, "2000001", now()))
    assert not client.connected
    with pytest.raises(Sip2Unavailable):
        client.connect()
    ils.start()
    assert client.call(m.patron_status(INST, "2000001", now())).valid
    client.close()


def test_a_server_that_never_answers_times_out(ils):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    port = silent.getsockname()[1]
    try:
        client = Sip2Client(ils.settings(port=port, timeout_seconds=0.5))
        started = time.monotonic()
        with pytest.raises(Sip2Unavailable) as err:
            client.connect()
        assert time.monotonic() - started < 5
        assert err.value.details()["reason"] in ("TimeoutError", "timeout")
    finally:
        silent.close()


def tls_front(cert, key, backend_port: int) -> tuple[int, socket.socket]:
    """A TLS end on 127.0.0.1 that forwards each connection to the test ILS (as stunnel in front of
    an ILS's SIP port would)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def pipe(src, dst):
        try:
            while data := src.recv(4096):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def accept():
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            try:
                tls = context.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                raw.close()
                continue
            back = socket.create_connection(("127.0.0.1", backend_port))
            threading.Thread(target=pipe, args=(tls, back), daemon=True).start()
            threading.Thread(target=pipe, args=(back, tls), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], listener


def test_through_tls(ils, tmp_path):
    cert, key = make_cert(tmp_path, "ils")
    port, listener = tls_front(cert, key, ils.port)
    try:
        with Sip2Client(ils.settings(port=port, tls=True, ca_file=str(cert))) as client:
            assert client.connect().online
            assert client.call(m.patron_status(INST, "2000001", now())).valid
        # a certificate the terminal does not trust: no connection, a typed error
        with pytest.raises(Sip2Unavailable):
            Sip2Client(ils.settings(port=port, tls=True)).connect()
    finally:
        listener.close()
