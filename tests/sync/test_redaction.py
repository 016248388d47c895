"""Redaction: one `sync.redaction` event erases personal payloads on the terminal, on the mesh (its own
site only) and on the other terminals of the site; signed chains (signing version 2) still verify, and
a terminal one version behind (version-1 signatures) is still accepted. Mesh tests run on both backends."""

from __future__ import annotations

import dataclasses

import pytest

from sync import redaction
from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.errors import EventValidationError
from sync.events import Event
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.signing import TerminalIdentity, entry_hash, verify_chain
from sync.store import EventStore
from sync.terminal import TerminalConfig

from .credentials import served_feed, signed_post


def add(store, n, *, kind="shelter.checked_in", site="site-a", terminal="term-1"):
    return [store.append(kind, {"person": {"name": f"見本{i}"}}, site=site, terminal=terminal,
                         staff="s") for i in range(n)]


@pytest.fixture
def strict_mesh(mesh_db_url):
    mesh = EmbeddedMesh(mesh_db_url, allow_unsigned=False).start()
    mesh.storage = open_storage(mesh_db_url)
    yield mesh
    mesh.storage.close()
    mesh.stop()


def enrolled(tmp_path, mesh, name, site="site-a"):
    data = tmp_path / name
    enroll_terminal(data, registry.issue_code(mesh.storage, site)["code"], mesh.url)
    return EventStore(data / "kazasu.db"), TerminalConfig.load(data).terminal_id


def feed(mesh, site="site-a"):
    return served_feed(mesh.storage, site)


def test_redact_by_ids_erases_the_payload_and_keeps_the_receipt(store):
    events = add(store, 3)
    store.mark_acknowledged([events[0].id])
    before = store.status()
    red = store.redact(event_ids=[events[0].id, events[1].id], reason="本人の申出 / request",
                       staff="s", site="site-a", terminal="term-1")
    assert red.kind == "sync.redaction"
    assert red.payload == {"reason": "本人の申出 / request", "event_ids": [events[0].id, events[1].id],
                           "role": "admin"}  # the command line's role (store.staff_role)
    for event in events[:2]:
        back = store.get(event.id)
        assert back.payload == {} and back.redacted
        assert (back.id, back.kind, back.site, back.created_at) == (
            event.id, event.kind, event.site, event.created_at)
    assert store.get(events[2].id).payload == events[2].payload and not store.get(events[2].id).redacted
    raw = store.db.execute("SELECT payload, erased_by FROM events WHERE id = ?", [events[0].id]).fetchone()
    assert raw == (b"", f"redaction:{red.id}")
    # the receipts keep their delivery state; the redaction itself is one more pending event
    assert store.status() == {**before, "pending": before["pending"] + 1, "total": before["total"] + 1}
    assert store.get(red.id).payload["event_ids"] and not store.get(red.id).redacted


def test_redact_by_prefix_covers_what_this_terminal_has_seen_of_the_site(store):
    shelter = add(store, 2)
    library = add(store, 1, kind="library.loaned")
    other_site = add(store, 1, site="site-b")
    red = store.redact(kind_prefix="shelter.", reason="避難所閉鎖 / shelter closed", staff="s",
                       site="site-a", terminal="term-1")
    later = add(store, 1)
    assert all(store.get(e.id).redacted for e in shelter)
    for event in library + other_site + later:
        assert store.get(event.id).payload == event.payload
    assert store.get(red.id).payload == {"reason": "避難所閉鎖 / shelter closed", "kind_prefix": "shelter.",
                                         "seen": {"feed": 0, "terminals": {}},  # nothing pulled: its own only
                                         "role": "admin"}


def test_bad_targets_are_refused_and_nothing_is_written(store):
    add(store, 1)
    for kwargs in [{}, {"event_ids": ["x"]}, {"kind_prefix": "sync."}, {"event_ids": [],},
                   {"kind_prefix": "shelter.", "event_ids": [add(store, 1)[0].id]}]:
        with pytest.raises(EventValidationError):
            store.redact(**kwargs, reason="r", staff="s", site="site-a", terminal="term-1")
    with pytest.raises(EventValidationError):
        store.redact(kind_prefix="shelter.", reason=" ", staff="s", site="site-a", terminal="term-1")
    assert store.status()["total"] == 2


def test_seen_terminals_must_map_terminal_ids_to_event_ids():
    good = {"reason": "r", "kind_prefix": "shelter.", "seen": {"feed": 3, "terminals": {
        "term-2": "01a2497a-af1e-77a1-ab77-a07f54419f50"}}}
    assert redaction.parse(good).seen_terminals == (("term-2", "01a2497a-af1e-77a1-ab77-a07f54419f50"),)
    assert redaction.parse(good).to_payload() == good
    for seen in [{"terminals": {}}, {"feed": 3, "terminals": []}, {"feed": 3, "terminals": {"t": "x"}},
                 {"feed": 3, "terminals": {"": "01a2497a-af1e-77a1-ab77-a07f54419f50"}},
                 {"feed": 3, "other": 1}]:
        with pytest.raises(EventValidationError):
            redaction.parse({**good, "seen": seen})


def test_site_and_terminal_come_from_terminal_json(tmp_path):
    config = TerminalConfig.load(tmp_path)
    config.site = "site-a"
    config.save()
    store = EventStore(tmp_path / "kazasu.db")
    event = add(store, 1, terminal=config.terminal_id)[0]
    red = store.redact(event_ids=[event.id], reason="r", staff="s")
    assert (red.site, red.terminal) == ("site-a", config.terminal_id)
    store.close()


def test_a_pulled_redaction_erases_what_its_writer_had_seen(store, tmp_path):
    """The closing terminal (term-2) had seen `mine` at feed position 1 and its own two events
    (fed at 2 and 3, before the redaction at 4); `unseen` was never fed to it: it stays."""
    mine, unseen = add(store, 2)
    other = EventStore(tmp_path / "other" / "kazasu.db")
    other.store_remote_events("site-a", [(1, mine)], cursor=1)
    theirs = add(other, 2, terminal="term-2")
    store.store_remote_events("site-a", list(enumerate(theirs, start=2)), cursor=3, own=[(1, mine)])
    red = other.redact(kind_prefix="shelter.", reason="閉鎖", staff="s", site="site-a",
                       terminal="term-2")
    assert red.payload["seen"] == {"feed": 1, "terminals": {"term-1": mine.id}}  # unseen came later
    assert other.get(theirs[0].id).redacted and other.remote_events("site-a")[0].redacted
    foreign = Event.create("shelter.checked_in", {"person": {"name": "他サイト"}}, site="site-b",
                           terminal="term-9", staff="s")
    store.store_remote_events("site-b", [(1, foreign)], cursor=1)
    store.store_remote_events("site-a", [(4, red)], cursor=4)
    assert store.get(mine.id).redacted
    assert store.get(unseen.id).payload == unseen.payload  # written where term-2 never saw it
    assert [e.redacted for e in store.remote_events("site-a")] == [True, True, False]
    assert store.remote_events("site-b")[0].payload == foreign.payload  # another site: untouched
    other.close()


def test_mesh_erases_its_site_and_the_chain_still_verifies(strict_mesh, tmp_path):
    store, term = enrolled(tmp_path, strict_mesh, "t1")
    events = add(store, 4, terminal=term)
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 4
        red = store.redact(event_ids=[events[1].id], reason="本人の申出", staff="s")
        assert client.sync_once()["accepted"] == 1
    served = {e["id"]: e for e in feed(strict_mesh)}
    assert served[events[1].id]["payload"] == {} and served[events[1].id]["redacted"] is True
    assert served[events[0].id]["payload"] == events[0].payload
    assert served[red.id]["payload"]["event_ids"] == [events[1].id]  # other terminals will pull it
    chain = strict_mesh.storage.terminal_events(term)
    key = TerminalIdentity.load(tmp_path / "t1").private_key.public_key()
    assert [e.redacted for e in chain] == [False, True, False, False, False]
    assert verify_chain(chain, key) == []
    edited = dataclasses.replace(chain[2], payload={"person": {"name": "改ざん"}})
    assert verify_chain([*chain[:2], edited, *chain[3:]], key) == [
        {"id": chain[2].id, "seq": 3, "problem": "bad_signature"},
        {"id": chain[3].id, "seq": 4, "problem": "broken_link"}]
    store.close()


def test_a_redaction_never_touches_another_site(strict_mesh, tmp_path):
    store_a, term_a = enrolled(tmp_path, strict_mesh, "a", site="site-a")
    store_b, term_b = enrolled(tmp_path, strict_mesh, "b", site="site-b")
    b_event = add(store_b, 1, site="site-b", terminal=term_b)[0]
    a_event = add(store_a, 1, terminal=term_a)[0]
    with SyncClient(store_b, strict_mesh.url) as client:
        client.sync_once()
    store_a.redact(event_ids=[b_event.id, a_event.id], reason="r", staff="s")
    store_a.redact(kind_prefix="shelter.", reason="r", staff="s")
    with SyncClient(store_a, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 3
    assert feed(strict_mesh, "site-b")[0]["payload"] == b_event.payload
    assert {e["id"]: e["payload"] for e in feed(strict_mesh)}[a_event.id] == {}
    store_a.close()
    store_b.close()


def test_redacted_before_sync_is_accepted_and_late_arrivals_are_erased(strict_mesh, tmp_path):
    """Listed ids are erased also when they arrive after the redaction (a terminal that was offline);
    a prefix close covers only what its writer had seen, so b's unseen check-in stays."""
    store_a, term_a = enrolled(tmp_path, strict_mesh, "a")
    store_b, term_b = enrolled(tmp_path, strict_mesh, "b")
    late, unseen = add(store_b, 2, terminal=term_b)  # b is offline while a closes the shelter
    early = add(store_a, 2, terminal=term_a)
    store_a.redact(event_ids=[early[0].id, late.id], reason="誤登録", staff="s")  # never sent in clear
    store_a.redact(kind_prefix="shelter.", reason="閉鎖", staff="s")
    with SyncClient(store_a, strict_mesh.url) as client:
        assert client.sync_once() == {"sent": 4, "accepted": 4, "duplicates": 0, "rejected": 0,
                                      "pending": 0}
    with SyncClient(store_b, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 2
        client.pull_feed("site-a", own_terminal=term_b)
    served = {e["id"]: e for e in feed(strict_mesh)}
    assert served[late.id]["payload"] == {} and served[early[1].id]["payload"] == {}
    assert served[unseen.id]["payload"] == unseen.payload
    assert store_b.get(late.id).redacted  # b erased its own copy when it pulled the redaction
    assert store_b.get(unseen.id).payload == unseen.payload
    assert verify_chain(strict_mesh.storage.terminal_events(term_a),
                        TerminalIdentity.load(tmp_path / "a").private_key.public_key()) == []
    store_a.close()
    store_b.close()


def test_a_close_reaching_the_mesh_before_what_it_covers_erases_it_on_arrival(strict_mesh, tmp_path):
    """a held b's first check-in from another feed (a node's: position 1 there), closed, and reached
    the mesh first; when b's events arrive, the one a held is erased and the one it never saw stays."""
    store_a, term_a = enrolled(tmp_path, strict_mesh, "a")
    store_b, term_b = enrolled(tmp_path, strict_mesh, "b")
    held, unseen = add(store_b, 2, terminal=term_b)
    store_a.store_remote_events("site-a", [(1, held)], cursor=1)
    red = store_a.redact(kind_prefix="shelter.", reason="閉鎖", staff="s")
    assert red.payload["seen"] == {"feed": 1, "terminals": {term_b: held.id}}
    with SyncClient(store_a, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 1
    with SyncClient(store_b, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 2
    served = {e["id"]: e for e in feed(strict_mesh)}
    assert served[held.id]["payload"] == {}
    assert served[unseen.id]["payload"] == unseen.payload
    store_a.close()
    store_b.close()


def test_a_malformed_redaction_is_rejected(strict_mesh, tmp_path):
    store, term = enrolled(tmp_path, strict_mesh, "t1")
    store.append("sync.redaction", {"reason": "r", "kind_prefix": "Shelter"}, site="site-a",
                 terminal=term, staff="s")
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once()["rejected"] == 1
    assert store.last_error(store.pending(1)[0].id)[1].startswith("invalid redaction:")
    store.close()


def test_a_version_1_chain_is_accepted_and_continues_in_version_2(strict_mesh, tmp_path):
    store, term = enrolled(tmp_path, strict_mesh, "t1")
    identity = TerminalIdentity.load(tmp_path / "t1")
    old: list[Event] = []
    prev = "0" * 64
    for seq in (1, 2):  # what a terminal one version behind sends
        body = Event.create("shelter.checked_in", {"person": {"name": f"旧{seq}"}}, site="site-a",
                            terminal=term, staff="s").body()
        auth, prev = identity.sign(body, seq, prev, version=1)
        assert "v" not in auth
        old.append(Event(**body, auth=auth))
    answer = signed_post(strict_mesh.url, identity, [e.to_dict() for e in old])
    assert [r["status"] for r in answer] == ["accepted", "accepted"]
    body = Event.create("shelter.checked_in", {"person": {"name": "新"}}, site="site-a",
                        terminal=term, staff="s").body()
    auth, _ = identity.sign(body, 3, entry_hash(old[-1]))
    assert auth["v"] == 2
    answer = signed_post(strict_mesh.url, identity, [Event(**body, auth=auth).to_dict()])
    assert answer[0]["status"] == "accepted"
    chain = strict_mesh.storage.terminal_events(term)
    assert [e.auth.get("v", 1) for e in chain] == [1, 1, 2]
    assert verify_chain(chain, identity.private_key.public_key()) == []
    assert [e.payload for e in chain[:2]] == [e.payload for e in old]
    store.close()


def test_a_pending_version_1_event_is_erased_once_the_mesh_has_it(strict_mesh, tmp_path):
    """An event signed before the upgrade (version 1 signs the payload itself) and still pending when
    a redaction covers it keeps its payload until the mesh acknowledged it: sent erased, it could not
    be verified and would block the terminal's chain."""
    store, term = enrolled(tmp_path, strict_mesh, "t1")
    identity = TerminalIdentity.load(tmp_path / "t1")
    old = add(store, 1, terminal=term)[0]
    auth, entry = identity.sign(old.body(), 1, "0" * 64, version=1)  # as the old terminal wrote it
    store.db.execute("UPDATE events SET signature = ?, sig_version = 1, chain_hash = ? WHERE id = ?",
                     [auth["signature"], entry, old.id])
    store.db.conn.commit()
    red = store.redact(event_ids=[old.id], reason="本人の申出", staff="s")
    assert store.get(old.id).payload == old.payload and "v" not in store.get(old.id).auth
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once() == {"sent": 2, "accepted": 2, "duplicates": 0, "rejected": 0,
                                      "pending": 0}
    back = store.get(old.id)
    assert back.redacted and back.payload == {}  # erased as soon as it was acknowledged
    served = {e["id"]: e for e in feed(strict_mesh)}
    assert served[old.id]["payload"] == {} and served[red.id]["auth"]["v"] == 2
    assert verify_chain(strict_mesh.storage.terminal_events(term), identity.private_key.public_key()) \
        == [{"id": old.id, "seq": 1, "problem": "redacted_v1"}]  # erased v1: no longer checkable
    store.close()
