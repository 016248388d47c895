"""The test ILS (ils_server.py, pysip2's server) as a subprocess: `IlsServer(folder)` starts it on a free
port; `kill()` takes it down (the ILS does not answer: connection refused), `start()` brings it back on
the same port with the same loans. `settings()` is library.json's `ils` part for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.library.config import IlsSettings
from tests.cli_runner import read_line

ROOT = Path(__file__).resolve().parents[4]
START_TIMEOUT_S = 30.0


class IlsServer:
    def __init__(self, folder: Path, *, login: bool = True) -> None:
        self.folder = folder
        self.state = folder / "ils-state.json"
        self.login = login
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        argv = [sys.executable, "-m", "tests.kiosk.library.sip2.ils_server", "--state", str(self.state),
                "--port", str(self.port)] + ([] if self.login else ["--no-login"])
        self._log = open(self.folder / "ils-server.log", "a", encoding="utf-8")
        self.proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=self._log, text=True,
                                     env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        line = read_line(self.proc, START_TIMEOUT_S)
        assert line.startswith("listening "), line
        self.port = int(line.split()[1])

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc.stdout.close()
            self._log.close()
        self.proc = None

    def settings(self, **changes: Any) -> IlsSettings:
        base = {"host": "127.0.0.1", "port": self.port, "login": "kazasu", "password": "secret",
                "location": "KZ1", "institution": "KAZASU", "timeout_seconds": 3.0}
        return IlsSettings(**{**base, **changes})

    def ils_json(self, **changes: Any) -> dict[str, Any]:
        return self.settings(**changes).model_dump(exclude_none=True)

    def recorded(self) -> dict[str, Any]:
        """What the ILS holds now: loans, blocked patrons, the log of circulation messages."""
        return json.loads(self.state.read_text(encoding="utf-8")) if self.state.exists() else {}
