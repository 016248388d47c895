"""The library state of a site as a fold over its library events (this terminal's and the feed's).

`load_events(store, site)` gathers the `library.*` events this terminal wrote and those of the site's
other terminals pulled from the mesh feed, once each, in id (= time) order. `fold(events)` turns them
into a `LibraryState`: patrons, linked cards, blocks, current loans, conflicts and counts.
The desk keeps this state as indexed tables updated per event (kiosk.library.tables, which applies
each event with `_apply` here); `fold` and `LibraryState` are the same rules in memory (the reference
the tables are checked against, and the reader of the old snapshot).

Privacy of reading (図書館の自由に関する宣言): a check-in event names only the item (and the ids of
the check-out events it closes). When the fold meets it, the loan (the only patron–item link in the
state) is dropped and only the site's counts change; the desk redacts the closed check-out events in
the same transaction (`sync.redaction`), and the fold counts a redacted check-out by its kind alone.
Two check-outs of one item with no check-in between (two terminals offline) become a conflict for a
librarian, until the item is checked in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from sync.events import Event

PREFIX = "library."
REGISTERED = "library.patron_registered"
UPDATED = "library.patron_updated"
LINKED = "library.card_linked"
BLOCKED = "library.patron_blocked"
UNBLOCKED = "library.patron_unblocked"
CHECKED_OUT = "library.checked_out"
CHECKED_IN = "library.checked_in"
REISSUED = "library.patron_reissued"
REDACTION = "sync.redaction"
KINDS = (REGISTERED, UPDATED, LINKED, BLOCKED, UNBLOCKED, CHECKED_OUT, CHECKED_IN, REISSUED)
FEED_PAGE = 1000


@dataclass
class Loan:
    item: str
    patron: str
    item_type: str
    due: dt.date
    event_id: str
    terminal: str

    def overdue(self, today: dt.date) -> bool:
        return self.due < today

    def to_dict(self, today: dt.date) -> dict[str, Any]:
        return {"item": self.item, "item_type": self.item_type, "due_date": self.due.isoformat(),
                "overdue": self.overdue(today)}


@dataclass
class LibraryState:
    patrons: dict[str, dict[str, Any]] = field(default_factory=dict)
    cards: dict[tuple[str, str], str] = field(default_factory=dict)     # (kind, token) → patron
    blocks: dict[str, str] = field(default_factory=dict)                # patron → reason
    loans: dict[str, Loan] = field(default_factory=dict)                # item → loan
    conflicts: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    duplicate_numbers: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: {"checked_out": 0, "checked_in": 0})
    by_patron: dict[str, set[str]] = field(default_factory=dict)       # patron → items on loan
    orphans: dict[str, str] = field(default_factory=dict)    # closed, unredacted check-out → terminal
    returned: dict[str, str] = field(default_factory=dict)   # item → id of its latest check-in
    block_ids: dict[str, str] = field(default_factory=dict)  # patron → id of its latest (un)block
    link_ids: dict[tuple[str, str], str] = field(default_factory=dict)  # card → id of its link
    last_id: str = ""

    def loans_of(self, patron: str) -> list[Loan]:
        return sorted((self.loans[item] for item in self.items_of(patron)),
                      key=lambda loan: (loan.due, loan.item))

    def blocked_patrons(self) -> list[tuple[str, str]]:
        """(patron number, reason) of every blocked patron: the list kept for offline use."""
        return sorted(self.blocks.items())

    def _lend(self, loan: Loan) -> None:
        self._drop(loan.item)
        self.loans[loan.item] = loan
        self.by_patron.setdefault(loan.patron, set()).add(loan.item)

    def _drop(self, item: str) -> Loan | None:
        loan = self.loans.pop(item, None)
        if loan is not None:
            items = self.by_patron.get(loan.patron, set())
            items.discard(item)
            if not items:
                self.by_patron.pop(loan.patron, None)
        return loan

    def items_of(self, patron: str) -> set[str]:
        return set(self.by_patron.get(patron, ()))

    def patron_numbers(self) -> list[str]:
        return list(self.patrons)

    def cards_of(self, patron: str) -> list[tuple[str, str]]:
        """The cards linked to a patron."""
        return sorted(key for key, number in self.cards.items() if number == patron)

    def orphans_of(self, terminal: str) -> list[str]:
        return sorted(event_id for event_id, owner in self.orphans.items() if owner == terminal)

    def _move_loans(self, old: str, new: str) -> None:
        """A reissue: the loans of `old` become `new`'s."""
        for item in sorted(self.by_patron.pop(old, set())):
            loan = self.loans[item]
            loan.patron = new
            self.loans[item] = loan
            self.by_patron.setdefault(new, set()).add(item)

    def find_person(self, name: str, birth_date: str) -> str | None:
        for number, patron in self.patrons.items():
            if patron["name"] == name and patron["birth_date"] == birth_date \
                    and "replaced_by" not in patron:
                return number
        return None


def load_events(store: Any, site: str) -> list[Event]:
    """This terminal's library events and the site feed's, each once, in id order."""
    rows = store.db.execute("SELECT id FROM events WHERE site = ? AND kind LIKE 'library.%'",
                            [site]).fetchall()
    events = {event.id: event for event in (store.get(row[0]) for row in rows) if event}
    after = 0
    while True:
        page = store.remote_events(site, FEED_PAGE, after=after)
        for event in page:
            if event.kind.startswith(PREFIX):
                events.setdefault(event.id, event)
        if len(page) < FEED_PAGE:
            break
        after = _feed_position(store, page[-1].id)
    return [events[key] for key in sorted(events)]


def _feed_position(store: Any, event_id: str) -> int:
    row = store.db.execute("SELECT feed_cursor FROM remote_events WHERE id = ?", [event_id]).fetchone()
    return int(row[0])


def fold(events: Iterable[Event]) -> LibraryState:
    state = LibraryState()
    for event in events:
        _apply(state, event)
    return state


def _apply(state: LibraryState, event: Event) -> None:
    """Apply one event. Order-tolerant: an event older than ones already applied (an offline
    terminal's, pulled late) lands where it would have in id order — blocks and links keep their
    latest event, a check-out older than the item's latest return is closed already (a count, and
    an orphan to erase if the return did not name it), a return drops only older loans."""
    p = event.payload
    state.last_id = max(state.last_id, event.id)
    if event.kind == REDACTION:
        for event_id in p.get("event_ids", []):
            state.orphans.pop(event_id, None)
        return
    if getattr(event, "redacted", False):
        if event.kind == CHECKED_OUT:      # a returned loan: only its count is left
            state.counts["checked_out"] += 1
        return
    if event.kind == REGISTERED:
        number = p["patron_number"]
        if number in state.patrons:
            state.duplicate_numbers.add(number)
            return
        state.patrons[number] = {k: v for k, v in p.items() if k != "patron_number"}
    elif event.kind == UPDATED and p["patron_number"] in state.patrons:
        record = state.patrons[p["patron_number"]]
        record.update(p.get("changes", {}))
        state.patrons[p["patron_number"]] = record          # written back: a table keeps it
    elif event.kind == LINKED:
        key = (p["kind"], p["token"])
        number = p["patron_number"]
        if p["kind"] == "mynumber":               # a My Number card follows a reissue
            number = _current(state, number)
        if event.id > state.link_ids.get(key, ""):
            state.cards[key], state.link_ids[key] = number, event.id
    elif event.kind == REISSUED:
        _reissue(state, p["old_patron_number"], p["patron_number"], p.get("reason", "lost_card"),
                 event.id)
    elif event.kind in (BLOCKED, UNBLOCKED):
        number = p["patron_number"]
        if event.id < state.block_ids.get(number, "") and "replaced_by" in state.patrons.get(number, {}):
            number = _current(state, number)      # older than the reissue: the person's block
        if event.id > state.block_ids.get(number, ""):
            state.block_ids[number] = event.id
            if event.kind == BLOCKED:
                state.blocks[number] = p.get("reason", "blocked")
            else:
                state.blocks.pop(number, None)
    elif event.kind == CHECKED_OUT:
        _check_out(state, event, p)
    elif event.kind == CHECKED_IN:
        _check_in(state, event, p)


def _check_out(state: LibraryState, event: Event, p: dict[str, Any]) -> None:
    item = p["item"]
    state.counts["checked_out"] += 1
    if event.id < state.returned.get(item, ""):   # back already (that return was written first
        state.orphans[event.id] = event.terminal  # where this loan was unknown): erase its link
        return
    patron = _current(state, p["patron_number"])
    entry = {"event_id": event.id, "terminal": event.terminal, "patron_number": patron}
    held = state.loans.get(item)
    if held is not None:
        entries = state.conflicts.get(item) or [
            {"event_id": held.event_id, "terminal": held.terminal, "patron_number": held.patron}]
        entries.append(entry)
        entries.sort(key=lambda e: e["event_id"])
        state.conflicts[item] = entries
        if held.event_id > event.id:              # the later check-out stays the loan shown
            return
    state._lend(Loan(item, patron, p.get("item_type", "book"), dt.date.fromisoformat(p["due_date"]),
                     event.id, event.terminal))


def _check_in(state: LibraryState, event: Event, p: dict[str, Any]) -> None:
    item = p["item"]
    state.counts["checked_in"] += 1
    state.returned[item] = max(state.returned.get(item, ""), event.id)
    closes = set(p.get("closes", []))
    entries = state.conflicts.pop(item, [])
    loan = state.loans.get(item)
    if loan is not None and not entries:
        entries = [{"event_id": loan.event_id, "terminal": loan.terminal, "patron_number": loan.patron}]
    later = [e for e in entries if e["event_id"] > event.id]   # lent again after this return
    for entry in entries:
        if entry["event_id"] < event.id and entry["event_id"] not in closes:
            state.orphans[entry["event_id"]] = entry["terminal"]   # returned where unknown (offline)
    if loan is not None and loan.event_id < event.id:
        state._drop(item)
    if len(later) > 1:
        state.conflicts[item] = later


def orphans_of(state: LibraryState, terminal: str) -> list[str]:
    """This terminal's check-outs that a return elsewhere closed without naming them (it was
    written where the loan was not yet known): their links are still to be erased."""
    return state.orphans_of(terminal)


def open_checkouts(state: LibraryState, item: str) -> list[str]:
    """Ids of the check-out events a return of `item` closes: the loan's and any in conflict."""
    ids = {entry["event_id"] for entry in state.conflicts.get(item, [])}
    if item in state.loans:
        ids.add(state.loans[item].event_id)
    return sorted(ids)


def _current(state: LibraryState, number: str) -> str:
    """The number a patron goes by now (a lost card's number leads to its replacement)."""
    for _ in range(100):
        following = state.patrons.get(number, {}).get("replaced_by")
        if following is None:
            return number
        number = following
    return number


def _reissue(state: LibraryState, old: str, new: str, reason: str, event_id: str) -> None:
    """A lost library card: the new number takes the person, their loans and their My Number card
    link; the old number is blocked, and a FeliCa / Type A card linked to it stays with it (that card
    may be the one lost)."""
    record = state.patrons.get(old)
    if record is None:
        return
    if new in state.patrons:
        state.duplicate_numbers.add(new)
        return
    state.patrons[new] = {k: v for k, v in record.items() if k != "replaced_by"}
    record["replaced_by"] = new
    state.patrons[old] = record
    if old in state.blocks:                 # a block of the person (staff, library system) follows
        state.blocks[new] = state.blocks[old]
    if old in state.block_ids:
        state.block_ids[new] = state.block_ids[old]
    state.blocks[old], state.block_ids[old] = reason, event_id
    for key in state.cards_of(old):
        if key[0] == "mynumber":
            state.cards[key] = new
    state._move_loans(old, new)
    for item, entries in list(state.conflicts.items()):
        if any(entry["patron_number"] == old for entry in entries):
            state.conflicts[item] = [dict(entry, patron_number=new) if entry["patron_number"] == old
                                     else entry for entry in entries]
