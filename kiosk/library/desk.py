"""The library desk's actions bound to a terminal's event store: register, link, identify, block,
check out, check in, and what to show for a patron.

Every action reads the state from the local fold (`state.load_events` + `state.fold`) and writes one
event with `EventStore.append`: it never needs the mesh, so it works offline; sync is separate.
Dates come from `today` (a callable, so tests can move the clock).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.library import state as st
from kiosk.library.checkdigit import is_valid
from kiosk.library.config import LibraryConfig
from kiosk.library.errors import (AlreadyRegisteredError, InvalidNumberError, ItemOnLoanError,
                                  LibraryError, LoanLimitError, PatronBlockedError,
                                  UnknownCardError, UnknownPatronError)
from kiosk.library.patrons import check_eligibility, parse_person, registration_payload

BLOCK_REASONS = {"lost_card": ("紛失届が出ているカード", "card reported lost"),
                 "library_system": ("図書館システムからの利用停止", "blocked by the library system"),
                 "staff": ("職員による利用停止", "blocked by staff")}


@dataclass
class LibraryDesk:
    store: Any
    site: str
    terminal: str
    config: LibraryConfig = field(default_factory=LibraryConfig.load)
    staff: str = "librarian"
    today: Callable[[], dt.date] = dt.date.today

    def state(self) -> st.LibraryState:
        return st.fold(st.load_events(self.store, self.site))

    def _append(self, kind: str, payload: dict[str, Any]) -> Any:
        return self.store.append(kind, payload, site=self.site, terminal=self.terminal, staff=self.staff)

    # -- patrons -------------------------------------------------------------------------------
    def register(self, person: dict[str, Any], *, declaration: str | None = None,
                 guardian: str | None = None, source: str = "card") -> str:
        """Check the rules, give the next number of this terminal's range, write the event."""
        eligibility = check_eligibility(self.config, person, self.today(), declaration, guardian)
        name, _, birth = parse_person(person)
        state = self.state()
        if state.find_person(name, birth.isoformat()) is not None:
            raise AlreadyRegisteredError()
        serials = [s for s in (self.config.serial_of(n) for n in state.patrons) if s is not None]
        number = self.config.patron_number(max(serials, default=0) + 1)
        self._append(st.REGISTERED, registration_payload(number, person, eligibility, guardian, source))
        return number

    def update_address(self, number: str, person: dict[str, Any]) -> None:
        """Address change: the card re-read gives the new address (eligibility is checked again)."""
        self.patron(number)
        _, address, _ = parse_person(person)
        code = self.config.municipality_of(address)
        self._append(st.UPDATED, {"patron_number": number,
                                  "changes": {"address": address, "municipality_code": code}})

    def patron(self, number: str, state: st.LibraryState | None = None) -> dict[str, Any]:
        number = number.strip()
        if not is_valid(number, self.config.scheme["check"]):
            raise InvalidNumberError(patron_number=number)
        found = (state or self.state()).patrons.get(number)
        if found is None:
            raise UnknownPatronError(patron_number=number)
        return found

    def block(self, number: str, reason: str = "staff") -> None:
        self.patron(number)
        self._append(st.BLOCKED, {"patron_number": number, "reason": reason})

    def unblock(self, number: str) -> None:
        self.patron(number)
        self._append(st.UNBLOCKED, {"patron_number": number})

    # -- cards ---------------------------------------------------------------------------------
    def link(self, number: str, kind: str, token: str, provider: str) -> None:
        """Link a card token (a per-service pseudonym, a My Key ID, an IDm) to a patron."""
        self.patron(number)
        self._append(st.LINKED, {"patron_number": number, "kind": kind, "token": token,
                                 "provider": provider})

    def identify(self, kind: str, token: str) -> str:
        number = self.state().cards.get((kind, token))
        if number is None:
            raise UnknownCardError()
        return number

    # -- circulation ---------------------------------------------------------------------------
    def summary(self, number: str) -> dict[str, Any]:
        """What the desk shows for a patron: loans with due dates, overdue items, a block."""
        state = self.state()
        patron = self.patron(number, state)
        today = self.today()
        loans = [loan.to_dict(today) for loan in state.loans_of(number)]
        return {"patron_number": number, "card_type": patron["card_type"], "loans": loans,
                "overdue": sum(1 for loan in loans if loan["overdue"]),
                "blocked": self._block_reason(state, number, today)}

    def _block_reason(self, state: st.LibraryState, number: str, today: dt.date) -> str | None:
        if number in state.blocks:
            return state.blocks[number]
        if self.config.overdue_blocks and any(l.overdue(today) for l in state.loans_of(number)):
            return "overdue"
        return None

    def checkout(self, number: str, item: str) -> dict[str, Any]:
        item = _item(item)
        state = self.state()
        self.patron(number, state)
        today = self.today()
        reason = self._block_reason(state, number, today)
        if reason is not None:
            ja, en = BLOCK_REASONS.get(reason, ("延滞資料があります", "overdue items")
                                       if reason == "overdue" else (reason, reason))
            raise PatronBlockedError(f"Loans are stopped for this patron: {en}.",
                                     f"この利用者は貸出停止中です：{ja}。", reason=reason)
        if item in state.loans:
            raise ItemOnLoanError(item=item)
        item_type = self.config.item_type(item)
        held = sum(1 for loan in state.loans_of(number) if loan.item_type == item_type)
        limit = self.config.limit(item_type)
        if held >= limit:
            raise LoanLimitError(f"Loan limit reached: {limit} {item_type} item(s) at a time.",
                                 f"貸出上限に達しています（{item_type}は{limit}点まで）。",
                                 item_type=item_type, limit=limit)
        due = self.config.due_date(today)
        self._append(st.CHECKED_OUT, {"patron_number": number, "item": item, "item_type": item_type,
                                      "loaned_on": today.isoformat(), "due_date": due.isoformat()})
        return {"item": item, "item_type": item_type, "due_date": due.isoformat()}

    def checkin(self, item: str) -> dict[str, Any]:
        """Record a return. The event names the item only; an item this terminal does not know as
        on loan (lent elsewhere while offline) is still taken back and recorded."""
        item = _item(item)
        known = item in self.state().loans
        self._append(st.CHECKED_IN, {"item": item, "returned_on": self.today().isoformat()})
        return {"item": item, "known_loan": known}


def _item(barcode: str) -> str:
    barcode = barcode.strip()
    if not barcode or len(barcode) > 32 or not barcode.isascii() or not barcode.isalnum():
        raise LibraryError("An item barcode is 1 to 32 letters or digits.",
                           "資料バーコードは1〜32文字の英数字です。", item=barcode[:32])
    return barcode
