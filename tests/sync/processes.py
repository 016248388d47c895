"""Real `kazasu` subprocesses for the sync fault tests: any command, and `mesh serve` on a port.

The terminal's data folder is passed in KAZASU_DATA_DIR (site `site-k` in KAZASU_SITE); an inherited
KAZASU_MESH_URL is dropped so each test names its mesh. Every wait is bounded.
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
from typing import Any

import httpx
import pytest

KAZASU = Path(sys.executable).parent / "kazasu"
SITE = "site-k"


def env_for(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "KAZASU_DATA_DIR": str(data_dir), "KAZASU_SITE": SITE}
    env.pop("KAZASU_MESH_URL", None)
    return env


def kazasu(*args: str, data_dir: Path, stderr: Any = subprocess.PIPE,
           preexec_fn: Any = None) -> subprocess.Popen:
    return subprocess.Popen([str(KAZASU), "--json", *args], env=env_for(data_dir),
                            stdout=subprocess.PIPE, stderr=stderr, text=True, preexec_fn=preexec_fn)


def run_error(*args: str, data_dir: Path) -> dict:
    """A command that must fail: its `{"error": ...}` (exit status 1)."""
    proc = kazasu(*args, data_dir=data_dir)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err + out
    return json.loads(out)["error"]


def run_json(*args: str, data_dir: Path) -> dict:
    proc = kazasu(*args, data_dir=data_dir)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err + out
    return json.loads(out)


class MeshServer:
    """`kazasu mesh serve` as a subprocess; `port=0` picks one, a restart passes the same port.
    `demo` (the default here, for the crash tests of unenrolled terminals): `--allow-unsigned-demo`;
    `demo=False` is the mesh as deployed. Its log goes to <data_dir>/mesh-serve.log (a pipe nobody
    reads could fill and stall it)."""

    def __init__(self, db_url: str, data_dir: Path, port: int = 0, *, demo: bool = True,
                 extra: tuple[str, ...] = (), preexec_fn: Any = None) -> None:
        tls = "--tls-cert" in extra
        self.http = httpx.Client(timeout=2, verify=not tls)  # a test mesh's certificate is its own
        self.log_path = data_dir / "mesh-serve.log"
        self._log = open(self.log_path, "a", encoding="utf-8")
        flags = ("--allow-unsigned-demo",) if demo else ()
        self.proc = kazasu("mesh", "serve", "--db", db_url, "--port", str(port), *flags, *extra,
                           data_dir=data_dir, stderr=self._log, preexec_fn=preexec_fn)
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        line = self.proc.stdout.readline() if selector.select(30) else ""
        match = re.search(r"https?://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.kill()
            pytest.fail(f"mesh serve did not start: {line!r} {self.log_path.read_text()}")
        self.url, self.port = match.group(0), int(match.group(1))
        self.first_line = line
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.http.get(self.url + "/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.02)
        self.kill()
        pytest.fail("mesh serve did not become healthy")

    def events(self) -> int:
        try:
            return self.http.get(self.url + "/v1/stats").json()["events"]
        except httpx.TransportError:
            return -1

    def kill(self, sig: int = signal.SIGKILL) -> int:
        """Send `sig` (SIGTERM: a clean stop), wait for the exit; the return code."""
        self.http.close()  # its idle keep-alive connection would make a clean stop wait
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        self.proc.wait(15)
        self.proc.stdout.close()
        self._log.close()
        return self.proc.returncode


