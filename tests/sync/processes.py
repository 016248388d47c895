"""Real `kazasu` processes for the sync, fault and end-to-end tests, run by tests/cli_runner.py: any
command on a terminal's data folder (site `site-k`), and `kazasu mesh serve` on a port.

`on_terminal(folder)` is the runner of one terminal; `run_json` / `run_error` / `kazasu` are the short
forms the fault tests use (a real process each, KAZASU_* of the test's environment dropped so each
test names its mesh). Every wait is bounded (tests/waiting.py).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from tests.cli_runner import Kazasu, read_line
from tests.waiting import wait_until

SITE = "site-k"
START_TIMEOUT_S = 30.0


def on_terminal(data_dir: Path) -> Kazasu:
    """The runner for one terminal: its data folder and SITE."""
    return Kazasu(data_dir=data_dir, site=SITE)


def env_for(data_dir: Path) -> dict[str, str]:
    """The environment of a terminal's process that is not `kazasu` itself (a Python one-liner)."""
    return on_terminal(data_dir).environment({"KAZASU_DATA_DIR": str(data_dir), "KAZASU_SITE": SITE})


def kazasu(*args: str, data_dir: Path, stderr: Any = subprocess.PIPE,
           preexec_fn: Any = None) -> subprocess.Popen:
    """`kazasu --json ARGS` on `data_dir` in the background (site SITE)."""
    return on_terminal(data_dir).start(*args, stderr=stderr, preexec_fn=preexec_fn)


def run_error(*args: str, data_dir: Path) -> dict:
    """A command that must fail: its `{"error": ...}` (exit status 1)."""
    return on_terminal(data_dir).process(*args, ok=False).error


def run_json(*args: str, data_dir: Path) -> dict:
    """A command that must succeed: its JSON answer."""
    return on_terminal(data_dir).process(*args).json


class MeshServer:
    """`kazasu mesh serve` as a subprocess; `port=0` picks one, a restart passes the same port.
    `demo` (the default here, for the crash tests of unenrolled terminals): `--allow-unsigned-demo`;
    `demo=False` (or `signed=True`) is the mesh as deployed. `extra` are more options of `mesh serve`
    (`--tls-cert` makes it https). Its log goes to <data_dir>/mesh-serve.log (a pipe nobody reads could
    fill and stall it)."""

    def __init__(self, db_url: str, data_dir: Path, port: int | str = 0, *, demo: bool = True,
                 signed: bool = False, extra: tuple[str, ...] = (), preexec_fn: Any = None) -> None:
        demo = demo and not signed
        tls = "--tls-cert" in extra
        self.http = httpx.Client(timeout=2, verify=not tls)  # a test mesh's certificate is its own
        self.log_path = data_dir / "mesh-serve.log"
        self._log = open(self.log_path, "a", encoding="utf-8")
        flags = ("--allow-unsigned-demo",) if demo else ()
        self.proc = Kazasu(data_dir=data_dir).start(
            "mesh", "serve", "--db", db_url, "--port", str(port), *flags, *extra, stderr=self._log,
            preexec_fn=preexec_fn)
        try:
            line = read_line(self.proc, START_TIMEOUT_S)
        except AssertionError as exc:
            self.kill()
            pytest.fail(f"mesh serve did not start: {exc} {self.log_path.read_text()}")
        match = re.search(r"https?://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.kill()
            pytest.fail(f"mesh serve did not start: {line!r} {self.log_path.read_text()}")
        self.url, self.port = match.group(0), int(match.group(1))
        self.first_line = line
        try:
            wait_until(self.healthy, timeout=20, what=f"mesh serve on {self.url} answering /v1/health")
        except AssertionError:
            self.kill()
            raise

    def healthy(self) -> bool:
        try:
            return self.http.get(self.url + "/v1/health").status_code == 200
        except httpx.TransportError:
            return False

    def events(self, operator_token: str | None = None) -> int:
        """The mesh's event count (/v1/stats needs an operator token unless the mesh is a demo)."""
        headers = {"Authorization": f"Bearer {operator_token}"} if operator_token else {}
        try:
            return self.http.get(self.url + "/v1/stats", headers=headers).json()["events"]
        except (httpx.TransportError, KeyError, json.JSONDecodeError):
            return -1

    def kill(self, sig: int = signal.SIGKILL) -> int:
        """Send `sig` (SIGTERM: a clean stop), wait for the exit; the return code."""
        self.http.close()  # its idle keep-alive connection would make a clean stop wait
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()
        self._log.close()
        return self.proc.returncode

    def stop(self) -> int:
        """A clean stop (SIGTERM); the return code."""
        return self.kill(signal.SIGTERM)


def demo_mesh(tmp_path: Path) -> Iterator[MeshServer]:
    """A demo `mesh serve` on SQLite in <tmp_path>/mesh for one test (a fixture's body: `yield from`),
    stopped cleanly afterwards."""
    folder = tmp_path / "mesh"
    folder.mkdir()
    server = MeshServer(f"sqlite:///{folder / 'mesh.db'}", folder)
    yield server
    server.stop()


class NodeServer:
    """`kazasu node serve` of an enrolled node folder as a subprocess (loopback; `port` 0 picks one, a
    restart passes the same port); its log goes to <data_dir>/node-serve.log. `upstream=None`: only
    `--data-dir`, everything else from the node.json the set-up wrote (sync.node.setup; https then,
    with the node's own certificate: `tls_pin` is its pin)."""

    def __init__(self, data_dir: Path, upstream: str | None, port: int = 0, *, interval: float = 0.2,
                 extra: tuple[str, ...] = ()) -> None:
        self.http = httpx.Client(timeout=2, verify=False)  # loopback health checks only; https: its own cert
        self.log_path = data_dir / "node-serve.log"
        self._log = open(self.log_path, "a", encoding="utf-8")
        options = ("--upstream", upstream, "--db", f"sqlite:///{data_dir / 'node.db'}",
                   "--listen", f"127.0.0.1:{port}") if upstream else ()
        self.proc = Kazasu(data_dir=data_dir).start(
            "node", "serve", *options, "--interval", str(interval), *extra, stderr=self._log)
        try:
            line = read_line(self.proc, START_TIMEOUT_S)
        except AssertionError as exc:
            self.kill()
            pytest.fail(f"node serve did not start: {exc} {self.log_path.read_text()}")
        self.first_line = json.loads(line)
        self.url = self.first_line["serving"]
        self.tls_pin = self.first_line.get("tls_pin")
        self.port = int(self.url.rsplit(":", 1)[1])
        wait_until(self.healthy, timeout=20, what=f"node serve on {self.url} answering /v1/health")

    def health(self) -> dict:
        try:
            return self.http.get(self.url + "/v1/health").json()
        except (httpx.TransportError, ValueError):
            return {}

    def healthy(self) -> bool:
        return bool(self.health().get("node"))

    def kill(self, sig: int = signal.SIGKILL) -> int:
        self.http.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()
        self._log.close()
        return self.proc.returncode

    def stop(self) -> int:
        return self.kill(signal.SIGTERM)
