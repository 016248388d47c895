"""The carried bundle: a terminal's pending events in one signed file, for days without network.

`write_bundle(store, path)` (`kazasu queue export`) writes, mode 0600, atomically, one JSON object:
`{"format": "kazasu.bundle", "version": 1, "terminal", "site", "created_at", "count", "events_sha256",
"public_key", "signature", "events": [...]}`. `events` are the pending events exactly as the terminal
would POST them (each with its own signed envelope, erased ones with an empty payload);
`events_sha256` is SHA-256 of their canonical JSON list; `signature` is the terminal's Ed25519 signature
over the canonical JSON of the header (`format`, `version`, `terminal`, `site`, `created_at`, `count`,
`events_sha256`), or null for a terminal that is not enrolled. The payloads are in clear, as in a sync
request (the mesh needs them; TLS protects the request, the carrier's encrypted stick protects this).
`read_bundle(path)` checks the shape and the hash (BundleInvalidError otherwise); the signature is checked
by the mesh against the terminal's ENROLLED key (sync.mesh.bundle_import), never the key in the file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync.errors import BundleInvalidError, EventValidationError
from sync.events import Event, canonical_json, utc_now_iso

logger = logging.getLogger(__name__)

FORMAT = "kazasu.bundle"
VERSION = 1
HEADER_KEYS = ("format", "version", "terminal", "site", "created_at", "count", "events_sha256")
MAX_BUNDLE_BYTES = 2 * 1024**3
_PAGE = 1000


@dataclass(frozen=True)
class Bundle:
    header: dict[str, Any]
    signature: str | None
    events: list[Event]

    @property
    def terminal(self) -> str:
        return self.header["terminal"]

    @property
    def site(self) -> str | None:
        return self.header["site"]

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        if not self.signature:
            return False
        try:
            public_key.verify(base64.b64decode(self.signature, validate=True),
                              canonical_json(self.header))
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True


def events_digest(raw_events: list[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical_json(raw_events)).hexdigest()


def write_bundle(store: Any, path: Path | str, *, terminal: str | None = None,
                 site: str | None = None) -> dict[str, Any]:
    """Write the store's pending events as a signed bundle; returns `exported`, `out`, `signed`, ..."""
    path = Path(path)
    events: list[Event] = []
    after = None
    while True:
        page = store.pending(_PAGE, after=after)
        events.extend(page)
        if len(page) < _PAGE:
            break
        after = page[-1].id
    identity = store.identity
    terminal = identity.terminal_id if identity else terminal
    raw = [event.to_dict() for event in events]
    sites = sorted({event.site for event in events})
    header = {"format": FORMAT, "version": VERSION, "terminal": terminal,
              "site": site or (sites[0] if len(sites) == 1 else None), "created_at": utc_now_iso(),
              "count": len(raw), "events_sha256": events_digest(raw)}
    signature = None
    if identity is not None:
        signature = base64.b64encode(identity.private_key.sign(canonical_json(header))).decode()
    document = {**header, "public_key": identity.public_key_b64() if identity else None,
                "signature": signature, "events": raw}
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(canonical_json(document))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    logger.info("exported a bundle of %d pending event(s) (signed: %s)", len(raw), bool(signature))
    return {"exported": len(raw), "out": str(path.resolve()), "signed": signature is not None,
            "terminal": terminal}


def read_bundle(path: Path | str) -> Bundle:
    """Parse and check a bundle file (shape, count, events hash, each event); BundleInvalidError."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise BundleInvalidError("the file is too large")
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise BundleInvalidError(f"no such file: {path}") from None
    except (OSError, ValueError):
        raise BundleInvalidError("the file is not a readable JSON bundle") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleInvalidError("not a kazasu bundle")
    if data.get("version") != VERSION:
        raise BundleInvalidError(f"unsupported bundle version {data.get('version')!r}")
    raw = data.get("events")
    if not isinstance(raw, list) or not isinstance(data.get("terminal"), str):
        raise BundleInvalidError("the bundle has no event list or no terminal")
    header = {key: data.get(key) for key in HEADER_KEYS}
    if header["count"] != len(raw) or header["events_sha256"] != events_digest(raw):
        raise BundleInvalidError("the events do not match the bundle's count and hash (altered)")
    signature = data.get("signature")
    if signature is not None and not isinstance(signature, str):
        raise BundleInvalidError("the signature is not text")
    events = []
    for index, item in enumerate(raw):
        try:
            event = Event.from_dict(item)
        except EventValidationError as exc:
            raise BundleInvalidError(f"event {index + 1}: {exc.reason}") from None
        if event.terminal != header["terminal"]:
            raise BundleInvalidError(f"event {index + 1} is of another terminal")
        events.append(event)
    return Bundle(header=header, signature=signature, events=events)
