"""The real stack: pyscard → pcscd → vpcd → the emulated My Number card (slot 0 only), and the CLI.

Needs the running pcscd (scripts/test.sh starts one); see tests/conftest.py for the fixtures.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S
from devices.errors import CardRemovedError, NoCardError, WrongPinError
from devices.input_support import InputSupportApp
from devices.pcsc import PcscTransport, list_readers
from devices.reading import read_basic_four, read_basic_four_with_code_b
from tests.conftest import unpowered
from tests.devices.conftest import allow_secret_logs, no_secrets_in_logs  # noqa: F401 — the log guard here too

pytestmark = pytest.mark.pcscd

KAZASU = Path(sys.executable).parent / "kazasu"
SLOT0_READER = "Virtual PCD 00 00"


def expected(person):
    b = person["birth_date"]
    return {"name": person["name"], "address": person["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": person["sex"]}


def by_name(people, name):
    return next(p for p in people if p["name"] == name)


def test_read_basic_four_through_pcscd(pcsc_card, people):
    yamada, yoshida, kyoto = people[0], by_name(people, "𠮷田　修"), people[5]
    kyoto = {**kyoto, "pin_tries_left": 3}  # blocked in people.json; unblocked here to read by PIN
    long_one = {**people[6], "address": people[5]["address"] * 5}  # > 256 bytes: several READ BINARYs
    for person in (yamada, yoshida, kyoto, long_one):
        card, reader = pcsc_card(person, slot=0)
        assert reader == SLOT0_READER
        transport = PcscTransport.open(reader)
        try:
            four = read_basic_four(transport, person["pin"])
        finally:
            transport.close()
        assert four.to_dict() == expected(person)
        assert card.verify_data_count == 1
        assert unpowered(card)  # close() unpowered the card: the PIN does not outlive the session


def test_code_b_through_pcscd(pcsc_card, people):
    ito = people[8]  # face-authentication card: no PIN at all
    card, reader = pcsc_card(ito, slot=0)
    with PcscTransport.open(reader) as transport:
        four = read_basic_four_with_code_b(transport, card.holder.code_b())
    assert four.to_dict() == expected(ito)
    assert card.verify_data_count == 1 and unpowered(card)


def test_reader_listing_shows_the_card(pcsc_card, people):
    _, reader = pcsc_card(people[0])
    assert any(r.name == reader and r.card_present for r in list_readers())


def test_cli_readers_lists_pcsc_and_no_nfcpy_reader_without_one(pcsc_card, people):
    """`kazasu readers --json`: the vpcd readers with backend pcsc; no USB reader for nfcpy here, so
    none with backend nfcpy and no error."""
    _, reader = pcsc_card(people[0])
    done = subprocess.run([str(Path(sys.executable).parent / "kazasu"), "readers", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    readers = json.loads(done.stdout)["readers"]
    assert {"name": reader, "backend": "pcsc", "card_present": True} in readers
    assert {r["backend"] for r in readers} == {"pcsc"}


def test_wrong_pin_through_pcscd(pcsc_card, people):
    card, reader = pcsc_card(people[9])  # two tries left
    with PcscTransport.open(reader) as transport:
        with pytest.raises(WrongPinError) as info:
            read_basic_four(transport, "0000")
    assert info.value.tries_left == 1
    assert card.verify_data_count == 1


def test_card_removed_mid_session(pcsc_card, people):
    card, reader = pcsc_card(people[0])
    transport = PcscTransport.open(reader)
    try:
        app = InputSupportApp(transport)
        app.verify_pin("1234")
        pcsc_card.link(0).remove()
        with pytest.raises((CardRemovedError, NoCardError)):
            for _ in range(40):  # pcscd notices within a poll interval (~0.4 s)
                app.read_basic_four()
                time.sleep(0.05)
    finally:
        transport.close()
    assert unpowered(card)


def test_open_without_card_is_no_card(pcsc_card, people):
    pcsc_card(people[0])
    pcsc_card.pull(0)
    with pytest.raises(NoCardError):
        PcscTransport.open(SLOT0_READER)


# --- the command line -------------------------------------------------------------------------

def read_line(proc: subprocess.Popen, timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            raise AssertionError(f"no line from the emulator within {timeout} s")
        return proc.stdout.readline()
    finally:
        selector.close()


@pytest.fixture
def emulator(pcscd, tmp_path):
    procs = []

    def start(person):
        path = tmp_path / "person.json"
        path.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.Popen([str(KAZASU), "card", "emulate", "--person", str(path), "--slot", "0", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        procs.append(proc)
        line = read_line(proc, 15)
        assert json.loads(line) == {"status": "inserted", "reader": SLOT0_READER, "port": 35963}, line
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(r.name == SLOT0_READER and r.card_present for r in list_readers()):
        time.sleep(0.05)
    time.sleep(PCSCD_POLL_SETTLE_S)


def kazasu_read(pin: str, *extra: str, mode: str = "--pin-stdin") -> subprocess.CompletedProcess:
    done = subprocess.run([str(KAZASU), "card", "read", "--reader", SLOT0_READER, mode, "--json", "-v", *extra],
                          input=pin + "\n", capture_output=True, text=True, timeout=30)
    assert_no_secrets(done.stderr)  # the command's own log lines at INFO (stdout is the asked-for data)
    return done


def assert_no_secrets(text: str) -> None:
    import re

    from tests.conftest import FIXTURES
    from tests.devices.secrets import person_secrets
    people = json.loads((FIXTURES / "people.json").read_text(encoding="utf-8"))["people"]
    leaks = sorted({label for label, pattern in person_secrets(people) if re.search(pattern, text)})
    assert not leaks, f"secrets in the command's log output: {leaks}"


def test_cli_emulate_and_read(emulator, people):
    person = by_name(people, "𠮷田　修")
    proc = emulator(person)

    ok = kazasu_read(person["pin"])
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == expected(person)
    assert ok.stdout.count("\n") == 1

    wrong = kazasu_read("0000")
    assert wrong.returncode == 1
    error = json.loads(wrong.stdout)["error"]
    assert error["code"] == "wrong_pin" and error["tries_left"] == 2
    assert error["message_ja"] and error["message_en"]
    for secret in ("0000", person["pin"], person["name"], person["my_number"]):
        assert secret not in wrong.stdout + wrong.stderr

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert proc.stdout.read() == ""
    assert "Traceback" not in proc.stderr.read()


def test_cli_read_with_code_b(emulator, people):
    ito = people[8]
    emulator(ito)
    from devices.emulator import CardHolder
    code = CardHolder.from_dict(ito).code_b()

    ok = kazasu_read(code, mode="--code-b-stdin")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == expected(ito)

    wrong = kazasu_read(code[:10] + "0000", mode="--code-b-stdin")
    assert wrong.returncode == 1
    error = json.loads(wrong.stdout)["error"]
    assert error["code"] == "wrong_code_b" and error["tries_left"] == 9

    bad = kazasu_read("12345", mode="--code-b-stdin")
    assert json.loads(bad.stdout)["error"]["code"] == "invalid_code_b_format"
    for secret in (code, ito["name"], ito["my_number"]):
        assert secret not in wrong.stdout + wrong.stderr + bad.stdout + bad.stderr


def test_cli_read_with_number_and_purpose(emulator, people):
    person = people[0]
    emulator(person)
    purpose = "児童手当の認定請求"
    ok = kazasu_read(person["pin"], "--with-number", "--purpose", purpose, "--verify-integrity")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {**expected(person), "my_number": person["my_number"]}
    # the audit trail reaches the command's log (INFO with -v), the secrets do not (kazasu_read checks)
    assert f"stated purpose: {purpose}" in ok.stderr and "VERIFY of key EF 0011, once" in ok.stderr
    plain = kazasu_read(person["pin"])
    assert "my_number" not in json.loads(plain.stdout)

    no_purpose = kazasu_read(person["pin"], "--with-number")
    assert no_purpose.returncode == 1
    assert json.loads(no_purpose.stdout)["error"]["code"] == "purpose_required"
    from devices.emulator import CardHolder
    code_b = kazasu_read(CardHolder.from_dict(person).code_b(), "--with-number", "--purpose", purpose,
                         mode="--code-b-stdin")
    assert json.loads(code_b.stdout)["error"]["code"] == "my_number_needs_pin"
    for out in (no_purpose, code_b):
        assert person["my_number"] not in out.stdout + out.stderr
    assert person["my_number"] not in ok.stderr


def test_my_number_through_pcscd(pcsc_card, people):
    from devices.reading import read_my_number
    card, reader = pcsc_card(people[4])
    with PcscTransport.open(reader) as transport:
        number = read_my_number(transport, people[4]["pin"], "test", verify_integrity=True)
    assert number.value == people[4]["my_number"]
    assert unpowered(card)


def kazasu_id(data_dir, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KAZASU), "card", "id", "--reader", SLOT0_READER, "--json",
                           "--data-dir", str(data_dir), *extra],
                          capture_output=True, text=True, timeout=30)


def test_cli_card_id_for_a_my_number_card(pcsc_card, people, tmp_path):
    from cryptography import x509

    from devices.emulator import pki
    from devices.emulator.vpcd import CONTACTLESS_ATR
    card, _ = pcsc_card(people[8])  # face-auth card: no PIN, the certificate still reads
    first = kazasu_id(tmp_path, "--service", "library")
    assert first.returncode == 0, first.stdout + first.stderr
    out = json.loads(first.stdout)
    assert set(out) == {"kind", "pseudonym"} and out["kind"] == "mynumber" and len(out["pseudonym"]) == 64
    key = tmp_path / "service-keys" / "library.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert json.loads(kazasu_id(tmp_path, "--service", "library").stdout) == out
    shelter = json.loads(kazasu_id(tmp_path, "--service", "shelter").stdout)
    assert shelter["kind"] == "mynumber" and shelter["pseudonym"] != out["pseudonym"]
    # nothing from the RF layer: no GET DATA (PUPI) was asked, no ATR or serial bytes in the output
    assert card.get_data_count == 0 and card.verify_data_count == 0
    serial = x509.load_der_x509_certificate(pki.auth_certificate(card.holder)).serial_number
    text = first.stdout + first.stderr
    for leaked in (CONTACTLESS_ATR.hex(), CONTACTLESS_ATR[4:].hex(), card.pupi.hex(), f"{serial:x}", str(serial)):
        assert leaked not in text
    bad = kazasu_id(tmp_path, "--service", "../etc")
    assert bad.returncode == 1 and json.loads(bad.stdout)["error"]["code"] == "invalid_service_name"


def test_certificate_through_pcscd(pcsc_card, people):
    from devices.jpki import JpkiApp
    card, reader = pcsc_card(people[0])
    with PcscTransport.open(reader) as transport:
        app = JpkiApp(transport)
        assert app.read_token_label() == "JPKIAPICCTOKEN2"
        cert = app.read_auth_certificate()
        assert transport.atr.hex().upper().startswith("3B888001")
    assert cert.public_key().key_size == 2048


@pytest.mark.parametrize("kind, uid", [("felica", "012E4CD1F3A57B09"), ("type_a", "04A1B2C3D4E5F6")])
def test_cli_card_id_for_token_cards(pcsc_card, tmp_path, kind, uid):
    card, reader = pcsc_card.token(kind, bytes.fromhex(uid))
    with PcscTransport.open(reader) as transport:
        assert transport.atr == card.atr  # pcscd passes the Part 3 ATR through
    result = kazasu_id(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == {"kind": kind, "pseudonym": uid}
    assert not (tmp_path / "service-keys").exists()  # no key is made for a token


def test_cli_emulate_token_and_id(pcscd, tmp_path):
    proc = subprocess.Popen([str(KAZASU), "card", "emulate", "--token", "felica", "--uid", "0102030405060708",
                             "--slot", "0", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert json.loads(read_line(proc, 15))["status"] == "inserted"
        result = kazasu_id(tmp_path)
        assert json.loads(result.stdout) == {"kind": "felica", "pseudonym": "0102030405060708"}, result.stdout
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(r.name == SLOT0_READER and r.card_present for r in list_readers()):
        time.sleep(0.05)
    time.sleep(PCSCD_POLL_SETTLE_S)

