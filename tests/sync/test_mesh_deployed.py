"""The mesh as deployed, attacked from outside: a real `kazasu mesh serve` process (SQLite and
PostgreSQL) and real `kazasu` terminal commands. A plain `mesh serve` is closed to outsiders and the
demo flag is loud; a huge body costs the mesh nothing; slow headers and bodies are cut off; idle
connections at the file limit neither stop the mesh nor flood its log; TLS with the pin from the
enrolment code, and a terminal refuses an impostor (before sending a byte) and plain http."""

from __future__ import annotations

import resource
import select
import socket
import time
from pathlib import Path

import httpx
import pytest

from sync.events import Event

from .processes import MeshServer, run_error, run_json
from .tls_files import Impostor, make_cert


def vm_hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def read_answer(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """Everything the server sends until it closes the connection (bounded)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def mesh_dir(tmp_path):
    folder = tmp_path / "mesh"
    folder.mkdir()
    return folder


def test_plain_serve_is_closed_and_the_demo_flag_is_loud(mesh_db_url, mesh_dir):
    server = MeshServer(mesh_db_url, mesh_dir, demo=False)
    try:
        assert server.http.get(server.url + "/v1/health").json()["allow_unsigned_demo"] is False
        wipe = Event.create("sync.redaction", {"reason": "x", "kind_prefix": "shelter.", "role": "admin"},
                            site="site-k", terminal="term-outsider", staff="x")
        posted = server.http.post(server.url + "/v1/events/batch", json={"events": [wipe.to_dict()]})
        read = server.http.get(server.url + "/v1/sites/site-k/events")
        stats = server.http.get(server.url + "/v1/stats")
        assert [r.status_code for r in (posted, read, stats)] == [401, 401, 401]
        assert {r.json()["error"]["code"] for r in (posted, read, stats)} == {"credentials_required"}
    finally:
        assert server.kill(15) == 0
    demo = MeshServer(mesh_db_url, mesh_dir, demo=True)
    try:
        health = demo.http.get(demo.url + "/v1/health").json()
        assert health["allow_unsigned_demo"] is True and "never run it on a network" in health["warning"]
        assert '"demo": true' in demo.first_line
    finally:
        assert demo.kill(15) == 0
    assert "demo mesh" in demo.log_path.read_text()
    error = run_error("mesh", "serve", "--db", mesh_db_url, "--host", "0.0.0.0", "--port", "0",
                      "--allow-unsigned-demo", data_dir=mesh_dir)
    assert error["code"] == "demo_mesh_not_loopback" and error["message_ja"] and error["message_en"]


def test_a_huge_body_without_credentials_costs_the_mesh_nothing(mesh_db_url, mesh_dir):
    """Before: 300 MB with no credentials peaked the mesh at 933 MiB and kept 611 MiB."""
    server = MeshServer(mesh_db_url, mesh_dir, demo=False)
    try:
        before = vm_hwm_kib(server.proc.pid)
        head = (f"POST /v1/events/batch HTTP/1.1\r\nHost: mesh\r\ncontent-type: application/json\r\n"
                f"content-length: {300 * 1024 * 1024}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(head)  # declared: refused before a byte of the body is read
            declared = read_answer(sock)
        chunk = b" " * (1024 * 1024)
        sent = 0
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.settimeout(5)
            sock.sendall(b"POST /v1/events/batch HTTP/1.1\r\nHost: mesh\r\ncontent-type: application/json"
                         b"\r\ntransfer-encoding: chunked\r\n\r\n")
            for _ in range(300):  # up to 300 MiB, chunked: no length to refuse it by
                if select.select([sock], [], [], 0)[0]:
                    break
                try:
                    sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                except OSError:
                    break
                sent += len(chunk)
            streamed = read_answer(sock)
        after = vm_hwm_kib(server.proc.pid)
        assert declared.startswith(b"HTTP/1.1 413") and b"request_too_large" in declared
        assert streamed.startswith(b"HTTP/1.1 413") and b"request_too_large" in streamed
        assert sent < 64 * 1024 * 1024  # it stopped reading at 8 MiB (plus the sockets' buffers)
        assert after - before < 48 * 1024, f"peak grew by {(after - before) // 1024} MiB"
        assert server.http.get(server.url + "/v1/health").status_code == 200
    finally:
        assert server.kill(15) == 0


def test_slow_headers_and_bodies_are_cut_off(mesh_db_url, mesh_dir):
    """Before: a connection sending its headers slowly was never timed out."""
    server = MeshServer(mesh_db_url, mesh_dir, demo=False,
                        extra=("--header-timeout", "1", "--body-timeout", "1"))
    try:
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port)) as slow_head, \
                socket.create_connection(("127.0.0.1", server.port)) as silent, \
                socket.create_connection(("127.0.0.1", server.port)) as slow_body:
            slow_head.sendall(b"GET /v1/health HTTP/1.1\r\nHost: mesh\r\n")  # never finished
            slow_body.sendall(b"POST /v1/events/batch HTTP/1.1\r\nHost: mesh\r\ncontent-type: "
                              b"application/json\r\ncontent-length: 100\r\n\r\n{\"events\"")
            answers = [read_answer(s, timeout=8) for s in (slow_head, silent, slow_body)]
        elapsed = time.monotonic() - started
        assert [a[:12] for a in answers] == [b"HTTP/1.1 408"] * 3, answers
        assert all(b"request_timeout" in a for a in answers)
        assert elapsed < 6
        assert server.http.get(server.url + "/v1/health").status_code == 200
    finally:
        assert server.kill(15) == 0


def test_idle_connections_at_the_file_limit(mesh_db_url, mesh_dir):
    """Before: 1,100 idle connections at the usual 1,024-file limit stopped all new connections and
    wrote 52 MB of tracebacks in 12 s. Here the same at a 256-file limit, with 300 connections."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1024 <= hard or soft < 1024 and hard == resource.RLIM_INFINITY:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))  # this test's own sockets

    def low_file_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    server = MeshServer(mesh_db_url, mesh_dir, demo=False, extra=("--header-timeout", "2"),
                        preexec_fn=low_file_limit)
    idle: list[socket.socket] = []
    try:
        started = time.monotonic()
        for _ in range(300):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        time.sleep(0.5)  # the mesh accepts (or refuses) what waits in its backlog
        refused = 0
        for sock in idle:
            if select.select([sock], [], [], 0)[0]:
                answer = read_answer(sock, timeout=1)
                refused += answer.startswith(b"HTTP/1.1 429") and b"too_many_connections" in answer
        assert refused >= 50  # the connections over the cap were answered 429 at once
        deadline = time.monotonic() + 15
        healthy = False
        while time.monotonic() < deadline and not healthy:  # the idle ones time out, service resumes
            try:
                healthy = httpx.get(server.url + "/v1/health", timeout=2).status_code == 200
            except httpx.TransportError:
                time.sleep(0.2)
        assert healthy, "the mesh did not come back"
        assert time.monotonic() - started < 15
        assert server.proc.poll() is None
    finally:
        for sock in idle:
            sock.close()
        assert server.kill(15) == 0
    log = server.log_path.read_text()
    assert "Traceback" not in log and "out of system resource" not in log
    assert len(log) < 20_000, f"the log grew to {len(log)} bytes"


def test_tls_with_the_pin_from_the_enrolment_code(mesh_db_url, mesh_dir, tmp_path):
    """Before: `mesh serve` had no TLS and terminals and the wizard accepted http://."""
    cert, key = make_cert(tmp_path / "tls")
    server = MeshServer(mesh_db_url, mesh_dir, demo=False,
                        extra=("--tls-cert", str(cert), "--tls-key", str(key)))
    terminal = tmp_path / "terminal"
    impostor = Impostor(tmp_path / "impostor")
    try:
        assert server.url.startswith("https://") and '"tls_pin"' in server.first_line
        issued = run_json("mesh", "enroll", "--db", mesh_db_url, "--site", "site-t", "--tls-cert",
                          str(cert), data_dir=mesh_dir)
        assert len(issued["code"].replace("-", "")) == 38 and issued["tls_pin"] in server.first_line
        # a pin typed wrong (or a server in the middle): refused before the code or key is sent
        wrong = issued["code"][:-2] + ("22" if not issued["code"].endswith("22") else "33")
        error = run_error("terminal", "enroll", "--code", wrong, "--mesh", server.url, data_dir=terminal)
        assert error["code"] == "mesh_certificate_mismatch"
        assert not (terminal / "terminal.key").exists()
        enrolled = run_json("terminal", "enroll", "--code", issued["code"], "--mesh", server.url,
                            data_dir=terminal)
        assert enrolled["pinned"] is True and enrolled["site"] == "site-t"
        run_json("dev", "seed-events", "--count", "20", "--site", "site-t", data_dir=terminal)
        assert run_json("sync", "--once", "--site", "site-t", data_dir=terminal)["accepted"] == 20
        run_json("dev", "seed-events", "--count", "5", "--site", "site-t", data_dir=terminal)
        refused = run_error("sync", "--once", "--mesh", impostor.url, data_dir=terminal)
        assert refused["code"] == "mesh_certificate_mismatch" and refused["message_ja"]
        assert impostor.handshakes >= 1 and impostor.received == b""  # not one byte of HTTP
        plain = run_error("sync", "--once", "--mesh", "http://192.0.2.1:8765", data_dir=terminal)
        assert plain["code"] == "mesh_url_insecure"
        assert run_json("queue", "status", data_dir=terminal)["pending"] == 5
        assert run_json("sync", "--once", "--site", "site-t", data_dir=terminal)["accepted"] == 5  # the real mesh
    finally:
        impostor.close()
        assert server.kill(15) == 0
