"""A private CUPS scheduler for the printing tests: its own configuration, spool and unix socket in a
temporary folder (never the machine's /etc/cups or /run/cups), `FileDevice Yes` so that a queue can
print to a file. `queue(name)` adds a queue with cups-filters' "Generic PDF Printer" driver (the real
filter chain: pdftopdf, then a PJL-wrapped PDF, as for an office PDF printer) whose device is
`file://<out>/<name>.out`; `printed_pdf()` cuts the PDF out of what CUPS wrote there, so the test can
open what was printed. (A raw queue printed nothing to a file device here.)

Clients reach it through `CUPS_SERVER=<socket>` (the fixture sets it for the test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.waiting import wait_until

CUPSD = "/usr/sbin/cupsd"
PDF_PRINTER_PPD = "lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd"


def printed_pdf(job_output: bytes) -> bytes:
    """The PDF inside a PDF printer's job (PJL before `%PDF-` and after the last `%%EOF`)."""
    start, end = job_output.find(b"%PDF-"), job_output.rfind(b"%%EOF")
    assert start >= 0 and end > start, job_output[:200]
    return job_output[start:end + len(b"%%EOF")]


class PrivateCups:
    def __init__(self) -> None:
        # not under pytest's tmp_path: that is 0700, and CUPS writes the file device as user lp
        self.root = Path(tempfile.mkdtemp(prefix="kazasu-cups-"))
        self.root.chmod(0o755)
        self.socket = self.root / "cups.sock"
        self.out = self.root / "out"
        for sub in ("etc", "spool/tmp", "cache", "state", "log", "out"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.out.chmod(0o1777)
        self.proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}

    def start(self) -> "PrivateCups":
        etc = self.root / "etc"
        (etc / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        if os.geteuid() == 0:  # jobs and backends run as lp; admin through the socket as root
            users = "SystemGroup root\nUser lp\nGroup lp\n"
        else:  # CUPS' own test-suite set-up: everything as the calling user
            group = subprocess.run(["id", "-gn"], capture_output=True, text=True).stdout.strip()
            users = f"SystemGroup {group}\nUser {os.environ.get('USER', 'nobody')}\n"
        (etc / "cups-files.conf").write_text(
            f"FileDevice Yes\nServerRoot {etc}\nRequestRoot {self.root / 'spool'}\n"
            f"TempDir {self.root / 'spool/tmp'}\nCacheDir {self.root / 'cache'}\n"
            f"StateDir {self.root / 'state'}\nErrorLog {self.root / 'log/error_log'}\n"
            f"AccessLog {self.root / 'log/access_log'}\nPageLog {self.root / 'log/page_log'}\n"
            + users)
        self.proc = subprocess.Popen([CUPSD, "-f", "-c", str(etc / "cupsd.conf"), "-s",
                                      str(etc / "cups-files.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        def answering() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"cupsd ended: {self.proc.stderr.read().decode()[-500:]} {self.log()}")
            return self.socket.exists() and self._lpstat_ok()

        try:
            wait_until(answering, 10, "cupsd to answer", interval=0.1)
        except AssertionError as exc:
            raise RuntimeError(f"{exc}: {self.log()}") from None
        return self

    def _lpstat_ok(self) -> bool:
        return subprocess.run(["lpstat", "-r"], env=self.env, capture_output=True, text=True).stdout.startswith(
            "scheduler is running")

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def lpadmin(self, *argv: str) -> None:
        result = subprocess.run(["lpadmin", *argv], env=self.env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    def queue(self, name: str, default: bool = False) -> Path:
        """A PDF printer queue printing to a file; returns the file the jobs are written to."""
        target = self.out / f"{name}.out"
        self.lpadmin("-p", name, "-E", "-v", f"file://{target}", "-m", PDF_PRINTER_PPD)
        if default:
            self.lpadmin("-d", name)
        return target

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(argv), env=self.env, capture_output=True, text=True)

    def wait_for_output(self, target: Path, timeout: float = 20.0) -> bytes:
        """The job's bytes once CUPS has finished writing them (no job left on the queue)."""
        def written() -> bool:
            pending = self.run("lpstat", "-o").stdout.strip()
            return target.exists() and target.stat().st_size > 0 and not pending

        try:
            wait_until(written, timeout, f"the job's output at {target}", interval=0.1)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; queue: {self.run('lpstat', '-o', '-p').stdout} log: {self.log()}") \
                from None
        return target.read_bytes()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def cups_server():
    if not Path(CUPSD).exists():
        pytest.fail("cupsd is not installed: run scripts/setup.sh as root (Debian packages cups, cups-client)")
    server = PrivateCups()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def cups(cups_server, monkeypatch):
    """The private CUPS for one test: CUPS_SERVER points at it; the queues it made are removed after."""
    monkeypatch.setenv("CUPS_SERVER", str(cups_server.socket))
    monkeypatch.delenv("KAZASU_PRINTER", raising=False)
    yield cups_server
    for line in cups_server.run("lpstat", "-p").stdout.splitlines():
        if line.startswith("printer "):
            cups_server.run("lpadmin", "-x", line.split()[1])
    for path in cups_server.out.iterdir():
        path.unlink()
