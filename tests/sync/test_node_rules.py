"""The mesh's rule for a shelter node (sync.mesh.ingest, sync.mesh.app), against the app as served: a node
relays its own site's terminals' signed events, each still judged by its terminal's signature; it
relays nothing of another site, nothing altered, and a plain terminal neither relays nor reads the
site's terminal directory."""

from __future__ import annotations

import httpx
import pytest

from sync.events import Event
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.signing import GENESIS_HASH, TerminalIdentity
from tests.sync.credentials import enrolled_identity, signed_post, terminal_http


@pytest.fixture
def mesh(tmp_path):
    db = f"sqlite:///{tmp_path / 'mesh.db'}"
    server = EmbeddedMesh(db, allow_unsigned=False).start()
    storage = open_storage(db)
    yield server, storage
    storage.close()
    server.stop()


def node_identity(storage, site: str) -> TerminalIdentity:
    identity = TerminalIdentity.generate(f"node-{site}")
    code = registry.issue_code(storage, site, role="node")["code"]
    assert registry.enroll(storage, code, identity.terminal_id, identity.public_key_b64())["role"] == "node"
    return identity


def signed_event(identity: TerminalIdentity, site: str, n: int = 1) -> dict:
    body = Event.create("shelter.headcount", {"count": n}, site=site, terminal=identity.terminal_id,
                        staff="s").body()
    auth, _ = identity.sign(body, 1, GENESIS_HASH)
    return {**body, "auth": auth}


def test_a_node_relays_its_sites_terminals_and_nothing_else(mesh):
    server, storage = mesh
    node = node_identity(storage, "site-a")
    mine = enrolled_identity(storage, "site-a", "term-a")
    other = enrolled_identity(storage, "site-b", "term-b")
    plain = enrolled_identity(storage, "site-a", "term-a2")
    good, foreign = signed_event(mine, "site-a"), signed_event(other, "site-b")
    altered = signed_event(plain, "site-a")
    altered["payload"] = {"count": 99}
    results = signed_post(server.url, node, [good, foreign, altered])
    assert results[0]["status"] == "accepted"
    assert results[1]["status"] == "rejected" and "relays only enrolled terminals of its own site" in \
        results[1]["reason"]
    assert results[2]["status"] == "rejected" and results[2]["reason"].startswith("bad signature")
    assert signed_post(server.url, node, [good])[0]["status"] == "duplicate"
    # a plain terminal still sends only its own events, and may not read the directory
    [refused] = signed_post(server.url, plain, [signed_event(mine, "site-a", 2)])
    assert refused["status"] == "rejected" and "sends only its own events" in refused["reason"]
    with terminal_http(plain) as client:
        answer = client.get(server.url + "/v1/sites/site-a/terminals")
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "node_required"
    with terminal_http(node) as client:
        directory = client.get(server.url + "/v1/sites/site-a/terminals").json()["terminals"]
        assert {t["terminal_id"] for t in directory} == {"node-site-a", "term-a", "term-a2"}
        assert client.get(server.url + "/v1/sites/site-b/terminals").status_code == 403
    assert httpx.get(server.url + "/v1/publications").status_code == 401  # credentials needed


def test_an_enrolment_whose_answer_was_lost_is_answered_again(mesh, tmp_path):
    """The proxy drops the mesh's answer (the mesh used the code): the terminal tries again with the
    same key (terminal.key.pending) and the same code, and is answered the same; another key is not."""
    from sync.enrolment import PENDING_KEY, enroll_terminal
    from sync.errors import EnrolmentError, MeshUnreachableError
    from tests.sync.fault_proxy import DROP, PASS, FaultProxy

    server, storage = mesh
    code = registry.issue_code(storage, "site-a")["code"]
    folder = tmp_path / "t"
    with FaultProxy(server.url, plan=lambda n, method, path: DROP if n == 0 else PASS) as proxy:
        with pytest.raises(MeshUnreachableError):
            enroll_terminal(folder, code, proxy.url)
        assert (folder / PENDING_KEY).exists() and not (folder / "terminal.key").exists()
        answer = enroll_terminal(folder, code, proxy.url)
    assert answer["site"] == "site-a" and not (folder / PENDING_KEY).exists()
    assert TerminalIdentity.load(folder).public_key_b64() == answer["public_key"]
    with pytest.raises(EnrolmentError) as refused:  # the code is used: another key gets nothing
        registry.enroll(storage, code, answer["terminal_id"], TerminalIdentity.generate("x").public_key_b64())
    assert refused.value.code == "enrolment_code_invalid"
