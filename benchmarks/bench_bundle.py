"""Benchmark of the carried bundle (days without network), each figure beside a baseline of the same run.

1. `write_bundle` (kazasu queue export) of N pending signed events vs reading the same N events from
   the store (`pending` pages: the decrypting share that any export or sync pays).
2. `import_bundle` (kazasu mesh import) of that bundle into a mesh database vs the online path: the same
   terminal's same N events sent by `SyncClient.sync_once` to a mesh on loopback (same checks: signature,
   chain, site, revocation).

Usage: .venv/bin/python benchmarks/bench_bundle.py [--events N] [--postgres URL]
Everything runs in a temporary folder. Figure 2 runs on SQLite and, with --postgres URL (default
$KAZASU_TEST_PG_URL, which `make bench` sets through scripts/with-postgres.sh), on PostgreSQL too,
a fresh database per mesh, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_sync import mesh_db  # noqa: E402
from sync.bundle import write_bundle  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.mesh import registry  # noqa: E402
from sync.mesh.backends import open_storage  # noqa: E402
from sync.mesh.bundle_import import import_bundle  # noqa: E402
from sync.mesh.embedded import EmbeddedMesh  # noqa: E402
from sync.signing import TerminalIdentity  # noqa: E402
from sync.store import EventStore  # noqa: E402
from sync.synthetic import synthetic_events  # noqa: E402

TERMINAL = "term-bench"
SITE = "bench-site"


def enrol(db_url: str, identity: TerminalIdentity) -> None:
    storage = open_storage(db_url)
    try:
        code = registry.issue_code(storage, SITE)["code"]
        registry.enroll(storage, code, identity.terminal_id, identity.public_key_b64())
    finally:
        storage.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--postgres", default=os.environ.get("KAZASU_TEST_PG_URL"),
                        help="PostgreSQL URL for the meshes (default $KAZASU_TEST_PG_URL)")
    args = parser.parse_args()
    n = args.events
    with tempfile.TemporaryDirectory(prefix="kazasu-bench-bundle-") as tmp:
        folder = Path(tmp)
        identity = TerminalIdentity.generate(TERMINAL)
        identity.save(folder / "terminal")
        store = EventStore(folder / "terminal" / "kazasu.db")
        with store.transaction():
            for kind, payload, staff in synthetic_events(n, seed=7):
                store.append(kind, payload, site=SITE, terminal=TERMINAL, staff=staff)

        start = time.perf_counter()
        after, read = None, 0
        while True:
            page = store.pending(1000, after=after)
            read += len(page)
            if len(page) < 1000:
                break
            after = page[-1].id
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        written = write_bundle(store, folder / "bundle.json")
        export_s = time.perf_counter() - start
        size_mb = (folder / "bundle.json").stat().st_size / 1e6
        assert written["exported"] == read == n
        print(f"1. export of {n} signed pending events ({size_mb:.1f} MB bundle)")
        print(f"   write_bundle           {export_s * 1000:8.0f} ms  ({n / export_s:8.0f} events/s)")
        print(f"   baseline: pending()    {read_s * 1000:8.0f} ms  ({n / read_s:8.0f} events/s)")

        for backend, pg_base in [("SQLite", None)] + ([("PostgreSQL", args.postgres)]
                                                       if args.postgres else []):
            import_s, online_s = import_and_sync(folder, store, identity, pg_base, n, backend)
            print(f"2. import into a mesh on {backend}")
            print(f"   import_bundle          {import_s * 1000:8.0f} ms  ({n / import_s:8.0f} events/s)")
            print(f"   baseline: sync_once    {online_s * 1000:8.0f} ms  ({n / online_s:8.0f} events/s,"
                  " loopback HTTP, batches of 500)")
        store.close()


def import_and_sync(folder: Path, store: EventStore, identity: TerminalIdentity, pg_base: str | None,
                    n: int, name: str) -> tuple[float, float]:
    """(seconds to import the bundle, seconds to sync the same events online), on fresh meshes."""
    with mesh_db(folder, f"import-{name}", pg_base) as import_url, \
            mesh_db(folder, f"online-{name}", pg_base) as online_url:
        enrol(import_url, identity)
        enrol(online_url, identity)
        storage = open_storage(import_url)
        start = time.perf_counter()
        result = import_bundle(storage, folder / "bundle.json", allow_unsigned=False)
        import_s = time.perf_counter() - start
        storage.close()
        assert result["accepted"] == n, result["rejected"]
        store.db.execute("UPDATE outbox SET state = 'pending', acknowledged_at = NULL")  # send again
        store.db.conn.commit()
        mesh = EmbeddedMesh(online_url, allow_unsigned=False).start()
        try:
            start = time.perf_counter()
            with SyncClient(store, mesh.url) as client:
                outcome = client.sync_once()
            online_s = time.perf_counter() - start
        finally:
            mesh.stop()
        assert outcome["accepted"] == n, outcome
    return import_s, online_s


if __name__ == "__main__":
    main()
