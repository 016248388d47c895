"""Benchmark of live desks: a check-in committed at terminal A → shown on terminal B's open shelter desk,
beside a plain loopback GET /v1/health round trip to the same mesh in the same run.

The mesh is `kazasu mesh serve` in its own process as deployed (SQLite, signed requests: both terminals
are enrolled). Terminal A is an EventStore with its sync loop (`sync.background.BackgroundSync`, what
the kiosk runs: a new event wakes it, it pushes); terminal B is the kiosk's MainWindow (Qt offscreen)
with its shelter desk open and its sync loop holding the mesh's live stream (sync.live). One sample:
from A's durable commit to the moment B's who-is-here list holds the new person (B's desk handled the
store's change, told after B's commit of the pulled events). A and B share this process (and its
interpreter lock); the mesh does not.

Then the fallback: the same with B's live stream off (polling only, every 5 s as the kiosk polls):
what the push saves. Goal: median and p95 ≤ 2 s with the stream.

Usage: .venv/bin/python benchmarks/bench_live.py [--reps N] [--polled N] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx  # noqa: E402

from benchmarks.bench_sync import mesh_process  # noqa: E402
from sync.background import BackgroundSync  # noqa: E402
from sync.enrolment import enroll_terminal  # noqa: E402
from sync.mesh import registry  # noqa: E402
from sync.mesh.backends import open_storage  # noqa: E402
from sync.store import EventStore  # noqa: E402
from sync.terminal import TerminalConfig  # noqa: E402

SITE = "bench-live"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def enrolled(folder: Path, db_url: str, url: str) -> tuple[EventStore, str]:
    storage = open_storage(db_url)
    try:
        code = registry.issue_code(storage, SITE)["code"]
    finally:
        storage.close()
    enroll_terminal(folder, code, url)
    return EventStore(folder / "kazasu.db"), TerminalConfig.load(folder).terminal_id


def window_b(store: EventStore, folder: Path, terminal: str, url: str, live: bool):
    """B's kiosk window (offscreen), its shelter desk open."""
    from kiosk.app import MainWindow
    from kiosk.services import KioskServices
    from sync.client import SyncClient

    client = SyncClient(store, url)
    services = KioskServices(card_source=None, store=store, data_dir=folder, terminal_id=terminal,
                             site=SITE, sync_client=client, note="bench", sync_ms=5000)
    window = MainWindow(services)
    if not live:   # the fallback: B's stream stopped, only its polling every 5 s
        window.sync.loop._watcher.stop()
        window.sync.loop._watcher = None
    window.resize(1280, 800)
    window.show()
    window.open_desk("shelter")
    return window, client


def samples(app, a_desk, a_sync: BackgroundSync, desk, reps: int, tag: str) -> list[float]:
    out: list[float] = []
    for i in range(reps):
        name = f"計測　{tag}{i:03d}"

        def shown() -> bool:
            return any(name in desk.people.item(r).text() for r in range(desk.people.count()))

        started = time.perf_counter()
        a_desk.register({"name": name}, source="by_hand")   # registered and checked in: committed
        a_sync.sync_now()   # what the kiosk does after a desk wrote (MainWindow.recorded)
        deadline = time.monotonic() + 30
        while not shown():
            app.processEvents()
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} never showed at B")
            time.sleep(0.002)
        out.append(time.perf_counter() - started)
        time.sleep(0.2)   # the next check-in comes later
    return out


def report(label: str, values: list[float], base: list[float]) -> None:
    print(f"  {label:<44} median {statistics.median(values) * 1000:8.1f} ms   p95 "
          f"{pct(values, 0.95) * 1000:8.1f} ms   vs loopback GET median "
          f"{statistics.median(base) * 1000:6.2f} ms   p95 {pct(base, 0.95) * 1000:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--polled", type=int, default=8, help="samples without the stream (0: skip)")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from kiosk.shelter.desk import ShelterDesk
    from kiosk.ui import theme

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    print(f"kazasu live-desk benchmark — Python {sys.version.split()[0]}, {args.reps} samples")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        db_url = f"sqlite:///{folder / 'mesh.db'}"
        (folder / "mesh").mkdir()
        with mesh_process(db_url, folder / "mesh", signed=True) as url:
            a_store, a_id = enrolled(folder / "a", db_url, url)
            with httpx.Client(timeout=5) as http:
                base = []
                for _ in range(max(args.reps, 20)):
                    started = time.perf_counter()
                    http.get(url + "/v1/health")
                    base.append(time.perf_counter() - started)
            a_desk = ShelterDesk(a_store, site=SITE, terminal=a_id)
            a_sync = BackgroundSync(a_store, url, site=SITE, terminal_id=a_id, interval=60).start()
            for live, reps, label in ((True, args.reps, "commit at A → shown at B (live stream)"),
                                      (False, args.polled, "commit at A → shown at B (polling, 5 s)")):
                if not reps:
                    continue
                b_dir = folder / ("b" if live else "b-polled")
                b_store, b_id = enrolled(b_dir, db_url, url)
                window, client = window_b(b_store, b_dir, b_id, url, live)
                try:
                    if live:
                        deadline = time.monotonic() + 30
                        while not window.sync.loop.state().live:
                            app.processEvents()
                            if time.monotonic() > deadline:
                                raise RuntimeError("B's live stream did not open")
                            time.sleep(0.01)
                    desk = window.desk("shelter").widget
                    values = samples(app, a_desk, a_sync, desk, reps, "L" if live else "P")
                finally:
                    window.exiting = True
                    window.shutdown()
                    window.close()
                    client.close()
                    b_store.close()
                report(label, values, base)
            a_sync.stop()
            a_store.close()
    print("  goal: live median and p95 ≤ 2000 ms")


if __name__ == "__main__":
    main()
