"""Shelter actions on the terminal's EventStore: set-up, register + check in, movements, merge, find.

Every action is one event (or a few in one transaction) through `EventStore.append`: the personal
fields live only in the encrypted payloads. There is no local query table: `roster()` folds this
terminal's shelter events and the site's pulled `remote_events` in memory each time it is asked, so no
name is ever written to disk in clear. Nothing here logs a name.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path
from typing import Any

from kiosk.shelter import model as m
from kiosk.shelter.roster import Person, Roster
from sync.store import EventStore

logger = logging.getLogger(__name__)
STAFF = "shelter"
DRILL_FOLDER = "drill"  # <data-dir>/drill/: the drill's own store and key, never enrolled nor synced
DRILL_SUFFIX = "-drill"  # and its own site id, so a drill event can never fold into a real roster


def open_store(data_dir: Path, *, drill: bool = False):
    """The terminal's store; with `drill`, the separate drill store in `<data-dir>/drill/` (its own
    encryption key, no terminal identity, so the sync client never sends it anywhere)."""
    if drill:
        return EventStore(Path(data_dir) / DRILL_FOLDER / "kazasu.db", identity=None)
    return EventStore(Path(data_dir) / "kazasu.db")


def drill_site(site: str) -> str:
    return site if site.endswith(DRILL_SUFFIX) else f"{site}{DRILL_SUFFIX}"


def events_digest(events: list[Any]) -> str:
    """SHA-256 of the sorted ids of `events`: which events an export held, without any of them."""
    return hashlib.sha256("\n".join(sorted(e.id for e in events)).encode()).hexdigest()


def _export_holds(payload: dict[str, Any], personal: list[Any]) -> bool:
    """Whether a `shelter.exported` event's export held every personal event there is now."""
    if "digest" in payload:
        return payload["digest"] == events_digest(personal)
    return payload.get("upto", "") >= max(e.id for e in personal)  # an export of an older kazasu


def card_token(card: dict[str, Any] | None) -> str:
    """`kind:pseudonym` from what `kazasu card id --json` prints (empty when there is no card)."""
    if not card or not card.get("pseudonym"):
        return ""
    return f"{card.get('kind', 'card')}:{card['pseudonym']}"


class ShelterDesk:
    """The shelter desk of one site on one terminal."""

    def __init__(self, store, *, site: str, terminal: str, staff: str = STAFF, drill: bool = False) -> None:
        if not site:
            raise m.ShelterError("shelter_site_missing", "避難所（サイト）が決まっていません。--site "
                                                         "を指定してください。",
                                 "No site is set: give --site (or KAZASU_SITE).")
        self.store, self.site, self.terminal, self.staff = store, site, terminal, staff
        self.drill = drill
        if drill and (not site.endswith(DRILL_SUFFIX) or store.path.parent.name != DRILL_FOLDER):
            raise ValueError("a drill desk works on the drill store and the drill site only")

    @classmethod
    def open(cls, data_dir: Path, *, site: str, terminal: str, drill: bool = False) -> "ShelterDesk":
        """The desk of `site` on the data folder's store, or (drill) on the drill store and site."""
        m.adopt_published_needs(data_dir)  # needs codes the municipality added (sync.published)
        if drill:
            return cls(open_store(data_dir, drill=True), site=drill_site(site), terminal=terminal, drill=True)
        return cls(open_store(data_dir), site=site, terminal=terminal)

    def _append(self, kind: str, payload: dict[str, Any]):
        return self.store.append(kind, payload, site=self.site, terminal=self.terminal, staff=self.staff)

    # -- reading -----------------------------------------------------------------------------
    def events(self) -> list[Any]:
        """This terminal's shelter events of the site and the site's pulled events of other terminals."""
        ids = [r[0] for r in self.store.db.execute(
            "SELECT id FROM events WHERE site = ? AND kind LIKE 'shelter.%' ORDER BY id",
            [self.site]).fetchall()]
        local = [self.store.get(i) for i in ids]
        remote = [e for e in self.store.remote_events(self.site, 10**9) if e.kind.startswith(m.PREFIX)]
        return local + remote

    def roster(self) -> Roster:
        local_max = self.store.db.execute(
            "SELECT max(id) FROM events WHERE site = ? AND kind LIKE 'shelter.%'", [self.site]).fetchone()[0]
        remote_head = self._remote_head()  # read before the events: one pulled meanwhile is read again
        roster = Roster.fold(self.events())
        roster.drill = self.drill
        roster.local_max = local_max or ""
        roster.remote_after = remote_head
        return roster

    def _remote_head(self) -> int:
        """The newest feed position of the site's pulled events held here (0: none)."""
        return int(self.store.db.execute("SELECT coalesce(max(feed_cursor), 0) FROM remote_events"
                                         " WHERE site = ?", [self.site]).fetchone()[0])

    def update(self, roster: Roster) -> Roster:
        """The roster with the events written here, and pulled from the site's other terminals, since
        it was folded: applied to it in place when they are all newer than everything folded (the usual
        case after a desk action, or a check-in at another terminal pushed live: milliseconds for a
        5,000-person shelter), else a full fold (after a merge, an offline terminal's older events
        pulled late, or when another terminal's clock runs ahead of ours)."""
        ids = [r[0] for r in self.store.db.execute(
            "SELECT id FROM events WHERE site = ? AND kind LIKE 'shelter.%' AND id > ? ORDER BY id",
            [self.site, roster.local_max]).fetchall()]
        remote_head = self._remote_head()
        remote = [] if remote_head <= roster.remote_after else [
            e for e in self.store.remote_events(self.site, 10**9, after=roster.remote_after)
            if e.kind.startswith(m.PREFIX)]
        if not ids and not remote:
            roster.remote_after = max(roster.remote_after, remote_head)
            return roster
        if roster.add([self.store.get(i) for i in ids] + remote):
            roster.local_max = ids[-1] if ids else roster.local_max
            roster.remote_after = max(roster.remote_after, remote_head)
            return roster
        return self.roster()

    # -- writing -----------------------------------------------------------------------------
    def setup(self, *, name: str, municipality_code: str, capacity: int, address: str = "") -> dict:
        if not name or not str(municipality_code).isdigit() or int(capacity) <= 0:
            raise m.ShelterError("shelter_setup_invalid", "避難所名・団体コード（数字）・収容人数（1以上）"
                                                          "を入れてください。",
                                 "Give the shelter name, a numeric municipality code and a capacity ≥ 1.")
        payload = {"name": name, "municipality_code": str(municipality_code), "address": address,
                   "capacity": int(capacity)}
        event = self._append(m.SETUP, payload)
        return {"event_id": event.id, "site": self.site, **payload}

    def register(self, fields: dict[str, Any], *, source: str, card: dict | None = None,
                 check_in: bool = True, headcount_id: str = "", roster: Roster | None = None,
                 outside: str | None = None, place: str = "") -> dict:
        """Register a person (and check them in) in one transaction. Returns ids, never the name.

        A card already linked to someone checks that person in instead of registering a new record.
        With `outside` (home / car / other) the person is registered as staying outside the shelter
        (`place` says where) instead of checked in, in the same transaction.
        """
        if outside is not None and outside not in m.OUTSIDE_PLACES:
            raise m.ShelterError("shelter_place_invalid", "滞在場所は home・car・other です。",
                                 "Where they stay is home, car or other.")
        warnings: list[dict[str, Any]] = []
        person = m.clean_person(fields, source, warnings=warnings)
        token = card_token(card)
        known = (roster or self.roster()).person_for_card(token) if token else None
        with self.store.transaction():
            if known is not None:
                return self.check_in(known.person_id, source)
            pid = uuid.uuid4().hex
            payload: dict[str, Any] = {"person_id": pid, "person": person}
            if token:
                payload["card"] = token
            if headcount_id:
                payload["headcount_id"] = headcount_id
            event = self._append(m.REGISTERED, payload)
            if outside is not None:
                self._append(m.STAYING_OUTSIDE, {"person_id": pid, "where": outside, "place": place})
            elif check_in:
                self._append(m.CHECKED_IN, {"person_id": pid, "via": source})
        logger.info("shelter: person registered (event %s, source %s)", event.id, source)
        result: dict[str, Any] = {"person_id": pid, "event_id": event.id, "new": True}
        if warnings:
            logger.warning("shelter: event %s kept %d unknown value(s) in words", event.id, len(warnings))
            result["warnings"] = warnings
        return result

    def check_in(self, person_id: str, via: str) -> dict:
        """Check in a person already registered (a linked card, or staff picking them from the list)."""
        event = self._append(m.CHECKED_IN, {"person_id": person_id, "via": via})
        return {"person_id": person_id, "event_id": event.id, "new": False}

    def tap(self, card: dict) -> dict:
        """Tap in / tap out with a linked card: present → temporarily out, otherwise → present."""
        person = self.roster().person_for_card(card_token(card))
        if person is None:
            raise m.ShelterError("shelter_card_unknown", "このカードはまだ誰にも登録されていません。"
                                                         "受付で登録してください。",
                                 "This card is not linked to anyone yet: register at the desk.")
        kind = m.TEMP_OUT if person.state == "present" else (
            m.RETURNED if person.state == "out" else m.CHECKED_IN)
        event = self._append(kind, {"person_id": person.person_id, "via": "ic_card"})
        return {"person_id": person.person_id, "event_id": event.id, "kind": kind}

    def link_card(self, person_id: str, card: dict, *, roster: Roster | None = None) -> dict:
        self._known(person_id, roster)
        event = self._append(m.CARD_LINKED, {"person_id": person_id, "card": card_token(card)})
        return {"person_id": person_id, "event_id": event.id}

    def move(self, person_id: str, kind: str, *, roster: Roster | None = None, **details: Any) -> dict:
        """checked_in / checked_out (reason home|another_shelter|hospital, shelter_name) /
        temporarily_out / returned / staying_outside (where home|car|other, place, needs).
        `roster`: the desk's current fold, to find the person without folding again."""
        self._known(person_id, roster)
        if kind == m.CHECKED_OUT and details.get("reason") not in m.CHECKOUT_REASONS:
            raise m.ShelterError("shelter_reason_invalid", "退所理由は home・another_shelter・hospital です。",
                                 "The check-out reason is home, another_shelter or hospital.")
        if kind == m.CHECKED_OUT and details["reason"] == "another_shelter" and not details.get("shelter_name"):
            raise m.ShelterError("shelter_name_of_shelter_missing", "移動先の避難所名を入れてください。",
                                 "Give the name of the shelter they move to.")
        if kind == m.STAYING_OUTSIDE:
            if details.get("where") not in m.OUTSIDE_PLACES:
                raise m.ShelterError("shelter_place_invalid", "滞在場所は home・car・other です。",
                                     "Where they stay is home, car or other.")
            if "needs" in details:
                details["needs"] = m.parse_needs(details["needs"], [])
        if kind not in m.MOVEMENTS:
            raise ValueError(kind)
        event = self._append(kind, {"person_id": person_id, **details})
        return {"person_id": person_id, "event_id": event.id, "kind": kind}

    def set_household(self, person_id: str, household: str, *, roster: Roster | None = None) -> dict:
        """Put a person under a household label (site-wide; shared by the family)."""
        self._known(person_id, roster)
        label = str(household or "").strip()
        if not label:
            raise m.ShelterError("shelter_household_missing", "世帯の記号を入れてください。",
                                 "Give the household label.", field="household")
        return {"event_id": self._append(m.HOUSEHOLD_SET, {"person_id": person_id, "household": label}).id,
                "household": label}

    def household_of(self, person_id: str, *, roster: Roster | None = None) -> str:
        """The household label of a person, giving them one (and recording it) when they have none,
        so that a child without a card can be added to it."""
        person = self._known(person_id, roster)
        if person.fields.get("household"):
            return person.fields["household"]
        return self.set_household(person_id, f"世帯-{person_id[:6]}", roster=roster)["household"]

    def update_needs(self, person_id: str, needs: Any, do_not_disclose: bool | None = None) -> dict:
        self._known(person_id)
        warnings: list[dict[str, Any]] = []
        payload: dict[str, Any] = {"person_id": person_id, "needs": m.parse_needs(needs, warnings)}
        if do_not_disclose is not None:
            payload["do_not_disclose"] = bool(do_not_disclose)
        result: dict[str, Any] = {"event_id": self._append(m.NEEDS_UPDATED, payload).id}
        if warnings:
            result["warnings"] = warnings
        return result

    def headcount(self, count: int, note: str = "") -> dict:
        if int(count) <= 0:
            raise m.ShelterError("shelter_count_invalid", "人数は1以上です。", "The count must be at least 1.")
        hid = uuid.uuid4().hex
        event = self._append(m.HEADCOUNT, {"headcount_id": hid, "count": int(count), "note": note})
        return {"headcount_id": hid, "event_id": event.id}

    def merge(self, keep: str, merged: list[str]) -> dict:
        for pid in [keep, *merged]:
            self._known(pid)
        event = self._append(m.MERGED, {"keep": keep, "merged": [p for p in merged if p != keep]})
        return {"event_id": event.id, "keep": keep}

    # -- export and close-out ----------------------------------------------------------------------
    def record_export(self, *, fmt: str, people: int) -> dict:
        """Note that a staff export was written and which events it held (counts and a digest of
        their ids, no names): closing the shelter is allowed only after an export that holds
        everything. The digest does not depend on any clock: an event that arrives later from a
        terminal whose clock runs behind changes it just the same."""
        personal = self._personal_events()
        upto = max((e.id for e in personal), default="")
        digest = events_digest(personal)
        event = self._append(m.EXPORTED, {"format": fmt, "people": int(people), "upto": upto,
                                          "events": len(personal), "digest": digest})
        return {"event_id": event.id, "upto": upto, "digest": digest}

    def _personal_events(self) -> list[Any]:
        return [e for e in self.events() if not getattr(e, "redacted", False)
                and e.kind not in (m.EXPORTED, m.CLOSED)]

    def close(self, reason: str = m.CLOSE_REASON) -> dict:
        """Close the shelter: erase the personal data of every shelter event of the site this
        terminal holds (one `sync.redaction` with kind prefix `shelter.` and the feed position it
        has seen: the mesh and the site's other terminals erase the same events when it reaches
        them, whatever their clocks say; events it had not seen stay), then keep a closing summary.

        Refused (`shelter_not_exported`) unless a staff export was written after the last change,
        so nobody's record is lost; `shelter_nothing_to_close` when there is nothing personal left.
        """
        events = self.events()
        personal = [e for e in events if not getattr(e, "redacted", False) and e.kind not in (m.EXPORTED, m.CLOSED)]
        if not any(e.kind == m.REGISTERED for e in personal):
            raise m.ShelterError("shelter_nothing_to_close", "この避難所に消す個人情報はありません（閉鎖済みか、"
                                                             "登録がありません）。",
                                 "There is no personal data to erase here (already closed, or nobody registered).")
        exported = [e for e in events if e.kind == m.EXPORTED and not getattr(e, "redacted", False)
                    and _export_holds(e.payload, personal)]
        if not exported:
            raise m.ShelterError(
                "shelter_not_exported",
                "閉鎖の前に名簿を書き出してください（kazasu shelter export --format csv か pdf）。"
                "最後の書き出しの後に記録が変わっています。個人情報を消すと元に戻せません。",
                "Export the roster first (kazasu shelter export --format csv or pdf): the records changed after "
                "the last export, and erasing personal data cannot be undone.")
        roster = Roster.fold(events)
        status = roster.status()
        summary = {"people": len(roster.people), "households": len({p.household for p in roster.people.values()}),
                   **{k: status[k] for k in ("present", "temporarily_out", "checked_out", "by_need", "by_age_band",
                                             "unregistered_headcount")},
                   "outside": status["outside"]["total"], "site": roster.site_info,
                   "exported": exported[-1].id}
        with self.store.transaction():
            redaction = self.store.redact(kind_prefix=m.PREFIX, reason=reason, staff=self.staff,
                                          site=self.site, terminal=self.terminal)
            closed = self._append(m.CLOSED, summary)
        self.store.scrub_erased()  # the erased payloads' old page images leave the WAL too
        logger.info("shelter closed: redaction %s, summary %s", redaction.id, closed.id)
        return {"redaction_event_id": redaction.id, "event_id": closed.id, "summary": summary}

    def _known(self, person_id: str, roster: Roster | None = None) -> Person:
        person = (roster or self.roster()).people.get(person_id)
        if person is None:
            raise m.ShelterError("shelter_person_unknown", "その人の記録がこの端末にありません。",
                                 "No record of that person on this terminal.", person_id=person_id)
        return person
