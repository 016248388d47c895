"""The library desk in ILS mode: the library's own system (Koha, Evergreen, FOLIO, …) owns patrons,
items and loans; the desk speaks SIP2 to it (kiosk.library.sip2) and keeps no circulation of its own.

`IlsDesk(store, site, terminal, config)` — chosen when library.json has an `ils` part:

- a tap finds the patron's barcode from the card link (`library.card_linked`, the per-service
  pseudonym → the ILS's patron barcode, in the terminal's store as in the desk's own mode); only that
  barcode goes to the ILS, never a name or a My Number. `link` checks the barcode with the ILS first.
- `patron(barcode)` asks 63 (patron information: status, charged items, the ILS's words AF);
  `checkout`, `checkin`, `renew`, `block` send 11, 09, 29, 01. What the ILS says (AF, AG) comes back
  as `screen` / `print_lines` beside the desk's own words; a refusal raises `IlsRefused` carrying them.
- **Off-line**: when the ILS does not answer (`Sip2Unavailable`) a check-out or a check-in goes on
  under the ACS's off-line rules from its last status (98 seen on this terminal: `offline_ok` Y): a
  check-out gets the desk's own due date (the library's loan period and calendar) and both wait in
  the outbox (kiosk.library.ils_queue) — they are replayed in order with no block (11 with its due
  date, 09 with the moment of the return) before anything else once the ILS answers again; what the
  ILS then refuses stays listed for staff (`refused()`, `resolve(seq)`), never dropped. After a
  failure the desk does not try the ILS again for RETRY_SECONDS (each scan would otherwise wait for
  the time-out); `replay()` tries at once.
- No reading record stays: a confirmed transaction's row is deleted at once and after a return the
  WAL is emptied; the ILS's answers (a name among them) are shown, never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.library import state as st
from kiosk.library import tables as tb
from kiosk.library.config import LibraryConfig
from kiosk.library.errors import LibraryError, UnknownCardError
from kiosk.library.ils_queue import IlsQueue, Queued
from kiosk.library.sip2 import messages as m
from kiosk.library.sip2.client import Sip2Client
from kiosk.library.sip2.errors import Sip2Unavailable
from kiosk.library.sip2.wire import parse_date

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30.0
SCRUB_WAIT_MS = 50
OWN_WORDS = {   # the desk's own words beside the ILS's
    "checkout": ("貸出できませんでした。", "The library system did not check this item out."),
    "checkin": ("返却を受け付けられませんでした。", "The library system did not take this return."),
    "renew": ("延長できませんでした。", "The library system did not renew this item."),
    "block": ("利用停止にできませんでした。", "The library system did not block this card."),
}


class IlsRefused(LibraryError):
    """The ILS answered no (ok 0): its own words (`screen`) with the desk's."""

    code = "ils_refused"


class IlsOfflineNotAllowed(LibraryError):
    code = "ils_offline_not_allowed"
    message_ja = ("図書館システムに接続できず、オフラインでの貸出・返却も認められていません。"
                  "接続が戻るまでお待ちいただくか、カウンターで手続きしてください。")
    message_en = ("The library system does not answer and does not allow off-line loans and returns. "
                  "Wait until it is back, or go to the counter.")


class IlsNeedsConnection(LibraryError):
    code = "ils_needs_connection"
    message_ja = "この手続きには図書館システムとの接続が必要です。接続が戻ってからもう一度お試しください。"
    message_en = "This needs the library system, which does not answer. Try again when it is back."


def _due_text(due: str) -> str:
    """AH as a date (YYYY-MM-DD) when it is SIP2's 18-character date, else as the ILS wrote it."""
    try:
        return parse_date(due).date().isoformat()
    except LibraryError:
        return due.strip()


@dataclass
class IlsDesk:
    store: Any
    site: str
    terminal: str
    config: LibraryConfig
    staff: str = "librarian"
    now: Callable[[], dt.datetime] = dt.datetime.now
    language: str = "ja"                  # the patron's language: the ILS answers in it when it can
    client: Sip2Client | None = None
    cache: tb.Tables = field(default_factory=tb.Tables)

    def __post_init__(self) -> None:
        self.settings = self.config.ils
        if self.client is None:
            self.client = Sip2Client(self.settings, self.now)
        self.queue = IlsQueue(self.store, self.site)
        self._down_since: float | None = None

    # -- connection -------------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self._down_since is None

    def _inst(self) -> str:
        return self.settings.institution

    def _lang(self) -> str:
        return m.LANGUAGES.get(self.language, m.UNKNOWN_LANGUAGE)

    def _call(self, request: m.Request) -> m.Answer:
        """One message to the ILS: a connection is (re)made first (login, 99/98, whose off-line rules
        are kept), the outbox replayed before anything new; an ILS that does not answer marks the
        desk off-line (Sip2Unavailable)."""
        if self._down_since is not None and time.monotonic() - self._down_since < RETRY_SECONDS:
            raise Sip2Unavailable(host=self.settings.host, port=self.settings.port, reason="recently down")
        try:
            if not self.client.connected:
                self._remember(self.client.connect())
            if self.queue.count():
                self._replay_pending()
            answer = self.client.call(request)
        except Sip2Unavailable:
            self._down_since = time.monotonic()
            raise
        self._down_since = None
        return answer

    def _remember(self, status: m.AcsStatus) -> None:
        self.queue.save_status({"online": status.online, "offline_ok": status.offline_ok,
                                "checkout_ok": status.checkout_ok, "checkin_ok": status.checkin_ok,
                                "renewal_policy": status.renewal_policy, "version": status.version})

    def status(self) -> dict[str, Any]:
        """The ILS's status now (connecting if need be) and the outbox."""
        result: dict[str, Any] = {"host": self.settings.host, "port": self.settings.port,
                                  "tls": self.settings.tls}
        try:
            self._down_since = None
            self.client.close()
            self._call(m.sc_status())
            result["online"] = True
        except Sip2Unavailable:
            result["online"] = False
        last = self.queue.last_status()
        result.update(acs=last, pending=self.queue.count(), refused=self.queue.count("refused"))
        return result

    # -- patrons ----------------------------------------------------------------------------------
    def identify(self, kind: str, token: str) -> str:
        """The ILS patron barcode linked to a card token (from the terminal's store: works off-line)."""
        number = self.cache.state(self.store, self.site).cards.get((kind, token))
        if number is None:
            raise UnknownCardError()
        return number

    def link(self, barcode: str, kind: str, token: str, provider: str) -> None:
        """Link a card token to an ILS patron barcode, once the ILS knows the barcode."""
        answer = self._patron_status(barcode)
        if answer.valid is False:
            raise LibraryError("The library system does not know this patron barcode. Check it.",
                               "図書館システムにこの利用者番号がありません。番号を確かめてください。",
                               code="ils_unknown_patron", patron_number=barcode)
        self.store.append(st.LINKED, {"patron_number": barcode, "kind": kind, "token": token,
                                      "provider": provider, "ils": True},
                          site=self.site, terminal=self.terminal, staff=self.staff)

    def _patron_status(self, barcode: str) -> m.PatronAnswer:
        try:
            return self._call(m.patron_status(self._inst(), barcode, self.now(), language=self._lang(),
                                              terminal_password=self.settings.terminal_password))
        except Sip2Unavailable:
            raise IlsNeedsConnection() from None

    def patron(self, barcode: str) -> dict[str, Any]:
        """What the desk shows: from the ILS (63) when it answers; off-line, what waits in the outbox."""
        barcode = _barcode(barcode, "patron_number")
        try:
            info = self._call(m.patron_information(
                self._inst(), barcode, self.now(), language=self._lang(),
                terminal_password=self.settings.terminal_password, summary="charged"))
        except Sip2Unavailable:
            queued = [q.entry["item"] for q in self.queue.pending()
                      if q.entry["kind"] == "checkout" and q.entry["patron"] == barcode]
            return {"patron_number": barcode, "offline": True, "name": "", "known": None,
                    "may_borrow": None, "denied": [], "loans": [], "queued": queued,
                    "screen": [], "print_lines": []}
        return {"patron_number": barcode, "offline": False, "name": info.name, "known": info.valid,
                "may_borrow": info.may_borrow, "denied": info.denied, "loans": list(info.items("AU")),
                "overdue": list(info.items("AT")), "counts": info.counts, "fee": info.one("BV"),
                "queued": [], "screen": list(info.screen), "print_lines": list(info.print_lines)}

    def block(self, barcode: str, message: str | None = None) -> dict[str, Any]:
        barcode = _barcode(barcode, "patron_number")
        text = message or self.settings.block_message
        try:
            answer = self._call(m.block_patron(self._inst(), barcode, text, self.now(),
                                               terminal_password=self.settings.terminal_password))
        except Sip2Unavailable:
            self._offline_allowed()
            seq = self.queue.add({"kind": "block", "patron": barcode, "message": text,
                                  "at": self.now().isoformat(timespec="seconds")})
            return {"patron_number": barcode, "offline": True, "queued": seq}
        return {"patron_number": barcode, "offline": False, "denied": answer.denied,
                "screen": list(answer.screen)}

    # -- circulation ------------------------------------------------------------------------------
    def checkout(self, barcode: str, item: str) -> dict[str, Any]:
        barcode, item = _barcode(barcode, "patron_number"), _barcode(item, "item")
        try:
            answer = self._call(self._checkout_request(barcode, item, self.now()))
        except Sip2Unavailable:
            return self._queue_checkout(barcode, item)
        return self._result("checkout", answer, item)

    def _checkout_request(self, barcode: str, item: str, at: dt.datetime, due: dt.datetime | None = None,
                          ) -> m.Request:
        return m.checkout(self._inst(), barcode, item, at, terminal_password=self.settings.terminal_password,
                          no_block=due is not None, due=due)

    def _queue_checkout(self, barcode: str, item: str) -> dict[str, Any]:
        self._offline_allowed("checkout_ok")
        now = self.now()
        due = self.config.due_date(now.date())
        seq = self.queue.add({"kind": "checkout", "patron": barcode, "item": item,
                              "at": now.isoformat(timespec="seconds"), "due": due.isoformat()})
        return {"item": item, "ok": True, "offline": True, "queued": seq, "due_date": due.isoformat(),
                "title": "", "screen": [], "print_lines": []}

    def checkin(self, item: str) -> dict[str, Any]:
        item = _barcode(item, "item")
        try:
            answer = self._call(m.checkin(self._inst(), item, self.now(), location=self.settings.location,
                                          terminal_password=self.settings.terminal_password))
        except Sip2Unavailable:
            self._offline_allowed("checkin_ok")
            seq = self.queue.add({"kind": "checkin", "item": item,
                                  "at": self.now().isoformat(timespec="seconds")})
            return {"item": item, "ok": True, "offline": True, "queued": seq, "title": "", "screen": [],
                    "print_lines": []}
        return self._result("checkin", answer, item)

    def renew(self, barcode: str, item: str) -> dict[str, Any]:
        barcode, item = _barcode(barcode, "patron_number"), _barcode(item, "item")
        try:
            answer = self._call(m.renew(self._inst(), barcode, item, self.now(),
                                        terminal_password=self.settings.terminal_password))
        except Sip2Unavailable:
            raise IlsNeedsConnection() from None
        return self._result("renew", answer, item)

    def end_session(self, barcode: str) -> None:
        """35 when the patron is done (次の方); nothing happens when the ILS does not answer."""
        try:
            self._call(m.end_session(self._inst(), barcode, self.now(),
                                     terminal_password=self.settings.terminal_password))
        except (Sip2Unavailable, LibraryError):
            pass

    def _result(self, action: str, answer: m.CirculationAnswer, item: str) -> dict[str, Any]:
        if not answer.ok:
            ja, en = OWN_WORDS[action]
            raise IlsRefused(en, ja, action=action, item=item, screen=list(answer.screen),
                             print_lines=list(answer.print_lines))
        result = {"item": item, "ok": True, "offline": False, "title": answer.title,
                  "screen": list(answer.screen), "print_lines": list(answer.print_lines)}
        if action != "checkin":
            result["due_date"] = _due_text(answer.due)
        else:
            self.store.scrub_erased(SCRUB_WAIT_MS)
        return result

    def _offline_allowed(self, flag: str | None = None) -> None:
        """The ACS's off-line rules, from the last 98 this terminal saw: none seen, offline_ok N, or
        the action itself not allowed (`flag`: checkout_ok, checkin_ok N), and the desk may not go on
        without the ILS."""
        last = self.queue.last_status()
        if last is None or not last.get("offline_ok") or (flag is not None and not last.get(flag, True)):
            raise IlsOfflineNotAllowed()

    # -- the outbox -------------------------------------------------------------------------------
    def replay(self) -> dict[str, Any]:
        """Send what waits in the outbox now (staff's 再送, the desk's timer). Returns the counts."""
        self._down_since = None
        before = self.queue.count("refused")
        try:
            if not self.client.connected:
                self._remember(self.client.connect())
            sent = self._replay_pending()
        except Sip2Unavailable:
            self._down_since = time.monotonic()
            return {"online": False, "sent": 0, "pending": self.queue.count(),
                    "refused": self.queue.count("refused")}
        return {"online": True, "sent": sent, "pending": self.queue.count(),
                "refused": self.queue.count("refused"), "newly_refused": self.queue.count("refused") - before}

    def _replay_pending(self) -> int:
        sent = 0
        returned = False
        for queued in self.queue.pending():
            answer = self.client.call(self._replayed(queued))      # Sip2Unavailable stops the replay
            ok = answer.ok if isinstance(answer, m.CirculationAnswer) else True
            if ok:
                self.queue.done(queued.seq)
                returned = returned or queued.entry["kind"] == "checkin"
            else:
                self.queue.refuse(queued, list(answer.screen), "refused")
            sent += 1
        if returned:
            self.store.scrub_erased(SCRUB_WAIT_MS)
        return sent

    def _replayed(self, queued: Queued) -> m.Request:
        e = queued.entry
        at = dt.datetime.fromisoformat(e["at"])
        tp = self.settings.terminal_password
        if e["kind"] == "checkout":
            due = dt.datetime.combine(dt.date.fromisoformat(e["due"]), dt.time(23, 59, 59))
            return self._checkout_request(e["patron"], e["item"], at, due)
        if e["kind"] == "checkin":
            return m.checkin(self._inst(), e["item"], self.now(), location=self.settings.location,
                             terminal_password=tp, no_block=True, returned=at)
        return m.block_patron(self._inst(), e["patron"], e["message"], at, terminal_password=tp)

    def refused(self) -> list[dict[str, Any]]:
        """What the ILS refused on replay, for staff: order number, what, the ILS's words."""
        return [{"seq": q.seq, **q.entry} for q in self.queue.refused()]

    def pending(self) -> list[dict[str, Any]]:
        return [{"seq": q.seq, **q.entry} for q in self.queue.pending()]

    def resolve(self, seq: int) -> None:
        if not self.queue.resolve(seq):
            raise LibraryError(f"No refused transaction number {seq} in the outbox.",
                               f"再送で拒否された取引 {seq} はありません。", code="ils_no_such_refusal", seq=seq)


def _barcode(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > 64 or not value.isascii() or not value.isprintable() or "|" in value:
        raise LibraryError("A barcode is 1 to 64 printable ASCII characters. Scan it again.",
                           "バーコードは1〜64文字の半角英数字です。読み取り直してください。", code="invalid_barcode",
                           field=what)
    return value
