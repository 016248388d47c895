"""AES-256-GCM for event payloads at rest; the event id and kind are the associated data.

Binding id and kind means a ciphertext copied onto another event row fails to decrypt instead of
silently answering with someone else's data. Blob layout: version byte 0x01, 12-byte nonce, ciphertext+tag.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync.errors import DecryptionError
from sync.events import canonical_json

BLOB_VERSION = b"\x01"
NONCE_BYTES = 12


def associated_data(event_id: str, kind: str) -> bytes:
    return canonical_json([event_id, kind])


class PayloadCipher:
    """Encrypts and decrypts payload bytes for one key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def encrypt(self, event_id: str, kind: str, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return BLOB_VERSION + nonce + self._aead.encrypt(nonce, plaintext,
                                                         associated_data(event_id, kind))

    def decrypt(self, event_id: str, kind: str, blob: bytes) -> bytes:
        if blob[:1] != BLOB_VERSION or len(blob) < 1 + NONCE_BYTES + 16:
            raise DecryptionError(event_id)
        nonce, ciphertext = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, ciphertext, associated_data(event_id, kind))
        except InvalidTag:
            raise DecryptionError(event_id) from None
