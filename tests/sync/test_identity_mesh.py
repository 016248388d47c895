"""Enrolment, signed sync, and the mesh's refusals (unsigned, forged, gap, replay, revoked), on both
backends, through a real mesh on loopback that requires signatures (allow_unsigned=False)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import httpx
import pytest

from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.errors import EnrolmentError, MeshResponseError
from sync.events import Event
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.signing import TerminalIdentity
from sync.store import EventStore
from sync.terminal import TerminalConfig

from .credentials import signed_post, terminal_http


@pytest.fixture
def strict_mesh(mesh_db_url):
    mesh = EmbeddedMesh(mesh_db_url, allow_unsigned=False).start()
    mesh.storage = open_storage(mesh_db_url)  # the staff-IT side: codes and revocation
    yield mesh
    mesh.storage.close()
    mesh.stop()


def code_for(mesh, site="site-a", **kw):
    return registry.issue_code(mesh.storage, site, **kw)["code"]


def post(mesh, events, *, as_terminal):
    """POST a batch signed as the terminal of the data folder `as_terminal`."""
    return signed_post(mesh.url, as_terminal, events)


def enrolled_terminal(tmp_path, mesh, name="t1"):
    data = tmp_path / name
    result = enroll_terminal(data, code_for(mesh), mesh.url)
    return data, result, EventStore(data / "kazasu.db")


def add(store, terminal, n, site="site-a"):
    return [store.append("shelter.checked_in", {"person": {"name": f"名{i}"}}, site=site,
                         terminal=terminal, staff="s") for i in range(n)]


def test_enrol_then_signed_events_are_accepted(strict_mesh, tmp_path):
    data, result, store = enrolled_terminal(tmp_path, strict_mesh)
    config = TerminalConfig.load(data)
    assert result["terminal_id"] == config.terminal_id and result["site"] == "site-a"
    assert (config.site, config.mesh_url) == ("site-a", strict_mesh.url)
    assert TerminalIdentity.path(data).stat().st_mode & 0o777 == 0o600
    add(store, config.terminal_id, 12)
    with SyncClient(store, strict_mesh.url, batch_size=5) as client:
        assert client.sync_once() == {"sent": 12, "accepted": 12, "duplicates": 0, "rejected": 0,
                                      "pending": 0}
    with terminal_http(data) as http:  # the terminal reads its own site's feed
        feed = http.get(f"{strict_mesh.url}/v1/sites/site-a/events").json()["events"]
    assert [e["auth"]["seq"] for e in feed] == list(range(1, 13))  # stored with the envelope
    terminals = registry.list_terminals(strict_mesh.storage)
    assert [(t["terminal_id"], t["last_seq"]) for t in terminals] == [(config.terminal_id, 12)]
    store.close()


def test_code_is_single_use_and_expires(strict_mesh, tmp_path):
    code = code_for(strict_mesh)
    enroll_terminal(tmp_path / "a", code, strict_mesh.url)
    with pytest.raises(EnrolmentError) as used:
        enroll_terminal(tmp_path / "b", code, strict_mesh.url)
    assert used.value.code == "enrolment_code_invalid" and used.value.details()["reason"] == "used"
    assert code not in used.value.message_en
    with pytest.raises(EnrolmentError) as unknown:
        enroll_terminal(tmp_path / "b", "AAAA-BBBB-CCCC", strict_mesh.url)
    assert unknown.value.details()["reason"] == "unknown"
    expired = code_for(strict_mesh, ttl=timedelta(seconds=-1))
    with pytest.raises(EnrolmentError) as late:
        enroll_terminal(tmp_path / "b", expired, strict_mesh.url)
    assert late.value.details()["reason"] == "expired"
    assert not TerminalIdentity.path(tmp_path / "b").exists()  # no key kept for a refused enrolment
    # the same terminal id cannot be taken over with another key; the code stays usable
    spare = code_for(strict_mesh)
    hijack = httpx.post(strict_mesh.url + "/v1/terminals/enroll", json={
        "code": spare, "terminal_id": TerminalConfig.load(tmp_path / "a").terminal_id,
        "public_key": TerminalIdentity.generate("x").public_key_b64()})
    assert hijack.status_code == 409 and hijack.json()["error"]["code"] == "terminal_already_enrolled"
    enroll_terminal(tmp_path / "c", spare, strict_mesh.url)


def test_unsigned_events_need_the_flag(strict_mesh, mesh_db_url, tmp_path):
    plain = Event.create("shelter.checked_in", {}, site="site-a", terminal="term-x", staff="s")
    anonymous = httpx.post(strict_mesh.url + "/v1/events/batch", json={"events": [plain.to_dict()]})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "credentials_required"
    data, result, store = enrolled_terminal(tmp_path, strict_mesh)
    own = Event.create("shelter.checked_in", {}, site="site-a", terminal=result["terminal_id"],
                       staff="s")
    [refused] = post(strict_mesh, [own.to_dict()], as_terminal=data)
    assert refused["status"] == "rejected" and "unsigned" in refused["reason"]
    with EmbeddedMesh(mesh_db_url, allow_unsigned=True) as lenient:  # the demo rule
        response = httpx.post(lenient.url + "/v1/events/batch", json={"events": [plain.to_dict()]})
        assert response.json()["results"][0]["status"] == "accepted"
    store.close()


def test_forged_unsigned_gap_replay_wrong_site_and_unknown_are_rejected(strict_mesh, tmp_path):
    data, result, store = enrolled_terminal(tmp_path, strict_mesh)
    me = result["terminal_id"]
    events = add(store, me, 4)
    wire = [e.to_dict() for e in events]
    forged = {**wire[0], "payload": {"person": {"name": "偽物"}}}
    unsigned = Event.create("shelter.checked_in", {}, site="site-a", terminal=me, staff="s")
    gap = wire[2]  # position 3 before 2
    outcome = post(strict_mesh, [forged, unsigned.to_dict(), gap], as_terminal=data)
    reasons = [r.get("reason", "") for r in outcome]
    assert [r["status"] for r in outcome] == ["rejected"] * 3
    assert "bad signature" in reasons[0] and "unsigned" in reasons[1] and "gap" in reasons[2]
    assert [r["status"] for r in post(strict_mesh, wire[:2], as_terminal=data)] == ["accepted",
                                                                                    "accepted"]
    # a different event signed at an already used position: replay / fork
    identity = TerminalIdentity.load(data)
    body = Event.create("shelter.checked_in", {}, site="site-a", terminal=me, staff="s").body()
    auth, _ = identity.sign(body, 2, events[0].auth["prev_hash"])
    [replay] = post(strict_mesh, [{**body, "auth": auth}], as_terminal=data)
    assert replay["status"] == "rejected" and "already taken" in replay["reason"]
    # right position, wrong predecessor
    auth, _ = identity.sign(body, 3, "e" * 64)
    assert "chain broken" in post(strict_mesh, [{**body, "auth": auth}], as_terminal=data)[0]["reason"]
    # signed for another site than the enrolment
    other_site = dataclasses.replace(events[2], site="site-z", auth=None).body()
    auth, _ = identity.sign(other_site, 3, "0" * 64)  # the site is checked first
    assert "site" in post(strict_mesh, [{**other_site, "auth": auth}], as_terminal=data)[0]["reason"]
    stranger = TerminalIdentity.generate("term-stranger")
    sbody = Event.create("shelter.checked_in", {}, site="site-a", terminal="term-stranger",
                         staff="s").body()
    sauth, _ = stranger.sign(sbody, 1, "0" * 64)
    relayed = post(strict_mesh, [{**sbody, "auth": sauth}], as_terminal=data)[0]  # not its own
    assert relayed["status"] == "rejected" and "only its own events" in relayed["reason"]
    with terminal_http(stranger) as http:  # the stranger itself is no terminal of this mesh
        unknown = http.post(strict_mesh.url + "/v1/events/batch",
                            json={"events": [{**sbody, "auth": sauth}]})
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "terminal_unknown"
    # the real chain continues undisturbed, and the same events again are duplicates
    assert [r["status"] for r in post(strict_mesh, wire[2:], as_terminal=data)] == ["accepted",
                                                                                    "accepted"]
    [again] = post(strict_mesh, [wire[0]], as_terminal=data)
    assert again["status"] == "duplicate"
    [forged_again] = post(strict_mesh, [forged], as_terminal=data)  # same id, other payload
    assert forged_again["status"] == "rejected" and "bad signature" in forged_again["reason"]
    assert strict_mesh.storage.stats()["events"] == 4
    store.close()


def test_revoked_terminal_is_refused(strict_mesh, tmp_path):
    data, result, store = enrolled_terminal(tmp_path, strict_mesh)
    add(store, result["terminal_id"], 2)
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 2
        revoked = registry.revoke(strict_mesh.storage, result["terminal_id"])
        assert revoked["revoked_at"] and revoked["last_seq"] == 2
        add(store, result["terminal_id"], 1)
        with pytest.raises(MeshResponseError) as refused:  # refused at once, on every request
            client.sync_once()
    assert refused.value.status == 403 and refused.value.body_code == "terminal_revoked"
    assert "revoked" in refused.value.message_en and "失効" in refused.value.message_ja
    assert store.status()["pending"] == 1  # kept on the terminal
    with pytest.raises(EnrolmentError) as again:  # a revoked id cannot come back with a new key
        enroll_terminal(data, code_for(strict_mesh), strict_mesh.url)
    assert again.value.code == "terminal_revoked"
    with pytest.raises(EnrolmentError) as missing:
        registry.revoke(strict_mesh.storage, "term-nobody")
    assert missing.value.code == "terminal_not_found"
    store.close()


def test_events_queued_before_enrolment_sync_after_it(strict_mesh, tmp_path):
    data = tmp_path / "t"
    terminal_id = TerminalConfig.load(data).terminal_id
    early = EventStore(data / "kazasu.db")
    add(early, terminal_id, 3)
    early.close()
    assert enroll_terminal(data, code_for(strict_mesh), strict_mesh.url)["signed_pending"] == 3
    store = EventStore(data / "kazasu.db")
    add(store, terminal_id, 2)
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once()["accepted"] == 5
    store.close()
