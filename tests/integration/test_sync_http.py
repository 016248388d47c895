"""End to end through the real `kazasu` command: a mesh server subprocess, seeded events, sync over HTTP.

Every wait is bounded; the mesh is stopped by its own PID.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.sync.conftest import postgres_db_url  # noqa: F401 - a fixture (a fresh PostgreSQL database)

KAZASU = Path(sys.executable).parent / "kazasu"


def run(*args, data_dir: Path, timeout=120):
    env = {**os.environ, "KAZASU_DATA_DIR": str(data_dir)}
    env.pop("KAZASU_MESH_URL", None)
    return subprocess.run([str(KAZASU), "--json", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def run_json(*args, data_dir: Path):
    proc = run(*args, data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return json.loads(proc.stdout)


class MeshProcess:
    """`kazasu mesh serve` in a subprocess on a free port (port 0); waits for its line and health."""

    def __init__(self, db_url: str, data_dir: Path, port: int | str = 0,
                 allow_unsigned: bool = True) -> None:
        env = {**os.environ, "KAZASU_DATA_DIR": str(data_dir)}
        flags = ["--allow-unsigned-demo"] if allow_unsigned else []
        self.proc = subprocess.Popen([str(KAZASU), "--json", "mesh", "serve", "--db", db_url,
                                      "--port", str(port), *flags], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.url = self._read_url(timeout=20)
        self._wait_healthy(timeout=20)

    def _read_url(self, timeout: float) -> str:
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            self.stop()
            pytest.fail("kazasu mesh serve printed nothing in time")
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not match:
            self.stop()
            pytest.fail(f"unexpected first line from mesh serve: {line!r} {self.proc.stderr.read()}")
        return match.group(0)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("mesh did not become healthy")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc.stdout.close()
        self.proc.stderr.close()


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
    mesh = MeshProcess(db_url, server)
    try:
        assert run_json("dev", "seed-events", "--count", "50", data_dir=terminal) == {
            "seeded": 50, "pending": 50}
        first = run_json("sync", "--once", "--mesh", mesh.url, data_dir=terminal)
        assert first == {"sent": 50, "accepted": 50, "duplicates": 0, "rejected": 0, "pending": 0,
                         "pulled": 0, "lost": 0}  # one whole pass: push, then pull (no other terminal)
        second = run_json("sync", "--once", "--mesh", mesh.url, data_dir=terminal)
        assert second["sent"] == 0 and second["pending"] == 0
        status = run_json("queue", "status", data_dir=terminal)
        assert status["pending"] == 0 and status["acknowledged"] == 50 and status["total"] == 50
    finally:
        mesh.stop()
    assert mesh.proc.returncode == 0
    stats = run_json("mesh", "stats", "--db", db_url, data_dir=server)
    assert stats["events"] == 50


def test_mesh_down_then_up(dirs):
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    run_json("dev", "seed-events", "--count", "30", "--site", "shelter-7", data_dir=terminal)
    mesh = MeshProcess(db_url, server)
    down_url = mesh.url
    mesh.stop()  # the mesh is now down: same URL, nothing listening

    proc = run("sync", "--once", "--mesh", down_url, data_dir=terminal)
    assert proc.returncode == 1
    error = json.loads(proc.stdout)["error"]
    assert error["code"] == "mesh_unreachable" and error["message_ja"] and error["message_en"]
    assert error["pending"] == 30
    assert run_json("queue", "status", data_dir=terminal)["pending"] == 30

    mesh = MeshProcess(db_url, server)  # back up (on a new port)
    try:
        drained = run_json("sync", "--once", "--mesh", mesh.url, data_dir=terminal)
        assert drained["accepted"] == 30 and drained["pending"] == 0
        assert httpx.get(mesh.url + "/v1/stats").json()["sites"] == {"shelter-7": 30}
    finally:
        mesh.stop()
    assert run_json("mesh", "stats", "--db", db_url, data_dir=server)["events"] == 30


def test_sync_without_mesh_is_a_clear_error(dirs):
    terminal, _ = dirs
    proc = run("sync", "--once", data_dir=terminal)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"]["code"] == "mesh_not_configured"


def test_queue_export(dirs, tmp_path):
    terminal, _ = dirs
    run_json("dev", "seed-events", "--count", "12", data_dir=terminal)
    out = tmp_path / "carry.json"
    exported = run_json("queue", "export", "--out", str(out), data_dir=terminal)
    assert (exported["exported"], exported["out"], exported["signed"]) == (12, str(out.resolve()), False)
    assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == 12  # one signed bundle


def test_sync_loop_drains_by_itself_and_stops_on_sigterm(dirs):
    """`kazasu sync` (no --once): the mesh is down first, comes back on the same port, the queue drains
    with no command but waiting; SIGTERM ends the loop cleanly with its last state."""
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    run_json("dev", "seed-events", "--count", "20", "--site", "shelter-7", data_dir=terminal)
    first = MeshProcess(db_url, server)
    port = first.url.rsplit(":", 1)[1]
    first.stop()  # down: nothing listens on that port now
    env = {**os.environ, "KAZASU_DATA_DIR": str(terminal)}
    loop = subprocess.Popen([str(KAZASU), "--json", "sync", "--mesh", first.url, "--interval", "0.2",
                             "--backoff-cap", "0.5"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        selector = selectors.DefaultSelector()  # wait (bounded) until it has failed once
        selector.register(loop.stderr, selectors.EVENT_READ)
        assert selector.select(15), "the sync loop logged nothing"
        assert "mesh unreachable" in loop.stderr.readline()
        assert loop.poll() is None
        mesh = MeshProcess(db_url, server, port=port)
        try:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                if httpx.get(mesh.url + "/v1/stats").json()["events"] == 20:
                    break
                time.sleep(0.1)
            assert httpx.get(mesh.url + "/v1/stats").json()["events"] == 20
        finally:
            mesh.stop()
    finally:
        loop.send_signal(signal.SIGTERM)
        out, err = loop.communicate(timeout=20)
    assert loop.returncode == 0, err
    state = json.loads(out)
    assert state["pending"] == 0 and state["running"] is False and state["last_success"]
    assert run_json("queue", "status", data_dir=terminal)["pending"] == 0


def test_enrol_sign_sync_revoke_through_the_cli(dirs):
    """Staff IT issues a code, the terminal enrols with it, its events are signed and accepted by a
    mesh that requires signatures; after `mesh revoke` the terminal's new events are rejected."""
    terminal, server = dirs
    db_url = f"sqlite:///{server / 'mesh.db'}"
    code = run_json("mesh", "enroll", "--db", db_url, "--site", "shelter-7", data_dir=server)
    assert set(code) == {"code", "site", "expires_at"} and code["site"] == "shelter-7"
    mesh = MeshProcess(db_url, server, allow_unsigned=False)
    try:
        enrolled = run_json("terminal", "enroll", "--code", code["code"], "--mesh", mesh.url,
                            data_dir=terminal)
        assert enrolled["site"] == "shelter-7" and enrolled["signed_pending"] == 0
        again = run("terminal", "enroll", "--code", code["code"], "--mesh", mesh.url,
                    data_dir=terminal)
        assert again.returncode == 1
        assert json.loads(again.stdout)["error"]["code"] == "enrolment_code_invalid"
        status = run_json("terminal", "status", data_dir=terminal)
        assert status["enrolled"] and status["mesh_url"] == mesh.url
        run_json("dev", "seed-events", "--count", "25", data_dir=terminal)  # site from terminal.json
        assert run_json("sync", "--once", data_dir=terminal)["accepted"] == 25  # mesh from config
        assert run_json("terminal", "verify", data_dir=terminal) == {
            "enrolled": True, "checked": 25, "problems": [], "ok": True}
        revoked = run_json("mesh", "revoke", "--db", db_url, "--terminal", enrolled["terminal_id"],
                           data_dir=server)
        assert revoked["last_seq"] == 25
        run_json("dev", "seed-events", "--count", "2", data_dir=terminal)
        after = run("sync", "--once", data_dir=terminal)  # refused at once: nothing is sent
        assert after.returncode == 1
        error = json.loads(after.stdout)["error"]
        assert (error["code"], error["http_status"], error["mesh_code"]) == (
            "mesh_error", 403, "terminal_revoked")
        assert run_json("queue", "status", data_dir=terminal)["pending"] == 2  # kept, not lost
        listed = run_json("mesh", "terminals", "--db", db_url, data_dir=server)["terminals"]
        assert [t["revoked_at"] is not None for t in listed] == [True]
    finally:
        mesh.stop()
    assert run_json("mesh", "stats", "--db", db_url, data_dir=server)["sites"] == {"shelter-7": 25}


def test_strict_mesh_rejects_an_unenrolled_terminal(dirs):
    terminal, server = dirs
    mesh = MeshProcess(f"sqlite:///{server / 'mesh.db'}", server, allow_unsigned=False)
    try:
        run_json("dev", "seed-events", "--count", "3", data_dir=terminal)
        result = run("sync", "--once", "--mesh", mesh.url, data_dir=terminal)
        assert result.returncode == 1
        error = json.loads(result.stdout)["error"]
        assert (error["http_status"], error["mesh_code"]) == (401, "credentials_required")
        assert run_json("queue", "status", data_dir=terminal)["pending"] == 3
    finally:
        mesh.stop()
