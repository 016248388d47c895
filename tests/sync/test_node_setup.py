"""「このPCを避難所ノードにする」 (sync.node.setup, `kazasu node setup`), in separate processes: what it
writes (node.json, the node's certificate, the systemd user unit) starts a real node with
`kazasu node serve --data-dir NODE` alone, over https with the node's own key; a terminal that records
the node's pin enrols through it and its events reach the municipal mesh; one that did not is refused.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from sync.node.setup import UNIT_NAME, unit_text
from tests.sync.conftest import free_port
from tests.sync.processes import SITE, MeshServer, NodeServer, on_terminal, run_error, run_json
from tests.waiting import wait_until

PACKAGING_UNIT = Path(__file__).resolve().parents[2] / "packaging" / "systemd" / UNIT_NAME


def test_the_packaged_unit_is_the_one_the_setup_writes():
    assert PACKAGING_UNIT.read_text(encoding="utf-8") == unit_text()


def test_the_setup_makes_a_node_that_serves_from_what_it_wrote(tmp_path):
    mesh_dir, node_dir, units = tmp_path / "mesh", tmp_path / "node", tmp_path / "units"
    mesh_dir.mkdir()
    db = f"sqlite:///{mesh_dir / 'mesh.db'}"
    cli = on_terminal(mesh_dir)
    cli.process("mesh", "publisher-key", "--db", db, "--key-file", str(mesh_dir / "publisher.key"))
    mesh = MeshServer(db, mesh_dir, signed=True)
    node = None
    try:
        # no code for a folder not yet enrolled: said before anything is sent
        missing = run_error("node", "setup", "--upstream", mesh.url, "--unit-dir", str(units), "--no-start",
                            data_dir=node_dir)
        assert missing["code"] == "node_setup_invalid" and missing["field"] == "code"
        code = cli.process("mesh", "enroll", "--db", db, "--node")["code"]
        port = free_port()
        done = run_json("node", "setup", "--code", code, "--upstream", mesh.url, "--listen", f"127.0.0.1:{port}",
                        "--unit-dir", str(units), "--no-start", data_dir=node_dir)
        assert done["site"] == SITE and done["enrolled_now"] is True and done["started"] is False
        assert done["url"] == f"https://127.0.0.1:{port}" and len(done["tls_pin"]) == 64
        config = json.loads((node_dir / "node.json").read_text(encoding="utf-8"))
        assert config["listen"] == f"127.0.0.1:{port}" and config["db"].endswith("node.db")
        assert (node_dir / "node.key").stat().st_mode & 0o077 == 0
        unit = (units / UNIT_NAME).read_text(encoding="utf-8")
        exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
        assert shlex.split(exec_start)[1:] == ["node", "serve", "--data-dir", str(node_dir)]
        # run twice: not enrolled again, the same key (terminals keep their pin)
        again = run_json("node", "setup", "--upstream", mesh.url, "--listen", f"127.0.0.1:{port}",
                         "--unit-dir", str(units), "--no-start", data_dir=node_dir)
        assert again["enrolled_now"] is False and again["tls_pin"] == done["tls_pin"]
        assert again["node_id"] == done["node_id"]

        node = NodeServer(node_dir, None)  # `kazasu node serve --data-dir NODE`, as the unit runs it
        assert node.url == done["url"] and node.tls_pin == done["tls_pin"]
        assert node.health()["protocol"] == 2

        a, b = tmp_path / "a", tmp_path / "b"
        # b did not record the node's pin: its self-signed certificate is not trusted, nothing is sent
        code_b = cli.process("mesh", "enroll", "--db", db)["code"]
        refused = run_error("terminal", "enroll", "--code", code_b, "--mesh", node.url, data_dir=b)
        assert refused["code"] == "mesh_certificate_mismatch"
        assert not (b / "terminal.key").exists()
        # a records it as the page shows it, enrols through the node and syncs with it
        pin_command, enrol_command = done["terminal_commands"]
        assert pin_command == f"kazasu terminal pin --upstream {node.url} --pin {done['tls_pin'][:32]}"
        run_json(*shlex.split(pin_command)[1:], data_dir=a)
        code_a = cli.process("mesh", "enroll", "--db", db)["code"]
        enrolled = run_json(*shlex.split(enrol_command.replace("CODE", code_a))[1:], data_dir=a)
        assert enrolled["via_node"] == done["node_id"] and enrolled["site"] == SITE
        run_json("dev", "seed-events", "--count", "25", data_dir=a)
        assert run_json("sync", "--once", "--mesh", node.url, data_dir=a)["accepted"] == 25
        wait_until(lambda: mesh_count(db) == 25, timeout=30, what="the node forwarding a's 25 events")
    finally:
        if node is not None:
            assert node.stop() == 0
        assert mesh.stop() == 0
    assert "Traceback" not in (node_dir / "node-serve.log").read_text(encoding="utf-8")


def mesh_count(db: str) -> int:
    from sync.mesh.backends import open_storage

    storage = open_storage(db)
    try:
        return storage.stats()["events"]
    finally:
        storage.close()
