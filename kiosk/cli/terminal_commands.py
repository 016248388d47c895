"""`kazasu terminal enroll --code CODE [--mesh URL]`, `kazasu terminal status`, `kazasu terminal verify`.

`enroll` makes this terminal's Ed25519 signing key, registers it with the mesh using the one-time code
from `kazasu mesh enroll`, and saves the site and mesh URL in terminal.json; from then on every event is
signed into the terminal's hash chain. `status` shows the identity; `verify` checks the local chain
(signatures, no gap, no edit) and lists the problems found.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli import context
from kiosk.cli.sync_commands import open_store, resolve_mesh_url
from sync.enrolment import enroll_terminal
from sync.signing import TerminalIdentity, verify_chain
from sync.terminal import TerminalConfig

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


def terminal_enroll(args: argparse.Namespace) -> dict[str, Any]:
    return enroll_terminal(context.data_dir(args), args.code, resolve_mesh_url(args),
                           timeout=args.timeout)


def terminal_status(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = context.data_dir(args)
    config = TerminalConfig.load(data_dir)
    identity = TerminalIdentity.load(data_dir)
    return {"terminal_id": config.terminal_id, "site": config.site, "mesh_url": config.mesh_url,
            "enrolled": identity is not None,
            "public_key": identity.public_key_b64() if identity else None}


def terminal_verify(args: argparse.Namespace) -> dict[str, Any]:
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
