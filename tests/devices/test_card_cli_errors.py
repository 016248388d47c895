"""Every card command fails with `{"error": {"code", "tries_left", "message_ja", "message_en"}}` and
exit status 1: `tries_left` is the count for PIN / 照合番号B errors and null for the others. Runs
`kiosk.cli.main` in process (the subprocess path is covered in test_nfcpy_readers and the pcscd tests)."""

import json

import pytest

from devices.emulator import CardHolder, MyNumberCard
from tests.devices.test_nfcpy import free_udp_port

KEYS = {"code", "tries_left", "message_ja", "message_en"}


def fail(kazasu, *argv, stdin=""):
    error = kazasu(*argv, stdin=stdin, ok=False).error
    assert KEYS <= set(error) and error["message_ja"].strip() and error["message_en"].strip()
    return error


@pytest.mark.parametrize("argv, stdin, code", [
    (("card", "read", "--pin-stdin"), "12\n", "invalid_pin_format"),
    (("card", "read", "--code-b-stdin"), "123\n", "invalid_code_b_format"),
    (("card", "read", "--pin-stdin", "--with-number"), "1234\n", "purpose_required"),
    (("card", "read", "--code-b-stdin", "--with-number", "--purpose", "x"), "", "my_number_needs_pin"),
    (("card", "id", "--service", "../keys"), "", "invalid_service_name"),
    (("card", "emulate", "--token", "felica", "--uid", "12"), "", "unknown_card"),
])
def test_errors_without_a_card_carry_a_null_tries_left(kazasu, argv, stdin, code):
    error = fail(kazasu, *argv, stdin=stdin)
    assert error["code"] == code and error["tries_left"] is None


def test_readers_without_pcscd(kazasu):
    # a child process: libpcsclite reads PCSCLITE_CSOCK_NAME once per process
    error = kazasu.process("readers", env={"PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm"}, timeout=60,
                           ok=False).error
    assert KEYS <= set(error) and error["code"] == "pcsc_unavailable" and error["tries_left"] is None


@pytest.mark.parametrize("tries, stdin, code, left", [
    (3, "0000\n", "wrong_pin", 2),
    (1, "0000\n", "last_try_refused", 1),      # nothing sent: the last try is kept
    (0, "1234\n", "pin_blocked", 0),
])
def test_pin_errors_through_an_nfcpy_reader_carry_the_count(kazasu, people, tries, stdin, code, left):
    pytest.importorskip("nfc")
    from devices.emulator.iso_dep import Type4BCardLoop
    port = free_udp_port()
    card = MyNumberCard(CardHolder.from_dict({**people[0], "pin_tries_left": tries}))
    with Type4BCardLoop(card, port=port):
        error = fail(kazasu, "card", "read", "--reader", f"nfcpy:udp:127.0.0.1:{port}",
                     "--pin-stdin", stdin=stdin)
    assert (error["code"], error["tries_left"]) == (code, left)
    assert card.pin_tries_left == max(0, tries - (1 if code == "wrong_pin" else 0))
    assert "0000" not in json.dumps(error) and people[0]["name"] not in json.dumps(error)
