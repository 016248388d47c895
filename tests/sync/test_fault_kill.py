"""Crash tests with real processes: `kazasu` killed with SIGKILL during enqueue and during sync, and the
mesh server (`kazasu mesh serve`) killed mid-batch and started again, on SQLite and on PostgreSQL.

Each round runs a seeding process and a sync process at the same time and kills each a random (seeded)
moment after it was seen making progress (rows growing in the terminal's database, or on the mesh). After every kill:
the terminal's database is intact, every
event it marked acknowledged is on the mesh, and the mesh holds nothing the terminal did not commit.
At the end, after a sync that is left to finish: every event committed on the terminal is on the mesh
exactly once. The seed is printed (`fault seed N`); KAZASU_FAULT_SEED=N replays a run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from sync.mesh.backends import open_storage
from sync.store import EventStore
from sync.synthetic import synthetic_events
from tests.waiting import wait_until

from .processes import MeshServer, on_terminal

ROUNDS = 10  # per backend; each round kills an enqueue and a sync process: 20 kills


def fault_seed(offset: int) -> int:
    base = int(os.environ.get("KAZASU_FAULT_SEED") or random.randrange(1 << 30))
    print(f"fault seed {base} (replay with KAZASU_FAULT_SEED={base})")
    return base + offset


def mesh_ids(db_url: str) -> list[str]:
    storage = open_storage(db_url)
    try:
        with storage.reading() as tx:
            return [row[0] for row in tx.all("SELECT id FROM mesh_events")]
    finally:
        storage.close()


def terminal_rows(data_dir: Path) -> tuple[set[str], set[str]]:
    """(ids committed on the terminal, ids marked acknowledged), read as the next process would."""
    with sqlite3.connect(data_dir / "kazasu.db", timeout=10) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT e.id, o.state FROM events e JOIN outbox o ON o.event_id = e.id"
                          ).fetchall()
        orphans = db.execute("SELECT count(*) FROM events e LEFT JOIN outbox o ON o.event_id = e.id"
                             " WHERE o.event_id IS NULL").fetchone()[0]
    db.close()
    assert orphans == 0, "an event was committed without its outbox row"
    return {r[0] for r in rows}, {r[0] for r in rows if r[1] == "acknowledged"}


def local_count(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "kazasu.db", timeout=10) as db:
        count = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    return count


def kill_after_progress(procs: dict[str, tuple[subprocess.Popen, object]], rng: random.Random,
                        timeout: float = 30) -> dict[str, int]:
    """SIGKILL each process a random 0–150 ms after its `progressed()` first holds; return codes.

    `procs`: {name: (process, progressed)}; the processes run at the same time, killed independently.
    """
    deadline = time.monotonic() + timeout
    kill_at: dict[str, float] = {}
    while time.monotonic() < deadline and any(p.poll() is None for p, _ in procs.values()):
        now = time.monotonic()
        for name, (proc, progressed) in procs.items():
            if name not in kill_at and (proc.poll() is not None or progressed()):
                kill_at[name] = now + rng.uniform(0, 0.15)
            if name in kill_at and now >= kill_at[name] and proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        time.sleep(0.005)   # the behaviour itself: the tick of the kill clock (a kill 0–150 ms after progress)
    codes = {}
    for name, (proc, _) in procs.items():
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=10)
        codes[name] = proc.returncode
        assert proc.returncode in (0, -signal.SIGKILL), f"{name} failed: {err}"
    return codes


def check_invariants(data_dir: Path, db_url: str, seed: int) -> tuple[set[str], list[str]]:
    committed, acknowledged = terminal_rows(data_dir)
    on_mesh = mesh_ids(db_url)
    assert len(on_mesh) == len(set(on_mesh)), f"seed {seed}: an event is on the mesh twice"
    assert acknowledged <= set(on_mesh), f"seed {seed}: an acknowledged event is not on the mesh"
    assert set(on_mesh) <= committed, f"seed {seed}: the mesh holds an event the terminal lost"
    return committed, on_mesh


def assert_all_on_mesh_once(data_dir: Path, db_url: str) -> int:
    committed, acknowledged = terminal_rows(data_dir)
    on_mesh = mesh_ids(db_url)
    assert sorted(on_mesh) == sorted(committed)
    assert acknowledged == committed
    return len(committed)


def top_up(terminal: Path, count: int, seed: int) -> None:
    """Queue `count` more events in one local transaction (from the test process, between kills)."""
    store = EventStore(terminal / "kazasu.db")
    with store.transaction():
        for kind, payload, staff in synthetic_events(count, seed=seed):
            store.append(kind, payload, site="site-k", terminal="term-k", staff=staff)
    store.close()


@pytest.fixture
def dirs(tmp_path):
    terminal, server = tmp_path / "terminal", tmp_path / "server"
    terminal.mkdir()
    server.mkdir()
    top_up(terminal, 200, seed=5)  # the key and schema exist before the first kill
    return terminal, server


def test_sigkill_during_enqueue_and_sync(dirs, mesh_db_url):
    """Each round runs a seeding and a sync process at once and kills both, each at its own moment."""
    terminal, server = dirs
    seed = fault_seed(0 if mesh_db_url.startswith("sqlite") else 1)
    rng = random.Random(seed)
    mesh = MeshServer(mesh_db_url, server)
    killed = {"enqueue": 0, "sync": 0}
    in_doubt = 0  # sync kills after which the mesh held events the terminal had not marked yet
    try:
        for _ in range(ROUNDS):
            top_up(terminal, 400, rng.randrange(1 << 30))  # the sync always has work to be caught in
            local_before, mesh_before = local_count(terminal), mesh.events()
            enqueue = on_terminal(terminal).start("dev", "seed-events", "--count", "100000", "--batch",
                                                  str(rng.choice([1, 3, 10])), "--seed",
                                                  str(rng.randrange(1 << 30)))
            sync = on_terminal(terminal).start("sync", "--once", "--batch-size", str(rng.choice([5, 10, 25])),
                                               mesh=mesh.url)
            codes = kill_after_progress({
                "enqueue": (enqueue, lambda: local_count(terminal) > local_before),
                "sync": (sync, lambda: mesh.events() > mesh_before)}, rng)
            for name, code in codes.items():
                killed[name] += code == -signal.SIGKILL
            committed, on_mesh = check_invariants(terminal, mesh_db_url, seed)
            in_doubt += bool(set(on_mesh) - terminal_rows(terminal)[1])
        final = on_terminal(terminal).process("sync", "--once", mesh=mesh.url).json
    finally:
        mesh.kill()
    total = assert_all_on_mesh_once(terminal, mesh_db_url)
    print(f"{ROUNDS} rounds, killed {killed}, {in_doubt} round(s) left events in doubt, "
          f"{total} events on the mesh exactly once")
    assert final["pending"] == 0 and total > 0
    assert killed["enqueue"] == ROUNDS, "a seeding process ended before its kill"
    assert killed["sync"] >= ROUNDS * 7 // 10, f"seed {seed}: too few syncs were caught mid-way"


def test_mesh_killed_mid_batch_and_restarted(dirs, mesh_db_url):
    terminal, server = dirs
    seed = fault_seed(2 if mesh_db_url.startswith("sqlite") else 3)
    rng = random.Random(seed)
    # enough that three kills land mid-sync: after a restart the backlog drains at several thousand
    # events a second, so a kill up to 150 ms after the first new event may find ~900 more stored
    top_up(terminal, 4000, seed)
    mesh = MeshServer(mesh_db_url, server)
    loop = on_terminal(terminal).start("sync", "--mesh", mesh.url, "--interval", "0.1", "--backoff-cap", "0.3",
                                       "--batch-size", "25")
    restarts = []
    try:
        for _ in range(3):
            before = max(mesh.events(), 0)
            kill_after_progress({"mesh": (mesh.proc, lambda: mesh.events() > before)}, rng)
            mesh.kill()
            committed, on_mesh = check_invariants(terminal, mesh_db_url, seed)
            restarts.append(len(on_mesh))
            mesh = MeshServer(mesh_db_url, server, port=mesh.port)
        wait_until(lambda: terminal_rows(terminal)[1] == committed, 60,
                   "the sync loop to get every committed event acknowledged")
    finally:
        loop.send_signal(signal.SIGTERM)
        out, err = loop.communicate(timeout=30)
        mesh.kill()
    assert loop.returncode == 0, err
    state = json.loads(out)
    print(f"mesh killed with {restarts} events stored; loop ended with {state}")
    assert restarts == sorted(restarts) and restarts[-1] < 4200, "the mesh was not killed mid-sync"
    assert assert_all_on_mesh_once(terminal, mesh_db_url) == 4200  # 200 from the fixture
    assert state["pending"] == 0 and state["last_success"]
