"""The roster fold: order independence, idempotency, two terminals merged, duplicates, counts."""

from __future__ import annotations

import datetime as dt
import random

from kiosk.shelter import model as m
from kiosk.shelter.roster import Roster

TODAY = dt.date(2026, 11, 23)


def _state(roster: Roster) -> dict:
    return {pid: (p.state, p.fields, sorted(p.cards)) for pid, p in roster.people.items()} | {
        "status": roster.status(TODAY), "dups": roster.duplicates()}


def test_order_and_repetition_do_not_change_the_roster(desk):
    a = desk.register({"name": "山田　太郎", "kana": "やまだ たろう", "birth_date": "1950-04-02",
                       "household": "H1", "needs": "elderly;allergy:卵"}, source="by_hand")
    desk.register({"name": "山田　花子", "household": "H1", "age_band": "0-2", "needs": ["infant"]},
                  source="by_hand")
    desk.move(a["person_id"], m.TEMP_OUT)
    desk.headcount(5)
    events = desk.events()
    reference = _state(Roster.fold(events))
    rng = random.Random(7)
    for _ in range(20):
        shuffled = events + rng.sample(events, k=len(events) // 2)
        rng.shuffle(shuffled)
        assert _state(Roster.fold(shuffled)) == reference
    status = Roster.fold(events).status(TODAY)
    assert status["present"] == 1 and status["temporarily_out"] == 1
    assert status["unregistered_headcount"] == 5 and status["occupancy"] == 6
    assert status["by_age_band"]["0-2"] == 1 and status["by_need"]["infant"] == 1
    assert status["households"] == 1 and status["capacity"] == 10


def test_two_terminals_offline_flag_a_duplicate_and_merge_to_one(make_desk):
    a, b = make_desk("term-a"), make_desk("term-b")
    person = {"name": "佐藤　花子", "birth_date": "1989-01-07", "needs": "pregnancy"}
    pa = a.register(person, source="card_pin")["person_id"]
    pb = b.register({**person, "name": "佐藤 花子", "needs": "allergy:小麦"}, source="by_hand")["person_id"]
    union = a.events() + b.events()
    roster_a, roster_b = Roster.fold(union), Roster.fold(list(reversed(union)))
    assert _state(roster_a) == _state(roster_b)
    assert roster_a.duplicates() == [sorted([pa, pb])]
    assert roster_a.status(TODAY)["present"] == 2  # counted as they are until staff merge
    # terminal b pulls a's events from the site feed (what SyncClient.pull_feed stores)
    b.store.store_remote_events(b.site, list(enumerate(a.events(), start=1)), cursor=len(a.events()))
    assert _state(b.roster()) == _state(roster_a)
    merge = b.merge(pa, [pb])
    roster = b.roster()
    assert roster.duplicates() == [] and roster.status(TODAY)["present"] == 1
    kept = roster.people[pa]
    assert set(kept.fields["needs"]) == {"pregnancy", "allergy"} and kept.state == "present"
    assert merge["keep"] == pa


def test_same_card_token_is_a_duplicate_and_a_linked_card_taps_in_and_out(desk):
    card = {"kind": "felica", "pseudonym": "012E4CD1F3A57B09"}
    first = desk.register({"name": "鈴木　一郎"}, source="ic_card", card=card)
    again = desk.register({"name": "鈴木　一郎"}, source="ic_card", card=card)
    assert again == {**again, "person_id": first["person_id"], "new": False}
    assert desk.tap(card)["kind"] == m.TEMP_OUT
    assert desk.roster().people[first["person_id"]].state == "out"
    assert desk.tap(card)["kind"] == m.RETURNED
    assert desk.roster().status(TODAY)["present"] == 1


def test_outside_people_are_counted_apart_and_checkout_keeps_the_record(desk):
    home = desk.register({"name": "在宅　一"}, source="by_hand", check_in=False)["person_id"]
    desk.move(home, m.STAYING_OUTSIDE, where="car", place="第二駐車場", needs="car_sleeping;oxygen")
    moved = desk.register({"name": "移動　二"}, source="by_hand")["person_id"]
    desk.move(moved, m.CHECKED_OUT, reason="another_shelter", shelter_name="架空市第二中学校")
    status = desk.roster().status(TODAY)
    assert status["present"] == 0 and status["checked_out"] == 1
    assert status["outside"] == {"total": 1, "by_place": {"car": 1},
                                 "by_need": {**{c: 0 for c in m.NEEDS}, "car_sleeping": 1, "oxygen": 1}}
    left = desk.roster().people[moved]
    assert left.movement["shelter_name"] == "架空市第二中学校"


def test_headcount_is_reconciled_by_registrations(desk):
    hc = desk.headcount(3)["headcount_id"]
    for name in ("一", "二"):
        desk.register({"name": name}, source="by_hand", headcount_id=hc)
    status = desk.roster().status(TODAY)
    assert status["unregistered_headcount"] == 1 and status["occupancy"] == 3


def test_no_name_is_stored_in_clear(desk, tmp_path):
    desk.register({"name": "秘密　太郎", "kana": "ひみつたろう"}, source="by_hand")
    desk.store.close()
    for path in (tmp_path / "term-a").iterdir():
        if path.is_file():
            raw = path.read_bytes()
            assert "秘密".encode() not in raw and "ひみつ".encode() not in raw


def test_incremental_update_equals_a_full_fold(make_desk):
    """What the Qt desk does after each action (`ShelterDesk.update`) gives the roster a full fold
    gives; an older event (from another terminal) or a merge makes it fold again."""
    a, b = make_desk("term-a"), make_desk("term-b")
    older = b.register({"name": "見本　三"}, source="by_hand")  # another terminal, earlier
    a.setup(name="架空", municipality_code="999999", capacity=10)
    roster = a.roster()
    first = a.register({"name": "見本　一", "kana": "みほん いち"}, source="by_hand", roster=roster)["person_id"]
    roster = a.update(roster)
    second = a.register({"name": "見本　二", "household": "H"}, source="by_hand", roster=roster)["person_id"]
    a.move(first, m.TEMP_OUT, roster=a.update(roster))
    a.link_card(second, {"kind": "felica", "pseudonym": "AA"}, roster=roster)
    a.set_household(first, "H", roster=roster)
    a.headcount(3)
    kept = a.update(roster)
    assert kept is roster  # applied in place, no fold
    full = a.roster()
    assert roster.status() == full.status() and roster.max_id == full.max_id
    assert {p: (x.state, x.household, sorted(x.cards)) for p, x in roster.people.items()} == \
        {p: (x.state, x.household, sorted(x.cards)) for p, x in full.people.items()}
    assert [p.person_id for p in roster.search("みほん")] == [p.person_id for p in full.search("みほん")]
    # a merge: folded again, and still equal
    a.merge(first, [second])
    merged = a.update(roster)
    assert merged is not roster and merged.status() == a.roster().status()
    # an event older than the fold (another terminal's, pulled late): refused, nothing changed
    event = b.store.get(older["event_id"])
    assert merged.add([event]) is False and len(merged.people) == 1


def test_update_after_an_event_from_a_terminal_whose_clock_runs_ahead(make_desk):
    """Another terminal's event pulled from the feed sorts after our next one (its clock is ahead):
    our next action is still seen, by a full fold."""
    from sync.events import Event

    a = make_desk("term-a")
    ahead = Event(id="ffffffff-ffff-7fff-bfff-ffffffffffff", kind=m.REGISTERED, site=a.site, terminal="term-b",
                  staff="x", created_at="2099-01-01T00:00:00.000Z",
                  payload={"person_id": "b1", "person": {"name": "見本　先"}})
    a.store.store_remote_events(a.site, [(1, ahead)], 1)
    roster = a.roster()
    assert roster.max_id == ahead.id and list(roster.people) == ["b1"]
    mine = a.register({"name": "見本　後"}, source="by_hand", roster=roster)["person_id"]
    updated = a.update(roster)
    assert set(updated.people) == {"b1", mine} and updated.people[mine].state == "present"
