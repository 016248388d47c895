"""Purge after acknowledgement + retention: payloads of events the mesh acknowledged (and pulled copies)
are erased once the retention has passed, receipts stay, pending events are never touched. The clock is
the `now` argument; the background sync runs the purge after a good pass."""

from __future__ import annotations

from datetime import datetime, timedelta

from sync.background import BackgroundSync, wait_until
from sync.events import Event
from sync.store import EventStore
from sync.terminal import TerminalConfig

from .conftest import append_person


def ack_time(store, event_id):
    value = store.db.execute("SELECT acknowledged_at FROM outbox WHERE event_id = ?",
                             [event_id]).fetchone()[0]
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_only_acknowledged_payloads_older_than_the_retention_are_erased(store):
    acked = [append_person(store, f"見本{i}") for i in range(3)]
    pending = append_person(store, "未送信")
    store.mark_acknowledged([e.id for e in acked])
    red = store.redact(event_ids=[acked[2].id], reason="r", staff="s", site="site-a",
                       terminal="term-1")
    store.mark_acknowledged([red.id])
    pulled = Event.create("shelter.checked_in", {"person": {"name": "他端末"}}, site="site-a",
                          terminal="term-2", staff="s")
    store.store_remote_events("site-a", [(1, pulled)], cursor=1)
    when = ack_time(store, acked[0].id)
    assert store.purge(30, now=when + timedelta(days=29, hours=23))["purged"] == 0
    assert store.get(acked[0].id).payload == acked[0].payload
    result = store.purge(30, now=when + timedelta(days=30, minutes=1))
    assert result["purged"] == 2 and result["purged_remote"] == 1 and result["retention_days"] == 30
    for event in acked:
        back = store.get(event.id)
        assert back.redacted and back.payload == {} and back.kind == event.kind
    assert store.get(pending.id).payload == pending.payload  # never an unacknowledged one
    assert store.get(red.id).payload["event_ids"] == [acked[2].id]  # not personal: kept
    assert store.remote_events("site-a")[0].redacted
    erased_by = dict(store.db.execute("SELECT id, erased_by FROM events").fetchall())
    assert erased_by[acked[0].id] == "purge" and erased_by[acked[2].id] == f"redaction:{red.id}"
    assert store.status() == {"pending": 1, "acknowledged": 4, "total": 5, "rejected": 0}
    again = store.purge(30, now=when + timedelta(days=400))
    assert (again["purged"], again["purged_remote"]) == (0, 0)


def test_retention_comes_from_terminal_json_and_the_cli(tmp_path, kazasu):
    config = TerminalConfig.load(tmp_path)
    config.retention_days = 7
    config.save()
    assert TerminalConfig.load(tmp_path).retention_days == 7
    store = EventStore(tmp_path / "kazasu.db")
    event = append_person(store)
    store.mark_acknowledged([event.id])
    assert store.retention_days() == 7
    assert store.purge(now=ack_time(store, event.id) + timedelta(days=6))["purged"] == 0
    store.close()
    kazasu = kazasu.using(data_dir=tmp_path)
    out = kazasu("queue", "purge")
    assert out["purged"] == 0 and out["retention_days"] == 7
    assert kazasu("queue", "purge", "--retention-days", "0")["purged"] == 1
    error = kazasu("queue", "purge", "--retention-days", "-1", ok=False).error
    assert error["message_ja"] and error["message_en"]


def test_background_sync_purges_after_a_good_pass(tmp_path, mesh):
    config = TerminalConfig.load(tmp_path)
    config.retention_days = 0
    config.save()
    store = EventStore(tmp_path / "kazasu.db")
    events = [append_person(store, f"見本{i}") for i in range(3)]
    sync = BackgroundSync(store, mesh.url, interval=0.2).start()
    try:
        assert wait_until(lambda: all(store.get(e.id).redacted for e in events), timeout=20)
    finally:
        sync.stop()
    assert store.status()["acknowledged"] == 3
    store.close()
