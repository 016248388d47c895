"""A test ILS: pysip2's SIP2 server (from PyPI, written by nobody here) loaded with fictitious
patrons and items, run as its own process: `python -m tests.kiosk.library.sip2.ils_server --state FILE
[--port N] [--no-login]`. It prints `listening PORT` when it accepts connections. Its loans live in
the state file (JSON), so a server killed and started again on the same port (the ILS down, then
back) still knows them.

Patrons: 2000001 (may borrow), 2000002 (blocked: charge privileges denied), 2000003 (owes fines, may
borrow). Items 1000001–1000020 (Japanese titles), 1000009 on hold for someone else (a checkout is refused,
no-block too: the off-line replay's refusal), 1000003 not renewable. The ILS answers in the patron's
language (the language code of the last 23/63 on the connection: 014 Japanese, else English).
Login: kazasu / secret (location KZ1), required unless --no-login.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import anyio
from pysip2 import (
    BLOCK_PATRON,
    CHECKIN,
    CHECKOUT,
    END_PATRON_SESSION,
    LOGIN,
    PATRON_INFORMATION,
    PATRON_STATUS,
    RENEW,
    BlockPatronRequest,
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    EndPatronSessionRequest,
    EndSessionResponse,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    PatronStatusRequest,
    PatronStatusResponse,
    RenewRequest,
    RenewResponse,
    SIP2Server,
)

INSTITUTION = "KAZASU"
USER, PASSWORD, LOCATION = "kazasu", "secret", "KZ1"
PATRONS = {"2000001": {"name": "図書 花子", "blocked": False, "fines": "0.00"},
           "2000002": {"name": "貸出 停止", "blocked": True, "fines": "0.00"},
           "2000003": {"name": "延滞 太郎", "blocked": False, "fines": "500"}}
TITLES = {f"10000{n:02d}": f"テスト資料 {n} 巻" for n in range(1, 21)}
ON_HOLD, NOT_RENEWABLE = "1000009", "1000003"
LOAN_DAYS = 14
WORDS = {"ok_out": ("貸出しました。返却日: {due}", "Checked out. Due {due}."),
         "ok_in": ("返却しました。", "Checked in."),
         "blocked": ("貸出が停止されています。カウンターへお越しください。",
                     "Your borrowing is blocked. Please see the counter."),
         "hold": ("この資料は他の方の予約があります。", "This item is on hold for another patron."),
         "unknown_item": ("この資料は登録されていません。", "This item is not in the catalogue."),
         "unknown_patron": ("利用者が見つかりません。", "No such patron."),
         "not_out": ("この資料は貸出中ではありません。", "This item is not checked out."),
         "renewed": ("延長しました。返却日: {due}", "Renewed. Due {due}."),
         "no_renew": ("この資料は延長できません。", "This item cannot be renewed."),
         "not_yours": ("この資料はあなたの貸出ではありません。", "This item is not on your card."),
         "welcome": ("ようこそ。", "Welcome."),
         "fines": ("未納の延滞料があります。", "You have unpaid fines.")}


class Library:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = {"loans": {}, "blocked": [], "log": []}
        self.loans: dict[str, dict[str, str]] = data["loans"]
        self.blocked: set[str] = set(data["blocked"])
        self.log: list[list[str]] = data["log"]      # (command, patron or "", item or "", no_block)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"loans": self.loans, "blocked": sorted(self.blocked),
                                   "log": self.log}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)

    def is_blocked(self, patron: str) -> bool:
        return PATRONS[patron]["blocked"] or patron in self.blocked


def now18(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now()
    return moment.strftime("%Y%m%d") + "    " + moment.strftime("%H%M%S")


def build(library: Library, login_required: bool) -> SIP2Server:
    app = SIP2Server(institution_id=INSTITUTION, library_name="Kazasu Test ILS", login_required=login_required,
                     offline_ok=True, encoding="utf-8")

    def say(ctx, key: str, **values: str) -> tuple[str, ...]:
        ja, en = WORDS[key]
        words = ja if ctx.connection.state.get("language") == "014" else en
        return (words.format(**values),)

    def status_of(patron: str) -> str:
        flags = [" "] * 14
        if library.is_blocked(patron):
            flags[0] = flags[1] = "Y"
        return "".join(flags)

    @app.route(LOGIN)
    def login(req: LoginRequest, ctx) -> LoginResponse:
        good = (req.login_user_id, req.login_password, req.location_code) == (USER, PASSWORD, LOCATION)
        return LoginResponse(ok="1" if good else "0")

    @app.route(PATRON_STATUS)
    def patron_status(req: PatronStatusRequest, ctx) -> PatronStatusResponse:
        ctx.connection.state["language"] = req.language
        known = req.patron_identifier in PATRONS
        words = (say(ctx, "blocked") if known and library.is_blocked(req.patron_identifier)
                 else say(ctx, "welcome") if known else say(ctx, "unknown_patron"))
        return PatronStatusResponse(
            patron_status=status_of(req.patron_identifier) if known else "Y" * 4 + " " * 10,
            language=req.language, transaction_date=ctx.now_18(), institution_id=INSTITUTION,
            patron_identifier=req.patron_identifier,
            personal_name=PATRONS[req.patron_identifier]["name"] if known else "",
            valid_patron="Y" if known else "N", screen_message=words)

    @app.route(PATRON_INFORMATION)
    def patron_information(req: PatronInformationRequest, ctx) -> PatronInformationResponse:
        ctx.connection.state["language"] = req.language
        patron = req.patron_identifier
        known = patron in PATRONS
        charged = sorted(item for item, loan in library.loans.items() if loan["patron"] == patron)
        overdue = [item for item in charged if library.loans[item]["due"] < dt.date.today().isoformat()]
        words = say(ctx, "unknown_patron") if not known else \
            say(ctx, "blocked") if library.is_blocked(patron) else \
            say(ctx, "fines") if PATRONS[patron]["fines"] != "0.00" else say(ctx, "welcome")
        return PatronInformationResponse(
            patron_status=status_of(patron) if known else "Y" * 4 + " " * 10, language=req.language,
            transaction_date=ctx.now_18(), hold_items_count="0000",
            overdue_items_count=f"{len(overdue):04d}", charged_items_count=f"{len(charged):04d}",
            fine_items_count="0000", recall_items_count="0000", unavailable_holds_count="0000",
            institution_id=INSTITUTION, patron_identifier=patron,
            personal_name=PATRONS[patron]["name"] if known else "", valid_patron="Y" if known else "N",
            fee_amount=PATRONS[patron]["fines"] if known else None, currency_type="JPY" if known else None,
            charged_items=tuple(charged) if req.summary[2] == "Y" else (),
            overdue_items=tuple(overdue) if req.summary[1] == "Y" else (), screen_message=words)

    def circulation(req, ctx, ok: bool, key: str, due18: str = "", **values: str) -> dict:
        return dict(ok="1" if ok else "0", renewal_ok="N", magnetic_media="N", desensitize="Y" if ok else "N",
                    transaction_date=ctx.now_18(), institution_id=INSTITUTION,
                    patron_identifier=req.patron_identifier, item_identifier=req.item_identifier or "",
                    title_identifier=TITLES.get(req.item_identifier or "", ""), due_date=due18,
                    screen_message=say(ctx, key, **values), print_line=(TITLES.get(req.item_identifier or "", ""),)
                    if ok else ())

    @app.route(CHECKOUT)
    def checkout(req: CheckoutRequest, ctx) -> CheckoutResponse:
        patron, item = req.patron_identifier, req.item_identifier
        library.log.append(["11", patron, item, req.no_block])
        library.save()
        refusal = ("unknown_patron" if patron not in PATRONS else "unknown_item" if item not in TITLES
                   else "hold" if item == ON_HOLD
                   else "blocked" if library.is_blocked(patron) and req.no_block != "Y" else None)
        if refusal:
            return CheckoutResponse(**circulation(req, ctx, False, refusal))
        if req.no_block == "Y" and req.nb_due_date.strip():
            due = dt.datetime.strptime(req.nb_due_date[:8], "%Y%m%d").date()
        else:
            due = dt.date.today() + dt.timedelta(days=LOAN_DAYS)
        library.loans[item] = {"patron": patron, "due": due.isoformat()}
        library.save()
        due18 = now18(dt.datetime.combine(due, dt.time(23, 59, 59)))
        return CheckoutResponse(**circulation(req, ctx, True, "ok_out", due18, due=due.isoformat()))

    @app.route(CHECKIN)
    def checkin(req: CheckinRequest, ctx) -> CheckinResponse:
        item = req.item_identifier
        library.log.append(["09", "", item, req.no_block])
        loan = library.loans.pop(item, None)
        library.save()
        ok = loan is not None
        return CheckinResponse(ok="1" if ok else "0", resensitize="Y" if ok else "N", magnetic_media="N",
                               alert="N" if ok else "Y", transaction_date=ctx.now_18(),
                               institution_id=INSTITUTION, item_identifier=item, permanent_location="KZ1",
                               title_identifier=TITLES.get(item), sort_bin="A" if ok else None,
                               screen_message=say(ctx, "ok_in" if ok else "not_out"))

    @app.route(RENEW)
    def renew(req: RenewRequest, ctx) -> RenewResponse:
        patron, item = req.patron_identifier, req.item_identifier or ""
        loan = library.loans.get(item)
        if loan is None or loan["patron"] != patron:
            return RenewResponse(**circulation(req, ctx, False, "not_yours"))
        if item == NOT_RENEWABLE or library.is_blocked(patron):
            return RenewResponse(**circulation(req, ctx, False, "no_renew"))
        due = dt.date.fromisoformat(loan["due"]) + dt.timedelta(days=LOAN_DAYS)
        loan["due"] = due.isoformat()
        library.save()
        fields = circulation(req, ctx, True, "renewed", now18(dt.datetime.combine(due, dt.time(23, 59, 59))),
                             due=due.isoformat())
        return RenewResponse(**dict(fields, renewal_ok="Y"))

    @app.route(BLOCK_PATRON)
    def block(req: BlockPatronRequest, ctx) -> PatronStatusResponse:
        patron = req.patron_identifier
        if patron in PATRONS:
            library.blocked.add(patron)
            library.log.append(["01", patron, req.blocked_card_message, req.card_retained])
            library.save()
        return PatronStatusResponse(
            patron_status=status_of(patron) if patron in PATRONS else "Y" * 4 + " " * 10,
            language=ctx.connection.state.get("language", "000"), transaction_date=ctx.now_18(),
            institution_id=INSTITUTION, patron_identifier=patron,
            personal_name=PATRONS.get(patron, {}).get("name", ""), valid_patron="Y" if patron in PATRONS else "N",
            screen_message=say(ctx, "blocked"))

    @app.route(END_PATRON_SESSION)
    def end(req: EndPatronSessionRequest, ctx) -> EndSessionResponse:
        return EndSessionResponse(end_session="Y", transaction_date=ctx.now_18(), institution_id=INSTITUTION,
                                  patron_identifier=req.patron_identifier)

    return app


async def serve(library: Library, port: int, login_required: bool) -> None:
    app = build(library, login_required)
    async with app.start("127.0.0.1", port) as bound:
        print(f"listening {bound}", flush=True)
        await anyio.sleep_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-login", action="store_true")
    args = parser.parse_args()
    try:
        anyio.run(serve, Library(args.state), args.port, not args.no_login)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
