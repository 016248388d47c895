"""Lost card and address change: reissue gives a new number and blocks the old one (the person, the
loans and the My Number card link move, a FeliCa card linked to the old number does not); a card
re-read updates the address and decides eligibility again. Desk API and CLI."""

from __future__ import annotations

import json
import subprocess

import pytest

from kiosk.library import state as st
from kiosk.library.errors import NotThisPatronError, PatronBlockedError, ReissuedError
from kiosk.library.link import identify_barcode
from tests.kiosk.library.conftest import as_read

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}


def test_reissue_moves_person_loans_and_my_number_link(desk):
    old = desk.register(P1)
    desk.link(old, "mynumber", "a" * 64, "pseudonym")
    desk.link(old, "felica", "012E4CD1F3A57B09", "pseudonym")
    desk.checkout(old, "1000001")
    new = desk.reissue(old)
    assert new != old and desk.config.serial_of(new) == desk.config.serial_of(old) + 1
    state = desk.state()
    assert state.patrons[new]["name"] == "見本　一" and state.patrons[old]["replaced_by"] == new
    assert desk.identify("mynumber", "a" * 64) == new           # the My Number card goes on working
    assert desk.identify("felica", "012E4CD1F3A57B09") == old   # the lost card stays with the old number
    assert desk.summary(old)["blocked"] == "lost_card" and desk.summary(old)["replaced_by"] == new
    assert [loan["item"] for loan in desk.summary(new)["loans"]] == ["1000001"]
    with pytest.raises(PatronBlockedError) as lost:
        desk.checkout(identify_barcode(desk, old), "1000002")    # the lost card is scanned
    assert lost.value.details() == {"reason": "lost_card"}
    assert desk.checkout(new, "1000002")["item"] == "1000002"
    with pytest.raises(ReissuedError):
        desk.reissue(old)
    assert desk.blocked_patrons() == [{"patron_number": old, "reason": "lost_card"}]
    event = next(e for e in desk.store.pending() if e.kind == st.REISSUED)
    assert sorted(event.payload) == ["old_patron_number", "patron_number", "reason", "reissued_on"]


def test_a_staff_block_follows_the_person_to_the_new_number(desk):
    old = desk.register(P1)
    desk.block(old, "library_system")
    new = desk.reissue(old)
    assert desk.summary(new)["blocked"] == "library_system"
    assert desk.summary(old)["blocked"] == "lost_card"


def test_address_change_from_a_card_read(desk, people):
    number = desk.register(as_read(people[0]))                    # 新宿区: resident
    moved = dict(as_read(people[0]), address="東京都中野区中野四丁目１番")
    assert desk.update_from_card(number, moved) == {
        "patron_number": number, "changed": ["address", "basis", "municipality_code"],
        "eligible": True, "basis": "neighbour"}
    patron = desk.state().patrons[number]
    assert (patron["address"], patron["municipality_code"]) == ("東京都中野区中野四丁目１番", "131148")
    assert desk.update_from_card(number, moved)["changed"] == []    # nothing new: no event
    far = dict(moved, address="大阪府大阪市北区中之島一丁目")
    assert desk.update_from_card(number, far)["eligible"] is False
    assert desk.summary(number)["blocked"] == "not_eligible"
    with pytest.raises(PatronBlockedError) as refused:
        desk.checkout(number, "1000001")
    assert "転出" in refused.value.message_ja
    with pytest.raises(NotThisPatronError):
        desk.update_from_card(number, dict(moved, birth_date="1999-09-09"))
    assert len([e for e in desk.store.pending() if e.kind == st.UPDATED]) == 2


def test_the_cache_applies_late_events_where_they_belong(make_desk, tmp_path):
    """A pulled event older than the last folded one (an offline terminal's) is applied in place:
    no full fold, and the state is the same as a fold of everything in id order."""
    from sync.client import SyncClient
    from sync.mesh.embedded import EmbeddedMesh

    a, b = make_desk("term-a"), make_desk("term-b")
    number = a.register(P1)
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        def sync(desk):
            with SyncClient(desk.store, mesh.url) as client:
                client.sync_once()
                client.pull_feed(desk.site, own_terminal=desk.terminal)
        sync(a)
        sync(b)
        b.checkout(number, "1000009")           # b offline: an older event, not yet on the mesh
        b.block(number, "staff")
        a.checkout(number, "1000001")           # a newer one, folded by a
        a.unblock(number)                       # newer than b's block: the patron stays unblocked
        a.state()
        sync(b)
        sync(a)
        state = a.state()
        assert (a.cache.full_folds, a.cache.late) == (0, 2)
        assert sorted(state.by_patron[number]) == ["1000001", "1000009"] and state.blocks == {}
        assert state.to_memory() == st.fold(st.load_events(a.store, a.site))
    finally:
        mesh.stop()


def test_any_order_of_events_folds_to_the_same_state(make_desk):
    """Order-tolerance, checked on 300 orders in which a terminal can pull a history (each terminal's
    events in its own order, the two interleaved at random, after the registrations both knew):
    a two-terminal conflict, a return written where its loan was unknown, a block, a card moved
    between patrons and a reissue give the same loans, blocks, cards, conflicts, orphans and
    counts as the fold in id order."""
    import random

    a, b = make_desk("term-a"), make_desk("term-b")
    p1 = a.register(P1)
    p2 = a.register(dict(P1, name="見本　二", birth_date="1985-05-05"))
    b.store.store_remote_events(a.site, [(n + 1, e) for n, e in enumerate(a.store.pending())], 2)
    a.link(p1, "felica", "0102", "pseudonym")
    a.checkout(p1, "1000001")
    b.checkout(p2, "1000001")                    # the conflict (both offline)
    b.checkout(p2, "1000003")
    a.checkin("1000003")                         # a did not know that loan: an orphan of b's
    b.block(p2, "staff")
    a.link(p2, "felica", "0102", "pseudonym")    # the card moves to p2
    a.reissue(p1)
    events = list({e.id: e for e in st.load_events(a.store, a.site) + st.load_events(b.store, b.site)
                   }.values())
    expected = st.fold(sorted(events, key=lambda e: e.id))
    assert list(expected.conflicts) == ["1000001"] and expected.blocks[p2] == "staff"
    assert len(expected.orphans) == 1 and expected.cards[("felica", "0102")] == p2
    rng = random.Random(5)
    first = sorted((e for e in events if e.kind == st.REGISTERED), key=lambda e: e.id)
    own = {t: sorted((e for e in events if e.terminal == t and e not in first), key=lambda e: e.id)
           for t in (a.terminal, b.terminal)}
    for _ in range(300):   # as pulled: each terminal's events in its order, interleaved at random
        queues, order = [list(q) for q in own.values()], list(first)
        while any(queues):
            order.append(rng.choice([q for q in queues if q]).pop(0))
        got = st.fold(order)
        for name in ("loans", "by_patron", "blocks", "cards", "conflicts", "orphans", "counts",
                     "returned", "duplicate_numbers"):
            assert getattr(got, name) == getattr(expected, name), name


def test_cli_reissue_update_and_blocked(tmp_path, people, kazasu):
    person = tmp_path / "person.json"
    person.write_text(json.dumps(as_read(people[0]), ensure_ascii=False), encoding="utf-8")
    old = kazasu.process("library", "register", "--person", str(person)).json["patron_number"]
    out = kazasu.process("library", "reissue", "--patron", old, "--out", str(tmp_path / "new.pdf")).json
    new = out["patron_number"]
    assert out == {"old_patron_number": old, "patron_number": new, "old_blocked": "lost_card",
                   "out": str((tmp_path / "new.pdf").resolve())}
    text = subprocess.run(["pdftotext", str(tmp_path / "new.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert " ".join(new[i:i + 4] for i in range(0, 10, 4)) in text
    assert kazasu.process("library", "blocked").json == {"blocked": [{"patron_number": old,
                                                                       "reason": "lost_card"}]}
    again = kazasu.process("library", "reissue", "--patron", old, ok=False).error
    assert again["code"] == "card_reissued" and again["message_ja"] and again["message_en"]
    person.write_text(json.dumps(dict(as_read(people[0]), address="東京都港区芝公園一丁目"),
                                 ensure_ascii=False), encoding="utf-8")
    updated = kazasu.process("library", "update", "--patron", new, "--person", str(person)).json
    assert updated == {"patron_number": new, "changed": ["address", "basis", "municipality_code"],
                       "eligible": True, "basis": "neighbour"}
    assert "山田" not in json.dumps(updated, ensure_ascii=False)
