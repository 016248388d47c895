"""Real `kazasu` processes for the sync, fault and end-to-end tests, run by tests/cli_runner.py: any
command on a terminal's data folder (site `site-k`), and `kazasu mesh serve` on a port.

Every wait is bounded (tests/waiting.py).
"""

from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.cli_runner import Kazasu, read_line
from tests.waiting import wait_until

SITE = "site-k"
START_TIMEOUT_S = 30.0


def on_terminal(data_dir: Path) -> Kazasu:
    """The runner for one terminal: its data folder and SITE."""
    return Kazasu(data_dir=data_dir, site=SITE)


class MeshServer:
    """`kazasu mesh serve` as a subprocess; `port=0` picks one, a restart passes the same port.
    Unsigned events of unenrolled terminals are accepted unless `signed`.

    Its log goes to <data_dir>/mesh-serve.log (a pipe nobody reads could fill and stall it)."""

    def __init__(self, db_url: str, data_dir: Path, port: int | str = 0, *, signed: bool = False) -> None:
        self.http = httpx.Client(timeout=2)
        self.log_path = data_dir / "mesh-serve.log"
        self._log = open(self.log_path, "a", encoding="utf-8")
        self.proc = Kazasu(data_dir=data_dir).start(
            "mesh", "serve", "--db", db_url, "--port", str(port),
            "--require-signed" if signed else "--allow-unsigned", stderr=self._log)
        try:
            line = read_line(self.proc, START_TIMEOUT_S)
        except AssertionError as exc:
            self.kill()
            pytest.fail(f"mesh serve did not start: {exc} {self.log_path.read_text()}")
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.kill()
            pytest.fail(f"mesh serve did not start: {line!r} {self.log_path.read_text()}")
        self.url, self.port = match.group(0), int(match.group(1))
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

    def events(self) -> int:
        try:
            return self.http.get(self.url + "/v1/stats").json()["events"]
        except httpx.TransportError:
            return -1

    def kill(self, sig: int = signal.SIGKILL) -> int:
        """Send `sig` (SIGTERM: a clean stop), wait for the exit; the return code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.http.close()
        self.proc.stdout.close()
        self._log.close()
        return self.proc.returncode

    def stop(self) -> int:
        """A clean stop (SIGTERM); the return code."""
        return self.kill(signal.SIGTERM)
