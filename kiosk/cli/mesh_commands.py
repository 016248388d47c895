"""`kazasu mesh serve|stats|enroll|revoke|terminals|site-name|operator|import|exceptions --db URL`: the mesh server
and its staff-IT tools.

`serve` accepts only signed events of enrolled terminals, and every request but health and enrolment
needs a credential (docs/sync.md, "Threat model"). `--allow-unsigned-demo` makes a demo mesh (unsigned
events of unenrolled terminals, no credentials needed): only on loopback, with a warning at start that
`/v1/health` repeats; `kazasu demo` runs one in-process. `--allow-unsigned` is the old spelling of it and
`--require-signed` the old spelling of the default. `--tls-cert FILE --tls-key FILE` serves https and
prints the pin of the certificate's key; `--max-connections`, `--max-streams`, `--streams-per-terminal`,
`--header-timeout`, `--body-timeout` set those limits (sync.mesh.limits); `--wire-protocol 1` emulates an
old mesh (its /v1/health states no protocol: sync.protocol), for the tests of terminals and nodes.
`enroll --site SITE [--tls-cert FILE]` prints a one-time enrolment `code` (with the certificate's pin in
it when given, so the terminal pins the mesh); `revoke --terminal ID` refuses that terminal at once;
`terminals` lists the enrolled terminals; `site-name --site SITE [NAME]` sets (or shows) the name the
site's pre-registration page shows; `operator add|list|revoke` manages the operator tokens that
read statistics and exceptions, scoped by site. These work on the database directly (run them on the
mesh host): the HTTP API has no admin routes. `import FILE` takes a bundle carried from a terminal
(`kazasu queue export`) through the same checks as online sync, one answer per event; unsigned events of
unenrolled terminals only with `--allow-unsigned`.

`--db` defaults to sqlite:///<data-dir>/mesh.db (`sqlite:////abs/path.db`: four slashes for an absolute
path). `serve` runs uvicorn in the foreground and prints one line with its URL as soon as the socket
listens (connections made before uvicorn runs wait in the backlog); SIGTERM stops it cleanly (exit 0), Ctrl-C too (exit
130).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.cli import context
from sync.errors import SyncError
from sync.mesh.limits import DEFAULT_LIMITS
from sync.protocol import PROTOCOL_VERSION

logger = logging.getLogger(__name__)



class PortUnavailableError(SyncError):
    code = "port_unavailable"

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        super().__init__(f"Cannot listen on {host}:{port} (in use or not allowed). Choose another --port.",
                         message_ja=f"{host}:{port} で待ち受けできません（使用中または許可されていません）。"
                         "別の --port を指定してください。")

    def details(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port}


class DemoOnLoopbackError(SyncError):
    code = "demo_mesh_not_loopback"

    def __init__(self, host: str) -> None:
        self.host = host
        super().__init__(f"A demo mesh (--allow-unsigned-demo) accepts anything from anyone: it listens on "
                         f"loopback only, not on {host}. Drop the flag, or use --host 127.0.0.1.",
                         message_ja=f"デモ用メッシュ（--allow-unsigned-demo）は誰からの記録も受け付けるため、"
                         f"ループバックでだけ待ち受けます（{host} は不可）。このオプションを外すか "
                         "--host 127.0.0.1 にしてください。")

    def details(self) -> dict[str, Any]:
        return {"host": self.host}


class TlsFilesError(SyncError):
    code = "tls_files_invalid"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The TLS certificate or key cannot be used ({reason}). Give both --tls-cert and "
                         "--tls-key, PEM files readable by the mesh's user.",
                         message_ja=f"TLS の証明書または鍵が使えません（{reason}）。--tls-cert と --tls-key の"
                         "両方を、メッシュの利用者が読める PEM ファイルで指定してください。")

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


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
    unsigned.add_argument("--allow-unsigned-demo", dest="allow_unsigned", action="store_true",
                          default=False,
                          help="DEMO ONLY (loopback): also accept unsigned events of unenrolled terminals "
                               "and requests without credentials")
    unsigned.add_argument("--allow-unsigned", dest="allow_unsigned", action="store_true",
                          help=argparse.SUPPRESS)  # the old name of --allow-unsigned-demo
    unsigned.add_argument("--require-signed", dest="allow_unsigned", action="store_false",
                          help=argparse.SUPPRESS)  # the old name of the default
    serve.add_argument("--tls-cert", type=Path, help="serve https with this certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--wire-protocol", type=int, choices=(1, PROTOCOL_VERSION), default=PROTOCOL_VERSION,
                       help="the sync protocol /v1/health states (1: emulate an old mesh, for tests)")
    defaults = DEFAULT_LIMITS
    serve.add_argument("--max-connections", type=int, default=defaults.max_connections,
                       help=f"open connections at most (default {defaults.max_connections}; never "
                            "closer than 64 to the file limit)")
    serve.add_argument("--max-streams", type=int, default=defaults.max_streams,
                       help=f"open live streams at most (default {defaults.max_streams}; never more than "
                            "half of --max-connections; 0: none, terminals poll)")
    serve.add_argument("--streams-per-terminal", type=int, default=defaults.streams_per_terminal,
                       help=f"open live streams of one terminal (default {defaults.streams_per_terminal})")
    serve.add_argument("--header-timeout", type=float, default=defaults.header_timeout,
                       help=f"seconds for a request's headers (default {defaults.header_timeout:g})")
    serve.add_argument("--body-timeout", type=float, default=defaults.body_timeout,
                       help=f"seconds for a request's body (default {defaults.body_timeout:g})")
    serve.set_defaults(handler=mesh_serve)
    stats = actions.add_parser("stats", parents=[common], help="counts of the events the mesh holds")
    stats.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    stats.set_defaults(handler=mesh_stats)
    enroll = actions.add_parser("enroll", parents=[common], help="issue a one-time enrolment code")
    enroll.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    enroll.add_argument("--ttl-hours", type=float, default=24.0, help="validity (default 24 h)")
    enroll.add_argument("--tls-cert", type=Path,
                        help="the certificate terminals will see (the mesh's, or the reverse proxy's): "
                             "its pin goes into the code")
    enroll.add_argument("--node", action="store_true",
                        help="a code for the site's shelter node (kazasu node enroll), not a terminal")
    enroll.set_defaults(handler=mesh_enroll)
    key = actions.add_parser("publisher-key", parents=[common],
                             help="make (or show) the municipality's publishing key and register it")
    key.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    key.add_argument("--key-file", type=Path, required=True,
                     help="the private key file (made 0600 when absent; keep it off the mesh's database)")
    key.set_defaults(handler=mesh_publisher_key)
    publish = actions.add_parser("publish", parents=[common],
                                 help="sign and publish a form definition, revocation, notice or vocabulary")
    publish.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    publish.add_argument("--key-file", type=Path, required=True, help="the publishing key (publisher-key)")
    publish.add_argument("kind", choices=("form", "revocation", "notice", "vocabulary"))
    publish.add_argument("--file", type=Path, help="form: the definition; vocabulary: its JSON object")
    publish.add_argument("--name", help="vocabulary: desk.words (shelter.needs, library.rules); notice: "
                                        "its name (a newer notice of the same name replaces it)")
    publish.add_argument("--version", type=int, help="the version (default: the time in milliseconds)")
    publish.add_argument("--terminal", help="revocation: the terminal id")
    publish.add_argument("--reason", default="", help="revocation: why (no personal data)")
    publish.add_argument("--ja", help="notice: the Japanese text")
    publish.add_argument("--en", help="notice: the English text")
    publish.add_argument("--ja-easy", help="notice: the text in やさしい日本語")
    publish.add_argument("--expires", help="notice: when it ends (ISO 8601, UTC)")
    publish.add_argument("--for-site", dest="for_site",
                         help="only this site's terminals (default: every site)")
    publish.set_defaults(handler=mesh_publish)
    publications = actions.add_parser("publications", parents=[common], help="what was published")
    publications.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    publications.set_defaults(handler=mesh_publications)
    revoke = actions.add_parser("revoke", parents=[common], help="revoke an enrolled terminal")
    revoke.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    revoke.add_argument("--terminal", required=True, help="the terminal id (term-...)")
    revoke.set_defaults(handler=mesh_revoke)
    names = actions.add_parser("site-name", parents=[common],
                               help="the name a site's pre-registration page shows (--site SITE NAME)")
    names.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    names.add_argument("name", nargs="?", help="the name (without it: the name now)")
    names.set_defaults(handler=mesh_site_name)
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
    exc.add_argument("--limit", type=int, default=1000,
                     help="at most this many per terminal (default 1000)")
    exc.set_defaults(handler=mesh_exceptions)
    operator = actions.add_parser("operator", parents=[common],
                                  help="operator tokens for statistics and exceptions")
    operator_actions = operator.add_subparsers(dest="operator_command", metavar="ACTION", required=True)
    add = operator_actions.add_parser("add", parents=[common], help="make an operator token (shown once)")
    add.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    add.add_argument("--name", required=True, help="who holds it (e.g. a department)")
    add.add_argument("--scope", action="append", metavar="SITE",
                     help="a site the operator may see (repeatable; default --site / KAZASU_SITE)")
    add.add_argument("--all-sites", action="store_true", help="every site")
    add.set_defaults(handler=mesh_operator_add)
    listing = operator_actions.add_parser("list", parents=[common], help="the operators (no tokens)")
    listing.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    listing.set_defaults(handler=mesh_operator_list)
    revoke_op = operator_actions.add_parser("revoke", parents=[common], help="revoke an operator token")
    revoke_op.add_argument("--db", help="database URL (default sqlite:///<data-dir>/mesh.db)")
    revoke_op.add_argument("--id", required=True, dest="operator_id", help="the operator id (op-...)")
    revoke_op.set_defaults(handler=mesh_operator_revoke)


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
    from sync.mesh.app import DEMO_WARNING, create_app
    from sync.mesh.serving import bind_socket, freeze_startup_heap, make_server
    from sync.transport import is_loopback_host

    if args.allow_unsigned and not is_loopback_host(args.host):
        raise DemoOnLoopbackError(args.host)
    tls = tls_files(args)
    limits = replace(DEFAULT_LIMITS, max_connections=max(1, args.max_connections),
                     header_timeout=max(0.1, args.header_timeout),
                     body_timeout=max(0.1, args.body_timeout), max_streams=max(0, args.max_streams),
                     streams_per_terminal=max(0, args.streams_per_terminal))
    url_of_db = db_url(args)
    app = create_app(url_of_db, allow_unsigned=args.allow_unsigned, limits=limits,
                     wire_protocol=args.wire_protocol)
    if args.allow_unsigned:
        logger.warning("%s (--allow-unsigned-demo)", DEMO_WARNING)
    try:
        sock = bind_socket(args.host, args.port).guard(limits, tls=tls is not None)
    except OSError:
        raise PortUnavailableError(args.host, args.port) from None
    host, port = sock.getsockname()[:2]
    url = f"{'https' if tls else 'http'}://{host if ':' not in host else f'[{host}]'}:{port}"
    shown_db = redact_url(url_of_db)
    line: dict[str, Any] = {"serving": url, "db": shown_db}
    if tls is not None:
        line["tls_pin"] = tls.pin()
    if args.allow_unsigned:
        line["demo"] = True
    if args.json:
        print(json.dumps(line), flush=True)
    else:
        extra = f", tls pin sha256:{line['tls_pin']}" if tls else ""
        demo = " — DEMO: unsigned events and no credentials accepted" if args.allow_unsigned else ""
        print(f"kazasu mesh serving on {url} (db {shown_db}{extra}){demo}", flush=True)
    level = "info" if args.verbose else "warning"
    server = make_server(app, limits, tls=tls, log_level=level, access_log=bool(args.verbose))
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler that was there
    # before: a no-op handler makes that a clean exit (status 0) instead of death by signal.
    previous = signal.signal(signal.SIGTERM, lambda _sig, _frame: None)
    freeze_startup_heap()
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def tls_files(args: argparse.Namespace) -> Any:
    """TlsFiles from --tls-cert/--tls-key (both or neither), checked now: a bad file is a typed error
    before anything listens."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    import ssl

    from sync.mesh.serving import TlsFiles

    cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise TlsFilesError("give both --tls-cert and --tls-key")
    files = TlsFiles(Path(cert), Path(key))
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(str(files.cert), str(files.key))
        files.pin()
    except (OSError, ValueError, ssl.SSLError) as exc:
        raise TlsFilesError(type(exc).__name__) from None
    return files


class SiteRequiredError(SyncError):
    code = "site_required"
    message_en = "Give the site the code is for: --site SITE (or KAZASU_SITE)."
    message_ja = "コードを発行する拠点を指定してください: --site 拠点ID（または KAZASU_SITE）。"


def open_existing(args: argparse.Namespace) -> Any:
    # lazy: the mesh's storage loads only for the mesh host's commands, not at every start of `kazasu`
    from sync.mesh.backends import open_storage

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
    from sync.mesh.backends import open_storage
    from sync.mesh.registry import issue_code
    from sync.transport import compose_code, spki_sha256

    site = context.site(args)
    if not site:
        raise SiteRequiredError()
    pin = None
    if args.tls_cert is not None:
        try:
            pin = spki_sha256(Path(args.tls_cert).read_bytes())
        except (OSError, ValueError) as exc:
            raise TlsFilesError(type(exc).__name__) from None
    storage = open_storage(db_url(args))  # a new mesh database may start with enrolment
    try:
        issued = issue_code(storage, site, timedelta(hours=args.ttl_hours),
                            role="node" if args.node else None)
    finally:
        storage.close()
    if pin is not None:
        issued = {**issued, "code": compose_code(issued["code"], pin), "tls_pin": pin}
    return issued


def mesh_revoke(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.registry import revoke

    storage = open_existing(args)
    try:
        return revoke(storage, args.terminal)
    finally:
        storage.close()


def mesh_site_name(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.backends import open_storage
    from sync.mesh.site_names import set_site_name, site_name

    site = context.site(args)
    if not site:
        raise SiteRequiredError()
    storage = open_storage(db_url(args)) if args.name is not None else open_existing(args)
    try:
        if args.name is not None:
            return set_site_name(storage, site, args.name)
        return {"site": site, "name": site_name(storage, site)}
    finally:
        storage.close()


def mesh_import(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.backends import open_storage
    from sync.mesh.bundle_import import import_bundle

    storage = open_storage(db_url(args))
    try:
        return import_bundle(storage, args.file, allow_unsigned=args.allow_unsigned)
    finally:
        storage.close()


def mesh_exceptions(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.exceptions import list_exceptions, list_overflow

    storage = open_existing(args)
    try:
        return {"exceptions": list_exceptions(storage, context.site(args), open_only=args.open_only,
                                              limit=args.limit),
                "overflow": list_overflow(storage, context.site(args))}
    finally:
        storage.close()


class OperatorScopeError(SyncError):
    code = "operator_scope_required"
    message_en = ("Give the sites the operator may see: --scope SITE (repeatable), --site SITE, or "
                  "--all-sites.")
    message_ja = ("操作者が見られる拠点を指定してください: --scope 拠点ID（複数可）、--site 拠点ID、"
                  "またはすべての拠点なら --all-sites。")


def mesh_operator_add(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.backends import open_storage
    from sync.mesh.operators import add_operator

    if args.all_sites and args.scope:
        raise OperatorScopeError()
    sites = None if args.all_sites else (args.scope or ([context.site(args)] if context.site(args)
                                                        else None))
    if sites is None and not args.all_sites:
        raise OperatorScopeError()
    storage = open_storage(db_url(args))
    try:
        return add_operator(storage, args.name, sites)
    finally:
        storage.close()


def mesh_operator_list(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.operators import list_operators

    storage = open_existing(args)
    try:
        return {"operators": list_operators(storage)}
    finally:
        storage.close()


def mesh_operator_revoke(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.operators import revoke_operator

    storage = open_existing(args)
    try:
        return revoke_operator(storage, args.operator_id)
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


def mesh_publisher_key(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.backends import open_storage
    from sync.mesh.publishing import register_key
    from sync.publications import load_or_make_key, public_key_of

    key = load_or_make_key(args.key_file, make=True)
    storage = open_storage(db_url(args))
    try:
        return {**register_key(storage, public_key_of(key)), "key_file": str(args.key_file)}
    finally:
        storage.close()


def mesh_publish(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.publishing import add
    from sync.publications import load_or_make_key, sign

    key = load_or_make_key(args.key_file, make=False)
    name, body = publication_content(args)
    doc = sign(key, args.kind, name, body, version=args.version, site=args.for_site)
    storage = open_existing(args)
    try:
        add(storage, doc)
    finally:
        storage.close()
    return {"id": doc["id"], "kind": doc["kind"], "name": doc["name"], "version": doc["version"],
            "site": doc["site"], "published_at": doc["published_at"]}


def publication_content(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The name and body of what `mesh publish KIND` publishes, from its options (typed errors)."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.publications import PublicationInvalidError

    def read_object() -> dict[str, Any]:
        if args.file is None:
            raise PublicationInvalidError(f"{args.kind} needs --file")
        try:
            data = json.loads(Path(args.file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PublicationInvalidError(f"{args.file} cannot be read as JSON ({type(exc).__name__})") from None
        if not isinstance(data, dict):
            raise PublicationInvalidError(f"{args.file} must hold one JSON object")
        return data

    if args.kind == "form":
        # lazy: the forms package only for this kind
        from forms.definition import parse_definition
        from forms.errors import FormDefinitionError

        body = read_object()
        try:
            form = parse_definition(body, Path(args.file).name)
        except FormDefinitionError as exc:
            raise PublicationInvalidError(f"the form definition is not valid: {exc.message_en}") from None
        return form.id, body
    if args.kind == "revocation":
        if not args.terminal:
            raise PublicationInvalidError("a revocation needs --terminal ID")
        return args.terminal, {"terminal_id": args.terminal, "reason": args.reason}
    if args.kind == "notice":
        body = {"ja": args.ja or "", "en": args.en or ""}
        if args.ja_easy:
            body["ja_easy"] = args.ja_easy
        if args.expires:
            body["expires_at"] = args.expires
        return args.name or "staff", body
    if not args.name:
        raise PublicationInvalidError("a vocabulary needs --name desk.words (shelter.needs, library.rules)")
    return args.name, read_object()


def mesh_publications(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.mesh.publishing import listing

    storage = open_existing(args)
    try:
        return {"publications": listing(storage)}
    finally:
        storage.close()
