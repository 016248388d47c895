"""EventStore: encryption at rest, atomic append + effect, durability settings, outbox states."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading

import pytest

from sync.errors import KeyFileInvalidError, KeyFilePermissionError, KeyInvalidError
from sync.keys import key_path, load_or_create_key
from sync.store import EventStore

from .conftest import append_person

NAME = "架空　幸子"


def raw_bytes(tmp_path):
    return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("kazasu.db"))


def test_key_file_created_0600_and_reused(tmp_path):
    key = load_or_create_key(tmp_path)
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(key_path(tmp_path)).st_mode) == 0o600
    assert load_or_create_key(tmp_path) == key


def test_loose_key_file_refused(tmp_path):
    load_or_create_key(tmp_path)
    os.chmod(key_path(tmp_path), 0o644)
    with pytest.raises(KeyFilePermissionError) as info:
        EventStore(tmp_path / "kazasu.db")
    assert info.value.code == "key_file_permissions"
    assert "chmod 600" in info.value.message_en and info.value.message_ja


def test_damaged_key_file_refused(tmp_path):
    key_path(tmp_path).write_bytes(b"short")
    os.chmod(key_path(tmp_path), 0o600)
    with pytest.raises(KeyFileInvalidError):
        load_or_create_key(tmp_path)


def test_payload_encrypted_at_rest(store, tmp_path):
    event = append_person(store, NAME)
    assert NAME.encode("utf-8") not in raw_bytes(tmp_path)
    assert "見本".encode() not in raw_bytes(tmp_path)
    assert store.pending(10)[0].payload == {"person": {"name": NAME}}
    assert event.id.encode() in raw_bytes(tmp_path)  # ids stay clear for routing


def test_wrong_key_fails_clearly_at_open_before_anything_is_written(store, tmp_path):
    append_person(store, NAME)
    before = raw_bytes(tmp_path)
    with pytest.raises(KeyInvalidError) as info:
        EventStore(tmp_path / "kazasu.db", key=b"\x01" * 32)
    assert info.value.code == "key_invalid" and "original key" in info.value.message_en
    assert NAME not in info.value.message_en and NAME not in info.value.message_ja
    assert raw_bytes(tmp_path) == before  # nothing was written with the wrong key


def test_a_bit_flipped_key_file_is_key_invalid(tmp_path):
    """Defect: a key file with one flipped bit was used as it was; new events were written with it
    and blocked the queue later. Now the stored check value refuses it at open."""
    store = EventStore(tmp_path / "kazasu.db")
    append_person(store, NAME)
    store.close()
    key = bytearray(key_path(tmp_path).read_bytes())
    key[7] ^= 0x10
    key_path(tmp_path).write_bytes(bytes(key))
    with pytest.raises(KeyInvalidError):
        EventStore(tmp_path / "kazasu.db")
    key[7] ^= 0x10
    key_path(tmp_path).write_bytes(bytes(key))
    assert EventStore(tmp_path / "kazasu.db").pending(10)[0].payload == {"person": {"name": NAME}}


def test_a_database_of_an_older_kazasu_gets_its_check_value_only_from_the_right_key(tmp_path):
    store = EventStore(tmp_path / "kazasu.db", key=b"\x02" * 32)
    append_person(store, NAME)
    store.db.execute("DELETE FROM sync_state WHERE key = 'key_check'")  # as kazasu wrote it before
    store.db.conn.commit()
    store.close()
    with pytest.raises(KeyInvalidError):  # no check value: the newest payloads are tried
        EventStore(tmp_path / "kazasu.db", key=b"\x01" * 32)
    EventStore(tmp_path / "kazasu.db", key=b"\x02" * 32).close()  # the right key stores one
    with pytest.raises(KeyInvalidError):
        EventStore(tmp_path / "kazasu.db", key=b"\x01" * 32)


def test_ciphertext_bound_to_its_event(store):
    """A ciphertext moved onto another row does not decrypt there: that row is quarantined (read
    back as an erased receipt, the blob kept), never answered with the other person's data."""
    a, b = append_person(store, "一"), append_person(store, "二")
    with store.db.atomic() as db:  # move a's ciphertext onto b's row: the AAD must refuse it
        blob = db.execute("SELECT payload FROM events WHERE id = ?", [a.id]).fetchone()[0]
        db.execute("UPDATE events SET payload = ? WHERE id = ?", [blob, b.id])
    read = {e.id: e for e in store.pending(10)}
    assert read[a.id].payload == {"person": {"name": "一"}}
    assert read[b.id].payload == {} and read[b.id].redacted
    assert [q["id"] for q in store.quarantined()] == [b.id]
    assert store.quarantined()[0]["reason"].startswith("decryption_failed")
    assert bytes(store.db.execute("SELECT payload FROM events WHERE id = ?", [b.id]).fetchone()[0]) == blob


def test_effect_and_event_in_one_transaction(store):
    store.db.execute("CREATE TABLE applications (id TEXT PRIMARY KEY, form TEXT)")

    def effect(db):
        db["applications"].insert({"id": "A-1", "form": "juminhyo_copy"})

    event = store.append(
        "counter.application_submitted", {"form": "juminhyo_copy"}, site="s", terminal="t",
        staff="x", effect=effect)
    assert store.db.execute("SELECT count(*) FROM applications").fetchone()[0] == 1
    assert [e.id for e in store.pending(10)] == [event.id]


def test_effect_raising_writes_nothing(store):
    store.db.execute("CREATE TABLE applications (id TEXT PRIMARY KEY)")

    def failing_effect(db):
        db["applications"].insert({"id": "A-2"})
        raise RuntimeError("printer on fire")

    with pytest.raises(RuntimeError):
        store.append("counter.application_submitted", {}, site="s", terminal="t", staff="x",
                     effect=failing_effect)
    assert store.db.execute("SELECT count(*) FROM applications").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert store.status() == {"pending": 0, "acknowledged": 0, "total": 0, "rejected": 0}


def test_durability_settings_on_every_connection(store, tmp_path):
    append_person(store)
    seen = {}

    def other_thread():
        db = store.db  # the thread's own connection
        seen["sync"] = db.execute("PRAGMA synchronous").fetchone()[0]
        seen["journal"] = db.execute("PRAGMA journal_mode").fetchone()[0]
        seen["same"] = db is not main_db
        store.close()

    main_db = store.db
    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(10)
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert seen == {"sync": 2, "journal": "wal", "same": True}
    with sqlite3.connect(tmp_path / "kazasu.db") as plain:  # WAL is a property of the file
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in plain.execute("SELECT name FROM _sqlite_migrations")]
    assert names == ["0001_events_and_outbox", "0002_remote_events_and_sync_state", "0003_signed_chain",
                     "0004_payload_hash_and_erasure", "0005_quarantine_positions_lost"]


def test_pending_order_ack_and_status(store):
    events = [append_person(store, f"名{i}") for i in range(7)]
    assert [e.id for e in store.pending(100)] == [e.id for e in events]
    assert [e.id for e in store.pending(3, after=events[2].id)] == [e.id for e in events[3:6]]
    assert store.mark_acknowledged([events[0].id, events[3].id, "unknown-id"]) == 2
    assert store.mark_acknowledged([events[0].id]) == 0  # already acknowledged
    assert store.status() == {"pending": 5, "acknowledged": 2, "total": 7, "rejected": 0}
    assert events[0].id not in [e.id for e in store.pending(100)]


def test_rejection_recorded_and_event_stays_pending(store):
    event = append_person(store)
    store.mark_rejected({event.id: "kind not allowed"})
    store.mark_rejected({event.id: "kind not allowed"})
    assert store.last_error(event.id) == (2, "kind not allowed")
    assert store.status()["pending"] == 1 and store.status()["rejected"] == 1

