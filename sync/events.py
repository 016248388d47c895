"""Events: the immutable records every desk action becomes, with time-sortable UUIDv7 ids.

An `Event` is what a terminal writes, queues and sends; the mesh stores it as sent. Its canonical JSON
(sorted keys, UTF-8, no insignificant whitespace) is the one byte form used for hashing and transport.
`new_uuid7()` follows RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, a 12-bit counter in rand_a
(method 1 of §6.2, so ids made in the same millisecond still sort in creation order), variant 10,
62 random bits.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sync.errors import EventValidationError

SCHEMA_VERSION = 1
EVENT_KEYS = ("id", "kind", "site", "terminal", "staff", "created_at", "schema_version", "payload")
AUTH_KEYS = ("seq", "prev_hash", "signature")  # the optional signed envelope (see sync.signing)
AUTH_KEYS_V2 = ("v", "seq", "prev_hash", "payload_hash", "signature")  # signing version 2
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
SIGNATURE_RE = re.compile(r"^[A-Za-z0-9+/]{86}==$")  # base64 of a 64-byte Ed25519 signature
KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
MAX_TEXT = 128

_lock = threading.Lock()
_last_ms = 0
_last_counter = 0


def new_uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7; ids from this process are strictly increasing even within one millisecond."""
    global _last_ms, _last_counter
    with _lock:
        ms = int(time.time() * 1000) if now_ms is None else now_ms
        if ms <= _last_ms:
            ms = _last_ms  # same millisecond or the clock went back: stay monotonic
            counter = _last_counter + 1
            if counter > 0xFFF:  # counter exhausted: borrow the next millisecond (RFC 9562 §6.2)
                ms, counter = ms + 1, secrets.randbelow(0x800)
        else:
            counter = secrets.randbelow(0x800)  # random start in the lower half leaves room to count
        _last_ms, _last_counter = ms, counter
    rand_b = secrets.randbits(62)
    value = ((ms & 0xFFFF_FFFF_FFFF) << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


def uuid7_datetime(value: uuid.UUID | str) -> datetime:
    """The creation time (millisecond precision, UTC) carried by a UUIDv7."""
    u = uuid.UUID(str(value))
    return datetime.fromtimestamp((u.int >> 80) / 1000, tz=timezone.utc)


def utc_now_iso() -> str:
    """Now in UTC as ISO 8601 with milliseconds and a `Z` suffix."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def storable_text(value: str) -> bool:
    """Text both mesh databases can store: encodable as UTF-8 (no lone surrogates) and without NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def canonical_json(value: Any) -> bytes:
    """Sorted keys, compact separators, UTF-8 (not ASCII-escaped): one byte form per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


@dataclass(frozen=True)
class Event:
    """One immutable event. Treat `payload` as read-only: a correction is a new event."""

    id: str
    kind: str
    site: str
    terminal: str
    staff: str
    created_at: str
    schema_version: int = SCHEMA_VERSION
    payload: dict[str, Any] = field(default_factory=dict, repr=False)  # never in logs
    auth: dict[str, Any] | None = field(default=None, repr=False)  # {"seq", "prev_hash", "signature"}
    redacted: bool = False  # the payload was erased (sync.redaction or purge): payload is {}

    @classmethod
    def create(cls, kind: str, payload: dict[str, Any], *, site: str, terminal: str,
               staff: str) -> "Event":
        """A new event with a fresh UUIDv7 and the current UTC time, validated."""
        event = cls(id=str(new_uuid7()), kind=kind, site=site, terminal=terminal, staff=staff,
                    created_at=utc_now_iso(), schema_version=SCHEMA_VERSION, payload=dict(payload))
        return cls.from_dict(event.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The wire form: the body, plus `auth` when the event is signed."""
        out = self.body()
        if self.auth is not None:
            out["auth"] = dict(self.auth)
        if self.redacted:
            out["redacted"] = True
        return out

    def body(self) -> dict[str, Any]:
        """The event itself, without the signed envelope (what is signed and hashed)."""
        return {key: getattr(self, key) for key in EVENT_KEYS}

    def canonical_json(self) -> bytes:
        return canonical_json(self.body())

    def digest(self) -> str:
        """SHA-256 (hex) of the canonical JSON."""
        return hashlib.sha256(self.canonical_json()).hexdigest()

    def payload_hash(self) -> str | None:
        """SHA-256 (hex) of the canonical payload; for an erased event the signed one (v2), or None."""
        if self.redacted:
            return self.auth.get("payload_hash") if self.auth else None
        cached = self.__dict__.get("_payload_digest")  # not a field: computed once per instance
        if cached is None:
            cached = payload_hash(self.payload)
            object.__setattr__(self, "_payload_digest", cached)
        return cached

    @classmethod
    def from_dict(cls, data: Any) -> "Event":
        """Validate a received or stored event; raises EventValidationError with a short reason."""
        return cls(**validate_event_dict(data))


def validate_event_dict(data: Any) -> dict[str, Any]:
    """Check every field of an event dict and return the clean fields (no personal data in reasons)."""
    if not isinstance(data, dict):
        raise EventValidationError("event must be a JSON object")
    missing = [key for key in EVENT_KEYS if key not in data]
    if missing:
        raise EventValidationError(f"missing field(s): {', '.join(missing)}")
    extra = sorted(set(data) - set(EVENT_KEYS) - {"auth", "redacted"})
    if extra:
        raise EventValidationError(f"unknown field(s): {', '.join(extra)}")
    event_id = data["id"]
    try:
        parsed = uuid.UUID(event_id) if isinstance(event_id, str) else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != event_id:
        raise EventValidationError("id must be a UUID in canonical lower-case form")
    if parsed.version != 7 or parsed.variant != uuid.RFC_4122:
        raise EventValidationError("id must be a UUID version 7")
    kind = data["kind"]
    if not isinstance(kind, str) or len(kind) > MAX_TEXT or not KIND_RE.match(kind):
        raise EventValidationError("kind must look like 'desk.action' (lower case, dots)")
    for key in ("site", "terminal", "staff"):
        value = data[key]
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
            raise EventValidationError(f"{key} must be a non-empty string of at most {MAX_TEXT} chars")
        if not storable_text(value):
            raise EventValidationError(f"{key} must be valid text (no NUL, no lone surrogates)")
    created_at = data["created_at"]
    if not isinstance(created_at, str) or not created_at.endswith(("Z", "+00:00")):
        raise EventValidationError("created_at must be ISO 8601 in UTC (ending in Z or +00:00)")
    try:
        datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        raise EventValidationError("created_at is not a valid ISO 8601 time") from None
    version = data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise EventValidationError("schema_version must be a positive integer")
    if not isinstance(data["payload"], dict):
        raise EventValidationError("payload must be a JSON object")
    try:
        canonical_json(data["payload"])  # what is stored and signed: it must have a byte form
    except (UnicodeEncodeError, ValueError):
        raise EventValidationError("payload must be valid JSON text (no lone surrogates, no NaN or"
                                   " Infinity)") from None
    clean = {key: data[key] for key in EVENT_KEYS}
    if data.get("auth") is not None:
        clean["auth"] = validate_auth(data["auth"])
    redacted = data.get("redacted", False)
    if not isinstance(redacted, bool):
        raise EventValidationError("redacted must be true or false")
    if redacted:
        if data["payload"]:
            raise EventValidationError("a redacted event must have an empty payload")
        clean["redacted"] = True
    return clean


def payload_hash(payload: dict[str, Any]) -> str:
    """SHA-256 (hex) of the payload's canonical JSON: what signing version 2 signs instead of it."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def validate_auth(auth: Any) -> dict[str, Any]:
    """The shape of the signed envelope (the signature itself is checked by the mesh).

    Version 1: `{"seq", "prev_hash", "signature"}`; version 2 adds `"v": 2` and `"payload_hash"`."""
    if isinstance(auth, dict) and "v" in auth:
        if auth["v"] != 2 or set(auth) != set(AUTH_KEYS_V2):
            raise EventValidationError("auth must be an object with v (2), seq, prev_hash,"
                                       " payload_hash and signature")
        if not isinstance(auth["payload_hash"], str) or not HEX64_RE.match(auth["payload_hash"]):
            raise EventValidationError("auth.payload_hash must be 64 lower-case hex digits")
    elif not isinstance(auth, dict) or set(auth) != set(AUTH_KEYS):
        raise EventValidationError("auth must be an object with seq, prev_hash and signature")
    seq = auth["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 2**62:
        raise EventValidationError("auth.seq must be a positive integer")
    if not isinstance(auth["prev_hash"], str) or not HEX64_RE.match(auth["prev_hash"]):
        raise EventValidationError("auth.prev_hash must be 64 lower-case hex digits")
    if not isinstance(auth["signature"], str) or not SIGNATURE_RE.match(auth["signature"]):
        raise EventValidationError("auth.signature must be a base64 Ed25519 signature")
    return {key: auth[key] for key in (AUTH_KEYS_V2 if "v" in auth else AUTH_KEYS)}
