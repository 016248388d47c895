"""The library desk's actions bound to a terminal's event store: register, link, identify, block,
check out, check in, and what to show for a patron.

Every action reads the state from the library's tables (kiosk.library.tables: indexed, encrypted,
updated per event) and writes its event with `EventStore.append`, the tables updated in the same
transaction: it never needs the mesh, so it works offline; sync is separate.
A return also redacts the check-out events it closes (`EventStore.redact`, same transaction), so the
patron–item link is gone from this terminal at once and from the mesh and the site's other terminals
when the redaction syncs. A lost card is reissued with a new number (`reissue`); an address change
re-reads the card (`update_from_card`).
Dates come from `today` (a callable, so tests can move the clock).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.library import state as st
from kiosk.library import tables as tb
from kiosk.library.checkdigit import is_valid
from kiosk.library.config import LibraryConfig
from kiosk.library.errors import (
    AlreadyRegisteredError,
    InvalidNumberError,
    ItemOnLoanError,
    LibraryError,
    LoanLimitError,
    NotEligibleError,
    NotThisPatronError,
    PatronBlockedError,
    ReissuedError,
    UnknownCardError,
    UnknownPatronError,
)
from kiosk.library.patrons import check_eligibility, parse_person, registration_payload
from kiosk.library.reasons import BLOCK_REASONS

SCRUB_WAIT_MS = 50        # the longest a return waits to empty the WAL
REDACT_CHUNK = 500       # ids per sync.redaction event (the primitive takes up to 1000)
RETURN_REASON = "library: item returned, the loan's patron-item link is erased (privacy of reading)"
REASON_TEXT = {**BLOCK_REASONS, "overdue": ("延滞資料があります", "overdue items"),
               "not_eligible": ("転出などで登録条件を満たしていません",
                                "no longer meets the registration rules (moved away)")}


@dataclass
class LibraryDesk:
    store: Any
    site: str
    terminal: str
    config: LibraryConfig = field(default_factory=LibraryConfig.load)
    staff: str = "librarian"
    today: Callable[[], dt.date] = dt.date.today
    cache: tb.Tables = field(default_factory=tb.Tables)

    def state(self) -> tb.TableState:
        return self.cache.state(self.store, self.site)

    def _append(self, kind: str, payload: dict[str, Any]) -> Any:
        """Write the event and apply it to the tables, in one transaction."""
        with self.store.transaction():
            event = self.store.append(kind, payload, site=self.site, terminal=self.terminal,
                                      staff=self.staff)
            self.state()
        return event

    # -- patrons -------------------------------------------------------------------------------
    def register(self, person: dict[str, Any], *, declaration: str | None = None,
                 guardian: str | None = None, source: str = "card") -> str:
        """Check the rules, give the next number of this terminal's range, write the event."""
        eligibility = check_eligibility(self.config, person, self.today(), declaration, guardian)
        name, _, birth = parse_person(person)
        state = self.state()
        if state.find_person(name, birth.isoformat()) is not None:
            raise AlreadyRegisteredError()
        number = self._next_number(state)
        self._append(st.REGISTERED, registration_payload(number, person, eligibility, guardian, source))
        return number

    def _next_number(self, state: Any) -> str:
        serials = [s for s in (self.config.serial_of(n) for n in state.patron_numbers()) if s is not None]
        return self.config.patron_number(max(serials, default=0) + 1)

    def reissue(self, number: str, reason: str = "lost_card") -> str:
        """A lost library card: a new number from this terminal's range takes the person, their
        loans and their My Number card link; the old number is blocked (a scan of the lost card is
        refused and names the reason). Returns the new number."""
        state = self.state()
        patron = self.patron(number, state)
        if "replaced_by" in patron:
            raise ReissuedError(patron_number=number, replaced_by=patron["replaced_by"])
        new = self._next_number(state)
        self._append(st.REISSUED, {"old_patron_number": number, "patron_number": new,
                                   "reason": reason, "reissued_on": self.today().isoformat()})
        return new

    def update_from_card(self, number: str, person: dict[str, Any]) -> dict[str, Any]:
        """Address change: the card re-read (PIN or 照合番号B) gives the new address and name. The
        birth date must be the patron's (else it is another person's card). Eligibility is decided
        again; a person who moved away keeps the record but is marked not eligible (a block the
        desk shows) unless they declare work or study."""
        patron = self.patron(number)
        name, address, birth = parse_person(person)
        if birth.isoformat() != patron["birth_date"]:
            raise NotThisPatronError(patron_number=number)
        declaration = patron.get("basis") if patron.get("basis") in ("work", "study") else None
        try:
            eligibility = check_eligibility(self.config, person, self.today(), declaration,
                                            patron.get("guardian"))
            basis, card_type = eligibility.basis, eligibility.card_type
        except NotEligibleError:
            basis, card_type = None, patron.get("card_type")
        changes = {"name": name, "address": address, "basis": basis, "card_type": card_type,
                   "municipality_code": self.config.municipality_of(address)}
        changed = sorted(k for k, v in changes.items() if patron.get(k) != v)
        if changed:
            self._append(st.UPDATED, {"patron_number": number,
                                      "changes": {k: changes[k] for k in changed}})
        return {"patron_number": number, "changed": changed, "eligible": basis is not None,
                "basis": basis}

    def blocked_patrons(self) -> list[dict[str, str]]:
        """The blocked-patron list, from the local store (available offline)."""
        return [{"patron_number": number, "reason": reason}
                for number, reason in self.state().blocked_patrons()]

    def patron(self, number: str, state: Any | None = None) -> dict[str, Any]:
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
        result = {"patron_number": number, "card_type": patron["card_type"], "loans": loans,
                  "overdue": sum(1 for loan in loans if loan["overdue"]),
                  "blocked": self._block_reason(state, number, today)}
        if "replaced_by" in patron:
            result["replaced_by"] = patron["replaced_by"]
        return result

    def _block_reason(self, state: Any, number: str, today: dt.date) -> str | None:
        if number in state.blocks:
            return state.blocks[number]
        if "basis" in state.patrons.get(number, {}) and state.patrons[number]["basis"] is None:
            return "not_eligible"
        if self.config.overdue_blocks and any(loan.overdue(today) for loan in state.loans_of(number)):
            return "overdue"
        return None

    def sweep(self) -> int:
        """Erase the links of this terminal's loans that were returned at a terminal that did not
        know them yet (both offline): the return named no check-out, so its redaction did not
        cover ours. Called by every check-out and return, and by the desk when it shows a patron.
        Returns how many check-outs were erased."""
        orphans = st.orphans_of(self.state(), self.terminal)
        if not orphans:
            return 0
        for start in range(0, len(orphans), REDACT_CHUNK):
            self.store.redact(event_ids=orphans[start:start + REDACT_CHUNK], reason=RETURN_REASON,
                              staff=self.staff, site=self.site, terminal=self.terminal)
        self._scrub()
        return len(orphans)

    def checkout(self, number: str, item: str) -> dict[str, Any]:
        item = _item(item)
        self.sweep()
        state = self.state()
        self.patron(number, state)
        today = self.today()
        reason = self._block_reason(state, number, today)
        if reason is not None:
            ja, en = REASON_TEXT.get(reason, (reason, reason))
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
        """Record a return. The event names the item and the check-out events it closes, never
        the patron; an item this terminal does not know as on loan (lent elsewhere while offline)
        is still taken back and recorded. The closed check-outs are redacted in the same
        transaction: after this call no patron–item link of this loan is left on the terminal."""
        item = _item(item)
        self.sweep()
        state = self.state()
        known = item in state.loans
        closes = st.open_checkouts(state, item)
        with self.store.transaction():
            self._append(st.CHECKED_IN, {"item": item, "returned_on": self.today().isoformat(),
                                         "closes": closes})
            if closes:
                self.store.redact(event_ids=closes, reason=RETURN_REASON, staff=self.staff,
                                  site=self.site, terminal=self.terminal)
                self.state()                   # the redaction applied in the same transaction
        if closes:
            self._scrub()
        return {"item": item, "known_loan": known}

    def _scrub(self) -> None:
        """Empty the WAL of the erased payload's old page images, never waiting at the desk: with the
        sync thread busy in the database it gives up after SCRUB_WAIT_MS and a later return does it."""
        self.store.scrub_erased(SCRUB_WAIT_MS)


def _item(barcode: str) -> str:
    barcode = barcode.strip()
    if not barcode or len(barcode) > 32 or not barcode.isascii() or not barcode.isalnum():
        raise LibraryError("An item barcode is 1 to 32 letters or digits.",
                           "資料バーコードは1〜32文字の英数字です。", item=barcode[:32])
    return barcode
