"""`kazasu staff add|list|remove`: the terminal's staff accounts, for IT (no Qt).

`kazasu staff add --id ID --role volunteer|staff|admin --pin-stdin [--card KIND:ID | --card-reader
[NAME]] [--replace]` reads the PIN (4–12 digits) from the first line of stdin, so it is never on the
command line or in the shell history; the PIN is stored only as a scrypt hash (kiosk/shell/staff.py).
A staff IC card is given as what `kazasu card id --json` prints (`felica:0123…`), or read from the
reader now (`--card-reader`, a FeliCa / Type A card; a My Number card is refused).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli import context
from kiosk.shell.staff import ROLES, StaffDirectory, StaffError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    staff = subparsers.add_parser("staff", parents=[common], help="staff accounts of this terminal")
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="add a staff account (PIN from stdin)")
    add.add_argument("--id", required=True, dest="staff_id", help="staff ID (letters, digits, . _ -)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--pin-stdin", action="store_true", required=True,
                     help="read the PIN (4–12 digits) from the first line of stdin")
    card = add.add_mutually_exclusive_group()
    card.add_argument("--card", default=None, metavar="KIND:ID",
                      help="a staff IC card as `kazasu card id` prints it (e.g. felica:0123456789ABCDEF)")
    card.add_argument("--card-reader", nargs="?", const="", default=None, metavar="READER",
                      help="read the staff IC card on this reader now (default: the first with a card)")
    add.add_argument("--replace", action="store_true", help="change an existing account")
    add.set_defaults(handler=cmd_add)
    listing = actions.add_parser("list", parents=[common], help="staff IDs and roles (never PINs)")
    listing.set_defaults(handler=cmd_list)
    remove = actions.add_parser("remove", parents=[common], help="remove a staff account")
    remove.add_argument("--id", required=True, dest="staff_id")
    remove.set_defaults(handler=cmd_remove)


def _card(args: argparse.Namespace) -> tuple[str, str] | None:
    if args.card:
        kind, _, token = args.card.partition(":")
        if kind not in ("felica", "type_a") or not token:
            raise StaffError("staff_card_invalid", "係員カードは felica:ID または type_a:ID の形で指定してください。",
                             "Give the staff card as felica:ID or type_a:ID.")
        return kind, token
    if args.card_reader is None:
        return None
    # lazy: the card reader (pyscard) loads only when a staff card is read now
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.staff_card import staff_card_identifier

    return staff_card_identifier(PcscCardSource(args.card_reader or None))()


def cmd_add(args: argparse.Namespace) -> dict[str, Any]:
    pin = sys.stdin.readline().strip()
    directory = StaffDirectory(context.data_dir(args))
    card = _card(args)
    staff = directory.add(args.staff_id, args.role, pin, card=card, replace=args.replace)
    return {**staff.to_dict(), "card": card is not None}


def cmd_list(args: argparse.Namespace) -> dict[str, Any]:
    return {"staff": [s.to_dict() for s in StaffDirectory(context.data_dir(args)).list()]}


def cmd_remove(args: argparse.Namespace) -> dict[str, Any]:
    removed = StaffDirectory(context.data_dir(args)).remove(args.staff_id)
    if not removed:
        raise StaffError("staff_unknown", f"係員ID {args.staff_id} は登録されていません。",
                         f"Staff ID {args.staff_id} is not registered.")
    return {"removed": args.staff_id}
