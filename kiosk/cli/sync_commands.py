"""`kazasu queue status`, `kazasu queue export --out FILE` and `kazasu sync --once`.

The queue is the terminal's outbox (sync.store.EventStore in <data-dir>/kazasu.db). `sync --once`
sends what is pending to the mesh given by --mesh, $KAZASU_MESH_URL or terminal.json's mesh_url.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli import context
from sync.client import SyncClient
from sync.errors import MeshNotConfiguredError
from sync.store import EventStore
from sync.terminal import TerminalConfig

STORE_FILE = "kazasu.db"


def open_store(args: argparse.Namespace) -> EventStore:
    return EventStore(context.data_dir(args) / STORE_FILE)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    queue = subparsers.add_parser("queue", parents=[common], help="the terminal's outbox of events")
    actions = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", parents=[common], help="pending and acknowledged counts")
    status.set_defaults(handler=queue_status)
    export = actions.add_parser("export", parents=[common],
                                help="write the pending events as JSON lines (to carry by hand)")
    export.add_argument("--out", required=True, type=Path, help="the JSON lines file to write")
    export.set_defaults(handler=queue_export)

    sync = subparsers.add_parser("sync", parents=[common], help="send pending events to the mesh")
    sync.add_argument("--once", action="store_true", required=True,
                      help="one pass over the queue, then exit")
    sync.add_argument("--batch-size", type=int, default=500, help="events per request (default 500)")
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    sync.set_defaults(handler=sync_once)


def queue_status(args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(args)
    try:
        return store.status()
    finally:
        store.close()


def queue_export(args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(args)
    try:
        count = store.export(args.out)
    finally:
        store.close()
    return {"exported": count, "out": str(Path(args.out).resolve())}


def resolve_mesh_url(args: argparse.Namespace) -> str:
    url = context.mesh_url(args) or TerminalConfig.load(context.data_dir(args)).mesh_url
    if not url:
        raise MeshNotConfiguredError()
    return url


def sync_once(args: argparse.Namespace) -> dict[str, Any]:
    url = resolve_mesh_url(args)
    store = open_store(args)
    try:
        with SyncClient(store, url, batch_size=args.batch_size, timeout=args.timeout) as client:
            return client.sync_once()
    finally:
        store.close()
