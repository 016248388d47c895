"""The mesh as a trust boundary (issue 15), attack by attack, on SQLite and on PostgreSQL, against a mesh
that runs the real rule (EmbeddedMesh(allow_unsigned=False), the same app and server as `kazasu mesh
serve`). Each test is an attack from the issue, done as the attacker would, then what must hold.
What only shows in a separate process (plain `mesh serve`, TLS, slow headers, the file limit, memory)
is in test_mesh_deployed.py."""

from __future__ import annotations

import contextlib
import json
import time

import httpx
import pytest

from sync import redaction
from sync.bundle import read_bundle, write_bundle
from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.errors import EventValidationError, MeshResponseError
from sync.events import Event
from sync.mesh import operators, registry
from sync.mesh import verify as verify_module
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.mesh.exceptions import list_exceptions, list_overflow
from sync.mesh.ingest import conflicts_of
from sync.mesh.limits import Limits
from sync.mesh.storage import FEED_LOCK
from sync.request_auth import HEADER_TIME, TerminalAuth
from sync.signing import GENESIS_HASH, TerminalIdentity
from sync.store import EventStore
from sync.terminal import TerminalConfig

from .credentials import operator_headers, served_feed, signed_post, terminal_http

RESIDENT = {"person": {"name": "見本　秘子", "address": "見本県架空市1-2-3", "birth_date": "1950-01-02",
                       "needs": ["wheelchair"], "do_not_disclose": True}}


@contextlib.contextmanager
def strict_mesh(db_url: str, limits: Limits | None = None):
    mesh = EmbeddedMesh(db_url, allow_unsigned=False, **({"limits": limits} if limits else {}))
    mesh.start()
    mesh.storage = open_storage(db_url)  # the mesh host's own tools: codes, revocation, operators
    try:
        yield mesh
    finally:
        mesh.storage.close()
        mesh.stop()


@pytest.fixture
def strict(mesh_db_url):
    with strict_mesh(mesh_db_url) as mesh:
        yield mesh


class Terminal:
    """An enrolled terminal: its data folder, store and id."""

    def __init__(self, tmp_path, mesh, name: str, site: str = "site-a") -> None:
        self.data = tmp_path / name
        enroll_terminal(self.data, registry.issue_code(mesh.storage, site)["code"], mesh.url)
        self.id, self.site = TerminalConfig.load(self.data).terminal_id, site
        self.store = EventStore(self.data / "kazasu.db")
        self.identity = TerminalIdentity.load(self.data)

    def add(self, n: int, payload: dict | None = None, kind: str = "shelter.checked_in") -> list[Event]:
        return [self.store.append(kind, payload or {"person": {"name": f"見本{i}"}}, site=self.site,
                                  terminal=self.id, staff="s") for i in range(n)]

    def signed(self, body: dict, seq: int, prev: str) -> dict:
        auth, _ = self.identity.sign(body, seq, prev)
        return {**body, "auth": auth}


def head(storage, terminal_id: str) -> tuple[int, str]:
    """The terminal's chain head on the mesh: (last seq, last chain hash)."""
    with storage.reading() as tx:
        record = registry.get_terminal(tx, terminal_id)
    return record.last_seq, record.last_hash


def leave_a_gap(terminal: "Terminal", client: SyncClient) -> str:
    """Send the terminal's second pending event without its first: a real rejection (chain gap)."""
    second = terminal.store.pending(10)[1]
    assert client.send_batch([second])["rejected"] == 1
    return second.id


def error_code(response: httpx.Response) -> str:
    error = response.json()["error"]
    assert error["message_ja"] and error["message_en"]
    return error["code"]


# -- every read is open -------------------------------------------------------------------------
def test_no_one_reads_a_site_without_the_right_credential(strict, tmp_path):
    """Before: the feed gave anyone every site's residents (also do-not-disclose ones), /v1/stats every
    site, /v1/exceptions ids and terminals."""
    a = Terminal(tmp_path, strict, "a", "site-a")
    b = Terminal(tmp_path, strict, "b", "site-b")
    a.add(1, RESIDENT)
    b_events = b.add(3)
    with SyncClient(a.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 1
    with SyncClient(b.store, strict.url) as client:
        assert client.send_batch(b_events[:1])["accepted"] == 1
        assert client.send_batch(b_events[2:])["rejected"] == 1  # a gap: one exception of site-b
    url = strict.url
    anonymous = [httpx.get(f"{url}/v1/sites/site-a/events"), httpx.get(f"{url}/v1/stats"),
                 httpx.get(f"{url}/v1/exceptions")]
    assert [(r.status_code, error_code(r)) for r in anonymous] == [(401, "credentials_required")] * 3
    assert all("見本" not in r.text for r in anonymous)

    with terminal_http(b.data) as as_b:
        other_site = as_b.get(f"{url}/v1/sites/site-a/events")
        own_site = as_b.get(f"{url}/v1/sites/site-b/events")
        assert (other_site.status_code, error_code(other_site)) == (403, "site_forbidden")
        assert "見本" not in other_site.text and own_site.status_code == 200
        for path in ("/v1/stats", "/v1/exceptions"):
            refused = as_b.get(url + path)
            assert (refused.status_code, error_code(refused)) == (403, "operator_required")

    site_a_it = operator_headers(strict.storage, ["site-a"], name="site-a IT")
    everyone = operator_headers(strict.storage, None, name="city IT")
    assert httpx.get(f"{url}/v1/stats", headers=site_a_it).json()["sites"] == {"site-a": 1}
    assert set(httpx.get(f"{url}/v1/stats", headers=everyone).json()["sites"]) == {"site-a", "site-b"}
    refused = httpx.get(f"{url}/v1/exceptions", params={"site": "site-b"}, headers=site_a_it)
    assert (refused.status_code, error_code(refused)) == (403, "site_forbidden")
    assert httpx.get(f"{url}/v1/exceptions", headers=site_a_it).json()["exceptions"] == []
    rows = httpx.get(f"{url}/v1/exceptions", headers=everyone).json()["exceptions"]
    assert {row["site"] for row in rows} == {"site-b"}
    feed_as_operator = httpx.get(f"{url}/v1/sites/site-a/events", headers=everyone)
    assert (feed_as_operator.status_code, error_code(feed_as_operator)) == (403, "terminal_required")

    [op] = [o for o in operators.list_operators(strict.storage) if o["name"] == "site-a IT"]
    operators.revoke_operator(strict.storage, op["operator_id"])
    gone = httpx.get(f"{url}/v1/stats", headers=site_a_it)
    assert (gone.status_code, error_code(gone)) == (401, "operator_token_invalid")
    bogus = httpx.get(f"{url}/v1/stats", headers={"Authorization": "Bearer kzo_guessed"})
    assert bogus.status_code == 401
    a.store.close()
    b.store.close()


def test_the_openapi_declares_who_may_call_what(strict):
    spec = httpx.get(strict.url + "/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["terminalSignature"] == {**schemes["terminalSignature"], "type": "apiKey",
                                            "in": "header", "name": "X-Kazasu-Signature"}
    assert schemes["operatorToken"]["type"] == "http" and schemes["operatorToken"]["scheme"] == "bearer"
    security = {(path, method): [name for entry in op.get("security", []) for name in entry]
                for path, ops in spec["paths"].items() for method, op in ops.items()}
    assert security == {("/v1/events/batch", "post"): ["terminalSignature"],
                        ("/v1/sites/{site}/events", "get"): ["terminalSignature"],
                        ("/v1/sites/{site}/stream", "get"): ["terminalSignature"],
                        ("/v1/sites/{site}/terminals", "get"): ["terminalSignature"],
                        ("/v1/publications", "get"): ["terminalSignature"],
                        ("/v1/prereg/keys", "get"): ["terminalSignature"],
                        ("/v1/exceptions", "get"): ["operatorToken"],
                        ("/v1/stats", "get"): ["operatorToken"],
                        ("/v1/terminals/enroll", "post"): [], ("/v1/health", "get"): []}


# -- writes are open by default -----------------------------------------------------------------
def test_an_outsider_cannot_erase_a_site(strict, tmp_path):
    """Before: an unsigned `sync.redaction` with kind_prefix "shelter." erased a whole site's shelter
    data on the mesh (and on every terminal that pulled it). Now: no credential, no write; an enrolled
    terminal of ANOTHER site, or a signed-in role that may not erase, is refused too."""
    a = Terminal(tmp_path, strict, "a", "site-a")
    outsider_site = Terminal(tmp_path, strict, "z", "site-z")
    a.add(3, RESIDENT)
    with SyncClient(a.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 3
    wipe = {"reason": "x", "kind_prefix": "shelter.", "role": "admin"}
    unsigned = Event.create(redaction.KIND, wipe, site="site-a", terminal="term-attacker", staff="x")
    response = httpx.post(strict.url + "/v1/events/batch", json={"events": [unsigned.to_dict()]})
    assert (response.status_code, error_code(response)) == (401, "credentials_required")
    # signed by an enrolled terminal, but of another site
    body = Event.create(redaction.KIND, wipe, site="site-a", terminal=outsider_site.id, staff="x").body()
    [foreign] = signed_post(strict.url, outsider_site.data, [outsider_site.signed(body, 1, GENESIS_HASH)])
    assert foreign["status"] == "rejected" and "site" in foreign["reason"]
    # a terminal of the site, signed, but for a volunteer (or with no role at all)
    for role in ("volunteer", None):
        payload = {k: v for k, v in {**wipe, "role": role}.items() if v is not None}
        body = Event.create(redaction.KIND, payload, site="site-a", terminal=a.id, staff="v").body()
        last = head(strict.storage, a.id)
        [refused] = signed_post(strict.url, a.data, [a.signed(body, last[0] + 1, last[1])])
        assert refused["status"] == "rejected" and "may not erase" in refused["reason"]
    assert [e["payload"] for e in served_feed(strict.storage, "site-a")] == [RESIDENT] * 3
    with pytest.raises(EventValidationError):  # the terminal does not even write it for a volunteer
        a.store.redact(kind_prefix="shelter.", reason="r", staff="v", role="volunteer")
    a.store.redact(kind_prefix="shelter.", reason="閉鎖", staff="s", role="staff")
    with SyncClient(a.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 1
    assert [e["payload"] for e in served_feed(strict.storage, "site-a")][:3] == [{}] * 3
    a.store.close()
    outsider_site.store.close()


# -- an event id can be taken over ----------------------------------------------------------------
def test_an_event_id_belongs_to_its_writer(strict, tmp_path):
    """Before: the mesh answered `duplicate` by id alone, so junk posted first under another terminal's
    ids made the owner mark its events acknowledged while they never reached the mesh. Now the owner
    is told `conflict`, keeps the events pending, the mesh keeps them aside whole, staff see it, and
    the owner's chain goes on."""
    owner = Terminal(tmp_path, strict, "owner")
    squatter = Terminal(tmp_path, strict, "squatter")
    mine = owner.add(4, RESIDENT)  # written while offline; two of the ids leak to the squatter
    stolen = [mine[1].id, mine[2].id]
    junk = []
    prev = GENESIS_HASH
    for seq, event_id in enumerate(stolen, start=1):
        body = {**Event.create("shelter.checked_in", {"junk": True}, site="site-a",
                               terminal=squatter.id, staff="x").body(), "id": event_id}
        auth, prev = squatter.identity.sign(body, seq, prev)
        junk.append({**body, "auth": auth})
    assert [r["status"] for r in signed_post(strict.url, squatter.data, junk)] == ["accepted"] * 2
    # it cannot write AS the owner either
    forged = {**mine[3].to_dict(), "payload": {"junk": True}}
    [as_owner] = signed_post(strict.url, squatter.data, [forged])
    assert as_owner["status"] == "rejected" and "only its own events" in as_owner["reason"]

    with SyncClient(owner.store, strict.url) as client:
        first = client.sync_once()
        again = client.sync_once()
    assert first == {"sent": 4, "accepted": 2, "duplicates": 0, "rejected": 2, "pending": 2}
    assert again == {"sent": 2, "accepted": 0, "duplicates": 0, "rejected": 2, "pending": 2}
    for event_id in stolen:
        assert owner.store.last_error(event_id)[1].startswith("conflict:")
    assert {e.id for e in owner.store.pending(10)} == set(stolen)
    kept = conflicts_of(strict.storage, "site-a")
    assert [(c["id"], c["terminal"], c["payload"], c["held_by"]) for c in kept] == [
        (event_id, owner.id, RESIDENT, squatter.id) for event_id in stolen]  # nothing lost, once
    rows = list_exceptions(strict.storage, "site-a")
    owners = [r for r in rows if r["terminal"] == owner.id]
    assert {r["event_id"] for r in owners} == set(stolen)
    assert all(r["reason"].startswith("conflict:") and r["times_seen"] == 2 for r in owners)
    [filed] = [r for r in rows if r["terminal"] == squatter.id]  # its forgery, under its own name
    assert filed["event_id"] == mine[3].id and "only its own events" in filed["reason"]
    # the owner's chain went on: a new event after the conflicting ones is accepted
    owner.add(1)
    with SyncClient(owner.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 1
    owner.store.close()
    squatter.store.close()


# -- replay, tampering, clocks, revocation --------------------------------------------------------
def test_a_signed_request_cannot_be_replayed_altered_or_kept(strict, tmp_path):
    a = Terminal(tmp_path, strict, "a")
    events = a.add(2)
    auth = TerminalAuth(a.identity)
    request = httpx.Request("POST", strict.url + "/v1/events/batch",
                            json={"events": [events[0].to_dict()]})
    auth.sign(request)
    with httpx.Client() as http:
        assert http.send(request).json()["results"][0]["status"] == "accepted"
        replay = http.send(request)
        assert (replay.status_code, error_code(replay)) == (401, "request_replayed")
        same_headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        altered = httpx.Request("POST", request.url, headers=same_headers,
                                json={"events": [events[1].to_dict()]})
        tampered = http.send(altered)
        assert (tampered.status_code, error_code(tampered)) == (401, "request_signature_invalid")
        late = TerminalAuth(a.identity, clock=lambda: time.time() - 3600)
        stale = httpx.Request("GET", strict.url + "/v1/sites/site-a/events")
        late.sign(stale)
        old = http.send(stale)
        assert (old.status_code, error_code(old)) == (401, "request_clock_skew")
        assert abs(int(old.headers[HEADER_TIME]) - time.time()) < 5
    # a terminal whose clock drifted an hour while offline corrects itself against the mesh, once
    sent = []
    with httpx.Client(auth=TerminalAuth(a.identity, clock=lambda: time.time() + 3600),
                      event_hooks={"request": [sent.append]}) as drifted:
        with SyncClient(a.store, strict.url, http=drifted) as client:
            assert client.sync_once()["accepted"] == 1
            assert client.pull_feed("site-a", own_terminal=a.id)["cursor"] == 2
    # the protocol check once (GET /v1/health, open to all), the first batch twice (refused, then
    # corrected), the feed once
    assert len(sent) == 4 and sent[0].url.path == "/v1/health"
    assert strict.storage.stats()["events"] == 2
    a.store.close()


def test_a_terminal_revoked_mid_sync_is_refused_at_once_and_loses_nothing(strict, tmp_path):
    a = Terminal(tmp_path, strict, "a")
    queued = a.add(120, RESIDENT)
    answers = []

    def revoke_after_two(response: httpx.Response) -> None:
        if response.request.method != "POST":
            return   # the client's one protocol check (GET /v1/health, sync.protocol) is not a batch
        answers.append(response.status_code)
        if len(answers) == 2:  # between two batches, while the terminal is still sending
            registry.revoke(strict.storage, a.id)

    with terminal_http(a.data, event_hooks={"response": [revoke_after_two]}) as http:
        with SyncClient(a.store, strict.url, batch_size=20, http=http) as client:
            with pytest.raises(MeshResponseError) as refused:
                client.sync_once()
            assert refused.value.body_code == "terminal_revoked"
            with pytest.raises(MeshResponseError):
                client.pull_feed("site-a")  # reads are refused too
    on_mesh = {e["id"] for e in served_feed(strict.storage, "site-a")}
    states = {e["id"]: e["state"] for e in a.store.event_states(recent=1000, limit=1000)}
    acknowledged = {i for i, state in states.items() if state == "acknowledged"}
    pending = {e.id for e in a.store.pending(1000)}
    assert acknowledged == on_mesh and len(on_mesh) == 40  # two batches in, then refused at once
    assert pending | acknowledged == {e.id for e in queued} and not pending & acknowledged
    bundle = tmp_path / "carry.json"
    write_bundle(a.store, bundle, terminal=a.id, site="site-a")  # IT decides: nothing is lost
    assert {e.id for e in read_bundle(bundle).events} == pending
    a.store.close()


# -- memory, depth, pages, exception list ---------------------------------------------------------
def test_request_bodies_events_and_depth_are_bounded(strict, tmp_path):
    """Before: a 300 MB body was read whole without credentials; a payload nested 255-989 deep was
    stored and every feed read of its site answered 500 from then on."""
    url = strict.url + "/v1/events/batch"
    big = httpx.post(url, content=b" " * (9 * 1024 * 1024), headers={"content-type": "application/json"})
    assert (big.status_code, error_code(big)) == (413, "request_too_large")

    def chunks():  # no Content-Length: refused once 8 MiB have arrived, the rest is never read
        for _ in range(40):
            yield b" " * (1024 * 1024)

    streamed = httpx.post(url, content=chunks(), headers={"content-type": "application/json"})
    assert (streamed.status_code, error_code(streamed)) == (413, "request_too_large")
    bomb = httpx.post(url, content=b'{"events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
                      headers={"content-type": "application/json"})
    assert 400 <= bomb.status_code < 500 and error_code(bomb)

    a = Terminal(tmp_path, strict, "a")

    def nested(depth: int) -> dict:
        value: dict = {}
        for _ in range(depth - 1):
            value = {"n": value}
        return value

    deep, fine, huge = a.add(1, nested(33)), a.add(1, nested(32)), a.add(1, {"blob": "x" * 300_000})
    with SyncClient(a.store, strict.url) as client:
        outcome = client.sync_once()
    assert outcome["rejected"] == 3  # deep and huge refused; the 32-deep one waits behind the gap
    assert a.store.last_error(deep[0].id)[1] == "payload nested deeper than 32 levels"
    assert a.store.last_error(huge[0].id)[1] == "payload larger than 262144 bytes"
    assert "gap" in a.store.last_error(fine[0].id)[1]
    with terminal_http(a.data) as http:
        page = http.get(f"{strict.url}/v1/sites/site-a/events")
    assert page.status_code == 200 and page.json()["events"] == []
    a.store.close()


def test_feed_pages_are_bounded_by_bytes(mesh_db_url, tmp_path):
    """Before: a page was bounded by count only (8 pages of 95 MiB at once: 1.4 GiB)."""
    with strict_mesh(mesh_db_url, Limits(feed_max_bytes=64 * 1024)) as mesh:
        a = Terminal(tmp_path, mesh, "a")
        events = a.add(30, {"blob": "あ" * 5000})  # 15,000 bytes of payload each
        with SyncClient(a.store, mesh.url) as client:
            assert client.sync_once()["accepted"] == 30
        pages, seen, cursor = 0, [], 0
        with terminal_http(a.data) as http:
            for _ in range(30):
                response = http.get(f"{mesh.url}/v1/sites/site-a/events",
                                    params={"after": cursor, "limit": 1000})
                page = response.json()
                assert len(response.content) < 64 * 1024 + 30 * 1024
                pages += 1
                seen += [e["id"] for e in page["events"]]
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
        assert seen == [e.id for e in events] and pages == 8  # 4 events (60,000 bytes) a page
        a.store.close()


def test_junk_rejections_never_push_a_real_one_out_of_sight(mesh_db_url, tmp_path):
    """Before: 50,000 junk rejections pushed the real one out of the exception list."""
    with strict_mesh(mesh_db_url, Limits(exceptions_per_terminal=25)) as mesh:
        real = Terminal(tmp_path, mesh, "real")
        noisy = Terminal(tmp_path, mesh, "noisy")
        real.add(2)
        with SyncClient(real.store, mesh.url) as client:
            leave_a_gap(real, client)
        junk = [Event.create("shelter.checked_in", {}, site="site-a", terminal=noisy.id,
                             staff="x").to_dict() for _ in range(600)]  # unsigned: all rejected
        for start in range(0, 600, 200):
            results = signed_post(mesh.url, noisy.data, junk[start:start + 200])
            assert {r["status"] for r in results} == {"rejected"}
        signed_post(mesh.url, noisy.data, junk[:10])  # offered again: counted, not new rows
        operator = operator_headers(mesh.storage, ["site-a"])
        listed = httpx.get(f"{mesh.url}/v1/exceptions", params={"limit": 10},
                           headers=operator).json()
        by_terminal = {}
        for row in listed["exceptions"]:
            by_terminal.setdefault(row["terminal"], []).append(row)
        assert len(by_terminal[noisy.id]) == 10 and len(by_terminal[real.id]) == 1
        assert "gap" in by_terminal[real.id][0]["reason"]
        assert len(list_exceptions(mesh.storage, limit=1000)) == 26  # 25 of noisy's, 1 real
        [overflow] = list_overflow(mesh.storage)
        assert (overflow["terminal"], overflow["dropped"]) == (noisy.id, 575)
        assert listed["overflow"] == [overflow]
        real.store.close()
        noisy.store.close()


# -- signature checks serialise the site ----------------------------------------------------------
def test_signatures_are_verified_outside_the_feed_lock(strict, tmp_path, monkeypatch):
    """Before: Ed25519 verification ran inside the global advisory lock (90 of 109 ms of a 500-event
    batch), so N mesh processes on one PostgreSQL could not verify in parallel."""
    a = Terminal(tmp_path, strict, "a")
    a.add(50)
    app_storage = strict._server.config.app.state.storage  # the one the app's routes use
    inside = {"lock": False}
    verified = {"inside": 0, "outside": 0}
    original = app_storage.transaction

    @contextlib.contextmanager
    def watched(*, lock=None):
        with original(lock=lock) as tx:
            inside["lock"] = lock == FEED_LOCK
            try:
                yield tx
            finally:
                inside["lock"] = False

    real_verify_all = verify_module.verify_all

    def counting(checks):
        verified["inside" if inside["lock"] else "outside"] += len(checks)
        return real_verify_all(checks)

    monkeypatch.setattr(app_storage, "transaction", watched)
    monkeypatch.setattr(verify_module, "verify_all", counting)
    with SyncClient(a.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 50
    assert verified == {"inside": 0, "outside": 50}
    a.store.close()


def test_a_resend_exactly_as_held_is_not_verified_again_and_an_altered_one_is(strict, tmp_path,
                                                                             monkeypatch):
    """An event the mesh holds, offered again with the same fields, payload digest, chain position and
    signature (a node or terminal resending after a lost answer) is a duplicate without a second
    Ed25519 check; change anything signed and it is verified, and refused, as before."""
    a = Terminal(tmp_path, strict, "a")
    sent = [e.to_dict() for e in a.add(5)]
    assert [r["status"] for r in signed_post(strict.url, a.data, sent)] == ["accepted"] * 5
    real_verify_all = verify_module.verify_all
    verified = []
    monkeypatch.setattr(verify_module, "verify_all",
                        lambda checks: verified.append(len(checks)) or real_verify_all(checks))
    again = signed_post(strict.url, a.data, sent)
    assert [r["status"] for r in again] == ["duplicate"] * 5 and sum(verified) == 0
    forged = [dict(sent[1], auth=dict(sent[1]["auth"], signature=sent[2]["auth"]["signature"])),
              dict(sent[3], staff="someone-else")]
    answers = signed_post(strict.url, a.data, forged)
    assert [r["status"] for r in answers] == ["rejected", "rejected"] and sum(verified) == 2
    assert all(r["reason"].startswith("bad signature") for r in answers)
    a.store.close()


# -- the demo ----------------------------------------------------------------------------------
def test_the_demo_mesh_says_so_and_stays_on_loopback(mesh_db_url):
    with EmbeddedMesh(mesh_db_url, allow_unsigned=True) as demo:
        health = httpx.get(demo.url + "/v1/health").json()
        assert health["allow_unsigned_demo"] is True and "demo" in health["warning"]
    with pytest.raises(ValueError):
        EmbeddedMesh(mesh_db_url, host="0.0.0.0", allow_unsigned=True)


def test_health_of_the_real_mesh(strict):
    assert httpx.get(strict.url + "/v1/health").json() == {"status": "ok", "storage": "ok",
                                                           "allow_unsigned_demo": False, "protocol": 2}


def test_the_background_sync_carries_the_credentials(strict, tmp_path):
    """BackgroundSync (the kiosk's sync thread) signs like SyncClient: it pushes and pulls its site."""
    from sync.background import BackgroundSync, wait_until

    a = Terminal(tmp_path, strict, "a")
    b = Terminal(tmp_path, strict, "b")
    b.add(3)
    with SyncClient(b.store, strict.url) as client:
        assert client.sync_once()["accepted"] == 3
    a.add(2)
    with BackgroundSync(a.store, strict.url, site="site-a", terminal_id=a.id, interval=0.1) as sync:
        assert wait_until(lambda: sync.state().pending == 0 and sync.state().pulled == 3, 15)
        assert sync.state().last_error is None
    assert strict.storage.stats()["events"] == 5
    a.store.close()
    b.store.close()


def test_operator_tokens_from_the_command_line(strict, mesh_db_url, tmp_path, capsys, monkeypatch):
    from kiosk.cli import main

    monkeypatch.delenv("KAZASU_SITE", raising=False)

    def cli(*args: str) -> tuple[int, dict]:
        code = main([*args, "--json", "--db", mesh_db_url, "--data-dir", str(tmp_path)])
        return code, json.loads(capsys.readouterr().out)

    code, made = cli("mesh", "operator", "add", "--name", "shelter IT", "--scope", "site-a")
    assert code == 0 and made["sites"] == ["site-a"] and made["token"].startswith("kzo_")
    headers = {"Authorization": f"Bearer {made['token']}"}
    assert httpx.get(strict.url + "/v1/stats", headers=headers).status_code == 200
    code, listed = cli("mesh", "operator", "list")
    assert made["token"] not in json.dumps(listed)  # shown once, never again
    assert [o["operator_id"] for o in listed["operators"]] == [made["operator_id"]]
    code, missing = cli("mesh", "operator", "add", "--name", "nobody")
    assert code == 1 and missing["error"]["code"] == "operator_scope_required"
    code, revoked = cli("mesh", "operator", "revoke", "--id", made["operator_id"])
    assert code == 0 and revoked["revoked_at"]
    assert httpx.get(strict.url + "/v1/stats", headers=headers).status_code == 401
