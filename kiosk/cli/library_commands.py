"""`kazasu library ...`: the library desk from the command line (register, card, link, identify,
checkout, checkin, show, block, unblock, blocked, reissue, update, conflicts, export-koc; in ILS mode
also renew, ils-status, ils-queue, ils-replay, ils-resolve).

With an `ils` part in library.json the desk is in ILS mode (kiosk.library.ils: SIP2 to the library's
own system): link, identify, checkout, checkin, show, block and renew go to the ILS (or its off-line
outbox); the commands of the desk's own circulation (register, card, reissue, …) are refused there
with words that say so.

The rules come from --config FILE, else <data-dir>/library.json, else kiosk/library/default_library.json.
Everything is written to the terminal's event store only (works offline; `kazasu sync` is separate).
Output never holds a name, a PIN or a My Number: patron numbers, item barcodes and dates only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli import context
from kiosk.library.errors import LibraryError
from kiosk.library.reasons import BLOCK_REASONS

if TYPE_CHECKING:
    from kiosk.library.desk import LibraryDesk
    from kiosk.library.ils import IlsDesk
    from kiosk.library.link import LinkProvider

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
    renew = action("renew", cmd_renew, "ILS mode: renew a patron's item")
    renew.add_argument("--patron", required=True)
    renew.add_argument("--item", required=True)
    action("ils-status", cmd_ils_status, "ILS mode: is the library system answering, its off-line rules, the outbox")
    action("ils-queue", cmd_ils_queue, "ILS mode: what waits in the off-line outbox and what the ILS refused")
    action("ils-replay", cmd_ils_replay, "ILS mode: send the off-line outbox to the library system now")
    resolve = action("ils-resolve", cmd_ils_resolve, "ILS mode: staff settled a refused transaction")
    resolve.add_argument("--seq", required=True, type=int)
    koc = action("export-koc", cmd_export_koc, "this terminal's offline circulation as a Koha .koc file")
    koc.add_argument("--out", required=True, type=Path)
    koc.add_argument("--full", action="store_true",
                     help="also loans already returned (default: open loans and earlier loans' returns)")


ILS_COMMANDS = {"link", "identify", "checkout", "checkin", "show", "block", "renew", "ils-status",
                "ils-queue", "ils-replay", "ils-resolve"}


def open_desk(args: argparse.Namespace) -> LibraryDesk | IlsDesk:
    """The desk library.json chooses: the ILS mode (an `ils` part) or the desk's own circulation."""
    # lazy: the desks, their tables and the event store load only for a library command
    from kiosk.library.config import LibraryConfig
    from kiosk.library.desk import LibraryDesk
    from kiosk.library.ils import IlsDesk
    from sync.store import EventStore
    from sync.terminal import TerminalConfig

    folder = context.data_dir(args)
    terminal = TerminalConfig.load(folder)
    site = context.site(args) or terminal.site or DEFAULT_SITE
    config = LibraryConfig.load(getattr(args, "config", None), folder)
    store = EventStore(folder / "kazasu.db")
    command = getattr(args, "library_command", None)
    if config.ils is not None:
        if command not in ILS_COMMANDS:
            raise LibraryError(f"`library {command}` is for a library without its own system: here the "
                               "library system (ILS) owns patrons and loans. Do it in the ILS.",
                               f"`library {command}` は図書館システムのない図書館の機能です。この図書館では"
                               "利用者と貸出を図書館システム（ILS）が管理しています。ILS で手続きしてください。",
                               code="ils_mode", command=command)
        return IlsDesk(store, site, terminal.terminal_id, config)
    if command in ILS_COMMANDS - {"link", "identify", "checkout", "checkin", "show", "block"}:
        raise LibraryError(f"`library {command}` needs a library system: add an `ils` part to library.json "
                           "(docs/library.md).",
                           f"`library {command}` には図書館システムが必要です。library.json に ils を"
                           "設定してください（docs/library.md）。", code="not_ils_mode", command=command)
    return LibraryDesk(store, site, terminal.terminal_id, config)


def ils_desk(args: argparse.Namespace) -> IlsDesk:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.library.ils import IlsDesk

    desk = open_desk(args)
    assert isinstance(desk, IlsDesk)     # open_desk refused the command otherwise
    return desk


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
    # lazy: the card's PDF (reportlab) loads only for this command
    from kiosk.library.card import render_card

    desk = open_desk(args)
    patron = desk.patron(args.patron)
    out = render_card(args.patron, patron["name"], args.out, desk.config, patron["card_type"])
    return {"patron_number": args.patron, "out": str(Path(out).resolve())}


def _provider(args: argparse.Namespace, desk: LibraryDesk) -> LinkProvider:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.library.link import provider_for

    return provider_for(desk.config, context.data_dir(args))


def cmd_link(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: the card reader (pyscard) loads only for this command
    from kiosk.cards.session import card_session
    from kiosk.cards.source import PcscCardSource
    from kiosk.library.link import link_card

    desk = open_desk(args)
    desk.patron(args.patron)
    with card_session(PcscCardSource(args.reader)) as transport:
        card = link_card(desk, _provider(args, desk), transport, args.patron)
    return {"patron_number": args.patron, "kind": card.kind}


def cmd_identify(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: the card reader (pyscard) loads only for this command
    from kiosk.cards.session import card_session
    from kiosk.cards.source import PcscCardSource
    from kiosk.library.link import identify_barcode, identify_patron

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
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.library.ils import IlsDesk

    desk = open_desk(args)
    if isinstance(desk, IlsDesk):
        shown = desk.patron(args.patron)
        shown.pop("name", None)         # output never holds a name
        return shown
    return desk.summary(args.patron)


def cmd_block(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.library.ils import IlsDesk

    desk = open_desk(args)
    if isinstance(desk, IlsDesk):
        return {**desk.block(args.patron, BLOCK_REASONS[args.reason][1]), "blocked": args.reason}
    desk.block(args.patron, args.reason)
    return {"patron_number": args.patron, "blocked": args.reason}


def cmd_renew(args: argparse.Namespace) -> dict[str, Any]:
    return {"patron_number": args.patron, **ils_desk(args).renew(args.patron, args.item)}


def cmd_ils_status(args: argparse.Namespace) -> dict[str, Any]:
    return ils_desk(args).status()


def cmd_ils_queue(args: argparse.Namespace) -> dict[str, Any]:
    desk = ils_desk(args)
    return {"pending": desk.pending(), "refused": desk.refused()}


def cmd_ils_replay(args: argparse.Namespace) -> dict[str, Any]:
    return ils_desk(args).replay()


def cmd_ils_resolve(args: argparse.Namespace) -> dict[str, Any]:
    ils_desk(args).resolve(args.seq)
    return {"resolved": args.seq}


def cmd_unblock(args: argparse.Namespace) -> dict[str, Any]:
    open_desk(args).unblock(args.patron)
    return {"patron_number": args.patron, "blocked": None}


def cmd_blocked(args: argparse.Namespace) -> dict[str, Any]:
    return {"blocked": open_desk(args).blocked_patrons()}


def cmd_reissue(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: the card's PDF (reportlab) loads only for this command
    from kiosk.library.card import render_card

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
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.library import state as st
    from kiosk.library.koc import write_koc

    desk = open_desk(args)
    count = write_koc(st.load_events(desk.store, desk.site), desk.terminal, args.out, full=args.full)
    return {"operations": count, "out": str(Path(args.out).resolve())}
