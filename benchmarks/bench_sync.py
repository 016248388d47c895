"""Benchmark of the sync package, each figure beside a baseline measured in the same run.

1. EventStore.append (encrypted, event + outbox, one durable commit each) vs a raw SQLite durable
   commit (WAL + synchronous=FULL, one small row per transaction).
2. Sync throughput: SyncClient.sync_once over N queued events (batches of 500) vs posting the same
   events' JSON straight to the mesh (no store: the HTTP + mesh share of the cost).
3. One batch request (500 events) vs a plain GET /v1/health round trip on loopback.

Usage: .venv/bin/python benchmarks/bench_sync.py [--events N] [--appends N] [--postgres URL]
Everything runs in a temporary folder, on 127.0.0.1, with bounded counts. With `--postgres URL` (e.g.
under scripts/with-postgres.sh: `--postgres "$KAZASU_TEST_PG_URL"`) the meshes of 2 and 3 store on
PostgreSQL, each in a fresh database that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from sync.client import SyncClient  # noqa: E402
from sync.events import Event  # noqa: E402
from sync.mesh.embedded import EmbeddedMesh  # noqa: E402
from sync.store import EventStore  # noqa: E402
from sync.synthetic import synthetic_events  # noqa: E402

BATCH = 500
PG_BASE: str | None = None  # set by --postgres


@contextlib.contextmanager
def mesh_db(folder: Path, name: str):
    """A mesh database URL: SQLite in the folder, or a fresh PostgreSQL database (dropped after)."""
    if PG_BASE is None:
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    db = f"kazasu_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')
    try:
        yield urlunsplit(urlsplit(PG_BASE)._replace(path="/" + db))
    finally:
        with psycopg.connect(PG_BASE, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def timed(fn, count: int) -> list[float]:
    out = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def line(label: str, value: float, base_label: str, base: float, unit: str) -> None:
    ratio = value / base if base else float("nan")
    print(f"  {label:<38} {value:10.3f} {unit}   vs {base_label:<30} {base:10.3f} {unit}"
          f"   ratio {ratio:6.2f}")


def bench_append(folder: Path, count: int) -> None:
    store = EventStore(folder / "kazasu.db")
    payloads = list(synthetic_events(count, seed=1))
    durations = timed(lambda i: store.append(payloads[i][0], payloads[i][1], site="bench",
                                             terminal="term-bench", staff=payloads[i][2]), count)
    store.close()
    raw = sqlite3.connect(folder / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

    def raw_commit(i: int) -> None:
        raw.execute("BEGIN")
        raw.execute("INSERT INTO t (v) VALUES (?)", [f"row {i}"])
        raw.execute("COMMIT")

    base = timed(raw_commit, count)
    raw.close()
    print(f"1. durable append, {count} transactions (median per commit)")
    line("EventStore.append (encrypted)", statistics.median(durations) * 1000,
         "raw SQLite commit (WAL+FULL)", statistics.median(base) * 1000, "ms")
    print(f"     p95 {sorted(durations)[int(count * 0.95) - 1] * 1000:.3f} ms vs "
          f"{sorted(base)[int(count * 0.95) - 1] * 1000:.3f} ms; "
          f"{count / sum(durations):,.0f} vs {count / sum(base):,.0f} commits/s")


def bench_sync(folder: Path, count: int) -> None:
    store = EventStore(folder / "sync.db")
    with store.transaction():
        for kind, payload, staff in synthetic_events(count, seed=2):
            store.append(kind, payload, site="bench", terminal="term-bench", staff=staff)
    with mesh_db(folder, "mesh-a") as url, EmbeddedMesh(url) as mesh:
        start = time.perf_counter()
        with SyncClient(store, mesh.url, batch_size=BATCH) as client:
            result = client.sync_once()
        sync_s = time.perf_counter() - start
        assert result["accepted"] == count and result["pending"] == 0, result
    store.close()
    raw_events = [Event.create(kind, payload, site="bench", terminal="term-bench",
                               staff=staff).to_dict()
                  for kind, payload, staff in synthetic_events(count, seed=3)]
    with mesh_db(folder, "mesh-b") as url, EmbeddedMesh(url) as mesh, \
            httpx.Client(timeout=30) as http:
        start = time.perf_counter()
        for i in range(0, count, BATCH):
            response = http.post(mesh.url + "/v1/events/batch",
                                 json={"events": raw_events[i:i + BATCH]})
            response.raise_for_status()
        post_s = time.perf_counter() - start
    print(f"2. sync throughput, {count} events in batches of {BATCH}")
    line("SyncClient.sync_once", count / sync_s, "plain POSTs of the same JSON", count / post_s,
         "ev/s")
    print(f"     {sync_s:.2f} s vs {post_s:.2f} s in total")


def bench_roundtrip(folder: Path, reps: int) -> None:
    batches = [[Event.create(kind, payload, site="bench", terminal="term-bench", staff=staff).to_dict()
                for kind, payload, staff in synthetic_events(BATCH, seed=100 + r)] for r in range(reps)]
    with mesh_db(folder, "mesh-c") as url, EmbeddedMesh(url) as mesh, \
            httpx.Client(timeout=30) as http:
        for _ in range(5):  # warm the connection and the app
            http.get(mesh.url + "/v1/health")
        health = timed(lambda i: http.get(mesh.url + "/v1/health").raise_for_status(), reps * 5)
        batch = timed(lambda i: http.post(mesh.url + "/v1/events/batch",
                                          json={"events": batches[i]}).raise_for_status(), reps)
    print(f"3. loopback round trips (median of {reps} batches / {reps * 5} GETs)")
    line(f"POST /v1/events/batch ({BATCH} events)", statistics.median(batch) * 1000,
         "GET /v1/health", statistics.median(health) * 1000, "ms")
    print(f"     {statistics.median(batch) * 1000 / BATCH:.3f} ms per event inside a batch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="events to sync (max 200000)")
    parser.add_argument("--appends", type=int, default=300, help="durable appends (max 5000)")
    parser.add_argument("--dir", default=None, help="folder for the temporary files (its disk matters)")
    parser.add_argument("--reps", type=int, default=10, help="batch requests timed (max 100)")
    parser.add_argument("--postgres", default=None, metavar="URL",
                        help="run the meshes on PostgreSQL (a server URL; fresh databases are made)")
    args = parser.parse_args()
    global PG_BASE
    PG_BASE = args.postgres
    events = max(BATCH, min(args.events, 200_000))
    appends = max(20, min(args.appends, 5000))
    reps = max(3, min(args.reps, 100))
    print(f"kazasu sync benchmark — Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
          f"mesh on {'PostgreSQL' if PG_BASE else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="kazasu-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        bench_append(folder, appends)
        bench_sync(folder, events)
        bench_roundtrip(folder, reps)


if __name__ == "__main__":
    main()
