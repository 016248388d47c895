"""Sealing a record to a site's key: P-256 ECDH, HKDF-SHA256, AES-256-GCM (all three in WebCrypto).

The site's key pair comes from its 32-byte `prereg` service key (`site_private_key`): the mesh holds
it (`mesh_service_keys`) and hands it to the site's terminals at enrolment, like the pseudonym keys;
the resident's page carries only the public key. P-256 rather than X25519 because every phone browser
has had P-256 ECDH in WebCrypto for years (X25519 only since 2024-2025).

A sealed message (all of it is authenticated; only the record is secret):

    0      version (1)
    1      flags (bit 0: the record is raw-deflate compressed)
    2..5   created, Unix seconds (big-endian)
    6..9   key id: the first 4 bytes of SHA-256 of the site's compressed public key
    10     n, then n bytes: the site id (UTF-8)
    ...    33 bytes: the sender's one-time public key (compressed point)
    ...    AES-256-GCM ciphertext of the record, 16-byte tag

The key and nonce are HKDF-SHA256 (no salt, info `kazasu-prereg-v1` ‖ one-time key ‖ site key) of the
ECDH secret, 44 bytes: a fresh one-time key per code, so the nonce never repeats under a key. The
associated data is everything before the ciphertext: a changed site, time or key id fails the tag.
"""

from __future__ import annotations

import hashlib
import struct
import time
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.prereg import errors as e
from sync.prereg.options import DEFAULT_MAX_AGE_DAYS
from sync.prereg.record import pack, unpack

VERSION = 1
FLAG_DEFLATE = 1
INFO = b"kazasu-prereg-v1"
POINT = 33
TAG = 16
MAX_SITE = 64
MAX_RECORD = 64 * 1024  # a record inflated beyond this is refused (no decompression bomb)
FUTURE_SLACK_S = 24 * 3600  # a phone's clock a day ahead is still taken
SERVICE = "prereg"  # the site's service key (devices.pseudonym, sync.enrolment.SITE_SERVICES)
_CURVE = ec.SECP256R1()
_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def site_private_key(service_key: bytes) -> ec.EllipticCurvePrivateKey:
    """The site's P-256 key from its 32-byte `prereg` service key (the same on mesh and terminals)."""
    if len(service_key) != 32:
        raise ValueError("a service key is 32 bytes")
    scalar = int.from_bytes(service_key, "big") % (_ORDER - 1) + 1
    return ec.derive_private_key(scalar, _CURVE)


def public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)


def key_id(public: bytes) -> bytes:
    return hashlib.sha256(public).digest()[:4]


def _kdf(secret: bytes, ephemeral: bytes, site_public: bytes) -> tuple[bytes, bytes]:
    out = HKDF(hashes.SHA256(), 44, salt=None, info=INFO + ephemeral + site_public).derive(secret)
    return out[:32], out[32:]


@dataclass(frozen=True)
class Header:
    flags: int
    created: int
    kid: bytes
    site: str
    ephemeral: bytes
    size: int  # bytes before the ciphertext


def parse_header(blob: bytes) -> Header:
    if len(blob) < 11:
        raise e.TruncatedError()
    if blob[0] != VERSION:
        raise e.NotACodeError()
    n = blob[10]
    if n == 0 or n > MAX_SITE:
        raise e.NotACodeError()
    end = 11 + n + POINT
    if len(blob) < end + TAG:
        raise e.TruncatedError()
    try:
        site = blob[11:11 + n].decode("utf-8")
    except UnicodeDecodeError:
        raise e.TamperedError() from None
    (created,) = struct.unpack(">I", blob[2:6])
    return Header(blob[1], created, bytes(blob[6:10]), site, bytes(blob[11 + n:end]), end)


def seal(record: dict[str, Any], site_public: bytes, site: str, *, created: int | None = None,
         compress: bool = True) -> bytes:
    """The record sealed to the site's public key (what the page does in the browser)."""
    plain = pack(record)
    flags = 0
    if compress:
        packed = zlib.compressobj(9, zlib.DEFLATED, -15)
        small = packed.compress(plain) + packed.flush()
        if len(small) < len(plain):
            plain, flags = small, FLAG_DEFLATE
    site_bytes = site.encode("utf-8")
    if not 0 < len(site_bytes) <= MAX_SITE:
        raise ValueError("a site id is 1 to 64 bytes")
    when = int(time.time()) if created is None else created
    ephemeral_key = ec.generate_private_key(_CURVE)
    ephemeral = public_bytes(ephemeral_key.public_key())
    peer = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, site_public)
    key, nonce = _kdf(ephemeral_key.exchange(ec.ECDH(), peer), ephemeral, site_public)
    head = bytes([VERSION, flags]) + struct.pack(">I", when) + key_id(site_public) + bytes([len(site_bytes)]) \
        + site_bytes + ephemeral
    return head + AESGCM(key).encrypt(nonce, plain, head)


def open_sealed(blob: bytes, private: ec.EllipticCurvePrivateKey | list[ec.EllipticCurvePrivateKey],
                site: str, *, now: float | None = None,
                max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> dict[str, Any]:
    """The record of a sealed message made for `site`, or a typed `PreregError` (nothing opened)."""
    header = parse_header(blob)
    if header.site != site:
        raise e.ForeignSiteError(header.site)
    keys = private if isinstance(private, list) else [private]
    mine = {key_id(public_bytes(k.public_key())): k for k in keys}
    key = mine.get(header.kid)
    if key is None:
        raise e.UnknownKeyError()
    site_public = public_bytes(key.public_key())
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, header.ephemeral)
        secret = key.exchange(ec.ECDH(), peer)
    except ValueError:
        raise e.TamperedError() from None
    aead_key, nonce = _kdf(secret, header.ephemeral, site_public)
    try:
        plain = AESGCM(aead_key).decrypt(nonce, bytes(blob[header.size:]), bytes(blob[:header.size]))
    except InvalidTag:
        raise e.TamperedError() from None
    now = time.time() if now is None else now
    if header.created > now + FUTURE_SLACK_S:
        raise e.FromFutureError()
    age_days = int((now - header.created) // 86400)
    if age_days >= max_age_days:
        raise e.TooOldError(age_days, max_age_days)
    if header.flags & FLAG_DEFLATE:
        inflater = zlib.decompressobj(-15)
        try:
            plain = inflater.decompress(plain, MAX_RECORD)
        except zlib.error:
            raise e.RecordInvalidError() from None
        if inflater.unconsumed_tail or not inflater.eof:
            raise e.RecordInvalidError()
    record = unpack(plain)
    record["created"] = header.created
    record["site"] = header.site
    return record
