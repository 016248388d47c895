"""The emulated JPKI AP laid out as a real card (mynumber-card.md §3): the four certificates, the two
PIN files with their tries, EF 0008, and COMPUTE DIGITAL SIGNATURE behind the right key's VERIFY."""

import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from devices import apdu as A
from devices.emulator import CardHolder, MyNumberCard, pki
from devices.errors import CardProtocolError
from devices.jpki import JpkiApp
from tests.devices.test_reading import RecordingTransport

SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def make(person, **changes):
    card = MyNumberCard(CardHolder.from_dict({**person, **changes}))
    return card, RecordingTransport(card)


def send(card, hex_apdu: str) -> tuple[bytes, int]:
    return A.split_response(card.process(bytes.fromhex(hex_apdu.replace(" ", ""))))


def select_jpki(card) -> None:
    assert send(card, "00A4040C0A" + A.AID_JPKI.hex())[1] == 0x9000


def test_free_certificates_chain_to_their_cas(people):
    card, transport = make(people[0])
    app = JpkiApp(transport)
    auth = x509.load_der_x509_certificate(app.read_certificate_der("auth"))
    auth_ca = x509.load_der_x509_certificate(app.read_certificate_der("auth_ca"))
    sign_ca = x509.load_der_x509_certificate(app.read_certificate_der("sign_ca"))
    auth.verify_directly_issued_by(auth_ca)
    assert auth_ca.subject == auth_ca.issuer != sign_ca.subject
    assert auth_ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert card.verify_data_count == 0
    # the header-then-chunks read OpenSC does too: 4 bytes, then the rest
    assert [c for c in transport.sent if c[1] == A.INS_READ_BINARY][0] == bytes.fromhex("00B0000004")


def test_signature_certificate_needs_the_password_and_carries_the_basic_four(people):
    person = people[0]
    card, transport = make(person)
    with pytest.raises(CardProtocolError) as info:
        JpkiApp(transport).read_certificate_der("sign")
    assert info.value.sw == 0x6982
    select_jpki(card)
    assert send(card, "00A4020C02001B")[1] == 0x9000
    password = person["sign_password"].encode("ascii")
    assert send(card, f"00200080{len(password):02X}" + password.hex())[1] == 0x9000
    assert send(card, "00A4020C020001")[1] == 0x9000
    der = bytearray()
    while True:
        data, sw = send(card, f"00B0{len(der):04X}00")
        if sw != 0x9000:
            break
        der += data
        if len(data) < 256:
            break
    cert = x509.load_der_x509_certificate(bytes(der))
    cert.verify_directly_issued_by(x509.load_der_x509_certificate(pki.sign_ca_certificate()))
    others = {n.type_id.dotted_string: n.value
              for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
              if isinstance(n, x509.OtherName)}
    assert others["1.2.392.200149.8.5.5.1"][2:].decode() == person["name"]
    assert others["1.2.392.200149.8.5.5.4"][2:].decode() == "3" + person["birth_date"]  # 昭和
    assert others["1.2.392.200149.8.5.5.3"][2:].decode() == person["sex"]
    assert others["1.2.392.200149.8.5.5.5"][2:].decode() == person["address"]
    auth = x509.load_der_x509_certificate(pki.auth_certificate(card.holder))
    assert auth.public_key().public_numbers() != cert.public_key().public_numbers()
    assert person["name"] not in auth.subject.rfc4514_string()  # the auth certificate stays anonymous


def test_pin_files_report_tries_and_count_down(people):
    card, transport = make(people[0])
    app = JpkiApp(transport)
    assert app.pin_tries_left("auth") == 3 and app.pin_tries_left("sign") == 5
    assert card.verify_data_count == 0
    select_jpki(card)
    send(card, "00A4020C020018")
    assert send(card, "002000800439393939")[1] == 0x63C2
    assert send(card, "00200080")[1] == 0x63C2          # reporting spends nothing
    assert send(card, "0020008004" + b"1234".hex())[1] == 0x9000
    assert card.jpki_auth_tries_left == 3 and card.pin_tries_left == 3  # separate counters
    send(card, "00A4020C02001B")
    for left in (4, 3, 2, 1, 0):
        assert send(card, "0020008006" + b"WRONG1".hex())[1] == 0x63C0 | left
    assert send(card, "002000800A" + b"YAMADA2031".hex())[1] == 0x6984  # blocked
    assert send(card, "0020008005" + b"SHORT".hex())[1] == 0x6984
    assert send(card, "0020009B")[1] == 0x63C0           # by SFI: 001B


def test_card_without_signature_certificate(people):
    child = people[10]  # an infant: no signature password, no signature certificate
    assert "sign_password" not in child
    card, transport = make(child)
    app = JpkiApp(transport)
    assert app.certificate_availability() == {"sign": False, "auth": True}
    assert app.pin_tries_left("auth") == 3
    for ef in ("0001", "0002", "001A", "001B"):
        assert send(card, "00A4020C02" + ef)[1] == 0x6A82
    adult = JpkiApp(make(people[0])[1])
    assert adult.certificate_availability() == {"sign": True, "auth": True}


def test_face_authentication_card_has_no_pin_but_its_certificate(people):
    card, transport = make(people[8])
    app = JpkiApp(transport)
    assert app.pin_tries_left("auth") is None
    assert send(card, "0020008004" + b"1234".hex())[1] == 0x6A88  # 0018 is still selected
    assert x509.load_der_x509_certificate(app.read_auth_certificate_der())


@pytest.mark.parametrize("which, key_ef, pin_ef, secret", [
    ("auth", "0017", "0018", "1234"), ("sign", "001A", "001B", "YAMADA2031")])
def test_compute_digital_signature(people, which, key_ef, pin_ef, secret):
    card, _ = make(people[0])
    digest_info = SHA256_PREFIX + hashlib.sha256(b"kazasu").digest()
    select_jpki(card)
    assert send(card, "00A4020C02" + key_ef)[1] == 0x9000
    command = "802A0080" + f"{len(digest_info):02X}" + digest_info.hex() + "00"
    assert send(card, command)[1] == 0x6982          # no VERIFY yet
    assert send(card, "00B0000004")[1] == 0x6981     # a key is never read
    send(card, "00A4020C02" + pin_ef)
    assert send(card, f"00200080{len(secret):02X}" + secret.encode().hex())[1] == 0x9000
    # by short EF id (P2 = 80|SFI), nothing selected in between
    by_sfi = "802A00" + f"{0x80 | int(key_ef, 16):02X}"
    signature, sw = send(card, by_sfi + command[8:])
    assert sw == 0x9000 and len(signature) == 256 and card.signature_count == 1
    cert_der = pki.auth_certificate(card.holder) if which == "auth" else pki.sign_certificate(card.holder)
    x509.load_der_x509_certificate(cert_der).public_key().verify(
        signature, b"kazasu", padding.PKCS1v15(), hashes.SHA256())
    assert send(card, "802A01" + by_sfi[6:] + command[8:])[1] == 0x6A86  # only scheme P1 00 is emulated
    assert send(card, by_sfi + "F6" + "00" * 246 + "00")[1] == 0x6700  # more than k - 11 bytes
    assert send(card, "802A0080" + command[8:])[1] == 0x6981  # the current EF (the PIN) is no key
    send(card, "00A4040C0A" + A.AID_INPUT_SUPPORT.hex())  # leaving the AP clears the VERIFY
    select_jpki(card)
    assert send(card, by_sfi + command[8:])[1] == 0x6982
