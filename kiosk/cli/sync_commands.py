"""`kazasu queue status|export|purge`, `kazasu sync --once` and `kazasu sync`.

`queue export --out FILE` writes the pending events as one signed bundle (sync.bundle) to carry to
the mesh when there is no network (`kazasu mesh import FILE` there). `queue purge` erases the payloads of events the
mesh acknowledged longer ago than the retention
(`--retention-days`, else terminal.json's `retention_days`, else 30), keeping their receipts.

The queue is the terminal's outbox (sync.store.EventStore in <data-dir>/kazasu.db). `queue status` also
counts what must not pass unnoticed: `quarantined` (payloads that do not decrypt, set aside) and `lost`
(own events the database no longer holds), each listed by id in `events`. `sync --once` is one whole
pass against the mesh given by --mesh, $KAZASU_MESH_URL or terminal.json's mesh_url: it sends what is
pending, then pulls the site's feed (--site, $KAZASU_SITE or terminal.json) and prints `pulled`.
`sync` without --once runs the background sync loop (push, pull the site feed, back off) in the
foreground until SIGINT or SIGTERM, then prints its last state and exits 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli import context
from sync.errors import MeshNotConfiguredError

if TYPE_CHECKING:
    from sync.store import EventStore

STORE_FILE = "kazasu.db"
logger = logging.getLogger(__name__)


def open_store(args: argparse.Namespace) -> EventStore:
    # lazy: the event store (its AES-GCM from cryptography) loads only for a command that opens it
    from sync.store import EventStore

    return EventStore(context.data_dir(args) / STORE_FILE)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    queue = subparsers.add_parser("queue", parents=[common], help="the terminal's outbox of events")
    actions = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", parents=[common],
                                help="pending and acknowledged counts, and each waiting event's state")
    status.add_argument("--recent", type=int, default=20,
                        help="also list this many recently acknowledged events (default 20)")
    status.set_defaults(handler=queue_status)
    export = actions.add_parser("export", parents=[common],
                                help="write the pending events as one signed bundle (to carry by hand)")
    export.add_argument("--out", required=True, type=Path, help="the bundle file to write")
    export.set_defaults(handler=queue_export)
    purge = actions.add_parser("purge", parents=[common],
                               help="erase personal payloads acknowledged longer ago than the retention")
    purge.add_argument("--retention-days", type=int, default=None,
                       help="days to keep acknowledged payloads (default: terminal.json, else 30)")
    purge.set_defaults(handler=queue_purge)

    sync = subparsers.add_parser("sync", parents=[common],
                                 help="send pending events to the mesh and pull the site's feed")
    sync.add_argument("--once", action="store_true",
                      help="one whole pass (push, then pull), then exit (without it: run until stopped)")
    sync.add_argument("--batch-size", type=int, default=500, help="events per request (default 500)")
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    sync.add_argument("--interval", type=float, default=5.0,
                      help="seconds between passes when all is well (default 5; loop mode)")
    sync.add_argument("--backoff-cap", type=float, default=60.0,
                      help="longest wait after failures, seconds (default 60; loop mode)")
    sync.set_defaults(handler=sync_command)


def queue_status(args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(args)
    try:
        return {**store.status(), **store.problems(), **store.key_info.describe(),
                "events": store.event_states(recent=max(0, args.recent))}
    finally:
        store.close()


def queue_export(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.bundle import write_bundle
    from sync.terminal import TerminalConfig

    config = TerminalConfig.load(context.data_dir(args))
    store = open_store(args)
    try:
        return write_bundle(store, args.out, terminal=config.terminal_id, site=config.site)
    finally:
        store.close()


def queue_purge(args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(args)
    try:
        return store.purge(args.retention_days)
    finally:
        store.close()


def resolve_mesh_url(args: argparse.Namespace) -> str:
    # lazy: terminal.json's model (pydantic) loads only for a command that reads it
    from sync.terminal import TerminalConfig

    url = context.mesh_url(args) or TerminalConfig.load(context.data_dir(args)).mesh_url
    if not url:
        raise MeshNotConfiguredError()
    return url


def sync_command(args: argparse.Namespace) -> dict[str, Any]:
    return sync_once(args) if args.once else sync_loop(args)


def sync_loop(args: argparse.Namespace) -> dict[str, Any]:
    """Run BackgroundSync until SIGINT/SIGTERM; return its last state."""
    # lazy: the sync loop and its HTTP client (httpx) load only for this command
    from sync.background import BackgroundSync
    from sync.terminal import TerminalConfig

    url = resolve_mesh_url(args)
    config = TerminalConfig.load(context.data_dir(args))
    site = context.site(args) or config.site
    store = open_store(args)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda _sig, _frame: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    own = store.identity.terminal_id if store.identity is not None else config.terminal_id
    sync = BackgroundSync(store, url, site=site, terminal_id=own,
                          interval=args.interval, backoff_cap=args.backoff_cap,
                          batch_size=args.batch_size, timeout=args.timeout, live=True)
    try:
        sync.start()
        logger.info("sync loop running against %s (site %s)", url, site)
        while not stop.wait(1.0):
            pass
    finally:
        sync.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        store.close()
    return sync.state().to_dict()


def sync_once(args: argparse.Namespace) -> dict[str, Any]:
    """One whole pass: push, then pull the site's feed (`pulled`; 0 when no site is known)."""
    # lazy: the HTTP client (httpx) loads only for this command
    from sync.client import SyncClient
    from sync.terminal import TerminalConfig

    url = resolve_mesh_url(args)
    config = TerminalConfig.load(context.data_dir(args))
    store = open_store(args)
    try:
        own = store.identity.terminal_id if store.identity is not None else config.terminal_id
        with SyncClient(store, url, batch_size=args.batch_size, timeout=args.timeout) as client:
            return client.sync_pass(context.site(args) or config.site, own_terminal=own)
    finally:
        store.close()
