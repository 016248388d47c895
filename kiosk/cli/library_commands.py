"""`kazasu library ...`: the library desk from the command line (register, card, link, identify,
checkout, checkin, show, block, unblock, blocked, reissue, update, conflicts, export-koc).

The rules come from --config FILE, else <data-dir>/library.json, else kiosk/library/default_library.json.
Everything is written to the terminal's event store only (works offline; `kazasu sync` is separate).
Output never holds a name, a PIN or a My Number: patron numbers, item barcodes and dates only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.cards.session import card_session
from kiosk.cards.source import PcscCardSource
from kiosk.cli import context
from kiosk.library import state as st
from kiosk.library.card import render_card
from kiosk.library.config import LibraryConfig
from kiosk.library.desk import BLOCK_REASONS, LibraryDesk
from kiosk.library.errors import LibraryError
from kiosk.library.koc import write_koc
from kiosk.library.link import LinkProvider, identify_barcode, identify_patron, link_card, provider_for
from sync.store import EventStore
from sync.terminal import TerminalConfig

DEFAULT_SITE = "library"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    lib = subparsers.add_parser("library", parents=[common], help="the library desk (図書館)")
    lib.add_argument("--config", default=None, help="library rules JSON (default: see docs/library.md)")
    sub = lib.add_subparsers(dest="library_command", metavar="ACTION", required=True)

    def action(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=[common], help=help_text)
        parser.add_argument("--config", default=argparse.SUPPRESS, help="library rules JSON")
        parser.set_defaults(handler=handler)
        return parser

    reg = action("register", cmd_register, "register a patron from a card read (prints patron_number)")
    reg.add_argument("--person", required=True, type=Path, help="what `kazasu card read --json` printed")
    reg.add_argument("--declaration", choices=("work", "study"), default=None,
                     help="the person declares working or studying in the municipality")
    reg.add_argument("--guardian", default=None, help="the guardian's name (minors)")
    reg.add_argument("--source", choices=("card_pin", "code_b", "by_hand"), default="card_pin")
    card = action("card", cmd_card, "print the patron's library card (CR80 PDF with NW-7 barcode)")
    card.add_argument("--patron", required=True)
    card.add_argument("--out", required=True, type=Path)
    link = action("link", cmd_link, "link the card on the reader to a patron (no PIN)")
    link.add_argument("--patron", required=True)
    link.add_argument("--reader", default=None)
    ident = action("identify", cmd_identify, "the patron of the card on the reader, or of a barcode")
    ident.add_argument("--reader", default=None)
    ident.add_argument("--barcode", default=None, help="a scanned library card number")
    out = action("checkout", cmd_checkout, "check an item out to a patron")
    out.add_argument("--patron", required=True)
    out.add_argument("--item", required=True)
    back = action("checkin", cmd_checkin, "check an item in")
    back.add_argument("--item", required=True)
    show = action("show", cmd_show, "a patron's loans, overdue items and block")
    show.add_argument("--patron", required=True)
    block = action("block", cmd_block, "stop loans for a patron (kept locally for offline use)")
    block.add_argument("--patron", required=True)
    block.add_argument("--reason", choices=tuple(BLOCK_REASONS), default="staff")
    unblock = action("unblock", cmd_unblock, "lift a patron's block")
    unblock.add_argument("--patron", required=True)
    action("blocked", cmd_blocked, "the blocked-patron list (from this terminal's store, offline too)")
    again = action("reissue", cmd_reissue, "a lost library card: a new number, the old one blocked")
    again.add_argument("--patron", required=True)
    again.add_argument("--out", type=Path, default=None, help="also print the new card to this PDF")
    update = action("update", cmd_update, "address change: update a patron from a new card read")
    update.add_argument("--patron", required=True)
    update.add_argument("--person", required=True, type=Path, help="what `kazasu card read --json` printed")
    action("conflicts", cmd_conflicts, "items checked out twice (e.g. at two terminals offline)")
    koc = action("export-koc", cmd_export_koc, "this terminal's offline circulation as a Koha .koc file")
    koc.add_argument("--out", required=True, type=Path)
    koc.add_argument("--full", action="store_true",
                     help="also loans already returned (default: open loans and earlier loans' returns)")


def open_desk(args: argparse.Namespace) -> LibraryDesk:
    folder = context.data_dir(args)
    terminal = TerminalConfig.load(folder)
    site = context.site(args) or terminal.site or DEFAULT_SITE
    config = LibraryConfig.load(getattr(args, "config", None), folder)
    return LibraryDesk(EventStore(folder / "kazasu.db"), site, terminal.terminal_id, config)


def _person(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise LibraryError("The person file cannot be read as JSON.",
                           "本人情報ファイルを JSON として読めません。") from None


def cmd_register(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    number = desk.register(_person(args.person), declaration=args.declaration,
                           guardian=args.guardian, source=args.source)
    return {"patron_number": number}


def cmd_card(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    patron = desk.patron(args.patron)
    out = render_card(args.patron, patron["name"], args.out, desk.config, patron["card_type"])
    return {"patron_number": args.patron, "out": str(Path(out).resolve())}


def _provider(args: argparse.Namespace, desk: LibraryDesk) -> LinkProvider:
    return provider_for(desk.config, context.data_dir(args))


def cmd_link(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    desk.patron(args.patron)
    with card_session(PcscCardSource(args.reader)) as transport:
        card = link_card(desk, _provider(args, desk), transport, args.patron)
    return {"patron_number": args.patron, "kind": card.kind}


def cmd_identify(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    if args.barcode:
        return {"patron_number": identify_barcode(desk, args.barcode), "by": "barcode"}
    with card_session(PcscCardSource(args.reader)) as transport:
        return {"patron_number": identify_patron(desk, _provider(args, desk), transport), "by": "card"}


def cmd_checkout(args: argparse.Namespace) -> dict[str, Any]:
    return {"patron_number": args.patron, **open_desk(args).checkout(args.patron, args.item)}


def cmd_checkin(args: argparse.Namespace) -> dict[str, Any]:
    return open_desk(args).checkin(args.item)


def cmd_show(args: argparse.Namespace) -> dict[str, Any]:
    return open_desk(args).summary(args.patron)


def cmd_block(args: argparse.Namespace) -> dict[str, Any]:
    open_desk(args).block(args.patron, args.reason)
    return {"patron_number": args.patron, "blocked": args.reason}


def cmd_unblock(args: argparse.Namespace) -> dict[str, Any]:
    open_desk(args).unblock(args.patron)
    return {"patron_number": args.patron, "blocked": None}


def cmd_blocked(args: argparse.Namespace) -> dict[str, Any]:
    return {"blocked": open_desk(args).blocked_patrons()}


def cmd_reissue(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    new = desk.reissue(args.patron)
    result: dict[str, Any] = {"old_patron_number": args.patron, "patron_number": new,
                              "old_blocked": "lost_card"}
    if args.out is not None:
        patron = desk.patron(new)
        out = render_card(new, patron["name"], args.out, desk.config, patron["card_type"])
        result["out"] = str(Path(out).resolve())
    return result


def cmd_update(args: argparse.Namespace) -> dict[str, Any]:
    return open_desk(args).update_from_card(args.patron, _person(args.person))


def cmd_conflicts(args: argparse.Namespace) -> dict[str, Any]:
    state = open_desk(args).state()
    return {"conflicts": [{"item": item, "checkouts": entries}
                          for item, entries in sorted(state.conflicts.items())],
            "duplicate_patron_numbers": sorted(state.duplicate_numbers)}


def cmd_export_koc(args: argparse.Namespace) -> dict[str, Any]:
    desk = open_desk(args)
    count = write_koc(st.load_events(desk.store, desk.site), desk.terminal, args.out, full=args.full)
    return {"operations": count, "out": str(Path(args.out).resolve())}
