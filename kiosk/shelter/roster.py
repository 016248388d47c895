"""`Roster`: the fold over a site's shelter events (this terminal's and the ones pulled from the feed).

The fold is a pure function of the SET of events: they are de-duplicated by id and applied in id order
(UUIDv7, time order across terminals; registrations first), so the same events in any order, or twice, give the same
roster.
Rules (docs/shelter.md):
- a person exists from `shelter.person_registered`; the latest movement (by event id) gives the state:
  checked_in / returned → present, temporarily_out → out, checked_out → left, staying_outside → outside;
- `shelter.persons_merged` folds the merged records into the kept one: fields of the kept record,
  blanks filled from the others, needs united, do_not_disclose if any record had it, latest movement;
- possible duplicates (not merged yet): the same card token, or the same name (normalised) and the same
  birth date. They are shown to staff, never merged silently, and counted as they are until merged;
- `shelter.headcount` counts arrivals without details; a registration carrying its `headcount_id`
  reconciles one of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from kiosk.shelter import model as m

STATE_OF = {m.CHECKED_IN: "present", m.RETURNED: "present", m.TEMP_OUT: "out", m.CHECKED_OUT: "left",
            m.STAYING_OUTSIDE: "outside"}


@dataclass
class Person:
    person_id: str
    fields: dict[str, Any]
    cards: set[str] = field(default_factory=set)
    state: str = "registered"
    movement: dict[str, Any] = field(default_factory=dict)
    movement_id: str = ""
    headcount_id: str = ""

    @property
    def protected(self) -> bool:
        return bool(self.fields.get("do_not_disclose"))

    @property
    def household(self) -> str:
        return self.fields.get("household") or f"person:{self.person_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"person_id": self.person_id, **self.fields, "state": self.state,
                "movement": dict(self.movement), "cards": sorted(self.cards)}


class Roster:
    """Who is registered, where they are, and the counts. Build with `Roster.fold(events)`."""

    def __init__(self) -> None:
        self.site_info: dict[str, Any] = {}
        self.people: dict[str, Person] = {}
        self.headcounts: dict[str, int] = {}
        self.card_owner: dict[str, str] = {}
        self._index: list[tuple[Person, str]] | None = None  # search keys, built on first search
        self.drill = False  # folded from a drill store: every screen and printout says 訓練 / DRILL
        self.closed: dict[str, Any] = {}  # the closing summary (counts only) once the shelter closed
        self.max_id = ""  # the newest event folded: `add` takes only newer ones
        self.local_max = ""  # the newest of this terminal's own events folded (set by the desk)
        self.remote_after = 0  # the feed position of the site's pulled events folded (set by the desk)
        self._aliases: dict[str, str] = {}
        # kept between taps (`add` applies a movement in milliseconds; these took most of a redraw):
        self._duplicates: list[list[str]] | None = None  # until a registration or a card link
        self._bands: tuple[dt.date | None, dict[str, str]] = (None, {})  # person id → age band, per day

    @classmethod
    def fold(cls, events: Iterable[Any]) -> "Roster":
        # erased events (sync.redaction, purge) read back with an empty payload: they are skipped
        unique = {e.id: e for e in events if e.kind.startswith(m.PREFIX) and not getattr(e, "redacted", False)}
        roster, raw, aliases = cls(), {}, {}
        # registrations first, so a movement stamped by a terminal whose clock runs behind still applies
        for event_id in sorted(unique, key=lambda i: (unique[i].kind != m.REGISTERED, i)):
            roster._apply(unique[event_id], raw, aliases)
        roster._merge(raw, aliases)
        roster._aliases, roster.max_id = aliases, max(unique, default="")
        return roster

    def add(self, events: Iterable[Any]) -> bool:
        """Apply events NEWER than everything folded (what this terminal just appended) without
        folding again; the result equals a full fold of all the events. Returns False, changing
        nothing, when that does not hold (an older event, e.g. from the feed, or a merge): fold again.
        """
        new = sorted((e for e in events if e.kind.startswith(m.PREFIX) and not getattr(e, "redacted", False)),
                     key=lambda e: e.id)
        if any(e.id <= self.max_id or e.kind == m.MERGED for e in new):
            return False
        for event in new:
            pid = event.payload.get("person_id")
            if pid and _resolve(self._aliases, pid) != pid:  # a record merged into another
                event = _Renamed(event, _resolve(self._aliases, pid))
            self._apply(event, self.people, self._aliases)
            self.max_id = event.id
        if any(e.kind == m.REGISTERED for e in new):
            self._index = None  # the search keys hold the people; movements change no key
        if any(e.kind in (m.REGISTERED, m.CARD_LINKED) for e in new):
            self._duplicates = None  # names, birth dates and cards: movements and needs change none
        return True

    # -- applying one event to the raw (unmerged) records ---------------------------------------
    def _apply(self, event: Any, raw: dict[str, Person], aliases: dict[str, str]) -> None:
        p, kind = event.payload, event.kind
        pid = p.get("person_id", "")
        if kind == m.SETUP:
            self.site_info = {k: p.get(k) for k in ("name", "municipality_code", "address", "capacity")}
        elif kind == m.CLOSED:
            self.closed = dict(p)
        elif kind == m.REGISTERED and pid not in raw:
            person = Person(pid, dict(p.get("person", {})), headcount_id=p.get("headcount_id", ""))
            raw[pid] = person
            if p.get("card"):
                self._link(p["card"], pid, person)
        elif kind in STATE_OF and pid in raw:
            person = raw[pid]
            person.state, person.movement_id = STATE_OF[kind], event.id
            person.movement = {k: v for k, v in p.items() if k not in ("person_id", "needs")}
            if kind == m.STAYING_OUTSIDE and "needs" in p:
                person.fields["needs"] = dict(p["needs"])
        elif kind == m.CARD_LINKED and pid in raw:
            self._link(p.get("card", ""), pid, raw[pid])
        elif kind == m.NEEDS_UPDATED and pid in raw:
            raw[pid].fields["needs"] = dict(p.get("needs", {}))
            if "do_not_disclose" in p:
                raw[pid].fields["do_not_disclose"] = bool(p["do_not_disclose"])
        elif kind == m.HOUSEHOLD_SET and pid in raw:
            raw[pid].fields["household"] = str(p.get("household", ""))
        elif kind == m.HEADCOUNT:
            self.headcounts[p.get("headcount_id", event.id)] = int(p.get("count", 0))
        elif kind == m.MERGED:
            keep = _resolve(aliases, p.get("keep", ""))
            for other in p.get("merged", []):
                if _resolve(aliases, other) != keep:
                    aliases[_resolve(aliases, other)] = keep

    def _link(self, token: str, pid: str, person: Person) -> None:
        if token:
            person.cards.add(token)
            self.card_owner[token] = pid  # the latest link of a card wins

    def _merge(self, raw: dict[str, Person], aliases: dict[str, str]) -> None:
        groups: dict[str, list[Person]] = defaultdict(list)
        for pid, person in raw.items():
            groups[_resolve(aliases, pid)].append(person)
        for root, members in groups.items():
            kept = raw.get(root) or members[0]
            for other in members:
                if other is kept:
                    continue
                for key, value in other.fields.items():
                    if key == "needs":
                        kept.fields["needs"] = {**value, **kept.fields.get("needs", {})}
                    elif key == "do_not_disclose":
                        kept.fields[key] = bool(kept.fields.get(key)) or bool(value)
                    elif not kept.fields.get(key):
                        kept.fields[key] = value
                kept.cards |= other.cards
                if other.movement_id > kept.movement_id:
                    kept.state, kept.movement, kept.movement_id = (other.state, other.movement,
                                                                   other.movement_id)
                kept.headcount_id = kept.headcount_id or other.headcount_id
            self.people[kept.person_id] = kept
        self.card_owner = {t: _resolve(aliases, pid) for t, pid in self.card_owner.items()}

    # -- reading ---------------------------------------------------------------------------------
    def in_state(self, *states: str) -> list[Person]:
        return sorted(self._in(*states), key=_kana_key)

    def _in(self, *states: str) -> list[Person]:
        """Unsorted, for counting."""
        return [p for p in self.people.values() if p.state in states]

    def person_for_card(self, token: str) -> Person | None:
        pid = self.card_owner.get(token)
        return self.people.get(pid) if pid else None

    def duplicates(self) -> list[list[str]]:
        """Groups of person ids that look like one person: same card token, or same name + birth date.
        Found once, then kept until `add` brings a registration or a card link."""
        if self._duplicates is None:
            self._duplicates = self._find_duplicates()
        return [list(group) for group in self._duplicates]

    def _find_duplicates(self) -> list[list[str]]:
        parent = {pid: pid for pid in self.people}

        def root(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        seen: dict[Any, str] = {}
        for pid in sorted(self.people):
            person = self.people[pid]
            keys = [("card", c) for c in person.cards]
            if person.fields.get("birth_date"):
                keys.append(("nb", m.normalise_name(person.fields.get("name")), person.fields["birth_date"]))
            for key in keys:
                if key in seen:
                    a, b = sorted((root(seen[key]), root(pid)))
                    parent[b] = a
                else:
                    seen[key] = pid
        groups: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(self.people):
            groups[root(pid)].append(pid)
        return sorted(g for g in groups.values() if len(g) > 1)

    def open_headcounts(self) -> dict[str, int]:
        """Headcount id → heads counted but not registered yet (only those with some left)."""
        reconciled = Counter(p.headcount_id for p in self.people.values() if p.headcount_id)
        left = {hid: n - reconciled.get(hid, 0) for hid, n in self.headcounts.items()}  # count order
        return {hid: n for hid, n in left.items() if n > 0}

    def unregistered_headcount(self) -> int:
        return sum(self.open_headcounts().values())

    def search(self, text: str, *, include_protected: bool = False,
               states: tuple[str, ...] | None = None) -> list[Person]:
        """Partial match on name or kana (normalised), in kana order; the index is built once."""
        if self._index is None:
            self._index = [(p, m.normalise_name(p.fields.get("name")) + "\0" +
                            m.normalise_name(p.fields.get("kana")))
                           for p in sorted(self.people.values(), key=_kana_key)]
        needle = m.normalise_name(text)
        return [p for p, key in self._index if needle in key
                and (include_protected or not p.protected) and (states is None or p.state in states)]

    def find(self, text: str) -> list[Person]:
        """The family inquiry: partial match on name or kana; never a protected person."""
        return self.search(text) if m.normalise_name(text) else []

    def status(self, today: dt.date | None = None) -> dict[str, Any]:
        """Counts for staff and the disaster office (protected people are counted, never named)."""
        today = today or dt.date.today()
        present = self._in("present")
        outside = self._in("outside")
        unregistered = self.unregistered_headcount()
        capacity = self.site_info.get("capacity")
        occupancy = len(present) + unregistered
        return {
            "site": {k: v for k, v in self.site_info.items()},
            "present": len(present), "unregistered_headcount": unregistered, "occupancy": occupancy,
            "capacity": capacity,
            "occupancy_ratio": round(occupancy / capacity, 3) if capacity else None,
            "temporarily_out": len(self._in("out")), "checked_out": len(self._in("left")),
            "by_need": _need_counts(present), "by_age_band": self._band_counts(present, today),
            "households": len({p.household for p in present}),
            "outside": {"total": len(outside), "by_place": dict(Counter(
                p.movement.get("where", "other") for p in outside)), "by_need": _need_counts(outside)},
            "possible_duplicates": len(self.duplicates()),
        }


    def _band_counts(self, people: list[Person], today: dt.date) -> dict[str, int]:
        """Age bands counted; each person's band is worked out once a day (a birth date never
        changes in `add`: a merge folds again)."""
        day, bands = self._bands
        if day != today:
            bands = {}
            self._bands = (today, bands)
        counts: Counter[str] = Counter()
        for p in people:
            band = bands.get(p.person_id)
            if band is None:
                band = bands[p.person_id] = m.age_band(p.fields.get("birth_date"), p.fields.get("age_band"), today)
            counts[band] += 1
        return {label: counts.get(label, 0) for label in m.AGE_BAND_LABELS}


class _Renamed:
    """An event seen with the person id of the record it was merged into."""

    def __init__(self, event: Any, person_id: str) -> None:
        self.id, self.kind, self.created_at = event.id, event.kind, getattr(event, "created_at", "")
        self.payload = {**event.payload, "person_id": person_id}


def _resolve(aliases: dict[str, str], pid: str) -> str:
    seen = set()
    while pid in aliases and pid not in seen:
        seen.add(pid)
        pid = aliases[pid]
    return pid


def _kana_key(p: Person) -> tuple[str, str, str]:
    return (m.normalise_name(p.fields.get("kana") or p.fields.get("name")),
            m.normalise_name(p.fields.get("name")), p.person_id)


def _need_counts(people: list[Person]) -> dict[str, int]:
    counts = Counter(code for p in people for code in p.fields.get("needs", {}))
    return {code: counts.get(code, 0) for code in m.NEEDS}
