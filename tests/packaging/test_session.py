"""The kiosk user's X session script (packaging/session/kazasu-session) with the real `kazasu run`
(offscreen Qt, the real pcscd): it writes the doctor's report, starts the kiosk full screen, ends when
the kiosk ends cleanly, and starts it again after a failure (bounded here by
KAZASU_SESSION_MAX_RESTARTS so the test ends)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli_runner import KAZASU

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "packaging" / "session" / "kazasu-session"

pytestmark = pytest.mark.pcscd


def run_session(argv: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """The session in its own process group: on a timeout the kiosk it started is ended with it."""
    proc = subprocess.Popen(["sh", str(SESSION), *argv], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def session_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "KAZASU_BIN": str(KAZASU), "KAZASU_SESSION_RESTART_PAUSE": "0", **extra}


def test_session_starts_the_kiosk_and_ends_with_it(pcscd, tmp_path, kazasu):
    env = session_env(tmp_path, KAZASU_SESSION_MAX_RESTARTS="1")  # a failing kiosk fails the test, not a hang
    data = Path(env["HOME"]) / ".local" / "share" / "kazasu"  # the session's default data folder
    data.mkdir(parents=True)
    (data / "kiosk.json").write_text('{"setup_done": true}', encoding="utf-8")  # set up: no wizard …
    kazasu.process("staff", "add", "--id", "admin1", "--role", "admin", "--pin-stdin", data_dir=data,
                   stdin="97531\n", timeout=60)  # … and an administrator exists, as after a real first run
    result = run_session(["--quit-after", "1"], env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ok: True" in result.stdout
    report = (data / "doctor-at-login.txt").read_text(encoding="utf-8")
    assert "pcscd" in report and "fonts" in report
    assert "start 1 again" not in result.stderr


def test_session_restarts_a_failing_kiosk(tmp_path):
    env = session_env(tmp_path, KAZASU_SESSION_MAX_RESTARTS="2", KAZASU_DATA_DIR=str(tmp_path / "data"))
    result = run_session(["--no-such-option"], env, timeout=120)
    assert result.returncode == 2  # argparse's status for the bad option, after giving up
    assert result.stderr.count("the kiosk exited with status 2") == 3
    assert "gave up after 2 restarts" in result.stderr
    assert (tmp_path / "data" / "doctor-at-login.txt").exists()


def test_session_says_when_kazasu_is_missing(tmp_path):
    env = session_env(tmp_path)
    del env["KAZASU_BIN"]
    result = run_session([], env, timeout=30)
    if any(Path(p).exists() for p in ("/opt/kazasu/kazasu", "/opt/kazasu/venv/bin/kazasu")):
        pytest.fail("this test expects no kazasu installed in /opt/kazasu on the test machine")
    assert result.returncode == 1
    assert "kazasu not found" in result.stderr
