"""The spine end to end, through the real command line only (subprocesses of `kazasu`):

card emulate (slot 1, through the real pcscd + vpcd) → card read with the PIN on stdin → counter
submit (event + local row, then the PDF) → mesh serve on a free loopback port (the terminal enrolled
with a code from `mesh enroll`, so its events are signed) → sync --once twice →
queue status (pending 0) and mesh stats (events 1). Needs the running pcscd (scripts/test.sh).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.pcscd

KAZASU = Path(sys.executable).parent / "kazasu"
SLOT1_READER = "Virtual PCD 00 01"
START_TIMEOUT_S = 15.0
RUN_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kazasu(*args: str, data_dir: Path, stdin: str | None = None) -> dict:
    """Run one command with --json; return its JSON object (asserting exit 0)."""
    done = subprocess.run([str(KAZASU), *args, "--json", "--data-dir", str(data_dir)], input=stdin,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=_env())
    assert done.returncode == 0, f"kazasu {' '.join(args)} failed: {done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def first_line(process: subprocess.Popen, timeout: float) -> str:
    """The first stdout line of a background command, or fail with its stderr."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            pytest.fail(f"no output from {process.args} within {timeout} s")
        line = process.stdout.readline()
    finally:
        selector.close()
    if not line:
        pytest.fail(f"{process.args} exited: {process.stderr.read()}")
    return line


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def emulated_card(pcscd, tmp_path, people):
    person_file = tmp_path / "holder.json"
    person_file.write_text(json.dumps(people[0], ensure_ascii=False), encoding="utf-8")
    process = subprocess.Popen([str(KAZASU), "card", "emulate", "--person", str(person_file),
                                "--slot", "1", "--json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=_env())
    try:
        status = json.loads(first_line(process, START_TIMEOUT_S))
        assert status["status"] == "inserted" and status["reader"] == SLOT1_READER
        yield people[0]
    finally:
        stop(process)


@pytest.fixture
def mesh(tmp_path):
    port = free_port()
    db = f"sqlite:///{tmp_path / 'mesh' / 'mesh.db'}"
    (tmp_path / "mesh").mkdir()
    process = subprocess.Popen([str(KAZASU), "mesh", "serve", "--db", db, "--port", str(port),
                                "--data-dir", str(tmp_path / "mesh")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=_env())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"mesh serve exited: {process.stderr.read()}")
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("mesh serve did not answer /v1/health in time")
            time.sleep(0.1)
        yield url, db
    finally:
        stop(process)


def test_tap_read_submit_sync_end_to_end(emulated_card, mesh, tmp_path):
    holder = emulated_card
    url, db = mesh
    terminal = tmp_path / "terminal"

    person = kazasu("card", "read", "--pin-stdin", "--reader", SLOT1_READER, data_dir=terminal,
                    stdin=holder["pin"] + "\n")
    b = holder["birth_date"]
    assert person == {"name": holder["name"], "address": holder["address"],
                      "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": holder["sex"]}

    # the mesh as deployed takes only enrolled terminals' signed events: enrol first, as staff IT would
    code = kazasu("mesh", "enroll", "--db", db, "--site", "city-hall-1f", data_dir=tmp_path / "mesh")
    enrolled = kazasu("terminal", "enroll", "--code", code["code"], "--mesh", url, data_dir=terminal)
    assert enrolled["site"] == "city-hall-1f"

    person_file, answers_file = tmp_path / "person.json", tmp_path / "answers.json"
    person_file.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    answers_file.write_text(json.dumps({"visitor": "self", "requester_kana": "やまだ たろう",
                                        "certificate_kind": "all", "copies": 1,
                                        "purpose": "employment"}, ensure_ascii=False),
                            encoding="utf-8")
    submitted = kazasu("counter", "submit", "--person", str(person_file), "--form", "juminhyo_request",
                       "--answers", str(answers_file), data_dir=terminal)
    assert submitted["form"] == "juminhyo_request"
    pdf = Path(submitted["pdf"])
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.parent == terminal / "print" and pdf.stem == submitted["event_id"]
    assert kazasu("queue", "status", data_dir=terminal)["pending"] == 1

    first = kazasu("sync", "--once", "--mesh", url, data_dir=terminal)
    assert first["sent"] == 1 and first["accepted"] == 1 and first["pending"] == 0
    second = kazasu("sync", "--once", "--mesh", url, data_dir=terminal)
    assert second["sent"] == 0 and second["pending"] == 0

    status = kazasu("queue", "status", data_dir=terminal)
    assert status["pending"] == 0 and status["acknowledged"] == 1
    stats = kazasu("mesh", "stats", "--db", db, data_dir=tmp_path / "mesh")
    assert stats["events"] == 1


def test_wrong_pin_through_the_cli_reports_tries_left(emulated_card, tmp_path):
    done = subprocess.run([str(KAZASU), "card", "read", "--pin-stdin", "--json", "--reader", SLOT1_READER,
                           "--data-dir", str(tmp_path)], input="0000\n", capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S, env=_env())
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "wrong_pin" and error["tries_left"] == 2
    assert emulated_card["name"] not in done.stdout + done.stderr


def test_counter_metrics_json_and_csv(tmp_path):
    """`kazasu counter metrics`: the per-form medians as JSON and as a CSV file, no personal data."""
    from kiosk.counter import metrics

    terminal = tmp_path / "terminal"
    terminal.mkdir()
    assert kazasu("counter", "metrics", data_dir=terminal) == {"forms": []}
    metrics.record(terminal, [
        {"form_id": "juminhyo_request", "path": "pin", "card_ms": 4000, "asked_ms": 20000,
         "confirm_ms": 5000, "prefilled": 12, "typed": 2},
        {"form_id": "juminhyo_request", "path": "code_b", "card_ms": 8000, "asked_ms": 30000,
         "confirm_ms": 7000, "prefilled": 12, "typed": 4}])
    out = kazasu("counter", "metrics", "--csv", str(tmp_path / "m.csv"), data_dir=terminal)
    [row] = out["forms"]
    assert row["form"] == "juminhyo_request" and row["count"] == 2
    assert row["card_ms_median"] == 6000 and row["typed_median"] == 3
    lines = (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == list(metrics.CSV_COLUMNS)
    assert lines[1].startswith("juminhyo_request,2,6000")
