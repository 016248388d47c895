"""Events: the immutable records every desk action becomes, with time-sortable UUIDv7 ids.

An `Event` is what a terminal writes, queues and sends; the mesh stores it as sent. Its canonical JSON
(sorted keys, UTF-8, no insignificant whitespace) is the one byte form used for hashing and transport.
`new_uuid7()` follows RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, a 12-bit counter in rand_a
(method 1 of §6.2, so ids made in the same millisecond still sort in creation order), variant 10,
62 random bits.

`EventEnvelope` (pydantic) is the wire form: every event that comes from outside the process (a batch
at the mesh, the mesh's feed, a carried bundle, a stored row read back by the mesh) is checked against
it by `Event.from_dict`, and the mesh's OpenAPI publishes its JSON schema. It checks the envelope (id,
kind, site, terminal, staff, time, version, the signed `auth`, `redacted`); the payload belongs to its
desk and is only checked to have a byte form (valid JSON text), never re-modelled. A refusal is an
`EventValidationError` with a short reason that names the field and holds no personal data.
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
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
    with_config,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from sync.errors import EventValidationError

SCHEMA_VERSION = 1
EVENT_KEYS = ("id", "kind", "site", "terminal", "staff", "created_at", "schema_version", "payload")
AUTH_KEYS = ("seq", "prev_hash", "signature")  # the optional signed envelope (see sync.signing)
AUTH_KEYS_V2 = ("v", "seq", "prev_hash", "payload_hash", "signature")  # signing version 2
UUID7_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HEX64_PATTERN = r"^[0-9a-f]{64}$"
SIGNATURE_PATTERN = r"^[A-Za-z0-9+/]{86}==$"  # base64 of a 64-byte Ed25519 signature
KIND_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
MAX_TEXT = 128
MAX_SEQ = 2**62
MAX_SCHEMA_VERSION = 2**31 - 1  # the mesh stores it in a 32-bit INTEGER column (PostgreSQL)

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


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, compact separators, UTF-8 (not ASCII-escaped): one byte form per value (one
    encoder made once: `json.dumps` with these options builds a new one per call)."""
    return _CANONICAL.encode(value).encode("utf-8")


# -- the wire form ----------------------------------------------------------------------------------
_STRICT = ConfigDict(strict=True, extra="forbid")
Seq = Annotated[int, Field(ge=1, lt=MAX_SEQ, description="The event's position in its terminal's chain, from 1.")]
Hex64 = Annotated[str, Field(pattern=HEX64_PATTERN)]
Signature = Annotated[str, Field(pattern=SIGNATURE_PATTERN, description="Ed25519 signature, base64.")]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


@with_config(_STRICT)
class EventAuthV1(TypedDict):
    """Signing version 1: the chain position, the previous entry's hash and the body's signature."""

    seq: Seq
    prev_hash: Hex64
    signature: Signature


@with_config(_STRICT)
class EventAuthV2(TypedDict):
    """Signing version 2: the payload's hash is signed instead of the payload (erased events verify)."""

    v: Literal[2]
    seq: Seq
    prev_hash: Hex64
    payload_hash: Hex64
    signature: Signature


def _auth_version(value: Any) -> str:
    return "v2" if isinstance(value, dict) and "v" in value else "v1"


EventAuth = Annotated[Annotated[EventAuthV1, Tag("v1")] | Annotated[EventAuthV2, Tag("v2")],
                      Discriminator(_auth_version)]


def _refuse(reason: str) -> PydanticCustomError:
    return PydanticCustomError("invalid_event", reason)


class EventEnvelope(BaseModel):
    """One event as a terminal sends it and the mesh stores and serves it."""

    # defer_build: the validator is made when the first event is checked, not when the kiosk starts
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=UUID7_PATTERN, description="A UUIDv7 in canonical lower-case form (sorts by time).")
    kind: str = Field(max_length=MAX_TEXT, pattern=KIND_PATTERN, description="desk.action",
                      examples=["shelter.checked_in"])
    site: Text
    terminal: Text
    staff: Text
    created_at: str = Field(description="ISO 8601 in UTC, ending in Z or +00:00.",
                            examples=["2026-11-23T13:56:30.181Z"])
    schema_version: int = Field(ge=1, le=MAX_SCHEMA_VERSION)
    payload: dict[str, Any] = Field(description="The desk's data (encrypted at rest on the terminal); {} when "
                                                "redacted.")
    auth: EventAuth | None = Field(None, description="The signed envelope (sync.signing); absent when unsigned.")
    redacted: bool = Field(False, description="The payload was erased; it is then {}.")

    @field_validator("site", "terminal", "staff")
    @classmethod
    def _text(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            raise _refuse(f"{info.field_name} must be a non-empty string of at most {MAX_TEXT} chars")
        if "\x00" in value:
            raise _refuse(f"{info.field_name} must be valid text (no NUL, no lone surrogates)")
        return value

    @field_validator("created_at")
    @classmethod
    def _utc_time(cls, value: str) -> str:
        if not value.endswith(("Z", "+00:00")):
            raise _refuse("created_at must be ISO 8601 in UTC (ending in Z or +00:00)")
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _refuse("created_at is not a valid ISO 8601 time") from None
        return value

    @field_validator("payload")
    @classmethod
    def _json_text(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        try:
            data = canonical_json(value)  # what is stored and signed: it must have a byte form
        except (UnicodeEncodeError, ValueError):
            raise _refuse("payload must be valid JSON text (no lone surrogates, no NaN or Infinity)") from None
        if isinstance(info.context, dict):
            info.context["payload_bytes"] = data  # Event.from_dict keeps it: made once per event
        return value

    @model_validator(mode="after")
    def _erased_is_empty(self) -> EventEnvelope:
        if self.redacted and self.payload:
            raise _refuse("a redacted event must have an empty payload")
        return self



_REASONS = {
    "id": "id must be a UUID in canonical lower-case form",
    "kind": "kind must look like 'desk.action' (lower case, dots)",
    "site": f"site must be a non-empty string of at most {MAX_TEXT} chars",
    "terminal": f"terminal must be a non-empty string of at most {MAX_TEXT} chars",
    "staff": f"staff must be a non-empty string of at most {MAX_TEXT} chars",
    "created_at": "created_at must be ISO 8601 in UTC (ending in Z or +00:00)",
    "schema_version": "schema_version must be a positive integer",
    "payload": "payload must be a JSON object",
    "redacted": "redacted must be true or false",
    "seq": "auth.seq must be a positive integer",
    "prev_hash": "auth.prev_hash must be 64 lower-case hex digits",
    "payload_hash": "auth.payload_hash must be 64 lower-case hex digits",
    "signature": "auth.signature must be a base64 Ed25519 signature",
    "v1": "auth must be an object with seq, prev_hash and signature",
    "v2": "auth must be an object with v (2), seq, prev_hash, payload_hash and signature",
}


def refusal_reason(exc: ValidationError) -> str:
    """The one short reason for a refused envelope (the first problem, in field order; no values)."""
    errors = exc.errors(include_url=False)
    if any(not error["loc"] and error["type"] != "invalid_event" for error in errors):
        return "event must be a JSON object"
    missing = {error["loc"][0] for error in errors if error["type"] == "missing" and len(error["loc"]) == 1}
    if missing:
        return f"missing field(s): {', '.join(key for key in EVENT_KEYS if key in missing)}"
    extra = sorted(str(error["loc"][0]) for error in errors
                   if error["type"] == "extra_forbidden" and len(error["loc"]) == 1)
    if extra:
        return f"unknown field(s): {', '.join(extra)}"
    first = errors[0]
    if first["type"] == "invalid_event":
        return first["msg"]
    key = first["loc"][0]
    if key == "auth":  # loc: ("auth", "v1" | "v2", field): a wrong shape first, then the first bad field
        auth = [error for error in errors if error["loc"][0] == "auth"]
        shape = any(len(error["loc"]) < 3 or error["loc"][2] == "v" or
                    error["type"] in ("missing", "extra_forbidden") for error in auth)
        return _REASONS[first["loc"][1] if shape else first["loc"][2]]
    if first["type"] == "string_unicode":
        return f"{key} must be valid text (no NUL, no lone surrogates)"
    if key == "id" and isinstance(first.get("input"), str) and UUID_RE.fullmatch(first["input"]):
        return "id must be a UUID version 7"
    return _REASONS.get(str(key), f"{key} is not valid")


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

    def payload_bytes(self) -> bytes:
        """The payload's canonical JSON (what is hashed, signed and stored), made once per instance.
        Treat `payload` as read-only: the bytes are not made again after a change."""
        cached = self.__dict__.get("_payload_bytes")  # not a field: computed once per instance
        if cached is None:
            cached = canonical_json(self.payload)
            object.__setattr__(self, "_payload_bytes", cached)
        return cached

    def payload_hash(self) -> str | None:
        """SHA-256 (hex) of the canonical payload; for an erased event the signed one (v2), or None."""
        if self.redacted:
            return self.auth.get("payload_hash") if self.auth else None
        cached = self.__dict__.get("_payload_digest")  # not a field: computed once per instance
        if cached is None:
            cached = hashlib.sha256(self.payload_bytes()).hexdigest()
            object.__setattr__(self, "_payload_digest", cached)
        return cached

    @classmethod
    def from_dict(cls, data: Any) -> "Event":
        """Check a received or stored event against `EventEnvelope`; EventValidationError (a short
        reason) when it does not fit. The payload's canonical bytes made by the check are kept."""
        context: dict[str, Any] = {}
        try:
            envelope = EventEnvelope.model_validate(data, context=context)
        except ValidationError as exc:
            raise EventValidationError(refusal_reason(exc)) from None
        event = cls(**envelope.__dict__)
        if "payload_bytes" in context:
            object.__setattr__(event, "_payload_bytes", context["payload_bytes"])
        return event


def payload_hash(payload: dict[str, Any]) -> str:
    """SHA-256 (hex) of the payload's canonical JSON: what signing version 2 signs instead of it."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()
