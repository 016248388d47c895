"""Card path speed, each figure beside a baseline measured in the same run.

Uses the running pcscd and vpcd slot 0 (`Virtual PCD 00 00`, port 35963) with the emulated card of a
fictitious person; do not run it while the tests use slot 0. Prints median and p99 of:
  * the emulator's own in-process `process()` of a SELECT (baseline for the transport),
  * the same SELECT through pyscard + pcscd + vpcd (and, for contrast, without TCP_QUICKACK),
  * a whole read_basic_four in process (baseline) and through pcscd, and a full session
    (open + read_basic_four + close with unpower).
and, for a PIN read of the four facts, the number of commands sent and kazasu's own host time per read
beyond the transport (total time minus the time spent inside the transport's raw send), in process and
through pcscd, with short EF ids (the default: VERIFY and READ BINARY by SFI) and, as the baseline,
with SELECT EF before each file. Goal (issue 3): at most 6 commands including the tries query (fewer
with short EF ids), at most 5 ms of host time.
Bounded: --iterations (default 300) and --max-seconds per measurement (default 10).
Usage: .venv/bin/python benchmarks/bench_card.py [--iterations N] [--max-seconds S]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices import apdu as A  # noqa: E402
from devices.emulator import CardHolder, MyNumberCard, VpcdLink  # noqa: E402
from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S  # noqa: E402
from devices.inprocess import InProcessTransport  # noqa: E402
from devices.input_support import InputSupportApp  # noqa: E402
from devices.pcsc import PcscTransport, wait_for_presence  # noqa: E402
from devices.reading import read_basic_four  # noqa: E402

READER = "Virtual PCD 00 00"
PORT = 35963


def measure(fn: Callable[[], object], iterations: int, max_seconds: float) -> list[float]:
    fn()  # warm-up
    samples: list[float] = []
    deadline = time.monotonic() + max_seconds
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
        if time.monotonic() > deadline:
            break
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1e3, p99 * 1e3


def pin_read(transport, pin: str, short_ef: bool):
    """The PIN read of the four facts (what read_basic_four does), with or without short EF ids."""
    app = InputSupportApp(transport, short_ef=short_ef)
    app.verify_pin(pin)
    return app.read_basic_four()


def breakdown(transport, pin: str, iterations: int, max_seconds: float, short_ef: bool = True) -> dict[str, float]:
    """Commands per read and median total / in-transport / host (total − transport) ms per read."""
    raw = transport._send
    spent = [0.0, 0]

    def timed(apdu: bytes):
        start = time.perf_counter()
        try:
            return raw(apdu)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += 1

    transport._send = timed
    totals, inside, host, commands = [], [], [], []
    try:
        pin_read(transport, pin, short_ef)  # warm-up
        deadline = time.monotonic() + max_seconds
        for _ in range(iterations):
            spent[0], spent[1] = 0.0, 0
            start = time.perf_counter()
            pin_read(transport, pin, short_ef)
            total = time.perf_counter() - start
            totals.append(total)
            inside.append(spent[0])
            host.append(total - spent[0])
            commands.append(spent[1])
            if time.monotonic() > deadline:
                break
    finally:
        transport._send = raw
    return {"commands_per_read": max(commands), "total_ms": statistics.median(totals) * 1e3,
            "transport_ms": statistics.median(inside) * 1e3, "host_ms": statistics.median(host) * 1e3,
            "host_p99_ms": summary(host)[1], "n": len(totals)}


def wait_presence(present: bool, timeout: float = 3.0) -> None:
    if not wait_for_presence(READER, present, timeout):
        raise SystemExit(f"pcscd did not report the card {'present' if present else 'absent'} on {READER}")


def plug(card: MyNumberCard, quickack: bool) -> VpcdLink:
    link = VpcdLink(card, port=PORT, quickack=quickack).start()
    wait_presence(True)
    return link


def unplug(link: VpcdLink) -> None:
    link.stop()
    wait_presence(False)
    time.sleep(PCSCD_POLL_SETTLE_S)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--max-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    args = parser.parse_args()
    n, cap = max(10, args.iterations), args.max_seconds

    person = json.loads((ROOT / "tests/fixtures/people.json").read_text(encoding="utf-8"))["people"][4]
    select = A.select_aid(A.AID_INPUT_SUPPORT).to_bytes()
    rows: list[tuple[str, list[float], str, list[float]]] = []

    card = MyNumberCard(CardHolder.from_dict(person))
    base_select = measure(lambda: card.process(select), n, cap)
    local = InProcessTransport(card)
    base_read = measure(lambda: read_basic_four(local, person["pin"]), n, cap)
    local_breakdown = breakdown(InProcessTransport(card), person["pin"], n, cap)
    local_select_ef = breakdown(InProcessTransport(card), person["pin"], n, cap, short_ef=False)

    link = plug(card, quickack=True)
    try:
        with PcscTransport.open(READER) as transport:
            pcsc_select = measure(lambda: transport.transmit(select), n, cap)
            pcsc_read = measure(lambda: read_basic_four(transport, person["pin"]), n, cap)
            pcsc_breakdown = breakdown(transport, person["pin"], n, cap)
            pcsc_select_ef = breakdown(transport, person["pin"], n, cap, short_ef=False)

        def session() -> None:
            with PcscTransport.open(READER) as t:
                read_basic_four(t, person["pin"])
        pcsc_session = measure(session, max(10, n // 5), cap)
    finally:
        unplug(link)

    link = plug(card, quickack=False)  # the 40 ms trap of testing.md, for contrast (few iterations)
    try:
        with PcscTransport.open(READER) as transport:
            slow_select = measure(lambda: transport.transmit(select), min(n, 40), min(cap, 5.0))
    finally:
        unplug(link)

    rows = [
        ("SELECT through pyscard+pcscd+vpcd", pcsc_select, "in-process process()", base_select),
        ("SELECT, vpcd link without TCP_QUICKACK", slow_select, "in-process process()", base_select),
        ("read_basic_four through pcscd (open session)", pcsc_read, "read_basic_four in process", base_read),
        ("open + read_basic_four + close (unpower)", pcsc_session, "read_basic_four in process", base_read),
    ]
    print(f"kazasu card benchmark: reader {READER}, up to {n} iterations, times in ms (median / p99)")
    print(f"{'measurement':46} {'median':>8} {'p99':>8}   {'baseline':28} {'median':>8} {'p99':>8}  ratio")
    figures = {}
    for label, samples, base_label, base in rows:
        (med, p99), (bmed, bp99) = summary(samples), summary(base)
        ratio = med / bmed if bmed else float("inf")
        print(f"{label:46} {med:8.3f} {p99:8.3f}   {base_label:28} {bmed:8.4f} {bp99:8.4f}  ×{ratio:,.0f}"
              f"  (n={len(samples)})")
        figures[label] = {"median_ms": round(med, 4), "p99_ms": round(p99, 4), "n": len(samples),
                          "baseline": base_label, "baseline_median_ms": round(bmed, 5),
                          "baseline_p99_ms": round(bp99, 5), "ratio": round(ratio, 1)}
    print()
    print("PIN read of the four facts: commands and host time beyond the transport (median ms)")
    print(f"{'path':40} {'commands':>8} {'total':>8} {'transport':>10} {'host':>8} {'host p99':>9}")
    for label, b in (("in process, short EF ids", local_breakdown),
                     ("in process, SELECT EF (baseline)", local_select_ef),
                     ("through pcscd, short EF ids", pcsc_breakdown),
                     ("through pcscd, SELECT EF (baseline)", pcsc_select_ef)):
        print(f"{label:40} {b['commands_per_read']:8d} {b['total_ms']:8.3f} {b['transport_ms']:10.3f} "
              f"{b['host_ms']:8.3f} {b['host_p99_ms']:9.3f}  (n={b['n']})")
        figures[f"read breakdown {label}"] = {k: (round(v, 4) if isinstance(v, float) else v)
                                             for k, v in b.items()}
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
