"""JPKI without a PIN: the emulated EF 000A / EF 0006, the header + chunked read, parsing, the
per-service pseudonym and the service keys."""

import logging
import os
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from devices import apdu as A
from devices import tlv
from devices.card_id import identify_card
from devices.emulator import CardHolder, MyNumberCard, pki
from devices.errors import CardProtocolError, NotMyNumberCardError, ServiceKeyError, ServiceNameError, UnknownCardError
from devices.inprocess import InProcessTransport
from devices.jpki import JpkiApp, parse_certificate, read_auth_certificate
from devices.pseudonym import load_service_key, service_key_path, service_pseudonym
from tests.devices.test_reading import RecordingTransport

KEY_A, KEY_B = bytes(range(32)), bytes(range(1, 33))


def make(person, card_class=MyNumberCard):
    card = card_class(CardHolder.from_dict(person))
    return card, RecordingTransport(card)


def test_emulated_certificate_is_rsa_2048_without_personal_data(people):
    holder = CardHolder.from_dict(people[0])
    der = pki.auth_certificate(holder)
    assert pki.auth_certificate(holder) == der  # cached per holder
    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    assert "JPKI" in cert.issuer.rfc4514_string() and cert.serial_number > 0
    text = cert.subject.rfc4514_string() + cert.issuer.rfc4514_string()
    assert people[0]["name"] not in text and people[0]["my_number"] not in text
    other = x509.load_der_x509_certificate(pki.auth_certificate(CardHolder.from_dict(people[1])))
    assert other.serial_number != cert.serial_number
    from cryptography.hazmat.primitives.asymmetric import padding
    pki.ca_public_key().verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                               cert.signature_hash_algorithm)


def test_certificate_read_needs_no_pin_and_uses_header_then_chunks(people):
    card, transport = make(people[8])  # face-auth card: no PIN at all, the certificate still reads
    der = JpkiApp(transport).read_auth_certificate_der()
    assert der == pki.auth_certificate(card.holder) and card.verify_data_count == 0
    reads = [c for c in transport.sent if c[1] == A.INS_READ_BINARY]
    assert reads[0] == bytes.fromhex("00B0000004")
    assert all((c[4] or 256) <= 256 for c in reads)
    assert len(reads) == 1 + -(-(len(der) - 4) // 256)
    assert [(c[2] << 8) | c[3] for c in reads][1:3] == [4, 260]
    assert not any(c[1] == A.INS_VERIFY for c in transport.sent)


def test_token_label(people):
    _, transport = make(people[0])
    assert JpkiApp(transport).read_token_label() == "JPKIAPICCTOKEN2"


def test_pseudonym_is_per_service_and_per_key(people):
    cert = read_auth_certificate(InProcessTransport(MyNumberCard(CardHolder.from_dict(people[0]))))
    p = service_pseudonym(cert, KEY_A, "library")
    assert len(p) == 64 and p == service_pseudonym(cert, KEY_A, "library")
    assert p != service_pseudonym(cert, KEY_A, "shelter") != service_pseudonym(cert, KEY_B, "library")
    other = read_auth_certificate(InProcessTransport(MyNumberCard(CardHolder.from_dict(people[1]))))
    assert service_pseudonym(other, KEY_A, "library") != p
    serial = cert.serial_number
    assert f"{serial:x}" not in p and str(serial) not in p


@pytest.mark.parametrize("service", ["", "Library", "../x", "a" * 65, "a b", None, "-x"])
def test_bad_service_names(service, tmp_path):
    with pytest.raises(ServiceNameError):
        load_service_key(tmp_path, service)


def test_service_key_is_created_once_private(tmp_path):
    key = load_service_key(tmp_path, "library")
    path = service_key_path(tmp_path, "library")
    assert len(key) == 32 and load_service_key(tmp_path, "library") == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_service_key(tmp_path, "shelter") != key
    assert sorted(os.listdir(path.parent)) == ["library.key", "shelter.key"]  # no temp files left
    path.write_bytes(b"short")
    with pytest.raises(ServiceKeyError):
        load_service_key(tmp_path, "library")
    with pytest.raises(ServiceKeyError):
        service_pseudonym(None, b"short", "library")


def test_identify_my_number_card(people, tmp_path):
    card, transport = make(people[0])
    calls = []

    def key():
        calls.append(1)
        return load_service_key(tmp_path, "library")

    first = identify_card(transport, "library", key)
    assert first.kind == "mynumber" and len(first.pseudonym) == 64 and calls == [1]
    card.power_off()
    assert identify_card(transport, "library", key) == first  # the same card: the same pseudonym
    assert card.get_data_count == 0 and card.verify_data_count == 0


def test_identify_ignores_the_pupi_and_atr(people, tmp_path):
    card, transport = make(people[0])
    first = identify_card(transport, "library", lambda: KEY_A)
    card.power_off()  # a new random PUPI
    card.atr = bytes.fromhex("3B888001") + card.pupi + bytes.fromhex("0000B381A1007F")
    again = identify_card(transport, "library", lambda: KEY_A)
    assert again == first and card.pupi.hex() not in again.pseudonym
    assert card.get_data_count == 0


class NoCard:
    atr = b""

    def process(self, apdu):
        return b"\x6a\x82"


def test_identify_unknown_card_and_bad_service():
    with pytest.raises(UnknownCardError):
        identify_card(InProcessTransport(NoCard()), "library", lambda: KEY_A)
    with pytest.raises(ServiceNameError):
        identify_card(InProcessTransport(NoCard()), "Bad Name", lambda: KEY_A)


class BrokenCert(MyNumberCard):
    def __init__(self, holder, content):
        super().__init__(holder)
        self._files[("jpki", A.EF_JPKI_AUTH_CERT)] = content


@pytest.mark.parametrize("content", [
    b"\x30\x82\x00\x10" + b"\x00" * 16,            # a SEQUENCE, but not a certificate
    b"\x30\x82\x04\x00" + b"\x00" * 100,           # header longer than the file: 6B00 mid-read
    b"\x04\x03abc",                                # not a SEQUENCE
    tlv.encode(0x30, b"\x02\x01\x01" * 100),       # long-form 81/82 length, garbage inside
])
def test_malformed_certificates_are_typed_errors(people, content):
    card = BrokenCert(CardHolder.from_dict(people[0]), content)
    with pytest.raises(CardProtocolError):
        read_auth_certificate(InProcessTransport(card))


def test_parse_certificate_rejects_garbage():
    for der in (b"", b"\x30\x00", b"\xff" * 40):
        with pytest.raises(CardProtocolError):
            parse_certificate(der)


@pytest.mark.parametrize("sw, error", [(0x6A82, NotMyNumberCardError), (0x6A86, NotMyNumberCardError),
                                       (0x6D00, NotMyNumberCardError), (0x6F00, CardProtocolError)])
def test_select_status_words(sw, error):
    class Card:
        def process(self, apdu):
            return A.sw_bytes(sw)
    with pytest.raises(error):
        JpkiApp(InProcessTransport(Card())).select()


def test_ef_select_and_read_errors(people):
    class NoCertCard(MyNumberCard):
        def process(self, apdu):
            if apdu[1] == A.INS_SELECT and apdu[2] == A.P1_SELECT_EF:
                return b"\x6a\x82"
            return super().process(apdu)
    with pytest.raises(CardProtocolError):
        read_auth_certificate(InProcessTransport(NoCertCard(CardHolder.from_dict(people[0]))))

    class Refusing(MyNumberCard):
        def process(self, apdu):
            if apdu[1] == A.INS_READ_BINARY:
                return b"\x69\x82"
            return super().process(apdu)
    with pytest.raises(CardProtocolError) as info:
        read_auth_certificate(InProcessTransport(Refusing(CardHolder.from_dict(people[0]))))
    assert info.value.sw == 0x6982
    with pytest.raises(CardProtocolError):
        JpkiApp(InProcessTransport(Refusing(CardHolder.from_dict(people[0])))).read_token_label()


def test_serial_never_reaches_the_logs(people, caplog):
    card, transport = make(people[0])
    with caplog.at_level(logging.DEBUG):
        result = identify_card(transport, "library", lambda: KEY_A)
    serial = x509.load_der_x509_certificate(pki.auth_certificate(card.holder)).serial_number
    for secret in (f"{serial:x}", str(serial), people[0]["name"]):
        assert secret not in caplog.text and secret not in str(result.to_dict())
