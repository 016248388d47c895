"""`kazasu terminal enroll --code CODE [--mesh URL]`, `kazasu terminal status`, `kazasu terminal verify`,
`kazasu terminal pin [--upstream URL [--pin HEX | --forget]]`.

`enroll` makes this terminal's Ed25519 signing key, registers it with the mesh using the one-time code
from `kazasu mesh enroll`, and saves the site and mesh URL in terminal.json; from then on every event is
signed into the terminal's hash chain. `status` shows the identity; `verify` checks the local chain
(signatures, no gap, no edit) and lists the problems found. `pin --upstream URL` records the pin of that
upstream's TLS key in terminal.json (`pins`): the one given with --pin (read off the node's setup page or
`kazasu node serve`'s first line), else the one its server presents now; from then on a connection to
that address refuses any other key (`mesh_certificate_mismatch`). `--forget` removes it; without
--upstream it shows the pins.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli import context
from kiosk.cli.sync_commands import open_store, resolve_mesh_url
from sync.errors import MeshUnreachableError, SyncError

VERIFY_CHUNK = 1000


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    terminal = subparsers.add_parser("terminal", parents=[common], help="this terminal's identity")
    actions = terminal.add_subparsers(dest="terminal_command", metavar="ACTION", required=True)
    enroll = actions.add_parser("enroll", parents=[common],
                                help="register this terminal's signing key with the mesh")
    enroll.add_argument("--code", required=True, help="the one-time code from `kazasu mesh enroll`")
    enroll.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    enroll.set_defaults(handler=terminal_enroll)
    status = actions.add_parser("status", parents=[common], help="terminal id, site, enrolment")
    status.set_defaults(handler=terminal_status)
    verify = actions.add_parser("verify", parents=[common],
                                help="check the local signed chain (gaps, edits, signatures)")
    verify.set_defaults(handler=terminal_verify)
    pin = actions.add_parser("pin", parents=[common], help="record or show the TLS pin of an upstream")
    pin.add_argument("--upstream", help="the node's or mesh's https:// address (without: show the pins)")
    how = pin.add_mutually_exclusive_group()
    how.add_argument("--pin", help="the pin to record (hex; default: read it from the server now)")
    how.add_argument("--forget", action="store_true", help="remove the pin of this address")
    pin.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    pin.set_defaults(handler=terminal_pin)


def terminal_enroll(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.enrolment import enroll_terminal

    return enroll_terminal(context.data_dir(args), args.code, resolve_mesh_url(args),
                           timeout=args.timeout)


def terminal_status(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.signing import TerminalIdentity
    from sync.terminal import TerminalConfig

    data_dir = context.data_dir(args)
    config = TerminalConfig.load(data_dir)
    identity = TerminalIdentity.load(data_dir)
    return {"terminal_id": config.terminal_id, "site": config.site, "mesh_url": config.mesh_url,
            "enrolled": identity is not None,
            "public_key": identity.public_key_b64() if identity else None}


class PinAddressError(SyncError):
    code = "pin_address_invalid"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"{url} is not an https:// address: only https has a certificate to pin. Give the "
                         "node's or mesh's https:// address.",
                         message_ja=f"{url} は https:// のアドレスではありません。ピンを記録できるのは https だけ"
                                    "です。ノードまたはメッシュの https:// アドレスを指定してください。")

    def details(self) -> dict[str, Any]:
        return {"upstream": self.url}


class PinInvalidError(SyncError):
    code = "pin_invalid"

    def __init__(self) -> None:
        super().__init__("The pin is not 32 to 64 hex digits. Copy it again from the node's setup page or "
                         "from the first line of `kazasu node serve` (for the municipal mesh: of `kazasu mesh "
                         "serve`, from IT).",
                         message_ja="ピンが16進数32～64桁ではありません。ノードの設定画面、または `kazasu node "
                                    "serve` の最初の行（自治体のメッシュのピンは情報担当から受け取る `kazasu mesh "
                                    "serve` の最初の行）からもう一度写してください。")


def terminal_pin(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.terminal import TerminalConfig
    from sync.transport import fetch_pin, normalise_pin, origin_of

    config = TerminalConfig.load(context.data_dir(args))
    if not args.upstream:
        return {"pins": dict(config.pins), "mesh_url": config.mesh_url, "mesh_pin": config.mesh_pin}
    try:
        address = origin_of(args.upstream)
    except ValueError:
        raise PinAddressError(args.upstream) from None
    if not address.startswith("https://"):
        raise PinAddressError(args.upstream)
    pins = dict(config.pins)
    if args.forget:
        forgotten = pins.pop(address, None) is not None
        config.pins = pins
        config.save()
        return {"upstream": address, "forgotten": forgotten, "pins": pins}
    if args.pin:
        try:
            value, source = normalise_pin(args.pin), "given"
        except ValueError:
            raise PinInvalidError() from None
    else:
        try:
            value, source = fetch_pin(args.upstream, timeout=args.timeout), "server"
        except (OSError, ValueError):
            raise MeshUnreachableError(args.upstream) from None
    previous = pins.get(address)
    pins[address] = value
    config.pins = pins
    config.save()
    return {"upstream": address, "pin": value, "source": source, "recorded": True,
            "replaced": previous is not None and previous != value}


def terminal_verify(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.signing import TerminalIdentity, verify_chain

    identity = TerminalIdentity.load(context.data_dir(args))
    store = open_store(args)
    try:
        if identity is None:
            return {"enrolled": False, "checked": 0, "problems": [], "ok": True}
        public_key = identity.private_key.public_key()
        counted = [0]

        def chain():  # streamed in chunks: memory stays flat however long the chain is
            last = 0
            while True:
                rows = store.db.execute("SELECT id FROM events WHERE chain_seq > ? ORDER BY"
                                        " chain_seq LIMIT ?", [last, VERIFY_CHUNK]).fetchall()
                if not rows:
                    return
                for (event_id,) in rows:
                    event = store.get(event_id)
                    counted[0] += 1
                    last = event.auth["seq"]
                    yield event

        problems = verify_chain(chain(), public_key)
        checked = counted[0]
    finally:
        store.close()
    return {"enrolled": True, "checked": checked, "problems": problems, "ok": not problems}
