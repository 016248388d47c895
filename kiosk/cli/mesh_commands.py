"""`kazasu mesh serve|stats|enroll|revoke|terminals --db URL`: the mesh server and its staff-IT tools.

`serve` always requires enrolled terminals' events to be signed and chained; whether it also takes
unsigned events of UNENROLLED terminals is `--allow-unsigned` / `--require-signed`, and for now the
default is DEFAULT_ALLOW_UNSIGNED (True: the spine path and other desks' tests still run a plain
`mesh serve`; production runs `--require-signed`; the default flips once those callers pass the flag);
`enroll --site SITE` prints a one-time enrolment `code`; `revoke --terminal ID` rejects that terminal's
events from then on; `terminals` lists the enrolled terminals. enroll/revoke work on the database
directly (run them on the mesh host): the HTTP API has no admin routes. `import FILE` takes a bundle
carried from a terminal (`kazasu queue export`) through the same checks as online sync, one answer
per event; unsigned events of unenrolled terminals only with `--allow-unsigned`.

`--db` defaults to sqlite:///<data-dir>/mesh.db (`sqlite:////abs/path.db`: four slashes for an absolute
path). `serve` runs uvicorn in the foreground and prints one line with its URL as soon as the socket
listens (connections made before uvicorn runs wait in the backlog); SIGTERM stops it cleanly (exit 0), Ctrl-C too (exit 130).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.cli import context
from sync.errors import SyncError
from sync.mesh.backends import open_storage

logger = logging.getLogger(__name__)


DEFAULT_ALLOW_UNSIGNED = True  # transitional, see the module docstring


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
    unsigned = serve.add_mutually_exclusive_group()
    unsigned.add_argument("--allow-unsigned", dest="allow_unsigned", action="store_true",
                          default=DEFAULT_ALLOW_UNSIGNED,
                          help="also accept unsigned events of terminals that are not enrolled (demo)")
    unsigned.add_argument("--require-signed", dest="allow_unsigned", action="store_false",
                          help="accept only signed events of enrolled terminals (production)")
    serve.set_defaults(handler=mesh_serve)
    stats = actions.add_parser("stats", parents=[common], help="counts of the events the mesh holds")
    stats.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    stats.set_defaults(handler=mesh_stats)
    enroll = actions.add_parser("enroll", parents=[common], help="issue a one-time enrolment code")
    enroll.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    enroll.add_argument("--ttl-hours", type=float, default=24.0, help="validity (default 24 h)")
    enroll.set_defaults(handler=mesh_enroll)
    revoke = actions.add_parser("revoke", parents=[common], help="revoke an enrolled terminal")
    revoke.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    revoke.add_argument("--terminal", required=True, help="the terminal id (term-...)")
    revoke.set_defaults(handler=mesh_revoke)
    terminals = actions.add_parser("terminals", parents=[common], help="list enrolled terminals")
    terminals.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    terminals.set_defaults(handler=mesh_terminals)
    imp = actions.add_parser("import", parents=[common], help="import a bundle carried from a terminal")
    imp.add_argument("file", type=Path, help="the bundle written by `kazasu queue export`")
    imp.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    imp.add_argument("--allow-unsigned", action="store_true",
                     help="also accept unsigned events of terminals that are not enrolled (demo)")
    imp.set_defaults(handler=mesh_import)
    exc = actions.add_parser("exceptions", parents=[common], help="the events the mesh rejected")
    exc.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    exc.add_argument("--open-only", action="store_true", help="only those not accepted since")
    exc.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")
    exc.set_defaults(handler=mesh_exceptions)


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
    # lazy: loaded when this command runs, not at every start of `kazasu`
    import uvicorn

    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.app import create_app
    from sync.mesh.embedded import bind_socket

    url_of_db = db_url(args)
    app = create_app(url_of_db, allow_unsigned=args.allow_unsigned)
    if args.allow_unsigned:
        logger.warning("accepting unsigned events of unenrolled terminals (--require-signed to refuse)")
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


class SiteRequiredError(SyncError):
    code = "site_required"
    message_en = "Give the site the code is for: --site SITE (or KAZASU_SITE)."
    message_ja = "コードを発行する拠点を指定してください: --site 拠点ID（または KAZASU_SITE）。"


def open_existing(args: argparse.Namespace) -> Any:
    url = db_url(args)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise MeshDatabaseMissingError(url)
    return open_storage(url)


def mesh_stats(args: argparse.Namespace) -> dict[str, Any]:
    storage = open_existing(args)
    try:
        return storage.stats()
    finally:
        storage.close()


def mesh_enroll(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.registry import issue_code

    site = context.site(args)
    if not site:
        raise SiteRequiredError()
    storage = open_storage(db_url(args))  # a new mesh database may start with enrolment
    try:
        return issue_code(storage, site, timedelta(hours=args.ttl_hours))
    finally:
        storage.close()


def mesh_revoke(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.registry import revoke

    storage = open_existing(args)
    try:
        return revoke(storage, args.terminal)
    finally:
        storage.close()


def mesh_import(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.bundle_import import import_bundle

    storage = open_storage(db_url(args))
    try:
        return import_bundle(storage, args.file, allow_unsigned=args.allow_unsigned)
    finally:
        storage.close()


def mesh_exceptions(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.exceptions import list_exceptions

    storage = open_existing(args)
    try:
        return {"exceptions": list_exceptions(storage, context.site(args), open_only=args.open_only,
                                              limit=args.limit)}
    finally:
        storage.close()


def mesh_terminals(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.registry import list_terminals

    storage = open_existing(args)
    try:
        return {"terminals": list_terminals(storage)}
    finally:
        storage.close()
