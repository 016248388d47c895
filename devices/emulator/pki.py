"""Keys, certificates and signatures for the emulated card (cryptography; fictitious test material).

* `auth_certificate(holder)`: the JPKI user-authentication certificate of EF 000A: DER X.509, RSA-2048,
  a random serial, no name or address, issued by a J-LIS-like CA that says it is the kazasu emulator.
  Made once per holder (keyed by the My Number) and cached for the process, so tests stay fast.
* `integrity_file(holder)`: EF 0003 of the input-support AP, `FF30 { DF31, DF32, DF33 }`, signed
  with an emulator key (PKCS#1 v1.5, SHA-256 over DF31‖DF32; the real signed form is not public).
* `token_info()`: EF 0006 of the JPKI AP (160 bytes, label `JPKIAPICCTOKEN2`).
RSA keys are generated lazily: one CA key and a pool of two subject keys, shared by all holders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from devices import tlv
from devices.emulator.holder import CardHolder
from devices.integrity import TAG_HASH_BASIC_FOUR, TAG_HASH_MY_NUMBER, TAG_INTEGRITY, TAG_SIGNATURE
from devices.integrity import basic_four_digest

TOKEN_LABEL = "JPKIAPICCTOKEN2"
ISSUER = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                       "Japan Agency for Local Authority Information Systems (kazasu emulator, not real)"),
])

_lock = threading.Lock()
_keys: dict[str, rsa.RSAPrivateKey] = {}
_certs: dict[str, bytes] = {}


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


def auth_certificate(holder: CardHolder) -> bytes:
    """DER of the holder's user-authentication certificate (same bytes for the same holder)."""
    with _lock:
        cached = _certs.get(holder.my_number)
    if cached is not None:
        return cached
    subject_key = _key(f"subject-{int(holder.my_number) % 2}")
    not_before = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    not_after = dt.datetime(int(holder.expiry_year), 12, 31, 14, 59, 59, tzinfo=dt.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                                     x509.NameAttribute(NameOID.COMMON_NAME, secrets.token_hex(12).upper())]))
            .issuer_name(ISSUER)
            .public_key(subject_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(max(not_after, not_before + dt.timedelta(days=1)))
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                           critical=True)
            .sign(_key("ca"), hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    with _lock:
        return _certs.setdefault(holder.my_number, der)


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
