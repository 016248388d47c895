"""UUIDv7 layout and ordering, canonical JSON, event validation."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from datetime import timezone

import pytest

from sync.errors import EventValidationError
from sync.events import Event, canonical_json, new_uuid7, uuid7_datetime


def test_uuid7_version_and_variant_bits():
    for _ in range(200):
        u = new_uuid7()
        assert u.version == 7
        assert (u.int >> 76) & 0xF == 7
        assert (u.int >> 62) & 0b11 == 0b10
        assert u.variant == uuid.RFC_4122


def test_uuid7_carries_the_creation_millisecond():
    before = int(time.time() * 1000)
    u = new_uuid7()
    after = int(time.time() * 1000)
    assert before <= (u.int >> 80) <= after + 1
    assert uuid7_datetime(u).tzinfo == timezone.utc


def test_uuid7_strictly_increasing_even_in_one_millisecond():
    ids = [new_uuid7() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert [str(u) for u in ids] == sorted(str(u) for u in ids)  # string order is time order


def test_uuid7_same_fixed_millisecond_and_counter_overflow():
    ms = int(time.time() * 1000) + 10_000  # a future millisecond no earlier call has used
    ids = [new_uuid7(now_ms=ms) for _ in range(5000)]  # more than the 12-bit counter holds
    assert ids == sorted(ids) and len(set(ids)) == 5000
    assert ids[0].int >> 80 == ms
    assert ids[-1].int >> 80 > ms  # the counter ran out and borrowed the next millisecond


def test_uuid7_monotonic_when_the_clock_goes_back():
    later = new_uuid7(now_ms=int(time.time() * 1000) + 20_000)
    earlier_clock = new_uuid7(now_ms=1_000)
    assert earlier_clock > later


def test_canonical_json_sorted_utf8():
    assert canonical_json({"b": 1, "a": "山田"}) == '{"a":"山田","b":1}'.encode()


def test_canonical_json_is_byte_for_byte_json_dumps():
    """The encoder built once gives the very bytes json.dumps gave (signatures depend on them)."""
    values = [{"z": [1.5, -0.0, 1e300, 2**70, None, True], "a": {"y": "\u0000\t\"\\\u2028é山"}},
              {"": {}, "k": [], "n": -1, "f": 0.1 + 0.2}, [], "text", 3, None]
    for value in values:
        assert canonical_json(value) == json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    for bad in ({"f": float("nan")}, {"f": float("inf")}):
        with pytest.raises(ValueError):
            canonical_json(bad)


def test_event_create_roundtrip_and_digest():
    e = Event.create("counter.application_submitted", {"x": [1, 2]}, site="s", terminal="t",
                     staff="st")
    assert Event.from_dict(e.to_dict()) == e
    assert e.created_at.endswith("Z")
    assert len(e.digest()) == 64
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.kind = "other.kind"  # frozen
    assert "x" not in repr(e)  # payloads never end up in logs through repr


@pytest.mark.parametrize("change, reason", [
    ({"id": "not-a-uuid"}, "canonical"),
    ({"id": str(uuid.uuid4())}, "version 7"),
    ({"kind": "NoDots"}, "kind"),
    ({"site": ""}, "site"),
    ({"created_at": "2024-01-01T00:00:00+09:00"}, "UTC"),
    ({"schema_version": 0}, "schema_version"),
    ({"payload": [1]}, "payload"),
    ({"extra": 1}, "unknown"),
])
def test_validation_reasons(change, reason):
    data = Event.create("library.card_issued", {}, site="s", terminal="t", staff="x").to_dict()
    data.update(change)
    with pytest.raises(EventValidationError) as info:
        Event.from_dict(data)
    assert reason in info.value.reason


SIGNATURE = "A" * 86 + "=="


@pytest.mark.parametrize("change, reason", [
    ({"site": "a\x00b"}, "site must be valid text"),
    ({"staff": "\udfff"}, "staff must be valid text"),
    ({"terminal": "   "}, "terminal must be a non-empty string"),
    ({"kind": "a." + "b" * 130}, "kind must look like"),
    ({"created_at": "soonZ"}, "created_at is not a valid ISO 8601 time"),
    ({"schema_version": True}, "schema_version must be a positive integer"),
    ({"schema_version": 2**31}, "schema_version must be a positive integer"),
    ({"payload": {"n": float("nan")}}, "payload must be valid JSON text"),
    ({"redacted": "yes"}, "redacted must be true or false"),
    ({"redacted": True}, "a redacted event must have an empty payload"),
    ({"zz": 1, "aa": 2}, "unknown field(s): aa, zz"),
    ({"auth": "signed"}, "auth must be an object with seq, prev_hash and signature"),
    ({"auth": {"seq": 1, "prev_hash": "0" * 64, "signature": SIGNATURE, "v": 3}}, "auth must be an object with v (2)"),
    ({"auth": {"v": 2, "seq": 1, "prev_hash": "0" * 64, "signature": SIGNATURE}}, "auth must be an object with v (2)"),
    ({"auth": {"v": 2, "seq": 1, "prev_hash": "0" * 64, "payload_hash": "0" * 64 + "\n",  # the whole value
               "signature": SIGNATURE}}, "auth.payload_hash must be 64 lower-case hex digits"),
    ({"auth": {"seq": 2**62, "prev_hash": "0" * 64, "signature": SIGNATURE}}, "auth.seq must be a positive integer"),
])
def test_envelope_reasons(change, reason):
    """EventEnvelope's refusals in the short reasons the mesh answers (no value is repeated)."""
    data = Event.create("library.card_issued", {"n": 1}, site="s", terminal="t", staff="x").to_dict()
    data.update(change)
    with pytest.raises(EventValidationError) as info:
        Event.from_dict(data)
    assert info.value.reason.startswith(reason)


def test_missing_fields_are_named_in_order_and_anything_not_an_object_is_refused():
    data = Event.create("library.card_issued", {}, site="s", terminal="t", staff="x").to_dict()
    for key in ("payload", "kind", "site"):
        del data[key]
    with pytest.raises(EventValidationError) as info:
        Event.from_dict(data)
    assert info.value.reason == "missing field(s): kind, site, payload"
    for value in (None, [data], "event"):
        with pytest.raises(EventValidationError) as info:
            Event.from_dict(value)
        assert info.value.reason == "event must be a JSON object"


def test_signed_and_redacted_events_pass_as_they_are():
    body = Event.create("library.card_issued", {}, site="s", terminal="t", staff="x").to_dict()
    v1 = {"seq": 3, "prev_hash": "a" * 64, "signature": SIGNATURE}
    v2 = {"v": 2, "seq": 4, "prev_hash": "b" * 64, "payload_hash": "c" * 64, "signature": SIGNATURE}
    for auth in (v1, v2):
        event = Event.from_dict({**body, "auth": auth, "redacted": True})
        assert event.auth == auth and event.redacted and event.payload == {}
        assert event.to_dict() == {**body, "auth": auth, "redacted": True}
    assert Event.from_dict({**body, "auth": None}).auth is None


def test_the_mesh_openapi_shows_the_event_schema(tmp_path):
    from sync.mesh.app import create_app

    schemas = create_app(f"sqlite:///{tmp_path / 'mesh.db'}").openapi()["components"]["schemas"]
    event = {"$ref": "#/components/schemas/EventEnvelope"}
    assert schemas["BatchIn"]["properties"]["events"]["items"] == event  # not list[Any] any more
    assert schemas["FeedOut"]["properties"]["events"]["items"] == event
    envelope = schemas["EventEnvelope"]
    assert envelope["required"] == ["id", "kind", "site", "terminal", "staff", "created_at", "schema_version",
                                    "payload"]
    assert envelope["additionalProperties"] is False
    assert "-7[0-9a-f]{3}-[89ab]" in envelope["properties"]["id"]["pattern"]  # a UUIDv7
    auth = envelope["properties"]["auth"]["anyOf"][0]["oneOf"]
    assert auth == [{"$ref": "#/components/schemas/EventAuthV1"}, {"$ref": "#/components/schemas/EventAuthV2"}]
    assert schemas["EventAuthV2"]["properties"]["v"]["const"] == 2
