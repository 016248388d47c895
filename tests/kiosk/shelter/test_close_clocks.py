"""A shelter close-out does not depend on any clock (issue 16). Two terminals as deployed: separate
`kazasu` processes on their own data folders, a real `kazasu mesh serve`; the closing terminal's clock
is 3 days behind, then 3 days ahead (its `time.time`, which event ids carry, shifted in its process).

Defect: `shelter close` erased what sorted before its event id. 3 days behind, the other terminal's
check-ins stayed on the mesh in clear; 3 days ahead, a check-in written after the close was erased.
Now the close covers what the closing terminal had seen (its own events and the feed up to its
cursor); later events stay, everywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.processes import SITE, demo_mesh, env_for, run_json

DAYS3 = 3 * 24 * 3600


def kazasu_at(offset_s: float, *args: str, data_dir: Path) -> dict:
    """`kazasu --json ARGS` in a process whose clock is `offset_s` seconds off."""
    code = (f"import sys, time; real = time.time; time.time = lambda: real() + {offset_s!r}; "
            "from kiosk.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "--json", *args], env=env_for(data_dir),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def mesh(tmp_path):
    yield from demo_mesh(tmp_path)


def feed(mesh) -> dict[str, dict]:
    events = mesh.http.get(f"{mesh.url}/v1/sites/{SITE}/events", params={"limit": 1000}).json()["events"]
    return {e["id"]: e for e in events}


def names_in(events: dict[str, dict]) -> set[str]:
    return {e["payload"]["person"]["name"] for e in events.values()
            if e["kind"] == "shelter.person_registered" and e["payload"]}


def close_at(offset_s: float, term: Path, tmp_path: Path, mesh) -> dict:
    kazasu_at(offset_s, "shelter", "export", "--format", "csv", "--out", str(tmp_path / "roster.csv"),
              data_dir=term)
    closed = kazasu_at(offset_s, "shelter", "close", data_dir=term)
    kazasu_at(offset_s, "sync", "--once", "--mesh", mesh.url, data_dir=term)
    return closed


def test_a_closing_terminal_3_days_behind_erases_what_it_had_seen(mesh, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    kazasu_at(-DAYS3, "shelter", "checkin", "--by-hand", "--name", "見本　甲", data_dir=a)
    for name in ("見本　乙", "見本　丙"):
        run_json("shelter", "checkin", "--by-hand", "--name", name, data_dir=b)
    run_json("sync", "--once", "--mesh", mesh.url, data_dir=b)
    assert kazasu_at(-DAYS3, "sync", "--once", "--mesh", mesh.url, data_dir=a)["pulled"] == 4
    assert kazasu_at(-DAYS3, "shelter", "status", data_dir=a)["present"] == 3
    closed = close_at(-DAYS3, a, tmp_path, mesh)
    assert closed["summary"]["people"] == 3
    # the redaction's id sorts 3 days before b's check-ins: covered all the same
    assert max(feed(mesh)) > closed["redaction_event_id"]
    assert names_in(feed(mesh)) == set()
    run_json("sync", "--once", "--mesh", mesh.url, data_dir=b)  # b pulls the close
    assert run_json("shelter", "status", data_dir=b)["present"] == 0
    assert run_json("shelter", "find", "見本", data_dir=b)["count"] == 0


def test_a_closing_terminal_3_days_ahead_leaves_later_check_ins_alone(mesh, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    kazasu_at(DAYS3, "shelter", "checkin", "--by-hand", "--name", "見本　丁", data_dir=a)
    kazasu_at(DAYS3, "sync", "--once", "--mesh", mesh.url, data_dir=a)
    close_at(DAYS3, a, tmp_path, mesh)
    assert run_json("sync", "--once", "--mesh", mesh.url, data_dir=b)["pulled"] >= 3
    after = run_json("shelter", "checkin", "--by-hand", "--name", "見本　戊", data_dir=b)
    run_json("sync", "--once", "--mesh", mesh.url, data_dir=b)
    served = feed(mesh)
    assert after["event_id"] < max(served)  # it sorts before the close's id: the old rule erased it
    assert names_in(served) == {"見本　戊"}  # written after the close: kept, on the mesh…
    assert run_json("shelter", "find", "見本", data_dir=b)["count"] == 1  # …at b…
    kazasu_at(DAYS3, "sync", "--once", "--mesh", mesh.url, data_dir=a)
    assert kazasu_at(DAYS3, "shelter", "status", data_dir=a)["present"] == 1  # …and at a
