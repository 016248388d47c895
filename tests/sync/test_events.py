"""UUIDv7 layout and ordering, canonical JSON, event validation."""

from __future__ import annotations

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
    assert canonical_json({"b": 1, "a": "山田"}) == '{"a":"山田","b":1}'.encode("utf-8")


def test_event_create_roundtrip_and_digest():
    e = Event.create("counter.application_submitted", {"x": [1, 2]}, site="s", terminal="t",
                     staff="st")
    assert Event.from_dict(e.to_dict()) == e
    assert e.created_at.endswith("Z")
    assert len(e.digest()) == 64
    with pytest.raises(Exception):
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
