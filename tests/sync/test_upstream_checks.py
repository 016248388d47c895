"""What a terminal or node checks about its upstream before it sends anything, in separate processes:
the protocol it speaks (`/v1/health` `protocol`; `kazasu mesh serve --wire-protocol 1` is an old mesh,
refused as `upstream_too_old`) and, per address, the pin of its TLS key (`kazasu terminal pin`: a server
at a pinned address with another key is refused as `mesh_certificate_mismatch`, nothing sent).
"""

from __future__ import annotations

import json

import pytest

from sync.client import configured_pin
from sync.errors import TerminalConfigError
from sync.protocol import PROTOCOL_VERSION, UpstreamTooOldError, check_upstream, protocol_of
from sync.terminal import TerminalConfig
from sync.transport import normalise_pin, origin_of
from tests.sync.processes import MeshServer, NodeServer, on_terminal, run_error, run_json
from tests.sync.tls_files import make_cert
from tests.waiting import wait_until


def test_health_states_the_protocol_and_an_old_mesh_is_refused_clearly(tmp_path):
    mesh_dir = tmp_path / "mesh"
    mesh_dir.mkdir()
    new = MeshServer(f"sqlite:///{mesh_dir / 'new.db'}", mesh_dir)
    old = MeshServer(f"sqlite:///{mesh_dir / 'old.db'}", mesh_dir, extra=("--wire-protocol", "1"))
    terminal, node = tmp_path / "terminal", tmp_path / "node"
    try:
        assert new.http.get(new.url + "/v1/health").json()["protocol"] == PROTOCOL_VERSION == 2
        assert "protocol" not in old.http.get(old.url + "/v1/health").json()  # as the meshes before it
        run_json("dev", "seed-events", "--count", "7", data_dir=terminal)
        error = run_error("sync", "--once", "--mesh", old.url, data_dir=terminal)
        assert error["code"] == "upstream_too_old" and error["protocol"] == 1 and error["needed"] == 2
        assert "Traceback" not in json.dumps(error) and "更新" in error["message_ja"]
        assert old.events() == 0  # nothing was sent
        assert run_json("queue", "status", data_dir=terminal)["pending"] == 7
        # a node is not enrolled with an old mesh either (before the code is spent)
        code = on_terminal(mesh_dir).process("mesh", "enroll", "--db", f"sqlite:///{mesh_dir / 'old.db'}",
                                             "--node")["code"]
        refused = run_error("node", "enroll", "--code", code, "--upstream", old.url, data_dir=node)
        assert refused["code"] == "upstream_too_old"
        assert not (node / "node.json").exists()
        # the same terminal with a mesh of this protocol: all 7 go
        assert run_json("sync", "--once", "--mesh", new.url, data_dir=terminal)["accepted"] == 7
    finally:
        assert new.stop() == 0 and old.stop() == 0


def test_a_pinned_upstream_with_another_key_is_refused(tmp_path):
    mesh_dir = tmp_path / "mesh"
    mesh_dir.mkdir()
    db = f"sqlite:///{mesh_dir / 'mesh.db'}"
    cert, key = make_cert(tmp_path / "tls", "node")
    server = MeshServer(db, mesh_dir, extra=("--tls-cert", str(cert), "--tls-key", str(key)))
    terminal = tmp_path / "terminal"
    port = server.port
    try:
        served_pin = json.loads(server.first_line)["tls_pin"]
        recorded = run_json("terminal", "pin", "--upstream", server.url, data_dir=terminal)
        assert recorded["source"] == "server" and recorded["pin"].startswith(served_pin[:32])
        assert recorded["upstream"] == f"https://127.0.0.1:{port}"
        shown = run_json("terminal", "pin", data_dir=terminal)
        assert shown["pins"] == {recorded["upstream"]: recorded["pin"]}
        run_json("dev", "seed-events", "--count", "4", data_dir=terminal)
        # the pin is the trust anchor: the self-signed certificate is accepted without any authority
        assert run_json("sync", "--once", "--mesh", server.url, data_dir=terminal)["accepted"] == 4
    finally:
        assert server.stop() == 0
    # another server (another key) at the same address: refused before one byte of HTTP
    other_cert, other_key = make_cert(tmp_path / "tls2", "impostor")
    server = MeshServer(db, mesh_dir, port=port, extra=("--tls-cert", str(other_cert), "--tls-key", str(other_key)))
    try:
        run_json("dev", "seed-events", "--count", "3", data_dir=terminal)
        error = run_error("sync", "--once", "--mesh", server.url, data_dir=terminal)
        assert error["code"] == "mesh_certificate_mismatch" and error["message_ja"] and error["message_en"]
        assert server.events() == 4  # the 3 new ones never left the terminal
        assert run_json("queue", "status", data_dir=terminal)["pending"] == 3
        # a wrong pin typed by hand is refused as such, a right one given by hand replaces it
        assert run_error("terminal", "pin", "--upstream", server.url, "--pin", "xyz",
                         data_dir=terminal)["code"] == "pin_invalid"
        new_pin = json.loads(server.first_line)["tls_pin"]
        replaced = run_json("terminal", "pin", "--upstream", server.url, "--pin", new_pin, data_dir=terminal)
        assert replaced["replaced"] is True and replaced["source"] == "given"
        assert run_json("sync", "--once", "--mesh", server.url, data_dir=terminal)["accepted"] == 3
        # an address without a pin keeps the enrolment's rule: no pin, so the system's trust decides
        forgot = run_json("terminal", "pin", "--upstream", server.url, "--forget", data_dir=terminal)
        assert forgot["forgotten"] is True and forgot["pins"] == {}
        run_json("dev", "seed-events", "--count", "1", data_dir=terminal)
        untrusted = run_error("sync", "--once", "--mesh", server.url, data_dir=terminal)
        assert untrusted["code"] == "mesh_certificate_mismatch"
    finally:
        assert server.stop() == 0


def test_a_node_says_the_mesh_key_changed_and_takes_the_new_pin(tmp_path):
    """The municipal mesh gets a new TLS key: its shelter node does not call that "down" but
    `certificate_mismatch` (nothing sent), and `kazasu node pin --pin` (the new pin from IT, never read
    from the server) brings the uplink back at the node's next start. A terminal enrolling at the node
    meanwhile is told the mesh's key changed (`node_upstream_key_changed`), not that the uplink is down."""
    mesh_dir, node = tmp_path / "mesh", tmp_path / "node"
    mesh_dir.mkdir()
    db = f"sqlite:///{mesh_dir / 'mesh.db'}"
    cert, key = make_cert(tmp_path / "tls", "mesh")
    mesh = MeshServer(db, mesh_dir, extra=("--tls-cert", str(cert), "--tls-key", str(key)))
    port, server = mesh.port, None
    try:
        code = on_terminal(mesh_dir).process("mesh", "enroll", "--db", db, "--node", "--tls-cert", str(cert))["code"]
        assert run_json("node", "enroll", "--code", code, "--upstream", mesh.url, data_dir=node)["pinned"] is True
        first_pin = json.loads(mesh.first_line)["tls_pin"]
        shown = run_json("node", "pin", data_dir=node)
        assert shown["upstream"] == mesh.url and first_pin.startswith(shown["pin"]), shown
        server = NodeServer(node, mesh.url)
        wait_until(lambda: server.health()["node"].get("uplink") == "up", timeout=30, what="the uplink up")
        assert mesh.stop() == 0
        new_cert, new_key = make_cert(tmp_path / "tls2", "mesh")   # IT changed the mesh's key
        mesh = MeshServer(db, mesh_dir, port=port, extra=("--tls-cert", str(new_cert), "--tls-key", str(new_key)))
        wait_until(lambda: server.health()["node"].get("uplink") == "certificate_mismatch", timeout=60,
                   what="the node telling the key changed")
        assert "mesh_certificate_mismatch" in server.log_path.read_text(encoding="utf-8")
        # a terminal enrolling at the node meanwhile hears what is wrong, not "uplink down"
        terminal_code = on_terminal(mesh_dir).process("mesh", "enroll", "--db", db)["code"]
        refused = run_error("terminal", "enroll", "--code", terminal_code, "--mesh", server.url,
                            data_dir=tmp_path / "terminal")
        assert refused["code"] == "node_upstream_key_changed", refused
        assert "kazasu node pin" in refused["message_en"] and "ピン" in refused["message_ja"]
        assert run_error("node", "pin", "--pin", "xyz", data_dir=node)["code"] == "pin_invalid"
        new_pin = json.loads(mesh.first_line)["tls_pin"]
        recorded = run_json("node", "pin", "--pin", new_pin, data_dir=node)
        assert recorded["replaced"] is True and recorded["pin"] == normalise_pin(new_pin), recorded
        assert "key fingerprint was replaced" in (node / "logs" / "kazasu.log").read_text(encoding="utf-8")
        assert server.stop() == 0
        server = NodeServer(node, mesh.url)   # its next start: the new pin
        wait_until(lambda: server.health()["node"].get("uplink") == "up", timeout=30, what="the uplink up again")
        assert server.health()["node"]["last_contact"]
    finally:
        if server is not None:
            server.stop()
        assert mesh.stop() == 0


def test_a_pin_needs_an_https_address(tmp_path):
    error = run_error("terminal", "pin", "--upstream", "http://127.0.0.1:8766", data_dir=tmp_path / "t")
    assert error["code"] == "pin_address_invalid" and error["message_ja"]
    # nothing listens there: nothing is recorded
    unreachable = run_error("terminal", "pin", "--upstream", "https://127.0.0.1:9", data_dir=tmp_path / "t")
    assert unreachable["code"] == "mesh_unreachable"
    assert run_json("terminal", "pin", data_dir=tmp_path / "t")["pins"] == {}


def test_addresses_protocols_and_pins_read_as_written(tmp_path):
    assert origin_of("https://Node.Local/") == "https://node.local:443"
    assert origin_of("https://192.168.1.10:8766/v1") == "https://192.168.1.10:8766"
    assert origin_of("http://[::1]:80") == "http://[::1]:80"
    assert normalise_pin("3AE5 0A21:083c b709 7c4e 430f 555f 90c3") == "3ae50a21083cb7097c4e430f555f90c3"
    assert [protocol_of(h) for h in ({"protocol": 2}, {}, {"protocol": True}, {"protocol": "2"}, None)] == \
        [2, 1, 1, 1, 1]
    assert check_upstream("https://m", {"protocol": 3}) == 3
    with pytest.raises(UpstreamTooOldError) as old:
        check_upstream("https://m", {"status": "ok"})
    assert old.value.details() == {"upstream": "https://m", "protocol": 1, "needed": 2}

    config = TerminalConfig.load(tmp_path)
    config.mesh_pin = "a" * 32
    config.pins = {"https://node.local:8766": "b" * 64}
    config.save()
    assert configured_pin(tmp_path, "https://node.local:8766/") == "b" * 64   # its own address
    assert configured_pin(tmp_path, "https://mesh.example.lg.jp") == "a" * 32   # else the enrolment's
    with pytest.raises(TerminalConfigError) as bad:
        config.pins = {"node.local:8766": "b" * 64}   # not an address as written by origin_of
    assert bad.value.code == "terminal_config_invalid"


def test_a_node_whose_mesh_is_too_old_says_so_and_keeps_serving(tmp_path):
    mesh_dir, node_dir = tmp_path / "mesh", tmp_path / "node"
    mesh_dir.mkdir()
    db = f"sqlite:///{mesh_dir / 'mesh.db'}"
    cli = on_terminal(mesh_dir)
    mesh = MeshServer(db, mesh_dir, signed=True)
    port = mesh.port
    code = cli.process("mesh", "enroll", "--db", db, "--node")["code"]
    run_json("node", "enroll", "--code", code, "--upstream", mesh.url, data_dir=node_dir)
    assert mesh.stop() == 0
    # the municipality's mesh went back to an old version (same database, same address)
    old = MeshServer(db, mesh_dir, port=port, signed=True, extra=("--wire-protocol", "1"))
    node = NodeServer(node_dir, old.url)
    try:
        wait_until(lambda: node.health()["node"].get("uplink") == "too_old", timeout=20,
                   what="the node saying its mesh is too old")
        health = node.health()
        assert health["node"]["upstream_protocol"] == 1 and health["protocol"] == 2  # it still serves the LAN
    finally:
        assert node.stop() == 0 and old.stop() == 0
    assert "upstream_too_old" in node.log_path.read_text(encoding="utf-8")
