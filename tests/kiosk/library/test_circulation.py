"""Circulation from the local fold: limits, blocks, due dates, offline work, the two-terminal conflict
through a real loopback mesh, privacy after return, and the Koha .koc export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from kiosk.library import state as st
from kiosk.library.errors import ItemOnLoanError, LoanLimitError, PatronBlockedError
from kiosk.library.koc import koc_lines, write_koc
from sync.client import SyncClient
from sync.errors import MeshUnreachableError
from sync.mesh.embedded import EmbeddedMesh

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}
P2 = {"name": "見本　二", "address": "東京都中野区中野四丁目", "birth_date": "1985-05-05"}


def _sync(desk, url: str) -> None:
    client = SyncClient(desk.store, url)
    try:
        client.sync_once()
        client.pull_feed(desk.site, own_terminal=desk.terminal)
    finally:
        client.close()


def test_loan_limits_due_dates_and_item_on_loan(desk):
    number = desk.register(P1)
    assert desk.checkout(number, "1000001")["due_date"] == "2026-12-08"
    for i in range(2, 11):
        desk.checkout(number, f"10000{i:02d}")
    with pytest.raises(LoanLimitError) as full:
        desk.checkout(number, "1000011")
    assert full.value.details() == {"item_type": "book", "limit": 10}
    for i in range(3):
        assert desk.checkout(number, f"900000{i}")["item_type"] == "av"
    with pytest.raises(LoanLimitError):
        desk.checkout(number, "9000003")
    with pytest.raises(ItemOnLoanError):
        desk.checkout(desk.register(P2), "1000001")
    summary = desk.summary(number)
    assert len(summary["loans"]) == 13 and summary["overdue"] == 0 and summary["blocked"] is None


def test_overdue_and_listed_blocks(desk, clock):
    number = desk.register(P1)
    desk.checkout(number, "1000001")
    clock.day = dt.date(2026, 12, 9)                       # the day after the due date
    assert desk.summary(number)["overdue"] == 1
    with pytest.raises(PatronBlockedError) as blocked:
        desk.checkout(number, "1000002")
    assert blocked.value.details() == {"reason": "overdue"} and "延滞" in blocked.value.message_ja
    desk.checkin("1000001")
    desk.checkout(number, "1000002")                       # back in: no block
    desk.block(number, "lost_card")
    with pytest.raises(PatronBlockedError) as lost:
        desk.checkout(number, "1000003")
    assert lost.value.details() == {"reason": "lost_card"}
    desk.unblock(number)
    desk.checkout(number, "1000003")


def test_offline_work_needs_no_mesh(desk):
    number = desk.register(P1)
    desk.checkout(number, "1000001")
    with pytest.raises(MeshUnreachableError):
        SyncClient(desk.store, "http://127.0.0.1:9").sync_once()     # nothing listens there
    desk.checkin("1000001")
    assert desk.checkin("1000002") == {"item": "1000002", "known_loan": False}   # lent elsewhere
    kinds = [e.kind for e in desk.store.pending()]          # the first return redacts its check-out
    assert kinds == [st.REGISTERED, st.CHECKED_OUT, st.CHECKED_IN, "sync.redaction", st.CHECKED_IN]


def test_two_terminals_offline_same_item_is_flagged_after_the_merge(make_desk, tmp_path):
    a, b = make_desk("term-a"), make_desk("term-b")
    p1, p2 = a.register(P1), a.register(P2)
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        _sync(a, mesh.url)
        _sync(b, mesh.url)
        assert set(b.state().patrons) == {p1, p2}
        a.checkout(p1, "1000001")                          # both offline: neither knows the other's loan
        b.checkout(p2, "1000001")
        b.checkout(p2, "1000002")
        for _ in range(2):
            _sync(a, mesh.url)
            _sync(b, mesh.url)
        for desk in (a, b):
            conflicts = desk.state().conflicts
            assert list(conflicts) == ["1000001"]
            assert [(c["terminal"], c["patron_number"]) for c in conflicts["1000001"]] == \
                [("term-a", p1), ("term-b", p2)]
        a.checkin("1000001")                               # the librarian takes the item back
        _sync(a, mesh.url)
        _sync(b, mesh.url)
        assert a.state().conflicts == b.state().conflicts == {}
        assert [loan.item for loan in b.state().loans_of(p2)] == ["1000002"]
    finally:
        mesh.stop()


def test_no_patron_item_link_in_the_state_after_return(desk):
    number = desk.register(P1)
    desk.checkout(number, "7300001")
    desk.checkout(number, "7300002")
    desk.checkin("7300001")
    state = desk.state()
    assert [loan.item for loan in state.loans_of(number)] == ["7300002"]
    back_id = next(e.id for e in desk.store.pending() if e.kind == st.CHECKED_IN)
    assert state.returned == {"7300001": back_id}          # the item is back (by the return's id) …
    assert "7300001" not in repr(dataclasses.replace(state.to_memory(), returned={}))   # … and nothing says who had it
    assert state.counts == {"checked_out": 2, "checked_in": 1}
    back = [e for e in desk.store.pending() if e.kind == st.CHECKED_IN]
    out = [e.id for e in desk.store.pending() if e.kind == st.CHECKED_OUT]
    assert [sorted(e.payload) for e in back] == [["closes", "item", "returned_on"]]  # no patron
    assert back[0].payload["closes"] == [out[0]]           # the ids of the check-outs it closed


KOC_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{3}\t(issue\t\d+\t\w+|return\t\w+)$")


def test_koc_export(make_desk, tmp_path):
    a, b = make_desk("term-a"), make_desk("term-b")
    number = a.register(P1)
    a.checkout(number, "1000001")
    a.checkout(number, "1000002")
    a.checkin("1000001")                                   # lent and back within the export
    a.checkin("5555555")                                   # an item lent before the outage
    b.checkin("7777777")                                   # another terminal's event: not ours
    events = st.load_events(a.store, a.site)
    lines = koc_lines(events, a.terminal)
    assert lines[0].split("\t") == ["Version=1.0", "Generator=kazasu", "GeneratorVersion=0.1.0"]
    body = [line.split("\t", 1)[1] for line in lines[1:]]
    assert body == [f"issue\t{number}\t1000002", "return\t5555555"]
    assert all(KOC_LINE.match(line) for line in lines[1:])
    full = [line.split("\t", 1)[1] for line in koc_lines(events, a.terminal, full=True)[1:]]
    assert full == [f"issue\t{number}\t1000002", "return\t1000001", "return\t5555555"]  # issue erased
    out = tmp_path / "offline.koc"
    assert write_koc(events, a.terminal, out) == 2
    assert out.read_bytes().endswith(b"\n") and b"\r" not in out.read_bytes()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
