"""The library's tables (kiosk/library/tables.py): every kind of event applied as the in-memory fold
applies it (in any order a terminal can pull them), each event once (a replay changes nothing), the
one-time migration under a claim, resumed after its process was killed mid-way, and no personal data
readable in the database file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from kiosk.library import state as st
from kiosk.library import tables as tb
from kiosk.library.errors import MigrationBusyError
from sync.store import EventStore

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}
P2 = {"name": "見本　二", "address": "東京都中野区中野四丁目", "birth_date": "1985-05-05"}
FIELDS = ("patrons", "cards", "link_ids", "blocks", "block_ids", "loans", "by_patron", "conflicts",
          "orphans", "returned", "counts", "duplicate_numbers", "last_id")


def _history(make_desk):
    """Two terminals' histories with every kind of library event: registrations (one duplicate
    number), an update, card links (one moved), a block and an unblock, check-outs (a two-terminal
    conflict), returns (one written where its loan was unknown), a reissue and the redactions."""
    a, b = make_desk("term-a"), make_desk("term-b")
    p1 = a.register(P1)
    p2 = a.register(P2)
    b.store.store_remote_events(a.site, [(n + 1, e) for n, e in enumerate(a.store.pending())], 2)
    b.store.append(st.REGISTERED, dict(a.store.pending()[0].payload), site=b.site,
                   terminal=b.terminal, staff="librarian")          # a duplicate number
    a.update_from_card(p2, dict(P2, address="東京都新宿区西新宿三丁目"))
    a.link(p1, "felica", "0102", "pseudonym")
    a.link(p1, "mynumber", "c" * 64, "pseudonym")
    a.checkout(p1, "1000001")
    b.checkout(p2, "1000001")                    # the conflict (both offline)
    b.checkout(p2, "1000003")
    a.checkin("1000003")                         # a did not know that loan: an orphan of b's
    b.block(p2, "staff")
    a.block(p1, "staff")
    a.unblock(p1)
    a.link(p2, "felica", "0102", "pseudonym")    # the card moves to p2
    a.checkout(p1, "1000004")
    a.checkin("1000004")                         # back: its check-out redacted
    a.reissue(p1)
    events = {e.id: e for e in st.load_events(a.store, a.site) + st.load_events(b.store, b.site)
              + [e for e in a.store.pending(1000) if e.kind == st.REDACTION]}
    return a, b, sorted(events.values(), key=lambda e: e.id)


def _same(got, expected) -> None:
    for name in FIELDS:
        mine = getattr(got, name)
        assert (dict(mine.items()) if hasattr(mine, "items") else
                set(mine) if name == "duplicate_numbers" else mine) == getattr(expected, name), name


def test_every_event_kind_in_any_pulled_order(make_desk):
    a, _, events = _history(make_desk)
    kinds = {e.kind for e in events}
    assert set(st.KINDS) <= kinds and st.REDACTION in kinds
    expected = st.fold(events)
    assert expected.conflicts and expected.orphans and expected.duplicate_numbers
    rng = random.Random(3)
    first = [e for e in events if e.kind == st.REGISTERED and e.terminal == a.terminal]
    own = {t: [e for e in events if e.terminal == t and e not in first] for t in ("term-a", "term-b")}
    for n in range(8):      # as pulled: each terminal's events in its order, interleaved at random
        queues, order = [list(q) for q in own.values()], list(first)
        while any(queues):
            order.append(rng.choice([q for q in queues if q]).pop(0))
        tables = tb.TableState(a.store, f"order-{n}")
        with a.store.transaction():
            tables._clear()
            for event in order:
                st._apply(tables, event)
        _same(tables, expected)
        _same(tables.to_memory(), expected)


def test_pulled_events_apply_once_by_feed_position(make_desk):
    a, b, events = _history(make_desk)
    b_events = [e for e in events if e.terminal == b.terminal]
    page = [(n + 100, e) for n, e in enumerate(b_events)]
    a.store.store_remote_events(a.site, page, page[-1][0])
    state = a.state()
    expected = st.fold(st.load_events(a.store, a.site))
    _same(state, expected)
    before = state.to_memory()
    assert a.cache.catch_up(state) == 0                      # nothing new: nothing applied
    a.store.store_remote_events(a.site, page, page[-1][0])   # the same page pulled again
    assert a.cache.catch_up(state) == 0 and a.state().to_memory() == before
    again = type(a)(a.store, a.site, a.terminal, a.config, today=a.today)
    assert again.state().to_memory() == before and again.cache.full_folds == 0   # a restart


MIGRATE = textwrap.dedent("""
    import os, signal, sys
    from sync.store import EventStore
    from kiosk.library import tables as tb
    store = EventStore(sys.argv[1], identity=None)
    def step(n):
        print(n, flush=True)
        if n == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)        # killed mid-migration
        if sys.argv[3] == "hold":
            import time; time.sleep(60)
    tb.migrate(store, "lib-mig", batch=100, on_batch=step)
""")


def _library(path, patrons: int) -> EventStore:
    store = EventStore(path, identity=None)
    with store.transaction():
        for i in range(patrons):
            number = f"9{i:09d}"
            store.append(st.REGISTERED, {"patron_number": number, "name": f"見本　{i}",
                                         "birth_date": "1980-04-02", "card_type": "adult"},
                         site="lib-mig", terminal="t", staff="s")
            store.append(st.CHECKED_OUT, {"patron_number": number, "item": f"1{i:07d}",
                                          "due_date": "2026-12-08"}, site="lib-mig", terminal="t",
                         staff="s")
    return store


def test_a_killed_migration_resumes_where_it_stopped(tmp_path):
    store = _library(tmp_path / "kazasu.db", 500)                 # 1,000 events: 10 batches
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, "-c", MIGRATE, str(store.path), "4", "go"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL and run.stdout.split() == ["1", "2", "3", "4"]
    rowid, _, _, migrated, started, claim, _ = tb.TableState(store, "lib-mig")._meta()
    assert started and not migrated and claim is not None    # the claim of a process now gone
    assert rowid == 400            # four batches committed (the fourth's commit came before the kill)
    steps: list[int] = []
    tb.migrate(store, "lib-mig", batch=100, on_batch=steps.append)    # the dead process's claim: free
    assert len(steps) == 6                                  # only the six batches left
    state = tb.TableState(store, "lib-mig")
    _same(state, st.fold(st.load_events(store, "lib-mig")))
    assert len(state.patrons) == 500 and len(state.loans) == 500


def test_two_processes_never_migrate_at_once(tmp_path, monkeypatch):
    store = _library(tmp_path / "kazasu.db", 150)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    holder = subprocess.Popen([sys.executable, "-c", MIGRATE, str(store.path), "0", "hold"], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "1"          # it holds the claim, mid-migration
        assert tb._claim(store, "lib-mig") is False             # a second process may not start
        monkeypatch.setattr(tb, "CLAIM_WAIT_S", 0.5)
        with pytest.raises(MigrationBusyError) as busy:          # it waits, then says so in words
            tb.migrate(store, "lib-mig", batch=100)
        assert "数分待って" in busy.value.message_ja
    finally:
        holder.kill()
        holder.wait()
    assert tb._claim(store, "lib-mig") is True                  # its process is gone: free
    tb.migrate(store, "lib-mig", batch=100)
    assert len(tb.TableState(store, "lib-mig").loans) == 150


def test_no_personal_data_readable_in_the_file(desk):
    name, token = "秘密　花子", "d" * 64
    number = desk.register(dict(P1, name=name, address="東京都新宿区歌舞伎町九丁目"))
    desk.link(number, "mynumber", token, "pseudonym")
    desk.checkout(number, "7390001")
    desk.store.scrub_erased()
    with sqlite3.connect(desk.store.path) as db:
        cells = [cell for name_ in [f"library_t_{t}" for t in tb.TABLES]
                 for row in db.execute(f"SELECT k, ix, v FROM {name_}").fetchall() for cell in row]
    raw = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in cells if c is not None)
    for secret in (name, "歌舞伎町", token, "7390001"):
        assert secret.encode() not in raw, secret
    assert number.encode() in raw            # the patron numbers stay readable (blocked list, next number)
    files = b"".join(p.read_bytes() for p in desk.store.path.parent.glob("kazasu.db*"))
    for secret in (name, token):
        assert secret.encode() not in files, secret
