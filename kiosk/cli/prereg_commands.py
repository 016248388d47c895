"""`kazasu prereg …`: pre-registration codes on this terminal, with its site's key.

`decode TEXT…` (or `--image FILE`, read by `kiosk.cards.qr_image`) opens a code (every numbered part)
and prints what the resident filled in (it is staff's tool: it prints names, as `shelter find` does);
`make --record FILE` makes the code texts of a record (the page does this on the phone; here for
tests, figures and a code made for someone at the desk); `page [--desk shelter|counter] --out FILE`
writes the resident's page for this site (for a shelter node to serve; the mesh serves it at
/prereg/SITE/). `shelter checkin --qr TEXT…` checks a household in.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.cli import context
from kiosk.errors import KioskError
from sync.prereg.codes import SiteKeys, make_codes, read_codes
from sync.prereg.page import DESKS, build_page
from sync.prereg.seal import DEFAULT_MAX_AGE_DAYS
from sync.terminal import TerminalConfig


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    prereg = subparsers.add_parser("prereg", parents=[common], help="pre-registration QR codes (事前登録)")
    sub = prereg.add_subparsers(dest="prereg_command", metavar="ACTION", required=True)
    p = sub.add_parser("decode", parents=[common], help="open a code: what the resident filled in")
    p.add_argument("texts", nargs="*", metavar="TEXT", help="the code's text (every numbered part)")
    p.add_argument("--image", type=Path, action="append", default=[], metavar="FILE",
                   help="a picture of the code(s) (a photo, a screenshot): read by the kiosk's decoder")
    p.add_argument("--max-age-days", type=int, default=DEFAULT_MAX_AGE_DAYS)
    p.set_defaults(handler=cmd_decode)
    p = sub.add_parser("make", parents=[common], help="the code texts of a record (JSON file)")
    p.add_argument("--record", type=Path, required=True)
    p.set_defaults(handler=cmd_make)
    p = sub.add_parser("page", parents=[common], help="write the resident's page of this site")
    p.add_argument("--desk", choices=DESKS, default="shelter")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--site-name", default="", help="the name the page shows (default: the site id)")
    p.set_defaults(handler=cmd_page)


def _keys(args: argparse.Namespace) -> SiteKeys:
    folder = context.data_dir(args)
    site = context.site(args) or TerminalConfig.load(folder).site
    if not site:
        raise KioskError("拠点（サイト）が決まっていません。--site を指定してください。",
                         "No site is set: give --site (or KAZASU_SITE).", code="prereg_site_missing")
    return SiteKeys.load(folder, site)


def cmd_decode(args) -> dict:
    texts = list(args.texts)
    if args.image:
        # OpenCV only when a picture is given
        from kiosk.cards.qr_image import NoQrError, QrImageError, read_qr_texts

        for path in args.image:
            try:
                data = Path(path).read_bytes()
            except OSError:
                raise QrImageError() from None
            found = read_qr_texts(data)
            if not found:
                raise NoQrError()
            texts += found
    if not texts:
        raise KioskError("コードの文字列か --image を指定してください。", "Give the code's text or --image.",
                         code="prereg_code_missing")
    return read_codes(texts, _keys(args), max_age_days=args.max_age_days)


def cmd_make(args) -> dict:
    try:
        record = json.loads(Path(args.record).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    if not isinstance(record, dict):
        raise KioskError("記録のファイルを読めません（JSON オブジェクトが必要です）。",
                         "Cannot read the record file (a JSON object is needed).", code="prereg_file_invalid",
                         file=str(args.record))
    keys = _keys(args)
    codes = make_codes(record, keys.public, keys.site)
    return {"codes": codes, "parts": len(codes), "characters": sum(len(c) for c in codes)}


def cmd_page(args) -> dict:
    keys = _keys(args)
    html = build_page(keys.site, keys.private.public_key(), desk=args.desk, site_name=args.site_name)
    Path(args.out).write_text(html, encoding="utf-8")
    return {"out": str(args.out), "site": keys.site, "desk": args.desk}
