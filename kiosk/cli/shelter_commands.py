"""`kazasu shelter …`: the shelter desk from the command line (set-up, check-in, movements, import,
export, `report` (needs summary, count over time), the family inquiry `find`, `status`). Every command
takes --data-dir, --site and --drill (the separate drill store and site).

`checkin --person FILE` takes what `kazasu card read --json` prints (a `my_number` in it is ignored,
never stored), optionally with `kana`, `household`, `needs`, `do_not_disclose`; `--card FILE` (what
`kazasu card id --json` prints) links the card, and a card already linked checks its person in.
Only `find` and `export` print names: that is their job.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli import context
from kiosk.shelter import model as m

if TYPE_CHECKING:
    from kiosk.shelter.desk import ShelterDesk


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    shelter = subparsers.add_parser("shelter", parents=[common], help="shelter desk (避難所受付)")
    sub = shelter.add_subparsers(dest="shelter_command", metavar="ACTION", required=True)

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        p.add_argument("--drill", action="store_true",
                       help="work on the drill store and site (<data-dir>/drill/, never synced); every printout says "
                            "訓練 / DRILL")
        return p

    p = add("setup", cmd_setup, "set up the shelter of this site")
    p.add_argument("--name", required=True)
    p.add_argument("--municipality-code", required=True)
    p.add_argument("--capacity", required=True, type=int)
    p.add_argument("--address", default="")

    p = add("checkin", cmd_checkin, "register and check in a person (card read output or by hand)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--person", type=Path, help="JSON person record (`kazasu card read --json`)")
    how.add_argument("--by-hand", action="store_true", help="the fields below, typed at the desk")
    how.add_argument("--qr", nargs="+", metavar="TEXT",
                     help="the text of a pre-registration code (every numbered part): the whole household")
    p.add_argument("--source", choices=("card_pin", "code_b", "ic_card"), default="card_pin",
                   help="how --person was read (default card_pin)")
    p.add_argument("--card", type=Path, help="JSON card id (`kazasu card id --json`) to link")
    for field in ("name", "kana", "birth-date", "age-band", "sex-code", "address", "household", "needs"):
        p.add_argument(f"--{field}", default=None)
    p.add_argument("--do-not-disclose", action="store_true")
    p.add_argument("--headcount-id", default="", help="reconciles one person of a headcount")
    p.add_argument("--outside", choices=tuple(m.OUTSIDE_PLACES), default=None,
                   help="register as staying outside the shelter (home, car, other) instead")
    p.add_argument("--place", default="", help="where they stay, with --outside")

    p = add("tap", cmd_tap, "tap in / out with a linked card")
    p.add_argument("--card", type=Path, required=True, help="JSON card id (`kazasu card id --json`)")

    for name, kind, text in (("checkout", m.CHECKED_OUT, "check a person out"),
                             ("out", m.TEMP_OUT, "temporarily out"), ("back", m.RETURNED, "back in")):
        p = add(name, cmd_move, text)
        p.set_defaults(kind=kind)
        p.add_argument("--person-id", required=True)
        if kind == m.CHECKED_OUT:
            p.add_argument("--reason", required=True, choices=tuple(m.CHECKOUT_REASONS))
            p.add_argument("--shelter-name", default="")

    p = add("headcount", cmd_headcount, "count arrivals now, details later")
    p.add_argument("--count", type=int, required=True)

    p = add("import", cmd_import, "import shelter cards from CSV")
    p.add_argument("file", type=Path)
    p.add_argument("--rejects", type=Path, default=None, help="write the bad rows here to fix")

    p = add("export", cmd_export, "the roster as CSV or PDF")
    p.add_argument("--format", choices=("csv", "pdf"), required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--for-outsiders", action="store_true", help="leave out every protected person")

    p = add("close", cmd_close, "close the shelter: erase its personal data here and on the mesh "
            "(after an export)")
    p.add_argument("--reason", default=m.CLOSE_REASON, help="why (no personal data)")

    p = add("report", cmd_report, "needs summary for supplies, or the count over time (no names)")
    p.add_argument("--kind", required=True, choices=("needs", "over-time"))
    p.add_argument("--format", choices=("json", "csv", "pdf"), default="json",
                   help="json prints the report; csv (over-time) and pdf write --out")
    p.add_argument("--out", type=Path, default=None)

    p = add("find", cmd_find, "family inquiry: name or kana, partial (never a protected person)")
    p.add_argument("text")

    add("status", cmd_status, "counts: present, needs, age bands, households, occupancy, outside")
    add("duplicates", cmd_duplicates, "possible duplicates for staff to merge")
    p = add("merge", cmd_merge, "merge duplicate records into one")
    p.add_argument("--keep", required=True)
    p.add_argument("--merged", required=True, nargs="+")


def _desk(args: argparse.Namespace) -> ShelterDesk:
    # lazy: the desk and its event store (cryptography) load only for a shelter command
    from kiosk.shelter.desk import ShelterDesk
    from sync.terminal import TerminalConfig

    folder = context.data_dir(args)
    config = TerminalConfig.load(folder)
    return ShelterDesk.open(folder, site=context.site(args) or config.site or "", terminal=config.terminal_id,
                            drill=getattr(args, "drill", False))


def _json_file(path: Path, what_ja: str, what_en: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise m.ShelterError("shelter_file_invalid", f"{what_ja}のファイルを読めません"
                                                     "（JSON オブジェクトが必要です）。",
                             f"Cannot read the {what_en} file (a JSON object is needed).", file=str(path))
    return data


def cmd_setup(args) -> dict:
    return _desk(args).setup(name=args.name, municipality_code=args.municipality_code,
                             capacity=args.capacity, address=args.address)


def cmd_checkin(args) -> dict:
    desk = _desk(args)
    if args.qr:
        # the code reader only when a code is given
        from kiosk.shelter.prereg import check_in_household, read_household
        return check_in_household(desk, read_household(args.qr, context.data_dir(args), desk.site))
    fields: dict[str, Any] = _json_file(args.person, "本人情報", "person") if args.person else {}
    for key in ("name", "kana", "birth_date", "age_band", "sex_code", "address", "household", "needs"):
        value = getattr(args, key)
        if value is not None:
            fields[key] = value
    if args.do_not_disclose:
        fields["do_not_disclose"] = True
    card = _json_file(args.card, "カード", "card id") if args.card else None
    source = "by_hand" if args.by_hand else args.source
    result = desk.register(fields, source=source, card=card, headcount_id=args.headcount_id,
                           check_in=args.outside is None)
    if args.outside is not None and result["new"]:
        desk.move(result["person_id"], m.STAYING_OUTSIDE, where=args.outside, place=args.place)
    return result


def cmd_tap(args) -> dict:
    return _desk(args).tap(_json_file(args.card, "カード", "card id"))


def cmd_move(args) -> dict:
    details = {}
    if args.kind == m.CHECKED_OUT:
        details = {"reason": args.reason, "shelter_name": args.shelter_name}
    return _desk(args).move(args.person_id, args.kind, **details)


def cmd_headcount(args) -> dict:
    return _desk(args).headcount(args.count)


def cmd_import(args) -> dict:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.shelter.importer import import_csv

    return import_csv(_desk(args), args.file, args.rejects)


def cmd_export(args) -> dict:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.shelter import export

    writer = export.export_pdf if args.format == "pdf" else export.export_csv
    desk = _desk(args)
    rows = writer(desk.roster(), args.out, for_outsiders=args.for_outsiders)
    if not args.for_outsiders:
        desk.record_export(fmt=args.format, people=rows)  # what `close` asks for first
    result = {"format": args.format, "out": str(Path(args.out).resolve()),
              "for_outsiders": args.for_outsiders}
    if not args.for_outsiders:
        result["people"] = rows  # a count on an outsider export could reveal a protected person
    return result


def cmd_close(args) -> dict:
    return {"closed": True, **_desk(args).close(reason=args.reason)}


def cmd_report(args) -> dict:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.shelter import reports

    if args.format != "json" and args.out is None:
        raise m.ShelterError("shelter_report_out_missing", "CSV・PDF には --out で書き出し先を指定してください。",
                             "Give --out FILE for a CSV or PDF report.")
    if args.kind == "needs" and args.format == "csv":
        raise m.ShelterError("shelter_report_format", "配慮の集計は json か pdf です。",
                             "The needs summary is json or pdf.")
    desk = _desk(args)
    head = {"kind": args.kind, "format": args.format, "drill": desk.drill}
    if args.kind == "needs":
        summary = reports.needs_summary(desk.roster())
        if args.format == "pdf":
            reports.write_needs_pdf(summary, args.out)
            return {**head, "out": str(Path(args.out).resolve())}
        return {**head, **summary}
    rows = reports.count_over_time(desk.events())
    if args.format == "csv":
        reports.write_over_time_csv(rows, args.out, drill=desk.drill)
    elif args.format == "pdf":
        site = desk.roster().site_info.get("name") or desk.site
        reports.write_over_time_pdf(rows, args.out, site=site, drill=desk.drill)
    else:
        return {**head, "hours": rows}
    return {**head, "out": str(Path(args.out).resolve()), "hours": len(rows)}


def cmd_find(args) -> dict:
    matches = _desk(args).roster().find(args.text)
    return {"query": args.text, "count": len(matches), "matches": [
        {"name": p.fields.get("name", ""), "kana": p.fields.get("kana", ""), "state": p.state,
         **({"moved_to": p.movement.get("shelter_name") or p.movement.get("reason")}
            if p.state == "left" else {})} for p in matches]}


def cmd_status(args) -> dict:
    return _desk(args).roster().status()


def cmd_duplicates(args) -> dict:
    return {"groups": _desk(args).roster().duplicates()}


def cmd_merge(args) -> dict:
    return _desk(args).merge(args.keep, args.merged)
