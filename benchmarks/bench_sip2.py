"""The library desk in ILS mode: tap or scan → result through SIP2 on loopback, beside a raw SIP2 round
trip measured in the same run.

The test ILS (pysip2's server, tests/kiosk/library/sip2/ils_server.py) runs as its own process on
127.0.0.1; the desk (kiosk.library.ils.IlsDesk, the Qt desk's rules: the Qt desk runs the same call on
its SIP2 thread) has a fresh terminal store with one linked card. Median and p99 of:
  * tap → patron shown: the card token looked up in the store (the card read itself through pcscd is
    bench_library's figure), 63 patron information sent, read, checked and parsed;
  * scan → checked out: 11 out, answer parsed (the ILS writes its loan);
  * scan → checked in: 09, answer parsed, the WAL emptied (privacy of reading);
  * the same three through the Qt desk (kiosk.library.ui.ils_desk, offscreen): the scan handed to the
    desk, the SIP2 exchange on its own thread, the result drawn on the screen (status and loans);
baseline: one raw round trip — a fixed 23 frame written to a plain socket on the same server and its
answer read up to the CR, no framing, checking or parsing on our side.
Goal (issue 20): at most 200 ms p99 for tap and scan.
Usage: .venv/bin/python benchmarks/bench_sip2.py [--iterations N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.library.ils import IlsDesk  # noqa: E402
from sync.store import EventStore  # noqa: E402
from tests.kiosk.library.sip2.conftest import ils_config  # noqa: E402
from tests.kiosk.library.sip2.server import IlsServer  # noqa: E402

PATRON, ITEM = "2000001", "1000001"


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1e3, p99 * 1e3


def timed(action, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def raw_round_trip(port: int, n: int) -> list[float]:
    """A fixed 23 frame and its answer up to the CR on a plain, logged-in socket."""
    frame = b"2300120261206    090507AOKAZASU|AA2000001|AC|AD|\r"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(b"9300CNkazasu|COsecret|CPKZ1|\r")
        sock.recv(4096)

        def once() -> None:
            sock.sendall(frame)
            data = b""
            while not data.endswith(b"\r"):
                data += sock.recv(4096)
        once()
        return timed(once, n)


def through_the_screen(desk: IlsDesk, n: int) -> dict[str, list[float]]:
    """The Qt desk offscreen: each action from the input to the result drawn (its SIP2 thread idle)."""
    from PySide6.QtWidgets import QApplication

    from kiosk.library.ui.ils_desk import IlsLibraryDesk

    app = QApplication.instance() or QApplication([])
    widget = IlsLibraryDesk(desk, lambda: ("mynumber", "bench-token"))
    widget.resize(1024, 700)
    widget.show()

    def done(action) -> float:
        start = time.perf_counter()
        action()
        while widget.busy:
            app.processEvents()
        return time.perf_counter() - start

    samples: dict[str, list[float]] = {"tap": [], "out": [], "in": []}
    try:
        for _ in range(n):
            samples["tap"].append(done(widget.on_tap))
            if widget.returning:
                widget.toggle_mode()
            samples["out"].append(done(lambda: widget.on_scan(ITEM)))
            widget.toggle_mode()
            samples["in"].append(done(lambda: widget.on_scan(ITEM)))
            widget.toggle_mode()
            done(widget.clear)
    finally:
        widget.shutdown()
        widget.wedge.uninstall()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()
    n = args.iterations
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ils = IlsServer(folder)
        try:
            desk = IlsDesk(EventStore(folder / "kazasu.db"), "bench", "term-bench", ils_config(ils))
            desk.link(PATRON, "mynumber", "bench-token", "pseudonym")

            def tap() -> None:
                desk.patron(desk.identify("mynumber", "bench-token"))

            def out_and_in() -> tuple[float, float]:
                start = time.perf_counter()
                desk.checkout(PATRON, ITEM)
                middle = time.perf_counter()
                desk.checkin(ITEM)
                return middle - start, time.perf_counter() - middle

            tap()
            taps = timed(tap, n)
            pairs = [out_and_in() for _ in range(n)]
            screen = through_the_screen(desk, n)
            raw = raw_round_trip(ils.port, n)
            desk.client.close()
            desk.store.close()
        finally:
            ils.kill()
    base = summary(raw)
    print(f"SIP2 on loopback against pysip2's server, {n} iterations each (ms, median / p99)")
    print(f"{'measurement':<44}{'median':>9}{'p99':>9}   baseline (same run): raw 23 round trip "
          f"{base[0]:.3f} / {base[1]:.3f}")
    for name, samples in (("tap → patron shown (token lookup, 63/64)", taps),
                          ("scan → checked out (11/12)", [a for a, _ in pairs]),
                          ("scan → checked in (09/10, WAL emptied)", [b for _, b in pairs]),
                          ("Qt desk: tap → patron drawn", screen["tap"]),
                          ("Qt desk: scan → checked out, drawn", screen["out"]),
                          ("Qt desk: scan → checked in, drawn", screen["in"])):
        median, p99 = summary(samples)
        flag = "ok" if p99 <= 200 else "OVER the 200 ms goal"
        print(f"{name:<44}{median:>9.3f}{p99:>9.3f}   {flag}")


if __name__ == "__main__":
    main()
