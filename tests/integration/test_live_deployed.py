"""Two terminals and a mesh as a shelter runs them, every part a real process (issue 16, "Proof").

- the mesh: `kazasu mesh serve` as deployed (enrolment and signed requests required), reached by both
  terminals through a fault proxy on loopback (tests/sync/fault_proxy.py) that can cut the network;
- terminal B: `kazasu run` in a real window (Xvfb, no window manager), its shelter desk open, read
  through the accessibility tree as a screen reader reads it (tests/kiosk/window);
- terminal A: the desks' command line (`kazasu shelter …`, `kazasu library …`, `kazasu sync`), one process
  per command, on its own data folder; B's own command line on B's folder beside B's kiosk.

What it shows: a check-in at A appears on B's open desk (pushed: B's log says its live stream is open);
a loan made at A and returned at B is closed at both, with the check-out's patron–item link erased at
both; with the network cut both keep working, and after it returns they converge (A in one pass, B's
running kiosk by itself); `kill -9` of A's sync mid-batch and of B's kiosk mid-sync, then a restart: the
mesh holds every event of both exactly once and nothing was lost. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from kiosk.shell.settings import KioskSettings
from sync.mesh.backends import open_storage
from sync.store import EventStore
from tests.kiosk.window.conftest import SIZES, kiosk_window, x_server  # noqa: F401 (fixtures)
from tests.sync.fault_proxy import PASS, Delay, FaultProxy
from tests.sync.processes import MeshServer, kazasu, run_error, run_json
from tests.waiting import wait_until

pytestmark = pytest.mark.pcscd
SITE = "site-k"   # tests.sync.processes runs every command with this site
ITEM = "1000000017"
SHOWN_S = 30.0    # B's desk shows what A sent (pushed: about a second; polled: 5 s)
CONVERGE_S = 120.0  # after the network returns: B's backoff is at most a minute


def shows(k, name: str, timeout: float = SHOWN_S) -> float:
    """Seconds until `name` is in B's who-is-here list (bounded), looked up by its search box as the
    volunteer does (the list shows what it has room for)."""
    k.type_into("Search by name or kana", name)
    started = time.monotonic()
    k.wait_until(lambda cs: any(c.role == "list item" and name in c.name for c in cs),
                 f"{name} on B's open desk", timeout=timeout)
    return time.monotonic() - started


def mesh_ids(db_url: str) -> list[str]:
    storage = open_storage(db_url)
    try:
        with storage.reading() as tx:
            return [row[0] for row in tx.all("SELECT id FROM mesh_events")]
    finally:
        storage.close()


def own_ids(folder: Path) -> set[str]:
    store = EventStore(folder / "kazasu.db")
    try:
        return {row[0] for row in store.db.execute("SELECT id FROM events").fetchall()}
    finally:
        store.close()


def checkouts_erased(folder: Path) -> list[bool]:
    """Each library check-out this terminal holds (its own or pulled): is its payload erased?"""
    store = EventStore(folder / "kazasu.db")
    try:
        own = [store.get(r[0]) for r in store.db.execute(
            "SELECT id FROM events WHERE kind = 'library.checked_out'").fetchall()]
        pulled = [e for e in store.remote_events(SITE, 10**6) if e.kind == "library.checked_out"]
        return [e.redacted and e.payload == {} for e in own + pulled]
    finally:
        store.close()


def start_b(start, x, folder: Path):
    return start(x, ["run", "--windowed", "--data-dir", str(folder)])


@pytest.fixture
def deployed(tmp_path):
    mesh_dir = tmp_path / "mesh"
    mesh_dir.mkdir()
    db_url = f"sqlite:///{mesh_dir / 'mesh.db'}"
    mesh = MeshServer(db_url, mesh_dir, signed=True)
    proxy = FaultProxy(mesh.url).start()
    try:
        yield mesh, proxy, db_url, mesh_dir
    finally:
        proxy.stop()
        mesh.stop()


def enrol(folder: Path, db_url: str, mesh_dir: Path, url: str) -> None:
    code = run_json("mesh", "enroll", "--db", db_url, "--site", SITE, data_dir=mesh_dir)["code"]
    run_json("terminal", "enroll", "--code", code, "--mesh", url, data_dir=folder)


def test_two_kiosks_and_a_mesh_as_deployed(deployed, x_server, kiosk_window, people, tmp_path):  # noqa: F811
    mesh, proxy, db_url, mesh_dir = deployed
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        enrol(folder, db_url, mesh_dir, proxy.url)
    KioskSettings(setup_done=True, desk="shelter", site=SITE, mesh_url=proxy.url).save(b)
    x = x_server(*SIZES["1366x768"])
    k = start_b(kiosk_window, x, b)
    k.wait_for("Check in", "push button")
    wait_until(lambda: "live stream of site-k open" in k.log(400), timeout=SHOWN_S,
               what="B's live stream open")

    # 1. a check-in at A shows on B's open desk
    run_json("shelter", "setup", "--name", "架空市立第一小学校", "--municipality-code", "999999",
             "--capacity", "50", data_dir=a)
    run_json("shelter", "checkin", "--by-hand", "--name", "架空　一郎", "--kana", "かくう いちろう",
             "--birth-date", "1980-01-02", data_dir=a)
    assert run_json("sync", "--once", data_dir=a)["accepted"] == 3
    seconds = shows(k, "架空　一郎")
    print(f"A's check-in on B's open desk {seconds:.2f} s after A's pass ended")
    k.shot("b-shows-a-check-in")

    # 2. a loan at A, returned at B: closed at both, the patron–item link erased at both
    person = tmp_path / "person.json"
    p = people[0]
    person.write_text(json.dumps({"name": p["name"], "address": p["address"], "sex_code": p["sex"],
                                  "birth_date": f"{p['birth_date'][:4]}-{p['birth_date'][4:6]}-"
                                                f"{p['birth_date'][6:]}"}, ensure_ascii=False))
    patron = run_json("library", "register", "--person", str(person), data_dir=a)["patron_number"]
    run_json("library", "checkout", "--patron", patron, "--item", ITEM, data_dir=a)
    run_json("sync", "--once", data_dir=a)
    wait_until(lambda: run_json("library", "show", "--patron", patron, data_dir=b)["loans"],
               timeout=SHOWN_S, what="A's loan known at B (pulled by B's kiosk)")
    assert run_json("library", "checkin", "--item", ITEM, data_dir=b)["known_loan"] is True
    run_json("sync", "--once", data_dir=b)
    assert run_json("sync", "--once", data_dir=a)["pulled"] >= 2   # B's return and its redaction
    for folder in (a, b):
        assert run_json("library", "show", "--patron", patron, data_dir=folder)["loans"] == []
    assert checkouts_erased(a) == [True]
    assert checkouts_erased(b) == [True]

    # 3. the network is cut: both keep working; it returns: they converge
    proxy.cut()
    run_json("shelter", "checkin", "--by-hand", "--name", "切断　花子", "--kana", "せつだん はなこ",
             "--birth-date", "1990-03-04", data_dir=a)
    assert run_error("sync", "--once", data_dir=a)["code"] == "mesh_unreachable"
    k.type_into("Name (required)", "孤立　次郎")
    k.type_into("Kana", "こりつ じろう")
    k.type_into("Born or age", "1975-06-07")
    k.press("Check in", "push button")
    shows(k, "孤立　次郎")
    k.wait_until(lambda cs: any("オフライン" in c.name for c in cs), "B's status bar says offline",
                 timeout=SHOWN_S)
    k.shot("b-offline")
    proxy.restore()
    first = run_json("sync", "--once", data_dir=a)                  # A: one pass sends its own
    assert first["accepted"] == 2
    shows(k, "切断　花子", timeout=CONVERGE_S)                        # B: by itself
    wait_until(lambda: run_json("queue", "status", data_dir=b)["pending"] == 0, timeout=CONVERGE_S,
               what="B's queue sent")
    # B's check-in reached A in A's first pass (when B was quicker) or in the next one
    assert first["pulled"] + run_json("sync", "--once", data_dir=a)["pulled"] >= 2
    found = run_json("shelter", "find", "孤立", data_dir=a)
    assert found["count"] == 1

    # 4. kill -9 of A's sync mid-batch, then of B's kiosk mid-sync; restart: nothing lost or doubled
    for i in range(30):
        run_json("shelter", "checkin", "--by-hand", "--name", f"大量　{i:02d}", "--kana", "たいりょう",
                 "--birth-date", "2000-01-01", data_dir=a)
    proxy.plan = lambda n, method, path: Delay(3.0) if method == "POST" else PASS
    posts = len(proxy.entries("POST"))
    syncing = kazasu("sync", "--batch-size", "10", data_dir=a)
    wait_until(lambda: len(proxy.entries("POST")) > posts, timeout=SHOWN_S, what="A's batch in flight")
    syncing.send_signal(signal.SIGKILL)
    syncing.wait(10)
    syncing.stdout.close()
    k.type_into("Name (required)", "最後　三郎")
    k.type_into("Kana", "さいご さぶろう")
    k.type_into("Born or age", "1960-01-01")
    posts = len(proxy.entries("POST"))
    k.press("Check in", "push button")
    wait_until(lambda: len(proxy.entries("POST")) > posts, timeout=SHOWN_S, what="B's batch in flight")
    os.killpg(k.process.pid, signal.SIGKILL)   # the kiosk's whole process group, as a power cut does
    k.process.wait(10)
    k.stop()
    k._ended = None   # killed on purpose: not a crash for the fixture to report
    proxy.plan = lambda n, method, path: PASS
    assert run_json("sync", "--once", data_dir=a)["pending"] == 0
    k2 = start_b(kiosk_window, x, b)
    shows(k2, "最後　三郎")
    shows(k2, "大量　29", timeout=CONVERGE_S)
    wait_until(lambda: run_json("queue", "status", data_dir=b)["pending"] == 0, timeout=CONVERGE_S,
               what="B's queue sent after the restart")
    run_json("sync", "--once", data_dir=a)
    held = mesh_ids(db_url)
    assert len(held) == len(set(held))                       # nothing doubled
    assert own_ids(a) | own_ids(b) == set(held)              # nothing lost, nothing made up
    for folder in (a, b):
        assert run_json("queue", "status", data_dir=folder)["lost"] == 0
    assert run_json("shelter", "find", "最後", data_dir=a)["count"] == 1
    k2.shot("b-after-restart")
    assert "架空　一郎" not in k2.log(10_000)   # never a resident's name in the log
