"""Terminal identity and signed hash chains: key file, local chain, verify_chain (gaps, edits, replays)."""

from __future__ import annotations

import dataclasses
import os
import stat

import pytest

from sync.errors import EventValidationError, IdentityFileInvalidError, KeyFilePermissionError
from sync.events import Event, canonical_json
from sync.signing import GENESIS_HASH, TerminalIdentity, entry_hash, verify_chain
from sync.store import EventStore


@pytest.fixture
def enrolled(tmp_path):
    identity = TerminalIdentity.generate("term-1")
    identity.save(tmp_path)
    store = EventStore(tmp_path / "kazasu.db")  # picks the identity up from its data folder
    yield store, identity
    store.close()


def add(store, n, terminal="term-1"):
    return [store.append("shelter.checked_in", {"person": {"name": f"署名{i}"}}, site="site-a",
                         terminal=terminal, staff="s") for i in range(n)]


def test_identity_file_is_0600_and_checked(tmp_path):
    identity = TerminalIdentity.generate("term-9")
    path = identity.save(tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = TerminalIdentity.load(tmp_path)
    assert again.terminal_id == "term-9" and again.public_key_b64() == identity.public_key_b64()
    os.chmod(path, 0o640)
    with pytest.raises(KeyFilePermissionError):
        TerminalIdentity.load(tmp_path)
    os.chmod(path, 0o600)
    path.write_text("{broken")
    with pytest.raises(IdentityFileInvalidError) as info:
        TerminalIdentity.load(tmp_path)
    assert info.value.code == "terminal_key_invalid" and info.value.message_ja
    assert TerminalIdentity.load(tmp_path / "nowhere") is None


def test_appended_events_form_a_signed_chain(enrolled):
    store, identity = enrolled
    events = add(store, 5)
    assert [e.auth["seq"] for e in events] == [1, 2, 3, 4, 5]
    assert events[0].auth["prev_hash"] == GENESIS_HASH
    for before, after in zip(events, events[1:]):
        assert after.auth["prev_hash"] == entry_hash(before)
    pending = store.pending(10)
    assert pending == events  # the envelope is stored and read back
    assert verify_chain(pending, identity.private_key.public_key()) == []
    assert Event.from_dict(pending[0].to_dict()) == pending[0]  # the wire form round-trips


def test_an_edit_a_gap_a_replay_and_a_broken_link_are_detected(enrolled):
    store, identity = enrolled
    events = add(store, 6)
    key = identity.private_key.public_key()
    edited = dataclasses.replace(events[1], payload={"person": {"name": "改ざん"}})
    assert verify_chain([events[0], edited, *events[2:]], key) == [  # seen twice: its signature,
        {"id": events[1].id, "seq": 2, "problem": "bad_signature"},  # and the next event's link
        {"id": events[2].id, "seq": 3, "problem": "broken_link"}]
    assert verify_chain([*events[:2], *events[3:]], key) == [
        {"id": events[3].id, "seq": 4, "problem": "gap"}]
    assert verify_chain([*events[:3], events[2], *events[3:]], key) == [
        {"id": events[2].id, "seq": 3, "problem": "replayed"}]
    # correctly signed at position 2, but chained to the wrong predecessor
    body = dataclasses.replace(events[1], auth=None).body()
    wrong_auth, _ = identity.sign(body, 2, "f" * 64)
    relinked = dataclasses.replace(events[1], auth=wrong_auth)
    assert verify_chain([events[0], relinked], key) == [
        {"id": events[1].id, "seq": 2, "problem": "broken_link"}]
    other = TerminalIdentity.generate("term-1").private_key.public_key()
    assert {p["problem"] for p in verify_chain(events, other)} == {"bad_signature"}
    unsigned = dataclasses.replace(events[0], auth=None)
    assert verify_chain([unsigned], key)[0]["problem"] == "unsigned"


def test_signed_store_refuses_another_terminal_id(enrolled):
    store, _ = enrolled
    with pytest.raises(EventValidationError):
        add(store, 1, terminal="term-other")
    assert store.status()["total"] == 0


def test_pending_unsigned_events_are_signed_at_enrolment(tmp_path):
    plain = EventStore(tmp_path / "kazasu.db")
    before = add(plain, 3)
    plain.mark_acknowledged([before[0].id])  # already on the mesh: left as it was
    assert all(e.auth is None for e in plain.pending(10))
    plain.close()
    identity = TerminalIdentity.generate("term-1")
    identity.save(tmp_path)
    store = EventStore(tmp_path / "kazasu.db")
    assert store.sign_pending_unsigned() == 2
    assert store.sign_pending_unsigned() == 0
    after = add(store, 1)
    pending = store.pending(10)
    assert [e.auth["seq"] for e in pending] == [1, 2, 3]
    assert [e.body() for e in pending[:2]] == [e.body() for e in before[1:]]  # bodies unchanged
    assert pending[2].id == after[0].id
    assert verify_chain(pending, identity.private_key.public_key()) == []
    assert store.get(before[0].id).auth is None
    store.close()


def test_auth_envelope_shape_is_validated():
    event = Event.create("library.card_issued", {}, site="s", terminal="t", staff="x").to_dict()
    for auth, reason in [({"seq": 0, "prev_hash": "0" * 64, "signature": "A" * 86 + "=="}, "seq"),
                         ({"seq": 1, "prev_hash": "xyz", "signature": "A" * 86 + "=="}, "prev_hash"),
                         ({"seq": 1, "prev_hash": "0" * 64, "signature": "nope"}, "signature"),
                         ({"seq": 1}, "auth")]:
        with pytest.raises(EventValidationError) as info:
            Event.from_dict({**event, "auth": auth})
        assert reason in info.value.reason


def test_the_wire_json_of_pending_events_is_their_canonical_json(enrolled):
    """EventStore.pending_wire (what the sync client sends) sets each payload's stored bytes into the
    envelope instead of decoding and encoding it: the same bytes as canonical_json(event.to_dict()),
    signed or not, erased (a redaction), a payload whose text looks like the envelope's own, and one
    whose stored bytes no longer decrypt (sent as its erased receipt, as `pending` gives it)."""
    store, _identity = enrolled
    events = add(store, 3)
    odd = store.append("shelter.checked_in", {"note": '"payload":{}', "n": [1.5, {"a": None}], "t": "\u2028é"},
                       site="site-a", terminal="term-1", staff='s "payload":{}')
    store.redact([events[1].id], reason="test", staff="s", role="staff")
    with store.db.atomic() as db:
        db.execute("UPDATE events SET payload = ? WHERE id = ?", [b"\x01" + b"x" * 40, events[2].id])
    wire = store.pending_wire(100)
    pending = store.pending(100)
    assert [event_id for event_id, _ in wire] == [e.id for e in pending]
    assert odd.id in [e.id for e in pending] and len(pending) == 5
    assert [body for _, body in wire] == [canonical_json(e.to_dict()) for e in pending]
    assert [body for _, body in store.pending_wire(2, after=events[0].id)] == [
        canonical_json(e.to_dict()) for e in pending[1:3]]
