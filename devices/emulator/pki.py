"""Keys, certificates and signatures for the emulated card (cryptography; fictitious test material).

* `auth_certificate(holder)`: the JPKI user-authentication certificate of EF 000A: DER X.509, RSA-2048,
  a random serial, no name or address, issued by a J-LIS-like CA that says it is the kazasu emulator.
  Made once per holder (keyed by the My Number) and cached for the process, so tests stay fast.
* `sign_certificate(holder)`: the signature certificate of EF 0001: the basic four in subjectAltName
  otherNames under the JPKI arc 1.2.392.200149.8.5.5 (.1 name, .3 sex, .4 birth date as an era digit
  and YYYYMMDD, .5 address, each a UTF8String, as public JPKI tools read them), issued by a second CA.
* `auth_ca_certificate()`, `sign_ca_certificate()`: the two self-signed CA certificates (EF 000B, 0002).
* `private_key(holder, which)`: the RSA key of the holder's "auth" or "sign" certificate, for COMPUTE
  DIGITAL SIGNATURE; `sign_raw(key, data)` pads `data` with PKCS#1 v1.5 type 1 and signs it as given.
* `certificate_availability(holder)`: EF 0008, `8F 8F 00` with both certificates, `00 8F 00` without
  the signature certificate.
* `integrity_file(holder)`: EF 0003 of the input-support AP, `FF30 { DF31, DF32, DF33 }`, signed
  with an emulator key (PKCS#1 v1.5, SHA-256 over DF31‖DF32; the real signed form is not public).
* `token_info()`: EF 0006 of the JPKI AP (160 bytes, label `JPKIAPICCTOKEN2`).
RSA keys are generated lazily: two CA keys and a pool of two subject keys shared by all holders (a
holder's auth and sign certificates take different keys of the pool).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

from devices import tlv
from devices.emulator.holder import CardHolder, era_of
from devices.integrity import TAG_HASH_BASIC_FOUR, TAG_HASH_MY_NUMBER, TAG_INTEGRITY, TAG_SIGNATURE, basic_four_digest

TOKEN_LABEL = "JPKIAPICCTOKEN2"
ISSUER = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                       "Japan Agency for Local Authority Information Systems (kazasu emulator, not real)"),
])

SIGN_ISSUER = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for digital signature"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                       "Japan Agency for Local Authority Information Systems (kazasu emulator, not real)"),
])
OID_NAME = ObjectIdentifier("1.2.392.200149.8.5.5.1")
OID_SEX = ObjectIdentifier("1.2.392.200149.8.5.5.3")
OID_BIRTH = ObjectIdentifier("1.2.392.200149.8.5.5.4")
OID_ADDRESS = ObjectIdentifier("1.2.392.200149.8.5.5.5")
# the era digit before YYYYMMDD in the birth-date otherName: 明治 1 … 令和 5
ERA_DIGITS = {"明治": 1, "大正": 2, "昭和": 3, "平成": 4, "令和": 5}
AVAILABLE = 0x8F  # EF 0008's byte for a certificate the card carries

_lock = threading.Lock()
_keys: dict[str, rsa.RSAPrivateKey] = {}
_certs: dict[tuple[str, str], bytes] = {}


def _key(name: str) -> rsa.RSAPrivateKey:
    with _lock:
        key = _keys.get(name)
        if key is None:
            key = _keys[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return key


def ca_public_key() -> rsa.RSAPublicKey:
    return _key("ca").public_key()


def signing_public_key() -> rsa.RSAPublicKey:
    """The public half of the emulator's EF 0003 signing key (a real card's is certified in EF 0004)."""
    return _key("ap-sign").public_key()


def private_key(holder: CardHolder, which: str) -> rsa.RSAPrivateKey:
    """The key of the holder's "auth" (EF 0017) or "sign" (EF 001A) certificate."""
    shift = 0 if which == "auth" else 1
    return _key(f"subject-{(int(holder.my_number) + shift) % 2}")


def _cached(kind: str, holder_key: str, make) -> bytes:
    with _lock:
        cached = _certs.get((kind, holder_key))
    if cached is not None:
        return cached
    der = make().public_bytes(serialization.Encoding.DER)
    with _lock:
        return _certs.setdefault((kind, holder_key), der)


def _validity(builder: x509.CertificateBuilder, holder: CardHolder) -> x509.CertificateBuilder:
    not_before = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    not_after = dt.datetime(int(holder.expiry_year), 12, 31, 14, 59, 59, tzinfo=dt.timezone.utc)
    return builder.not_valid_before(not_before).not_valid_after(max(not_after, not_before + dt.timedelta(days=1)))


def _random_subject() -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                      x509.NameAttribute(NameOID.COMMON_NAME, secrets.token_hex(12).upper())])


def auth_certificate(holder: CardHolder) -> bytes:
    """DER of the holder's user-authentication certificate (same bytes for the same holder)."""
    def make() -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(_random_subject()).issuer_name(ISSUER)
                   .public_key(private_key(holder, "auth").public_key())
                   .serial_number(x509.random_serial_number())
                   .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                                  critical=True))
        return _validity(builder, holder).sign(_key("ca"), hashes.SHA256())
    return _cached("auth", holder.my_number, make)


def _utf8_other_name(oid: ObjectIdentifier, text: str) -> x509.OtherName:
    value = text.encode("utf-8")
    return x509.OtherName(oid, b"\x0c" + _der_length(len(value)) + value)


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _birth_value(holder: CardHolder) -> str:
    return f"{ERA_DIGITS[era_of(holder.birth)[0]]}{holder.birth_date}"


def sign_certificate(holder: CardHolder) -> bytes:
    """DER of the holder's signature certificate: the basic four in subjectAltName otherNames."""
    def make() -> x509.Certificate:
        names = [_utf8_other_name(OID_NAME, holder.name), _utf8_other_name(OID_SEX, holder.sex),
                 _utf8_other_name(OID_BIRTH, _birth_value(holder)),
                 _utf8_other_name(OID_ADDRESS, holder.address)]
        builder = (x509.CertificateBuilder().subject_name(_random_subject()).issuer_name(SIGN_ISSUER)
                   .public_key(private_key(holder, "sign").public_key())
                   .serial_number(x509.random_serial_number())
                   .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                                  critical=True)
                   .add_extension(x509.SubjectAlternativeName(names), critical=False))
        return _validity(builder, holder).sign(_key("sign-ca"), hashes.SHA256())
    return _cached("sign", holder.my_number, make)


def _ca_certificate(name: x509.Name, key_name: str) -> x509.Certificate:
    key = _key(key_name)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * 20))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .sign(key, hashes.SHA256()))


def auth_ca_certificate() -> bytes:
    """EF 000B: the self-signed CA certificate that issued every emulated authentication certificate."""
    return _cached("auth-ca", "", lambda: _ca_certificate(ISSUER, "ca"))


def sign_ca_certificate() -> bytes:
    """EF 0002: the self-signed CA certificate that issued every emulated signature certificate."""
    return _cached("sign-ca", "", lambda: _ca_certificate(SIGN_ISSUER, "sign-ca"))


def certificate_availability(holder: CardHolder) -> bytes:
    """EF 0008: which certificates the card carries (signature, authentication, then a byte kept 00)."""
    return bytes([AVAILABLE if holder.sign_password else 0x00, AVAILABLE, 0x00])


def sign_raw(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    """RSA with PKCS#1 v1.5 type-1 padding over `data` as given (what COMPUTE DIGITAL SIGNATURE with
    P1 00 does: the client sends a DigestInfo). `data` is 1 to k − 11 bytes."""
    size = (key.key_size + 7) // 8
    if not 1 <= len(data) <= size - 11:
        raise ValueError("PKCS#1 v1.5 leaves room for 1 to k - 11 bytes")
    block = b"\x00\x01" + b"\xff" * (size - 3 - len(data)) + b"\x00" + data
    numbers = key.private_numbers()
    m = int.from_bytes(block, "big")
    # CRT: two half-size exponentiations instead of one full one
    s1 = pow(m, numbers.dmp1, numbers.p)
    s2 = pow(m, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (s1 - s2)) % numbers.p
    return (s2 + h * numbers.q).to_bytes(size, "big")


def integrity_file(holder: CardHolder) -> bytes:
    """EF 0003: the hashes of EF 0001 (physical) and EF 0002 (value without DF21) and a signature."""
    my_number_hash = hashlib.sha256(holder.ef_my_number()).digest()
    four_hash = basic_four_digest(holder.ef_basic_four())
    signature = _key("ap-sign").sign(my_number_hash + four_hash, padding.PKCS1v15(), hashes.SHA256())
    return tlv.encode(TAG_INTEGRITY, tlv.encode(TAG_HASH_MY_NUMBER, my_number_hash)
                      + tlv.encode(TAG_HASH_BASIC_FOUR, four_hash) + tlv.encode(TAG_SIGNATURE, signature))


def token_info(label: str = TOKEN_LABEL) -> bytes:
    """EF 0006: a 160-byte CK_TOKEN_INFO whose first 32 bytes are the space-padded label."""
    head = label.encode("ascii").ljust(32, b" ") + b"J-LIS (kazasu emulator)".ljust(32, b" ")
    return head + b"\x00" * (160 - len(head))
