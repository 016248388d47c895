"""Privacy of reading: after a return no patron–item link is left — on the terminal (its events, its
fold, the raw bytes of its SQLite files), on a real loopback mesh on SQLite and on PostgreSQL (its
feed and every row of its database), and on the site's second terminal once it pulled the feed.
Counts survive."""

from __future__ import annotations

import json
import sqlite3

import httpx

from kiosk.library import state as st
from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}


def _sync(desk, url: str) -> None:
    with SyncClient(desk.store, url) as client:
        client.sync_once()
        client.pull_feed(desk.site, own_terminal=desk.terminal)


def _raw_blob(path, event_id: str) -> bytes:
    with sqlite3.connect(path) as db:
        return bytes(db.execute("SELECT payload FROM events WHERE id = ?", [event_id]).fetchone()[0])


def _file_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def _linked(payloads, patron: str, item: str) -> list:
    return [p for p in payloads if patron in json.dumps(p, ensure_ascii=False) and item in json.dumps(p)]


def _all_payloads(desk) -> list[dict]:
    return [e.payload for e in st.load_events(desk.store, desk.site)]


def test_no_link_after_return_on_terminal_mesh_and_second_terminal(make_desk, mesh_db):
    a, b = make_desk("term-a"), make_desk("term-b")
    url, mesh_rows = mesh_db
    mesh = EmbeddedMesh(url).start()
    try:
        patron = a.register(P1)
        a.checkout(patron, "7300001")
        a.checkout(patron, "7300002")
        out = {e.payload["item"]: e.id for e in a.store.pending() if e.kind == st.CHECKED_OUT}
        _sync(a, mesh.url)
        _sync(b, mesh.url)
        assert _linked(_all_payloads(b), patron, "7300001")          # before the return: a loan
        blob = _raw_blob(a.store.path, out["7300001"])
        assert len(blob) > 40 and blob in _file_bytes(a.store.path)

        assert a.checkin("7300001") == {"item": "7300001", "known_loan": True}
        # terminal A, at once and offline: the check-out is erased, only a receipt is left
        erased = a.store.get(out["7300001"])
        assert erased.redacted and erased.payload == {} and erased.kind == st.CHECKED_OUT
        assert not _linked(_all_payloads(a), patron, "7300001")
        assert _linked(_all_payloads(a), patron, "7300002")          # the open loan keeps its link
        assert blob not in _file_bytes(a.store.path)                  # not in the database nor the WAL
        assert a.state().counts == {"checked_out": 2, "checked_in": 1}

        _sync(a, mesh.url)                                           # the mesh erases its copy
        feed = httpx.get(f"{mesh.url}/v1/sites/{a.site}/events", params={"after": 0, "limit": 1000}).json()
        served = {e["id"]: e for e in feed["events"]}
        assert served[out["7300001"]]["payload"] == {} and served[out["7300001"]]["redacted"] is True
        assert served[out["7300002"]]["payload"]["patron_number"] == patron
        assert not _linked([e["payload"] for e in feed["events"]], patron, "7300001")
        rows = mesh_rows()
        assert not [r for r in rows if patron in r and "7300001" in r]
        assert [r for r in rows if patron in r and "7300002" in r]

        _sync(b, mesh.url)                                           # terminal B pulls the redaction
        copy = next(e for e in b.store.remote_events(b.site, 1000) if e.id == out["7300001"])
        assert copy.redacted and copy.payload == {}
        assert not _linked(_all_payloads(b), patron, "7300001")
        state = b.state()
        assert [loan.item for loan in state.loans_of(patron)] == ["7300002"]
        assert state.counts == {"checked_out": 2, "checked_in": 1}
        with sqlite3.connect(b.store.path) as db:
            assert db.execute("SELECT length(payload) FROM remote_events WHERE id = ?",
                              [out["7300001"]]).fetchone()[0] == 0
    finally:
        mesh.stop()


def test_a_return_at_a_terminal_that_did_not_know_the_loan_is_erased_by_the_lender(make_desk, tmp_path):
    """Both offline: A lends, C takes the item back without knowing the loan (its return names no
    check-out). Once A pulls C's return, A's next action redacts its own check-out; the mesh and
    C erase it too."""
    a, c = make_desk("term-a"), make_desk("term-c")
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        patron = a.register(P1)
        _sync(a, mesh.url)
        _sync(c, mesh.url)
        a.checkout(patron, "7300001")                              # A offline
        assert c.checkin("7300001") == {"item": "7300001", "known_loan": False}   # C offline
        out = next(e.id for e in a.store.pending() if e.kind == st.CHECKED_OUT)
        _sync(c, mesh.url)
        _sync(a, mesh.url)                                         # A learns of the return
        assert st.orphans_of(a.state(), a.terminal) == [out]
        assert a.sweep() == 1 and a.sweep() == 0
        assert a.store.get(out).redacted and a.state().orphans == {}
        assert a.state().counts == {"checked_out": 1, "checked_in": 1}
        _sync(a, mesh.url)
        _sync(c, mesh.url)
        for desk in (a, c):
            assert not _linked(_all_payloads(desk), patron, "7300001")
        feed = httpx.get(f"{mesh.url}/v1/sites/{a.site}/events", params={"after": 0, "limit": 1000}).json()
        assert not _linked([e["payload"] for e in feed["events"]], patron, "7300001")
        assert st.orphans_of(c.state(), a.terminal) == []          # C sees it erased as well
    finally:
        mesh.stop()
