"""End to end through the real `kazasu` command: a mesh server subprocess, seeded events, sync over HTTP.

Every wait is bounded (tests/waiting.py); the mesh is stopped by its own PID.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx
import pytest

from tests.cli_runner import Kazasu, read_line
from tests.sync.conftest import postgres_db_url  # noqa: F401 - a fixture (a fresh PostgreSQL database)
from tests.sync.processes import MeshServer
from tests.waiting import wait_until


def on(data_dir: Path) -> Kazasu:
    """The real `kazasu` command (tests/cli_runner.py) on `data_dir`."""
    return Kazasu(data_dir=data_dir)


@pytest.fixture
def dirs(tmp_path):
    terminal, server = tmp_path / "terminal", tmp_path / "server"
    terminal.mkdir()
    server.mkdir()
    return terminal, server


@pytest.fixture(params=["sqlite", "postgresql"])
def mesh_db_url(request, dirs):
    if request.param == "sqlite":
        return f"sqlite:///{dirs[1] / 'mesh.db'}"
    return request.getfixturevalue("postgres_db_url")


def test_seed_sync_twice_and_count(dirs, mesh_db_url):
    terminal, server = dirs
    db_url = mesh_db_url
    mesh = MeshServer(db_url, server)
    try:
        assert on(terminal).process("dev", "seed-events", "--count", "50").json == {
            "seeded": 50, "pending": 50}
        first = on(terminal).process("sync", "--once", "--mesh", mesh.url).json
        assert first == {"sent": 50, "accepted": 50, "duplicates": 0, "rejected": 0, "pending": 0,
                         "pulled": 0, "lost": 0}  # one whole pass: push, then pull (no other terminal)
        second = on(terminal).process("sync", "--once", "--mesh", mesh.url).json
        assert second["sent"] == 0 and second["pending"] == 0
        status = on(terminal).process("queue", "status").json
        assert status["pending"] == 0 and status["acknowledged"] == 50 and status["total"] == 50
    finally:
        mesh.stop()
    assert mesh.proc.returncode == 0
    stats = on(server).process("mesh", "stats", "--db", db_url).json
    assert stats["events"] == 50


def test_mesh_down_then_up(dirs):
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    on(terminal).process("dev", "seed-events", "--count", "30", "--site", "shelter-7")
    mesh = MeshServer(db_url, server)
    down_url = mesh.url
    mesh.stop()  # the mesh is now down: same URL, nothing listening

    error = on(terminal).process("sync", "--once", "--mesh", down_url, ok=False).error
    assert error["code"] == "mesh_unreachable" and error["message_ja"] and error["message_en"]
    assert error["pending"] == 30
    assert on(terminal).process("queue", "status").json["pending"] == 30

    mesh = MeshServer(db_url, server)  # back up (on a new port)
    try:
        drained = on(terminal).process("sync", "--once", "--mesh", mesh.url).json
        assert drained["accepted"] == 30 and drained["pending"] == 0
        assert httpx.get(mesh.url + "/v1/stats").json()["sites"] == {"shelter-7": 30}
    finally:
        mesh.stop()
    assert on(server).process("mesh", "stats", "--db", db_url).json["events"] == 30


def test_sync_without_mesh_is_a_clear_error(dirs):
    terminal, _ = dirs
    assert on(terminal).process("sync", "--once", ok=False).error["code"] == "mesh_not_configured"


def test_queue_export(dirs, tmp_path):
    terminal, _ = dirs
    on(terminal).process("dev", "seed-events", "--count", "12")
    out = tmp_path / "carry.json"
    exported = on(terminal).process("queue", "export", "--out", str(out)).json
    assert (exported["exported"], exported["out"], exported["signed"]) == (12, str(out.resolve()), False)
    assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == 12  # one signed bundle


def test_sync_loop_drains_by_itself_and_stops_on_sigterm(dirs):
    """`kazasu sync` (no --once): the mesh is down first, comes back on the same port, the queue drains
    with no command but waiting; SIGTERM ends the loop cleanly with its last state."""
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    on(terminal).process("dev", "seed-events", "--count", "20", "--site", "shelter-7")
    first = MeshServer(db_url, server)
    port = first.url.rsplit(":", 1)[1]
    first.stop()  # down: nothing listens on that port now
    loop = on(terminal).start("sync", "--mesh", first.url, "--interval", "0.2", "--backoff-cap", "0.5")
    try:
        assert "mesh unreachable" in read_line(loop, 15, stream="stderr")  # it has failed once
        assert loop.poll() is None
        mesh = MeshServer(db_url, server, port=port)
        try:
            wait_until(lambda: mesh.events() == 20, timeout=15, what="the 20 events on the mesh")
        finally:
            mesh.stop()
    finally:
        loop.send_signal(signal.SIGTERM)
        out, err = loop.communicate(timeout=20)   # reading while it ends: a full pipe never blocks it
    assert loop.returncode == 0, err
    state = json.loads(out)
    assert state["pending"] == 0 and state["running"] is False and state["last_success"]
    assert on(terminal).process("queue", "status").json["pending"] == 0


def test_enrol_sign_sync_revoke_through_the_cli(dirs):
    """Staff IT issues a code, the terminal enrols with it, its events are signed and accepted by a
    mesh that requires signatures; after `mesh revoke` the terminal's new events are rejected."""
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    code = on(server).process("mesh", "enroll", "--db", db_url, "--site", "shelter-7").json
    assert set(code) == {"code", "site", "expires_at"} and code["site"] == "shelter-7"
    mesh = MeshServer(db_url, server, signed=True)
    try:
        enrolled = on(terminal).process("terminal", "enroll", "--code", code["code"], mesh=mesh.url).json
        assert enrolled["site"] == "shelter-7" and enrolled["signed_pending"] == 0
        # the same terminal with the same key is answered the same again (its answer may have been
        # lost); the code enrols nobody else
        again = on(terminal).process("terminal", "enroll", "--code", code["code"], mesh=mesh.url).json
        assert (again["terminal_id"], again["public_key"]) == (enrolled["terminal_id"], enrolled["public_key"])
        other = on(terminal.parent / "other").process("terminal", "enroll", "--code", code["code"],
                                                      mesh=mesh.url, ok=False)
        assert other.error["code"] == "enrolment_code_invalid"
        status = on(terminal).process("terminal", "status").json
        assert status["enrolled"] and status["mesh_url"] == mesh.url
        on(terminal).process("dev", "seed-events", "--count", "25")  # site from terminal.json
        assert on(terminal).process("sync", "--once").json["accepted"] == 25  # mesh from config
        assert on(terminal).process("terminal", "verify").json == {
            "enrolled": True, "checked": 25, "problems": [], "ok": True}
        revoked = on(server).process("mesh", "revoke", "--db", db_url, "--terminal",
                                     enrolled["terminal_id"]).json
        assert revoked["last_seq"] == 25
        on(terminal).process("dev", "seed-events", "--count", "2")
        error = on(terminal).process("sync", "--once", ok=False).error  # refused at once: nothing is sent
        assert (error["code"], error["http_status"], error["mesh_code"]) == (
            "mesh_error", 403, "terminal_revoked")
        assert on(terminal).process("queue", "status").json["pending"] == 2  # kept, not lost
        listed = on(server).process("mesh", "terminals", "--db", db_url).json["terminals"]
        assert [t["revoked_at"] is not None for t in listed] == [True]
    finally:
        mesh.stop()
    assert on(server).process("mesh", "stats", "--db", db_url).json["sites"] == {"shelter-7": 25}


def test_strict_mesh_rejects_an_unenrolled_terminal(dirs):
    terminal, server = dirs
    mesh = MeshServer(f"sqlite:///{server / 'mesh.db'}", server, signed=True)
    try:
        on(terminal).process("dev", "seed-events", "--count", "3")
        error = on(terminal).process("sync", "--once", "--mesh", mesh.url, ok=False).error
        assert (error["http_status"], error["mesh_code"]) == (401, "credentials_required")
        assert on(terminal).process("queue", "status").json["pending"] == 3
    finally:
        mesh.stop()
