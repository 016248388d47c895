"""The saved fold (kiosk/library/snapshot.py): patrons, card links, blocks and open loans survive the
store's retention purge and a restart; a return deletes its loan row at once (raw bytes too)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kiosk.library import state as st
from kiosk.library.desk import LibraryDesk
from tests.kiosk.library.conftest import SITE

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}
P2 = {"name": "見本　二", "address": "東京都中野区中野四丁目", "birth_date": "1985-05-05"}


def _restart(desk: LibraryDesk, persist: bool = True) -> LibraryDesk:
    """The same store after a restart: a new desk with an empty cache."""
    return LibraryDesk(desk.store, desk.site, desk.terminal, desk.config, today=desk.today,
                       cache=st.StateCache(persist=persist))


def test_the_register_outlives_the_retention_purge(desk):
    p1, p2 = desk.register(P1), desk.register(P2)
    desk.link(p1, "mynumber", "b" * 64, "pseudonym")
    desk.block(p2, "library_system")
    desk.checkout(p1, "1000001")
    desk.cache.save_now(desk.store, desk.site)
    ids = [e.id for e in desk.store.pending(1000)]
    desk.store.mark_acknowledged(ids)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    assert desk.store.purge(now=later)["purged"] == len(ids)      # every payload erased
    assert all(desk.store.get(i).redacted for i in ids)

    assert _restart(desk, persist=False).state().patrons == {}    # the events alone: nobody left
    again = _restart(desk)
    state = again.state()
    assert again.cache.restored and set(state.patrons) == {p1, p2}
    assert again.identify("mynumber", "b" * 64) == p1
    assert again.summary(p2)["blocked"] == "library_system"
    assert [loan["item"] for loan in again.summary(p1)["loans"]] == ["1000001"]
    assert again.checkin("1000001")["known_loan"] is True
    assert again.register(dict(P1, name="見本　三", birth_date="1999-09-09")) not in (p1, p2)
    assert _restart(again).state().loans == {}                     # the return reached the snapshot


def test_a_return_deletes_the_loan_row_of_the_snapshot(desk):
    number = desk.register(P1)
    desk.checkout(number, "7300001")
    desk.checkout(number, "7300002")
    desk.cache.save_now(desk.store, desk.site)
    with sqlite3.connect(desk.store.path) as db:
        rows = dict(db.execute("SELECT item, blob FROM library_snapshot_loans WHERE site = ?",
                               [SITE]).fetchall())
    assert set(rows) == {"7300001", "7300002"}
    blob = bytes(rows["7300001"])
    assert b"7300001" not in blob and number.encode() not in blob      # encrypted
    desk.checkin("7300001")
    with sqlite3.connect(desk.store.path) as db:
        left = [r[0] for r in db.execute("SELECT item FROM library_snapshot_loans")]
    assert left == ["7300002"]
    files = b"".join(p.read_bytes() for p in desk.store.path.parent.glob("kazasu.db*"))
    assert blob not in files                                            # not in the db nor the WAL


def test_a_snapshot_ahead_of_its_database_is_not_used(desk):
    """A snapshot that has read further than the database holds (the events file was replaced by
    an older copy) is ignored: the desk folds what the database has."""
    desk.register(P1)
    desk.cache.save_now(desk.store, desk.site)
    restored = _restart(desk)
    restored.state()
    assert restored.cache.restored
    desk.store.db.execute("DELETE FROM outbox")
    desk.store.db.execute("DELETE FROM events")
    other = _restart(desk)
    assert other.state().patrons == {} and not other.cache.restored
