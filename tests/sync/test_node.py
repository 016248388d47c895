"""Three tiers, separate processes: two terminals → the shelter's node → the municipal mesh, each link
through a FaultProxy (drops, delays, 503). The uplink goes down while events accumulate, the node is
SIGKILLed mid-forward and restarted, a terminal moves from the node to the mesh and back; every event
reaches the mesh once with its terminal's signature verifying there, and the terminals converge through
the node while the uplink is down. What the municipality publishes reaches a terminal behind the node;
a forged publication is refused by the node and by a terminal; a revoked terminal stops signing.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms.registry import DEFINITIONS_DIR
from sync import publications
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.published import PublishedStore
from sync.signing import public_key_from_b64, verify_chain
from tests.sync.fault_proxy import DROP, PASS, Busy, Delay, FaultProxy
from tests.sync.processes import SITE, MeshServer, NodeServer, on_terminal
from tests.waiting import wait_until


def flaky(n: int, method: str, path: str) -> object:
    """Some drops (the request is carried out, the answer lost), some 503s, some delays. Not for
    enrolment, which these tests only set up (a lost enrolment answer: test_node_rules.py)."""
    if path.startswith("/v1/terminals/enroll"):
        return PASS
    if n % 11 == 4:
        return DROP
    if n % 13 == 7:
        return Busy(1)
    if n % 5 == 2:
        return Delay(0.05)
    return PASS


@dataclass
class Tiers:
    tmp: Path
    db: str
    key_file: Path
    mesh: MeshServer
    up: FaultProxy
    node: NodeServer
    a: Path
    b: Path
    to_node: dict[Path, FaultProxy]

    def mesh_cli(self, *args: str) -> dict:
        return on_terminal(self.tmp / "mesh").process("mesh", *args).json

    def mesh_events(self) -> int:
        storage = open_storage(self.db)
        try:
            return storage.stats()["events"]
        finally:
            storage.close()

    def restart_node(self) -> None:
        self.node.kill()
        self.node = NodeServer(self.tmp / "node", self.up.url, port=self.node.port)


@pytest.fixture
def tiers(tmp_path):
    mesh_dir, node_dir = tmp_path / "mesh", tmp_path / "node"
    mesh_dir.mkdir()
    db, key_file = f"sqlite:///{mesh_dir / 'mesh.db'}", mesh_dir / "publisher.key"
    cli = on_terminal(mesh_dir)
    cli.process("mesh", "publisher-key", "--db", db, "--key-file", str(key_file))
    mesh = MeshServer(db, mesh_dir, signed=True)
    up = FaultProxy(mesh.url, plan=flaky).start()
    code = cli.process("mesh", "enroll", "--db", db, "--node")["code"]
    enrolled = on_terminal(node_dir).process("node", "enroll", "--code", code, "--upstream", up.url).json
    assert enrolled["site"] == SITE and enrolled["publisher_key_pinned"]
    node = NodeServer(node_dir, up.url)
    proxies = {}
    for name in ("a", "b"):
        folder = tmp_path / name
        proxies[folder] = FaultProxy(node.url, plan=flaky).start()
        code = cli.process("mesh", "enroll", "--db", db)["code"]
        answer = enroll_through(folder, code, proxies[folder].url)
        assert answer["site"] == SITE and answer["publisher_key_pinned"], answer
        assert answer["via_node"] == enrolled["node_id"]  # `kazasu run` syncs every second behind it
    tiers = Tiers(tmp_path, db, key_file, mesh, up, node, tmp_path / "a", tmp_path / "b", proxies)
    yield tiers
    for proxy in proxies.values():
        proxy.stop()
    tiers.node.stop()
    up.stop()
    mesh.stop()


def enroll_through(folder: Path, code: str, url: str) -> dict:
    """Enrol a terminal at `url`, the node (which relays it to the mesh)."""
    return on_terminal(folder).process("terminal", "enroll", "--code", code, "--mesh", url).json


def seed(folder: Path, count: int) -> None:
    on_terminal(folder).process("dev", "seed-events", "--count", str(count))


def sync_done(folder: Path, url: str, tries: int = 80) -> dict:
    """`sync --once` against `url` until nothing is pending (faults and chain gaps pass with time)."""
    result = None
    for _ in range(tries):
        result = on_terminal(folder).process("sync", "--once", "--mesh", url, ok=None)
        if result.code == 0 and result.json["pending"] == 0:
            return result.json
        time.sleep(0.25)
    raise AssertionError(f"{folder.name} did not finish syncing with {url}: {result}")


def ids(folder: Path, table: str) -> set[str]:
    with sqlite3.connect(folder / "kazasu.db") as db:
        return {row[0] for row in db.execute(f"SELECT id FROM {table}")}


def test_two_terminals_a_node_and_the_mesh_lose_and_double_nothing(tiers):
    t = tiers
    t.up.plan = lambda n, method, path: Busy(1)  # the uplink is down
    seed(t.a, 6000)   # the uplink down for 10,000 events (issue 19)
    seed(t.b, 4000)
    sync_done(t.a, t.to_node[t.a].url)
    sync_done(t.b, t.to_node[t.b].url)
    sync_done(t.a, t.to_node[t.a].url)
    # both terminals converged through the node, and nothing reached the mesh
    assert ids(t.a, "events") <= ids(t.b, "remote_events")
    assert ids(t.b, "events") <= ids(t.a, "remote_events")
    assert t.mesh_events() == 0
    assert t.node.health()["node"]["backlog"] == 10_000

    # the uplink comes back slowly; the node is killed while a batch is on its way, then restarted
    t.up.plan = lambda n, method, path: Delay(0.7) if method == "POST" else PASS
    wait_until(lambda: t.mesh_events() > 0, timeout=60, what="the node forwarding its first batch")
    assert t.mesh_events() < 10_000
    t.restart_node()
    t.up.plan = flaky

    # terminal A moves to the municipal mesh (through its own faulty link), then back to the node
    with FaultProxy(t.mesh.url, plan=flaky) as to_mesh:
        seed(t.a, 200)
        direct = sync_done(t.a, to_mesh.url)
        assert direct["lost"] == 0
    seed(t.a, 100)
    sync_done(t.a, t.to_node[t.a].url)
    seed(t.b, 50)
    sync_done(t.b, t.to_node[t.b].url)

    own_a, own_b = ids(t.a, "events"), ids(t.b, "events")
    assert len(own_a) == 6300 and len(own_b) == 4050
    wait_until(lambda: t.mesh_events() == 10_350, timeout=300, what="every event on the mesh")
    storage = open_storage(t.db)
    try:
        with storage.reading() as tx:
            held = [row[0] for row in tx.all("SELECT id FROM mesh_events")]
            conflicts = tx.one("SELECT count(*) FROM mesh_conflicts")[0]
        assert len(held) == len(set(held)) == 10_350
        assert set(held) == own_a | own_b
        assert conflicts == 0
        keys = {r["terminal_id"]: r["public_key"] for r in registry.list_terminals(storage)}
        for folder, count in ((t.a, 6300), (t.b, 4050)):
            terminal_id = json.loads((folder / "terminal.json").read_text())["terminal_id"]
            chain = storage.terminal_events(terminal_id)
            assert len(chain) == count
            assert verify_chain(chain, public_key_from_b64(keys[terminal_id])) == []
    finally:
        storage.close()
    assert on_terminal(t.tmp / "node").process("node", "status")["refused"] == 0
    # B hears of A's last events through the node
    sync_done(t.b, t.to_node[t.b].url)
    assert own_a <= ids(t.b, "remote_events")


def test_what_the_municipality_publishes_reaches_a_terminal_behind_the_node(tiers):
    t = tiers
    definition = json.loads((DEFINITIONS_DIR / "juminhyo_request.json").read_text(encoding="utf-8"))
    definition["title"]["en"] += " (revised)"
    revised = t.tmp / "juminhyo_request.json"
    revised.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    published = t.mesh_cli("publish", "--db", t.db, "--key-file", str(t.key_file), "form",
                           "--file", str(revised), "--version", "2")
    assert published["name"] == "juminhyo_request" and published["version"] == 2
    # a forged definition (another key) written straight into the mesh's database
    real_key = publications.load_or_make_key(t.key_file, make=False)
    forged = publications.sign(Ed25519PrivateKey.generate(), "form", "juminhyo_request",
                               {**definition, "title": {"ja": "偽", "en": "forged"}}, version=3)
    forged["key_id"] = publications.key_id(publications.public_key_of(real_key))
    storage = open_storage(t.db)
    try:
        with storage.transaction() as tx:
            tx.run("INSERT INTO mesh_publications (id, kind, name, version, site, document, received_at)"
                   " VALUES (?, 'form', 'juminhyo_request', 3, NULL, ?, 'now')",
                   [forged["id"], json.dumps(forged)])
    finally:
        storage.close()
    wait_until(lambda: t.node.health()["node"].get("publications_refused", 0) >= 1, timeout=30,
               what="the node refusing the forged definition")
    assert t.node.health()["node"]["publications"] >= 1
    got = sync_done(t.a, t.to_node[t.a].url)["publications"]
    assert {"kind": "form", "name": "juminhyo_request", "version": 2} in got["kept"]
    assert got["refused"] == 0  # the node never passed the forged one on
    newest = PublishedStore(t.a).newest("form", "juminhyo_request")
    assert newest["version"] == 2 and newest["body"]["title"]["en"].endswith("(revised)")
    # the terminal prints with it, and the PDF names the definition's version
    person = t.tmp / "person.json"
    person.write_text(json.dumps({"name": "見本　花子", "address": "東京都新宿区西新宿二丁目８番１号",
                                  "birth_date": "1980-04-02", "sex_code": "2"}, ensure_ascii=False))
    pdf = t.tmp / "juminhyo.pdf"
    rendered = on_terminal(t.a).process("forms", "render", "juminhyo_request", "--person", str(person),
                                        "--out", str(pdf), "--draft").json
    assert rendered["version"] == 2
    import fitz  # PyMuPDF (test extra)

    with fitz.open(pdf) as doc:
        assert "definition version 2" in doc.metadata["keywords"]
        assert "第2版" in "".join(page.get_text() for page in doc)
    # a terminal that reads the mesh's publications directly refuses the forged one itself
    straight = sync_done(t.b, t.mesh.url)["publications"]
    assert straight["refused"] == 1 and straight["refusals"][0]["reason"] == "bad signature"
    assert PublishedStore(t.b).newest("form", "juminhyo_request")["version"] == 2


def test_a_revoked_terminal_stops_signing_at_once(tiers):
    t = tiers
    seed(t.b, 5)
    sync_done(t.b, t.to_node[t.b].url)
    terminal_b = json.loads((t.b / "terminal.json").read_text())["terminal_id"]
    t.mesh_cli("publish", "--db", t.db, "--key-file", str(t.key_file), "revocation", "--terminal",
               terminal_b, "--reason", "stolen")
    t.mesh_cli("publish", "--db", t.db, "--key-file", str(t.key_file), "notice", "--ja", "給水は15時",
               "--en", "Water at 15:00")
    wait_until(lambda: t.node.health()["node"].get("publications", 0) >= 2, timeout=30,
               what="the node receiving the revocation")
    refused = on_terminal(t.b).process("sync", "--once", "--mesh", t.node.url, ok=False).error
    assert refused["code"] == "mesh_error" and refused["mesh_code"] == "terminal_revoked"
    assert on_terminal(t.b).process("dev", "seed-events", "--count", "1", ok=False).error["code"] == \
        "terminal_revoked_here"
    notices = PublishedStore(t.b).notices()
    assert [n["en"] for n in notices] == ["Water at 15:00"]


def mesh_payloads(db: str, event_ids: set[str]) -> dict[str, str]:
    """The mesh's stored payload (JSON text) of each of `event_ids` it holds."""
    storage = open_storage(db)
    try:
        with storage.transaction() as tx:
            marks = ",".join("?" * len(event_ids))
            return dict(tx.all(f"SELECT id, payload FROM mesh_events WHERE id IN ({marks})",
                               sorted(event_ids)))
    finally:
        storage.close()


def test_a_shelter_closed_behind_the_node_is_erased_on_the_mesh_too(tiers):
    """The close-out's feed position is the NODE's; the mesh numbers its feed across every site, so
    another site's events come first there. It goes by `seen.terminals` (per terminal, the last event
    the closing terminal held): b's check-ins are erased on the mesh, b's later one stays."""
    t = tiers
    other = t.tmp / "other-site"  # a terminal of another site, straight on the mesh, writes first
    code = on_terminal(t.tmp / "mesh").process("mesh", "enroll", "--db", t.db, site="site-z").json["code"]
    elsewhere = on_terminal(other).using(site="site-z")
    elsewhere.process("terminal", "enroll", "--code", code, "--mesh", t.mesh.url)
    elsewhere.process("dev", "seed-events", "--count", "40")
    assert elsewhere.process("sync", "--once", "--mesh", t.mesh.url).json["pending"] == 0
    b = on_terminal(t.b)
    for name in ("見本　花子", "見本　一郎"):
        b.process("shelter", "checkin", "--by-hand", "--name", name)
    checked_in = ids(t.b, "events")
    sync_done(t.b, t.to_node[t.b].url)
    wait_until(lambda: len(mesh_payloads(t.db, checked_in)) == len(checked_in), timeout=60,
               what="the node forwarding b's check-ins")
    sync_done(t.a, t.to_node[t.a].url)  # a pulls b's check-ins from the node, then closes
    a = on_terminal(t.a)
    assert a.process("shelter", "status").json["present"] == 2
    a.process("shelter", "export", "--format", "csv", "--out", str(t.tmp / "roster.csv"))
    closed = a.process("shelter", "close").json
    assert closed["closed"] is True and closed["summary"]["people"] == 2
    b.process("shelter", "checkin", "--by-hand", "--name", "見本　三郎")  # b has not pulled the close
    later = ids(t.b, "events") - checked_in
    sync_done(t.a, t.to_node[t.a].url)
    sync_done(t.b, t.to_node[t.b].url)
    red_id = closed["redaction_event_id"]
    wait_until(lambda: len(mesh_payloads(t.db, {red_id, *later})) == 1 + len(later), timeout=60,
               what="the node forwarding the close and b's later check-in")
    seen = json.loads(mesh_payloads(t.db, {red_id})[red_id])["seen"]
    assert set(seen["terminals"]) == {json.loads((t.b / "terminal.json").read_text())["terminal_id"]}
    held = mesh_payloads(t.db, checked_in | later)
    assert {held[i] for i in checked_in} == {"{}"}, "b's check-ins stayed readable on the mesh"
    assert all(json.loads(held[i]) for i in later)
    assert any("見本　三郎" in json.dumps(json.loads(held[i]), ensure_ascii=False) for i in later)
