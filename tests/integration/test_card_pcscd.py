"""The real stack: pyscard → pcscd → vpcd → the emulated My Number card (slot 0 only), and the CLI.

Needs the running pcscd (scripts/test.sh starts one); see tests/conftest.py for the fixtures.
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S
from devices.errors import CardRemovedError, NoCardError, WrongPinError
from devices.input_support import InputSupportApp
from devices.pcsc import PcscTransport, list_readers, wait_for_presence
from devices.reading import read_basic_four, read_basic_four_with_code_b
from tests.cli_runner import CliResult, read_line
from tests.conftest import unpowered
from tests.devices.conftest import allow_secret_logs, no_secrets_in_logs  # noqa: F401 — the log guard here too
from tests.waiting import wait_until

pytestmark = pytest.mark.pcscd

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


def test_cli_readers_lists_pcsc_and_no_nfcpy_reader_without_one(pcsc_card, people, kazasu):
    """`kazasu readers --json`: the vpcd readers with backend pcsc; no USB reader for nfcpy here, so
    none with backend nfcpy and no error."""
    _, reader = pcsc_card(people[0])
    readers = kazasu.process("readers", timeout=60)["readers"]
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
        with pytest.raises((CardRemovedError, NoCardError)):  # pcscd notices within a poll (~0.4 s)
            wait_until(lambda: not app.read_basic_four(), 2.0, "the read to fail on the pulled card")
    finally:
        transport.close()
    assert unpowered(card)


def test_open_without_card_is_no_card(pcsc_card, people):
    pcsc_card(people[0])
    pcsc_card.pull(0)
    with pytest.raises(NoCardError):
        PcscTransport.open(SLOT0_READER)


# --- the command line -------------------------------------------------------------------------

@pytest.fixture
def emulator(pcscd, tmp_path, kazasu):
    procs = []

    def start(person):
        path = tmp_path / "person.json"
        path.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
        proc = kazasu.start("card", "emulate", "--person", str(path), "--slot", "0")
        procs.append(proc)
        line = read_line(proc, 15)
        assert json.loads(line) == {"status": "inserted", "reader": SLOT0_READER, "port": 35963}, line
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert wait_for_presence(SLOT0_READER, False, 3.0), "the emulated card did not leave the reader"
    time.sleep(PCSCD_POLL_SETTLE_S)  # the behaviour itself: pcscd's poller sees the empty reader


def kazasu_read(kazasu, pin: str, *extra: str, mode: str = "--pin-stdin") -> CliResult:
    """`kazasu card read` as a real process with the secret on stdin and -v; its log lines hold none."""
    done = kazasu.process("card", "read", "--reader", SLOT0_READER, mode, "-v", *extra, stdin=pin + "\n",
                          timeout=30, ok=None)
    assert_no_secrets(done.err)  # the command's own log lines at INFO (stdout is the asked-for data)
    return done


def assert_no_secrets(text: str) -> None:
    import re

    from tests.conftest import FIXTURES
    from tests.devices.secrets import person_secrets
    people = json.loads((FIXTURES / "people.json").read_text(encoding="utf-8"))["people"]
    leaks = sorted({label for label, pattern in person_secrets(people) if re.search(pattern, text)})
    assert not leaks, f"secrets in the command's log output: {leaks}"


def test_cli_emulate_and_read(emulator, people, kazasu):
    person = by_name(people, "𠮷田　修")
    proc = emulator(person)

    ok = kazasu_read(kazasu, person["pin"])
    assert ok.code == 0, ok.err
    assert ok.json == expected(person)
    assert ok.out.count("\n") == 1

    wrong = kazasu_read(kazasu, "0000")
    assert wrong.code == 1
    error = wrong.json["error"]
    assert error["code"] == "wrong_pin" and error["tries_left"] == 2
    assert error["message_ja"] and error["message_en"]
    for secret in ("0000", person["pin"], person["name"], person["my_number"]):
        assert secret not in wrong.out + wrong.err

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert proc.stdout.read() == ""
    assert "Traceback" not in proc.stderr.read()


def test_cli_read_with_code_b(emulator, people, kazasu):
    ito = people[8]
    emulator(ito)
    from devices.emulator import CardHolder
    code = CardHolder.from_dict(ito).code_b()

    ok = kazasu_read(kazasu, code, mode="--code-b-stdin")
    assert ok.code == 0, ok.err
    assert ok.json == expected(ito)

    wrong = kazasu_read(kazasu, code[:10] + "0000", mode="--code-b-stdin")
    assert wrong.code == 1
    error = wrong.json["error"]
    assert error["code"] == "wrong_code_b" and error["tries_left"] == 9

    bad = kazasu_read(kazasu, "12345", mode="--code-b-stdin")
    assert bad.json["error"]["code"] == "invalid_code_b_format"
    for secret in (code, ito["name"], ito["my_number"]):
        assert secret not in wrong.out + wrong.err + bad.out + bad.err


def test_cli_read_with_number_and_purpose(emulator, people, kazasu):
    person = people[0]
    emulator(person)
    purpose = "児童手当の認定請求"
    ok = kazasu_read(kazasu, person["pin"], "--with-number", "--purpose", purpose, "--verify-integrity")
    assert ok.code == 0, ok.err
    assert ok.json == {**expected(person), "my_number": person["my_number"]}
    # the audit trail reaches the command's log (INFO with -v), the secrets do not (kazasu_read checks)
    assert f"stated purpose: {purpose}" in ok.err and "VERIFY of key EF 0011, once" in ok.err
    plain = kazasu_read(kazasu, person["pin"])
    assert "my_number" not in plain.json

    no_purpose = kazasu_read(kazasu, person["pin"], "--with-number")
    assert no_purpose.code == 1
    assert no_purpose.json["error"]["code"] == "purpose_required"
    from devices.emulator import CardHolder
    code_b = kazasu_read(kazasu, CardHolder.from_dict(person).code_b(), "--with-number", "--purpose", purpose,
                         mode="--code-b-stdin")
    assert code_b.json["error"]["code"] == "my_number_needs_pin"
    for out in (no_purpose, code_b):
        assert person["my_number"] not in out.out + out.err
    assert person["my_number"] not in ok.err


def test_my_number_through_pcscd(pcsc_card, people):
    from devices.reading import read_my_number
    card, reader = pcsc_card(people[4])
    with PcscTransport.open(reader) as transport:
        number = read_my_number(transport, people[4]["pin"], "test", verify_integrity=True)
    assert number.value == people[4]["my_number"]
    assert unpowered(card)


def kazasu_id(kazasu, data_dir, *extra: str) -> CliResult:
    return kazasu.process("card", "id", "--reader", SLOT0_READER, *extra, data_dir=data_dir, timeout=30,
                          ok=None)


def test_cli_card_id_for_a_my_number_card(pcsc_card, people, tmp_path, kazasu):
    from cryptography import x509

    from devices.emulator import pki
    from devices.emulator.vpcd import CONTACTLESS_ATR
    card, _ = pcsc_card(people[8])  # face-auth card: no PIN, the certificate still reads
    first = kazasu_id(kazasu, tmp_path, "--service", "library")
    assert first.code == 0, first.out + first.err
    out = first.json
    assert set(out) == {"kind", "pseudonym"} and out["kind"] == "mynumber" and len(out["pseudonym"]) == 64
    key = tmp_path / "service-keys" / "library.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert kazasu_id(kazasu, tmp_path, "--service", "library").json == out
    shelter = kazasu_id(kazasu, tmp_path, "--service", "shelter").json
    assert shelter["kind"] == "mynumber" and shelter["pseudonym"] != out["pseudonym"]
    # nothing from the RF layer: no GET DATA (PUPI) was asked, no ATR or serial bytes in the output
    assert card.get_data_count == 0 and card.verify_data_count == 0
    serial = x509.load_der_x509_certificate(pki.auth_certificate(card.holder)).serial_number
    text = first.out + first.err
    for leaked in (CONTACTLESS_ATR.hex(), CONTACTLESS_ATR[4:].hex(), card.pupi.hex(), f"{serial:x}", str(serial)):
        assert leaked not in text
    bad = kazasu_id(kazasu, tmp_path, "--service", "../etc")
    assert bad.code == 1 and bad.json["error"]["code"] == "invalid_service_name"


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
def test_cli_card_id_for_token_cards(pcsc_card, tmp_path, kind, uid, kazasu):
    card, reader = pcsc_card.token(kind, bytes.fromhex(uid))
    with PcscTransport.open(reader) as transport:
        assert transport.atr == card.atr  # pcscd passes the Part 3 ATR through
    result = kazasu_id(kazasu, tmp_path)
    assert result.code == 0, result.out + result.err
    assert result.json == {"kind": kind, "pseudonym": uid}
    assert not (tmp_path / "service-keys").exists()  # no key is made for a token


def test_cli_emulate_token_and_id(pcscd, tmp_path, kazasu):
    proc = kazasu.start("card", "emulate", "--token", "felica", "--uid", "0102030405060708", "--slot", "0")
    try:
        assert json.loads(read_line(proc, 15))["status"] == "inserted"
        result = kazasu_id(kazasu, tmp_path)
        assert result.json == {"kind": "felica", "pseudonym": "0102030405060708"}, result
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    assert wait_for_presence(SLOT0_READER, False, 3.0), "the emulated token did not leave the reader"
    time.sleep(PCSCD_POLL_SETTLE_S)  # the behaviour itself: pcscd's poller sees the empty reader

