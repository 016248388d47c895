"""Terminal identity (an Ed25519 key) and the per-terminal hash chain of signed events.

Each event a terminal appends after enrolment carries `auth = {"v": 2, "seq", "prev_hash",
"payload_hash", "signature"}`:
- `seq` counts the terminal's signed events from 1, without gaps;
- `prev_hash` is the chain hash of the previous signed event (64 zeros for the first);
- `payload_hash` is SHA-256 (hex) of the canonical JSON of the payload;
- `signature` is Ed25519 (base64) over the canonical JSON of `{"v": 2, "terminal", "seq", "prev_hash",
  "payload_hash", "event": body without payload}`.
Version 2 signs a commitment to the payload, not the payload, so an event whose payload was erased
(redaction, purge) still verifies and still links its chain; an edited payload no longer matches the
hash and fails. Version 1 (`{"seq", "prev_hash", "signature"}`, signing `{"v": 1, ..., "event": body}`
with the payload inside) is still verified: terminals one version behind keep syncing. An erased
version-1 event cannot be verified any more (`verify_chain` says `redacted_v1`).
The chain hash of an event is SHA-256 (hex) of its signed bytes, so a changed, removed or reordered
event breaks the signature or the next event's `prev_hash`: a gap or an edit is detectable by anyone
holding the events and the terminal's public key (`verify_chain`), and the mesh checks it on arrival.

The private key lives in `<data-dir>/terminal.key` (JSON with the terminal id, mode 0600; a file others
could read is refused); written only once the mesh has accepted the enrolment.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sync.errors import IdentityFileInvalidError, KeyFilePermissionError
from sync.events import Event, canonical_json, payload_hash

IDENTITY_FILE_NAME = "terminal.key"
GENESIS_HASH = "0" * 64
SIGNING_VERSION = 2


def signing_bytes(body: dict[str, Any], seq: int, prev_hash: str, *, version: int = 1,
                  payload_digest: str | None = None) -> bytes:
    """The bytes signed for an event body at `seq` after `prev_hash` (version 1 or 2)."""
    if version == 1:
        return canonical_json({"v": 1, "terminal": body["terminal"], "seq": seq,
                               "prev_hash": prev_hash, "event": body})
    digest = payload_digest if payload_digest is not None else payload_hash(body["payload"])
    return canonical_json({"v": 2, "terminal": body["terminal"], "seq": seq, "prev_hash": prev_hash,
                           "payload_hash": digest,
                           "event": {k: v for k, v in body.items() if k != "payload"}})


def auth_version(auth: dict[str, Any]) -> int:
    return int(auth.get("v", 1))


def event_signing_bytes(event: Event) -> bytes | None:
    """The signed bytes of a signed event as it is now; None when they cannot be rebuilt (an erased
    version-1 event). For version 2 the payload's hash is recomputed unless the payload was erased."""
    assert event.auth is not None
    version = auth_version(event.auth)
    if version == 1:
        return None if event.redacted else signing_bytes(event.body(), event.auth["seq"],
                                                         event.auth["prev_hash"], version=1)
    digest = event.payload_hash()  # the signed one if erased, else recomputed from the payload
    return signing_bytes(event.body(), event.auth["seq"], event.auth["prev_hash"], version=2,
                         payload_digest=digest)


def entry_hash(event: Event) -> str | None:
    """The chain hash of a signed event (what the next event's prev_hash must be); None if unknown."""
    data = event_signing_bytes(event)
    return hashlib.sha256(data).hexdigest() if data is not None else None


def public_key_from_b64(value: str) -> Ed25519PublicKey:
    """Raises ValueError for anything that is not a base64 32-byte Ed25519 public key."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        raise ValueError("public key is not base64") from None
    if len(raw) != 32:
        raise ValueError("public key must be 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_signature(public_key: Ed25519PublicKey, event: Event) -> bool:
    """True when the event's auth signature is valid for its body, seq and prev_hash."""
    if event.auth is None:
        return False
    data = event_signing_bytes(event)
    if data is None:
        return False
    try:
        signature = base64.b64decode(event.auth["signature"], validate=True)
        public_key.verify(signature, data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify_chain(events: Iterable[Event], public_key: Ed25519PublicKey, *, start_seq: int = 0,
                 start_hash: str = GENESIS_HASH) -> list[dict[str, Any]]:
    """Check one terminal's events (in seq order) after (start_seq, start_hash); the problems found.

    Each problem is `{"id", "seq", "problem"}` with problem `unsigned`, `bad_signature`, `gap`
    (a seq missing before this one), `replayed` (seq already seen), `broken_link` (prev_hash is not
    the previous event's chain hash) or `redacted_v1` (an erased version-1 event: neither it nor the
    next event's link can be checked). An empty list means the chain is whole.
    """
    problems: list[dict[str, Any]] = []
    last_seq, last_hash = start_seq, start_hash
    for event in events:
        auth = event.auth
        if auth is None:
            problems.append({"id": event.id, "seq": None, "problem": "unsigned"})
            continue
        seq = auth["seq"]
        if event_signing_bytes(event) is None:
            problems.append({"id": event.id, "seq": seq, "problem": "redacted_v1"})
        elif not verify_signature(public_key, event):
            problems.append({"id": event.id, "seq": seq, "problem": "bad_signature"})
        elif seq <= last_seq:
            problems.append({"id": event.id, "seq": seq, "problem": "replayed"})
            continue
        elif seq != last_seq + 1:
            problems.append({"id": event.id, "seq": seq, "problem": "gap"})
        elif last_hash is not None and auth["prev_hash"] != last_hash:
            problems.append({"id": event.id, "seq": seq, "problem": "broken_link"})
        last_seq, last_hash = seq, entry_hash(event)
    return problems


@dataclass(frozen=True)
class TerminalIdentity:
    terminal_id: str
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls, terminal_id: str) -> "TerminalIdentity":
        return cls(terminal_id, Ed25519PrivateKey.generate())

    def public_key_b64(self) -> str:
        raw = self.private_key.public_key().public_bytes_raw()
        return base64.b64encode(raw).decode("ascii")

    def sign(self, body: dict[str, Any], seq: int, prev_hash: str, *,
             version: int = SIGNING_VERSION) -> tuple[dict[str, Any], str]:
        """(auth envelope, chain hash) for the event body at position `seq` after `prev_hash`.

        `version=1` makes the old envelope (tests of terminals one version behind)."""
        if body["terminal"] != self.terminal_id:
            raise ValueError("the event's terminal is not this terminal's identity")
        data = signing_bytes(body, seq, prev_hash, version=version)
        signature = base64.b64encode(self.private_key.sign(data)).decode("ascii")
        auth = {"seq": seq, "prev_hash": prev_hash, "signature": signature}
        if version != 1:
            auth = {"v": version, **auth, "payload_hash": payload_hash(body["payload"])}
        return auth, hashlib.sha256(data).hexdigest()

    # -- the key file ------------------------------------------------------------------------------
    @staticmethod
    def path(data_dir: Path | str) -> Path:
        return Path(data_dir) / IDENTITY_FILE_NAME

    @classmethod
    def load(cls, data_dir: Path | str) -> "TerminalIdentity | None":
        """The enrolled identity of this data folder, or None when the terminal is not enrolled."""
        return cls.load_file(cls.path(data_dir))

    @classmethod
    def load_file(cls, path: Path) -> "TerminalIdentity | None":
        """The identity in the key file `path`, or None when there is none."""
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            return None
        with handle:
            mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
            if mode & 0o077:
                raise KeyFilePermissionError(str(path), mode)
            raw = handle.read(4096)
        try:
            data = json.loads(raw)
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["private_key"]))
            return cls(str(data["terminal_id"]), key)
        except (ValueError, KeyError, TypeError):
            raise IdentityFileInvalidError(str(path)) from None

    def save(self, data_dir: Path | str) -> Path:
        """Write the key file (0600, atomically, fsynced)."""
        return self.save_file(self.path(data_dir))

    def save_file(self, path: Path) -> Path:
        """Write this identity to the key file `path` (0600, atomically, fsynced)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = self.private_key.private_bytes_raw()
        data = json.dumps({"terminal_id": self.terminal_id, "algorithm": "ed25519",
                           "private_key": base64.b64encode(raw).decode("ascii")}).encode("utf-8")
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        return path
