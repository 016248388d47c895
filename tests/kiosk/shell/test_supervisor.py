"""A crash restarts the kiosk: the supervisor restarts a real `kazasu run` killed by SIGSEGV, and the
new process comes back to the desk the old one was on; a staff quit (status 0) ends the supervisor.
`kazasu run` shows the set-up wizard first on a fresh terminal, and in kiosk mode also when there is
no staff account (nobody could quit it with a PIN)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from kiosk.shell.laststate import last_desk, remember_desk
from kiosk.shell.settings import KioskSettings
from kiosk.shell.supervisor import Supervisor


def test_crashes_are_restarted_until_a_clean_exit(tmp_path):
    counter = tmp_path / "runs"
    script = ("import os, pathlib, sys\n"
              f"p = pathlib.Path({str(counter)!r})\n"
              "n = int(p.read_text()) + 1 if p.exists() else 1\n"
              "p.write_text(str(n))\n"
              "if n < 3:\n    os.abort()\n"
              "sys.exit(0)\n")
    supervisor = Supervisor([sys.executable, "-c", script], delay=0.05, max_delay=0.2, stable=60)
    assert supervisor.run() == 0
    assert counter.read_text() == "3" and supervisor.starts == 3


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue, seen: list[str], needle: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} not seen; output:\n" + "\n".join(seen[-40:]))


def test_a_crashed_kiosk_comes_back_to_its_desk(tmp_path, pcscd, kazasu):
    KioskSettings(setup_done=True, site="test-site").save(tmp_path)
    remember_desk(tmp_path, "shelter")
    kiosk = kazasu.using(data_dir=tmp_path, json=False, env={"QT_QPA_PLATFORM": "offscreen"})
    command = [sys.executable, "-m", "kiosk.shell.supervisor", "--delay", "0.2", "--",
               *kiosk.command("-v", "run", "--windowed", "--reader", "Virtual PCD 00 01")]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env=kiosk.environment())
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        first = int(_wait_for(lines, seen, "started pid").split("started pid ")[1].split()[0])
        _wait_for(lines, seen, "kiosk ready (shelter)")
        os.kill(first, signal.SIGSEGV)  # a real crash of the kiosk process
        _wait_for(lines, seen, f"pid {first} ended with signal {int(signal.SIGSEGV)}")
        second = int(_wait_for(lines, seen, "started pid").split("started pid ")[1].split()[0])
        assert second != first
        _wait_for(lines, seen, "kiosk ready (shelter)")
        assert last_desk(tmp_path) == "shelter"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0


def test_first_run_shows_the_wizard_and_a_locked_kiosk_needs_staff(tmp_path, pcscd, kazasu):
    from kiosk.shell.staff import StaffDirectory

    run = kazasu.using(data_dir=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"}).process
    out = run("run", "--windowed", "--quit-after", "1", timeout=90, ok=False)
    assert out["setup_done"] is False  # the wizard came first and was not finished
    assert not (tmp_path / "kiosk.json").exists()
    KioskSettings(setup_done=True, site="test-site").save(tmp_path)
    out = run("run", "--quit-after", "1", timeout=90, ok=False)  # kiosk mode without a staff account: wizard
    assert out["setup_done"] is False
    StaffDirectory(tmp_path).add("admin1", "admin", "97531")
    out = run("run", "--quit-after", "1", "--reader", "Virtual PCD 00 01", timeout=90)
    assert out["ok"] is True
