"""Benchmark: N `kazasu mesh serve` processes on one PostgreSQL, 20 enrolled terminals sending signed
events, for N = 1, 2 and 4 — does ingest scale with the processes now that signatures are verified
outside the global feed lock (sync.mesh.ingest)? Each figure beside baselines from the same run:

1. signed events/s stored by N processes (20 terminals, each its own chain, batches of --batch events,
   every request signed; terminal i talks to process i mod N), and the speed-up over N = 1;
2. the machine's own ceiling for N processes: GET /v1/health round trips/s by the same 20 clients
   against the same N processes (no database, no signatures): how far N processes can scale at all
   on this machine, whatever the mesh does;
3. the share of a batch's time spent inside the feed lock, from the mesh's own timings of one batch
   (everything before the lock — parsing, the writer and limit checks, Ed25519 — and the locked
   transaction), measured in this process on the same database.

The clients run in 4 worker processes (5 terminals each, one thread per terminal) so that the client
side does not share one interpreter lock. Events are made and signed before the clock starts.

Usage: scripts/with-postgres.sh .venv/bin/python benchmarks/bench_mesh_scale.py [--events-per-terminal N]
       [--batch N] [--processes 1,2,4] [--postgres URL]
Needs PostgreSQL (KAZASU_TEST_PG_URL or --postgres); without it, it says so and exits 0.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from sync.events import Event  # noqa: E402
from sync.mesh import registry  # noqa: E402
from sync.mesh.backends import open_storage  # noqa: E402
from sync.mesh.storage import FEED_LOCK  # noqa: E402
from sync.request_auth import TerminalAuth  # noqa: E402
from sync.signing import GENESIS_HASH, TerminalIdentity  # noqa: E402
from sync.synthetic import synthetic_events  # noqa: E402

KAZASU = Path(sys.executable).parent / "kazasu"
TERMINALS = 20
CLIENT_PROCESSES = 4
SITE = "bench-site"
HEALTH_PER_TERMINAL = 200


@contextlib.contextmanager
def fresh_database(pg_base: str):
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"kazasu_scale_{secrets.token_hex(4)}"
    with psycopg.connect(pg_base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(pg_base)._replace(path="/" + name))
    finally:
        with psycopg.connect(pg_base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def mesh_processes(db_url: str, count: int, folder: Path):
    procs, urls = [], []
    try:
        for i in range(count):
            log = open(folder / f"mesh-{i}.log", "a", encoding="utf-8")
            proc = subprocess.Popen([str(KAZASU), "--json", "mesh", "serve", "--db", db_url, "--port", "0"],
                                    env={**os.environ, "KAZASU_DATA_DIR": str(folder)},
                                    stdout=subprocess.PIPE, stderr=log, text=True)
            procs.append((proc, log))
            urls.append(json.loads(proc.stdout.readline())["serving"])
        for url in urls:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
        yield urls
    finally:
        for proc, log in procs:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            proc.stdout.close()
            log.close()


def make_terminals(count: int, per_terminal: int, batch: int, seed: int
                   ) -> list[tuple[str, bytes, list[bytes]]]:
    """(terminal id, raw private key, the request bodies of its batches in chain order) per terminal."""
    out = []
    for index in range(count):
        identity = TerminalIdentity.generate(f"term-scale-{index:02d}")
        prev, seq, wire = GENESIS_HASH, 0, []
        for kind, payload, _staff in synthetic_events(per_terminal, seed=seed + index):
            seq += 1
            body = Event.create(kind, payload, site=SITE, terminal=identity.terminal_id, staff="bench").body()
            auth, prev = identity.sign(body, seq, prev)
            wire.append({**body, "auth": auth})
        bodies = [json.dumps({"events": wire[i:i + batch]}, ensure_ascii=False).encode("utf-8")
                  for i in range(0, len(wire), batch)]
        out.append((identity.terminal_id, identity.private_key.private_bytes_raw(), bodies))
    return out


def enroll_all(db_url: str, terminals: list[tuple[str, bytes, list[bytes]]]) -> None:
    storage = open_storage(db_url)
    try:
        for terminal_id, raw, _ in terminals:
            key = Ed25519PrivateKey.from_private_bytes(raw)
            public = base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")
            registry.enroll(storage, registry.issue_code(storage, SITE)["code"], terminal_id, public)
    finally:
        storage.close()


def client_worker(jobs: list[tuple[str, bytes, list[bytes], str]], start_at: float, health: int
                  ) -> tuple[float, float, int]:
    """Runs in a worker process: one thread per terminal, each sends its batches in order (or `health`
    GETs when `health` > 0). Returns (first start, last end, events stored)."""
    stored = [0]
    lock = threading.Lock()

    def one(terminal_id: str, raw: bytes, bodies: list[bytes], url: str) -> None:
        identity = TerminalIdentity(terminal_id, Ed25519PrivateKey.from_private_bytes(raw))
        with httpx.Client(auth=TerminalAuth(identity) if not health else None, timeout=120) as http:
            if health:
                for _ in range(health):
                    http.get(url + "/v1/health").raise_for_status()
                return
            for body in bodies:
                response = http.post(url + "/v1/events/batch", content=body,
                                     headers={"content-type": "application/json"})
                response.raise_for_status()
                accepted = sum(r["status"] == "accepted" for r in response.json()["results"])
                with lock:
                    stored[0] += accepted

    while time.time() < start_at:
        time.sleep(0.001)
    began = time.time()
    threads = [threading.Thread(target=one, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return began, time.time(), stored[0]


def run_clients(terminals, urls: list[str], health: int = 0) -> tuple[float, int]:
    """(seconds from the first start to the last end, events stored)."""
    jobs = [(tid, raw, bodies, urls[i % len(urls)]) for i, (tid, raw, bodies) in enumerate(terminals)]
    groups = [jobs[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    start_at = time.time() + 2.0  # every worker is up and waiting when the clock starts
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        results = list(pool.map(client_worker, groups, [start_at] * len(groups), [health] * len(groups)))
    began, ended = min(r[0] for r in results), max(r[1] for r in results)
    return ended - began, sum(r[2] for r in results)


def lock_share(db_url: str, terminals, batch: int) -> tuple[float, float]:
    """(ms before the lock, ms inside the lock) for one batch of a fresh terminal, measured on the
    mesh's own code path (sync.mesh.ingest.prepare / commit) in this process."""
    from sync.mesh import ingest as mesh_ingest

    storage = open_storage(db_url)
    try:
        identity = TerminalIdentity.generate("term-scale-probe")
        registry.enroll(storage, registry.issue_code(storage, SITE)["code"], identity.terminal_id,
                        identity.public_key_b64())
        prev, events = GENESIS_HASH, []
        for seq, (kind, payload, _staff) in enumerate(synthetic_events(batch, seed=999), start=1):
            body = Event.create(kind, payload, site=SITE, terminal=identity.terminal_id, staff="b").body()
            auth, prev = identity.sign(body, seq, prev)
            events.append(Event.from_dict({**body, "auth": auth}))
        began = time.perf_counter()
        offers = mesh_ingest.prepare(storage, events, allow_unsigned=False, writer=None,
                                     limits=mesh_ingest.DEFAULT_LIMITS)
        prepared = time.perf_counter()
        with storage.transaction(lock=FEED_LOCK) as tx:
            mesh_ingest.commit(tx, offers, mesh_ingest.DEFAULT_LIMITS)
        done = time.perf_counter()
        assert all(o.result and o.result[0] == "accepted" for o in offers)
        return (prepared - began) * 1000, (done - prepared) * 1000
    finally:
        storage.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events-per-terminal", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--postgres", default=os.environ.get("KAZASU_TEST_PG_URL"))
    args = parser.parse_args()
    if not args.postgres:
        print("bench_mesh_scale: no PostgreSQL (KAZASU_TEST_PG_URL / --postgres): skipped")
        return 0
    counts = [int(n) for n in args.processes.split(",")]
    total = TERMINALS * args.events_per_terminal
    print(f"mesh scale: {TERMINALS} terminals x {args.events_per_terminal} signed events "
          f"({total:,}), batches of {args.batch}, N mesh processes on one PostgreSQL; "
          f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    terminals = make_terminals(TERMINALS, args.events_per_terminal, args.batch, seed=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kazasu-scale-") as tmp:
        for n in counts:
            with fresh_database(args.postgres) as db_url:
                open_storage(db_url).close()  # migrate once before the processes start
                enroll_all(db_url, terminals)
                with mesh_processes(db_url, n, Path(tmp)) as urls:
                    seconds, stored = run_clients(terminals, urls)
                    health_s, _ = run_clients(terminals, urls, health=HEALTH_PER_TERMINAL)
                assert stored == total, f"stored {stored} of {total}"
                before_ms, inside_ms = lock_share(db_url, terminals, args.batch)
            rows.append((n, total / seconds, TERMINALS * HEALTH_PER_TERMINAL / health_s, before_ms,
                         inside_ms))
    base_events, base_health = rows[0][1], rows[0][2]
    print(f"{'N':>2}  {'signed events/s':>16} {'x N=1':>6}   {'health GET/s':>12} {'x N=1':>6}   "
          f"batch: before lock / in lock (ms)")
    for n, events_s, health_s, before_ms, inside_ms in rows:
        print(f"{n:>2}  {events_s:>16,.0f} {events_s / base_events:>6.2f}   {health_s:>12,.0f} "
              f"{health_s / base_health:>6.2f}   {before_ms:.1f} / {inside_ms:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
