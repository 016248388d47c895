"""Benchmark of the shelter node (sync.node), each figure beside a baseline measured in the same run.

The node is set up as a shelter sets it up (`kazasu node setup`, what 「このPCを避難所ノードにする」 runs:
https with the node's own self-signed key) and the terminals record its pin (`kazasu terminal pin`)
before they enrol through it, so every figure goes through the pinned TLS connection of a real shelter.

1. LAN convergence through the node: two terminals enrolled through a `kazasu node serve` process, each
   syncing in the background (sync.background.BackgroundSync, as the kiosk does: a commit wakes the
   loop, `--interval` between passes), the municipal mesh unreachable. Time from A's commit to the
   event being in B's store (what B's desk shows when it folds), p50 / max over `--samples` events.
   Baseline: the same two terminals syncing with the municipal mesh directly. Goal: ≤ 2 s.
2. Forwarding after an outage: `--events` events (10,000) reach the node from two terminals while the
   municipal mesh is down; the mesh comes back on the same port: events/s from its return until it
   holds them all (every event still signed by its terminal). Baseline: the same terminals' events
   POSTed straight to a fresh mesh in batches of 1000, signed requests, one request in flight. Goal:
   ≥ 5,000 events/s.

Usage: .venv/bin/python benchmarks/bench_node.py [--events N] [--samples N] [--interval S] [--dir FOLDER]
Everything runs in a temporary folder, on 127.0.0.1, each server in its own process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from sync.background import BackgroundSync  # noqa: E402
from sync.mesh.backends import open_storage  # noqa: E402
from sync.request_auth import TerminalAuth  # noqa: E402
from sync.signing import TerminalIdentity  # noqa: E402
from sync.store import EventStore  # noqa: E402

KAZASU = Path(sys.executable).parent / "kazasu"
SITE = "bench-site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kazasu(*args: str, folder: Path) -> dict:
    done = subprocess.run([str(KAZASU), "--json", "--data-dir", str(folder), "--site", SITE, *args],
                          capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")})
    if done.returncode != 0:
        raise RuntimeError(f"kazasu {' '.join(args)} failed: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def server(args: list[str], folder: Path, name: str):
    """A `kazasu ... serve` process; its URL (from its first line) once /v1/health answers."""
    log = open(folder / f"{name}.log", "a", encoding="utf-8")
    proc = subprocess.Popen([str(KAZASU), "--json", "--data-dir", str(folder), *args], stdout=subprocess.PIPE,
                            stderr=log, text=True,
                            env={k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")})
    try:
        url = json.loads(proc.stdout.readline())["serving"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):  # the node's certificate is its own (pinned)
                if httpx.get(url + "/v1/health", timeout=1, verify=False).status_code == 200:
                    break
            time.sleep(0.05)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
        log.close()


def mesh(folder: Path, port: int):
    return server(["mesh", "serve", "--db", f"sqlite:///{folder / 'mesh.db'}", "--port", str(port)], folder,
                  "mesh")


def node(folder: Path, upstream: str, interval: float):
    """`kazasu node serve` of a folder `kazasu node setup` wrote: listen, database and TLS from node.json."""
    return server(["node", "serve", "--upstream", upstream, "--interval", str(interval), "--backoff-cap", "0.5"],
                  folder, "node")


def set_up_node(mesh_dir: Path, folder: Path, url: str, port: int) -> dict:
    """`kazasu node setup` (the wizard's work) with a node code, listening on loopback, unit not started."""
    code = kazasu("mesh", "enroll", "--db", f"sqlite:///{mesh_dir / 'mesh.db'}", "--node", folder=mesh_dir)["code"]
    return kazasu("node", "setup", "--code", code, "--upstream", url, "--listen", f"127.0.0.1:{port}",
                  "--unit-dir", str(folder / "units"), "--no-start", folder=folder)


def enrol(mesh_dir: Path, folder: Path, url: str) -> dict:
    code = kazasu("mesh", "enroll", "--db", f"sqlite:///{mesh_dir / 'mesh.db'}", folder=mesh_dir)["code"]
    return kazasu("terminal", "enroll", "--code", code, "--mesh", url, folder=folder)


def convergence(a: Path, b: Path, url: str, samples: int, interval: float) -> list[float]:
    """Seconds from an append on A to the event in B's store, both syncing with `url` in the background."""
    store_a, store_b = EventStore(a / "kazasu.db"), EventStore(b / "kazasu.db")
    terminal_a = store_a.identity.terminal_id
    loops = [BackgroundSync(store, url, site=SITE, terminal_id=store.identity.terminal_id, interval=interval)
             for store in (store_a, store_b)]
    for loop in loops:
        loop.start()
    seen = 0
    times: list[float] = []
    try:
        for i in range(samples):
            start = time.monotonic()
            event = store_a.append("shelter.headcount", {"count": i}, site=SITE, terminal=terminal_a,
                                   staff="bench")
            loops[0].sync_now()  # what the kiosk does after a desk wrote (KioskWindow.recorded)
            while True:
                row = store_b.db.execute("SELECT 1 FROM remote_events WHERE id = ?", [event.id]).fetchone()
                if row is not None:
                    break
                if time.monotonic() - start > 30:
                    raise RuntimeError("B never saw A's event")
                time.sleep(0.005)
            times.append(time.monotonic() - start)
            seen += 1
            time.sleep(0.05 + (i % 7) * interval / 7)  # commits land at different points of B's cycle
    finally:
        for loop in loops:
            loop.stop()
        store_a.close()
        store_b.close()
    return times


def mesh_count(mesh_dir: Path) -> int:
    storage = open_storage(f"sqlite:///{mesh_dir / 'mesh.db'}")
    try:
        return storage.stats()["events"]
    finally:
        storage.close()


def plain_posts(folders: list[Path], url: str) -> float:
    """The terminals' events POSTed straight to `url` in batches of 1000 (signed requests); seconds."""
    batches = []
    for folder in folders:
        store = EventStore(folder / "kazasu.db")
        try:
            events = [e.to_dict() for e in store.pending(10**7)]
        finally:
            store.close()
        identity = TerminalIdentity.load(folder)
        batches += [(identity, events[i:i + 1000]) for i in range(0, len(events), 1000)]
    clients = {id(identity): httpx.Client(auth=TerminalAuth(identity), timeout=60) for identity, _ in batches}
    start = time.perf_counter()
    for identity, batch in batches:
        response = clients[id(identity)].post(url + "/v1/events/batch", json={"events": batch})
        assert response.status_code == 200 and all(r["status"] == "accepted" for r in response.json()["results"])
    seconds = time.perf_counter() - start
    for client in clients.values():
        client.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0, help="terminals' seconds between passes")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kazasu-bench-node-", dir=args.dir))
    try:
        run(root, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, args: argparse.Namespace) -> None:
    mesh_dir, node_dir = root / "mesh", root / "node"
    a, b, c, d = (root / name for name in ("a", "b", "c", "d"))
    for folder in (mesh_dir, node_dir, a, b, c, d):
        folder.mkdir()
    mesh_port, node_port = free_port(), free_port()
    upstream = f"http://127.0.0.1:{mesh_port}"
    kazasu("mesh", "publisher-key", "--db", f"sqlite:///{mesh_dir / 'mesh.db'}", "--key-file",
           str(mesh_dir / "publisher.key"), folder=mesh_dir)
    with mesh(mesh_dir, mesh_port) as mesh_url:
        setup = set_up_node(mesh_dir, node_dir, mesh_url, node_port)
        with node(node_dir, upstream, 0.2) as node_url:
            assert node_url == setup["url"], (node_url, setup["url"])
            for folder in (a, b):  # as the set-up page tells: record the node's pin, then enrol through it
                kazasu("terminal", "pin", "--upstream", node_url, "--pin", setup["tls_pin"], folder=folder)
                enrol(mesh_dir, folder, node_url)
        for folder in (c, d):
            enrol(mesh_dir, folder, mesh_url)
        print(f"1. LAN convergence, A's commit → B's store, {args.samples} events, terminals syncing every "
              f"{args.interval:g} s (goal ≤ 2 s); the node set up by `kazasu node setup`, https, pinned")
        direct = convergence(c, d, mesh_url, args.samples, args.interval)
    # the mesh is down from here: the node serves the LAN alone
    with node(node_dir, upstream, 0.2) as node_url:
        through = convergence(a, b, node_url, args.samples, args.interval)
        print(f"   through the node, uplink down   p50 {statistics.median(through):6.3f} s  max "
              f"{max(through):6.3f} s   vs straight to the mesh  p50 {statistics.median(direct):6.3f} s  max "
              f"{max(direct):6.3f} s")
        half = args.events // 2
        for folder in (a, b):
            kazasu("dev", "seed-events", "--count", str(half), folder=folder)
            kazasu("sync", "--once", "--mesh", node_url, folder=folder)
        for folder in (c, d):  # the baseline's events: as many, the same kind
            kazasu("dev", "seed-events", "--count", str(half), folder=folder)
        held = mesh_count(mesh_dir)
        total = held + 2 * half + args.samples  # A wrote the samples
        print(f"2. forwarding after an outage: {2 * half + args.samples:,} events waiting on the node "
              "(goal ≥ 5,000 events/s)")
        with mesh(mesh_dir, mesh_port) as mesh_url:
            start = time.perf_counter()
            while mesh_count(mesh_dir) < total:
                if time.perf_counter() - start > 300:
                    health = httpx.get(node_url + "/v1/health", timeout=5, verify=False).json()
                    raise RuntimeError(f"the node did not forward everything in 5 minutes: the mesh holds "
                                       f"{mesh_count(mesh_dir)} of {total}; the node says {health}")
                time.sleep(0.02)
            forwarded = time.perf_counter() - start
            plain = plain_posts([c, d], mesh_url)  # the same mesh process, the same number of events
    count = 2 * half + args.samples
    print(f"   node → mesh forwarding  {count / forwarded:10,.0f} events/s ({forwarded:.2f} s)   vs plain POSTs "
          f"{2 * half / plain:10,.0f} events/s ({plain:.2f} s, {2 * half:,} events)")

if __name__ == "__main__":
    main()
