"""Benchmark of the kiosk shell, each figure beside a baseline measured in the same run.

1. Startup to the first usable screen (the staff sign-in screen of a terminal with staff accounts,
   painted) and the resident memory (VmRSS) at that moment: `kazasu run --windowed` itself (the command
   line as installed, `kiosk.cli.main`, in a fresh process; its log's "screen up" record,
   kiosk.startup.screen_up, says when the sign-in was painted and the memory then, and the process quits
   a moment later through `--quit-after`), and the window alone (a fresh process that builds the store,
   pcscd reader, staff accounts, settings and the whole window as `kazasu run` does, without the command
   line), vs a bare QApplication + QWidget shown the same way. Median of N starts. Goal (issue 21): ≤
   0.6 s and ≤ 120 MB, for `kazasu run`. The counter and shelter desks are built once the sign-in is
   painted and the window is active (kiosk.app._WhenShown), after this figure. The children keep their
   bytecode, as an installed kiosk does (pip compiles it; a checkout writes __pycache__): in a cache of
   their own in the temporary folder (PYTHONPYCACHEPREFIX), written by one untimed start of each kind
   first, even where PYTHONDONTWRITEBYTECODE=1 is set; `--no-bytecode` compiles every module from source
   at every start instead (how this benchmark measured before 2026-12-06 on this machine).
2. The longest event-loop stall while N events (default 100,000, queued by `kazasu dev seed-events`)
   sync in the background: the real MainWindow with its SyncService draining to a `kazasu mesh serve`
   process on loopback (such a backlog goes to a `kazasu sync --once` child process, as shipped; then
   again on the sync thread itself), and a 10 ms QTimer heartbeat on the UI thread recording the gaps
   between its ticks; vs the same window and heartbeat with nothing to sync, for as long.
   Goal: longest ≤ 50 ms.

Usage: .venv/bin/python benchmarks/bench_kiosk.py [--events N] [--starts N] [--only-startup] [--no-bytecode]
(`--only-startup` runs section 1 alone.)
(`make bench` runs it under scripts/with-pcscd.sh; offscreen Qt; everything in a temporary folder.)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HEARTBEAT_MS = 10


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    fields = {}
    for row in Path("/proc/self/status").read_text().splitlines():
        key, _, value = row.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


# -- 1. startup (children) ------------------------------------------------------------------------
def startup_child(kind: str, folder: str) -> None:
    """Build and show; print the seconds since the interpreter started and the memory, once the
    first screen has been painted (the first turn of Qt's loop after show())."""
    from PySide6.QtCore import QTimer

    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QWidget

        app = QApplication(["bare"])
        window = QWidget()
        window.resize(1280, 800)
        window.show()
    else:
        # in the order `kazasu run` imports them: the Qt-free modules, then Qt (kiosk.startup)
        from kiosk.cards.source import PcscCardSource
        from kiosk.cli.app_commands import _shell
        from kiosk.counter import visit as workflow
        from kiosk.services import KioskServices
        from kiosk.shell.settings import KioskSettings
        from sync.terminal import TerminalConfig
        from kiosk import startup  # isort: skip
        from kiosk.app import MainWindow  # isort: skip

        data_dir = Path(folder)
        app = startup.make_application(["kazasu"])
        settings = KioskSettings.load(data_dir)
        config = TerminalConfig.load(data_dir)
        services = KioskServices(
            card_source=PcscCardSource(settings.reader), store=workflow.open_store(data_dir),
            data_dir=data_dir, terminal_id=config.terminal_id, site=config.site or "bench",
            note=None, **_shell(data_dir))
        window = MainWindow(services)
        window.resize(1280, 800)
        window.show()
        assert window.stack.currentWidget() is window.signin

    def ready() -> None:
        window.repaint()
        seconds = time.time() - START
        rss, hwm = rss_mb()
        print(json.dumps({"seconds": seconds, "rss_mb": rss, "hwm_mb": hwm}), flush=True)
        if kind != "bare":
            window.shutdown()
        app.exit(0)

    QTimer.singleShot(0, ready)
    app.exec()


def child_env(folder: Path, bytecode: bool) -> dict[str, str]:
    """The children's environment: with `bytecode`, a bytecode cache of their own in `folder`."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def bench_startup(folder: Path, starts: int, bytecode: bool = True) -> None:
    from kiosk.shell.settings import KioskSettings
    from kiosk.shell.staff import StaffDirectory

    data = folder / "startup"
    KioskSettings(setup_done=True, site="bench").save(data)
    StaffDirectory(data).add("bench", "staff", "482193")
    env = child_env(folder, bytecode)
    results: dict[str, list[dict]] = {"kazasu run": [], "window": [], "bare": []}
    # one untimed start of each kind first: it writes the bytecode, and the kiosk's makes the
    # database and its key (a terminal's first start), so every timed start is a restart
    for run in range(starts + 1):
        for kind in results:
            start = time.time()
            if kind == "kazasu run":
                result = command_start(data, start, env)
            else:
                out = subprocess.run([sys.executable, __file__, "--startup-child",
                                      "kiosk" if kind == "window" else kind, str(data), str(start)],
                                     capture_output=True, text=True, check=True, cwd=ROOT, env=env).stdout
                result = json.loads(out.strip().splitlines()[-1])
            if run:
                results[kind].append(result)
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("seconds", "rss_mb")}
           for k, v in results.items()}
    how = "bytecode kept" if bytecode else "compiled from source at every start"
    print(f"1. startup to the first usable screen, median of {starts} starts after one untimed"
          f" ({how}; goal ≤ 0.6 s, ≤ 120 MB)")
    for kind, label in (("kazasu run", "`kazasu run`"), ("window", "the window alone (no CLI)")):
        line(f"{label}: start → sign-in painted", med[kind]["seconds"],
             "bare QApplication + QWidget", med["bare"]["seconds"], "s")
        line(f"{label}: resident memory (VmRSS)", med[kind]["rss_mb"],
             "bare QApplication + QWidget", med["bare"]["rss_mb"], "MB")
    each = "; ".join(f"{k} " + ", ".join(f"{r['seconds']:.2f}" for r in v) for k, v in results.items())
    print(f"     all starts (s): {each}")


SCREEN_UP = re.compile(r"screen up ([0-9.]+) s after the process started, ([0-9.]+) MB resident")


def command_start(data: Path, start: float, env: dict[str, str]) -> dict:
    """`kazasu run --windowed` in a fresh process, as the installed `kazasu` script runs it
    (`from kiosk.cli import main`): seconds from `start` (just before the process was made) to the
    sign-in painted, and the memory then, from the "screen up" record of its JSON log."""
    log = data / "logs" / "kazasu.log"
    log.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())", "run",
                    "--windowed", "--quit-after", "1", "--data-dir", str(data), "--reader", "Virtual PCD 00 00"],
                   capture_output=True, text=True, check=True, cwd=ROOT, env=env, timeout=120)
    for row in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(row)
        found = SCREEN_UP.search(record.get("msg", ""))
        if found:
            painted = datetime.fromisoformat(record["ts"]).timestamp()
            return {"seconds": painted - start, "rss_mb": float(found.group(2))}
    raise RuntimeError(f"`kazasu run` logged no 'screen up' record in {log}")


# -- 2. event-loop stall while syncing --------------------------------------------------------------
class Heartbeat:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.worst_at = 0.0  # seconds after start() of the longest gap
        self.last = self.started = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last) * 1000
        if not self.gaps or gap > max(self.gaps):
            self.worst_at = self.last - self.started
        self.gaps.append(gap)
        self.last = now

    def start(self) -> None:
        self.gaps.clear()
        self.last = self.started = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def run_window(data_dir: Path, mesh_url: str | None, *, until_empty: bool, seconds: float,
               timeout: float = 600.0, child_from: int | None = None) -> dict:
    """The real window, a heartbeat, Qt's loop until the queue is empty (or for `seconds`)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk import startup
    from kiosk.app import MainWindow
    from kiosk.cards.source import PcscCardSource
    from kiosk.counter import visit as workflow
    from kiosk.desks import DESKS
    from kiosk.services import KioskServices
    from sync.client import SyncClient

    store = workflow.open_store(data_dir)
    client = SyncClient(workflow.open_store(data_dir), mesh_url, batch_size=500) if mesh_url else None
    services = KioskServices(card_source=PcscCardSource(None), store=store, data_dir=data_dir,
                             terminal_id="term-bench", site="bench", sync_client=client, sync_ms=3_600_000,
                             **({"sync_child_from": child_from} if child_from else {}))
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    for entry in DESKS:   # built once the first screen is painted (kiosk.app): before the heartbeat
        if not entry.on_first_open:
            window.desk(entry.name)
    QApplication.processEvents()   # … and laid out (the events their build posted), as main's window was
    startup.freeze_startup_objects()  # as kiosk.startup.run does once the first screen is up
    beat = Heartbeat()
    loop = QEventLoop()
    seen: dict = {}

    def status(s: dict) -> None:
        seen.update(s)
        if until_empty and s.get("pending") == 0 and s.get("online"):
            loop.quit()

    window.sync.status.connect(status)
    gc_pauses: list[float] = []
    gc_started = [0.0]

    def gc_watch(phase: str, info: dict) -> None:  # Python's collector stops every thread
        if phase == "start":
            gc_started[0] = time.perf_counter()
        elif info.get("generation") == 2:
            gc_pauses.append((time.perf_counter() - gc_started[0]) * 1000)

    gc.callbacks.append(gc_watch)
    start = time.perf_counter()
    beat.start()
    if not until_empty:
        QTimer.singleShot(int(seconds * 1000), loop.quit)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    beat.stop()
    gc.callbacks.remove(gc_watch)
    elapsed = time.perf_counter() - start
    window.shutdown()
    if client is not None:
        client.close()
    gaps = sorted(beat.gaps)
    return {"seconds": elapsed, "ticks": len(gaps), "max_ms": gaps[-1] if gaps else float("nan"),
            "p99_ms": gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else float("nan"),
            "pending": seen.get("pending"), "gc2": len(gc_pauses), "worst_at": beat.worst_at,
            "gc2_max_ms": max(gc_pauses, default=0.0)}


def bench_stall(folder: Path, events: int) -> None:
    # imported here, not at the top: the startup children run this file too, and its FastAPI
    # imports (about 0.6 s) belong to neither the kiosk's start nor the bare one
    from benchmarks.bench_sync import mesh_process, seed_terminal
    from kiosk.startup import make_application

    make_application(["bench"])
    terminal = seed_terminal(folder, events)
    threaded = folder / "terminal-thread"
    shutil.copytree(terminal, threaded)
    with mesh_process(f"sqlite:///{folder / 'mesh.db'}", folder) as url:
        syncing = run_window(terminal, url, until_empty=True, seconds=0)  # the kiosk as shipped
    with mesh_process(f"sqlite:///{folder / 'mesh-thread.db'}", folder) as url:
        in_thread = run_window(threaded, url, until_empty=True, seconds=0, child_from=10**9)
    assert syncing["pending"] == 0 and in_thread["pending"] == 0, (syncing, in_thread)
    idle_dir = folder / "idle"
    idle_dir.mkdir()
    idle = run_window(idle_dir, None, until_empty=False, seconds=min(syncing["seconds"], 60))
    print(f"2. longest event-loop stall, {HEARTBEAT_MS} ms heartbeat on the UI thread (goal ≤ 50 ms)")
    line(f"while {events:,} events sync (child process)", syncing["max_ms"],
         "same window, nothing to sync", idle["max_ms"], "ms")
    line("p99 gap while syncing (child process)", syncing["p99_ms"], "p99 gap, nothing to sync",
         idle["p99_ms"], "ms")
    line("the same sync on the kiosk's sync thread", in_thread["max_ms"], "same window, nothing to sync",
         idle["max_ms"], "ms")
    line("p99 gap, sync thread", in_thread["p99_ms"], "p99 gap, nothing to sync", idle["p99_ms"], "ms")
    print(f"     sync thread: drained in {in_thread['seconds']:.1f} s, full collections "
          f"{in_thread['gc2']} (longest {in_thread['gc2_max_ms']:.1f} ms); longest gaps "
          f"{syncing['worst_at']:.1f} s (child) and {in_thread['worst_at']:.1f} s (thread) into the run")
    print(f"     drained in {syncing['seconds']:.1f} s ({events / syncing['seconds']:,.0f} events/s, "
          f"{syncing['ticks']:,} ticks); baseline ran {idle['seconds']:.1f} s ({idle['ticks']:,} ticks)")
    print(f"     full garbage collections: {syncing['gc2']} while syncing (longest "
          f"{syncing['gc2_max_ms']:.1f} ms), {idle['gc2']} in the baseline")


def line(label: str, value: float, base_label: str, base: float, unit: str) -> None:
    ratio = value / base if base else float("nan")
    print(f"  {label:<42} {value:10.3f} {unit}   vs {base_label:<30} {base:10.3f} {unit}"
          f"   ratio {ratio:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--skip-startup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only-startup", action="store_true",
                        help="run section 1 (startup) alone, not the sync stall")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="startup children compile every module from source (no bytecode cache)")
    parser.add_argument("--startup-child", nargs=3, metavar=("KIND", "FOLDER", "START"), default=None,
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_child:
        kind, folder, start = args.startup_child
        global START
        START = float(start)
        startup_child(kind, folder)
        return
    folder = Path(tempfile.mkdtemp(prefix="kazasu-bench-kiosk-"))
    try:
        if not args.skip_startup:
            bench_startup(folder, args.starts, bytecode=not args.no_bytecode)
        if not args.only_startup:
            bench_stall(folder, args.events)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


START = 0.0

if __name__ == "__main__":
    main()
