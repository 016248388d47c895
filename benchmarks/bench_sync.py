"""Benchmark of the sync package, each figure beside a baseline measured in the same run.

1. Durable enqueue: EventStore.append (encrypted, event + outbox, one durable commit each), p50 and
   p99, vs a raw SQLite durable commit (WAL + synchronous=FULL, one small row per transaction).
   Goal: p99 ≤ 5 ms.
2. Drain: N events queued with `kazasu dev seed-events` (default 100,000) sent by the sync client
   (`SyncClient.sync_once`, what `kazasu sync --once` runs) in a child process to a `kazasu mesh serve`
   process on loopback, on SQLite and on PostgreSQL: events/s vs plain POSTs of the same number of
   events' JSON to the same kind of mesh (no terminal store: the HTTP + mesh share of the cost), and
   the child's peak memory (VmHWM) vs the same child before draining; and vs raw batched inserts of
   the same rows (read back from the drained mesh) into a fresh mesh database, straight through the
   database driver, BATCH rows per durable transaction: the database's own ceiling.
   Goals: ≥ 5,000 events/s, and ≥ 0.5 of the raw insert rate (issue 21).
3. One batch request (500 events) vs a plain GET /v1/health round trip on loopback.
4. Where the mesh's time per event goes, in this process, no HTTP: parsing the batches' JSON bodies,
   checking each event as the batch route does (canonical payload bytes, envelope), and `ingest`
   (judging, insert, durable commit) into a mesh on SQLite, beside raw batched inserts of the rows it
   stored (the same baseline as 2): what bounds the drain's ratio to raw inserts on SQLite. Beside
   them the floor of a mesh in Python: payloads arriving as their canonical text, the body parsed,
   each payload hashed, the rows inserted and committed, no checks at all (a bound, not a mesh).

Usage: .venv/bin/python benchmarks/bench_sync.py [--events N] [--appends N] [--reps N] [--dir FOLDER]
       [--postgres URL] [--only-breakdown]
`make bench` (scripts/bench.sh) runs it under scripts/with-postgres.sh: the PostgreSQL URL comes from
`--postgres` or KAZASU_TEST_PG_URL; without either, the PostgreSQL drain is skipped with a note.
Everything runs in a temporary folder, on 127.0.0.1; each PostgreSQL mesh gets a fresh database that
is dropped afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from sync.client import SyncClient  # noqa: E402
from sync.events import Event  # noqa: E402
from sync.mesh.backends import open_storage  # noqa: E402
from sync.mesh.embedded import EmbeddedMesh  # noqa: E402
from sync.store import EventStore  # noqa: E402
from sync.synthetic import synthetic_events  # noqa: E402

BATCH = 500
KAZASU = Path(sys.executable).parent / "kazasu"


@contextlib.contextmanager
def mesh_db(folder: Path, name: str, pg_base: str | None):
    """A mesh database URL: SQLite in the folder, or a fresh PostgreSQL database (dropped after)."""
    if pg_base is None:
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    db = f"kazasu_bench_{secrets.token_hex(4)}"
    with psycopg.connect(pg_base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')
    try:
        yield urlunsplit(urlsplit(pg_base)._replace(path="/" + db))
    finally:
        with psycopg.connect(pg_base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@contextlib.contextmanager
def mesh_process(db_url: str, folder: Path, *, signed: bool = False):
    """`kazasu mesh serve` on a free loopback port (its own process, as in production); its URL.
    Unsigned: the demo's open mesh; `signed`: as deployed, credentials required."""
    log = folder / "mesh-serve.log"
    demo = [] if signed else ["--allow-unsigned-demo"]
    with open(log, "a", encoding="utf-8") as err:
        proc = subprocess.Popen([str(KAZASU), "--json", "mesh", "serve", "--db", db_url, "--port", "0", *demo],
                                env={**os.environ, "KAZASU_DATA_DIR": str(folder)},
                                stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        first = proc.stdout.readline()
        if not first.startswith("{"):
            raise RuntimeError(f"mesh serve did not start: {first!r} {log.read_text()[-2000:]}")
        url = json.loads(first)["serving"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        proc.stdout.close()


def timed(fn, count: int) -> list[float]:
    out = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


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
    print(f"1. durable enqueue, {count} transactions (goal: p99 ≤ 5 ms)")
    line("EventStore.append p50", statistics.median(durations) * 1000,
         "raw SQLite commit (WAL+FULL) p50", statistics.median(base) * 1000, "ms")
    line("EventStore.append p99", pct(durations, 0.99) * 1000,
         "raw SQLite commit (WAL+FULL) p99", pct(base, 0.99) * 1000, "ms")
    print(f"     max {max(durations) * 1000:.3f} ms vs {max(base) * 1000:.3f} ms; "
          f"{count / sum(durations):,.0f} vs {count / sum(base):,.0f} commits/s")


def peak_rss_kb() -> int:
    """This process's peak resident memory (kB): VmHWM, which starts afresh at exec (ru_maxrss does
    not: on Linux it keeps the forking parent's peak)."""
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def drain_child(data_dir: str, url: str) -> None:
    """Child process: drain the queue of `data_dir` to `url`; print seconds and peak memory (JSON)."""
    store = EventStore(Path(data_dir) / "kazasu.db")
    store.status()
    before_kb = peak_rss_kb()
    start = time.perf_counter()
    with SyncClient(store, url, batch_size=BATCH) as client:
        result = client.sync_once()
    seconds = time.perf_counter() - start
    peak_kb = peak_rss_kb()
    store.close()
    print(json.dumps({"seconds": seconds, "before_kb": before_kb, "peak_kb": peak_kb, **result}))


def seed_terminal(folder: Path, count: int) -> Path:
    terminal = folder / "terminal"
    start = time.perf_counter()
    done = subprocess.run([str(KAZASU), "--json", "dev", "seed-events", "--count", str(count),
                           "--seed", "2", "--data-dir", str(terminal)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"kazasu dev seed-events failed: {done.stdout} {done.stderr[-2000:]}")
    assert json.loads(done.stdout)["pending"] == count, done.stdout
    print(f"   seeded {count:,} events with `kazasu dev seed-events` in "
          f"{time.perf_counter() - start:.1f} s")
    return terminal


RAW_COLUMNS = ("id, kind, site, terminal, staff, created_at, schema_version, payload, received_at,"
               " chain_seq, prev_hash, signature, sig_version, payload_hash, redacted_at")


def stored_rows(url: str) -> list[tuple]:
    """The rows the mesh stored, in feed order (what the raw baseline inserts again)."""
    storage = open_storage(url)
    try:
        with storage.reading() as tx:
            return tx.all(f"SELECT {RAW_COLUMNS} FROM mesh_events ORDER BY seq")
    finally:
        storage.close()


RAW_INSERT = f"INSERT INTO mesh_events ({RAW_COLUMNS}) VALUES ({', '.join(['?'] * 15)})"


def raw_sqlite(url: str) -> sqlite3.Connection:
    """A plain connection to the mesh's SQLite file, durable as the mesh is (WAL + synchronous=FULL)."""
    conn = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def raw_inserts(url: str, rows: list[tuple]) -> float:
    """Seconds to insert `rows` into a fresh mesh database (the mesh's own schema and indexes, made by
    open_storage) straight through the database driver: one transaction per BATCH rows, durable as the
    mesh is (SQLite WAL + synchronous=FULL), SQLite's executemany or one multi-row INSERT on
    PostgreSQL. No HTTP, no checks: the ceiling of the database for these rows."""
    open_storage(url).close()
    marks = "(" + ", ".join(["{p}"] * 15) + ")"
    start = time.perf_counter()
    if url.startswith("sqlite:///"):
        conn = raw_sqlite(url)
        start = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(RAW_INSERT, rows[i:i + BATCH])
            conn.execute("COMMIT")
        seconds = time.perf_counter() - start
        conn.close()
        return seconds
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        start = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            chunk = rows[i:i + BATCH]
            cur.execute("BEGIN")
            cur.execute(f"INSERT INTO mesh_events ({RAW_COLUMNS}) VALUES "
                        + ",".join([marks.format(p="%s")] * len(chunk)),
                        [value for row in chunk for value in row])
            cur.execute("COMMIT")
        return time.perf_counter() - start


def bench_drain(folder: Path, terminal: Path, count: int, backend: str, pg_base: str | None) -> None:
    work = folder / f"terminal-{backend}"
    shutil.copytree(terminal, work)
    with mesh_db(folder, f"drain-{backend}", pg_base) as url:
        with mesh_process(url, folder) as mesh:
            child = subprocess.run([sys.executable, __file__, "--drain-child", str(work), mesh],
                                   capture_output=True, text=True)
            if child.returncode != 0:
                raise RuntimeError(f"the draining child failed: {child.stderr[-2000:]}")
            drained = json.loads(child.stdout.strip().splitlines()[-1])
        rows = stored_rows(url)
    assert drained["accepted"] == count and drained["pending"] == 0, drained
    assert len(rows) == count, len(rows)
    with mesh_db(folder, f"raw-{backend}", pg_base) as url:
        raw_s = raw_inserts(url, rows)
    del rows
    shutil.rmtree(work)
    raw_events = [Event.create(kind, payload, site="bench", terminal="term-bench",
                               staff=staff).to_dict()
                  for kind, payload, staff in synthetic_events(count, seed=3)]
    with mesh_db(folder, f"posts-{backend}", pg_base) as url, mesh_process(url, folder) as mesh, \
            httpx.Client(timeout=60) as http:
        start = time.perf_counter()
        for i in range(0, count, BATCH):
            http.post(mesh + "/v1/events/batch",
                      json={"events": raw_events[i:i + BATCH]}).raise_for_status()
        post_s = time.perf_counter() - start
    del raw_events
    rate = count / drained["seconds"]
    print(f"2. drain {count:,} queued events to a `mesh serve` on {backend}, batches of {BATCH} "
          "(goals: ≥ 5,000/s and ≥ 0.5 of raw batched inserts of the same rows)")
    line("sync client (own process)", rate, "raw batched INSERTs, same rows", count / raw_s, "ev/s")
    line("sync client (own process)", rate, "plain POSTs of events' JSON", count / post_s, "ev/s")
    print(f"     {drained['seconds']:.1f} s vs raw {raw_s:.1f} s vs posts {post_s:.1f} s; client peak memory "
          f"{drained['peak_kb'] / 1024:.1f} MiB vs {drained['before_kb'] / 1024:.1f} MiB before "
          "draining (VmHWM)")


def bench_roundtrip(folder: Path, reps: int) -> None:
    batches = [[Event.create(kind, payload, site="bench", terminal="term-bench", staff=staff).to_dict()
                for kind, payload, staff in synthetic_events(BATCH, seed=100 + r)] for r in range(reps)]
    with mesh_db(folder, "mesh-c", None) as url, EmbeddedMesh(url) as mesh, \
            httpx.Client(timeout=30) as http:
        for _ in range(5):  # warm the connection and the app
            http.get(mesh.url + "/v1/health")
        health = timed(lambda i: http.get(mesh.url + "/v1/health").raise_for_status(), reps * 5)
        batch = timed(lambda i: http.post(mesh.url + "/v1/events/batch",
                                          json={"events": batches[i]}).raise_for_status(), reps)
    print(f"3. loopback round trips, mesh on SQLite in-process (median of {reps} batches / "
          f"{reps * 5} GETs)")
    line(f"POST /v1/events/batch ({BATCH} events)", statistics.median(batch) * 1000,
         "GET /v1/health", statistics.median(health) * 1000, "ms")
    print(f"     {statistics.median(batch) * 1000 / BATCH:.3f} ms per event inside a batch")


def bench_breakdown(folder: Path, count: int) -> None:
    from sync.mesh.app import checked_event
    from sync.mesh.ingest import ingest
    from sync.mesh.limits import DEFAULT_LIMITS

    raw_events = [Event.create(kind, payload, site="bench", terminal="term-bench", staff=staff).to_dict()
                  for kind, payload, staff in synthetic_events(count, seed=5)]
    bodies = [json.dumps({"events": raw_events[i:i + BATCH]}).encode()
              for i in range(0, count, BATCH)]
    floor_s = floor_ingest(folder, raw_events)
    del raw_events
    with mesh_db(folder, "mesh-d", None) as url:
        storage = open_storage(url)
        parse_s = check_s = ingest_s = 0.0
        try:
            for body in bodies:  # one batch at a time, as the mesh takes them
                start = time.perf_counter()
                batch = json.loads(body)["events"]
                parsed = time.perf_counter()
                events = [checked_event(raw, DEFAULT_LIMITS) for raw in batch]
                checked = time.perf_counter()
                ingest(storage, events, allow_unsigned=True, depth_checked=True)
                parse_s += parsed - start
                check_s += checked - parsed
                ingest_s += time.perf_counter() - checked
        finally:
            storage.close()
        rows = stored_rows(url)
    assert len(rows) == count, len(rows)
    with mesh_db(folder, "raw-d", None) as url:
        raw_s = raw_inserts(url, rows)
    per = 1e6 / count
    mesh_s = parse_s + check_s + ingest_s
    print(f"4. the mesh's share per event, in process, no HTTP ({count:,} events, batches of {BATCH}, "
          f"{sum(map(len, bodies)) / count:.0f} bytes each), mesh on SQLite")
    for label, seconds in (("JSON parse of the bodies", parse_s), ("checks (canonical bytes, envelope)",
                           check_s), ("ingest (judge, insert, commit)", ingest_s), ("all three", mesh_s)):
        line(label, seconds * per, "raw batched INSERTs, same rows", raw_s * per, "µs/event")
    line("floor: payload as text, hash, insert", floor_s * per, "raw batched INSERTs, same rows", raw_s * per,
         "µs/event")
    print(f"     ratio raw / mesh in process: {raw_s / mesh_s:.2f} (the drain adds HTTP and the client); "
          f"raw / floor: {raw_s / floor_s:.2f}")


def floor_ingest(folder: Path, raw_events: list[dict]) -> float:
    """Seconds for the least a mesh in Python does per event, given batches whose payloads arrive as
    their canonical JSON text (no objects to build, nothing to encode again): parse the body, hash
    each payload, make its row, insert the batch and commit it durably. No checks at all: no
    envelope, no JSON validity, no depth, no chain, no duplicates. Not a mesh, a bound on one."""
    from sync.events import canonical_json

    texts = [{**event, "payload": canonical_json(event["payload"]).decode("utf-8")} for event in raw_events]
    bodies = [json.dumps({"events": texts[i:i + BATCH]}, ensure_ascii=False).encode("utf-8")
              for i in range(0, len(texts), BATCH)]
    del texts
    with mesh_db(folder, "floor", None) as url:
        open_storage(url).close()
        conn = raw_sqlite(url)
        received = "2026-12-07T00:00:00.000000+00:00"
        start = time.perf_counter()
        for body in bodies:
            rows = [(e["id"], e["kind"], e["site"], e["terminal"], e.get("staff"), e["created_at"],
                     e.get("schema_version", 1), e["payload"], received, None, None, None, None,
                     hashlib.sha256(e["payload"].encode("utf-8")).hexdigest(), None)
                    for e in json.loads(body)["events"]]
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(RAW_INSERT, rows)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - start
        conn.close()
    return seconds


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--drain-child":
        drain_child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to drain (max 200000)")
    parser.add_argument("--appends", type=int, default=1000, help="durable appends (max 10000)")
    parser.add_argument("--dir", default=None, help="folder for the temporary files (its disk matters)")
    parser.add_argument("--reps", type=int, default=10, help="batch requests timed (max 100)")
    parser.add_argument("--only-breakdown", action="store_true", help="run part 4 alone")
    parser.add_argument("--postgres", default=os.environ.get("KAZASU_TEST_PG_URL"), metavar="URL",
                        help="PostgreSQL server for the second drain (default $KAZASU_TEST_PG_URL)")
    args = parser.parse_args()
    events = max(BATCH, min(args.events, 200_000))
    appends = max(100, min(args.appends, 10_000))
    reps = max(3, min(args.reps, 100))
    print(f"kazasu sync benchmark — Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="kazasu-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        if args.only_breakdown:
            bench_breakdown(folder, min(events, 20_000))
            return
        bench_append(folder, appends)
        terminal = seed_terminal(folder, events)
        bench_drain(folder, terminal, events, "SQLite", None)
        if args.postgres:
            bench_drain(folder, terminal, events, "PostgreSQL", args.postgres)
        else:
            print("2. (PostgreSQL drain skipped: no --postgres and no KAZASU_TEST_PG_URL; "
                  "run through scripts/bench.sh)")
        bench_roundtrip(folder, reps)
        bench_breakdown(folder, min(events, 20_000))


if __name__ == "__main__":
    main()
