"""`kazasu mesh serve --db URL [--host H] [--port P]` and `kazasu mesh stats --db URL`.

`--db` defaults to sqlite:///<data-dir>/mesh.db (`sqlite:////abs/path.db`: four slashes for an absolute
path). `serve` runs uvicorn in the foreground and prints one line with its URL as soon as the socket
listens (connections made before uvicorn runs wait in the backlog); SIGTERM stops it cleanly (exit 0), Ctrl-C too (exit 130).
"""

from __future__ import annotations

import argparse
import json
import signal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.cli import context
from sync.errors import SyncError
from sync.mesh.storage import open_storage


class PortUnavailableError(SyncError):
    code = "port_unavailable"

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        super().__init__(f"Cannot listen on {host}:{port} (in use or not allowed). Choose another --port.",
                         message_ja=f"{host}:{port} で待ち受けできません（使用中または許可されていません）。"
                         "別の --port を指定してください。")

    def details(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port}


class MeshDatabaseMissingError(SyncError):
    code = "mesh_db_not_found"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"No mesh database at {url}. Check --db (or start `kazasu mesh serve` first).",
                         message_ja=f"{url} にメッシュのデータベースがありません。--db を確認してください。")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    mesh = subparsers.add_parser("mesh", parents=[common], help="the municipality's sync server")
    actions = mesh.add_subparsers(dest="mesh_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", parents=[common], help="run the mesh API in the foreground")
    serve.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    serve.set_defaults(handler=mesh_serve)
    stats = actions.add_parser("stats", parents=[common], help="counts of the events the mesh holds")
    stats.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    stats.set_defaults(handler=mesh_stats)


def db_url(args: argparse.Namespace) -> str:
    return args.db or f"sqlite:///{context.data_dir(args) / 'mesh.db'}"


def redact_url(url: str) -> str:
    """The database URL without its password (it is printed and may reach logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname or ''}" + (
        f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def mesh_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from sync.mesh.app import create_app
    from sync.mesh.embedded import bind_socket

    url_of_db = db_url(args)
    app = create_app(url_of_db)
    try:
        sock = bind_socket(args.host, args.port)
    except OSError:
        raise PortUnavailableError(args.host, args.port) from None
    host, port = sock.getsockname()[:2]
    url = f"http://{host}:{port}"
    shown_db = redact_url(url_of_db)
    if args.json:
        print(json.dumps({"serving": url, "db": shown_db}), flush=True)
    else:
        print(f"kazasu mesh serving on {url} (db {shown_db})", flush=True)
    level = "info" if args.verbose else "warning"
    server = uvicorn.Server(uvicorn.Config(app, log_level=level, access_log=bool(args.verbose)))
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler that was there
    # before: a no-op handler makes that a clean exit (status 0) instead of death by signal.
    previous = signal.signal(signal.SIGTERM, lambda _sig, _frame: None)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def mesh_stats(args: argparse.Namespace) -> dict[str, Any]:
    url = db_url(args)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise MeshDatabaseMissingError(url)
    storage = open_storage(url)
    try:
        return storage.stats()
    finally:
        storage.close()
