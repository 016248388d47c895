"""A client nobody here wrote: Debian's OpenSC (`pkcs15-tool`, `pkcs15-crypt`) reads the emulated card's
JPKI AP through the real pcscd and vpcd, with its own jpki driver and PKCS#15 emulation."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from devices.emulator import pki
from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S, reader_for_slot
from devices.pcsc import wait_for_presence
from tests.integration.test_card_pcscd import read_line

TIMEOUT_S = 30
KAZASU = Path(sys.executable).parent / "kazasu"


@pytest.fixture
def opensc():
    assert shutil.which("pkcs15-tool") and shutil.which("pkcs15-crypt"), \
        "OpenSC is not installed: run scripts/setup.sh as root (Debian package opensc)"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=TIMEOUT_S)


def certificates(listing: str) -> dict[str, dict[str, str]]:
    """pkcs15-tool --list-certificates → {label: {field: value}}."""
    found: dict[str, dict[str, str]] = {}
    for block in listing.split("X.509 Certificate [")[1:]:
        label, _, body = block.partition("]")
        found[label] = {k.strip(): v.strip() for k, v in re.findall(r"^\s*([A-Za-z ]+?)\s*:\s*(.*)$", body, re.M)}
    return found


def pem_to_der(pem: str) -> bytes:
    return x509.load_pem_x509_certificate(pem.encode("ascii")).public_bytes(serialization.Encoding.DER)


def test_pkcs15_tool_lists_and_reads_the_four_certificates(pcsc_card, opensc, people):
    card, reader = pcsc_card(people[0])
    listing = run("pkcs15-tool", "--reader", reader, "--list-certificates")
    assert listing.returncode == 0, listing.stderr
    certs = certificates(listing.stdout)
    assert {label: (c["Path"], c["ID"], c["Authority"]) for label, c in certs.items()} == {
        "User Authentication Certificate": ("000a", "01", "no"),
        "Digital Signature Certificate": ("0001", "02", "no"),
        "User Authentication Certificate CA": ("000b", "03", "yes"),
        "Digital Signature Certificate CA": ("0002", "04", "yes"),
    }
    # OpenSC read the three free certificates to print their serials; the private one it could not
    auth = x509.load_der_x509_certificate(pki.auth_certificate(card.holder))
    assert certs["User Authentication Certificate"]["Encoded serial"].replace(" ", "").endswith(
        f"{auth.serial_number:X}")
    assert "Encoded serial" not in certs["Digital Signature Certificate"]
    assert "private" in certs["Digital Signature Certificate"]["Object Flags"]

    for cert_id, expected in (("01", pki.auth_certificate(card.holder)), ("03", pki.auth_ca_certificate()),
                              ("04", pki.sign_ca_certificate())):
        read = run("pkcs15-tool", "--reader", reader, "--read-certificate", cert_id)
        assert read.returncode == 0, read.stderr
        assert pem_to_der(read.stdout) == expected
    assert card.verify_data_count == 0  # nothing above needed a PIN


def test_pkcs15_tool_pins_and_the_private_certificate(pcsc_card, opensc, people):
    person = people[0]
    card, reader = pcsc_card(person)
    pins = run("pkcs15-tool", "--reader", reader, "--list-pins")
    assert pins.returncode == 0, pins.stderr
    blocks = pins.stdout.split("PIN [")[1:]
    tries = {b.partition("]")[0]: int(re.search(r"Tries left\s*:\s*(\d+)", b).group(1)) for b in blocks}
    assert tries == {"User Authentication PIN": 3, "Digital Signature PIN": 5}
    assert card.verify_data_count == 0 and card.jpki_auth_tries_left == 3  # asked, none spent

    refused = run("pkcs15-tool", "--reader", reader, "--read-certificate", "02")
    assert refused.returncode != 0 and "BEGIN CERTIFICATE" not in refused.stdout
    opened = run("pkcs15-tool", "--reader", reader, "--read-certificate", "02", "--auth-id", "02",
                 "--verify-pin", "--pin", person["sign_password"])
    assert opened.returncode == 0, opened.stderr
    assert pem_to_der(opened.stdout) == pki.sign_certificate(card.holder)


def test_pkcs15_crypt_signs_with_the_authentication_key(pcsc_card, opensc, people, tmp_path):
    person = people[0]
    card, reader = pcsc_card(person)
    (tmp_path / "hash").write_bytes(hashlib.sha256(b"kazasu").digest())
    signed = run("pkcs15-crypt", "--reader", reader, "--sign", "--key", "01", "--pkcs1", "--sha-256",
                 "--input", str(tmp_path / "hash"), "--output", str(tmp_path / "sig"), "--pin", person["pin"])
    assert signed.returncode == 0, signed.stderr
    signature = (tmp_path / "sig").read_bytes()
    public = x509.load_der_x509_certificate(pki.auth_certificate(card.holder)).public_key()
    public.verify(signature, b"kazasu", padding.PKCS1v15(), hashes.SHA256())
    assert card.signature_count == 1 and card.jpki_auth_tries_left == 3

    wrong = run("pkcs15-crypt", "--reader", reader, "--sign", "--key", "01", "--pkcs1", "--sha-256",
                "--input", str(tmp_path / "hash"), "--output", str(tmp_path / "sig2"), "--pin", "9999")
    assert wrong.returncode != 0 and card.jpki_auth_tries_left == 2 and card.signature_count == 1


def test_pkcs15_tool_against_kazasu_card_emulate(pcscd, opensc, people, tmp_path):
    path = tmp_path / "person.json"
    path.write_text(json.dumps(people[1], ensure_ascii=False), encoding="utf-8")
    proc = subprocess.Popen([str(KAZASU), "card", "emulate", "--person", str(path), "--slot", "1", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        reader = json.loads(read_line(proc, 15))["reader"]
        listing = run("pkcs15-tool", "--reader", reader, "--list-certificates")
        assert listing.returncode == 0, listing.stderr
        certs = certificates(listing.stdout)
        assert sorted(c["Path"] for c in certs.values()) == ["0001", "0002", "000a", "000b"]
        assert sum("Encoded serial" in c for c in certs.values()) == 3  # all but the private one read
        read = run("pkcs15-tool", "--reader", reader, "--read-certificate", "01")
        cert = x509.load_pem_x509_certificate(read.stdout.encode("ascii"))
        assert "JPKI for user authentication" in cert.issuer.rfc4514_string()
        assert people[1]["name"] not in cert.subject.rfc4514_string()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    wait_for_presence(reader_for_slot(1), False, 3.0)
    time.sleep(PCSCD_POLL_SETTLE_S)  # let pcscd's poller see the empty reader before the next test
