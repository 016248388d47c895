"""Live feed positions: the mesh's stream route (sync.mesh.streams) and the terminal's end of it
(sync.live, sync.background's `live`), with a real mesh on loopback and enrolled, signing terminals.

- the stream is authenticated like the feed (no credential: 401; another site: 403), pushes the site's
  new position right after a batch, resumes from `after` / Last-Event-ID, sends keep-alives;
- bounded: a terminal's third stream and the mesh's cap are 429 `too_many_streams` with Retry-After,
  and a closed stream gives its slot back;
- a batch stored by another mesh process on the same database reaches the stream (its poll);
- a terminal whose loop polls only once a minute gets another terminal's event within seconds (the
  push), and one whose stream is refused still gets it by polling;
- the store tells its listeners only after the commit, and never of a write that rolled back;
- the fault proxy relays a stream, and its cut ends it and refuses every request until restored.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import pytest

from sync.background import BackgroundSync
from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.errors import MeshUnreachableError
from sync.events import Event
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.mesh.limits import Limits
from sync.store import EventStore
from sync.terminal import TerminalConfig
from tests.waiting import wait_until

from .credentials import terminal_http
from .fault_proxy import FaultProxy
from .processes import MeshServer, run_json

SITE = "site-live"
LIMITS = Limits(stream_keepalive=0.5, streams_per_terminal=2, max_streams=3, stream_poll=0.2)


@pytest.fixture
def live_mesh(mesh_db_url):
    """A mesh as deployed (credentials required) on SQLite and on PostgreSQL."""
    url = mesh_db_url
    mesh = EmbeddedMesh(url, allow_unsigned=False, limits=LIMITS).start()
    mesh.storage = open_storage(url)
    yield mesh
    mesh.storage.close()
    mesh.stop()


def enrolled(tmp_path, mesh, name: str, site: str = SITE) -> tuple[EventStore, str]:
    data = tmp_path / name
    enroll_terminal(data, registry.issue_code(mesh.storage, site)["code"], mesh.url)
    return EventStore(data / "kazasu.db"), TerminalConfig.load(data).terminal_id


class Stream:
    """One stream read on a thread: its status and every line with the time it came."""

    def __init__(self, http: httpx.Client, url: str, headers: dict[str, str] | None = None) -> None:
        self.http, self.url, self.headers = http, url, headers or {}
        self.status: int | None = None
        self.retry_after: str | None = None
        self.error: dict | None = None
        self.lines: list[tuple[float, str]] = []
        self.response: httpx.Response | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        wait_until(lambda: self.status is not None, timeout=10, what="the stream's answer")

    def _read(self) -> None:
        try:
            with self.http.stream("GET", self.url, headers=self.headers) as response:
                self.status, self.response = response.status_code, response
                self.retry_after = response.headers.get("retry-after")
                if response.status_code != 200:
                    response.read()
                    self.error = response.json()["error"]
                    return
                for line in response.iter_lines():
                    self.lines.append((time.monotonic(), line))
        except (httpx.HTTPError, RuntimeError):
            pass

    def positions(self) -> list[int]:
        return [int(line.split(":", 1)[1]) for _, line in self.lines if line.startswith("id:")]

    def close(self) -> None:
        if self.response is not None:
            self.response.close()
        self.thread.join(10)


def push(store, terminal: str, mesh, n: int = 1) -> None:
    for i in range(n):
        store.append("shelter.checked_in", {"person": {"name": f"見本{i}"}}, site=SITE,
                     terminal=terminal, staff="s")
    with SyncClient(store, mesh.url) as client:
        assert client.sync_once()["accepted"] == n


def test_the_stream_is_authenticated_and_pushes_new_positions(live_mesh, tmp_path):
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    stream_url = live_mesh.url + f"/v1/sites/{SITE}/stream"
    assert httpx.get(stream_url).json()["error"]["code"] == "credentials_required"
    with terminal_http(tmp_path / "b") as http_b:
        other = http_b.get(live_mesh.url + "/v1/sites/another-site/stream")
        assert other.status_code == 403 and other.json()["error"]["code"] == "site_forbidden"
        stream = Stream(http_b, stream_url + "?after=0")
        try:
            assert stream.status == 200
            push(a, a_id, live_mesh)
            wait_until(lambda: stream.positions() == [1], timeout=10, what="position 1 pushed")
            push(a, a_id, live_mesh, 2)
            wait_until(lambda: stream.positions()[-1:] == [3], timeout=10, what="position 3 pushed")
            wait_until(lambda: any(line == ": keep-alive" for _, line in stream.lines), timeout=10,
                       what="a keep-alive")
            data = [line for _, line in stream.lines if line.startswith("data:")][-1]
            assert data == 'data: {"site":"site-live","cursor":3}'  # a position, never an event
        finally:
            stream.close()
        # a new stream resumes: the head beyond `after` at once; nothing when the terminal is there
        behind = Stream(http_b, stream_url + "?after=1")
        there = Stream(http_b, stream_url, headers={"Last-Event-ID": "3"})
        try:
            wait_until(lambda: behind.positions() == [3], timeout=10, what="the head at once")
            wait_until(lambda: any(line == ": keep-alive" for _, line in there.lines), timeout=10,
                       what="a keep-alive on the stream that is up to date")
            assert there.positions() == []
        finally:
            behind.close()
            there.close()
    a.close()
    b.close()


def test_a_batch_at_another_mesh_process_reaches_the_stream(live_mesh, tmp_path):
    """Two mesh processes on one database: a terminal streams from one, another posts to the other;
    the first learns it from its poll of the site's head (every 0.2 s here)."""
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    other = EmbeddedMesh(live_mesh.db_url, allow_unsigned=False, limits=LIMITS).start()
    try:
        with terminal_http(tmp_path / "b") as http_b:
            stream = Stream(http_b, live_mesh.url + f"/v1/sites/{SITE}/stream")
            try:
                push(a, a_id, other)
                wait_until(lambda: stream.positions() == [1], timeout=10,
                           what="the position written through the other mesh process")
            finally:
                stream.close()
    finally:
        other.stop()
    a.close()
    b.close()


def test_streams_are_bounded_and_give_their_slot_back(live_mesh, tmp_path):
    for name in ("a", "b"):
        enrolled(tmp_path, live_mesh, name)[0].close()
    stream_url = live_mesh.url + f"/v1/sites/{SITE}/stream"
    with terminal_http(tmp_path / "a") as http_a, terminal_http(tmp_path / "b") as http_b:
        first, second = Stream(http_a, stream_url), Stream(http_a, stream_url)
        third = Stream(http_a, stream_url)  # the terminal's cap is 2
        assert (first.status, second.status, third.status) == (200, 200, 429)
        assert third.error["code"] == "too_many_streams" and third.error["message_ja"]
        assert third.retry_after is not None and int(third.retry_after) > 0
        other = Stream(http_b, stream_url)
        over = Stream(http_b, stream_url)  # the mesh's cap is 3
        assert other.status == 200 and over.status == 429
        streams = live_mesh._server.config.app.state.streams
        for stream in (first, second, other):
            stream.close()
        wait_until(lambda: streams.open_streams() == {}, timeout=10, what="every slot given back")
        again = Stream(http_a, stream_url)
        try:
            assert again.status == 200
        finally:
            again.close()


def test_a_mesh_without_streams_refuses_them(tmp_path):
    """`mesh serve --max-streams 0`: no live streams, every terminal polls."""
    url = f"sqlite:///{tmp_path / 'mesh.db'}"
    with EmbeddedMesh(url, allow_unsigned=False, limits=Limits(max_streams=0)) as mesh:
        mesh.storage = open_storage(url)
        try:
            enrolled(tmp_path, mesh, "a")[0].close()
            with terminal_http(tmp_path / "a") as http_a:
                refused = http_a.get(mesh.url + f"/v1/sites/{SITE}/stream")
        finally:
            mesh.storage.close()
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many_streams"


def test_mesh_serve_takes_the_stream_limits(tmp_path):
    """`kazasu mesh serve --streams-per-terminal 1`: a terminal's second stream is refused."""
    folder = tmp_path / "mesh"
    folder.mkdir()
    db_url = f"sqlite:///{folder / 'mesh.db'}"
    server = MeshServer(db_url, folder, signed=True, extra=("--streams-per-terminal", "1"))
    try:
        code = run_json("mesh", "enroll", "--db", db_url, "--site", SITE, data_dir=folder)["code"]
        run_json("terminal", "enroll", "--code", code, "--mesh", server.url, data_dir=tmp_path / "a")
        with terminal_http(tmp_path / "a") as http_a:
            first = Stream(http_a, server.url + f"/v1/sites/{SITE}/stream")
            second = Stream(http_a, server.url + f"/v1/sites/{SITE}/stream")
            assert (first.status, second.status) == (200, 429)
            started = time.monotonic()
            assert server.stop() == 0   # SIGTERM with a stream open: a clean stop …
            assert time.monotonic() - started < 8   # … that does not wait out the 10 s grace
            first.close()
    finally:
        if server.proc.poll() is None:
            server.kill()


def test_a_push_brings_another_terminals_event_long_before_the_next_poll(live_mesh, tmp_path):
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    told = []
    sync_b = BackgroundSync(b, live_mesh.url, site=SITE, terminal_id=b_id, interval=60.0, live=True,
                            on_state=told.append).start()
    try:
        wait_until(lambda: sync_b.state().live, timeout=15, what="B's live stream open")
        started = time.monotonic()
        push(a, a_id, live_mesh)
        wait_until(lambda: len(b.remote_events(SITE)) == 1, timeout=15,
                   what="A's check-in pulled at B by the push (B polls once a minute)")
        assert time.monotonic() - started < 30
    finally:
        started = time.monotonic()
        assert sync_b.stop()
    assert time.monotonic() - started < 5   # the open stream is cut, not waited for
    assert sync_b.state().pulled == 1 and sync_b.state().live is False
    after = len(told)
    time.sleep(0.5)
    assert len(told) == after   # nobody is told anything once stopped
    a.close()
    b.close()


def test_without_a_stream_the_terminal_still_polls(live_mesh, tmp_path):
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    stream_url = live_mesh.url + f"/v1/sites/{SITE}/stream"
    with terminal_http(tmp_path / "b") as http_b:
        held = [Stream(http_b, stream_url) for _ in range(2)]  # B's two slots taken
        sync_b = BackgroundSync(b, live_mesh.url, site=SITE, terminal_id=b_id, interval=0.3, live=True)
        try:
            with sync_b:
                push(a, a_id, live_mesh)
                wait_until(lambda: len(b.remote_events(SITE)) == 1, timeout=15, what="pulled by polling")
                assert sync_b.state().live is False and sync_b.state().online is True
        finally:
            for stream in held:
                stream.close()
    a.close()
    b.close()


def test_listeners_are_told_after_the_commit_and_never_of_a_rollback(tmp_path):
    store = EventStore(tmp_path / "kazasu.db")
    seen: list[tuple[str, tuple[str, ...], int]] = []

    def listener(change) -> None:
        # another connection sees the rows: the transaction has committed
        with sqlite3.connect(tmp_path / "kazasu.db") as other:
            held = {r[0] for r in other.execute("SELECT id FROM events")}
        seen.append((change.source, change.ids, sum(i in held for i in change.ids)))

    stop = store.listen(listener)
    one = store.append("shelter.checked_in", {"n": 1}, site=SITE, terminal="t", staff="s")
    assert seen == [("own", (one.id,), 1)]
    with store.transaction():
        two = store.append("shelter.checked_in", {"n": 2}, site=SITE, terminal="t", staff="s")
        three = store.append("shelter.checked_in", {"n": 3}, site=SITE, terminal="t", staff="s")
        assert len(seen) == 1  # not yet: the transaction is open
    assert seen[1] == ("own", (two.id, three.id), 2)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.append("shelter.checked_in", {"n": 4}, site=SITE, terminal="t", staff="s")
            raise RuntimeError("rolled back")
    assert len(seen) == 2  # nothing told of the rolled-back write
    with pytest.raises(RuntimeError):
        with store.transaction():   # pulled events stored, then the whole transaction rolled back
            pulled = Event.create("shelter.checked_in", {"n": 9}, site=SITE, terminal="other", staff="s")
            store.store_remote_events(SITE, [(7, pulled)], 7)
            raise RuntimeError("rolled back")
    assert len(seen) == 2 and store.remote_events(SITE) == []
    stop()
    store.append("shelter.checked_in", {"n": 5}, site=SITE, terminal="t", staff="s")
    assert len(seen) == 2
    store.close()


def test_pulled_events_are_told_with_their_kinds(live_mesh, tmp_path):
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    push(a, a_id, live_mesh, 2)
    seen = []
    b.listen(seen.append)
    with SyncClient(b, live_mesh.url) as client:
        assert client.pull_feed(SITE, own_terminal=b_id)["pulled"] == 2
        assert client.pull_feed(SITE, own_terminal=b_id)["pulled"] == 0
    assert len(seen) == 1  # the second pull stored nothing: nobody is told
    change = seen[0]
    assert change.source == "pulled" and len(change.ids) == 2
    assert change.touches("shelter.") and not change.touches("library.")
    a.close()
    b.close()


def test_the_fault_proxy_relays_a_stream_and_cuts_the_network(live_mesh, tmp_path):
    """tests/sync/fault_proxy.py as the proof uses it: a live stream through it is relayed as it
    comes; `cut()` ends it and refuses every request (the client: mesh unreachable); `restore()`."""
    a, a_id = enrolled(tmp_path, live_mesh, "a")
    b, b_id = enrolled(tmp_path, live_mesh, "b")
    with FaultProxy(live_mesh.url) as proxy, terminal_http(tmp_path / "b") as http_b:
        stream = Stream(http_b, proxy.url + f"/v1/sites/{SITE}/stream")
        push(a, a_id, live_mesh)
        wait_until(lambda: stream.positions() == [1], timeout=10, what="the position through the proxy")
        proxy.cut()
        stream.thread.join(10)
        assert not stream.thread.is_alive()   # the stream ended with the network
        a.append("shelter.checked_in", {"n": 2}, site=SITE, terminal=a_id, staff="s")
        with SyncClient(a, proxy.url) as client, pytest.raises(MeshUnreachableError):
            client.sync_once()
        proxy.restore()
        with SyncClient(a, proxy.url) as client:
            assert client.sync_once()["accepted"] == 1
        stream.close()
    a.close()
    b.close()
