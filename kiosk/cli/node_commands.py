"""`kazasu node enroll|setup|serve|pin|status`: a shelter's own node (sync.node, docs/sync.md "Shelter node").

`enroll --code CODE --upstream URL` registers this PC with the municipal mesh as the site's node (the
code from `kazasu mesh enroll --site SITE --node`); `serve --upstream URL --db URL [--listen HOST:PORT]`
runs the mesh API for the shelter's terminals on the node's own SQLite database and the uplink loop
beside it (it prints one line with its URL once it listens; SIGTERM stops it cleanly), and the site's
pre-registration page at /prereg/SITE/ (`--site-name NAME`: the name it shows); `status --db URL`
reads the node's database: events held, the backlog still to forward, events the municipal mesh refused;
`pin [--pin HEX]` shows the municipal mesh's TLS pin, or records its new one after IT changed its key.
The node's key and node.json live in --data-dir. `setup --code CODE --upstream URL [--listen HOST:PORT]
[--no-start]` is the kiosk's page 「このPCを避難所ノードにする」 on the command line (sync.node.setup: enrol,
its own TLS certificate, node.json, the systemd user unit, started); `serve` then needs no option:
--listen, --db and --tls-cert/--tls-key default to what node.json holds.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
from dataclasses import replace
from typing import Any

from kiosk.cli import context
from kiosk.cli.mesh_commands import PortUnavailableError, redact_url, tls_files
from sync.errors import SyncError
from sync.mesh.limits import DEFAULT_LIMITS

logger = logging.getLogger(__name__)
DEFAULT_LISTEN = "0.0.0.0:8766"


class ListenAddressError(SyncError):
    code = "listen_address_invalid"

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"--listen {value} is not HOST:PORT (e.g. 0.0.0.0:8766).",
                         message_ja=f"--listen {value} は「ホスト:ポート」の形ではありません（例 0.0.0.0:8766）。")

    def details(self) -> dict[str, Any]:
        return {"listen": self.value}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    node = subparsers.add_parser("node", parents=[common], help="a shelter's own node (relays to the mesh)")
    actions = node.add_subparsers(dest="node_command", metavar="ACTION", required=True)
    enroll = actions.add_parser("enroll", parents=[common], help="enrol this PC as the site's node")
    enroll.add_argument("--code", required=True, help="a node code (kazasu mesh enroll --site SITE --node)")
    enroll.add_argument("--upstream", required=True, help="the municipal mesh's URL")
    enroll.set_defaults(handler=node_enroll)
    setup = actions.add_parser("setup", parents=[common],
                               help="make this PC the shelter's node (enrol, certificate, user unit)")
    setup.add_argument("--code", default="", help="a node code (not needed when already enrolled)")
    setup.add_argument("--upstream", required=True, help="the municipal mesh's URL")
    setup.add_argument("--listen", default=DEFAULT_LISTEN, help=f"HOST:PORT (default {DEFAULT_LISTEN})")
    setup.add_argument("--db", help="database URL (default sqlite:///<data-dir>/node.db)")
    setup.add_argument("--unit-dir", help="where the user unit goes (default ~/.config/systemd/user)")
    setup.add_argument("--no-start", dest="start", action="store_false",
                       help="write the unit but do not start it")
    setup.set_defaults(handler=node_setup)
    serve = actions.add_parser("serve", parents=[common], help="serve the shelter's terminals")
    serve.add_argument("--upstream", help="the municipal mesh's URL (default: the one enrolled with)")
    serve.add_argument("--db", help="database URL (default: node.json's, else sqlite:///<data-dir>/node.db)")
    serve.add_argument("--listen", help=f"HOST:PORT (default: node.json's, else {DEFAULT_LISTEN})")
    serve.add_argument("--tls-cert", help="serve https with this certificate (PEM)")
    serve.add_argument("--tls-key", help="the certificate's private key (PEM)")
    serve.add_argument("--interval", type=float, default=1.0,
                       help="seconds between uplink passes while all is well (default 1)")
    serve.add_argument("--backoff-cap", type=float, default=30.0,
                       help="longest wait between uplink tries while it is down, seconds (default 30)")
    serve.add_argument("--site-name", help="the name the site's pre-registration page shows (kept)")
    serve.set_defaults(handler=node_serve)
    pin = actions.add_parser("pin", parents=[common],
                             help="show, or record after a key change, the TLS pin of the municipal mesh")
    pin.add_argument("--pin", help="the mesh's new pin (hex, from IT: the first line of `kazasu mesh serve`)")
    pin.set_defaults(handler=node_pin)
    status = actions.add_parser("status", parents=[common], help="backlog and refusals of the node")
    status.add_argument("--db", help="database URL (default sqlite:///<data-dir>/node.db)")
    status.set_defaults(handler=node_status)


def db_url(args: argparse.Namespace, config: Any = None) -> str:
    return args.db or getattr(config, "db", None) or f"sqlite:///{context.data_dir(args) / 'node.db'}"


def parse_listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or int(port) > 65535:
        raise ListenAddressError(value)
    return host, int(port)


def node_enroll(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.node.enrolment import enroll_node

    return enroll_node(context.data_dir(args), args.code, args.upstream)


def node_setup(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from pathlib import Path

    from sync.node.setup import set_up_node

    return set_up_node(context.data_dir(args), args.code, args.upstream, listen=args.listen, db=args.db,
                       unit_dir=Path(args.unit_dir) if args.unit_dir else None, start=args.start)


def node_serve(args: argparse.Namespace) -> None:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.serving import bind_socket, freeze_startup_heap, make_server
    from sync.node.config import NodeConfig
    from sync.node.server import create_node_app

    config = NodeConfig.load(context.data_dir(args))   # what the set-up wrote gives the defaults
    host, port = parse_listen(args.listen or config.listen or DEFAULT_LISTEN)
    if args.tls_cert is None and args.tls_key is None and config.tls_cert and config.tls_key:
        args.tls_cert, args.tls_key = config.tls_cert, config.tls_key
    tls = tls_files(args)
    app = create_node_app(context.data_dir(args), db_url(args, config), upstream=args.upstream,
                          limits=DEFAULT_LIMITS, interval=max(0.05, args.interval),
                          backoff_cap=max(0.1, args.backoff_cap), site_name=args.site_name)
    try:
        sock = bind_socket(host, port).guard(DEFAULT_LIMITS, tls=tls is not None)
    except OSError:
        raise PortUnavailableError(host, port) from None
    bound_host, bound_port = sock.getsockname()[:2]
    url = f"{'https' if tls else 'http'}://{bound_host if ':' not in bound_host else f'[{bound_host}]'}:{bound_port}"
    uplink = app.state.node
    line: dict[str, Any] = {"serving": url, "db": redact_url(db_url(args, config)),
                            "node": uplink.config.node_id,
                            "site": uplink.config.site, "upstream": uplink.url}
    if tls is not None:
        line["tls_pin"] = tls.pin()
    print(json.dumps(line) if args.json else
          f"kazasu node serving on {url} for site {line['site']} (upstream {uplink.url})", flush=True)
    level = "info" if args.verbose else "warning"
    server = make_server(app, replace(DEFAULT_LIMITS), tls=tls, log_level=level, access_log=bool(args.verbose))
    previous = signal.signal(signal.SIGTERM, lambda _sig, _frame: None)  # as `mesh serve`: exit 0
    freeze_startup_heap()
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def node_pin(args: argparse.Namespace) -> dict[str, Any]:
    """The pin of the municipal mesh's TLS key in node.json (`upstream_pin`), shown, or replaced by the
    one given after the mesh's key was changed. Never read from the server: over the node's uplink that
    would trust whoever answers. The running node takes it at its next start."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.cli.terminal_commands import PinAddressError, PinInvalidError
    from sync.node.config import NodeConfig
    from sync.transport import normalise_pin

    data_dir = context.data_dir(args)
    config = NodeConfig.load(data_dir)
    if not args.pin:
        return {"upstream": config.upstream, "pin": config.upstream_pin}
    if not config.upstream.startswith("https://"):
        raise PinAddressError(config.upstream)
    try:
        value = normalise_pin(args.pin)
    except ValueError:
        raise PinInvalidError() from None
    previous = config.upstream_pin
    config.upstream_pin = value
    config.save(data_dir)
    logger.info("node %s: the municipal mesh's key fingerprint was replaced", config.node_id)
    return {"upstream": config.upstream, "pin": value, "recorded": True,
            "replaced": previous is not None and previous != value, "takes_effect": "next start of the node"}


def node_status(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.backends import open_storage
    from sync.node.config import NodeConfig
    from sync.node.uplink import Uplink
    from sync.signing import TerminalIdentity

    config = NodeConfig.load(context.data_dir(args))
    identity = TerminalIdentity.load(context.data_dir(args))
    storage = open_storage(db_url(args, config))
    try:
        uplink = Uplink(storage, config, identity)  # not started: reads the database only
        try:
            refused = uplink.refused()
            return {"node_id": config.node_id, "site": config.site, "upstream": config.upstream,
                    "events": storage.stats()["events"], "backlog": uplink.backlog(),
                    "refused": len(refused), "refused_events": refused[:50]}
        finally:
            uplink.http.close()
    finally:
        storage.close()
