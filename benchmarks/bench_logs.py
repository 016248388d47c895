"""Benchmark of the log file and the audit view, each figure beside a baseline of the same run.

1. N INFO records through kazasu's log file handler (kiosk.logs: JSON lines, the personal-data check,
   size rotation) vs the same records through a plain `logging.FileHandler` with a one-line text
   format (what any log costs).
2. N records that carry personal data (refused: the notice is written instead) vs the same number of
   ordinary records through kazasu's handler (figure 1's).
3. `kiosk.audit.audit` of a terminal with E signed events (rows + the whole chain verified) vs
   `kazasu terminal verify`'s work on the same store (the chain verified, no rows).

Usage: .venv/bin/python benchmarks/bench_logs.py [--records N] [--events E]
Everything runs in a temporary folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import audit, logs  # noqa: E402
from sync.signing import TerminalIdentity, verify_chain  # noqa: E402
from sync.store import EventStore  # noqa: E402
from sync.synthetic import synthetic_events  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def emit(count: int, personal: bool) -> None:
    log = logging.getLogger("kiosk.bench")
    for n in range(count):
        if personal:
            log.info("read done", extra={"pin": "2580", "my_number": "406944566640"})
        else:
            log.info("counter application recorded (event %s, form %s)", f"ev-{n:08d}", "juminhyo_request")


def plain_handler(folder: Path) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(folder / "plain.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain_handler(folder)
        plain = timed(lambda: emit(args.records, personal=False))
        logs.configure(folder)
        logging.getLogger().handlers[0].setLevel(logging.CRITICAL)  # stderr quiet: the file is measured
        kazasu = timed(lambda: emit(args.records, personal=False))
        refused = timed(lambda: emit(args.records, personal=True))
        logs.configure(None)
        per = 1e6 / args.records
        print(f"1. {args.records} INFO records: kazasu log file {kazasu * per:.1f} µs/record "
              f"vs plain FileHandler {plain * per:.1f} µs/record (x{kazasu / plain:.1f})")
        print(f"2. {args.records} records with personal data, refused: {refused * per:.1f} µs/record "
              f"vs ordinary records {kazasu * per:.1f} µs/record (x{refused / kazasu:.1f})")

        data = folder / "terminal"
        identity = TerminalIdentity.generate("term-bench")
        identity.save(data)
        store = EventStore(data / "kazasu.db")
        for kind, payload, staff in synthetic_events(args.events, seed=7):
            store.append(kind, payload, site="bench-site", terminal="term-bench", staff=staff)

        def verify_only() -> None:
            events = [store.get(row[0]) for row in
                      store.db.execute("SELECT id FROM events ORDER BY chain_seq").fetchall()]
            assert not verify_chain(events, identity.private_key.public_key())

        verify = timed(verify_only)
        store.close()
        result: dict = {}
        view = timed(lambda: result.update(audit.audit(data)))
        assert result["ok"] and len(result["events"]) == args.events
        print(f"3. audit of {args.events} signed events: {view * 1000:.0f} ms "
              f"vs chain verification alone {verify * 1000:.0f} ms (x{view / verify:.2f})")


if __name__ == "__main__":
    main()
