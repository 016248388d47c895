"""`kazasu readers`, `kazasu card read|id|emulate`: the card reader from the command line.

`card read` reads the basic four with the PIN (one line on stdin with --pin-stdin, else a hidden
prompt) or with 照合番号B (--code-b-stdin: 14 digits on one line) and never retries; the My Number is
added only with --with-number and a --purpose (PIN only), which are checked before any secret is asked.
`card id` prints `kind` and `pseudonym` without any PIN (per service for a My Number card).
`--reader nfcpy:<path>` (a name `kazasu readers` lists for nfcpy, or `nfcpy:udp:HOST:PORT`) reads
through nfcpy instead of PC/SC.
`card face PHOTO` reads 照合番号B's three parts from a photo of the card front (kiosk/cli/card_face.py).
`card emulate` plugs an emulated card (a fictitious person) into pcscd through vpcd, prints one line
once pcscd sees it, and stays until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import signal
import sys
import threading
import time
from typing import Any

from devices.errors import MyNumberNeedsPinError, PcscUnavailableError, PinFormatError, UnknownCardError
from kiosk.cli import card_face, context
from kiosk.errors import SHOWN, KioskError

logger = logging.getLogger(__name__)

PRESENCE_WAIT_S = 3.0
DEFAULT_SERVICE = "default"
NFCPY_CARD_WAIT_S = 5.0  # how long `--reader nfcpy:…` polls for a card


class CardCommandError(KioskError):
    """A user-facing error of a card command: the same code and messages, and `tries_left` always in its
    JSON (`null` when the error is not about a PIN or 照合番号B try), so every card command fails with
    `{"error": {"code", "tries_left", "message_ja", "message_en", ...}}`."""

    def __init__(self, error: Any) -> None:
        super().__init__(error.message_ja, error.message_en, code=error.code,
                         **{"tries_left": None, **error.details()})


def card_command(handler):
    """Wrap a handler so that its user-facing errors carry `tries_left` (see CardCommandError)."""
    def run(args: argparse.Namespace):
        try:
            return handler(args)
        except SHOWN as exc:
            raise CardCommandError(exc) from exc
    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    readers = subparsers.add_parser("readers", parents=[common], help="list card readers")
    readers.set_defaults(handler=card_command(cmd_readers))

    card = subparsers.add_parser("card", parents=[common], help="read or emulate a My Number card")
    card_sub = card.add_subparsers(dest="card_command", metavar="ACTION")

    read = card_sub.add_parser("read", parents=[common], help="read name, address, birth date, sex")
    read.add_argument("--reader", default=None, help="reader name (default: first reader with a card)")
    secret = read.add_mutually_exclusive_group()
    secret.add_argument("--pin-stdin", action="store_true", help="read the PIN as one line from stdin")
    secret.add_argument("--code-b-stdin", action="store_true",
                        help="read 照合番号B (birth YYMMDD as printed + expiry year + security code, 14 digits) as "
                             "one line from stdin instead of a PIN")
    read.add_argument("--allow-last-try", action="store_true",
                      help="send the PIN (or 照合番号B) even when only one try is left")
    read.add_argument("--with-number", action="store_true",
                      help="also read the My Number (PIN only; needs --purpose)")
    read.add_argument("--purpose", default=None, help="why the My Number is read (required with --with-number)")
    read.add_argument("--verify-integrity", action="store_true",
                      help="compare what was read with the hashes in EF 0003")
    read.set_defaults(handler=card_command(cmd_card_read))

    card_id = card_sub.add_parser("id", parents=[common],
                                  help="PIN-free id of the card: kind and a per-service pseudonym")
    card_id.add_argument("--reader", default=None, help="reader name (default: first reader with a card)")
    card_id.add_argument("--service", default=DEFAULT_SERVICE,
                         help="service the pseudonym is for (its key: <data-dir>/service-keys/NAME.key)")
    card_id.set_defaults(handler=card_command(cmd_card_id))

    emulate = card_sub.add_parser("emulate", parents=[common],
                                  help="attach an emulated card to pcscd through vpcd (foreground)")
    what = emulate.add_mutually_exclusive_group(required=True)
    what.add_argument("--person", help="person JSON (one person or {\"people\": [...]})")
    what.add_argument("--token", choices=("felica", "type_a"),
                      help="emulate a FeliCa / Type A token card instead of a My Number card")
    emulate.add_argument("--uid", default=None, help="the token's IDm / UID in hex (default: random)")
    emulate.add_argument("--index", type=int, default=0, help="person index in a people file")
    emulate.add_argument("--slot", type=int, choices=(0, 1), default=0,
                         help="vpcd slot: 0 = Virtual PCD 00 00 (35963), 1 = Virtual PCD 00 01 (35964)")
    emulate.set_defaults(handler=card_command(cmd_card_emulate))

    card_face.add_parser(card_sub, common, card_command)


def cmd_readers(args: argparse.Namespace) -> dict[str, Any]:
    """PC/SC readers (pcscd) and USB readers nfcpy can drive; an nfcpy reader's card_present is null
    (unknown until its field is switched on)."""
    # lazy: pyscard and the nfcpy listing load only for this command
    from devices.nfcpy_readers import list_nfcpy_readers
    from devices.pcsc import list_readers

    return {"readers": [{"name": r.name, "backend": "pcsc", "card_present": r.card_present}
                        for r in list_readers()] + [r.to_dict() for r in list_nfcpy_readers()]}


class CommandLineReader:
    """The card source of a card command: `nfcpy:<path>` (from `kazasu readers`, or
    `nfcpy:udp:HOST:PORT`) through nfcpy, waiting up to NFCPY_CARD_WAIT_S for a card; anything else
    through PC/SC (the first reader with a card when None)."""

    def __init__(self, reader: str | None) -> None:
        self.reader = reader

    def open(self):
        # lazy: pyscard loads only when a card command opens a reader
        from devices.nfcpy_readers import reader_path
        from devices.pcsc import PcscTransport

        path = reader_path(self.reader or "")
        if path is not None:
            from devices.nfcpy_transport import NfcpyTransport  # lazy: nfcpy (optional) only for its readers
            return NfcpyTransport.open(path, timeout=NFCPY_CARD_WAIT_S)
        return PcscTransport.open(self.reader)


def _read_pin(args: argparse.Namespace) -> str:
    if args.pin_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise PinFormatError("No PIN was given. Use --pin-stdin to pass it on standard input.",
                             message_ja="暗証番号が入力されていません。--pin-stdin で標準入力から渡してください。")
    return getpass.getpass("暗証番号 / PIN: ")


def cmd_card_read(args: argparse.Namespace) -> dict[str, str]:
    # lazy: the card's reading code loads only for this command
    from devices.credentials import CodeB, check_pin_format
    from devices.input_support import check_purpose
    from devices.reading import read_card
    from kiosk.cards.session import card_session

    if args.with_number:
        check_purpose(args.purpose)  # before asking for any secret
        if args.code_b_stdin:
            raise MyNumberNeedsPinError()
    if args.code_b_stdin:
        secret: dict[str, Any] = {"code_b": CodeB.parse(sys.stdin.readline().rstrip("\r\n"))}
    else:
        secret = {"pin": _read_pin(args)}
        check_pin_format(secret["pin"])  # before opening any session
    with card_session(CommandLineReader(args.reader)) as transport:
        return read_card(transport, **secret, with_number=args.with_number, purpose=args.purpose,
                         allow_last_try=args.allow_last_try, verify_integrity=args.verify_integrity).to_dict()


def cmd_card_id(args: argparse.Namespace) -> dict[str, str]:
    # lazy: the card's reading code loads only for this command
    from devices.card_id import identify_card
    from devices.nfcpy_readers import reader_path
    from devices.pseudonym import check_service_name, load_service_key
    from kiosk.cards.session import card_session

    service = check_service_name(args.service)  # before touching the card or the data folder
    folder = context.data_dir(args)
    path = reader_path(args.reader or "")
    if path is not None:  # FeliCa / Type A / My Number card through nfcpy
        from devices.nfcpy_ids import identify_nfc_card  # lazy: nfcpy (optional) only for its readers
        return identify_nfc_card(path, service, lambda: load_service_key(folder, service),
                                 timeout=NFCPY_CARD_WAIT_S).to_dict()
    with card_session(CommandLineReader(args.reader)) as transport:
        return identify_card(transport, service, lambda: load_service_key(folder, service)).to_dict()


def cmd_card_emulate(args: argparse.Namespace) -> None:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from devices.emulator import CardHolder, MyNumberCard, TokenCard, VpcdLink
    from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S, port_for_slot, reader_for_slot
    from devices.pcsc import wait_for_presence

    port, reader = port_for_slot(args.slot), reader_for_slot(args.slot)
    if args.token:
        try:
            card = TokenCard(args.token, bytes.fromhex(args.uid) if args.uid else None)
        except ValueError:
            raise UnknownCardError("--uid must be 8 hex bytes for felica, 4, 7 or 10 for type_a.",
                                   message_ja="--uid は felica なら8バイト、"
                                              "type_a なら4・7・10バイトの16進数です。") from None
        link = VpcdLink(card, port=port, atr=card.atr)
    else:
        link = VpcdLink(MyNumberCard(CardHolder.load(args.person, args.index)), port=port)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # a card pulled just before (another emulator, an earlier test) may still be reported as
        # present until pcscd's next poll: wait until pcscd has seen the reader empty, so that the
        # presence we wait for below is this card's and not a stale one
        wait_for_presence(reader, False, 3 * PCSCD_POLL_SETTLE_S)
        try:
            link.start()
        except OSError:
            raise PcscUnavailableError() from None
        if not wait_for_presence(reader, True, PRESENCE_WAIT_S / 2):
            link.remove()  # pcscd may have missed an earlier removal: leave the reader empty, then insert
            time.sleep(PCSCD_POLL_SETTLE_S)
            link.insert()
        if not wait_for_presence(reader, True, PRESENCE_WAIT_S):
            logger.warning("pcscd did not report the card on %s within %.0f s", reader, PRESENCE_WAIT_S)
        status = {"status": "inserted", "reader": reader, "port": port}
        if args.json:
            print(json.dumps(status, ensure_ascii=False))
        else:
            print(f"inserted: {reader} (vpcd port {port}); stop with Ctrl+C")
        sys.stdout.flush()
        while not stop.wait(0.2):
            if link.lost:
                raise PcscUnavailableError()
        return None
    finally:
        link.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
