"""`kazasu dev seed-events --count N [--site S]`: fill the queue with realistic, fictitious events.

Events go through EventStore.append (encrypted, with their outbox rows) in transactions of
`--batch` events, so 100,000 take seconds, not one fsync each.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from kiosk.cli import context
from kiosk.cli.sync_commands import open_store

logger = logging.getLogger(__name__)
DEFAULT_SITE = "demo-site"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    dev = subparsers.add_parser("dev", parents=[common], help="developer tools")
    actions = dev.add_subparsers(dest="dev_command", metavar="ACTION", required=True)
    seed = actions.add_parser("seed-events", parents=[common],
                              help="queue N synthetic events of the three desks")
    seed.add_argument("--count", type=int, required=True, help="how many events")
    seed.add_argument("--batch", type=int, default=1000, help="events per transaction (default 1000)")
    seed.add_argument("--seed", type=int, default=None, help="random seed (repeatable data)")
    seed.set_defaults(handler=seed_events)


def seed_events(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.synthetic import synthetic_events
    from sync.terminal import TerminalConfig

    if args.count < 0 or args.batch < 1:
        raise ValueError("--count must be ≥ 0 and --batch ≥ 1")
    data_dir = context.data_dir(args)
    config = TerminalConfig.load(data_dir)
    site = context.site(args) or config.site or DEFAULT_SITE
    store = open_store(args)
    try:
        events = synthetic_events(args.count, seed=args.seed)
        seeded = 0
        while seeded < args.count:
            with store.transaction():
                for _ in range(min(args.batch, args.count - seeded)):
                    kind, payload, staff = next(events)
                    store.append(kind, payload, site=site, terminal=config.terminal_id, staff=staff)
                    seeded += 1
        logger.info("seeded %d event(s) for site %s", seeded, site)
        return {"seeded": seeded, "pending": store.status()["pending"]}
    finally:
        store.close()
