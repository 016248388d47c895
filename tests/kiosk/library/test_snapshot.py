"""What the desk keeps beside its events (kiosk/library/tables.py, and the old fold's snapshot,
kiosk/library/snapshot.py, which a database of an earlier version migrates from): patrons, card
links, blocks and open loans survive the store's retention purge and a restart; a return deletes its
loan row at once (raw bytes too)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kiosk.library import snapshot
from kiosk.library import state as st
from kiosk.library import tables as tb
from kiosk.library.desk import LibraryDesk

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}
P2 = {"name": "見本　二", "address": "東京都中野区中野四丁目", "birth_date": "1985-05-05"}


def _restart(desk: LibraryDesk) -> LibraryDesk:
    """The same store after a restart: a new desk (nothing in memory)."""
    return LibraryDesk(desk.store, desk.site, desk.terminal, desk.config, today=desk.today)


def _purge_all(desk: LibraryDesk) -> list[str]:
    ids = [e.id for e in desk.store.pending(1000)]
    desk.store.mark_acknowledged(ids)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    assert desk.store.purge(now=later)["purged"] == len(ids)      # every payload erased
    assert all(desk.store.get(i).redacted for i in ids)
    return ids


def test_the_register_outlives_the_retention_purge(desk):
    p1, p2 = desk.register(P1), desk.register(P2)
    desk.link(p1, "mynumber", "b" * 64, "pseudonym")
    desk.block(p2, "library_system")
    desk.checkout(p1, "1000001")
    _purge_all(desk)

    assert st.fold(st.load_events(desk.store, desk.site)).patrons == {}   # the events alone: nobody
    again = _restart(desk)
    state = again.state()
    assert again.cache.restored and set(state.patrons) == {p1, p2}
    assert again.identify("mynumber", "b" * 64) == p1
    assert again.summary(p2)["blocked"] == "library_system"
    assert [loan["item"] for loan in again.summary(p1)["loans"]] == ["1000001"]
    assert again.checkin("1000001")["known_loan"] is True
    assert again.register(dict(P1, name="見本　三", birth_date="1999-09-09")) not in (p1, p2)
    assert _restart(again).state().loans == {}                     # the return is in the tables


def test_a_return_deletes_the_loan_row(desk):
    number = desk.register(P1)
    desk.checkout(number, "7300001")
    desk.checkout(number, "7300002")
    with sqlite3.connect(desk.store.path) as db:
        rows = [bytes(r[0]) for r in db.execute("SELECT v FROM library_t_loans").fetchall()]
    assert len(rows) == 2
    assert all(b"7300001" not in blob and number.encode() not in blob for blob in rows)  # encrypted
    desk.checkin("7300001")
    left = [loan.item for loan in desk.state().loans.values()]
    assert left == ["7300002"]
    with sqlite3.connect(desk.store.path) as db:
        kept = [bytes(r[0]) for r in db.execute("SELECT v FROM library_t_loans").fetchall()]
    gone = [blob for blob in rows if blob not in kept]
    assert len(kept) == 1 and len(gone) == 1
    desk._scrub()
    files = b"".join(p.read_bytes() for p in desk.store.path.parent.glob("kazasu.db*"))
    assert gone[0] not in files                                         # not in the db nor the WAL


def _old_snapshot(desk: LibraryDesk) -> None:
    """What a desk of the earlier version left: the fold saved as a snapshot, no tables."""
    (rowid,) = desk.store.db.execute("SELECT max(rowid) FROM events").fetchone()
    state = st.fold(st.load_events(desk.store, desk.site))
    snapshot.save(desk.store, desk.site, state, rowid, desk.store.feed_cursor(desk.site), None)
    with desk.store.transaction() as db:
        for name in tb.TABLES:
            db.execute(f"DROP TABLE library_t_{name}")
        db.execute("DROP TABLE library_t_meta")


def test_a_database_of_the_old_fold_migrates_from_its_snapshot(desk):
    """A terminal whose payloads were purged under the earlier version had only its snapshot: the
    migration starts from it, then applies the events after it."""
    p1, p2 = desk.register(P1), desk.register(P2)
    desk.link(p1, "mynumber", "b" * 64, "pseudonym")
    desk.checkout(p1, "1000001")
    _old_snapshot(desk)
    _purge_all(desk)
    desk.store.append(st.BLOCKED, {"patron_number": p2, "reason": "staff"}, site=desk.site,
                      terminal=desk.terminal, staff="librarian")   # after the snapshot
    again = _restart(desk)
    assert set(again.state().patrons) == {p1, p2} and again.cache.restored
    assert again.identify("mynumber", "b" * 64) == p1
    assert again.summary(p2)["blocked"] == "staff"
    assert [loan["item"] for loan in again.summary(p1)["loans"]] == ["1000001"]
    with sqlite3.connect(desk.store.path) as db:      # migrated: the snapshot (its loan rows) gone
        assert db.execute("SELECT count(*) FROM library_snapshot_loans").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM library_snapshot").fetchone() == (0,)


def test_a_snapshot_ahead_of_its_database_is_not_used(desk):
    """A snapshot that has read further than the database holds (the events file was replaced by
    an older copy) is ignored: the migration folds what the database has."""
    desk.register(P1)
    _old_snapshot(desk)
    desk.store.db.execute("DELETE FROM outbox")
    desk.store.db.execute("DELETE FROM events")
    other = _restart(desk)
    assert other.state().patrons == {} and not other.cache.restored
