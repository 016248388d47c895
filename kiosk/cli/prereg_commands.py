"""`kazasu prereg …`: pre-registration codes on this terminal, with its site's key.

`decode TEXT…` (or `--image FILE`, read by `kiosk.cards.qr_image`) opens a code (every numbered part)
and prints what the resident filled in (it is staff's tool: it prints names, as `shelter find` does);
`make --record FILE` makes the code texts of a record (the page does this on the phone; here for
tests, figures and a code made for someone at the desk); `page [--desk shelter|counter] --out FILE`
writes the resident's page for this site (for a shelter node to serve; the mesh serves it at
/prereg/SITE/). `shelter checkin --qr TEXT…` checks a household in.

Key rotation (sync.prereg.keyring, sync.mesh.prereg_keys): `rotate --db URL --site SITE` (on the mesh
host) gives the site a new key — the page carries it from then on — and retires the old one, still
accepted for 30 days; `fetch` brings the site's keys from the mesh to this terminal (signed as its
sync is); `keys` lists the keys this terminal holds, by the key id a code carries (never a key).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli import context
from kiosk.errors import KioskError
from sync.prereg.options import DEFAULT_MAX_AGE_DAYS, DESKS

if TYPE_CHECKING:
    from sync.prereg.codes import SiteKeys


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
    p = sub.add_parser("rotate", parents=[common], help="a new key for the site (on the mesh host)")
    p.add_argument("--db", help="the mesh's database URL (default sqlite:///<data-dir>/mesh.db)")
    p.set_defaults(handler=cmd_rotate)
    p = sub.add_parser("fetch", parents=[common], help="bring the site's keys from the mesh")
    p.set_defaults(handler=cmd_fetch)
    p = sub.add_parser("keys", parents=[common], help="the keys this terminal holds (ids and dates)")
    p.set_defaults(handler=cmd_keys)


def _keys(args: argparse.Namespace) -> SiteKeys:
    # lazy: the site's keys (cryptography) and terminal.json's model (pydantic) load only here
    from sync.prereg.codes import SiteKeys
    from sync.terminal import TerminalConfig

    folder = context.data_dir(args)
    site = context.site(args) or TerminalConfig.load(folder).site
    if not site:
        raise KioskError("拠点（サイト）が決まっていません。--site を指定してください。",
                         "No site is set: give --site (or KAZASU_SITE).", code="prereg_site_missing")
    return SiteKeys.load(folder, site)


def cmd_decode(args) -> dict:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.prereg.codes import read_codes

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
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.prereg.codes import make_codes

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
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from sync.prereg.page import build_page

    keys = _keys(args)
    html = build_page(keys.site, keys.private.public_key(), desk=args.desk, site_name=args.site_name)
    Path(args.out).write_text(html, encoding="utf-8")
    return {"out": str(args.out), "site": keys.site, "desk": args.desk}


def cmd_rotate(args) -> dict:
    # lazy: the mesh's storage only on the mesh host
    from kiosk.cli.mesh_commands import SiteRequiredError, open_existing
    from sync.mesh.prereg_keys import rotate

    site = context.site(args)
    if not site:
        raise SiteRequiredError()
    storage = open_existing(args)
    try:
        return rotate(storage, site)
    finally:
        storage.close()


def cmd_fetch(args) -> dict:
    # lazy: the sync client only when the keys are fetched
    from kiosk.cli.sync_commands import open_store, resolve_mesh_url
    from sync.client import SyncClient
    from sync.errors import MeshResponseError
    from sync.prereg.keyring import install

    folder = context.data_dir(args)
    url = resolve_mesh_url(args)
    store = open_store(args)
    try:
        with SyncClient(store, url) as client:
            answer = client.get_json("/v1/prereg/keys", {})
    finally:
        store.close()
    try:
        installed = install(folder, answer)
    except (KeyError, TypeError, ValueError) as exc:
        raise MeshResponseError(url, 200) from exc
    return {"site": answer.get("site"), **installed}


def cmd_keys(args) -> dict:
    # lazy: the keyring only when the keys are listed
    from sync.prereg.keyring import Keyring

    return {"keys": Keyring.load(context.data_dir(args)).describe()}
