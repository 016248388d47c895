"""The library state of a site as a fold over its library events (this terminal's and the feed's).

`load_events(store, site)` gathers the `library.*` events this terminal wrote and those of the site's
other terminals pulled from the mesh feed, once each, in id (= time) order. `fold(events)` turns them
into a `LibraryState`: patrons, linked cards, blocks, current loans, conflicts and counts.

Privacy of reading (図書館の自由に関する宣言): a check-in event names only the item. When the fold
meets it, the loan (the only patron–item link in the state) is dropped and only the site's counts
change; nothing in the state says who had a returned item. Two check-outs of one item with no
check-in between (two terminals offline) become a conflict for a librarian, until the item is
checked in.
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
KINDS = (REGISTERED, UPDATED, LINKED, BLOCKED, UNBLOCKED, CHECKED_OUT, CHECKED_IN)
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

    def loans_of(self, patron: str) -> list[Loan]:
        return sorted((loan for loan in self.loans.values() if loan.patron == patron),
                      key=lambda loan: (loan.due, loan.item))

    def find_person(self, name: str, birth_date: str) -> str | None:
        for number, patron in self.patrons.items():
            if patron["name"] == name and patron["birth_date"] == birth_date:
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
    p = event.payload
    if event.kind == REGISTERED:
        number = p["patron_number"]
        if number in state.patrons:
            state.duplicate_numbers.add(number)
            return
        state.patrons[number] = {k: v for k, v in p.items() if k != "patron_number"}
    elif event.kind == UPDATED and p["patron_number"] in state.patrons:
        state.patrons[p["patron_number"]].update(p.get("changes", {}))
    elif event.kind == LINKED:
        state.cards[(p["kind"], p["token"])] = p["patron_number"]
    elif event.kind == BLOCKED:
        state.blocks[p["patron_number"]] = p.get("reason", "blocked")
    elif event.kind == UNBLOCKED:
        state.blocks.pop(p["patron_number"], None)
    elif event.kind == CHECKED_OUT:
        item = p["item"]
        held = state.loans.get(item)
        if held is not None:
            entries = state.conflicts.setdefault(item, [
                {"event_id": held.event_id, "terminal": held.terminal, "patron_number": held.patron}])
            entries.append({"event_id": event.id, "terminal": event.terminal,
                            "patron_number": p["patron_number"]})
        state.loans[item] = Loan(item, p["patron_number"], p.get("item_type", "book"),
                                 dt.date.fromisoformat(p["due_date"]), event.id, event.terminal)
        state.counts["checked_out"] += 1
    elif event.kind == CHECKED_IN:
        state.loans.pop(p["item"], None)
        state.conflicts.pop(p["item"], None)
        state.counts["checked_in"] += 1
