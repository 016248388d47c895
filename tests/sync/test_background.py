"""BackgroundSync: outage and recovery with no call but waiting, backoff, Retry-After, wake-up, stop."""

from __future__ import annotations

import random
import threading
import time

import httpx
import pytest

from sync.background import BackgroundSync, backoff_delay, wait_until
from sync.client import SyncClient, parse_retry_after
from sync.mesh.embedded import EmbeddedMesh

from .conftest import append_person, free_port


def test_mesh_down_then_back_drains_by_itself(store, mesh_db_url):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    for i in range(7):
        append_person(store, f"名{i}")
    seen: list = []
    sync = BackgroundSync(store, url, interval=0.2, backoff_base=0.05, backoff_cap=0.5, timeout=2,
                          on_state=seen.append).start()
    try:
        assert wait_until(lambda: sync.state().online is False, timeout=10)
        state = sync.state()
        assert state.pending == 7 and state.last_error["code"] == "mesh_unreachable"
        assert state.last_error["message_ja"] and state.last_error["message_en"]
        assert state.last_success is None and state.failures >= 1
        assert store.status()["pending"] == 7
        mesh = EmbeddedMesh(mesh_db_url, port=port).start()
        try:  # nothing else: the thread notices by itself
            assert wait_until(lambda: sync.state().pending == 0, timeout=10)
            state = sync.state()
            assert state.online is True and state.last_error is None and state.failures == 0
            assert state.last_success is not None
            assert httpx.get(mesh.url + "/v1/stats").json()["events"] == 7
            reached = len(seen)
        finally:
            mesh.stop()
        # nothing to send and no site: each pass asks /v1/health, so "online" ends with the mesh
        assert wait_until(lambda: sync.state().online is False, timeout=10)
    finally:
        assert sync.stop()
    assert store.status() == {"pending": 0, "acknowledged": 7, "total": 7, "rejected": 0}
    assert sync.state().running is False
    assert any(s.online is False for s in seen) and seen[reached - 1].online is True


def test_backoff_grows_with_jitter_and_is_capped():
    rng = random.Random(4)
    for n in range(1, 30):
        full = min(60.0, 0.5 * 2 ** (n - 1))
        delays = [backoff_delay(n, 0.5, 60.0, rng) for _ in range(50)]
        assert all(full / 2 <= d <= full for d in delays)
        assert len(set(delays)) > 1  # jitter
    assert backoff_delay(100, 0.5, 60.0, rng) <= 60.0


def test_retry_after_parsing():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait


def test_retry_after_is_honoured(store):
    append_person(store)
    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/health":   # the client asks the protocol once (sync.protocol)
            return httpx.Response(200, json={"status": "ok", "protocol": 2})
        times.append(time.monotonic())
        if len(times) == 1:
            return httpx.Response(503, headers={"Retry-After": "1"},
                                  json={"error": {"code": "overloaded"}})
        events = __import__("json").loads(request.content)["events"]
        return httpx.Response(200, json={"results": [{"id": e["id"], "status": "accepted"}
                                                     for e in events]})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    sync = BackgroundSync(store, "http://mesh.invalid", interval=30, backoff_base=0.01,
                          client_factory=lambda: SyncClient(store, "http://mesh.invalid", http=http))
    with sync:
        assert wait_until(lambda: sync.state().failures == 1, timeout=5)
        state = sync.state()
        assert state.last_error["http_status"] == 503 and state.last_error["retry_after"] == 1.0
        assert state.online is True  # the mesh answered: reachable, but busy
        assert wait_until(lambda: sync.state().pending == 0, timeout=5)
    assert times[1] - times[0] >= 0.95  # not the 0.01 s backoff: the mesh's 1 s


def test_sync_now_wakes_the_thread(store, mesh):
    sync = BackgroundSync(store, mesh.url, interval=60).start()
    try:
        assert wait_until(lambda: sync.state().last_success is not None, timeout=5)
        assert sync.state().next_attempt_in == 60
        append_person(store)
        append_person(store)
        sync.sync_now()
        assert wait_until(lambda: sync.state().pending == 0 and store.status()["pending"] == 0,
                          timeout=5)
    finally:
        started = time.monotonic()
        assert sync.stop()
        assert time.monotonic() - started < 5  # stop does not wait out the 60 s interval


class FlakyClient:
    """A client double whose first pass raises something no one expected."""

    def __init__(self, real: SyncClient) -> None:
        self.real, self.calls = real, 0

    def sync_once(self):
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("disk hiccup")
        return self.real.sync_once()

    def pull_feed(self, site, own_terminal=None):
        return self.real.pull_feed(site, own_terminal=own_terminal)

    def ping(self):
        self.real.ping()

    def close(self):
        self.real.close()


def test_survives_unexpected_errors_and_bad_listeners(store, mesh):
    append_person(store)
    flaky = FlakyClient(SyncClient(store, mesh.url))

    def bad_listener(_state):
        raise ValueError("listener bug")

    sync = BackgroundSync(store, mesh.url, interval=0.1, backoff_base=0.05, backoff_cap=0.1,
                          client_factory=lambda: flaky, on_state=bad_listener)
    with sync:
        assert wait_until(lambda: flaky.calls >= 2 and sync.state().pending == 0, timeout=5)
        assert sync.state().last_error is None
    assert flaky.calls >= 2
    assert sync.state().running is False


def test_pulls_other_terminals_events_and_keeps_the_cursor(store, mesh, tmp_path):
    from sync.store import EventStore

    other = EventStore(tmp_path / "other" / "kazasu.db")
    theirs = [other.append("shelter.checked_in", {"person": {"name": f"隣{i}"}}, site="site-a",
                           terminal="term-2", staff="s") for i in range(5)]
    other.append("shelter.checked_in", {"n": 1}, site="site-b", terminal="term-2", staff="s")
    SyncClient(other, mesh.url).sync_once()
    other.close()
    mine = append_person(store, "自分")
    sync = BackgroundSync(store, mesh.url, site="site-a", terminal_id="term-1", interval=0.1)
    with sync:
        assert wait_until(lambda: sync.state().pulled == 5 and sync.state().pending == 0, timeout=5)
    pulled = store.remote_events("site-a")
    assert [e.id for e in pulled] == [e.id for e in theirs]  # not mine, not site-b
    assert mine.id not in [e.id for e in pulled]
    assert pulled[0].payload == {"person": {"name": "隣0"}}
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("kazasu.db"))
    assert "隣0".encode() not in raw  # encrypted like local payloads
    cursor = store.feed_cursor("site-a")
    assert cursor >= 7
    store.close()
    from sync.store import EventStore as Reopened

    again = Reopened(tmp_path / "kazasu.db")
    assert again.feed_cursor("site-a") == cursor  # persists
    assert SyncClient(again, mesh.url).pull_feed("site-a", own_terminal="term-1") == {
        "pulled": 0, "cursor": cursor}
    again.close()


def test_state_is_safe_to_read_from_other_threads(store, mesh):
    sync = BackgroundSync(store, mesh.url, interval=0.01).start()
    errors: list = []

    def reader():
        try:
            for _ in range(2000):
                sync.state().to_dict()
        except Exception as exc:  # pragma: no cover - a failure shows in the assert
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sync.stop() and not errors


@pytest.mark.parametrize("site", [None])
def test_no_site_means_no_pull(store, mesh, site):
    with BackgroundSync(store, mesh.url, site=site, interval=0.1) as sync:
        assert wait_until(lambda: sync.state().last_success is not None, timeout=5)
        assert sync.state().pulled == 0
